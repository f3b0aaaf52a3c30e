"""The forms of the submissions' admin: the change form and the choice of a new state."""

from collections import Counter

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from submissions import addresses
from submissions.models import Submission
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

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = targets

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
