"""Sending a pitch, and the confirmation after it."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from common.forms import Screening, screen_post, screen_recipients
from submissions import links, services
from submissions.access import grant_access
from submissions.models import Call, Submission
from submissions.pitch_forms import form_key_of, short_pitch_group
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
    group = short_pitch_group(data)
    screening = None
    if request.method == "POST":
        if _sent_before(request):
            # The same page again (a double click, a reloaded POST): nothing new, same answer.
            return redirect("submissions:pitch_sent")
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
        screening = screen_recipients(
            request, group, screening, lambda: [group.pitch.cleaned_data["submitter_email"]]
        )
        if screening is Screening.SPAM:
            return redirect("submissions:pitch_sent")
        if screening is Screening.ACCEPTED:
            try:
                submission = _create_pitch(call, group.pitch)
            except services.PitchAlreadySent:
                return redirect("submissions:pitch_sent")
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


def _sent_before(request) -> bool:
    return services.sent_pitch(form_key_of(request.POST.get("form_key", ""))) is not None


def _create_pitch(call, form):
    # No consent of the sender's is recorded: they are asked at stage 2, so nothing of them is
    # published before they answer (Person.may_show_contact).
    return services.create_pitch(
        call,
        fields=form.submission_fields(),
        municipalities=form.cleaned_data["municipalities"],
        enterprises=form.enterprises(),
        contacts=form.contacts(),
        submitter_consents=None,
        language=get_language(),
        form_key=form.cleaned_data["form_key"],
    )


@never_cache
def pitch_sent(request):
    """What happens next. Where the link went is read from this browser's session only (the
    pitch it sent), never from the address, so the page tells nobody else's address."""
    public_id = request.session.get(LAST_PITCH_KEY)
    submission = (
        Submission.objects.select_related("call").filter(public_id=public_id).first()
        if public_id
        else None
    )
    return render(request, "submissions/pitch_sent.html", {"submission": submission})
