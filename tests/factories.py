"""The test data, in one place: one factory per model, built on the services so test data is
shaped like real data (calls, pitches, cases in any state, themes, editors, editions, readers'
input)."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from PIL import Image

from book import builds
from book.models import Edition
from editorial.roles import sync_editor_groups
from participation.models import Input, Moderation, Tool
from submissions import services
from submissions.models import Call, ConsentPurpose, Municipality, Person, Submission, Theme
from submissions.workflow import State, transition

OSLO = ZoneInfo("Europe/Oslo")
# The original call's deadlines, as Oslo wall-clock times.
PITCH_DEADLINE = dt.datetime(2026, 9, 15, 23, 59, tzinfo=OSLO)
WRITEUP_DEADLINE = dt.datetime(2026, 9, 21, 23, 59, tzinfo=OSLO)
BEFORE_DEADLINES = dt.datetime(2026, 9, 1, 12, 0, tzinfo=OSLO)
EDITOR_PASSWORD = "hemmelig-1"
VALID_ORGNR = "974760673"
NO_BOOK_CONSENT = {"web": True, "book": False, "contact": True}
# When make_edition's editions were published.
PUBLISHED = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


# --- Calls and pitches ---


def make_call(**overrides) -> Call:
    values = {
        "title": "Veier til nye samarbeid",
        "slug": "veier",
        "pitch_deadline": PITCH_DEADLINE,
        "writeup_deadline": WRITEUP_DEADLINE,
        "writeup_target_words": 600,
        "writeup_max_words": 1200,
    }
    values.update(overrides)
    call = Call.objects.create(**values)
    services.add_default_questions(call)
    return call


def contact_data(side: str, email: str | None = None) -> dict:
    return {
        "name": f"{side.title()} Kontakt",
        "role": "Rådgiver",
        "email": email or f"{side}@example.no",
        "phone": "+47 22 24 90 90",
    }


def make_submission(call=None, *, submitter_email="sub@example.no", consents=None, **fields):
    """A pitch as the pitch form would create it; the enterprise contact is the submitter."""
    call = call or make_call()
    values = {
        "title": "Kafé som arbeidstrening",
        "summary": "Kommunen og en sosial entreprenør driver en kafé.",
        "collaboration_form": "pilot",
        "collaboration_form_other": "",
        "submitter_name": "Kari Nordmann",
        "submitter_email": submitter_email,
    }
    values.update(fields)
    return services.create_pitch(
        call,
        fields=values,
        municipalities=Municipality.objects.filter(number="0301"),
        enterprises=[{"name": "Grønn Start AS", "org_number": VALID_ORGNR, "website": ""}],
        contacts={
            Person.Side.MUNICIPALITY: contact_data("municipality"),
            Person.Side.ENTERPRISE: {
                **contact_data("enterprise", email=submitter_email),
                "name": values["submitter_name"],
            },
        },
        submitter_consents=consents
        if consents is not None
        else dict.fromkeys(ConsentPurpose.values, True),
        language="nb",
        now=BEFORE_DEADLINES,
    )


def pitch_post_data(**overrides) -> dict:
    """A complete, valid POST of the (short) pitch page. Without a `form_key` unless given, so
    that posting it twice makes two pitches; an override of None leaves the key out."""
    oslo = Municipality.objects.get(number="0301")
    data = {
        "title": "Kafé som arbeidstrening",
        "summary": "Kommunen og en sosial entreprenør driver en kafé der unge får arbeidstrening.",
        "municipalities": [str(oslo.pk)],
        "enterprise_name": "Grønn Start AS",
        "org_number": "974 760 673",
        "submitter_name": "Kari Nordmann",
        "submitter_email": "kari@example.no",
        "submitter_side": "enterprise",
        "accept": "on",
        "homepage": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def edit_pitch_post_data(**overrides) -> dict:
    """A complete, valid POST of the page that edits a pitch (the full forms, until stage 2)."""
    oslo = Municipality.objects.get(number="0301")
    data = {
        "title": "Kafé som arbeidstrening",
        "summary": "Kommunen og en sosial entreprenør driver en kafé der unge får arbeidstrening.",
        "collaboration_form": "pilot",
        "collaboration_form_other": "",
        "municipalities": [str(oslo.pk)],
        "submitter_name": "Kari Nordmann",
        "submitter_email": "kari@example.no",
        "homepage": "",
        "enterprises-TOTAL_FORMS": "2",
        "enterprises-INITIAL_FORMS": "0",
        "enterprises-MIN_NUM_FORMS": "1",
        "enterprises-MAX_NUM_FORMS": "5",
        "enterprises-0-name": "Grønn Start AS",
        "enterprises-0-org_number": "974 760 673",
        "enterprises-0-website": "https://example.no",
        "enterprises-1-name": "",
        "enterprises-1-org_number": "",
        "enterprises-1-website": "",
        "municipality_contact-name": "Ola Kommune",
        "municipality_contact-role": "Rådgiver",
        "municipality_contact-email": "ola@example.no",
        "municipality_contact-phone": "22 24 90 90",
        "enterprise_contact-name": "Kari Nordmann",
        "enterprise_contact-role": "Daglig leder",
        "enterprise_contact-email": "kari@example.no",
        "enterprise_contact-phone": "",
        "consent-web": "on",
        "consent-book": "on",
        "agreement-accept": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- Cases in any state, made the way submitters and editors make them ---

# The editor's moves from a submitted write-up to each state.
EDITOR_PATHS = {
    State.WRITEUP_SUBMITTED: [],
    State.IN_REVIEW: [State.IN_REVIEW],
    State.CHANGES_REQUESTED: [State.IN_REVIEW, State.CHANGES_REQUESTED],
    State.APPROVED: [State.IN_REVIEW, State.APPROVED],
    State.PUBLISHED: [State.IN_REVIEW, State.APPROVED, State.PUBLISHED],
    State.REJECTED: [State.IN_REVIEW, State.REJECTED],
}


def make_theme(slug="integrering", name="Integrering", **fields) -> Theme:
    return Theme.objects.create(slug=slug, name=name, **fields)


def make_editor(username="redaktor-2", *, password=None, group="Redaksjonen"):
    """An editor as `manage.py create_editor` makes them: staff and a member of one of the
    editors' groups (editorial.roles.EDITOR_GROUPS), never a superuser, so a permission the
    groups lack shows up in the tests. The `editor` fixture is the editor a test acts as; this
    makes another one, or gives the same user again for a name already taken (the factories
    call it to record who moved a case). Without a password, which would cost its hashing."""
    users = get_user_model().objects
    if existing := users.filter(username=username).first():
        return existing
    groups = {group.name: group for group in sync_editor_groups()}
    user = users.create_user(username, password=password, is_staff=True)
    user.groups.add(groups[group])
    return user


def make_case(
    call,
    *,
    state=State.PUBLISHED,
    title="Kafé som arbeidstrening",
    answer="Et svar.",
    municipalities=("0301",),
    enterprise="Grønn Start AS",
    main_theme=None,
    themes=(),
    published_at=None,
    **fields,
) -> Submission:
    """A case with a write-up answering every question with `answer`, moved to `state`."""
    submission = make_submission(call, title=title, **fields)
    submission.municipalities.set(Municipality.objects.filter(number__in=municipalities))
    submission.enterprises.update(name=enterprise)
    submission.main_theme = main_theme
    submission.save(update_fields=["main_theme"])
    submission.themes.set(themes)
    if state == State.PITCH_RECEIVED:
        return submission
    if state == State.WITHDRAWN:
        transition(submission, State.WITHDRAWN)
        return submission
    services.save_writeup(
        submission,
        answers={question.pk: answer for question in call.questions.all()},
        fields={},
        submit=True,
        now=BEFORE_DEADLINES,
    )
    for target in EDITOR_PATHS[state]:
        transition(submission, target, by=make_editor(), now=published_at)
    return submission


def unpublish(submission: Submission):
    """Published, then taken down again: the case keeps its slug."""
    transition(submission, State.APPROVED, by=make_editor())
    return submission


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


# --- Readers' input ---


def make_input(name="Ola", *, day: int | None = None, **fields) -> Input:
    """Input as a reader sends it: waiting for moderation, not for publication, unless `fields`
    say otherwise; `day` is the day of October 2026 it came in (else now)."""
    values = {
        "name": name,
        "email": f"{name.split()[0].lower()}@example.no",
        "text": f"Teksten fra {name}.",
    }
    if day is not None:
        values["created_at"] = dt.datetime(2026, 10, day, 12, 0, tzinfo=dt.UTC)
    return Input.objects.create(**{**values, **fields})


# --- Editions of the book ---


def make_edition(number=1, *, pdf: bytes | None = None, **fields) -> Edition:
    """An edition readers get once it is built (published; pass published_at=None for one an
    editor has not published yet). With `pdf`, that file is stored as the edition's build,
    without rendering (for the download views)."""
    values = {
        "number": number,
        "subtitle": "Eksempler på samarbeid",
        "foreword": "Et *forord*.",
        "published_at": PUBLISHED,
    }
    if pdf is not None:
        name, digest = builds.store_pdf(pdf, stem=f"kokebok-{number}")
        values.update(pdf_file=name, pdf_sha256=digest, pdf_size=len(pdf), built_at=PUBLISHED)
    values.update(fields)
    return Edition.objects.create(**values)
