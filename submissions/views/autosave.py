"""Autosave: a task page's form posted in the background while the person types (header
`X-Autosave: 1`, sent by static/js/autosave.js). The answer is JSON: saved or not, the case's
new version for the next save, and the quiet status to show ("Saved 14:32", Oslo time)."""

from django.http import JsonResponse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from common import limits
from common.abuse import rate_limit_exceeded
from submissions import services
from submissions.versions import EditConflict

HEADER = "HTTP_X_AUTOSAVE"


def is_autosave(request) -> bool:
    return request.method == "POST" and request.META.get(HEADER) == "1"


def autosave_refused(request, submission) -> JsonResponse | None:
    """A 429 answer if this autosave is over its hourly limit (per client and per case),
    counted before the form is validated; else None."""
    if not rate_limit_exceeded(request, "autosave", case=submission):
        return None
    message = limits.limit("autosave").message
    return JsonResponse({"saved": False, "message": str(message)}, status=429)


def autosave_response(save, submission, *, not_saved=()) -> JsonResponse:
    """Run `save` (a draft save of the fields that are valid) and say how it went.

    `not_saved` names the fields left out because what was typed is not valid yet.
    """
    try:
        save()
    except services.EditingClosed:
        message = _("Not saved: the deadline has passed. Copy your text to keep it.")
        return JsonResponse({"saved": False, "message": message}, status=409)
    except EditConflict as conflict:
        message = _(
            "Not saved: someone else saved this example meanwhile. Reload the page to see "
            "their version."
        )
        return JsonResponse(
            {"saved": False, "message": message, "version": conflict.current_version}, status=409
        )
    moment = time_format(timezone.localtime(), "H:i")
    if not_saved:
        message = _("Saved %(time)s, except fields that need fixing.") % {"time": moment}
    else:
        message = _("Saved %(time)s") % {"time": moment}
    return JsonResponse(
        {
            "saved": True,
            "version": submission.version,
            "message": message,
            "not_saved": list(not_saved),
        }
    )
