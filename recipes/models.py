"""Recipes: one per form of collaboration, how a municipality and a social enterprise go about it.

The editors write them in Bokmål, with optional Nynorsk and English texts (an empty translation
shows the Bokmål text, as for the themes: `common.i18n.localized`). Readers see a recipe on
/oppskrifter/<slug>/ and in the book once it is published; its examples are found, not written:
the published cases with the same form of collaboration.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.i18n import localized
from submissions.models import Submission

Form = Submission.CollaborationForm
# "Other" is no one form, so it has no recipe.
RECIPE_FORMS = [(value, label) for value, label in Form.choices if value != Form.OTHER]
FORM_ORDER = {value: position for position, (value, _label) in enumerate(RECIPE_FORMS)}
TEXT_MAX_CHARS = 20_000
# The texts of a recipe, in the order readers get them.
TEXT_FIELDS = ("when_it_fits", "steps", "rules", "pitfalls")


def _text(label):
    return models.TextField(label, blank=True, max_length=TEXT_MAX_CHARS)


class RecipeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Recipe(models.Model):
    collaboration_form = models.CharField(
        _("form of collaboration"), max_length=30, choices=RECIPE_FORMS, unique=True
    )
    title = models.CharField(_("title"), max_length=200)
    title_nn = models.CharField(_("title (Nynorsk)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), unique=True)
    # Markdown, rendered as the cases' text is (publishing.markdown): no raw HTML.
    when_it_fits = _text(_("when it fits"))
    when_it_fits_nn = _text(_("when it fits (Nynorsk)"))
    when_it_fits_en = _text(_("when it fits (English)"))
    steps = _text(_("the steps"))
    steps_nn = _text(_("the steps (Nynorsk)"))
    steps_en = _text(_("the steps (English)"))
    rules = _text(_("rules to know"))
    rules_nn = _text(_("rules to know (Nynorsk)"))
    rules_en = _text(_("rules to know (English)"))
    pitfalls = _text(_("pitfalls"))
    pitfalls_nn = _text(_("pitfalls (Nynorsk)"))
    pitfalls_en = _text(_("pitfalls (English)"))
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Readers see a recipe on the web and in the book only once it is published."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = RecipeQuerySet.as_manager()

    class Meta:
        ordering = ["collaboration_form"]
        verbose_name = _("recipe")
        verbose_name_plural = _("recipes")

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        # The address readers get once it is published ("View on site" in the admin).
        return reverse("publishing:recipe", args=[self.slug])

    @property
    def position(self) -> int:
        """The form's place among the forms of collaboration: the recipes' order."""
        return FORM_ORDER.get(self.collaboration_form, len(FORM_ORDER))

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    def texts(self, language: str | None = None) -> dict[str, str]:
        """Each text (TEXT_FIELDS) in `language` (default: the active one), Bokmål where the
        translation is empty."""
        return {name: localized(self, name, language) for name in TEXT_FIELDS}

    def text_language(self, name: str, language: str | None = None) -> str:
        """The language of the text `texts()` gives for `name`: `language`, or "nb" where the
        Bokmål text stands in (so pages can mark it for screen readers and hyphenation)."""
        language = (language or get_language() or "nb")[:2]
        return language if getattr(self, f"{name}_{language}", "") else "nb"
