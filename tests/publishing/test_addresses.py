"""A published case keeps answering at every address it ever had."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from submissions.addresses import change_slug
from submissions.models import OldSlug
from submissions.workflow import State
from tests.factories import make_case, unpublish

pytestmark = pytest.mark.django_db


def test_old_address_redirects_permanently_to_the_new_one(client, call):
    case = make_case(call, title="Gammel tittel")
    change_slug(case, "ny-adresse")
    response = client.get("/en/eksempler/gammel-tittel/")
    assert response.status_code == 301
    assert response["Location"] == "/en/eksempler/ny-adresse/"
    assert client.get("/en/eksempler/ny-adresse/").status_code == 200


def test_every_earlier_address_redirects_to_the_current_one(client, call):
    case = make_case(call, title="En")
    change_slug(case, "to")
    change_slug(case, "tre")
    assert client.get("/eksempler/en/")["Location"] == "/eksempler/tre/"
    assert client.get("/eksempler/to/")["Location"] == "/eksempler/tre/"


def test_old_address_of_an_unpublished_case_is_404_for_readers(editor_client, call):
    case = make_case(call, title="Gammel")
    change_slug(case, "ny")
    unpublish(case)
    assert Client().get("/en/eksempler/gammel/").status_code == 404
    assert editor_client.get("/en/eksempler/gammel/")["Location"] == "/en/eksempler/ny/"


def test_change_slug_records_the_old_one_only_for_a_case_that_was_published(call):
    never = make_case(call, state=State.APPROVED, title="Aldri publisert")
    never.slug = "forhandsvalgt"
    never.save()
    change_slug(never, "endret")
    assert OldSlug.objects.count() == 0
    published = make_case(call, title="Publisert")
    change_slug(published, "publisert-ny")
    published.refresh_from_db()
    assert (published.slug, list(published.old_slugs.values_list("slug", flat=True))) == (
        "publisert-ny",
        ["publisert"],
    )


def test_change_slug_can_take_back_an_address_the_case_had(client, call):
    case = make_case(call, title="Tilbake")
    change_slug(case, "midlertidig")
    change_slug(case, "tilbake")
    assert list(case.old_slugs.values_list("slug", flat=True)) == ["midlertidig"]
    assert client.get("/eksempler/tilbake/").status_code == 200
    assert client.get("/eksempler/midlertidig/")["Location"] == "/eksempler/tilbake/"


def test_change_slug_refuses_an_address_another_case_has_or_had(call):
    first = make_case(call, title="Første")
    change_slug(first, "forste-ny")
    second = make_case(call, title="Andre")
    for taken in ("forste-ny", "forste"):
        with pytest.raises(ValidationError) as error:
            change_slug(second, taken)
        assert error.value.code == "slug_taken"
    with pytest.raises(ValidationError):
        change_slug(second, "ikke en slug")
    second.refresh_from_db()
    assert second.slug == "andre"


def test_change_slug_is_a_new_version_in_the_history(call, editor):
    case = make_case(call, title="Versjon")
    version = case.version
    change_slug(case, "versjon-2", by=editor)
    case.refresh_from_db()
    assert case.version == version + 1
    latest = case.history.first()
    assert (latest.slug, latest.history_user, latest.history_change_reason) == (
        "versjon-2",
        editor,
        "address versjon → versjon-2",
    )
