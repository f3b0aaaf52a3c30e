"""The call for examples and what people send in to it.

Rules that decide what may happen (deadlines, editability, consent) live here as small methods
that take `now`, so that views and templates only ask and tests can move the clock.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords
from stdnum.no import orgnr
from taggit.managers import TaggableManager

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

    history = HistoricalRecords()

    class Meta:
        ordering = ["call", "position", "pk"]
        verbose_name = _("guiding question")
        verbose_name_plural = _("guiding questions")

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


class SubmissionQuerySet(models.QuerySet):
    def for_email(self, email: str):
        return self.filter(submitter_email__iexact=email.strip())

    def published(self):
        """The only cases the public may see. Every public query starts here."""
        return self.filter(state=Submission.State.PUBLISHED)

    def editing_deadline_open(self, now=None):
        """Cases whose editing deadline (`Submission.editing_deadline`: the write-up deadline
        or a later extension) is open, by the one rule of `deadline_is_open`."""
        start_of_minute = _start_of_minute(now or timezone.now())
        return self.filter(
            models.Q(call__writeup_deadline__gte=start_of_minute)
            | models.Q(writeup_extended_until__gte=start_of_minute)
        )


class Submission(models.Model):
    """One example of a collaboration: the pitch, then the write-up, then the editors' work."""

    class State(models.TextChoices):
        PITCH_RECEIVED = "pitch_received", _("Pitch received")
        WRITEUP_SUBMITTED = "writeup_submitted", _("Write-up submitted")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class CollaborationForm(models.TextChoices):
        PILOT = "pilot", _("Pilot agreement")
        JOINT_DEVELOPMENT = "joint_development", _("Joint service development")
        BELOW_THRESHOLD = "below_threshold", _("Purchase below the procurement threshold")
        OPERATING_AGREEMENT = "operating_agreement", _("Operating agreement")
        GRANT = "grant", _("Grant")
        PARTNERSHIP = "partnership", _("Partnership")
        OTHER = "other", pgettext_lazy("collaboration form", "Other")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("call")
    )
    # Changed only through submissions.workflow.transition().
    state = models.CharField(
        _("state"), max_length=20, choices=State, default=State.PITCH_RECEIVED, db_index=True
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="nb"
    )

    # The pitch
    title = models.CharField(_("title"), max_length=TITLE_MAX_CHARS)
    summary = models.TextField(
        _("what the collaboration is about"),
        validators=[MaxLengthValidator(PITCH_SUMMARY_MAX_CHARS)],
    )
    collaboration_form = models.CharField(
        _("form of collaboration"), max_length=30, choices=CollaborationForm
    )
    collaboration_form_other = models.CharField(
        _("other form of collaboration"), max_length=200, blank=True
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="submissions", verbose_name=_("municipalities")
    )
    submitter_name = models.CharField(_("submitter's name"), max_length=200)
    submitter_email = models.EmailField(_("submitter's e-mail"), db_index=True)

    # The write-up (answers to the guiding questions are Answer rows)
    link = models.URLField(_("link to a web page"), max_length=500, blank=True)
    photo = models.ImageField(_("photo"), upload_to="photos/", blank=True)
    photo_alt = models.CharField(_("photo description (alt text)"), max_length=300, blank=True)
    attachment = models.FileField(_("attachment (PDF)"), upload_to="attachments/", blank=True)

    # Editorial tagging: the main theme is the case's chapter in the book.
    main_theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="main_submissions",
        verbose_name=_("main theme"),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="submissions", verbose_name=_("further themes")
    )
    tags = TaggableManager(_("tags"), blank=True)

    # Publication
    slug = models.SlugField(_("address (slug)"), max_length=220, unique=True, null=True, blank=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    assigned_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_submissions",
        verbose_name=_("assigned editor"),
    )
    # The text as the submitter last saved it, and as they last approved the editors' edits;
    # a case may be published only with one of these two texts.
    submitter_text = models.JSONField(default=dict, blank=True, editable=False)
    approved_text = models.JSONField(default=dict, blank=True, editable=False)
    # Bumped by every save through the services and the admin; a save that started from an
    # older version is refused, so concurrent editors never silently overwrite each other.
    version = models.PositiveIntegerField(default=1, editable=False)

    writeup_extended_until = models.DateTimeField(
        _("write-up extended until"),
        null=True,
        blank=True,
        help_text=_("Lets this submitter keep editing after the call's write-up deadline."),
    )
    pitch_submitted_at = models.DateTimeField(_("pitch sent"), default=timezone.now)
    writeup_submitted_at = models.DateTimeField(_("write-up submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SubmissionQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[municipalities, themes], excluded_fields=["submitter_text", "approved_text"]
    )

    class Meta:
        ordering = ["-pitch_submitted_at"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self):
        return self.title

    @property
    def editing_deadline(self):
        """The moment after which the submitter can no longer edit, extensions included."""
        deadline = self.call.writeup_deadline
        if self.writeup_extended_until and self.writeup_extended_until > deadline:
            return self.writeup_extended_until
        return deadline

    def can_edit(self, now=None) -> bool:
        """May the submitter change the pitch or the write-up now?"""
        if self.state == self.State.CHANGES_REQUESTED:
            return True
        if self.state not in (self.State.PITCH_RECEIVED, self.State.WRITEUP_SUBMITTED):
            return False
        return deadline_is_open(self.editing_deadline, now)

    def names_the_submitter(self, name: str, email: str) -> bool:
        """Are a contact person's `name` and `email` the submitter's own?

        Both must match: the submitter's address alone may be given for someone else (a
        colleague, a shared mailbox), who must then consent for themselves.
        """
        return _comparable(email) == _comparable(self.submitter_email) and _comparable(
            name
        ) == _comparable(self.submitter_name)

    def text_snapshot(self) -> dict:
        """The editable text of the case: what editors copy-edit and submitters approve."""
        return {
            "title": self.title,
            "summary": self.summary,
            "answers": {str(a.question_id): a.text for a in self.answers.all()},
        }

    def text_is_approved(self) -> bool:
        """Is the current text the submitter's own, or one they approved?"""
        return self.text_snapshot() in (self.submitter_text, self.approved_text)

    @property
    def is_public(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def collaboration_form_display(self):
        if (
            self.collaboration_form == self.CollaborationForm.OTHER
            and self.collaboration_form_other
        ):
            return self.collaboration_form_other
        return self.get_collaboration_form_display()


class OldSlug(models.Model):
    """An address a published case had before its slug changed; it redirects to the new one."""

    slug = models.SlugField(max_length=220, unique=True)
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="old_slugs")

    def __str__(self):
        return self.slug


class AccessToken(models.Model):
    """A secret link to a submission. Several can be valid at once (each e-mail carries one);
    asking for a new link revokes them all."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("secret link")
        verbose_name_plural = _("secret links")

    def __str__(self):
        return f"{self.submission_id}:{self.created_at:%Y-%m-%d %H:%M}"


class Answer(models.Model):
    """The submitter's answer to one guiding question."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(GuidingQuestion, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(
        _("answer"), blank=True, validators=[MaxLengthValidator(ANSWER_MAX_CHARS)]
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "question"], name="one_answer_per_question"
            )
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return str(self.question)


def validate_orgnr(value):
    if value and not orgnr.is_valid(value):
        raise ValidationError(
            _("This is not a valid organisation number (nine digits, as in 974 760 673)."),
            code="invalid_orgnr",
        )


class SocialEnterprise(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="enterprises")
    name = models.CharField(_("name of the social enterprise"), max_length=200)
    org_number = models.CharField(
        _("organisation number"), max_length=9, blank=True, validators=[validate_orgnr]
    )
    website = models.URLField(_("website"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("social enterprise")
        verbose_name_plural = _("social enterprises")

    def __str__(self):
        return self.name

    @property
    def org_number_display(self):
        return orgnr.format(self.org_number) if self.org_number else ""


class ConsentPurpose(models.TextChoices):
    WEB = "web", _("Name and contact details published on the web")
    BOOK = "book", _("Name and contact details printed in the book")
    CONTACT = "contact", _("The editors may contact me about the example")


class Person(models.Model):
    """Someone named in a submission: a contact person on either side, or the submitter."""

    class Side(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        ENTERPRISE = "enterprise", _("Social enterprise")
        SUBMITTER = "submitter", _("Submitter only")

    class Participation(models.TextChoices):
        PENDING = "pending", _("Not answered yet")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="people")
    side = models.CharField(_("side"), max_length=20, choices=Side)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_submitter = models.BooleanField(_("is the submitter"), default=False)
    participation = models.CharField(
        _("participation"), max_length=10, choices=Participation, default=Participation.PENDING
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="nb"
    )
    # Hash of the person's own consent link; a contact person answers there without an account.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)

    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["submission", "side", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name

    def current_consents(self) -> dict[str, bool]:
        """The latest recorded answer per purpose; purposes never answered are absent.

        Reads `self.consents` so that a prefetch serves a whole list of people.
        """
        current: dict[str, bool] = {}
        for consent in sorted(self.consents.all(), key=lambda c: (c.recorded_at, c.pk)):
            current[consent.purpose] = consent.granted
        return current

    def may_show_contact(self, purpose: str) -> bool:
        """Only what the person has recorded consent to, and nothing once they declined."""
        if self.participation == self.Participation.DECLINED:
            return False
        return self.current_consents().get(purpose, False)


class Consent(models.Model):
    """One recorded answer by a person for one purpose. Append-only: the newest answer counts,
    and the older ones stay as proof of what was agreed when."""

    class Source(models.TextChoices):
        PITCH_FORM = "pitch_form", _("Pitch form")
        CONSENT_LINK = "consent_link", _("Personal consent link")
        SUBMISSION_LINK = "submission_link", _("Submitter's own link")
        CONTACT_CHANGED = "contact_changed", _("Contact person replaced")
        # Their name, role or phone changed: what they agreed to no longer covers what would be
        # shown, so it is withdrawn and they are asked again.
        DETAILS_CHANGED = "details_changed", _("Contact details changed")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=10, choices=ConsentPurpose)
    granted = models.BooleanField(_("granted"))
    text_version = models.CharField(_("consent text version"), max_length=20)
    source = models.CharField(_("source"), max_length=20, choices=Source)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self):
        return f"{self.purpose}={self.granted}"


class StateChange(models.Model):
    """Who moved a submission from one state to another, when, and why."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="state_changes"
    )
    from_state = models.CharField(max_length=20, choices=Submission.State)
    to_state = models.CharField(max_length=20, choices=Submission.State)
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    by_submitter = models.BooleanField(default=False)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self):
        return f"{self.from_state} → {self.to_state}"


class Reminder(models.Model):
    """A deadline reminder that was sent; the unique constraint makes each one go out once."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "days_before"], name="one_reminder_per_day"
            )
        ]

    def __str__(self):
        return f"{self.submission_id}:{self.days_before}"


class EditApproval(models.Model):
    """Editors asking the submitter to approve their copy-edits, and the submitter's answer."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Waiting for the submitter")
        APPROVED = "approved", _("Approved by the submitter")
        COMMENTED = "commented", _("The submitter answered with a comment")
        # A newer request replaced it before the submitter answered: they answer only the newest.
        SUPERSEDED = "superseded", _("Replaced by a newer request")

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="edit_approvals"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    requested_at = models.DateTimeField(default=timezone.now)
    original = models.JSONField(_("submitter's text"))
    edited = models.JSONField(_("edited text"))
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision, default=Decision.PENDING
    )
    comment = models.TextField(_("submitter's comment"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("approval of edits")
        verbose_name_plural = _("approvals of edits")

    def __str__(self):
        return f"{self.submission_id}:{self.decision}"


class Erasure(models.Model):
    """The log of a person's contact data erased on request: who, when, which case and why.

    It records no personal data itself, only that an erasure happened.
    """

    submission = models.ForeignKey(
        "Submission", on_delete=models.SET_NULL, null=True, related_name="erasures"
    )
    person_id = models.PositiveBigIntegerField()
    erased_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    erased_at = models.DateTimeField(default=timezone.now)
    history_rows = models.PositiveIntegerField(_("history rows cleaned"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["-erased_at"]
        # Moved here from the editorial app (the book reads it too); the table kept its name.
        db_table = "editorial_erasure"
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self):
        return f"person {self.person_id} {self.erased_at:%Y-%m-%d}"
