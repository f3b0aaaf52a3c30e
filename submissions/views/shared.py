"""What several of the submitters' pages share: times in Oslo, the referrer rule for pages
with a secret in their address, and saving with the deadline and conflict messages."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from submissions import services
from submissions.versions import EditConflict

# Pages whose address holds a secret token: no Referer to other sites. Not "no-referrer": with it
# browsers send "Origin: null" on the page's own form, which the CSRF check rightly refuses.
SAME_ORIGIN_ONLY = "same-origin"


def oslo(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def saved(save, submission, *, add_error, versioned_form) -> bool:
    """Run `save`. If the deadline has passed or someone else saved first, say so above the
    form, which keeps what the person typed, and return False."""
    try:
        save()
    except services.EditingClosed:
        add_error(editing_closed_message(submission))
    except EditConflict:
        add_error(conflict_message())
        versioned_form.show_current_version(submission.version)
    else:
        return True
    return False


def conflict_message() -> str:
    return _(
        "Someone else saved this submission while you were editing it. What you wrote is still "
        "below and has not been saved. Check it, then save again to replace their version."
    )


def editing_closed_message(submission) -> str:
    return _(
        "This submission can no longer be changed: the deadline was %(deadline)s. "
        "What you wrote is still below: copy it if you want to keep it, and contact the editors."
    ) % {"deadline": oslo(submission.editing_deadline)}
