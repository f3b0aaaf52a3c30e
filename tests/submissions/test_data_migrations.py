"""Data migrations that repair what older code stored."""

import importlib

import pytest
from django.apps import apps

from submissions import services
from submissions.models import Person
from tests.factories import make_submission

pytestmark = pytest.mark.django_db

contacts_named_like_the_submitter = importlib.import_module(
    "submissions.migrations.0009_contacts_named_like_the_submitter"
)


def test_a_contact_marked_as_the_submitter_by_address_alone_loses_the_submitters_consent(
    call, clock
):
    """As the old rule left it: a contact with the submitter's address but another name."""
    submission = make_submission(call)
    contact = submission.people.get(side=Person.Side.ENTERPRISE)
    contact.name = "Per Tredjeperson"
    contact.save()

    contacts_named_like_the_submitter.separate_contacts_from_the_submitter(apps, None)

    contact.refresh_from_db()
    assert (contact.is_submitter, contact.participation) == (False, Person.Participation.PENDING)
    assert contact.current_consents() == {}
    assert not contact.may_show_contact("web")
    submitter = services.submitter_person(submission)
    assert (submitter.side, submitter.name, submitter.email) == (
        Person.Side.SUBMITTER,
        "Kari Nordmann",
        "sub@example.no",
    )
    assert submitter.current_consents() == {"web": True, "book": True, "contact": True}


def test_a_contact_with_the_submitters_name_and_address_stays_the_submitter(call, clock):
    submission = make_submission(call)
    before = list(submission.people.values_list("pk", "is_submitter", "participation"))

    contacts_named_like_the_submitter.separate_contacts_from_the_submitter(apps, None)

    assert list(submission.people.values_list("pk", "is_submitter", "participation")) == before
