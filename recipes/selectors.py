"""The reads of the recipes' pages, the case pages' link and the book: one query each."""

from django.db.models import Count

from recipes.models import Recipe
from submissions.models import Submission


def published_recipes() -> list[Recipe]:
    """Published recipes in the order of the forms of collaboration."""
    return sorted(Recipe.objects.published(), key=lambda recipe: recipe.position)


def recipe_page(slug: str, *, preview: bool = False) -> Recipe | None:
    """The published recipe at `slug`; with `preview` (staff, common.staff.may_preview) an
    unpublished one too."""
    recipes = Recipe.objects.all() if preview else Recipe.objects.published()
    return recipes.filter(slug=slug).first()


def recipe_for_form(collaboration_form: str) -> Recipe | None:
    """The published recipe of a case's form of collaboration, if there is one."""
    if not collaboration_form:
        return None
    return Recipe.objects.published().filter(collaboration_form=collaboration_form).first()


def examples_of(recipe: Recipe):
    """The published cases that used the recipe's form of collaboration (a queryset)."""
    return Submission.objects.published().filter(collaboration_form=recipe.collaboration_form)


def example_counts() -> dict[str, int]:
    """How many published cases used each form of collaboration."""
    rows = (
        Submission.objects.published()
        .values_list("collaboration_form")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return dict(rows)
