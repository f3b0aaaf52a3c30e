"""Who may open a submission: the browser session that opened one of its secret links, for as
long as that link is valid; and what a browser without one is told.

The link's token is exchanged once (by POST) for a session entry, so the address bar, history
and Referer never carry the token after the first step. The entry names the link (its
AccessToken row), and every request checks that the link is still valid: revoking the links
(`links.revoke_tokens`) ends the sessions they opened.

A save that arrives after the session ended (link revoked, session expired, cookie lost) keeps
its text in this browser's own session (`case_session(keep_unsaved=True)`); when the browser
opens a link again, the page shows the text waiting in its form.
"""

import functools

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from submissions.forms import NewLinkForm
from submissions.models import AccessToken, Submission

# {submission public id: id of the AccessToken that opened it}. A new key: sessions from before
# links were checked (a plain list of ids) open nothing, so a revoked link cannot live on in one.
SESSION_KEY = "kokebok_submission_links"
# {submission public id: {"page": URL name, "data": {field: [values]}, "kept_at": ISO time}}:
# the text of a save that arrived without access, kept for this browser only.
KEPT_KEY = "kokebok_kept_text"

# What is kept of a save without access, so a session cannot be made to grow without bound.
KEPT_MAX_VALUE_CHARS = 50_000  # an answer may hold 20,000
KEPT_MAX_TOTAL_CHARS = 200_000
KEPT_MAX_FIELDS = 200
KEPT_MAX_CASES = 5
# Never kept: the form's security token and the button pressed (a kept "submit" must not send).
NOT_KEPT = {"csrfmiddlewaretoken", "action"}
REDIRECTS = (301, 302, 303)


def grant_access(request, token: AccessToken):
    """Let this browser open the token's submission until the token is revoked."""
    opened = dict(request.session.get(SESSION_KEY, {}))
    if not opened:
        # A new privilege for this browser: give it a new session id (no fixation).
        request.session.cycle_key()
    opened[str(token.submission.public_id)] = token.pk
    request.session[SESSION_KEY] = opened


def end_access(request, public_id):
    """Forget this browser's entry for the submission (after signing out everywhere)."""
    opened = dict(request.session.get(SESSION_KEY, {}))
    if opened.pop(str(public_id), None) is not None:
        request.session[SESSION_KEY] = opened


def submission_for_session(request, public_id) -> Submission | None:
    """The submission, if this session opened it with a link that is still valid."""
    token_id = request.session.get(SESSION_KEY, {}).get(str(public_id))
    if token_id is None:
        return None
    return (
        Submission.objects.select_related("call")
        .filter(public_id=public_id, tokens__pk=token_id, tokens__revoked_at__isnull=True)
        .first()
    )


# --- Pages of a case opened without access ---


def case_session(keep_unsaved: bool = False):
    """Decorate a view of a case's own pages, `view(request, submission, ...)` for a URL with
    `public_id`: it runs only for the browser that opened the case with a valid link.

    Any other request gets a page saying that the e-mailed link is the way in, with the form
    for a new one: the same page whether the case exists or not, so nothing is revealed. With
    `keep_unsaved`, a POST's text is first kept in this browser's session and the page says
    so (403); once the browser is let in again, a GET of the page carries the kept text as
    `request.kept_text` (a QueryDict, else None) for the view to bind its form with, and a
    successful save (a redirect) forgets it.
    """

    def decorate(view):
        @never_cache
        @functools.wraps(view)
        def wrapped(request, public_id, *args, **kwargs):
            submission = submission_for_session(request, public_id)
            if submission is None:
                kept = keep_unsaved and request.method == "POST" and keep_text(request, public_id)
                return no_access(request, kept=bool(kept))
            request.kept_text = kept_text(request, public_id) if keep_unsaved else None
            if request.kept_text is not None and request.method == "GET":
                messages.info(
                    request,
                    _(
                        "The text you wrote when you were signed out has been filled in. "
                        "Save to keep it."
                    ),
                )
            response = view(request, submission, *args, **kwargs)
            if (
                request.kept_text is not None
                and request.method == "POST"
                and response.status_code in REDIRECTS
            ):
                # Saved: the kept text has done its work.
                forget_kept_text(request, public_id)
            return response

        # A mark that survives the decorators around it (they copy __dict__), for the test that
        # every page of a case has this door.
        wrapped.case_session = {"keep_unsaved": keep_unsaved}
        return wrapped

    return decorate


def no_access(request, *, kept: bool = False):
    """The page for a case's address opened without access: how to get back in. 403 when text
    was kept (the person was signed out), 404 otherwise (a bookmark, an unknown address)."""
    context = {"form": NewLinkForm(), "kept": kept}
    return render(request, "submissions/no_access.html", context, status=403 if kept else 404)


def keep_text(request, public_id) -> bool:
    """Keep the text fields of this POST for the submission `public_id`, in this browser's
    session only, bounded in size. Returns whether anything was kept."""
    data, budget = {}, KEPT_MAX_TOTAL_CHARS
    for name, values in list(request.POST.lists())[:KEPT_MAX_FIELDS]:
        if name in NOT_KEPT:
            continue
        values = [value[:KEPT_MAX_VALUE_CHARS] for value in values]
        size = sum(len(value) for value in values) + len(name)
        if size > budget:
            continue
        budget -= size
        data[name[:200]] = values
    typed = (value for name, values in data.items() if name != "version" for value in values)
    if not any(value.strip() for value in typed):
        return False
    kept = dict(request.session.get(KEPT_KEY, {}))
    kept.pop(str(public_id), None)
    # The newest few cases only: the oldest kept text goes first.
    while len(kept) >= KEPT_MAX_CASES:
        kept.pop(next(iter(kept)))
    kept[str(public_id)] = {
        "page": request.resolver_match.url_name,
        "data": data,
        "kept_at": timezone.now().isoformat(),
    }
    request.session[KEPT_KEY] = kept
    return True


def _kept_entry(request, public_id) -> dict | None:
    entry = request.session.get(KEPT_KEY, {}).get(str(public_id))
    return entry if isinstance(entry, dict) else None


def kept_text(request, public_id) -> QueryDict | None:
    """The text kept for this page of the submission, as form data, if any."""
    entry = _kept_entry(request, public_id)
    if entry is None or entry.get("page") != request.resolver_match.url_name:
        return None
    data = QueryDict(mutable=True)
    for name, values in entry["data"].items():
        data.setlist(name, values)
    return data


def kept_text_page(request, public_id) -> str | None:
    """The address of the page whose text is waiting for the submission, if any."""
    entry = _kept_entry(request, public_id)
    if entry is None:
        return None
    return reverse(f"submissions:{entry['page']}", kwargs={"public_id": public_id})


def forget_kept_text(request, public_id):
    kept = dict(request.session.get(KEPT_KEY, {}))
    if kept.pop(str(public_id), None) is not None:
        request.session[KEPT_KEY] = kept
