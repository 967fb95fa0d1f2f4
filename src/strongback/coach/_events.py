"""What the coach tells the person, as plain data: one event per thing that happened.

The window, the `--headless` JSON lines and the browser's WebSocket all show these same events.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class EventKind(StrEnum):
    REP = "rep"  # a rep was completed; `count` is the total so far
    HOLD_START = "hold-start"
    HOLD = "hold"  # the hold has run another whole second; `seconds` so far
    HOLD_TARGET = "hold-target"  # the hold reached its target time: time to come down
    HOLD_END = "hold-end"  # `seconds` held, `count` holds so far
    FORM = "form"  # `message`: a form rule was broken
    FRAMING = "framing"  # `message`: how to be seen fully; None when all is in view again


@dataclass(frozen=True, slots=True)
class CoachEvent:
    t: float
    kind: EventKind
    count: int | None = None
    seconds: float | None = None
    message: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = {key: value for key, value in asdict(self).items() if value is not None}
        data["kind"] = self.kind.value
        data["t"] = round(self.t, 3)
        if self.seconds is not None:
            data["seconds"] = round(self.seconds, 1)
        if self.kind is EventKind.FRAMING and self.message is None:
            data["message"] = None  # "all in view" is news too: the page clears its hint
        return data
