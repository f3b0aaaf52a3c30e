"""Stage 2: the task list, each task's status, the task pages and check your answers."""

import datetime as dt

import pytest
from django.core import mail

from submissions import links, services
from submissions.models import Answer, Consent, Municipality, Person
from submissions.task_status import TaskStatus, tasks
from submissions.workflow import State, transition
from tests.factories import WRITEUP_DEADLINE, make_submission
from tests.submissions.test_writeup import AGREED

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(client, submission):
    client.post(f"/send-inn/lenke/{links.issue_token(submission)}/")
    return client


def url(submission, page="", language=""):
    return f"{language}/send-inn/bidrag/{submission.public_id}/{page}"


def statuses(submission) -> dict[str, str]:
    return {task.key: task.status for task in tasks(submission)}


def answer_all(submission, text="Et svar."):
    services.save_writeup(
        submission,
        answers={q.pk: f"{text} {q.position}" for q in submission.call.questions.all()},
        fields={},
        submit=False,
    )


def about_post(submission, **overrides):
    oslo = Municipality.objects.get(number="0301")
    enterprise = submission.enterprises.get()
    data = {
        "title": "Kafé som arbeidstrening",
        "summary": "Kommunen og en sosial entreprenør driver en kafé.",
        "collaboration_form": "pilot",
        "collaboration_form_other": "",
        "municipalities": [str(oslo.pk)],
        "link": "",
        "version": str(submission.version),
        "enterprises-TOTAL_FORMS": "2",
        "enterprises-INITIAL_FORMS": "1",
        "enterprises-MIN_NUM_FORMS": "1",
        "enterprises-MAX_NUM_FORMS": "5",
        "enterprises-0-id": str(enterprise.pk),
        "enterprises-0-submission": str(submission.pk),
        "enterprises-0-name": enterprise.name,
        "enterprises-0-org_number": enterprise.org_number,
        "enterprises-0-website": "",
        "enterprises-1-name": "",
        "enterprises-1-org_number": "",
        "enterprises-1-website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- The statuses (one rule, per task) ---


def test_a_new_pitch_has_about_and_contacts_completed_and_the_rest_not_started(submission):
    assert statuses(submission) == {
        "about": TaskStatus.COMPLETED,
        "contacts": TaskStatus.COMPLETED,
        "questions": TaskStatus.NOT_STARTED,
        "media": TaskStatus.NOT_STARTED,
        "check": TaskStatus.NOT_STARTED,
        "send": TaskStatus.NOT_STARTED,
    }


def test_about_is_in_progress_without_a_form_of_collaboration(call, clock):
    submission = make_submission(call, collaboration_form="")
    assert statuses(submission)["about"] == TaskStatus.IN_PROGRESS


def test_about_needs_the_other_form_described(call, clock):
    submission = make_submission(call, collaboration_form="other", collaboration_form_other="")
    assert statuses(submission)["about"] == TaskStatus.IN_PROGRESS


def test_contacts_are_in_progress_until_the_submitter_answered_every_purpose(call, clock):
    submission = make_submission(call, consents={})
    assert statuses(submission)["contacts"] == TaskStatus.IN_PROGRESS
    services.record_consents(
        services.submitter_person(submission),
        {"web": True, "book": False, "contact": True},
        source=Consent.Source.SUBMISSION_LINK,
    )
    assert statuses(submission)["contacts"] == TaskStatus.COMPLETED


def test_contacts_are_in_progress_with_one_side_missing(submission):
    submission.people.filter(side=Person.Side.MUNICIPALITY).delete()
    assert statuses(submission)["contacts"] == TaskStatus.IN_PROGRESS


def test_questions_go_from_not_started_to_in_progress_to_completed(submission):
    first = submission.call.questions.first()
    services.save_writeup(submission, answers={first.pk: "Ett svar."}, fields={}, submit=False)
    assert statuses(submission)["questions"] == TaskStatus.IN_PROGRESS
    answer_all(submission)
    assert statuses(submission)["questions"] == TaskStatus.COMPLETED


def test_media_needs_alt_text_credit_and_permission_for_a_photo(submission):
    submission.photo = "photos/a.jpg"
    submission.photo_alt = "To personer ved en kafédisk."
    assert statuses(submission)["media"] == TaskStatus.IN_PROGRESS
    submission.photo_credit = "Ola Fotograf"
    submission.photo_permission = True
    assert statuses(submission)["media"] == TaskStatus.COMPLETED


def test_media_needs_the_kind_of_an_attachment(submission):
    submission.attachment = "attachments/a.pdf"
    assert statuses(submission)["media"] == TaskStatus.IN_PROGRESS
    submission.attachment_kind = "agreement"
    assert statuses(submission)["media"] == TaskStatus.COMPLETED


def test_check_and_send_are_completed_once_sent_and_in_progress_when_changes_are_asked(
    submission, editor
):
    answer_all(submission)
    services.save_writeup(submission, answers={}, fields={}, submit=True)
    assert statuses(submission)["send"] == TaskStatus.COMPLETED
    transition(submission, State.IN_REVIEW, by=editor)
    transition(submission, State.CHANGES_REQUESTED, by=editor, comment="Mer om økonomien.")
    assert statuses(submission)["send"] == TaskStatus.IN_PROGRESS


# --- The task list page ---


def test_the_link_opens_the_task_list_with_each_task_its_status_and_link(opened, submission):
    html = opened.get(url(submission)).content.decode()
    order = [
        "Om samarbeidet",
        "Kontaktpersoner og hva de sier ja til å publisere",
        "De seks veiledende spørsmålene",
        "Bilde og vedlegg",
        "Se over svarene",
        "Send teksten",
    ]
    positions = [html.index(title) for title in order]
    assert positions == sorted(positions)
    assert html.count("Fullført") == 2
    assert html.count("Ikke påbegynt") == 4
    for page in ("pitch/", "kontaktpersoner/", "tekst/", "bilde/", "se-over/"):
        assert f'href="{url(submission, page)}' in html


def test_task_list_in_nynorsk_and_english(opened, submission):
    assert "Ikkje påbyrja" in opened.get(url(submission, language="/nn")).content.decode()
    english = opened.get(url(submission, language="/en")).content.decode()
    assert "Not started" in english
    assert "Completed" in english


def test_task_list_states_the_deadline_once_in_oslo_time(opened, submission):
    html = opened.get(url(submission, language="/en")).content.decode()
    assert html.count("You can change the text until") == 1
    assert "21 September 2026 23:59" in html or "Sept. 21, 2026, 11:59" in html


# --- About the collaboration ---


def test_about_saves_and_continues_to_the_contacts(opened, submission):
    response = opened.post(url(submission, "pitch/"), about_post(submission, title="Ny tittel"))
    assert response.status_code == 302
    assert response["Location"] == url(submission, "kontaktpersoner/")
    submission.refresh_from_db()
    assert submission.title == "Ny tittel"


def test_about_errors_say_what_to_do_for_each_field_and_keep_the_text(opened, submission):
    data = about_post(submission, title="", summary="Beholdt tekst.", collaboration_form="")
    data.pop("municipalities")
    response = opened.post(url(submission, "pitch/", "/en"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert "Write a title for the example." in html
    assert "Choose the form of collaboration." in html
    assert "Choose at least one municipality." in html
    assert "Beholdt tekst." in html
    assert "This field is required" not in html


def test_the_old_pitch_address_is_the_about_page(opened, submission):
    html = opened.get(url(submission, "pitch/", "/en")).content.decode()
    assert "<h1>About the collaboration</h1>" in html


# --- Contact persons ---


def contacts_post(submission, **overrides):
    data = {
        "version": str(submission.version),
        "municipality_contact-name": "Municipality Kontakt",
        "municipality_contact-role": "Rådgiver",
        "municipality_contact-email": "municipality@example.no",
        "municipality_contact-phone": "+47 22 24 90 90",
        "enterprise_contact-name": "Kari Nordmann",
        "enterprise_contact-role": "Rådgiver",
        "enterprise_contact-email": "sub@example.no",
        "enterprise_contact-phone": "+47 22 24 90 90",
        "consent-web": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_contacts_page_saves_the_submitters_consent_per_purpose(opened, submission):
    response = opened.post(url(submission, "kontaktpersoner/"), contacts_post(submission))
    assert response["Location"] == url(submission, "tekst/")
    assert services.submitter_person(submission).current_consents() == {
        "web": True,
        "book": False,
        "contact": False,
    }


def test_contacts_errors_name_which_contact_person(opened, submission):
    data = contacts_post(
        submission, **{"municipality_contact-email": "", "enterprise_contact-name": ""}
    )
    html = opened.post(url(submission, "kontaktpersoner/", "/en"), data).content.decode()
    assert "Write the e-mail address of the contact person in the municipality." in html
    assert "Write the name of the contact person in the social enterprise." in html
    assert "This field is required" not in html


def test_contacts_page_shows_who_answered_and_a_resend_button_only_for_the_waiting(
    opened, submission
):
    html = opened.get(url(submission, "kontaktpersoner/", "/en")).content.decode()
    assert html.count("Send the invitation again") == 1
    assert "Not answered yet" in html


def test_resending_an_invitation_mails_the_contact_a_new_link(
    opened, submission, django_capture_on_commit_callbacks
):
    contact = submission.people.get(side=Person.Side.MUNICIPALITY)
    links_before = contact.consent_links.count()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = opened.post(url(submission, f"kontaktpersoner/{contact.pk}/inviter-igjen/"))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["municipality@example.no"]]
    # A new link of their own; the one they already have keeps working.
    assert contact.consent_links.filter(revoked_at=None).count() == links_before + 1


def test_resending_is_limited(opened, submission, settings, django_capture_on_commit_callbacks):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "invitation": 1}
    contact = submission.people.get(side=Person.Side.MUNICIPALITY)
    mail.outbox.clear()
    resend = url(submission, f"kontaktpersoner/{contact.pk}/inviter-igjen/", "/en")
    with django_capture_on_commit_callbacks(execute=True):
        opened.post(resend)
        response = opened.post(resend, follow=True)
    assert len(mail.outbox) == 1
    assert "Too many invitations" in response.content.decode()


def test_no_resend_for_someone_who_answered_or_of_another_case(opened, submission, call):
    contact = submission.people.get(side=Person.Side.MUNICIPALITY)
    services.answer_invitation(contact, participates=True, consents={}, language="nb")
    mail.outbox.clear()
    opened.post(url(submission, f"kontaktpersoner/{contact.pk}/inviter-igjen/"))
    other = make_submission(call, submitter_email="other@example.no")
    stranger = other.people.get(side=Person.Side.MUNICIPALITY)
    response = opened.post(url(submission, f"kontaktpersoner/{stranger.pk}/inviter-igjen/"))
    assert response.status_code == 404
    assert mail.outbox == []


# --- The guiding questions ---


def test_questions_save_and_continue_to_the_photo_page(opened, submission):
    data = {f"answer_{q.pk}": f"Svar {q.position}" for q in submission.call.questions.all()}
    data["version"] = str(submission.version)
    response = opened.post(url(submission, "tekst/"), data)
    assert response["Location"] == url(submission, "bilde/")
    assert Answer.objects.filter(submission=submission).count() == 6
    submission.refresh_from_db()
    assert submission.state == State.PITCH_RECEIVED


# --- Check your answers, and send ---


def test_check_answers_shows_everything_with_named_change_links(opened, submission):
    answer_all(submission, text="Mitt svar")
    html = opened.get(url(submission, "se-over/")).content.decode()
    assert "Kafé som arbeidstrening" in html
    assert "Mitt svar 3" in html
    assert 'Endre<span class="ds-sr-only"> tittel</span>' in html
    assert html.count('class="kb-check-change"') >= 10
    # The submitter's own consent per purpose (all three given in the pitch).
    assert html.count("Ja</li>") == 3


def test_sending_is_refused_until_the_required_tasks_are_completed(opened, submission):
    response = opened.post(
        url(submission, "se-over/"), {"version": str(submission.version), **AGREED}
    )
    assert response.status_code == 400
    assert "De seks veiledende spørsmålene" in response.content.decode()
    submission.refresh_from_db()
    assert submission.state == State.PITCH_RECEIVED


def test_sending_needs_the_agreement_to_edit_and_publish(opened, submission):
    answer_all(submission, text="Svar")
    submission.refresh_from_db()
    send = url(submission, "se-over/", "/en")
    response = opened.post(send, {"version": str(submission.version)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: Check your answers" in html
    assert "Tick the box to agree before you send the text." in html
    submission.refresh_from_db()
    assert submission.state == State.PITCH_RECEIVED


def test_send_moves_the_state_on_mails_a_receipt_and_keeps_the_text_readable(
    opened, submission, django_capture_on_commit_callbacks
):
    answer_all(submission, text="Sendt svar")
    submission.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = opened.post(
            url(submission, "se-over/"), {"version": str(submission.version), **AGREED}
        )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == State.WRITEUP_SUBMITTED
    assert [m.to for m in mail.outbox] == [["sub@example.no"]]
    page = opened.get(url(submission, "se-over/", "/en")).content.decode()
    assert "Sendt svar 1" in page
    assert "You sent the text on" in page
    assert page.count("You can change the text until") == 1


def test_after_the_deadline_check_answers_is_read_only(client, submission, clock):
    answer_all(submission, text="Sendt svar")
    services.save_writeup(submission, answers={}, fields={}, submit=True)
    clock.move_to(WRITEUP_DEADLINE + dt.timedelta(minutes=5))
    opened = client
    opened.post(f"/send-inn/lenke/{links.issue_token(submission)}/")
    html = opened.get(url(submission, "se-over/", "/en")).content.decode()
    assert "Sendt svar 1" in html
    assert "kb-check-change" not in html
    assert "can no longer be changed" in html
    assert "You can change the text until" not in html


def test_after_the_deadline_the_task_list_links_only_to_what_was_sent(client, submission, clock):
    clock.move_to(WRITEUP_DEADLINE + dt.timedelta(minutes=5))
    client.post(f"/send-inn/lenke/{links.issue_token(submission)}/")
    html = client.get(url(submission)).content.decode()
    assert f'href="{url(submission, "pitch/")}' not in html
    assert f'href="{url(submission, "se-over/")}' in html
    assert "kan ikke endres lenger" in html
    assert "Du kan endre teksten fram til" not in html
