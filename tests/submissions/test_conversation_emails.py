"""The e-mails of the editors' side of the conversation: the example published (to the
submitter and the contact people who confirmed), rejected or withdrawn (to the submitter, with
the editors' message), each once per move, after the commit, in the recipient's language."""

import pytest
from django.core import mail

from submissions import services
from submissions.models import Person
from submissions.workflow import State, transition
from tests.factories import make_case, make_editor

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = "Kafé <script>alert(1)</script> {{ secret }}\nBcc: x@evil.example"


def move(case, target, *, comment="", by=True, capture):
    mail.outbox.clear()
    with capture(execute=True):
        transition(case, target, by=make_editor() if by else None, comment=comment)
    return {tuple(m.to): m for m in mail.outbox}


def in_language(case, language):
    case.language = language
    case.save(update_fields=["language"])
    return case


def contact(case, side=Person.Side.MUNICIPALITY):
    return case.people.get(side=side)


@pytest.fixture
def approved(call, clock):
    case = make_case(call, state=State.APPROVED)
    services.answer_invitation(
        contact(case), participates=True, consents={"web": True}, language="nn"
    )
    return case


@pytest.mark.parametrize(
    ("language", "subject", "read_here", "prefix"),
    [
        ("nb", "Publisert:", "Les det her:", ""),
        ("nn", "Publisert:", "Les det her:", "/nn"),
        ("en", "Published:", "Read it here:", "/en"),
    ],
)
def test_publishing_tells_the_submitter_in_their_language_with_the_public_address(
    approved, settings, django_capture_on_commit_callbacks, language, subject, read_here, prefix
):
    in_language(approved, language)
    sent = move(approved, State.PUBLISHED, capture=django_capture_on_commit_callbacks)
    message = sent[("sub@example.no",)]
    assert message.subject.startswith(subject)
    assert read_here in message.body
    approved.refresh_from_db()
    assert f"{settings.SITE_URL}{prefix}/eksempler/{approved.slug}/" in message.body


def test_publishing_tells_the_contacts_who_confirmed_each_in_their_own_language(
    approved, settings, django_capture_on_commit_callbacks
):
    sent = move(approved, State.PUBLISHED, capture=django_capture_on_commit_callbacks)
    # The submitter is the enterprise's contact as well: one e-mail for them, one for the
    # municipality's contact, who answered in Nynorsk.
    assert sorted(sent) == [("municipality@example.no",), ("sub@example.no",)]
    approved.refresh_from_db()
    assert f"{settings.SITE_URL}/nn/eksempler/{approved.slug}/" in (
        sent[("municipality@example.no",)].body
    )
    assert "Du får denne e-posten" in sent[("municipality@example.no",)].body


def test_contacts_who_have_not_confirmed_or_declined_get_nothing(
    call, clock, django_capture_on_commit_callbacks
):
    case = make_case(call, state=State.APPROVED)
    sent = move(case, State.PUBLISHED, capture=django_capture_on_commit_callbacks)
    assert list(sent) == [("sub@example.no",)]  # the municipality's contact has not answered

    transition(case, State.APPROVED, by=make_editor())
    services.answer_invitation(contact(case), participates=False, consents={}, language="nb")
    sent = move(case, State.PUBLISHED, capture=django_capture_on_commit_callbacks)
    assert list(sent) == [("sub@example.no",)]


def test_one_email_per_move_and_none_when_the_move_rolls_back(
    approved, django_capture_on_commit_callbacks
):
    sent = move(approved, State.PUBLISHED, capture=django_capture_on_commit_callbacks)
    assert len(mail.outbox) == len(sent) == 2
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        transition(approved, State.APPROVED, by=make_editor())  # unpublishing tells no one
    for callback in callbacks:
        callback()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("language", "subject", "heading"),
    [
        ("nb", "Ikke publisert:", "Meldingen fra redaksjonen:"),
        ("nn", "Ikkje publisert:", "Meldinga frå redaksjonen:"),
        ("en", "Not published:", "The editors' message:"),
    ],
)
def test_rejection_tells_the_submitter_with_the_editors_message(
    call, clock, django_capture_on_commit_callbacks, language, subject, heading
):
    case = in_language(make_case(call, state=State.IN_REVIEW, title=HOSTILE_TITLE), language)
    sent = move(
        case,
        State.REJECTED,
        comment="Det passer ikke for boka.",
        capture=django_capture_on_commit_callbacks,
    )
    message = sent[("sub@example.no",)]
    assert message.subject.startswith(subject)
    assert "\n" not in message.subject  # the title cannot add a header
    assert heading in message.body
    assert "Det passer ikke for boka." in message.body
    # Plain text: the title as typed, not escaped and not rendered as a template.
    assert "<script>alert(1)</script> {{ secret }}" in message.body


@pytest.mark.parametrize(
    ("language", "subject"),
    [("nb", "Trukket tilbake:"), ("nn", "Trekt tilbake:"), ("en", "Withdrawn:")],
)
def test_withdrawal_by_the_editors_tells_the_submitter_with_their_message(
    call, clock, django_capture_on_commit_callbacks, language, subject
):
    case = in_language(make_case(call, state=State.PUBLISHED), language)
    sent = move(
        case,
        State.WITHDRAWN,
        comment="Avsenderen ringte 4. desember og ba om det.",
        capture=django_capture_on_commit_callbacks,
    )
    assert list(sent) == [("sub@example.no",)]
    assert sent[("sub@example.no",)].subject.startswith(subject)
    assert "Avsenderen ringte 4. desember og ba om det." in sent[("sub@example.no",)].body


def test_the_submitter_withdrawing_themselves_gets_no_email(
    call, clock, django_capture_on_commit_callbacks
):
    case = make_case(call, state=State.WRITEUP_SUBMITTED)
    assert move(case, State.WITHDRAWN, by=False, capture=django_capture_on_commit_callbacks) == {}
