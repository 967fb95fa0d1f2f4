"""Ordering a session by position and fitting it into the person's minutes.

Private to the planner. Every cut made to fit the time is explained in the plan's notes, gentlest
cut first, so a short session stays balanced for as long as it can.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from strongback.catalog import Dosage, Exercise, Position, Region, Role
from strongback.plan import Phase
from strongback.timing import estimate_seconds

#: Lying on the back compresses a large vein late in pregnancy; keep it short.
PREGNANCY_SUPINE_SECONDS = 120


@dataclass
class Item:
    exercise: Exercise
    phase: Phase
    dosage: Dosage
    covers: tuple[Role, ...] = ()
    eases: tuple[Region, ...] = ()
    required: bool = False


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


def transitions(items: Sequence[Item]) -> int:
    return sum(
        1 for a, b in itertools.pairwise(items) if a.exercise.position != b.exercise.position
    )


def order(items: Sequence[Item]) -> list[Item]:
    """Stretches first, then strengthening; each phase by position, in whichever directions
    together need the fewest position changes (standing, back, side, stomach, all fours, kneeling,
    or the reverse)."""
    stretches = [i for i in items if i.phase is Phase.STRETCH]
    strength = [i for i in items if i.phase is Phase.STRENGTHEN]
    best: list[Item] = []
    best_cost = -1
    for first in (False, True):
        for second in (False, True):
            ordered = sorted(stretches, key=lambda i: _RANK[i.exercise.position], reverse=first)
            ordered += sorted(strength, key=lambda i: _RANK[i.exercise.position], reverse=second)
            cost = transitions(ordered)
            if best_cost < 0 or cost < best_cost:
                best, best_cost = ordered, cost
    return best


def seconds_of(items: Sequence[Item]) -> list[int]:
    result: list[int] = []
    previous: Position | None = None
    for item in items:
        moved = previous is not None and item.exercise.position != previous
        result.append(estimate_seconds(item.dosage, item.exercise.sides, position_changes=moved))
        previous = item.exercise.position
    return result


def with_dose(item: Item, **changes: int) -> Item:
    return Item(
        exercise=item.exercise,
        phase=item.phase,
        dosage=item.dosage.model_copy(update=changes),
        covers=item.covers,
        eases=item.eases,
        required=item.required,
    )


def fit(items: list[Item], budget: int, notes: list[str]) -> list[Item]:
    """Shrink the session into the budget, gentlest cut first, each cut explained once.

    1. at most 2 sets of anything; 2. drop strengthening beyond the balanced three; 3. one set of
    each; 4. one stretch only; 5. fewer reps (5) and shorter holds (10 s); 6. drop strengthening
    down to two, then one; 7. drop from the end until it fits.
    """
    items = order(items)
    if sum(seconds_of(items)) <= budget:
        return items

    def fits() -> bool:
        return sum(seconds_of(items)) <= budget

    def shrink(test: Callable[[Item], bool], change: Callable[[Item], Item], note: str) -> bool:
        nonlocal items
        noted = False
        while not fits():
            secs = seconds_of(items)
            candidates = [i for i, item in enumerate(items) if test(item)]
            if not candidates:
                break
            index = max(candidates, key=lambda i: (secs[i], -i))
            items[index] = change(items[index])
            if not noted:
                notes.append(note)
                noted = True
        return fits()

    def drop(test: Callable[[Item], bool], keep: int, note: str) -> bool:
        nonlocal items
        noted = False
        while not fits():
            droppable = [i for i, item in enumerate(items) if test(item)]
            if len(droppable) <= keep:
                break
            del items[droppable[-1]]
            items = order(items)
            if not noted:
                notes.append(note)
                noted = True
        return fits()

    minutes = budget // 60
    if shrink(
        lambda i: i.dosage.sets > 2,
        lambda i: with_dose(i, sets=2),
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
        lambda i: with_dose(i, sets=1),
        f"To fit {minutes} minutes, each exercise is one set today.",
    ):
        return items
    if drop(
        lambda i: i.phase is Phase.STRETCH,
        1,
        f"To fit {minutes} minutes, there is one stretch today.",
    ):
        return items

    def lighter(item: Item) -> Item:
        dose = item.dosage
        hold = dose.hold_seconds
        return with_dose(
            item,
            reps=min(dose.reps, 5),
            **({"hold_seconds": min(hold, 10)} if hold is not None else {}),
        )

    def heavy(item: Item) -> bool:
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


def pregnancy_limit(items: list[Item], notes: list[str]) -> list[Item]:
    """Keep at most one exercise lying on the back, and short."""
    kept: list[Item] = []
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
            kept.append(with_dose(item, sets=1, reps=dose.reps))
            continue
        kept.append(item)
    notes.append(
        "In pregnancy the plan leaves out lying on your stomach and keeps lying on your back to "
        "about 2 minutes; follow your clinician's or midwife's advice where it differs."
    )
    return kept
