"""The extra pages of the submissions' admin: state changes (one case or many), approval of
edits, restore, the attachment, and the exports.

Each view takes the SubmissionAdmin as `model_admin` (wired in SubmissionAdmin.get_urls, behind
the admin site's login and the model admin's permission checks).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from editorial import services as editorial_services
from editorial.admin.forms import (
    ApprovalRequestForm,
    OutsideApprovalForm,
    TransitionForm,
    bulk_choices,
    editor_choices,
)
from submissions import approvals
from submissions.change_requests import part_choices
from submissions.models import EditApproval, Submission
from submissions.workflow import (
    ApprovalPending,
    State,
    TransitionNotAllowed,
    transition,
)


def _editable_submission(model_admin, request, pk) -> Submission:
    submission = get_object_or_404(Submission, pk=pk)
    if request.method != "POST" or not model_admin.has_change_permission(request, submission):
        raise PermissionDenied
    return submission


def _back(submission):
    return HttpResponseRedirect(
        reverse("admin:submissions_submission_change", args=[submission.pk])
    )


def transition_view(request, pk, *, model_admin):
    submission = _editable_submission(model_admin, request, pk)
    # Every state is a valid choice here: a move the case cannot make (a page loaded
    # before someone else moved it) is refused by transition() with a message.
    form = TransitionForm(request.POST, targets=State.choices, parts=part_choices(submission))
    if form.is_valid():
        _apply_transition(model_admin, request, submission, **form.cleaned_data)
        return _back(submission)
    form.fields["target"].choices = editor_choices(submission)
    return _state_page(model_admin, request, [submission], form, bulk=False)


def change_state_in_bulk(model_admin, request, queryset):
    """Offers only the moves some of the cases can make; reports each case's outcome."""
    submissions = list(queryset)
    form = TransitionForm(
        request.POST if "apply" in request.POST else None,
        targets=bulk_choices(submissions),
    )
    if not form.is_valid():
        return _state_page(model_admin, request, submissions, form, bulk=True)
    done = sum(
        _apply_transition(model_admin, request, submission, **form.cleaned_data)
        for submission in submissions
    )
    model_admin.message_user(request, _("%(count)s changed.") % {"count": done}, messages.INFO)
    return None


def _state_page(model_admin, request, submissions, form, *, bulk: bool):
    """The page that asks for the new state and the comment, with any error at its field."""
    if bulk:
        title = _("Change the state")
    else:
        title = _("Change the state of “%(title)s”") % {"title": submissions[0].title}
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "submissions": submissions,
        "form": form,
        "bulk": bulk,
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "editorial/change_state.html", context)


def _apply_transition(model_admin, request, submission, *, target, comment, parts=()) -> bool:
    try:
        with transaction.atomic():
            transition(submission, target, by=request.user, comment=comment, parts=parts)
    except ApprovalPending:
        model_admin.message_user(
            request,
            _("“%(title)s” was edited by the editors: the submitter must approve the text first.")
            % {"title": submission.title},
            messages.ERROR,
        )
        return False
    except TransitionNotAllowed:
        model_admin.message_user(
            request,
            _("“%(title)s” cannot go from “%(source)s” to “%(target)s”.")
            % {
                "title": submission.title,
                "source": submission.get_state_display(),
                "target": State(target).label,
            },
            messages.ERROR,
        )
        return False
    model_admin.message_user(
        request,
        _("“%(title)s” is now “%(state)s”.")
        % {"title": submission.title, "state": submission.get_state_display()},
        messages.SUCCESS,
    )
    return True


def request_approval_view(request, pk, *, model_admin):
    submission = _editable_submission(model_admin, request, pk)
    form = ApprovalRequestForm(request.POST)
    if submission.text_is_approved():
        model_admin.message_user(request, _("There are no unapproved edits."), messages.WARNING)
    elif not form.is_valid():
        model_admin.message_user(request, form.errors["note"][0], messages.ERROR)
    else:
        editorial_services.ask_for_edit_approval(
            submission, by=request.user, note=form.cleaned_data["note"]
        )
        model_admin.message_user(
            request, _("The submitter has been asked to approve the edits."), messages.SUCCESS
        )
    return _back(submission)


def outside_approval_view(request, pk, approval_pk, *, model_admin):
    """Record an approval the submitter gave by phone, e-mail or in person."""
    submission = get_object_or_404(Submission, pk=pk)
    if not model_admin.has_change_permission(request, submission):
        raise PermissionDenied
    approval = get_object_or_404(EditApproval, pk=approval_pk, submission=submission)
    if approval.decision != EditApproval.Decision.PENDING:
        model_admin.message_user(request, _("This request has been answered."), messages.WARNING)
        return _back(submission)
    form = OutsideApprovalForm(request.POST or None, approval=approval)
    if request.method == "POST" and form.is_valid():
        try:
            approvals.record_outside_approval(approval, by=request.user, **form.cleaned_data)
        except approvals.ApprovalNotPending:
            model_admin.message_user(
                request, _("This request has been answered."), messages.WARNING
            )
        else:
            model_admin.message_user(
                request, _("The approval has been recorded."), messages.SUCCESS
            )
        return _back(submission)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Record an approval given outside the system"),
        "submission": submission,
        "approval": approval,
        "form": form,
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "editorial/outside_approval.html", context)


def restore_view(request, pk, history_id, *, model_admin):
    submission = _editable_submission(model_admin, request, pk)
    if not submission.history.filter(history_id=history_id).exists():
        raise Http404
    editorial_services.restore_version(submission, history_id, by=request.user)
    model_admin.message_user(request, _("The earlier version has been restored."), messages.SUCCESS)
    return _back(submission)


def attachment_view(request, pk, *, model_admin):
    submission = get_object_or_404(Submission, pk=pk)
    if not model_admin.has_view_permission(request, submission) or not submission.attachment:
        raise Http404
    return FileResponse(
        submission.attachment.open("rb"),
        as_attachment=True,
        filename=f"vedlegg-{submission.pk}.pdf",
        content_type="application/pdf",
    )


def download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
