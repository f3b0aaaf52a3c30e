"""The reader's filters on the list of cases, with how many cases each choice would show."""

import copy
from collections import Counter
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.form_messages import FieldMessagesMixin
from publishing import facets, selectors, word_index
from publishing.cache import memo_until_next_publication
from publishing.suggestions import resembling_choices
from submissions.models import Submission

SORT_CHOICES = [
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("relevance", _("Best match")),
]


class FixedChoices(BaseChoiceIterator):
    """Choices read once per publication: each request's form shares them as they are, where a
    list would be normalised and deep-copied again with every form (hundreds of municipalities
    on every search)."""

    def __init__(self, choices):
        self.choices = tuple(choices)

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)

    def __deepcopy__(self, memo):
        return self

    def __copy__(self):
        return self


class CheapCopy:
    """Every FilterSet deep-copies its filters (and the lazy labels and choices in them) for
    each request. Ours hold nothing a request changes but `extra["choices"]`, which is replaced,
    not changed, so a shallow copy does, with its method bound to the copy."""

    def __deepcopy__(self, memo):
        copied = copy.copy(self)
        copied.__dict__.pop("_field", None)
        copied.extra = dict(self.extra)
        copied.method = self.method  # the property binds a new FilterMethod to the copy
        return copied


class CharFilter(CheapCopy, django_filters.CharFilter):
    pass


class ChoiceFilter(CheapCopy, django_filters.ChoiceFilter):
    pass


class SharedFields(dict):
    """A form's fields, which each form deep-copies with their widgets and choices. Nothing
    changes these per request (the counts are kept on the filter set; crispy sets the same CSS
    class on a widget each time), so every request's form shares them."""

    def __deepcopy__(self, memo):
        return dict(self)


@dataclass
class Results:
    """The ids of the cases found, in order (a list, or word_index.OrderedIds, which a page
    slices), and per facet how many cases each choice would show (among the cases the *other*
    filters leave, so a reader sees it before choosing)."""

    ids: "list[int] | word_index.OrderedIds"
    counts: dict[str, Counter]


class CaseFilterForm(FieldMessagesMixin, forms.Form):
    """The filters' form: an unknown choice in the address says what to do, as every form does."""


class CaseFilter(django_filters.FilterSet):
    q = CharFilter(label=_("Search"), max_length=200, method="filter_search")
    theme = ChoiceFilter(label=_("Theme"), empty_label=_("All themes"), method="filter_theme")
    form = ChoiceFilter(
        label=_("Form of collaboration"),
        field_name="collaboration_form",
        choices=Submission.CollaborationForm.choices,
        empty_label=_("All forms"),
    )
    county = ChoiceFilter(label=_("County"), empty_label=_("All counties"), method="filter_county")
    municipality = ChoiceFilter(
        label=_("Municipality"), empty_label=_("All municipalities"), method="filter_municipality"
    )
    enterprise = CharFilter(
        label=_("Social enterprise"), max_length=200, method="filter_enterprise"
    )
    # Last, so that it runs after the search has added the rank it may sort by.
    sort = ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, empty_label=None, method="filter_sort"
    )

    class Meta:
        form = CaseFilterForm

    def __init__(self, data=None, **kwargs):
        data = data.copy() if data is not None else {}
        # Sorting always applies: by relevance when searching, else newest first.
        data.setdefault("sort", "relevance" if str(data.get("q", "")).strip() else "newest")
        super().__init__(data, **kwargs)
        self.counts = {}
        for name, choices in self._choices().items():
            self.filters[name].extra["choices"] = choices

    @staticmethod
    def _choices() -> dict[str, FixedChoices]:
        """The choices read from the database, once per publication and language (the themes'
        names are in the reader's language; the places are those of the published cases)."""
        kept = memo_until_next_publication("filter-choices")
        language = get_language()
        if language not in kept:
            kept[language] = {
                "theme": FixedChoices(selectors.theme_choices()),
                "county": FixedChoices(selectors.county_choices()),
                "municipality": FixedChoices(selectors.municipality_choices()),
            }
        return kept[language]

    def get_form_class(self):
        """One form class per publication and language: building it makes a field per filter,
        and its forms share the fields (`SharedFields`)."""
        classes = memo_until_next_publication("filter-forms")
        language = get_language()
        if language not in classes:
            form_class = super().get_form_class()
            form_class.base_fields = SharedFields(form_class.base_fields)
            classes[language] = form_class
        return classes[language]

    def filter_search(self, cases, name, value):
        return selectors.search_cases(cases, value)

    def filter_theme(self, cases, name, value):
        return cases.filter(selectors.in_theme(value))

    def filter_county(self, cases, name, value):
        return cases.filter(selectors.in_county(value))

    def filter_municipality(self, cases, name, value):
        return cases.filter(selectors.in_municipality(value))

    def filter_enterprise(self, cases, name, value):
        return cases.filter(selectors.with_enterprise_named(value))

    def filter_sort(self, cases, name, value):
        if value == "relevance" and not self.form.cleaned_data.get("q"):
            value = "newest"
        return selectors.order_cases(cases, value)

    def results(self) -> Results:
        """The cases the words and the enterprise leave, found in memory (the words alone:
        publishing.word_index) or by one query for their ids in order; the facets are chosen
        and counted from those (publishing.facets)."""
        self.form.is_valid()
        data = self.form.cleaned_data
        chosen = {name: data[name] for name in facets.FACETS if data.get(name)}
        found = self._found_in_memory()
        if found is not None:
            shown, counts = facets.narrow_mask(found.mask, chosen)
            return Results(found.ids(shown, self._search_sort()), counts)
        return Results(*facets.narrow(self._matching_ids(), chosen))

    def facet_counts(self) -> dict[str, Counter]:
        return self.results().counts

    def label_choices_with_counts(self, counts: dict[str, Counter]):
        """Keep per facet the number of cases each choice would show: "Pilot (3)" (written with
        the options, `publishing.list_page.select_options`). Kept here, not on the form's
        fields, which every request's form shares."""
        self.counts = counts

    def suggestions(self) -> list[dict]:
        """The choices of the filters whose names resemble the words searched for (for a search
        that found nothing), from the choices already loaded."""
        self.form.is_valid()
        text = self.form.cleaned_data.get("q") or ""
        names = ("theme", "form", "county", "municipality")
        found = resembling_choices(
            text, {name: self.filters[name].extra["choices"] for name in names}
        )
        for choice in found:
            choice["kind"] = self.filters[choice["filter"]].label
        return found

    def _found_in_memory(self):
        chosen = self.form.cleaned_data
        if not chosen.get("q") or chosen.get("enterprise"):
            return None
        return selectors.found_by_words(chosen["q"])

    def _matching_ids(self) -> list[int]:
        """The ids the words and the enterprise leave, in the chosen order: on PostgreSQL a
        search reads the published cases' search documents alone."""
        chosen = self.form.cleaned_data
        if not chosen.get("q") or connections[self.queryset.db].vendor != "postgresql":
            return _ids(self._filtered_except(*facets.FACETS))
        sort = self._search_sort()
        if not chosen.get("enterprise"):
            return selectors.ordered_ids_of_words(chosen["q"], sort)
        documents = selectors.search_published_documents(chosen["q"]).filter(
            selectors.with_enterprise_named(chosen["enterprise"], case="submission_id")
        )
        return selectors.ordered_case_ids(documents, sort)

    def _search_sort(self) -> str:
        # The order as filter_sort() gives it; a sort the form refused falls back to relevance.
        return self.form.cleaned_data.get("sort") or "relevance"

    def _filtered_except(self, *skipped: str):
        # Validates the form: as in self.qs, an invalid value is left out and filters nothing.
        self.form.is_valid()
        cases = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name not in skipped:
                cases = self.filters[name].filter(cases, value)
        return cases


def _ids(cases) -> list[int]:
    """The ids of `cases` in their order, read straight from the cursor: a search may match
    every case, and the ORM's work per row cost more than the query."""
    try:
        sql, params = cases.values_list("pk").query.get_compiler(cases.db).as_sql()
    except EmptyResultSet:
        return []
    with connections[cases.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
