"""What editors change: their edits of a case, the calls, themes and people they keep, erasure
on request, the approval of copy-edits and restoring an earlier version.

Every function that changes something readers see tells them
(`common.announcements.announce_public_change`); the admin saves and deletes only through these.
"""

import json
import logging
import re

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from common.announcements import announce_public_change
from editorial.models import EditorialNote
from publishing.services import cases_of_themes, refresh_theme_search_documents
from submissions import addresses, approvals, links, stored_files
from submissions.models import Answer, Call, EditApproval, Erasure, Person, Submission, Theme
from submissions.versions import bump_version, lock_case

logger = logging.getLogger("kokebok.editorial")

ERASED = "[slettet]"
ERASED_EMAIL = "slettet@invalid"
FILE_FIELDS = set(stored_files.FILE_FIELDS)
PERSON_FIELDS = {"name": ERASED, "role": ERASED, "email": ERASED_EMAIL, "phone": ""}


# --- The editors' edit of a case ---


@transaction.atomic
def save_case_edit(
    submission: Submission, *, fields, loaded_version: int | None, by, save_parts=None
) -> Submission:
    """Save an editor's edit of a case: the values of `fields` (field names) set on
    `submission`, then its parts (`save_parts()`: in the admin, the answers, parties, people
    and notes, and the municipalities, themes and tags).

    In order: locks the case and reads again everything the edit does not set, so that what
    others changed meanwhile stays; refuses an edit loaded from another version than
    `loaded_version` (EditConflict); counts it as a new version; moves the address when the
    slug changed (the old one keeps answering, as with `change_slug`), which is the history's
    reason; saves the case by `by`, then its parts; and tells readers if the case is public,
    who keep the published text until the submitter approves an edit of it.
    """
    new_slug, edited = submission.slug, set(fields)
    kept = [
        field.attname
        for field in Submission._meta.concrete_fields
        if field.name not in edited and not field.primary_key
    ]
    lock_case(submission, "slug", *kept)
    bump_version(submission, loaded_version=loaded_version)
    before = _stored_text(submission) if submission.is_public else None
    old_slug = submission.slug
    if new_slug and new_slug != old_slug:
        addresses.move_address(submission, new_slug)
        submission._change_reason = f"address {old_slug} → {new_slug}"
    replaced = stored_files.stored_names(submission) if edited & FILE_FIELDS else set()
    submission._history_user = by
    submission.save()
    stored_files.delete_when_unused(replaced)
    if save_parts is not None:
        save_parts()
    if submission.is_public:
        approvals.keep_readers_text(submission, before=before)
        announce_public_change(submission)
    return submission


def _stored_text(submission: Submission) -> dict:
    """The case's text as saved, before the edit in hand is."""
    return Submission.objects.get(pk=submission.pk).text_snapshot()


@transaction.atomic
def delete_cases(cases) -> int:
    """Delete the cases in the queryset `cases` with everything that is theirs, and tell
    readers if one of them was public. Returns how many cases were deleted."""
    public = cases.filter(state=Submission.State.PUBLISHED).exists()
    count = len(cases)
    cases.delete()
    if public:
        announce_public_change()
    return count


# --- Calls and themes ---


@transaction.atomic
def save_call(call: Call, *, by) -> Call:
    """Save a call and tell readers: the home page lists the open calls, and its guiding
    questions are the headings of every case's page and of the book. (The admin saves the
    questions in the same transaction, which the announcement covers: readers hear of the
    change once it commits.)"""
    call._history_user = by
    call.save()
    announce_public_change()
    return call


@transaction.atomic
def delete_calls(calls) -> int:
    """Delete the calls in the queryset `calls` (a call with cases is protected) and tell
    readers, whose home page lists the open calls."""
    count = len(calls)
    calls.delete()
    announce_public_change()
    return count


@transaction.atomic
def save_theme(theme: Theme, *, by) -> Theme:
    """Save a theme and tell readers: theme names and order show on every public page, and
    the themes are the chapters of the book."""
    theme._history_user = by
    theme.save()
    # The search documents hold the themes' names in every language.
    refresh_theme_search_documents(cases_of_themes(Theme.objects.filter(pk=theme.pk)))
    announce_public_change()
    return theme


@transaction.atomic
def delete_themes(themes) -> int:
    """Delete the themes in the queryset `themes` (a case's main theme is protected) and tell
    readers."""
    count = len(themes)
    case_ids = cases_of_themes(themes)
    themes.delete()
    refresh_theme_search_documents(case_ids)
    announce_public_change()
    return count


# --- People ---


@transaction.atomic
def save_person(person: Person, *, by) -> Person:
    """Save a person's contact details as an editor changed them, and tell readers if the
    case is public: its page and the book show the details of people who consented."""
    person._history_user = by
    person.save()
    if person.submission.is_public:
        announce_public_change(person.submission)
    return person


@transaction.atomic
def delete_people(people) -> int:
    """Delete the people in the queryset `people` with their consents, and tell readers of
    each public case they were part of."""
    people = list(people.select_related("submission"))
    for person in people:
        person.delete()
    for case in {person.submission for person in people}:
        if case.is_public:
            announce_public_change(case)
    return len(people)


# --- Erasure on request ---


@transaction.atomic
def erase_person(person: Person, *, by, reason: str = "") -> Erasure:
    """Remove a person's contact data from everywhere the application keeps it, and log it.

    In order: the person row, their consents (withdrawn, so nothing can be shown) and all their
    history rows; if they are the submitter, the submitter fields of the case and its history,
    and the case's secret links (revoked, so nobody gets in with an old e-mail); the admin's
    log entries of the person and the case; the queued and finished e-mail tasks holding their
    address (others naming them are rewritten); then the erasure log, and the public pages and
    the book are told.
    """
    submission = person.submission
    known = _known_contact_data(person)  # every earlier value too, before it is overwritten
    for field, value in PERSON_FIELDS.items():
        setattr(person, field, value)
    person.participation = Person.Participation.DECLINED
    person.save()
    links.revoke_consent_links(person)
    person.consents.update(granted=False)
    cleaned = Person.history.filter(id=person.pk).update(**PERSON_FIELDS)
    if person.is_submitter:
        cleaned += _erase_submitter(submission)
        links.revoke_tokens(submission)
    log_entries = _scrub_admin_log(person, known)
    tasks_deleted, tasks_rewritten = _erase_from_tasks(known)
    erasure = Erasure.objects.create(
        submission=submission,
        person_id=person.pk,
        erased_by=by,
        history_rows=cleaned,
        reason=reason,
    )
    announce_public_change(submission)
    logger.info(
        "person_erased submission=%s history_rows=%s log_entries=%s tasks_deleted=%s "
        "tasks_rewritten=%s",
        submission.pk,
        cleaned,
        log_entries,
        tasks_deleted,
        tasks_rewritten,
    )
    return erasure


def _erase_submitter(submission: Submission) -> int:
    values = {"submitter_name": ERASED, "submitter_email": ERASED_EMAIL}
    Submission.objects.filter(pk=submission.pk).update(**values)
    return Submission.history.filter(id=submission.pk).update(**values)


def _known_contact_data(person: Person) -> dict[str, re.Pattern | None]:
    """Patterns for every e-mail address (`emails`) and every name, address and phone number
    (`all`) the person ever had in the case; for the submitter, the case's submitter fields too.

    They match whole words only, in any case: a short name must not erase part of a word.
    """
    rows = list(Person.history.filter(id=person.pk).values("name", "email", "phone"))
    rows.append({"name": person.name, "email": person.email, "phone": person.phone})
    if person.is_submitter:
        case = Submission.history.filter(id=person.submission_id)
        rows += [
            {"name": name, "email": email}
            for name, email in case.values_list("submitter_name", "submitter_email")
        ]
    return {
        "emails": _whole_words(row.get("email") for row in rows),
        "all": _whole_words(value for row in rows for value in row.values()),
    }


def _whole_words(values) -> re.Pattern | None:
    wanted = {value.strip() for value in values if value and value.strip()}
    wanted -= {ERASED, ERASED_EMAIL}
    if not wanted:
        return None
    # Longest first, so that a name inside an e-mail address does not leave the rest of it.
    words = "|".join(re.escape(value) for value in sorted(wanted, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def _mentions(pattern: re.Pattern | None, value) -> bool:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return pattern is not None and pattern.search(text) is not None


def _scrub(value, pattern: re.Pattern | None):
    """`value` (a string, or JSON of lists and dicts) with every match replaced by ERASED."""
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_scrub(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, pattern) for key, item in value.items()}
    return value


def _scrub_admin_log(person: Person, known: dict) -> int:
    """Take the person out of the admin's log of the person and of their case.

    Django writes an object's name into `object_repr` and the names of changed inline objects
    into `change_message` (JSON, or plain text in old entries). Returns the entries changed.
    """
    entries = LogEntry.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk))
        | Q(
            content_type=ContentType.objects.get_for_model(Submission),
            object_id=str(person.submission_id),
        )
    )
    changed = 0
    for entry in entries:
        object_repr = _scrub(entry.object_repr, known["all"])
        try:
            message = json.dumps(_scrub(json.loads(entry.change_message), known["all"]))
        except ValueError:
            message = _scrub(entry.change_message, known["all"])
        if (object_repr, message) != (entry.object_repr, entry.change_message):
            LogEntry.objects.filter(pk=entry.pk).update(
                object_repr=object_repr, change_message=message
            )
            changed += 1
    return changed


def _erase_from_tasks(known: dict) -> tuple[int, int]:
    """Delete the e-mail tasks holding the person's address (those sent to them, above all);
    in any other task that names them, replace their data.

    A running task is left alone (its worker holds it and finishes within seconds); the prune
    of finished tasks removes it. Returns (deleted, rewritten).
    """
    deleted, rewritten = [], 0
    tasks = DBTaskResult.objects.exclude(status=TaskResultStatus.RUNNING).only("args_kwargs")
    for task in tasks.iterator():
        if _mentions(known["emails"], task.args_kwargs):
            deleted.append(task.pk)
        elif _mentions(known["all"], task.args_kwargs):
            task.args_kwargs = _scrub(task.args_kwargs, known["all"])
            task.save(update_fields=["args_kwargs"])
            rewritten += 1
    DBTaskResult.objects.filter(pk__in=deleted).delete()
    return len(deleted), rewritten


# --- Approval of the editors' copy-edits ---


@transaction.atomic
def ask_for_edit_approval(submission: Submission, *, by, note: str = "") -> EditApproval:
    """Ask the submitter to approve the case's current text, replacing any unanswered request.

    In order: marks the requests still waiting as superseded, so the submitter only ever
    answers the newest one (an answer to an older one would approve text that has changed
    since); then makes the request and e-mails the submitter a link to it.
    """
    submission.edit_approvals.filter(decision=EditApproval.Decision.PENDING).update(
        decision=EditApproval.Decision.SUPERSEDED
    )
    return approvals.request_edit_approval(submission, by=by, note=note)


# --- Restoring an earlier version ---


@transaction.atomic
def restore_version(submission: Submission, history_id: int, *, by) -> Submission:
    """Put the case's text back as it was in one history entry, answers included.

    The restore is itself a new version in the history, so it can be undone the same way. On
    a published case, readers keep the published text until the submitter approves.
    """
    lock_case(submission, "state")
    before = _stored_text(submission)
    record = submission.history.get(history_id=history_id)
    for field in (
        "title",
        "summary",
        "collaboration_form",
        "collaboration_form_other",
        "started_year",
        "link",
        "photo_alt",
    ):
        setattr(submission, field, getattr(record, field))
    for answer in submission.answers.all():
        old = answer.history.as_of(record.history_date) if _existed(answer, record) else None
        text = old.text if old else ""
        if answer.text != text:
            answer.text = text
            answer._history_user = by
            answer.save()
    bump_version(submission)
    submission._history_user = by
    submission._change_reason = f"restored version of {record.history_date.isoformat()}"
    submission.save()
    if submission.is_public:
        approvals.keep_readers_text(submission, before=before)
        announce_public_change(submission)
    return submission


def _existed(answer: Answer, record) -> bool:
    return answer.history.filter(history_date__lte=record.history_date).exists()


# --- Signing a case out on all devices ---


@transaction.atomic
def sign_out_everywhere(submission: Submission, *, by) -> int:
    """End every secret link of the case and every session they opened, e-mail the sender a
    fresh link, and note it on the case for the other editors. Returns how many links ended."""
    ended = links.sign_out_everywhere(submission, by_editors=True)
    EditorialNote.objects.create(
        submission=submission,
        author=by,
        text=_(
            "Signed out on all devices by the editors: %(count)s links ended, and a new link "
            "e-mailed to the sender."
        )
        % {"count": ended},
    )
    return ended
