"""Reads of moderated input and tools that other apps' pages show."""

from participation.models import Input, Moderation, Tool

INPUTS_ON_CASE_PAGE = 5


def case_inputs(case) -> list[Input]:
    """The newest published input on one case, for its page."""
    return list(Input.objects.public().filter(submission=case)[:INPUTS_ON_CASE_PAGE])


def tools_for_themes(themes) -> list[Tool]:
    """Approved tools tagged with any of these themes, in the editors' order."""
    return list(Tool.objects.filter(status=Moderation.APPROVED, themes__in=themes).distinct())
