"""A case (`Submission`) and what belongs to its text and workflow: answers, secret links,
old addresses, state changes, reminders and the submitter's approval of editors' edits."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from submissions.models.call import (
    ANSWER_MAX_CHARS,
    PITCH_SUMMARY_MAX_CHARS,
    TITLE_MAX_CHARS,
    Call,
    GuidingQuestion,
    Municipality,
    Theme,
    _comparable,
    _start_of_minute,
    deadline_is_open,
)
from submissions.models.readers import ReadersTextQuerySet


class SubmissionQuerySet(ReadersTextQuerySet):
    def for_email(self, email: str):
        return self.filter(submitter_email__iexact=email.strip())

    def published(self):
        """The only cases the public may see, with the text readers may see (`readers_text`).
        Every public query starts here."""
        return self.filter(state=Submission.State.PUBLISHED).readers_text()

    def editing_deadline_open(self, now=None):
        """Cases whose editing deadline (`Submission.editing_deadline`: the write-up deadline
        or a later extension) is open, by the one rule of `deadline_is_open`."""
        start_of_minute = _start_of_minute(now or timezone.now())
        return self.filter(
            models.Q(call__writeup_deadline__gte=start_of_minute)
            | models.Q(writeup_extended_until__gte=start_of_minute)
        )


STARTED_YEAR_MIN = 1900


def latest_started_year() -> int:
    """Next year: a collaboration agreed now may start on 1 January."""
    return timezone.localdate().year + 1


def validate_started_year(value):
    """The year a collaboration started: from 1900 to next year (checked when saved, so the
    bound follows the calendar and the migration never changes with it)."""
    if value is not None and not STARTED_YEAR_MIN <= value <= latest_started_year():
        raise ValidationError(
            _("Write the year the collaboration started, from %(min)s to %(max)s."),
            code="started_year",
            params={"min": STARTED_YEAR_MIN, "max": latest_started_year()},
        )


class AttachmentKind(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement")
    REPORT = "report", _("Report")
    OTHER = "other", pgettext_lazy("attachment kind", "Other")


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
    # Blank until stage 2: the short pitch does not ask for it.
    collaboration_form = models.CharField(
        _("form of collaboration"), max_length=30, choices=CollaborationForm, blank=True
    )
    collaboration_form_other = models.CharField(
        _("other form of collaboration"), max_length=200, blank=True
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="submissions", verbose_name=_("municipalities")
    )
    started_year = models.PositiveSmallIntegerField(
        _("year the collaboration started"),
        null=True,
        blank=True,
        validators=[validate_started_year],
    )
    submitter_name = models.CharField(_("submitter's name"), max_length=200)
    submitter_email = models.EmailField(_("submitter's e-mail"), db_index=True)

    # The write-up (answers to the guiding questions are Answer rows)
    link = models.URLField(_("link to a web page"), max_length=500, blank=True)
    photo = models.ImageField(_("photo"), upload_to="photos/", blank=True)
    photo_alt = models.CharField(_("photo description (alt text)"), max_length=300, blank=True)
    photo_credit = models.CharField(_("photo credit"), max_length=200, blank=True)
    # The sender confirmed they may publish the photo and that the people in it agree.
    photo_permission = models.BooleanField(_("permission to publish the photo"), default=False)
    photo_permission_at = models.DateTimeField(_("photo permission given"), null=True, blank=True)
    attachment = models.FileField(_("attachment (PDF)"), upload_to="attachments/", blank=True)
    attachment_kind = models.CharField(
        _("kind of attachment"), max_length=20, choices=AttachmentKind, blank=True
    )
    attachment_public = models.BooleanField(_("readers may download the attachment"), default=False)

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
    # What readers see of a published case while the editors' newer edits wait for the
    # submitter's approval (a `text_snapshot()`); empty when readers see the current text.
    # Kept by `submissions.approvals.keep_readers_text`, read by `SubmissionQuerySet.readers_text`.
    published_text = models.JSONField(default=dict, blank=True, editable=False)
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
    # The one-time key of the pitch page that made this case: the same page posted twice (a
    # double click, a reloaded POST, two tabs) finds it here instead of making a second case.
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    writeup_submitted_at = models.DateTimeField(_("write-up submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SubmissionQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[municipalities, themes],
        excluded_fields=["submitter_text", "approved_text", "form_key", "published_text"],
    )

    class Meta:
        ordering = ["-pitch_submitted_at"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    # True on an instance showing its `published_text` (SubmissionQuerySet.readers_text).
    _shows_readers_text = False

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self._shows_readers_text:
            raise RuntimeError("A case loaded with the readers' text is for reading only.")
        super().save(*args, **kwargs)

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
    def attachment_is_downloadable(self) -> bool:
        """May readers download the attachment? Only of a published case, when the sender
        allowed it."""
        return bool(self.is_public and self.attachment and self.attachment_public)

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
    # On a request for changes: the parts of the case the editors point at
    # (`submissions.change_requests.PART_KEYS` and "question-<pk>"), and the text before and
    # after the editors' own edits made before asking ({} when they made none).
    parts = models.JSONField(_("parts to look at"), default=list, blank=True)
    editors_edits = models.JSONField(default=dict, blank=True)
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


class OutsideChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("In person")


class EditApproval(models.Model):
    """Editors asking the submitter to approve their copy-edits, and the submitter's answer."""

    OutsideChannel = OutsideChannel

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
    note = models.TextField(
        _("note to the submitter"),
        blank=True,
        help_text=_("Sent with the request and shown above the changes."),
    )
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    # An approval given outside the system (by phone, e-mail, in a meeting) that an editor
    # recorded: who gave it, how, and who recorded it. `answered_at` is when it was given.
    outside_channel = models.CharField(
        _("approval given by"), max_length=10, choices=OutsideChannel, blank=True
    )
    outside_approver = models.CharField(_("approved by"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    # The case's history shows each request and its answer (the texts are in the diff pages).
    history = HistoricalRecords(excluded_fields=["original", "edited"])

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("approval of edits")
        verbose_name_plural = _("approvals of edits")

    def __str__(self):
        return f"{self.submission_id}:{self.decision}"
