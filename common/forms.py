"""The form kit every public form uses: text cleaning, web addresses, the crispy helper for a
form inside a page's own <form> tag, groups of forms posted together, and the screening of a
public form's POST (`screen_post`)."""

import enum
import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from common import limits
from common.abuse import HONEYPOT_FIELD, rate_limit_exceeded

# C0 and C1 control characters other than tab and newline carry no meaning in a form field.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(value: str) -> str:
    return CONTROL_CHARACTERS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def count_words(text: str) -> int:
    return len(text.split())


def clean_data(data):
    """A copy of submitted form data with clean_text applied to every text value."""
    if hasattr(data, "lists"):  # a QueryDict, where one key can carry several values
        cleaned = data.copy()
        for key, values in data.lists():
            cleaned.setlist(key, [clean_text(value) for value in values])
        return cleaned
    return {key: clean_text(v) if isinstance(v, str) else v for key, v in data.items()}


class WebURLField(forms.URLField):
    """A web address: http or https only (Django's own URLField also takes ftp and ftps)."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class BoundedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several choices from the database, at most `max_choices`: counted before any value is
    looked up, so a post naming thousands costs nothing but the count."""

    default_error_messages = {
        "too_many": _("Choose at most %(limit)s (you chose %(count)s)."),
    }

    def __init__(self, *args, max_choices: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_choices = max_choices

    def clean(self, value):
        if isinstance(value, list | tuple) and len(value) > self.max_choices:
            raise forms.ValidationError(
                self.error_messages["too_many"],
                code="too_many",
                # Named as Django's length messages name them too (common.form_messages).
                params={
                    "limit": self.max_choices,
                    "count": len(value),
                    "limit_value": self.max_choices,
                    "show_value": len(value),
                },
            )
        return super().clean(value)


# What a form keeps of a field's value, at most: the field's own limit and up to this much
# more (browsers stop at the limit; what a person pasted beyond it is shown, to shorten), or
# this much for a field without a limit (hidden fields, numbers, choices). A page showing a
# form again echoes no more.
VALUE_MAX = 1000


class CleanTextMixin:
    """Cut each field's value to what the form keeps (`kept_length`) and strip control
    characters from it, before the fields validate it.

    So a form shown again with errors echoes no more than a few times its limits whatever was
    posted, the limits count what is stored (browsers send a textarea's line breaks as CRLF,
    two characters for one), a required field holding only control characters counts as
    empty, and a form shown again holds no control characters either.
    """

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if data is not None:
            self.data = clean_data(self._cut(data))

    def _cut(self, data):
        """A copy of `data` with each field's values cut to `kept_length`; the length of what
        was posted is kept in `posted_lengths` for the messages ("it has 52,000")."""
        cut, self.posted_lengths = data.copy(), {}
        for name, field in self.fields.items():
            key, most = self.add_prefix(name), kept_length(field)
            values = cut.getlist(key) if hasattr(cut, "getlist") else [cut.get(key)]
            if not any(isinstance(value, str) and len(value) > most for value in values):
                continue
            self.posted_lengths[name] = len(clean_text(values[-1]).strip())
            if hasattr(cut, "setlist"):
                cut.setlist(key, [value[:most] for value in values])
            else:
                cut[key] = values[0][:most]
        return cut


def kept_length(field) -> int:
    limit = getattr(field, "max_length", None)
    return limit + min(limit, VALUE_MAX) if limit else VALUE_MAX


def form_helper(*layout, honeypot: bool = False) -> FormHelper:
    """A helper for a form rendered inside a page's own <form> tag, with the honeypot if asked."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if honeypot:
        layout = (*layout, Field(HONEYPOT_FIELD, wrapper_class="kb-honeypot", aria_hidden="true"))
    if layout:
        helper.layout = Layout(*layout)
    return helper


class FormGroup:
    """Several forms posted in one <form>: validated together, their errors summarised on top."""

    def __init__(self, **forms_by_name):
        self.forms = forms_by_name

    def __getattr__(self, name):
        try:
            return self.__dict__["forms"][name]
        except KeyError as error:
            raise AttributeError(name) from error

    def is_spam(self) -> bool:
        """Did a bot fill the honeypot of one of the forms?"""
        return any(form.is_spam() for form in self.forms.values() if hasattr(form, "is_spam"))

    def is_valid(self) -> bool:
        # A list, not a generator: every form must validate so that all errors show at once.
        return all([form.is_valid() for form in self.forms.values()])  # noqa: C419

    def add_error(self, message):
        """An error about the whole submission (a deadline, a limit), shown in the summary."""
        next(iter(self.forms.values())).add_error(None, message)

    @property
    def has_errors(self) -> bool:
        """Are errors shown? Then the page's <title> starts with "Error: " (base.html)."""
        return bool(self.error_summary())

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor id, message) for every error, in page order, for the error summary."""
        summary = []
        for form in self.forms.values():
            if isinstance(form, forms.BaseFormSet):
                anchor = _first_field_id(form)
                summary += [(anchor, error) for error in form.non_form_errors()]
                for subform in form.forms:
                    summary += _form_errors(subform)
            else:
                summary += _form_errors(form)
        return summary


def _first_field_id(formset) -> str:
    """Where a formset's own error links to: its first visible field, which can take focus
    (the formset's container cannot)."""
    for subform in formset.forms:
        for bound in subform.visible_fields():
            return bound.id_for_label or bound.auto_id
    return formset.prefix


def _first_option_id(bound) -> str:
    """A group of radios or checkboxes labels its fieldset, not an input: link to the first
    option, which can take focus."""
    if isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound.auto_id}_0"
    return bound.auto_id


def _form_errors(form) -> list[tuple[str, str]]:
    if not form.is_bound:
        return []
    entries = [("main-content", error) for error in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS:
            continue
        bound = form[name]
        anchor = bound.id_for_label or _first_option_id(bound)
        # The messages name their field (common.form_messages), so no label goes before them.
        entries += [(anchor, str(error)) for error in errors]
    return entries


# --- Screening a public form's POST ---


class Screening(enum.Enum):
    """What a public form's POST comes to (`screen_post`), and how the view answers it."""

    # A bot filled the honeypot: answer as if all went well, and keep nothing.
    SPAM = "spam"
    # The form has errors: show it again (200).
    INVALID = "invalid"
    # The client's hourly limit for the form is used up: show it again, saying so (429).
    LIMITED = "limited"
    # Do what the form asks.
    ACCEPTED = "accepted"

    @property
    def status(self) -> int:
        """The status of the page that shows the form again."""
        return 429 if self is Screening.LIMITED else 200


def screen_post(
    request, form, *, scope: str, limit_message: str | None = None, case=None
) -> Screening:
    """Screen a public form's POST the one way every public form does, in order: the honeypot
    (for forms that have one), the hourly limit on form posts of any kind ("form_post", counted
    before validating, so that nobody can make the server validate posts without end), the
    form's own validation, and the hourly limits for `scope` (`common.limits`): per client, and
    per case when `case` is given, which only valid posts count toward.

    `form` is a form or a FormGroup. `case` is what the post is about (a submission, a person,
    an e-mail address), or a function returning it from the valid form's data. When a limit
    is hit, `limit_message` (by default the scope's message in `common.limits`) is added to
    the form as an error about the whole form, for the page that shows it again.
    """
    if hasattr(form, "is_spam") and form.is_spam():
        return Screening.SPAM
    if over_post_limit(request, form):
        return Screening.LIMITED
    if not form.is_valid():
        return Screening.INVALID
    if rate_limit_exceeded(request, scope, case=case() if callable(case) else case):
        add_form_error(form, limit_message or limits.limit(scope).message)
        return Screening.LIMITED
    return Screening.ACCEPTED


def over_post_limit(request, form) -> bool:
    """Count this POST toward the limit on form posts of any kind, before it is validated. Over
    it, `form` is marked refused without validating it (shown again with what was typed and
    the message): that is the work refused."""
    if not rate_limit_exceeded(request, "form_post"):
        return False
    skip_validation(form)
    add_form_error(form, limits.limit("form_post").message)
    return True


def skip_validation(form) -> None:
    """Mark a bound form, formset or FormGroup as checked with no errors, without running
    its validation, so that rendering it shows what was typed and costs no cleaning."""
    if isinstance(form, FormGroup):
        for member in form.forms.values():
            skip_validation(member)
    elif isinstance(form, forms.BaseFormSet):
        form._errors = []
        form._non_form_errors = form.error_class(error_class="nonform", renderer=form.renderer)
        for subform in form.forms:
            skip_validation(subform)
    else:
        form._errors = forms.utils.ErrorDict(renderer=form.renderer)
        form.cleaned_data = {}


def add_form_error(form, message):
    """An error about the whole form or FormGroup, shown in the error summary."""
    if isinstance(form, FormGroup):
        form.add_error(message)
    else:
        form.add_error(None, message)


def screen_recipients(request, form, screening: Screening, recipients) -> Screening:
    """An accepted post that makes us e-mail addresses someone typed counts each of them toward
    the "mail" limits too: per client, and per address over every public path that sends to
    one, so that no address gets more than a few of our e-mails an hour however they are asked
    for. Over either limit, LIMITED with the message of "mail"."""
    if screening is not Screening.ACCEPTED:
        return screening
    # A function of the valid form's data, like screen_post's `case`.
    recipients = recipients() if callable(recipients) else recipients
    for address in dict.fromkeys(a.strip().lower() for a in recipients if a and a.strip()):
        if rate_limit_exceeded(request, "mail", case=address):
            add_form_error(form, limits.limit("mail").message)
            return Screening.LIMITED
    return screening
