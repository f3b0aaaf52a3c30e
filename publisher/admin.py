"""The publisher's one admin page: the list goes straight to the one row; nothing to add or
delete. Saving it goes through `services.publisher_changed` (notice version, announcement)."""

from django import forms
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from common.admin_mixins import HistoryAdmin, ReadOnlyAdminMixin
from publisher import colour, services
from publisher.accessor import current
from publisher.logo import sanitised_logo
from publisher.models import SINGLETON_ID, Partner, PrivacyNotice, Publisher


class PublisherForm(forms.ModelForm):
    class Meta:
        model = Publisher
        # The admin adds the fieldsets' fields; this form only cleans the logo and the colour.
        fields = ("logo", "cover_colour")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Longer than the stored "#RRGGBB", so that whatever was typed meets the colour's own
        # message (and " 0062ba " is still accepted) instead of a count of characters.
        self.fields["cover_colour"].max_length = None
        self.fields["cover_colour"].validators = []
        self.fields["cover_colour"].widget.attrs.pop("maxlength", None)

    def clean_cover_colour(self):
        typed = colour.normalised(self.cleaned_data.get("cover_colour", ""))
        colour.validate_cover_colour(typed)
        return typed

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        # A new upload has a content type; the stored file is kept as it is.
        if logo and hasattr(logo, "content_type"):
            return sanitised_logo(logo)
        return logo


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0
    fields = ("name", "role", "role_nn", "role_en", "order")


@admin.register(Publisher)
class PublisherAdmin(HistoryAdmin):
    form = PublisherForm
    inlines = [PartnerInline]
    fieldsets = [
        (None, {"fields": ("name", "name_nn", "name_en", "short_name")}),
        (None, {"fields": ("service_name", "service_name_nn", "service_name_en")}),
        (None, {"fields": ("contact_email", "postal_address", "logo", "dpo_contact")}),
        (None, {"fields": ("book_licence", "cover_colour")}),
        (None, {"fields": ("basis_submission", "basis_contact", "basis_web", "basis_book")}),
        (None, {"fields": ("processors", "transfers_outside_eea")}),
        (
            None,
            {
                "fields": (
                    "retention_unpublished_days",
                    "retention_input_days",
                    "retention_email_tasks_days",
                    "retention_log_days",
                )
            },
        ),
    ]

    def changelist_view(self, request, extra_context=None):
        publisher = current()
        if publisher._state.adding:
            # A flushed table: store the defaults so there is one row to edit.
            services.save_publisher(publisher)
        return redirect(reverse("admin:publisher_publisher_change", args=[SINGLETON_ID]))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the partners: the notice version records them too.
        services.publisher_changed(form.instance)


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at",)
    readonly_fields = ("created_at", "fingerprint", "facts")
