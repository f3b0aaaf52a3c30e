"""The book's PDF files for readers, one case's PDF, and the editors' previews (wired in
book/admin/).

Readers get the stored file of a published edition: nothing is rendered while they wait. The
file's SHA-256 is its ETag and its build time its Last-Modified, so a browser or proxy that has
it gets 304 Not Modified. An edition the editors withdrew answers 410 Gone with a short page.
A case's PDF is built on its first request and kept per publication (book/case_pdf.py).
"""

import logging

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from book import builds, case_pdf, services
from book.render import BookBuildFailed
from common import limits
from publishing.selectors import current_slug

logger = logging.getLogger("kokebok.book")

# The current book changes when a case is published; a frozen edition never changes.
CURRENT_MAX_AGE = 300
FROZEN_MAX_AGE = 24 * 3600
# A reader told that a case's PDF cannot be made just now may try again this much later.
CASE_PDF_RETRY_AFTER = 10


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


@require_safe
def case_pdf_view(request, slug):
    """/eksempler/<slug>.pdf (and /nn/…, /en/…): a published case alone, in the book's layout,
    under a header in the address's language (book/case_pdf.py)."""
    case_id = case_pdf.published_case_id(slug)
    if case_id is None:
        new_slug = current_slug(slug)
        if new_slug is None:
            raise Http404
        return redirect("case_pdf", slug=new_slug, permanent=True)
    try:
        pdf = case_pdf.open_case_pdf(case_id, language=request.LANGUAGE_CODE, request=request)
    except case_pdf.CaseNotPublished as error:
        raise Http404 from error
    except case_pdf.BuildLimited:
        return _no_case_pdf(request, slug, "limited", status=429)
    except case_pdf.BuildBusy:
        return _no_case_pdf(request, slug, "busy", status=503)
    except BookBuildFailed:
        logger.exception("case_pdf_failed submission=%s", case_id)
        return _no_case_pdf(request, slug, "failed", status=503)
    etag = f'"{pdf.etag}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        pdf.file.close()
        return not_modified
    response = FileResponse(pdf.file, content_type="application/pdf", filename=f"{slug}.pdf")
    response.headers["ETag"] = etag
    # A case may be withdrawn at any moment: browsers and proxies ask again each time (the
    # ETag makes that a 304 while the PDF is unchanged).
    patch_cache_control(response, public=True, no_cache=True)
    return response


def _no_case_pdf(request, slug, reason: str, *, status):
    """429 (this client's builds) or 503 (busy, or the case cannot be rendered): the page
    says why and links to the case on the web."""
    context = {"slug": slug, "reason": reason, "limit": limits.limit("case_pdf")}
    response = render(request, "book/case_pdf_unavailable.html", context, status=status)
    response.headers["Retry-After"] = str(CASE_PDF_RETRY_AFTER)
    return response
