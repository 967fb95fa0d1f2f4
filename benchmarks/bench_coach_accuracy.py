"""The camera coach's rep counter and hold timer on real recordings that nobody here made.

Targets (Countix-Fitness sit-up and squat): mean absolute error of the count, relative to the true
count, at most 0.15, and off-by-one accuracy at least 0.8. Published anchor: joint-angle PoseRAC
reaches MAE 0.211 and OBO 0.592 on RepCount. The other sets are reported, not scored:

- Countix-Fitness (MediaPipe poses of YouTube clips, rescaled per frame to [0, 1] on each axis,
  which skews every angle): all eight classes are counted and reported, sit-up (the articles'
  crunch) and squat are scored. The signal, direction and smallest rep of each class are set up on
  the training videos' poses only (`_countix.py`), never on the test videos scored here; the
  counter follows a personal range with the product's defaults, since the rescaling makes
  absolute angles meaningless.
- UI-PRMD (Kinect): the ten segmented repetitions of each subject put back together, correct and
  deliberately incorrect, for the deep squat and sit-to-stand, counted on the height of the waist.
- PosePilot cobra (MediaPipe, four camera views; each sequence stands, lies down, presses up and
  holds): the prone press-up's camera check from the catalog must find exactly one hold.
- KERAAL (BlazePose, one execution per file, seated): arms raised and side bend, one rep each.
- Real footage (22 short workout clips, `_real_footage.py`): real MediaPipe on real people, and
  whether the framing guide tells those filmed front-on, and only those, to turn side-on.

The data live in `../shared/data` beside the repository (see each folder's README); they are read
in place and never copied. Frame times assume 30 frames per second where a set does not say.
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks import _countix, _real_footage
from benchmarks._pose_rows import FPS, pose_frames
from strongback.catalog import default_catalog
from strongback.catalog.camera import CameraCheck
from strongback.coach import EventKind, Landmark, PoseFrame
from strongback.coach._analyzers import HoldTimer, RepCounter
from strongback.coach._features import measure
from strongback.coach._smoothing import SmoothedSignal

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
MAE_TARGET = 0.15
OBO_TARGET = 0.8


def _check(**fields: object) -> CameraCheck:
    return CameraCheck.model_validate({"view": "left", "measure": "reps", **fields})


@dataclass(frozen=True)
class Score:
    mae: float
    obo: float
    videos: int

    @classmethod
    def of(cls, pairs: list[tuple[int, int]]) -> Score:
        mae = statistics.fmean(abs(got - true) / true for got, true in pairs)
        obo = statistics.fmean(abs(got - true) <= 1 for got, true in pairs)
        return cls(mae, obo, len(pairs))

    def line(self, name: str) -> str:
        return f"  {name:28} MAE {self.mae:.3f}  OBO {self.obo:.3f}  ({self.videos} sequences)"


def count(check: CameraCheck, values: Iterable[tuple[float, float | None]]) -> int:
    return count_and_told(check, values)[0]


def count_and_told(
    check: CameraCheck, values: Iterable[tuple[float, float | None]]
) -> tuple[int, int]:
    """Reps counted, and movements told they did not count (too shallow or too brief)."""
    counter, smooth = RepCounter(check), SmoothedSignal()
    t, told = 0.0, 0
    for t, value in values:
        events = counter.update(t, smooth.update(t, value))
        told += sum(event.kind is EventKind.FORM for event in events)
    counter.finish(t)  # as the coach does when a set ends
    return counter.count, told


def signal_of(
    check: CameraCheck, frames: Iterable[PoseFrame]
) -> Iterator[tuple[float, float | None]]:
    for frame in frames:
        yield frame.t, measure(frame, check.signal)


def countix() -> tuple[dict[str, Score], list[str]]:
    """Every class's score, and how each was set up from the training videos."""
    root = DATA / "countix_fitness_pose"
    calibrations = _countix.calibrate(root)
    pairs: dict[str, list[tuple[int, int]]] = {}
    notes = []
    for name, path, true in _countix.test_videos(root):
        check = calibrations[name].check()
        got = count(check, signal_of(check, _countix.frames(path)))
        if got or Path(path).stat().st_size > 200:  # skip the empty upstream files
            pairs.setdefault(name, []).append((got, true))
        if name in _countix.SCORED and abs(got - true) > 1:
            notes.append(f"{Path(path).stem}: {got} counted, {true} true")
    setup = [
        f"  {name:28} {c.signal.describe()} ({c.signal.side.value} side), "
        f"{c.start:.2f} -> {c.far:.2f}"
        for name, c in sorted(calibrations.items())
    ]
    scores = {name: Score.of(p) for name, p in sorted(pairs.items())}
    return scores, setup + [f"  off by more than one: {note}" for note in notes]


def ui_prmd() -> dict[str, tuple[Score, int]]:
    """Waist height (the one absolute Kinect joint) through each subject's ten repetitions.

    With each score, how many movements the coach told did not count (too shallow or brief).
    """
    root = DATA / "ui_prmd_kinect"
    movements = {"m01": "deep squat", "m05": "sit-to-stand"}
    # The counter reads the heights directly; the signal named here is not measured. A rep drops
    # the waist by 12 cm or more (active below rest).
    check = _check(signal={"rise": ["hip", "shoulder"]}, rest=0, active=-12, range="personal")
    scores = {}
    for folder, suffix in (("correct", "positions"), ("incorrect", "positions_inc")):
        for movement, label in movements.items():
            pairs, told = [], 0
            for subject in range(1, 11):
                heights: list[float] = []
                for rep in range(1, 11):
                    name = f"{movement}_s{subject:02d}_e{rep:02d}_{suffix}.txt.gz"
                    path = root / folder / "positions" / name
                    with gzip.open(path, "rt") as file:
                        heights += [float(line.split(",")[1]) for line in file if line.strip()]
                values = ((i / FPS, h) for i, h in enumerate(heights))
                counted, short = count_and_told(check, values)
                pairs.append((counted, 10))
                told += short
            scores[f"{label}, {folder}"] = (Score.of(pairs), told)
    return scores


def posepilot() -> tuple[int, int, list[str]]:
    """How many cobra sequences show exactly one hold, with the prone press-up's own check."""
    exercise = default_catalog().get("prone-press-up")
    check = exercise.camera if exercise is not None else None
    if check is None:
        return 0, 0, ["prone-press-up has no camera block yet"]
    found, notes = 0, []
    files = sorted((DATA / "posepilot_cobra" / "cobra").glob("*.csv"))
    for path in files:
        table = np.loadtxt(path, delimiter=",", skiprows=1, usecols=range(132))
        timer, smooth = HoldTimer(check), SmoothedSignal()
        # The image size is not documented; x is taken as 16:9 landscape video, as phones film.
        for frame in pose_frames(table, 4, aspect=16 / 9):
            timer.update(frame.t, smooth.update(frame.t, measure(frame, check.signal)))
        timer.finish(len(table) / FPS)
        if timer.count == 1:
            found += 1
        else:
            notes.append(f"{path.stem}: {timer.count} holds")
    return found, len(files), notes


def keraal() -> list[str]:
    """Movements counted in each file, against those performed: a demonstration, not a test.

    There is one file per exercise and the thresholds were read off it (the side-bend file leans
    to one side and then the other, two bends, and upright its shoulders sit some 10 degrees off
    the vertical above the hips, so its rest zone is wider), so a match here proves little.
    """
    checks = {
        "CTK": (
            "arms raised",
            1,
            _check(
                view="front",
                signal={"angle": ["hip", "shoulder", "wrist"], "side": "higher"},
                rest=60,
                active=120,
            ),
        ),
        "ELK": (
            "side bends",
            2,
            _check(
                view="front",
                signal={"tilt": ["hip", "shoulder"], "side": "higher"},
                rest=15,
                active=25,
            ),
        ),
    }
    lines = []
    for code, (label, performed, check) in checks.items():
        path = DATA / "keraal_sample" / f"G3-BP-{code}-P1T1-Unknown-C-0.json"
        positions = json.loads(path.read_text())["positions"]
        frames = []
        for i, key in enumerate(sorted(positions, key=float)):
            points = list(positions[key].values())
            landmarks = tuple(Landmark(p[0] * 960 / 544, p[1]) for p in points)
            frames.append(PoseFrame(i / FPS, landmarks))
        got = count(check, signal_of(check, frames))
        lines.append(f"  KERAAL {code} ({label}): {got} counted, {performed} performed")
    return lines


def main() -> int:
    if not DATA.is_dir():
        print(f"coach accuracy: skipped, no reference data at {DATA}")
        return 1 if os.environ.get("CI") else 0
    print("Rep counting on Countix-Fitness, set up on the training videos only")
    scores, setup = countix()
    print("Signals chosen on the training poses (start pose -> far end, medians):")
    for line in setup[: len(scores)]:
        print(line)
    print("Test videos (target on sit_up and squat: MAE <= 0.15, OBO >= 0.8; others reported):")
    for name, score in scores.items():
        mark = "*" if name in _countix.SCORED else " "
        print(score.line(f"{mark}{name}"))
    for line in setup[len(scores) :]:
        print(line)
    print("  anchor: joint-angle PoseRAC on RepCount, MAE 0.211, OBO 0.592")
    print("Rep counting on UI-PRMD (ten repetitions per subject)")
    for name, (score, told) in ui_prmd().items():
        print(score.line(name) + (f", {told} told they did not count" if told else ""))
    found, total, notes = posepilot()
    print(f"Hold detection on PosePilot cobra: one hold found in {found} of {total} sequences")
    for note in notes:
        print(f"  {note}")
    print("KERAAL low-back exercises (one file each; thresholds set on that file, so not a test)")
    for line in keraal():
        print(line)
    footage = DATA / "kaiakol_exercise_videos"
    if footage.is_dir():
        print("Framing guide on real footage (views labelled by eye; reported, not scored)")
        for line in _real_footage.report(footage):
            print(line)
    scored = [scores[name] for name in _countix.SCORED]
    met = all(s.mae <= MAE_TARGET and s.obo >= OBO_TARGET for s in scored)
    print("target met" if met else "target missed")
    return 0 if met else 1
