"""Who may open a submission: the browser session that opened one of its secret links, for as
long as that link is valid.

The link's token is exchanged once (by POST) for a session entry, so the address bar, history
and Referer never carry the token after the first step. The entry names the link (its
AccessToken row), and every request checks that the link is still valid: revoking the links
(`links.revoke_tokens`) ends the sessions they opened.
"""

from django.http import Http404

from submissions.models import AccessToken, Submission

# {submission public id: id of the AccessToken that opened it}. A new key: sessions from before
# links were checked (a plain list of ids) open nothing, so a revoked link cannot live on in one.
SESSION_KEY = "kokebok_submission_links"


def grant_access(request, token: AccessToken):
    """Let this browser open the token's submission until the token is revoked."""
    opened = dict(request.session.get(SESSION_KEY, {}))
    if not opened:
        # A new privilege for this browser: give it a new session id (no fixation).
        request.session.cycle_key()
    opened[str(token.submission.public_id)] = token.pk
    request.session[SESSION_KEY] = opened


def submission_for_session_or_404(request, public_id) -> Submission:
    """The submission, if this session opened it with a link that is still valid; 404
    otherwise, so nothing is revealed."""
    token_id = request.session.get(SESSION_KEY, {}).get(str(public_id))
    if token_id is None:
        raise Http404
    try:
        return Submission.objects.select_related("call").get(
            public_id=public_id, tokens__pk=token_id, tokens__revoked_at__isnull=True
        )
    except Submission.DoesNotExist as error:
        raise Http404 from error
