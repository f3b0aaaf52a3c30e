"""The case page in the admin: every read-only field shows its value (none hides an error behind
the admin's "-"), the text reads as readers will see it with its word counts, the photo shows as
a thumbnail, and the people's consents are written in words."""

from html import unescape

import pytest
from django.core.files.base import ContentFile

from editorial.models import EditorialNote
from submissions.models import EditApproval, StateChange, Submission
from submissions.models.submission import OutsideChannel
from submissions.workflow import State
from tests.factories import NO_BOOK_CONSENT, add_photo, make_call, make_case, make_editor

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a test attachment\n"


def change_url(submission) -> str:
    return f"/admin/submissions/submission/{submission.pk}/change/"


@pytest.fixture
def full_case(editor):
    """A case with a value in every field the case page shows read-only: published (so also
    its title and pitch are read-only), with a photo, an attachment, a note, a request for
    approval (answered by phone, recorded by an editor) and state changes by an editor."""
    case = make_case(make_call(), state=State.PUBLISHED, answer="Et **fint** svar med fem ord.")
    case.attachment.save("vedlegg.pdf", ContentFile(PDF), save=False)
    Submission.objects.filter(pk=case.pk).update(attachment=case.attachment.name)
    case = add_photo(case, alt="Ungdommer bak disken")
    EditorialNote.objects.create(submission=case, author=editor, text="Ring kommunen.")
    StateChange.objects.create(
        submission=case,
        from_state=State.IN_REVIEW,
        to_state=State.CHANGES_REQUESTED,
        by_user=editor,
        comment="Skriv litt om økonomien.",
        parts=["title"],
    )
    EditApproval.objects.create(
        submission=case,
        requested_by=make_editor(),
        original={},
        edited={},
        decision=EditApproval.Decision.APPROVED,
        comment="Fint!",
        answered_at=case.pitch_submitted_at,
        outside_channel=OutsideChannel.PHONE,
        outside_approver="Kari Nordmann",
        recorded_by=editor,
    )
    return case


# Admin methods that present one field of their row: a row without it has nothing to show.
SHOWN_FROM = {"parts_named": "parts", "outside_approval": "outside_channel"}


def readonly_fields(response):
    """(name, rendered contents, model instance) of every read-only field on the page, the
    inlines' rows included."""
    admin_form = response.context["adminform"]
    forms = [(admin_form, admin_form.form.instance)]
    for inline in response.context["inline_admin_formsets"]:
        forms += [(row, row.original) for row in inline if row.original is not None]
    for form, instance in forms:
        for fieldset in form:
            for line in fieldset:
                for field in line:
                    if field.is_readonly:
                        yield field.field["name"], str(field.contents()), instance


def test_every_read_only_field_shows_its_value(editor_client, full_case):
    response = editor_client.get(change_url(full_case))
    empty = response.context["adminform"].model_admin.get_empty_value_display()
    checked = set()
    for name, contents, instance in readonly_fields(response):
        # An admin method shows the field it is named for here, or always has something.
        value = getattr(instance, SHOWN_FROM.get(name, name), True)
        if value in (None, "", False, [], {}) and not callable(value):
            continue  # this row has nothing there (a state change made by the submitter)
        assert contents.strip() not in ("", empty), f"{type(instance).__name__}.{name}"
        checked.add(name)
    shown = {"attachment_link", "photo_preview", "text_status", "participation", "question"}
    assert shown <= checked
    assert {"requested_at", "requested_by", "comment", "author", "to_state"} <= checked
    assert {"outside_approval", "parts_named"} <= checked


def test_the_attachment_opens_from_the_case_page(editor_client, full_case):
    html = editor_client.get(change_url(full_case)).content.decode()
    url = f"/admin/submissions/submission/{full_case.pk}/attachment/"
    assert f'href="{url}"' in html
    response = editor_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_the_text_reads_as_readers_will_see_it_with_word_counts(editor_client, full_case):
    response = editor_client.get(change_url(full_case), HTTP_ACCEPT_LANGUAGE="en")
    review = response.context["review"]
    html = unescape(response.content.decode())
    questions = full_case.call.questions.count()
    assert [answer.words for answer in review.answers] == [6] * questions
    assert review.total_words == 6 * questions
    assert "Et <strong>fint</strong> svar med fem ord." in html  # Markdown, rendered
    assert (
        f"The answers: {6 * questions} words in all. The call's guidance: about 600, at most "
        "1200." in html
    )
    assert "Much shorter than the call's guidance." in html
    assert "Grønn Start AS (org. no. 974 760 673)" in html


def test_the_photo_shows_as_a_thumbnail_editors_can_open(editor_client, full_case):
    response = editor_client.get(change_url(full_case))
    photo = next(c for n, c, _i in readonly_fields(response) if n == "photo_preview")
    assert '<img src="/eksempler/bilde/' in photo
    assert 'alt="Ungdommer bak disken"' in photo
    src = photo.split('src="')[1].split('"')[0]
    assert editor_client.get(src).status_code == 200


def test_consents_are_written_in_words_in_the_editors_language(editor_client, editor):
    case = make_case(make_call(), state=State.IN_REVIEW, consents=NO_BOOK_CONSENT)
    html = editor_client.get(change_url(case), HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert "<li>Publisert på nett: ja</li><li>I boka: nei</li>" in html
    assert "web: ✓" not in html
    assert "book: ✗" not in html
