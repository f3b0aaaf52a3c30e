"""A contact person's page, opened from the invitation's link."""

from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from common.forms import FormGroup, Screening, screen_post
from submissions import services
from submissions.forms import (
    ConsentForm,
    InvitationForm,
)
from submissions.views.shared import (
    SAME_ORIGIN_ONLY,
)


@never_cache
@require_http_methods(["GET", "POST"])
def consent(request, token):
    """A contact person's own page: confirm or decline taking part, give or withdraw consent."""
    person = services.person_for_token(token)
    if person is None:
        return render(request, "submissions/link_invalid.html", status=404)
    initial = {**ConsentForm.initial_for(person)}
    if person.participation != person.Participation.PENDING:
        initial["participates"] = "yes" if person.participation == "confirmed" else "no"
    form = InvitationForm(request.POST or None, initial=initial)
    screening = None
    if request.method == "POST":
        # No honeypot: only the person the link was sent to gets this far.
        screening = screen_post(
            request,
            form,
            scope="consent",
            case=person,
        )
        if screening is Screening.ACCEPTED:
            services.answer_invitation(
                person,
                participates=form.cleaned_data["participates"],
                consents=form.answers(),
                language=get_language(),
            )
    context = {
        "person": person,
        "form": form,
        "group": FormGroup(consent=form),
        "saved": screening is Screening.ACCEPTED,
    }
    status = screening.status if screening else 200
    response = render(request, "submissions/consent.html", context, status=status)
    response["Referrer-Policy"] = SAME_ORIGIN_ONLY
    return response
