"""The demo data fills the public pages."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.core.validators import validate_email
from django.test import Client
from django_tasks_db.models import DBTaskResult

from submissions import links
from submissions.models import Person, Submission, Theme
from tests.submissions.browser import form_as_shown

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
    assert html.count('class="kb-case-title"') == 5
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


def test_seed_demo_uses_only_addresses_the_forms_accept():
    call_command("seed_demo", verbosity=0)
    addresses = [*Submission.objects.values_list("submitter_email", flat=True)]
    addresses += Person.objects.values_list("email", flat=True)
    assert len(addresses) == 12 + 12 * 2
    for address in addresses:
        validate_email(address)
        assert address.isascii(), address


def test_every_editable_demo_case_saves_through_its_forms_unchanged():
    """The submitter's pitch and write-up pages, posted back as shown, save without an error
    and change nothing."""
    call_command("seed_demo", verbosity=0)
    editable = [case for case in Submission.objects.all() if case.can_edit()]
    assert len(editable) == 3  # pitch received, write-up submitted, changes requested
    for case in editable:
        browser = Client()
        browser.post(f"/send-inn/lenke/{links.issue_token(case)}/")
        before = snapshot(case)
        for page, extra in (("pitch/", {}), ("tekst/", {"action": ["draft"]})):
            url = f"/en/send-inn/bidrag/{case.public_id}/{page}"
            response = browser.post(
                url, {**form_as_shown(browser.get(url).content.decode()), **extra}
            )
            assert response.status_code == 302, (
                case.title,
                page,
                response.context["group"].error_summary(),
            )
        assert snapshot(case) == before, case.title


def snapshot(case) -> dict:
    """What the submitter's forms can change, and who has agreed to what."""
    case = Submission.objects.get(pk=case.pk)
    return {
        "text": case.text_snapshot(),
        "pitch": [
            getattr(case, name)
            for name in (
                "collaboration_form",
                "collaboration_form_other",
                "submitter_name",
                "submitter_email",
                "link",
                "photo_alt",
            )
        ],
        "municipalities": list(case.municipalities.values_list("pk", flat=True)),
        "enterprises": list(case.enterprises.values_list("pk", "name", "org_number", "website")),
        "people": [
            (
                p.pk,
                p.side,
                p.name,
                p.role,
                p.email,
                p.phone,
                p.is_submitter,
                p.participation,
                p.current_consents(),
            )
            for p in case.people.prefetch_related("consents").order_by("pk")
        ],
        "state": case.state,
    }
