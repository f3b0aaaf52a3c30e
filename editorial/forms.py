from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )


class OwnPasswordForm(SetPasswordForm):
    """The editor's own password in place of the temporary one someone else set: never the same
    one, and Django's password rules (AUTH_PASSWORD_VALIDATORS)."""

    def clean_new_password1(self):
        password = self.cleaned_data["new_password1"]
        if self.user.check_password(password):
            raise ValidationError(
                _("Choose a password of your own, not the one you were given."), code="same"
            )
        return password
