"""/eksempler/<slug>.pdf: one published case alone in the book's layout, built on request,
kept per publication, never for a case that is not published, bounded per client and machine."""

import pytest
from django.core.cache import cache

from book import case_pdf, render
from common import slots
from editorial import services as editorial_services
from submissions import services
from submissions.addresses import change_slug
from submissions.models import Consent, Person, Submission
from tests.factories import (
    NO_BOOK_CONSENT,
    add_photo,
    make_case,
    make_editor,
    make_theme,
    unpublish,
)
from tests.pdf import all_text, alt_texts, page_texts, read_pdf, xmp_metadata

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_memo_from_other_tests():
    """The cache outlives a test's rolled-back database, whose ids and generation repeat."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def renders(monkeypatch):
    """The calls to WeasyPrint for a single case, counted."""
    calls = []
    original = render.case_alone_pdf

    def counted(html, **kwargs):
        calls.append(html)
        return original(html, **kwargs)

    monkeypatch.setattr(render, "case_alone_pdf", counted)
    return calls


@pytest.fixture
def cafe(call):
    theme = make_theme(slug="arbeid", name="Arbeid")
    return make_case(
        call,
        main_theme=theme,
        answer="Deltakerne fikk *arbeidstrening*.",
        link="https://kafe.example/",
    )


def pdf_of(client, case, **headers):
    return client.get(f"/eksempler/{case.slug}.pdf", **headers)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def stored_files(case) -> list[str]:
    return sorted(path.name for path in case_dir_files() if path.name.startswith(f"{case.pk}-"))


def case_dir_files():
    directory = case_pdf.case_dir()
    return list(directory.glob("*.pdf")) if directory.is_dir() else []


# --- What it holds ---


def test_the_case_in_the_book_layout_with_a_header_tagged_and_titled(client, cafe, renders):
    add_photo(cafe, alt="Ungdommer bak disken i kafeen")
    response = pdf_of(client, cafe)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{cafe.slug}.pdf"'
    assert "no-cache" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    pdf = body(response)
    first_page = page_texts(pdf)[0]
    # No cover: the book's title and the case's address head the first page, the case follows.
    assert "Veier til nye samarbeid" in first_page
    assert f"/eksempler/{cafe.slug}/" in first_page
    assert cafe.title in first_page
    text = all_text(pdf)
    question = cafe.call.questions.first().text
    assert question in text
    assert "Deltakerne fikk arbeidstrening." in text  # the answer, its Markdown rendered
    assert "Kommunen og en sosial entreprenør driver en kafé." in text  # the pitch
    for fact in ("Oslo", "Grønn Start AS", str(cafe.collaboration_form_display)):
        assert fact in text
    reader = read_pdf(pdf)
    assert reader.metadata.title == cafe.title
    assert reader.trailer["/Root"]["/Lang"] == "nb"
    assert b'pdfuaid:part="1"' in xmp_metadata(pdf)
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert sum(len(page.images) for page in reader.pages) == 1
    assert "Ungdommer bak disken i kafeen" in alt_texts(pdf)
    assert len(renders) == 1


def test_contacts_only_with_book_consent_as_in_the_book(
    client, call, cafe, django_capture_on_commit_callbacks
):
    """The submitter (enterprise side) consented to the book; the municipality's contact has
    not answered, then does; the garden's submitter refused the book."""
    people = {person.side: person for person in cafe.people.all()}
    municipality = people[Person.Side.MUNICIPALITY]
    text = all_text(body(pdf_of(client, cafe)))
    assert people[Person.Side.ENTERPRISE].name in text
    assert municipality.name not in text
    assert municipality.email not in text

    with django_capture_on_commit_callbacks(execute=True):
        services.record_consents(municipality, {"book": True}, source=Consent.Source.CONSENT_LINK)
    assert municipality.name in all_text(body(pdf_of(client, cafe)))

    garden = make_case(
        call, title="Bygdehage", consents=NO_BOOK_CONSENT, submitter_email="hage@example.no"
    )
    text = all_text(body(pdf_of(client, garden)))
    assert "Bygdehage" in text
    assert "Kontaktpersoner" not in text
    assert "hage@example.no" not in text


def test_hostile_text_is_printed_as_text(client, call):
    title = '<script>alert("x")</script> & <b>fet</b>'
    answer = '<img src="http://203.0.113.9/x.png"> <iframe src="javascript:alert(1)"></iframe>'
    case = make_case(call, title=title, answer=answer)
    response = pdf_of(client, case)
    assert response.status_code == 200
    pdf = body(response)
    text = all_text(pdf)
    # The title may wrap anywhere in its large type: compared without white space.
    assert '<script>alert("x")</script>&<b>fet</b>' in "".join(text.split())
    assert '<img src="http://203.0.113.9/x.png">' in text
    assert read_pdf(pdf).metadata.title == title
    assert all(len(page.images) == 0 for page in read_pdf(pdf).pages)  # nothing fetched


# --- Kept per publication ---


def test_a_stored_pdf_is_served_without_rendering_in_two_queries(
    client, cafe, renders, django_assert_num_queries
):
    first = pdf_of(client, cafe)
    etag, pdf = first["ETag"], body(first)
    with django_assert_num_queries(2):  # the publication generation and the case's id
        again = pdf_of(client, cafe)
    assert body(again) == pdf
    cache.clear()  # another worker: its cache does not know the file, the storage does
    assert body(pdf_of(client, cafe)) == pdf
    assert len(renders) == 1
    assert pdf_of(client, cafe, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(stored_files(cafe)) == 1


def test_an_edit_published_gives_a_new_pdf_and_the_old_file_goes(
    client, cafe, renders, django_capture_on_commit_callbacks
):
    before = pdf_of(client, cafe)
    old_files = stored_files(cafe)
    cafe.link = "https://ny-kafe.example/"
    with django_capture_on_commit_callbacks(execute=True):
        editorial_services.save_case_edit(
            cafe, fields=["link"], loaded_version=cafe.version, by=make_editor()
        )

    after = pdf_of(client, cafe)

    assert after["ETag"] != before["ETag"]
    assert "https://ny-kafe.example/" in all_text(body(after))
    assert len(renders) == 2
    assert stored_files(cafe) != old_files
    assert len(stored_files(cafe)) == 1


def test_the_number_of_queries_does_not_grow_with_the_case(
    client, call, django_assert_max_num_queries
):
    small = make_case(call, title="Liten", municipalities=("0301",))
    large = make_case(call, title="Stor", municipalities=("0301", "1804", "1871", "1868", "5601"))
    with django_assert_max_num_queries(30) as small_queries:
        assert pdf_of(client, small).status_code == 200
    with django_assert_max_num_queries(30) as large_queries:
        assert pdf_of(client, large).status_code == 200
    assert len(large_queries.captured_queries) == len(small_queries.captured_queries)


# --- Never for a case that is not published ---


def test_unpublished_cases_have_no_pdf(client, call):
    approved = make_case(call, title="Godkjent", state="approved")
    in_review = make_case(call, title="Til vurdering", state="in_review")
    # Even with an address (never given before publication), neither has a PDF.
    Submission.objects.filter(pk=approved.pk).update(slug="godkjent")
    Submission.objects.filter(pk=in_review.pk).update(slug="til-vurdering")
    assert client.get("/eksempler/godkjent.pdf").status_code == 404
    assert client.get("/eksempler/til-vurdering.pdf").status_code == 404
    assert case_dir_files() == []


def test_a_withdrawn_case_is_404_and_its_file_is_removed(
    client, cafe, django_capture_on_commit_callbacks
):
    assert pdf_of(client, cafe).status_code == 200
    assert stored_files(cafe)

    with django_capture_on_commit_callbacks(execute=True):
        unpublish(cafe)

    assert pdf_of(client, cafe).status_code == 404
    assert stored_files(cafe) == []


def test_a_file_left_by_a_silent_write_is_not_served_for_a_case_not_published(client, cafe):
    assert pdf_of(client, cafe).status_code == 200
    # A write that bypassed the services announces nothing: the file stays, the page cache too.
    Submission.objects.filter(pk=cafe.pk).update(state=Submission.State.APPROVED)
    assert stored_files(cafe)
    assert pdf_of(client, cafe).status_code == 404


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_an_old_address_redirects_to_the_new_one_in_its_language(
    client, cafe, django_capture_on_commit_callbacks, prefix
):
    old = cafe.slug
    with django_capture_on_commit_callbacks(execute=True):
        change_slug(cafe, "kafe-i-sentrum", by=make_editor())
    response = client.get(f"{prefix}/eksempler/{old}.pdf")
    assert response.status_code == 301
    assert response["Location"] == f"{prefix}/eksempler/kafe-i-sentrum.pdf"


def test_the_plain_address_is_bokmal_whatever_the_browser_asks_and_read_only(client, cafe):
    assert client.post(f"/eksempler/{cafe.slug}.pdf").status_code == 405
    assert client.post(f"/nn/eksempler/{cafe.slug}.pdf").status_code == 405
    response = pdf_of(client, cafe, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Et eksempel fra boka" in page_texts(body(response))[0]


# --- In the reader's language ---

HEADERS = {
    "nn": ("Eit eksempel frå boka, gitt ut av", "På nett:"),
    "en": ("An example from the book, published by", "Online:"),
}


@pytest.mark.parametrize("language", ["nn", "en"])
def test_the_header_and_the_address_in_the_readers_language_the_case_as_written(
    client, cafe, language
):
    response = client.get(f"/{language}/eksempler/{cafe.slug}.pdf")
    assert response.status_code == 200
    pdf = body(response)
    first_page = page_texts(pdf)[0]
    introduction, online = HEADERS[language]
    assert introduction in first_page
    assert online in first_page
    assert "Et eksempel fra boka" not in first_page
    assert f"/{language}/eksempler/{cafe.slug}/" in "".join(first_page.split())
    assert "Veier til nye samarbeid" in first_page  # the book's title, as the book has it
    text = all_text(pdf)
    assert cafe.title in text
    assert "Deltakerne fikk arbeidstrening." in text  # the case's text stays as written
    assert read_pdf(pdf).trailer["/Root"]["/Lang"] == language


def test_each_language_is_stored_and_remembered_apart(
    client, cafe, renders, django_capture_on_commit_callbacks
):
    bokmal = body(pdf_of(client, cafe))
    english = body(client.get(f"/en/eksempler/{cafe.slug}.pdf"))
    assert "Online:" in all_text(english)
    assert "Online:" not in all_text(bokmal)
    assert len(renders) == 2
    # Each language's file stays beside the others', and each is served without a build.
    assert [name.split("-")[1] for name in stored_files(cafe)] == ["en", "nb"]
    assert body(pdf_of(client, cafe)) == bokmal
    assert body(client.get(f"/en/eksempler/{cafe.slug}.pdf")) == english
    cache.clear()  # another worker: found in storage by its own name
    assert body(client.get(f"/en/eksempler/{cafe.slug}.pdf")) == english
    assert len(renders) == 2
    # A change to the case removes every language's file.
    with django_capture_on_commit_callbacks(execute=True):
        unpublish(cafe)
    assert stored_files(cafe) == []


# --- Bounded ---


def test_builds_per_client_are_limited_but_stored_files_still_served(client, call, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "case_pdf": 1}
    first = make_case(call, title="Første")
    second = make_case(call, title="Andre")
    assert pdf_of(client, first).status_code == 200
    limited = pdf_of(client, second, HTTP_ACCEPT_LANGUAGE="nb")
    assert limited.status_code == 429
    assert "For mange PDF-er" in limited.content.decode()
    assert f'href="/eksempler/{second.slug}/"' in limited.content.decode()
    assert pdf_of(client, first).status_code == 200  # stored: nothing built, nothing counted
    other_client = pdf_of(client, second, REMOTE_ADDR="198.51.100.20")
    assert other_client.status_code == 200


UNAVAILABLE = {
    "nn": ("For mange PDF-ar", "Mange PDF-ar blir laga akkurat no", "Les eksempelet på nettet"),
    "en": (
        "Too many PDFs",
        "Many PDFs are being made at the moment",
        "Read the example on the web",
    ),
}


@pytest.mark.parametrize("language", ["nn", "en"])
def test_the_limited_and_busy_pages_in_the_readers_language(
    client, call, settings, monkeypatch, language
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "case_pdf": 2}  # the busy one counts
    monkeypatch.setattr(case_pdf, "BUILD_WAIT", 0)
    first, second = make_case(call, title="Første"), make_case(call, title="Andre")
    limited_words, busy_words, read_online = UNAVAILABLE[language]

    with slots.slot(case_pdf.case_dir(), name=case_pdf.BUILD_SLOT):
        busy = client.get(f"/{language}/eksempler/{first.slug}.pdf")
    assert client.get(f"/{language}/eksempler/{first.slug}.pdf").status_code == 200
    limited = client.get(f"/{language}/eksempler/{second.slug}.pdf")

    for response, status, words in ((busy, 503, busy_words), (limited, 429, limited_words)):
        page = response.content.decode()
        assert response.status_code == status
        assert f'<html lang="{language}"' in page
        assert words in page
        assert read_online in page
        assert "PDF-en kan ikke lages akkurat nå" not in page  # not the Bokmål page
    assert f'href="/{language}/eksempler/{first.slug}/"' in busy.content.decode()
    assert f'href="/{language}/eksempler/{second.slug}/"' in limited.content.decode()


def test_one_build_at_a_time_on_the_machine(client, cafe, monkeypatch, renders):
    monkeypatch.setattr(case_pdf, "BUILD_WAIT", 0.2)
    with slots.slot(case_pdf.case_dir(), name=case_pdf.BUILD_SLOT) as taken:
        assert taken  # as by another worker building
        busy = pdf_of(client, cafe)
    assert busy.status_code == 503
    assert busy["Retry-After"] == "10"
    assert "Prøv igjen om litt" in busy.content.decode()
    assert renders == []
    assert pdf_of(client, cafe).status_code == 200


def test_a_case_that_cannot_be_rendered_says_so_and_is_not_tried_again_for_every_reader(
    client, cafe, monkeypatch
):
    attempts = []

    def fails(html, **kwargs):
        attempts.append(html)
        raise render.BookBuildFailed("boom")

    monkeypatch.setattr(render, "case_alone_pdf", fails)
    response = pdf_of(client, cafe)
    assert response.status_code == 503
    assert "Les det på nettet" in response.content.decode()
    assert pdf_of(client, cafe).status_code == 503
    assert len(attempts) == 1


# --- The case page links to it ---


def test_the_case_page_offers_the_pdf_only_when_published(client, editor_client, call, cafe):
    page = client.get(f"/eksempler/{cafe.slug}/").content.decode()
    assert f'href="/eksempler/{cafe.slug}.pdf"' in page
    assert "Last ned som PDF" in page
    english = client.get(f"/en/eksempler/{cafe.slug}/").content.decode()
    assert "Download as PDF" in english
    assert f'href="/en/eksempler/{cafe.slug}.pdf"' in english
    nynorsk = client.get(f"/nn/eksempler/{cafe.slug}/").content.decode()
    assert "Last ned som PDF" in nynorsk
    assert f'href="/nn/eksempler/{cafe.slug}.pdf"' in nynorsk
    approved = make_case(call, title="Godkjent", state="approved")
    preview = editor_client.get(f"/eksempler/forhandsvisning/{approved.public_id}/")
    assert preview.status_code == 200
    assert "kb-case-pdf" not in preview.content.decode()


def test_an_edit_waiting_for_the_submitters_approval_is_not_printed(
    client, cafe, django_capture_on_commit_callbacks
):
    published_title = cafe.title
    cafe.title = "Redaksjonens nye tittel"
    with django_capture_on_commit_callbacks(execute=True):
        editorial_services.save_case_edit(
            cafe, fields=["title"], loaded_version=cafe.version, by=make_editor()
        )
    pdf = body(pdf_of(client, cafe))
    assert read_pdf(pdf).metadata.title == published_title
    assert "Redaksjonens nye tittel" not in all_text(pdf)


def test_an_erased_contact_leaves_no_stored_file_and_is_not_printed(
    client, cafe, django_capture_on_commit_callbacks
):
    person = cafe.people.get(side=Person.Side.ENTERPRISE)
    assert person.name in all_text(body(pdf_of(client, cafe)))
    old_files = stored_files(cafe)
    with django_capture_on_commit_callbacks(execute=True):
        editorial_services.erase_person(person, by=make_editor(), reason="Ba om sletting")
    assert not set(old_files) & {path.name for path in case_dir_files()}
    assert "Kari Nordmann" not in all_text(body(pdf_of(client, cafe)))


def test_the_case_address_is_never_hyphenated(client, call):
    """A reader types the address from paper: an added hyphen ("ek-sempler") would break it."""
    case = make_case(call, title="<script>alert(1)</script> & <b>fet</b>")
    text = all_text(body(pdf_of(client, case)))
    assert "\u2010\n" not in text.split("På nett:")[1]
    assert "-\n" not in text.split("På nett:")[1]


# The case's labels as each language prints them (the book's own are the Bokmål ones; the facts
# box's title is set in capitals).
LABELS = {
    "nb": ["FAKTA", "Kontaktpersoner", "Les mer:", "På nett:", "Arbeid", "Hva gjorde dere?"],
    "nn": ["FAKTA", "Kontaktpersonar", "Les meir:", "På nett:", "Sysselsetjing", "Kva gjorde de?"],
    "en": ["FACTS", "Contact persons", "Read more:", "Online:", "Work", "What did you do?"],
}


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_cases_labels_questions_and_themes_in_the_readers_language(client, cafe, language):
    cafe.main_theme.name_nn, cafe.main_theme.name_en = "Sysselsetjing", "Work"
    cafe.main_theme.save()
    question = cafe.answers.order_by("question__position").first().question
    question.text, question.text_nn, question.text_en = (
        "Hva gjorde dere?",
        "Kva gjorde de?",
        "What did you do?",
    )
    question.save()
    prefix = "" if language == "nb" else f"/{language}"
    text = " ".join(all_text(body(client.get(f"{prefix}/eksempler/{cafe.slug}.pdf"))).split())
    for label in LABELS[language]:
        assert label in text
    others = {label for other in LABELS.values() for label in other} - set(LABELS[language])
    assert [label for label in others if label in text] == []
    assert "Deltakerne fikk arbeidstrening." in text  # the case's own text stays as written
