"""E-mails to submitters and contact people, each written in the recipient's language and
queued after the commit by `common.emails.send_after_commit`."""

from django.utils import translation

from common.emails import absolute_url, send_after_commit

# The address an erased person's e-mail is replaced by (editorial.services.ERASED_EMAIL).
ERASED_EMAIL = "slettet@invalid"


def submission_link(raw_token: str, language: str) -> str:
    return absolute_url("submissions:open_link", language=language, kwargs={"token": raw_token})


def send_pitch_confirmation(submission, raw_token: str):
    """What happens next, as the confirmation page says it: the link, both deadlines, what
    stage 2 asks for, and where to ask for a new link."""
    send_after_commit(
        "pitch_confirmation",
        submission.submitter_email,
        submission.language,
        {
            **_submission_context(submission, raw_token),
            "pitch_deadline": submission.call.pitch_deadline.isoformat(),
            "new_link": absolute_url("submissions:new_link", language=submission.language),
        },
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


def send_signed_out_everywhere(submission, raw_token: str, *, by_editors: bool):
    send_after_commit(
        "signed_out_everywhere",
        submission.submitter_email,
        submission.language,
        {**_submission_context(submission, raw_token), "by_editors": by_editors},
    )


def send_deadline_reminder(submission, raw_token: str):
    send_after_commit(
        "deadline_reminder",
        submission.submitter_email,
        submission.language,
        _submission_context(submission, raw_token),
    )


def send_changes_requested(submission, raw_token: str, message: str, *, parts=()):
    """The editors' message, and the names of the `parts` they point at (in the submitter's
    language)."""
    send_after_commit(
        "changes_requested",
        submission.submitter_email,
        submission.language,
        {**_submission_context(submission, raw_token), "message": message, "parts": list(parts)},
    )


def send_approval_request(submission, raw_token: str, *, note: str = "", reminder=False):
    """Ask the submitter to approve the editors' edits, with the editor's `note`; the same
    request once more as a reminder."""
    send_after_commit(
        "approval_reminder" if reminder else "approval_request",
        submission.submitter_email,
        submission.language,
        {
            **_submission_context(submission, raw_token),
            "note": note,
            "is_public": submission.is_public,
        },
    )


def send_published(submission):
    """Tell the submitter and each contact person who confirmed taking part and consented to
    something that the example is published, with its public address in their language."""
    recipients = {submission.submitter_email.lower(): submission.language}
    for person in submission.people.prefetch_related("consents"):
        if person.participation == person.Participation.CONFIRMED and any(
            person.current_consents().values()
        ):
            recipients.setdefault(person.email.lower(), person.language)
    recipients.pop(ERASED_EMAIL, None)
    for address, language in recipients.items():
        send_after_commit(
            "published",
            address,
            language,
            {
                "submission": {"title": submission.title},
                "link": absolute_url(
                    "publishing:case", language=language, kwargs={"slug": submission.slug}
                ),
            },
        )


def send_closed(submission, message: str):
    """Tell the submitter that the editors rejected or withdrew the example, and why."""
    rejected = submission.state == submission.State.REJECTED
    send_after_commit(
        "rejected" if rejected else "withdrawn",
        submission.submitter_email,
        submission.language,
        {"submission": _submission_fields(submission), "message": message},
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
