"""The hourly limits on every action that sends e-mail or stores a file, and on the public
forms: per client and per case, with the message shown when one is hit.

The numbers are one table in settings (`RATE_LIMITS` per client, `RATE_LIMITS_PER_CASE` per
case, both from `_LIMITS`, each settable in the environment); the messages are here, one per
scope, in the user's language. `common.abuse` counts; `common.forms.screen_post` answers.
docs/operations.md shows the whole table.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    # Every POST to a public form, valid or not, counted before it is validated (`screen_post`),
    # and every autosave of a task page: far above what a person correcting mistakes sends.
    "form_post": _(
        "Too many forms have been sent from your network in the last hour. What you wrote is "
        "still below and has not been checked or saved: try again later."
    ),
    "autosave": _(
        "Not saved automatically: too many saves in the last hour. Your text is still on the "
        "page: save it later."
    ),
    "pitch": _("Too many pitches from your network in the last hour. Try again later."),
    "new_link": _(
        "Too many new links have been asked for in the last hour. Try again later, or use the "
        "link in the e-mail you already have."
    ),
    "consent": _("Too many answers have been sent in the last hour. Try again later."),
    "edit": _(
        "Too many saves in the last hour. What you wrote is still below and has not been "
        "saved: try again later."
    ),
    "invitation": _("Too many invitations have been sent in the last hour. Try again later."),
    "upload": _(
        "Too many files have been uploaded in the last hour. Nothing was saved: try again later."
    ),
    "sign_out_everywhere": _(
        "You have signed out on all devices too many times in the last hour. Try again later."
    ),
    "input": _("Too many messages from your network in the last hour. Try again later."),
    "tool": _("Too many messages from your network in the last hour. Try again later."),
    "case_pdf": _(
        "Too many PDFs have been made for your network in the last hour. Try again later, or "
        "read the example on the web."
    ),
    "mail": _(
        "We have sent too many e-mails to this address, or from your network, in the last hour. "
        "Nothing was sent or saved: try again later."
    ),
    "send_text": _("The text has been sent too many times in the last hour. Try again later."),
}


@dataclass(frozen=True)
class Limit:
    scope: str
    per_client: int  # posts per client per hour
    per_case: int | None  # posts per case per hour; None: counted per client only
    message: str


def limit(scope: str) -> Limit:
    """The limits of `scope`, as configured now (tests and the environment change them)."""
    return Limit(
        scope=scope,
        per_client=settings.RATE_LIMITS[scope],
        per_case=getattr(settings, "RATE_LIMITS_PER_CASE", {}).get(scope),
        message=MESSAGES[scope],
    )


def all_limits() -> list[Limit]:
    return [limit(scope) for scope in settings.RATE_LIMITS]
