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
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from strongback.cli._common import err, fail, open_repository, plural, refer

if TYPE_CHECKING:
    from strongback.catalog import Catalog, Exercise
    from strongback.coach._video import VideoFrame
    from strongback.coach.live import LiveCoach
    from strongback.coached_set import CoachSummary
    from strongback.services import CoachedSetSaved


def _need_camera_extra(missing: str | None) -> NoReturn:
    """Stop: the camera extra is not installed. The hint is worded once, in the coach package,
    and imported only here so that `--help` stays fast."""
    from strongback.coach import INSTALL_HINT

    fail(f"the camera coach needs MediaPipe and OpenCV ({missing} is missing): {INSTALL_HINT}")


WINDOW = "strongback coach (q to stop)"
# `strongback coach --help` ends with this; docs/coach-events.md says the same at length.
EPILOG = (
    "With --headless, stdout is one JSON object a line, each with its `kind`: rep (count), "
    "hold-start, hold (seconds so far), hold-target (seconds), hold-end (count, seconds), form "
    "(message), framing (message, null when all is in view again); then summary (exercise, reps, "
    "holds, form, seconds, seen, and warning when the video was cut short) and, when the set was "
    "saved, saved (session, set, side, practice, day, message). `t` is seconds into the video; "
    "a hold-start is dated back to when the pose was reached, so its `t` may be earlier than the "
    "line before it. Full description: docs/coach-events.md."
)


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""

    @app.command(epilog=EPILOG)
    def coach(
        exercise: Annotated[
            str, typer.Option("--exercise", "-e", metavar="ID", help="The exercise, by id or name.")
        ],
        camera: Annotated[
            int | None,
            typer.Option("--camera", min=0, metavar="N", help="Webcam number (default 0)."),
        ] = None,
        video: Annotated[
            Path | None,
            typer.Option("--video", metavar="FILE", help="Analyse a recorded video file instead."),
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
        film leaves this machine or is stored. Exits with code 3, before the camera starts, when
        your answers mean a clinician should see you first.
        """
        if camera is not None and video is not None:
            fail("give --camera or --video, not both")
        found = _exercise(exercise)
        _refuse_when_withheld(found, record=record)
        if not headless:
            _need_display()
        _need_extra()
        # The source is opened before the pose model loads (a second or more): a wrong path or a
        # missing camera fails at once.
        source, frames = _frames(camera, video)
        try:
            live = _live_coach(found)
            try:
                summary = _run(live, frames, headless=headless, stop_when_done=video is None)
            finally:
                live.close()
        finally:
            source.close()
        cut_short = getattr(source, "cut_short", None)
        _report(live, summary, cut_short, headless=headless, video=video, record=record)
        if record:
            saved = _record(found, summary)
            if saved is not None and headless:
                _emit(_saved_line(saved))


def _report(
    live: LiveCoach,
    summary: CoachSummary,
    cut_short: str | None,
    *,
    headless: bool,
    video: Path | None,
    record: bool,
) -> None:
    """The set's summary (a JSON line, or words on stderr), after a warning if the video broke
    off: what was counted before that point is kept, and saved like any set."""
    if cut_short is not None:
        counted = summary.reps > 0 or bool(summary.holds)
        kept = (
            "nothing was counted before that point"
            if not counted
            else "what was counted up to there is saved"
            if record
            else "only what came before counts"
        )
        err().print(f"[bold yellow]warning:[/] {cut_short}: {kept}.")
    if headless:
        _emit(_summary_line(live, cut_short))
    else:
        err().print(_words(live, summary, video=video is not None))


def _refuse_when_withheld(exercise: Exercise, *, record: bool) -> None:
    """Nobody the screening sends to a clinician is coached, recorded or not: the referral and
    exit 3, as `strongback log` gives them, before the camera or the model starts. Nor is anyone
    coached through an exercise its own data leaves out for one of their conditions (exit 1).

    Without saved answers there is nothing to screen (a camera set needs none). With --no-record
    a store that cannot be opened is no reason to stop: nothing would be saved in it.
    """
    from strongback import services

    repository = open_repository() if record else _store_if_any()
    if repository is None:
        return
    with repository:
        try:
            services.ensure_may_coach(repository, exercise)  # passes when nothing is saved yet
        except services.ExerciseWithheld as withheld:
            refer(withheld, headline="Nothing recorded")
        except services.LeftOut as left_out:
            fail(str(left_out))


def _store_if_any() -> Any:
    """The store, to screen a --no-record set; None, after a one-line warning, when it cannot be
    opened: nothing would be saved in it, but the person must know their answers went unchecked."""
    from rich.markup import escape
    from sqlalchemy.exc import SQLAlchemyError

    from strongback.cli._common import database_error
    from strongback.settings import Settings
    from strongback.store import StoreError, open_store

    try:
        return open_store(Settings.from_env())
    except (StoreError, OSError, SQLAlchemyError) as exc:
        problem = database_error(exc) or f"your data could not be opened: {exc}"
        err().print(
            f"[bold yellow]warning:[/] {escape(problem)}, so your saved answers could not be "
            "checked and nothing is saved. If a warning sign of the screening applies to you, "
            "see a clinician first."
        )
        return None


def _need_extra() -> None:
    """MediaPipe and OpenCV are there, looked up without loading them (MediaPipe takes a while)."""
    from importlib.util import find_spec

    for module in ("cv2", "mediapipe"):
        try:
            found = find_spec(module)
        except (ImportError, ValueError):
            found = None
        if found is None:
            _need_camera_extra(module)


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
        _need_camera_extra(exc.name)
    return LiveCoach(exercise)


def _frames(camera: int | None, video: Path | None) -> tuple[Any, Any]:
    """The opened source (to close, and to ask whether a video was cut short) and its frames.

    One frame is read at once, so that a source that gives none fails before the model loads;
    a video's is kept as its first frame, a camera's is only a test (its set starts later).
    """
    try:
        from strongback.coach._video import SourceError, read_camera, read_video
    except ImportError as exc:
        _need_camera_extra(exc.name)

    try:
        if video is None:
            webcam = read_camera(camera or 0)
            if next(webcam, None) is None:
                fail("the camera gave no picture")
            # The camera works; the pose model loads next, and the set starts after it.
            webcam.restart_clock()
            return webcam, webcam
        source = read_video(video)
        first = next(source, None)
    except SourceError as exc:
        fail(str(exc))
    if first is None:
        fail(f"{video}: the video has no frames")

    def chained() -> Any:
        yield first
        yield from source

    return source, chained()


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
    return live.coach.summary()


def _emit(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()  # a reader on a pipe sees each event as it happens


def _summary_line(live: LiveCoach, cut_short: str | None) -> dict[str, Any]:
    """The headless summary: the set's, whether anyone was seen, and a cut-short warning."""
    line = live.summary()
    if cut_short is not None:
        line["warning"] = cut_short
    return line


def _saved_line(saved: CoachedSetSaved) -> dict[str, Any]:
    """The headless line saying where the set was saved."""
    return {
        "kind": "saved",
        "session": saved.session_id,
        "set": saved.set.set_number,
        "side": saved.set.side.value,
        "practice": saved.own_session,
        "day": None if saved.session_day is None else saved.session_day.isoformat(),
        "message": saved.message,
    }


def _words(live: LiveCoach, summary: CoachSummary, *, video: bool) -> str:
    """The set in a sentence: '3 reps.', '2 holds, the longest 12 s.', or nobody seen."""
    from strongback.catalog.camera import Measure

    name = live.exercise.name
    if not live.seen:
        where = "in the video" if video else "by the camera"
        return f"{name}: nobody was seen {where}, so nothing was counted."
    if live.coach.check.measure is Measure.HOLD:
        done = plural(len(summary.holds), "hold")
        if summary.holds:
            done += f", the longest {summary.longest_hold or 0.0:.0f} s"
    else:
        done = plural(summary.reps, "rep")
    notes = "".join(f"\n  - {message}" for message in summary.form)
    return f"{name}: {done}.{notes}"


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
    from strongback.catalog.camera import Measure

    coach = live.coach
    name = live.exercise.name
    if coach.hold_seconds is not None:
        return f"{name}: hold {coach.hold_seconds:.0f} s"
    unit = "holds" if coach.check.measure is Measure.HOLD else "reps"
    target = f" of {coach.target_reps}" if coach.target_reps else ""
    return f"{name}: {unit} {coach.count}{target}"


def _record(exercise: Exercise, summary: CoachSummary) -> CoachedSetSaved | None:
    """Save the coached set where `services.record_coached_set` decides, as the web page does."""
    from strongback import services
    from strongback.catalog import default_catalog
    from strongback.planner import PlanWithheld

    with open_repository() as repository:
        try:
            saved = services.record_coached_set(
                repository, default_catalog(), exercise, summary, datetime.now(UTC)
            )
        except PlanWithheld as withheld:  # answers saved meanwhile (another window)
            refer(withheld, headline="Nothing recorded")
    err().print(services.NOTHING_COACHED if saved is None else saved.message)
    return saved
