"""The editors' second factor: a time-based code from an authenticator app (TOTP, RFC 6238),
with single-use backup codes for a lost phone. Built on django-otp, whose devices throttle
wrong guesses (each failure doubles the wait) and refuse a code that was already used.

An editor without an app sets one up at their first sign-in after the password (`pending_app`,
`confirm_app`); after that every sign-in asks for a code (`verify`). `reset` removes both, for
an editor who lost their phone: they set up a new app at their next sign-in. When the password
alone must not enrol an app (a temporary password, a reset), editorial.account_setup says when
the editor may.
"""

import logging
from base64 import b32encode

import django_otp
import segno
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from editorial import account_setup

logger = logging.getLogger("kokebok.editorial")

BACKUP_CODE_COUNT = 10
APP_CODE_LENGTH = 6


class SetUpNotAllowed(Exception):
    """This session may not enrol an app yet (editorial.account_setup)."""


class TooManyAttempts(Exception):
    """Too many wrong codes in a row: no code is checked until `locked_until`."""

    def __init__(self, locked_until):
        super().__init__(f"locked until {locked_until.isoformat()}")
        self.locked_until = locked_until


def confirmed_app(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_app(user) -> TOTPDevice:
    """The app being set up: the same secret until it is confirmed, so a reload of the page
    does not invalidate what the editor has already scanned."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="app", confirmed=False)


def qr_code(device: TOTPDevice) -> str:
    """The app's `otpauth://` address as an SVG data URI (CSP allows `data:` images)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def typed_secret(device: TOTPDevice) -> str:
    """The secret for typing into an app by hand, in groups of four letters."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def confirm_app(request, device: TOTPDevice, code: str) -> list[str] | None:
    """Set-up: check `code` against the new app. If right, in order: confirm the app, replace
    the backup codes, mark this session as verified. Returns the new backup codes (shown once),
    or None for a wrong code. Raises TooManyAttempts, or SetUpNotAllowed."""
    if not account_setup.may_set_up_app(request, account_setup.setup_for(device.user)):
        raise SetUpNotAllowed
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not _check(device, code):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_backup_codes(device.user)
        account_setup.finished(request, device.user)
    django_otp.login(request, device)
    logger.info("second_factor_set_up user=%s", device.user_id)
    return codes


def verify(request, code: str) -> bool:
    """Sign-in: check `code`, from the app or a backup code (used up), and if right mark this
    session as verified. Raises TooManyAttempts."""
    code = "".join(code.split()).lower()
    is_app_code = code.isdigit() and len(code) == APP_CODE_LENGTH
    model = TOTPDevice if is_app_code else StaticDevice
    with transaction.atomic():
        device = model.objects.devices_for_user(request.user, confirmed=True)
        device = device.select_for_update().first()
        if device is None or not _check(device, code):
            logger.warning("second_factor_failed user=%s kind=%s", request.user.pk, model.__name__)
            return False
    django_otp.login(request, device)
    logger.info("second_factor_passed user=%s kind=%s", request.user.pk, model.__name__)
    return True


def reset(user) -> int:
    """Remove the editor's app and backup codes; returns how many devices were removed. The
    next app needs a link e-mailed to the account's address, like a new account's."""
    removed = 0
    with transaction.atomic():
        for model in (TOTPDevice, StaticDevice):
            removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
        account_setup.second_factor_reset(user)
    logger.info("second_factor_reset user=%s", user.pk)
    return removed


def _check(device, code: str) -> bool:
    allowed, details = device.verify_is_allowed()
    if not allowed:
        raise TooManyAttempts(details.get("locked_until") or timezone.now())
    return device.verify_token(code)


def _new_backup_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="backup", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
