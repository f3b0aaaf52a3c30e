"""The demo data fills the public pages."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from submissions.models import Submission, Theme

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_the_themes_once_and_publishes_themed_cases(client):
    call_command("seed_demo")
    call_command("seed_demo")
    assert Theme.objects.count() == 7
    assert all(theme.name_nn and theme.name_en for theme in Theme.objects.all())
    published = Submission.objects.published()
    assert published.count() == 5
    assert published.filter(main_theme=None).count() == 0
    html = client.get("/en/eksempler/").content.decode()
    assert html.count('class="h5 card-title"') == 5
    assert "Dropout from upper secondary school (1)" in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_seed_demo_on_a_production_database_queues_and_sends_nothing(tasks_in_database):
    """As `make run` and the CI smoke test run it: every save commits at once, so the work
    queued after a commit (a book rebuild, e-mails) runs inside the command."""
    call_command("seed_demo", verbosity=0)

    assert Submission.objects.published().count() == 5
    assert DBTaskResult.objects.count() == 0
    assert mail.outbox == []


def test_seed_demo_refuses_a_production_site(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="refuses to run with DJANGO_ENV=production"):
        call_command("seed_demo", verbosity=0)
    assert Submission.objects.count() == 0
    call_command("seed_demo", "--allow-production", verbosity=0)
    assert Submission.objects.count() == 12
