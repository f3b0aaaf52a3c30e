"""/personvern/: the privacy notice (GDPR article 13), built from the publisher's configuration
and from what the code knows it collects, sends and keeps."""

from pathlib import PurePosixPath

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from publisher.accessor import current
from publisher.notice import notice_context

LOGO_MAX_AGE = 60 * 60 * 24


def privacy_notice(request):
    return render(request, "privacy.html", notice_context(current()))


@require_safe
def logo(request, name):
    """The publisher's logo. The address names the stored file, so a new logo gets a new address.
    An SVG is served with a policy that lets it run nothing, whatever slipped through."""
    publisher = current()
    if not publisher.logo or PurePosixPath(publisher.logo.name).name != name:
        raise Http404
    is_svg = name.endswith(".svg")
    response = FileResponse(
        publisher.logo.open("rb"), content_type="image/svg+xml" if is_svg else "image/png"
    )
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, public=True, max_age=LOGO_MAX_AGE)
    return response
