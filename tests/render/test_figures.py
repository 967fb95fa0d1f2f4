"""Figures drawn from key poses: valid, accessible SVG; rigid limbs; grounded and pinned bodies."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from strongback.catalog import Position
from strongback.catalog.poses import HEAD_RADIUS, SEGMENTS, KeyPose
from strongback.render._motion import LIMB_WIDTH, MAT_HEIGHT, TRUNK_WIDTH, FigureSpec
from strongback.render.figures import animated_svg, animation_frames, key_frames, strip_svg
from tests.render.conftest import SPECS, spec

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def test_the_animation_is_valid_accessible_svg(figure_spec: FigureSpec) -> None:
    root = _parse(animated_svg(figure_spec))
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None
    assert title.text == figure_spec.name
    assert desc is not None
    assert desc.text is not None
    for pose in figure_spec.poses:
        assert pose.name in desc.text
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"fig-{figure_spec.id}-title fig-{figure_spec.id}-desc"


def test_every_animated_value_list_matches_its_key_times(figure_spec: FigureSpec) -> None:
    root = _parse(animated_svg(figure_spec))
    animations = root.findall(f".//{SVG}animate")
    assert len(animations) >= 6  # trunk, neck, head x and y, four limbs
    for animate in animations:
        times = [float(t) for t in (animate.get("keyTimes") or "").split(";")]
        values = (animate.get("values") or "").split(";")
        assert len(values) == len(times)
        assert times[0] == 0
        assert times[-1] == 1
        assert times == sorted(times)
        assert animate.get("repeatCount") == "indefinite"


def test_the_strip_shows_each_key_pose_with_its_name(figure_spec: FigureSpec) -> None:
    root = _parse(strip_svg(figure_spec))
    groups = root.findall(f"{SVG}g")
    assert len(groups) == len(figure_spec.poses)
    labels = [t.text or "" for t in root.iter(f"{SVG}text")]
    for index, pose in enumerate(figure_spec.poses, start=1):
        assert f"{index}. {pose.name}" in labels
    assert not root.findall(f".//{SVG}animate")


def test_limbs_keep_their_lengths_across_poses_and_in_between(figure_spec: FigureSpec) -> None:
    frames, _ = animation_frames(figure_spec)
    for frame in [*key_frames(figure_spec), *frames]:
        for start, end, length in SEGMENTS:
            assert frame[start].distance(frame[end]) == pytest.approx(length, abs=1e-6)


def _bottom(name: str, y: float) -> float:
    if name == "head":
        return y - HEAD_RADIUS
    if name in ("pelvis", "waist", "shoulders"):
        return y - TRUNK_WIDTH / 2
    return y - LIMB_WIDTH / 2


def test_the_body_rests_on_its_support_and_the_pinned_point_stays_put(
    figure_spec: FigureSpec,
) -> None:
    frames, _ = animation_frames(figure_spec)
    pin = figure_spec.poses[0].pinned(figure_spec.position.value).value
    support = MAT_HEIGHT if figure_spec.on_floor else 0.0
    for frame in frames:
        assert frame[pin].x == pytest.approx(0, abs=1e-6)
        if figure_spec.id in ("hang", "barbell-hinge", "cushion-lift"):
            continue  # hangs from the bar, or rests on the plates or the cushion
        assert min(_bottom(name, p.y) for name, p in frame.items()) == pytest.approx(support)


def test_the_hanging_body_is_off_the_floor_and_rises_to_the_bar() -> None:
    hang = next(s for s in SPECS if s.id == "hang")
    start, pulled = key_frames(hang)
    assert min(p.y for p in start.values()) > 0
    assert pulled["head"].y > start["head"].y
    assert pulled["left-hand"] == start["left-hand"]


def test_the_moving_side_is_drawn_in_the_accent_colour() -> None:
    bird_dog = next(s for s in SPECS if s.id == "bird-dog")
    root = _parse(strip_svg(bird_dog))
    strokes = {p.get("class"): p.get("stroke") for p in root.iter(f"{SVG}path")}
    assert strokes["left-leg"] == "#d9622b"
    assert strokes["right-arm"] == "#f2b48f"  # the far side, lighter
    assert strokes["left-arm"] == "#2d3748"
    assert strokes["trunk"] == "#2d3748"


def test_props_follow_the_equipment_and_position() -> None:
    def classes(figure: FigureSpec) -> set[str]:
        root = _parse(strip_svg(figure))
        return {element.get("class") or "" for element in root.iter()}

    by_id = {s.id: s for s in SPECS}
    assert {"floor", "mat"} <= classes(by_id["bridge"])
    assert "mat" not in classes(by_id["band-row"])
    assert {"door", "anchor", "left-band", "right-band"} <= classes(by_id["band-row"])
    assert {"bar", "bar-mount"} <= classes(by_id["hang"])
    assert "cushion" in classes(by_id["cushion-lift"])
    assert "chair" in classes(by_id["chair-nod"])
    assert "barbell" in classes(by_id["barbell-hinge"])


def test_names_are_escaped_in_the_markup() -> None:
    odd = spec("odd", Position.SUPINE, [KeyPose(name="a <b> & c"), KeyPose(name="d")])
    odd = FigureSpec(odd.id, 'Tom & "Jerry" <3', odd.position, odd.equipment, odd.poses)
    for svg in (animated_svg(odd), strip_svg(odd)):
        root = _parse(svg)
        assert root.find(f"{SVG}title") is not None


def test_a_figure_without_poses_is_a_clear_error() -> None:
    empty = spec("empty", Position.SUPINE, [])
    with pytest.raises(ValueError, match="'empty' has no key poses"):
        animated_svg(empty)
