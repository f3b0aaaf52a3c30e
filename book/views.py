"""The book's PDF files for readers, and the editors' previews (wired in book/admin/).

Readers get the stored file of a published edition: nothing is rendered while they wait. The
file's SHA-256 is its ETag and its build time its Last-Modified, so a browser or proxy that has
it gets 304 Not Modified. An edition the editors withdrew answers 410 Gone with a short page.
"""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from book import builds, services

# The current book changes when a case is published; a frozen edition never changes.
CURRENT_MAX_AGE = 300
FROZEN_MAX_AGE = 24 * 3600


@require_safe
def current_pdf(request):
    """/kokebok.pdf: the newest published edition that is not withdrawn."""
    return _serve(request, services.served_edition())


@require_safe
def edition_pdf(request, number: int):
    """/kokebok/<number>.pdf: any published edition, earlier ones included."""
    edition = services.served_edition(number)
    if edition is not None and edition.is_withdrawn:
        return _gone(request, edition)
    return _serve(request, edition)


def _gone(request, edition):
    """410 Gone: the edition existed and was withdrawn on purpose, and will not come back."""
    context = {"edition": edition, "current": services.served_edition()}
    return render(request, "book/withdrawn.html", context, status=410)


def _serve(request, edition):
    if edition is None:
        raise Http404
    etag = f'"{edition.pdf_sha256}"'
    last_modified = int(edition.built_at.timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return not_modified
    # A build that commits after the row was read leaves the file it superseded for an hour
    # (services.KEEP_UNUSED_FILES), so this open still finds it.
    try:
        file = builds.pdf_path(edition.pdf_file).open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        file,
        content_type="application/pdf",
        filename=f"veier-til-nye-samarbeid-utgave-{edition.number}.pdf",
    )
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(last_modified)
    max_age = FROZEN_MAX_AGE if edition.is_frozen else CURRENT_MAX_AGE
    patch_cache_control(response, public=True, max_age=max_age)
    return response
