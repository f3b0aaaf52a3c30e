"""The recipes on the web: /oppskrifter/ and /oppskrifter/<slug>/ in three languages, published
recipes only, each with its published examples; the case page's link to its form's recipe."""

import pytest

from recipes import services
from tests.factories import make_case, unpublish
from tests.recipes.factories import make_recipe

pytestmark = pytest.mark.django_db


@pytest.fixture
def recipe(db):
    return make_recipe(
        "pilot",
        title="Pilotavtale",
        title_en="Pilot agreement",
        steps_nn="1. Skildre behovet.",
        pitfalls="- Piloten blir **permanent**.",
    )


def test_the_list_shows_published_recipes_with_their_published_examples_counted(
    client, call, recipe
):
    make_recipe("grant", slug="tilskudd", title="Tilskudd", published=False)
    make_case(call, title="Kystkafé")
    unpublish(make_case(call, title="Trukket"))
    page = client.get("/oppskrifter/").content.decode()
    assert 'href="/oppskrifter/pilot/"' in page
    assert "Pilotavtale" in page
    assert "1 eksempel</p>" in page
    assert "Tilskudd" not in page
    # Every page's menu leads here.
    assert 'href="/oppskrifter/"' in client.get("/").content.decode()


def test_a_recipe_page_has_its_texts_and_links_to_the_published_examples_of_its_form(
    client, call, recipe
):
    shown = make_case(call, title="Kystkafé")
    make_case(call, title="Vaskeri", collaboration_form="operating_agreement")
    unpublish(make_case(call, title="Trukket"))
    page = client.get("/oppskrifter/pilot/").content.decode()
    for text in ("Når det passer", "Slik går dere fram", "Regler å kjenne", "Fallgruver"):
        assert text in page
    assert "<strong>permanent</strong>" in page  # Markdown, rendered as the cases' is
    assert f'href="/eksempler/{shown.slug}/"' in page
    assert "Vaskeri" not in page
    assert "Trukket" not in page


def test_nynorsk_and_english_pages_with_the_bokmal_text_where_there_is_no_translation(
    client, recipe
):
    nynorsk = client.get("/nn/oppskrifter/pilot/").content.decode()
    assert "1. Skildre behovet." not in recipe.steps
    assert '<div lang="nn"><ol>\n<li>Skildre behovet.</li>' in nynorsk
    assert "Når det passar" in nynorsk
    # The Bokmål text that stands in is marked as Bokmål (screen readers, hyphenation).
    assert '<div lang="nb"><p>Over <strong>terskelverdien</strong>' in nynorsk
    english = client.get("/en/oppskrifter/pilot/").content.decode()
    assert "<h1" in english
    assert "Pilot agreement</h1>" in english
    assert "Beskriv behovet." in english  # no English steps: the Bokmål ones
    assert "When it fits" in english


@pytest.mark.parametrize(
    "address",
    [
        "/oppskrifter/tilskudd/",  # not published
        "/oppskrifter/finnes-ikke/",
        "/en/oppskrifter/tilskudd/",
        "/oppskrifter/%3Cscript%3E/",
        "/oppskrifter/" + "a" * 5000 + "/",
    ],
)
def test_unpublished_unknown_and_hostile_addresses_are_not_found(client, recipe, address):
    make_recipe("grant", slug="tilskudd", title="Tilskudd", published=False)
    assert client.get(address).status_code == 404


def test_a_recipes_text_is_escaped(client):
    make_recipe(
        title='<script>alert("t")</script>',
        steps='<img src=x onerror="alert(1)"> [lenke](javascript:alert(1))',
    )
    page = client.get("/oppskrifter/pilot/").content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert 'href="javascript' not in page
    assert "&lt;script&gt;" in page


def test_the_case_page_links_to_its_forms_published_recipe_only(
    client, call, recipe, django_capture_on_commit_callbacks
):
    pilot = make_case(call, title="Kystkafé")
    other = make_case(call, title="Dugnad", collaboration_form="other")
    link = 'href="/oppskrifter/pilot/">Oppskrift: Pilotavtale</a>'
    assert link in client.get(f"/eksempler/{pilot.slug}/").content.decode()
    assert "/oppskrifter/pilot/" not in client.get(f"/eksempler/{other.slug}/").content.decode()
    english = client.get(f"/en/eksempler/{pilot.slug}/").content.decode()
    assert 'href="/en/oppskrifter/pilot/">Recipe: Pilot agreement</a>' in english
    recipe.published = False
    with django_capture_on_commit_callbacks(execute=True):
        services.save_recipe(recipe, by=None)
    assert "Oppskrift:" not in client.get(f"/eksempler/{pilot.slug}/").content.decode()


def test_a_saved_recipe_shows_at_once_on_cached_pages(
    client, call, recipe, django_capture_on_commit_callbacks
):
    pilot = make_case(call, title="Kystkafé")
    assert "Gammel fallgruve" not in client.get("/oppskrifter/pilot/").content.decode()
    client.get(f"/eksempler/{pilot.slug}/")  # cached now
    recipe.pitfalls = "Gammel fallgruve"
    recipe.title = "Pilot 2.0"
    with django_capture_on_commit_callbacks(execute=True):
        services.save_recipe(recipe, by=None)
    assert "Gammel fallgruve" in client.get("/oppskrifter/pilot/").content.decode()
    assert "Oppskrift: Pilot 2.0" in client.get(f"/eksempler/{pilot.slug}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_recipes(type(recipe).objects.all())
    assert client.get("/oppskrifter/pilot/").status_code == 404


def test_a_recipe_with_many_examples_shows_the_newest_in_bounded_queries(
    client, call, recipe, django_assert_num_queries
):
    from publishing.recipe_pages import EXAMPLES_ON_RECIPE

    for number in range(EXAMPLES_ON_RECIPE + 1):
        make_case(call, title=f"Sak {number}")
    # The generation, the publisher and partners, the book link, the recipe, the examples with
    # their municipalities and enterprises, and the count: the same for any number of examples.
    with django_assert_num_queries(9):
        page = client.get("/oppskrifter/pilot/").content.decode()
    assert page.count('class="ds-card kb-case-card"') == EXAMPLES_ON_RECIPE
    assert f'href="/eksempler/?form=pilot">Alle {EXAMPLES_ON_RECIPE + 1} eksemplene</a>' in page


def test_the_sitemap_lists_published_recipes_only(client, recipe):
    make_recipe("grant", slug="tilskudd", title="Tilskudd", published=False)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/oppskrifter/pilot/" in sitemap
    assert "/en/oppskrifter/pilot/" in sitemap
    assert "/oppskrifter/tilskudd/" not in sitemap


def test_editors_preview_an_unpublished_recipe_never_cached_nor_indexed(editor_client, client):
    make_recipe("grant", slug="tilskudd", title="Tilskudd", published=False)
    preview = editor_client.get("/oppskrifter/tilskudd/")
    assert preview.status_code == 200
    assert "Forhåndsvisning" in preview.content.decode()
    assert preview["X-Robots-Tag"] == "noindex"
    assert "no-cache" in preview["Cache-Control"]
    client.logout()
    assert client.get("/oppskrifter/tilskudd/").status_code == 404
    assert "Tilskudd" not in client.get("/oppskrifter/").content.decode()
