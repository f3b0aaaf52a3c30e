"""One pitch per pitch page: the page's one-time form key makes a double click, a reloaded POST
or a second tab answer with the same confirmation and create nothing more."""

import re
from unittest import mock

import pytest
from django.core import mail

from submissions import services
from submissions.models import Submission
from tests.factories import pitch_post_data

pytestmark = pytest.mark.django_db

PITCH_URL = "/send-inn/"


def form_key_from(client) -> str:
    html = client.get(PITCH_URL).content.decode()
    return re.search(r'<input type="hidden" name="form_key" value="([\w-]+)"', html).group(1)


def test_each_load_of_the_page_issues_its_own_key(client, call, clock):
    assert form_key_from(client) != form_key_from(client)


def test_the_same_page_posted_twice_makes_one_pitch_and_one_email(
    client, call, clock, django_capture_on_commit_callbacks
):
    data = pitch_post_data(form_key=form_key_from(client))
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(PITCH_URL, data)
        second = client.post(PITCH_URL, data)
    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] == second["Location"] == "/send-inn/takk/"
    assert Submission.objects.count() == 1
    assert len(mail.outbox) == 1
    # The second answer is the first pitch's confirmation, with its address.
    assert "kari@example.no" in client.get(second["Location"]).content.decode()


def test_a_reloaded_post_after_the_deadline_still_gets_its_confirmation(
    client, call, clock, django_capture_on_commit_callbacks
):
    data = pitch_post_data(form_key=form_key_from(client))
    client.post(PITCH_URL, data)
    clock.move_to(call.pitch_deadline + (call.writeup_deadline - call.pitch_deadline) / 2)
    response = client.post(PITCH_URL, data)
    assert response.status_code == 302
    assert Submission.objects.count() == 1


def test_two_pages_make_two_pitches(client, call, clock):
    client.post(PITCH_URL, pitch_post_data(form_key=form_key_from(client)))
    client.post(PITCH_URL, pitch_post_data(form_key=form_key_from(client), title="Den andre"))
    assert Submission.objects.count() == 2


@pytest.mark.parametrize("key", ["", "not-a-key", "<script>alert(1)</script>", "0" * 64])
def test_a_key_that_is_not_ours_only_loses_the_protection(client, call, clock, key):
    response = client.post(PITCH_URL, pitch_post_data(form_key=key))
    assert response.status_code == 302
    assert Submission.objects.get().form_key is None


def test_the_service_refuses_a_second_pitch_with_the_same_key(call, clock):
    key = "6f1c1d5e-4f8a-4a47-9a53-2b0a3c1e9d11"
    first = _create(call, key)
    with pytest.raises(services.PitchAlreadySent) as refused:
        _create(call, key)
    assert refused.value.submission == first
    assert Submission.objects.count() == 1


def test_a_race_past_the_first_look_is_settled_by_the_unique_key(call, clock):
    """The second request looked before the first committed: the database refuses its row."""
    key = "6f1c1d5e-4f8a-4a47-9a53-2b0a3c1e9d12"
    first = _create(call, key)
    looks = iter([None, first])
    with (
        mock.patch.object(services, "sent_pitch", side_effect=lambda _key: next(looks)),
        pytest.raises(services.PitchAlreadySent) as refused,
    ):
        _create(call, key)
    assert refused.value.submission == first
    assert Submission.objects.count() == 1


def _create(call, key):
    return services.create_pitch(
        call,
        fields={"title": "Kafé", "submitter_name": "Kari", "submitter_email": "kari@example.no"},
        municipalities=[],
        enterprises=[{"name": "Grønn Start AS"}],
        contacts={},
        submitter_consents=None,
        language="nb",
        form_key=key,
    )
