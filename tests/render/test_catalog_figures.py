"""Every exercise in the built-in catalog has key poses that draw a plausible figure."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strongback.catalog import Equipment, Exercise, Position, default_catalog
from strongback.catalog.poses import SEGMENTS
from strongback.cli.app import app
from strongback.render._motion import MAT_HEIGHT
from strongback.render.figures import (
    FigureSpec,
    animated_svg,
    animation_frames,
    key_frames,
    strip_svg,
    write_figure,
)

SVG = "{http://www.w3.org/2000/svg}"
EXERCISES = sorted(default_catalog(), key=lambda e: e.id)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_every_exercise_has_key_poses_that_render(exercise: Exercise) -> None:
    assert len(exercise.poses) >= 2, f"{exercise.id} needs a start and an end pose"
    assert len({pose.name for pose in exercise.poses}) == len(exercise.poses)
    spec = FigureSpec.of(exercise)
    for svg in (animated_svg(spec), strip_svg(spec)):
        root = ET.fromstring(svg)
        assert root.tag == f"{SVG}svg"
        title = root.find(f"{SVG}title")
        assert title is not None
        assert title.text == exercise.name
    frames, _ = animation_frames(spec)
    for frame in [*key_frames(spec), *frames]:
        for start, end, length in SEGMENTS:
            assert frame[start].distance(frame[end]) == pytest.approx(length, abs=1e-6)
    # Some joint visibly moves between the first and the last key pose.
    first = exercise.poses[0].resolved(exercise.position)
    last = exercise.poses[-1].resolved(exercise.position)
    assert max(abs(first[joint] - last[joint]) for joint in first) >= 8


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_floor_exercises_rest_on_the_mat(exercise: Exercise) -> None:
    spec = FigureSpec.of(exercise)
    if not exercise.position.on_floor or Equipment.CUSHION in exercise.equipment:
        return
    for frame in key_frames(spec):
        lowest = min(point.y for point in frame.values())
        assert MAT_HEIGHT <= lowest < MAT_HEIGHT + 8, exercise.id


def test_the_bridge_lifts_the_hips_with_shoulders_and_feet_down() -> None:
    start, top = key_frames(FigureSpec.of(default_catalog().exercises["bridge"]))
    assert top["pelvis"].y > start["pelvis"].y + 10  # about 17 cm
    assert top["shoulders"].distance(start["shoulders"]) < 0.01
    assert top["left-ankle"].distance(start["left-ankle"]) < 1
    assert start["pelvis"].y < 8  # lying on the mat at the start


def test_the_bird_dog_reaches_the_opposite_arm_and_leg_out_level() -> None:
    start, reach = key_frames(FigureSpec.of(default_catalog().exercises["bird-dog"]))
    assert reach["right-hand"].x > reach["head"].x  # the right arm reaches forward
    assert reach["left-ankle"].x < reach["pelvis"].x - 30  # the left leg reaches back
    assert reach["right-hand"].y == pytest.approx(reach["shoulders"].y, abs=6)
    assert reach["left-ankle"].y == pytest.approx(reach["pelvis"].y, abs=6)
    for name in ("left-hand", "right-knee"):  # the other hand and knee stay down
        assert reach[name].distance(start[name]) < 1


def test_the_band_row_stands_upright_facing_its_anchor() -> None:
    exercise = default_catalog().exercises["standing-band-row"]
    assert exercise.position is Position.STANDING
    spec = FigureSpec.of(exercise)
    for frame in key_frames(spec):
        assert frame["head"].y > frame["pelvis"].y + 35
        assert abs(frame["shoulders"].x - frame["pelvis"].x) < 5
    root = ET.fromstring(strip_svg(spec))
    classes = {element.get("class") for element in root.iter()}
    assert {"anchor", "left-band"} <= classes


def test_write_figure_writes_an_animated_svg_or_a_strip(tmp_path: Path) -> None:
    bridge = default_catalog().exercises["bridge"]
    animated = write_figure(bridge, tmp_path / "bridge.svg")
    assert ET.parse(animated).getroot().find(f".//{SVG}animate") is not None
    still = write_figure(bridge, tmp_path / "still.svg", animate=False)
    assert ET.parse(still).getroot().find(f".//{SVG}animate") is None


@pytest.mark.parametrize("suffix", [".svg", ".html", ".pdf", ".png"])
def test_the_contact_sheet_command_draws_every_exercise(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"sheet{suffix}"
    result = CliRunner().invoke(app, ["figures", "--contact-sheet", str(target)])
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    magic = {".svg": b"<svg", ".html": b"<!doctype html>", ".pdf": b"%PDF-", ".png": b"\x89PNG"}
    assert data.startswith(magic[suffix])
    if suffix in (".svg", ".html"):
        for exercise in EXERCISES:
            assert exercise.name in data.decode()


def test_the_figures_command_writes_one_svg_per_exercise(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["figures", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.stem for p in tmp_path.glob("*.svg")) == [e.id for e in EXERCISES]
