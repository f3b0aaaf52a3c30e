"""The list's filters and their counts, worked out in Python from one list of matching ids.

What a published case is filtered by (its themes, form of collaboration, counties and
municipalities) changes only with a publication, so it is read once per publication generation
and process (three queries) and kept in memory. A search then needs one query, for the ids that
match its words in their order; the choices of the filters narrow that list and count it here,
where the database would repeat the search and its joins once per facet and once more for the
paginator's count.
"""

from collections import Counter, defaultdict
from itertools import chain

from publishing.cache import memo_until_next_publication
from submissions.models import Submission

# The filters that are facets: a case has a set of keys for each, and each facet counts its
# choices among the cases the *other* chosen filters leave.
FACETS = ("theme", "form", "county", "municipality")


def case_keys() -> dict[int, dict[str, frozenset]]:
    """Per published case id, its keys per facet: {"theme": {"arbeid"}, "county": {"03"}, ...}."""
    memo = memo_until_next_publication("facet-keys")
    if "keys" not in memo:
        memo["keys"] = _read_keys()
    return memo["keys"]


def _read_keys() -> dict[int, dict[str, frozenset]]:
    published = Submission.objects.published()
    found = defaultdict(lambda: defaultdict(set))
    for pk, theme, form in published.values_list("pk", "main_theme__slug", "collaboration_form"):
        found[pk]["form"].add(form)
        if theme:
            found[pk]["theme"].add(theme)
    further = Submission.themes.through.objects.filter(submission__in=published.values("pk"))
    for pk, theme in further.values_list("submission_id", "theme__slug"):
        if pk in found:
            found[pk]["theme"].add(theme)
    places = Submission.municipalities.through.objects.filter(
        submission__in=published.values("pk")
    ).values_list("submission_id", "municipality__number", "municipality__county__number")
    for pk, municipality, county in places:
        if pk in found:
            found[pk]["municipality"].add(municipality)
            found[pk]["county"].add(county)
    return {
        pk: {name: frozenset(keys.get(name, ())) for name in FACETS} for pk, keys in found.items()
    }


def narrow(ids, chosen: dict[str, str]) -> tuple[list[int], dict[str, Counter]]:
    """The `ids` (in their order) that have every chosen key, and per facet how many of `ids`
    each of its keys would leave with the other chosen filters (a case with two counties counts
    in both)."""
    keys = case_keys()
    # A case published after the keys were read is shown from the next generation on.
    shown, missing_one = (
        _split(ids, keys, chosen) if chosen else ([pk for pk in ids if pk in keys], {})
    )
    counts = _count(shown, keys)
    for name, cases in missing_one.items():
        counts[name] = counts[name] + Counter(chain.from_iterable(case[name] for case in cases))
    return shown, counts


def _count(shown: list[int], keys) -> dict[str, Counter]:
    """Per facet, how many of the `shown` cases have each key. A search that shows most of the
    published cases (a common word) counts the few it leaves out and takes them from the counts
    of all, which are counted once per publication: a tenth of the time at 10,000 cases."""
    if len(shown) * 2 <= len(keys):
        return _counted(keys[pk] for pk in shown)
    memo = memo_until_next_publication("facet-keys")
    if "all" not in memo:
        memo["all"] = _counted(keys.values())
    shown_set = set(shown)
    left_out = _counted(case for pk, case in keys.items() if pk not in shown_set)
    # Subtracting makes new counters: the memo's stay as they are.
    return {name: memo["all"][name] - left_out[name] for name in FACETS}


def _counted(cases) -> dict[str, Counter]:
    cases = list(cases)
    return {name: Counter(chain.from_iterable(case[name] for case in cases)) for name in FACETS}


def _split(ids, keys, chosen: dict[str, str]) -> tuple[list[int], dict[str, list]]:
    """The ids with every chosen key; and per facet, the keys of the cases that miss its chosen
    key alone (choosing another of its keys would show them)."""
    shown = []
    missing_one = {name: [] for name in FACETS}
    for pk in ids:
        case = keys.get(pk)
        if case is None:
            continue
        missed = [name for name, value in chosen.items() if value not in case[name]]
        if not missed:
            shown.append(pk)
        elif len(missed) == 1:
            missing_one[missed[0]].append(case)
    return shown, missing_one
