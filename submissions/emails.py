"""E-mails to submitters and contact people, each written in the recipient's language.

Every message is queued as a task (`submissions.tasks.send_email`) after the database
transaction commits, so nobody gets a link to something that was rolled back, and a failing
mail server never fails a request or loses what was saved. The task gets plain values only:
the context is built here, from the objects as they are at the time of the change.
"""

import json

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from submissions import tasks


def absolute_url(viewname: str, *, language: str, kwargs=None) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(viewname, kwargs=kwargs)


def send_after_commit(template: str, recipient: str, language: str, context: dict):
    """Queue the e-mail task for when the current transaction commits.

    `context` must be JSON (strings, numbers, lists, dicts; date-times as ISO strings under the
    keys in tasks.DATETIME_KEYS): anything else raises TypeError here, in the caller. A failure
    to queue after the commit is logged, not raised.
    """
    # The round trip checks the context now and keeps a copy of it as it is now.
    context = json.loads(json.dumps(context))
    transaction.on_commit(
        lambda: tasks.send_email.enqueue(template, recipient, language, context), robust=True
    )


def submission_link(raw_token: str, language: str) -> str:
    return absolute_url("submissions:open_link", language=language, kwargs={"token": raw_token})


def send_pitch_confirmation(submission, raw_token: str):
    send_after_commit(
        "pitch_confirmation",
        submission.submitter_email,
        submission.language,
        _submission_context(submission, raw_token),
    )


def send_writeup_confirmation(submission, raw_token: str):
    send_after_commit(
        "writeup_confirmation",
        submission.submitter_email,
        submission.language,
        _submission_context(submission, raw_token),
    )


def send_new_link(submission, raw_token: str):
    send_after_commit(
        "new_link",
        submission.submitter_email,
        submission.language,
        _submission_context(submission, raw_token),
    )


def send_deadline_reminder(submission, raw_token: str):
    send_after_commit(
        "deadline_reminder",
        submission.submitter_email,
        submission.language,
        _submission_context(submission, raw_token),
    )


def send_changes_requested(submission, raw_token: str, message: str):
    send_after_commit(
        "changes_requested",
        submission.submitter_email,
        submission.language,
        {**_submission_context(submission, raw_token), "message": message},
    )


def send_approval_request(submission, raw_token: str):
    send_after_commit(
        "approval_request",
        submission.submitter_email,
        submission.language,
        _submission_context(submission, raw_token),
    )


def send_consent_invitation(person, raw_token: str, *, details_changed: bool = False):
    """Ask a contact person to answer through their own link; `details_changed` says why they
    are asked again."""
    send_after_commit(
        "consent_invitation",
        person.email,
        person.language,
        {**_consent_context(person, raw_token), "details_changed": details_changed},
    )


def send_new_consent_link(person, raw_token: str):
    send_after_commit(
        "new_consent_link", person.email, person.language, _consent_context(person, raw_token)
    )


def _consent_context(person, raw_token: str) -> dict:
    return {
        "person": {"name": person.name},
        "submission": _submission_fields(person.submission),
        "link": absolute_url(
            "submissions:consent", language=person.language, kwargs={"token": raw_token}
        ),
    }


def _submission_fields(submission) -> dict:
    """What the templates read of `submission`, as plain values."""
    return {"title": submission.title, "submitter_name": submission.submitter_name}


def _submission_context(submission, raw_token: str) -> dict:
    with translation.override(submission.language):
        call_title = str(submission.call.display_title)
    return {
        "submission": _submission_fields(submission),
        "call": {"display_title": call_title},
        "deadline": submission.editing_deadline.isoformat(),
        "link": submission_link(raw_token, submission.language),
    }
