"""A password alone never enrols a second factor on an account whose password someone else set.

`create_editor` prints a temporary password and an administrator may type one in the admin; it
travels to the editor by some channel others may read. Whoever saw it could sign in first and
set up their own phone as the account's second factor. So such an account (and one whose second
factor was reset) gets an `AccountSetup` row, and at sign-in the editor:

1. chooses their own password, while the temporary one is unchanged (it stops working after
   `SIGN_IN_TEMPORARY_PASSWORD_DAYS`: an administrator sets a new one);
2. opens a link e-mailed to the account's address, which proves they read its mail; the link
   works in the browser they open it in, for `LINK_VALID`, and only the newest one does;
3. sets up the app (editorial.second_factor), which removes the row.

Accounts without a row (every account that signed in before this rule) set up their app with
the password, as before. With EDITOR_MFA off (the demo, development) only step 1 applies.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.core import signing
from django.db import transaction
from django.utils import timezone

from common.emails import absolute_url, send_after_commit
from editorial.models import AccountSetup

logger = logging.getLogger("kokebok.editorial")

LINK_HOURS = 24
LINK_VALID = timedelta(hours=LINK_HOURS)
# A new link no sooner than this after the last, so the step cannot flood the editor's inbox.
LINK_INTERVAL = timedelta(minutes=5)
_SALT = "editorial.account_setup.link"
# The session keys: the link's token once opened, and "must choose a password" since sign-in.
LINK_SESSION_KEY = "editorial_setup_link"
PASSWORD_SESSION_KEY = "editorial_temporary_password"  # noqa: S105 (a key, no password)


def setup_for(user) -> AccountSetup | None:
    return AccountSetup.objects.filter(user=user).first()


def password_set_by_another(user, *, now=None) -> AccountSetup:
    """The account's password was just set by someone other than its owner."""
    setup, _created = AccountSetup.objects.update_or_create(
        user=user,
        defaults={"temporary_password_set_at": now or timezone.now(), "link_sent_at": None},
    )
    logger.info("temporary_password_set user=%s", user.pk)
    return setup


def second_factor_reset(user) -> AccountSetup:
    """The account lost its second factor: the next one needs the e-mailed link."""
    setup, _created = AccountSetup.objects.update_or_create(
        user=user, defaults={"link_sent_at": None}
    )
    return setup


def must_choose_password(setup: AccountSetup | None) -> bool:
    return setup is not None and setup.temporary_password_set_at is not None


def temporary_password_expired(setup: AccountSetup, *, now=None) -> bool:
    days = timedelta(days=settings.SIGN_IN_TEMPORARY_PASSWORD_DAYS)
    return (now or timezone.now()) > setup.temporary_password_set_at + days


def setup_for_session(request) -> AccountSetup | None:
    """The signed-in editor's set-up, noted in the session (at sign-in and at each step) as
    whether their password is temporary, so the admin can refuse its pages without a query
    per request (editorial.sites)."""
    setup = setup_for(request.user)
    if must_choose_password(setup):
        request.session[PASSWORD_SESSION_KEY] = True
    else:
        request.session.pop(PASSWORD_SESSION_KEY, None)
    return setup


def password_pending(request) -> bool:
    return bool(request.session.get(PASSWORD_SESSION_KEY))


def choose_password(request, form):
    """Save the editor's own password (a SetPasswordForm for request.user), keep them signed in
    and let the set-up go on."""
    with transaction.atomic():
        user = form.save()
        AccountSetup.objects.filter(user=user).update(temporary_password_set_at=None)
    # The password's hash is part of the session's: without this the editor is signed out.
    update_session_auth_hash(request, user)
    request.session.pop(PASSWORD_SESSION_KEY, None)
    logger.info("own_password_chosen user=%s", user.pk)


def send_link(request, setup: AccountSetup, *, now=None) -> bool:
    """E-mail a new set-up link to the account's address, in the admin's language; False when
    one went out less than LINK_INTERVAL ago or the account has no address. Each new link
    replaces the one before."""
    now = now or timezone.now()
    user = setup.user
    with transaction.atomic():
        # Locked, so two requests at once cannot both send.
        locked = AccountSetup.objects.select_for_update().get(pk=setup.pk)
        setup.link_sent_at = locked.link_sent_at
        if not user.email or (locked.link_sent_at and now - locked.link_sent_at < LINK_INTERVAL):
            return False
        setup.link_sent_at = locked.link_sent_at = now
        locked.save(update_fields=["link_sent_at"])
        _mail_link(user, sent=now, language=request.LANGUAGE_CODE)
    logger.info("second_factor_link_sent user=%s", user.pk)
    return True


def _mail_link(user, *, sent, language):
    token = signing.dumps({"user": user.pk, "sent": sent.isoformat()}, salt=_SALT)
    link = absolute_url("admin:second_factor_link", language=language, kwargs={"token": token})
    context = {"link": link, "hours": LINK_HOURS}
    send_after_commit("second_factor_link", user.email, language, context)


def link_opened(request, token: str):
    """Keep the token in this browser's session; the address does not keep it."""
    request.session[LINK_SESSION_KEY] = token[:500]


def may_set_up_app(request, setup: AccountSetup | None) -> bool:
    """Whether this session may enrol a second factor for its editor now."""
    if setup is None:
        return True
    if must_choose_password(setup) or setup.link_sent_at is None:
        return False
    try:
        opened = signing.loads(
            request.session.get(LINK_SESSION_KEY, ""), salt=_SALT, max_age=LINK_VALID
        )
    except signing.BadSignature:
        return False
    return opened == {"user": setup.user_id, "sent": setup.link_sent_at.isoformat()}


def finished(request, user):
    """The app is set up: the rule has done its work for this account."""
    AccountSetup.objects.filter(user=user).delete()
    request.session.pop(LINK_SESSION_KEY, None)
