"""Hostile text cannot make the book fetch anything, leak files, or break the build."""

import http.server
import logging
import os
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings

from book import render
from book.render import BookOptions, build_book
from submissions.models import Answer, Submission
from tests.factories import add_photo, make_case
from tests.pdf import all_text


@pytest.fixture
def recording_server():
    """An HTTP server on a free loopback port that records every request it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def hostile_text(base: str) -> str:
    return "\n\n".join(
        [
            f'<img src="{base}/raw-img.png">',
            f"![bilde]({base}/markdown-img.png)",
            '<img src="file:///etc/passwd">',
            "[passord](file:///etc/passwd) file:///etc/passwd",
            f"<style>@import url({base}/import.css);"
            f" body {{ background: url({base}/bg.png) }}</style>",
            f'<div style="background-image: url({base}/inline.png)">stil</div>',
            f'<link rel="stylesheet" href="{base}/link.css">',
            f'<svg><image href="{base}/svg.png"/></svg><iframe src="{base}/frame"></iframe>',
            f'<object data="{base}/object"></object>',
        ]
    )


def set_answers(case: Submission, text: str) -> None:
    Answer.objects.filter(submission=case).update(text=text)


def book_dir_files() -> set[str]:
    root = render.asset_root()
    return {(root / name).as_uri() for name in ["book.css", *os.listdir(root / "fonts")]} | {
        (root / "fonts" / name).as_uri() for name in os.listdir(root / "fonts")
    }


def test_urls_in_submitted_text_fetch_nothing_and_leak_nothing(call, recording_server):
    base, hits = recording_server
    case = make_case(
        call,
        title=f'Tittel <img src="{base}/title.png">',
        summary=hostile_text(base),
        link=f"{base}/case-link",
    )
    Submission.objects.filter(pk=case.pk).update(photo_alt=f'"><img src="{base}/alt.png">')
    set_answers(case, hostile_text(base))
    options = BookOptions()
    parts = render.prepare_parts(options)
    source = render.assemble(parts, options)
    fetcher = render.make_fetcher()

    pdf, _pages = render.html_to_pdf(source.html, fetcher=fetcher)

    assert hits == []
    # Only the book's own stylesheet and fonts were asked for.
    assert fetcher.refused == []
    assert set(fetcher.requested) <= book_dir_files()
    assert (render.asset_root() / "book.css").as_uri() in fetcher.requested
    text = all_text(pdf)
    assert "root:x:0:0" not in text
    assert "file:///etc/passwd" in text  # shown as the text it is
    assert build_book(options).report["omitted"] == []
    assert hits == []


def test_fetcher_refuses_markup_that_names_urls_even_if_it_got_through(recording_server, tmp_path):
    """The second wall: raw hostile HTML straight to WeasyPrint fetches nothing."""
    base, hits = recording_server
    fetcher = render.make_fetcher()
    html = f'<html lang="nb"><head><title>x</title></head><body>{hostile_text(base)}</body></html>'

    pdf, _pages = render.html_to_pdf(html, fetcher=fetcher)

    assert hits == []
    assert "file:///etc/passwd" in fetcher.refused
    assert f"{base}/raw-img.png" in fetcher.refused
    assert f"{base}/inline.png" in fetcher.refused
    assert "root:x:0:0" not in all_text(pdf)


def test_fetcher_allows_data_and_book_files_only(settings, recording_server, tmp_path):
    base, hits = recording_server
    fetcher = render.make_fetcher()
    photos = Path(settings.MEDIA_ROOT) / "photos"
    photos.mkdir(parents=True)
    (photos / "lenke.jpg").symlink_to("/etc/passwd")
    (photos / "ekte.jpg").write_bytes(b"jpeg")
    font = render.asset_root() / "fonts" / "DejaVuSerif.ttf"
    refused = [
        f"{base}/x.png",
        "https://example.no/x.png",
        "ftp://127.0.0.1/x",
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "file://example.no/etc/passwd",
        (photos / "lenke.jpg").as_uri(),
        f"{render.asset_root().as_uri()}/../../kokebok/settings.py",
        (Path(settings.BASE_DIR) / "manage.py").as_uri(),
    ]
    for url in refused:
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    assert hits == []
    assert fetcher.fetch("data:text/plain;base64,aGVp").read() == b"hei"
    assert fetcher.fetch(font.as_uri()).read()[:4] == b"\x00\x01\x00\x00"
    assert fetcher.fetch((photos / "ekte.jpg").as_uri()).read() == b"jpeg"
    assert fetcher.refused == refused


def test_the_book_survives_200_deep_quotes_and_lists(call):
    case = make_case(call, title="Dyp nesting")
    deep_list = "".join("  " * level + "- nivå\n" for level in range(200))
    set_answers(case, "> " * 200 + "dypt sitat\n\nEtter sitatet\n\n" + deep_list)

    book = build_book(BookOptions())

    assert book.report["omitted"] == []
    # render_markdown keeps 20 levels and drops what is deeper; the rest is printed.
    text = all_text(book.pdf)
    assert ["Etter sitatet" in text, "nivå" in text] == [True, True]


def test_a_10000_row_markdown_table_is_text_and_bounded(call):
    case = make_case(call, title="Tabell")
    set_answers(case, "| a | b |\n|---|---|\n" + "| x | y |\n" * 10_000)
    Answer.objects.filter(submission=case).exclude(pk=case.answers.first().pk).delete()

    book = build_book(BookOptions())

    assert book.report["omitted"] == []
    assert "| x | y |" in all_text(book.pdf)
    assert book.pages < 60


def test_a_100_kb_word_wraps_and_costs_little(call):
    case = make_case(call, title="Langt ord")
    set_answers(case, "a" * 100_000)
    Answer.objects.filter(submission=case).exclude(pk=case.answers.first().pk).delete()
    started = time.perf_counter()

    book = build_book(BookOptions())

    # Without the break opportunities a 50,000-letter word alone took 34 s.
    assert time.perf_counter() - started < 20
    assert book.report["omitted"] == []
    assert "a" * 60 in all_text(book.pdf).replace("\n", "")


def test_a_case_that_breaks_the_renderer_is_left_out_and_reported(call, monkeypatch, caplog):
    """WeasyPrint is made to fail on one case's text, as a RecursionError would."""
    real_html_to_pdf = render.html_to_pdf

    def failing_on_marker(html, **kwargs):
        if "KRASJMERKE" in html:
            raise RecursionError("maximum recursion depth exceeded")
        return real_html_to_pdf(html, **kwargs)

    monkeypatch.setattr(render, "html_to_pdf", failing_on_marker)
    good = make_case(call, title="Fungerer fint")
    bad = make_case(call, title="Knekker boka")
    set_answers(bad, "KRASJMERKE")

    with caplog.at_level(logging.ERROR, logger="kokebok.book"):
        book = build_book(BookOptions())

    assert book.report["omitted"] == [
        {
            "id": bad.pk,
            "title": "Knekker boka",
            "error": "RecursionError: maximum recursion depth exceeded",
        }
    ]
    assert [case.submission_id for case in book.source.cases] == [good.pk]
    text = all_text(book.pdf)
    assert "Fungerer fint" in text
    assert "Knekker boka" not in text
    assert f"book_case_omitted submission={bad.pk} error=RecursionError" in caplog.text


def test_no_system_font_is_needed(call):
    """The stylesheet names only the shipped fonts (loaded through the fetcher)."""
    make_case(call)
    fetcher = render.make_fetcher()
    options = BookOptions()
    render.html_to_pdf(
        render.assemble(render.prepare_parts(options), options).html, fetcher=fetcher
    )
    fonts = sorted(Path(url).name for url in fetcher.requested if url.endswith(".ttf"))
    assert fonts == sorted(
        name for name in os.listdir(render.asset_root() / "fonts") if name.endswith(".ttf")
    )
    assert settings.STATICFILES_DIRS


def test_a_photo_without_alt_text_is_left_out_of_the_book(call):
    from book.render import _photo_url

    case = make_case(call)
    assert _photo_url(add_photo(case, alt="Sykler i verkstedet")) != ""
    assert _photo_url(add_photo(case, alt="  ")) == ""
