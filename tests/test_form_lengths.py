"""The same rule for lengths in the form and the model: every public form's text field that is
saved into a model field accepts at most what that field holds, so no input a form accepts
reaches the database as an error (PostgreSQL refuses an over-long value; SQLite would keep it).

ModelForms map their fields to their model by name; the plain forms (and a ModelForm's extra
fields) are mapped below by hand, and a text field in neither fails the test until it is."""

import contextlib
import inspect

import pytest
from django import forms
from django.core.exceptions import FieldDoesNotExist

from participation import forms as participation_forms
from participation.models import Input
from submissions import forms as submission_forms
from submissions import pitch_forms, task_forms
from submissions.models import Answer, EditApproval, Person, SocialEnterprise, Submission

PUBLIC_FORM_MODULES = (submission_forms, pitch_forms, task_forms, participation_forms)

# Form field -> the model field its value is saved into (or compared with).
SAVED_AS = {
    ("ContactForm", "name"): Person._meta.get_field("name"),
    ("ContactForm", "role"): Person._meta.get_field("role"),
    ("ContactForm", "email"): Person._meta.get_field("email"),
    ("ContactForm", "phone"): Person._meta.get_field("phone"),
    ("NewLinkForm", "email"): Submission._meta.get_field("submitter_email"),
    ("EditApprovalForm", "comment"): EditApproval._meta.get_field("comment"),
    ("ShortPitchForm", "enterprise_name"): SocialEnterprise._meta.get_field("name"),
    ("ShortPitchForm", "org_number"): SocialEnterprise._meta.get_field("org_number"),
    ("InputForm", "text"): Input._meta.get_field("text"),
    ("QuestionsForm", "answer"): Answer._meta.get_field("text"),
}
# The submitter is also a person of the case: their name and address become a Person's.
ALSO_SAVED_AS = {
    ("ShortPitchForm", "submitter_name"): Person._meta.get_field("name"),
    ("ShortPitchForm", "submitter_email"): Person._meta.get_field("email"),
}
# Text fields that are not saved into a model field (the honeypot is never saved).
NOT_SAVED = {
    (form, "homepage")
    for form in ("NewLinkForm", "ShortPitchForm", "InputForm", "ToolSuggestionForm")
}
# Typed with spaces, saved as nine digits (`compact_org_number`, tested below).
NORMALISED = {("EnterpriseForm", "org_number"), ("ShortPitchForm", "org_number")}


def public_forms():
    for module in PUBLIC_FORM_MODULES:
        for _name, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, forms.BaseForm) and form.__module__ == module.__name__:
                yield form


def text_fields(form):
    fields = dict(form.base_fields)
    if form is task_forms.QuestionsForm:  # its fields are made per question
        fields["answer"] = forms.CharField(max_length=task_forms.ANSWER_MAX_CHARS)
    for name, field in fields.items():
        if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.HiddenInput):
            yield name, field


def model_fields(form, name):
    """The model fields the form's field `name` is saved into, or None if it is not mapped."""
    key = (form.__name__, name)
    found = [mapping[key] for mapping in (SAVED_AS, ALSO_SAVED_AS) if key in mapping]
    meta = getattr(form, "_meta", None)
    model = getattr(meta, "model", None)
    if model is not None and key not in SAVED_AS:
        with contextlib.suppress(FieldDoesNotExist):  # a field of the form only
            found.append(model._meta.get_field(name))
    return found or None


CASES = [(form, name, field) for form in public_forms() for name, field in text_fields(form)]


@pytest.mark.parametrize(
    ("form", "name", "field"), CASES, ids=[f"{f.__name__}.{n}" for f, n, _x in CASES]
)
def test_a_public_form_accepts_no_more_than_the_model_holds(form, name, field):
    targets = model_fields(form, name)
    if (form.__name__, name) in NOT_SAVED | NORMALISED:
        return
    assert targets, f"{form.__name__}.{name}: map it in SAVED_AS or list it in NOT_SAVED"
    for target in targets:
        if target.max_length is None:
            continue  # a text column: the form's own bound is the cost rule's business
        assert field.max_length is not None, f"{form.__name__}.{name} has no limit"
        assert field.max_length <= target.max_length, (
            f"{form.__name__}.{name}: {field.max_length} > {target.model.__name__}."
            f"{target.name} ({target.max_length})"
        )


def test_the_walk_finds_the_public_forms():
    names = {form.__name__ for form in public_forms()}
    assert {"ShortPitchForm", "ContactForm", "MediaForm", "InputForm", "NewLinkForm"} <= names
    assert len(CASES) > 15


def test_an_organisation_number_is_saved_as_nine_digits_however_it_was_typed():
    org_number = SocialEnterprise._meta.get_field("org_number")
    assert submission_forms.compact_org_number("974 760 673") == "974760673"
    assert org_number.max_length == len("974760673")
    with pytest.raises(forms.ValidationError):
        submission_forms.compact_org_number("9" * 20)


@pytest.mark.django_db
def test_an_e_mail_address_longer_than_the_column_is_refused_by_the_contact_form():
    address = "a" * 60 + "." + "b" * 60 + "." + "c" * 60 + "@" + "d" * 60 + "." + "e" * 20 + ".no"
    assert len(address) > 254
    form = submission_forms.ContactForm(data={"name": "Kari", "role": "Leder", "email": address})
    assert not form.is_valid()
    assert "email" in form.errors
