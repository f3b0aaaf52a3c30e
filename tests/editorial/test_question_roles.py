"""The guiding questions' role in the call's admin: editable, one question per role and call,
the refusal next to the field in the editor's language, kept in the question's history."""

import pytest

from submissions.models import GuidingQuestion
from tests.editorial.test_workflow_admin import change_form_data, inline_row

pytestmark = pytest.mark.django_db


def _url(call) -> str:
    return f"/admin/submissions/call/{call.pk}/change/"


def _row(data, question) -> str:
    return inline_row(data, "questions", question.pk)


def test_the_editor_moves_the_lesson_role_in_two_saves_with_history(editor_client, editor, call):
    lesson = call.questions.get(role="lesson")
    first = call.questions.get(position=1)
    data = change_form_data(editor_client, _url(call))
    data[f"{_row(data, lesson)}-role"] = ""
    assert editor_client.post(_url(call), data).status_code == 302
    data = change_form_data(editor_client, _url(call))
    data[f"{_row(data, first)}-role"] = "lesson"
    assert editor_client.post(_url(call), data).status_code == 302

    assert list(call.questions.filter(role="lesson")) == [first]
    # Each change is in the questions' history, with who made it.
    taken = GuidingQuestion.history.filter(id=lesson.pk).latest("history_id")
    given = GuidingQuestion.history.filter(id=first.pk).latest("history_id")
    assert (taken.role, given.role) == ("", "lesson")
    assert taken.history_user == given.history_user == editor


def test_the_editor_moves_the_lesson_role_in_one_save(editor_client, call):
    lesson = call.questions.get(role="lesson")
    first = call.questions.get(position=1)
    data = change_form_data(editor_client, _url(call))
    data[f"{_row(data, lesson)}-role"] = ""
    data[f"{_row(data, first)}-role"] = "lesson"

    response = editor_client.post(_url(call), data)

    assert response.status_code == 302
    assert list(call.questions.filter(role="lesson")) == [first]


def test_a_second_lesson_beside_the_stored_one_is_refused_in_norwegian(editor_client, call):
    first = call.questions.get(position=1)
    data = change_form_data(editor_client, _url(call))
    data[f"{_row(data, first)}-role"] = "lesson"
    data[f"{_row(data, first)}-text"] = "Mitt nye spørsmål"

    response = editor_client.post(_url(call), data, HTTP_ACCEPT_LANGUAGE="nb")

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Bare ett spørsmål i en utlysning kan ha denne rollen.") == 2
    assert 'value="Mitt nye spørsmål"' in page  # what the editor typed is kept
    assert call.questions.filter(role="lesson").count() == 1


def test_two_questions_given_the_lesson_in_one_save_are_refused(editor_client, call):
    call.questions.update(role="")
    first, second = call.questions.filter(position__in=(1, 2))
    data = change_form_data(editor_client, _url(call))
    data[f"{_row(data, first)}-role"] = "lesson"
    data[f"{_row(data, second)}-role"] = "lesson"

    response = editor_client.post(_url(call), data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "Only one question of a call may have this role." in response.content.decode()
    assert not call.questions.filter(role="lesson").exists()
