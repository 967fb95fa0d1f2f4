"""Figure specs built in code, so the renderer is tested independently of the catalog's poses."""

from __future__ import annotations

import pytest

from strongback.catalog import Equipment, Position
from strongback.catalog.poses import BodyPart, Joint, KeyPose, PinPoint
from strongback.render.figures import FigureSpec


def spec(
    id: str,
    position: Position,
    poses: list[KeyPose],
    equipment: tuple[Equipment, ...] = (Equipment.MAT,),
) -> FigureSpec:
    return FigureSpec(
        id=id,
        name=id.replace("-", " ").capitalize(),
        position=position,
        equipment=frozenset(equipment),
        poses=tuple(poses),
    )


SPECS = [
    spec(
        "bridge",
        Position.SUPINE,
        [
            KeyPose(name="start"),
            KeyPose(
                name="hips up",
                angles={Joint.TRUNK: 200, Joint.SHOULDER: -20, Joint.HIP: 4, Joint.KNEE: 96},
                moving=[BodyPart.TRUNK],
            ),
        ],
    ),
    spec(
        "bird-dog",
        Position.QUADRUPED,
        [
            KeyPose(name="all fours"),
            KeyPose(
                name="reach",
                angles={Joint.RIGHT_SHOULDER: 164, Joint.LEFT_HIP: -16, Joint.LEFT_KNEE: 0},
                moving=[BodyPart.RIGHT_ARM, BodyPart.LEFT_LEG],
            ),
        ],
    ),
    spec(
        "band-row",
        Position.STANDING,
        [
            KeyPose(name="arms forward", angles={Joint.SHOULDER: 85, Joint.ELBOW: 0}),
            KeyPose(
                name="pull",
                angles={Joint.SHOULDER: -40, Joint.ELBOW: 130},
                moving=[BodyPart.ARMS],
            ),
        ],
        (Equipment.RESISTANCE_BAND,),
    ),
    spec(
        "hang",
        Position.STANDING,
        [
            KeyPose(name="hang", angles={Joint.SHOULDER: 175}, pin=PinPoint.LEFT_HAND),
            KeyPose(
                name="chin to bar",
                angles={Joint.SHOULDER: 10, Joint.ELBOW: 150},
                moving=[BodyPart.ARMS],
            ),
        ],
        (Equipment.PULL_UP_BAR,),
    ),
    spec(
        "cushion-lift",
        Position.PRONE,
        [
            KeyPose(name="lie long"),
            KeyPose(name="lift", angles={Joint.SPINE: -12, Joint.HIP: -12}),
            KeyPose(name="beat", angles={Joint.SPINE: -12, Joint.LEFT_HIP: -18}),
        ],
        (Equipment.MAT, Equipment.CUSHION),
    ),
    spec(
        "chair-nod",
        Position.SEATED,
        [KeyPose(name="tall"), KeyPose(name="nod", angles={Joint.NECK: 45}, moving=["head"])],
        (Equipment.CHAIR,),
    ),
    spec(
        "barbell-hinge",
        Position.STANDING,
        [
            KeyPose(
                name="bar low",
                angles={Joint.TRUNK: 25, Joint.HIP: 115, Joint.KNEE: 70, Joint.SHOULDER: 65},
            ),
            KeyPose(name="tall", angles={Joint.SHOULDER: 0, Joint.ELBOW: 0}),
        ],
        (Equipment.BARBELL,),
    ),
]


@pytest.fixture(params=SPECS, ids=lambda s: s.id)
def figure_spec(request: pytest.FixtureRequest) -> FigureSpec:
    result: FigureSpec = request.param
    return result
