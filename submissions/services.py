"""Everything that changes submissions, people and consent: one function per thing a user does."""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from common.announcements import announce_public_change
from submissions import emails, stored_files
from submissions.defaults import DEFAULT_QUESTIONS
from submissions.links import (
    issue_consent_token,
    issue_token,
    person_for_consent_token,
    revoke_consent_links,
)
from submissions.models import (
    CONSENT_TEXT_VERSION,
    Answer,
    Consent,
    ConsentPurpose,
    GuidingQuestion,
    Person,
    Reminder,
    SocialEnterprise,
    Submission,
)
from submissions.versions import bump_version, lock_case
from submissions.workflow import State, transition

logger = logging.getLogger("kokebok.submissions")

CONTACT_SIDES = (Person.Side.MUNICIPALITY, Person.Side.ENTERPRISE)
# The contact details a person's consent to publication covers.
PUBLISHED_DETAILS = ("name", "role", "email", "phone")
# Why a contact person must answer (again) through their own link.
NOT_ASKED_YET = "not_asked_yet"
DETAILS_CHANGED = "details_changed"
# The parts of the text (Submission.text_snapshot) that each of the submitter's pages shows and
# saves: saving one page makes only its own parts "the submitter's text".
PITCH_TEXT = ("title", "summary")
WRITEUP_TEXT = ("answers",)


class PitchDeadlinePassed(Exception):
    """The call's pitch deadline has passed: it takes no more pitches."""

    def __init__(self, call):
        super().__init__(f"call {call.pk} takes no more pitches")
        self.call = call


class PitchAlreadySent(Exception):
    """The page with this form key was sent before: `submission` is the pitch it made."""

    def __init__(self, submission):
        super().__init__(f"form key already made submission {submission.pk}")
        self.submission = submission


class EditingClosed(Exception):
    """The submission can no longer be changed by its submitter."""


# --- Calls ---


def add_default_questions(call) -> int:
    """Give a call without questions the six guiding questions of the original call."""
    if call.questions.exists():
        return 0
    GuidingQuestion.objects.bulk_create(
        GuidingQuestion(call=call, position=position, **texts)
        for position, texts in enumerate(DEFAULT_QUESTIONS, start=1)
    )
    return len(DEFAULT_QUESTIONS)


# --- The pitch ---


@transaction.atomic
def create_pitch(
    call,
    *,
    fields: dict,
    municipalities,
    enterprises: list[dict],
    contacts: dict[str, dict],
    submitter_consents: dict[str, bool] | None,
    language: str,
    form_key=None,
    now=None,
) -> Submission:
    """Save a new pitch with its parties and people, if the call still takes pitches (else
    PitchDeadlinePassed) and the page's `form_key` made none yet (else PitchAlreadySent, so a
    double click, a reloaded POST or two tabs make one pitch and one set of e-mails).

    In order: the submission, its municipalities and enterprises, the people (the submitter's
    consents recorded, every other contact invited to confirm), a secret link, and the
    confirmation e-mail with that link. A side missing from `contacts` has no contact person
    yet (a pitch made from a reader's input: its writer names them when completing it).
    """
    now = now or timezone.now()
    _refuse_second_pitch(form_key)
    if not call.pitch_is_open(now):
        raise PitchDeadlinePassed(call)
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                call=call, language=language, pitch_submitted_at=now, form_key=form_key, **fields
            )
    except IntegrityError:
        # Another request with the same key committed first (the unique constraint decides).
        _refuse_second_pitch(form_key)
        raise
    submission.municipalities.set(municipalities)
    _sync_enterprises(submission, enterprises)
    _sync_people(submission, contacts, submitter_consents=submitter_consents, now=now)
    submission.submitter_text = submission.text_snapshot()
    submission.save(update_fields=["submitter_text"])
    emails.send_pitch_confirmation(submission, issue_token(submission))
    logger.info("pitch_created submission=%s call=%s", submission.pk, call.pk)
    return submission


def sent_pitch(form_key) -> Submission | None:
    """The pitch a page with this form key made, if it made one."""
    if form_key is None:
        return None
    return Submission.objects.filter(form_key=form_key).first()


def _refuse_second_pitch(form_key):
    existing = sent_pitch(form_key)
    if existing is not None:
        raise PitchAlreadySent(existing)


def _take_as_submitter_text(submission: Submission, parts: tuple[str, ...]):
    """Count the current `parts` of the text as the submitter's own; the other parts stay as
    they last saved them, so an editor's edit there is not taken for theirs."""
    snapshot = submission.text_snapshot()
    submission.submitter_text = {
        **submission.submitter_text,
        **{part: snapshot[part] for part in parts},
    }


def _check_editable(submission: Submission, now, expected_version=None):
    """Lock the row, then refuse the edit if it is closed (EditingClosed) or was changed since
    it was loaded (EditConflict); otherwise count it as a new version.

    The state and the extension are read again under the lock, so an editor's change made
    meanwhile counts.
    """
    lock_case(submission, "state", "writeup_extended_until")
    if not submission.can_edit(now):
        raise EditingClosed
    bump_version(submission, loaded_version=expected_version)


def _sync_enterprises(submission: Submission, rows: list[dict]):
    """Make the submission's enterprises match `rows`; a row with an `id` updates that one."""
    existing = {e.pk: e for e in submission.enterprises.all()}
    kept = set()
    for row in rows:
        values = {k: row.get(k, "") for k in ("name", "org_number", "website")}
        enterprise = existing.get(row.get("id"))
        if enterprise is None:
            enterprise = SocialEnterprise.objects.create(submission=submission, **values)
        elif any(getattr(enterprise, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(enterprise, k, v)
            enterprise.save()
        kept.add(enterprise.pk)
    for pk, enterprise in existing.items():
        if pk not in kept:
            enterprise.delete()


def _sync_people(submission, contacts, *, submitter_consents, now):
    """Keep one contact person per side plus the submitter, and ask for consent where due.

    A contact is the submitter only when their name and address are the submitter's
    (`Submission.names_the_submitter`). Anyone else answers for themselves through their own
    link: a new contact, one who stops being the submitter, and one who had consented and whose
    details then changed. A contact whose address changes is a different person: the old one is
    removed with their consents. The submitter's own consents follow them to whichever row is
    theirs, and `submitter_consents`, if given, are recorded there.
    """
    people = {p.side: p for p in submission.people.prefetch_related("consents")}
    old_submitter = next((p for p in people.values() if p.is_submitter), None)
    submitter_side = _submitter_side(submission, contacts)
    synced, removed, to_ask = {}, [], []
    for side in CONTACT_SIDES:
        data = contacts.get(side)
        person = people.get(side)
        if data is None:
            removed += [person] if person else []
            continue
        if person and person.email.strip().lower() != data["email"].strip().lower():
            removed.append(person)
            person = None
        person = person or Person(submission=submission, side=side, language=submission.language)
        reason = _update_contact(person, data, is_submitter=side == submitter_side)
        person.save()
        synced[side] = person
        if reason:
            to_ask.append((person, reason))
    own_row = people.get(Person.Side.SUBMITTER)
    if submitter_side == Person.Side.SUBMITTER:
        submitter = _save_submitter_row(submission, own_row)
    else:
        submitter = synced[submitter_side]
        removed += [own_row] if own_row else []
    if old_submitter is not None and old_submitter.pk != submitter.pk:
        # Moved before the old row can be removed; nothing is left for whoever it now names.
        Consent.objects.filter(person=old_submitter).update(person=submitter)
        getattr(submitter, "_prefetched_objects_cache", {}).pop("consents", None)
    for person in removed:
        person.delete()
    for person, reason in to_ask:
        _ask_for_consent(person, details_changed=reason == DETAILS_CHANGED, now=now)
    if submitter_consents is not None:
        record_consents(submitter, submitter_consents, source=Consent.Source.PITCH_FORM, now=now)


def _submitter_side(submission, contacts) -> str:
    """The side whose contact is the submitter, or SUBMITTER for a row of their own.

    One side at most: had both contacts the submitter's name and address, the second would be
    asked for consent like anyone else rather than be a second submitter.
    """
    for side in CONTACT_SIDES:
        data = contacts.get(side)
        if data and submission.names_the_submitter(data["name"], data["email"]):
            return side
    return Person.Side.SUBMITTER


def _update_contact(person: Person, data: dict, *, is_submitter: bool) -> str | None:
    """Put `data` on the (possibly new, unsaved) contact person; return why they must now
    answer through their own link, if they must.

    The submitter answers on their own page, and changes their own details knowingly. Someone
    else's consent covers the details they saw: if those change, it no longer counts.
    """
    details_changed = any(getattr(person, name) != data.get(name, "") for name in PUBLISHED_DETAILS)
    was_submitter = person.is_submitter
    for name in PUBLISHED_DETAILS:
        setattr(person, name, data.get(name, ""))
    person.is_submitter = is_submitter
    if is_submitter:
        person.participation = Person.Participation.CONFIRMED
        return None
    if person.pk is None:
        return NOT_ASKED_YET
    if was_submitter:
        person.participation = Person.Participation.PENDING
        return NOT_ASKED_YET
    if details_changed and any(person.current_consents().values()):
        person.participation = Person.Participation.PENDING
        return DETAILS_CHANGED
    return None


def _ask_for_consent(person: Person, *, details_changed: bool, now):
    """Send the person a new consent link; when their details changed, first withdraw what they
    had agreed to (recorded as such), so nothing is shown until they answer again, and end the
    links that came with the old details."""
    if details_changed:
        withdrawn = dict.fromkeys(person.current_consents(), False)
        record_consents(person, withdrawn, source=Consent.Source.DETAILS_CHANGED, now=now)
        revoke_consent_links(person, now=now)
    raw = issue_consent_token(person)
    emails.send_consent_invitation(person, raw, details_changed=details_changed)


def _save_submitter_row(submission, person: Person | None) -> Person:
    """The submitter's own row, for a submitter who is neither contact person."""
    if person is None:
        person = Person(
            submission=submission,
            side=Person.Side.SUBMITTER,
            participation=Person.Participation.CONFIRMED,
            language=submission.language,
        )
    person.is_submitter = True
    person.name = submission.submitter_name
    person.email = submission.submitter_email
    person.save()
    return person


def submitter_person(submission: Submission) -> Person:
    """The submitter's own Person. There is one; should older data hold two (both contacts
    once could be), the first counts rather than failing the page."""
    return (
        submission.people.prefetch_related("consents")
        .filter(is_submitter=True)
        .order_by("pk")
        .first()
    )


# --- Consent ---


def record_consents(person: Person, answers: dict[str, bool], *, source: str, now=None) -> int:
    """Append a Consent row for each purpose whose answer differs from the current one, and
    tell the public pages when the person's case is published.

    Returns the number of rows written.
    """
    now = now or timezone.now()
    current = person.current_consents()
    changed = [
        Consent(
            person=person,
            purpose=purpose,
            granted=granted,
            text_version=CONSENT_TEXT_VERSION,
            source=source,
            recorded_at=now,
        )
        for purpose, granted in answers.items()
        if purpose in ConsentPurpose.values and current.get(purpose) != granted
    ]
    Consent.objects.bulk_create(changed)
    # Drop the prefetched consents, which are now stale.
    getattr(person, "_prefetched_objects_cache", {}).pop("consents", None)
    if changed and person.submission.is_public:
        announce_public_change(person.submission)
    return len(changed)


def person_for_token(raw: str) -> Person | None:
    return person_for_consent_token(raw)


@transaction.atomic
def answer_invitation(
    person: Person, *, participates: bool, consents: dict[str, bool], language: str, now=None
):
    """A contact person confirms or declines taking part, and gives or withdraws consent.

    Declining withdraws every consent, so nothing of them can be shown.
    """
    person.participation = (
        Person.Participation.CONFIRMED if participates else Person.Participation.DECLINED
    )
    person.language = language
    person.save(update_fields=["participation", "language"])
    if not participates:
        consents = dict.fromkeys(ConsentPurpose.values, False)
    record_consents(person, consents, source=Consent.Source.CONSENT_LINK, now=now)
    logger.info("consent_answered person=%s participates=%s", person.pk, participates)


# --- The write-up ---


@transaction.atomic
def save_writeup(
    submission: Submission,
    *,
    answers: dict[int, str],
    fields: dict,
    submit: bool,
    expected_version=None,
    now=None,
) -> Submission:
    """Save the write-up as a draft or submit it (else EditingClosed after the deadline, or
    EditConflict when someone saved it since `expected_version`).

    `fields` holds link, photo_alt and, when changed, photo and attachment (a file, or "" to
    remove). The answers become the submitter's own text (the title and summary, which this
    page does not let them change, stay as they last saved them). Submitting moves the state on
    and e-mails a confirmation with a fresh link.
    """
    now = now or timezone.now()
    _check_editable(submission, now, expected_version)
    existing = {a.question_id: a for a in submission.answers.all()}
    for question_id, text in answers.items():
        answer = existing.get(question_id)
        if answer is None:
            # An empty field is no answer yet: saving an untouched page changes nothing.
            if text:
                Answer.objects.create(submission=submission, question_id=question_id, text=text)
        elif answer.text != text:
            answer.text = text
            answer.save()
    replaced = (
        stored_files.stored_names(submission) if {"photo", "attachment"} & set(fields) else set()
    )
    for name, value in fields.items():
        setattr(submission, name, value)
    if submit:
        submission.writeup_submitted_at = now
    _take_as_submitter_text(submission, WRITEUP_TEXT)
    submission.save()
    stored_files.delete_when_unused(replaced)
    if submit:
        _submit(submission, now)
    return submission


def _submit(submission: Submission, now):
    if submission.state == State.PITCH_RECEIVED:
        transition(submission, State.WRITEUP_SUBMITTED, now=now)
    elif submission.state == State.CHANGES_REQUESTED:
        transition(submission, State.IN_REVIEW, now=now)
    emails.send_writeup_confirmation(submission, issue_token(submission))
    logger.info("writeup_submitted submission=%s", submission.pk)


# --- Reminders ---


def send_deadline_reminders(*, days_before: int, now=None) -> int:
    """Remind every pitch without a write-up whose deadline is within `days_before` days.

    Each submission gets the reminder for a given `days_before` once, however often this runs:
    the Reminder row's unique constraint is the guard. Returns how many were sent.
    """
    now = now or timezone.now()
    window_end = now + timedelta(days=days_before)
    candidates = (
        Submission.objects.filter(
            state=State.PITCH_RECEIVED, call__writeup_deadline__lte=window_end
        )
        .exclude(reminders__days_before=days_before)
        .select_related("call")
    )
    sent = 0
    for submission in candidates:
        if submission.can_edit(now) and submission.editing_deadline <= window_end:
            sent += _send_reminder_once(submission, days_before)
    logger.info("reminders_sent count=%s days_before=%s", sent, days_before)
    return sent


@transaction.atomic
def _send_reminder_once(submission: Submission, days_before: int) -> int:
    _, created = Reminder.objects.get_or_create(submission=submission, days_before=days_before)
    if created:
        emails.send_deadline_reminder(submission, issue_token(submission))
    return int(created)
