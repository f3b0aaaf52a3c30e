"""The filters of the review list (the submissions' change list)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from submissions.models import County


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
        # The submitter's editing deadline, by the one rule for deadlines (deadline_is_open).
        open_ = queryset.editing_deadline_open()
        if self.value() == "passed":
            return queryset.exclude(pk__in=open_.values("pk"))
        if self.value() == "open":
            return open_
        return queryset


class StartedYearFilter(admin.SimpleListFilter):
    """The years the listed cases' collaborations started, newest first, and "not given"."""

    title = _("year the collaboration started")
    parameter_name = "started"

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request)
            .exclude(started_year=None)
            .order_by("-started_year")
            .values_list("started_year", flat=True)
            .distinct()
        )
        return [(str(year), str(year)) for year in years] + [("none", _("not given"))]

    def queryset(self, request, queryset):
        value = self.value() or ""
        if value == "none":
            return queryset.filter(started_year=None)
        # Four digits at most: a longer number is no year, and too large for the database.
        if value.isascii() and value.isdigit() and len(value) <= 4:
            return queryset.filter(started_year=int(value))
        return queryset
