"""Hostile strings in readers' input and suggested tools, before and after an editor approves them.

Every string of the Big List of Naughty Strings (tests/data/blns.json) and our own below goes
through the input form (on the book and on a case) and the tool-suggestion form. For each:
never a 500; either saved as typed minus control characters, or refused with a message next to
the field and shown back as typed; and once an editor has approved it, shown escaped on the
public pages (/innspill/, the case's input page, the case page, /verktoy/) and in the admin.

To keep the run short, one POST carries a different string in each text field, and a POST with
refused fields is sent again with those fields set to harmless values.
"""

import re

import pytest
from django.test import Client
from django.utils.html import escape

from common.forms import clean_text, kept_length
from common.templatetags.kokebok_tags import reader_text
from participation.models import Input, Tool
from submissions.models import Theme
from tests.factories import make_editor
from tests.hostile import (
    LIVE_SCRIPT,
    assert_no_live_markup,
    chunks,
    hostile_strings,
    parametrize_chunks,
    stored,
)

# Our own, aimed at what these pages do with readers' text: web addresses become links.
OUR_STRINGS = [
    LIVE_SCRIPT,
    '"><script>alert(1)</script>',
    "' onfocus='alert(1)' autofocus='",
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">klikk</a>',
    "https://example.no/<script>alert(1)</script>",
    'https://example.no/"onmouseover="alert(1)',
    "www.example.no/'><svg onload=alert(1)>",
    "se https://example.no/a?b=<img src=x onerror=alert(1)>",
    "mailto:per@example.no?subject=<script>",
    "<https://example.no/vinkel>",
    '<img src="http://127.0.0.1:9/x.png">',
    "[klikk her](javascript:alert(1))",
]
STRINGS = hostile_strings(OUR_STRINGS)


INPUT_TEXT_FIELDS = ["name", "organisation", "text"]
INPUT_HARMLESS = {
    "name": "Per Leser",
    "email": "per@example.no",
    "organisation": "Eksempel kommune",
    "text": "Et nyttig innspill.",
    "publish_consent": "on",
    "homepage": "",
}
INPUT_OTHER_FIELDS = ["email", "publish_consent"]

TOOL_TEXT_FIELDS = ["title", "description", "suggested_by_name"]
TOOL_HARMLESS = {
    "title": "Veileder",
    "link": "https://example.no/veileder",
    "description": "Om anskaffelser.",
    "audience": "both",
    "suggested_by_name": "",
    "suggested_by_email": "",
    "homepage": "",
}
TOOL_OTHER_FIELDS = ["link", "audience", "themes", "suggested_by_email"]


def assert_refused_next_to_the_field_and_kept(page: str, form, field: str, typed: str):
    """The message is in the field's own error element, and what was typed is in the field."""
    block = re.search(rf'id="id_{field}_error"[^>]*>(.*?)</div>', page, re.S)
    assert block, field
    for message in form.errors[field]:
        assert f"<p>{escape(message)}</p>" in block.group(1), (field, message)
    kept = typed[: kept_length(form.fields[field])]  # what the form keeps of it
    assert escape(clean_text(kept)) in page, f"{field} not kept: {typed[:80]!r}"


def post_until_saved(client, url: str, data: dict, defaults: dict, hostile: list[str]) -> set:
    """POST `data`; while text fields are refused, check the page and resend them harmless.

    Returns the fields that were refused on the way.
    """
    refused: set[str] = set()
    for _attempt in range(3):
        response = client.post(url, data)
        if response.status_code == 302:
            return refused
        assert response.status_code == 200
        page = response.content.decode()
        assert_no_live_markup(page, hostile)
        form = response.context["form"]
        assert form.errors, "refused without saying why"
        assert not form.non_field_errors(), form.non_field_errors()
        for field in form.errors:
            assert_refused_next_to_the_field_and_kept(page, form, field, data[field])
        assert not set(form.errors) & refused
        refused |= set(form.errors)
        data = {**data, **{field: defaults[field] for field in form.errors}}
    raise AssertionError(f"still not saved after resending {sorted(refused)}")


def pages_of(client, url: str, count: int, per_page: int = 20) -> str:
    """Every page of a paged list, as one string."""
    pages = [client.get(f"{url}?side={number}") for number in range(1, count // per_page + 2)]
    assert all(page.status_code == 200 for page in pages)
    return "".join(page.content.decode() for page in pages)


@pytest.fixture
def no_rate_limits(settings):
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, 1_000_000)
    settings.RATE_LIMITS_PER_CASE = dict.fromkeys(settings.RATE_LIMITS_PER_CASE, 1_000_000)


@pytest.fixture
def editor_browser(db):
    """A KMD editor in a browser of their own, so readers' pages are seen without a session.

    Signed in without a password, which would cost a second of hashing in every test.
    """
    browser = Client()
    browser.force_login(make_editor())
    return browser


def approve_all(editor_browser, model_url: str, pks: list[int]):
    response = editor_browser.post(
        f"/admin/participation/{model_url}/", {"action": "approve", "_selected_action": pks}
    )
    assert response.status_code == 302


def assert_admin_pages_show_no_live_markup(editor_browser, model_url: str, pks, strings):
    base = f"/admin/participation/{model_url}/"
    changelist = editor_browser.get(base)
    assert changelist.status_code == 200
    assert_no_live_markup(changelist.content.decode(), strings)
    for pk in pks:
        for page in (f"{base}{pk}/change/", f"{base}{pk}/history/"):
            response = editor_browser.get(page)
            assert response.status_code == 200, page
            assert_no_live_markup(response.content.decode(), strings)


# --- Input ---


@parametrize_chunks(STRINGS, 3 * 20)
def test_hostile_input_is_saved_as_typed_and_shown_escaped_once_approved(
    client, published, no_rate_limits, editor_browser, strings
):
    urls = ["/en/innspill/", f"/en/eksempler/{published.slug}/innspill/"]
    typed_per_post = [
        dict(zip(INPUT_TEXT_FIELDS, batch, strict=False)) for batch in chunks(strings, 3)
    ]
    kept_per_post = []
    for number, typed in enumerate(typed_per_post):
        data = {**INPUT_HARMLESS, **typed}
        refused = post_until_saved(client, urls[number % 2], data, INPUT_HARMLESS, strings)
        kept_per_post.append({key: stored(typed[key]) for key in typed.keys() - refused})

    items = list(Input.objects.order_by("pk"))
    assert len(items) == len(typed_per_post)
    for number, (item, kept) in enumerate(zip(items, kept_per_post, strict=True)):
        assert item.submission == (published if number % 2 else None)
        for key, value in kept.items():
            assert getattr(item, key) == value, key

    approve_all(editor_browser, "input", [item.pk for item in items])
    public = pages_of(client, urls[0], len(items)) + pages_of(client, urls[1], len(items))
    case_page = client.get(f"/en/eksempler/{published.slug}/").content.decode()
    assert_no_live_markup(public + case_page, strings)
    for item in items:
        assert escape(item.name) in public
        assert escape(item.organisation) in public
        assert reader_text(item.text) in public
    assert_admin_pages_show_no_live_markup(
        editor_browser, "input", [item.pk for item in items], strings
    )


@parametrize_chunks(STRINGS, len(INPUT_OTHER_FIELDS) * 50)
def test_hostile_strings_in_the_input_address_and_consent_are_refused_or_harmless(
    client, db, no_rate_limits, strings
):
    for typed in chunks(strings, len(INPUT_OTHER_FIELDS)):
        data = {**INPUT_HARMLESS, **dict(zip(INPUT_OTHER_FIELDS, typed, strict=False))}
        response = client.post("/en/innspill/", data)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            page = response.content.decode()
            assert_no_live_markup(page, typed)
            assert set(response.context["form"].errors) == {"email"}
            assert_refused_next_to_the_field_and_kept(
                page, response.context["form"], "email", data["email"]
            )
    # Whatever the checkbox was sent, it reads as consent given: never as an error.
    assert all(item.publish_consent for item in Input.objects.all())


# --- Tools ---


@parametrize_chunks(STRINGS, 3 * 20)
def test_hostile_tool_suggestions_are_saved_as_typed_and_shown_escaped_once_approved(
    client, db, no_rate_limits, editor_browser, strings
):
    typed_per_post = [
        dict(zip(TOOL_TEXT_FIELDS, batch, strict=False)) for batch in chunks(strings, 3)
    ]
    kept_per_post = []
    for typed in typed_per_post:
        data = {**TOOL_HARMLESS, **typed}
        refused = post_until_saved(client, "/en/verktoy/foresla/", data, TOOL_HARMLESS, strings)
        kept_per_post.append({key: stored(typed[key]) for key in typed.keys() - refused})

    tools = list(Tool.objects.order_by("pk"))
    assert len(tools) == len(typed_per_post)
    for tool, kept in zip(tools, kept_per_post, strict=True):
        for key, value in kept.items():
            assert getattr(tool, key) == value, key

    approve_all(editor_browser, "tool", [tool.pk for tool in tools])
    toolbox = client.get("/en/verktoy/").content.decode()
    assert_no_live_markup(toolbox, strings)
    for tool in tools:
        assert escape(tool.title) in toolbox
        assert reader_text(tool.description) in toolbox
    assert_admin_pages_show_no_live_markup(
        editor_browser, "tool", [tool.pk for tool in tools], strings
    )


@parametrize_chunks(STRINGS, len(TOOL_OTHER_FIELDS) * 25)
def test_hostile_strings_in_the_tool_link_choices_and_address_are_refused_cleanly(
    client, db, no_rate_limits, editor_browser, strings
):
    Theme.objects.create(slug="arbeid", name="Arbeid")
    for typed in chunks(strings, len(TOOL_OTHER_FIELDS)):
        data = {**TOOL_HARMLESS, **dict(zip(TOOL_OTHER_FIELDS, typed, strict=False))}
        response = client.post("/en/verktoy/foresla/", data)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            page = response.content.decode()
            assert_no_live_markup(page, typed)
            form = response.context["form"]
            assert form.errors
            for field in form.errors.keys() & {"link", "suggested_by_email"}:
                assert_refused_next_to_the_field_and_kept(page, form, field, data[field])
    # A link that got through is a web address, and shown as one.
    tools = list(Tool.objects.all())
    assert all(tool.link.startswith(("http://", "https://")) for tool in tools)
    if tools:
        approve_all(editor_browser, "tool", [tool.pk for tool in tools])
        toolbox = client.get("/en/verktoy/").content.decode()
        assert_no_live_markup(toolbox, strings)
        for tool in tools:
            assert f'<a href="{escape(tool.link)}" rel="nofollow ugc noopener"' in toolbox


@pytest.mark.parametrize("theme", ["99999999999999999999999", "-1", "1e9", "<b>arbeid</b>"])
def test_a_theme_that_does_not_exist_is_refused_with_a_message(client, db, theme):
    Theme.objects.create(slug="arbeid", name="Arbeid")
    response = client.post("/en/verktoy/foresla/", {**TOOL_HARMLESS, "themes": [theme]})
    assert response.status_code == 200
    assert response.context["form"].errors["themes"] == ["Choose one of the options for “Themes”."]
    assert Tool.objects.count() == 0


def test_themes_are_chosen_by_their_slug(client, db):
    theme = Theme.objects.create(slug="arbeid", name="Arbeid")
    form_page = client.get("/en/verktoy/foresla/").content.decode()
    assert 'name="themes" value="arbeid"' in form_page
    client.post("/en/verktoy/foresla/", {**TOOL_HARMLESS, "themes": ["arbeid"]})
    assert list(Tool.objects.get().themes.all()) == [theme]
