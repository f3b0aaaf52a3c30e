from django import forms
from django.utils.translation import gettext_lazy as _

from kokebok.abuse import HoneypotMixin
from participation.models import INPUT_MAX_CHARS, TOOL_DESCRIPTION_MAX_CHARS, Input, Tool
from submissions.forms import CleanTextMixin, WebURLField, form_helper


class InputForm(CleanTextMixin, HoneypotMixin, forms.ModelForm):
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


class ToolSuggestionForm(CleanTextMixin, HoneypotMixin, forms.ModelForm):
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(*self.Meta.fields, honeypot=True)

    def tool_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "themes"}
