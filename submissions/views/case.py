"""The submitter's consent, posted from older pages; the task list and its pages are in
`tasks` and `task_media`."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from submissions import services
from submissions.access import submission_for_session_or_404
from submissions.forms import ConsentForm
from submissions.models import Consent


@never_cache
@require_POST
def submitter_consent(request, public_id):
    submission = submission_for_session_or_404(request, public_id)
    form = ConsentForm(request.POST, prefix="consent")
    if form.is_valid():
        services.record_consents(
            services.submitter_person(submission),
            form.answers(),
            source=Consent.Source.SUBMISSION_LINK,
        )
        messages.success(request, _("Your consent has been saved."))
    return redirect("submissions:task_contacts", public_id=public_id)
