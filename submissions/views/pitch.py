"""Sending a pitch, and the confirmation after it."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from common.forms import Screening, screen_post
from submissions import links, services
from submissions.access import grant_access
from submissions.models import Call
from submissions.pitch_forms import contacts_from, pitch_form_group
from submissions.views.shared import (
    oslo,
)

LAST_PITCH_KEY = "kokebok_last_pitch"


def _pitch_call(slug):
    """The call a pitch is sent to: the named one, else the open call closing soonest."""
    if slug:
        return get_object_or_404(Call, slug=slug)
    return (
        Call.objects.accepting_pitches().first() or Call.objects.order_by("-pitch_deadline").first()
    )


@never_cache
@require_http_methods(["GET", "POST"])
def pitch(request, slug=None):
    call = _pitch_call(slug)
    if call is None:
        return render(request, "submissions/no_call.html")
    data = request.POST if request.method == "POST" else None
    group = pitch_form_group(data, with_consent=True)
    screening = None
    if request.method == "POST":
        screening = screen_post(
            request,
            group,
            scope="pitch",
            # Per sender address too: each pitch e-mails it a link.
            case=lambda: group.pitch.cleaned_data["submitter_email"],
            limit_message=_(
                "Too many pitches from your network in the last hour. Try again later."
            ),
        )
        if screening is Screening.SPAM:
            return redirect("submissions:pitch_sent")
        if screening is Screening.ACCEPTED:
            try:
                submission = _create_pitch(request, call, group)
            except services.PitchDeadlinePassed:
                group.add_error(_closed_message(call))
            else:
                # This browser continues with the link the confirmation e-mail carries, so it
                # loses access when that link is revoked.
                grant_access(request, links.newest_token(submission))
                request.session[LAST_PITCH_KEY] = str(submission.public_id)
                return redirect("submissions:pitch_sent")
        elif screening is Screening.INVALID and not call.pitch_is_open():
            # Fixing the form would not help: say so first, with what was typed kept.
            group.add_error(_closed_message(call))
    context = {"call": call, "group": group, "is_open": call.pitch_is_open()}
    status = screening.status if screening else 200
    return render(request, "submissions/pitch_form.html", context, status=status)


def _closed_message(call) -> str:
    return _(
        "The call closed at %(deadline)s, so the pitch could not be sent. "
        "What you wrote is still below: copy it if you want to keep it."
    ) % {"deadline": oslo(call.pitch_deadline)}


def _create_pitch(request, call, group):
    return services.create_pitch(
        call,
        fields=group.pitch.submission_fields(),
        municipalities=group.pitch.cleaned_data["municipalities"],
        enterprises=group.enterprises.rows(),
        contacts=contacts_from(group),
        submitter_consents=group.consent.answers(),
        language=get_language(),
    )


@never_cache
def pitch_sent(request):
    public_id = request.session.get(LAST_PITCH_KEY)
    return render(request, "submissions/pitch_sent.html", {"public_id": public_id})
