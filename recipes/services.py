"""What editors do with recipes: save and delete, each telling readers (pages and book)."""

from django.db import transaction

from common.announcements import announce_public_change
from recipes.models import Recipe


@transaction.atomic
def save_recipe(recipe: Recipe, *, by) -> Recipe:
    """Save a recipe and tell readers: recipes are pages of their own, linked from the cases of
    their form, and a part of the book (so a change queues a rebuild)."""
    recipe._history_user = by
    recipe.save()
    announce_public_change()
    return recipe


@transaction.atomic
def delete_recipes(recipes) -> int:
    """Delete the recipes in the queryset `recipes` and tell readers."""
    count = len(recipes)
    recipes.delete()
    announce_public_change()
    return count
