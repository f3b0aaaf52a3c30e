"""The case's task list and its task pages: about the collaboration, contact persons, the
guiding questions, check your answers and send. (Photo and attachments: `task_media`.)

Each task page saves on "Save and continue" (validated, then on to the next task) and by
autosave while typing (`autosave`: what is valid is saved as a draft, JSON back)."""

from pathlib import PurePosixPath

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common import limits
from common.abuse import rate_limit_exceeded
from common.forms import FormGroup, Screening, over_post_limit, screen_post, screen_recipients
from submissions import approvals, services, task_services
from submissions.access import case_session
from submissions.change_requests import QUESTION_PREFIX, mark_requested_fields, requested_parts
from submissions.forms import EnterpriseFormSet, PublicationAgreementForm
from submissions.models import ConsentPurpose, Person
from submissions.task_forms import (
    AboutForm,
    QuestionsForm,
    contacts_form_group,
)
from submissions.task_status import awaiting_sending, missing_for_sending, tasks
from submissions.versions import EditConflict
from submissions.views.autosave import autosave_refused, autosave_response, is_autosave
from submissions.views.shared import editing_closed_message, saved

# The form fields of each task page, by the part of the case an editors' request can point at
# (submissions.change_requests.PARTS); the questions' fields are marked by their question.
ABOUT_PARTS = {
    "title": "title",
    "summary": "summary",
    "collaboration_form": "parties",
    "collaboration_form_other": "parties",
    "municipalities": "parties",
    "started_year": "parties",
    "link": "link",
}
CONTACT_PARTS = {"name": "contacts", "role": "contacts", "email": "contacts", "phone": "contacts"}

# "Save and continue" goes on to the next task.
NEXT = {
    "about": "submissions:task_contacts",
    "contacts": "submissions:writeup",
    "questions": "submissions:task_media",
    "media": "submissions:check_answers",
}


def _continue(request, submission, task: str):
    messages.success(request, _("Saved."))
    return redirect(NEXT[task], public_id=submission.public_id)


@case_session()
def overview(request, submission):
    """The task list: the case's tasks in the order of the work, each with its status."""
    context = {
        "submission": submission,
        "tasks": tasks(submission),
        "can_edit": submission.can_edit(),
        "pending_approval": approvals.pending_edit_approval(submission),
    }
    return render(request, "submissions/task_list.html", context)


@require_http_methods(["GET", "POST"])
@case_session(keep_unsaved=True)
def edit_pitch(request, submission):
    """About the collaboration (the address of the old "edit the pitch" page, kept for the
    links in e-mails already sent)."""
    draft = is_autosave(request)
    data = request.POST if request.method == "POST" else request.kept_text
    form = AboutForm(data, instance=submission, draft=draft)
    mark_requested_fields(form, requested_parts(submission), ABOUT_PARTS)
    enterprises = EnterpriseFormSet(data, instance=submission, prefix="enterprises")
    group = FormGroup(about=form, enterprises=enterprises)
    if draft:
        return autosave_refused(request, submission) or _autosave_about(
            submission, form, enterprises
        )
    screening = None
    if request.method == "POST":
        screening = screen_post(request, group, scope="edit", case=submission)
        if screening is Screening.ACCEPTED and saved(
            lambda: task_services.save_about(
                submission,
                fields=form.submission_fields(form.valid_data()),
                municipalities=form.cleaned_data["municipalities"],
                enterprises=enterprises.rows(),
                expected_version=form.cleaned_data["version"],
            ),
            submission,
            add_error=group.add_error,
            versioned_form=form,
        ):
            return _continue(request, submission, "about")
    elif not submission.can_edit():
        group.add_error(editing_closed_message(submission))
    context = {"submission": submission, "group": group, "form": form, "enterprises": enterprises}
    return render(request, "submissions/task_about.html", context, status=_status(screening))


def _autosave_about(submission, form, enterprises):
    form.is_valid()
    data = form.valid_data()
    rows = enterprises.rows() if enterprises.is_valid() else None
    not_saved = form.not_saved() + ([] if rows is not None else ["enterprises"])
    return autosave_response(
        lambda: task_services.save_about(
            submission,
            fields=form.submission_fields(data),
            municipalities=data.get("municipalities"),
            enterprises=rows or None,
            expected_version=form.cleaned_data.get("version"),
        ),
        submission,
        not_saved=not_saved,
    )


@require_http_methods(["GET", "POST"])
@case_session(keep_unsaved=True)
def task_contacts(request, submission):
    """The contact persons, the submitter's own consent, and who has answered their invitation.

    No autosave here: saving invites anyone new, and a half-typed address would invite the
    wrong person."""
    data = request.POST if request.method == "POST" else request.kept_text
    group = contacts_form_group(data, submission)
    requested = requested_parts(submission)
    for side in services.CONTACT_SIDES:
        mark_requested_fields(group.forms[f"{side}_contact"], requested, CONTACT_PARTS)
    screening = None
    if request.method == "POST":
        # Saving may invite a new contact person: counted as an invitation.
        screening = screen_post(request, group, scope="invitation", case=submission)
        screening = screen_recipients(
            request,
            group,
            screening,
            lambda: task_services.new_contact_addresses(submission, _contacts(group)),
        )
        if screening is Screening.ACCEPTED and saved(
            lambda: task_services.save_contacts(
                submission,
                contacts=_contacts(group),
                submitter_consents=group.consent.answers(),
                expected_version=group.version.cleaned_data["version"],
            ),
            submission,
            add_error=group.add_error,
            versioned_form=group.version,
        ):
            return _continue(request, submission, "contacts")
    elif not submission.can_edit():
        group.add_error(editing_closed_message(submission))
    people = submission.people.prefetch_related("consents").order_by("side", "pk")
    context = {"submission": submission, "group": group, "people": people}
    return render(request, "submissions/task_contacts.html", context, status=_status(screening))


def _contacts(group) -> dict[str, dict]:
    return {side: group.forms[f"{side}_contact"].cleaned_data for side in services.CONTACT_SIDES}


def _status(screening) -> int:
    return screening.status if screening else 200


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_POST
@case_session()
def resend_invitation(request, submission, person_id):
    """Send a contact person who has not answered their invitation again (limited)."""
    person = get_object_or_404(Person, pk=person_id, submission=submission)
    form = _EmptyForm(request.POST)
    screening = screen_post(request, form, scope="invitation", case=submission)
    screening = screen_recipients(request, form, screening, [person.email])
    if screening is Screening.ACCEPTED:
        try:
            task_services.resend_invitation(submission, person)
        except (task_services.InvitationNotNeeded, services.EditingClosed):
            messages.info(request, _("%(name)s needs no new invitation.") % {"name": person.name})
        else:
            messages.success(
                request, _("We sent the invitation to %(name)s again.") % {"name": person.name}
            )
    else:
        messages.error(request, " ".join(form.non_field_errors()))
    return redirect("submissions:task_contacts", public_id=submission.public_id)


class _EmptyForm(forms.Form):
    """The resend button's POST carries nothing but the CSRF token."""


@require_http_methods(["GET", "POST"])
@case_session(keep_unsaved=True)
def writeup(request, submission):
    """The six guiding questions on one page (the address of the old write-up page)."""
    draft = is_autosave(request)
    answers = {a.question_id: a.text for a in submission.answers.all()}
    form = QuestionsForm(
        request.POST if request.method == "POST" else request.kept_text,
        submission=submission,
        questions=submission.call.questions.all(),
        answers=answers,
        draft=draft,
    )
    question_parts = {form.answer_field(q): f"{QUESTION_PREFIX}{q.pk}" for q in form.questions}
    mark_requested_fields(form, requested_parts(submission), question_parts)
    if draft:
        if refused := autosave_refused(request, submission):
            return refused
        form.is_valid()
        return autosave_response(
            lambda: task_services.save_answers(
                submission,
                answers=form.answers(form.valid_data()),
                expected_version=form.cleaned_data.get("version"),
            ),
            submission,
            not_saved=form.not_saved(),
        )
    screening = None
    if request.method == "POST":
        screening = screen_post(request, form, scope="edit", case=submission)
    if screening is Screening.ACCEPTED and saved(
        lambda: task_services.save_answers(
            submission,
            answers=form.answers(form.cleaned_data),
            expected_version=form.cleaned_data["version"],
        ),
        submission,
        add_error=lambda message: form.add_error(None, message),
        versioned_form=form,
    ):
        return _continue(request, submission, "questions")
    if request.method == "GET" and not submission.can_edit():
        form.add_error(None, editing_closed_message(submission))
    context = {"submission": submission, "form": form, "group": FormGroup(writeup=form)}
    return render(request, "submissions/task_questions.html", context, status=_status(screening))


@require_http_methods(["GET", "POST"])
@case_session()
def check_answers(request, submission):
    """Everything in one read-only page with links to change it; then send (POST), agreeing
    that the editors may edit and publish the text."""
    agreement = PublicationAgreementForm(
        request.POST if request.method == "POST" else None, prefix="agreement"
    )
    error = None
    limited = request.method == "POST" and over_post_limit(request, agreement)
    if limited:
        error = agreement.non_field_errors()[0]
    elif request.method == "POST" and agreement.is_valid():
        # Each sending mails the submitter a receipt.
        limited = rate_limit_exceeded(request, "send_text", case=submission)
        error = limits.limit("send_text").message if limited else _send(submission, request.POST)
        if error is None:
            messages.success(
                request,
                _("Thank you! Your text has been sent. We have sent you a receipt by e-mail."),
            )
            return redirect("submissions:check_answers", public_id=submission.public_id)
    elif request.method == "POST":
        error = _("Tick the box below to agree before you send the text.")
    context = {
        "submission": submission,
        "can_edit": submission.can_edit(),
        "awaiting_sending": awaiting_sending(submission),
        "missing": missing_for_sending(submission),
        "error": error,
        "questions": _answered_questions(submission),
        "photo_name": PurePosixPath(submission.photo.name).name if submission.photo else "",
        "municipalities": submission.municipalities.select_related("county"),
        "enterprises": submission.enterprises.all(),
        "people": submission.people.prefetch_related("consents").order_by("side", "pk"),
        "own_consents": _own_consents(submission),
        "agreement": agreement,
        "group": FormGroup(agreement=agreement),
    }
    status = 429 if limited else 400 if error else 200
    return render(request, "submissions/check_answers.html", context, status=status)


def _send(submission, data) -> str | None:
    """Send the text; None when sent, else what stopped it, to show above the page."""
    try:
        task_services.send_text(submission, expected_version=_int(data.get("version")))
    except task_services.NotReadyToSend:
        return _("Complete the tasks marked below before you send the text.")
    except services.EditingClosed:
        return editing_closed_message(submission)
    except EditConflict:
        submission.refresh_from_db()
        return _(
            "Someone else saved this example while you were reading it. Check the answers "
            "below again, then send."
        )
    return None


def _own_consents(submission) -> list[tuple]:
    """(purpose, granted) for each purpose, as the submitter last answered."""
    submitter = services.submitter_person(submission)
    answers = submitter.current_consents() if submitter else {}
    return [(label, answers.get(value, False)) for value, label in ConsentPurpose.choices]


def _answered_questions(submission) -> list[tuple]:
    answers = {a.question_id: a.text for a in submission.answers.all()}
    return [(q, answers.get(q.pk, "")) for q in submission.call.questions.all()]
