"""A session plan as an ordered list of timed steps: the one script both players follow.

Pure: `build_timeline(plan, catalog)` turns each planned exercise into an introduction, a get-ready
countdown, then every set, side and repetition with its duration, the side switches, the rests and
the moves between positions. The total is known before the session starts, and the whole timeline
serialises to JSON (`Timeline.model_dump(mode="json")`) for the browser player.

This module holds the model (`Step`, `Timeline`) and its queries; the building and the words of
each step are in `_timeline_build` and `_timeline_words`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from pydantic import BaseModel, ConfigDict, Field, computed_field

from strongback._timeline_words import skip_if
from strongback.records import SetOutcome, Side

if TYPE_CHECKING:
    from strongback.catalog import Exercise
    from strongback.plan import SessionPlan


#: A recorded set as the records name it: exercise id, set number, side.
SetKey = tuple[str, int, Side]
_NOTHING_RECORDED: Mapping[SetKey, SetOutcome] = MappingProxyType({})


class StepKind(StrEnum):
    INTRO = "intro"
    GET_READY = "get-ready"
    HOLD = "hold"
    MOVE = "move"
    SWITCH_SIDES = "switch-sides"
    REST = "rest"
    TRANSITION = "transition"
    DONE = "done"

    @property
    def is_work(self) -> bool:
        """Steps that are part of a set: the ones whose time counts as exercise done."""
        return self in (StepKind.HOLD, StepKind.MOVE)


class Pace(BaseModel):
    """Breathing pace shown (and spoken) during a step."""

    model_config = ConfigDict(frozen=True)

    inhale_seconds: float = Field(gt=0)
    exhale_seconds: float = Field(gt=0)

    def phase_at(self, elapsed: float) -> tuple[str, float]:
        """('in' or 'out', seconds left in that phase) `elapsed` seconds into the step."""
        cycle = self.inhale_seconds + self.exhale_seconds
        into = elapsed % cycle
        if into < self.inhale_seconds:
            return "in", self.inhale_seconds - into
        return "out", cycle - into


# The articles' rule: in through the nose, out through the mouth twice as long.
DEFAULT_PACE = Pace(inhale_seconds=2, exhale_seconds=4)


class Step(BaseModel):
    model_config = ConfigDict(frozen=True)

    index: int = Field(ge=0)
    kind: StepKind
    text: str = Field(description="The instruction on screen.")
    voice: str = Field(description="What the voice says when the step starts.")
    cue: str | None = Field(default=None, description="A key form cue for the exercise.")
    exercise_id: str | None = None
    exercise_index: int | None = Field(default=None, ge=0)
    exercise_name: str | None = None
    set_number: int | None = Field(default=None, ge=1)
    sets: int | None = Field(default=None, ge=1)
    rep: int | None = Field(default=None, ge=1, description="None when a step covers all reps.")
    reps: int | None = Field(default=None, ge=1, description="Target reps of the set (per side).")
    side: Side | None = Field(default=None, description="The side this step works.")
    set_side: Side | None = Field(
        default=None, description="The side its set is recorded under (both when alternating)."
    )
    hold_seconds: float | None = Field(default=None, description="Target hold of one rep.")
    duration_seconds: float | None = Field(
        description="Seconds the step lasts; None means 'until done' (the person presses next)."
    )
    estimated_seconds: float = Field(ge=0, description="Duration, or an estimate if until-done.")
    breathing: Pace = DEFAULT_PACE
    records_set: bool = Field(
        default=False, description="The end of this step completes a set, which is recorded."
    )

    @property
    def until_done(self) -> bool:
        return self.duration_seconds is None

    @property
    def set_key(self) -> SetKey | None:
        """Which recorded set this step belongs to (exercise, set, side); None outside sets."""
        if not self.kind.is_work or self.exercise_id is None or self.set_number is None:
            return None
        return (self.exercise_id, self.set_number, self.set_side or Side.BOTH)


class Timeline(BaseModel):
    model_config = ConfigDict(frozen=True)

    steps: list[Step] = Field(min_length=1)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def total_seconds(self) -> float:
        return sum(step.estimated_seconds for step in self.steps)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def is_estimate(self) -> bool:
        """True when untimed steps (reps at the person's pace) make the total an estimate."""
        return any(step.until_done for step in self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    def starts(self) -> list[float]:
        """Planned offset of each step from the session start (estimates for untimed steps)."""
        offsets, at = [], 0.0
        for step in self.steps:
            offsets.append(at)
            at += step.estimated_seconds
        return offsets

    def exercise_span(self, exercise_index: int) -> range:
        """Indices of the steps that belong to one exercise, from its lead-in to its last set."""
        indices = [s.index for s in self.steps if s.exercise_index == exercise_index]
        if not indices:
            raise ValueError(f"exercise index {exercise_index} is not in this timeline")
        return range(indices[0], indices[-1] + 1)

    def next_exercise_start(self, step_index: int) -> int:
        """First step of the exercise after the one `step_index` belongs to (or the done step)."""
        current = self.steps[step_index].exercise_index
        for step in self.steps[step_index + 1 :]:
            if step.exercise_index != current:
                return step.index
        return self.steps[-1].index

    def resume_point(self, step_index: int, barred: Collection[int] = ()) -> int:
        """Where to resume if the session stops at `step_index`: right after the last recorded set.

        Resuming mid-set would credit reps nobody saw done, so a set in progress starts over
        from its lead-in (the rest, side switch or get-ready before it); finished sets are never
        replayed. Nor is an exercise in `barred` (see `playable_from`): stopped in one, the
        session resumes at the next exercise.
        """
        if self.steps[step_index].exercise_index in barred:
            return self.playable_from(step_index, barred)
        point = 0
        for step in reversed(self.steps[:step_index]):
            if step.records_set:
                point = step.index + 1
                break
        return self.playable_from(point, barred)

    def playable_from(self, step_index: int, barred: Collection[int]) -> int:
        """`step_index`, or the first step after it outside the `barred` exercises (by
        exercise index): an exercise stopped for pain is never played again in that session,
        so a start, a resume or a skip lands past it (at worst on the done step)."""
        index = step_index
        while self.steps[index].exercise_index in barred and index < len(self.steps) - 1:
            index = self.next_exercise_start(index)
        return index

    def step_back(self, step_index: int, barred: Collection[int] = ()) -> int:
        """Where 'back' goes from `step_index`: the step before it, passing over every step of a
        `barred` exercise (one stopped for pain, never played again in that session). The first
        step goes back to itself (it restarts); so does a step with only barred steps before it.
        """
        for step in reversed(self.steps[:step_index]):
            if step.exercise_index not in barred:
                return step.index
        return step_index

    def exercise_indices(self, exercise_ids: Iterable[str]) -> frozenset[int]:
        """The exercise indices of the steps of these exercises (how `barred` names them)."""
        ids = set(exercise_ids)
        return frozenset(
            s.exercise_index
            for s in self.steps
            if s.exercise_id in ids and s.exercise_index is not None
        )

    def exercise_names(self, steps: range, among: Collection[int]) -> str:
        """The names of the exercises in `among` (by exercise index) that `steps` belong to, in
        order, joined by 'and': how a player names the exercises Back passed over."""
        names: list[str] = []
        for step in self.steps[steps.start : steps.stop]:
            name = step.exercise_name or step.exercise_id or ""
            if step.exercise_index in among and name not in names:
                names.append(name)
        return " and ".join(names)

    def pain_set(
        self,
        step_index: int,
        recorded: Mapping[SetKey, SetOutcome] = _NOTHING_RECORDED,
        barred: Collection[int] = (),
    ) -> SetKey | None:
        """The set a pain report at `step_index` belongs to, so that it is never lost and lands
        on the exercise that hurt. `recorded`: the session's sets recorded so far, with their
        outcome; `barred`: the exercises already stopped for pain (by exercise index).

        - In a set: the set under way.
        - Between two exercises, until the coming one's first set starts (its move, intro and
          get-ready): the exercise just done, on its last set recorded and not skipped, which the
          pain then stops after the fact. A rep-counted exercise has no release step, so a key
          pressed a second after its last rep lands here. Not when nothing was done before (the
          first exercise, or one skipped whole) or what was done is stopped for pain already:
          then the coming exercise, as any other lead-in.
        - In a rest or side switch (or a lead-in as above): the exercise's next set not
          `recorded` yet.
        - After its last set (the release that ends a held set), or anywhere in an exercise
          whose sets are all recorded (played again after Back): its last set recorded before
          the step (else its last set), stopped after the fact.
        - None outside exercises (the done step).
        """
        step = self.steps[step_index]
        if step.set_key is not None:
            return step.set_key
        if step.exercise_index is None:
            return None
        span = self.exercise_span(step.exercise_index)
        just_done = self._just_done(step_index, recorded, barred)
        if just_done is not None:
            return just_done
        for later in self.steps[step_index : span.stop]:
            if later.set_key is not None and later.set_key not in recorded:
                return later.set_key
        # Every set recorded: the last before this step (its release), else the exercise's last.
        ends = [s for s in self.steps[span.start : span.stop] if s.records_set]
        before = [s.set_key for s in ends if s.index < step_index]
        return before[-1] if before else ends[-1].set_key

    def _just_done(
        self, step_index: int, recorded: Mapping[SetKey, SetOutcome], barred: Collection[int]
    ) -> SetKey | None:
        """In the lead-in of an exercise not begun (its first set not reached, none of its sets
        recorded), the last set recorded and not skipped of the exercise before it; None when
        there is none, or that exercise is stopped for pain already (see `pain_set`)."""
        exercise = self.steps[step_index].exercise_index
        if exercise is None or exercise == 0:
            return None
        span = self.exercise_span(exercise)
        steps = self.steps[span.start : span.stop]
        first_set = next(s.index for s in steps if s.kind.is_work)
        if step_index >= first_set or any(s.records_set and s.set_key in recorded for s in steps):
            return None
        previous = exercise - 1
        if previous in barred:
            return None
        before = self.exercise_span(previous)
        done = [
            s.set_key
            for s in self.steps[before.start : before.stop]
            if s.records_set
            and s.set_key is not None
            and recorded.get(s.set_key, SetOutcome.SKIPPED) is not SetOutcome.SKIPPED
        ]
        return done[-1] if done else None

    def after_recorded(self, recorded: Iterable[SetKey]) -> int:
        """The step after the last of the `recorded` sets: where a resume must start at the
        earliest, even if the stored resume step is older (the process died between the two
        writes)."""
        keys = set(recorded)
        ends = [s.index for s in self.steps if s.records_set and s.set_key in keys]
        return min(max(ends) + 1, len(self.steps) - 1) if ends else 0


class ExerciseLookup(Protocol):
    def get(self, exercise_id: str, /) -> Exercise | None: ...


def build_timeline(plan: SessionPlan, catalog: ExerciseLookup | None = None) -> Timeline:
    """The timeline of `plan`; `catalog` supplies each exercise's cue and breathing pace.

    Exercises missing from the catalog (an old stored plan) still play, with the default pace.
    """
    # Imported here, not above: the builder makes this module's Steps, so it imports this module.
    from strongback._timeline_build import build_steps

    return Timeline(steps=build_steps(plan, catalog))


__all__ = [
    "DEFAULT_PACE",
    "ExerciseLookup",
    "Pace",
    "SetKey",
    "Step",
    "StepKind",
    "Timeline",
    "build_timeline",
    "skip_if",
]
