"""The list of cases with its search and filters (/eksempler/), written from a kept frame.

Per request only these parts are written: the results (count, cards, pagination or what an
empty result offers), each select's options with their counts and the chosen one, the two text
boxes' values and the query the language switcher's links carry (their paths are the frame's).
Everything else is the frame (publishing.frames): the page's template rendered once per
publication generation, language and address. A reader with a session (who may see a preview
or messages) and a form with errors (rare, and its page shows them) get the template rendered
whole, with the same parts.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from common.languages import carried_query, language_links, page_path
from publishing import selectors
from publishing.cache import is_anonymous_read, memo_until_next_publication
from publishing.filters import CaseFilter
from publishing.frames import kept_frame, marker
from publishing.selects import option_pieces, write_options

TEMPLATE = "publishing/case_list.html"
RESULTS_TEMPLATE = "publishing/_results.html"
SELECTS = ("theme", "form", "county", "municipality", "sort")
TEXT_BOXES = ("q", "enterprise")


def list_page(request, filters: CaseFilter, page, cards, suggestions) -> HttpResponse:
    """The page for `filters` (validated, its choices labelled with their counts)."""
    parts = {
        "results": _results(request, filters, page, cards, suggestions),
        **select_options(filters),
    }
    if not is_anonymous_read(request) or filters.form.errors:
        return render(request, TEMPLATE, {"filter": filters, "parts": parts})
    parts |= {"query": escape(carried_query(request)), **_text_values(filters)}
    return HttpResponse(_frame(request).fill(parts))


def _results(request, filters, page, cards, suggestions) -> SafeString:
    # A plain context: the context processors' work is the frame's.
    context = {
        "filter": filters,
        "page": page,
        "cards": cards,
        "suggestions": suggestions,
        "request": request,
    }
    return mark_safe(render_to_string(RESULTS_TEMPLATE, context))  # noqa: S308 (a template's output)


def select_options(filters) -> dict[str, SafeString]:
    """Each select's options: the chosen one selected, a facet's with their counts."""
    pieces = memo_until_next_publication("list-options")
    language = get_language()
    if language not in pieces:
        fields = filters.form.fields
        pieces[language] = {name: option_pieces(fields[name].choices) for name in SELECTS}
    return {
        name: mark_safe(  # noqa: S308 (escaped by option_pieces)
            write_options(
                pieces[language][name], filters.form[name].value(), filters.counts.get(name)
            )
        )
        for name in SELECTS
    }


def _text_values(filters) -> dict[str, str]:
    """Each text box's value attribute as Django's widget writes it: none for an empty value."""
    values = {}
    for name in TEXT_BOXES:
        value = filters.form[name].value()
        values[f"{name}-value"] = "" if value in ("", None) else f' value="{escape(value)}"'
    return values


def _frame(request):
    return kept_frame(("case_list", get_language(), request.path), lambda: _render_frame(request))


def _render_frame(request) -> str:
    blank = CaseFilter(
        {name: marker(name) for name in TEXT_BOXES}, queryset=selectors.published_cases()
    )
    context = {
        "filter": blank,
        "parts": {name: marker(name) for name in ("results", *SELECTS)},
        # This page in each language is the frame's; the query carried over the request's.
        "language_links": [
            {**link, "url": page_path(request, link["code"]) + marker("query")}
            for link in language_links(request)
        ],
    }
    html = render_to_string(TEMPLATE, context, request)
    for name in TEXT_BOXES:
        # The widget leaves out the attribute of an empty value, so the marker takes its place.
        attribute = f' value="{marker(name)}"'
        if html.count(attribute) != 1:
            raise ValueError(f"The list's template no longer writes the {name} box's value once.")
        html = html.replace(attribute, marker(f"{name}-value"))
    return html
