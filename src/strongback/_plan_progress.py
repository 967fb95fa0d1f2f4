"""Following the history from the planner's picks: each pick's dose or variant, or a gentle start.

Private to the planner. After a flare nothing steps up and a new exercise starts with one set;
alongside, each pick at its usual dose (the one last done, or the usual start), from which
`_plan_fit.no_more_than_usual` judges what the time holds, so a flare never widens a session.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from strongback._plan_explain import Flare
from strongback._plan_fit import Item
from strongback._plan_select import PAIN_REGIONS, Limits, resolve, start_dosage
from strongback.catalog import Catalog, Dosage, Exercise
from strongback.plan import ChangeKind, PlanChange
from strongback.profile import PainArea, Profile
from strongback.progression import Adjustment


def _as_planned(item: Item, exercise: Exercise, profile: Profile) -> Item:
    """`item`'s reasons for `exercise`, the exercise planned in its place: a variant eases the
    person's pain areas its own card lists, and strengthens only the roles it has of those the
    pick covered, so the why never promises what the replaced exercise did."""
    if exercise.id == item.exercise.id:
        return item
    targets = [PAIN_REGIONS[a] for a in profile.pain_areas if a is not PainArea.NONE]
    return dataclasses.replace(
        item,
        exercise=exercise,
        eases=tuple(r for r in targets if r in exercise.regions),
        covers=tuple(r for r in item.covers if r in exercise.roles),
    )


def apply_progression(
    picks: Sequence[Item],
    profile: Profile,
    catalog: Catalog,
    limits: Limits,
    adjustments: dict[str, Adjustment],
    flare: Flare | None,
) -> tuple[list[Item], list[Item], dict[str, tuple[PlanChange, Dosage]]]:
    """Each pick becomes what the history says (dose or variant), or starts gently if it is new.

    Returns the items; the same picks at their usual doses (the dose last done, or the usual
    start), which decide what fits the time after a flare; and, by the id of the exercise planned,
    the change that led to it with the dose progression intended (time fitting may still shorten
    it, which the plan then says).
    """
    resolved: list[Item] = []
    usual: list[Item] = []
    changes: dict[str, tuple[PlanChange, Dosage]] = {}
    taken: set[str] = set()
    for rank, item in enumerate(picks):
        exercise, dose, adjustment = resolve(item.exercise, adjustments, catalog, limits, taken)
        change: PlanChange | None = None
        if adjustment is not None:
            done = catalog.get(adjustment.exercise_id)
            change = adjustment.as_change(done.name if done else adjustment.exercise_id)
        # After a flare nothing steps up, whichever exercise's history says it could.
        if (
            flare is not None
            and adjustment is not None
            and adjustment.change is ChangeKind.PROGRESS
        ):
            held = catalog.get(adjustment.exercise_id)
            if held is not None and held.id not in taken and limits.allows(held):
                exercise, dose = held, adjustment.previous
                change = flare.hold(held, dose)
        if exercise.id in taken:
            continue
        taken.add(exercise.id)
        held = catalog.get(adjustment.exercise_id) if adjustment is not None else None
        if dose is None:
            dose = start_dosage(exercise, profile)
            usual_item = (exercise, dose)
            if flare is not None:
                dose = dose.model_copy(update={"sets": 1})
        elif adjustment is not None and held is not None:
            usual_item = (held, adjustment.previous)
        else:
            usual_item = (exercise, dose)
        if change is not None:
            changes[exercise.id] = (change, dose)
        kept = dataclasses.replace(_as_planned(item, exercise, profile), dosage=dose, rank=rank)
        resolved.append(kept)
        usual.append(dataclasses.replace(kept, exercise=usual_item[0], dosage=usual_item[1]))
    return resolved, usual, changes
