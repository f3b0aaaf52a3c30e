"""The colour of the book's cover in the publisher's settings: a hex colour, typed loosely and
stored as #RRGGBB, refused in the editor's language when white text on it would miss WCAG AA's
4.5:1 (with the contrast and a darker shade that passes), what was typed kept; hostile input
refused without an error page."""

import pytest

from publisher.colour import (
    DEFAULT_COVER_COLOUR,
    MIN_CONTRAST,
    contrast_with_white,
    cover_colour,
    darker_for_white_text,
)
from publisher.models import Publisher
from tests.publisher.test_publisher import admin_client, change_form_data  # noqa: F401

pytestmark = pytest.mark.django_db

URL = "/admin/publisher/publisher/1/change/"


def _post(client, colour, language="nb"):
    client.cookies["django_language"] = language
    return client.post(URL, change_form_data(cover_colour=colour))


def test_the_migrated_publisher_has_designsystemets_blue():
    assert Publisher.objects.get().cover_colour == DEFAULT_COVER_COLOUR == "#0062BA"


def test_a_dark_colour_typed_loosely_is_stored_as_hex(admin_client):  # noqa: F811
    assert _post(admin_client, "  8b1e3f ").status_code == 302
    assert Publisher.objects.get().cover_colour == "#8B1E3F"
    # In the history too.
    assert Publisher.history.latest("history_id").cover_colour == "#8B1E3F"


def test_a_light_colour_is_refused_with_its_contrast_and_a_darker_one(admin_client):  # noqa: F811
    response = _post(admin_client, "#FFCC00")

    assert response.status_code == 200
    page = response.content.decode()
    assert "på #FFCC00 er kontrasten bare 1,5:1" in page
    assert "minst 4,5:1 (WCAG AA). Fargen ble ikke lagret." in page
    assert "for eksempel #8F7200" in page
    assert 'value="#FFCC00"' in page
    assert Publisher.objects.get().cover_colour == DEFAULT_COVER_COLOUR


def test_just_under_the_limit_is_refused_and_never_rounded_up(admin_client):  # noqa: F811
    assert 4.47 < contrast_with_white("#777777") < MIN_CONTRAST
    response = _post(admin_client, "#777777", language="en")
    assert "its contrast is only 4.4:1" in response.content.decode()
    assert _post(admin_client, "#767676").status_code == 302


@pytest.mark.parametrize(
    "typed", ["blue", "#12345", "#GGGGGG", "<b>#0062BA", "\x00\x01", "#0062BA;x"]
)
def test_anything_but_a_hex_colour_is_refused_next_to_the_field(admin_client, typed):  # noqa: F811
    response = _post(admin_client, typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Skriv fargen som # og seks heksadesimale sifre") == 1
    assert "maksimalt" not in page
    assert Publisher.objects.get().cover_colour == DEFAULT_COVER_COLOUR


@pytest.mark.parametrize("colour", ["#FFCC00", "#FFFFFF", "#00FF00", "#0062BA", "#8B1E3F"])
def test_the_darker_shade_passes_and_is_the_lightest_that_does(colour):
    darker = darker_for_white_text(colour)
    assert contrast_with_white(darker) >= MIN_CONTRAST
    if contrast_with_white(colour) >= MIN_CONTRAST:
        assert darker == colour
    else:
        # One step lighter (1 % of the colour) would fail.
        lighter = [min(255, int(darker[i : i + 2], 16) + int(colour[i : i + 2], 16) // 100 + 1)
                   for i in (1, 3, 5)]  # fmt: skip
        assert contrast_with_white("#" + "".join(f"{c:02X}" for c in lighter)) < MIN_CONTRAST


def test_the_cover_falls_back_to_the_default_for_a_stored_bad_value():
    assert cover_colour("#8B1E3F") == "#8B1E3F"
    assert cover_colour('#FFF" onload="x') == DEFAULT_COVER_COLOUR
    assert cover_colour("#FFFF00") == DEFAULT_COVER_COLOUR
