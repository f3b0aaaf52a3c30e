"""The recipes' public pages: /oppskrifter/ and /oppskrifter/<slug>/ (recipes.selectors reads
them). Only published recipes; each links to the published examples that used its form."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from publishing import selectors
from publishing.cache import cache_public_page
from recipes import selectors as recipes

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
    recipe = recipes.recipe_page(slug)
    if recipe is None:
        raise Http404
    examples, total = _examples(recipe)
    context = {"recipe": recipe, "texts": recipe.texts(), "examples": examples, "total": total}
    return render(request, "publishing/recipe_detail.html", context)


def _examples(recipe) -> tuple[list, int]:
    """The newest EXAMPLES_ON_RECIPE examples of the recipe's form, and how many there are (a
    count query only when there may be more)."""
    newest = selectors.order_cases(recipes.examples_of(recipe), "newest")
    examples = list(selectors.with_card_data(newest)[:EXAMPLES_ON_RECIPE])
    if len(examples) < EXAMPLES_ON_RECIPE:
        return examples, len(examples)
    return examples, recipes.examples_of(recipe).count()
