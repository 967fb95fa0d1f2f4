"""The rules of playing a timeline, shared by the terminal and the browser player.

Pure: `SessionPlayer` never reads a clock or a key. The adapter passes the time (`now`, seconds on
a monotonic scale) with every event: `tick`, `pause`, `resume`, `next`, `back`, `pain`,
`skip_exercise` and `end`. Each event returns the `SetRecord`s it completed, for the adapter to
store at once, and `state(now)` says what to show.

Steps run against absolute deadlines: a step that ends on time hands its deadline to the next one
as its start, so a late tick (a slow terminal) catches up without shifting anything that follows.
Only the person moves the schedule: a pause shifts every deadline by its length, and next/back
start the chosen step from the moment of the key press.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from strongback import EMERGENCY_ADVICE
from strongback.records import SetOutcome, SetRecord, Side
from strongback.timeline import Step, StepKind, Timeline

SetKey = tuple[str, int, Side]

# Any pain reported during a session stops the exercise: the articles and our safety notice say
# to stop an exercise that hurts, and a player that carried on after "it hurts" would teach people
# to ignore the button. 0 means the button was pressed by mistake. The kind (dull, sharp,
# spreading) is kept with the record for the advice and for the next day's check-in.
PAIN_STOP_LEVEL = 1
STOP_ADVICE = (
    "Stop this exercise. If the pain is severe, spreading down a leg, or comes with numbness or "
    f"weakness, see a doctor. {EMERGENCY_ADVICE}"
)


class PainKind(StrEnum):
    DULL = "dull"
    SHARP = "sharp"
    SPREADING = "spreading"


class PlayerStatus(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    PAIN_STOP = "pain-stop"  # the exercise stopped for pain: skip to the next one or end
    FINISHED = "finished"  # the whole timeline played
    ENDED = "ended"  # ended early by the person

    @property
    def over(self) -> bool:
        return self in (PlayerStatus.FINISHED, PlayerStatus.ENDED)


class PainReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    level: int
    kind: PainKind | None  # None when the person stopped without saying what the pain is like
    step_index: int
    stops: bool

    @property
    def reason(self) -> str:
        return f"pain {self.level}/10" + (f", {self.kind.value}" if self.kind else "")


def pain_stops_exercise(level: int) -> bool:
    return level >= PAIN_STOP_LEVEL


def stopped_for_pain(sets: Iterable[SetRecord]) -> list[str]:
    """The exercises these recorded sets show stopped for pain: a resumed session, in either
    player, keeps out of what hurt in an earlier sitting, as it does in this one."""
    hurt = (s.exercise_id for s in sets if s.pain is not None and pain_stops_exercise(s.pain))
    return list(dict.fromkeys(hurt))


def pain_ends_session(report: PainReport, flare_pain: int) -> bool:
    """Whether the players should suggest ending the whole session, not just the exercise: pain
    at the flare level (`flare_pain`, from the progression rules) or pain that spreads. The
    person may still go on; ending is only what an Enter does."""
    return report.level >= flare_pain or report.kind is PainKind.SPREADING


class PlayerState(BaseModel):
    """What a player shows at one moment."""

    model_config = ConfigDict(frozen=True)

    status: PlayerStatus
    step: Step
    next_step: Step | None
    elapsed_seconds: float  # in the current step, pauses excluded
    remaining_seconds: float | None  # None for an until-done step
    exercise_progress: float  # 0..1 of the current exercise's planned time
    session_progress: float  # 0..1 of the session's planned time
    pain_stop: PainReport | None = None
    sets_recorded: int = 0
    sets_done: int = 0  # of those recorded, the ones done in full (not stopped or skipped)


class SessionPlayer:
    def __init__(
        self,
        timeline: Timeline,
        *,
        now: float,
        started_at: datetime,
        start_step: int = 0,
        recorded: Iterable[SetKey] = (),
        stopped_for_pain: Iterable[str] = (),
    ) -> None:
        """Start at `start_step` (a stored resume step); `recorded` sets are never recorded again.

        `stopped_for_pain`: ids of the exercises this session already stopped for pain (in an
        earlier sitting); like the ones stopped in this sitting they are never played again, so
        a start inside one moves on to the next exercise.
        `started_at` is the wall-clock time matching `now`: records carry wall-clock end times.
        """
        if not 0 <= start_step < len(timeline):
            raise ValueError(
                f"start step {start_step} is outside the timeline (0 to {len(timeline) - 1})"
            )
        self.timeline = timeline
        self._origin = (now, started_at)
        self._offsets = timeline.starts()
        self._recorded: set[SetKey] = set(recorded)
        self._sets_done = 0  # this sitting's sets recorded as done
        self._achieved: dict[int, float] = {}  # work step -> seconds achieved
        self._full: set[int] = set()  # work steps played to the end (or marked done)
        self._set_pain: dict[SetKey, int] = {}
        # Exercise indices stopped for pain: never entered again, whatever key is pressed.
        self._pain_stopped: set[int] = set(timeline.exercise_indices(stopped_for_pain))
        self.pain_reports: list[PainReport] = []
        self.status = PlayerStatus.RUNNING
        self._paused_at: float | None = None
        self._pain_stop: PainReport | None = None
        self.finished_at: float | None = None
        self._enter(start_step, now)

    # ---- what is playing -------------------------------------------------------------------

    @property
    def index(self) -> int:
        return self._index

    @property
    def step(self) -> Step:
        return self.timeline.steps[self._index]

    @property
    def deadline(self) -> float | None:
        """When the current step ends on the monotonic scale; None if untimed, paused or over."""
        if self.status is not PlayerStatus.RUNNING:
            return None
        return self._deadline

    @property
    def pain_stop(self) -> PainReport | None:
        """The report that stopped the exercise while the player waits at the stop, else None."""
        return self._pain_stop if self.status is PlayerStatus.PAIN_STOP else None

    @property
    def max_pain(self) -> int | None:
        return max((report.level for report in self.pain_reports), default=None)

    @property
    def pain_stopped(self) -> frozenset[int]:
        """Exercise indices stopped for pain in this session: back, resume and skip pass them."""
        return frozenset(self._pain_stopped)

    @property
    def resume_step(self) -> int:
        """The step to store for resuming if the process dies now (never in an exercise stopped
        for pain: at a pain stop, that is the next exercise)."""
        return self.timeline.resume_point(self._index, self._pain_stopped)

    def state(self, now: float) -> PlayerState:
        step = self.step
        moment = self._paused_at if self._paused_at is not None else now
        elapsed = max(0.0, moment - self._started)
        if step.duration_seconds is not None:
            elapsed = min(elapsed, step.duration_seconds)
            remaining: float | None = step.duration_seconds - elapsed
        else:
            remaining = None
        done_in_step = min(elapsed, step.estimated_seconds)
        total = self.timeline.total_seconds
        session = (self._offsets[self._index] + done_in_step) / total if total else 1.0
        if self.status is PlayerStatus.FINISHED:
            session = 1.0
        return PlayerState(
            status=self.status,
            step=step,
            next_step=self._upcoming(),
            elapsed_seconds=elapsed,
            remaining_seconds=remaining,
            exercise_progress=self._exercise_progress(done_in_step),
            session_progress=min(1.0, session),
            pain_stop=self._pain_stop,
            sets_recorded=len(self._recorded),
            sets_done=self._sets_done,
        )

    # ---- events ----------------------------------------------------------------------------

    def tick(self, now: float) -> list[SetRecord]:
        """Play every step whose deadline has passed, each ending exactly on its deadline."""
        records: list[SetRecord] = []
        while self.status is PlayerStatus.RUNNING and self._deadline is not None:
            if now < self._deadline:
                break
            end = self._deadline
            step = self.step
            if step.kind.is_work:
                self._full.add(step.index)
                self._achieved[step.index] = step.duration_seconds or 0.0
            records += self._close_set_if_last(step, end)
            self._enter(self._index + 1, end)
        return records

    def pause(self, now: float) -> None:
        if self.status is PlayerStatus.RUNNING:
            self._paused_at = now
            self.status = PlayerStatus.PAUSED

    def resume(self, now: float) -> None:
        if self.status is PlayerStatus.PAUSED and self._paused_at is not None:
            shift = now - self._paused_at
            self._started += shift
            if self._deadline is not None:
                self._deadline += shift
            self._paused_at = None
            self.status = PlayerStatus.RUNNING

    def toggle_pause(self, now: float) -> None:
        if self.status is PlayerStatus.PAUSED:
            self.resume(now)
        else:
            self.pause(now)

    def next(self, now: float) -> list[SetRecord]:
        """Leave the current step now: an untimed set counts as done, a timed one as cut short."""
        if self.status not in (PlayerStatus.RUNNING, PlayerStatus.PAUSED):
            return []
        records = self.tick(now)
        if self.status.over:
            return records
        step = self.step
        if step.kind.is_work:
            if step.until_done:
                self._full.add(step.index)
            else:
                self._achieved[step.index] = self._elapsed(now)
        records += self._close_set_if_last(step, now)
        self._move(self._index + 1, now)
        return records

    def back(self, now: float) -> str | None:
        """Replay the previous step (or restart the first one) from now, never one of an
        exercise stopped for pain: back passes over that exercise to the step before it, or
        stays put if nothing is left before it. Returns why when it passed over or stayed."""
        if self.status not in (PlayerStatus.RUNNING, PlayerStatus.PAUSED):
            return None
        target = self.timeline.step_back(self._index, self._pain_stopped)
        passed = self._stopped_names(range(target + 1, self._index))
        if target == self._index and self._index > 0:
            before = self._stopped_names(range(self._index))
            return f"Back stays here: {before} (stopped for pain) won't be played again."
        self._move(target, now)
        if passed:
            return f"Back skips {passed} (stopped for pain, not played again)."
        return None

    def pain(self, now: float, level: int, kind: PainKind | None = None) -> list[SetRecord]:
        """Take a pain report; any pain (1 or more) stops the exercise and records why."""
        if not 0 <= level <= 10:
            raise ValueError(f"pain must be a whole number from 0 to 10, not {level}")
        if self.status.over:
            return []
        records = self.tick(now)
        report = PainReport(
            level=level, kind=kind, step_index=self._index, stops=pain_stops_exercise(level)
        )
        self.pain_reports.append(report)
        key = self._current_set()
        if key is not None:
            self._set_pain[key] = max(level, self._set_pain.get(key, 0))
        if not report.stops or self.status.over:
            return records
        if key is not None and key not in self._recorded:
            records.append(
                self._record(key, now, SetOutcome.STOPPED, f"Stopped for {report.reason}.")
            )
        if self._paused_at is None:
            self._paused_at = now
        self._pain_stop = report
        self.status = PlayerStatus.PAIN_STOP
        if self.step.exercise_index is not None:
            self._pain_stopped.add(self.step.exercise_index)
        return records

    def skip_exercise(self, now: float) -> None:
        """Go on with the next exercise (after a pain stop, or whenever the person chooses)."""
        if self.status.over:
            return
        self._pain_stop = None
        self._paused_at = None
        self.status = PlayerStatus.RUNNING
        self._move(self.timeline.next_exercise_start(self._index), now)

    def end(self, now: float, reason: str = "Session ended early.") -> list[SetRecord]:
        """End the session now; a set in progress is recorded as stopped with what was done."""
        if self.status.over:
            return []
        records = self.tick(now) if self.status is PlayerStatus.RUNNING else []
        if self.status.over:
            return records
        step = self.step
        key = step.set_key
        if key is not None and key not in self._recorded:
            if not step.until_done:
                self._achieved[step.index] = self._elapsed(now)
            records.append(self._record(key, now, SetOutcome.STOPPED, reason))
        self.status = PlayerStatus.ENDED
        self.finished_at = now
        return records

    # ---- internals -------------------------------------------------------------------------

    def _enter(self, index: int, start: float) -> None:
        # Whatever leads here (a deadline, next, a start or a resume), an exercise stopped for
        # pain is passed over; back chooses its own step before it comes here.
        index = self.timeline.playable_from(index, self._pain_stopped)
        self._index = index
        self._started = start
        step = self.timeline.steps[index]
        self._full.discard(index)
        self._achieved.pop(index, None)
        if step.kind is StepKind.DONE:
            self._deadline: float | None = None
            self.status = PlayerStatus.FINISHED
            self.finished_at = start
            return
        self._deadline = None if step.duration_seconds is None else start + step.duration_seconds

    def _move(self, index: int, now: float) -> None:
        paused = self.status is PlayerStatus.PAUSED
        self._enter(index, now)
        if paused and not self.status.over:
            self._paused_at = now  # a step chosen while paused waits, full, for the resume

    def _elapsed(self, now: float) -> float:
        moment = self._paused_at if self._paused_at is not None else now
        return max(0.0, moment - self._started)

    def _close_set_if_last(self, step: Step, end: float) -> list[SetRecord]:
        key = step.set_key
        if not step.records_set or key is None or key in self._recorded:
            return []
        complete = all(i in self._full for i in self._group(key))
        if complete:
            return [self._record(key, end, SetOutcome.DONE, None)]
        return [self._record(key, end, SetOutcome.SKIPPED, "Skipped part of the set.")]

    def _group(self, key: SetKey) -> list[int]:
        return [s.index for s in self.timeline.steps if s.set_key == key]

    def _record(
        self, key: SetKey, end: float, outcome: SetOutcome, reason: str | None
    ) -> SetRecord:
        self._recorded.add(key)
        if outcome is SetOutcome.DONE:
            self._sets_done += 1
        steps = [self.timeline.steps[i] for i in self._group(key)]
        if steps[0].until_done:
            reps = (steps[0].reps or 0) if steps[0].index in self._full else 0
        elif key[2] is Side.BOTH and any(s.side is not Side.BOTH for s in steps):
            # Alternating reps are counted per side: a rep is done when both sides did it.
            reps = min(
                sum(1 for s in steps if s.side is side and s.index in self._full)
                for side in (Side.LEFT, Side.RIGHT)
            )
        else:
            reps = sum(1 for s in steps if s.index in self._full)
        hold: float | None = None
        if steps[0].kind is StepKind.HOLD:
            hold = round(max((self._achieved.get(s.index, 0.0) for s in steps), default=0.0), 1)
        origin_mono, origin_wall = self._origin
        return SetRecord(
            exercise_id=key[0],
            set_number=key[1],
            side=key[2],
            reps_done=reps,
            hold_seconds_done=hold,
            outcome=outcome,
            reason=reason,
            pain=self._set_pain.get(key),
            ended_at=origin_wall + timedelta(seconds=end - origin_mono),
        )

    def _current_set(self) -> SetKey | None:
        """The set a pain report belongs to: the one in progress, or the exercise's next one."""
        step = self.step
        if step.set_key is not None:
            return step.set_key
        for later in self.timeline.steps[self._index :]:
            if later.exercise_index != step.exercise_index:
                break
            if later.set_key is not None and later.set_key not in self._recorded:
                return later.set_key
        return None

    def _stopped_names(self, indices: range) -> str:
        """The names of the exercises stopped for pain among steps `indices`, in order."""
        names: list[str] = []
        for step in self.timeline.steps[indices.start : indices.stop]:
            name = step.exercise_name or step.exercise_id or ""
            if step.exercise_index in self._pain_stopped and name not in names:
                names.append(name)
        return " and ".join(names)

    def _upcoming(self) -> Step | None:
        following = self._index + 1
        if following >= len(self.timeline):
            return None
        # What plays next, so never a step of an exercise stopped for pain.
        return self.timeline.steps[self.timeline.playable_from(following, self._pain_stopped)]

    def _exercise_progress(self, done_in_step: float) -> float:
        number = self.step.exercise_index
        if number is None:
            return 1.0
        span = self.timeline.exercise_span(number)
        first = self._offsets[span.start]
        last = self._offsets[span.stop - 1] + self.timeline.steps[span.stop - 1].estimated_seconds
        if last <= first:
            return 1.0
        return min(1.0, (self._offsets[self._index] + done_in_step - first) / (last - first))
