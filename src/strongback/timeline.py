"""A session plan as an ordered list of timed steps: the one script both players follow.

Pure: `build_timeline(plan, catalog)` turns each planned exercise into an introduction, a get-ready
countdown, then every set, side and repetition with its duration, the side switches, the rests and
the moves between positions. The total is known before the session starts, and the whole timeline
serialises to JSON (`Timeline.model_dump(mode="json")`) for the browser player.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, computed_field

from strongback.catalog import Breathing, Dosage, Exercise, Prompts, Sides
from strongback.plan import PlannedExercise, SessionPlan, dose_in_words
from strongback.records import Side
from strongback.timing import (
    DEFAULT_REP_SECONDS,
    GET_READY_SECONDS,
    HOLD_MOVE_SECONDS,
    INTRO_SECONDS,
    SIDE_SWITCH_SECONDS,
    TRANSITION_SECONDS,
)


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
    def set_key(self) -> tuple[str, int, Side] | None:
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

    def resume_point(self, step_index: int) -> int:
        """Where to resume if the session stops at `step_index`: right after the last recorded set.

        Resuming mid-set would credit reps nobody saw done, so a set in progress starts over
        from its lead-in (the rest, side switch or get-ready before it); finished sets are never
        replayed.
        """
        for step in reversed(self.steps[:step_index]):
            if step.records_set:
                return step.index + 1
        return 0

    def after_recorded(self, recorded: Iterable[tuple[str, int, Side]]) -> int:
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
    builder = _Builder()
    previous: PlannedExercise | None = None
    for number, planned in enumerate(plan.exercises):
        exercise = catalog.get(planned.exercise_id) if catalog is not None else None
        builder.exercise(number, planned, exercise, previous)
        previous = planned
    builder.end_of_exercises()
    builder.add(StepKind.DONE, "Session complete. Well done!", 0.0, voice="Session complete.")
    return Timeline(steps=builder.steps)


# Where a contraindication's condition ends and the advice about it begins: "Pregnancy: lying on
# your stomach...", "A recent hamstring tear, until...", "Osteoporosis, especially with...".
_ADVICE_STARTS = re.compile(r":|,? (?:until|unless|especially|only) ")


def skip_if(exercise: Exercise | None) -> str | None:
    """The card's contraindications in one short line for a plan or a session's intro: the
    conditions only, each cut where its advice starts (the card keeps the whole sentences).
    None when the card lists none (or the exercise is not in the catalog)."""
    if exercise is None or not exercise.contraindications:
        return None
    conditions = []
    for text in exercise.contraindications:
        condition = _ADVICE_STARTS.split(text, maxsplit=1)[0].strip().rstrip(".")
        first_word = condition.split(" ", 1)[0]
        # Mid-sentence in lower case, but an abbreviation ("ACL tear") keeps its capitals.
        acronym = len(first_word) > 1 and first_word.isupper()
        conditions.append(condition if acronym else _lower_first(condition))
    return f"Skip this and tell your clinician if: {'; '.join(conditions)}."


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _side_label(prompts: Prompts | None, side: Side) -> str:
    """'Left side', or what the exercise says the left side works ('Left leg and right arm')."""
    if side is Side.BOTH:
        return ""
    if prompts is not None and prompts.sides is not None:
        words = prompts.sides.left if side is Side.LEFT else prompts.sides.right
        return _sentence(words)
    return f"{side.value.capitalize()} side"


def _rep_prompt(prompts: Prompts | None, rep: int, reps: int) -> tuple[str, bool]:
    """What this rep's step says besides the count, and whether it is new (worth saying aloud)."""
    if prompts is None:
        return "", False
    if prompts.reps:
        return prompts.reps[(rep - 1) % len(prompts.reps)], True
    if prompts.parts:
        count = len(prompts.parts)
        part = min((rep - 1) * count // reps, count - 1)
        first = rep == 1 or (rep - 2) * count // reps != part
        return prompts.parts[part], first
    return "", False


def _in_turn(prompts: Prompts | None, alternating: bool) -> str:
    """Everything a set at the person's own pace goes through, in order, for one step's words."""
    if prompts is None:
        return ""
    items = list(prompts.reps or prompts.parts)
    if alternating and prompts.sides is not None:
        items = [prompts.sides.left, prompts.sides.right, *items]
    return ", then ".join(_lower_first(item) for item in items)


def _pace(exercise: Exercise | None) -> Pace:
    if exercise is None:
        return DEFAULT_PACE
    breathing: Breathing = exercise.breathing
    return Pace(inhale_seconds=breathing.inhale_seconds, exhale_seconds=breathing.exhale_seconds)


class _Builder:
    def __init__(self) -> None:
        self.steps: list[Step] = []
        self._context: dict[str, object] = {}
        self._prompts: Prompts | None = None

    def add(
        self,
        kind: StepKind,
        text: str,
        duration: float | None,
        *,
        voice: str | None = None,
        estimate: float | None = None,
        **fields: Any,
    ) -> None:
        values = {**self._context, **fields}
        self.steps.append(
            Step.model_validate(
                {
                    "index": len(self.steps),
                    "kind": kind,
                    "text": text,
                    "voice": voice if voice is not None else text,
                    "duration_seconds": duration,
                    "estimated_seconds": duration if duration is not None else (estimate or 0.0),
                    **values,
                }
            )
        )

    def end_of_exercises(self) -> None:
        self._context = {}
        self._prompts = None

    def exercise(
        self,
        number: int,
        planned: PlannedExercise,
        exercise: Exercise | None,
        previous: PlannedExercise | None,
    ) -> None:
        dosage = planned.dosage
        cue = exercise.cues[0] if exercise is not None else None
        self._prompts = exercise.prompts if exercise is not None else None
        self._context = {
            "exercise_id": planned.exercise_id,
            "exercise_index": number,
            "exercise_name": planned.name,
            "breathing": _pace(exercise),
            "cue": cue,
            "sets": dosage.sets,
        }
        position = planned.position
        # Only a change of position comes between exercises: the intro and the get-ready
        # countdown are the breather, as the planner's estimate assumes.
        if previous is not None and previous.position is not position:
            self.add(
                StepKind.TRANSITION,
                f"Move to {position.label} for {planned.name}.",
                TRANSITION_SECONDS,
                voice=f"Get into position: {position.label}.",
                breathing=DEFAULT_PACE,
            )
        # The card's contraindications go in the words on screen, so that both players show
        # them before the exercise starts (the voice keeps to the name and the cue).
        caution = skip_if(exercise)
        self.add(
            StepKind.INTRO,
            f"{planned.name}, {position.label}: {dose_in_words(dosage, planned.sides)}."
            + (f" {caution}" if caution else ""),
            INTRO_SECONDS,
            voice=f"Next: {planned.name}. {cue or ''}".strip(),
        )
        self.add(
            StepKind.GET_READY,
            f"Get ready: {planned.name}",
            GET_READY_SECONDS,
            voice="Get ready.",
        )
        for set_number in range(1, dosage.sets + 1):
            self._one_set(planned, set_number)
            if set_number < dosage.sets and dosage.rest_seconds:
                self.add(
                    StepKind.REST,
                    f"Rest. Set {set_number + 1} of {dosage.sets} next.",
                    dosage.rest_seconds,
                    voice="Rest.",
                    set_number=set_number + 1,
                )

    def _one_set(self, planned: PlannedExercise, set_number: int) -> None:
        dosage = planned.dosage
        if planned.sides is Sides.EACH:
            self._reps(dosage, set_number, [Side.LEFT] * dosage.reps, Side.LEFT)
            self.add(
                StepKind.SWITCH_SIDES,
                "Switch to your right side.",
                SIDE_SWITCH_SECONDS,
                voice="Switch sides.",
                set_number=set_number,
                side=Side.RIGHT,
            )
            self._reps(dosage, set_number, [Side.RIGHT] * dosage.reps, Side.RIGHT)
        elif planned.sides is Sides.ALTERNATING:
            # Reps are counted per side, so an alternating set takes turns for twice as many.
            self._reps(dosage, set_number, [Side.LEFT, Side.RIGHT] * dosage.reps, Side.BOTH)
        else:
            self._reps(dosage, set_number, [Side.BOTH] * dosage.reps, Side.BOTH)

    def _reps(self, dosage: Dosage, set_number: int, sides: list[Side], set_side: Side) -> None:
        common: dict[str, Any] = {
            "set_number": set_number,
            "reps": dosage.reps,
            "side": set_side,
            "set_side": set_side,
        }
        prompts = self._prompts
        if dosage.hold_seconds is None and dosage.tempo_seconds is None:
            # The person counts the reps at their own pace: one step per set that ends on 'next'.
            label = _side_label(prompts, set_side)
            words = f"{label}: do" if label else "Do"
            count = f"{dosage.reps} reps"
            alternating = set_side is Side.BOTH and len(sides) > dosage.reps
            if alternating:
                count += " each side, alternating"
            in_turn = _in_turn(prompts, alternating)
            said = f"{count}, {in_turn}" if in_turn else count
            shown = f"{count} ({in_turn})" if in_turn else count
            self.add(
                StepKind.MOVE,
                f"{words} {shown} at your own pace, then press n.",
                None,
                voice=f"{said}, at your own pace.",
                estimate=len(sides) * DEFAULT_REP_SECONDS,
                records_set=True,
                **common,
            )
            return
        total = len(sides)
        for number, side in enumerate(sides, start=1):
            last = number == total
            # Alternating sets count each side's reps: left 1, right 1, left 2, ...
            rep = (number + 1) // 2 if set_side is Side.BOTH and total > dosage.reps else number
            prompt, new = _rep_prompt(prompts, rep, dosage.reps)
            label = ", ".join(w for w in (_side_label(prompts, side), prompt) if w)
            side_words = f"{label}: " if label else ""
            spoken = ", ".join(w for w in (_side_label(prompts, side), prompt if new else "") if w)
            voice_words = f"{spoken}: " if spoken else ""
            fields: dict[str, Any] = {**common, "rep": rep, "side": side, "records_set": last}
            if dosage.hold_seconds is not None:
                self.add(
                    StepKind.HOLD,
                    _sentence(f"{side_words}hold. Rep {rep} of {dosage.reps}."),
                    float(dosage.hold_seconds),
                    voice=_sentence(f"{voice_words}hold."),
                    hold_seconds=float(dosage.hold_seconds),
                    **fields,
                )
                # Moving out of the hold, so that ten holds are ten and not one long one.
                self.add(
                    StepKind.REST,
                    "Release and breathe." if not last else "Release.",
                    HOLD_MOVE_SECONDS,
                    voice="Release.",
                    set_number=set_number,
                    side=side,
                )
            else:
                assert dosage.tempo_seconds is not None
                self.add(
                    StepKind.MOVE,
                    _sentence(f"{side_words}rep {rep} of {dosage.reps}, slow and steady."),
                    float(dosage.tempo_seconds),
                    voice=f"{voice_words}{rep}." if voice_words else f"{rep}.",
                    **fields,
                )
