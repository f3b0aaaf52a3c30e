"""The "most important lesson" is the guiding question with the role "lesson" (data migration
0016 gave it to the default question), never recognised by its wording: the editors may reword
it and keep the pull quote; a call without such a question prints every answer as usual."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import IntegrityError, transaction

from book import layout
from book.render import render_case_pages
from submissions.models import Answer, GuidingQuestion
from tests.factories import make_call, make_case
from tests.pdf import all_text

pytestmark = pytest.mark.django_db

LESSON = "Snakk med innkjøperne før dere skriver avtalen."
REWORDED = "Hva ville dere sagt til en annen kommune?"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _case_with_lesson(call):
    case = make_case(call, answer="Vanlig svar.")
    lesson = call.questions.get(role=GuidingQuestion.Role.LESSON)
    Answer.objects.filter(submission=case, question=lesson).update(text=LESSON)
    return case, lesson


def test_a_new_call_gets_the_lesson_role_on_the_default_lesson_question(call):
    lessons = call.questions.filter(role=GuidingQuestion.Role.LESSON)
    assert [q.text for q in lessons] == ["Hva er den viktigste lærdommen for andre?"]


def test_a_reworded_lesson_question_keeps_the_pull_quote(call):
    case, lesson = _case_with_lesson(call)
    GuidingQuestion.objects.filter(pk=lesson.pk).update(text=REWORDED, text_nn="", text_en="")

    text = _flat(all_text(render_case_pages(case)))

    # The quote's label is the question as worded now, in capitals, before the other answers.
    assert f"{REWORDED.upper()} {LESSON}" in text
    assert text.count(LESSON) == 1
    assert text.index(LESSON) < text.index("Hva var ideen")


def test_without_a_lesson_question_there_is_no_pull_quote_and_no_error(call):
    case, lesson = _case_with_lesson(call)
    GuidingQuestion.objects.filter(pk=lesson.pk).update(role=GuidingQuestion.Role.NONE)

    text = _flat(all_text(render_case_pages(case)))

    # The answer is printed under its question, in the questions' order, like the others.
    assert f"Hva er den viktigste lærdommen for andre? {LESSON}" in text
    assert "HVA ER DEN VIKTIGSTE" not in text
    assert text.index("Hva gjorde kommunen") < text.index(LESSON)


def test_the_lesson_is_found_by_role_not_by_wording(call):
    questions = list(call.questions.all())
    assert [layout.is_lesson_question(q) for q in questions] == [False] * 5 + [True]
    # Worded like the lesson without the role: not the lesson.
    other = make_call(slug="annen")
    other.questions.update(role=GuidingQuestion.Role.NONE)
    assert not any(layout.is_lesson_question(q) for q in other.questions.all())


def test_a_call_has_at_most_one_lesson_question(call):
    with pytest.raises(IntegrityError), transaction.atomic():
        call.questions.filter(position=1).update(role=GuidingQuestion.Role.LESSON)
    # Another call has its own.
    assert make_call(slug="annen").questions.filter(role="lesson").count() == 1


def test_the_data_migration_marks_each_calls_first_default_lesson_question(call):
    other = make_call(slug="annen")
    GuidingQuestion.objects.update(role=GuidingQuestion.Role.NONE)
    # Worded in English only, with other spacing: still the default question.
    call.questions.filter(position=6).update(
        text="Vårt eget spørsmål",
        text_nn="",
        text_en="  What is the most important  lesson for others",
    )
    other.questions.filter(position=2).update(text="Hva er den viktigste lærdommen for andre?")
    migration = importlib.import_module("submissions.migrations.0016_question_role")

    migration.mark_lesson_questions(django_apps, None)

    marked = GuidingQuestion.objects.filter(role=GuidingQuestion.Role.LESSON)
    assert sorted((q.call.slug, q.position) for q in marked) == [("annen", 2), ("veier", 6)]
