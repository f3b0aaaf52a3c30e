"""Consent per person and per purpose, recorded with its text version, withdrawable by link."""

import re

import pytest
from django.core import mail

from editorial.services import erase_person
from submissions import links, services, task_services
from submissions.models import CONSENT_TEXT_VERSION, Consent, Person
from submissions.tokens import hash_token
from submissions.workflow import State, transition
from tests.factories import contact_data, make_submission

pytestmark = pytest.mark.django_db

# The enterprise contact of make_submission: the submitter themselves.
SUBMITTER_AS_CONTACT = {
    **contact_data("enterprise", email="sub@example.no"),
    "name": "Kari Nordmann",
}


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
    stored = person.consent_links.values_list("token_hash", flat=True)
    assert token not in stored
    assert hash_token(token) in stored


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
        task_services.save_contacts(
            submission,
            submitter_consents={},
            contacts={
                Person.Side.MUNICIPALITY: contact_data("municipality", email="ny@example.no"),
                Person.Side.ENTERPRISE: SUBMITTER_AS_CONTACT,
            },
        )
    assert not Person.objects.filter(pk=old.pk).exists()
    new = submission.people.get(side=Person.Side.MUNICIPALITY)
    assert new.participation == Person.Participation.PENDING
    assert [m.to for m in mail.outbox] == [["ny@example.no"]]


# --- Who is the submitter, and consent that no longer covers the details ---


def update_contacts(submission, **by_side):
    """Save the pitch unchanged but for the contact people given by side."""
    contacts = {
        Person.Side.MUNICIPALITY: contact_data("municipality"),
        Person.Side.ENTERPRISE: SUBMITTER_AS_CONTACT,
        **by_side,
    }
    return task_services.save_contacts(
        submission,
        submitter_consents={},
        contacts=contacts,
    )


def publish(submission, editor):
    answers = {q.pk: "Et svar." for q in submission.call.questions.all()}
    services.save_writeup(submission, answers=answers, fields={}, submit=True)
    for target in (State.IN_REVIEW, State.APPROVED, State.PUBLISHED):
        transition(submission, target, by=editor)


def consent_token(message) -> str:
    return re.search(r"/samtykke/([\w-]+)/", message.body).group(1)


def _pitch_with_contacts(call, contacts: dict, consents: dict):
    """A pitch whose contact persons are named (at stage 2 today; the service is the same)."""
    return services.create_pitch(
        call,
        fields={
            "title": "Kafé",
            "submitter_name": "Kari Nordmann",
            "submitter_email": "kari@example.no",
        },
        municipalities=[],
        enterprises=[{"name": "Grønn Start AS"}],
        contacts=contacts,
        submitter_consents=consents,
        language="en",
    )


def test_a_contact_with_the_submitters_address_but_another_name_consents_for_themselves(
    client, call, clock, editor, django_capture_on_commit_callbacks
):
    contacts = {
        Person.Side.MUNICIPALITY: {
            **contact_data("municipality", email="kari@example.no"),
            "name": "Per Tredjeperson",
            "phone": "41 23 45 67",
        },
        Person.Side.ENTERPRISE: {**contact_data("enterprise"), "name": "Eva Entreprenør"},
    }
    with django_capture_on_commit_callbacks(execute=True):
        submission = _pitch_with_contacts(
            call, contacts, {"web": True, "book": True, "contact": True}
        )
    per = submission.people.get(side=Person.Side.MUNICIPALITY)
    assert (per.is_submitter, per.participation) == (False, Person.Participation.PENDING)
    assert per.current_consents() == {}
    submitter = services.submitter_person(submission)
    assert (submitter.side, submitter.name) == (Person.Side.SUBMITTER, "Kari Nordmann")
    assert submitter.current_consents() == {"web": True, "book": True, "contact": True}
    invitation = next(m for m in mail.outbox if "/samtykke/" in m.body and "Per " in m.body)
    assert invitation.to == ["kari@example.no"]
    assert invitation.body.startswith("Hello «Per Tredjeperson»,")

    publish(submission, editor)
    page = client.get(f"/en/eksempler/{submission.slug}/").content.decode()
    assert "Per Tredjeperson" not in page
    assert "41 23 45 67" not in page


def test_the_submitter_is_the_contact_with_their_name_and_address_written_any_case(call, clock):
    contacts = {
        Person.Side.MUNICIPALITY: contact_data("municipality"),
        Person.Side.ENTERPRISE: {
            **contact_data("enterprise", email="Kari@Example.no"),
            "name": " kari  NORDMANN",
        },
    }
    submission = _pitch_with_contacts(call, contacts, {"web": True, "book": True, "contact": False})
    people = {p.side: p for p in submission.people.all()}
    assert set(people) == {Person.Side.MUNICIPALITY, Person.Side.ENTERPRISE}
    assert people[Person.Side.ENTERPRISE].is_submitter is True
    assert people[Person.Side.ENTERPRISE].current_consents() == {
        "web": True,
        "book": True,
        "contact": False,
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "Ola Kommunesen"), ("role", "Enhetsleder"), ("phone", "+47 99 99 99 99")],
)
def test_a_consented_contacts_changed_details_must_be_confirmed_again(
    client, invited, django_capture_on_commit_callbacks, field, value
):
    person, token = invited
    client.post(f"/en/samtykke/{token}/", {"participates": "yes", "web": "on", "book": "on"})
    mail.outbox.clear()
    changed = {**contact_data("municipality"), field: value}
    with django_capture_on_commit_callbacks(execute=True):
        update_contacts(person.submission, **{Person.Side.MUNICIPALITY: changed})
    person.refresh_from_db()
    assert getattr(person, field) == value
    assert person.participation == Person.Participation.PENDING
    assert not any(person.may_show_contact(p) for p in ("web", "book", "contact"))
    withdrawn = person.consents.filter(source=Consent.Source.DETAILS_CHANGED)
    assert set(withdrawn.values_list("purpose", "granted")) == {("web", False), ("book", False)}
    assert [m.to for m in mail.outbox] == [["municipality@example.no"]]
    assert "has been changed" in mail.outbox[0].body
    assert client.get(f"/en/samtykke/{token}/").status_code == 404
    new_token = consent_token(mail.outbox[0])
    page = client.get(f"/en/samtykke/{new_token}/").content.decode()
    assert value in page
    client.post(f"/en/samtykke/{new_token}/", {"participates": "yes", "web": "on"})
    person.refresh_from_db()
    assert person.may_show_contact("web") is True


def test_saving_a_contact_unchanged_keeps_their_consent_and_asks_nothing(
    client, invited, django_capture_on_commit_callbacks
):
    person, token = invited
    client.post(f"/en/samtykke/{token}/", {"participates": "yes", "web": "on"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        update_contacts(person.submission)
    person.refresh_from_db()
    assert person.participation == Person.Participation.CONFIRMED
    assert person.may_show_contact("web") is True
    assert mail.outbox == []
    assert client.get(f"/en/samtykke/{token}/").status_code == 200


def test_the_submitter_changing_their_own_details_keeps_their_consent(
    call, clock, django_capture_on_commit_callbacks
):
    submission = make_submission(call)
    mail.outbox.clear()
    own = {**SUBMITTER_AS_CONTACT, "role": "Styreleder", "phone": "+47 98 76 54 32"}
    with django_capture_on_commit_callbacks(execute=True):
        update_contacts(submission, **{Person.Side.ENTERPRISE: own})
    submitter = services.submitter_person(submission)
    assert (submitter.side, submitter.role) == (Person.Side.ENTERPRISE, "Styreleder")
    assert submitter.current_consents() == {"web": True, "book": True, "contact": True}
    assert mail.outbox == []


def test_a_contact_who_stops_being_the_submitter_gets_their_own_link_and_no_consent(
    client, call, clock, django_capture_on_commit_callbacks
):
    submission = make_submission(call)
    contact = submission.people.get(side=Person.Side.ENTERPRISE)
    mail.outbox.clear()
    someone_else = {**SUBMITTER_AS_CONTACT, "name": "Per Hansen"}
    with django_capture_on_commit_callbacks(execute=True):
        update_contacts(submission, **{Person.Side.ENTERPRISE: someone_else})
    contact.refresh_from_db()
    assert (contact.name, contact.is_submitter) == ("Per Hansen", False)
    assert contact.participation == Person.Participation.PENDING
    assert contact.current_consents() == {}
    # The submitter's answers are theirs: they move to the submitter's own row.
    submitter = services.submitter_person(submission)
    assert (submitter.side, submitter.name) == (Person.Side.SUBMITTER, "Kari Nordmann")
    assert submitter.current_consents() == {"web": True, "book": True, "contact": True}
    assert [m.to for m in mail.outbox] == [["sub@example.no"]]
    page = client.get(f"/en/samtykke/{consent_token(mail.outbox[0])}/")
    assert "Per Hansen" in page.content.decode()

    update_contacts(submission)
    contact.refresh_from_db()
    assert contact.is_submitter is True
    assert services.submitter_person(submission) == contact
    assert contact.current_consents() == {"web": True, "book": True, "contact": True}
    assert not submission.people.filter(side=Person.Side.SUBMITTER).exists()


def test_a_person_keeps_every_consent_link_until_they_are_erased(client, invited, editor):
    person, first = invited
    second = links.issue_consent_token(person)  # asked for again at /send-inn/ny-lenke/
    assert client.get(f"/samtykke/{first}/").status_code == 200
    assert client.get(f"/samtykke/{second}/").status_code == 200
    erase_person(person, by=editor)
    assert client.get(f"/samtykke/{first}/").status_code == 404
    assert client.get(f"/samtykke/{second}/").status_code == 404
