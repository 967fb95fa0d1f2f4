"""The plan builder: today's session and the week, from a person's answers, screening and history.

Pure and deterministic: the same profile, screening, date, catalog, rules and history give the same
plan; variety across days comes from a stable rotation keyed on the date, never from chance. The
catalog and the progression rules are inputs, never read here: the adapters and services load them
(`catalog.default_catalog`, `rules.progression.default_progression_rules`), and tests hand in their
own.

How a session is built:

1. **Refuse** when the screening blocks the plan, and also (defence in depth) whenever the profile
   itself has a red flag or an uncleared contraindication: `PlanWithheld` is raised, so no code
   path can turn a blocked person into a plan.
2. **Filter** the catalog to what the person can do: equipment they have (a mat, a chair, a cushion
   and a bit of wall are everyday things, `Equipment.everyday`: a carpet or a folded blanket does
   for a mat, so nobody loses the floor for not owning one), positions they did not rule out
   (avoiding `floor` rules out every floor position; avoiding `kneeling` also rules out all fours,
   since both put weight on the knees), and level 3 only for trained people. Conditions lower the
   level even once a clinician has cleared exercise: level 1 only after a spinal injury or an
   operation, or while pain spreads down a leg; no level 3 in pregnancy. An exercise whose YAML
   lists one of the person's conditions under `leave_out_for` stays out even once cleared.
   Pregnancy, once cleared, also rules out lying on the stomach and strengthening on the back, and
   keeps lying on the back to about two minutes. `conditions_ruling_out` gives the camera coach and
   the log the same safety limits. A session left short for want of equipment says what would fill
   it (`SessionPlan.equipment_to_add`).
3. **Stretches first** for the pain areas (neck, upper, middle, lower back; "none" gets general
   back stretches), then **3 to 5 strengthening exercises** that together cover an abdominal/core,
   a back-extensor and a hip/glute exercise; upper-back pain adds upper-back work.
4. **Never more than the person can do well**: experience caps the counts (beginner 2 stretches
   and 3 strengthening, some training 3 and 4, trained 3 and 5), the goal shapes them (relieve:
   more stretching, gentler doses; strengthen: more strengthening; prevent: balanced), each pick
   is the one nearest the person's level (a beginner gets level 2 only where no level 1 exercise
   fits), and a new exercise starts at a modest number of sets. Strengthening comes on at most 3
   days a week for beginners, 4 with some training and 5 for the trained, spread with rest
   between (`strength_days`); the other days are stretching days. `week_schedule` gives that
   week's layout, which progress measures adherence against.
5. **Progression** from the history sets each dose or swaps in the easier or harder variant; after
   a session whose pain reached the flare threshold, nothing steps up and new exercises start
   with one set. A flare or a stop for pain counts from the moment it is recorded, even for a
   later plan the same day; steps up wait for a later day.
6. **Fit the minutes**: order by position to keep floor changes few, time every exercise with
   `estimate_seconds` (in `strongback.timing`, shared with the session timeline), and when over
   budget shrink doses before dropping what balances the session (see `_plan_fit.fit`); every
   cut is explained in the plan's notes.

Refusing lives in `_plan_refusal`, choosing in `_plan_select`, the week's layout in
`_plan_schedule`, following the history in `_plan_progress`, ordering and fitting in `_plan_fit`,
and the words (why each exercise, what changed, the notes) in `_plan_explain`; a session of
exercises the person picked is laid out in `_plan_chosen`. This module holds the building of a
session and of a week, and the public API.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from strongback._plan_chosen import plan_of_exercises
from strongback._plan_explain import (
    Flare,
    Note,
    changes_as_planned,
    context_notes,
    join,
    no_strengthening_note,
    short_of_equipment,
    soft_floor_note,
    why,
)
from strongback._plan_fit import (
    MIN_STRENGTHENING,
    PREGNANCY_SUPINE_SECONDS,
    Item,
    fit,
    no_more_than_usual,
    pregnancy_limit,
    seconds_of,
)
from strongback._plan_progress import apply_progression
from strongback._plan_refusal import CONTRAINDICATIONS, PlanWithheld, check_plan_allowed
from strongback._plan_schedule import (
    EVERY_DAY,
    NOTHING_PLANNED,
    STRENGTH_DAYS,
    WeekSchedule,
    day_kind,
    schedule_of,
    strength_days,
    week_schedule,
)
from strongback._plan_select import (
    BALANCE_ROLES,
    EXPERIENCE_CAPS,
    GOAL_COUNTS,
    PAIN_REGIONS,
    PREFERRED_LEVEL,
    REGION_WORDS,
    ROLE_WORDS,
    START_SETS,
    STRENGTH_DAY_CAPS,
    allowed_positions,
    conditions_ruling_out,
    limits_for,
    max_level,
    pick_strengthening,
    pick_stretches,
    suitable,
)
from strongback.catalog import Catalog, Region, Role
from strongback.plan import (
    DayKind,
    Phase,
    PlannedExercise,
    SessionPlan,
    WeekPlan,
)
from strongback.profile import Goal, PainArea, Profile
from strongback.progression import Adjustment, ProgressionRules, adjust_for_day
from strongback.records import SessionRecord
from strongback.safety import Screening
from strongback.timing import estimate_seconds

# --- When ---------------------------------------------------------------------------------------


def week_start(day: date) -> date:
    """The Monday of the day's week: weekly schedules are laid out from it."""
    return day - timedelta(days=day.weekday())


def _rotation(profile: Profile, day: date, kind: DayKind) -> int:
    """A counter that moves one step per session of this kind: equivalent exercises take turns."""
    if kind is DayKind.FULL:
        slots = strength_days(profile)
        weeks = week_start(day).toordinal() // 7
        return weeks * len(slots) + slots.index(day.weekday())
    return day.toordinal()


def _seed(profile: Profile) -> int:
    # crc32, not hash(): Python salts string hashes per process, and plans must be reproducible.
    key = "|".join(
        [
            ",".join(a.value for a in profile.pain_areas),
            profile.goal.value,
            profile.experience.value,
        ]
    )
    return zlib.crc32(key.encode())


@dataclass
class _Draft:
    items: list[Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def ids(self) -> set[str]:
        return {item.exercise.id for item in self.items}


# --- Building -----------------------------------------------------------------------------------


def _counts(profile: Profile, kind: DayKind) -> tuple[int, int]:
    cap_stretch, cap_strength = EXPERIENCE_CAPS[profile.experience]
    want_stretch, want_strength = GOAL_COUNTS[profile.goal]
    targets = sum(1 for a in profile.pain_areas if a is not PainArea.NONE)
    stretches = min(cap_stretch, max(want_stretch, targets))
    strength = min(cap_strength, max(want_strength, MIN_STRENGTHENING))
    if kind is DayKind.STRETCH:
        # A stretching day is short: the daily stretches, one more for the relieve goal.
        extra = 1 if profile.goal is Goal.RELIEVE else 0
        return min(stretches + extra, 4), 0
    return stretches, strength


def _session(
    profile: Profile,
    screening: Screening,
    day: date,
    catalog: Catalog,
    adjustments: dict[str, Adjustment],
    flare: Flare | None,
) -> SessionPlan:
    limits = limits_for(profile)
    turn = _rotation(profile, day, day_kind(profile, day)) + _seed(profile)
    preferred = PREFERRED_LEVEL[profile.experience]
    draft = _Draft()
    usable = [e for e in catalog if limits.allows(e)]
    # The week's layout, which progress measures adherence against (`week_schedule`).
    kind = schedule_of(profile, usable).kind(day)
    stretch_pool = [e for e in usable if e.kind.stretches]
    strength_pool = [e for e in usable if e.strengthens]
    no_strengthening: Note | None = None
    if not strength_pool:
        # Nothing strengthening fits: every day is a stretching day, and the notes say why.
        no_strengthening = no_strengthening_note(profile, catalog, limits)
    targets = [PAIN_REGIONS[a] for a in profile.pain_areas if a is not PainArea.NONE]
    stretch_count, strength_count = _counts(profile, kind)
    unreached = [r for r in targets if not any(r in e.regions for e in stretch_pool)]
    if unreached and stretch_pool:
        draft.notes.append(
            "No stretch that fits your equipment and positions works your "
            f"{join(REGION_WORDS[r] for r in unreached)}, where it hurts."
        )

    for exercise, eases in pick_stretches(stretch_pool, targets, stretch_count, turn, preferred):
        draft.items.append(Item(exercise, Phase.STRETCH, exercise.dosage, eases=eases))
    if kind is DayKind.FULL:
        roles: list[Role] = list(BALANCE_ROLES)
        if {Region.UPPER_BACK, Region.NECK} & set(targets):
            roles.append(Role.UPPER_BACK)
        picks, uncovered = pick_strengthening(strength_pool, roles, strength_count, turn, preferred)
        for exercise, covers in picks:
            required = bool(set(covers) & set(BALANCE_ROLES))
            draft.items.append(
                Item(exercise, Phase.STRENGTHEN, exercise.dosage, covers=covers, required=required)
            )
        missing = [r for r in uncovered if r in BALANCE_ROLES]
        if missing:
            draft.notes.append(
                "No exercise you can do with your equipment and positions works the "
                f"{join(ROLE_WORDS[r] for r in missing)}; the session is less balanced without it."
            )
    picked = {phase: sum(1 for item in draft.items if item.phase is phase) for phase in Phase}
    short = short_of_equipment(
        catalog,
        limits,
        draft.ids(),
        {
            Phase.STRETCH: stretch_count - picked[Phase.STRETCH],
            Phase.STRENGTHEN: strength_count - picked[Phase.STRENGTHEN],
        },
    )
    if short is not None:
        draft.notes.append(short.text)

    items, usual, changes = apply_progression(
        draft.items, profile, catalog, limits, adjustments, flare
    )
    if limits.pregnant:
        items = pregnancy_limit(items, draft.notes)
        usual = pregnancy_limit(usual, [])
    if flare is not None:
        # Smaller doses after a flare must not make room for more exercises: a flare steps back.
        items = no_more_than_usual(items, usual, profile.minutes * 60, draft.notes)
    items = fit(items, profile.minutes * 60, draft.notes)

    seconds = seconds_of(items)
    planned = [
        PlannedExercise(
            exercise_id=item.exercise.id,
            name=item.exercise.name,
            kind=item.exercise.kind,
            phase=item.phase,
            position=item.exercise.position,
            sides=item.exercise.sides,
            dosage=item.dosage,
            estimated_seconds=secs,
            why=why(item, targets),
            sources=catalog.source_titles(item.exercise),
        )
        for item, secs in zip(items, seconds, strict=True)
    ]
    notes = context_notes(
        profile, screening, kind, limits, bool(planned), no_strengthening=no_strengthening
    )
    notes += draft.notes
    soft = soft_floor_note(profile, items)
    if soft is not None:
        notes.append(soft)
    hints = [n for n in (no_strengthening, short) if n is not None]
    if flare is not None:
        notes.insert(0, flare.note())  # the most important thing to read today
    return SessionPlan(
        day=day,
        kind=kind,
        exercises=planned,
        estimated_seconds=sum(seconds),
        minutes_budget=profile.minutes,
        notes=notes,
        changes=changes_as_planned(items, changes, profile.minutes),
        equipment_to_add=list(dict.fromkeys(e for note in hints for e in note.equipment)),
    )


def build_session(
    profile: Profile,
    screening: Screening,
    day: date,
    *,
    catalog: Catalog,
    rules: ProgressionRules,
    history: Sequence[SessionRecord] = (),
    adjustments: dict[str, Adjustment] | None = None,
) -> SessionPlan:
    """The session for `day`: stretches, then strengthening on strengthening days.

    Raises `PlanWithheld` when the screening or the profile calls for a clinician first.
    `catalog` holds what may be planned and `rules` how the history moves each dose.
    `history` (oldest first) drives progression. Sessions of later days never count: last
    Friday's plan (and its printed handout) must not quietly show doses that only Saturday earned.
    Sessions of `day` itself count only for safety: a flare or a stop for pain steps back from the
    moment it is recorded, while steps up wait for a later day (`progression.adjust_for_day`).
    Pass `adjustments` instead when already computed.
    """
    check_plan_allowed(profile, screening)
    relevant = [record for record in history if record.plan.day <= day]
    flare = None
    if relevant:
        flare = Flare.on(day, relevant, rules)
        if adjustments is None:
            adjustments = adjust_for_day(relevant, catalog, rules, day)
    return _session(profile, screening, day, catalog, adjustments or {}, flare)


def build_week(
    profile: Profile,
    screening: Screening,
    start: date,
    *,
    catalog: Catalog,
    rules: ProgressionRules,
    history: Sequence[SessionRecord] = (),
    started: date | None = None,
) -> WeekPlan:
    """Seven sessions from `start` (normally a Monday, see `week_start`).

    Each day is planned from the sessions before it (and the pain of its own), exactly as
    `build_session` plans it on the day, so the week shows what each day was (or will be) given.
    A day before `started` (the person's first set-up) was never planned: it comes as an empty
    day marked `before_start`, so the week keeps its seven days.
    """
    check_plan_allowed(profile, screening)
    days = [
        _before_start(profile, day)
        if started is not None and day < started
        else build_session(profile, screening, day, catalog=catalog, history=history, rules=rules)
        for day in (start + timedelta(days=offset) for offset in range(7))
    ]
    return WeekPlan(start=start, days=days)


def _before_start(profile: Profile, day: date) -> SessionPlan:
    return SessionPlan(
        day=day,
        kind=DayKind.REST,
        exercises=[],
        estimated_seconds=0,
        minutes_budget=profile.minutes,
        before_start=True,
    )


__all__ = [
    "BALANCE_ROLES",
    "CONTRAINDICATIONS",
    "EVERY_DAY",
    "EXPERIENCE_CAPS",
    "GOAL_COUNTS",
    "NOTHING_PLANNED",
    "PREGNANCY_SUPINE_SECONDS",
    "START_SETS",
    "STRENGTH_DAYS",
    "STRENGTH_DAY_CAPS",
    "PlanWithheld",
    "WeekSchedule",
    "allowed_positions",
    "build_session",
    "build_week",
    "check_plan_allowed",
    "conditions_ruling_out",
    "day_kind",
    "estimate_seconds",
    "max_level",
    "plan_of_exercises",
    "strength_days",
    "suitable",
    "week_schedule",
    "week_start",
]
