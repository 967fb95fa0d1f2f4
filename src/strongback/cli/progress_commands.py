"""Progress: checkin, function and progress; `log` and the data commands are registered here too.

`log` (in `log_commands`) keeps an honest record of sessions done away from the computer; `export`,
`import` and `forget` are in `data_commands`. `checkin` and `function` add the next-day pain and
the PSFS ratings; `progress` shows what the history adds up to (the measures live in the pure
`strongback.progress`, the terminal's panels in `_progress_view`). Only Typer and the standard
library are imported at module level, so `strongback --help` stays fast; each command imports what
it needs when it runs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from strongback.cli import _common
from strongback.cli._common import fail, open_repository, out, print_json
from strongback.cli._progress_view import show_summary

if TYPE_CHECKING:
    from strongback.planner import PlanWithheld
    from strongback.progress import ProgressSummary
    from strongback.store import Repository

DATE_HELP = "The day it happened, YYYY-MM-DD (default: today)."


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    from strongback.cli import data_commands, log_commands

    log_commands.register(app)
    app.command()(checkin)
    app.command("function")(rate_function)
    app.command()(progress)
    data_commands.register(app)


# --- Shared ------------------------------------------------------------------------------------


def parse_day(text: str | None, *, allow_future: bool = False) -> date:
    """Records are of things done: their dates may not lie ahead unless asked."""
    return _common.parse_day(text, allow_future=allow_future)


def check_record_day(repo: Repository, day: date) -> None:
    """Refuse (exit 1) a day no record may have: the rule is the web's too
    (`services.check_record_day`: not in the future, nor long before the first set-up)."""
    from strongback.services import RecordDayRefused
    from strongback.services import check_record_day as check

    try:
        check(repo, day)
    except RecordDayRefused as refused:
        fail(f"--date: {refused}")


# --- checkin and function ------------------------------------------------------------------------


def checkin(
    pain: Annotated[
        int,
        typer.Option(
            "--pain", min=0, max=10, metavar="PAIN", help="How your back feels now, 0 to 10."
        ),
    ],
    session_id: Annotated[
        int | None,
        typer.Option(
            "--session",
            metavar="ID",
            help="The session this follows (default: your latest before today).",
        ),
    ] = None,
    when: Annotated[
        str | None, typer.Option("--date", metavar="YYYY-MM-DD", help=DATE_HELP)
    ] = None,
) -> None:
    """Tell strongback how your back feels the day after a session; the next plan listens."""
    from strongback.services import (
        FLARE_ADVICE,
        CheckInRefused,
        check_in_subject,
        flare_steps_plan_back,
        record_next_day_pain,
    )
    from strongback.store import NotFound

    day = parse_day(when)
    today = date.today()
    with open_repository() as repo:
        check_record_day(repo, day)
        # One rule with the web's check-in: a finished session, on a later day (services).
        try:
            target = record_next_day_pain(repo, pain, day, today, session_id=session_id)
        except NotFound as exc:
            fail(f"--session: {exc} (see `strongback history`)")
        except CheckInRefused as refused:
            if refused.latest is not None:
                fail(f"{refused} (use --session {refused.latest.id} to record it anyway)")
            fail(f"--session: {refused}" if session_id is not None else str(refused))
        # The flare's words only when the plan steps back for it: one rule with the plan's.
        flare = flare_steps_plan_back(repo, target, pain, today)
    console = out()
    earlier = target.feedback.next_day_pain  # the session as it was before this check-in
    again = "" if earlier is None else ", as you gave earlier"
    if earlier not in (None, pain):
        again = f"; it replaces the {earlier}/10 you gave earlier"
    subject = check_in_subject(target, today)  # as the Today page's card words it
    console.print(f"Noted: pain {pain}/10 the day after {subject}{again}.")
    if flare:
        from strongback import CLINICIAN_NOTICE

        console.print(FLARE_ADVICE)
        # Advice about pain comes with the notice, every time: without the emergency line here,
        # which the flare advice has just given.
        console.print(CLINICIAN_NOTICE, style="dim", markup=False)


def rate_function(
    activity: Annotated[
        list[str] | None,
        typer.Option(
            "--activity",
            "-a",
            metavar="TEXT",
            help="An activity your back makes hard; repeat, up to three.",
        ),
    ] = None,
    score: Annotated[
        list[int] | None,
        typer.Option(
            "--score",
            "-s",
            min=0,
            max=10,
            metavar="INTEGER",
            help="0 = cannot do it, 10 = as before; one each.",
        ),
    ] = None,
    when: Annotated[
        str | None, typer.Option("--date", metavar="YYYY-MM-DD", help=DATE_HELP)
    ] = None,
) -> None:
    """Rate the activities your back makes hard (0-10), at the start and every two weeks.

    This is the Patient-Specific Functional Scale. Without options it asks for each activity.
    """
    from strongback.cli._function_questions import ask_ratings
    from strongback.services import FunctionRefused, rated_activities
    from strongback.services import rate_function as record_ratings

    day = parse_day(when)
    activity, score = activity or [], score or []
    if len(activity) != len(score):
        fail("give one --score for each --activity, in the same order")
    with open_repository() as repo:
        check_record_day(repo, day)
        pairs = list(zip(activity, score, strict=True)) or ask_ratings(rated_activities(repo))
        # One set of rules with the web's form (services): merging names, length, at most three.
        try:
            stored = record_ratings(repo, pairs, day)
        except FunctionRefused as refused:
            option = {"activity": "--activity", "score": "--score", "day": "--date"}[refused.field]
            fail(refused.reason if refused.index is None else f"{option}: {refused.reason}")
    words = ", ".join(f"{s.activity} {s.score}/10" for s in stored)
    out().print(f"Noted for {day}: {words}. Rate them again in two weeks.")


# --- progress ------------------------------------------------------------------------------------


def progress(
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the whole summary as JSON.")
    ] = False,
    chart: Annotated[
        Path | None,
        typer.Option(
            "--chart", metavar="FILE.svg|FILE.png", help="Also write a chart of your progress."
        ),
    ] = None,
    when: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="Show progress as of this day."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the chart file if it is already there.")
    ] = False,
) -> None:
    """Your progress: sessions against the plan, streaks, pain and function, and what changed."""
    today = parse_day(when, allow_future=True)
    kind = chart.suffix.lower() if chart is not None else None
    if chart is not None and kind not in (".svg", ".png"):
        fail(f"--chart: {chart.name} must end in .svg or .png")
    if chart is not None:
        _common.new_file(chart, force=force, option="--chart")
    summary, withheld = _load(today)
    if chart is not None:
        _write_chart(summary, chart)
    if withheld is not None:
        _refer(summary, withheld, chart, as_json=as_json)
    if as_json:
        print_json(summary.model_dump(mode="json"))
        return
    show_summary(summary)
    if chart is not None:
        out().print(f"Chart written to {chart}")


def _load(today: date) -> tuple[ProgressSummary, PlanWithheld | None]:
    """The progress summary of the stored history, as of `today`, and the referral when the
    screening sends the person to a clinician first (the summary then sets no targets)."""
    from strongback.catalog import CatalogError, default_catalog
    from strongback.services import progress_for

    try:
        # The catalog `plan --week` plans from, so adherence asks for what the week showed.
        catalog = default_catalog()
    except CatalogError as exc:
        fail(str(exc))
    with open_repository() as repo:
        # Today's rules, not the screening saved with the answers: a rule added since applies.
        return progress_for(repo, today, catalog)


def _refer(
    summary: ProgressSummary, withheld: PlanWithheld, chart: Path | None, *, as_json: bool
) -> NoReturn:
    """What was recorded (no targets), then the referral every command gives; exit 3.

    As JSON: the summary under "progress" with the referral's keys beside it, as `refer` gives
    them, so a script sees both the history and why there is no plan."""
    from strongback import SAFETY_NOTICE

    if as_json:
        print_json(
            {
                "progress": summary.model_dump(mode="json"),
                "withheld": True,
                "screening": withheld.screening.model_dump(mode="json"),
                "reasons": list(withheld.reasons),
                "safety_notice": SAFETY_NOTICE,
            }
        )
        raise typer.Exit(_common.EXIT_SCREENING_BLOCKED)
    if summary.sessions or summary.function.points:
        show_summary(summary, footer=False)
    if chart is not None:
        out().print(f"Chart written to {chart}")
    _common.refer(withheld, headline="No session targets for now")


def _write_chart(summary: ProgressSummary, path: Path) -> None:
    from strongback.render.charts import progress_svg, to_png

    svg = progress_svg(summary)
    try:
        if path.suffix.lower() == ".png":
            path.write_bytes(to_png(svg))
        else:
            path.write_text(svg, encoding="utf-8")
    except OSError as exc:
        fail(f"--chart: cannot write {path}: {exc.strerror or exc}")
