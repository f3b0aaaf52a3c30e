"""What goes into the book, as queries that load it all in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import F, Prefetch

from common.text import norwegian_sort_key
from participation.models import Input, Moderation, Tool
from recipes.models import FORM_ORDER
from recipes.selectors import published_recipes
from submissions.models import (
    Answer,
    ConsentPurpose,
    County,
    Municipality,
    Person,
    Submission,
    Theme,
)


@dataclass
class FormHeading:
    """A form of collaboration as its chapter opener shows it, in a theme's shape (name, slug,
    introduction): the introduction is its recipe's "when it fits"."""

    name: str
    slug: str
    introduction: str = ""


@dataclass
class Chapter:
    # The theme, or in an edition grouped by form of collaboration the form's heading.
    theme: Theme | FormHeading | None
    cases: list = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"kapittel-{self.theme.slug}" if self.theme else "kapittel-andre"


def book_cases(*, draft: bool = False, theme: str | None = None):
    """The published cases (with `draft`, the approved ones too) in book order: by chapter
    (the main theme's position), then by first publication."""
    cases = Submission.objects.published()
    if draft:
        cases = cases | Submission.objects.filter(state=Submission.State.APPROVED)
    if theme:
        cases = cases.filter(main_theme__slug=theme)
    return with_book_data(cases).order_by(
        F("main_theme__position").asc(nulls_last=True),
        F("main_theme__name").asc(nulls_last=True),
        F("published_at").asc(nulls_last=True),
        "pk",
    )


def with_book_data(cases):
    """Everything a case's pages show: one query per relation, whatever the number of cases."""
    people = Person.objects.exclude(side=Person.Side.SUBMITTER).prefetch_related("consents")
    answers = Answer.objects.select_related("question").exclude(text="")
    return cases.select_related("main_theme").prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.select_related("county")),
        "enterprises",
        "themes",
        Prefetch("answers", queryset=answers),
        Prefetch("people", queryset=people),
    )


def chapters_of(cases) -> list[Chapter]:
    """The cases grouped by main theme, in the order given; cases without one come last."""
    chapters: dict[int | None, Chapter] = {}
    for case in cases:
        chapter = chapters.setdefault(case.main_theme_id, Chapter(case.main_theme))
        chapter.cases.append(case)
    return [chapter for key, chapter in chapters.items() if key is not None] + (
        [chapters[None]] if None in chapters else []
    )


def chapters_by_form(cases, recipes) -> list[Chapter]:
    """The cases grouped by form of collaboration, in the forms' order and the order given
    within each; cases with no form or "other" come last. Call it with Bokmål active."""
    introductions = {recipe.collaboration_form: recipe.when_it_fits for recipe in recipes}
    labels = dict(Submission.CollaborationForm.choices)
    chapters: dict[str | None, Chapter] = {}
    for case in sorted(cases, key=lambda case: FORM_ORDER.get(case.collaboration_form, 99)):
        form = case.collaboration_form if case.collaboration_form in FORM_ORDER else None
        if form not in chapters:
            chapters[form] = Chapter(
                FormHeading(str(labels[form]), form.replace("_", "-"), introductions.get(form, ""))
                if form
                else None
            )
        chapters[form].cases.append(case)
    return list(chapters.values())


def book_recipes() -> list:
    """The published recipes, in the forms' order: one query."""
    return published_recipes()


def book_contacts(case) -> list[Person]:
    """Contact people who consented to being printed in the book (prefetched)."""
    return [person for person in case.people.all() if person.may_show_contact(ConsentPurpose.BOOK)]


def toolbox(*, theme: str | None = None):
    tools = Tool.objects.filter(status=Moderation.APPROVED)
    if theme:
        tools = tools.filter(themes__slug=theme)
    return tools.order_by("position", "title")


# A flood of approved input must not blow up the book: it prints the newest this many, and says
# so (an input's text is at most INPUT_MAX_CHARS: some 150 pages at worst).
INPUTS_IN_BOOK = 200


@dataclass
class BookInputs:
    """The readers' input the book prints (newest first) and how many there are in all."""

    items: list
    total: int


def book_inputs(*, theme: str | None = None) -> BookInputs:
    """Approved input whose writer consented to publication, on the book or a published case
    (Input.objects.public(), the same rule as the web), newest first; with `theme`, only the
    input on that chapter's cases. At most two queries, whatever the number of items."""
    inputs = Input.objects.public()
    if theme:
        inputs = inputs.filter(submission__main_theme__slug=theme)
    items = list(
        inputs.select_related("submission").order_by("-created_at", "-pk")[:INPUTS_IN_BOOK]
    )
    total = len(items) if len(items) < INPUTS_IN_BOOK else inputs.count()
    return BookInputs(items=items, total=total)


def county_index(cases) -> list[tuple[County, list[tuple[Municipality, list]]]]:
    """The book's index: each county named by a case, in the reference data's order (by county
    number), and in it each municipality in Norwegian alphabetical order, with its cases in
    book order."""
    by_county: dict[int, tuple[County, dict[int, tuple[Municipality, list]]]] = {}
    for case in cases:
        for municipality in case.municipalities.all():
            _county, municipalities = by_county.setdefault(
                municipality.county_id, (municipality.county, {})
            )
            municipalities.setdefault(municipality.pk, (municipality, []))[1].append(case)
    return [
        (
            county,
            sorted(municipalities.values(), key=lambda item: norwegian_sort_key(item[0].name)),
        )
        for county, municipalities in sorted(by_county.values(), key=lambda c: c[0].number)
    ]
