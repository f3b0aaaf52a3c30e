"""The submitter's own pages of a case: the overview, the pitch, the write-up, their consent."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.forms import FormGroup, Screening, screen_post
from submissions import approvals, services
from submissions.access import case_session
from submissions.change_requests import QUESTION_PREFIX, mark_requested_fields, requested_parts
from submissions.forms import (
    ConsentForm,
    WriteupForm,
)
from submissions.models import Consent
from submissions.pitch_forms import contacts_from, pitch_form_group
from submissions.views.shared import (
    editing_closed_message,
    saved,
)

# The form fields of each page, by the part of the case an editors' request can point at.
PITCH_PARTS = {
    "title": "title",
    "summary": "summary",
    "collaboration_form": "parties",
    "collaboration_form_other": "parties",
    "municipalities": "parties",
}
CONTACT_PARTS = {"name": "contacts", "role": "contacts", "email": "contacts", "phone": "contacts"}
WRITEUP_PARTS = {"photo": "photo", "photo_alt": "photo", "attachment": "attachment", "link": "link"}


@case_session()
def overview(request, submission):
    submitter = services.submitter_person(submission)
    consent_form = ConsentForm(
        prefix="consent", initial=ConsentForm.initial_for(submitter), legend=_("Your consent")
    )
    return render(request, "submissions/overview.html", _overview_context(submission, consent_form))


def _overview_context(submission, consent_form) -> dict:
    people = submission.people.prefetch_related("consents").order_by("side", "pk")
    return {
        "submission": submission,
        "can_edit": submission.can_edit(),
        "people": people,
        "consent_form": consent_form,
        "municipalities": submission.municipalities.select_related("county"),
        "pending_approval": approvals.pending_edit_approval(submission),
        "enterprises": submission.enterprises.all(),
    }


@require_POST
@case_session()
def submitter_consent(request, submission):
    form = ConsentForm(request.POST, prefix="consent")
    if form.is_valid():
        services.record_consents(
            services.submitter_person(submission),
            form.answers(),
            source=Consent.Source.SUBMISSION_LINK,
        )
        messages.success(request, _("Your consent has been saved."))
        return redirect("submissions:overview", public_id=submission.public_id)
    return render(request, "submissions/overview.html", _overview_context(submission, form))


@require_http_methods(["GET", "POST"])
@case_session(keep_unsaved=True)
def edit_pitch(request, submission):
    data = request.POST if request.method == "POST" else request.kept_text
    group = pitch_form_group(data, submission=submission, with_consent=False)
    screening = None
    requested = requested_parts(submission)
    mark_requested_fields(group.pitch, requested, PITCH_PARTS)
    for side in ("municipality", "enterprise"):
        mark_requested_fields(group.forms[f"{side}_contact"], requested, CONTACT_PARTS)
    if request.method == "POST":
        screening = screen_post(request, group, scope="edit", case=submission)
        if screening is Screening.ACCEPTED and saved(
            lambda: services.update_pitch(
                submission,
                fields=group.pitch.submission_fields(),
                municipalities=group.pitch.cleaned_data["municipalities"],
                enterprises=group.enterprises.rows(),
                contacts=contacts_from(group),
                expected_version=group.pitch.cleaned_data["version"],
            ),
            submission,
            add_error=group.add_error,
            versioned_form=group.pitch,
        ):
            messages.success(request, _("The pitch has been saved."))
            return redirect("submissions:overview", public_id=submission.public_id)
    elif not submission.can_edit():
        group.add_error(editing_closed_message(submission))
    context = {"call": submission.call, "group": group, "submission": submission}
    status = screening.status if screening else 200
    return render(request, "submissions/pitch_edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
@case_session(keep_unsaved=True)
def writeup(request, submission):
    questions = submission.call.questions.all()
    answers = {a.question_id: a.text for a in submission.answers.all()}
    submitting = request.POST.get("action") == "submit"
    form = WriteupForm(
        request.POST if request.method == "POST" else request.kept_text,
        request.FILES or None,
        instance=submission,
        questions=questions,
        answers=answers,
        submitting=submitting,
    )
    mark_requested_fields(
        form,
        requested_parts(submission),
        {**WRITEUP_PARTS, **{form.answer_field(q): f"{QUESTION_PREFIX}{q.pk}" for q in questions}},
    )
    screening = _screen_writeup(request, form, submission) if request.method == "POST" else None
    if screening is Screening.ACCEPTED and saved(
        lambda: services.save_writeup(
            submission,
            answers=form.answers(),
            fields=form.submission_fields(),
            submit=submitting,
            expected_version=form.cleaned_data["version"],
        ),
        submission,
        add_error=partial(form.add_error, None),
        versioned_form=form,
    ):
        messages.success(
            request,
            _("Thank you! Your write-up has been submitted.")
            if submitting
            else _("Your draft has been saved."),
        )
        return redirect("submissions:overview", public_id=submission.public_id)
    if request.method == "GET" and not submission.can_edit():
        form.add_error(None, editing_closed_message(submission))
    context = {"submission": submission, "form": form, "group": FormGroup(writeup=form)}
    status = screening.status if screening else 200
    return render(request, "submissions/writeup_form.html", context, status=status)


def _screen_writeup(request, form, submission) -> Screening:
    """A save counts as an edit, and one with files as an upload too."""
    screening = screen_post(request, form, scope="edit", case=submission)
    if screening is Screening.ACCEPTED and request.FILES:
        screening = screen_post(request, form, scope="upload", case=submission)
    return screening
