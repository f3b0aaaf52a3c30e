"""The recipes' pages in a real browser: axe in three languages, and a reader going from a case
to its recipe and on to the recipe's examples, on a phone."""

import pytest

from tests.e2e.test_accessibility import assert_accessible
from tests.recipes.factories import make_recipe

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("prefix", ["", "/nn", "/en"])
def test_recipe_pages_have_no_violations(page, site, prefix):
    make_recipe("pilot", title="Pilotavtale", title_en="Pilot agreement")
    for path in ("/oppskrifter/", "/oppskrifter/pilot/", f"/eksempler/{site['case'].slug}/"):
        assert_accessible(page, prefix + path)


def test_a_reader_goes_from_a_case_to_its_recipe_and_back_on_a_phone(page, site):
    make_recipe("pilot", title="Pilotavtale")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"/eksempler/{site['case'].slug}/")
    page.get_by_role("link", name="Oppskrift: Pilotavtale").click()
    page.wait_for_url("**/oppskrifter/pilot/")
    assert page.get_by_role("heading", level=1).inner_text() == "Pilotavtale"
    page.get_by_role("link", name=site["case"].title).click()
    page.wait_for_url(f"**/eksempler/{site['case'].slug}/")
    page.get_by_text("Meny").click()
    page.get_by_role("link", name="Oppskrifter", exact=True).click()
    page.wait_for_url("**/oppskrifter/")
