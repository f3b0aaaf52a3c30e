"""No Django default error message reaches a public form, in any of our languages.

Every public form class is filled with nothing, with far too much, and with nonsense, in nb, nn
and en; the errors must each say what to do for their field (common.form_messages), never
Django's own "This field is required." / "Feltet er påkrevet." The default messages are read
from Django's own catalogues, so a new field type or validator is covered without a list here.
"""

import inspect
import re
from pathlib import Path

import django
import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

import participation.forms
import submissions.forms
import submissions.pitch_forms
import submissions.task_forms
from common.form_messages import FieldMessagesMixin, is_django_default
from submissions.models import Submission

pytestmark = pytest.mark.django_db

LANGUAGES = ("nb", "nn", "en")
PUBLIC_FORM_MODULES = (
    submissions.forms,
    submissions.pitch_forms,
    submissions.task_forms,
    participation.forms,
)
# Forms in those modules that no member of the public fills in.
NOT_PUBLIC = {"PitchCallForm"}  # the editors' choice of call, in the admin
DJANGO_SOURCES = ("core/validators.py", "forms/", "db/models/fields/", "db/models/base.py")
LOCALE = Path(django.__file__).parent / "conf" / "locale"


def _django_messages() -> list[str]:
    """Django's form and validation messages (English msgids) from its English catalogue."""
    messages, keep, current = [], False, None
    for line in (LOCALE / "en" / "LC_MESSAGES" / "django.po").read_text().splitlines():
        if line.startswith("#:"):
            keep = keep or any(f" {source}" in line for source in DJANGO_SOURCES)
        elif line.startswith(("msgid ", "msgid_plural ")):
            current = line.split(" ", 1)[1].strip('"')
        elif line.startswith('"') and current is not None:
            current += line.strip('"')
        elif line.startswith("msgstr"):
            if keep and current:
                messages.append(current)
            keep, current = False, None
        if line.startswith("msgid_plural") and keep:
            messages.append(line.split(" ", 1)[1].strip('"'))
    return messages


def _fingerprints() -> list[str]:
    """The longest placeholder-free piece of each default message, in nb, nn and en. Messages
    are sentences; what ends without a full stop names a model field type ("Email address")."""
    texts = set()
    for msgid in filter(lambda msgid: msgid.endswith("."), _django_messages()):
        texts.add(msgid)
        for language in ("nb", "nn"):
            with translation.override(language):
                texts.add(translation.gettext(msgid))
    pieces = set()
    for text in texts:
        longest = max(re.split(r"%\(\w+\)[sdr]|%[sd]", text), key=len).strip(" .,:")
        if len(longest) >= 10:
            pieces.add(longest)
    return sorted(pieces)


FINGERPRINTS = _fingerprints()


def test_the_default_messages_are_found_in_djangos_catalogues():
    """Guards the test itself: an empty list would let everything pass."""
    assert "This field is required" in FINGERPRINTS
    assert "Feltet er påkrevet" in FINGERPRINTS or "Dette feltet er påkrevd" in FINGERPRINTS
    assert any("gyldig e-postadresse" in piece for piece in FINGERPRINTS)
    assert len(FINGERPRINTS) > 60


def _value(field: forms.Field, kind: str):
    """What to type into `field` for `kind` of input."""
    if kind == "empty":
        return (
            ""
            if not isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
            else []
        )
    if isinstance(field, forms.FileField):
        return SimpleUploadedFile("x.pdf", b"not a file" if kind == "malformed" else b"")
    long = "x" * 20_000
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return ["99999999999999999999", "abc"] if kind == "malformed" else [long]
    if kind == "too_long":
        return long
    return {
        forms.EmailField: "kari at example",
        forms.URLField: "javascript:alert(1)",
        forms.IntegerField: "12abc",
        forms.TypedChoiceField: "zzz",
        forms.ChoiceField: "zzz",
    }.get(type(field), "%s <b>1e400</b> %(x)s")


def _filled(make, kind: str):
    """A bound form made by `make` with every field given `kind` of input."""
    blank = make(data=None)
    data, files = {}, {}
    for name, field in blank.fields.items():
        value = _value(field, kind)
        target = files if isinstance(field, forms.FileField) and kind != "empty" else data
        target[blank.add_prefix(name)] = value
    data = _as_querydict(data)
    return make(data=data, files=files)


def _as_querydict(data: dict):
    from django.http import QueryDict

    querydict = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            querydict.setlist(key, value)
        else:
            querydict[key] = value
    return querydict


def _makers(submission) -> dict:
    """How to make each public form with given data (some need more than data)."""
    call = submission.call
    return {
        "ShortPitchForm": lambda data, files=None: submissions.pitch_forms.ShortPitchForm(data),
        "ConsentForm": lambda data, files=None: submissions.forms.ConsentForm(data),
        "PublicationAgreementForm": lambda data, files=None: (
            submissions.forms.PublicationAgreementForm(data)
        ),
        "ContactForm": lambda data, files=None: submissions.forms.ContactForm(
            data, legend="Contact person in the municipality"
        ),
        "EnterpriseForm": lambda data, files=None: submissions.forms.EnterpriseForm(data),
        "VersionForm": lambda data, files=None: submissions.task_forms.VersionForm(
            data, instance=submission
        ),
        "AboutForm": lambda data, files=None: submissions.task_forms.AboutForm(
            data, instance=submission
        ),
        "QuestionsForm": lambda data, files=None: submissions.task_forms.QuestionsForm(
            data, submission=submission, questions=call.questions.all(), answers={}
        ),
        "MediaForm": lambda data, files=None: submissions.task_forms.MediaForm(
            data, files, instance=submission
        ),
        "NewLinkForm": lambda data, files=None: submissions.forms.NewLinkForm(data),
        "InvitationForm": lambda data, files=None: submissions.forms.InvitationForm(data),
        "EditApprovalForm": lambda data, files=None: submissions.forms.EditApprovalForm(data),
        "InputForm": lambda data, files=None: participation.forms.InputForm(data),
        "ToolSuggestionForm": lambda data, files=None: participation.forms.ToolSuggestionForm(data),
    }


def _public_form_classes() -> dict[str, type]:
    found = {}
    for module in PUBLIC_FORM_MODULES:
        for name, cls in inspect.getmembers(module, inspect.isclass):
            concrete = issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__
            if (
                concrete
                and name not in NOT_PUBLIC
                and cls.base_fields
                and not name.endswith("Mixin")
            ):
                found[name] = cls
    return found


def test_every_public_form_is_walked_and_uses_the_messages_mixin(submission):
    classes = _public_form_classes()
    assert set(classes) == set(_makers(submission))
    assert [name for name, cls in classes.items() if not issubclass(cls, FieldMessagesMixin)] == []


def _messages(form) -> list[str]:
    form.is_valid()
    return [str(message) for errors in form.errors.values() for message in errors]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["empty", "too_long", "malformed"])
def test_no_django_default_message_reaches_a_public_form(submission, language, kind):
    leaks, shown = {}, 0
    with translation.override(language):
        for name, make in _makers(submission).items():
            form = _filled(make, kind)
            messages = _messages(form)
            shown += len(messages)
            leaked = [m for m in messages if any(piece in m for piece in FINGERPRINTS)]
            if leaked:
                leaks[name] = leaked
    assert shown > 15  # the input did make the forms complain
    assert leaks == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_enterprise_formset_says_what_to_do_and_which_enterprise(submission, language):
    data = {
        "enterprises-TOTAL_FORMS": "2",
        "enterprises-INITIAL_FORMS": "0",
        "enterprises-0-name": "",
        "enterprises-1-name": "Grønn Start AS",
        "enterprises-1-org_number": "123",
        "enterprises-1-website": "ftp://x",
    }
    with translation.override(language):
        formset = submissions.forms.EnterpriseFormSet(
            data, instance=Submission(), prefix="enterprises"
        )
        formset.is_valid()
        messages = [str(m) for f in formset.forms for e in f.errors.values() for m in e]
        messages += [str(m) for m in formset.non_form_errors()]
        missing = submissions.forms.EnterpriseFormSet({}, prefix="enterprises")
        missing.is_valid()
        messages += [str(m) for m in missing.non_form_errors()]
    assert messages
    assert [m for m in messages if any(piece in m for piece in FINGERPRINTS)] == []
    number = "2"
    assert any(number in m for m in messages)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", "Skriv e-postadressen din"),
        ("nn", "Skriv e-postadressa di"),
        ("en", "Write your e-mail address."),
    ],
)
def test_the_pitch_says_what_to_do_in_the_pages_language(language, expected):
    with translation.override(language):
        form = submissions.pitch_forms.ShortPitchForm({"submitter_email": ""})
        form.is_valid()
        assert expected in form.errors["submitter_email"][0]


def test_two_contact_forms_name_their_own_contact_in_the_message():
    with translation.override("en"):
        first = submissions.forms.ContactForm({}, legend="Contact person in the municipality")
        second = submissions.forms.ContactForm({}, legend="Contact person in the social enterprise")
        first.is_valid()
        second.is_valid()
    assert "Contact person in the municipality" in first.errors["email"][0]
    assert "Contact person in the social enterprise" in second.errors["email"][0]
    assert list(first.errors["email"]) != list(second.errors["email"])


def test_a_message_of_our_own_is_kept_and_djangos_is_recognised():
    assert is_django_default(forms.Field.default_error_messages["required"])
    assert is_django_default("Enter a valid email address.")
    assert not is_django_default("Choose at least one municipality.")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_case_filters_on_the_public_list_say_what_to_do_too(language):
    from publishing.filters import CaseFilter

    with translation.override(language):
        data = {"theme": "finnes-ikke", "form": "zzz", "q": "x" * 300}
        filters = CaseFilter(data, queryset=Submission.objects.none())
        filters.form.is_valid()
        messages = [str(m) for errors in filters.form.errors.values() for m in errors]
    assert len(messages) == 3
    assert [m for m in messages if any(piece in m for piece in FINGERPRINTS)] == []


def test_a_message_of_the_fields_own_says_which_contact_it_is_about():
    with translation.override("en"):
        first = submissions.forms.ContactForm(
            {"phone": "abc"}, legend="Contact person in the municipality"
        )
        first.is_valid()
    assert first.errors["phone"] == [
        "Contact person in the municipality: "
        "Write the phone number with digits, for example +47 22 24 90 90."
    ]


@pytest.mark.parametrize(
    ("language", "municipality", "enterprise"),
    [
        (
            "nb",
            "Skriv inn e-postadressen til kontaktpersonen i kommunen.",
            "Skriv inn e-postadressen til kontaktpersonen i den sosiale virksomheten.",
        ),
        (
            "nn",
            "Skriv inn e-postadressa til kontaktpersonen i kommunen.",
            "Skriv inn e-postadressa til kontaktpersonen i den sosiale verksemda.",
        ),
    ],
)
def test_each_contact_persons_empty_address_says_whose_to_write(
    submission, language, municipality, enterprise
):
    """The issue's own example: not "Feltet er påkrevet" twice, but whose address is missing."""
    from submissions.task_forms import contacts_form_group

    with translation.override(language):
        group = contacts_form_group({}, submission)
        group.is_valid()
        messages = dict(group.error_summary())
    assert messages["id_municipality_contact-email"] == municipality
    assert messages["id_enterprise_contact-email"] == enterprise
