"""The public pages: readers browse, filter and search the published cases.

Only published cases are public. An editor (staff with permission to view submissions) also
sees unpublished ones at the same address, marked as a preview and never cached.
"""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_safe

from common.staff import may_preview
from participation.selectors import case_inputs, tools_for_themes
from publishing import selectors
from publishing.cache import cache_public_page, cached_until_next_publication
from publishing.cards import case_cards
from publishing.filters import CaseFilter
from publishing.list_page import list_page, select_options
from publishing.search_slots import busy_response, search_slot
from publishing.similar import similar_cases
from recipes.selectors import recipe_for_form
from submissions.models import Call, Theme

CASES_PER_PAGE = 20
LATEST_ON_HOME = 6
PHOTO_MAX_AGE = 365 * 24 * 3600
# Addresses that only make sense with a secret link, in every language's URL prefix.
PRIVATE_PATHS = ("send-inn/lenke/", "send-inn/bidrag/", "samtykke/", "eksempler/forhandsvisning/")


def _with_counts(themes, counts) -> list[tuple]:
    return [(theme, counts[theme.slug]) for theme in themes]


def _page(request, cases):
    return Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("page"))


def open_call_ids(request) -> str:
    """The home page changes when a call opens or closes (with the clock), not only with a
    publication (editors' changes to a call bump the publication generation too). Kept per
    minute, the deadlines' own grain, so that a cached home page costs no query."""
    minute = timezone.now().replace(second=0, microsecond=0)
    return cached_until_next_publication(
        f"open-calls:{minute.isoformat()}",
        lambda: ",".join(
            str(pk) for pk in Call.objects.accepting_pitches(minute).values_list("pk", flat=True)
        ),
    )


@require_safe
@cache_public_page(vary=open_call_ids)
def home(request):
    finder = CaseFilter(None, queryset=selectors.published_cases())
    counts = finder.facet_counts()
    finder.label_choices_with_counts(counts)
    context = {
        "open_calls": Call.objects.accepting_pitches(),
        "latest_cases": selectors.latest_cases(LATEST_ON_HOME),
        "themes": _with_counts(Theme.objects.all(), counts["theme"]),
        "finder": finder,
        "options": select_options(finder),
    }
    return render(request, "publishing/home.html", context)


@require_safe
@cache_public_page
def case_list(request):
    # Only reached when the page is not cached. The list without a query string is one page per
    # publication; every other address may be a search nobody made before, so it takes a slot.
    if not request.GET:
        return _render_list(request)
    with search_slot() as free:
        if not free:
            return busy_response(request)
        return _render_list(request)


def _render_list(request):
    filters = CaseFilter(request.GET, queryset=selectors.published_cases())
    results = filters.results()
    filters.label_choices_with_counts(results.counts)
    page = _page(request, results.ids)
    # Only an empty result looks for what the words may have meant.
    suggestions = filters.suggestions() if not page.paginator.count else []
    return list_page(request, filters, page, case_cards(request, page.object_list), suggestions)


@require_safe
@cache_public_page
def theme_list(request):
    counts = selectors.count_by_theme(selectors.published_cases())
    themes = _with_counts(Theme.objects.all(), counts)
    return render(request, "publishing/theme_list.html", {"themes": themes})


@require_safe
@cache_public_page
def theme_detail(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    cases = selectors.published_cases().filter(selectors.in_theme(slug))
    page = _page(request, selectors.with_card_data(selectors.order_cases(cases, "newest")))
    return render(request, "publishing/theme_detail.html", {"theme": theme, "page": page})


@require_safe
@cache_public_page
def case_detail(request, slug):
    preview = may_preview(request.user)
    case = selectors.case_page(slug=slug, preview=preview)
    if case is None:
        new_slug = selectors.current_slug(slug, preview=preview)
        if new_slug is None:
            raise Http404
        return redirect("publishing:case", slug=new_slug, permanent=True)
    return _render_case(request, case)


@require_safe
def case_preview(request, public_id):
    """An editor's preview of a case that has no address yet (it was never published)."""
    if not may_preview(request.user):
        raise Http404
    case = selectors.case_page(public_id=public_id, preview=True)
    if case is None:
        raise Http404
    return _render_case(request, case)


def _render_case(request, case):
    before, after = selectors.theme_neighbours(case)
    themes = selectors.themes_of(case)
    context = {
        "case": case,
        "themes": themes,
        "contacts": selectors.web_contacts(case),
        "before": before,
        "after": after,
        "inputs": case_inputs(case) if case.is_public else [],
        "tools": tools_for_themes(themes),
        "similar": similar_cases(case, [theme.pk for theme in themes]),
        "recipe": recipe_for_form(case.collaboration_form),
    }
    response = render(request, "publishing/case_detail.html", context)
    if not case.is_public:
        response["X-Robots-Tag"] = "noindex"
        add_never_cache_headers(response)
    return response


@require_safe
def case_photo(request, public_id, name):
    """A case's photo. The address names the file, so a new photo gets a new address and
    browsers may keep each one for a year."""
    cases = selectors.visible_cases(preview=may_preview(request.user))
    case = cases.filter(public_id=public_id).only("photo", "state").first()
    if case is None or not case.photo or PurePosixPath(case.photo.name).name != name:
        raise Http404
    response = FileResponse(case.photo.open("rb"))
    if case.is_public:
        patch_cache_control(response, public=True, max_age=PHOTO_MAX_AGE, immutable=True)
    else:
        add_never_cache_headers(response)
    return response


@require_safe
def case_attachment(request, public_id):
    """A published case's attachment, when its sender allowed readers to download it."""
    case = selectors.published_cases().filter(public_id=public_id).first()
    if case is None or not case.attachment_is_downloadable:
        raise Http404
    return FileResponse(
        case.attachment.open("rb"),
        as_attachment=True,
        filename=f"{case.slug or 'vedlegg'}.pdf",
        content_type="application/pdf",
    )


@require_safe
def robots_txt(request):
    prefixes = ["/"] + [
        f"/{code}/" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
    ]
    context = {
        "disallowed": [prefix + path for prefix in prefixes for path in PRIVATE_PATHS],
        # On the canonical host, whatever Host the request named.
        "sitemap_url": settings.SITE_URL + reverse("sitemap"),
    }
    return render(request, "publishing/robots.txt", context, content_type="text/plain")
