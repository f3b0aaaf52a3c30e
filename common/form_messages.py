"""Error messages that say what to do, for that field, in the page's language.

Django's own messages ("This field is required.", "Enter a valid email address.") name no
field and say nothing a person can act on; on a page with two contact persons they repeat
word for word. `FieldMessagesMixin`, used by every public form, replaces each of them as the
error is added, in this order:

1. the form's own `field_messages[field][code]` ("Enter your e-mail address"),
2. a message the field was given itself (`error_messages=`, a validator's own message),
3. a message built from the field's label and, for a form that repeats (two contact persons,
   several enterprises), its `error_context` ("E-mail (Contact person in the municipality)").

So no Django default message reaches a page, whatever a new field or validator brings.
"""

import functools
import gettext as gettext_module
from pathlib import Path

import django
from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext, override

# Codes whose message is about the length of what was typed.
LENGTH_CODES = {"max_length", "min_length"}
NUMBER_CODES = {
    "max_value",
    "min_value",
    "step_size",
    "max_digits",
    "max_decimal_places",
    "max_whole_digits",
}
CHOICE_CODES = {"invalid_choice", "invalid_list", "invalid_pk_value", "list"}


def _subclasses(cls) -> set[type]:
    found = {cls}
    for subclass in cls.__subclasses__():
        found |= _subclasses(subclass)
    return found


@functools.cache
def _django_default_message_ids() -> set[int]:
    """The identities of the lazy default messages of Django's fields and validators."""
    ids = set()
    for cls in _subclasses(forms.Field) | _subclasses(models.Field):
        if cls.__module__.startswith("django."):
            ids |= {id(m) for m in vars(cls).get("default_error_messages", {}).values()}
    for obj in vars(validators).values():
        if isinstance(obj, type):
            ids.add(id(vars(obj).get("message")))
            messages = vars(obj).get("messages")
            ids |= {id(m) for m in messages.values()} if isinstance(messages, dict) else set()
    ids.discard(id(None))
    return ids


@functools.cache
def _django_msgids() -> frozenset[str]:
    """Every English message Django translates (keys of its Norwegian catalogue)."""
    mo = Path(django.__file__).parent / "conf" / "locale" / "nb" / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as file:
        catalog = gettext_module.GNUTranslations(file)._catalog
    return frozenset(key if isinstance(key, str) else key[0] for key in catalog)


def is_django_default(message) -> bool:
    if id(message) in _django_default_message_ids():
        return True
    if isinstance(message, Promise | str):
        with override("en"):
            return str(message) in _django_msgids()
    return False


def field_name_for_messages(form, name: str) -> str:
    """The field's label, with the repeated form it belongs to when the form repeats."""
    field = form.fields[name]
    label = str(field.label or name.replace("_", " ").capitalize())
    context = getattr(form, "error_context", None)
    if context:
        return gettext("%(label)s (%(context)s)") % {"label": label, "context": str(context)}
    return label


def generic_message(field, code: str, values: dict) -> str:
    """What to do about `code` on `field`, built from its name (`values["label"]`)."""
    if code == "required":
        return _required_message(field) % values
    if code == "max_length":
        return gettext(
            "Shorten “%(label)s” to at most %(limit)s characters (it has %(count)s)."
        ) % (values)
    if code == "min_length":
        return gettext("Write at least %(limit)s characters in “%(label)s”.") % values
    if code in CHOICE_CODES:
        return gettext("Choose one of the options for “%(label)s”.") % values
    if code == "unique":
        return gettext("“%(label)s” is already used: choose another.") % values
    if code in NUMBER_CODES or isinstance(field, forms.IntegerField | forms.DecimalField):
        return gettext("Write “%(label)s” as a number, for example 12.") % values
    if code == "invalid_image":
        return gettext("Choose a photo in JPEG, PNG or WebP format for “%(label)s”.") % values
    if isinstance(field, forms.FileField):
        return gettext("Choose the file for “%(label)s” again: it could not be read.") % values
    if isinstance(field, forms.EmailField):
        return gettext("Write “%(label)s” as an e-mail address, like name@example.no.") % values
    if isinstance(field, forms.URLField):
        return gettext("Write “%(label)s” as a web address, like https://example.no.") % values
    return gettext("Check “%(label)s”: write it as the help text says.") % values


def _required_message(field) -> str:
    if isinstance(field, forms.BooleanField):
        return gettext("Tick the box “%(label)s” to go on.")
    if isinstance(field, forms.FileField):
        return gettext("Choose a file for “%(label)s”.")
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return gettext("Choose “%(label)s”.")
    return gettext("Fill in “%(label)s”.")


class FieldMessagesMixin:
    """For every public form: the errors say what to do, for that field (see the module)."""

    # {field name: {error code: message}}; a message may use %(label)s, %(limit)s, %(count)s.
    field_messages: dict = {}
    # Which of several alike forms this is, for its messages ("contact person in the municipality").
    error_context = None

    def add_error(self, field, error):
        if not isinstance(error, ValidationError):
            error = ValidationError(error)
        if field is None and hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                target = None if name == forms.forms.NON_FIELD_ERRORS else name
                self.add_error(target, ValidationError(errors))
            return
        if field in self.fields and not hasattr(error, "error_dict"):
            error = ValidationError([self._friendly(field, item) for item in error.error_list])
        super().add_error(field, error)

    def _friendly(self, name: str, error: ValidationError) -> ValidationError:
        field = self.fields[name]
        values = self._message_values(name, error)
        custom = self.field_messages.get(name, {}).get(error.code)
        if custom is not None:
            text = str(custom)
            return ValidationError(text % values if "%(" in text else text, code=error.code)
        if not is_django_default(error.message):
            return self._with_context(error)
        return ValidationError(generic_message(field, error.code, values), code=error.code)

    def _with_context(self, error: ValidationError) -> ValidationError:
        """A message of the field's own, said for which of several alike forms it is."""
        if not self.error_context:
            return error
        text = error.message % error.params if error.params else error.message
        return ValidationError(
            gettext("%(context)s: %(message)s")
            % {"message": str(text), "context": str(self.error_context)},
            code=error.code,
        )

    def _message_values(self, name: str, error: ValidationError) -> dict:
        params = error.params if isinstance(error.params, dict) else {}
        return {
            "label": field_name_for_messages(self, name),
            "limit": params.get("limit_value", ""),
            # Of what was posted, when the form kept less (common.forms.CleanTextMixin).
            "count": getattr(self, "posted_lengths", {}).get(name, params.get("show_value", "")),
        }
