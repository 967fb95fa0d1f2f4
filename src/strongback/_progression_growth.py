"""When a dose may grow: the most pain around a session that still lets it, and how many sessions
in a row were done at that dose, finished and within it.

Private to `strongback.progression`, which decides with it. Pain during, after and the day after a
session lets its dose grow at `comfortable_pain` (3/10) or less; for someone whose usual pain is
higher, at their usual pain or less. In the pain-monitoring model what matters is that exercise
does not take the pain above the person's own level and that it settles by the next day
(Silbernagel et al. 2007), and persistent low back pain is exercised and progressed gradually, not
held until the pain is gone (NICE NG59): with 3/10 alone, someone whose back is usually at 4 to 7
would never see a dose grow, though the exercise does not make their pain worse.

- **The usual pain a run of sessions is judged against** (the last `sessions_before_progress`
  sessions of an exercise) is the usual pain before the first of them
  (`_progression_usual.usual_pain`), which none of their own readings count towards: more pain
  reported in them can never lift the level they are judged against (a next-day 5 that made the
  usual pain 5 would otherwise let that very 5 count as usual). A session more than
  `usual_pain_days` after the first (exercises take turns, so one may come round only every few
  weeks) is also judged against the usual pain before its own day, worked out without the run's
  earlier sessions, so an old usual pain never stands in for a newer, lower one: the lowest of
  them counts. While any of them is unknown, `comfortable_pain` alone decides, as before.
- **Everything else stays**: sessions done at the same dose, finished and not too hard,
  `sessions_before_progress` of them in a row. Flares, stops for pain, a rise that did not settle
  and "too hard" are decided before growth is asked about. A "too easy" session with pain above
  `comfortable_pain` counts towards the run rather than stepping the dose up at once: pain at the
  usual level is not comfortable pain, so the dose grows gradually.
- **Its words**: a growth after a run in which any session's pain was above `comfortable_pain`
  follows the rule `steady-at-usual-pain`, which names the usual pain; otherwise `steady`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from strongback._progression_rules import ProgressionRules
from strongback._progression_signals import read_session
from strongback._progression_usual import usual_pain, usual_pain_by_day
from strongback.plan import PlannedExercise
from strongback.records import Difficulty, SessionRecord

STEADY = "steady"
STEADY_AT_USUAL_PAIN = "steady-at-usual-pain"

Appearances = Sequence[tuple[SessionRecord, PlannedExercise]]


@dataclass(frozen=True, slots=True)
class Comfort:
    """The most pain around a session (during, after or the next day) that still lets its dose
    grow, and the usual pain that lifted it above `comfortable_pain` (None: it did not)."""

    pain: int
    usual: int | None


class Growth:
    """Growth judged for the exercises of one history (oldest first). A usual pain is worked out
    only when a pain above `comfortable_pain` asks for one: before a run's first session, from one
    pass over the history shared by every exercise; before a session long after it, from a pass
    without the run's earlier sessions."""

    def __init__(self, history: Sequence[SessionRecord], rules: ProgressionRules) -> None:
        self._history = history
        self._rules = rules
        self._comfortable = Comfort(rules.thresholds.comfortable_pain, None)
        self._by_day: dict[date, int | None] | None = None
        self._without: dict[tuple[frozenset[int], date], int | None] = {}

    def _run(self, appearances: Appearances) -> Appearances:
        """The sessions a growth of the latest of `appearances` is judged on, oldest first."""
        return appearances[-self._rules.thresholds.sessions_before_progress :]

    def comfort(self, appearances: Appearances) -> Comfort:
        """The most pain that lets the dose of the latest of `appearances` (an exercise's sessions,
        oldest first) grow: `comfortable_pain` or, when higher, the usual pain its run of
        sessions is judged against."""
        run = self._run(appearances)
        comfortable = self._comfortable.pain
        # Pain at or below comfortable_pain lets a dose grow whatever the usual pain: none needed.
        if all((read_session(*seen).peak_pain or 0) <= comfortable for seen in run):
            return self._comfortable
        first = min(record.plan.day for record, _ in run)
        # The usual pain before the first stands for the sessions within usual_pain_days of it,
        # the days its own readings span; a later one is judged against its own day's as well.
        stale = self._rules.thresholds.usual_pain_days
        days = {record.plan.day for record, _ in run if (record.plan.day - first).days > stale}
        lowest: int | None = None
        for day in [first, *sorted(days)]:
            usual = self._usual_before(day, run)
            if usual is None or usual <= comfortable:
                return self._comfortable
            lowest = usual if lowest is None else min(lowest, usual)
        assert lowest is not None
        return Comfort(lowest, lowest)

    def _usual_before(self, day: date, run: Appearances) -> int | None:
        """The usual pain before `day`, without the readings of the sessions of `run` before it."""
        earlier = frozenset(id(record) for record, _ in run if record.plan.day < day)
        if not earlier:
            # Nothing of the run before it: the usual pain as flares are judged by, shared.
            if self._by_day is None:
                self._by_day = usual_pain_by_day(self._history, self._rules)
            return self._by_day.get(day)
        key = (earlier, day)
        if key not in self._without:
            others = [record for record in self._history if id(record) not in earlier]
            self._without[key] = usual_pain(others, self._rules, day)
        return self._without[key]

    def steady(self, appearances: Appearances) -> tuple[int, str]:
        """How many of the latest of `appearances` in a row (up to `sessions_before_progress`)
        were done at the latest dose, finished, not too hard and within `comfort`; and the rule
        a growth after them follows (`steady`, or `steady-at-usual-pain` when one of them was
        above `comfortable_pain`)."""
        comfort = self.comfort(appearances)
        last_dosage = appearances[-1][1].dosage
        count, rule_id = 0, STEADY
        for record, planned in reversed(self._run(appearances)):
            signals = read_session(record, planned)
            if planned.dosage != last_dosage or not signals.complete:
                break
            if signals.difficulty is Difficulty.TOO_HARD:
                break
            pain = signals.peak_pain or 0
            if pain > comfort.pain:
                break
            if pain > self._comfortable.pain:
                rule_id = STEADY_AT_USUAL_PAIN
            count += 1
        return count, rule_id

    def usual_to_explain(
        self, rule_id: str, appearances: Appearances, usual: int | None
    ) -> int | None:
        """The usual pain the words of `rule_id` name: for a growth at the usual pain, the one
        it was judged against; for every other rule `usual`, the one flares are judged against."""
        if rule_id == STEADY_AT_USUAL_PAIN:
            return self.comfort(appearances).usual
        return usual


__all__ = ["STEADY", "STEADY_AT_USUAL_PAIN", "Comfort", "Growth"]
