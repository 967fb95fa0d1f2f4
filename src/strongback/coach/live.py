"""Frames to feedback: the pose model and the coach together, for the CLI and the web page.

Needs the `camera` extra. `LiveCoach` takes images (OpenCV arrays or JPEG bytes) with their time
and returns the coach's events as JSON-ready dicts; the window, `--headless` and the WebSocket
route only decide where frames come from and where the events go.
"""

from __future__ import annotations

from typing import Any

from strongback.catalog import Exercise
from strongback.coach._events import CoachEvent
from strongback.coach._landmarks import PoseFrame
from strongback.coach._runner import Coach
from strongback.coach._video import Image, decode_jpeg
from strongback.coach.pose import PoseModel


class LiveCoach:
    def __init__(self, exercise: Exercise, model: PoseModel | None = None) -> None:
        self.exercise = exercise
        self.coach = Coach.for_exercise(exercise)
        self._model = model or PoseModel()
        self.last: PoseFrame = PoseFrame(0.0)
        self.seen = False  # a person was found on some frame

    def feed(self, image: Image, t: float) -> list[CoachEvent]:
        self.last = self._model.landmarks(image, t)
        self.seen = self.seen or self.last.found
        return self.coach.feed(self.last)

    def feed_jpeg(self, data: bytes, t: float) -> list[CoachEvent]:
        return self.feed(decode_jpeg(data), t)

    def state(self) -> dict[str, Any]:
        """What a display shows on every frame: the count, the hold clock, the framing hint."""
        hold = self.coach.hold_seconds
        return {
            "kind": "state",
            "t": round(self.last.t, 3),
            "count": self.coach.count,
            "hold": None if hold is None else round(hold, 1),
            "framing": self.coach.framing.current,  # the hint on show, or None
            "found": self.last.found,
        }

    def summary(self) -> dict[str, Any]:
        result = self.coach.summary()
        return {
            "kind": "summary",
            "exercise": self.exercise.id,
            "reps": result.reps,
            "holds": [round(h, 1) for h in result.holds],
            "form": result.form,
            "seconds": result.seconds,
            "seen": self.seen,  # False: nobody was ever found, which is why nothing counted
        }

    def done(self) -> bool:
        """The set's target is met: all its reps (or holds) are done."""
        target = self.coach.target_reps
        return target is not None and self.coach.count >= target

    def close(self) -> None:
        self._model.close()
