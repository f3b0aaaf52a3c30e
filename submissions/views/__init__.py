"""Submitter-facing pages. Each view turns a request into one service call and a response."""

from submissions.views.approvals import approve_edits
from submissions.views.case import edit_pitch, overview, submitter_consent, writeup
from submissions.views.consent import consent
from submissions.views.links import new_link, open_link, sign_out_everywhere
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
    "sign_out_everywhere",
    "submitter_consent",
    "writeup",
]
