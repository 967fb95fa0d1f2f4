"""Progression: the next dose of each exercise, from what the person did and felt last time.

Pure: `adjust(history, catalog, rules, today)` reads recorded sessions (oldest first) and returns,
for every exercise done before, an `Adjustment`: the next dose or a replacement variant, the rule
that decided it and a sentence that explains it. The thresholds, steps and words are data
(`rules/progression.yaml`, loaded by `strongback.rules.progression`); this module only applies them.

The order of the checks is the safety order: pain first (a flare, a stop for pain, pain that rose
and did not settle), then how hard it felt, then whether it was finished, and only then growth.
A flare is judged against the person's usual pain (`_progression_usual`): a clear rise above it,
or severe pain; until their usual pain is known, the flare level alone.

The rules' models and the dose ladder live in `_progression_rules`, the usual pain and what is a
flare against it in `_progression_usual`, and how long a flare lasts in `_progression_flare`; all
are re-exported here. When a dose may grow (pain up to 3/10, or up to the usual pain when that is
higher) is `_progression_growth`'s. This module holds the decisions and their explanations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from strongback._progression_flare import (
    FlareReading,
    Moment,
    PainFlare,
    flare_for_day,
    pain_flare_for_day,
    recent_flare,
    recent_pain_flare,
)
from strongback._progression_growth import Growth
from strongback._progression_rules import (
    PLACEHOLDERS,
    RULE_IDS,
    ProgressionRules,
    RuleText,
    StepRange,
    Steps,
    StepsByKind,
    Thresholds,
    step_down,
    step_up,
    variant_start,
    within_range,
)
from strongback._progression_signals import Signals, counts, read_session
from strongback._progression_usual import (
    FlareJudgement,
    FlareLevel,
    FlareRule,
    flare_level,
    flare_threshold,
    judge_pain,
    usual_pain,
    usual_pain_by_day,
    usual_pain_now,
)
from strongback.catalog import Catalog, Dosage, Exercise
from strongback.plan import ChangeKind, PlanChange, PlannedExercise, dose_in_words
from strongback.records import Difficulty, SessionRecord, SessionStatus

# --- The result ---------------------------------------------------------------------------------


class Adjustment(BaseModel):
    """The next dose of one exercise, or the variant that replaces it, and why."""

    model_config = ConfigDict(frozen=True)

    exercise_id: str
    change: ChangeKind
    dosage: Dosage = Field(description="The next dose of this exercise itself.")
    previous: Dosage = Field(
        description="The dose it was last done at, brought within the range progression builds to."
    )
    replacement_id: str | None = Field(
        default=None, description="The easier or harder variant to do instead, if any."
    )
    replacement_dosage: Dosage | None = None
    reason: str
    rule_id: str
    sources: list[str]
    last_done: datetime

    def as_change(self, name: str) -> PlanChange:
        return PlanChange(
            exercise_id=self.exercise_id,
            name=name,
            change=self.change,
            reason=self.reason,
            rule_id=self.rule_id,
            sources=self.sources,
        )


# --- Variants -----------------------------------------------------------------------------------


def _first_variant(ids: Iterable[str], catalog: Catalog) -> Exercise | None:
    for variant_id in ids:
        variant = catalog.get(variant_id)
        if variant is not None:
            return variant
    return None


# --- Deciding -----------------------------------------------------------------------------------


class _Decision:
    __slots__ = ("change", "dosage", "replacement", "rule_id")

    def __init__(
        self,
        rule_id: str,
        change: ChangeKind,
        dosage: Dosage,
        replacement: Exercise | None = None,
    ) -> None:
        self.rule_id = rule_id
        self.change = change
        self.dosage = dosage
        self.replacement = replacement


def _progress(exercise: Exercise, dosage: Dosage, rule_id: str, ctx: _Context) -> _Decision:
    bigger = step_up(exercise, dosage, ctx.rules.steps.for_exercise(exercise))
    if bigger is not None:
        return _Decision(rule_id, ChangeKind.PROGRESS, bigger)
    harder = _first_variant(exercise.harder, ctx.catalog)
    if harder is not None:
        return _Decision(rule_id, ChangeKind.PROGRESS, dosage, harder)
    return _Decision("top-of-range", ChangeKind.HOLD, dosage)


def _step_back(
    exercise: Exercise, dosage: Dosage, rule_id: str, ctx: _Context, *, variant_first: bool
) -> _Decision:
    steps = ctx.rules.steps.for_exercise(exercise)
    easier = _first_variant(exercise.easier, ctx.catalog)
    smaller = step_down(dosage, steps)
    # After a flare the movement itself is the suspect, so an easier variant comes before a
    # smaller dose; when it merely felt hard, a smaller dose of the same movement comes first.
    if variant_first and easier is not None:
        return _Decision(rule_id, ChangeKind.STEP_BACK, smaller or dosage, easier)
    if smaller is not None:
        return _Decision(rule_id, ChangeKind.STEP_BACK, smaller)
    if easier is not None:
        return _Decision(rule_id, ChangeKind.STEP_BACK, dosage, easier)
    # Already at the smallest dose with nothing easier: it stays there, still a step back in
    # spirit, and the words say so through the rule's explanation.
    return _Decision(rule_id, ChangeKind.STEP_BACK, dosage)


class _Context:
    __slots__ = ("catalog", "growth", "rules")

    def __init__(self, catalog: Catalog, rules: ProgressionRules, growth: Growth) -> None:
        self.catalog = catalog
        self.rules = rules
        self.growth = growth


def _decide(
    exercise: Exercise,
    appearances: Sequence[tuple[SessionRecord, PlannedExercise]],
    dosage: Dosage,
    ctx: _Context,
    days_off: int | None,
    usual: int | None,
) -> tuple[_Decision, Signals, int]:
    """What follows the latest appearance, done at `dosage` (within the exercise's range), for
    someone whose usual pain is `usual` (None: not known yet)."""
    record, planned = appearances[-1]
    limits = ctx.rules.thresholds
    s = read_session(record, planned)
    steady = 0

    if s.peak_pain is not None and judge_pain(s.peak_pain, usual, limits) is not None:
        decision = _step_back(exercise, dosage, "flare", ctx, variant_first=True)
    elif s.stopped_for_pain:
        decision = _step_back(exercise, dosage, "stopped-for-pain", ctx, variant_first=True)
    elif s.before is not None and s.after is not None and s.after - s.before >= limits.pain_rise:
        if s.next_day is None:
            decision = _Decision("pain-rose-unknown", ChangeKind.HOLD, dosage)
        elif s.next_day > s.before:
            decision = _step_back(exercise, dosage, "pain-not-settled", ctx, variant_first=False)
        else:
            decision = _Decision("pain-settled", ChangeKind.HOLD, dosage)
    elif s.peak_pain is not None and s.peak_pain > ctx.growth.comfort(appearances).pain:
        # Above what lets it grow (3/10, or the usual pain): at the flare level yet close to the
        # usual pain, a hold said as such; 4-5 keeps the dose even without the next-day answer,
        # since the pain-monitoring model allows up to 5 during and after exercise.
        near_usual = usual is not None and s.peak_pain >= limits.flare_pain
        held = "usual-pain" if near_usual else "pain-settled"
        decision = _Decision(held, ChangeKind.HOLD, dosage)
    elif s.difficulty is Difficulty.TOO_HARD:
        decision = _step_back(exercise, dosage, "too-hard", ctx, variant_first=False)
    elif not s.complete:
        decision = _Decision("incomplete", ChangeKind.HOLD, dosage)
    elif s.difficulty is Difficulty.TOO_EASY and (s.peak_pain or 0) <= limits.comfortable_pain:
        decision = _progress(exercise, dosage, "too-easy", ctx)
    else:  # about right, or too easy at the usual pain: grows gradually (_progression_growth)
        steady, growth_rule = ctx.growth.steady(appearances)
        if steady >= limits.sessions_before_progress:
            decision = _progress(exercise, dosage, growth_rule, ctx)
        else:
            decision = _Decision("building", ChangeKind.HOLD, dosage)

    # A long break is the person's, not the exercise's: equivalent exercises take turns, so one
    # may come round only every few weeks while the person trains, and stays conditioned, all along.
    rested = days_off is not None and days_off >= limits.long_break_days
    if rested and decision.change is not ChangeKind.STEP_BACK:
        assert days_off is not None
        smaller = step_down(dosage, ctx.rules.steps.for_exercise(exercise))
        decision = _Decision("long-break", ChangeKind.STEP_BACK, smaller or dosage)
        steady = days_off
    return decision, s, steady


def _explain(
    rule: RuleText,
    exercise: Exercise,
    old: Dosage,
    decision: _Decision,
    signals: Signals,
    count: int,
    usual: int | None,
    limits: Thresholds,
) -> str:
    if decision.replacement is not None:
        target_exercise = decision.replacement
        new = variant_start(decision.replacement)
        target = f"{target_exercise.name} ({dose_in_words(new, target_exercise.sides)})"
    else:
        new = decision.dosage
        target = dose_in_words(new, exercise.sides)
    peak = signals.peak_pain
    flare = None if peak is None else judge_pain(peak, usual, limits)
    # A stop for pain quotes the pain that stopped it, not a higher one given after the session.
    pain = signals.stopped_pain if decision.rule_id == "stopped-for-pain" else peak
    values: dict[str, Any] = {
        "name": exercise.name,
        "pain": pain if pain is not None else "?",
        "before": signals.before if signals.before is not None else "?",
        "after": signals.after if signals.after is not None else "?",
        "next_day": signals.next_day if signals.next_day is not None else "?",
        "dose": dose_in_words(old, exercise.sides),
        "new_dose": dose_in_words(new, exercise.sides),
        "target": target,
        "sessions": count,
        "days": count,
        "usual": usual if usual is not None else "?",
        "why_flare": flare.reason if flare is not None else "a flare",
    }
    text = rule.explain.format_map(values)
    return text[:1].upper() + text[1:]


def adjust(
    history: Sequence[SessionRecord],
    catalog: Catalog,
    rules: ProgressionRules,
    today: date | None = None,
) -> dict[str, Adjustment]:
    """The next dose of every exercise in `history` (oldest first), keyed by exercise id.

    Exercises no longer in the catalog are skipped: there is nothing to plan for them. `today`
    enables the long-break rule, which counts the days since the person's last session of any kind
    (a day stopped for a flare before anything played is none); without it, time off is not
    considered.
    """
    ctx = _Context(catalog, rules, Growth(history, rules))
    appearances: dict[str, list[tuple[SessionRecord, PlannedExercise]]] = {}
    for record in history:
        if not counts(record):
            continue
        for planned in record.plan.exercises:
            appearances.setdefault(planned.exercise_id, []).append((record, planned))

    # A day stopped for a flare before anything played is not exercise: its pain counts, but the
    # break it is part of goes on.
    last_active = max(
        (
            r.started_at.date()
            for r in history
            if counts(r) and r.status is not SessionStatus.RESTED
        ),
        default=None,
    )
    latest = [seen[-1][0] for seen in appearances.values()]
    usual = usual_pain_now(latest, history, rules, today)
    days_off = (today - last_active).days if today and last_active else None
    result: dict[str, Adjustment] = {}
    for exercise_id, seen in appearances.items():
        exercise = catalog.get(exercise_id)
        if exercise is None:
            continue
        record, planned = seen[-1]
        # Every decision goes on from a dose within the range, however much was logged.
        done = within_range(exercise, planned.dosage, rules.steps.for_exercise(exercise))
        decision, signals, count = _decide(exercise, seen, done, ctx, days_off, usual)
        rule = rules.rules[decision.rule_id]
        replacement = decision.replacement
        said = ctx.growth.usual_to_explain(decision.rule_id, seen, usual)
        reason = _explain(rule, exercise, done, decision, signals, count, said, rules.thresholds)
        if done != planned.dosage:
            logged = dose_in_words(planned.dosage, exercise.sides)
            reason = (
                f"{exercise.name} was done at {logged}, beyond the range the plan builds up to, "
                f"so it goes on from {dose_in_words(done, exercise.sides)}. {reason}"
            )
        result[exercise_id] = Adjustment(
            exercise_id=exercise_id,
            change=decision.change,
            dosage=decision.dosage,
            previous=done,
            replacement_id=replacement.id if replacement else None,
            replacement_dosage=variant_start(replacement) if replacement else None,
            reason=reason,
            rule_id=decision.rule_id,
            sources=rules.cite(decision.rule_id),
            last_done=record.started_at,
        )
    return result


def is_flare(adjustment: Adjustment) -> bool:
    return adjustment.rule_id in ("flare", "stopped-for-pain", "pain-not-settled")


def adjust_for_day(
    history: Sequence[SessionRecord], catalog: Catalog, rules: ProgressionRules, day: date
) -> dict[str, Adjustment]:
    """The adjustments a plan for `day` follows: all of them from the sessions of earlier days,
    and from the sessions of `day` itself only the steps back for pain (`is_flare`).

    Pain must count from the moment it is recorded: a session stopped for pain this morning steps
    the exercise back in a plan made this afternoon. Steps up wait for a later day, so a day's plan
    never grows on the strength of that same day's sessions.
    """
    earlier = [r for r in history if r.plan.day < day]
    result = adjust(earlier, catalog, rules, today=day)
    on_the_day = [r for r in history if r.plan.day == day and counts(r)]
    if not on_the_day:
        return result
    done_today = {p.exercise_id for r in on_the_day for p in r.plan.exercises}
    with_today = adjust([r for r in history if r.plan.day <= day], catalog, rules, today=day)
    for exercise_id, adjustment in with_today.items():
        if exercise_id in done_today and is_flare(adjustment):
            result[exercise_id] = adjustment
    return result


__all__ = [
    "PLACEHOLDERS",
    "RULE_IDS",
    "Adjustment",
    "FlareJudgement",
    "FlareLevel",
    "FlareReading",
    "FlareRule",
    "Moment",
    "PainFlare",
    "ProgressionRules",
    "RuleText",
    "StepRange",
    "Steps",
    "StepsByKind",
    "Thresholds",
    "adjust",
    "adjust_for_day",
    "flare_for_day",
    "flare_level",
    "flare_threshold",
    "is_flare",
    "judge_pain",
    "pain_flare_for_day",
    "recent_flare",
    "recent_pain_flare",
    "step_down",
    "step_up",
    "usual_pain",
    "usual_pain_by_day",
    "variant_start",
    "within_range",
]
