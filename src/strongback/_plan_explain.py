"""The words of a plan: why each exercise is in it, what changed since last time, and its notes.

Private to the planner. Every sentence a person reads in a session plan is written here, so the
builder in `planner` only decides and this module only says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from strongback._plan_fit import Item
from strongback._plan_refusal import CONTRAINDICATIONS
from strongback._plan_select import (
    REGION_WORDS,
    ROLE_WORDS,
    STRENGTH_DAY_CAPS,
    Limits,
    avoidances_ruling_out,
)
from strongback.catalog import Catalog, Dosage, Equipment, Exercise, Region
from strongback.plan import ChangeKind, DayKind, Phase, PlanChange, dose_in_words
from strongback.profile import AvoidPosition, Condition, Experience, Goal, PainArea, Profile
from strongback.progression import FlareRule, Moment, ProgressionRules, pain_flare_for_day
from strongback.records import SessionRecord
from strongback.safety import Screening, Status

# --- Why each exercise --------------------------------------------------------------------------


def join(words: Iterable[str]) -> str:
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def why(item: Item, targets: Sequence[Region]) -> str:
    exercise = item.exercise
    muscles = join(exercise.muscles[:3])
    if item.phase is Phase.STRETCH:
        if item.eases:
            text = f"Aims to ease your {join(REGION_WORDS[r] for r in item.eases)}, where it hurts"
        elif targets:
            text = f"Loosens the {join(REGION_WORDS[r] for r in exercise.regions)}"
        else:
            text = f"A general stretch for the {join(REGION_WORDS[r] for r in exercise.regions)}"
        return f"{text}; works the {muscles}."
    if item.covers:
        text = f"Strengthens the {join(ROLE_WORDS[r] for r in item.covers)}"
        if item.required:
            text += " for a balanced session"
    else:
        text = f"Extra work for the {join(REGION_WORDS[r] for r in exercise.regions)}"
    return f"{text}; works the {muscles}."


# --- After a flare ------------------------------------------------------------------------------


def _day_words(day: date, plan_day: date) -> str:
    """A session's day as a plan says it, whenever the plan is read: "Monday 23 November"."""
    year = "" if day.year == plan_day.year else f" {day.year}"
    return f"{day:%A} {day.day} {day:%B}{year}"


@dataclass(frozen=True)
class Flare:
    """The flare a plan steps back from: the reading that started it (`started`: its pain, when
    and which session, and `because`: why it is a flare, when the person's usual pain counted),
    its highest pain since (`pain`), and where the rule comes from.

    A flare starts with a pain reading that is a flare (`progression.judge_pain`: a clear rise
    above the person's usual pain, or severe pain; the flare level alone while the usual pain is
    not known), before, during or after a session or the day after, and lasts until a calmer
    reading is recorded (`progression.recent_pain_flare`); one recorded on the plan's own day
    counts however the day goes on (`progression.pain_flare_for_day`).
    """

    pain: int
    started: int
    when: str  # "after your session on Monday 23 November", "when you stopped for today on ..."
    because: str  # ", 2 points above your usual 5/10"; empty for the flare level alone
    sources: list[str]

    @classmethod
    def on(
        cls, day: date, history: Sequence[SessionRecord], rules: ProgressionRules
    ) -> Flare | None:
        """The flare a plan for `day` steps back from, if any (`progression.pain_flare_for_day`)."""
        flare = pain_flare_for_day(history, rules, day)
        if flare is None:
            return None
        start = flare.start
        on = _day_words(start.session_day, day)
        when = f"{start.moment} your session on {on}"
        if start.rested:  # a day stopped for a flare before anything played: no session
            moment = "when" if start.moment is Moment.BEFORE else start.moment
            when = f"{moment} you stopped for today on {on}"
        because = "" if start.rule is FlareRule.FLARE_LEVEL else f", {start.reason}"
        return cls(flare.peak, start.pain, when, because, rules.cite("flare"))

    def _reading(self) -> str:
        """What started the flare: "your pain was 7/10 after your session on Monday 23 November,
        2 points above your usual 5/10", and its worst since when that was higher."""
        worst = f" ({self.pain}/10 at its worst)" if self.pain > self.started else ""
        return f"your pain was {self.started}/10 {self.when}{self.because}{worst}"

    def hold(self, exercise: Exercise, dosage: Dosage) -> PlanChange:
        return PlanChange(
            exercise_id=exercise.id,
            name=exercise.name,
            change=ChangeKind.HOLD,
            reason=(
                f"{exercise.name} stays at {dose_in_words(dosage, exercise.sides)}: "
                f"{self._reading()}, a flare, so nothing steps up today."
            ),
            rule_id="flare",
            sources=self.sources,
        )

    def note(self) -> str:
        reading = self._reading()
        return (
            f"{reading[:1].upper()}{reading[1:]}: a flare, so nothing steps up today and new "
            "exercises start with one set. A flare lasts until you record a calmer pain reading "
            "(before, after or the day after a session). If the pain stays this high, or comes "
            "with numbness or weakness, see a clinician."
        )


# --- What changed, and the notes ----------------------------------------------------------------


def changes_as_planned(
    items: Sequence[Item], changes: dict[str, tuple[PlanChange, Dosage]], minutes: int
) -> list[PlanChange]:
    """The changes of the exercises still planned, saying so when the time cut a dose short."""
    result: list[PlanChange] = []
    for item in items:
        if item.exercise.id not in changes:
            continue
        change, intended = changes[item.exercise.id]
        if item.dosage != intended:
            today = dose_in_words(item.dosage, item.exercise.sides)
            change = change.model_copy(
                update={"reason": f"{change.reason} To fit your {minutes} minutes: {today} today."}
            )
        result.append(change)
    return result


_EXPERIENCE_WORDS: dict[Experience, str] = {
    Experience.BEGINNER: "muscles new to strengthening",
    Experience.SOME: "muscles with some training",
    Experience.TRAINED: "trained muscles",
}

#: The conditions that keep a plan to level 1 (`CONDITION_LEVEL_CAPS`), as the notes say them.
_GENTLEST_ONLY: dict[str, str] = {
    Condition.SPINAL_INJURY.value: "after an injury to your spine",
    Condition.RECENT_SURGERY.value: "after an operation",
    Condition.LEG_PAIN.value: "while pain spreads down your leg",
}


_AVOIDED_WORDS: dict[AvoidPosition, tuple[str, str]] = {
    # (where the exercises are done, what allowing it means)
    AvoidPosition.FLOOR: ("on the floor", "allow the floor"),
    AvoidPosition.STANDING: ("standing", "allow standing"),
    AvoidPosition.PRONE: ("lying on your stomach", "allow lying on your stomach"),
    AvoidPosition.SUPINE: ("lying on your back", "allow lying on your back"),
    AvoidPosition.KNEELING: ("kneeling or on all fours", "allow kneeling"),
}


def _equipment_words(equipment: Equipment) -> str:
    return "a " + equipment.label


@dataclass(frozen=True)
class Note:
    """A sentence of the plan's notes, and the equipment it suggests adding (the web links such a
    note to the settings, where the answers are changed)."""

    text: str
    equipment: tuple[Equipment, ...] = ()


def no_strengthening_note(profile: Profile, catalog: Catalog, limits: Limits) -> Note:
    """Why no strengthening exercise fits the person, and the fewest changes that would let some
    in (with how many each would), so a stretches-only plan is never mistaken for a full one.

    Only the person's own choices (positions avoided, equipment) are offered for change: a level
    or a condition that keeps an exercise out is not theirs to wave away.
    """
    avoided: dict[AvoidPosition, None] = {}
    lacks_equipment = above_level = conditions = False
    openings: dict[tuple[tuple[AvoidPosition, ...], tuple[Equipment, ...]], int] = {}
    for exercise in catalog:
        if not exercise.strengthens:
            continue
        avoids = tuple(avoidances_ruling_out(exercise, profile))
        missing = tuple(sorted(exercise.needs - limits.equipment))
        avoided.update(dict.fromkeys(avoids))
        lacks_equipment |= bool(missing)
        too_hard = exercise.level > limits.level
        ruled_out = bool(limits.ruled_out_by(exercise))
        if not (avoids or missing):
            # Only a level or a condition keeps it out: say so, since it is part of the why.
            above_level |= too_hard
            conditions |= ruled_out
        elif not (too_hard or ruled_out):
            openings[(avoids, missing)] = openings.get((avoids, missing), 0) + 1
    reasons: list[str] = []
    if avoided:
        words = " or ".join(_AVOIDED_WORDS[a][0] for a in avoided)
        reasons.append(f"is done {words}, which you avoid")
    if lacks_equipment:
        reasons.append("needs equipment your answers do not list")
    if above_level:
        reasons.append("is above the level your experience allows")
    if conditions:
        reasons.append("is left out for a condition you told us about")
    text = (
        "No strengthening exercise fits your answers, so every day is stretches only: each one "
        f"{', or '.join(reasons)}."
    )
    best = sorted(openings.items(), key=lambda kv: (-kv[1], len(kv[0][0]) + len(kv[0][1])))[:3]
    if not best:
        text += " Ask a clinician or physiotherapist for strengthening exercises that suit you."
        return Note(text)
    ways = []
    for (avoids, missing), count in best:
        steps = [_AVOIDED_WORDS[a][1] for a in avoids]
        if missing:
            steps.append("add " + join(_equipment_words(e) for e in missing))
        ways.append(f"{join(steps)} ({count} exercise{'s' if count != 1 else ''})")
    text += f" To strengthen your back as well, {', or '.join(ways)}."
    return Note(text, tuple(dict.fromkeys(e for (_, missing), _ in best for e in missing)))


def short_of_equipment(
    catalog: Catalog, limits: Limits, taken: set[str], missing: Mapping[Phase, int]
) -> Note | None:
    """What to add when the session has fewer exercises than it asks for (`missing` of each
    phase) and equipment the person lacks is what keeps the others out; None when it is not.

    Each piece of equipment is offered with how many more exercises it would bring, the most
    first: only what the person may do once they have it (positions, level and conditions still
    apply), and never more than the session is short of.
    """
    gains: dict[tuple[Equipment, ...], dict[Phase, int]] = {}
    for exercise in catalog:
        phase = Phase.STRETCH if exercise.kind.stretches else Phase.STRENGTHEN
        if exercise.id in taken or missing.get(phase, 0) <= 0:
            continue
        lacking = tuple(sorted(exercise.needs - limits.equipment))
        equipped = replace(limits, equipment=limits.equipment | exercise.needs)
        if lacking and equipped.allows(exercise):
            counts = gains.setdefault(lacking, {})
            counts[phase] = counts.get(phase, 0) + 1
    more = {
        kit: sum(min(count, missing[phase]) for phase, count in counts.items())
        for kit, counts in gains.items()
    }
    if not more:
        return None
    best = sorted(more.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[:3]
    ways = [f"{join(_equipment_words(e) for e in kit)} would add {count}" for kit, count in best]
    short = sum(n for n in missing.values() if n > 0)
    text = (
        f"This session is {short} exercise{'s' if short != 1 else ''} short of what it asks for, "
        f"and equipment would help: {', or '.join(ways)}. If you have it, add it to the "
        "equipment in your answers."
    )
    return Note(text, tuple(dict.fromkeys(e for kit, _ in best for e in kit)))


def soft_floor_note(profile: Profile, items: Sequence[Item]) -> str | None:
    """For whoever did not say they have something soft to lie on: any will do."""
    if Equipment.MAT in profile.equipment:
        return None
    if not any(item.exercise.position.on_floor for item in items):
        return None
    return (
        "Lie or kneel on something soft for the exercises on the floor: a mat, a carpet or a "
        "folded blanket."
    )


def context_notes(
    profile: Profile,
    screening: Screening,
    kind: DayKind,
    limits: Limits,
    anything: bool,
    *,
    no_strengthening: Note | None = None,
) -> list[str]:
    """The notes on the person's circumstances; `no_strengthening` is the note saying why no
    strengthening exercise fits them, when none does."""
    strengthening_fits = no_strengthening is None
    notes: list[str] = []
    if screening.status is Status.ADVISE:
        notes.append(screening.what_to_do or "It is worth talking to a clinician about exercise.")
    if profile.cleared_by_clinician and set(profile.conditions) & CONTRAINDICATIONS:
        notes.append("Your clinician cleared you to exercise: keep to any limits they gave you.")
    gentlest = join(words for c, words in _GENTLEST_ONLY.items() if c in limits.conditions)
    if gentlest:
        notes.append(
            f"{gentlest[:1].upper()}{gentlest[1:]}, the plan keeps to the gentlest exercises "
            "(level 1); ask your clinician before you move on to harder ones."
        )
    if Condition.LEG_PAIN.value in limits.conditions:
        notes.append(
            "Stop any exercise that makes the pain, numbness or tingling in your leg spread "
            "further down the leg, and see a clinician soon if the leg grows weaker or more numb."
        )
    if no_strengthening is not None:
        notes.append(no_strengthening.text)
    elif kind is DayKind.STRETCH:
        notes.append(f"{kind.label}: your muscles recover between strengthening days.")
    most = STRENGTH_DAY_CAPS[profile.experience]
    if profile.days_per_week > most and strengthening_fits:
        others = DayKind.STRETCH.label.lower()
        notes.append(
            f"You chose {profile.days_per_week} days a week: {most} of them are strengthening "
            f"days, the most that {_EXPERIENCE_WORDS[profile.experience]} recover from, spread "
            f"out so your muscles rest in between; the other days are {others}."
        )
    if profile.goal is Goal.RELIEVE:
        notes.append("Your goal is relief: more stretching and gentle doses to start with.")
    if PainArea.NONE in profile.pain_areas:
        notes.append("No pain area given, so the stretches are general back stretches.")
    if not anything:
        notes.append(
            "No exercise in the catalog fits your equipment, positions and level; change your "
            "answers (for example add equipment or allow more positions) to get a plan."
        )
    return notes
