"""The plan builder: today's session and the week, from a person's answers, screening and history.

Pure and deterministic: the same profile, screening, date, catalog and history give the same plan;
variety across days comes from a stable rotation keyed on the date, never from chance.

How a session is built:

1. **Refuse** when the screening blocks the plan, and also (defence in depth) whenever the profile
   itself has a red flag or an uncleared contraindication: `PlanWithheld` is raised, so no code
   path can turn a blocked person into a plan.
2. **Filter** the catalog to what the person can do: equipment they have, positions they did not
   rule out (avoiding `floor` rules out every floor position; avoiding `kneeling` also rules out all
   fours, since both put weight on the knees), and level 3 only for trained people. Pregnancy,
   once cleared, rules out lying on the stomach and strengthening on the back, and keeps lying on
   the back to about two minutes.
3. **Stretches first** for the pain areas (neck, upper, middle, lower back; "none" gets general
   back stretches), then **3 to 5 strengthening exercises** that together cover an abdominal/core,
   a back-extensor and a hip/glute exercise; upper-back pain adds upper-back work.
4. **Never more than the person can do well**: experience caps the counts (beginner 2 stretches
   and 3 strengthening, some training 3 and 4, trained 3 and 5), the goal shapes them (relieve:
   more stretching, gentler doses; strengthen: more strengthening; prevent: balanced), and a new
   exercise starts at a modest number of sets.
5. **Progression** from the history sets each dose or swaps in the easier or harder variant.
6. **Fit the minutes**: order by position to keep floor changes few, time every exercise with
   `estimate_seconds`, and when over budget shrink doses before dropping what balances the
   session (see `_fit`); every cut is explained in the plan's notes.
"""

from __future__ import annotations

import itertools
import math
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from strongback.catalog import (
    Catalog,
    Dosage,
    Equipment,
    Exercise,
    Kind,
    Level,
    Position,
    Region,
    Role,
    Sides,
)
from strongback.plan import DayKind, Phase, PlanChange, PlannedExercise, SessionPlan, WeekPlan
from strongback.profile import AvoidPosition, Condition, Experience, Goal, PainArea, Profile
from strongback.progression import Adjustment, ProgressionRules, adjust
from strongback.records import SessionRecord
from strongback.safety import Screening, Status
from strongback.timing import (
    GET_READY_SECONDS,
    INTRO_SECONDS,
    SIDE_FACTOR,
    SIDE_SWITCH_SECONDS,
    TRANSITION_SECONDS,
    rep_seconds,
)

# --- Refusing -----------------------------------------------------------------------------------

#: The articles' contraindications: no plan until a clinician has cleared the person.
CONTRAINDICATIONS = frozenset(
    {Condition.SPINAL_INJURY, Condition.RECENT_SURGERY, Condition.PREGNANCY}
)


class PlanWithheld(Exception):
    """No plan can be given: the screening (or the answers themselves) call for a clinician."""

    def __init__(self, screening: Screening, reasons: Sequence[str]) -> None:
        self.screening = screening
        self.reasons = tuple(reasons)
        super().__init__("no plan until a clinician has seen you: " + "; ".join(self.reasons))


def check_plan_allowed(profile: Profile, screening: Screening) -> None:
    """Raise `PlanWithheld` unless a plan may be given to this person."""
    reasons: list[str] = []
    if screening.blocks_plan:
        reasons.extend(r.text for r in screening.reasons)
        if not reasons:
            reasons.append(
                screening.what_to_do or "the safety screening asks you to see a clinician"
            )
    # The profile is checked too, so a stale or wrong screening can never unlock a plan.
    reasons.extend(f"warning sign: {flag.value}" for flag in profile.red_flags)
    if not profile.cleared_by_clinician:
        reasons.extend(
            f"{condition.value} needs a clinician's clearance"
            for condition in profile.conditions
            if condition in CONTRAINDICATIONS
        )
    if reasons:
        raise PlanWithheld(screening, list(dict.fromkeys(reasons)))


# --- Timing -------------------------------------------------------------------------------------


def estimate_seconds(dosage: Dosage, sides: Sides, *, position_changes: bool = False) -> int:
    """Seconds one exercise takes, as the session timeline will play it.

    sets × reps × (hold + moving in and out, or tempo, or the default rep time) × sides (2 for
    one-sided work), plus a side switch per set for `each`, rest between sets, the intro and the
    get-ready countdown, and a transition when the position differs from the exercise before.
    Constants live in `strongback.timing`.
    """
    per_rep = rep_seconds(dosage.hold_seconds, dosage.tempo_seconds)
    work = dosage.sets * dosage.reps * per_rep * SIDE_FACTOR[sides]
    switches = dosage.sets * SIDE_SWITCH_SECONDS if sides is Sides.EACH else 0
    rest = (dosage.sets - 1) * dosage.rest_seconds
    total = work + switches + rest + INTRO_SECONDS + GET_READY_SECONDS
    if position_changes:
        total += TRANSITION_SECONDS
    return math.ceil(total)


# --- What the person can do ---------------------------------------------------------------------

_FLOOR_POSITIONS = frozenset(p for p in Position if p.on_floor)
_AVOIDED: dict[AvoidPosition, frozenset[Position]] = {
    AvoidPosition.FLOOR: _FLOOR_POSITIONS,
    AvoidPosition.PRONE: frozenset({Position.PRONE}),
    AvoidPosition.SUPINE: frozenset({Position.SUPINE}),
    # All fours loads the knees as much as kneeling does, so avoiding one avoids both.
    AvoidPosition.KNEELING: frozenset({Position.KNEELING, Position.QUADRUPED}),
    AvoidPosition.STANDING: frozenset({Position.STANDING}),
}

#: Lying on the back compresses a large vein late in pregnancy; keep it short.
PREGNANCY_SUPINE_SECONDS = 120


def _pregnant(profile: Profile) -> bool:
    return Condition.PREGNANCY in profile.conditions


def allowed_positions(profile: Profile) -> frozenset[Position]:
    """Positions the plan may use, after the person's avoidances and pregnancy."""
    avoided: set[Position] = set()
    for choice in profile.avoid_positions:
        avoided |= _AVOIDED[choice]
    if _pregnant(profile):
        avoided.add(Position.PRONE)
    return frozenset(Position) - avoided


def max_level(profile: Profile) -> Level:
    """Level 3 needs training; after spinal injury or surgery it stays out even when cleared."""
    if profile.experience is not Experience.TRAINED:
        return Level.SOME_TRAINING
    if {Condition.SPINAL_INJURY, Condition.RECENT_SURGERY} & set(profile.conditions):
        return Level.SOME_TRAINING
    return Level.PROFESSIONAL_GUIDANCE


@dataclass(frozen=True)
class _Limits:
    positions: frozenset[Position]
    equipment: frozenset[Equipment]
    level: Level
    pregnant: bool

    def allows(self, exercise: Exercise) -> bool:
        if exercise.position not in self.positions or exercise.level > self.level:
            return False
        if not exercise.needs <= self.equipment:
            return False
        # Strengthening on the back holds the position long; pregnancy keeps short stretches only.
        return not (self.pregnant and exercise.position is Position.SUPINE and exercise.strengthens)


def _limits(profile: Profile) -> _Limits:
    return _Limits(
        positions=allowed_positions(profile),
        equipment=frozenset(profile.equipment),
        level=max_level(profile),
        pregnant=_pregnant(profile),
    )


def suitable(exercise: Exercise, profile: Profile) -> bool:
    """Whether the exercise fits the person's equipment, positions, level and conditions."""
    return _limits(profile).allows(exercise)


# --- How much -----------------------------------------------------------------------------------

#: (stretches, strengthening exercises) a person can do well, by experience.
EXPERIENCE_CAPS: dict[Experience, tuple[int, int]] = {
    Experience.BEGINNER: (2, 3),
    Experience.SOME: (3, 4),
    Experience.TRAINED: (3, 5),
}
#: (stretches, strengthening) each goal asks for, before the experience caps.
GOAL_COUNTS: dict[Goal, tuple[int, int]] = {
    Goal.RELIEVE: (3, 3),
    Goal.PREVENT: (2, 4),
    Goal.STRENGTHEN: (2, 5),
}
#: The most sets a new exercise starts with, by experience; relieving pain starts one lower.
START_SETS: dict[Experience, int] = {
    Experience.BEGINNER: 2,
    Experience.SOME: 3,
    Experience.TRAINED: 10,
}
#: The roles that make a session balanced: front, back and hips of the trunk.
BALANCE_ROLES = (Role.CORE, Role.BACK_EXTENSOR, Role.HIP_GLUTE)
MIN_STRENGTHENING = 3

PAIN_REGIONS: dict[PainArea, Region] = {
    PainArea.NECK: Region.NECK,
    PainArea.UPPER: Region.UPPER_BACK,
    PainArea.MIDDLE: Region.MIDDLE_BACK,
    PainArea.LOWER: Region.LOWER_BACK,
}
_BACK_REGIONS = frozenset(
    {Region.NECK, Region.UPPER_BACK, Region.MIDDLE_BACK, Region.LOWER_BACK, Region.HIPS_GLUTES}
)
REGION_WORDS: dict[Region, str] = {
    Region.NECK: "neck",
    Region.UPPER_BACK: "upper back",
    Region.MIDDLE_BACK: "middle back",
    Region.LOWER_BACK: "lower back",
    Region.CORE: "core",
    Region.HIPS_GLUTES: "hips and buttocks",
}
ROLE_WORDS: dict[Role, str] = {
    Role.CORE: "abdominal and core muscles",
    Role.BACK_EXTENSOR: "back extensors",
    Role.HIP_GLUTE: "hips and glutes",
    Role.UPPER_BACK: "upper back",
    Role.OBLIQUES: "obliques",
}
_PREFERRED_LEVEL = {
    Experience.BEGINNER: Level.BEGINNER,
    Experience.SOME: Level.SOME_TRAINING,
    Experience.TRAINED: Level.PROFESSIONAL_GUIDANCE,
}

# --- When ---------------------------------------------------------------------------------------

#: Strengthening days (0 = Monday) spread over the week so that muscles rest in between.
STRENGTH_DAYS: dict[int, tuple[int, ...]] = {
    1: (0,),
    2: (0, 3),
    3: (0, 2, 4),
    4: (0, 1, 3, 4),
    5: (0, 1, 3, 4, 6),
    6: (0, 1, 2, 3, 4, 5),
    7: (0, 1, 2, 3, 4, 5, 6),
}


def week_start(day: date) -> date:
    """The Monday of the day's week: weekly schedules are laid out from it."""
    return day - timedelta(days=day.weekday())


def day_kind(profile: Profile, day: date) -> DayKind:
    """Strengthening on `days_per_week` days spread across the week, stretching every other day."""
    if day.weekday() in STRENGTH_DAYS[profile.days_per_week]:
        return DayKind.FULL
    return DayKind.STRETCH


def _rotation(profile: Profile, day: date, kind: DayKind) -> int:
    """A counter that moves one step per session of this kind: equivalent exercises take turns."""
    if kind is DayKind.FULL:
        slots = STRENGTH_DAYS[profile.days_per_week]
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


# --- Choosing -----------------------------------------------------------------------------------


@dataclass
class _Item:
    exercise: Exercise
    phase: Phase
    dosage: Dosage
    covers: tuple[Role, ...] = ()
    eases: tuple[Region, ...] = ()
    required: bool = False


@dataclass
class _Draft:
    items: list[_Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def ids(self) -> set[str]:
        return {item.exercise.id for item in self.items}


def _rotate(candidates: Sequence[Exercise], turn: int, preferred: Level) -> Exercise | None:
    """Pick by turn among the candidates nearest the preferred level (the equivalent ones)."""
    if not candidates:
        return None
    best = min(max(0, c.level - preferred) for c in candidates)
    band = [c for c in candidates if max(0, c.level - preferred) == best]
    return band[turn % len(band)]


def _pick_stretches(
    pool: Sequence[Exercise], targets: Sequence[Region], count: int, turn: int, preferred: Level
) -> list[tuple[Exercise, tuple[Region, ...]]]:
    chosen: list[tuple[Exercise, tuple[Region, ...]]] = []
    taken: set[str] = set()
    for index, region in enumerate(targets):
        if len(chosen) >= count:
            break
        if any(region in eases for _, eases in chosen):
            continue
        options = [e for e in pool if region in e.regions and e.id not in taken]
        pick = _rotate(options, turn + index, preferred)
        if pick is not None:
            chosen.append((pick, tuple(r for r in targets if r in pick.regions)))
            taken.add(pick.id)
    # Fill up with further back stretches: the pain areas first, then general ones.
    target_set = set(targets)
    rest = [e for e in pool if e.id not in taken and _BACK_REGIONS & set(e.regions)]
    rest.sort(key=lambda e: (-len(target_set & set(e.regions)), e.id))
    turn_offset = len(targets)
    while len(chosen) < count and rest:
        top = max(len(target_set & set(e.regions)) for e in rest)
        tier = [e for e in rest if len(target_set & set(e.regions)) == top]
        pick = _rotate(tier, turn + turn_offset, preferred)
        if pick is None:
            break
        chosen.append((pick, tuple(r for r in targets if r in pick.regions)))
        rest.remove(pick)
        turn_offset += 1
    return chosen


def _pick_strengthening(
    pool: Sequence[Exercise], roles: Sequence[Role], count: int, turn: int, preferred: Level
) -> tuple[list[tuple[Exercise, tuple[Role, ...]]], list[Role]]:
    """Cover each wanted role once, then fill up; returns the picks and the roles left uncovered."""
    chosen: list[tuple[Exercise, tuple[Role, ...]]] = []
    covered: set[Role] = set()
    uncovered: list[Role] = []
    for index, role in enumerate(roles):
        if role in covered:
            continue
        if len(chosen) >= count:
            uncovered.append(role)
            continue
        options = [e for e in pool if role in e.roles and e.id not in {c.id for c, _ in chosen}]
        pick = _rotate(options, turn + index, preferred)
        if pick is None:
            uncovered.append(role)
            continue
        gained = tuple(r for r in pick.roles if r not in covered)
        covered.update(pick.roles)
        chosen.append((pick, gained))
    taken = {c.id for c, _ in chosen}
    rest = [e for e in pool if e.id not in taken]
    offset = len(roles)
    while len(chosen) < count and rest:
        # Prefer work for muscles not yet trained today, then anything else.
        fresh = [e for e in rest if set(e.roles) - covered] or rest
        pick = _rotate(fresh, turn + offset, preferred)
        if pick is None:
            break
        chosen.append((pick, tuple(r for r in pick.roles if r not in covered)))
        covered.update(pick.roles)
        rest.remove(pick)
        offset += 1
    return chosen, uncovered


def _start_dosage(exercise: Exercise, profile: Profile) -> Dosage:
    cap = START_SETS[profile.experience] - (1 if profile.goal is Goal.RELIEVE else 0)
    cap = max(cap, 1)
    if exercise.dosage.sets <= cap:
        return exercise.dosage
    return exercise.dosage.model_copy(update={"sets": cap})


def _resolve(
    exercise: Exercise,
    adjustments: dict[str, Adjustment],
    catalog: Catalog,
    limits: _Limits,
    taken: set[str],
) -> tuple[Exercise, Dosage | None, Adjustment | None]:
    """Follow progression from the picked exercise to what should be done, and at what dose."""
    adjustment = adjustments.get(exercise.id)
    current = exercise
    visited = {exercise.id}
    while adjustment is not None:
        target = catalog.get(adjustment.replacement_id) if adjustment.replacement_id else None
        if (
            target is None
            or target.id in visited
            or target.id in taken
            or not limits.allows(target)
            or adjustment.replacement_dosage is None
        ):
            return current, adjustment.dosage, adjustment
        visited.add(target.id)
        newer = adjustments.get(target.id)
        # The variant has its own, more recent history: that decides its dose (and maybe more).
        if newer is not None and newer.last_done > adjustment.last_done:
            current, adjustment = target, newer
            continue
        return target, adjustment.replacement_dosage, adjustment
    return current, None, None


# --- Ordering and fitting -----------------------------------------------------------------------

POSITION_ORDER = (
    Position.SEATED,
    Position.STANDING,
    Position.SUPINE,
    Position.SIDE_LYING,
    Position.PRONE,
    Position.QUADRUPED,
    Position.KNEELING,
)
_RANK = {p: i for i, p in enumerate(POSITION_ORDER)}


def _transitions(items: Sequence[_Item]) -> int:
    return sum(
        1 for a, b in itertools.pairwise(items) if a.exercise.position != b.exercise.position
    )


def _order(items: Sequence[_Item]) -> list[_Item]:
    """Stretches first, then strengthening; each phase by position, in whichever directions
    together need the fewest position changes (standing, back, side, stomach, all fours, kneeling,
    or the reverse)."""
    stretches = [i for i in items if i.phase is Phase.STRETCH]
    strength = [i for i in items if i.phase is Phase.STRENGTHEN]
    best: list[_Item] = []
    best_cost = -1
    for first in (False, True):
        for second in (False, True):
            ordered = sorted(stretches, key=lambda i: _RANK[i.exercise.position], reverse=first)
            ordered += sorted(strength, key=lambda i: _RANK[i.exercise.position], reverse=second)
            cost = _transitions(ordered)
            if best_cost < 0 or cost < best_cost:
                best, best_cost = ordered, cost
    return best


def _seconds(items: Sequence[_Item]) -> list[int]:
    result: list[int] = []
    previous: Position | None = None
    for item in items:
        moved = previous is not None and item.exercise.position != previous
        result.append(estimate_seconds(item.dosage, item.exercise.sides, position_changes=moved))
        previous = item.exercise.position
    return result


def _with(item: _Item, **changes: int) -> _Item:
    return _Item(
        exercise=item.exercise,
        phase=item.phase,
        dosage=item.dosage.model_copy(update=changes),
        covers=item.covers,
        eases=item.eases,
        required=item.required,
    )


def _fit(items: list[_Item], budget: int, notes: list[str]) -> list[_Item]:
    """Shrink the session into the budget, gentlest cut first, each cut explained once.

    1. at most 2 sets of anything; 2. drop strengthening beyond the balanced three; 3. one set of
    each; 4. one stretch only; 5. fewer reps (5) and shorter holds (10 s); 6. drop strengthening
    down to two, then one; 7. drop from the end until it fits.
    """
    items = _order(items)
    if sum(_seconds(items)) <= budget:
        return items

    def fits() -> bool:
        return sum(_seconds(items)) <= budget

    def shrink(test: Callable[[_Item], bool], change: Callable[[_Item], _Item], note: str) -> bool:
        nonlocal items
        noted = False
        while not fits():
            secs = _seconds(items)
            candidates = [i for i, item in enumerate(items) if test(item)]
            if not candidates:
                break
            index = max(candidates, key=lambda i: (secs[i], -i))
            items[index] = change(items[index])
            if not noted:
                notes.append(note)
                noted = True
        return fits()

    def drop(test: Callable[[_Item], bool], keep: int, note: str) -> bool:
        nonlocal items
        noted = False
        while not fits():
            droppable = [i for i, item in enumerate(items) if test(item)]
            if len(droppable) <= keep:
                break
            del items[droppable[-1]]
            items = _order(items)
            if not noted:
                notes.append(note)
                noted = True
        return fits()

    minutes = budget // 60
    if shrink(
        lambda i: i.dosage.sets > 2,
        lambda i: _with(i, sets=2),
        f"To fit {minutes} minutes, no exercise has more than 2 sets today.",
    ):
        return items
    if drop(
        lambda i: i.phase is Phase.STRENGTHEN and not i.required,
        0,
        f"To fit {minutes} minutes, today keeps to the strengthening that balances the session "
        "(core, back and hips).",
    ):
        return items
    if shrink(
        lambda i: i.dosage.sets > 1,
        lambda i: _with(i, sets=1),
        f"To fit {minutes} minutes, each exercise is one set today.",
    ):
        return items
    if drop(
        lambda i: i.phase is Phase.STRETCH,
        1,
        f"To fit {minutes} minutes, there is one stretch today.",
    ):
        return items

    def lighter(item: _Item) -> _Item:
        dose = item.dosage
        hold = dose.hold_seconds
        return _with(
            item,
            reps=min(dose.reps, 5),
            **({"hold_seconds": min(hold, 10)} if hold is not None else {}),
        )

    def heavy(item: _Item) -> bool:
        hold = item.dosage.hold_seconds
        return item.dosage.reps > 5 or (hold is not None and hold > 10)

    if shrink(
        heavy,
        lighter,
        f"To fit {minutes} minutes, the doses are short today (at most 5 reps, 10 s holds).",
    ):
        return items
    for keep in (2, 1):
        if drop(
            lambda i: i.phase is Phase.STRENGTHEN,
            keep,
            f"{minutes} minutes is too short for a balanced session; a longer one covers core, "
            "back and hips together.",
        ):
            return items
    drop(lambda i: True, 0, f"Only what fits in {minutes} minutes is planned.")
    return items


def _pregnancy_limit(items: list[_Item], notes: list[str]) -> list[_Item]:
    """Keep at most one exercise lying on the back, and short."""
    kept: list[_Item] = []
    supine = 0
    for item in items:
        if item.exercise.position is Position.SUPINE:
            dose = item.dosage.model_copy(update={"sets": 1})
            while (
                estimate_seconds(dose, item.exercise.sides) > PREGNANCY_SUPINE_SECONDS
                and dose.reps > 1
            ):
                dose = dose.model_copy(update={"reps": dose.reps - 1})
            seconds = estimate_seconds(dose, item.exercise.sides)
            if supine + seconds > PREGNANCY_SUPINE_SECONDS:
                continue
            supine += seconds
            kept.append(_with(item, sets=1, reps=dose.reps))
            continue
        kept.append(item)
    notes.append(
        "In pregnancy the plan leaves out lying on your stomach and keeps lying on your back to "
        "about 2 minutes; follow your clinician's or midwife's advice where it differs."
    )
    return kept


# --- Explaining ---------------------------------------------------------------------------------


def _join(words: Iterable[str]) -> str:
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _why(item: _Item, targets: Sequence[Region]) -> str:
    exercise = item.exercise
    muscles = _join(exercise.muscles[:3])
    if item.phase is Phase.STRETCH:
        if item.eases:
            text = f"Eases your {_join(REGION_WORDS[r] for r in item.eases)}, where it hurts"
        elif targets:
            text = f"Loosens the {_join(REGION_WORDS[r] for r in exercise.regions)}"
        else:
            text = f"A general stretch for the {_join(REGION_WORDS[r] for r in exercise.regions)}"
        return f"{text}; works the {muscles}."
    if item.covers:
        text = f"Strengthens the {_join(ROLE_WORDS[r] for r in item.covers)}"
        if item.required:
            text += " for a balanced session"
    else:
        text = f"Extra work for the {_join(REGION_WORDS[r] for r in exercise.regions)}"
    return f"{text}; works the {muscles}."


# --- Building -----------------------------------------------------------------------------------


def _default_rules() -> ProgressionRules:
    from strongback.rules.progression import default_progression_rules

    return default_progression_rules()


def _default_catalog() -> Catalog:
    from strongback.catalog import default_catalog

    return default_catalog()


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
) -> SessionPlan:
    kind = day_kind(profile, day)
    limits = _limits(profile)
    turn = _rotation(profile, day, kind) + _seed(profile)
    preferred = _PREFERRED_LEVEL[profile.experience]
    draft = _Draft()
    usable = [e for e in catalog if limits.allows(e)]
    stretch_pool = [e for e in usable if e.kind in (Kind.STRETCH, Kind.MOBILITY)]
    strength_pool = [e for e in usable if e.strengthens]
    targets = [PAIN_REGIONS[a] for a in profile.pain_areas if a is not PainArea.NONE]
    stretch_count, strength_count = _counts(profile, kind)

    for exercise, eases in _pick_stretches(stretch_pool, targets, stretch_count, turn, preferred):
        draft.items.append(_Item(exercise, Phase.STRETCH, exercise.dosage, eases=eases))
    if kind is DayKind.FULL:
        roles: list[Role] = list(BALANCE_ROLES)
        if {Region.UPPER_BACK, Region.NECK} & set(targets):
            roles.append(Role.UPPER_BACK)
        picks, uncovered = _pick_strengthening(
            strength_pool, roles, strength_count, turn, preferred
        )
        for exercise, covers in picks:
            required = bool(set(covers) & set(BALANCE_ROLES))
            draft.items.append(
                _Item(exercise, Phase.STRENGTHEN, exercise.dosage, covers=covers, required=required)
            )
        missing = [r for r in uncovered if r in BALANCE_ROLES]
        if missing:
            draft.notes.append(
                "No exercise you can do with your equipment and positions works the "
                f"{_join(ROLE_WORDS[r] for r in missing)}; the session is less balanced without it."
            )

    # Progression: each pick becomes what the history says, or starts gently if it is new.
    resolved: list[_Item] = []
    changes: list[PlanChange] = []
    taken: set[str] = set()
    for item in draft.items:
        exercise, dose, adjustment = _resolve(item.exercise, adjustments, catalog, limits, taken)
        if exercise.id in taken:
            continue
        taken.add(exercise.id)
        if adjustment is not None:
            changes.append(adjustment.as_change(item.exercise.name))
        resolved.append(
            _Item(
                exercise,
                item.phase,
                dose if dose is not None else _start_dosage(exercise, profile),
                covers=item.covers,
                eases=item.eases,
                required=item.required,
            )
        )
    items = resolved
    if limits.pregnant:
        items = _pregnancy_limit(items, draft.notes)
    items = _fit(items, profile.minutes * 60, draft.notes)

    seconds = _seconds(items)
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
            why=_why(item, targets),
            sources=catalog.source_titles(item.exercise),
        )
        for item, secs in zip(items, seconds, strict=True)
    ]
    notes = _context_notes(profile, screening, kind, catalog, limits, bool(planned)) + draft.notes
    planned_ids = {p.exercise_id for p in planned}
    return SessionPlan(
        day=day,
        kind=kind,
        exercises=planned,
        estimated_seconds=sum(seconds),
        minutes_budget=profile.minutes,
        notes=notes,
        changes=[
            c
            for c in changes
            if c.exercise_id in planned_ids or _replacement_planned(c, adjustments, planned_ids)
        ],
    )


def _replacement_planned(
    change: PlanChange, adjustments: dict[str, Adjustment], ids: set[str]
) -> bool:
    adjustment = adjustments.get(change.exercise_id)
    return adjustment is not None and adjustment.replacement_id in ids


def _context_notes(
    profile: Profile,
    screening: Screening,
    kind: DayKind,
    catalog: Catalog,
    limits: _Limits,
    anything: bool,
) -> list[str]:
    notes: list[str] = []
    if screening.status is Status.ADVISE:
        notes.append(screening.what_to_do or "It is worth talking to a clinician about exercise.")
    if profile.cleared_by_clinician and set(profile.conditions) & CONTRAINDICATIONS:
        notes.append("Your clinician cleared you to exercise: keep to any limits they gave you.")
    if kind is DayKind.STRETCH:
        notes.append("A stretching day: your muscles recover between strengthening days.")
    if profile.goal is Goal.RELIEVE:
        notes.append("Your goal is relief: more stretching and gentle doses to start with.")
    if PainArea.NONE in profile.pain_areas:
        notes.append("No pain area given, so the stretches are general back stretches.")
    if Equipment.MAT not in limits.equipment:
        needs_mat = sum(
            1 for e in catalog if Equipment.MAT in e.needs and e.position in limits.positions
        )
        if needs_mat:
            notes.append(
                f"{needs_mat} floor exercises need a mat, which your answers do not list; add "
                "'mat' to your equipment to use them."
            )
    if not anything:
        notes.append(
            "No exercise in the catalog fits your equipment, positions and level; change your "
            "answers (for example add equipment or allow more positions) to get a plan."
        )
    return notes


def build_session(
    profile: Profile,
    screening: Screening,
    day: date,
    *,
    catalog: Catalog | None = None,
    history: Sequence[SessionRecord] = (),
    rules: ProgressionRules | None = None,
    adjustments: dict[str, Adjustment] | None = None,
) -> SessionPlan:
    """The session for `day`: stretches, then strengthening on strengthening days.

    Raises `PlanWithheld` when the screening or the profile calls for a clinician first.
    `history` (oldest first) drives progression; pass `adjustments` instead when already computed.
    """
    check_plan_allowed(profile, screening)
    catalog = catalog if catalog is not None else _default_catalog()
    if adjustments is None:
        adjustments = (
            adjust(history, catalog, rules or _default_rules(), today=day) if history else {}
        )
    return _session(profile, screening, day, catalog, adjustments)


def build_week(
    profile: Profile,
    screening: Screening,
    start: date,
    *,
    catalog: Catalog | None = None,
    history: Sequence[SessionRecord] = (),
    rules: ProgressionRules | None = None,
) -> WeekPlan:
    """Seven sessions from `start` (normally a Monday, see `week_start`).

    Progression is read once, as of `start`: later days follow from sessions not yet done.
    """
    check_plan_allowed(profile, screening)
    catalog = catalog if catalog is not None else _default_catalog()
    adjustments = (
        adjust(history, catalog, rules or _default_rules(), today=start) if history else {}
    )
    days = [
        _session(profile, screening, start + timedelta(days=offset), catalog, adjustments)
        for offset in range(7)
    ]
    return WeekPlan(start=start, days=days)


__all__ = [
    "BALANCE_ROLES",
    "CONTRAINDICATIONS",
    "EXPERIENCE_CAPS",
    "GOAL_COUNTS",
    "PREGNANCY_SUPINE_SECONDS",
    "START_SETS",
    "STRENGTH_DAYS",
    "PlanWithheld",
    "allowed_positions",
    "build_session",
    "build_week",
    "check_plan_allowed",
    "day_kind",
    "estimate_seconds",
    "max_level",
    "suitable",
    "week_start",
]
