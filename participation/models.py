"""Readers' part in the prototype: input on the cases and the book, and the toolbox of tools.

Everything readers send is pre-moderated: only what an editor approved is ever public.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from submissions.models import Submission, Theme

INPUT_MAX_CHARS = 3000
TOOL_DESCRIPTION_MAX_CHARS = 1000


class Moderation(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Spam")


# Input in these states is never turned into a pitch.
NEVER_A_PITCH = (Moderation.SPAM, Moderation.REJECTED)


class ModeratedQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=Moderation.PENDING)


class InputQuerySet(ModeratedQuerySet):
    def public(self):
        """Approved input whose writer agreed to publication, on a published case or the book."""
        return self.filter(status=Moderation.APPROVED, publish_consent=True).filter(
            models.Q(submission__isnull=True)
            | models.Q(submission__state=Submission.State.PUBLISHED)
        )


class Input(models.Model):
    """A reader's input (innspill) on one case, or on the whole book when `submission` is empty."""

    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="inputs",
        verbose_name=_("case"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail (never published)"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    text = models.TextField(_("input"), validators=[MaxLengthValidator(INPUT_MAX_CHARS)])
    publish_consent = models.BooleanField(_("may publish name and text"), default=False)
    language = models.CharField(max_length=5, choices=settings.LANGUAGES, default="nb")
    created_at = models.DateTimeField(_("received"), default=timezone.now)

    status = models.CharField(
        _("status"), max_length=10, choices=Moderation, default=Moderation.PENDING, db_index=True
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True, editable=False)
    answer = models.TextField(_("public answer from the editors"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True, editable=False)
    pitch = models.ForeignKey(
        Submission,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="from_inputs",
        editable=False,
        verbose_name=_("pitch made from this input"),
    )

    objects = InputQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("input")
        verbose_name_plural = _("inputs")

    def __str__(self):
        return self.text[:60]

    @property
    def can_become_pitch(self) -> bool:
        """Spam and rejected input never becomes a pitch, and no input becomes two."""
        return self.status not in NEVER_A_PITCH and self.pitch_id is None


class Tool(models.Model):
    """A useful tool for municipalities and social entrepreneurs; readers may suggest one."""

    class Audience(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipalities")
        ENTERPRISE = "enterprise", _("Social entrepreneurs")
        BOTH = "both", _("Municipalities and social entrepreneurs")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("short description"), validators=[MaxLengthValidator(TOOL_DESCRIPTION_MAX_CHARS)]
    )
    link = models.URLField(_("link"), max_length=500)
    audience = models.CharField(
        _("for whom"), max_length=20, choices=Audience, default=Audience.BOTH
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="tools", verbose_name=_("themes")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Moderation, default=Moderation.PENDING, db_index=True
    )
    suggested_by_name = models.CharField(_("suggested by"), max_length=200, blank=True)
    suggested_by_email = models.EmailField(_("suggester's e-mail (never published)"), blank=True)
    language = models.CharField(max_length=5, choices=settings.LANGUAGES, default="nb")
    created_at = models.DateTimeField(_("received"), default=timezone.now)

    objects = ModeratedQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("tool")
        verbose_name_plural = _("tools")

    def __str__(self):
        return self.title
