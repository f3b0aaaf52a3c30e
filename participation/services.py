"""What readers and editors do with input and tools: one function each."""

import logging

from django.db import transaction
from django.utils import timezone

from common.emails import send_after_commit
from participation.models import Input, Moderation, Tool
from submissions import emails, links
from submissions.models import Person, Submission
from submissions.signals import public_content_changed

logger = logging.getLogger("kokebok.participation")


@transaction.atomic
def submit_input(*, submission: Submission | None, fields: dict, language: str) -> Input:
    """Save a reader's input for moderation and confirm receipt to the writer by e-mail.

    The address is not verified, so the receipt never repeats what was typed (text, name or
    organisation): otherwise anyone could send their text from our address to anyone.
    """
    item = Input.objects.create(submission=submission, language=language, **fields)
    send_after_commit(
        "input_received",
        item.email,
        language,
        {
            # The case's title is published text, not the writer's.
            "case_title": submission.title if submission else "",
            "publish_consent": item.publish_consent,
        },
    )
    logger.info("input_received input=%s case=%s", item.pk, submission.pk if submission else "-")
    return item


@transaction.atomic
def suggest_tool(*, fields: dict, themes, language: str) -> Tool:
    """Save a suggested tool for moderation; a suggester who gave an address gets a receipt,
    which (as for input) repeats nothing they typed."""
    tool = Tool.objects.create(language=language, status=Moderation.PENDING, **fields)
    tool.themes.set(themes)
    if tool.suggested_by_email:
        send_after_commit("tool_received", tool.suggested_by_email, language, {})
    logger.info("tool_suggested tool=%s", tool.pk)
    return tool


def moderate(items, status: str, *, by, now=None) -> int:
    """Set the moderation status of input or tools one by one, so each change is in the history."""
    now = now or timezone.now()
    count = 0
    for item in items:
        item.status = status
        if isinstance(item, Input):
            item.moderated_by, item.moderated_at = by, now
        item._history_user = by
        item.save()
        count += 1
        public_content_changed.send(sender=type(item), submission=getattr(item, "submission", None))
    logger.info("moderated count=%s status=%s", count, status)
    return count


class PitchRefused(ValueError):
    """The input may not become a pitch (Input.can_become_pitch), or the call takes none."""


@transaction.atomic
def create_pitch_from_input(item: Input, *, call, by, now=None) -> Submission:
    """Turn input that describes a collaboration into a pitch in the call, linked to the input.

    The writer becomes the submitter and gets the usual secret link to complete the pitch; no
    consent is assumed, so nothing of them is published until they give it. Raises
    PitchRefused for input that is spam, rejected or already a pitch, and for a call whose
    pitch deadline has passed.
    """
    # Locked and read again: two editors acting at once must not make two pitches of one input.
    item = Input.objects.select_for_update().get(pk=item.pk)
    if not item.can_become_pitch:
        raise PitchRefused(f"input {item.pk} is {item.status} or already a pitch")
    if not call.pitch_is_open(now):
        raise PitchRefused(f"call {call.pk} takes no more pitches")
    submission = Submission.objects.create(
        call=call,
        language=item.language,
        title=item.text.splitlines()[0][:120] if item.text.strip() else item.name,
        summary=item.text[:1500],
        collaboration_form=Submission.CollaborationForm.OTHER,
        submitter_name=item.name,
        submitter_email=item.email,
    )
    Person.objects.create(
        submission=submission,
        side=Person.Side.SUBMITTER,
        name=item.name,
        email=item.email,
        is_submitter=True,
        participation=Person.Participation.CONFIRMED,
        language=item.language,
    )
    submission.submitter_text = submission.text_snapshot()
    submission.save(update_fields=["submitter_text"])
    item.pitch = submission
    item._history_user = by
    item.save(update_fields=["pitch"])
    emails.send_pitch_confirmation(submission, links.issue_token(submission))
    logger.info("pitch_from_input input=%s submission=%s", item.pk, submission.pk)
    return submission
