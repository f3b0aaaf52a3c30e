"""Frozen editions that print contact details their owners have since taken back.

A frozen edition keeps its exact PDF, so a person erased on request, or who withdrew their
consent to the book (or declined to take part), stays in it. The editors are told, per
edition, on its admin page and in the editions' list, and may withdraw the edition from
readers (book.services.withdraw_edition). Editors only: the public views never import this
module (it reads the editorial erasure log).
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from book.models import EditionCase
from submissions.models import Consent, ConsentPurpose, Erasure, Person


@dataclass(frozen=True)
class ContactGone:
    """One contact printed in a frozen edition who may no longer be shown."""

    case_title: str
    submission_id: int | None
    side: str  # Person.Side label, never the name: it may be erased
    erased: bool  # erased on request, else withdrew book consent or declined
    since: dt.datetime | None


def contacts_gone(editions) -> dict[int, list[ContactGone]]:
    """{edition pk: contacts printed in it who have since been erased or withdrawn their book
    consent}, for the frozen ones among `editions`, in a fixed number of queries."""
    frozen = [edition.pk for edition in editions if edition.is_frozen]
    entries = list(
        EditionCase.objects.filter(edition_id__in=frozen).only(
            "edition_id", "title", "submission_id", "contacts_shown"
        )
    )
    printed = {pk for entry in entries for pk in entry.contacts_shown}
    if not printed:
        return {}
    gone = _people_gone(printed)
    found: dict[int, list[ContactGone]] = {}
    for entry in entries:
        for person_pk in entry.contacts_shown:
            if person_pk in gone:
                side, erased, since = gone[person_pk]
                found.setdefault(entry.edition_id, []).append(
                    ContactGone(entry.title, entry.submission_id, side, erased, since)
                )
    return found


# Answers the person gave themselves. A "no" the application records when a contact's details
# change is not theirs: the edition prints the details they agreed to, and they are asked again.
OWN_ANSWERS = {
    Consent.Source.PITCH_FORM,
    Consent.Source.CONSENT_LINK,
    Consent.Source.SUBMISSION_LINK,
}


def _people_gone(person_pks: set[int]) -> dict[int, tuple[str, bool, dt.datetime | None]]:
    """{person pk: (side, erased, since when)} for those who may no longer be shown in the book."""
    people = Person.objects.filter(pk__in=person_pks).prefetch_related("consents")
    sides = {person.pk: person.get_side_display() for person in people}
    # Newest first, so the first erasure of a person is the one kept.
    erasures = Erasure.objects.filter(person_id__in=person_pks).order_by("-erased_at")
    gone = {
        # The erased person's row may be gone too, with their case.
        erasure.person_id: (sides.get(erasure.person_id, _("contact")), True, erasure.erased_at)
        for erasure in erasures
    }
    for person in people:
        withdrawn, since = _withdrawal(person)
        if withdrawn and person.pk not in gone:
            gone[person.pk] = (sides[person.pk], False, since)
    return gone


def _withdrawal(person: Person) -> tuple[bool, dt.datetime | None]:
    """Has the person taken back their consent to the book (their latest own answer about it
    is "no") or declined to take part, and when (None if not known)?"""
    answers = sorted(
        (c for c in person.consents.all() if c.purpose == ConsentPurpose.BOOK),
        key=lambda c: (c.recorded_at, c.pk),
    )
    latest = answers[-1] if answers else None
    if latest and not latest.granted and latest.source in OWN_ANSWERS:
        return True, latest.recorded_at
    return person.participation == Person.Participation.DECLINED, None
