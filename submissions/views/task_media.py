"""The photo and attachments task page, and the preview of the photo for its sender.

A valid photo is stored at once (`pending_uploads`), so an error elsewhere on the page never
makes the sender choose it again: the page shows it as a preview and carries its reference."""

from pathlib import PurePosixPath

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from common import limits
from common.abuse import rate_limit_exceeded
from common.forms import FormGroup, Screening, screen_post
from submissions import pending_uploads, task_services
from submissions.access import case_session
from submissions.change_requests import mark_requested_fields, requested_parts
from submissions.task_forms import MediaForm
from submissions.views.autosave import autosave_refused, autosave_response, is_autosave
from submissions.views.shared import editing_closed_message, saved
from submissions.views.tasks import _continue, _int

# The page's fields by the part of the case an editors' request can point at.
MEDIA_PARTS = {
    "photo": "photo",
    "photo_alt": "photo",
    "photo_credit": "photo",
    "photo_permission": "photo",
    "attachment": "attachment",
    "attachment_kind": "attachment",
    "attachment_public": "attachment",
}

# Saved by the page's text fields and choices; the files and their removal are handled apart.
MEDIA_FIELDS = (
    "photo_alt",
    "photo_credit",
    "photo_permission",
    "attachment_kind",
    "attachment_public",
)


@require_http_methods(["GET", "POST"])
@case_session(keep_unsaved=True)
def task_media(request, submission):
    if request.method == "POST" and request.POST.get("action") in (
        "remove_photo",
        "remove_attachment",
    ):
        return _remove(request, submission, request.POST["action"])
    draft = is_autosave(request)
    if draft and (refused := autosave_refused(request, submission)):
        return refused
    ref = request.POST.get("photo_ref", "") if request.method == "POST" else ""
    kept_ref = ref if pending_uploads.stored_name(request, submission, ref) else ""
    form = MediaForm(
        request.POST if request.method == "POST" else request.kept_text,
        request.FILES or None,
        instance=submission,
        draft=draft,
        kept_photo=bool(kept_ref or submission.photo),
    )
    mark_requested_fields(form, requested_parts(submission), MEDIA_PARTS)
    screening = None
    if request.method == "POST" and not draft:
        # A save with a file stores it: counted as an upload, any other save as an edit.
        scope = "upload" if request.FILES else "edit"
        screening = screen_post(request, form, scope=scope, case=submission)
    if request.method == "POST" and screening not in (Screening.SPAM, Screening.LIMITED):
        form.is_valid()
        if form.cleaned_data.get("photo"):
            kept_ref = pending_uploads.keep(request, submission, form.cleaned_data["photo"])
        if draft:
            return autosave_response(
                lambda: task_services.save_media(
                    submission,
                    fields=_fields(request, submission, form.valid_data(), kept_ref),
                    expected_version=form.cleaned_data.get("version"),
                ),
                submission,
                not_saved=form.not_saved(),
            )
        if form.is_valid() and saved(
            lambda: task_services.save_media(
                submission,
                fields=_fields(request, submission, form.cleaned_data, kept_ref),
                expected_version=form.cleaned_data["version"],
            ),
            submission,
            add_error=lambda message: form.add_error(None, message),
            versioned_form=form,
        ):
            return _continue(request, submission, "media")
    if request.method == "GET" and not submission.can_edit():
        form.add_error(None, editing_closed_message(submission))
    if kept_ref:
        # The next POST finds the kept photo by this reference, whatever the browser sends.
        form.data = form.data.copy()
        form.data["photo_ref"] = kept_ref
    context = {
        "submission": submission,
        "form": form,
        "group": FormGroup(media=form),
        "kept_ref": kept_ref,
        "photo_name": photo_name(submission),
    }
    status = screening.status if screening else 200
    return render(request, "submissions/task_media.html", context, status=status)


def _fields(request, submission, data: dict, kept_ref: str) -> dict:
    fields = {name: data[name] for name in MEDIA_FIELDS if name in data}
    photo = pending_uploads.take(request, submission, kept_ref) if kept_ref else None
    if photo is not None:
        fields["photo"] = photo
    if data.get("attachment"):
        fields["attachment"] = data["attachment"]
    return fields


def _remove(request, submission, action: str):
    if rate_limit_exceeded(request, "edit", case=submission):
        messages.error(request, limits.limit("edit").message)
        return redirect("submissions:task_media", public_id=submission.public_id)
    name = "photo" if action == "remove_photo" else "attachment"
    if name == "photo":
        pending_uploads.discard(request, submission)
    form = MediaForm(instance=submission)
    if saved(
        lambda: task_services.save_media(
            submission, fields={name: ""}, expected_version=_int(request.POST.get("version"))
        ),
        submission,
        add_error=lambda message: form.add_error(None, message),
        versioned_form=form,
    ):
        return redirect("submissions:task_media", public_id=submission.public_id)
    context = {
        "submission": submission,
        "form": form,
        "group": FormGroup(media=form),
        "photo_name": photo_name(submission),
    }
    return render(request, "submissions/task_media.html", context)


def photo_name(submission) -> str:
    return PurePosixPath(submission.photo.name).name if submission.photo else ""


@require_safe
@case_session()
def photo_preview(request, submission, name):
    """The case's photo, or the one kept from this session's last POST, for its sender only."""
    stored = pending_uploads.stored_name(request, submission, name)
    if stored is None and submission.photo and PurePosixPath(submission.photo.name).name == name:
        stored = submission.photo.name
    if stored is None:
        raise Http404
    return FileResponse(default_storage.open(stored, "rb"), content_type="image/jpeg")
