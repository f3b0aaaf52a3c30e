from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from common.abuse import HoneypotMixin
from common.form_messages import FieldMessagesMixin
from common.forms import BoundedMultipleChoiceField, CleanTextMixin, WebURLField, form_helper
from participation.models import INPUT_MAX_CHARS, TOOL_DESCRIPTION_MAX_CHARS, Input, Tool
from submissions.models import Call


class InputForm(FieldMessagesMixin, CleanTextMixin, HoneypotMixin, forms.ModelForm):
    text = forms.CharField(
        label=_("Your input"),
        max_length=INPUT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("At most 3,000 characters. Links are shown as plain links; no formatting."),
    )

    class Meta:
        model = Input
        fields = ["name", "email", "organisation", "text", "publish_consent"]
        labels = {
            "name": _("Your name"),
            "email": _("Your e-mail address"),
            "organisation": _("Organisation (optional)"),
            "publish_consent": _(
                "You may publish my name, organisation and input on this website."
            ),
        }
        help_texts = {
            "email": _("Never published. We send you a receipt and may contact you."),
            "publish_consent": _("Without this, only the editors read your input."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.helper = form_helper(
            "name", "email", "organisation", "text", "publish_consent", honeypot=True
        )

    def cleaned_data_for_model(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


# A tool suggested for more themes than this is a post no person sends.
THEMES_MAX = 30


class ThemeChoices(BoundedMultipleChoiceField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, max_choices=THEMES_MAX, **kwargs)


class ToolSuggestionForm(FieldMessagesMixin, CleanTextMixin, HoneypotMixin, forms.ModelForm):
    link = WebURLField(label=_("Link"), max_length=500, assume_scheme="https")
    description = forms.CharField(
        label=_("What is it, and how does it help?"),
        max_length=TOOL_DESCRIPTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Tool
        fields = [
            "title",
            "link",
            "description",
            "audience",
            "themes",
            "suggested_by_name",
            "suggested_by_email",
        ]
        labels = {
            "title": _("Name of the tool"),
            "suggested_by_name": _("Your name (optional)"),
            "suggested_by_email": _("Your e-mail address (optional, never published)"),
        }
        widgets = {"themes": forms.CheckboxSelectMultiple}
        field_classes = {"themes": ThemeChoices}
        error_messages = {
            "themes": {"too_many": _("Choose at most %(limit)s themes (you chose %(count)s).")}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Themes are sent by slug, not by number: a number too large for 64 bits would reach
        # the database, and SQLite fails on it (a 500 instead of "Select a valid choice").
        self.fields["themes"].to_field_name = "slug"
        self.helper = form_helper(*self.Meta.fields, honeypot=True)

    def tool_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "themes"}


class PitchCallForm(forms.Form):
    """The call an editor turns input into pitches in: only one that still takes pitches."""

    call = forms.ModelChoiceField(
        label=_("Call"), queryset=Call.objects.none(), empty_label=None, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read at each request: a call closes when its deadline passes.
        self.fields["call"].queryset = Call.objects.accepting_pitches()
        self.fields["call"].label_from_instance = self.call_label

    @staticmethod
    def call_label(call) -> str:
        deadline = formats.date_format(timezone.localtime(call.pitch_deadline), "DATETIME_FORMAT")
        return _("%(call)s (pitches until %(deadline)s)") % {
            "call": call.display_title,
            "deadline": deadline,
        }
