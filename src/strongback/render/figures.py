"""Exercise figures drawn from the key poses in the catalog: a strip of poses, or an animation.

Nothing here is a picture someone drew: every line comes from the joint angles in the exercise YAML
through `strongback.catalog.poses.forward_kinematics`. The figure is placed the way gravity would
place it (its lowest part rests on the mat or floor) and one landmark (the shoulders on the back,
the knee on all fours...) is pinned so the body does not slide between poses.

The animation uses SMIL, which browsers play without script; viewers that ignore it (WeasyPrint,
image viewers) show the first pose.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path

from strongback.catalog import Equipment, Exercise
from strongback.catalog.poses import HEAD_RADIUS, SIDES, Point
from strongback.render._motion import (
    LIMB_WIDTH,
    PLATE_RADIUS,
    TRUNK_WIDTH,
    FigureSpec,
    Frame,
    animation_frames,
    cycle_seconds,
    key_frames,
)
from strongback.render._props import (
    ACCENT,
    BAND,
    FAR_ACCENT,
    FAR_INK,
    INK,
    PROP,
    Box,
    Props,
    Y,
    bounds,
    fmt,
)

__all__ = [
    "FigureSpec",
    "animated_svg",
    "animation_frames",
    "figure_svg",
    "key_frames",
    "strip_svg",
    "write_figure",
]


def _body_paths(frame: Frame, y: Y) -> dict[str, str]:
    """Path data for each drawn part of one frame; the same keys in every frame, for animation."""

    def at(name: str) -> str:
        return f"{fmt(frame[name].x)} {y(frame[name].y)}"

    shoulders, head = frame["shoulders"], frame["head"]
    neck_end = Point(
        shoulders.x + (head.x - shoulders.x) * 0.55, shoulders.y + (head.y - shoulders.y) * 0.55
    )
    paths = {
        # Two straight pieces with a round join: a curve through the waist would bulge past it
        # and seem to sink into the floor when the upper back lifts.
        "trunk": f"M{at('pelvis')} L{at('waist')} L{at('shoulders')}",
        "neck": f"M{at('shoulders')} L{fmt(neck_end.x)} {y(neck_end.y)}",
    }
    for side in SIDES:
        paths[f"{side}-arm"] = (
            f"M{at('shoulders')} L{at(f'{side}-elbow')} L{at(f'{side}-wrist')} "
            f"L{at(f'{side}-hand')}"
        )
        paths[f"{side}-leg"] = (
            f"M{at('pelvis')} L{at(f'{side}-knee')} L{at(f'{side}-ankle')} "
            f"M{at(f'{side}-heel')} L{at(f'{side}-toe')}"
        )
    return paths


def _band_paths(frame: Frame, y: Y, anchor: Point) -> dict[str, str]:
    return {
        f"{side}-band": f"M{fmt(anchor.x)} {y(anchor.y)} L{fmt(frame[f'{side}-hand'].x)} "
        f"{y(frame[f'{side}-hand'].y)}"
        for side in SIDES
    }


def _colour(part: str, moving: frozenset[str]) -> str:
    far = part.startswith("right-")
    if part in moving or (part in ("trunk", "neck") and "trunk" in moving):
        return FAR_ACCENT if far else ACCENT
    if part == "neck" and "head" in moving:
        return ACCENT
    return FAR_INK if far else INK


_DRAW_ORDER = ("right-band", "right-leg", "right-arm", "trunk", "neck", "left-leg")
_DRAW_ORDER_TOP = ("left-arm", "left-band")


def _element(part: str, d: str, moving: frozenset[str], animation: str = "") -> str:
    if part.endswith("-band"):
        stroke, width = BAND, 1.6
    else:
        stroke = _colour(part, moving)
        width = TRUNK_WIDTH if part == "trunk" else LIMB_WIDTH
    return (
        f'<path class="{part}" d="{d}" fill="none" stroke="{stroke}" stroke-width="{width}" '
        f'stroke-linecap="round" stroke-linejoin="round">{animation}</path>'
    )


def _head(frame: Frame, y: Y, moving: frozenset[str], animation: str = "") -> str:
    head = frame["head"]
    fill = ACCENT if "head" in moving else INK
    return (
        f'<circle class="head" cx="{fmt(head.x)}" cy="{y(head.y)}" r="{fmt(HEAD_RADIUS)}" '
        f'fill="{fill}">{animation}</circle>'
    )


def _draw(
    frames: Sequence[Frame], spec: FigureSpec, y: Y, anchor: Point, times: Sequence[float] = ()
) -> list[str]:
    """The body (and band) of the first frame, animated through all frames when times are given."""
    moving = spec.moving
    band = Equipment.RESISTANCE_BAND in spec.equipment
    per_frame = [_body_paths(f, y) | (_band_paths(f, y, anchor) if band else {}) for f in frames]
    key_times = ";".join(f"{t:.4f}" for t in times)
    duration = f"{cycle_seconds(spec):.1f}s"

    def animate(attribute: str, values: Iterable[str]) -> str:
        if not times:
            return ""
        return (
            f'<animate attributeName="{attribute}" dur="{duration}" repeatCount="indefinite" '
            f'calcMode="linear" keyTimes="{key_times}" values="{";".join(values)}"/>'
        )

    elements: list[str] = []
    for part in (*_DRAW_ORDER, *_DRAW_ORDER_TOP):
        if part not in per_frame[0]:
            continue
        animation = animate("d", (paths[part] for paths in per_frame))
        elements.append(_element(part, per_frame[0][part], moving, animation))
        if part == "neck":
            head_animation = animate("cx", (fmt(f["head"].x) for f in frames)) + animate(
                "cy", (y(f["head"].y) for f in frames)
            )
            elements.append(_head(frames[0], y, moving, head_animation))
    if Equipment.BARBELL in spec.equipment:
        hand = frames[0]["left-hand"]
        plate = animate("cx", (fmt(f["left-hand"].x) for f in frames)) + animate(
            "cy", (y(f["left-hand"].y) for f in frames)
        )
        elements.insert(
            0,
            f'<circle class="barbell" cx="{fmt(hand.x)}" cy="{y(hand.y)}" '
            f'r="{fmt(PLATE_RADIUS)}" fill="{PROP}">{plate}</circle>',
        )
    return elements


def _svg_open(
    box: Box, width: float, label_id: str, title: str, desc: str, max_height: float | None = None
) -> str:
    scale = width / box.width
    if max_height is not None and box.height * scale > max_height:
        scale = max_height / box.height
        width = box.width * scale
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {fmt(box.width)} '
        f'{fmt(box.height)}" width="{fmt(width)}" height="{fmt(box.height * scale)}" '
        f'role="img" aria-labelledby="{label_id}-title {label_id}-desc">'
        f'<title id="{label_id}-title">{escape(title)}</title>'
        f'<desc id="{label_id}-desc">{escape(desc)}</desc>'
    )


def describe(spec: FigureSpec) -> str:
    """The figure in words: the view, the key poses in order and what moves (its SVG <desc>, and
    the alternative text where it is shown as an image)."""
    names = ", then ".join(pose.name for pose in spec.poses)
    moving = [part.replace("-", " ") for part in sorted(spec.moving)]
    if not moving:
        return f"Side view, {spec.position.label}: {names}."
    parts = moving[0] if len(moving) == 1 else f"{', '.join(moving[:-1])} and {moving[-1]}"
    verb = "moves" if len(moving) == 1 else "move"
    return f"Side view, {spec.position.label}: {names}. The {parts} {verb}."


def animated_svg(spec: FigureSpec, *, width: float = 320) -> str:
    """One panel that moves through the key poses and back, for the web player and library."""
    _require_poses(spec)
    frames, times = animation_frames(spec)
    box = bounds(frames, spec)
    y = Y(box.top)
    props = Props(spec, frames)
    head = _svg_open(box, width, f"fig-{spec.id}", spec.name, describe(spec))
    body = [
        *props.background(y, box),
        *_draw(frames, spec, y, props.anchor, times),
        *props.foreground(y),
    ]
    return head + f'<g transform="translate({fmt(-box.left)} 0)">' + "".join(body) + "</g></svg>"


def strip_svg(
    spec: FigureSpec, *, panel_width: float = 150, max_height: float | None = None
) -> str:
    """The key poses side by side, each named, for print (handout, contact sheet)."""
    _require_poses(spec)
    frames = key_frames(spec)
    box = bounds(frames, spec)
    label_height = 9.0
    gap = 6.0
    total = Box(0, -label_height, len(frames) * box.width + (len(frames) - 1) * gap, box.height)
    y = Y(box.top)
    props = Props(spec, frames)
    head = _svg_open(
        total,
        panel_width * len(frames),
        f"strip-{spec.id}",
        spec.name,
        describe(spec),
        max_height,
    )
    panels: list[str] = []
    for index, (pose, frame) in enumerate(zip(spec.poses, frames, strict=True)):
        offset = index * (box.width + gap) - box.left
        body = [
            *props.background(y, box),
            *_draw([frame], spec, y, props.anchor),
            *props.foreground(y),
        ]
        label = (
            f'<text x="{fmt(box.left + box.width / 2)}" y="{fmt(box.height + 6.5)}" '
            f'text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="6" '
            f'fill="{INK}">{index + 1}. {escape(pose.name)}</text>'
        )
        panels.append(
            f'<g class="pose" transform="translate({fmt(offset)} 0)">'
            f"<title>{escape(pose.name)}</title>{''.join(body)}{label}</g>"
        )
    return head + "".join(panels) + "</svg>"


def _require_poses(spec: FigureSpec) -> None:
    if not spec.poses:
        raise ValueError(f"exercise '{spec.id}' has no key poses to draw")


def figure_svg(exercise: Exercise, *, animate: bool = True) -> str:
    spec = FigureSpec.of(exercise)
    return animated_svg(spec) if animate else strip_svg(spec)


def write_figure(exercise: Exercise, path: Path, *, animate: bool = True) -> Path:
    """Write the exercise's figure as SVG: animated by default, or its key poses side by side."""
    path.write_text(figure_svg(exercise, animate=animate) + "\n", encoding="utf-8")
    return path
