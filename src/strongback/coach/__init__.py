"""The camera motion coach: reps, hold times and form feedback from a webcam or a video file.

Everything runs on the person's own machine and no frame is ever stored. The pure layers
(landmarks, features, smoothing, analyzers, form rules, framing and the `Coach` that ties them
together) import neither MediaPipe nor OpenCV; only `strongback.coach.pose` (the pose source) and
the commands that use it do, and they need the `camera` extra (`INSTALL_HINT` says how to add it).
"""

from strongback.coach._events import CoachEvent, EventKind
from strongback.coach._landmarks import Landmark, Mark, PoseFrame
from strongback.coach._runner import Coach, NotCheckable

# A set's summary and its record are core data (the services save them without this package);
# they stay part of the coach's API because every coach hands one out.
from strongback.coached_set import CoachSummary, set_record

# Both ways in: the README's `make install-camera` for a clone (it installs into .venv), pip's
# extra for an installed package. Someone told only one of them may be in the other situation.
INSTALL_HINT = (
    "from a clone of strongback, make install-camera; "
    "for an installed package, pip install 'strongback[camera]'"
)

__all__ = [
    "INSTALL_HINT",
    "Coach",
    "CoachEvent",
    "CoachSummary",
    "EventKind",
    "Landmark",
    "Mark",
    "NotCheckable",
    "PoseFrame",
    "set_record",
]
