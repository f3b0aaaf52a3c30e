"""What readers and editors do with input and tools: one function each."""

import logging

from django.db import transaction
from django.utils import timezone

from common.announcements import announce_public_change
from common.emails import send_after_commit
from participation.models import Input, Moderation, Tool
from submissions import services as submission_services
from submissions.models import Submission

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


@transaction.atomic
def moderate(items, status: str, *, by, now=None) -> int:
    """Set the moderation status of input or tools one by one, so each change is in the history,
    and tell readers (once, when all are saved)."""
    now = now or timezone.now()
    count = 0
    for item in items:
        item.status = status
        if isinstance(item, Input):
            item.moderated_by, item.moderated_at = by, now
        item._history_user = by
        item.save()
        count += 1
        announce_public_change(getattr(item, "submission", None))
    logger.info("moderated count=%s status=%s", count, status)
    return count


@transaction.atomic
def save_input(item: Input, *, changed, by, now=None) -> Input:
    """Save an editor's change of input (its status, or the editors' public answer), and tell
    readers: approved input shows on its case's page, on /innspill/ and in the book.

    In order: stamps who moderated it and when if its status is among the `changed` field
    names, and when it was answered if its answer is; saves it by `by`; announces.
    """
    now = now or timezone.now()
    if "answer" in changed:
        item.answered_at = now if item.answer else None
    if "status" in changed:
        item.moderated_by, item.moderated_at = by, now
    item._history_user = by
    item.save()
    announce_public_change(item.submission)
    return item


@transaction.atomic
def delete_inputs(items) -> int:
    """Delete the input in the queryset `items` and tell readers (the book's chapter of input,
    and each case it was given on)."""
    cases = {item.submission for item in items.select_related("submission")}
    count = len(items)
    items.delete()
    for case in cases:
        announce_public_change(case)
    return count


@transaction.atomic
def save_tool(tool: Tool, *, by) -> Tool:
    """Save a tool in the toolbox and tell readers: the toolbox is a page of its own, shows on
    the cases of its themes, and is in the book. (The admin saves its themes in the same
    transaction, which the announcement covers: readers hear of it after the commit.)"""
    tool._history_user = by
    tool.save()
    announce_public_change()
    return tool


@transaction.atomic
def delete_tools(tools) -> int:
    """Delete the tools in the queryset `tools` and tell readers."""
    count = len(tools)
    tools.delete()
    announce_public_change()
    return count


class PitchRefused(ValueError):
    """The input may not become a pitch (Input.can_become_pitch), or the call takes none."""


@transaction.atomic
def create_pitch_from_input(item: Input, *, call, by, now=None) -> Submission:
    """Turn input that describes a collaboration into a pitch in the call, linked to the input.

    The pitch is made as every pitch is (`submissions.services.create_pitch`): the writer
    becomes the submitter and gets the usual e-mail with a secret link to complete it, naming
    the contact people there; no consent is assumed, so nothing of them is published until they
    give it. Raises PitchRefused for input that is spam, rejected or already a pitch, and for a
    call whose pitch deadline has passed.
    """
    # Locked and read again: two editors acting at once must not make two pitches of one input.
    item = Input.objects.select_for_update().get(pk=item.pk)
    if not item.can_become_pitch:
        raise PitchRefused(f"input {item.pk} is {item.status} or already a pitch")
    try:
        submission = submission_services.create_pitch(
            call,
            fields={
                "title": item.text.splitlines()[0][:120] if item.text.strip() else item.name,
                "summary": item.text[:1500],
                "collaboration_form": Submission.CollaborationForm.OTHER,
                "submitter_name": item.name,
                "submitter_email": item.email,
            },
            municipalities=[],
            enterprises=[],
            contacts={},
            submitter_consents={},
            language=item.language,
            now=now,
        )
    except submission_services.PitchDeadlinePassed as closed:
        raise PitchRefused(str(closed)) from closed
    item.pitch = submission
    item._history_user = by
    item.save(update_fields=["pitch"])
    logger.info("pitch_from_input input=%s submission=%s", item.pk, submission.pk)
    return submission
