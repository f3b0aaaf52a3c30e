"""The editions' admin: the edition's fields, its build and what it prints, and the links to its
extra pages (views: previews, build, freeze, publish, withdraw, files).

URL names for links from elsewhere in the admin: `admin:book_preview` (the whole book as a
draft) and `admin:book_preview_case` (one case's pages, with the submission's pk).

An edition's page also publishes it and withdraws it from readers, each after a confirmation
page (GET) and only by POST, and warns when a frozen edition prints contacts who have since
been erased or withdrawn their consent (book.privacy).
"""

from functools import partial

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from book import privacy, services
from book.admin import views
from book.models import Edition

EDITABLE_FIELDS = [
    "number",
    "title",
    "subtitle",
    "kind",
    "date",
    "grouping",
    "foreword",
    "introduction",
]
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

        def with_admin(view):
            return wrap(partial(view, model_admin=self))

        return [
            path("preview/", wrap(views.preview_view), name="book_preview"),
            path(
                "preview/case/<int:submission_pk>/",
                wrap(views.preview_case_view),
                name="book_preview_case",
            ),
            path("<int:pk>/build/", with_admin(views.build_view), name="book_edition_build"),
            path("<int:pk>/freeze/", with_admin(views.freeze_view), name="book_edition_freeze"),
            path("<int:pk>/publish/", with_admin(views.publish_view), name="book_edition_publish"),
            path(
                "<int:pk>/withdraw/",
                with_admin(views.withdraw_view),
                name="book_edition_withdraw",
            ),
            path(
                "<int:pk>/file/<str:copy>/", with_admin(views.file_view), name="book_edition_file"
            ),
            *super().get_urls(),
        ]
