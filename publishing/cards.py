"""The cards of the cases in the lists, rendered once per publication generation and language.

A card shows only what a publication changes (announced, so the generation moves on), so its
HTML is kept in the cache and a list of twenty cases costs one `get_many` instead of three
queries and twenty template renderings.
"""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from publishing import selectors
from publishing.cache import PAGE_TIMEOUT, current_generation, is_anonymous_read

CARD_TEMPLATE = "publishing/_case_card.html"


def case_cards(request, ids) -> list[SafeString]:
    """The cards of the published cases `ids`, in that order (an id no longer published is left
    out); for a reader with a session, rendered afresh, as their pages are."""
    if not is_anonymous_read(request):
        return [_render(case) for case in _cases(ids)]
    prefix = f"publishing:card:{current_generation()}:{get_language()}:"
    keys = {pk: f"{prefix}{pk}" for pk in ids}
    stored = cache.get_many(keys.values())
    missing = [pk for pk, key in keys.items() if key not in stored]
    if missing:
        fresh = {keys[case.pk]: _render(case) for case in _cases(missing)}
        cache.set_many(fresh, PAGE_TIMEOUT)
        stored.update(fresh)
    return [mark_safe(stored[key]) for key in keys.values() if key in stored]  # noqa: S308 (our template's output)


def _cases(ids) -> list:
    found = {
        case.pk: case
        for case in selectors.with_card_data(selectors.published_cases().filter(pk__in=ids))
    }
    return [found[pk] for pk in ids if pk in found]


def _render(case) -> SafeString:
    return mark_safe(render_to_string(CARD_TEMPLATE, {"case": case}))  # noqa: S308 (our template's output)
