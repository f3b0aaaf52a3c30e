"""The editors' door: the Django admin, shaped for the daily review of submissions.

State changes go through submissions.workflow.transition(); everything else an editor does that
touches several objects is a function in editorial.services or submissions.services.
"""

from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from editorial import services as editorial_services
from editorial.history import case_history
from editorial.models import EditorialNote
from submissions import links, services
from submissions.models import (
    Answer,
    Call,
    County,
    EditApproval,
    Erasure,
    GuidingQuestion,
    Municipality,
    Person,
    SocialEnterprise,
    StateChange,
    Submission,
    Theme,
)
from submissions.signals import public_content_changed
from submissions.workflow import (
    EDITOR,
    ApprovalPending,
    State,
    TextLocked,
    TransitionNotAllowed,
    allowed_targets,
    needs_comment,
    text_is_locked,
    transition,
)

# --- Calls and themes ---


class GuidingQuestionInline(admin.TabularInline):
    model = GuidingQuestion
    extra = 0
    fields = ["position", "text", "text_nn", "text_en", "help_text", "help_text_nn", "help_text_en"]


@admin.register(Call)
class CallAdmin(SimpleHistoryAdmin):
    list_display = ["title", "pitch_deadline", "writeup_deadline"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [GuidingQuestionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.add_default_questions(form.instance)
        # The guiding questions are the headings of every case's page and book pages.
        public_content_changed.send(sender=Call, submission=None)


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "position", "slug"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "name_nn", "name_en"]

    # Theme names and order show on every public page and in the book, so every change,
    # deletions included, tells them.

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _themes_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _themes_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        _themes_changed()


def _themes_changed():
    public_content_changed.send(sender=Theme, submission=None)


# --- The review list's filters ---


class CountyFilter(admin.SimpleListFilter):
    title = _("county")
    parameter_name = "county"

    def lookups(self, request, model_admin):
        return [(c.number, c.name) for c in County.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(municipalities__county__number=self.value()).distinct()
        return queryset


class WriteupMissingFilter(admin.SimpleListFilter):
    title = _("write-up")
    parameter_name = "writeup"

    def lookups(self, request, model_admin):
        return [("missing", _("Write-up missing")), ("submitted", _("Write-up submitted"))]

    def queryset(self, request, queryset):
        if self.value() in ("missing", "submitted"):
            return queryset.filter(writeup_submitted_at__isnull=self.value() == "missing")
        return queryset


class DeadlinePassedFilter(admin.SimpleListFilter):
    title = _("write-up deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [("passed", _("Deadline passed")), ("open", _("Deadline not passed"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        passed = queryset.filter(call__writeup_deadline__lt=now).exclude(
            writeup_extended_until__gte=now
        )
        if self.value() == "passed":
            return passed
        if self.value() == "open":
            return queryset.exclude(pk__in=passed.values("pk"))
        return queryset


# --- Submissions ---

TEXT_LOCKED_MESSAGE = _(
    "This case is published, so its text (title, pitch and answers) cannot be changed: readers "
    "may only see text the submitter wrote or approved. To change it, unpublish the case, edit "
    "it, ask the submitter to approve the edits, and publish it again."
)


class SubmissionAdminForm(forms.ModelForm):
    """The change form with the version it was loaded from, so a concurrent save is caught."""

    # Not named "version": the admin builds its form from the fieldsets, and the model's
    # `version` is not editable.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Submission
        fields = []  # the admin's fieldsets choose the fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if slug and self.instance.pk:
            services.check_slug_available(self.instance, slug)
        return slug

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("photo") and not cleaned.get("photo_alt", "").strip():
            self.add_error("photo_alt", _("Describe the photo: the web page and the book need it."))
        if self.instance.pk:
            # Lock the row for the rest of the request (the admin runs in one transaction), so
            # the check and the save are one step.
            current = Submission.objects.select_for_update().get(pk=self.instance.pk).version
            if cleaned.get("loaded_version") != current:
                self.data = self.data.copy()
                self.data["loaded_version"] = str(current)
                raise ValidationError(
                    _(
                        "Someone else saved this submission while you were editing it. Your "
                        "changes are still in the form and have not been saved. Open the history "
                        "in another tab to see what they changed, then save again to replace it."
                    ),
                    code="conflict",
                )
        return cleaned


# Submitted addresses without a scheme are read as https, as the public forms do.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class EnterpriseInline(admin.TabularInline):
    model = SocialEnterprise
    extra = 0
    formfield_overrides = URL_FIELDS


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0
    fields = ["side", "name", "role", "email", "phone", "is_submitter", "participation", "consent"]
    readonly_fields = ["side", "participation", "is_submitter", "consent"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("consent"))
    def consent(self, person):
        current = person.current_consents()
        return ", ".join(
            f"{purpose}: {'✓' if granted else '✗'}" for purpose, granted in current.items()
        )


class AnswerInline(admin.StackedInline):
    model = Answer
    extra = 0
    fields = ["question", "text"]
    readonly_fields = ["question"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and text_is_locked(obj):
            return [*self.readonly_fields, "text"]
        return self.readonly_fields


class NoteInline(admin.StackedInline):
    model = EditorialNote
    extra = 1
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    can_delete = False
    verbose_name_plural = _("internal notes (never public)")

    def has_change_permission(self, request, obj=None):
        return False


class StateChangeInline(admin.TabularInline):
    model = StateChange
    extra = 0
    fields = ["created_at", "from_state", "to_state", "by_user", "by_submitter", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EditApprovalInline(admin.TabularInline):
    model = EditApproval
    extra = 0
    fields = ["requested_at", "requested_by", "decision", "comment", "answered_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class TransitionForm(forms.Form):
    """A move to a new state, chosen from `targets` ((state, label) pairs), and its comment."""

    target = forms.ChoiceField(label=_("New state"), widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_(
            "Comment (sent to the submitter when you request changes; "
            "required when you withdraw a case)"
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = targets

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("target")
        if target and needs_comment(target) and not cleaned.get("comment", "").strip():
            self.add_error(
                "comment",
                _(
                    "Write when and how the submitter asked for this. The comment is kept "
                    "with the change of state."
                ),
            )
        return cleaned


def editor_choices(submission) -> list[tuple[str, object]]:
    """The moves an editor can make with this case, as (state, button label)."""
    return [(t.target, t.label) for t in allowed_targets(submission, actor=EDITOR)]


def bulk_choices(submissions) -> list[tuple[str, str]]:
    """The states that at least one of `submissions` can move to, each saying how many can."""
    counts = Counter(t for s in submissions for t, _label in editor_choices(s))
    return [
        (
            state,
            _("%(state)s (possible for %(count)s of %(total)s)")
            % {"state": label, "count": counts[state], "total": len(submissions)},
        )
        for state, label in State.choices
        if counts[state]
    ]


@admin.register(Submission)
class SubmissionAdmin(SimpleHistoryAdmin):
    form = SubmissionAdminForm
    formfield_overrides = URL_FIELDS
    change_form_template = "editorial/submission_change_form.html"
    change_list_template = "editorial/submission_change_list.html"
    object_history_list_template = "editorial/submission_history_list.html"
    list_display = [
        "title",
        "state",
        "main_theme",
        "county_names",
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
                ]
            },
        ),
        (_("Write-up"), {"fields": ["link", "photo", "photo_alt", "attachment_link"]}),
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
    actions = ["change_state", "export_csv", "export_csv_semicolon", "export_json", "revoke_links"]
    list_select_related = ["main_theme", "assigned_editor"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("municipalities__county")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and text_is_locked(obj):
            # The answers are locked in AnswerInline.
            return [*self.readonly_fields, "title", "summary"]
        return self.readonly_fields

    def view_on_site(self, submission):
        """The public page, or the editors' preview of a case that was never published."""
        if submission.slug:
            return reverse("publishing:case", args=[submission.slug])
        return reverse("publishing:case_preview", args=[submission.public_id])

    @admin.display(description=_("counties"))
    def county_names(self, submission):
        return ", ".join(sorted({m.county.name for m in submission.municipalities.all()}))

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
            return "-"
        url = reverse("admin:submissions_submission_attachment", args=[submission.pk])
        return forms.utils.format_html('<a href="{}">{}</a>', url, _("Download the PDF"))

    # --- Saving ---

    def save_model(self, request, obj, form, change):
        new_slug = obj.slug
        if change:
            obj.version += 1
            obj.slug = form.initial.get("slug")
        super().save_model(request, obj, form, change)
        if change and new_slug and new_slug != obj.slug:
            # The one door for addresses: keeps the old one answering with a redirect.
            services.change_slug(obj, new_slug, by=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.instance.is_public:
            public_content_changed.send(sender=Submission, submission=form.instance)

    def save_formset(self, request, form, formset, change):
        if formset.model is EditorialNote:
            for note in formset.save(commit=False):
                note.author = request.user
                note.save()
            return
        super().save_formset(request, form, formset, change)

    # --- Extra pages: state changes, approval of edits, restore, attachment ---

    def get_urls(self):
        extra = [
            path(
                "<int:pk>/transition/",
                self.admin_site.admin_view(self.transition_view),
                name="submissions_submission_transition",
            ),
            path(
                "<int:pk>/request-approval/",
                self.admin_site.admin_view(self.request_approval_view),
                name="submissions_submission_request_approval",
            ),
            path(
                "<int:pk>/restore/<int:history_id>/",
                self.admin_site.admin_view(self.restore_view),
                name="submissions_submission_restore",
            ),
            path(
                "<int:pk>/attachment/",
                self.admin_site.admin_view(self.attachment_view),
                name="submissions_submission_attachment",
            ),
        ]
        return extra + super().get_urls()

    def _editable_submission(self, request, pk) -> Submission:
        submission = get_object_or_404(Submission, pk=pk)
        if request.method != "POST" or not self.has_change_permission(request, submission):
            raise PermissionDenied
        return submission

    def _back(self, submission):
        return HttpResponseRedirect(
            reverse("admin:submissions_submission_change", args=[submission.pk])
        )

    def transition_view(self, request, pk):
        submission = self._editable_submission(request, pk)
        # Every state is a valid choice here: a move the case cannot make (a page loaded
        # before someone else moved it) is refused by transition() with a message.
        form = TransitionForm(request.POST, targets=State.choices)
        if form.is_valid():
            self._apply_transition(request, submission, **form.cleaned_data)
            return self._back(submission)
        form.fields["target"].choices = editor_choices(submission)
        return self._state_page(request, [submission], form, bulk=False)

    def _state_page(self, request, submissions, form, *, bulk: bool):
        """The page that asks for the new state and the comment, with any error at its field."""
        if bulk:
            title = _("Change the state")
        else:
            title = _("Change the state of “%(title)s”") % {"title": submissions[0].title}
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "submissions": submissions,
            "form": form,
            "bulk": bulk,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "editorial/change_state.html", context)

    def _apply_transition(self, request, submission, *, target, comment) -> bool:
        try:
            with transaction.atomic():
                transition(submission, target, by=request.user, comment=comment)
        except ApprovalPending:
            self.message_user(
                request,
                _(
                    "“%(title)s” was edited by the editors: "
                    "the submitter must approve the text first."
                )
                % {"title": submission.title},
                messages.ERROR,
            )
            return False
        except TransitionNotAllowed:
            self.message_user(
                request,
                _("“%(title)s” cannot go from “%(source)s” to “%(target)s”.")
                % {
                    "title": submission.title,
                    "source": submission.get_state_display(),
                    "target": State(target).label,
                },
                messages.ERROR,
            )
            return False
        self.message_user(
            request,
            _("“%(title)s” is now “%(state)s”.")
            % {"title": submission.title, "state": submission.get_state_display()},
            messages.SUCCESS,
        )
        return True

    def request_approval_view(self, request, pk):
        submission = self._editable_submission(request, pk)
        if submission.text_is_approved():
            self.message_user(request, _("There are no unapproved edits."), messages.WARNING)
        else:
            editorial_services.ask_for_edit_approval(submission, by=request.user)
            self.message_user(
                request, _("The submitter has been asked to approve the edits."), messages.SUCCESS
            )
        return self._back(submission)

    def restore_view(self, request, pk, history_id):
        submission = self._editable_submission(request, pk)
        if not submission.history.filter(history_id=history_id).exists():
            raise Http404
        try:
            editorial_services.restore_version(submission, history_id, by=request.user)
        except TextLocked:
            self.message_user(request, TEXT_LOCKED_MESSAGE, messages.ERROR)
        else:
            self.message_user(
                request, _("The earlier version has been restored."), messages.SUCCESS
            )
        return self._back(submission)

    def attachment_view(self, request, pk):
        submission = get_object_or_404(Submission, pk=pk)
        if not self.has_view_permission(request, submission) or not submission.attachment:
            raise Http404
        return FileResponse(
            submission.attachment.open("rb"),
            as_attachment=True,
            filename=f"vedlegg-{submission.pk}.pdf",
            content_type="application/pdf",
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        submission = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "transitions": allowed_targets(submission, actor=EDITOR) if submission else [],
            "transition_form": TransitionForm(targets=State.choices),
            "needs_approval": submission is not None and not submission.text_is_approved(),
            "pending_approval": submission and services.pending_edit_approval(submission),
            "text_locked": submission is not None and text_is_locked(submission),
            "text_locked_message": TEXT_LOCKED_MESSAGE,
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
            "text_locked": text_is_locked(submission),
            "text_locked_message": TEXT_LOCKED_MESSAGE,
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
        """Offers only the moves some of the cases can make; reports each case's outcome."""
        submissions = list(queryset)
        form = TransitionForm(
            request.POST if "apply" in request.POST else None,
            targets=bulk_choices(submissions),
        )
        if not form.is_valid():
            return self._state_page(request, submissions, form, bulk=True)
        done = sum(
            self._apply_transition(request, submission, **form.cleaned_data)
            for submission in submissions
        )
        self.message_user(request, _("%(count)s changed.") % {"count": done}, messages.INFO)
        return None

    @admin.action(description=_("Export as CSV (Excel, comma)"))
    def export_csv(self, request, queryset):
        return _download(editorial_services.export_csv(queryset), "text/csv", "kokebok.csv")

    @admin.action(description=_("Export as CSV (Excel, semicolon)"))
    def export_csv_semicolon(self, request, queryset):
        data = editorial_services.export_csv(queryset, delimiter=";")
        return _download(data, "text/csv", "kokebok.csv")

    @admin.action(description=_("Export as JSON"))
    def export_json(self, request, queryset):
        data = editorial_services.export_json(queryset)
        return _download(data, "application/json", "kokebok.json")

    @admin.action(description=_("Revoke the secret links of the selected submissions"))
    def revoke_links(self, request, queryset):
        count = sum(links.revoke_tokens(submission) for submission in queryset)
        self.message_user(
            request, _("%(count)s links revoked.") % {"count": count}, messages.SUCCESS
        )


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- People and reference data ---


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "side", "submission", "participation"]
    search_fields = ["name", "email", "submission__title"]
    list_filter = ["side", "participation"]
    readonly_fields = ["submission", "participation", "is_submitter", "language"]
    fields = ["submission", "side", "name", "role", "email", "phone", *readonly_fields[1:]]
    actions = ["erase"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.submission.is_public:
            # The case's page and the book show contact details of people who consented.
            public_content_changed.send(sender=Person, submission=obj.submission)

    @admin.action(description=_("Erase the contact data of the selected people (on request)"))
    def erase(self, request, queryset):
        for person in queryset.select_related("submission"):
            editorial_services.erase_person(person, by=request.user, reason="request")
        self.message_user(
            request, _("Contact data erased and the erasure logged."), messages.SUCCESS
        )


@admin.register(Erasure)
class ErasureAdmin(admin.ModelAdmin):
    list_display = ["erased_at", "submission", "person_id", "erased_by", "history_rows", "reason"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "county"]
    search_fields = ["number", "name"]
    list_filter = ["county"]


admin.site.register(County)
