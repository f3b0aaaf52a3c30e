"""Recipes: their texts in three languages, the rules of the model, and the editors' admin
(in the editors' language, with history, every write through the services)."""

import pytest
from django.core.exceptions import ValidationError

from recipes.models import Recipe
from tests.recipes.factories import make_recipe

pytestmark = pytest.mark.django_db

ADD = "/admin/recipes/recipe/add/"


def test_a_translation_stands_in_for_the_bokmal_text_only_where_it_is_written():
    recipe = make_recipe(title_nn="Pilotavtale på nynorsk", steps_nn="1. Skildre behovet.")
    nynorsk = recipe.texts("nn")
    assert nynorsk["steps"] == "1. Skildre behovet."
    assert nynorsk["rules"] == recipe.rules  # no Nynorsk text: the Bokmål one
    assert recipe.texts("en")["steps"] == recipe.steps
    assert list(nynorsk) == ["when_it_fits", "steps", "rules", "pitfalls"]


def test_one_recipe_per_form_and_none_for_other():
    make_recipe("pilot")
    with pytest.raises(ValidationError) as twice:
        Recipe(collaboration_form="pilot", slug="pilot-2", title="Igjen").full_clean()
    assert "collaboration_form" in twice.value.message_dict
    with pytest.raises(ValidationError) as other:
        Recipe(collaboration_form="other", slug="annet", title="Annet").full_clean()
    assert "collaboration_form" in other.value.message_dict


def _add_data(**changes):
    return {
        "collaboration_form": "pilot",
        "slug": "pilotavtale",
        "title": "Pilotavtale",
        "when_it_fits": "Når kommunen vil prøve.",
        "published": "on",
        **changes,
    }


def test_an_editor_writes_a_recipe_in_the_admin_and_its_history_names_them(editor_client, editor):
    form = editor_client.get(ADD)
    assert form.status_code == 200
    page = form.content.decode()
    # The editors' language (Bokmål by default), with the three languages' texts.
    for label in ("Når det passer", "Fallgruver", "Nynorsk", "Engelsk"):
        assert label in page, label
    response = editor_client.post(ADD, _add_data())
    assert response.status_code == 302
    recipe = Recipe.objects.get()
    change = f"/admin/recipes/recipe/{recipe.pk}/change/"
    data = _add_data(steps="1. Ring kommunen.", title_en="Pilot agreement")
    assert editor_client.post(change, data).status_code == 302
    history = list(recipe.history.order_by("history_date"))
    assert [entry.history_user for entry in history] == [editor, editor]
    assert history[-1].steps == "1. Ring kommunen."
    assert history[0].steps == ""
    assert editor_client.get(change.replace("change/", "history/")).status_code == 200


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"collaboration_form": "other"}, "collaboration_form"),
        ({"steps": "x" * 20_001}, "steps"),
        ({"slug": "<script>"}, "slug"),
    ],
)
def test_the_admin_says_which_field_is_wrong_and_keeps_the_text(editor_client, changes, field):
    make_recipe("grant", slug="tilskudd")
    response = editor_client.post(ADD, _add_data(**changes))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert "Når kommunen vil prøve." in response.content.decode()
    assert not Recipe.objects.filter(collaboration_form="pilot").exists()
