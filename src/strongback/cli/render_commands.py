"""Commands that write files for use away from the terminal: handout, reminders, figures.

`handout` and `reminders` read the plan the way `strongback plan --week` does (the stored profile
and history through `services.plan_for_week`), for every plan week their days fall in: the
handout's seven days from today, the reminders' weeks from today (or from `--date`, refused when
long before the first set-up as `log` refuses it); `figures` needs only the catalog. Only Typer
is imported at module level so `strongback --help` stays fast.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from strongback.cli._common import (
    SETUP_FIRST,
    err,
    fail,
    make_folder,
    new_file,
    open_repository,
    out,
    parse_day,
    plural,
    refer,
    refuse_to_replace,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from strongback.catalog import Catalog
    from strongback.plan import WeekPlan

FROM_HELP = "Start from this day instead of today."
FORCE_HELP = "Replace the file if it is already there."


def _catalog() -> Catalog:
    from strongback.catalog import CatalogError, default_catalog

    try:
        return default_catalog()
    except CatalogError as exc:
        fail(str(exc))


def _weeks(catalog: Catalog, first_day: date, mondays: Sequence[date], what: str) -> list[WeekPlan]:
    """The plans of the weeks starting on `mondays`, from the store; exits 1 without a profile or
    when `first_day` is long before the first set-up (`render.too_early`, the records' rule), 3
    with the referral when the plan is withheld (`what` names what is not written, e.g. "No
    handout written")."""
    from strongback.planner import PlanWithheld
    from strongback.render import too_early
    from strongback.services import NoProfile, earliest_record_day, plan_for_week
    from strongback.store import StoreError

    try:
        with open_repository() as repo:
            # The referral comes first, as `log` gives it before judging the day.
            plans = [plan_for_week(repo, catalog, monday) for monday in mondays]
            earliest = earliest_record_day(repo)
    except StoreError as exc:
        fail(f"cannot read your data: {exc}")
    except NoProfile:
        fail(SETUP_FIRST)
    except PlanWithheld as withheld:
        refer(withheld, headline=what)
    problem = too_early(first_day, earliest)
    if problem:
        fail(f"--date: {problem}")
    return plans


def _writable(path: Path, suffixes: tuple[str, ...], *, force: bool) -> None:
    if path.suffix.lower() not in suffixes:
        fail(f"{path}: the file name should end in {' or '.join(suffixes)}")
    new_file(path, force=force)
    if not path.parent.exists():
        fail(f"{path.parent} does not exist; create the folder first")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""

    @app.command()
    def handout(
        file: Annotated[Path, typer.Argument(metavar="FILE.pdf", help="Where to write the PDF.")],
        paper: Annotated[
            str, typer.Option("--paper", metavar="a4|letter", help="Paper size: a4 or letter.")
        ] = "a4",
        day: Annotated[
            str | None, typer.Option("--date", metavar="YYYY-MM-DD", help=FROM_HELP)
        ] = None,
        force: Annotated[bool, typer.Option("--force", help=FORCE_HELP)] = False,
    ) -> None:
        """Print the plan of the coming 7 days as a PDF: figures, steps, doses, cautions and a
        tick-box grid."""
        _handout(file, paper, day, force=force)

    @app.command()
    def reminders(
        file: Annotated[
            Path, typer.Argument(metavar="FILE.ics", help="Where to write the calendar.")
        ],
        at: Annotated[
            str,
            typer.Option("--at", metavar="HH:MM", help="Time of day for sessions and stretches."),
        ] = "18:00",
        work: Annotated[
            str,
            typer.Option(
                "--work",
                metavar="HH:MM-HH:MM",
                help="Working hours for a break from sitting every two hours on weekdays; "
                "'off' for none.",
            ),
        ] = "09:00-17:00",
        weeks: Annotated[
            int, typer.Option("--weeks", min=1, max=52, metavar="N", help="How many weeks ahead.")
        ] = 4,
        day: Annotated[
            str | None, typer.Option("--date", metavar="YYYY-MM-DD", help=FROM_HELP)
        ] = None,
        force: Annotated[bool, typer.Option("--force", help=FORCE_HELP)] = False,
    ) -> None:
        """Write calendar reminders (.ics): sessions, daily stretches and breaks from sitting.

        Each day's event lists that day's exercises. Import the file into your calendar app;
        importing a newer one updates the reminders instead of adding them twice.
        """
        _reminders(file, at, work, weeks, day, force=force)

    @app.command()
    def figures(
        contact_sheet: Annotated[
            Path | None,
            typer.Option(
                "--contact-sheet",
                metavar="FILE",
                help="Write every exercise's key poses on one sheet (.svg, .html, .pdf or .png).",
            ),
        ] = None,
        folder: Annotated[
            Path | None,
            typer.Option("--dir", metavar="DIR", help="Write one animated SVG per exercise."),
        ] = None,
        force: Annotated[
            bool, typer.Option("--force", help="Replace the sheet or figures already there.")
        ] = False,
    ) -> None:
        """Draw the exercise figures from the pose data in the catalog."""
        _figures(contact_sheet, folder, force=force)


def _handout(file: Path, paper: str, day: str | None, *, force: bool) -> None:
    from strongback.render.handout import Paper, coming_days, handout_weeks, write_handout

    try:
        size = Paper(paper.lower())
    except ValueError:
        fail(f"--paper: '{paper}' is not a paper size; use a4 or letter")
    first_day = parse_day(day)
    _writable(file, (".pdf",), force=force)
    catalog = _catalog()
    weeks = _weeks(catalog, first_day, handout_weeks(first_day), "No handout written")
    try:
        days = coming_days(weeks, first_day)
        # A second or two of layout: on a terminal a spinner shows it is under way (and prints
        # nothing when stderr is a file or a pipe).
        with err().status("Making your handout..."):
            write_handout(days, catalog, file, paper=size, made_on=date.today())
    except OSError as exc:
        fail(f"cannot write {file}: {exc.strerror or exc}")
    out().print(f"Wrote your handout to {file} ({size.css_size} paper).", markup=False)


def _reminders(file: Path, at: str, work: str, weeks: int, day: str | None, *, force: bool) -> None:
    from strongback.render.calendar import (
        ReminderOptions,
        WorkingHours,
        parse_clock,
        weeks_to_plan,
        write_calendar,
    )

    try:
        hours = None if work.strip().lower() == "off" else WorkingHours.parse(work, "--work")
        options = ReminderOptions(at=parse_clock(at, "--at"), working_hours=hours, weeks=weeks)
    except ValueError as exc:
        fail(str(exc))
    first_day = parse_day(day)
    _writable(file, (".ics",), force=force)
    catalog = _catalog()
    # The file is still made now (its stamp and sequence), whatever day the reminders start on.
    now = datetime.now().astimezone()
    plans = _weeks(catalog, first_day, weeks_to_plan(first_day, weeks), "No reminders written")
    try:
        write_calendar(plans, file, options, now=now, first_day=first_day)
    except OSError as exc:
        fail(f"cannot write {file}: {exc.strerror or exc}")
    breaks = len(hours.breaks()) if hours else 0
    sitting = (
        f"{plural(breaks, 'break')} from sitting each working day"
        if breaks
        else "no breaks from sitting"
    )
    out().print(
        f"Wrote {plural(weeks, 'week')} of reminders to {file}: sessions at "
        f"{options.at:%H:%M}, {sitting}. Import it into your calendar.",
        markup=False,
    )


def _figures(contact_sheet: Path | None, folder: Path | None, *, force: bool) -> None:
    from strongback.render.contact_sheet import FORMATS, write_contact_sheet
    from strongback.render.figures import FigureSpec, write_figure

    if contact_sheet is None and folder is None:
        fail("say what to write: --contact-sheet FILE and/or --dir DIR")
    if contact_sheet is not None:
        _writable(contact_sheet, FORMATS, force=force)
    if folder is not None:
        make_folder(folder, "--dir")
    catalog = _catalog()
    drawable = [e for e in catalog if FigureSpec.of(e).poses]
    if not drawable:
        fail("no exercise in the catalog has key poses to draw")
    if folder is not None and not force:
        there = [e.id for e in drawable if (folder / f"{e.id}.svg").exists()]
        if there:
            refuse_to_replace(
                f"--dir: {folder} already holds {plural(len(there), 'figure')} "
                f"({there[0]}.svg{', ...' if len(there) > 1 else ''})",
                instead="give another folder to keep them",
                it="them",
            )
    if contact_sheet is not None:
        try:
            write_contact_sheet([FigureSpec.of(e) for e in drawable], contact_sheet)
        except OSError as exc:
            fail(f"cannot write {contact_sheet}: {exc.strerror or exc}")
        out().print(
            f"Wrote a contact sheet of {plural(len(drawable), 'exercise')} to {contact_sheet}.",
            markup=False,
        )
    if folder is not None:
        for exercise in drawable:
            write_figure(exercise, folder / f"{exercise.id}.svg")
        out().print(f"Wrote {plural(len(drawable), 'figure')} to {folder}.", markup=False)
