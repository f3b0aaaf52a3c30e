"""With EDITOR_MFA on (production), editors need a code from an authenticator app after their
password: for the admin, for previews of unpublished cases, and for the book's previews."""

import logging
import re
from base64 import b32decode

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from submissions.workflow import State
from tests.factories import EDITOR_PASSWORD, make_case

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"
STEP = "/admin/to-trinn/"


@pytest.fixture(autouse=True)
def _second_factor_required(settings):
    settings.EDITOR_MFA = True


def sign_in_with_password(client, editor, next_url=ADMIN):
    response = client.post(
        f"/admin/login/?next={next_url}",
        {"username": editor.username, "password": EDITOR_PASSWORD, "next": next_url},
    )
    assert response.status_code == 302
    return client.get(response["Location"], follow=True)


def app_code(device, *, steps_ahead=0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + steps_ahead * device.step
    return f"{totp.token():06d}"


def set_up_app(client, editor) -> list[str]:
    """Sign in with the password, set up the app; returns the backup codes shown."""
    sign_in_with_password(client, editor)
    device = TOTPDevice.objects.get(user=editor)
    page = client.post(STEP, {"code": app_code(device), "next": ADMIN})
    assert page.status_code == 200
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page.content.decode())


def test_the_password_alone_leads_to_setting_up_the_app(client, editor):
    page = sign_in_with_password(client, editor)

    assert page.redirect_chain[-1][0] == f"{STEP}?next=%2Fadmin%2F"
    html = page.content.decode()
    assert "Sett opp en autentiseringsapp" in html
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    # The QR code is an image the CSP allows, and the same key is written out for typing.
    assert 'src="data:image/svg+xml' in html
    written = re.search(r'<code id="secret">([A-Z2-7 ]+)</code>', html).group(1)
    assert b32decode(written.replace(" ", "")) == device.bin_key
    # Nothing of the admin yet.
    assert client.get(ADMIN).status_code == 302
    assert client.get("/admin/submissions/submission/").status_code == 302


def test_a_reload_while_setting_up_keeps_the_same_key(client, editor):
    sign_in_with_password(client, editor)
    client.get(STEP)
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_a_wrong_code_is_explained_next_to_the_field_and_kept(client, editor):
    sign_in_with_password(client, editor)
    device = TOTPDevice.objects.get(user=editor)
    wrong = app_code(device, steps_ahead=10)

    page = client.post(STEP, {"code": wrong, "next": ADMIN})

    html = page.content.decode()
    assert page.status_code == 200
    assert "Koden stemmer ikke." in html
    assert 'aria-describedby="code-error"' in html
    assert f'value="{wrong}"' in html
    device.refresh_from_db()
    assert device.confirmed is False
    assert client.get(ADMIN).status_code == 302


def test_the_right_code_confirms_the_app_shows_backup_codes_and_opens_the_admin(client, editor):
    codes = set_up_app(client, editor)

    assert len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=editor).confirmed is True
    assert client.get(ADMIN).status_code == 200
    # Once verified, the step sends the editor on.
    assert client.get(f"{STEP}?next=/admin/submissions/")["Location"] == "/admin/submissions/"


def test_the_next_sign_in_asks_for_a_code_and_refuses_a_used_one(client, editor):
    set_up_app(client, editor)
    device = TOTPDevice.objects.get(user=editor)
    used = app_code(device)
    client.logout()

    page = sign_in_with_password(client, editor)
    assert "Kode fra autentiseringsappen" in page.content.decode()
    assert client.post(STEP, {"code": used, "next": ADMIN}).status_code == 200  # a replay
    assert client.get(ADMIN).status_code == 302

    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(STEP, {"code": app_code(device, steps_ahead=1), "next": ADMIN})
    assert response["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_a_backup_code_signs_in_once(client, editor):
    codes = set_up_app(client, editor)
    client.logout()
    sign_in_with_password(client, editor)

    response = client.post(STEP, {"code": codes[0].upper(), "next": ADMIN})
    assert response["Location"] == ADMIN
    assert StaticToken.objects.filter(token=codes[0]).exists() is False

    client.logout()
    sign_in_with_password(client, editor)
    again = client.post(STEP, {"code": codes[0], "next": ADMIN})
    assert again.status_code == 200
    assert client.get(ADMIN).status_code == 302


def test_wrong_codes_in_a_row_make_the_editor_wait(client, editor, caplog):
    set_up_app(client, editor)
    device = TOTPDevice.objects.get(user=editor)
    client.logout()
    sign_in_with_password(client, editor)
    caplog.set_level(logging.INFO, logger="kokebok.editorial")

    client.post(STEP, {"code": "000000", "next": ADMIN})
    right_code = app_code(device, steps_ahead=1)
    page = client.post(STEP, {"code": right_code, "next": ADMIN})

    assert "For mange feil koder. Prøv igjen etter" in page.content.decode()
    assert client.get(ADMIN).status_code == 302
    # The log says who failed, never the code.
    assert f"second_factor_failed user={editor.pk} kind=TOTPDevice" in caplog.messages
    assert "000000" not in caplog.text
    assert right_code not in caplog.text


def test_wrong_backup_codes_in_a_row_make_the_editor_wait_too(client, editor):
    codes = set_up_app(client, editor)
    client.logout()
    sign_in_with_password(client, editor)

    with time_machine.travel(timezone.now(), tick=False):
        client.post(STEP, {"code": "aaaaaaaa", "next": ADMIN})
        page = client.post(STEP, {"code": codes[0], "next": ADMIN})

    assert "For mange feil koder. Prøv igjen etter" in page.content.decode()
    assert client.get(ADMIN).status_code == 302
    assert StaticToken.objects.filter(token=codes[0]).exists()


def test_the_step_only_sends_on_to_our_own_addresses(client, editor):
    set_up_app(client, editor)
    assert client.get(f"{STEP}?next=https://evil.example/")["Location"] == ADMIN


def test_the_step_is_for_editors_who_gave_their_password(client, django_user_model):
    assert client.get(STEP)["Location"].startswith("/admin/login/")
    outsider = django_user_model.objects.create_user("ansatt", password="pw", is_staff=True)
    client.force_login(outsider)
    assert client.get(STEP)["Location"].startswith("/admin/login/")
    assert TOTPDevice.objects.count() == 0


def test_an_editor_can_log_out_from_the_step(client, editor):
    sign_in_with_password(client, editor)
    response = client.post(STEP, {"action": "logout"})
    assert response["Location"] == reverse("admin:login")
    assert "_auth_user_id" not in client.session


def test_previews_of_unpublished_cases_need_the_second_factor(client, editor, call):
    case = make_case(call, state=State.APPROVED, title="Ikke publisert ennå")
    preview = reverse("publishing:case_preview", args=[case.public_id])
    book_preview = reverse("admin:book_preview_case", args=[case.pk])
    sign_in_with_password(client, editor)

    assert client.get(preview).status_code == 404
    assert client.get(book_preview).status_code == 302

    device = TOTPDevice.objects.get(user=editor)
    client.post(STEP, {"code": app_code(device), "next": ADMIN})
    assert "Ikke publisert ennå" in client.get(preview).content.decode()


def test_without_the_setting_the_password_is_enough(client, editor, settings):
    settings.EDITOR_MFA = False
    page = sign_in_with_password(client, editor)
    assert (page.request["PATH_INFO"], page.redirect_chain, page.status_code) == (ADMIN, [], 200)
    assert TOTPDevice.objects.count() == 0


def test_reset_removes_the_app_and_the_backup_codes(client, editor):
    set_up_app(client, editor)
    call_command("reset_second_factor", editor.username, verbosity=0)
    assert TOTPDevice.objects.filter(user=editor).count() == 0
    assert StaticToken.objects.count() == 0
    client.logout()
    page = sign_in_with_password(client, editor)
    # The new app, like a new account's, needs the link e-mailed to the account.
    assert "Åpne lenken vi sendte deg" in page.content.decode()
    assert TOTPDevice.objects.filter(user=editor).count() == 0
