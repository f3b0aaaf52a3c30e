"""The submitter's task list: the tasks of a case in the order of the work, and each one's
status. The one place that decides when a task is not started, in progress or completed, and
what is still missing before the text can be sent."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from submissions.models import ConsentPurpose, Person, Submission


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


@dataclass(frozen=True)
class Task:
    key: str
    title: str
    url_name: str
    status: TaskStatus
    optional: bool = False
    anchor: str = ""


CONTACT_SIDES = (Person.Side.MUNICIPALITY, Person.Side.ENTERPRISE)


def _status(done: int, total: int) -> TaskStatus:
    """Nothing of a task's parts done, some, or all."""
    if done == 0:
        return TaskStatus.NOT_STARTED
    return TaskStatus.COMPLETED if done >= total else TaskStatus.IN_PROGRESS


def about_status(submission: Submission) -> TaskStatus:
    form_given = bool(submission.collaboration_form) and (
        submission.collaboration_form != Submission.CollaborationForm.OTHER
        or bool(submission.collaboration_form_other.strip())
    )
    parts = [
        bool(submission.title.strip()),
        bool(submission.summary.strip()),
        form_given,
        submission.municipalities.exists(),
        submission.enterprises.exists(),
    ]
    return _status(sum(parts), len(parts))


def contacts_status(submission: Submission) -> TaskStatus:
    """Both contact persons named, and the submitter's own answer for every purpose."""
    people = list(submission.people.prefetch_related("consents"))
    sides = {person.side for person in people}
    submitter = next((p for p in people if p.is_submitter), None)
    answered = submitter is not None and set(submitter.current_consents()) >= set(
        ConsentPurpose.values
    )
    parts = [side in sides for side in CONTACT_SIDES] + [answered]
    return _status(sum(parts), len(parts))


def questions_status(submission: Submission) -> TaskStatus:
    answered = {a.question_id for a in submission.answers.all() if a.text.strip()}
    total = submission.call.questions.count()
    return _status(len(answered), total)


def photo_is_complete(submission: Submission) -> bool:
    """A photo needs a description, a credit and the sender's confirmation of permission."""
    return bool(
        submission.photo
        and submission.photo_alt.strip()
        and submission.photo_credit.strip()
        and submission.photo_permission
    )


def media_status(submission: Submission) -> TaskStatus:
    """Optional: not started without a photo or attachment; completed when each one given
    has everything it needs."""
    if not submission.photo and not submission.attachment:
        return TaskStatus.NOT_STARTED
    photo_ok = not submission.photo or photo_is_complete(submission)
    attachment_ok = not submission.attachment or bool(submission.attachment_kind)
    return TaskStatus.COMPLETED if photo_ok and attachment_ok else TaskStatus.IN_PROGRESS


def awaiting_sending(submission: Submission) -> bool:
    """Is the text waiting to be sent: never sent, or sent back by the editors for changes?
    (A text already sent is updated by each save until the deadline.)"""
    return submission.state in (
        Submission.State.PITCH_RECEIVED,
        Submission.State.CHANGES_REQUESTED,
    )


def sent_status(submission: Submission) -> TaskStatus:
    if not awaiting_sending(submission):
        return TaskStatus.COMPLETED
    if submission.writeup_submitted_at:
        return TaskStatus.IN_PROGRESS  # sent once, changes asked for
    return TaskStatus.NOT_STARTED


def tasks(submission: Submission) -> list[Task]:
    """The case's tasks in the order of the work."""
    sent = sent_status(submission)
    return [
        Task(
            "about",
            _("About the collaboration"),
            "submissions:edit_pitch",
            about_status(submission),
        ),
        Task(
            "contacts",
            _("Contact persons and what they agree to publish"),
            "submissions:task_contacts",
            contacts_status(submission),
        ),
        Task(
            "questions",
            _("The six guiding questions"),
            "submissions:writeup",
            questions_status(submission),
        ),
        Task(
            "media",
            _("Photo and attachments"),
            "submissions:task_media",
            media_status(submission),
            optional=True,
        ),
        Task("check", _("Check your answers"), "submissions:check_answers", sent),
        Task("send", _("Send the text"), "submissions:check_answers", sent, anchor="send"),
    ]


def missing_for_sending(submission: Submission) -> list[Task]:
    """The required tasks not yet completed: the text cannot be sent before they are."""
    return [
        task
        for task in tasks(submission)
        if task.key in ("about", "contacts", "questions") and task.status != TaskStatus.COMPLETED
    ]
