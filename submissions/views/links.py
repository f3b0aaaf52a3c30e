"""The secret links: opening one, and asking for a new one by e-mail."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from common.forms import FormGroup, Screening, screen_post
from submissions import links
from submissions.access import grant_access
from submissions.forms import (
    NewLinkForm,
)
from submissions.views.shared import (
    SAME_ORIGIN_ONLY,
)


@never_cache
@require_http_methods(["GET", "POST"])
def open_link(request, token):
    """GET only shows a button (mail scanners prefetch links); the POST opens the submission."""
    access_token = links.valid_token(token)
    if access_token is None:
        response = render(request, "submissions/link_invalid.html", status=404)
    elif request.method == "POST":
        grant_access(request, access_token)
        response = redirect("submissions:overview", public_id=access_token.submission.public_id)
    else:
        context = {"submission": access_token.submission}
        response = render(request, "submissions/open_link.html", context)
    response["Referrer-Policy"] = SAME_ORIGIN_ONLY
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def new_link(request):
    """Ask for a fresh link by e-mail; the answer is the same whether the address is known."""
    form = NewLinkForm(request.POST or None)
    screening = None
    if request.method == "POST":
        screening = screen_post(
            request,
            form,
            scope="new_link",
            limit_message=_("Too many requests from your network. Try again later."),
        )
        if screening is Screening.ACCEPTED:
            links.send_new_links(form.cleaned_data["email"])
        if screening in (Screening.SPAM, Screening.ACCEPTED):
            return render(request, "submissions/new_link_sent.html")
    context = {"form": form, "group": FormGroup(email=form)}
    status = screening.status if screening else 200
    return render(request, "submissions/new_link.html", context, status=status)
