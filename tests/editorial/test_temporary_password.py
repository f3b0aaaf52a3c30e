"""A password someone else set (create_editor, an administrator) never enrols a second factor by
itself (editorial/account_setup.py): the editor first chooses their own password, then opens a
link e-mailed to the account's address in the same browser, and only then sets up the app."""

import datetime as dt
import importlib
import io
import re
from urllib.parse import urlparse

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from editorial.models import AccountSetup
from tests.editorial.test_second_factor import ADMIN, STEP, app_code
from tests.factories import EDITOR_PASSWORD, make_editor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

NEW_PASSWORD = "Kanel-snurr-2026"
EMAIL = "ny.redaktor@example.no"


@pytest.fixture(autouse=True)
def _second_factor_required(settings):
    settings.EDITOR_MFA = True
    settings.SIGN_IN_TEMPORARY_PASSWORD_DAYS = 7


@pytest.fixture
def now():
    with time_machine.travel(dt.datetime(2026, 12, 5, 10, 0, tzinfo=dt.UTC), tick=False) as t:
        yield t


@pytest.fixture
def new_editor(now):
    """An account as `create_editor` makes it, and the temporary password it printed."""
    out = io.StringIO()
    call_command("create_editor", EMAIL, group="Redaksjonen", stdout=out)
    password = re.search(r"Temporary password .*: (\S+)$", out.getvalue(), re.M).group(1)
    return get_user_model().objects.get(username=EMAIL), password


@pytest.fixture
def mails(client, django_capture_on_commit_callbacks, mailoutbox, monkeypatch):
    """The e-mails sent: each request of `client` runs its after-commit queue."""
    request = client.request

    def committing(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(**kwargs)

    monkeypatch.setattr(client, "request", committing)
    return mailoutbox


def sign_in(client, username, password):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": ADMIN},
    )
    assert response.status_code == 302, "the password was refused"
    return client.get(response["Location"], follow=True)


def choose_password(client, password=NEW_PASSWORD):
    return client.post(
        STEP, {"new_password1": password, "new_password2": password, "next": ADMIN}, follow=True
    )


def link_in(mail) -> str:
    return urlparse(re.search(r"https?://\S+/admin/to-trinn/lenke/\S+/", mail.body).group(0)).path


def test_a_temporary_password_alone_reaches_neither_the_app_nor_the_admin(client, new_editor):
    user, password = new_editor
    page = sign_in(client, user.username, password)

    html = page.content.decode()
    assert "Velg ditt eget passord" in html
    assert 'src="data:image/svg+xml' not in html
    assert TOTPDevice.objects.count() == 0
    # A code posted to the step is not taken as the set-up.
    client.post(STEP, {"code": "123456", "next": ADMIN})
    assert TOTPDevice.objects.count() == 0
    assert client.get(ADMIN).status_code == 302


def test_the_new_editor_chooses_a_password_opens_the_link_and_sets_up_the_app(
    client, new_editor, mails
):
    user, password = new_editor
    sign_in(client, user.username, password)

    page = choose_password(client)

    assert "Åpne lenken vi sendte deg" in page.content.decode()
    assert TOTPDevice.objects.count() == 0
    [mail] = mails
    assert mail.to == [EMAIL]
    # Opening the link puts its token in this browser's session and leads to the set-up.
    opened = client.get(link_in(mail), follow=True)
    assert opened.redirect_chain[-1][0].startswith(STEP)
    assert "Sett opp en autentiseringsapp" in opened.content.decode()
    device = TOTPDevice.objects.get(user=user)
    client.post(STEP, {"code": app_code(device), "next": ADMIN})
    assert client.get(ADMIN).status_code == 200
    assert AccountSetup.objects.filter(user=user).exists() is False
    # The temporary password is gone; the chosen one signs in (and asks for a code).
    client.logout()
    assert (
        client.post("/admin/login/", {"username": EMAIL, "password": password}).status_code == 200
    )
    assert "Kode fra autentiseringsappen" in sign_in(client, EMAIL, NEW_PASSWORD).content.decode()


def test_the_temporary_password_cannot_be_kept(client, new_editor):
    user, password = new_editor
    sign_in(client, user.username, password)

    same = choose_password(client, password)
    weak = choose_password(client, "12345678")

    assert "ikke det du fikk" in same.content.decode()
    assert 'aria-invalid="true"' in weak.content.decode()
    assert AccountSetup.objects.get(user=user).temporary_password_set_at is not None


def test_someone_who_saw_the_temporary_password_cannot_enrol_a_phone(client, new_editor, mails):
    user, password = new_editor
    sign_in(client, user.username, password)
    choose_password(client, "Angriperens-passord-1")

    # The link went to the editor's own address; without it the step never shows a key.
    [mail] = mails
    assert mail.to == [EMAIL]
    for _ in range(3):
        page = client.post(STEP, {"action": "send_link", "next": ADMIN})
        assert "Sett opp en autentiseringsapp" not in page.content.decode()
    client.get("/admin/to-trinn/lenke/not-a-token/")
    client.post(STEP, {"code": "123456", "next": ADMIN})
    assert TOTPDevice.objects.count() == 0
    assert client.get(ADMIN).status_code == 302
    # Asking again within minutes sends nothing more.
    assert len(mails) == 1


def test_a_link_works_for_its_own_editor_only_for_a_day_and_only_the_newest(
    client, new_editor, mails, now, django_user_model
):
    user, password = new_editor
    sign_in(client, user.username, password)
    choose_password(client)
    first = link_in(mails[0])

    # In another editor's browser, the link does nothing for them.
    other = make_editor("annen", password=EDITOR_PASSWORD)
    AccountSetup.objects.create(user=other)
    other_browser = Client()
    other_browser.post("/admin/login/", {"username": "annen", "password": EDITOR_PASSWORD})
    other_browser.get(first)
    assert "Sett opp en autentiseringsapp" not in other_browser.get(STEP).content.decode()

    now.shift(dt.timedelta(minutes=6))
    client.post(STEP, {"action": "send_link", "next": ADMIN})
    newest = link_in(mails[1])
    assert "Sett opp" not in client.get(first, follow=True).content.decode()
    now.shift(dt.timedelta(hours=25))
    assert "Sett opp" not in client.get(newest, follow=True).content.decode()


def test_the_link_opened_before_signing_in_waits_through_the_password(client, new_editor, mails):
    user, password = new_editor
    sign_in(client, user.username, password)
    choose_password(client)
    client.logout()

    redirected = client.get(link_in(mails[0]), follow=True)
    assert "/admin/login/" in redirected.redirect_chain[-1][0]
    page = sign_in(client, EMAIL, NEW_PASSWORD)
    assert "Sett opp en autentiseringsapp" in page.content.decode()


def test_an_old_temporary_password_stops_working(client, new_editor, now):
    user, password = new_editor
    now.shift(dt.timedelta(days=8))

    page = sign_in(client, user.username, password)

    assert "Det midlertidige passordet ditt har gått ut" in page.content.decode()
    assert "_auth_user_id" not in client.session


def test_without_the_second_factor_a_temporary_password_must_still_be_replaced(
    client, new_editor, settings
):
    settings.EDITOR_MFA = False
    user, password = new_editor
    page = sign_in(client, user.username, password)
    assert "Velg ditt eget passord" in page.content.decode()
    assert client.get(ADMIN).status_code == 302

    done = choose_password(client)

    assert done.redirect_chain[-1][0] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_a_password_an_administrator_sets_for_someone_else_is_temporary(
    client, settings, django_user_model
):
    settings.EDITOR_MFA = False
    boss = django_user_model.objects.create_superuser("sjef", "sjef@example.no", "pw")
    client.force_login(boss)
    editor = make_editor("redaktor-3")

    client.post(
        "/admin/auth/user/add/",
        {
            "username": "ny",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    client.post(
        f"/admin/auth/user/{editor.pk}/password/",
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    client.post(
        f"/admin/auth/user/{boss.pk}/password/",
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    marked = set(AccountSetup.objects.values_list("user__username", flat=True))
    assert marked == {"ny", "redaktor-3"}


def test_accounts_from_before_keep_working_and_unused_temporary_ones_are_marked(
    django_user_model, editor
):
    unused = make_editor("gammel@example.no")
    unused.email = "gammel@example.no"
    unused.save()
    used = make_editor("brukt@example.no")
    django_user_model.objects.filter(pk=used.pk).update(
        email="brukt@example.no", last_login=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    make_editor("redaktor-demo")
    migration = importlib.import_module("editorial.migrations.0008_account_setup")

    migration.mark_unused_temporary_passwords(apps, None)

    # Not the demo's editor, nor one who has signed in, nor a superuser.
    assert list(AccountSetup.objects.values_list("user", flat=True)) == [unused.pk]
