"""The publisher of the call, configured once (a singleton row), its partners, and the versions
of the privacy notice built from it."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.i18n import localized
from publisher.colour import DEFAULT_COVER_COLOUR, cover_colour, validate_cover_colour

SINGLETON_ID = 1


class LegalBasis(models.TextChoices):
    PUBLIC_TASK = "public_task", _("Public task (GDPR article 6(1)(e))")
    CONSENT = "consent", _("Consent (GDPR article 6(1)(a))")


def _days(verbose_name, default):
    return models.PositiveIntegerField(
        verbose_name, default=default, validators=[MinValueValidator(1)]
    )


def _basis(verbose_name, default):
    return models.CharField(
        verbose_name, max_length=20, choices=LegalBasis.choices, default=default
    )


class Publisher(models.Model):
    """The public body that runs the call. Exactly one row (SINGLETON_ID); read it through
    `publisher.current()`, change it through `publisher.services.save_publisher()`."""

    name = models.CharField(_("name (Bokmål)"), max_length=200)
    name_nn = models.CharField(_("name (Nynorsk)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=40)
    service_name = models.CharField(_("service name (Bokmål)"), max_length=200)
    service_name_nn = models.CharField(_("service name (Nynorsk)"), max_length=200, blank=True)
    service_name_en = models.CharField(_("service name (English)"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail of the call"))
    postal_address = models.TextField(_("postal address"))
    logo = models.FileField(
        _("logo"),
        upload_to="publisher/",
        blank=True,
        help_text=_(
            "SVG or PNG. Scripts and external references are removed from an SVG. "
            "Printed on the book's cover, on a white ground."
        ),
    )
    book_licence = models.CharField(
        _("licence of the book"),
        max_length=300,
        blank=True,
        help_text=_(
            "How others may reuse the book, printed in its colophon, e.g. “CC BY 4.0”. "
            "Empty: the colophon names no licence."
        ),
    )
    cover_colour = models.CharField(
        _("colour of the book's cover"),
        max_length=7,
        default=DEFAULT_COVER_COLOUR,
        validators=[validate_cover_colour],
        help_text=_(
            "A hex colour such as #0062BA (Designsystemet's blue, the default). The cover's "
            "title is white on it, so it must be dark enough: a contrast of at least 4.5:1."
        ),
    )
    dpo_contact = models.TextField(
        _("data protection officer's contact"),
        help_text=_("Name or function, e-mail address and phone number."),
    )
    basis_submission = _basis(_("legal basis: handling the submission"), LegalBasis.PUBLIC_TASK)
    basis_contact = _basis(_("legal basis: contacting the sender"), LegalBasis.PUBLIC_TASK)
    basis_web = _basis(_("legal basis: contacts published on the web"), LegalBasis.CONSENT)
    basis_book = _basis(_("legal basis: contacts printed in the book"), LegalBasis.CONSENT)
    processors = models.TextField(
        _("processors"),
        help_text=_("One a line, what they do first: “Hosting: Example Cloud AS”."),
    )
    transfers_outside_eea = models.BooleanField(
        _("a processor handles personal data outside the EU/EEA"), default=False
    )
    retention_unpublished_days = _days(_("keep cases never published (days)"), 365)
    retention_input_days = _days(_("keep reader input not published (days)"), 180)
    retention_email_tasks_days = _days(_("keep finished e-mail tasks (days)"), 30)
    retention_log_days = _days(_("keep rate-limit and log records (days)"), 90)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("publisher")
        verbose_name_plural = _("publisher")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = SINGLETON_ID
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @property
    def display_service_name(self) -> str:
        return localized(self, "service_name")

    @property
    def cover_colour_printed(self) -> str:
        return cover_colour(self.cover_colour)

    @property
    def logo_name(self) -> str:
        return self.logo.name.rsplit("/", 1)[-1] if self.logo else ""

    def partner_list(self) -> list["Partner"]:
        # The unsaved stand-in (no row yet) has no partners to ask the database for.
        return [] if self._state.adding else list(self.partners.all())

    @property
    def partner_names(self) -> str:
        return ", ".join(partner.name for partner in self.partner_list())

    def processor_lines(self) -> list[str]:
        return [line.strip() for line in self.processors.splitlines() if line.strip()]


class Partner(models.Model):
    publisher = models.ForeignKey(Publisher, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role (Bokmål)"), max_length=200)
    role_nn = models.CharField(_("role (Nynorsk)"), max_length=200, blank=True)
    role_en = models.CharField(_("role (English)"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name

    @property
    def display_role(self) -> str:
        return localized(self, "role")


class PrivacyNotice(models.Model):
    """One version of the privacy notice: made when a save changes what the notice says
    (`fingerprint` of its facts). The page shows the newest version's date."""

    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    fingerprint = models.CharField(max_length=64)
    facts = models.JSONField(_("what the notice said"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]
        verbose_name = _("privacy notice version")
        verbose_name_plural = _("privacy notice versions")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d}"
