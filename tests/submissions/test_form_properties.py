"""Property-based tests of the public forms' validators: whatever is typed, what they accept is
safe to store, to link to and to put in an e-mail header."""

import re
from urllib.parse import urlsplit

import pytest
from django import forms
from hypothesis import example, given, settings
from hypothesis import strategies as st
from stdnum.no import orgnr

from common.forms import CONTROL_CHARACTERS
from participation.forms import ToolSuggestionForm
from submissions.forms import EnterpriseForm, NewLinkForm
from submissions.task_forms import AboutForm

SCHEMES = ["", "http://", "https://", "javascript:", "JAVASCRIPT:", "data:", "file:///", "ftp://"]
SCHEMES += [
    "mailto:",
    "//",
    "java\tscript:",
    " javascript:",
    "\x00javascript:",
    "http:/",
    "vbscript:",
]
url_like = st.tuples(
    st.sampled_from(SCHEMES),
    st.text(max_size=30),
    st.sampled_from(["", "example.no", "127.0.0.1", "[::1]", "xn--kaf-dma.no", "a.b"]),
    st.text(max_size=10),
).map("".join)

URL_FIELDS = [
    AboutForm.base_fields["link"],
    ToolSuggestionForm.base_fields["link"],
    EnterpriseForm.base_fields["website"],
]


@settings(max_examples=300, deadline=None)
@given(st.one_of(url_like, st.text()))
@example("ftp://example.no/fil")  # Django's URLField alone accepts ftp and ftps
@example("ftps://example.no/fil")
def test_every_accepted_link_is_a_web_address(value):
    for field in URL_FIELDS:
        try:
            cleaned = field.clean(CONTROL_CHARACTERS.sub("", value))
        except forms.ValidationError:
            continue
        if not cleaned:
            continue
        assert urlsplit(cleaned).scheme in {"http", "https"}
        assert urlsplit(cleaned).netloc
        assert not re.search(r"\s", cleaned)
        assert len(cleaned) <= 500 or field.max_length is None


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.tuples(st.text(max_size=12), st.just("@"), st.text(max_size=12), st.just(".no")).map(
            "".join
        ),
        st.tuples(
            st.just("kari@example.no"),
            st.sampled_from(["\r\n", "\n", "\r", "\x00", ",", ";", " "]),
            st.just("Bcc: x@example.com"),
        ).map("".join),
    )
)
def test_an_accepted_email_address_is_one_line_and_one_address(value):
    form = NewLinkForm(data={"email": value, "homepage": ""})
    if not form.is_valid():
        return
    email = form.cleaned_data["email"]
    assert email.count("@") == 1
    assert not re.search(r"[\s,;]", email)
    assert not CONTROL_CHARACTERS.search(email)


@pytest.mark.django_db
@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=20), st.from_regex(r"\A[0-9 ]{9,13}\Z")))
def test_an_accepted_organisation_number_is_nine_valid_digits(value):
    form = EnterpriseForm(data={"name": "Grønn Start AS", "org_number": value, "website": ""})
    if not form.is_valid():
        return
    number = form.cleaned_data["org_number"]
    assert number == "" or (re.fullmatch(r"[0-9]{9}", number) and orgnr.is_valid(number))


@pytest.mark.django_db
@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2200))
def test_an_accepted_tool_description_is_within_its_limit_and_clean(description):
    form = ToolSuggestionForm(
        data={
            "title": "Veileder",
            "link": "https://example.no",
            "description": description,
            "audience": "municipality",
            "homepage": "",
        }
    )
    if not form.is_valid():
        assert "description" in form.errors or "title" in form.errors
        return
    cleaned = form.cleaned_data["description"]
    assert len(cleaned) <= form.fields["description"].max_length
    assert not CONTROL_CHARACTERS.search(cleaned)
    assert "\r" not in cleaned
