"""/kokebok.pdf and /kokebok/<number>.pdf serve stored files, with ETag and Last-Modified."""

from book.models import Edition
from tests.factories import make_edition


def test_no_book_before_an_edition_is_built(client, db):
    Edition.objects.create(number=1)
    assert client.get("/kokebok.pdf").status_code == 404
    assert client.get("/kokebok/1.pdf").status_code == 404


def test_current_book_is_the_newest_built_edition_served_as_stored(
    client, db, django_assert_num_queries
):
    """The newest edition that is published and built; a newer one not published yet (built
    for the editors to check) is not public at all."""
    make_edition(1, pdf=b"%PDF-1.7 first")
    second = make_edition(2, pdf=b"%PDF-1.7 second")
    make_edition(3, pdf=b"%PDF-1.7 third", published_at=None)
    Edition.objects.create(number=4)  # not built yet

    with django_assert_num_queries(1):  # nothing is rendered during a request
        response = client.get("/kokebok.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 second"
    assert response["ETag"] == f'"{second.pdf_sha256}"'
    assert response["Last-Modified"] == "Fri, 20 Nov 2026 12:00:00 GMT"
    assert "max-age=300" in response["Cache-Control"]
    assert 'filename="veier-til-nye-samarbeid-utgave-2.pdf"' in response["Content-Disposition"]
    assert client.get("/kokebok/3.pdf").status_code == 404


def test_conditional_get_is_answered_with_304(client, db):
    edition = make_edition(1, pdf=b"%PDF-1.7 test")

    by_etag = client.get("/kokebok.pdf", HTTP_IF_NONE_MATCH=f'"{edition.pdf_sha256}"')
    by_date = client.get("/kokebok.pdf", HTTP_IF_MODIFIED_SINCE="Fri, 20 Nov 2026 12:00:00 GMT")
    stale = client.get("/kokebok.pdf", HTTP_IF_NONE_MATCH='"something-else"')

    assert (by_etag.status_code, by_date.status_code, stale.status_code) == (304, 304, 200)
    assert by_etag.content == b""


def test_earlier_editions_stay_downloadable(client, db):
    make_edition(1, pdf=b"%PDF-1.7 first", frozen_at="2026-11-21T12:00:00Z")
    make_edition(2, pdf=b"%PDF-1.7 second")

    response = client.get("/kokebok/1.pdf")

    assert b"".join(response.streaming_content) == b"%PDF-1.7 first"
    assert "max-age=86400" in response["Cache-Control"]
    assert client.get("/kokebok/9.pdf").status_code == 404


def test_one_address_in_every_language_and_read_only(client, db):
    make_edition(1, pdf=b"%PDF-1.7 test")
    assert client.get("/kokebok.pdf", HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    assert client.head("/kokebok.pdf").status_code == 200
    assert client.post("/kokebok.pdf").status_code == 405
