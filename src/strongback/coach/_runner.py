"""The coach for one set: frames in, events out, and at the end a summary to record.

This is the whole pipeline without a camera: framing guidance, the driving signal measured and
smoothed, the rep counter or hold timer, and the form rules. Sources of frames (a webcam, a video
file, JPEGs from the browser, or a test's replayed landmarks) all feed the same `Coach`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from strongback.catalog import Exercise, Position
from strongback.catalog.camera import CameraCheck, Measure, Range
from strongback.coach._analyzers import HoldTimer, RepCounter, Zone, zone_of
from strongback.coach._events import CoachEvent, EventKind
from strongback.coach._features import measure, torso_length
from strongback.coach._form import FormChecker
from strongback.coach._framing import FramingGuide
from strongback.coach._landmarks import PoseFrame
from strongback.coach._smoothing import SmoothedSignal
from strongback.coached_set import CoachSummary


class NotCheckable(ValueError):
    """The exercise has no camera check."""


@dataclass
class Coach:
    check: CameraCheck
    target_reps: int | None = None
    target_hold_seconds: float | None = None
    position: Position | None = None  # where the exercise starts, for the framing hints
    value: float | None = None  # the smoothed signal on the last frame, for displays
    framing: FramingGuide = field(init=False)
    _signal: SmoothedSignal = field(init=False, default_factory=SmoothedSignal)
    _analyzer: RepCounter | HoldTimer = field(init=False)
    _form: FormChecker = field(init=False)
    _first_t: float | None = field(init=False, default=None)
    _last_t: float = field(init=False, default=0.0)

    def __post_init__(self) -> None:
        self.framing = FramingGuide(self.check, position=self.position)
        self._form = FormChecker(list(self.check.rules))
        if self.check.measure is Measure.HOLD:
            self._analyzer = HoldTimer(self.check, target_seconds=self.target_hold_seconds)
        else:
            self._analyzer = RepCounter(self.check)

    @classmethod
    def for_exercise(cls, exercise: Exercise) -> Coach:
        if exercise.camera is None:
            raise NotCheckable(f"the camera cannot check '{exercise.id}' yet")
        hold = exercise.dosage.hold_seconds
        return cls(
            exercise.camera,
            exercise.dosage.reps,
            float(hold) if hold else None,
            exercise.position,
        )

    @property
    def count(self) -> int:
        return self._analyzer.count

    @property
    def hold_seconds(self) -> float | None:
        """Seconds of the hold under way, or None when not holding (or counting reps)."""
        analyzer = self._analyzer
        return analyzer.seconds if isinstance(analyzer, HoldTimer) and analyzer.active else None

    def feed(self, frame: PoseFrame) -> list[CoachEvent]:
        if self._first_t is None:
            self._first_t = frame.t
        self._last_t = frame.t
        self.framing.started = self._analyzer.started
        events = self.framing.update(frame)
        torso = torso_length(frame) if frame.found else None
        self.value = self._signal.update(frame.t, measure(frame, self.check.signal, torso))
        was_active = self._analyzer.active
        value = self.value if self._in_position(frame) else None
        counted = self._analyzer.update(frame.t, value)
        for event in counted:
            if event.kind is EventKind.FORM and event.message is not None:
                self._form.note(event.message)  # a rep that did not count, and why
        events += counted
        if self._analyzer.active and not was_active:
            self._form.new_phase()
        if frame.found:
            events += self._form.update(frame, torso, active=self._in_pose())
        return sorted(events, key=lambda event: event.t)

    def _in_position(self, frame: PoseFrame) -> bool:
        """The set may begin: the trunk is not plainly out of the exercise's position.

        Until the set begins, a frame whose trunk is upright for a lying exercise (or lying for an
        upright one) is not fed to the analyzer, so a squat in front of the camera is never a
        knee-to-chest hold. Once it has begun nothing is gated: a sit-up rises upright.
        """
        if self._analyzer.started or self.position is None or not frame.found:
            return True
        return self.framing.posture_hint is None  # found by this frame's framing update

    def _in_pose(self) -> bool:
        """In the active pose right now: form is judged there, not on the way in or out."""
        if not self._analyzer.active or self.value is None:
            return False
        if self.check.range is Range.PERSONAL:
            return True  # the thresholds move with the person: the phase is what counts
        holding = isinstance(self._analyzer, HoldTimer)
        return zone_of(self.value, self.check, releasing=holding) is Zone.ACTIVE

    def finish(self) -> list[CoachEvent]:
        """The set is over: a hold under way ends now, and a rep at its far end counts."""
        return self._analyzer.finish(self._last_t)

    def summary(self) -> CoachSummary:
        holds = self._analyzer.holds if isinstance(self._analyzer, HoldTimer) else []
        took = 0.0 if self._first_t is None else self._last_t - self._first_t
        return CoachSummary(self.count, tuple(holds), dict(self._form.said), round(took, 1))


__all__ = ["Coach", "CoachEvent", "EventKind", "NotCheckable"]
