"""The editors' start page (/admin/, editorial/dashboard.py): what waits for the editor, the
call's figures, each linking to the list behind it, in a fixed number of queries."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from editorial import dashboard as dash
from participation.models import Moderation, Tool
from submissions.models import EditApproval, Municipality, Submission
from submissions.workflow import State
from tests.factories import (
    OSLO,
    make_call,
    make_case,
    make_edition,
    make_editor,
    make_input,
    make_submission,
    make_theme,
)

pytestmark = pytest.mark.django_db

QUERIES = 12  # one per figure: see editorial/dashboard.py


@pytest.fixture(autouse=True)
def _english():
    """The figures' labels in the source language (the page's language is tested below)."""
    with translation.override("en"):
        yield


def listed_count(client, url: str) -> int:
    """How many rows the admin change list at `url` shows (its filters applied)."""
    response = client.get(url)
    assert response.status_code == 200, url
    # An unknown filter parameter makes the admin redirect with ?e=1 instead of filtering.
    assert "e=1" not in response.get("Location", ""), url
    return response.context["cl"].result_count


def assign(submission, editor):
    Submission.objects.filter(pk=submission.pk).update(assigned_editor=editor)


@pytest.fixture
def busy_call(editor):
    """A call with cases in several states, counties and themes, input and tools to moderate."""
    call = make_call()
    work = make_theme(slug="arbeid", name="Arbeid", position=1)
    make_case(call, state=State.PUBLISHED, main_theme=work, municipalities=("0301",))
    mine = make_case(call, state=State.IN_REVIEW, title="Min sak", municipalities=("1103",))
    assign(mine, editor)
    theirs = make_case(call, state=State.IN_REVIEW, title="Andres sak", main_theme=work)
    assign(theirs, make_editor("annen"))
    make_submission(call, title="Bare en pitch", submitter_email="pitch@example.no")
    make_case(call, state=State.WRITEUP_SUBMITTED, title="Ingen har tatt den")
    taken = make_case(call, state=State.WRITEUP_SUBMITTED, title="Tatt", municipalities=())
    assign(taken, editor)
    make_input("Ola")
    make_input("Kari", status=Moderation.APPROVED)
    Tool.objects.create(title="Veileder", description="Om", link="https://example.no")
    return {"call": call, "mine": mine, "theirs": theirs, "work": work}


def test_the_dashboard_runs_a_fixed_number_of_queries(editor, busy_call, django_assert_num_queries):
    with django_assert_num_queries(QUERIES):
        dash.dashboard(editor)
    for i in range(5):
        make_case(busy_call["call"], state=State.APPROVED, municipalities=("4601", "0301"))
        make_edition(number=i + 1)
    with django_assert_num_queries(QUERIES):
        dash.dashboard(editor)


def test_what_waits_for_me_is_mine_only(editor, busy_call):
    approval = EditApproval.objects.create(
        submission=busy_call["mine"],
        requested_by=editor,
        requested_at=timezone.now() - dt.timedelta(days=4, hours=1),
        original={},
        edited={},
    )
    EditApproval.objects.create(  # someone else's case and request
        submission=busy_call["theirs"], requested_by=make_editor("annen"), original={}, edited={}
    )
    d = dash.dashboard(editor)
    assert [w.submission for w in d.in_review] == [busy_call["mine"]]
    assert [(w.submission, w.days) for w in d.approvals] == [(approval.submission, 4)]
    assert [(str(f.label), f.count) for f in d.to_moderate] == [
        ("Input from readers", 1),
        ("Tool suggestions", 1),
    ]


def test_every_figure_links_to_a_list_showing_that_many(editor_client, editor, busy_call):
    d = dash.dashboard(editor)
    figures = [*d.states, *d.counties, *d.themes, *d.to_moderate, d.unassigned]
    assert {f.label: f.count for f in d.states}[State.IN_REVIEW.label] == 2
    assert {f.label: f.count for f in d.counties} == {"Oslo": 4, "Rogaland": 1}
    assert {str(f.label): f.count for f in d.themes} == {"Arbeid": 2, "No main theme yet": 4}
    for figure in figures:
        assert listed_count(editor_client, figure.url) == figure.count, figure.label
    assert listed_count(editor_client, d.in_review_url) == 1
    assert d.unassigned.count == 1  # the other write-up is taken


def test_pitches_and_writeups_per_day_in_oslo_link_to_that_day(editor_client, editor, busy_call):
    call = busy_call["call"]
    # 23:30 in Oslo on 2 September is 21:30 UTC: it counts on the 2nd, as an editor sees it.
    late = dt.datetime(2026, 9, 2, 23, 30, tzinfo=OSLO)
    pitch = make_submission(call, title="Sen pitch", submitter_email="sen@example.no")
    Submission.objects.filter(pk=pitch.pk).update(pitch_submitted_at=late)
    days = {day.date: day for day in dash.dashboard(editor).days}
    first, second = days[dt.date(2026, 9, 1)], days[dt.date(2026, 9, 2)]
    assert (first.pitches, first.writeups) == (6, 5)
    assert (second.pitches, second.writeups) == (1, 0)
    assert max(days) == dt.date(2026, 9, 21)  # the write-up deadline
    assert listed_count(editor_client, first.pitches_url) == 6
    assert listed_count(editor_client, first.writeups_url) == 5
    assert listed_count(editor_client, second.pitches_url) == 1


def test_editions_are_listed_with_their_state_in_words(editor):
    make_edition(number=1)
    make_edition(number=2, published_at=None)
    states = [str(state) for _edition, state, _url in dash.dashboard(editor).editions]
    assert states == ["Not built yet", "Published"]


def test_the_start_page_shows_the_dashboard_and_the_app_list(editor_client, busy_call):
    response = editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="nb")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Min sak" in html
    assert "Andres sak" not in html
    assert '<svg viewBox="0 0 640 220" role="group" aria-labelledby="kb-chart-title">' in html
    assert "pitch_submitted_at__date=2026-09-01" in html  # the bars and the table link a day
    assert 'href="/admin/submissions/submission/"' in html  # the app list stays below
    # Coordinates are never written with a decimal comma, whatever the language.
    assert not any(part.count(",") for part in html.split('x="')[1:2])


def test_counties_count_each_case_once_however_many_municipalities(editor, busy_call):
    case = busy_call["mine"]
    case.municipalities.add(*Municipality.objects.filter(number__in=["1106", "1108"]))
    d = dash.dashboard(editor)
    assert {f.label: f.count for f in d.counties}["Rogaland"] == 1


def test_the_chart_draws_each_day_and_both_deadlines(editor, busy_call):
    d = dash.dashboard(editor)
    chart = d.chart
    assert len(chart.bars) == 2 * len(d.days)
    tallest = max(chart.bars, key=lambda bar: bar.height)
    assert tallest.count == chart.max_count == 6  # six pitches on 1 September
    assert tallest.y == chart.top  # the tallest bar reaches the top of the plot
    assert [str(mark.label) for mark in chart.deadlines] == ["Pitch deadline", "Write-up deadline"]
    pitch_line, writeup_line = (mark.x for mark in chart.deadlines)
    assert chart.left < pitch_line < writeup_line <= chart.width
    assert all(bar.height == 0 for bar in chart.bars if bar.count == 0)


def test_an_empty_site_has_a_start_page_too(editor_client):
    response = editor_client.get("/admin/")
    assert response.status_code == 200
    assert response.context["dashboard"].chart is None
