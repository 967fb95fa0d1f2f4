"""How long the parts of a session take: the one set of numbers the planner and the timeline share.

The planner estimates a session's length from these constants (`planner.estimate_seconds`) and the
session timeline plays the same steps for the same durations, so the time a plan promises is the
time the player takes. Pure: constants, and the reading time of an exercise's introduction.
"""

from __future__ import annotations

import math
from typing import Final

from strongback._timeline_words import intro_text
from strongback.catalog import Dosage, Exercise, Sides

INTRO_SECONDS: Final = 8
"""Showing (and saying) the exercise's name and its first cue before it starts: the shortest
introduction, however few its words (see `intro_seconds`)."""

INTRO_MAX_SECONDS: Final = 30
"""The longest introduction: about 75 words at the pace below, as long as the catalog's longest
(the soft-floor note and three contraindications; tests/core/test_timeline_reading_time.py checks
that none is cut short). Next skips it for whoever knows it already."""

READING_WORDS_PER_SECOND: Final = 2.5
"""How fast an introduction is read: 150 words a minute. Adults read non-fiction silently at
about 240 words a minute and aloud at about 180 (Brysbaert 2019, "How many words do we read per
minute?", Journal of Memory and Language 109); here they read while getting into position, often
from the floor, so slower than both."""

GET_READY_SECONDS: Final = 5
"""The countdown before the first set of an exercise."""

TRANSITION_SECONDS: Final = 15
"""Changing position between exercises (e.g. from lying on the back to all fours, or getting up)."""

DEFAULT_REP_SECONDS: Final = 3.0
"""One moving repetition when the exercise gives neither a hold nor a tempo."""

HOLD_MOVE_SECONDS: Final = 2.0
"""Moving into and out of a held position, added to each held repetition."""

SIDE_SWITCH_SECONDS: Final = 5
"""Switching to the other side within a set, for exercises done on each side in turn."""

SIDE_FACTOR: Final[dict[Sides, int]] = {
    Sides.BOTH: 1,
    # The catalog counts reps per side for one-sided work, whether the sides come in two blocks
    # (each) or take turns (alternating), so both mean twice the repetitions.
    Sides.EACH: 2,
    Sides.ALTERNATING: 2,
}


def rep_seconds(hold_seconds: int | None, tempo_seconds: float | None) -> float:
    """Seconds one repetition takes: a hold plus moving in and out, a paced move, or the default."""
    if hold_seconds is not None:
        return hold_seconds + HOLD_MOVE_SECONDS
    if tempo_seconds is not None:
        return tempo_seconds
    return DEFAULT_REP_SECONDS


def intro_seconds(text: str) -> int:
    """Seconds an introduction of `text` stays on screen: its words at
    `READING_WORDS_PER_SECOND`, whole seconds, from `INTRO_SECONDS` to `INTRO_MAX_SECONDS`."""
    reading = math.ceil(len(text.split()) / READING_WORDS_PER_SECOND)
    return min(INTRO_MAX_SECONDS, max(INTRO_SECONDS, reading))


def estimate_seconds(
    dosage: Dosage,
    sides: Sides,
    *,
    position_changes: bool = False,
    exercise: Exercise | None = None,
) -> int:
    """Seconds one exercise takes, as the session timeline will play it.

    sets × reps × (hold + moving in and out, or tempo, or the default rep time) × sides (2 for
    one-sided work), plus a side switch per set for `each`, rest between sets, the intro and the
    get-ready countdown, and a transition when the position differs from the exercise before.
    The intro lasts as long as its words take to read, so `exercise` (its card: name, position,
    soft-floor note, contraindications) is needed for the time the timeline plays; without it,
    the shortest intro. Constants live in `strongback.timing`.
    """
    per_rep = rep_seconds(dosage.hold_seconds, dosage.tempo_seconds)
    work = dosage.sets * dosage.reps * per_rep * SIDE_FACTOR[sides]
    switches = dosage.sets * SIDE_SWITCH_SECONDS if sides is Sides.EACH else 0
    rest = (dosage.sets - 1) * dosage.rest_seconds
    intro = INTRO_SECONDS
    if exercise is not None:
        intro = intro_seconds(intro_text(exercise.name, exercise.position, dosage, sides, exercise))
    total = work + switches + rest + intro + GET_READY_SECONDS
    if position_changes:
        total += TRANSITION_SECONDS
    return math.ceil(total)
