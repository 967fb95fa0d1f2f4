"""The rules of playing a timeline, shared by the terminal and the browser player.

Pure: `SessionPlayer` never reads a clock or a key. The adapter passes the time (`now`, seconds on
a monotonic scale) with every event: `tick`, `pause`, `resume`, `next`, `back`, `pain`,
`skip_exercise` and `end`. Each event returns the `SetRecord`s it completed, for the adapter to
store at once, and `state(now)` says what to show.

Steps run against absolute deadlines: a step that ends on time hands its deadline to the next one
as its start, so a late tick (a slow terminal) catches up without shifting anything that follows.
Only the person moves the schedule: a pause shifts every deadline by its length, and next/back
start the chosen step from the moment of the key press.

The rules of stopping (the pain rule and its words, a pain report on a set already recorded, the
stop shown again on resuming, pregnancy's stop signs, an abandoned session's end) are in
`_session_stops`, and what a player shows in `_player_state`: both re-exported here. What a
set's record says was done is worked out in `_set_records`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from strongback._player_state import PlayerState, PlayerStatus, progress
from strongback._session_stops import (
    END_SESSION_ADVICE,
    PAIN_STOP_CARE,
    PAIN_STOP_LEVEL,
    STOP_ADVICE,
    PainKind,
    PainReport,
    abandoned_at,
    is_pain_after,
    last_pain_report,
    pain_ends_session,
    pain_stops_exercise,
    stop_signs,
    stopped_after,
    stopped_for_pain,
)
from strongback._set_records import set_record, set_steps
from strongback.records import SetOutcome, SetRecord
from strongback.timeline import SetKey, Step, StepKind, Timeline


class SessionPlayer:
    def __init__(
        self,
        timeline: Timeline,
        *,
        now: float,
        started_at: datetime,
        start_step: int = 0,
        stored: Iterable[SetRecord] = (),
        pain_stop: PainReport | None = None,
    ) -> None:
        """Start at `start_step` (a stored resume step) of a session that already holds the
        `stored` sets (from an earlier sitting): they are never recorded again, they count with
        this sitting's, and an exercise they show stopped for pain is never played again, so a
        start inside one moves on to the next exercise.

        `pain_stop`: start at this stop, as the earlier sitting left it (its pain advised ending
        the session, `pain_ends_session`): the person chooses again to go on or to end.
        `started_at` is the wall-clock time matching `now`: records carry wall-clock end times.
        """
        if not 0 <= start_step < len(timeline):
            raise ValueError(
                f"start step {start_step} is outside the timeline (0 to {len(timeline) - 1})"
            )
        self.timeline = timeline
        self._origin = (now, started_at)
        self._offsets = timeline.starts()
        self._sets: dict[SetKey, SetRecord] = {record.key: record for record in stored}
        self._achieved: dict[int, float] = {}  # work step -> seconds achieved
        self._full: set[int] = set()  # work steps played to the end (or marked done)
        self._set_pain: dict[SetKey, int] = {}
        # Exercise indices stopped for pain: never entered again, whatever key is pressed.
        hurt = stopped_for_pain(self._sets.values())
        self._pain_stopped: set[int] = set(timeline.exercise_indices(hurt))
        self.pain_reports: list[PainReport] = []
        self.status = PlayerStatus.RUNNING
        self._paused_at: float | None = None
        self._pain_stop: PainReport | None = None
        self.finished_at: float | None = None
        self._enter(start_step, now)
        if pain_stop is not None:
            # Even at the done step: the person reads the advice again before the session ends.
            self._pain_stop = pain_stop.model_copy(update={"step_index": self._index})
            self._paused_at = now
            self.status = PlayerStatus.PAIN_STOP
            self.finished_at = None

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
        elapsed = self._elapsed(now)
        remaining: float | None = None
        if step.duration_seconds is not None:
            elapsed = min(elapsed, step.duration_seconds)
            remaining = step.duration_seconds - elapsed
        exercise, session = progress(
            self.timeline, self._offsets, self._index, min(elapsed, step.estimated_seconds)
        )
        return PlayerState(
            status=self.status,
            step=step,
            next_step=self._upcoming(),
            elapsed_seconds=elapsed,
            remaining_seconds=remaining,
            exercise_progress=exercise,
            session_progress=1.0 if self.status is PlayerStatus.FINISHED else session,
            pain_stop=self._pain_stop,
            going_on_to=self.going_on_to,
            sets=tuple(self._sets.values()),
        )

    @property
    def going_on_to(self) -> Step | None:
        """At a pain stop, the step going on plays: the next exercise not stopped for pain (or,
        on a resumed stop, the step the session resumes at); None when nothing is left, and
        going on finishes the session. None too when not at a stop."""
        if self.status is not PlayerStatus.PAIN_STOP:
            return None
        target = self.timeline.steps[self.timeline.playable_from(self._index, self._pain_stopped)]
        return None if target.kind is StepKind.DONE else target

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
        passed = self.timeline.exercise_names(range(target + 1, self._index), self._pain_stopped)
        if target == self._index and self._index > 0:
            before = self.timeline.exercise_names(range(self._index), self._pain_stopped)
            return f"Back stays here: {before} (stopped for pain) won't be played again."
        self._move(target, now)
        if passed:
            return f"Back skips {passed} (stopped for pain, not played again)."
        return None

    def pain(self, now: float, level: int, kind: PainKind | None = None) -> list[SetRecord]:
        """Take a pain report; any pain (1 or more) stops the exercise it belongs to and records
        why, on its set (`Timeline.pain_set`): the exercise under way, or the one just done while
        the next one only leads in. When that set is recorded already (pain right after an
        exercise's last set, or in a set played again), the set comes back once more, stopped
        for the pain (`stopped_after`), for the store to record."""
        if not 0 <= level <= 10:
            raise ValueError(f"pain must be a whole number from 0 to 10, not {level}")
        if self.status.over:
            return []
        records = self.tick(now)
        key, hurt = self._pain_target()
        report = PainReport(
            level=level,
            kind=kind,
            step_index=self._index,
            stops=pain_stops_exercise(level),
            exercise_id=hurt.exercise_id,
            exercise_name=hurt.exercise_name,
        )
        self.pain_reports.append(report)
        if key is not None:
            self._set_pain[key] = max(level, self._set_pain.get(key, 0))
        if not report.stops or self.status.over:
            return records
        if key is not None and key not in self._sets:
            records.append(self._record(key, now, SetOutcome.STOPPED, report.set_reason))
        elif key is not None:
            stopped = stopped_after(self._sets[key], report)
            if stopped != self._sets[key]:
                self._sets[key] = stopped
                records.append(stopped)
        if self._paused_at is None:
            self._paused_at = now
        self._pain_stop = report
        self.status = PlayerStatus.PAIN_STOP
        if hurt.exercise_index is not None:
            self._pain_stopped.add(hurt.exercise_index)
        return records

    @property
    def pain_exercise(self) -> str | None:
        """The name of the exercise a pain report now would stop (see `pain`), for the players
        to say which; None outside exercises."""
        return self._pain_target()[1].exercise_name

    def _pain_target(self) -> tuple[SetKey | None, Step]:
        """The set a pain report now belongs to (`Timeline.pain_set`) and a step of its exercise."""
        outcomes = {key: record.outcome for key, record in self._sets.items()}
        key = self.timeline.pain_set(self._index, outcomes, self._pain_stopped)
        return key, set_steps(self.timeline, key)[0] if key is not None else self.step

    def skip_exercise(self, now: float) -> None:
        """Go on with the next exercise, or finish if none is left: after a pain stop, the one
        `going_on_to` names (the stopped exercise is passed over, and a resumed stop goes on
        where the session resumes); otherwise the one after the current step's."""
        if self.status.over:
            return
        at_stop = self.status is PlayerStatus.PAIN_STOP
        self._pain_stop = None
        self._paused_at = None
        self.status = PlayerStatus.RUNNING
        target = self._index if at_stop else self.timeline.next_exercise_start(self._index)
        self._move(target, now)

    def end(self, now: float, reason: str = "Session ended early.") -> list[SetRecord]:
        """End the session now; a set in progress is recorded as stopped with what was done."""
        if self.status.over:
            return []
        records = self.tick(now) if self.status is PlayerStatus.RUNNING else []
        if self.status.over:
            return records
        step = self.step
        key = step.set_key
        if key is not None and key not in self._sets:
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
        if not step.records_set or key is None or key in self._sets:
            return []
        if all(s.index in self._full for s in set_steps(self.timeline, key)):
            return [self._record(key, end, SetOutcome.DONE, None)]
        return [self._record(key, end, SetOutcome.SKIPPED, "Skipped part of the set.")]

    def _record(
        self, key: SetKey, end: float, outcome: SetOutcome, reason: str | None
    ) -> SetRecord:
        origin_mono, origin_wall = self._origin
        record = set_record(
            self.timeline,
            key,
            full=self._full,
            achieved=self._achieved,
            outcome=outcome,
            reason=reason,
            pain=self._set_pain.get(key),
            ended_at=origin_wall + timedelta(seconds=end - origin_mono),
        )
        self._sets[key] = record
        return record

    def _upcoming(self) -> Step | None:
        following = self._index + 1
        if following >= len(self.timeline):
            return None
        # What plays next, so never a step of an exercise stopped for pain.
        return self.timeline.steps[self.timeline.playable_from(following, self._pain_stopped)]


__all__ = [
    "END_SESSION_ADVICE",
    "PAIN_STOP_CARE",
    "PAIN_STOP_LEVEL",
    "STOP_ADVICE",
    "PainKind",
    "PainReport",
    "PlayerState",
    "PlayerStatus",
    "SessionPlayer",
    "SetKey",
    "abandoned_at",
    "is_pain_after",
    "last_pain_report",
    "pain_ends_session",
    "pain_stops_exercise",
    "stop_signs",
    "stopped_after",
    "stopped_for_pain",
]
