"""The progress chart: pain before, after and the day after each session, function ratings, and
sessions per week.

Pure: `progress_svg(summary)` returns an SVG document (800×400 by default) built from a
`ProgressSummary`; `to_png(svg)` rasterises it with cairosvg, imported only when called. Pain and
function share the 0-10 scale, so one axis serves both (lower pain is better, higher function is
better: the legend says so). The colours are the Okabe-Ito palette, told apart with colour-blind
eyes too, and the lines also differ by dash and marker, so the chart survives a grey printer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from html import escape

from strongback.progress import ProgressSummary, WeekAdherence

WIDTH, HEIGHT = 800, 400
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#e4e7eb"
PAIN_BEFORE = "#D55E00"  # vermillion
PAIN_AFTER = "#E69F00"  # orange
PAIN_NEXT_DAY = "#CC79A7"  # reddish purple
FUNCTION = "#009E73"  # bluish green
DONE = "#0072B2"  # blue
PLANNED = "#a9c6de"

NEXT_DAY_DASH = "1 4"

_LEFT, _RIGHT = 56, 24
_SCORE_TOP, _SCORE_BOTTOM = 84, 268
_BARS_TOP, _BARS_BOTTOM = 300, 352
#: The most date labels under the chart, and the least width (px) a week needs for its label.
_MAX_TICKS = 10
_LABEL_WIDTH = 26


class _Scale:
    """Days to x and 0-10 scores to y over the chart's plotting area."""

    def __init__(self, first: date, last: date, width: int) -> None:
        self.first = first
        self.days = max(1, (last - first).days)
        self.x0, self.x1 = _LEFT, width - _RIGHT

    def x(self, day: date, offset: float = 0.5) -> float:
        return self.x0 + (self.x1 - self.x0) * ((day - self.first).days + offset) / self.days

    @staticmethod
    def y(score: float) -> float:
        return _SCORE_BOTTOM - (_SCORE_BOTTOM - _SCORE_TOP) * score / 10


def progress_svg(summary: ProgressSummary, width: int = WIDTH, height: int = HEIGHT) -> str:
    """The chart of `summary` as a standalone SVG document with a title and a description."""
    first, last = _span(summary)
    scale = _Scale(first, last, width)
    title = "Your progress with strongback"
    desc = describe(summary)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title chart-desc" '
        f'font-family="{FONT}">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(desc)}</desc>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        _text(_LEFT, 30, title, size=18, weight="bold"),
        _text(_LEFT, 50, _subtitle(summary, first, last), size=12, fill=MUTED),
        *_legend(width),
        *_score_axis(scale),
    ]
    if summary.sessions or summary.function.points:
        parts += _pain_lines(summary, scale)
        parts += _function_line(summary, scale)
    else:
        parts.append(
            _text(
                (scale.x0 + scale.x1) / 2,
                (_SCORE_TOP + _SCORE_BOTTOM) / 2,
                "No sessions or ratings yet: your chart fills in as you go.",
                size=14,
                fill=MUTED,
                anchor="middle",
            )
        )
    if summary.see_clinician:
        parts.append(
            _text(
                scale.x1,
                _SCORE_TOP - 10,
                "Pain has stayed higher for two weeks: please see a clinician",
                size=12,
                fill="#b42318",
                anchor="end",
                weight="bold",
            )
        )
    parts += _week_bars(summary.adherence.weeks, scale, targets=not summary.plan_withheld)
    parts += _date_axis(scale, first, last)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def describe(summary: ProgressSummary) -> str:
    """The chart in words, for screen readers and for anyone who cannot see it."""
    function, kept = summary.function, summary.adherence
    count = len(summary.sessions)
    words = [f"{count} {'session' if count == 1 else 'sessions'} recorded."]
    # Each line is drawn from its own readings: the summary's pain trend mixes the pain before
    # sessions with the next-day checks, so its first and latest belong to neither line.
    before = [p.pain_before for p in summary.sessions if p.pain_before is not None]
    next_days = [p.next_day_pain for p in summary.sessions if p.next_day_pain is not None]
    for values, when in ((before, "before sessions"), (next_days, "the day after a session")):
        if len(values) > 1:
            words.append(f"Pain {when} went from {values[0]} to {values[-1]} out of 10.")
        elif values:
            words.append(f"Pain {when} was {values[0]} out of 10.")
    if function.points:
        words.append(
            f"Function (your chosen activities) went from {function.baseline} to "
            f"{function.latest} out of 10."
        )
    if kept.recent_percent is not None:
        words.append(
            f"Over the last weeks, {kept.recent_done} of {kept.recent_planned} planned "
            f"strengthening sessions were done ({kept.recent_percent}%)."
        )
    words += [change.text for change in summary.changes]
    return " ".join(words)


def to_png(svg: str, scale: float = 2.0) -> bytes:
    """The SVG as PNG bytes, `scale` times its size (2 keeps text crisp on dense screens)."""
    import cairosvg  # type: ignore[import-untyped]

    png: bytes = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)
    return png


# --- Pieces --------------------------------------------------------------------------------------


def _span(summary: ProgressSummary) -> tuple[date, date]:
    """Whole weeks from the first Monday with data to the Sunday after the last day shown."""
    days = [p.day for p in summary.sessions] + [p.day for p in summary.function.points]
    days += [w.start for w in summary.adherence.weeks]
    start = min(days, default=summary.today)
    end = max([*days, summary.today])
    first = start - timedelta(days=start.weekday())
    last = end - timedelta(days=end.weekday()) + timedelta(days=7)
    return first, last


def _subtitle(summary: ProgressSummary, first: date, last: date) -> str:
    end = last - timedelta(days=1)
    # Over two calendar years each end names its year ("Dec 2019 to Nov 2026", not "30 Dec to
    # 22 Nov 2026"); months are precise enough then, and keep the line clear of the legend.
    if first.year == end.year:
        shown = f"{_short(first)} to {_short(end)} {end.year}"
    else:
        shown = f"{_month_year(first)} to {_month_year(end)}"
    return f"{shown} · pain: lower is better · function: higher is better"


def _legend(width: int) -> list[str]:
    # Two rows of two, right-aligned, so the title keeps its room on the left.
    items = [
        ("Pain before", PAIN_BEFORE, "", "circle"),
        ("Pain after", PAIN_AFTER, "5 4", "circle"),
        ("Pain next day", PAIN_NEXT_DAY, NEXT_DAY_DASH, "square"),
        ("Function", FUNCTION, "", "diamond"),
    ]
    parts: list[str] = []
    left = width - _RIGHT - 250
    for index, (label, colour, dash, marker) in enumerate(items):
        x = left + (index % 2) * 130
        y = 22 + (index // 2) * 20
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x}" y1="{y}" x2="{x + 26}" y2="{y}" stroke="{colour}" '
            f'stroke-width="2.5"{dashed}/>'
        )
        parts.append(_marker(x + 13, y, colour, marker))
        parts.append(_text(x + 32, y + 4, label, size=12))
    return parts


def _score_axis(scale: _Scale) -> list[str]:
    parts: list[str] = []
    for score in range(0, 11, 2):
        y = scale.y(score)
        parts.append(
            f'<line x1="{scale.x0}" y1="{y:.1f}" x2="{scale.x1}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        parts.append(_text(scale.x0 - 8, y + 4, str(score), size=11, fill=MUTED, anchor="end"))
    parts.append(
        _text(
            16,
            (_SCORE_TOP + _SCORE_BOTTOM) / 2,
            "score (0-10)",
            size=11,
            fill=MUTED,
            anchor="middle",
            rotate=True,
        )
    )
    return parts


def _polyline(points: Sequence[tuple[float, float]], colour: str, dash: str = "") -> str:
    if len(points) < 2:
        return ""
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2.5" '
        f'stroke-linejoin="round" stroke-linecap="round"{dashed}/>'
    )


def _pain_lines(summary: ProgressSummary, scale: _Scale) -> list[str]:
    parts: list[str] = []
    for attribute, colour, dash, shape, days_later in (
        # The next-day check is drawn on the day it was felt: the day after its session.
        ("next_day_pain", PAIN_NEXT_DAY, NEXT_DAY_DASH, "square", 1),
        ("pain_after", PAIN_AFTER, "5 4", "circle", 0),
        ("pain_before", PAIN_BEFORE, "", "circle", 0),
    ):
        points = [
            (scale.x(p.day + timedelta(days=days_later)), scale.y(value))
            for p in summary.sessions
            if (value := getattr(p, attribute)) is not None
        ]
        parts.append(_polyline(points, colour, dash))
        radius = 3.5 if len(points) <= 40 else 2.0
        parts += [_marker(x, y, colour, shape, radius) for x, y in points]
    return [p for p in parts if p]


def _function_line(summary: ProgressSummary, scale: _Scale) -> list[str]:
    points = [(scale.x(p.day), scale.y(p.score)) for p in summary.function.points]
    parts = [_polyline(points, FUNCTION)]
    parts += [_marker(x, y, FUNCTION, "diamond", 6) for x, y in points]
    for point, (x, y) in zip(summary.function.points, points, strict=True):
        parts.append(_text(x, y - 10, f"{point.score:g}", size=11, fill=FUNCTION, anchor="middle"))
    return [p for p in parts if p]


def _week_bars(weeks: Iterable[WeekAdherence], scale: _Scale, *, targets: bool) -> list[str]:
    """A bar a week; `targets` False (a plan withheld until a clinician has seen the person)
    shows what was done and no target to meet."""
    weeks = list(weeks)
    caption = (
        "Strengthening sessions per week: done (filled) of planned (dashed)"
        if targets
        else "Strengthening sessions done per week (no targets until a clinician has seen you)"
    )
    parts = [_text(scale.x0, _BARS_TOP - 8, caption, size=11, fill=MUTED)]
    parts.append(
        f'<line x1="{scale.x0}" y1="{_BARS_BOTTOM}" x2="{scale.x1}" y2="{_BARS_BOTTOM}" '
        f'stroke="{MUTED}"/>'
    )
    most = max([1, *(max(w.planned_sessions, w.done_sessions) for w in weeks)])
    unit = (_BARS_BOTTOM - _BARS_TOP) / most
    # A week narrower than its label ("3/3" is about 22 px at 11 px type) shows the bar only:
    # over a long span the labels would run into each other.
    labelled = (scale.x1 - scale.x0) * 7 / scale.days >= _LABEL_WIDTH
    for week in weeks:
        left = scale.x(week.start, 0.8)
        right = scale.x(week.start + timedelta(days=6), 0.2)
        # At least a hairline, so a week with sessions never vanishes however long the span.
        bar = max(right - left, 1.0)
        if week.planned_sessions and targets:
            top = _BARS_BOTTOM - week.planned_sessions * unit
            parts.append(
                f'<rect x="{left:.1f}" y="{top:.1f}" width="{bar:.1f}" '
                f'height="{week.planned_sessions * unit:.1f}" fill="none" stroke="{PLANNED}" '
                f'stroke-width="1.5" stroke-dasharray="4 3"/>'
            )
        # Pale for a missed week only: one under way, met, or with no target (before set-up,
        # or while a clinician comes first) is not missed.
        colour = DONE if week.met or not week.complete or not week.planned_sessions else PLANNED
        if week.done_sessions:
            top = _BARS_BOTTOM - week.done_sessions * unit
            parts.append(
                f'<rect x="{left:.1f}" y="{top:.1f}" width="{bar:.1f}" '
                f'height="{week.done_sessions * unit:.1f}" fill="{colour}" rx="2"/>'
            )
        if not labelled:
            continue
        label = (
            f"{week.done_sessions}/{week.planned_sessions}" if targets else str(week.done_sessions)
        )
        parts.append(
            _text(
                (left + right) / 2,
                _BARS_BOTTOM - 4,
                label,
                size=11,
                # White reads on the solid blue only; the pale bar of a missed week takes ink.
                fill="#ffffff" if week.done_sessions and colour == DONE else INK,
                anchor="middle",
            )
        )
    return parts


def _date_axis(scale: _Scale, first: date, last: date) -> list[str]:
    weeks = max(1, (last - first).days // 7)
    # At most about ten labels, whatever the span: a label every `step` weeks.
    step = 1 if weeks <= 10 else 2 if weeks <= 20 else 4 if weeks <= 40 else 8
    step = max(step, -(-weeks // _MAX_TICKS))
    # Over more than a calendar year a day and month alone are ambiguous: labels give the year.
    label = _short if first.year == (last - timedelta(days=1)).year else _month_year
    parts: list[str] = []
    monday = first
    index = 0
    while monday < last:
        if index % step == 0:
            x = scale.x(monday, 0)
            parts.append(
                f'<line x1="{x:.1f}" y1="{_SCORE_TOP}" x2="{x:.1f}" y2="{_SCORE_BOTTOM}" '
                f'stroke="{GRID}"/>'
                f'<line x1="{x:.1f}" y1="{_BARS_BOTTOM}" x2="{x:.1f}" y2="{_BARS_BOTTOM + 5}" '
                f'stroke="{MUTED}"/>'
            )
            parts.append(
                _text(x, _BARS_BOTTOM + 20, label(monday), size=11, fill=MUTED, anchor="middle")
            )
        monday += timedelta(days=7)
        index += 1
    return parts


def _marker(x: float, y: float, colour: str, shape: str, size: float = 3.5) -> str:
    if shape == "square":
        return (
            f'<rect x="{x - size:.1f}" y="{y - size:.1f}" width="{2 * size:.1f}" '
            f'height="{2 * size:.1f}" fill="{colour}" stroke="#ffffff" stroke-width="1"/>'
        )
    if shape == "diamond":
        return (
            f'<path d="M{x:.1f},{y - size:.1f} L{x + size:.1f},{y:.1f} L{x:.1f},{y + size:.1f} '
            f'L{x - size:.1f},{y:.1f} Z" fill="{colour}" stroke="#ffffff" stroke-width="1"/>'
        )
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size}" fill="{colour}" stroke="#ffffff" '
        f'stroke-width="1"/>'
    )


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: int = 12,
    fill: str = INK,
    anchor: str = "start",
    weight: str = "normal",
    rotate: bool = False,
) -> str:
    turn = f' transform="rotate(-90 {x:.1f} {y:.1f})"' if rotate else ""
    bold = ' font-weight="bold"' if weight != "normal" else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" '
        f'text-anchor="{anchor}"{bold}{turn}>{escape(content)}</text>'
    )


def _short(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"


def _month_year(day: date) -> str:
    return f"{day.strftime('%b')} {day.year}"
