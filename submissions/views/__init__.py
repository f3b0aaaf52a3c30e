"""Submitter-facing pages. Each view turns a request into one service call and a response."""

from submissions.views.approvals import approve_edits
from submissions.views.case import submitter_consent
from submissions.views.consent import consent
from submissions.views.links import new_link, open_link, sign_out_everywhere
from submissions.views.pitch import pitch, pitch_sent
from submissions.views.task_media import photo_preview, task_media
from submissions.views.tasks import (
    check_answers,
    edit_pitch,
    overview,
    resend_invitation,
    task_contacts,
    writeup,
)

__all__ = [
    "approve_edits",
    "check_answers",
    "consent",
    "edit_pitch",
    "new_link",
    "open_link",
    "overview",
    "photo_preview",
    "pitch",
    "pitch_sent",
    "resend_invitation",
    "sign_out_everywhere",
    "submitter_consent",
    "task_contacts",
    "task_media",
    "writeup",
]
