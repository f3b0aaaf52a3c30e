import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client

from participation import services
from participation.models import Input, Moderation, Tool
from submissions.workflow import State
from tests.factories import BEFORE_DEADLINES, make_submission

pytestmark = pytest.mark.django_db


def input_data(**overrides):
    data = {
        "name": "Per Leser",
        "email": "per@example.no",
        "organisation": "Eksempel kommune",
        "text": "Ta med et eksempel fra Finnmark. Se https://example.no/rapport",
        "publish_consent": "on",
        "homepage": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_input_on_the_book_is_saved_for_moderation_and_confirmed_by_mail(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/innspill/", input_data())
    assert response.status_code == 302
    item = Input.objects.get()
    assert (item.submission, item.status, item.publish_consent) == (None, Moderation.PENDING, True)
    assert [m.to for m in mail.outbox] == [["per@example.no"]]
    assert "Per Leser" not in client.get("/innspill/").content.decode()


def test_only_approved_input_with_consent_is_public_and_email_never(client, db, editor):
    approved = Input.objects.create(
        name="Synlig", email="a@example.no", text="Godkjent tekst", publish_consent=True
    )
    private = Input.objects.create(
        name="Privat", email="b@example.no", text="Bare til redaksjonen", publish_consent=False
    )
    pending = Input.objects.create(
        name="Venter", email="c@example.no", text="Venter", publish_consent=True
    )
    services.moderate([approved, private], Moderation.APPROVED, by=editor)
    html = client.get("/innspill/").content.decode()
    assert "Godkjent tekst" in html
    assert "Bare til redaksjonen" not in html
    assert pending.text not in html
    assert "a@example.no" not in html


def test_input_on_a_published_case_shows_there_with_the_editors_answer(client, published, editor):
    response = client.post(f"/eksempler/{published.slug}/innspill/", input_data())
    assert response.status_code == 302
    item = Input.objects.get()
    assert item.submission == published
    services.moderate([item], Moderation.APPROVED, by=editor)
    item.answer = "Takk, vi ser på det."
    item.save()
    html = client.get(f"/eksempler/{published.slug}/innspill/").content.decode()
    assert "Ta med et eksempel fra Finnmark." in html
    assert "Takk, vi ser på det." in html
    assert 'href="https://example.no/rapport" rel="nofollow ugc noopener"' in html


def test_no_input_on_an_unpublished_case(client, call, clock):
    submission = make_submission(call)
    assert client.get(f"/eksempler/{submission.slug or 'x'}/innspill/").status_code == 404


def test_bad_input_keeps_the_text_and_says_why(client, db):
    response = client.post("/en/innspill/", input_data(email="ikke-en-adresse", text="Min tekst"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Min tekst" in html
    assert "Write “Your e-mail address” as an e-mail address, like name@example.no." in html
    assert Input.objects.count() == 0


def test_input_html_is_never_kept_live(client, db, editor):
    client.post(
        "/innspill/", input_data(text='<script>alert(1)</script> <a href="javascript:x">k</a>')
    )
    services.moderate(Input.objects.all(), Moderation.APPROVED, by=editor)
    html = client.get("/innspill/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="javascript:' not in html


def test_honeypot_and_rate_limit_guard_input(client, db, settings):
    assert client.post("/innspill/", input_data(homepage="spam")).status_code == 302
    assert Input.objects.count() == 0
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "input": 1}
    client.post("/innspill/", input_data())
    response = client.post("/en/innspill/", input_data(text="Nummer to"))
    assert response.status_code == 429
    assert "Too many messages" in response.content.decode()
    assert "Nummer to" in response.content.decode()
    assert Input.objects.count() == 1


def test_editor_turns_input_into_a_pitch_linked_to_it(
    call, clock, editor, django_capture_on_commit_callbacks
):
    item = Input.objects.create(
        name="Ola", email="ola@example.no", text="Vi samarbeider med kommunen om en kafé\nMer tekst"
    )
    with django_capture_on_commit_callbacks(execute=True):
        pitch = services.create_pitch_from_input(item, call=call, by=editor)
    item.refresh_from_db()
    assert item.pitch == pitch
    assert (pitch.title, pitch.state, pitch.submitter_email) == (
        "Vi samarbeider med kommunen om en kafé",
        State.PITCH_RECEIVED,
        "ola@example.no",
    )
    assert [m.to for m in mail.outbox] == [["ola@example.no"]]
    assert pitch.people.get().current_consents() == {}


def test_moderation_in_the_admin_with_counts_and_bulk_actions(editor_client, editor):
    client = editor_client
    items = [Input.objects.create(name=f"N{i}", email="x@example.no", text="t") for i in range(3)]
    page = client.get("/admin/participation/input/").content.decode()
    assert 'href="?status__exact=pending"' in page
    client.post(
        "/admin/participation/input/",
        {"action": "mark_spam", "_selected_action": [items[0].pk, items[1].pk]},
    )
    assert list(Input.objects.order_by("pk").values_list("status", flat=True)) == [
        "spam",
        "spam",
        "pending",
    ]
    assert Input.objects.get(pk=items[0].pk).moderated_by == editor


def test_suggested_tool_waits_for_moderation_then_shows_in_the_toolbox(client, db, editor):
    response = client.post(
        "/verktoy/foresla/",
        {
            "title": "Veileder for innovative anskaffelser",
            "link": "anskaffelser.example.no/veileder",
            "description": "Hvordan kjøpe fra sosiale entreprenører.",
            "audience": "municipality",
            "suggested_by_name": "",
            "suggested_by_email": "",
            "homepage": "",
        },
    )
    assert response.status_code == 302
    tool = Tool.objects.get()
    assert (tool.status, tool.link) == (
        Moderation.PENDING,
        "https://anskaffelser.example.no/veileder",
    )
    assert "Veileder for innovative" not in client.get("/verktoy/").content.decode()
    services.moderate([tool], Moderation.APPROVED, by=editor)
    html = client.get("/verktoy/").content.decode()
    assert "Veileder for innovative anskaffelser" in html
    assert 'rel="nofollow ugc noopener"' in html


def test_toolbox_groups_tools_by_theme_with_a_constant_number_of_queries(
    client, db, django_assert_num_queries
):
    from submissions.models import Theme

    theme = Theme.objects.create(name="Anskaffelser", slug="anskaffelser")
    for i in range(3):
        tool = Tool.objects.create(
            title=f"Verktøy {i}", description="d", link="https://e.no", status=Moderation.APPROVED
        )
        tool.themes.set([theme])
    Tool.objects.create(title="Generelt", description="d", link="https://e.no", status="approved")
    client.get("/verktoy/")  # warm the session and caches
    # + the book's download link in the footer, the publisher and its partners
    with django_assert_num_queries(6):
        html = client.get("/verktoy/").content.decode()
    assert html.index("Anskaffelser") < html.index("Verktøy 0") < html.index("Generelt")


def tool_and_input_on_the_case_page(case, *, input_status) -> tuple[Tool, Input]:
    """An approved tool of the case's theme and an input on the case, with an empty page cache
    (pages cached by earlier tests share generation 0)."""
    from django.core.cache import cache

    from submissions.models import Theme

    cache.clear()
    theme = Theme.objects.create(name="Arbeid", slug="arbeid")
    case.themes.set([theme])
    tool = Tool.objects.create(
        title="Avtalemal", description="d", link="https://e.no", status=Moderation.APPROVED
    )
    tool.themes.set([theme])
    item = Input.objects.create(
        submission=case,
        name="Per",
        email="p@example.no",
        text="Godt eksempel!",
        publish_consent=True,
        status=input_status,
    )
    return tool, item


def test_approved_input_and_theme_tools_show_on_the_cached_case_page(
    client, published, editor, django_capture_on_commit_callbacks
):
    _tool, item = tool_and_input_on_the_case_page(published, input_status=Moderation.PENDING)
    page = client.get(f"/eksempler/{published.slug}/").content.decode()
    assert "Godt eksempel!" not in page
    assert "Avtalemal" in page
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate([item], Moderation.APPROVED, by=editor)
    assert "Godt eksempel!" in client.get(f"/eksempler/{published.slug}/").content.decode()


def test_published_input_shows_newest_first_twenty_a_page(client, db, clock):
    for minute in range(21):
        Input.objects.create(
            name="Per",
            email="per@example.no",
            text=f"Innspill nummer {minute:02d}",
            publish_consent=True,
            status=Moderation.APPROVED,
            created_at=BEFORE_DEADLINES + dt.timedelta(minutes=minute),
        )

    def shown(query=""):
        page = client.get(f"/en/innspill/{query}").content.decode()
        return page, re.findall(r"Innspill nummer (\d\d)", page)

    first, numbers_of_first_page = shown()
    assert numbers_of_first_page == [f"{minute:02d}" for minute in range(20, 0, -1)]
    assert '<li aria-current="page">1 / 2</li>' in first
    assert '<a class="ds-button" data-variant="secondary" href="?side=2">Older</a>' in first
    second, numbers = shown("?side=2")
    assert numbers == ["00"]
    assert '<a class="ds-button" data-variant="secondary" href="?side=1">Newer</a>' in second
    # A page number out of range or not a number shows the nearest page, never an error.
    assert shown("?side=9")[1] == ["00"]
    assert shown("?side=x")[1] == numbers_of_first_page


def test_deleting_a_tool_or_input_in_the_admin_takes_it_off_the_cached_case_page(
    published, editor_client, admin_client, django_capture_on_commit_callbacks
):
    reader = Client()  # editor_client signs in the `client` fixture itself
    tool, item = tool_and_input_on_the_case_page(published, input_status=Moderation.APPROVED)
    case_page = f"/eksempler/{published.slug}/"
    page = reader.get(case_page).content.decode()  # now cached
    assert "Avtalemal" in page
    assert "Godt eksempel!" in page

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"/admin/participation/tool/{tool.pk}/delete/", {"post": "yes"})
    assert "Avtalemal" not in reader.get(case_page).content.decode()
    # A superuser: the editors' groups may not delete input (no participation.delete_input in
    # editorial.roles.EDITOR_PERMISSIONS); they reject it or mark it as spam instead.
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/participation/input/",
            {"action": "delete_selected", "_selected_action": [item.pk], "post": "yes"},
        )
    assert "Godt eksempel!" not in reader.get(case_page).content.decode()
    assert not Tool.objects.exists()
    assert not Input.objects.exists()
