"""How a session plan becomes timeline steps: `build_steps` and its `_Builder`.

Private to `strongback.timeline`, whose `build_timeline` is the way in: this module makes the
timeline's `Step`s, so it imports that module, and the timeline imports it only when it builds.
"""

from __future__ import annotations

from typing import Any

from strongback._timeline_words import (
    in_turn,
    intro_text,
    rep_prompt,
    sentence,
    side_label,
)
from strongback.catalog import Breathing, Dosage, Exercise, Prompts, Sides
from strongback.plan import PlannedExercise, SessionPlan
from strongback.records import Side
from strongback.timeline import DEFAULT_PACE, ExerciseLookup, Pace, Step, StepKind
from strongback.timing import (
    DEFAULT_REP_SECONDS,
    GET_READY_SECONDS,
    HOLD_MOVE_SECONDS,
    SIDE_SWITCH_SECONDS,
    TRANSITION_SECONDS,
    intro_seconds,
)


def build_steps(plan: SessionPlan, catalog: ExerciseLookup | None) -> list[Step]:
    """Every step of `plan`, in order, ending with the done step (see `build_timeline`)."""
    builder = _Builder()
    previous: PlannedExercise | None = None
    for number, planned in enumerate(plan.exercises):
        exercise = catalog.get(planned.exercise_id) if catalog is not None else None
        builder.exercise(number, planned, exercise, previous)
        previous = planned
    builder.end_of_exercises()
    builder.add(StepKind.DONE, "Session complete. Well done!", 0.0, voice="Session complete.")
    return builder.steps


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
                # Every position label reads after a colon ("on all fours", "lying on your back").
                f"Get into position for {planned.name}: {position.label}.",
                TRANSITION_SECONDS,
                voice=f"Get into position: {position.label}.",
                breathing=DEFAULT_PACE,
            )
        # What to lie or kneel on and the card's contraindications go in the words on screen,
        # so that both players show them before the exercise starts (the voice keeps to the name
        # and the cue); the step lasts as long as they take to read.
        intro = intro_text(planned.name, position, dosage, planned.sides, exercise)
        self.add(
            StepKind.INTRO,
            intro,
            intro_seconds(intro),
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
            # Its words name no key: the browser plays them on phones too, and each player says
            # how to move on in its own way (a key, a button).
            label = side_label(prompts, set_side)
            words = f"{label}: do" if label else "Do"
            count = f"{dosage.reps} reps"
            alternating = set_side is Side.BOTH and len(sides) > dosage.reps
            if alternating:
                count += " each side, alternating"
            order = in_turn(prompts, alternating)
            said = f"{count}, {order}" if order else count
            shown = f"{count} ({order})" if order else count
            self.add(
                StepKind.MOVE,
                f"{words} {shown} at your own pace, then move on.",
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
            prompt, new = rep_prompt(prompts, rep, dosage.reps)
            label = ", ".join(w for w in (side_label(prompts, side), prompt) if w)
            side_words = f"{label}: " if label else ""
            spoken = ", ".join(w for w in (side_label(prompts, side), prompt if new else "") if w)
            voice_words = f"{spoken}: " if spoken else ""
            fields: dict[str, Any] = {**common, "rep": rep, "side": side, "records_set": last}
            if dosage.hold_seconds is not None:
                self.add(
                    StepKind.HOLD,
                    sentence(f"{side_words}hold. Rep {rep} of {dosage.reps}."),
                    float(dosage.hold_seconds),
                    voice=sentence(f"{voice_words}hold."),
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
                    sentence(f"{side_words}rep {rep} of {dosage.reps}, slow and steady."),
                    float(dosage.tempo_seconds),
                    voice=f"{voice_words}{rep}." if voice_words else f"{rep}.",
                    **fields,
                )
