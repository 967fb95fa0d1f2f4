"""The scene around the body: floor, mat, cushion, chair, wall, band anchor and bar.

Props are drawn once from the first frame so they stay still while the figure moves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from strongback.catalog import Equipment, Position
from strongback.catalog.poses import HEAD_RADIUS, SIDES, Point
from strongback.render._motion import (
    CUSHION_HEIGHT,
    MARGIN,
    MAT_HEIGHT,
    MIN_WIDTH,
    PLATE_RADIUS,
    TRUNK_WIDTH,
    FigureSpec,
    Frame,
)

INK = "#2d3748"
FAR_INK = "#a3aebf"
ACCENT = "#d9622b"
FAR_ACCENT = "#f2b48f"
FLOOR = "#8391a5"
MAT = "#dde6ee"
BAND = "#2f9e63"
PROP = "#9aa5b4"


@dataclass(frozen=True)
class Box:
    left: float
    bottom: float
    right: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom


def bounds(frames: Iterable[Frame], spec: FigureSpec) -> Box:
    xs: list[float] = []
    ys: list[float] = [0.0]
    for frame in frames:
        for name, p in frame.items():
            reach = HEAD_RADIUS if name == "head" else TRUNK_WIDTH / 2
            xs += [p.x - reach, p.x + reach]
            ys += [p.y - reach, p.y + reach]
    props = Props(spec, list(frames))
    xs += props.extent_x
    ys += props.extent_y
    left, right = min(xs) - MARGIN, max(xs) + MARGIN
    # Upright figures are narrow: widen them so a pose's name fits under it.
    if right - left < MIN_WIDTH:
        middle = (left + right) / 2
        left, right = middle - MIN_WIDTH / 2, middle + MIN_WIDTH / 2
    return Box(left, min(ys) - MARGIN, right, max(ys) + MARGIN)


def fmt(value: float) -> str:
    text = f"{value:.1f}"
    return "0" if text in ("0.0", "-0.0") else text.removesuffix(".0")


class Props:
    """Floor, mat, chair, band, bar: drawn once from the first frame so they stay still."""

    def __init__(self, spec: FigureSpec, frames: Sequence[Frame]) -> None:
        self.spec = spec
        first = frames[0]
        self.frames = frames
        self.first = first
        hands = [first[f"{s}-hand"] for s in SIDES]
        self.anchor = Point(max(h.x for h in hands) + 24, sum(h.y for h in hands) / 2)
        self.extent_x: list[float] = []
        self.extent_y: list[float] = []
        if Equipment.RESISTANCE_BAND in spec.equipment:
            self.extent_x.append(self.anchor.x + 3)
            self.extent_y.append(max(self.anchor.y + 12, 60.0))
        if Equipment.BARBELL in spec.equipment:
            for frame in frames:
                hand = frame["left-hand"]
                self.extent_x += [hand.x - PLATE_RADIUS, hand.x + PLATE_RADIUS]
                self.extent_y.append(hand.y + PLATE_RADIUS)
        if Equipment.PULL_UP_BAR in spec.equipment:
            self.extent_y.append(first["left-hand"].y + 6)

    def mat_span(self) -> tuple[float, float]:
        xs = [p.x for frame in self.frames for p in frame.values()]
        return min(xs) - 6, max(xs) + 6

    def background(self, y: Y, box: Box) -> list[str]:
        parts = [
            f'<line class="floor" x1="{fmt(box.left)}" y1="{y(0)}" x2="{fmt(box.right)}" '
            f'y2="{y(0)}" stroke="{FLOOR}" stroke-width="1.2" stroke-linecap="round"/>'
        ]
        if self.spec.on_floor:
            left, right = self.mat_span()
            parts.append(
                f'<rect class="mat" x="{fmt(left)}" y="{y(MAT_HEIGHT)}" '
                f'width="{fmt(right - left)}" height="{fmt(MAT_HEIGHT)}" rx="0.9" fill="{MAT}"/>'
            )
        if Equipment.CUSHION in self.spec.equipment:
            waist = self.first["waist"]
            pelvis = self.first["pelvis"]
            mid = (waist.x + pelvis.x) / 2
            parts.append(
                f'<rect class="cushion" x="{fmt(mid - 11)}" y="{y(MAT_HEIGHT + CUSHION_HEIGHT)}" '
                f'width="22" height="{fmt(CUSHION_HEIGHT)}" rx="2" fill="{PROP}"/>'
            )
        if self.spec.position is Position.SEATED or Equipment.CHAIR in self.spec.equipment:
            parts.append(self._chair(y))
        if Equipment.WALL in self.spec.equipment:
            xs = [p.x for frame in self.frames for p in frame.values()]
            wall = min(xs) - TRUNK_WIDTH / 2
            parts.append(
                f'<line class="wall" x1="{fmt(wall)}" y1="{y(0)}" x2="{fmt(wall)}" '
                f'y2="{y(95)}" stroke="{PROP}" stroke-width="2"/>'
            )
        if Equipment.RESISTANCE_BAND in self.spec.equipment:
            a = self.anchor
            parts.append(
                f'<line class="door" x1="{fmt(a.x + 1.5)}" y1="{y(0)}" x2="{fmt(a.x + 1.5)}" '
                f'y2="{y(max(a.y + 12, 60))}" stroke="{PROP}" stroke-width="3" '
                'stroke-linecap="round"/>'
                f'<circle class="anchor" cx="{fmt(a.x)}" cy="{y(a.y)}" r="1.8" fill="{BAND}"/>'
            )
        return parts

    def foreground(self, y: Y) -> list[str]:
        """The bar is gripped, so it goes over the hands; seen end-on it is a round section."""
        if Equipment.PULL_UP_BAR not in self.spec.equipment:
            return []
        hand = self.first["left-hand"]
        return [
            f'<line class="bar-mount" x1="{fmt(hand.x)}" y1="{y(hand.y)}" '
            f'x2="{fmt(hand.x - 14)}" y2="{y(hand.y + 5)}" stroke="{PROP}" stroke-width="2"/>'
            f'<circle class="bar" cx="{fmt(hand.x)}" cy="{y(hand.y)}" r="2.6" fill="{PROP}" '
            'stroke="#ffffff" stroke-width="0.8"/>'
        ]

    def _chair(self, y: Y) -> str:
        pelvis = self.first["pelvis"]
        seat = pelvis.y - TRUNK_WIDTH / 2
        front, back = pelvis.x + 10, pelvis.x - 8
        d = (
            f"M{fmt(back)} {y(seat + 30)} L{fmt(back)} {y(0)} "
            f"M{fmt(back)} {y(seat)} L{fmt(front)} {y(seat)} L{fmt(front)} {y(0)}"
        )
        return (
            f'<path class="chair" d="{d}" fill="none" stroke="{PROP}" stroke-width="2.5" '
            'stroke-linecap="round" stroke-linejoin="round"/>'
        )


class Y:
    """SVG's y grows downwards; ours grows upwards from the floor."""

    def __init__(self, top: float) -> None:
        self.top = top

    def __call__(self, value: float) -> str:
        return fmt(self.top - value)
