"""The submitter's consent, posted from older pages; the task list and its pages are in
`tasks` and `task_media`."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from submissions import services
from submissions.access import case_session
from submissions.forms import ConsentForm
from submissions.models import Consent


@require_POST
@case_session()
def submitter_consent(request, submission):
    form = ConsentForm(request.POST, prefix="consent")
    if form.is_valid():
        services.record_consents(
            services.submitter_person(submission),
            form.answers(),
            source=Consent.Source.SUBMISSION_LINK,
        )
        messages.success(request, _("Your consent has been saved."))
    return redirect("submissions:task_contacts", public_id=submission.public_id)
