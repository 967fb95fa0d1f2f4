"""How the progress summary looks in the terminal: panels of sessions, pain, function, changes.

Private to the CLI: `strongback progress` draws its summary with `show_summary`, as is or above a
referral. Only the standard library is imported at module level; Rich and the safety notice are
imported when something is drawn, so importing this stays cheap for `strongback --help`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from strongback.cli._common import out, plural

if TYPE_CHECKING:
    from rich.console import RenderableType

    from strongback.progress import ProgressSummary

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    """0-10 scores as bars, ▁ for 0 and █ for 10, one character each."""
    top = len(SPARKS) - 1
    return "".join(SPARKS[round(max(0.0, min(10.0, v)) / 10 * top)] for v in values)


def show_summary(summary: ProgressSummary, *, footer: bool = True) -> None:
    """The summary in panels; `footer` False when the referral follows with its own notice."""
    from rich.console import Group
    from rich.panel import Panel

    from strongback import SAFETY_NOTICE

    console = out()
    if summary.see_clinician:
        console.print(Panel(summary.see_clinician, title="See a clinician", border_style="red"))
    console.print(Panel(Group(*_adherence_lines(summary)), title="Sessions", title_align="left"))
    console.print(
        Panel(Group(*_trend_lines(summary)), title="Pain and function", title_align="left")
    )
    messages = [
        ("[green]✔[/] " if c.improved else "[yellow]![/] ") + c.text for c in summary.changes
    ]
    messages += summary.notes
    messages += _command_hints(summary)
    if messages:
        console.print(Panel("\n".join(messages), title="What it means", title_align="left"))
    if footer:
        console.print(f"[dim]{SAFETY_NOTICE}[/]")


def _command_hints(summary: ProgressSummary) -> list[str]:
    """The terminal's own ways to act on the summary's plain-words notes."""
    hints: list[str] = []
    if not summary.sessions and not summary.plan_withheld:
        hints.append(
            "[bold]strongback start[/] plays a session; [bold]strongback log[/] records one."
        )
    # A first rating is already asked for, with its command, in the function line.
    if (
        summary.function.points
        and summary.function.next_due <= summary.today
        and not summary.plan_withheld
    ):
        hints.append("Rate your activities with [bold]strongback function[/].")
    return hints


def _adherence_lines(summary: ProgressSummary) -> list[RenderableType]:
    kept, streaks = summary.adherence, summary.streaks
    week = kept.this_week
    lines: list[RenderableType] = []
    if summary.plan_withheld:
        # Only what was done: no target to meet, and no nudge towards setup or a session.
        done = plural(week.done_sessions, "strengthening session") if week else "no sessions"
        stretched = plural(week.stretch_days if week else 0, "day")
        lines.append(f"This week: {done} recorded, stretches on {stretched}.")
    elif week is None:
        lines.append("No plan or session yet this week.")
    else:
        # Against the days the week's plan holds (strongback plan --week shows the same ones).
        if week.planned_sessions:
            done = (
                f"{week.done_sessions} of {plural(week.planned_sessions, 'strengthening session')}"
            )
        elif week.planned_stretch_days:
            done = f"{plural(week.done_sessions, 'strengthening session')} (none planned)"
        else:
            done = (
                f"{plural(week.done_sessions, 'strengthening session')} (no plan yet: "
                "[bold]strongback setup[/])"
            )
        stretched = (
            f"{week.stretch_days} of {plural(week.planned_stretch_days, 'day')}"
            if week.planned_stretch_days
            else plural(week.stretch_days, "day")
        )
        lines.append(f"This week: {done}, stretches on {stretched}.")
    if kept.recent_percent is not None:
        # The weeks measured: those with a plan, from set-up on, never the weeks before it.
        lines.append(
            f"Last {plural(kept.recent_weeks, 'week')}: {kept.recent_done} of "
            f"{kept.recent_planned} sessions ({kept.recent_percent}%)."
        )
    if summary.plan_withheld:
        return lines
    lines.append(
        f"Streaks: {plural(streaks.weeks, 'week')} meeting the plan (best {streaks.best_weeks}), "
        f"{plural(streaks.days, 'day')} of stretches (best {streaks.best_days})."
    )
    return lines


def _trend_lines(summary: ProgressSummary) -> list[RenderableType]:
    from strongback.progress import PAIN_AT_REST, PAIN_AT_REST_WHEN

    pain, function = summary.pain, summary.function
    lines: list[RenderableType] = []
    befores = [float(p.pain_before) for p in summary.sessions if p.pain_before is not None]
    afters = [float(p.pain_after) for p in summary.sessions if p.pain_after is not None]
    next_days = [float(p.next_day_pain) for p in summary.sessions if p.next_day_pain is not None]
    if pain.readings:
        level = (
            f"about {pain.baseline} at first, {pain.current} lately"
            if pain.current is not None
            else f"about {pain.baseline} so far"
        )
        lines.append(
            f"{PAIN_AT_REST} (0-10, {PAIN_AT_REST_WHEN}): first {pain.first}, latest "
            f"{pain.latest}; {level}."
        )
        if befores:
            lines.append(f"  before sessions  {_spark_line(befores)}")
        if afters:
            lines.append(f"  after sessions   {_spark_line(afters)}")
        if next_days:
            lines.append(f"  the day after    {_spark_line(next_days)}")
    elif summary.plan_withheld:
        lines.append("Pain: not recorded yet.")
    else:
        lines.append(
            "Pain: not recorded yet (answer the pain questions, or log with --pain-before)."
        )
    if function.points:
        scores = [p.score for p in function.points]
        lines.append(
            f"Function (0-10, your activities): first {function.baseline}, latest "
            f"{function.latest}  {sparkline(scores)}; next rating due {function.next_due}."
        )
        latest = function.points[-1].activities
        lines.append("  " + ", ".join(f"{name} {score}" for name, score in latest.items()))
    elif summary.plan_withheld:
        lines.append("Function: not rated yet.")
    else:
        lines.append("Function: not rated yet ([bold]strongback function[/]).")
    return lines


def _spark_line(values: list[float]) -> str:
    """The latest 30 values as bars, then first and last as numbers (bars round to eighths)."""
    shown = values[-30:]
    return f"{sparkline(shown)}  {shown[0]:g} → {shown[-1]:g}"
