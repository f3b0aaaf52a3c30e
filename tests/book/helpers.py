"""Books made once per test module: data in a transaction that is rolled back afterwards."""

import datetime as dt
import io

from django.core.files.base import ContentFile
from PIL import Image

from book.models import Edition
from participation.models import Moderation, Tool
from submissions.models import Submission
from tests.publishing.factories import make_case, make_theme

NO_BOOK_CONSENT = {"web": True, "book": False, "contact": True}


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def add_photo(case: Submission, *, alt: str) -> Submission:
    case.photo.save(f"foto-{case.pk}.jpg", ContentFile(jpeg_bytes()), save=False)
    Submission.objects.filter(pk=case.pk).update(photo=case.photo.name, photo_alt=alt)
    case.refresh_from_db()
    return case


def make_sample_cases(call) -> dict:
    """Two chapters (Arbeid before Integrering by position), three published cases, one
    approved, one in review and one published then taken down; a photo; tools."""
    integration = make_theme(slug="integrering", name="Integrering", position=2)
    work = make_theme(slug="arbeid", name="Arbeid", position=1)
    cafe = make_case(
        call, title="Kafé som arbeidstrening", main_theme=work, link="https://kafe.example.no/"
    )
    add_photo(cafe, alt="Ungdommer bak disken i kafeen")
    garden = make_case(
        call,
        title="Bygdehage for nye innbyggere",
        main_theme=integration,
        municipalities=("1804",),
        consents=NO_BOOK_CONSENT,
        submitter_email="hage@example.no",
    )
    language = make_case(call, title="Språkkafé på biblioteket", main_theme=integration)
    approved = make_case(
        call, title="Godkjent men ikke publisert", state="approved", main_theme=work
    )
    in_review = make_case(call, title="Fortsatt til vurdering", state="in_review", main_theme=work)
    taken_down = make_case(call, title="Tatt ned igjen", main_theme=work)
    from tests.publishing.factories import unpublish

    unpublish(taken_down)
    Tool.objects.create(
        title="Veileder for innovative anskaffelser",
        description="Slik kjøper kommunen *nye* løsninger.",
        link="https://anskaffelser.example.no/",
        status=Moderation.APPROVED,
    )
    Tool.objects.create(title="Ikke godkjent verktøy", description="x", link="https://x.example/")
    return {
        "published": [cafe, garden, language],
        "approved": approved,
        "unpublished": [approved, in_review, taken_down],
        "themes": (work, integration),
    }


PUBLISHED = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


def make_edition(number=1, **fields) -> Edition:
    """An edition readers get once it is built (published; pass published_at=None for one an
    editor has not published yet)."""
    values = {
        "number": number,
        "subtitle": "Eksempler på samarbeid",
        "foreword": "Et *forord*.",
        "published_at": PUBLISHED,
    }
    values.update(fields)
    return Edition.objects.create(**values)


def stored_edition(number=1, data: bytes = b"%PDF-1.7 test", **fields) -> Edition:
    """A published edition with a stored file, without rendering (for the download views)."""
    from book import builds

    name, digest = builds.store_pdf(data, stem=f"kokebok-{number}")
    values = {
        "number": number,
        "pdf_file": name,
        "pdf_sha256": digest,
        "pdf_size": len(data),
        "built_at": dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC),
        "published_at": PUBLISHED,
    }
    values.update(fields)
    return Edition.objects.create(**values)
