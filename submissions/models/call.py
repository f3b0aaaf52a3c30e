"""The call for examples and the reference data it is built on: counties, municipalities, the
guiding questions and the themes (the book's chapters). Deadline rules live here as small
functions and methods that take `now`, so that views and templates only ask and tests can move
the clock."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.i18n import localized

PITCH_SUMMARY_MAX_CHARS = 1500
TITLE_MAX_CHARS = 200
# Per-answer cap in characters: a generous bound so that no single field can be abused.
ANSWER_MAX_CHARS = 20_000
# Version of the consent wording shown to people; bump it whenever the texts change.
CONSENT_TEXT_VERSION = "2026-11-23"


def _start_of_minute(moment):
    # Oslo's offsets from UTC are whole hours, so cutting seconds in UTC cuts them in Oslo too.
    return moment.replace(second=0, microsecond=0)


def deadline_is_open(deadline, now=None) -> bool:
    """Is `now` still within `deadline` or its minute? Deadlines are shown to the minute, so one
    shown as 23:59 accepts work until 23:59:59.999999 (the one rule for every deadline)."""
    return _start_of_minute(now or timezone.now()) <= _start_of_minute(deadline)


def _comparable(text: str) -> str:
    """Names and addresses as people mean them: any case, any run of spaces."""
    return " ".join(text.split()).casefold()


class County(models.Model):
    number = models.CharField(_("county number"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["number"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self):
        return self.name


class Municipality(models.Model):
    number = models.CharField(_("municipality number"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )

    class Meta:
        ordering = ["name", "number"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        # Names repeat (Herøy, Våler), so the county is always part of how one is shown.
        return f"{self.name} ({self.county.name})"


class CallQuerySet(models.QuerySet):
    def accepting_pitches(self, now=None):
        """Calls whose pitch deadline is open (see `deadline_is_open`), closing soonest first."""
        start_of_minute = _start_of_minute(now or timezone.now())
        return self.filter(pitch_deadline__gte=start_of_minute).order_by("pitch_deadline")


class Call(models.Model):
    """An open call for examples, with its two deadlines and its guiding questions."""

    title = models.CharField(_("title"), max_length=TITLE_MAX_CHARS)
    title_nn = models.CharField(_("title (Nynorsk)"), max_length=TITLE_MAX_CHARS, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=TITLE_MAX_CHARS, blank=True)
    slug = models.SlugField(_("slug"), unique=True)
    introduction = models.TextField(_("introduction"), blank=True)
    introduction_nn = models.TextField(_("introduction (Nynorsk)"), blank=True)
    introduction_en = models.TextField(_("introduction (English)"), blank=True)
    pitch_deadline = models.DateTimeField(_("pitch deadline"))
    writeup_deadline = models.DateTimeField(_("write-up deadline"))
    writeup_target_words = models.PositiveIntegerField(
        _("write-up length target (words)"),
        default=600,
        help_text=_("About one page. Shown to the submitter as guidance."),
    )
    writeup_max_words = models.PositiveIntegerField(
        _("write-up maximum (words)"),
        default=1200,
        help_text=_("A write-up longer than this cannot be saved."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CallQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-pitch_deadline"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")

    def __str__(self):
        return self.title

    def clean(self):
        both = self.pitch_deadline and self.writeup_deadline
        if both and self.writeup_deadline < self.pitch_deadline:
            raise ValidationError(
                {"writeup_deadline": _("The write-up deadline must be after the pitch deadline.")}
            )
        if self.writeup_max_words < self.writeup_target_words:
            raise ValidationError(
                {"writeup_max_words": _("The maximum must be at least the target length.")}
            )

    @property
    def display_title(self):
        return localized(self, "title")

    @property
    def display_introduction(self):
        return localized(self, "introduction")

    def pitch_is_open(self, now=None) -> bool:
        """Pitches are accepted up to the end of the deadline's minute."""
        return deadline_is_open(self.pitch_deadline, now)

    def writeup_is_open(self, now=None) -> bool:
        return deadline_is_open(self.writeup_deadline, now)


class GuidingQuestion(models.Model):
    class Role(models.TextChoices):
        """What a question is for beyond being asked, found by this key, never by its wording
        (which the editors may change). At most one question of a call per role."""

        NONE = "", _("none")
        LESSON = "lesson", _("most important lesson (book quote)")

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="questions", verbose_name=_("call")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=300)
    text_nn = models.CharField(_("question (Nynorsk)"), max_length=300, blank=True)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    help_text = models.TextField(_("help text"), blank=True)
    help_text_nn = models.TextField(_("help text (Nynorsk)"), blank=True)
    help_text_en = models.TextField(_("help text (English)"), blank=True)
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=Role.choices,
        default=Role.NONE,
        blank=True,
        help_text=_("The lesson's answer is set as the pull quote of the example in the book."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["call", "position", "pk"]
        verbose_name = _("guiding question")
        verbose_name_plural = _("guiding questions")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "role"],
                condition=~models.Q(role=""),
                name="one_question_per_role",
                violation_error_message=_("Another question of this call already has this role."),
            )
        ]

    def __str__(self):
        return self.text

    @property
    def display_text(self):
        return localized(self, "text")

    @property
    def display_help_text(self):
        return localized(self, "help_text")


class Theme(models.Model):
    """A theme of the cookbook; the themes in their order are the chapters of the book."""

    name = models.CharField(_("name"), max_length=100)
    name_nn = models.CharField(_("name (Nynorsk)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), unique=True)
    introduction = models.TextField(_("introduction"), blank=True)
    introduction_nn = models.TextField(_("introduction (Nynorsk)"), blank=True)
    introduction_en = models.TextField(_("introduction (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position in the book"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return localized(self, "name")

    @property
    def display_introduction(self):
        return localized(self, "introduction")
