"""How long a flare lasts: from a pain reading at the flare threshold until a calmer one.

Private to `strongback.progression`, which re-exports `recent_flare` and `flare_for_day`; the
planner reads them to hold every dose back after a flare.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import NamedTuple

from strongback._progression_rules import ProgressionRules
from strongback._progression_signals import counts
from strongback.records import SessionRecord


def _flare_peak(record: SessionRecord, rules: ProgressionRules) -> int | None:
    """The highest pain recorded around `record` (before, during, after or the next day), when it
    reached the flare threshold; else None."""
    feedback = record.feedback
    set_pains = (s.pain for s in record.sets)
    readings = (feedback.pain_before, feedback.pain_after, feedback.next_day_pain, *set_pains)
    peak = max((p for p in readings if p is not None), default=None)
    return peak if peak is not None and peak >= rules.thresholds.flare_pain else None


class _Reading(NamedTuple):
    """One pain reading: when (day, then its place in the day), how much, and whether a reading
    this low ends a flare."""

    when: tuple[date, int, int, int]
    pain: int
    ends_flare: bool


#: Where a next-day answer, whose hour is not kept, goes among its day's session readings.
_FIRST_OF_DAY, _SESSION, _LAST_OF_DAY = 0, 1, 2


def _pain_readings(history: Sequence[SessionRecord], flare_pain: int) -> list[_Reading]:
    """Every pain reading of the counting sessions in `history` (oldest first), in the order they
    were recorded.

    A session's own readings come in its order: before, each set's, after. The next-day answer
    is dated the day after its session, but its hour is not kept, so against the sessions of that
    day the flare wins: one at the flare level counts as that day's last reading, a calmer one as
    its first. Pain reported in a set is why the set stopped: it can start a flare, never end one.
    """
    readings: list[_Reading] = []
    for index, record in enumerate(history):
        if not counts(record):
            continue
        day, feedback = record.plan.day, record.feedback
        own = [(feedback.pain_before, True), *((s.pain, False) for s in record.sets)]
        own.append((feedback.pain_after, True))
        for order, (pain, ends) in enumerate(own):
            if pain is not None:
                readings.append(_Reading((day, _SESSION, index, order), pain, ends))
        later = feedback.next_day_pain
        if later is not None:
            place = _LAST_OF_DAY if later >= flare_pain else _FIRST_OF_DAY
            readings.append(_Reading((day + timedelta(days=1), place, index, 0), later, True))
    return sorted(readings, key=lambda reading: reading.when)


def recent_flare(history: Sequence[SessionRecord], rules: ProgressionRules) -> int | None:
    """The highest pain of a flare still going on at the end of `history`; else None.

    A flare begins with any reading at the flare threshold (before, during or after a session,
    or the next day) and lasts until a calmer reading before, after or the day after a session
    is recorded: a session logged without any pain answer says nothing about the pain, so it
    never ends one.

    A flare is about the person, not only about the exercise that was playing: after one, the
    planner lets nothing step up in the next session, whichever exercises take their turn.
    """
    flare_pain = rules.thresholds.flare_pain
    peak: int | None = None
    for reading in _pain_readings(history, flare_pain):
        if reading.pain >= flare_pain:
            peak = max(peak or 0, reading.pain)
        elif reading.ends_flare:
            peak = None
    return peak


def flare_for_day(
    history: Sequence[SessionRecord], rules: ProgressionRules, day: date
) -> int | None:
    """The flare a plan for `day` steps back from: the latest of `day`'s own sessions that
    flared, else a flare of earlier days not yet ended by a calmer reading (`recent_flare`).

    A flare recorded today counts at once, and a calmer session later the same day does not undo
    it: the day's plan keeps stepping back until a later day.
    """
    for record in reversed([r for r in history if r.plan.day == day]):
        if counts(record) and (peak := _flare_peak(record, rules)) is not None:
            return peak
    return recent_flare([r for r in history if r.plan.day < day], rules)
