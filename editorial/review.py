"""What the case page in the admin shows for review: the text as readers will see it (rendered by
publishing.markdown, the one way submitted text becomes HTML), with word counts against the
call's guidance, and the people's consents in words.

Reads only. The answers and consents come from the prefetches of one call each.
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.forms import count_words
from publishing.markdown import render_markdown
from submissions.models import ConsentPurpose, Person, Submission

# Short labels for a table cell; the long ones (ConsentPurpose) are the texts people agreed to.
PURPOSE_LABELS = {
    ConsentPurpose.WEB: gettext_lazy("Published on the web"),
    ConsentPurpose.BOOK: gettext_lazy("In the book"),
    ConsentPurpose.CONTACT: gettext_lazy("Editors may make contact"),
}


@dataclass
class ReviewedAnswer:
    question: str
    html: SafeString
    words: int


@dataclass
class Review:
    title: str
    summary_html: SafeString
    summary_words: int
    answers: list[ReviewedAnswer]
    total_words: int
    target_words: int
    max_words: int
    municipalities: list[str]
    enterprises: list[str]
    people: list[tuple[Person, SafeString]]

    @property
    def verdict(self) -> str:
        """The write-up's length against the call's guidance, in words."""
        if self.total_words > self.max_words:
            return _("Longer than the call's maximum.")
        if self.total_words > self.target_words * 1.2:
            return _("Longer than the call's guidance.")
        if self.total_words < self.target_words * 0.5:
            return _("Much shorter than the call's guidance.")
        return _("Within the call's guidance.")

    @property
    def over(self) -> bool:
        return self.total_words > self.max_words


def case_review(submission: Submission) -> Review:
    """The title, the pitch and the answers, as the public page renders them, the parties and
    the contact persons with their consents in words (six queries)."""
    answers = [
        ReviewedAnswer(
            question=answer.question.display_text,
            html=render_markdown(answer.text),
            words=count_words(answer.text),
        )
        for answer in submission.answers.select_related("question")
    ]
    call = submission.call
    return Review(
        title=submission.title,
        summary_html=render_markdown(submission.summary),
        summary_words=count_words(submission.summary),
        answers=answers,
        total_words=sum(answer.words for answer in answers),
        target_words=call.writeup_target_words,
        max_words=call.writeup_max_words,
        municipalities=[str(m) for m in submission.municipalities.select_related("county")],
        enterprises=[_enterprise(e) for e in submission.enterprises.all()],
        people=[
            (person, consent_in_words(person))
            for person in submission.people.prefetch_related("consents")
        ],
    )


def _enterprise(enterprise) -> str:
    if not enterprise.org_number:
        return enterprise.name
    return _("%(name)s (org. no. %(number)s)") % {
        "name": enterprise.name,
        "number": enterprise.org_number_display,
    }


def consent_in_words(person: Person) -> SafeString:
    """Each purpose with the person's current answer: "Published on the web: yes", one a line;
    "not answered" for a purpose they never answered. Participation declined shows as such,
    since nothing of them is shown then whatever they consented to."""
    current = person.current_consents()
    words = {True: _("yes"), False: _("no"), None: _("not answered")}
    lines = format_html_join(
        "",
        "<li>{}: {}</li>",
        ((label, words[current.get(purpose)]) for purpose, label in PURPOSE_LABELS.items()),
    )
    declined = ""
    if person.participation == Person.Participation.DECLINED:
        declined = format_html("<li><strong>{}</strong></li>", _("Declined to take part"))
    return format_html('<ul class="kb-consents">{}{}</ul>', lines, declined)
