"""What editors change in the admin reaches the public pages at once, cache or not."""

import pytest
from django.core.cache import cache
from django.test import Client

from editorial import services
from submissions.models import Person, Theme
from submissions.workflow import State
from tests.editorial.test_workflow_admin import (
    admin_form_data,
    change_form_data,
    change_url,
    inline_row,
)
from tests.factories import make_case, make_theme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_page_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(call, clock):
    case = make_case(call, state=State.PUBLISHED, title="Gammel tittel")
    contact = case.people.get(side=Person.Side.MUNICIPALITY)
    services_module = __import__("submissions.services", fromlist=["answer_invitation"])
    services_module.answer_invitation(
        contact, participates=True, consents={"web": True}, language="nb"
    )
    return case


def test_an_admin_edit_of_a_published_case_shows_on_the_cached_pages(
    editor_client, published, django_capture_on_commit_callbacks
):
    reader = Client()
    page = f"/eksempler/{published.slug}/"
    assert "https://ny.example.no/" not in reader.get(page).content.decode()
    data = admin_form_data(editor_client, published)
    data["link"] = "https://ny.example.no/"
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(change_url(published), data).status_code == 302
    assert 'href="https://ny.example.no/"' in reader.get(page).content.decode()


def test_a_new_slug_in_the_admin_keeps_the_old_address_answering(editor_client, published):
    old = published.slug
    data = admin_form_data(editor_client, published)
    data["slug"] = "ny-adresse"
    assert editor_client.post(change_url(published), data).status_code == 302
    response = Client().get(f"/eksempler/{old}/")
    assert response.status_code == 301
    assert response["Location"] == "/eksempler/ny-adresse/"


def test_a_slug_another_case_had_is_refused_next_to_the_field(editor_client, published, call):
    other = make_case(call, state=State.PUBLISHED, title="Annen", submitter_email="x@example.no")
    data = admin_form_data(editor_client, other)
    data["slug"] = published.slug
    response = editor_client.post(change_url(other), data)
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors


def test_erased_contact_details_leave_the_cached_case_page_at_once(
    published, editor, django_capture_on_commit_callbacks
):
    reader = Client()
    assert "municipality@example.no" in reader.get(f"/eksempler/{published.slug}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.erase_person(published.people.get(side=Person.Side.MUNICIPALITY), by=editor)
    assert (
        "municipality@example.no"
        not in reader.get(f"/eksempler/{published.slug}/").content.decode()
    )


def test_an_editor_removing_a_contacts_phone_takes_it_off_the_cached_page(
    editor_client, published, django_capture_on_commit_callbacks
):
    contact = published.people.get(side=Person.Side.MUNICIPALITY)
    contact.phone = "+47 41 00 00 01"
    contact.save()
    reader = Client()
    page = f"/eksempler/{published.slug}/"
    assert "+47 41 00 00 01" in reader.get(page).content.decode()
    url = f"/admin/submissions/person/{contact.pk}/change/"
    data = {**change_form_data(editor_client, url), "phone": ""}
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(url, data).status_code == 302
    assert "+47 41 00 00 01" not in reader.get(page).content.decode()


@pytest.mark.parametrize("how", ["delete page", "bulk action"])
def test_deleting_a_theme_takes_it_off_the_cached_pages(
    editor_client, call, clock, django_capture_on_commit_callbacks, how
):
    theme = make_theme(slug="bolig", name="Bolig og nabolag")
    case = make_case(call, state=State.PUBLISHED, themes=[theme])
    reader = Client()
    page = f"/eksempler/{case.slug}/"
    assert "Bolig og nabolag" in reader.get(page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        if how == "delete page":
            url = f"/admin/submissions/theme/{theme.pk}/delete/"
            response = editor_client.post(url, {"post": "yes"})
        else:
            response = editor_client.post(
                "/admin/submissions/theme/",
                {"action": "delete_selected", "_selected_action": [theme.pk], "post": "yes"},
            )
    assert response.status_code == 302
    assert not Theme.objects.exists()
    assert "Bolig og nabolag" not in reader.get(page).content.decode()


def test_a_new_wording_of_a_guiding_question_shows_on_the_cached_case_page(
    editor_client, published, django_capture_on_commit_callbacks
):
    reader = Client()
    page = f"/eksempler/{published.slug}/"
    question = published.call.questions.first()
    assert question.text in reader.get(page).content.decode()
    url = f"/admin/submissions/call/{published.call.pk}/change/"
    data = change_form_data(editor_client, url)
    data[f"{inline_row(data, 'questions', question.pk)}-text"] = "Hva lærte dere av samarbeidet?"
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(url, data).status_code == 302
    assert "Hva lærte dere av samarbeidet?" in reader.get(page).content.decode()


def test_a_case_withdrawn_at_the_submitters_request_leaves_the_cached_pages(
    editor_client, published, django_capture_on_commit_callbacks
):
    reader = Client()
    assert "Gammel tittel" in reader.get("/eksempler/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            change_url(published, "transition/"),
            {"target": State.WITHDRAWN, "comment": "Innsenderen ba om det på e-post."},
        )
    assert response.status_code == 302
    assert "Gammel tittel" not in reader.get("/eksempler/").content.decode()
    assert reader.get(f"/eksempler/{published.slug}/").status_code == 404
