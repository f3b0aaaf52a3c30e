"""What editors change in the admin reaches the public pages at once, cache or not."""

import pytest
from django.core.cache import cache
from django.test import Client

from editorial import services
from submissions.models import Person
from submissions.workflow import State
from tests.editorial.test_workflow_admin import admin_form_data, change_url
from tests.publishing.factories import make_case

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


def test_an_admin_edit_of_a_published_case_shows_on_the_cached_pages(editor_client, published):
    reader = Client()
    assert "Gammel tittel" in reader.get("/eksempler/").content.decode()
    data = admin_form_data(editor_client, published)
    data["title"] = "Ny tittel"
    assert editor_client.post(change_url(published), data).status_code == 302
    listing = reader.get("/eksempler/").content.decode()
    assert "Ny tittel" in listing
    assert "Gammel tittel" not in listing


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


def test_erased_contact_details_leave_the_cached_case_page_at_once(published, editor):
    reader = Client()
    assert "municipality@example.no" in reader.get(f"/eksempler/{published.slug}/").content.decode()
    services.erase_person(published.people.get(side=Person.Side.MUNICIPALITY), by=editor)
    assert (
        "municipality@example.no"
        not in reader.get(f"/eksempler/{published.slug}/").content.decode()
    )
