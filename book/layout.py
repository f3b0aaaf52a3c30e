"""What one case's pages show besides its text: the facts box and the pull quote.

The labels are in the active language: the book's (Bokmål) in the book, the reader's in the
PDF of one case (book/case_pdf.py).
"""

import re
from dataclasses import dataclass

from django.utils.translation import npgettext, pgettext

from submissions.models import GuidingQuestion

# Over this many characters, the pull quote is set smaller (it is the whole answer, never cut).
SHORT_QUOTE_CHARS = 320


@dataclass
class Fact:
    label: str
    values: list[str]


def is_lesson_question(question) -> bool:
    """The question whose answer is set as the pull quote: found by its role, so that the
    editors may reword it. A call without one has no pull quote (every answer is printed
    under its question)."""
    return question.role == GuidingQuestion.Role.LESSON


def split_lesson(answers) -> tuple[list, object | None]:
    """The answers printed under their questions, and the lesson's answer (or None)."""
    lesson = next((answer for answer in answers if is_lesson_question(answer.question)), None)
    return [answer for answer in answers if answer is not lesson], lesson


def _labelled(label, values: list[str]) -> Fact | None:
    """`label(count)` names the row for that many values."""
    values = [value for value in values if value]
    if not values:
        return None
    return Fact(label(len(values)), values)


def case_facts(case) -> list[Fact]:
    """The facts box's rows, in order, leaving out what the case does not have (prefetched:
    municipalities with their counties, enterprises, themes). The contact persons are a row of
    their own in the template (they need more than one line each)."""
    municipalities = [f"{m.name} ({m.county.name})" for m in case.municipalities.all()]
    themes = [case.main_theme.display_name] if case.main_theme else []
    themes += [t.display_name for t in case.themes.all() if t.pk != case.main_theme_id]
    enterprises = [enterprise.name for enterprise in case.enterprises.all()]
    rows = [
        _labelled(
            lambda n: npgettext("facts", "Municipality", "Municipalities", n), municipalities
        ),
        _labelled(
            lambda n: npgettext("facts", "Social entrepreneur", "Social entrepreneurs", n),
            enterprises,
        ),
        _labelled(
            lambda n: pgettext("facts", "Form of collaboration"),
            [str(case.collaboration_form_display)],
        ),
        _labelled(lambda n: pgettext("facts", "Started"), [str(case.started_year or "")]),
        _labelled(lambda n: npgettext("facts", "Theme", "Themes", n), themes),
    ]
    return [row for row in rows if row is not None]


def photo_credit(case) -> str:
    """The credit without a "Foto:" the sender typed themselves (the book prints its own)."""
    return re.sub(r"^(foto|photo)\s*:\s*", "", case.photo_credit.strip(), flags=re.IGNORECASE)


def printed_extras(case) -> dict:
    """What the layout prints beyond what earlier editions' fingerprints covered, non-empty only."""
    extras = {
        "photo_credit": photo_credit(case),
        "themes": sorted(t.slug for t in case.themes.all() if t.pk != case.main_theme_id),
        "started_year": case.started_year,
    }
    return {key: value for key, value in extras.items() if value}


def case_context(case) -> dict:
    """The template context of a case's layout, apart from contacts, photo and links."""
    answers, lesson = split_lesson(list(case.answers.all()))
    return {
        "photo_credit": photo_credit(case),
        "facts": case_facts(case),
        "answers": answers,
        "lesson": lesson,
        "lesson_is_short": lesson is not None and len(lesson.text) <= SHORT_QUOTE_CHARS,
    }
