"""Choosing a session's exercises: who can do what, how many, and which of the equivalent ones.

Private to the planner: the person's limits (equipment, positions, level, conditions), the counts
by experience and goal, the rotation among equivalent exercises, and following progression from a
picked exercise to its variant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from strongback.catalog import (
    Catalog,
    Dosage,
    Equipment,
    Exercise,
    Level,
    Position,
    Region,
    Role,
)
from strongback.profile import AvoidPosition, Condition, Experience, Goal, PainArea, Profile
from strongback.progression import Adjustment

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


def is_pregnant(profile: Profile) -> bool:
    return Condition.PREGNANCY in profile.conditions


def allowed_positions(profile: Profile) -> frozenset[Position]:
    """Positions the plan may use, after the person's avoidances and pregnancy."""
    avoided: set[Position] = set()
    for choice in profile.avoid_positions:
        avoided |= _AVOIDED[choice]
    if is_pregnant(profile):
        avoided.add(Position.PRONE)
    return frozenset(Position) - avoided


#: The highest level each condition allows, even once a clinician has cleared exercise (clearance
#: is for exercise in general, not for every exercise): after a spinal injury or an operation, and
#: while pain spreads down a leg below the knee (an irritated nerve root), only the gentlest level;
#: in pregnancy, no loaded lifts (level 3).
CONDITION_LEVEL_CAPS: dict[str, Level] = {
    Condition.SPINAL_INJURY.value: Level.BEGINNER,
    Condition.RECENT_SURGERY.value: Level.BEGINNER,
    Condition.LEG_PAIN.value: Level.BEGINNER,
    Condition.PREGNANCY.value: Level.SOME_TRAINING,
}


def _conditions(profile: Profile) -> frozenset[str]:
    return frozenset(c.value for c in profile.conditions)


def max_level(profile: Profile) -> Level:
    """Level 3 needs training, level 2 some; a condition may lower the cap further (see
    `CONDITION_LEVEL_CAPS`), even once cleared."""
    level = Level.PROFESSIONAL_GUIDANCE
    if profile.experience is not Experience.TRAINED:
        level = Level.SOME_TRAINING
    caps = [CONDITION_LEVEL_CAPS[c] for c in _conditions(profile) if c in CONDITION_LEVEL_CAPS]
    return min([level, *caps])


@dataclass(frozen=True)
class Limits:
    """What a person can do: their equipment, the positions and level they can take, and the
    conditions (ids) that rule exercises out whatever they choose."""

    positions: frozenset[Position]
    equipment: frozenset[Equipment]
    level: Level
    pregnant: bool
    conditions: frozenset[str] = frozenset()

    def ruled_out_by(self, exercise: Exercise) -> list[str]:
        """The person's conditions that keep the exercise out, even once a clinician has cleared
        exercise, sorted; empty when none does.

        The safety part of `allows`, apart from the person's own choices (equipment, positions
        avoided, experience), so the coach and the log can apply exactly what the planner does.
        """
        ruling: set[str] = set()
        # The exercise's own data names the conditions it stays out for.
        ruling.update(self.conditions.intersection(exercise.leave_out_for))
        ruling.update(
            c
            for c in self.conditions
            if c in CONDITION_LEVEL_CAPS and exercise.level > CONDITION_LEVEL_CAPS[c]
        )
        if self.pregnant and (
            exercise.position is Position.PRONE
            # Strengthening on the back holds the position long; pregnancy keeps short stretches.
            or (exercise.position is Position.SUPINE and exercise.strengthens)
        ):
            ruling.add(Condition.PREGNANCY.value)
        return sorted(ruling)

    def allows(self, exercise: Exercise) -> bool:
        if exercise.position not in self.positions or exercise.level > self.level:
            return False
        if not exercise.needs <= self.equipment:
            return False
        return not self.ruled_out_by(exercise)


def limits_for(profile: Profile) -> Limits:
    return Limits(
        positions=allowed_positions(profile),
        equipment=frozenset(profile.equipment),
        level=max_level(profile),
        pregnant=is_pregnant(profile),
        conditions=_conditions(profile),
    )


def avoidances_ruling_out(exercise: Exercise, profile: Profile) -> list[AvoidPosition]:
    """The positions the person chose to avoid that keep `exercise` out, in their answers' order."""
    return [c for c in profile.avoid_positions if exercise.position in _AVOIDED[c]]


def conditions_ruling_out(exercise: Exercise, profile: Profile) -> list[str]:
    """The person's conditions that keep `exercise` out of their plan, cleared or not (sorted).

    What the planner leaves out for safety, whatever the person's equipment, positions and
    experience: the gate of the camera coach and the caution of the log, so all three agree.
    """
    return limits_for(profile).ruled_out_by(exercise)


def suitable(exercise: Exercise, profile: Profile) -> bool:
    """Whether the exercise fits the person's equipment, positions, level and conditions."""
    return limits_for(profile).allows(exercise)


# --- How much -----------------------------------------------------------------------------------

#: (stretches, strengthening exercises) a person can do well, by experience.
EXPERIENCE_CAPS: dict[Experience, tuple[int, int]] = {
    Experience.BEGINNER: (2, 3),
    Experience.SOME: (3, 4),
    Experience.TRAINED: (3, 5),
}
#: The most strengthening days a week, by experience: muscles need a day or two to recover from
#: strengthening, the less trained the longer. Days chosen beyond these are stretching days.
STRENGTH_DAY_CAPS: dict[Experience, int] = {
    Experience.BEGINNER: 3,
    Experience.SOME: 4,
    Experience.TRAINED: 5,
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

PAIN_REGIONS: dict[PainArea, Region] = {
    PainArea.NECK: Region.NECK,
    PainArea.UPPER: Region.UPPER_BACK,
    PainArea.MIDDLE: Region.MIDDLE_BACK,
    PainArea.LOWER: Region.LOWER_BACK,
}
BACK_REGIONS = frozenset(
    {Region.NECK, Region.UPPER_BACK, Region.MIDDLE_BACK, Region.LOWER_BACK, Region.HIPS_GLUTES}
)
#: The regions as the plan's sentences say them: the cards' words (`Region.label`).
REGION_WORDS: dict[Region, str] = {r: r.label for r in Region}
ROLE_WORDS: dict[Role, str] = {
    Role.CORE: "abdominal and core muscles",
    Role.BACK_EXTENSOR: "back extensors",
    Role.HIP_GLUTE: "hips and glutes",
    Role.UPPER_BACK: "upper back",
    Role.OBLIQUES: "obliques",
}
PREFERRED_LEVEL = {
    Experience.BEGINNER: Level.BEGINNER,
    Experience.SOME: Level.SOME_TRAINING,
    Experience.TRAINED: Level.PROFESSIONAL_GUIDANCE,
}


# --- Choosing -----------------------------------------------------------------------------------


def rotate(candidates: Sequence[Exercise], turn: int, preferred: Level) -> Exercise | None:
    """Pick by turn among the candidates nearest the preferred level (the equivalent ones)."""
    if not candidates:
        return None
    best = min(max(0, c.level - preferred) for c in candidates)
    band = [c for c in candidates if max(0, c.level - preferred) == best]
    return band[turn % len(band)]


def pick_stretches(
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
        pick = rotate(options, turn + index, preferred)
        if pick is not None:
            chosen.append((pick, tuple(r for r in targets if r in pick.regions)))
            taken.add(pick.id)
    # Fill up with further back stretches: the pain areas first, then general ones.
    target_set = set(targets)
    rest = [e for e in pool if e.id not in taken and BACK_REGIONS & set(e.regions)]
    rest.sort(key=lambda e: (-len(target_set & set(e.regions)), e.id))
    turn_offset = len(targets)
    while len(chosen) < count and rest:
        top = max(len(target_set & set(e.regions)) for e in rest)
        tier = [e for e in rest if len(target_set & set(e.regions)) == top]
        pick = rotate(tier, turn + turn_offset, preferred)
        if pick is None:
            break
        chosen.append((pick, tuple(r for r in targets if r in pick.regions)))
        rest.remove(pick)
        turn_offset += 1
    return chosen


def pick_strengthening(
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
        pick = rotate(options, turn + index, preferred)
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
        pick = rotate(fresh, turn + offset, preferred)
        if pick is None:
            break
        chosen.append((pick, tuple(r for r in pick.roles if r not in covered)))
        covered.update(pick.roles)
        rest.remove(pick)
        offset += 1
    return chosen, uncovered


def start_dosage(exercise: Exercise, profile: Profile) -> Dosage:
    cap = START_SETS[profile.experience] - (1 if profile.goal is Goal.RELIEVE else 0)
    cap = max(cap, 1)
    if exercise.dosage.sets <= cap:
        return exercise.dosage
    return exercise.dosage.model_copy(update={"sets": cap})


def resolve(
    exercise: Exercise,
    adjustments: dict[str, Adjustment],
    catalog: Catalog,
    limits: Limits,
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
