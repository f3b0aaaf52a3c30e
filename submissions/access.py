"""Who may open a submission: the browser session that opened its secret link.

The link's token is exchanged once (by POST) for a session entry, so the address bar, history
and Referer never carry the token after the first step.
"""

from django.http import Http404

from submissions.models import Submission

SESSION_KEY = "kokebok_submissions"


def grant_access(request, submission: Submission):
    allowed = set(request.session.get(SESSION_KEY, []))
    if not allowed:
        # A new privilege for this browser: give it a new session id (no fixation).
        request.session.cycle_key()
    allowed.add(str(submission.public_id))
    request.session[SESSION_KEY] = sorted(allowed)


def has_access(request, submission: Submission) -> bool:
    return str(submission.public_id) in request.session.get(SESSION_KEY, [])


def submission_for_session_or_404(request, public_id) -> Submission:
    """The submission, if this session holds its link; 404 otherwise, so nothing is revealed."""
    if str(public_id) not in request.session.get(SESSION_KEY, []):
        raise Http404
    try:
        return Submission.objects.select_related("call").get(public_id=public_id)
    except Submission.DoesNotExist as error:
        raise Http404 from error
