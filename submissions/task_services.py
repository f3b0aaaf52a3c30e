"""The changes the submitter makes on the task pages. Each page saves its own part of the case
(a draft while typing, or on "Save and continue") through the one editing check of
`services` (deadline, then version), and never submits: sending is `send_text`.

Kept apart from `services.py` for its size; the rules (who may edit until when, the version,
which text counts as the submitter's) are the ones `services` defines and are reused from it.
"""

from django.db import transaction
from django.utils import timezone

from submissions import emails, services
from submissions.links import issue_consent_token
from submissions.models import Consent, Person, Submission
from submissions.task_status import missing_for_sending


class NotReadyToSend(Exception):
    """Required tasks are not completed yet."""

    def __init__(self, missing):
        super().__init__(", ".join(task.key for task in missing))
        self.missing = missing


class InvitationNotNeeded(Exception):
    """The person has answered already, or is the submitter: nothing to send again."""


@transaction.atomic
def save_about(
    submission: Submission,
    *,
    fields: dict,
    municipalities=None,
    enterprises: list[dict] | None = None,
    expected_version=None,
    now=None,
) -> Submission:
    """Save what is given of the "about" page; `None` leaves that part as it was (a draft in
    which it was not valid yet)."""
    services._check_editable(submission, now or timezone.now(), expected_version)
    for name, value in fields.items():
        setattr(submission, name, value)
    services._take_as_submitter_text(submission, services.PITCH_TEXT)
    # Only what was given: a form may have put a draft's unsaved values on this instance.
    submission.save(update_fields=[*fields, "version", "submitter_text", "updated_at"])
    if municipalities is not None:
        submission.municipalities.set(municipalities)
    if enterprises is not None:
        services._sync_enterprises(submission, enterprises)
    return submission


@transaction.atomic
def save_contacts(
    submission: Submission,
    *,
    contacts: dict[str, dict],
    submitter_consents: dict[str, bool],
    expected_version=None,
    now=None,
) -> Submission:
    """Save both contact persons (inviting anyone new, or anyone whose details changed, as for
    a pitch) and the submitter's own consent per purpose."""
    now = now or timezone.now()
    services._check_editable(submission, now, expected_version)
    submission.save(update_fields=["version", "updated_at"])
    services._sync_people(submission, contacts, submitter_consents=None, now=now)
    services.record_consents(
        services.submitter_person(submission),
        submitter_consents,
        source=Consent.Source.SUBMISSION_LINK,
        now=now,
    )
    return submission


def new_contact_addresses(submission: Submission, contacts: dict[str, dict]) -> list[str]:
    """The contacts' addresses that nobody in the case has yet: saving invites each of them."""
    known = {person.email.lower() for person in submission.people.all()}
    addresses = [(data or {}).get("email") or "" for data in contacts.values()]
    return [address for address in addresses if address and address.lower() not in known]


def save_answers(submission, *, answers: dict[int, str], expected_version=None, now=None):
    return services.save_writeup(
        submission,
        answers=answers,
        fields={},
        submit=False,
        expected_version=expected_version,
        now=now,
    )


def save_media(submission, *, fields: dict, expected_version=None, now=None):
    """`fields` may hold photo and attachment (a file, or "" to remove), their texts and
    choices. Giving the photo permission records when; removing the photo removes it."""
    now = now or timezone.now()
    fields = dict(fields)
    if "photo_permission" in fields:
        granted = fields["photo_permission"]
        if granted and not submission.photo_permission:
            fields["photo_permission_at"] = now
        elif not granted:
            fields["photo_permission_at"] = None
    if fields.get("photo") == "":
        fields.update(
            photo_permission=False, photo_permission_at=None, photo_credit="", photo_alt=""
        )
    if fields.get("attachment") == "":
        fields.update(attachment_kind="", attachment_public=False)
    return services.save_writeup(
        submission,
        answers={},
        fields=fields,
        submit=False,
        expected_version=expected_version,
        now=now,
    )


def send_text(submission: Submission, *, expected_version=None, now=None) -> Submission:
    """Send the text to the editors (NotReadyToSend while a required task is open). Sending
    again after a change is allowed until the deadline; each sending confirms by e-mail."""
    missing = missing_for_sending(submission)
    if missing:
        raise NotReadyToSend(missing)
    return services.save_writeup(
        submission, answers={}, fields={}, submit=True, expected_version=expected_version, now=now
    )


def resend_invitation(submission: Submission, person: Person):
    """E-mail a contact person who has not answered a fresh link to their own page."""
    if person.submission_id != submission.pk or person.is_submitter:
        raise InvitationNotNeeded
    if person.participation != Person.Participation.PENDING:
        raise InvitationNotNeeded
    if not submission.can_edit():
        raise services.EditingClosed
    emails.send_consent_invitation(person, issue_consent_token(person))
