"""Recipes for the tests."""

from recipes.models import Recipe


def make_recipe(form="pilot", *, slug=None, title="Pilotavtale", published=True, **fields):
    defaults = {
        "when_it_fits": "Når kommunen vil prøve noe nytt i liten skala.",
        "steps": "1. Beskriv behovet.\n2. Avtal varighet.",
        "rules": "Over **terskelverdien** må det lyses ut.",
        "pitfalls": "- Piloten blir permanent uten at noen bestemte det.",
    }
    return Recipe.objects.create(
        collaboration_form=form,
        slug=slug or form.replace("_", "-"),
        title=title,
        published=published,
        **{**defaults, **fields},
    )
