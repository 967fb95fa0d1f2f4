"""`strongback plan`: today's session or the week, from the stored profile and session history.

The plan is built by the pure planner from what the store holds: the current profile with its
screening, and every recorded session (which drives progression). A screening that blocks the plan
prints the referral and exits 3; no profile yet exits 1 and says to run `strongback setup`.
A day the person stopped for a flare (`services.rest_day`) shows as such, with only the stretches
that `strongback start` and the Today page still offer.

Only Typer is imported at module level so `strongback --help` stays fast.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from strongback.cli._common import (
    SETUP_FIRST,
    fail,
    open_repository,
    out,
    parse_day,
    plural,
    print_json,
    refer,
    safety_footer,
)

#: A day stopped for a flare, as the Today and week pages head it.
STOPPED_FOR_A_FLARE = "Stopped for a flare"

if TYPE_CHECKING:
    from rich.console import Console

    from strongback.catalog import Catalog
    from strongback.plan import PlanChange, SessionPlan, WeekPlan
    from strongback.services import RestDay


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""

    @app.command()
    def plan(
        week: bool = typer.Option(
            False,
            "--week",
            help="Show the whole week (Monday to Sunday) of today, or of --date: a day of next "
            "week shows next week.",
        ),
        as_json: bool = typer.Option(False, "--json", help="Print the plan as JSON."),
        on: str | None = typer.Option(
            None, "--date", metavar="YYYY-MM-DD", help="Plan for this day instead of today."
        ),
    ) -> None:
        """Show today's session: exercises, doses, time and why each one is there.

        Exits with code 3, and shows no plan, when your answers mean a clinician should see you
        first; exits with code 1 when you have not run `strongback setup` yet.
        """
        day = parse_day(on)
        from strongback import services
        from strongback.catalog import CatalogError, default_catalog
        from strongback.planner import PlanWithheld
        from strongback.store import StoreError

        try:
            catalog = default_catalog()
        except CatalogError as exc:
            fail(str(exc))
        # The same use cases as the web app, so both show the same plan from the same data.
        today = date.today()
        try:
            with open_repository() as repo:
                stored = services.current_profile(repo)
                result: SessionPlan | WeekPlan
                if week:
                    result = services.plan_for_week(repo, catalog, day)
                    plans = result.days
                else:
                    result = services.plan_for_day(repo, catalog, day)
                    plans = [result]
                rests = services.rest_days_of(repo, plans, today)
        except services.NoProfile:
            fail(SETUP_FIRST)
        except StoreError as exc:
            fail(f"cannot read your data: {exc}")
        except PlanWithheld as withheld:
            refer(withheld, headline="No exercise plan for now", as_json=as_json)

        from strongback.plan import WeekPlan

        if isinstance(result, WeekPlan):
            result = result.model_copy(update={"days": [_shown(d, rests) for d in result.days]})
        else:
            result = _shown(result, rests)
        if as_json:
            print_json(_json(result, stored.version, catalog, rests, today))
            return
        console = out()
        if isinstance(result, WeekPlan):
            _show_week(console, result, today, rests)
        else:
            _show_session(console, result, catalog, rests.get(result.day), today)
        _footer(console)


# --- A day stopped for a flare ------------------------------------------------------------------


def _shown(plan: SessionPlan, rests: dict[date, RestDay]) -> SessionPlan:
    """`plan` as it stands after a stop for a flare that day (`RestDay.shown`); `plan` itself
    on any other day."""
    rest = rests.get(plan.day)
    return plan if rest is None else rest.shown(plan)


# --- JSON ---------------------------------------------------------------------------------------


def _session_json(
    session: SessionPlan, catalog: Catalog, rests: dict[date, RestDay], today: date
) -> dict[str, Any]:
    from strongback.plan import dose_in_words
    from strongback.timeline import skip_if

    data = session.model_dump(mode="json")
    data["estimated_minutes"] = round(session.estimated_minutes, 1)
    for planned, item in zip(session.exercises, data["exercises"], strict=True):
        item["dose"] = dose_in_words(planned.dosage, planned.sides)
        item["skip_if"] = skip_if(catalog.get(planned.exercise_id))
    rest = rests.get(session.day)
    data["stopped_for_flare"] = None if rest is None else rest.as_json(today)
    return data


def _json(
    result: SessionPlan | WeekPlan,
    version: int,
    catalog: Catalog,
    rests: dict[date, RestDay],
    today: date,
) -> dict[str, Any]:
    from strongback import SAFETY_NOTICE
    from strongback.plan import WeekPlan

    data: dict[str, Any] = {"profile_version": version}
    if isinstance(result, WeekPlan):
        data["week"] = {
            "start": result.start.isoformat(),
            "days": [_session_json(day, catalog, rests, today) for day in result.days],
        }
    else:
        data["session"] = _session_json(result, catalog, rests, today)
    data["safety_notice"] = SAFETY_NOTICE
    return data


# --- Rich output --------------------------------------------------------------------------------


def _clock(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}:{rest:02d}"


def _day_title(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _show_session(
    console: Console,
    session: SessionPlan,
    catalog: Catalog,
    rest: RestDay | None = None,
    today: date | None = None,
) -> None:
    from rich.markup import escape
    from rich.table import Table

    from strongback.plan import Phase, dose_in_words
    from strongback.timeline import skip_if

    console.print(f"[bold]{_day_title(session.day)}[/]: {session.kind.label.lower()}")
    if rest is not None:
        # What is left of the day, if anything, follows; nothing left is said here.
        _stopped(console, session, rest, today)
    elif not session.exercises:
        # No minutes to count: say why the day is empty instead.
        console.print(f"No exercises today: {_why_empty(session)}")
    if session.exercises:
        minutes = max(1, round(session.estimated_minutes))  # a 40 s stretch is "about 1 minute"
        console.print(f"About {plural(minutes, 'minute')} of your {session.minutes_budget}.")
        table = Table(show_lines=True, expand=True)
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("Exercise", ratio=2)
        table.add_column("Dose", ratio=2)
        table.add_column("Time", justify="right", no_wrap=True)
        table.add_column("Why", ratio=4)
        phase = None
        for number, planned in enumerate(session.exercises, start=1):
            if planned.phase is not phase:
                phase = planned.phase
                label = "Stretches" if phase is Phase.STRETCH else "Strengthening"
                table.add_row("", f"[bold]{label}[/]", "", "", "")
            exercise = catalog.get(planned.exercise_id)
            where = exercise.position.label if exercise else planned.position.value
            sources = "; ".join(planned.sources)
            why = f"{escape(planned.why)}\n[dim]From: {escape(sources)}[/]"
            # The card's own contraindications, in one line, where the plan is read.
            caution = skip_if(exercise)
            if caution:
                why += f"\n[yellow]{escape(caution)}[/]"
            table.add_row(
                str(number),
                f"{escape(planned.name)}\n[dim]{escape(where)}[/]",
                escape(dose_in_words(planned.dosage, planned.sides)),
                _clock(planned.estimated_seconds),
                why,
            )
        console.print(table)
    _changes(console, session.changes)
    _notes(console, session.notes)


def _stopped(console: Console, session: SessionPlan, rest: RestDay, today: date | None) -> None:
    """A day stopped for a flare, as `strongback start` says it (`RestDay`); on that day itself,
    with the flare's care and what is still offered."""
    console.print(STOPPED_FOR_A_FLARE, style="bold", markup=False)
    console.print(rest.words if today is None else rest.words_on(today), markup=False)
    if session.day != today:
        return
    console.print(rest.advice, style="bold red", markup=False)
    console.print(rest.offer(session if session.exercises else None), markup=False)


def _why_empty(session: SessionPlan) -> str:
    from strongback.plan import DayKind

    if session.kind is DayKind.REST:
        return "it is a rest day, so your back can recover. Gentle walking is welcome."
    why = "the notes below say why" if session.notes else "change your answers to get some"
    return f"nothing in the catalog fits your answers; {why}."


def _changes(console: Console, changes: list[PlanChange]) -> None:
    from rich.markup import escape

    if not changes:
        return
    console.print("[bold]What changed since last time and why[/]")
    _bullets(
        console,
        [f"{escape(c.reason)} [dim]({escape('; '.join(c.sources))})[/]" for c in changes],
    )


def _notes(console: Console, notes: list[str]) -> None:
    from rich.markup import escape

    from strongback import SAFETY_NOTICE

    # A note that carries the safety notice (the screening's advice) leaves it to the boxed
    # footer: said once, it is read.
    notes = [text for note in notes if (text := note.replace(SAFETY_NOTICE, "").strip())]
    if not notes:
        return
    console.print("[bold]Notes[/]")
    _bullets(console, [escape(note) for note in notes])


def _bullets(console: Console, lines: list[str]) -> None:
    """A bulleted list whose wrapped lines hang under the text, not under the bullet."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for line in lines:
        grid.add_row("  •", line)
    console.print(grid)


def _show_week(
    console: Console, week: WeekPlan, today: date, rests: dict[date, RestDay] | None = None
) -> None:
    from rich.markup import escape
    from rich.table import Table

    console.print(f"[bold]Your week from {_day_title(week.start)}[/]")
    table = Table(show_lines=True, expand=True)
    table.add_column("Day", no_wrap=True)
    table.add_column("Session", no_wrap=True)
    table.add_column("Exercises", ratio=4)
    table.add_column("Time", justify="right", no_wrap=True)
    for session in week.days:
        marker = " (today)" if session.day == today else ""
        when = f"{session.day:%a} {session.day.day} {session.day:%b}{marker}"
        if session.before_start:
            # Not a rest day or a missed one: nothing was planned before the first set-up.
            table.add_row(f"[dim]{when}[/]", "[dim]before you started[/]", "", "")
            continue
        if rests and session.day in rests:
            # Only the stretches were left that day, as `strongback start` offered them.
            names = ", ".join(p.name for p in session.exercises)
            kind = STOPPED_FOR_A_FLARE + (f"\n{session.kind.label.lower()}" if names else "")
            seconds = _clock(session.estimated_seconds) if names else ""
            table.add_row(when, kind, escape(names), seconds)
            continue
        names = ", ".join(p.name for p in session.exercises) or "rest"
        table.add_row(
            when,
            session.kind.label,
            escape(names),
            _clock(session.estimated_seconds),
        )
    console.print(table)
    console.print("Run [bold]strongback plan --date YYYY-MM-DD[/] for a day's doses and reasons.")
    other_weeks = _other_weeks(week)
    if other_weeks:
        console.print(other_weeks)
    seen: set[str] = set()
    changes = []
    for session in week.days:
        for change in session.changes:
            if change.exercise_id not in seen:
                seen.add(change.exercise_id)
                changes.append(change)
    _changes(console, changes)
    notes = list(dict.fromkeys(n for s in week.days for n in s.notes))
    _notes(console, notes)


def _other_weeks(week: WeekPlan) -> str:
    """How to see the next week (and the one before, while some of it was planned), as the week
    page links them: someone who set up on a Sunday sees six days before they started, and then
    goes on."""
    from datetime import timedelta

    from strongback.days import FIRST_DAY, LAST_DAY

    after = week.start + timedelta(days=7)
    before = week.start - timedelta(days=7)
    ways = []
    if after <= LAST_DAY:
        ways.append(f"next week: [bold]strongback plan --week --date {after.isoformat()}[/]")
    if not week.days[0].before_start and before >= FIRST_DAY:
        command = "--date" if ways else "strongback plan --week --date"
        ways.append(f"the week before: [bold]{command} {before.isoformat()}[/]")
    text = "; ".join(ways)
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def _footer(console: Console) -> None:
    safety_footer(console, boxed=True)
