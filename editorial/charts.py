"""The start page's bar chart of pitches and write-ups per day, as geometry for an SVG drawn by
the template (templates/editorial/_daily_chart.html): no chart library, no script, nothing the
Content Security Policy would have to allow. The table beside it is the text alternative."""

from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

WIDTH = 640
HEIGHT = 220
LEFT = 32  # room for the counts on the y axis
BOTTOM = 24  # room for the dates under the bars
TOP = 32  # room for the deadlines' labels, one line each


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    kind: str  # "pitches" or "writeups": the CSS class, and the legend
    url: str
    label: str  # for the bar's <title>: what a pointer or a screen reader gets


@dataclass
class Mark:
    x: float
    label: str
    y: float = 0  # a deadline's label: its line, so that two close deadlines never overlap


@dataclass
class Chart:
    width: int
    height: int
    baseline: float
    top: float
    left: float
    max_count: int
    bars: list[Bar]
    dates: list[Mark]
    deadlines: list[Mark]


def daily_chart(days, call) -> Chart | None:
    """Two bars a day (pitches, write-ups), a line at each of the call's deadlines in range."""
    if not days:
        return None
    max_count = max(max(d.pitches, d.writeups) for d in days) or 1
    plot_width = WIDTH - LEFT - 8
    slot = plot_width / len(days)
    bar_width = max(slot * 0.4, 1.0)
    baseline = HEIGHT - BOTTOM
    scale = (baseline - TOP) / max_count
    bars = []
    for i, day in enumerate(days):
        date = formats.date_format(day.date, "SHORT_DATE_FORMAT")
        for j, (kind, count, url, what) in enumerate(
            [
                ("pitches", day.pitches, day.pitches_url, _("pitches")),
                ("writeups", day.writeups, day.writeups_url, _("write-ups")),
            ]
        ):
            height = count * scale
            bars.append(
                Bar(
                    x=round(LEFT + i * slot + slot * 0.1 + j * bar_width, 1),
                    y=round(baseline - height, 1),
                    width=round(bar_width, 1),
                    height=round(height, 1),
                    count=count,
                    kind=kind,
                    url=url,
                    label=f"{date}: {count} {what}",
                )
            )
    step = max(1, len(days) // 7)  # about seven dates under the axis
    dates = [
        Mark(round(LEFT + i * slot + slot / 2, 1), formats.date_format(day.date, "j.n."))
        for i, day in enumerate(days)
        if i % step == 0
    ]
    deadlines = []
    for deadline, label in (
        (call.pitch_deadline, _("Pitch deadline")),
        (call.writeup_deadline, _("Write-up deadline")),
    ):
        date = timezone.localtime(deadline).date()
        if days[0].date <= date <= days[-1].date:
            i = (date - days[0].date).days
            deadlines.append(Mark(round(LEFT + (i + 1) * slot, 1), label, 12 * len(deadlines)))
    return Chart(WIDTH, HEIGHT, baseline, TOP, LEFT, max_count, bars, dates, deadlines)
