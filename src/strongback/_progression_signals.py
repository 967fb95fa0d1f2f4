"""What one recorded session says about one exercise: its pain, and whether its dose was done;
and whether it counts at all.

Private to `strongback.progression`, which decides from these signals.
"""

from __future__ import annotations

from dataclasses import dataclass

from strongback.catalog import Dosage, Sides
from strongback.plan import PlannedExercise
from strongback.records import (
    Difficulty,
    SessionRecord,
    SessionStatus,
    SetOutcome,
    SetRecord,
    Side,
)


@dataclass(frozen=True, slots=True)
class Signals:
    peak_pain: int | None
    set_pain: int | None
    before: int | None
    after: int | None
    next_day: int | None
    stopped_pain: int | None  # the pain that stopped a set of it (the highest, if several did)
    complete: bool
    difficulty: Difficulty | None

    @property
    def stopped_for_pain(self) -> bool:
        return self.stopped_pain is not None


def counts(record: SessionRecord) -> bool:
    """A session counts once something happened in it: a set, an answer, or its end.

    Camera practice never does: it is planned at the catalog's dose, not the person's, and one
    set outside the plan must not reset, or raise, what they have built up.
    """
    if record.camera_practice:
        return False
    return bool(record.sets) or record.status is not SessionStatus.IN_PROGRESS


def highest_pain(record: SessionRecord) -> int:
    """The highest pain recorded around a session: before, during, after or the day after; 0
    when none was. Below the flare level nothing is a flare, whatever the usual pain."""
    feedback = record.feedback
    pains = (feedback.pain_before, feedback.pain_after, feedback.next_day_pain)
    return max((p for p in (*pains, *(s.pain for s in record.sets)) if p is not None), default=0)


def read_session(record: SessionRecord, planned: PlannedExercise) -> Signals:
    sets = [s for s in record.sets if s.exercise_id == planned.exercise_id]
    set_pains = [s.pain for s in sets if s.pain is not None]
    set_pain = max(set_pains, default=None)
    feedback = record.feedback
    pains = [p for p in (set_pain, feedback.pain_after, feedback.next_day_pain) if p is not None]
    done_sets = _sets_reached(sets, planned)
    stopped = [s for s in sets if s.outcome is SetOutcome.STOPPED]
    if sets:
        complete = len(done_sets) >= planned.dosage.sets and not stopped
    else:
        # Logged afterwards without set details: trust the session's own status.
        complete = record.status is SessionStatus.COMPLETED
    return Signals(
        peak_pain=max(pains, default=None),
        set_pain=set_pain,
        before=feedback.pain_before,
        after=feedback.pain_after,
        next_day=feedback.next_day_pain,
        stopped_pain=max((s.pain for s in stopped if s.pain), default=None),
        complete=complete,
        difficulty=feedback.difficulty,
    )


# A hold this close to its target counts as held: a player's clock or a camera's frames can end
# it a moment early, and a tenth less is not a different dose.
HELD_ENOUGH = 0.9


def _reached(done: SetRecord, dosage: Dosage) -> bool:
    """The set was done at its planned dose: every rep, and its longest hold (the one
    a set records) nearly to its time.

    A set done short (a camera that saw two holds of three seconds for a dose of ten) counts for
    the day but not as a complete session, so it never moves the dose on.
    """
    if done.outcome is not SetOutcome.DONE:
        return False
    if done.reps_done is not None and done.reps_done < dosage.reps:
        return False
    target = dosage.hold_seconds
    held = done.hold_seconds_done
    return not (target and held is not None and held < HELD_ENOUGH * target)


def _sets_reached(sets: list[SetRecord], planned: PlannedExercise) -> set[int]:
    """The set numbers done at their dose on every side: an exercise done on each side in turn
    is only as far along as its weaker side (a set recorded for both sides at once covers both)."""
    needed = {Side.LEFT, Side.RIGHT} if planned.sides is Sides.EACH else {Side.BOTH}
    by_number: dict[int, list[SetRecord]] = {}
    for done in sets:
        by_number.setdefault(done.set_number, []).append(done)
    reached = set()
    for number, records in by_number.items():
        if not all(_reached(r, planned.dosage) for r in records):
            continue
        sides = {r.side for r in records}
        if Side.BOTH in sides or needed <= sides:
            reached.add(number)
    return reached
