"""Consent per person and per purpose, recorded with its text version, withdrawable by link."""

import re

import pytest
from django.core import mail

from submissions import links, services
from submissions.models import CONSENT_TEXT_VERSION, Consent, Person
from tests.factories import contact_data, make_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(call, clock, django_capture_on_commit_callbacks):
    """The municipality contact and the raw token from their invitation e-mail."""
    with django_capture_on_commit_callbacks(execute=True):
        submission = make_submission(call)
    invitation = next(m for m in mail.outbox if m.to == ["municipality@example.no"])
    token = re.search(r"/samtykke/([\w-]+)/", invitation.body).group(1)
    return submission.people.get(side=Person.Side.MUNICIPALITY), token


def test_each_other_contact_gets_a_personal_invitation_in_the_submitters_language(invited):
    person, token = invited
    invitation = next(m for m in mail.outbox if m.to == ["municipality@example.no"])
    assert invitation.subject.startswith(("Bekreft", "Please confirm"))
    assert len(token) == 43
    assert person.token_hash != token


def test_opening_the_consent_link_records_nothing(client, invited):
    person, token = invited
    response = client.get(f"/samtykke/{token}/")
    assert response.status_code == 200
    assert person.name in response.content.decode()
    assert Consent.objects.filter(person=person).count() == 0


def test_contact_confirms_and_consents_per_purpose(client, invited):
    person, token = invited
    response = client.post(f"/samtykke/{token}/", {"participates": "yes", "web": "on"})
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.participation == Person.Participation.CONFIRMED
    assert person.current_consents() == {"web": True, "book": False, "contact": False}
    assert person.may_show_contact("web") is True
    assert person.may_show_contact("book") is False
    assert set(Consent.objects.filter(person=person).values_list("text_version", flat=True)) == {
        CONSENT_TEXT_VERSION
    }


def test_consent_can_be_withdrawn_through_the_same_link_and_history_is_kept(client, invited):
    person, token = invited
    client.post(f"/samtykke/{token}/", {"participates": "yes", "web": "on", "book": "on"})
    client.post(f"/samtykke/{token}/", {"participates": "yes", "book": "on"})
    person.refresh_from_db()
    assert person.may_show_contact("web") is False
    assert person.may_show_contact("book") is True
    assert list(
        Consent.objects.filter(person=person, purpose="web")
        .order_by("recorded_at", "pk")
        .values_list("granted", flat=True)
    ) == [True, False]


def test_declining_withdraws_every_consent(client, invited):
    person, token = invited
    client.post(f"/samtykke/{token}/", {"participates": "yes", "web": "on", "book": "on"})
    client.post(f"/samtykke/{token}/", {"participates": "no", "web": "on"})
    person.refresh_from_db()
    assert person.participation == Person.Participation.DECLINED
    assert person.current_consents() == {"web": False, "book": False, "contact": False}
    assert not any(person.may_show_contact(p) for p in ("web", "book", "contact"))


def test_consent_form_needs_an_answer_on_participation(client, invited):
    person, token = invited
    response = client.post(f"/en/samtykke/{token}/", {"web": "on"})
    assert response.status_code == 200
    assert 'id="id_participates_error"' in response.content.decode()
    assert Consent.objects.filter(person=person).count() == 0


def test_an_unknown_consent_link_is_a_404(client, invited):
    assert client.get("/samtykke/unknown/").status_code == 404


def test_nothing_is_shown_of_a_contact_who_has_not_answered(invited):
    person, _token = invited
    assert not any(person.may_show_contact(p) for p in ("web", "book", "contact"))


def test_submitter_consents_only_to_what_they_ticked(call, clock):
    submission = make_submission(call, consents={"web": True, "book": False, "contact": True})
    submitter = services.submitter_person(submission)
    assert submitter.current_consents() == {"web": True, "book": False, "contact": True}
    assert Consent.objects.filter(person=submitter).values_list(
        "source", flat=True
    ).distinct().get() == (Consent.Source.PITCH_FORM)


def test_submitter_withdraws_consent_on_their_own_page(client, call, clock):
    submission = make_submission(call)
    client.post(f"/send-inn/lenke/{links.issue_token(submission)}/")
    response = client.post(
        f"/send-inn/bidrag/{submission.public_id}/samtykke/", {"consent-contact": "on"}
    )
    assert response.status_code == 302
    submitter = services.submitter_person(submission)
    assert submitter.current_consents() == {"web": False, "book": False, "contact": True}


def test_replacing_a_contact_removes_the_old_person_and_invites_the_new_one(
    call, clock, django_capture_on_commit_callbacks
):
    submission = make_submission(call)
    old = submission.people.get(side=Person.Side.MUNICIPALITY)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_pitch(
            submission,
            fields={},
            municipalities=submission.municipalities.all(),
            enterprises=[{"id": e.pk, "name": e.name} for e in submission.enterprises.all()],
            contacts={
                Person.Side.MUNICIPALITY: contact_data("municipality", email="ny@example.no"),
                Person.Side.ENTERPRISE: contact_data("enterprise", email="sub@example.no"),
            },
        )
    assert not Person.objects.filter(pk=old.pk).exists()
    new = submission.people.get(side=Person.Side.MUNICIPALITY)
    assert new.participation == Person.Participation.PENDING
    assert [m.to for m in mail.outbox] == [["ny@example.no"]]
