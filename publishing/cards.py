"""The cards of the cases in the lists, rendered once per publication generation and language.

A card shows only what a publication changes (announced, so the generation moves on), so its
HTML is kept until the next one, in the process's memory (a few hundred bytes per case and
language; reading the cache would unpickle them on every page), and a list of twenty cases
costs no query instead of three queries and twenty renderings of Markdown.
"""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from publishing import selectors
from publishing.cache import is_anonymous_read, memo_until_next_publication

CARD_TEMPLATE = "publishing/_case_card.html"
# A bound on the memory a process gives them: 30,000 is 10,000 cases in three languages.
MAX_CARDS = 30000


def case_cards(request, ids) -> list[SafeString]:
    """The cards of the published cases `ids`, in that order (an id no longer published is left
    out); for a reader with a session, rendered afresh, as their pages are."""
    if not is_anonymous_read(request):
        return [_render(case) for case in _cases(ids)]
    stored = memo_until_next_publication("cards")
    if len(stored) > MAX_CARDS:
        stored.clear()
    language = get_language()
    missing = [pk for pk in ids if (pk, language) not in stored]
    for case in _cases(missing):
        stored[case.pk, language] = _render(case)
    return [stored[pk, language] for pk in ids if (pk, language) in stored]


def _cases(ids) -> list:
    if not ids:
        return []
    found = {
        case.pk: case
        for case in selectors.with_card_data(selectors.published_cases().filter(pk__in=ids))
    }
    return [found[pk] for pk in ids if pk in found]


def _render(case) -> SafeString:
    return mark_safe(render_to_string(CARD_TEMPLATE, {"case": case}))  # noqa: S308 (our template's output)
