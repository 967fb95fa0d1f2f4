"""`strongback coach`: reps, hold times and form feedback from a webcam or a video file.

Frames are analysed on this machine and dropped: none is stored or sent anywhere. MediaPipe and
OpenCV come with the `camera` extra and are imported only when the command runs, so the rest of the
CLI starts fast without them and this command says how to install them when they are missing.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from strongback.cli._common import err, fail, open_repository

if TYPE_CHECKING:
    from strongback.catalog import Catalog, Exercise
    from strongback.coach import CoachSummary
    from strongback.coach.live import LiveCoach
    from strongback.coach.pose import VideoFrame

INSTALL = "pip install 'strongback[camera]'"
WINDOW = "strongback coach (q to stop)"


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""

    @app.command()
    def coach(
        exercise: Annotated[
            str, typer.Option("--exercise", "-e", help="The exercise, by id or name.")
        ],
        camera: Annotated[
            int | None, typer.Option("--camera", min=0, help="Webcam number (default 0).")
        ] = None,
        video: Annotated[
            Path | None, typer.Option("--video", help="Analyse a recorded video file instead.")
        ] = None,
        headless: Annotated[
            bool, typer.Option("--headless", help="No window: print events as JSON lines.")
        ] = False,
        record: Annotated[
            bool, typer.Option("--record/--no-record", help="Save the set to your history.")
        ] = True,
    ) -> None:
        """Coach one set with the camera: count reps, time holds and give feedback on form.

        Film from the side the exercise names (`strongback show ID` says which). Nothing you
        film leaves this machine or is stored.
        """
        if camera is not None and video is not None:
            fail("give --camera or --video, not both")
        found = _exercise(exercise)
        if not headless:
            _need_display()
        live = _live_coach(found)
        try:
            frames = _frames(camera, video)
            summary = _run(live, frames, headless=headless, stop_when_done=video is None)
        finally:
            live.close()
        if record:
            _record(found, summary)


def _exercise(name: str) -> Exercise:
    from strongback.catalog import CatalogError, default_catalog

    try:
        catalog = default_catalog()
    except CatalogError as exc:
        fail(str(exc))
    found = catalog.find(name)
    if found is None:
        fail(f"--exercise: no exercise {name!r} in the catalog{_suggest(catalog, name)}")
    if found.camera is None:
        checkable = ", ".join(e.id for e in catalog if e.camera is not None)
        fail(f"the camera cannot check {found.id} yet; it can check: {checkable}")
    return found


def _suggest(catalog: Catalog, name: str) -> str:
    close = [e.id for e in catalog.suggest(name, limit=3)]
    return f"; did you mean {' or '.join(close)}?" if close else ""


def _need_display() -> None:
    from strongback.cli._display import display_problem

    problem = display_problem()
    if problem is not None:
        fail(f"the coach's window cannot open: {problem}; add --headless to coach without a window")


def _live_coach(exercise: Exercise) -> LiveCoach:
    try:
        from strongback.coach.live import LiveCoach
    except ImportError as exc:  # the camera extra is not installed
        fail(f"the camera coach needs MediaPipe and OpenCV ({exc.name} is missing): {INSTALL}")
    return LiveCoach(exercise)


def _frames(camera: int | None, video: Path | None) -> Any:
    from strongback.coach.pose import SourceError, read_camera, read_video

    try:
        frames = read_video(video) if video is not None else read_camera(camera or 0)
        first = next(frames, None)
    except SourceError as exc:
        fail(str(exc))
    if first is None:
        fail(f"{video}: the video has no frames" if video else "the camera gave no picture")

    def chained() -> Any:
        yield first
        yield from frames

    return chained()


def _run(live: LiveCoach, frames: Any, *, headless: bool, stop_when_done: bool) -> CoachSummary:
    frame: VideoFrame
    window = None if headless else _Window()
    try:
        for frame in frames:
            events = live.feed(frame.image, frame.t)
            if headless:
                for event in events:
                    _emit(event.to_json())
            elif window is not None and not window.show(live, frame, events):
                break
            if stop_when_done and live.done():
                break
    except KeyboardInterrupt:
        pass  # Ctrl+C ends the set; what was counted is kept
    finally:
        if window is not None:
            window.close()
    for event in live.coach.finish():
        if headless:
            _emit(event.to_json())
    summary = live.coach.summary()
    if headless:
        _emit(live.summary())
    else:
        err().print(_words(live.exercise, summary))
    return summary


def _emit(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()  # a reader on a pipe sees each event as it happens


def _words(exercise: Exercise, summary: CoachSummary) -> str:
    if summary.holds:
        longest = summary.longest_hold or 0.0
        done = f"{_count(len(summary.holds), 'hold')}, the longest {longest:.0f} s"
    else:
        done = _count(summary.reps, "rep")
    notes = "".join(f"\n  - {message}" for message in summary.form)
    return f"{exercise.name}: {done}.{notes}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


class _Window:
    """The OpenCV window: skeleton, count or hold clock, and the latest feedback.

    A video file plays at its own speed, as a person watching it expects (`--headless` reads it as
    fast as it can); a webcam's frames arrive in real time anyway, so they are shown at once.
    """

    def __init__(self) -> None:
        self.feedback = ""
        self._opened = False
        self._clock_start = 0.0  # the wall-clock time at which the first frame was shown

    def show(self, live: LiveCoach, frame: VideoFrame, events: list[Any]) -> bool:
        """Show one frame; False when the person pressed q or Esc, or closed the window."""
        import cv2

        from strongback.coach import overlay

        for event in events:
            if event.message is not None:
                self.feedback = event.message
            elif event.kind == "framing":
                self.feedback = ""
        image = overlay.draw(frame.image, live.last, [_status(live), self.feedback])
        if not self._opened:
            # Resizable (to read it from the mat), keeping the picture's shape, and without
            # OpenCV's pan-and-zoom toolbar, which means nothing to someone exercising.
            flags = cv2.WINDOW_NORMAL | cv2.WINDOW_KEEPRATIO | cv2.WINDOW_GUI_NORMAL
            cv2.namedWindow(WINDOW, flags)
            cv2.resizeWindow(WINDOW, image.shape[1], image.shape[0])
            self._opened = True
            self._clock_start = time.monotonic() - frame.t
        cv2.imshow(WINDOW, image)
        wait = self._clock_start + frame.t - time.monotonic()
        key = cv2.waitKey(max(1, round(wait * 1000))) & 0xFF
        if key in (ord("q"), ord("Q"), 27):
            return False
        return cv2.getWindowProperty(WINDOW, cv2.WND_PROP_VISIBLE) >= 1

    def close(self) -> None:
        import cv2

        cv2.destroyAllWindows()
        cv2.waitKey(1)  # lets the GUI loop take the window off the screen


def _status(live: LiveCoach) -> str:
    """The window's first line: the exercise and its count (or the hold under way)."""
    from strongback.catalog._camera import Measure

    coach = live.coach
    name = live.exercise.name
    if coach.hold_seconds is not None:
        return f"{name}: hold {coach.hold_seconds:.0f} s"
    unit = "holds" if coach.check.measure is Measure.HOLD else "reps"
    target = f" of {coach.target_reps}" if coach.target_reps else ""
    return f"{name}: {unit} {coach.count}{target}"


def _record(exercise: Exercise, summary: CoachSummary) -> None:
    """Save the coached set where `services.record_coached_set` decides, as the web page does."""
    from strongback import services
    from strongback.catalog import default_catalog

    with open_repository() as repository:
        saved = services.record_coached_set(
            repository, default_catalog(), exercise, summary, datetime.now(UTC)
        )
    err().print(services.NOTHING_COACHED if saved is None else saved.message)
