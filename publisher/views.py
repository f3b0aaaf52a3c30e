"""/personvern/: the privacy notice (GDPR article 13), built from the publisher's configuration
and from what the code knows it collects, sends and keeps."""

from django.shortcuts import render

from publisher.accessor import current
from publisher.notice import notice_context


def privacy_notice(request):
    return render(request, "privacy.html", notice_context(current()))
