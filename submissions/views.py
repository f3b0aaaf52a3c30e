"""Submitter-facing pages. Each view turns a request into one service call and a response."""

from functools import partial

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from common.forms import FormGroup, Screening, screen_post
from submissions import approvals, links, services
from submissions.access import grant_access, submission_for_session_or_404
from submissions.forms import (
    ConsentForm,
    EditApprovalForm,
    InvitationForm,
    NewLinkForm,
    WriteupForm,
)
from submissions.models import Call, Consent
from submissions.pitch_forms import contacts_from, pitch_form_group
from submissions.versions import EditConflict

LAST_PITCH_KEY = "kokebok_last_pitch"
# Pages whose address holds a secret token: no Referer to other sites. Not "no-referrer": with it
# browsers send "Origin: null" on the page's own form, which the CSRF check rightly refuses.
SAME_ORIGIN_ONLY = "same-origin"


def _oslo(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _pitch_call(slug):
    """The call a pitch is sent to: the named one, else the open call closing soonest."""
    if slug:
        return get_object_or_404(Call, slug=slug)
    return (
        Call.objects.accepting_pitches().first() or Call.objects.order_by("-pitch_deadline").first()
    )


@never_cache
@require_http_methods(["GET", "POST"])
def pitch(request, slug=None):
    call = _pitch_call(slug)
    if call is None:
        return render(request, "submissions/no_call.html")
    data = request.POST if request.method == "POST" else None
    group = pitch_form_group(data, with_consent=True)
    screening = None
    if request.method == "POST":
        screening = screen_post(
            request,
            group,
            scope="pitch",
            limit_message=_(
                "Too many pitches from your network in the last hour. Try again later."
            ),
        )
        if screening is Screening.SPAM:
            return redirect("submissions:pitch_sent")
        if screening is Screening.ACCEPTED:
            try:
                submission = _create_pitch(request, call, group)
            except services.PitchDeadlinePassed:
                group.add_error(_closed_message(call))
            else:
                # This browser continues with the link the confirmation e-mail carries, so it
                # loses access when that link is revoked.
                grant_access(request, links.newest_token(submission))
                request.session[LAST_PITCH_KEY] = str(submission.public_id)
                return redirect("submissions:pitch_sent")
        elif screening is Screening.INVALID and not call.pitch_is_open():
            # Fixing the form would not help: say so first, with what was typed kept.
            group.add_error(_closed_message(call))
    context = {"call": call, "group": group, "is_open": call.pitch_is_open()}
    status = screening.status if screening else 200
    return render(request, "submissions/pitch_form.html", context, status=status)


def _closed_message(call) -> str:
    return _(
        "The call closed at %(deadline)s, so the pitch could not be sent. "
        "What you wrote is still below: copy it if you want to keep it."
    ) % {"deadline": _oslo(call.pitch_deadline)}


def _create_pitch(request, call, group):
    return services.create_pitch(
        call,
        fields=group.pitch.submission_fields(),
        municipalities=group.pitch.cleaned_data["municipalities"],
        enterprises=group.enterprises.rows(),
        contacts=contacts_from(group),
        submitter_consents=group.consent.answers(),
        language=get_language(),
    )


@never_cache
def pitch_sent(request):
    public_id = request.session.get(LAST_PITCH_KEY)
    return render(request, "submissions/pitch_sent.html", {"public_id": public_id})


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
def overview(request, public_id):
    submission = submission_for_session_or_404(request, public_id)
    submitter = services.submitter_person(submission)
    consent_form = ConsentForm(
        prefix="consent", initial=ConsentForm.initial_for(submitter), legend=_("Your consent")
    )
    return render(request, "submissions/overview.html", _overview_context(submission, consent_form))


def _overview_context(submission, consent_form) -> dict:
    people = submission.people.prefetch_related("consents").order_by("side", "pk")
    return {
        "submission": submission,
        "can_edit": submission.can_edit(),
        "people": people,
        "consent_form": consent_form,
        "municipalities": submission.municipalities.select_related("county"),
        "pending_approval": approvals.pending_edit_approval(submission),
        "enterprises": submission.enterprises.all(),
    }


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
        return redirect("submissions:overview", public_id=public_id)
    return render(request, "submissions/overview.html", _overview_context(submission, form))


@never_cache
@require_http_methods(["GET", "POST"])
def edit_pitch(request, public_id):
    submission = submission_for_session_or_404(request, public_id)
    data = request.POST if request.method == "POST" else None
    group = pitch_form_group(data, submission=submission, with_consent=False)
    if request.method == "POST":
        if group.is_valid() and _saved(
            lambda: services.update_pitch(
                submission,
                fields=group.pitch.submission_fields(),
                municipalities=group.pitch.cleaned_data["municipalities"],
                enterprises=group.enterprises.rows(),
                contacts=contacts_from(group),
                expected_version=group.pitch.cleaned_data["version"],
            ),
            submission,
            add_error=group.add_error,
            versioned_form=group.pitch,
        ):
            messages.success(request, _("The pitch has been saved."))
            return redirect("submissions:overview", public_id=public_id)
    elif not submission.can_edit():
        group.add_error(_editing_closed_message(submission))
    context = {"call": submission.call, "group": group, "submission": submission}
    return render(request, "submissions/pitch_edit.html", context)


def _saved(save, submission, *, add_error, versioned_form) -> bool:
    """Run `save`. If the deadline has passed or someone else saved first, say so above the
    form, which keeps what the person typed, and return False."""
    try:
        save()
    except services.EditingClosed:
        add_error(_editing_closed_message(submission))
    except EditConflict:
        add_error(_conflict_message())
        versioned_form.show_current_version(submission.version)
    else:
        return True
    return False


def _conflict_message() -> str:
    return _(
        "Someone else saved this submission while you were editing it. What you wrote is still "
        "below and has not been saved. Check it, then save again to replace their version."
    )


def _editing_closed_message(submission) -> str:
    return _(
        "This submission can no longer be changed: the deadline was %(deadline)s. "
        "What you wrote is still below: copy it if you want to keep it, and contact the editors."
    ) % {"deadline": _oslo(submission.editing_deadline)}


@never_cache
@require_http_methods(["GET", "POST"])
def writeup(request, public_id):
    submission = submission_for_session_or_404(request, public_id)
    questions = submission.call.questions.all()
    answers = {a.question_id: a.text for a in submission.answers.all()}
    submitting = request.POST.get("action") == "submit"
    form = WriteupForm(
        request.POST or None,
        request.FILES or None,
        instance=submission,
        questions=questions,
        answers=answers,
        submitting=submitting,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            lambda: services.save_writeup(
                submission,
                answers=form.answers(),
                fields=form.submission_fields(),
                submit=submitting,
                expected_version=form.cleaned_data["version"],
            ),
            submission,
            add_error=partial(form.add_error, None),
            versioned_form=form,
        )
    ):
        messages.success(
            request,
            _("Thank you! Your write-up has been submitted.")
            if submitting
            else _("Your draft has been saved."),
        )
        return redirect("submissions:overview", public_id=public_id)
    if request.method == "GET" and not submission.can_edit():
        form.add_error(None, _editing_closed_message(submission))
    context = {"submission": submission, "form": form, "group": FormGroup(writeup=form)}
    return render(request, "submissions/writeup_form.html", context)


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
            limit_message=_("Too many requests from your network. Try again later."),
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


@never_cache
@require_http_methods(["GET", "POST"])
def approve_edits(request, public_id):
    """The submitter reads the editors' copy-edits as a diff, and approves them or comments."""
    submission = submission_for_session_or_404(request, public_id)
    approval = approvals.pending_edit_approval(submission)
    if approval is None:
        return redirect("submissions:overview", public_id=public_id)
    form = EditApprovalForm(request.POST or None, initial={"request": approval.pk})
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            if form.cleaned_data["request"] != approval.pk:
                raise approvals.ApprovalNotPending
            approvals.answer_edit_approval(
                approval, approve=approve, comment=form.cleaned_data["comment"]
            )
        except approvals.ApprovalNotPending:
            form = _answer_the_newest(request, approval)
        else:
            messages.success(
                request,
                _("Thank you. You approved the edited text.")
                if approve
                else _("Thank you. The editors have your comment."),
            )
            return redirect("submissions:overview", public_id=public_id)
    context = {
        "submission": submission,
        "changes": edit_changes(submission, approval),
        "form": form,
        "group": FormGroup(approval=form),
    }
    return render(request, "submissions/approve_edits.html", context)


def _answer_the_newest(request, approval) -> EditApprovalForm:
    """The form again, for the newest request, with the comment kept and the reason given."""
    data = request.POST.copy()
    data["request"] = str(approval.pk)
    form = EditApprovalForm(data)
    form.is_valid()
    form.add_error(
        None,
        _(
            "The editors changed the text again after you opened this page. Read the newest "
            "changes below and answer again: your comment is kept."
        ),
    )
    return form


def edit_changes(submission, approval) -> list[dict]:
    """Each text field of the case with the submitter's and the editors' version."""
    labels = {"title": _("Title"), "summary": _("What the collaboration is about")}
    questions = {str(q.pk): q.display_text for q in submission.call.questions.all()}
    original, edited = approval.original, approval.edited
    changes = [
        {"label": label, "old": original.get(key, ""), "new": edited.get(key, "")}
        for key, label in labels.items()
    ]
    for key, label in questions.items():
        old = original.get("answers", {}).get(key, "")
        new = edited.get("answers", {}).get(key, "")
        changes.append({"label": label, "old": old, "new": new})
    return [change for change in changes if change["old"] != change["new"]]
