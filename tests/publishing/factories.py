"""Cases in any state, made the way submitters and editors make them."""

from django.contrib.auth import get_user_model

from submissions import services
from submissions.models import Municipality, Submission, Theme
from submissions.workflow import State, transition
from tests.factories import BEFORE_DEADLINES, make_submission

# The editor's moves from a submitted write-up to each state.
EDITOR_PATHS = {
    State.WRITEUP_SUBMITTED: [],
    State.IN_REVIEW: [State.IN_REVIEW],
    State.CHANGES_REQUESTED: [State.IN_REVIEW, State.CHANGES_REQUESTED],
    State.APPROVED: [State.IN_REVIEW, State.APPROVED],
    State.PUBLISHED: [State.IN_REVIEW, State.APPROVED, State.PUBLISHED],
    State.REJECTED: [State.IN_REVIEW, State.REJECTED],
}


def make_theme(slug="integrering", name="Integrering", **fields) -> Theme:
    return Theme.objects.create(slug=slug, name=name, **fields)


def editor_user():
    user, _created = get_user_model().objects.get_or_create(
        username="redaktor-test", defaults={"is_staff": True, "is_superuser": True}
    )
    return user


def make_case(
    call,
    *,
    state=State.PUBLISHED,
    title="Kafé som arbeidstrening",
    answer="Et svar.",
    municipalities=("0301",),
    enterprise="Grønn Start AS",
    main_theme=None,
    themes=(),
    published_at=None,
    **fields,
) -> Submission:
    """A case with a write-up answering every question with `answer`, moved to `state`."""
    submission = make_submission(call, title=title, **fields)
    submission.municipalities.set(Municipality.objects.filter(number__in=municipalities))
    submission.enterprises.update(name=enterprise)
    submission.main_theme = main_theme
    submission.save(update_fields=["main_theme"])
    submission.themes.set(themes)
    if state == State.PITCH_RECEIVED:
        return submission
    if state == State.WITHDRAWN:
        transition(submission, State.WITHDRAWN)
        return submission
    services.save_writeup(
        submission,
        answers={question.pk: answer for question in call.questions.all()},
        fields={},
        submit=True,
        now=BEFORE_DEADLINES,
    )
    for target in EDITOR_PATHS[state]:
        transition(submission, target, by=editor_user(), now=published_at)
    return submission


def unpublish(submission: Submission):
    """Published, then taken down again: the case keeps its slug."""
    transition(submission, State.APPROVED, by=editor_user())
    return submission
