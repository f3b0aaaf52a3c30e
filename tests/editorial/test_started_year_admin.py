"""The review list shows the year each collaboration started and filters by it: the years
the cases have, newest first, and "not given"; anything else in the address lists every case."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from submissions.models import Submission
from tests.factories import make_submission

pytestmark = pytest.mark.django_db

LIST = "/admin/submissions/submission/"


@pytest.fixture
def cases(call):
    for title, year in (("Kafé", 2019), ("Hage", 2023), ("Verksted", None), ("Bakeri", 2019)):
        case = make_submission(call, title=title, submitter_email=f"{title.lower()}@example.no")
        Submission.objects.filter(pk=case.pk).update(started_year=year)


def _titles(response) -> set[str]:
    return {case.title for case in response.context["cl"].result_list}


def test_the_filter_offers_the_cases_years_newest_first_and_not_given(editor_client, cases):
    response = editor_client.get(LIST, HTTP_ACCEPT_LANGUAGE="nb")
    [spec] = [
        s
        for s in response.context["cl"].filter_specs
        if getattr(s, "parameter_name", "") == "started"
    ]
    assert [label for _value, label in spec.lookup_choices] == ["2023", "2019", "ikke oppgitt"]
    page = response.content.decode()
    assert "Etter året samarbeidet startet" in page
    assert ">2019</td>" in page  # the column


@pytest.mark.parametrize(
    ("value", "titles"),
    [
        ("2019", {"Kafé", "Bakeri"}),
        ("2023", {"Hage"}),
        ("none", {"Verksted"}),
        ("1999", set()),
    ],
)
def test_the_filter_lists_the_cases_of_a_year(editor_client, cases, value, titles):
    assert _titles(editor_client.get(LIST, {"started": value})) == titles


@pytest.mark.parametrize("value", ["99999999999999999999999", "abc", "<script>", "٢٠١٩", "-1"])
def test_hostile_values_list_every_case(editor_client, cases, value):
    response = editor_client.get(LIST, {"started": value})
    assert response.status_code == 200
    assert _titles(response) == {"Kafé", "Hage", "Verksted", "Bakeri"}


def test_the_column_sorts_by_year(editor_client, cases):
    response = editor_client.get(
        LIST, {"o": "5"}
    )  # the column after the check box, title, state, theme, counties
    years = [case.started_year for case in response.context["cl"].result_list]
    assert [year for year in years if year] == [2019, 2019, 2023]


def test_the_list_with_the_column_and_filter_runs_as_many_queries_for_more_cases(
    editor_client, call, cases, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as four:
        editor_client.get(LIST, {"started": "2019"})
    for year in (2001, 2002, 2003, 2004):
        case = make_submission(call, title=f"Nr {year}", submitter_email=f"{year}@example.no")
        Submission.objects.filter(pk=case.pk).update(started_year=year)
    with django_assert_max_num_queries(len(four.captured_queries)):
        editor_client.get(LIST, {"started": "2019"})
