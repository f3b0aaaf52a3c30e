"""The review of submissions: the Submission admin, its change page and its review list.

State changes go through submissions.workflow.transition(); everything else an editor does that
touches several objects is a function in editorial.services or submissions.services.
"""

from functools import partial
from pathlib import PurePosixPath

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.admin_mixins import DeleteThroughService, HistoryAdmin
from editorial import exports
from editorial import services as editorial_services
from editorial.admin import views
from editorial.admin.filters import (
    CountyFilter,
    DeadlinePassedFilter,
    StartedYearFilter,
    WriteupMissingFilter,
)
from editorial.admin.forms import (
    URL_FIELDS,
    ApprovalRequestForm,
    SubmissionAdminForm,
    TransitionForm,
)
from editorial.admin.inlines import (
    AnswerInline,
    EditApprovalInline,
    EnterpriseInline,
    NoteInline,
    PersonInline,
    StateChangeInline,
)
from editorial.history import case_history
from editorial.models import EditorialNote
from editorial.review import case_review
from submissions import approvals
from submissions.change_requests import part_choices
from submissions.models import Submission
from submissions.versions import EditConflict
from submissions.workflow import EDITOR, State, allowed_targets


@admin.register(Submission)
class SubmissionAdmin(DeleteThroughService, HistoryAdmin):
    form = SubmissionAdminForm
    delete_service = staticmethod(editorial_services.delete_cases)
    formfield_overrides = URL_FIELDS
    change_form_template = "editorial/submission_change_form.html"
    change_list_template = "editorial/submission_change_list.html"
    object_history_list_template = "editorial/submission_history_list.html"
    list_display = [
        "title",
        "state",
        "main_theme",
        "county_names",
        "started",
        "assigned_editor",
        "writeup_submitted_at",
        "pitch_submitted_at",
    ]
    list_filter = [
        "call",
        "state",
        "main_theme",
        "themes",
        CountyFilter,
        ("municipalities", admin.RelatedOnlyFieldListFilter),
        WriteupMissingFilter,
        DeadlinePassedFilter,
        ("assigned_editor", admin.RelatedOnlyFieldListFilter),
        "collaboration_form",
        StartedYearFilter,
    ]
    search_fields = [
        "title",
        "summary",
        "submitter_name",
        "submitter_email",
        "enterprises__name",
        "municipalities__name",
        "people__name",
        "answers__text",
    ]
    readonly_fields = [
        "state",
        "text_status",
        "public_id",
        "pitch_submitted_at",
        "writeup_submitted_at",
        "published_at",
        "attachment_link",
        "photo_preview",
    ]
    fieldsets = [
        (None, {"fields": ["state", "text_status", "assigned_editor", "loaded_version"]}),
        (_("Tagging"), {"fields": ["main_theme", "themes", "tags"]}),
        (
            _("The pitch"),
            {
                "fields": [
                    "call",
                    "title",
                    "summary",
                    "collaboration_form",
                    "collaboration_form_other",
                    "municipalities",
                    "started_year",
                ]
            },
        ),
        (
            _("Write-up"),
            {
                "fields": [
                    "link",
                    "photo_preview",
                    "photo",
                    "photo_alt",
                    "attachment_link",
                    "attachment",
                ]
            },
        ),
        (
            _("Submitter and dates"),
            {
                "fields": [
                    "submitter_name",
                    "submitter_email",
                    "language",
                    "public_id",
                    "pitch_submitted_at",
                    "writeup_submitted_at",
                    "writeup_extended_until",
                    "published_at",
                    "slug",
                ]
            },
        ),
    ]
    autocomplete_fields = ["municipalities"]
    filter_horizontal = ["themes"]
    inlines = [
        NoteInline,
        AnswerInline,
        EnterpriseInline,
        PersonInline,
        EditApprovalInline,
        StateChangeInline,
    ]
    actions = [
        "change_state",
        "export_csv_semicolon",
        "export_csv",
        "export_json",
        "revoke_links",
    ]
    list_select_related = ["main_theme", "assigned_editor"]

    def has_add_permission(self, request):
        # A case comes in as a pitch (submissions.services.create_pitch), from the public form
        # or from a reader's input, with its people, consents and secret link.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("municipalities__county")

    def view_on_site(self, submission):
        """The public page, or the editors' preview of a case that was never published."""
        if submission.slug:
            return reverse("publishing:case", args=[submission.slug])
        return reverse("publishing:case_preview", args=[submission.public_id])

    @admin.display(description=_("counties"))
    def county_names(self, submission):
        return ", ".join(sorted({m.county.name for m in submission.municipalities.all()}))

    @admin.display(description=_("Started"), ordering="started_year", empty_value="")
    def started(self, submission):
        return submission.started_year

    @admin.display(description=_("text"))
    def text_status(self, submission):
        text = submission.text_snapshot()  # one query for the answers, not one per comparison
        if text == submission.submitter_text:
            return _("The submitter's own text")
        if text == submission.approved_text:
            return _("Edited, and approved by the submitter")
        return _("Edited by the editors, not yet approved by the submitter")

    @admin.display(description=_("attachment"))
    def attachment_link(self, submission):
        if not submission.attachment:
            return self.get_empty_value_display()
        url = reverse("admin:submissions_submission_attachment", args=[submission.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download the PDF"))

    @admin.display(description=_("photo as readers see it"))
    def photo_preview(self, submission):
        """A thumbnail through the public photo address (open to editors before publication),
        with its description and, where the model has one, its credit."""
        if not submission.photo:
            return self.get_empty_value_display()
        name = PurePosixPath(submission.photo.name).name
        url = reverse("publishing:case_photo", args=[submission.public_id, name])
        credit = getattr(submission, "photo_credit", "")
        return format_html(
            '<figure class="kb-thumbnail"><a href="{}"><img src="{}" alt="{}"></a>'
            "<figcaption>{}{}</figcaption></figure>",
            url,
            url,
            submission.photo_alt,
            submission.photo_alt or _("No description yet."),
            format_html("<br>{}: {}", _("Photo"), credit) if credit else "",
        )

    # --- Saving ---

    def save_model(self, request, obj, form, change):
        """Saved with its parts in save_related, by one call of the edit service."""

    def save_related(self, request, form, formsets, change):
        editorial_services.save_case_edit(
            form.instance,
            fields=form.fields,
            loaded_version=form.cleaned_data.get("loaded_version"),
            by=request.user,
            save_parts=partial(super().save_related, request, form, formsets, change),
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict as conflict:
            # Someone saved the case after this form was loaded: the edit service refused
            # the save and the request's transaction rolled back. The form comes back with
            # what the editor typed and the conflict (SubmissionAdminForm.clean).
            request.edit_conflict = conflict
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        conflict = getattr(request, "edit_conflict", None)
        if conflict is None:
            return form
        return type(form.__name__, (form,), {"conflict": conflict})

    def save_formset(self, request, form, formset, change):
        if formset.model is EditorialNote:
            for note in formset.save(commit=False):
                note.author = request.user
                note.save()
            return
        super().save_formset(request, form, formset, change)

    # --- Extra pages: state changes, approval of edits, restore, attachment (in views) ---

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(partial(view, model_admin=self))

        extra = [
            path(
                "<int:pk>/transition/",
                wrap(views.transition_view),
                name="submissions_submission_transition",
            ),
            path(
                "<int:pk>/request-approval/",
                wrap(views.request_approval_view),
                name="submissions_submission_request_approval",
            ),
            path(
                "<int:pk>/approvals/<int:approval_pk>/outside/",
                wrap(views.outside_approval_view),
                name="submissions_submission_outside_approval",
            ),
            path(
                "<int:pk>/restore/<int:history_id>/",
                wrap(views.restore_view),
                name="submissions_submission_restore",
            ),
            path(
                "<int:pk>/attachment/",
                wrap(views.attachment_view),
                name="submissions_submission_attachment",
            ),
        ]
        return extra + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        submission = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "transitions": allowed_targets(submission, actor=EDITOR) if submission else [],
            "transition_form": TransitionForm(
                targets=State.choices, parts=part_choices(submission) if submission else ()
            ),
            "approval_form": ApprovalRequestForm(),
            "needs_approval": submission is not None and not submission.text_is_approved(),
            "pending_approval": submission and approvals.pending_edit_approval(submission),
            "review": case_review(submission) if submission else None,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        counts = dict(Submission.objects.values_list("state").annotate(n=Count("pk")).order_by())
        extra_context = {
            **(extra_context or {}),
            "state_counts": [
                (state, label, counts.get(state, 0)) for state, label in State.choices
            ],
        }
        return super().changelist_view(request, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        submission = self.get_object(request, unquote(object_id))
        if submission is None or not self.has_view_or_change_permission(request, submission):
            return super().history_view(request, object_id, extra_context)  # 404 or 403
        entries = Paginator(case_history(submission), self.history_list_per_page)
        extra_context = {
            **(extra_context or {}),
            "entries": entries.get_page(request.GET.get("p")),
        }
        return super().history_view(request, object_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Not needed: the page shows editorial.history's entries, every part of the case."""

    def revert_disabled(self, request, obj=None):
        # Restoring goes through restore_view, which brings the answers back too.
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """An earlier version, to look at only. simple_history saves a POST here as that
        version, state included, past transition(), the text lock and the version check."""
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    # --- Bulk actions ---

    @admin.action(description=_("Change the state of the selected submissions…"))
    def change_state(self, request, queryset):
        return views.change_state_in_bulk(self, request, queryset)

    @admin.action(description=_("Export as CSV for Excel (semicolon, as Norwegian Excel reads)"))
    def export_csv_semicolon(self, request, queryset):
        data = exports.export_csv(queryset, delimiter=";")
        return views.download(data, "text/csv", "kokebok.csv")

    @admin.action(description=_("Export as CSV (comma)"))
    def export_csv(self, request, queryset):
        data = exports.export_csv(queryset, delimiter=",")
        return views.download(data, "text/csv", "kokebok.csv")

    @admin.action(description=_("Export as JSON"))
    def export_json(self, request, queryset):
        data = exports.export_json(queryset)
        return views.download(data, "application/json", "kokebok.json")

    @admin.action(
        description=_(
            "Sign out on all devices: end the secret links and sessions of the selected "
            "submissions, and e-mail each sender a new link"
        )
    )
    def revoke_links(self, request, queryset):
        count = sum(
            editorial_services.sign_out_everywhere(submission, by=request.user)
            for submission in queryset
        )
        self.message_user(
            request,
            _("%(count)s links ended. Each sender has been e-mailed a new link.")
            % {"count": count},
            messages.SUCCESS,
        )
