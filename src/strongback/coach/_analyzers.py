"""The two analyzers: a rep counter and a hold timer, both driven by one smoothed signal.

Both split the signal's range into zones: past `rest`, past `active`, or between. A zone counts
only once the signal has stayed in it for `min_phase_seconds`, so a single jittery frame, or a
movement that merely brushes a threshold, is never a phase. Both take values already smoothed and
return events; neither knows about landmarks or cameras.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from enum import Enum

from strongback.catalog.camera import CameraCheck, Range
from strongback.coach._events import CoachEvent, EventKind


class Zone(Enum):
    REST = "rest"
    MIDDLE = "middle"
    ACTIVE = "active"


def zone_of(value: float, check: CameraCheck, *, releasing: bool = False) -> Zone:
    """Where a value lies; `releasing` widens the active zone by `release` (a hold under way)."""
    sign = 1.0 if check.rising else -1.0
    active = check.active - sign * (check.release if releasing else 0.0)
    if sign * (value - active) >= 0:
        return Zone.ACTIVE
    if sign * (value - check.rest) <= 0:
        return Zone.REST
    return Zone.MIDDLE


@dataclass
class PersonalRange:
    """The range the signal has covered in the last `window_seconds`, and zones within it.

    Rest is the third of the range nearest the rest end, active the third at the far end. Until
    the range spans at least the gap between the check's thresholds nothing is a phase, so
    stillness and jitter never count.
    """

    check: CameraCheck
    window_seconds: float = 8.0
    rest_fraction: float = 0.35
    active_fraction: float = 0.65
    _values: deque[tuple[float, float]] = field(default_factory=deque)

    def began_at_rest(self) -> bool:
        """The oldest value remembered lies at the rest end of the range.

        The range is only known once the person has moved through it, so the rest before their
        first rep was seen before it could be called rest; this lets that first rep count.
        """
        values = [v for _, v in self._values]
        low, high = min(values), max(values)
        first = values[0]
        where = (first - low) / (high - low) if self.check.rising else (high - first) / (high - low)
        return where <= self.rest_fraction

    def position(self, t: float, value: float) -> float | None:
        """How far the value is from the rest zone (0) to the active zone (1), within the range
        seen lately; None until that range spans the gap between the check's thresholds."""
        values = self._values
        values.append((t, value))
        while values[0][0] < t - self.window_seconds:
            values.popleft()
        low = min(v for _, v in values)
        high = max(v for _, v in values)
        span = high - low
        if span < abs(self.check.active - self.check.rest):
            return None
        # Where in the range seen, from its rest end (0) to its active end (1).
        where = (value - low) / span if self.check.rising else (high - value) / span
        return (where - self.rest_fraction) / (self.active_fraction - self.rest_fraction)


def zone_at(position: float | None) -> Zone:
    """The zone of a position between the rest (0) and active (1) thresholds."""
    if position is None:
        return Zone.MIDDLE
    if position >= 1:
        return Zone.ACTIVE
    return Zone.REST if position <= 0 else Zone.MIDDLE


@dataclass
class _Debounced:
    """The zone the signal has stayed in for at least `min_seconds`, and since when."""

    min_seconds: float
    confirmed: Zone | None = None
    confirmed_since: float = 0.0
    _candidate: Zone | None = None
    _since: float = 0.0

    def update(self, t: float, zone: Zone) -> bool:
        """Feed one frame's zone; True when the confirmed zone changes on this frame."""
        if zone is not self._candidate:
            self._candidate, self._since = zone, t
        if self._candidate is self.confirmed or t - self._since < self.min_seconds:
            return False
        self.confirmed, self.confirmed_since = self._candidate, self._since
        return True


# A movement that goes at least this far from rest towards the active threshold, then back,
# was meant as a rep: the person hears why it did not count, rather than wondering.
SHORT_REP_REACH = 0.5
SHORT_REP_SAY = "That one did not count: go a little further."
BRIEF_REP_SAY = "That one did not count: pause a moment at the end."


@dataclass
class RepCounter:
    """Counts rest → active → rest cycles. A rep counts when the person is back at rest.

    The middle zone never confirms anything by itself: the counter waits in its last phase, which
    is the hysteresis. A set must start from rest, so a person already in the active pose when the
    camera starts is not given a free rep. A rep that turns back halfway is not counted either,
    but it is not silent: the counter says to go further.
    """

    check: CameraCheck
    count: int = 0
    phase: Zone | None = None
    _zones: _Debounced = field(init=False)
    _personal: PersonalRange | None = field(init=False)
    _reach: float = field(init=False, default=0.0)  # furthest position since the last rest
    _back_since: float | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self._zones = _Debounced(self.check.min_phase_seconds)
        personal = self.check.range is Range.PERSONAL
        self._personal = PersonalRange(self.check) if personal else None

    @property
    def active(self) -> bool:
        return self.phase is Zone.ACTIVE

    @property
    def started(self) -> bool:
        """The person has been seen in the starting pose: the set is under way."""
        return self.phase is not None

    def position(self, t: float, value: float) -> float | None:
        if self._personal is not None:
            return self._personal.position(t, value)
        return (value - self.check.rest) / (self.check.active - self.check.rest)

    def update(self, t: float, value: float | None) -> list[CoachEvent]:
        if value is None:
            return []
        position = self.position(t, value)
        zone = zone_at(position)
        events = self._short_rep(t, zone, position)
        if zone is Zone.MIDDLE or not self._zones.update(t, zone):
            return events
        if zone is Zone.REST:
            completed = self.phase is Zone.ACTIVE
            self.phase = Zone.REST
            if completed:
                self.count += 1
                return [CoachEvent(t, EventKind.REP, count=self.count)]
        elif self.phase is Zone.REST or (
            self.phase is None and self._personal is not None and self._personal.began_at_rest()
        ):
            self.phase = Zone.ACTIVE
        return events

    def _short_rep(self, t: float, zone: Zone, position: float | None) -> list[CoachEvent]:
        """A movement from rest that turned back before the active zone, once back at rest."""
        if self.phase is not Zone.REST or position is None:
            self._reach, self._back_since = 0.0, None
            return []
        if zone is not Zone.REST:
            self._reach, self._back_since = max(self._reach, position), None
            return []
        if self._reach < SHORT_REP_REACH:
            return []
        if self._back_since is None:
            self._back_since = t
        if t - self._back_since < self.check.min_phase_seconds:
            return []
        say = BRIEF_REP_SAY if self._reach >= 1 else SHORT_REP_SAY
        self._reach, self._back_since = 0.0, None
        return [CoachEvent(t, EventKind.FORM, message=say)]

    def finish(self, t: float) -> list[CoachEvent]:
        """The set is over: a rep whose far end was reached counts, though the way back is missing.

        The person made the movement; only the return, the easy half, went unseen, because they
        stopped the camera first or a recording was cut there. Reps stay counted on the return
        during the set, so a rep is never taken back once announced.
        """
        if self.phase is not Zone.ACTIVE:
            return []
        self.phase = Zone.REST
        self.count += 1
        return [CoachEvent(t, EventKind.REP, count=self.count)]


@dataclass
class HoldTimer:
    """Times each hold: from when the pose was reached until the last frame it was held.

    A stretch of lost or off frames no longer than `grace_seconds` does not end the hold, and
    its time counts, since the person did not move; a longer one ends it at the last good frame.
    Holds shorter than `min_phase_seconds` never start, so passing through the pose is not a hold,
    and each hold starts from rest, as each rep does: a person standing in front of the camera
    before lying down for a press-up is not holding the press-up.
    """

    check: CameraCheck
    target_seconds: float | None = None
    count: int = 0
    holds: list[float] = field(default_factory=list)
    _zones: _Debounced = field(init=False)
    _start: float | None = None
    _last_held: float = 0.0
    _announced: int = 0
    _target_said: bool = False
    _rested: bool = False

    def __post_init__(self) -> None:
        self._zones = _Debounced(self.check.min_phase_seconds)

    @property
    def active(self) -> bool:
        return self._start is not None

    @property
    def started(self) -> bool:
        """The person has been seen in the starting pose: the set is under way."""
        return self._rested or self._start is not None or self.count > 0

    @property
    def seconds(self) -> float:
        return 0.0 if self._start is None else self._last_held - self._start

    def update(self, t: float, value: float | None) -> list[CoachEvent]:
        if self._start is None:
            return self._wait(t, value)
        held = value is not None and zone_of(value, self.check, releasing=True) is Zone.ACTIVE
        if held:
            return self._progress(t)
        if t - self._last_held > self.check.grace_seconds:
            return self.finish(t)
        return []

    def _wait(self, t: float, value: float | None) -> list[CoachEvent]:
        """Before a hold: it starts once the pose is reached from rest and kept a moment."""
        if value is None:
            return []
        zone = zone_of(value, self.check)
        if zone is Zone.MIDDLE or not self._zones.update(t, zone):
            return []
        if zone is Zone.REST:
            self._rested = True
            return []
        if not self._rested:
            return []  # e.g. standing in front of the camera before lying down for a press-up
        self._start = self._last_held = self._zones.confirmed_since
        self._announced, self._target_said, self._rested = 0, False, False
        return [CoachEvent(self._start, EventKind.HOLD_START), *self._progress(t)]

    def _progress(self, t: float) -> list[CoachEvent]:
        self._last_held = t
        events: list[CoachEvent] = []
        while self.seconds >= self._announced + 1:
            self._announced += 1
            events.append(CoachEvent(t, EventKind.HOLD, seconds=float(self._announced)))
        target = self.target_seconds
        if target is not None and not self._target_said and self.seconds >= target:
            self._target_said = True
            events.append(CoachEvent(t, EventKind.HOLD_TARGET, seconds=self.seconds))
        return events

    def finish(self, t: float) -> list[CoachEvent]:
        """End a hold under way (the pose was left, or the set is over)."""
        if self._start is None:
            return []
        seconds = self.seconds
        self._start = None
        self._zones = _Debounced(self.check.min_phase_seconds)
        self.count += 1
        self.holds.append(seconds)
        return [CoachEvent(t, EventKind.HOLD_END, count=self.count, seconds=seconds)]
