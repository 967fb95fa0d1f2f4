"""Form rules: each a signal with bounds and the words to say when it strays out of them.

A rule speaks only when it has been broken for `persist_seconds` (one bad frame is noise, not
form), and then once per rep or hold, so the person hears a cue rather than a nag. Rules for the
whole set (`during: always`) speak again only after they were kept for `cooldown_seconds`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from strongback.catalog.camera import During, FormRule
from strongback.coach._events import CoachEvent, EventKind
from strongback.coach._features import measure
from strongback.coach._landmarks import PoseFrame
from strongback.coach._smoothing import SmoothedSignal


@dataclass
class _RuleState:
    rule: FormRule
    smoothed: SmoothedSignal = field(default_factory=SmoothedSignal)
    broken_since: float | None = None
    kept_since: float | None = None
    said: bool = False


@dataclass
class FormChecker:
    rules: list[FormRule]
    persist_seconds: float = 0.3
    cooldown_seconds: float = 3.0
    said: dict[str, int] = field(default_factory=dict)  # message -> times said in this set
    _states: list[_RuleState] = field(init=False)

    def __post_init__(self) -> None:
        self._states = [_RuleState(rule) for rule in self.rules]

    def new_phase(self) -> None:
        """A new rep or hold began: the phase rules may speak again."""
        for state in self._states:
            if state.rule.during is During.ACTIVE:
                state.said = False
                state.broken_since = None

    def note(self, message: str) -> None:
        """Count feedback given by others (the rep counter) in the set's summary."""
        self.said[message] = self.said.get(message, 0) + 1

    def update(self, frame: PoseFrame, torso: float | None, *, active: bool) -> list[CoachEvent]:
        events: list[CoachEvent] = []
        for state in self._states:
            rule = state.rule
            if rule.during is During.ACTIVE and not active:
                state.broken_since = None
                continue
            value = state.smoothed.update(frame.t, measure(frame, rule.check, torso))
            if value is None:
                continue
            if not rule.broken_by(value):
                state.broken_since = None
                if state.kept_since is None:
                    state.kept_since = frame.t
                if rule.during is During.ALWAYS and frame.t - state.kept_since >= (
                    self.cooldown_seconds
                ):
                    state.said = False
                continue
            state.kept_since = None
            if state.broken_since is None:
                state.broken_since = frame.t
            if not state.said and frame.t - state.broken_since >= self.persist_seconds:
                state.said = True
                self.note(rule.say)
                events.append(CoachEvent(frame.t, EventKind.FORM, message=rule.say))
        return events
