"""One factory per model, built on the services so test data is shaped like real data."""

import datetime as dt
from zoneinfo import ZoneInfo

from submissions import services
from submissions.models import Call, ConsentPurpose, Municipality, Person

OSLO = ZoneInfo("Europe/Oslo")
# The original call's deadlines, as Oslo wall-clock times.
PITCH_DEADLINE = dt.datetime(2026, 9, 15, 23, 59, tzinfo=OSLO)
WRITEUP_DEADLINE = dt.datetime(2026, 9, 21, 23, 59, tzinfo=OSLO)
BEFORE_DEADLINES = dt.datetime(2026, 9, 1, 12, 0, tzinfo=OSLO)
EDITOR_PASSWORD = "hemmelig-1"
VALID_ORGNR = "974760673"


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
    """A complete, valid POST of the pitch form."""
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
