"""Editors preview the book and one case's pages, and manage editions, in the admin."""

from django.contrib.auth.models import Group
from django.urls import reverse

from book import builds
from book.models import Edition
from submissions.workflow import State
from tests.factories import make_case, make_edition, make_editor
from tests.pdf import all_text, page_texts


def test_preview_of_one_case_is_a_draft_pdf_of_its_pages(editor_client, call):
    case = make_case(call, title="Til vurdering", state=State.IN_REVIEW)

    response = editor_client.get(reverse("admin:book_preview_case", args=[case.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-cache" in response["Cache-Control"]
    texts = page_texts(response.content)
    assert "Til vurdering" in texts[0]
    assert all("UTKAST" in text for text in texts)


def test_preview_of_the_book_has_approved_cases(editor_client, call):
    make_case(call, title="Publisert")
    make_case(call, title="Godkjent", state=State.APPROVED)

    response = editor_client.get(reverse("admin:book_preview"))

    text = all_text(response.content)
    assert ("Publisert" in text, "Godkjent" in text, "UTKAST" in text) == (True, True, True)


def test_previews_need_the_permission_to_view_submissions(client, call):
    case = make_case(call)
    url = reverse("admin:book_preview_case", args=[case.pk])
    assert client.get(url).status_code == 302  # to the login
    user = make_editor("ansatt")
    user.groups.add(Group.objects.create(name="Tom"))  # a group without permissions
    Group.objects.get(name="Redaksjonen").permissions.clear()
    client.force_login(user)

    assert client.get(url).status_code == 403
    assert client.get(reverse("admin:book_preview")).status_code == 403


def test_the_edition_page_shows_changes_and_cases_left_out(editor_client, db):
    edition = make_edition(number=2)
    Edition.objects.filter(pk=edition.pk).update(
        changes={
            "previous": 1,
            "added": [{"id": "x", "title": "Nytt eksempel"}],
            "changed": [],
            "removed": [{"id": "y", "title": "Borte eksempel"}],
        },
        build_report={
            "omitted": [{"id": 7, "title": "Knekt eksempel", "error": "RecursionError: dypt"}]
        },
    )

    page = editor_client.get(
        reverse("admin:book_edition_change", args=[edition.pk])
    ).content.decode()

    for words in ("Nytt eksempel", "Borte eksempel", "Knekt eksempel", "RecursionError: dypt"):
        assert words in page
    assert reverse("admin:book_preview") in page


def test_freezing_from_the_admin_builds_and_keeps_the_edition(editor_client, admin_client, call):
    make_case(call, title="Med i utgaven")
    edition = make_edition(kind=Edition.Kind.FINAL)

    editor_client.post(reverse("admin:book_edition_freeze", args=[edition.pk]))

    edition.refresh_from_db()
    assert edition.is_frozen
    assert "Med i utgaven" in all_text(builds.pdf_path(edition.pdf_file).read_bytes())
    # A frozen edition can no longer be edited or deleted: not even by a superuser, the only
    # one who may delete editions (editors have no book.delete_edition).
    page = editor_client.get(reverse("admin:book_edition_change", args=[edition.pk]))
    assert b'name="title"' not in page.content
    assert (
        admin_client.post(reverse("admin:book_edition_delete", args=[edition.pk])).status_code
        == 403
    )


def test_saving_the_form_never_undoes_a_publication_or_a_build_made_meanwhile(db):
    """The form's copy of the edition was read before another editor published it (or a build
    stored a new PDF): saving the foreword writes only the fields the form edits."""
    from django.contrib.admin.sites import site

    edition = make_edition(number=1, published_at=None)
    form_copy = Edition.objects.get(pk=edition.pk)
    Edition.objects.filter(pk=edition.pk).update(
        published_at="2026-11-22T12:00:00Z", pdf_file="kokebok-1-ny.pdf"
    )
    form_copy.foreword = "Et nytt forord."

    site._registry[Edition].save_model(None, form_copy, form=None, change=True)

    edition.refresh_from_db()
    assert (edition.foreword, edition.pdf_file, edition.is_published) == (
        "Et nytt forord.",
        "kokebok-1-ny.pdf",
        True,
    )
