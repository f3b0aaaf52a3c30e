"""The forms of the submissions' admin: the change form and the choice of a new state."""

from collections import Counter
from pathlib import PurePosixPath

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from submissions import addresses, uploads
from submissions.models import EditApproval, Submission
from submissions.workflow import EDITOR, State, allowed_targets, needs_comment

# Submitted addresses without a scheme are read as https, as the public forms do.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class SubmissionAdminForm(forms.ModelForm):
    """The change form with the version it was loaded from: the edit service
    (editorial.services.save_case_edit) refuses to save over a newer version."""

    # Not named "version": the admin builds its form from the fieldsets, and the model's
    # `version` is not editable.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The refusal (EditConflict) of the edit service, when SubmissionAdmin shows the form again
    # after it.
    conflict = None

    class Meta:
        model = Submission
        fields = []  # the admin's fieldsets choose the fields
        # The model's field has no verbose name (one would take a migration of submissions).
        labels = {"public_id": _("public id")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version
            # A change is always checked against the version it started from.
            self.fields["loaded_version"].required = True
            self._link_stored_files()

    def _link_stored_files(self):
        """The stored files have no address under MEDIA_URL: link the pages that serve them."""
        case = self.instance
        links = {
            "photo": lambda name: reverse("publishing:case_photo", args=[case.public_id, name]),
            "attachment": lambda _name: reverse(
                "admin:submissions_submission_attachment", args=[case.pk]
            ),
        }
        for field_name, link in links.items():
            field, stored = self.fields.get(field_name), getattr(case, field_name)
            if field is not None and stored:
                name = PurePosixPath(stored.name).name
                field.widget = StoredFileWidget(link=link(name), attrs=field.widget.attrs)

    # A new photo or attachment goes through the public form's checks: the photo re-encoded
    # without its metadata, the PDF refused with active content.
    def clean_photo(self):
        return _checked_upload(self.cleaned_data.get("photo"), uploads.clean_photo)

    def clean_attachment(self):
        return _checked_upload(self.cleaned_data.get("attachment"), uploads.clean_attachment)

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if slug and self.instance.pk:
            addresses.check_slug_available(self.instance, slug)
        return slug

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("photo") and not cleaned.get("photo_alt", "").strip():
            self.add_error("photo_alt", _("Describe the photo: the web page and the book need it."))
        if self.conflict is not None:
            # Saving again replaces their version: the form now carries it.
            self.data = self.data.copy()
            self.data["loaded_version"] = str(self.conflict.current_version)
            raise ValidationError(
                _(
                    "Someone else saved this submission while you were editing it. Your "
                    "changes are still in the form and have not been saved. Open the history "
                    "in another tab to see what they changed, then save again to replace it."
                ),
                code="conflict",
            )
        return cleaned


class StoredFileWidget(AdminFileWidget):
    """The admin's file field, its current file linked to `link` and shown by its name."""

    def __init__(self, *args, link: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.link = link

    def format_value(self, value):
        if not self.is_initial(value):
            return None
        return _LinkedFile(PurePosixPath(value.name).name, self.link)


class _LinkedFile:
    def __init__(self, name: str, url: str):
        self.name, self.url = name, url

    def __str__(self):
        return self.name


def _checked_upload(value, check):
    """A new upload checked and replaced by what `check` keeps; the stored file (or False, to
    clear it) as it came."""
    return check(value) if isinstance(value, UploadedFile) else value


class TransitionForm(forms.Form):
    """A move to a new state, chosen from `targets` ((state, label) pairs), and its comment."""

    target = forms.ChoiceField(label=_("New state"), widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_(
            "Comment (sent to the submitter when you request changes; "
            "required when you withdraw a case)"
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    # On a request for changes: the parts of the case the submitter should look at.
    parts = forms.MultipleChoiceField(
        label=_("When you request changes: the parts to look at"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, targets, parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = targets
        if parts:
            self.fields["parts"].choices = parts
        else:  # many cases at once: no parts to point at
            del self.fields["parts"]

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("target")
        if target and needs_comment(target) and not cleaned.get("comment", "").strip():
            self.add_error(
                "comment",
                _(
                    "Write when and how the submitter asked for this. The comment is kept "
                    "with the change of state."
                ),
            )
        return cleaned


def editor_choices(submission) -> list[tuple[str, object]]:
    """The moves an editor can make with this case, as (state, button label)."""
    return [(t.target, t.label) for t in allowed_targets(submission, actor=EDITOR)]


def bulk_choices(submissions) -> list[tuple[str, str]]:
    """The states that at least one of `submissions` can move to, each saying how many can."""
    counts = Counter(t for s in submissions for t, _label in editor_choices(s))
    return [
        (
            state,
            _("%(state)s (possible for %(count)s of %(total)s)")
            % {"state": label, "count": counts[state], "total": len(submissions)},
        )
        for state, label in State.choices
        if counts[state]
    ]


class ApprovalRequestForm(forms.Form):
    """The editor's note sent with a request to approve their edits."""

    note = forms.CharField(
        label=_("Note to the submitter (sent in the e-mail and shown above the changes)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OutsideApprovalForm(forms.Form):
    """An approval the submitter gave outside the system, as an editor records it."""

    approver = forms.CharField(
        label=_("Who approved"),
        max_length=200,
        error_messages={"required": _("Write the name of the person who approved the edits.")},
    )
    channel = forms.ChoiceField(
        label=_("How"),
        choices=EditApproval.OutsideChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the approval was given.")},
    )
    given_at = forms.DateTimeField(
        label=_("When (date and time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": _("Write when the approval was given."),
            "invalid": _("Write the date and time as 04.12.2026 14:30."),
        },
    )
    comment = forms.CharField(
        label=_("What was said (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, approval, **kwargs):
        super().__init__(*args, **kwargs)
        self.approval = approval
        # Most approvals are recorded right after the call: now, to the minute, as a start.
        self.fields["given_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["given_at"].input_formats = [
            "%Y-%m-%dT%H:%M",
            "%d.%m.%Y %H:%M",
            "%Y-%m-%d %H:%M",
        ]

    def clean_given_at(self):
        given_at = self.cleaned_data["given_at"]
        if given_at > timezone.now():
            raise ValidationError(_("The approval cannot have been given in the future."))
        if given_at < self.approval.requested_at.replace(second=0, microsecond=0):
            raise ValidationError(
                _("The approval cannot have been given before the editors asked for it.")
            )
        return given_at
