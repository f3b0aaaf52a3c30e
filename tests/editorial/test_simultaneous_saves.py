"""Two editors and the submitter save the same case from forms loaded at the same moment.

Whoever saves first wins; the other two get the conflict message with everything they typed
still in the form; the history holds exactly the winner's version, by the winner.
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from submissions import links
from submissions.models import Submission
from tests.editorial.test_workflow_admin import admin_form_data, change_url
from tests.factories import edit_pitch_post_data, make_editor, make_submission

pytestmark = pytest.mark.django_db

CONFLICT = "Someone else saved this submission while you were editing it."
TITLES = {
    "editor_a": "Tittel fra redaktør A",
    "editor_b": "Tittel fra redaktør B",
    "submitter": "Tittel fra innsenderen",
}


def signed_in_editor(username: str) -> tuple[Client, object]:
    """Another editor, in a browser of their own."""
    user = make_editor(username)
    client = Client()
    client.force_login(user)
    return client, user


def submitter_form_data(submission, title: str) -> dict:
    """The pitch form as the submitter's browser loaded it, with a new title typed in."""
    people = {p.side: p for p in submission.people.all()}
    return edit_pitch_post_data(
        title=title,
        submitter_email=submission.submitter_email,
        version=str(submission.version),
        **{
            "enterprises-INITIAL_FORMS": "1",
            "enterprises-0-id": str(submission.enterprises.get().pk),
            "enterprise_contact-email": people["enterprise"].email,
            "municipality_contact-email": people["municipality"].email,
        },
    )


@pytest.mark.parametrize("winner", ["editor_a", "editor_b", "submitter"])
def test_two_editors_and_the_submitter_saving_at_once_one_wins_and_history_shows_it(
    editor, submission, winner
):
    client_a, user_a = signed_in_editor("a@kmd.example")
    client_b, user_b = signed_in_editor("b@kmd.example")
    submitter = Client()
    submitter.post(f"/send-inn/lenke/{links.issue_token(submission)}/")
    pitch_url = f"/en/send-inn/bidrag/{submission.public_id}/pitch/"
    assert submitter.get(pitch_url).status_code == 200
    history_before = set(submission.history.values_list("history_id", flat=True))

    # All three forms are loaded before anyone saves.
    forms = {
        "editor_a": {**admin_form_data(client_a, submission), "title": TITLES["editor_a"]},
        "editor_b": {**admin_form_data(client_b, submission), "title": TITLES["editor_b"]},
        "submitter": submitter_form_data(submission, TITLES["submitter"]),
    }
    save = {
        "editor_a": lambda: client_a.post(change_url(submission), forms["editor_a"]),
        "editor_b": lambda: client_b.post(change_url(submission), forms["editor_b"]),
        "submitter": lambda: submitter.post(pitch_url, forms["submitter"]),
    }
    losers = [who for who in save if who != winner]

    assert save[winner]().status_code == 302
    for loser in losers:
        response = save[loser]()
        html = response.content.decode()
        assert response.status_code == 200, loser
        if loser.startswith("editor"):  # the admin is in Bokmål: check the error's code
            errors = response.context["adminform"].form.non_field_errors().as_data()
            assert [error.code for error in errors] == ["conflict"], loser
        else:
            assert CONFLICT in html
        assert TITLES[loser] in html, loser  # their input is kept

    submission.refresh_from_db()
    assert submission.title == TITLES[winner]
    assert submission.version == 2
    new = submission.history.exclude(history_id__in=history_before).order_by("history_id")
    assert {record.title for record in new} == {TITLES[winner]}
    by = {"editor_a": user_a, "editor_b": user_b, "submitter": None}[winner]
    assert {record.history_user for record in new} == {by}
    assert not Submission.history.filter(title__in=[TITLES[loser] for loser in losers]).exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer in at a time anyway; the PostgreSQL run proves the row lock",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_three_saves_sent_at_the_same_instant_from_three_threads(
    reference_data, editor, call, clock
):
    """Not one after another: three requests in flight together, each with its own database
    connection, so that only the row lock and the version check keep them apart."""
    submission = make_submission(call)
    client_a, _user_a = signed_in_editor("a@kmd.example")
    client_b, _user_b = signed_in_editor("b@kmd.example")
    submitter = Client()
    submitter.post(f"/send-inn/lenke/{links.issue_token(submission)}/")
    pitch_url = f"/en/send-inn/bidrag/{submission.public_id}/pitch/"
    forms = {
        "editor_a": {**admin_form_data(client_a, submission), "title": TITLES["editor_a"]},
        "editor_b": {**admin_form_data(client_b, submission), "title": TITLES["editor_b"]},
        "submitter": submitter_form_data(submission, TITLES["submitter"]),
    }
    posts = {
        "editor_a": (client_a, change_url(submission)),
        "editor_b": (client_b, change_url(submission)),
        "submitter": (submitter, pitch_url),
    }
    start = threading.Barrier(len(posts))
    statuses = {}

    def save(who):
        client, url = posts[who]
        try:
            start.wait()
            statuses[who] = client.post(url, forms[who]).status_code
        finally:
            connections.close_all()  # this thread's connection, before the database is reset

    threads = [threading.Thread(target=save, args=(who,)) for who in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    winners = [who for who, status in statuses.items() if status == 302]
    assert len(winners) == 1, statuses
    assert sorted(statuses.values()) == [200, 200, 302]
    submission.refresh_from_db()
    assert (submission.title, submission.version) == (TITLES[winners[0]], 2)
    titles = set(submission.history.values_list("title", flat=True))
    assert titles & set(TITLES.values()) == {TITLES[winners[0]]}
