"""The words of a plan: why each exercise is in it, what changed since last time, and its notes.

Private to the planner. Every sentence a person reads in a session plan is written here, so the
builder in `planner` only decides and this module only says.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from strongback._plan_fit import Item
from strongback._plan_refusal import CONTRAINDICATIONS
from strongback._plan_select import REGION_WORDS, ROLE_WORDS, STRENGTH_DAY_CAPS, Limits
from strongback.catalog import Catalog, Dosage, Equipment, Exercise, Region
from strongback.plan import ChangeKind, DayKind, Phase, PlanChange, dose_in_words
from strongback.profile import Condition, Experience, Goal, PainArea, Profile
from strongback.progression import ProgressionRules, flare_for_day
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


@dataclass(frozen=True)
class Flare:
    """The last session flared: how much it hurt, and where the rule comes from."""

    pain: int
    sources: list[str]

    @classmethod
    def on(
        cls, day: date, history: Sequence[SessionRecord], rules: ProgressionRules
    ) -> Flare | None:
        """The flare a plan for `day` steps back from, if any (`progression.flare_for_day`)."""
        pain = flare_for_day(history, rules, day)
        return None if pain is None else cls(pain, rules.cite("flare"))

    def hold(self, exercise: Exercise, dosage: Dosage) -> PlanChange:
        return PlanChange(
            exercise_id=exercise.id,
            name=exercise.name,
            change=ChangeKind.HOLD,
            reason=(
                f"{exercise.name} stays at {dose_in_words(dosage, exercise.sides)}: your pain "
                f"reached {self.pain}/10 around your last session, so nothing steps up today."
            ),
            rule_id="flare",
            sources=self.sources,
        )

    def note(self) -> str:
        return (
            f"Your pain reached {self.pain}/10 around your last session: nothing steps up today "
            "and new exercises start with one set. If the pain stays this high, or comes with "
            "numbness or weakness, see a clinician."
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


def context_notes(
    profile: Profile,
    screening: Screening,
    kind: DayKind,
    catalog: Catalog,
    limits: Limits,
    anything: bool,
) -> list[str]:
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
    if kind is DayKind.STRETCH:
        notes.append("A stretching day: your muscles recover between strengthening days.")
    most = STRENGTH_DAY_CAPS[profile.experience]
    if profile.days_per_week > most:
        notes.append(
            f"You chose {profile.days_per_week} days a week: {most} of them are strengthening "
            f"days, the most that {_EXPERIENCE_WORDS[profile.experience]} recover from, spread "
            "out so your muscles rest in between; the other days are stretching days."
        )
    if profile.goal is Goal.RELIEVE:
        notes.append("Your goal is relief: more stretching and gentle doses to start with.")
    if PainArea.NONE in profile.pain_areas:
        notes.append("No pain area given, so the stretches are general back stretches.")
    if Equipment.MAT not in limits.equipment:
        needs_mat = sum(
            1 for e in catalog if Equipment.MAT in e.needs and e.position in limits.positions
        )
        if needs_mat:
            notes.append(
                f"{needs_mat} floor exercise{'s need' if needs_mat != 1 else ' needs'} a mat, "
                "which your answers do not list; add 'mat' to your equipment to use them."
            )
    if not anything:
        notes.append(
            "No exercise in the catalog fits your equipment, positions and level; change your "
            "answers (for example add equipment or allow more positions) to get a plan."
        )
    return notes
