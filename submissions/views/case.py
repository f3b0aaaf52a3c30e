"""The submitter's own pages of a case: the overview, the pitch, the write-up, their consent."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from common.forms import FormGroup
from submissions import approvals, services
from submissions.access import submission_for_session_or_404
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


@never_cache
def overview(request, public_id):
    submission = submission_for_session_or_404(request, public_id)
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


@never_cache
@require_POST
def submitter_consent(request, public_id):
    submission = submission_for_session_or_404(request, public_id)
    form = ConsentForm(request.POST, prefix="consent")
    if form.is_valid():
        services.record_consents(
            services.submitter_person(submission),
            form.answers(),
            source=Consent.Source.SUBMISSION_LINK,
        )
        messages.success(request, _("Your consent has been saved."))
        return redirect("submissions:overview", public_id=public_id)
    return render(request, "submissions/overview.html", _overview_context(submission, form))


@never_cache
@require_http_methods(["GET", "POST"])
def edit_pitch(request, public_id):
    submission = submission_for_session_or_404(request, public_id)
    data = request.POST if request.method == "POST" else None
    group = pitch_form_group(data, submission=submission, with_consent=False)
    requested = requested_parts(submission)
    mark_requested_fields(group.pitch, requested, PITCH_PARTS)
    for side in ("municipality", "enterprise"):
        mark_requested_fields(group.forms[f"{side}_contact"], requested, CONTACT_PARTS)
    if request.method == "POST":
        if group.is_valid() and saved(
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
            return redirect("submissions:overview", public_id=public_id)
    elif not submission.can_edit():
        group.add_error(editing_closed_message(submission))
    context = {"call": submission.call, "group": group, "submission": submission}
    return render(request, "submissions/pitch_edit.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def writeup(request, public_id):
    submission = submission_for_session_or_404(request, public_id)
    questions = submission.call.questions.all()
    answers = {a.question_id: a.text for a in submission.answers.all()}
    submitting = request.POST.get("action") == "submit"
    form = WriteupForm(
        request.POST or None,
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
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
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
        )
    ):
        messages.success(
            request,
            _("Thank you! Your write-up has been submitted.")
            if submitting
            else _("Your draft has been saved."),
        )
        return redirect("submissions:overview", public_id=public_id)
    if request.method == "GET" and not submission.can_edit():
        form.add_error(None, editing_closed_message(submission))
    context = {"submission": submission, "form": form, "group": FormGroup(writeup=form)}
    return render(request, "submissions/writeup_form.html", context)
