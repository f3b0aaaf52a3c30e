"""The extra pages of the editions' admin: the editors' previews of the book and of one case's
pages, building and freezing an edition, publishing it and withdrawing it (each confirmed first),
and the stored files.

Previews are rendered on request (slow for a big book, which is acceptable for editors) and
marked "UTKAST"; they are never stored. The views that act on an edition take the EditionAdmin as
`model_admin` (wired in EditionAdmin.get_urls, behind the admin site's login and the model
admin's permission checks).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from book import builds, privacy, render, services
from book.models import Edition
from book.tasks import freeze_edition, rebuild_book
from common.staff import may_preview
from submissions.models import Submission


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    add_never_cache_headers(response)
    return response


def preview_view(request):
    """The whole book with the approved cases too, marked UTKAST, rendered now."""
    if not may_preview(request.user):
        raise PermissionDenied
    edition = services.current_edition()
    options = (
        render.BookOptions.for_edition(edition, draft=True)
        if edition
        else render.BookOptions(draft=True)
    )
    try:
        book = render.build_book(options)
    except render.BookBuildFailed as error:
        messages.error(request, _("The book could not be rendered: %(error)s") % {"error": error})
        return HttpResponseRedirect(reverse("admin:book_edition_changelist"))
    for item in book.source.omitted:
        messages.warning(request, _("Left out: %(title)s (%(error)s)") % item)
    return _pdf_response(book.pdf, "veier-til-nye-samarbeid-utkast.pdf")


def preview_case_view(request, submission_pk):
    """One case's pages as the book will print them, whatever the case's state."""
    if not may_preview(request.user):
        raise PermissionDenied
    submission = get_object_or_404(Submission, pk=submission_pk)
    try:
        data = render.render_case_pages(submission)
    except render.BookBuildFailed as error:
        messages.error(
            request, _("This case's pages could not be rendered: %(error)s") % {"error": error}
        )
        return HttpResponseRedirect(
            reverse("admin:submissions_submission_change", args=[submission.pk])
        )
    return _pdf_response(data, f"eksempel-{submission.pk}-utkast.pdf")


def _edition_for_change(model_admin, request, pk) -> Edition:
    edition = get_object_or_404(Edition, pk=pk)
    if not model_admin.has_change_permission(request, edition):
        raise PermissionDenied
    return edition


def _back(edition) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("admin:book_edition_change", args=[edition.pk]))


@require_POST
def build_view(request, pk, *, model_admin):
    edition = _edition_for_change(model_admin, request, pk)
    if edition.is_frozen:
        messages.error(request, _("A frozen edition is never built again."))
        return _back(edition)
    rebuild_book.enqueue(force=True, edition_id=edition.pk)
    messages.success(request, _("The book is being built. Reload this page in a while."))
    return _back(edition)


@require_POST
def freeze_view(request, pk, *, model_admin):
    edition = _edition_for_change(model_admin, request, pk)
    if edition.is_frozen:
        messages.error(request, _("This edition is frozen already."))
        return _back(edition)
    freeze_edition.enqueue(edition.pk)
    messages.success(
        request,
        _("Edition %(number)s is being frozen: its PDF is built one last time and kept.")
        % {"number": edition.number},
    )
    return _back(edition)


# --- Publishing and withdrawing, each confirmed first ---


@require_http_methods(["GET", "POST"])
def publish_view(request, pk, *, model_admin):
    edition = _edition_for_change(model_admin, request, pk)
    refusal = services.publish_refusal(edition)
    if refusal:
        messages.error(request, refusal)
        return _back(edition)
    if request.method == "POST":
        try:
            freezing = services.publish_edition(edition, by=request.user)
        except services.EditionNotAllowed as error:  # another editor was quicker
            messages.error(request, str(error))
            return _back(edition)
        messages.success(request, _published_message(edition, freezing))
        return _back(edition)
    return _confirmation(
        model_admin,
        request,
        edition,
        title=_("Publish edition %(number)s?") % {"number": edition.number},
        consequences=_publish_consequences(edition),
        warnings=_publish_warnings(edition),
        button=_("Yes, publish it"),
    )


def _published_message(edition, freezing: list[int]) -> str:
    message = _("Edition %(number)s is published: readers get it at %(address)s.") % {
        "number": edition.number,
        "address": reverse("book:pdf"),
    }
    if freezing:
        message += " " + _("Being frozen in the background: %(numbers)s.") % {
            "numbers": ", ".join(str(number) for number in freezing)
        }
    return message


def _publish_consequences(edition) -> list[str]:
    consequences = [
        _("Readers get this edition at %(current)s and at %(address)s.")
        % {
            "current": reverse("book:pdf"),
            "address": reverse("book:edition_pdf", args=[edition.number]),
        },
        _("It keeps following the published cases until it is frozen."),
    ]
    earlier = list(
        builds.open_editions().filter(number__lt=edition.number).values_list("number", flat=True)
    )
    if earlier:
        consequences.append(
            ngettext(
                "Edition %(numbers)s is frozen: built one last time from the cases "
                "published now and kept as it is (a final edition also gets its PDF/A-2a "
                "archive copy).",
                "Editions %(numbers)s are frozen: each is built one last time from the "
                "cases published now and kept as it is (a final edition also gets its "
                "PDF/A-2a archive copy).",
                len(earlier),
            )
            % {"numbers": ", ".join(str(number) for number in sorted(earlier))}
        )
    return consequences


def _publish_warnings(edition) -> list[str]:
    warnings = [
        _("Left out of the last build: %(title)s (%(error)s)") % item
        for item in edition.omitted_cases
    ]
    if not edition.foreword.strip():
        warnings.append(_("The foreword is empty."))
    if edition.kind == Edition.Kind.PROTOTYPE:
        warnings.append(_("This is a prototype: every page is marked PROTOTYPE."))
    return warnings


@require_http_methods(["GET", "POST"])
def withdraw_view(request, pk, *, model_admin):
    edition = _edition_for_change(model_admin, request, pk)
    refusal = services.withdraw_refusal(edition)
    if refusal:
        messages.error(request, refusal)
        return _back(edition)
    if request.method == "POST":
        try:
            services.withdraw_edition(edition, by=request.user)
        except services.EditionNotAllowed as error:
            messages.error(request, str(error))
            return _back(edition)
        messages.success(
            request,
            _("Edition %(number)s is no longer served to readers.") % {"number": edition.number},
        )
        return _back(edition)
    return _confirmation(
        model_admin,
        request,
        edition,
        title=_("Stop serving edition %(number)s to readers?") % {"number": edition.number},
        consequences=_withdraw_consequences(edition),
        warnings=[_("This cannot be undone.")],
        button=_("Yes, stop serving it"),
        contacts_gone=privacy.contacts_gone([edition]).get(edition.pk, []),
    )


def _withdraw_consequences(edition) -> list[str]:
    consequences = [
        _("%(address)s answers 410 Gone with a short page saying that the edition was withdrawn.")
        % {"address": reverse("book:edition_pdf", args=[edition.number])},
        _(
            "Its files are kept for the archive, not public; editors can still download "
            "them from this page."
        ),
        _(
            "Copies readers have downloaded already, or that browsers and proxies keep "
            "(for up to a day), cannot be called back."
        ),
    ]
    served = services.served_edition()
    if served is not None and served.pk == edition.pk:
        fallback = (
            Edition.objects.published()
            .filter(withdrawn_at=None, number__lt=edition.number)
            .order_by("-number")
            .first()
        )
        consequences.append(
            _("%(current)s then serves edition %(number)s.")
            % {"current": reverse("book:pdf"), "number": fallback.number}
            if fallback
            else _("%(current)s then has no book to serve until an edition is published.")
            % {"current": reverse("book:pdf")}
        )
    return consequences


def _confirmation(model_admin, request, edition, **context):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": edition,
        **context,
    }
    return TemplateResponse(request, "admin/book/edition/confirm.html", context)


# --- The stored files, for editors ---


def file_view(request, pk, copy, *, model_admin):
    """The reader's or the archive copy as stored, whatever the edition's state: editors
    check an edition before publishing it, and keep access to a withdrawn one."""
    edition = get_object_or_404(Edition, pk=pk)
    if not model_admin.has_view_permission(request, edition):
        raise PermissionDenied
    name = {"reader": edition.pdf_file, "archive": edition.archive_file}.get(copy)
    if not name:
        raise Http404
    try:
        file = builds.pdf_path(name).open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(file, content_type="application/pdf", filename=name)
    add_never_cache_headers(response)
    return response
