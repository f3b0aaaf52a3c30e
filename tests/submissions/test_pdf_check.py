"""The PDF check on its own (submissions/pdf_check.py), with PDFs built by pypdf."""

import pytest

from submissions import pdf_check
from tests.pdf import ACTIVE_KINDS, active_pdf, plain_pdf


def test_a_plain_pdf_with_a_web_link_passes():
    assert pdf_check.active_content(plain_pdf()) is None


@pytest.mark.parametrize("kind", ACTIVE_KINDS)
def test_each_kind_of_active_content_is_found(kind):
    assert pdf_check.active_content(active_pdf(kind))


def test_a_pdf_with_a_password_cannot_be_checked():
    with pytest.raises(pdf_check.Encrypted):
        pdf_check.active_content(active_pdf("encrypted"))


@pytest.mark.parametrize("data", [b"%PDF-1.4\n", b"%PDF-1.7\n" + bytes(range(256)) * 40])
def test_a_broken_pdf_is_unreadable(data):
    with pytest.raises(pdf_check.Unreadable):
        pdf_check.active_content(data)


def test_the_walk_stops_at_its_bound(monkeypatch):
    from pypdf import PdfWriter

    from tests.pdf import _written

    writer = PdfWriter()
    for _page in range(30):
        writer.add_blank_page(width=100, height=100)
    monkeypatch.setattr(pdf_check, "MAX_OBJECTS", 20)
    with pytest.raises(pdf_check.Unreadable):
        pdf_check.active_content(_written(writer))
