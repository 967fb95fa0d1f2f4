"""Ordering a session by position and fitting it into the person's minutes.

Private to the planner. Every cut made to fit the time is explained in the plan's notes, gentlest
cut first, so a short session stays balanced for as long as it can.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from strongback.catalog import Dosage, Exercise, Position, Region, Role
from strongback.plan import Phase
from strongback.timing import estimate_seconds

#: The fewest strengthening exercises a balanced session holds when time allows any.
MIN_STRENGTHENING = 3

#: Lying on the back compresses a large vein late in pregnancy; keep it short.
PREGNANCY_SUPINE_SECONDS = 120
#: Signs that end any exercise in pregnancy at once: each may be a problem with the pregnancy.
PREGNANCY_STOP_SIGNS = (
    "Stop at once and call your midwife or doctor if you have bleeding, fluid leaking, "
    "contractions, dizziness or feeling faint, pain or swelling in a calf, or chest pain."
)


@dataclass
class Item:
    exercise: Exercise
    phase: Phase
    dosage: Dosage
    covers: tuple[Role, ...] = ()
    eases: tuple[Region, ...] = ()
    required: bool = False
    rank: int = 0  # order of choice: the higher, the sooner it is left out to save time


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
        seconds = estimate_seconds(
            item.dosage, item.exercise.sides, position_changes=moved, exercise=item.exercise
        )
        result.append(seconds)
        previous = item.exercise.position
    return result


def with_dose(item: Item, **changes: int) -> Item:
    return dataclasses.replace(item, dosage=item.dosage.model_copy(update=changes))


def _names(items: Sequence[Item]) -> str:
    names = list(dict.fromkeys(item.exercise.name for item in items))
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def fit(items: list[Item], budget: int, notes: list[str]) -> list[Item]:
    """Shrink the session into the budget, gentlest cut first, each cut named in the notes.

    1. at most 2 sets of anything; 2. leave out strengthening beyond what balances the session,
    keeping at least `MIN_STRENGTHENING`;
    3. one set of each; 4. one stretch only; 5. fewer reps (5) and shorter holds (10 s); 6. leave
    out strengthening down to two, then one; 7. leave out from the end until it fits. Doses shrink
    the longest exercise first; what is left out is the last one chosen (`Item.rank`).
    """
    items = order(items)
    if sum(seconds_of(items)) <= budget:
        return items

    def fits() -> bool:
        return sum(seconds_of(items)) <= budget

    def shrink(test: Callable[[Item], bool], change: Callable[[Item], Item], note: str) -> bool:
        nonlocal items
        changed: list[Item] = []
        while not fits():
            secs = seconds_of(items)
            candidates = [i for i, item in enumerate(items) if test(item)]
            if not candidates:
                break
            index = max(candidates, key=lambda i: (secs[i], -i))
            changed.append(items[index])
            items[index] = change(items[index])
        if changed:
            notes.append(note.format(names=_names(changed)))
        return fits()

    def drop(test: Callable[[Item], bool], keep: int, note: str) -> bool:
        nonlocal items
        dropped: list[Item] = []
        while not fits():
            droppable = [item for item in items if test(item)]
            if len(droppable) <= keep:
                break
            last = max(droppable, key=lambda item: item.rank)
            dropped.append(last)
            items = order([item for item in items if item is not last])
        if dropped:
            verb = "is" if len(dropped) == 1 else "are"
            notes.append(note.format(names=_names(dropped), verb=verb))
        return fits()

    minutes = budget // 60
    if shrink(
        lambda i: i.dosage.sets > 2,
        lambda i: with_dose(i, sets=2),
        f"To fit {minutes} minutes, 2 sets today of {{names}}.",
    ):
        return items
    # Extra strengthening goes first, but never below the three a balanced session holds: one
    # set of each of three keeps more of the work than two sets of two.
    required = sum(1 for i in items if i.phase is Phase.STRENGTHEN and i.required)
    if drop(
        lambda i: i.phase is Phase.STRENGTHEN and not i.required,
        max(0, MIN_STRENGTHENING - required),
        f"To fit {minutes} minutes, {{names}} {{verb}} left out today; the session keeps its core, "
        "back and hip work.",
    ):
        return items
    if shrink(
        lambda i: i.dosage.sets > 1,
        lambda i: with_dose(i, sets=1),
        f"To fit {minutes} minutes, one set today of {{names}}.",
    ):
        return items
    if drop(
        lambda i: i.phase is Phase.STRETCH,
        1,
        f"To fit {minutes} minutes, {{names}} {{verb}} left out today.",
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
        f"To fit {minutes} minutes, shorter doses today (at most 5 reps, 10 s holds) of {{names}}.",
    ):
        return items
    for keep in (2, 1):
        if drop(
            lambda i: i.phase is Phase.STRENGTHEN,
            keep,
            f"{minutes} minutes is too short for a balanced session, so {{names}} {{verb}} "
            "left out; a longer session covers core, back and hips together.",
        ):
            return items
    drop(
        lambda i: True,
        0,
        f"Only what fits in {minutes} minutes is planned: {{names}} {{verb}} left out.",
    )
    return items


def no_more_than_usual(
    items: list[Item], usual: Sequence[Item], budget: int, notes: list[str]
) -> list[Item]:
    """Keep only the exercises that the usual doses fit into the budget (matched by `Item.rank`).

    After a flare the doses shrink (one set for anything new), and fitting those alone would bring
    back what the time usually leaves out: a flare steps back, it never widens the session.
    """
    kept = {item.rank for item in fit(list(usual), budget, [])}
    left_out = [item for item in items if item.rank not in kept]
    if left_out:
        verb = "is" if len(left_out) == 1 else "are"
        notes.append(
            f"To fit {budget // 60} minutes, {_names(left_out)} {verb} left out today, as on a day "
            "without a flare: smaller doses after a flare never make room for more."
        )
    return [item for item in items if item.rank in kept]


def pregnancy_limit(items: list[Item], notes: list[str]) -> list[Item]:
    """Keep at most one exercise lying on the back, and short."""
    kept: list[Item] = []
    supine = 0
    for item in items:
        if item.exercise.position is Position.SUPINE:
            dose = item.dosage.model_copy(update={"sets": 1})
            while (
                estimate_seconds(dose, item.exercise.sides, exercise=item.exercise)
                > PREGNANCY_SUPINE_SECONDS
                and dose.reps > 1
            ):
                dose = dose.model_copy(update={"reps": dose.reps - 1})
            seconds = estimate_seconds(dose, item.exercise.sides, exercise=item.exercise)
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
    notes.append(PREGNANCY_STOP_SIGNS)
    return kept
