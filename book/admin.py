"""Editions in the admin, and the editors' previews of the book and of one case's pages.

Previews are rendered on request (slow for a big book, which is acceptable for editors) and
marked "UTKAST"; they are never stored. URL names for links from elsewhere in the admin:
`admin:book_preview` (the whole book as a draft) and `admin:book_preview_case` (one case's
pages, with the submission's pk).

An edition's page also publishes it and withdraws it from readers, each after a confirmation
page (GET) and only by POST, and warns when a frozen edition prints contacts who have since
been erased or withdrawn their consent (book.privacy).
"""

import logging

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from book import builds, privacy, render, services
from book.models import Edition
from common.staff import may_preview
from submissions.models import Submission

logger = logging.getLogger("kokebok.book")

EDITABLE_FIELDS = ["number", "title", "subtitle", "kind", "date", "foreword", "introduction"]
BUILD_FIELDS = [
    "published_at",
    "withdrawn_at",
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


class EditionChangeList(ChangeList):
    """Looks up, for the whole page at once, the frozen editions that print contacts who have
    since been erased or withdrawn their consent (a fixed number of queries)."""

    def get_results(self, request):
        super().get_results(request)
        gone = privacy.contacts_gone(self.result_list)
        for edition in self.result_list:
            edition.contacts_gone = gone.get(edition.pk, [])


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
        "published_at",
        "frozen_at",
        "built_at",
        "pdf_pages",
        "omitted_count",
        "contacts_gone_count",
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
        # Only the fields the form edits: the build, publication, freezing and withdrawal are
        # written by book.services under a row lock, and the form's copy of the row may be older.
        obj.save(update_fields=EDITABLE_FIELDS if change else None)
        # Built in the background, but never public before an editor publishes it.
        services.schedule_rebuild()

    def get_changelist(self, request, **kwargs):
        return EditionChangeList

    def changelist_view(self, request, extra_context=None):
        extra_context = {"served": services.served_edition(), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        edition = self.get_object(request, object_id)
        if edition is not None:
            extra_context = {
                "contacts_gone": privacy.contacts_gone([edition]).get(edition.pk, []),
                "publish_refusal": services.publish_refusal(edition),
                "withdraw_refusal": services.withdraw_refusal(edition),
                **(extra_context or {}),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    # --- Read-only displays ---

    @admin.display(description=_("cases left out"))
    def omitted_count(self, edition):
        return len(edition.omitted_cases)

    @admin.display(description=_("contacts since erased or withdrawn"))
    def contacts_gone_count(self, edition):
        count = len(getattr(edition, "contacts_gone", []))
        if not count:
            return "-"
        if edition.is_withdrawn:
            return _("%(count)s (withdrawn from readers)") % {"count": count}
        if edition.is_published:
            return _("%(count)s, still served") % {"count": count}
        return count

    @admin.display(description=_("reader's PDF"))
    def download(self, edition):
        if not edition.pdf_file:
            return _("Not built yet.")
        link = format_html(
            '<a href="{}">{}</a> ({} KB)',
            reverse("admin:book_edition_file", args=[edition.pk, "reader"]),
            edition.pdf_file,
            edition.pdf_size // 1024,
        )
        return format_html("{}<br>{}", link, self._public_status(edition))

    @staticmethod
    def _public_status(edition):
        address = reverse("book:edition_pdf", args=[edition.number])
        if edition.is_withdrawn:
            return _("Withdrawn from readers: %(address)s answers 410 Gone.") % {"address": address}
        if edition.is_published:
            return format_html('{} <a href="{}">{}</a>', _("Public at"), address, address)
        return _("Not public: readers get it once it is published.")

    @admin.display(description=_("archive PDF (PDF/A-2a)"))
    def archive_download(self, edition):
        if not edition.archive_file:
            return _("Made when a final edition is frozen.")
        url = reverse("admin:book_edition_file", args=[edition.pk, "archive"])
        # Never public, not even while the edition is served.
        return format_html('<a href="{}">{}</a>', url, edition.archive_file)

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
            path("<int:pk>/publish/", wrap(self.publish_view), name="book_edition_publish"),
            path("<int:pk>/withdraw/", wrap(self.withdraw_view), name="book_edition_withdraw"),
            path("<int:pk>/file/<str:copy>/", wrap(self.file_view), name="book_edition_file"),
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
        if edition.is_frozen:
            messages.error(request, _("A frozen edition is never built again."))
            return self._back(edition)
        from book.tasks import rebuild_book

        rebuild_book.enqueue(force=True, edition_id=edition.pk)
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

    # --- Publishing and withdrawing, each confirmed first ---

    def publish_view(self, request, pk):
        return require_http_methods(["GET", "POST"])(self._publish)(request, pk)

    def _publish(self, request, pk):
        edition = self._edition_for_change(request, pk)
        refusal = services.publish_refusal(edition)
        if refusal:
            messages.error(request, refusal)
            return self._back(edition)
        if request.method == "POST":
            try:
                freezing = services.publish_edition(edition, by=request.user)
            except services.EditionNotAllowed as error:  # another editor was quicker
                messages.error(request, str(error))
                return self._back(edition)
            messages.success(request, self._published_message(edition, freezing))
            return self._back(edition)
        return self._confirmation(
            request,
            edition,
            title=_("Publish edition %(number)s?") % {"number": edition.number},
            consequences=self._publish_consequences(edition),
            warnings=self._publish_warnings(edition),
            button=_("Yes, publish it"),
        )

    @staticmethod
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

    @staticmethod
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
            builds.open_editions()
            .filter(number__lt=edition.number)
            .values_list("number", flat=True)
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

    @staticmethod
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

    def withdraw_view(self, request, pk):
        return require_http_methods(["GET", "POST"])(self._withdraw)(request, pk)

    def _withdraw(self, request, pk):
        edition = self._edition_for_change(request, pk)
        refusal = services.withdraw_refusal(edition)
        if refusal:
            messages.error(request, refusal)
            return self._back(edition)
        if request.method == "POST":
            try:
                services.withdraw_edition(edition, by=request.user)
            except services.EditionNotAllowed as error:
                messages.error(request, str(error))
                return self._back(edition)
            messages.success(
                request,
                _("Edition %(number)s is no longer served to readers.")
                % {"number": edition.number},
            )
            return self._back(edition)
        return self._confirmation(
            request,
            edition,
            title=_("Stop serving edition %(number)s to readers?") % {"number": edition.number},
            consequences=self._withdraw_consequences(edition),
            warnings=[_("This cannot be undone.")],
            button=_("Yes, stop serving it"),
            contacts_gone=privacy.contacts_gone([edition]).get(edition.pk, []),
        )

    @staticmethod
    def _withdraw_consequences(edition) -> list[str]:
        consequences = [
            _(
                "%(address)s answers 410 Gone with a short page saying that the edition was "
                "withdrawn."
            )
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

    def _confirmation(self, request, edition, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": edition,
            **context,
        }
        return TemplateResponse(request, "admin/book/edition/confirm.html", context)

    # --- The stored files, for editors ---

    def file_view(self, request, pk, copy):
        """The reader's or the archive copy as stored, whatever the edition's state: editors
        check an edition before publishing it, and keep access to a withdrawn one."""
        edition = get_object_or_404(Edition, pk=pk)
        if not self.has_view_permission(request, edition):
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
