"""The submissions app's models, in three modules: the call and its reference data (`call`), a
case and its workflow (`submission`), and the people, enterprises and consents named in it
(`people`). Everything is imported from here: `from submissions.models import Submission`."""

from submissions.models.call import (
    ANSWER_MAX_CHARS,
    CONSENT_TEXT_VERSION,
    PITCH_SUMMARY_MAX_CHARS,
    TITLE_MAX_CHARS,
    Call,
    County,
    GuidingQuestion,
    Municipality,
    Theme,
    deadline_is_open,
)
from submissions.models.people import (
    Consent,
    ConsentLink,
    ConsentPurpose,
    Erasure,
    Person,
    SocialEnterprise,
    validate_orgnr,
)
from submissions.models.submission import (
    AccessToken,
    Answer,
    AttachmentKind,
    EditApproval,
    OldSlug,
    Reminder,
    StateChange,
    Submission,
    latest_started_year,
    validate_started_year,
)

__all__ = [
    "ANSWER_MAX_CHARS",
    "CONSENT_TEXT_VERSION",
    "PITCH_SUMMARY_MAX_CHARS",
    "TITLE_MAX_CHARS",
    "AccessToken",
    "Answer",
    "AttachmentKind",
    "Call",
    "Consent",
    "ConsentLink",
    "ConsentPurpose",
    "County",
    "EditApproval",
    "Erasure",
    "GuidingQuestion",
    "Municipality",
    "OldSlug",
    "Person",
    "Reminder",
    "SocialEnterprise",
    "StateChange",
    "Submission",
    "Theme",
    "deadline_is_open",
    "latest_started_year",
    "validate_orgnr",
    "validate_started_year",
]
