"""The editors' edit of a case (editorial.services.save_case_edit): one new version, checked
against the version the form was loaded with, on top of the case as it is now."""

import pytest

from editorial import services
from submissions.models import OldSlug, Submission
from submissions.versions import EditConflict
from submissions.workflow import State, transition
from tests.factories import make_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(call, clock):
    return make_submission(call)


def test_the_edit_is_a_new_version_by_the_editor(case, editor):
    case.link = "https://ny.example.no/"
    services.save_case_edit(case, fields=["link"], loaded_version=1, by=editor)
    case.refresh_from_db()
    assert (case.link, case.version) == ("https://ny.example.no/", 2)
    assert case.history.first().history_user == editor


def test_what_others_changed_meanwhile_and_the_edit_does_not_set_stays(case, editor):
    Submission.objects.filter(pk=case.pk).update(approved_text={"title": "Godkjent"})
    case.link = "https://ny.example.no/"
    services.save_case_edit(case, fields=["link"], loaded_version=1, by=editor)
    case.refresh_from_db()
    assert (case.link, case.approved_text) == ("https://ny.example.no/", {"title": "Godkjent"})


def test_an_edit_loaded_before_someone_elses_save_is_refused_and_nothing_is_saved(case, editor):
    transition(case, State.IN_REVIEW, by=editor)  # a new version, 2
    case.title = "Over en nyere versjon"
    with pytest.raises(EditConflict) as refusal:
        services.save_case_edit(case, fields=["title"], loaded_version=1, by=editor)
    assert refusal.value.current_version == 2
    assert Submission.objects.get(pk=case.pk).title == "Kafé som arbeidstrening"


def test_a_new_address_is_one_version_and_the_old_one_keeps_answering(case, editor, clock):
    for state in (State.IN_REVIEW, State.APPROVED, State.PUBLISHED):
        transition(case, state, by=editor)
    case.refresh_from_db()
    old, version = case.slug, case.version
    case.slug = "ny-adresse"
    services.save_case_edit(case, fields=["slug"], loaded_version=version, by=editor)
    case.refresh_from_db()
    assert (case.slug, case.version) == ("ny-adresse", version + 1)
    assert OldSlug.objects.filter(slug=old, submission=case).exists()
    assert case.history.first().history_change_reason == f"address {old} → ny-adresse"
