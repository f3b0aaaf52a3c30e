"""manage.py build_cookbook."""

import pytest
from django.core.management import CommandError, call_command

from book import builds
from submissions.workflow import State
from tests.factories import make_case, make_edition, make_theme
from tests.pdf import all_text, page_texts


def test_output_file_of_one_theme_as_a_draft(call, tmp_path):
    work = make_theme(slug="arbeid", name="Arbeid")
    make_case(call, title="Om arbeid", main_theme=work)
    make_case(call, title="Godkjent om arbeid", main_theme=work, state=State.APPROVED)
    make_case(call, title="Om noe annet")
    output = tmp_path / "bok.pdf"

    call_command("build_cookbook", output=output, theme="arbeid", draft=True)

    text = all_text(output.read_bytes())
    assert ("Om arbeid" in text, "Godkjent om arbeid" in text, "Om noe annet" in text) == (
        True,
        True,
        False,
    )
    assert all("UTKAST" in page for page in page_texts(output.read_bytes()))
    assert [p.name for p in tmp_path.iterdir()] == ["bok.pdf"]


def test_unknown_theme_and_missing_edition_are_errors(db, tmp_path):
    with pytest.raises(CommandError, match="No theme"):
        call_command("build_cookbook", output=tmp_path / "x.pdf", theme="finnes-ikke")
    with pytest.raises(CommandError, match="no edition"):
        call_command("build_cookbook")


def test_without_output_it_brings_the_current_edition_up_to_date(call, capsys):
    make_case(call, title="Publisert")
    edition = make_edition()

    call_command("build_cookbook")
    call_command("build_cookbook")

    out = capsys.readouterr().out
    assert "Built edition 1" in out
    assert "Edition 1 is up to date." in out
    edition.refresh_from_db()
    assert builds.pdf_path(edition.pdf_file).exists()
