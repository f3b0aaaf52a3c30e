import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from submissions.models import Call, County, Municipality, SocialEnterprise, Submission
from tests.factories import PITCH_DEADLINE, WRITEUP_DEADLINE, make_call, make_submission

pytestmark = pytest.mark.django_db


def test_reference_data_has_every_municipality_and_county_of_2024():
    assert Municipality.objects.count() == 357
    assert County.objects.count() == 15
    assert str(Municipality.objects.get(number="1515")) == "Herøy (Møre og Romsdal)"
    assert str(Municipality.objects.get(number="1818")) == "Herøy (Nordland - Nordlánnda)"


def test_new_call_gets_the_six_guiding_questions_of_the_original_call(call):
    assert [q.text for q in call.questions.all()] == [
        "Hva var ideen, behovet eller problemet?",
        "Hva skjedde?",
        "Hva var suksesskriteriene, og hva bidro kommunen med?",
        "Hvilke barrierer møtte dere?",
        "Hva gjorde kommunen som hjalp mest?",
        "Hva er den viktigste lærdommen for andre?",
    ]


def test_call_deadlines_are_inclusive_to_the_minute(call):
    minute = dt.timedelta(minutes=1)
    assert call.pitch_is_open(PITCH_DEADLINE) is True
    assert call.pitch_is_open(PITCH_DEADLINE + minute) is False
    assert call.writeup_is_open(WRITEUP_DEADLINE) is True
    assert call.writeup_is_open(WRITEUP_DEADLINE + minute) is False


# A deadline shown as 23:59 in Oslo: its minute counts to the last microsecond, the next does not.
INTO_THE_DEADLINES_MINUTE = [
    (dt.timedelta(seconds=-1), True),
    (dt.timedelta(0), True),
    (dt.timedelta(seconds=30), True),
    (dt.timedelta(seconds=59, microseconds=999_999), True),
    (dt.timedelta(minutes=1), False),
]


@pytest.mark.parametrize(("after", "is_open"), INTO_THE_DEADLINES_MINUTE)
def test_every_deadline_accepts_work_until_the_end_of_its_minute_in_oslo(
    call, clock, after, is_open
):
    assert PITCH_DEADLINE.strftime("%H:%M %Z") == "23:59 CEST"
    assert call.pitch_is_open(PITCH_DEADLINE + after) is is_open
    assert (call in Call.objects.accepting_pitches(PITCH_DEADLINE + after)) is is_open
    assert call.writeup_is_open(WRITEUP_DEADLINE + after) is is_open
    submission = make_submission(call)
    assert submission.can_edit(WRITEUP_DEADLINE + after) is is_open
    submission.writeup_extended_until = WRITEUP_DEADLINE + dt.timedelta(days=2, seconds=45)
    extended = WRITEUP_DEADLINE + dt.timedelta(days=2)
    assert submission.can_edit(extended + after) is is_open


def test_deadline_is_stored_as_oslo_wall_clock_time(call):
    # 23:59 in Oslo in September is 21:59 UTC (summer time).
    assert call.pitch_deadline.astimezone(dt.UTC).hour == 21


def test_call_rejects_a_writeup_deadline_before_the_pitch_deadline():
    call = Call(
        title="x",
        slug="x",
        pitch_deadline=WRITEUP_DEADLINE,
        writeup_deadline=PITCH_DEADLINE,
    )
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert "writeup_deadline" in error.value.message_dict


def test_accepting_pitches_lists_only_open_calls_soonest_first():
    later = make_call(
        slug="later",
        pitch_deadline=PITCH_DEADLINE + dt.timedelta(days=30),
        writeup_deadline=WRITEUP_DEADLINE + dt.timedelta(days=30),
    )
    sooner = make_call(slug="sooner")
    assert list(Call.objects.accepting_pitches(PITCH_DEADLINE)) == [sooner, later]
    assert list(Call.objects.accepting_pitches(PITCH_DEADLINE + dt.timedelta(minutes=1))) == [later]


def test_localized_call_title_falls_back_to_bokmal(call, settings):
    from django.utils import translation

    call.title_en = "Paths to new collaborations"
    with translation.override("en"):
        assert call.display_title == "Paths to new collaborations"
    with translation.override("nn"):
        assert call.display_title == "Veier til nye samarbeid"


def test_orgnr_is_validated_with_its_check_digit():
    enterprise = SocialEnterprise(name="x", org_number="974760674")
    with pytest.raises(ValidationError):
        enterprise.full_clean(exclude=["submission"])


def test_collaboration_form_other_shows_its_description(call, clock):
    submission = make_submission(
        call, collaboration_form="other", collaboration_form_other="Nabolagsdugnad"
    )
    assert submission.collaboration_form_display == "Nabolagsdugnad"
    assert Submission.objects.for_email(" SUB@example.no").get() == submission


def test_municipality_choices_follow_norwegian_alphabetical_order():
    from submissions.forms import grouped_municipality_choices

    groups = grouped_municipality_choices()
    assert [county for county, _ in groups][:2] == ["Agder", "Akershus"]
    assert groups[-1][0] == "Østfold"
    more_og_romsdal = dict(groups)["Møre og Romsdal"]
    assert [name for _, name in more_og_romsdal][-2:] == ["Ørsta", "Ålesund"]
