"""Submitter-facing pages. Each view turns a request into one service call and a response."""

from submissions.views.approvals import approve_edits
from submissions.views.case import edit_pitch, overview, submitter_consent, writeup
from submissions.views.consent import consent
from submissions.views.links import new_link, open_link
from submissions.views.pitch import pitch, pitch_sent

__all__ = [
    "approve_edits",
    "consent",
    "edit_pitch",
    "new_link",
    "open_link",
    "overview",
    "pitch",
    "pitch_sent",
    "submitter_consent",
    "writeup",
]
