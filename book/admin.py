"""Editions in the admin, and the editors' previews of the book and of one case's pages.

Previews are rendered on request (slow for a big book, which is acceptable for editors) and
marked "UTKAST"; they are never stored. URL names for links from elsewhere in the admin:
`admin:book_preview` (the whole book as a draft) and `admin:book_preview_case` (one case's
pages, with the submission's pk).
"""

import logging

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from book import render, services
from book.models import Edition
from kokebok.staff import may_preview
from submissions.models import Submission

logger = logging.getLogger("kokebok.book")

EDITABLE_FIELDS = ["number", "title", "subtitle", "kind", "date", "foreword", "introduction"]
BUILD_FIELDS = [
    "frozen_at",
    "download",
    "built_at",
    "pdf_pages",
    "pdf_sha256",
    "archive_download",
    "omitted_display",
    "changes_display",
    "cases_display",
]


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    add_never_cache_headers(response)
    return response


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    change_form_template = "admin/book/edition/change_form.html"
    change_list_template = "admin/book/edition/change_list.html"
    list_display = [
        "number",
        "title",
        "kind",
        "date",
        "frozen_at",
        "built_at",
        "pdf_pages",
        "omitted_count",
    ]
    list_display_links = ["number", "title"]
    fieldsets = [
        (None, {"fields": EDITABLE_FIELDS}),
        (_("The PDF"), {"fields": BUILD_FIELDS}),
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            return EDITABLE_FIELDS + BUILD_FIELDS
        return BUILD_FIELDS

    def has_delete_permission(self, request, obj=None):
        # Every edition that has a PDF stays downloadable.
        if obj is not None and obj.pdf_file:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            services.freeze_earlier_editions(obj)
        services.schedule_rebuild()

    # --- Read-only displays ---

    @admin.display(description=_("cases left out"))
    def omitted_count(self, edition):
        return len(edition.omitted_cases)

    @admin.display(description=_("reader's PDF"))
    def download(self, edition):
        if not edition.pdf_file:
            return _("Not built yet.")
        url = reverse("book:edition_pdf", args=[edition.number])
        return format_html('<a href="{}">{}</a> ({} KB)', url, url, edition.pdf_size // 1024)

    @admin.display(description=_("archive PDF (PDF/A-2a)"))
    def archive_download(self, edition):
        if not edition.archive_file:
            return _("Made when a final edition is frozen.")
        return edition.archive_file

    @admin.display(description=_("cases left out of the last build"))
    def omitted_display(self, edition):
        if not edition.omitted_cases:
            return _("None.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a>: {}</li>',
                (
                    (
                        reverse("admin:submissions_submission_change", args=[item["id"]]),
                        item["title"],
                        item["error"],
                    )
                    for item in edition.omitted_cases
                ),
            ),
        )

    @admin.display(description=_("changes since the previous edition"))
    def changes_display(self, edition):
        changes = edition.changes
        if not changes:
            return _("This is the first edition.") if edition.built_at else "-"
        sections = [
            (_("Added"), changes.get("added", [])),
            (_("Changed"), changes.get("changed", [])),
            (_("Removed"), changes.get("removed", [])),
        ]
        return format_html(
            "<p>{}</p>{}",
            _("Compared with edition %(number)s.") % {"number": changes.get("previous")},
            format_html_join(
                "",
                "<p><strong>{}</strong> ({})</p><ul>{}</ul>",
                (
                    (
                        label,
                        len(items),
                        format_html_join("", "<li>{}</li>", ((i["title"],) for i in items)),
                    )
                    for label, items in sections
                ),
            ),
        )

    @admin.display(description=_("cases in this edition"))
    def cases_display(self, edition):
        entries = list(edition.cases.all())
        if not entries:
            return "-"
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li>{} <small>({}; {})</small></li>",
                (
                    (
                        entry.title,
                        entry.chapter or "-",
                        _("%(count)s contact(s) printed with book consent")
                        % {"count": len(entry.contacts_shown)},
                    )
                    for entry in entries
                ),
            ),
        )

    # --- Extra views ---

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("preview/", wrap(self.preview_view), name="book_preview"),
            path(
                "preview/case/<int:submission_pk>/",
                wrap(self.preview_case_view),
                name="book_preview_case",
            ),
            path("<int:pk>/build/", wrap(self.build_view), name="book_edition_build"),
            path("<int:pk>/freeze/", wrap(self.freeze_view), name="book_edition_freeze"),
            *super().get_urls(),
        ]

    def preview_view(self, request):
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
            messages.error(
                request, _("The book could not be rendered: %(error)s") % {"error": error}
            )
            return HttpResponseRedirect(reverse("admin:book_edition_changelist"))
        for item in book.source.omitted:
            messages.warning(request, _("Left out: %(title)s (%(error)s)") % item)
        return _pdf_response(book.pdf, "veier-til-nye-samarbeid-utkast.pdf")

    def preview_case_view(self, request, submission_pk):
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

    def _edition_for_change(self, request, pk) -> Edition:
        edition = get_object_or_404(Edition, pk=pk)
        if not self.has_change_permission(request, edition):
            raise PermissionDenied
        return edition

    @staticmethod
    def _back(edition) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:book_edition_change", args=[edition.pk]))

    def build_view(self, request, pk):
        return require_POST(self._build)(request, pk)

    def _build(self, request, pk):
        edition = self._edition_for_change(request, pk)
        if edition.is_frozen or edition != services.current_edition():
            messages.error(
                request, _("Only the newest edition, if not frozen, can be built again.")
            )
            return self._back(edition)
        from book.tasks import rebuild_book

        rebuild_book.enqueue(force=True)
        messages.success(request, _("The book is being built. Reload this page in a while."))
        return self._back(edition)

    def freeze_view(self, request, pk):
        return require_POST(self._freeze)(request, pk)

    def _freeze(self, request, pk):
        edition = self._edition_for_change(request, pk)
        if edition.is_frozen:
            messages.error(request, _("This edition is frozen already."))
            return self._back(edition)
        from book.tasks import freeze_edition

        freeze_edition.enqueue(edition.pk)
        messages.success(
            request,
            _("Edition %(number)s is being frozen: its PDF is built one last time and kept.")
            % {"number": edition.number},
        )
        return self._back(edition)
