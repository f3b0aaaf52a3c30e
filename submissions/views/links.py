"""The secret links: opening one, asking for a new one by e-mail, and signing out on all
devices."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from common import limits
from common.abuse import rate_limit_exceeded
from common.forms import FormGroup, Screening, screen_post, screen_recipients
from submissions import links
from submissions.access import case_session, end_access, grant_access, kept_text_page
from submissions.forms import NewLinkForm
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
        public_id = access_token.submission.public_id
        # Text kept from a save after the session had ended waits on its own page.
        response = redirect(
            kept_text_page(request, public_id)
            or reverse("submissions:overview", kwargs={"public_id": public_id})
        )
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
            # Per address too, so nobody can flood someone's inbox with links.
            case=lambda: form.cleaned_data["email"],
        )
        screening = screen_recipients(
            request, form, screening, lambda: [form.cleaned_data["email"]]
        )
        if screening is Screening.ACCEPTED:
            links.send_new_links(form.cleaned_data["email"])
        if screening in (Screening.SPAM, Screening.ACCEPTED):
            return render(request, "submissions/new_link_sent.html")
    context = {"form": form, "group": FormGroup(email=form)}
    status = screening.status if screening else 200
    return render(request, "submissions/new_link.html", context, status=status)


@require_POST
@case_session()
def sign_out_everywhere(request, submission):
    """End every link and session of the case, this one too, and mail the sender a fresh
    link: for a sender who thinks someone else has one of their links."""
    if rate_limit_exceeded(request, "sign_out_everywhere", case=submission):
        messages.error(request, limits.limit("sign_out_everywhere").message)
        return redirect("submissions:overview", public_id=submission.public_id)
    links.sign_out_everywhere(submission)
    end_access(request, submission.public_id)
    return render(request, "submissions/signed_out_everywhere.html")
