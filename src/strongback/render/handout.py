"""The printable handout: the plan on paper, rendered from HTML templates with WeasyPrint.

`handout_html` builds the page from a plan and the catalog (pure: no store, no clock), so the CLI
and the web app print exactly the same thing; `render_handout` turns it into PDF bytes.

Both print the coming `HANDOUT_DAYS` days from the day it is printed (`handout_weeks` names the
plan weeks they fall in, `coming_days` picks them out), not the calendar week that holds it: printed
on a Saturday, a Monday-to-Sunday handout would be mostly past.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from strongback import SAFETY_NOTICE, __version__
from strongback.catalog import Catalog, Exercise
from strongback.plan import Phase, PlannedExercise, SessionPlan, WeekPlan, dose_in_words
from strongback.planner import week_start
from strongback.render.figures import FigureSpec, describe, strip_svg

TEMPLATES = Path(__file__).parent / "templates"
HANDOUT_DAYS = 7
# The planner words a day's cuts and holds for the day it plans ("left out today", "2 sets today",
# "nothing steps up today"). On paper covering several days that "today" is wrong, so it goes;
# the day the note belongs to is named in front of it instead. Only after these words: a
# screening's "see a doctor today" is about the day it is read, and stays.
_DAY_BOUND_TODAY = re.compile(r"\b(up|out|sets?|doses) today\b")


class Paper(StrEnum):
    A4 = "a4"
    LETTER = "letter"

    @property
    def css_size(self) -> str:
        return "A4" if self is Paper.A4 else "letter"


@dataclass(frozen=True)
class ExerciseBlock:
    number: int
    id: str
    name: str
    phase: str
    position: str
    dose: str
    why: str
    figure: Markup | None
    steps: Sequence[str]
    cues: Sequence[str]
    cautions: Sequence[str]
    contraindications: Sequence[str]
    breathing: str
    sources: Sequence[str]
    other_doses: Sequence[str]


#: What the day-by-day table says of a day before the first set-up: not a rest day, since nothing
#: was planned for it (as `strongback plan --week` says).
BEFORE_START = "Before you started"


@dataclass(frozen=True)
class DayColumn:
    day: date
    kind: str
    minutes: int
    planned: frozenset[str]

    @property
    def label(self) -> str:
        return self.day.strftime("%a %d %b")

    @property
    def short(self) -> str:
        return self.day.strftime("%a")


def _minutes(seconds: int) -> int:
    return max(1, round(seconds / 60)) if seconds else 0


Plan = WeekPlan | SessionPlan | Sequence[SessionPlan]


def handout_weeks(first_day: date) -> list[date]:
    """The Mondays of the plan weeks that the handout's days, from `first_day`, fall in."""
    days = (first_day + timedelta(days=offset) for offset in range(HANDOUT_DAYS))
    return sorted({week_start(day) for day in days})


def coming_days(weeks: Sequence[WeekPlan], first_day: date) -> list[SessionPlan]:
    """The `HANDOUT_DAYS` planned days from `first_day`, taken from `weeks` (`handout_weeks`)."""
    given = {day.day: day for week in weeks for day in week.days}
    wanted = [first_day + timedelta(days=offset) for offset in range(HANDOUT_DAYS)]
    missing = [day for day in wanted if day not in given]
    if missing:
        raise ValueError(f"the plans given do not cover {missing[0]:%a %d %b %Y}")
    return [given[day] for day in wanted]


def _days(plan: Plan) -> list[SessionPlan]:
    if isinstance(plan, WeekPlan):
        return list(plan.days)
    if isinstance(plan, SessionPlan):
        return [plan]
    if not plan:
        raise ValueError("a handout needs at least one planned day")
    return list(plan)


def _notes(days: Sequence[SessionPlan]) -> list[str]:
    """The plan's notes in the words of the days they belong to.

    A note every day shares is printed once, first; one that some days have (a cut to fit the
    time, say) names those days, so "left out" on Saturday does not seem to contradict Monday's
    table.
    """
    on_days: dict[str, dict[date, None]] = {}  # each note's days, in order, each once
    for day in days:
        for note in day.notes:
            on_days.setdefault(_DAY_BOUND_TODAY.sub(r"\1", note), {})[day.day] = None
    every_day = [note for note, when in on_days.items() if len(when) == len(days)]
    some_days = [
        f"{', '.join(f'{day:%a %d %b}' for day in when)}: {note}"
        for note, when in on_days.items()
        if len(when) < len(days)
    ]
    return every_day + some_days


def _ordered(days: Sequence[SessionPlan]) -> list[list[PlannedExercise]]:
    """Each exercise once, stretches before strengthening, with every dose it is given."""
    seen: dict[str, list[PlannedExercise]] = {}
    for day in days:
        for planned in day.exercises:
            seen.setdefault(planned.exercise_id, []).append(planned)
    return sorted(seen.values(), key=lambda group: group[0].phase is not Phase.STRETCH)


def _figure(exercise: Exercise) -> Markup | None:
    spec = FigureSpec.of(exercise)
    if not spec.poses:
        return None
    svg = strip_svg(spec, panel_width=120, max_height=150)
    # An image of our SVG, not the SVG inline: WeasyPrint then reads it with its XML parser, and
    # its hundreds of elements stay out of the HTML parser and the page's style cascade. It is
    # still drawn as vectors, and the tagged PDF gets the whole description as the figure's
    # alternative text (an inline SVG gives it only the title).
    source = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
    return Markup('<img src="{}" alt="{}">').format(source, f"{spec.name}. {describe(spec)}")


def _breathing(exercise: Exercise) -> str:
    rhythm = exercise.breathing
    return f"in for {rhythm.inhale_seconds:g} s, out for {rhythm.exhale_seconds:g} s. {rhythm.cue}"


def _block(number: int, group: Sequence[PlannedExercise], catalog: Catalog) -> ExerciseBlock:
    planned = group[0]
    exercise = catalog.get(planned.exercise_id)
    if exercise is None:
        raise ValueError(
            f"the plan names exercise '{planned.exercise_id}', which is not in the catalog"
        )
    doses = list(dict.fromkeys(dose_in_words(p.dosage, p.sides) for p in group))
    return ExerciseBlock(
        number=number,
        id=exercise.id,
        name=planned.name,
        phase="Stretch" if planned.phase is Phase.STRETCH else "Strengthen",
        position=exercise.position.label,
        dose=doses[0],
        other_doses=doses[1:],
        why=planned.why,
        figure=_figure(exercise),
        steps=exercise.steps,
        cues=exercise.cues,
        cautions=[*exercise.cautions[:3], *exercise.mistakes[:1]],
        contraindications=exercise.contraindications,
        breathing=_breathing(exercise),
        sources=planned.sources or catalog.source_titles(exercise),
    )


def _columns(plan: Plan) -> list[DayColumn]:
    if not isinstance(plan, SessionPlan):
        return [
            DayColumn(
                day=day.day,
                kind=BEFORE_START if day.before_start else day.kind.label,
                minutes=_minutes(day.estimated_seconds),
                planned=frozenset(p.exercise_id for p in day.exercises),
            )
            for day in _days(plan)
        ]
    # One session: the person repeats it, so every day of the coming week gets boxes.
    ids = frozenset(p.exercise_id for p in plan.exercises)
    return [
        DayColumn(
            day=plan.day + timedelta(days=offset),
            kind=plan.kind.label,
            minutes=_minutes(plan.estimated_seconds),
            planned=ids,
        )
        for offset in range(7)
    ]


def handout_html(
    plan: Plan,
    catalog: Catalog,
    *,
    paper: Paper | str = Paper.A4,
    made_on: date | None = None,
) -> str:
    """The handout as one self-contained HTML page (inline SVG and CSS, no external files)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    paper = Paper(paper)
    days = _days(plan)
    groups = _ordered(days)
    blocks = [_block(number, group, catalog) for number, group in enumerate(groups, start=1)]
    columns = _columns(plan)
    working = [c for c in columns if c.minutes]
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = env.get_template("handout.html")
    return template.render(
        paper=paper.css_size,
        start=columns[0].day,
        end=columns[-1].day,
        made_on=made_on or days[0].day,
        columns=columns,
        longest=max((c.minutes for c in working), default=0),
        shortest=min((c.minutes for c in working), default=0),
        blocks=blocks,
        notes=_notes(days),
        breathing_rule=catalog.breathing.text,
        safety_notice=SAFETY_NOTICE,
        version=__version__,
    )


def render_handout(
    plan: Plan,
    catalog: Catalog,
    *,
    paper: Paper | str = Paper.A4,
    made_on: date | None = None,
) -> bytes:
    """The handout as PDF bytes (A4 by default, or US Letter)."""
    return _pdf(handout_html(plan, catalog, paper=paper, made_on=made_on))


# The same page makes the same PDF, and making one takes a second or two: asked again the same
# day with nothing recorded since (A4 and then Letter, or a second click), the web app answers at
# once. A few handouts of ~150 kB each.
@lru_cache(maxsize=6)
def _pdf(html: str) -> bytes:
    from strongback.render.pdf import html_to_pdf

    return html_to_pdf(html)


def write_handout(
    plan: Plan,
    catalog: Catalog,
    path: Path,
    *,
    paper: Paper | str = Paper.A4,
    made_on: date | None = None,
) -> Path:
    path.write_bytes(render_handout(plan, catalog, paper=paper, made_on=made_on))
    return path
