"""How long a flare lasts: from a pain reading that is a flare until a calmer one.

Private to `strongback.progression`, which re-exports its public names; the planner reads them to
hold every dose back after a flare. Whether a reading is a flare, or calmer, is judged against the
person's usual pain before its session (`_progression_usual`): a clear rise above it, or severe
pain; with no usual pain known yet, the flare level alone, as it always was.

Readings count in the order they were given, so the latest decides: a next-day answer given days
late, after later sessions, is placed where it was given (`SessionFeedback.next_day_pain_at`),
not on the day after its session, and a flare it starts lasts until a calmer reading after it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import NamedTuple

from strongback._progression_rules import ProgressionRules, Thresholds
from strongback._progression_signals import counts, highest_pain
from strongback._progression_usual import (
    FlareJudgement,
    flare_threshold,
    judge_pain,
    usual_pain_by_day,
)
from strongback.records import SessionRecord, SessionStatus


class Moment(StrEnum):
    """When a pain reading was given, in words that follow "pain ... your session"."""

    BEFORE = "before"
    DURING = "during"
    AFTER = "after"
    NEXT_DAY = "the day after"


@dataclass(frozen=True)
class FlareReading(FlareJudgement):
    """A reading that was a flare (its pain, the rule and the usual pain it was judged by), and
    when it was given: `moment` the session of `session_day` (`rested`: the day stopped for a
    flare before anything played, `SessionStatus.RESTED`, rather than a session)."""

    moment: Moment
    session_day: date
    rested: bool = False  # the reading of a day stopped for a flare, not of a session


@dataclass(frozen=True)
class PainFlare:
    """A flare: the reading that started it (`start`, with the rule that fired) and the highest
    pain since (`peak`)."""

    start: FlareReading
    peak: int


#: Where a reading goes among the readings of its day: the readings of that day's sessions
#: (`_SESSION`), and, around them, a next-day answer whose moment is not kept (see below).
_FIRST_OF_DAY, _SESSION, _LAST_OF_DAY = 0, 1, 2

#: A reading's place in the order readings were given: its day and place in that day (above),
#: then the session it follows (its index in the history) and its place among that session's own
#: readings (even: the session's own, in turn; odd: a next-day answer given between two of them),
#: and last, for answers placed at the same spot, the moment they were given (seconds).
_When = tuple[date, int, int, int, float]


class _Reading(NamedTuple):
    """One pain reading: when (`_When`), how much, whether a reading this low ends a flare,
    whether it is a flare, and what `flare` needs to say why."""

    when: _When
    pain: int
    ends_flare: bool
    is_flare: bool
    moment: Moment
    session_day: date
    usual: int | None
    rested: bool

    def flare(self, limits: Thresholds) -> FlareReading:
        judged = judge_pain(self.pain, self.usual, limits)
        assert judged is not None, "called for flares only"
        rule, level = judged.rule, judged.level
        return FlareReading(
            self.pain, self.usual, rule, level, self.moment, self.session_day, self.rested
        )


def _own_readings(
    record: SessionRecord,
) -> list[tuple[int | None, bool, Moment, datetime]]:
    """A session's own readings in the order they were given, each with whether a reading this
    low ends a flare, and when it was given: before it, each set's, after it. Pain reported in a
    set is why the set stopped: it can start a flare, never end one."""
    feedback = record.feedback
    after_at = record.ended_at or record.started_at
    return [
        (feedback.pain_before, True, Moment.BEFORE, record.started_at),
        *((s.pain, False, Moment.DURING, s.ended_at) for s in record.sets),
        (feedback.pain_after, True, Moment.AFTER, after_at),
    ]


def _session_readings(
    index: int, record: SessionRecord, usual: int | None, limits: Thresholds
) -> list[_Reading]:
    """The readings of one session in the order they were given: before, each set's, after, and
    the day after, each judged against the usual pain before the session.

    The next-day answer goes here on the day after its session. One given since its moment is
    kept is placed where it was given by `_pain_readings`; for an older one, whose hour is not
    kept, the flare wins against the sessions of that day: one that is a flare counts as that
    day's last reading, a calmer one as its first.
    """
    day, rested = record.plan.day, record.status is SessionStatus.RESTED
    lowest = flare_threshold(usual, limits)
    readings = [
        _Reading(
            (day, _SESSION, index, 2 * order, 0.0),
            pain,
            ends,
            pain >= lowest,
            moment,
            day,
            usual,
            rested,
        )
        for order, (pain, ends, moment, _) in enumerate(_own_readings(record))
        if pain is not None
    ]
    later = record.feedback.next_day_pain
    if later is not None:
        place = _LAST_OF_DAY if later >= lowest else _FIRST_OF_DAY
        when = (day + timedelta(days=1), place, index, 0, 0.0)
        readings.append(
            _Reading(when, later, True, later >= lowest, Moment.NEXT_DAY, day, usual, rested)
        )
    return readings


class _Begun:
    """Where an answer given at a moment goes among the readings of `history`'s counting
    sessions (`at`), worked out once for a whole history."""

    def __init__(self, history: Sequence[SessionRecord]) -> None:
        self._history = history
        started = sorted(
            (_seconds(record.started_at), record.plan.day, index)
            for index, record in enumerate(history)
            if counts(record)
        )
        self._starts = [start for start, *_ in started]
        # The session latest in the order of readings among those begun by each start.
        self._latest: list[tuple[date, int]] = []
        for _, day, index in started:
            latest = self._latest[-1] if self._latest else (day, index)
            self._latest.append(max(latest, (day, index)))

    def at(self, at: datetime) -> _When | None:
        """After every reading given by `at`: after the readings given by then of the session
        latest in that order among those begun by then; None when none had begun (a clock gone
        wrong), and the answer keeps its day.

        A check-in may come days after its session, after later sessions: placed on the day
        after its session, the readings of those sessions would count as later ones, and a
        calmer one would end the flare the check-in had just started."""
        moment = _seconds(at)
        begun = bisect_right(self._starts, moment)
        if not begun:
            return None
        day, index = self._latest[begun - 1]
        given = [_seconds(when) <= moment for *_, when in _own_readings(self._history[index])]
        by_then = given.index(False) if False in given else len(given)
        return (day, _SESSION, index, 2 * by_then - 1, moment)


def _seconds(moment: datetime) -> float:
    """A moment as a number that orders moments with or without a zone (naive: local time)."""
    return moment.timestamp()


def _pain_readings(
    history: Sequence[SessionRecord], rules: ProgressionRules, usual: dict[date, int | None]
) -> list[_Reading]:
    """Every pain reading of the counting sessions in `history` (oldest first), in the order they
    were given, judged against `usual` (`usual_pain_by_day`)."""
    readings = []
    begun = _Begun(history)
    for index, record in enumerate(history):
        if not counts(record):
            continue
        at = record.feedback.next_day_pain_at
        placed = None if at is None else begun.at(at)
        for reading in _session_readings(index, record, usual[record.plan.day], rules.thresholds):
            later = reading.moment is Moment.NEXT_DAY
            readings.append(reading._replace(when=placed) if placed and later else reading)
    return sorted(readings, key=lambda reading: reading.when)


def recent_pain_flare(
    history: Sequence[SessionRecord], rules: ProgressionRules
) -> PainFlare | None:
    """The flare still going on at the end of `history`, if any.

    A flare begins with any reading that is a flare (before, during or after a session, or the
    next day) and lasts until a calmer reading before, after or the day after a session is
    recorded: a session logged without any pain answer says nothing about the pain, so it never
    ends one. Calmer means not a flare itself, against the same usual pain.

    A flare is about the person, not only about the exercise that was playing: after one, the
    planner lets nothing step up in the next session, whichever exercises take their turn.
    """
    if not _may_flare(history, rules):
        return None
    usual = usual_pain_by_day(history, rules)
    return _still_going(_pain_readings(history, rules, usual), rules.thresholds)


def _may_flare(history: Sequence[SessionRecord], rules: ProgressionRules) -> bool:
    """Whether any pain in `history` reached the flare level: else there is no flare to find,
    whatever the usual pain, and no need to work it out."""
    return any(highest_pain(r) >= rules.thresholds.flare_pain for r in history if counts(r))


def _still_going(readings: Sequence[_Reading], limits: Thresholds) -> PainFlare | None:
    """The flare still going on after `readings`, in the order they were recorded."""
    start: _Reading | None = None
    peak = 0
    for reading in readings:
        if reading.is_flare and start is None:
            start, peak = reading, reading.pain
        elif reading.is_flare:
            peak = max(peak, reading.pain)
        elif reading.ends_flare:
            start = None
    return None if start is None else PainFlare(start.flare(limits), peak)


def pain_flare_for_day(
    history: Sequence[SessionRecord], rules: ProgressionRules, day: date
) -> PainFlare | None:
    """The flare a plan for `day` steps back from: the latest of `day`'s own sessions that
    flared, else a flare of earlier days not yet ended by a calmer reading (`recent_pain_flare`).

    A flare recorded today counts at once, and a calmer session later the same day does not undo
    it: the day's plan keeps stepping back until a later day.
    """
    until = [r for r in history if r.plan.day <= day]
    if not _may_flare(until, rules):
        return None
    usual = usual_pain_by_day(until, rules)
    for index, record in reversed(list(enumerate(until))):
        if record.plan.day != day or not counts(record):
            continue
        readings = _session_readings(index, record, usual[day], rules.thresholds)
        flares = [r for r in readings if r.is_flare]
        if flares:
            return PainFlare(flares[0].flare(rules.thresholds), max(f.pain for f in flares))
    earlier = [r for r in until if r.plan.day < day]
    return _still_going(_pain_readings(earlier, rules, usual), rules.thresholds)


def recent_flare(history: Sequence[SessionRecord], rules: ProgressionRules) -> int | None:
    """The highest pain of a flare still going on at the end of `history`; else None
    (`recent_pain_flare`, which also says what started it and why)."""
    flare = recent_pain_flare(history, rules)
    return None if flare is None else flare.peak


def flare_for_day(
    history: Sequence[SessionRecord], rules: ProgressionRules, day: date
) -> int | None:
    """The highest pain of the flare a plan for `day` steps back from; else None
    (`pain_flare_for_day`, which also says what started it and why)."""
    flare = pain_flare_for_day(history, rules, day)
    return None if flare is None else flare.peak
