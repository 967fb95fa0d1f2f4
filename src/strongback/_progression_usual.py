"""The person's usual pain, and whether one pain reading is a flare against it.

Private to `strongback.progression`, which re-exports the public names here. A flare is a clear
rise above the person's own usual pain, never below the flare level: with a fixed level alone,
someone whose back is usually at 6 or 7 is "in a flare" on every reading, and their plan steps
back for ever, though exercise is their treatment (NICE NG59).

- **Usual pain** before a session: the middle of the person's pain at rest (before a session, and
  the day after one) over the `usual_pain_days` before that session's day, once it was given on
  `usual_pain_min_days` different days; until then there is none, and the flare level alone
  decides, as it always did. Of two middle readings the lower is taken: a lower usual pain only
  makes a flare come sooner. The session's own readings never count towards it, nor those of its
  day: a reading is judged against what was usual before it.
- **A flare**: a reading at the flare level (`flare_pain`) and, once the usual pain is known, at
  least `flare_rise` above it (2 points, the clinically important change on a 0-10 pain scale).
  For anyone whose usual pain is 4 or less this is the flare level alone, as before. A reading at
  `severe_pain` (8) or more is a flare whatever the usual pain.
- **The person's flare level** (`flare_level`): both rules come down to one pain a day, the
  lowest that is a flare (`flare_threshold`); the players, the check-in and the log read pain
  against it, so what they say and what the next plan does never disagree.
- **What counts towards the usual pain**: every reading at rest but severe pain and flares,
  judged against the usual pain before it or, when too few recent readings leave none, the last
  one known: a flare that outlasts the window never becomes the usual level, however long it
  lasts. Before any usual pain is known, readings at the flare level below severe do count: for
  someone whose back is always at 6 they are exactly what is usual, and leaving them out would
  keep them under the fixed level for ever. A usual pain is never above `severe_pain - 1`.

A slow rise, a point at a time, moves the usual pain with it and is not a flare: that is the
progress summary's sustained rise (`progress.SUSTAINED_RISE_POINTS`), which asks the person to
see a clinician. Pain given at setup would be a first reading, but the profile asks for none.
"""

from __future__ import annotations

from bisect import insort
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from strongback._progression_rules import ProgressionRules, Thresholds
from strongback._progression_signals import counts, highest_pain
from strongback.records import SessionRecord


class FlareRule(StrEnum):
    """Which rule made a reading a flare."""

    FLARE_LEVEL = "flare-level"  # no usual pain known yet: the flare level alone
    ABOVE_USUAL = "above-usual"  # a clear rise above the person's usual pain
    SEVERE = "severe"  # severe pain, whatever the usual pain


def flare_threshold(usual: int | None, limits: Thresholds) -> int:
    """The lowest pain that is a flare for someone whose usual pain is `usual` (None: unknown).

    Severe pain caps it: 8 to 10 is severe pain for people with chronic musculoskeletal pain, as
    6 to 7 is moderate (Boonstra et al. 2016), so severe pain on top of a moderate usual pain must
    step back even when it is only a point above it; and a usual pain that crept up can never
    hide it.
    """
    if usual is None:
        return limits.flare_pain
    return min(limits.severe_pain, max(limits.flare_pain, usual + limits.flare_rise))


@dataclass(frozen=True)
class FlareJudgement:
    """A pain reading judged a flare: against which usual pain (None: not known yet), by which
    rule, and from which pain (`level`) that rule calls a reading a flare."""

    pain: int
    usual: int | None
    rule: FlareRule
    level: int

    @property
    def reason(self) -> str:
        """Why it is a flare, to follow the pain: "2 points above your usual 5/10"."""
        if self.rule is FlareRule.ABOVE_USUAL:
            assert self.usual is not None
            rise = self.pain - self.usual
            return f"{rise} point{'' if rise == 1 else 's'} above your usual {self.usual}/10"
        if self.rule is FlareRule.SEVERE:
            return f"severe pain ({self.level}/10 or more), whatever your usual pain"
        return f"at the flare level ({self.level}/10 or more)"

    @property
    def words(self) -> str:
        """The whole judgement: "7/10 is 2 points above your usual 5/10"."""
        return f"{self.pain}/10 is {self.reason}"


def judge_pain(pain: int, usual: int | None, limits: Thresholds) -> FlareJudgement | None:
    """The flare `pain` is for someone whose usual pain is `usual` (None: not known), or None
    when it is not one. Without a usual pain the rule is the flare level, whatever the pain, as
    it always was; severe pain is the rule only when a usual pain would not make it a flare."""
    if pain < flare_threshold(usual, limits):
        return None
    if usual is None:
        return FlareJudgement(pain, usual, FlareRule.FLARE_LEVEL, limits.flare_pain)
    if pain >= usual + limits.flare_rise:
        level = max(limits.flare_pain, usual + limits.flare_rise)
        return FlareJudgement(pain, usual, FlareRule.ABOVE_USUAL, level)
    return FlareJudgement(pain, usual, FlareRule.SEVERE, limits.severe_pain)


@dataclass(frozen=True)
class FlareLevel:
    """A person's flare level for the readings of a session: their usual pain before it (None:
    not known yet) and the rules. A reading is a flare exactly when it is at or above `lowest`,
    so the players, the check-in and the plan all ask this one question."""

    usual: int | None
    limits: Thresholds

    @property
    def lowest(self) -> int:
        """The lowest pain that is a flare (`flare_threshold`)."""
        return flare_threshold(self.usual, self.limits)

    def is_flare(self, pain: int) -> bool:
        return pain >= self.lowest

    def judge(self, pain: int) -> FlareJudgement | None:
        """Which rule makes `pain` a flare, in words (`judge_pain`); None when it is not one."""
        return judge_pain(pain, self.usual, self.limits)


class _UsualPain:
    """The readings that count towards the usual pain, fed one day at a time, oldest first: `on`
    a day, then `feed` that day's sessions."""

    def __init__(self, limits: Thresholds) -> None:
        self._limits = limits
        self._counted: list[tuple[date, int]] = []  # (session day, pain), oldest first
        self._first = 0  # the first of them still inside the window
        self._days: Counter[date] = Counter()  # the readings of each day inside the window
        self._pains: list[int] = []  # the pains inside the window, in order of pain
        self._last: int | None = None  # the last usual pain known, however long ago

    def on(self, day: date) -> int | None:
        """The usual pain before the sessions of `day`, from the days fed before it."""
        since = day - timedelta(days=self._limits.usual_pain_days)
        counted = self._counted
        while self._first < len(counted) and counted[self._first][0] < since:
            gone, pain = counted[self._first]
            self._days[gone] -= 1
            if not self._days[gone]:
                del self._days[gone]
            self._pains.remove(pain)
            self._first += 1
        if len(self._days) < self._limits.usual_pain_min_days:
            return None
        self._last = self._pains[(len(self._pains) - 1) // 2]  # of two in the middle, the lower
        return self._last

    def feed(self, day: date, usual: int | None, records: Sequence[SessionRecord]) -> None:
        """Count the readings at rest of `day`'s sessions that are not flares against `usual`,
        the usual pain before them (or the last one known)."""
        limits = self._limits
        known = self._last if usual is None else usual
        below = limits.severe_pain if known is None else flare_threshold(known, limits)
        for record in records:
            # Pain at rest, before the session and the day after; not pain an exercise brought on
            # (during or straight after it).
            for pain in (record.feedback.pain_before, record.feedback.next_day_pain):
                if pain is not None and pain < below:
                    self._counted.append((day, pain))
                    self._days[day] += 1
                    insort(self._pains, pain)


def _by_day(history: Sequence[SessionRecord]) -> dict[date, list[SessionRecord]]:
    days: dict[date, list[SessionRecord]] = {}
    for record in history:
        if counts(record):
            days.setdefault(record.plan.day, []).append(record)
    return dict(sorted(days.items()))


def usual_pain_by_day(
    history: Sequence[SessionRecord], rules: ProgressionRules
) -> dict[date, int | None]:
    """The usual pain before the sessions of each day of `history` that has counting sessions
    (None where it is not known yet)."""
    usual = _UsualPain(rules.thresholds)
    result: dict[date, int | None] = {}
    for day, records in _by_day(history).items():
        result[day] = usual.on(day)
        usual.feed(day, result[day], records)
    return result


def usual_pain(history: Sequence[SessionRecord], rules: ProgressionRules, day: date) -> int | None:
    """The person's usual pain before a session on `day`, from the sessions of earlier days in
    `history`; None while too few days have pain readings at rest."""
    usual = _UsualPain(rules.thresholds)
    for earlier, records in _by_day([r for r in history if r.plan.day < day]).items():
        usual.feed(earlier, usual.on(earlier), records)
    return usual.on(day)


def flare_level(history: Sequence[SessionRecord], rules: ProgressionRules, day: date) -> FlareLevel:
    """The person's flare level for the readings of a session on `day` (before it, during it,
    after it and the day after), judged as progression judges them: against the usual pain
    before `day` (`usual_pain`)."""
    return FlareLevel(usual_pain(history, rules, day), rules.thresholds)


def usual_pain_now(
    judged: Iterable[SessionRecord],
    history: Sequence[SessionRecord],
    rules: ProgressionRules,
    today: date | None,
) -> int | None:
    """The usual pain the sessions `judged` are judged against in a plan for `today` (None: the
    day after the latest session of `history`): the one known now, however long ago they were,
    so one plan never calls 7/10 a flare for one exercise and usual for the next.

    Below the flare level it changes nothing, so it is worked out only when a pain in `judged`
    reached that level; else None.
    """
    if all(highest_pain(record) < rules.thresholds.flare_pain for record in judged):
        return None
    last = max((r.plan.day for r in history if counts(r)), default=None)
    day = today or (last + timedelta(days=1) if last else None)
    return None if day is None else usual_pain(history, rules, day)
