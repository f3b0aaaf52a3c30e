"""The people and enterprises named in a case, the consents they gave, and the log of erasures
made on request."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from stdnum.no import orgnr


def validate_orgnr(value):
    if value and not orgnr.is_valid(value):
        raise ValidationError(
            _("This is not a valid organisation number (nine digits, as in 974 760 673)."),
            code="invalid_orgnr",
        )


class SocialEnterprise(models.Model):
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="enterprises"
    )
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

    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="people"
    )
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
    # A contact person answers through their own consent links (`ConsentLink`), no account.

    history = HistoricalRecords()

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


class ConsentLink(models.Model):
    """A contact person's secret link to their own consent page; only its hash is stored.

    Several can be valid at once (each e-mail carries one): a new link, asked for at
    /send-inn/ny-lenke/ or sent again, ends none, so nobody who knows the address can lock the
    person out. Erasing the person revokes them all.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consent_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("consent link")
        verbose_name_plural = _("consent links")

    def __str__(self):
        return f"{self.person_id}:{self.created_at:%Y-%m-%d %H:%M}"


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


class Erasure(models.Model):
    """The log of a person's contact data erased on request: who, when, which case and why.

    It records no personal data itself, only that an erasure happened.
    """

    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.SET_NULL, null=True, related_name="erasures"
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
