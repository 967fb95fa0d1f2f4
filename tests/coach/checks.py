"""Camera checks built in the tests, independent of the catalog's YAML."""

from __future__ import annotations

from typing import Any

from strongback.catalog.camera import CameraCheck


def check(**fields: Any) -> CameraCheck:
    return CameraCheck.model_validate(fields)


BRIDGE = check(
    view="left",
    measure="hold",
    signal={"angle": ["shoulder", "hip", "knee"]},
    rest=140,
    active=155,
    release=5,
    min_phase_seconds=0.5,
    rules=[
        {
            "check": {"angle": ["shoulder", "hip", "knee"]},
            "min": 162,
            "say": "Lift your hips into a line with your shoulders and knees.",
        }
    ],
)
CRUNCH = check(
    view="left",
    measure="reps",
    signal={"tilt": ["hip", "shoulder"]},
    rest=85,
    active=78,
    rules=[
        {
            "check": {"angle": ["nose", "shoulder", "hip"]},
            "min": 100,
            "say": "Keep your chin off your chest.",
        }
    ],
)
