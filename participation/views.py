"""Public pages for input and the toolbox. Only moderated, approved items are shown."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.forms import FormGroup, Screening, screen_post, screen_recipients
from participation import services
from participation.forms import InputForm, ToolSuggestionForm
from participation.models import Input, Moderation, Tool
from submissions.models import Submission, Theme

INPUTS_PER_PAGE = 20


def _screen(request, form, scope: str, *, case=None, receipt_to: str) -> Screening:
    """The screening of a reader's post, whose receipt goes to the address in `receipt_to`."""
    message = _("Too many messages from your network in the last hour. Try again later.")
    screening = screen_post(request, form, scope=scope, limit_message=message, case=case)
    return screen_recipients(request, form, screening, lambda: [form.cleaned_data[receipt_to]])


def _input_page(request, *, submission, redirect_to):
    form = InputForm(request.POST or None)
    screening = (
        _screen(request, form, "input", case=submission, receipt_to="email")
        if request.method == "POST"
        else None
    )
    if screening is Screening.ACCEPTED:
        services.submit_input(
            submission=submission, fields=form.cleaned_data_for_model(), language=get_language()
        )
    if screening in (Screening.SPAM, Screening.ACCEPTED):
        messages.success(
            request,
            _(
                "Thank you! Your input has been received. "
                "The editors read it before anything is published."
            ),
        )
        return redirect(redirect_to)
    inputs = Input.objects.public().filter(submission=submission).select_related("submission")
    context = {
        "form": form,
        "group": FormGroup(input=form),
        "submission": submission,
        "page": Paginator(inputs, INPUTS_PER_PAGE).get_page(request.GET.get("side")),
    }
    status = screening.status if screening else 200
    return render(request, "participation/inputs.html", context, status=status)


@require_http_methods(["GET", "POST"])
def book_inputs(request):
    """/innspill/: input on the book as a whole, and the form to give some."""
    return _input_page(request, submission=None, redirect_to="participation:inputs")


@require_http_methods(["GET", "POST"])
def case_inputs(request, slug):
    submission = get_object_or_404(Submission.objects.published(), slug=slug)
    # The case's own address, never the request's path.
    return _input_page(
        request,
        submission=submission,
        redirect_to=reverse("participation:case_inputs", kwargs={"slug": submission.slug}),
    )


def toolbox(request):
    """/verktoy/: approved tools by theme, in the editors' order; tools without a theme last."""
    tools = Tool.objects.filter(status=Moderation.APPROVED).prefetch_related("themes")
    themes = list(Theme.objects.all())
    by_theme = {theme.pk: [] for theme in themes}
    general = []
    for tool in tools:
        tool_themes = list(tool.themes.all())
        for theme in tool_themes:
            by_theme[theme.pk].append(tool)
        if not tool_themes:
            general.append(tool)
    sections = [(theme, by_theme[theme.pk]) for theme in themes if by_theme[theme.pk]]
    return render(request, "participation/toolbox.html", {"sections": sections, "general": general})


@require_http_methods(["GET", "POST"])
def suggest_tool(request):
    form = ToolSuggestionForm(request.POST or None)
    screening = (
        _screen(request, form, "tool", receipt_to="suggested_by_email")
        if request.method == "POST"
        else None
    )
    if screening is Screening.ACCEPTED:
        services.suggest_tool(
            fields=form.tool_fields(), themes=form.cleaned_data["themes"], language=get_language()
        )
    if screening in (Screening.SPAM, Screening.ACCEPTED):
        messages.success(
            request,
            _("Thank you for the suggestion! The editors look at it before it is published."),
        )
        return redirect("participation:toolbox")
    context = {"form": form, "group": FormGroup(tool=form)}
    status = screening.status if screening else 200
    return render(request, "participation/suggest_tool.html", context, status=status)
