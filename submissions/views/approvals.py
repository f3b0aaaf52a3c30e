"""The submitter's answer to the editors' copy-edits."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.forms import FormGroup, over_post_limit
from submissions import approvals
from submissions.access import case_session
from submissions.change_requests import text_changes
from submissions.forms import (
    EditApprovalForm,
)


@require_http_methods(["GET", "POST"])
@case_session()
def approve_edits(request, submission):
    """The submitter reads the editors' copy-edits as a diff, and approves them or comments."""
    public_id = submission.public_id
    approval = approvals.pending_edit_approval(submission)
    if approval is None:
        return redirect("submissions:overview", public_id=public_id)
    form = EditApprovalForm(request.POST or None, initial={"request": approval.pk})
    limited = request.method == "POST" and over_post_limit(request, form)
    if request.method == "POST" and not limited and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            if form.cleaned_data["request"] != approval.pk:
                raise approvals.ApprovalNotPending
            approvals.answer_edit_approval(
                approval, approve=approve, comment=form.cleaned_data["comment"]
            )
        except approvals.ApprovalNotPending:
            form = _answer_the_newest(request, approval)
        else:
            messages.success(
                request,
                _("Thank you. You approved the edited text.")
                if approve
                else _("Thank you. The editors have your comment."),
            )
            return redirect("submissions:overview", public_id=public_id)
    context = {
        "submission": submission,
        "approval": approval,
        "changes": edit_changes(submission, approval),
        "form": form,
        "group": FormGroup(approval=form),
    }
    status = 429 if limited else 200
    return render(request, "submissions/approve_edits.html", context, status=status)


def _answer_the_newest(request, approval) -> EditApprovalForm:
    """The form again, for the newest request, with the comment kept and the reason given."""
    data = request.POST.copy()
    data["request"] = str(approval.pk)
    form = EditApprovalForm(data)
    form.is_valid()
    form.add_error(
        None,
        _(
            "The editors changed the text again after you opened this page. Read the newest "
            "changes below and answer again: your comment is kept."
        ),
    )
    return form


def edit_changes(submission, approval) -> list:
    """Each text field of the case with the submitter's and the editors' version."""
    return text_changes(submission, approval.original, approval.edited)
