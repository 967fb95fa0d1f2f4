"""Key poses for the replay tests, written like the catalog's `poses:` blocks.

They follow the figures' draft poses for these exercises; the catalog test checks the real YAML
poses against each exercise's camera block separately.
"""

from __future__ import annotations

from strongback.catalog.poses import KeyPose


def resolved(position: str, **angles: float) -> dict[str, float]:
    return KeyPose.model_validate({"name": "pose", "angles": angles}).resolved(position)


BRIDGE_START = resolved("supine")
BRIDGE_UP = resolved("supine", trunk=200, shoulder=-20, hip=4, knee=96, ankle=-20)
BRIDGE_HALF = resolved("supine", trunk=190, shoulder=-10, hip=30, knee=100, ankle=-25)
CRUNCH_START = resolved("supine", shoulder=30, elbow=130)
CRUNCH_UP = resolved("supine", shoulder=30, elbow=130, spine=30, neck=15)
CRUNCH_CHIN_DOWN = resolved("supine", shoulder=30, elbow=130, spine=30, neck=70)
