"""Editions of the book "Veier til nye samarbeid" and the PDF files built for them.

An edition that is not frozen follows the published cases: it is rebuilt in the background
whenever what readers can see changes. Readers get an edition only once an editor has published
it; publishing one freezes the earlier ones. Freezing an edition keeps its PDF, its list of
cases and the consent state they were printed with; nothing changes it afterwards. A frozen
edition can be withdrawn from readers (its files are kept, no longer served).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_TITLE = "Veier til nye samarbeid"


class EditionQuerySet(models.QuerySet):
    def with_pdf(self):
        return self.exclude(pdf_file="")

    def published(self):
        """Editions readers may download: published by an editor, with a PDF."""
        return self.with_pdf().exclude(published_at=None)

    def unfrozen(self):
        """Editions that still follow the published cases (rebuilt when they change)."""
        return self.filter(frozen_at=None)


class Edition(models.Model):
    class Kind(models.TextChoices):
        PROTOTYPE = "prototype", _("Prototype (watermarked)")
        FINAL = "final", _("Final")

    class Grouping(models.TextChoices):
        THEME = "theme", _("By theme")
        FORM = "form", _("By form of collaboration")

    number = models.PositiveSmallIntegerField(_("edition number"), unique=True)
    title = models.CharField(_("title"), max_length=200, default=DEFAULT_TITLE)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.PROTOTYPE)
    date = models.DateField(_("date"), default=timezone.localdate)
    # Bokmål, as the whole book; Markdown like the cases, rendered by render_markdown.
    foreword = models.TextField(_("foreword (Bokmål)"), blank=True)
    introduction = models.TextField(_("introduction (Bokmål)"), blank=True)
    # The examples' chapters: one per theme, or one per form of collaboration (each opened by
    # its recipe's "when it fits"), as the 2017 publication did.
    grouping = models.CharField(
        _("chapters"), max_length=10, choices=Grouping, default=Grouping.THEME
    )

    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True, editable=False)
    # Set by an editor's "Publish" (book.services.publish_edition): from then on readers get it.
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    # Set by an editor's "Stop serving" (book.services.withdraw_edition): its address then
    # answers 410 Gone; the files stay for the archive.
    withdrawn_at = models.DateTimeField(
        _("withdrawn from readers"), null=True, blank=True, editable=False
    )

    # The reader's copy (PDF/UA-1): what /kokebok.pdf and /kokebok/<number>.pdf serve.
    pdf_file = models.CharField(_("PDF file"), max_length=200, blank=True, editable=False)
    pdf_sha256 = models.CharField(
        _("SHA-256 of the PDF"), max_length=64, blank=True, editable=False
    )
    pdf_size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    pdf_pages = models.PositiveIntegerField(_("pages"), default=0, editable=False)
    built_at = models.DateTimeField(_("built"), null=True, blank=True, editable=False)
    # SHA-256 of the HTML the PDF was made from: equal HTML, equal book, so no rebuild.
    content_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # The archive copy (PDF/A-2a) of a final edition, made when it is frozen.
    archive_file = models.CharField(_("archive PDF"), max_length=200, blank=True, editable=False)
    archive_sha256 = models.CharField(max_length=64, blank=True, editable=False)

    # What the last build did: cases left out because they failed to render, timings.
    build_report = models.JSONField(_("build report"), default=dict, blank=True, editable=False)
    # Cases added, changed and removed since the previous edition (titles and ids).
    changes = models.JSONField(
        _("changes since the previous edition"), default=dict, blank=True, editable=False
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("edition of the book")
        verbose_name_plural = _("editions of the book")

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def omitted_cases(self) -> list[dict]:
        return self.build_report.get("omitted", [])


class EditionCase(models.Model):
    """One case as it was printed in an edition: the frozen list of cases.

    Only what is needed to say what changed between editions is kept, not the text itself (the
    PDF has it) and no contact data (a person's erasure must not be undone from here): a
    fingerprint of the printed text and contact box, and which people's contact details were
    shown with book consent.
    """

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="cases")
    submission = models.ForeignKey(
        "submissions.Submission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )
    # The case's permanent id: survives the case's deletion, so editions still compare.
    public_id = models.UUIDField()
    position = models.PositiveIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    chapter = models.CharField(_("chapter"), max_length=100, blank=True)
    fingerprint = models.CharField(_("text fingerprint"), max_length=64)
    contacts_shown = models.JSONField(_("people shown with book consent"), default=list)

    class Meta:
        ordering = ["edition", "position"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "public_id"], name="one_entry_per_case")
        ]
        verbose_name = _("case in an edition")
        verbose_name_plural = _("cases in an edition")

    def __str__(self):
        return self.title
