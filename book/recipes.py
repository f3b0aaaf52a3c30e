"""The book's recipes: each published recipe's texts, and the examples in this book that used
its form of collaboration (the template gives their page numbers with CSS target-counter)."""

from dataclasses import dataclass, field

from book.text import book_markdown
from recipes.models import TEXT_FIELDS


@dataclass
class PrintedRecipe:
    recipe: object
    # Each of recipes.models.TEXT_FIELDS as HTML (Bokmål: the book's language).
    texts: dict
    examples: list = field(default_factory=list)


def printed_recipes(recipes, chapters, *, only_with_examples=False) -> list[PrintedRecipe]:
    """The recipes with their texts rendered as the cases' are and their examples in book
    order. With `only_with_examples` (a book of one chapter) a recipe without any is left out."""
    printed = []
    for recipe in recipes:
        examples = [
            case
            for chapter in chapters
            for case in chapter.cases
            if case.collaboration_form == recipe.collaboration_form
        ]
        if only_with_examples and not examples:
            continue
        texts = {name: book_markdown(getattr(recipe, name)) for name in TEXT_FIELDS}
        printed.append(PrintedRecipe(recipe, texts, examples))
    return printed
