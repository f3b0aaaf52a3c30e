"""The recipes' public pages: /oppskrifter/ and /oppskrifter/<slug>/ (recipes.selectors reads
them). Only published recipes; each links to the published examples that used its form."""

from django.http import Http404
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from common.staff import may_preview
from publishing import selectors
from publishing.cache import cache_public_page
from recipes import selectors as recipes

# The recipe's texts (recipes.models.TEXT_FIELDS) under their headings, in the readers' order.
SECTIONS = [
    ("when_it_fits", _("When it fits")),
    ("steps", _("The steps")),
    ("rules", _("Rules to know")),
    ("pitfalls", _("Pitfalls")),
]
# A recipe page lists its examples newest first; the rest are a search away.
EXAMPLES_ON_RECIPE = 20


@require_safe
@cache_public_page
def recipe_list(request):
    counts = recipes.example_counts()
    items = [
        (recipe, counts.get(recipe.collaboration_form, 0)) for recipe in recipes.published_recipes()
    ]
    return render(request, "publishing/recipe_list.html", {"recipes": items})


@require_safe
@cache_public_page
def recipe_detail(request, slug):
    recipe = recipes.recipe_page(slug, preview=may_preview(request.user))
    if recipe is None:
        raise Http404
    examples, total = _examples(recipe)
    context = {
        "recipe": recipe,
        "description": recipe.texts()["when_it_fits"],
        "sections": _sections(recipe),
        "examples": examples,
        "total": total,
    }
    response = render(request, "publishing/recipe_detail.html", context)
    if not recipe.published:  # an editor's preview
        response["X-Robots-Tag"] = "noindex"
        add_never_cache_headers(response)
    return response


def _sections(recipe) -> list[tuple]:
    """(name, heading, text, language of the text) of each text the recipe has."""
    language = get_language()
    texts = recipe.texts(language)
    return [
        (name, heading, texts[name], recipe.text_language(name, language))
        for name, heading in SECTIONS
        if texts[name]
    ]


def _examples(recipe) -> tuple[list, int]:
    """The newest EXAMPLES_ON_RECIPE examples of the recipe's form, and how many there are (a
    count query only when there may be more)."""
    newest = selectors.order_cases(recipes.examples_of(recipe), "newest")
    examples = list(selectors.with_card_data(newest)[:EXAMPLES_ON_RECIPE])
    if len(examples) < EXAMPLES_ON_RECIPE:
        return examples, len(examples)
    return examples, recipes.examples_of(recipe).count()
