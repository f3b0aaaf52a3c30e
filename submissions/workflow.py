"""The one door for every change of a submission's state.

TRANSITIONS lists every allowed move and who may make it; `transition()` is the only code that
assigns `Submission.state`. Views, admin actions and commands all call it.
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from common.announcements import announce_public_change
from submissions import emails, links
from submissions.change_requests import editors_edits, part_names
from submissions.models import OldSlug, StateChange, Submission
from submissions.versions import bump_version, lock_case

logger = logging.getLogger("kokebok.workflow")

State = Submission.State

SUBMITTER = "submitter"
EDITOR = "editor"


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    actor: str
    label: object
    # The move is recorded only with a comment saying why (e.g. when the submitter asked).
    needs_comment: bool = False


def _withdraw_on_request(source: str) -> Transition:
    """Editors withdraw a case when its submitter asks them to, saying when and how."""
    return Transition(
        source,
        State.WITHDRAWN,
        EDITOR,
        _("Withdraw (at the submitter's request)"),
        needs_comment=True,
    )


TRANSITIONS = [
    Transition(State.PITCH_RECEIVED, State.WRITEUP_SUBMITTED, SUBMITTER, _("Submit write-up")),
    Transition(State.CHANGES_REQUESTED, State.IN_REVIEW, SUBMITTER, _("Send corrections")),
    Transition(State.PITCH_RECEIVED, State.WITHDRAWN, SUBMITTER, _("Withdraw")),
    Transition(State.WRITEUP_SUBMITTED, State.WITHDRAWN, SUBMITTER, _("Withdraw")),
    Transition(State.CHANGES_REQUESTED, State.WITHDRAWN, SUBMITTER, _("Withdraw")),
    Transition(State.PITCH_RECEIVED, State.IN_REVIEW, EDITOR, _("Start review")),
    Transition(State.WRITEUP_SUBMITTED, State.IN_REVIEW, EDITOR, _("Start review")),
    Transition(State.IN_REVIEW, State.CHANGES_REQUESTED, EDITOR, _("Request changes")),
    Transition(State.APPROVED, State.CHANGES_REQUESTED, EDITOR, _("Request changes")),
    Transition(State.CHANGES_REQUESTED, State.IN_REVIEW, EDITOR, _("Resume review")),
    Transition(State.PUBLISHED, State.CHANGES_REQUESTED, EDITOR, _("Request changes")),
    Transition(State.IN_REVIEW, State.APPROVED, EDITOR, _("Approve")),
    Transition(State.APPROVED, State.PUBLISHED, EDITOR, _("Publish")),
    Transition(State.PUBLISHED, State.APPROVED, EDITOR, _("Unpublish")),
    Transition(State.PITCH_RECEIVED, State.REJECTED, EDITOR, _("Reject")),
    Transition(State.WRITEUP_SUBMITTED, State.REJECTED, EDITOR, _("Reject")),
    Transition(State.IN_REVIEW, State.REJECTED, EDITOR, _("Reject")),
    Transition(State.CHANGES_REQUESTED, State.REJECTED, EDITOR, _("Reject")),
    Transition(State.REJECTED, State.IN_REVIEW, EDITOR, _("Reopen")),
    Transition(State.WITHDRAWN, State.IN_REVIEW, EDITOR, _("Reopen")),
    _withdraw_on_request(State.PITCH_RECEIVED),
    _withdraw_on_request(State.WRITEUP_SUBMITTED),
    _withdraw_on_request(State.IN_REVIEW),
    _withdraw_on_request(State.CHANGES_REQUESTED),
    _withdraw_on_request(State.APPROVED),
    _withdraw_on_request(State.PUBLISHED),
]


class TransitionNotAllowed(Exception):
    pass


class ApprovalPending(TransitionNotAllowed):
    """The text was copy-edited and the submitter has not approved it yet."""


class CommentRequired(TransitionNotAllowed):
    """The move is recorded only with a comment saying why."""


def allowed_targets(submission: Submission, *, actor: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == submission.state and t.actor == actor]


def find_transition(source: str, target: str, *, actor: str) -> Transition | None:
    return next(
        (t for t in TRANSITIONS if (t.source, t.target, t.actor) == (source, target, actor)),
        None,
    )


def needs_comment(target: str, *, actor: str = EDITOR) -> bool:
    """Does moving a case to `target` need a comment, from whichever state it comes?"""
    return any(t.needs_comment for t in TRANSITIONS if t.target == target and t.actor == actor)


@transaction.atomic
def transition(
    submission: Submission, target: str, *, by=None, comment: str = "", parts=(), now=None
):
    """Move `submission` to `target`.

    In order: locks the case and reads its state again; checks the move against TRANSITIONS
    for the actor (an editor when `by` is a user, else the submitter) and for a comment where
    the move needs one; saves the state (and, on first publication, the slug and date) as a new
    version, so that edits started before the move conflict; records a StateChange and a
    history entry with the reason (on a request for changes, with the `parts` of the case the
    editors point at and the edits they made before asking); e-mails the people it concerns
    (`_tell_people`); and announces a publication or unpublication to readers.
    """
    now = now or timezone.now()
    actor = EDITOR if by is not None else SUBMITTER
    # The texts too: whether the case may be published depends on the approval as saved.
    lock_case(submission, "state", "submitter_text", "approved_text")
    source = submission.state
    move = find_transition(source, target, actor=actor)
    if move is None:
        raise TransitionNotAllowed(f"{actor} may not move {source} to {target}")
    if move.needs_comment and not comment.strip():
        raise CommentRequired(f"{source} → {target} needs a comment")
    if target == State.PUBLISHED and not submission.text_is_approved():
        raise ApprovalPending
    bump_version(submission)
    submission.state = target
    if target == State.PUBLISHED:
        _prepare_publication(submission, now)
    if State.PUBLISHED in (source, target):
        # Published now with approved text, or no longer public: nothing older is held.
        submission.published_text = {}
    submission._change_reason = f"{source} → {target}"
    if by is not None:
        submission._history_user = by
    submission.save()
    StateChange.objects.create(
        submission=submission,
        from_state=source,
        to_state=target,
        by_user=by,
        by_submitter=by is None,
        comment=comment,
        parts=list(parts) if target == State.CHANGES_REQUESTED else [],
        editors_edits=editors_edits(submission) if target == State.CHANGES_REQUESTED else {},
        created_at=now,
    )
    _tell_people(submission, target, comment=comment, parts=parts, by_editor=by is not None)
    if State.PUBLISHED in (source, target):
        announce_public_change(submission)
    logger.info(
        "transition submission=%s from=%s to=%s actor=%s", submission.pk, source, target, actor
    )


def _tell_people(submission: Submission, target: str, *, comment: str, parts, by_editor: bool):
    """E-mail the move to those it concerns, after the commit: the submitter when the editors
    ask for changes, reject or withdraw the case (with their message), and the submitter and
    the contact people who confirmed taking part when it is published."""
    if target == State.CHANGES_REQUESTED:
        emails.send_changes_requested(
            submission,
            links.issue_token(submission),
            comment,
            parts=part_names(submission, parts, language=submission.language),
        )
    elif target == State.PUBLISHED:
        emails.send_published(submission)
    elif target in (State.REJECTED, State.WITHDRAWN) and by_editor:
        emails.send_closed(submission, comment)


def _prepare_publication(submission: Submission, now):
    if submission.published_at is None:
        submission.published_at = now
    if not submission.slug:
        submission.slug = unique_slug(submission.title, exclude_pk=submission.pk)


# slugify() drops letters without an ASCII decomposition; these are the usual Norwegian spellings.
NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def unique_slug(title: str, *, exclude_pk=None) -> str:
    """A slug from the title that no other case uses now or used before."""
    base = slugify(title.translate(NORWEGIAN_LETTERS))[:200] or "eksempel"
    candidate, number = base, 1
    while (
        Submission.objects.filter(slug=candidate).exclude(pk=exclude_pk).exists()
        or OldSlug.objects.filter(slug=candidate).exclude(submission_id=exclude_pk).exists()
    ):
        number += 1
        candidate = f"{base}-{number}"
    return candidate
