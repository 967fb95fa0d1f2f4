"""The words of a session's steps: an exercise's introduction, sides, reps and parts, a card's
contraindications in short, and what to lie or kneel on.

Pure string work shared by the timeline builder (`_timeline_build`), the plan's printout
(`strongback.timeline.skip_if`) and the planner's estimate (`strongback.timing`, which times the
introduction by its words); nothing here knows about steps or durations.
"""

from __future__ import annotations

import re

from strongback.catalog import Dosage, Equipment, Exercise, Position, Prompts, Sides
from strongback.plan import dose_in_words
from strongback.records import Side

# Where a contraindication's condition ends and the advice about it begins: "Pregnancy: lying on
# your stomach...", "A recent hamstring tear, until...", "Osteoporosis, especially with...".
_ADVICE_STARTS = re.compile(r":|,? (?:until|unless|especially|only) ")


def intro_text(
    name: str, position: Position, dosage: Dosage, sides: Sides, exercise: Exercise | None
) -> str:
    """An exercise's introduction on screen: its name, position and dose as the plan words them,
    then what to lie or kneel on and when to skip it, in one paragraph (`exercise`: its card, None
    when the exercise is not in the catalog)."""
    notes = (soft_floor(exercise, position), skip_if(exercise))
    return " ".join(
        [f"{name}, {position.label}: {dose_in_words(dosage, sides)}."] + [n for n in notes if n]
    )


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
        conditions.append(condition if acronym else lower_first(condition))
    return f"Skip this and tell your clinician if: {'; '.join(conditions)}."


def soft_floor(exercise: Exercise | None, position: Position) -> str | None:
    """For an exercise on the floor whose card lists the mat: what to lie or kneel on, in a
    session's intro, as the plans and the questions say it (a mat is everyday equipment: a carpet
    or a folded blanket does as well). None for any other exercise."""
    if exercise is None or Equipment.MAT not in exercise.equipment or not position.on_floor:
        return None
    verb = "Kneel" if position in (Position.KNEELING, Position.QUADRUPED) else "Lie"
    return f"{verb} on something soft: a mat, a carpet or a folded blanket."


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def side_label(prompts: Prompts | None, side: Side) -> str:
    """'Left side', or what the exercise says the left side works ('Left leg and right arm')."""
    if side is Side.BOTH:
        return ""
    if prompts is not None and prompts.sides is not None:
        words = prompts.sides.left if side is Side.LEFT else prompts.sides.right
        return sentence(words)
    return f"{side.value.capitalize()} side"


def rep_prompt(prompts: Prompts | None, rep: int, reps: int) -> tuple[str, bool]:
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


def in_turn(prompts: Prompts | None, alternating: bool) -> str:
    """Everything a set at the person's own pace goes through, in order, for one step's words."""
    if prompts is None:
        return ""
    items = list(prompts.reps or prompts.parts)
    if alternating and prompts.sides is not None:
        items = [prompts.sides.left, prompts.sides.right, *items]
    return ", then ".join(lower_first(item) for item in items)
