"""In a real browser: a new editor's first sign-in with the temporary password from
`create_editor` (their own password, the e-mailed link, the app), and the lockout page after too
many wrong passwords (editorial/account_setup.py, editorial/lockout.py)."""

import io
import re
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EMAIL = "ny.redaktor@example.no"
OWN_PASSWORD = "Kanel-snurr-2026"


def new_editor() -> str:
    out = io.StringIO()
    call_command("create_editor", EMAIL, group="Redaksjonen", stdout=out)
    return re.search(r"Temporary password .*: (\S+)$", out.getvalue(), re.M).group(1)


def type_password(page, username, password):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_new_editor_signs_in_for_the_first_time(page, settings, mailoutbox):
    settings.EDITOR_MFA = True
    type_password(page, EMAIL, new_editor())

    page.get_by_role("heading", name="Velg ditt eget passord").wait_for()
    page.fill("#id_new_password1", OWN_PASSWORD)
    page.fill("#id_new_password2", OWN_PASSWORD)
    page.get_by_role("button", name="Lagre passordet og gå videre").click()

    page.get_by_role("heading", name="Åpne lenken vi sendte deg").wait_for()
    assert EMAIL in page.locator("[role=status]").inner_text()
    [mail] = mailoutbox
    link = re.search(r"https?://\S+/admin/to-trinn/lenke/\S+/", mail.body).group(0)
    page.goto(urlparse(link).path)

    page.get_by_role("heading", name="Sett opp en autentiseringsapp").wait_for()
    device = TOTPDevice.objects.get(user__username=EMAIL)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Kode").fill(f"{totp.token():06d}")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Jeg har tatt vare på kodene: gå videre").click()
    page.wait_for_url("**/admin/")


def test_too_many_wrong_passwords_show_when_to_try_again(page, editor):
    for n in range(5):
        type_password(page, editor.username, f"feil-{n}")
    page.get_by_role("heading", name="For mange mislykkede innlogginger").wait_for()
    assert "Prøv igjen etter" in page.content()
    page.get_by_role("link", name="Tilbake til innlogging").click()
    page.wait_for_url("**/admin/login/")
