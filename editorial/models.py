from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from submissions.models import Submission


class EditorialNote(models.Model):
    """An editor's internal note on a case. Never shown outside the admin."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self):
        return self.text[:60]


class RetentionRun(models.Model):
    """The anonymous record of one run of `manage.py apply_retention`: when, whether it only
    listed what would go, the periods it applied and how many of each kind it erased. No names,
    addresses or titles: the record outlives what it counts."""

    ran_at = models.DateTimeField(_("ran"), default=timezone.now)
    dry_run = models.BooleanField(_("dry run"))
    periods = models.JSONField(_("retention periods (days)"), default=dict)
    counts = models.JSONField(_("erased, per kind"), default=dict)

    class Meta:
        ordering = ["-ran_at", "-pk"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self):
        return f"{self.ran_at:%Y-%m-%d %H:%M}"


class AccessExport(models.Model):
    """The log of a person's access request answered: which editor exported everything held
    about which person (by the id of the person row the export started from), and when."""

    person_id = models.PositiveBigIntegerField(_("person id"))
    submission = models.ForeignKey(
        Submission,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submission"),
    )
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("exported by"),
    )
    exported_at = models.DateTimeField(_("exported"), default=timezone.now)
    records = models.PositiveIntegerField(_("records exported"))

    class Meta:
        ordering = ["-exported_at", "-pk"]
        verbose_name = _("access export")
        verbose_name_plural = _("access exports")

    def __str__(self):
        return f"person {self.person_id} {self.exported_at:%Y-%m-%d}"


class AccountSetup(models.Model):
    """What an editor must do before they may set up a second factor, when a password alone
    must not be enough to enrol one: their password was set by someone else (`create_editor`,
    an administrator in the admin), so whoever saw it on its way could otherwise enrol their own
    phone; or their second factor was reset. They choose their own password first (while
    `temporary_password_set_at` is set), then open a link e-mailed to the account's address.
    Removed once their app is set up (editorial.account_setup)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("user"),
    )
    temporary_password_set_at = models.DateTimeField(
        _("temporary password set"), null=True, blank=True
    )
    link_sent_at = models.DateTimeField(_("set-up link sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("account set-up")
        verbose_name_plural = _("account set-ups")

    def __str__(self):
        return f"user {self.user_id}"
