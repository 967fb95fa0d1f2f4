"""Safety screening: who must see a clinician before exercising, and how urgently.

Pure: `screen(profile, rules)` takes the person's answers and the rules (data, each with its
source) and returns a `Screening`. A red flag always blocks the plan, and some red flags together
(or with a condition) are more urgent than each alone: the rules' `combinations`. Clinician
clearance lifts only the articles' contraindications and the wait under the minimum age, never a
red flag.

The rules themselves live in `rules/screening.yaml` and are loaded by `strongback.rules.screening`;
their models live here so the core can be exercised with any rule set, and so loading the YAML is
the only I/O involved.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from strongback import SAFETY_NOTICE
from strongback.profile import Condition, PainArea, Profile, RedFlag


class Status(StrEnum):
    CLEAR = "clear"  # go ahead
    ADVISE = "advise"  # go ahead, and talk to a clinician
    BLOCKED = "blocked"  # no plan until a clinician has seen the person


class Urgency(StrEnum):
    EMERGENCY = "emergency"  # go to an emergency department now
    URGENT = "urgent"  # see a doctor before exercising
    SOON = "soon"  # see a doctor soon
    CONSULT = "consult"  # a contraindication awaiting clearance, or advice to consult

    @property
    def rank(self) -> int:
        """Higher is more urgent; used to pick the most urgent of several reasons."""
        return _URGENCY_RANK[self]


_URGENCY_RANK = {Urgency.CONSULT: 0, Urgency.SOON: 1, Urgency.URGENT: 2, Urgency.EMERGENCY: 3}


def most_urgent(urgencies: list[Urgency]) -> Urgency | None:
    return max(urgencies, key=lambda u: u.rank, default=None)


class Reason(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    text: str
    urgency: Urgency
    source: str
    # Added after the contract was pinned, with a default so stored screenings still load.
    advice: str = Field(default="", description="What to do about this reason, in plain words.")


class Screening(BaseModel):
    model_config = ConfigDict(frozen=True)

    status: Status
    urgency: Urgency | None = None
    reasons: list[Reason] = Field(default_factory=list)
    what_to_do: str = ""

    @property
    def blocks_plan(self) -> bool:
        return self.status is Status.BLOCKED


# --- The rules: data with their sources -------------------------------------------------------


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AgeRange(_Rule):
    """When a question is worth asking; an unknown age asks it, since we cannot rule it out."""

    min_age: int | None = Field(default=None, ge=0)
    max_age: int | None = Field(default=None, ge=0)

    def fits(self, age: int | None) -> bool:
        if age is None:
            return True
        if self.min_age is not None and age < self.min_age:
            return False
        return not (self.max_age is not None and age > self.max_age)


class _Asked(_Rule):
    """When a checklist item is worth asking; an answer given anyway still counts."""

    ask_if_age: AgeRange | None = Field(
        default=None,
        description="Asked only for these ages; an answer given anyway still counts.",
    )
    ask_if_pain_in: tuple[PainArea, ...] = Field(
        default=(),
        description="Asked only when one of these hurts (or nobody said where); counts anyway.",
    )

    @model_validator(mode="after")
    def _one_gate_at_most(self) -> _Asked:
        # The questionnaire asks each item under one condition; two would need an "and" it lacks.
        if self.ask_if_age is not None and self.ask_if_pain_in:
            raise ValueError("use ask_if_age or ask_if_pain_in, not both")
        return self

    def asked_for(self, age: int | None) -> bool:
        return self.ask_if_age is None or self.ask_if_age.fits(age)


class RedFlagRule(_Asked):
    id: RedFlag
    label: str = Field(min_length=1, description="The yes/no checklist item, in plain words.")
    urgency: Urgency
    what_to_do: str = Field(min_length=1)
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _red_flags_are_referrals(self) -> RedFlagRule:
        # CONSULT means "go on while you ask"; no red flag may be that mild.
        if self.urgency is Urgency.CONSULT:
            raise ValueError("a red flag must be emergency, urgent or soon, not consult")
        return self


class CombinationRule(_Rule):
    """Answers that together are more urgent than each alone (fever in someone who injects drugs).

    Every answer named must be given; the combination then adds its own reason, at its urgency, to
    the reasons of the answers themselves.
    """

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    when_all: tuple[RedFlag | Condition, ...] = Field(min_length=2)
    label: str = Field(min_length=1, description="What the person told us, in plain words.")
    urgency: Urgency
    what_to_do: str = Field(min_length=1)
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _a_combination_is_a_red_flag(self) -> CombinationRule:
        # Naming a red flag keeps "blocked exactly when a red flag is given" true, and a
        # combination exists to raise the urgency, never to lower it to a consultation.
        if not any(isinstance(answer, RedFlag) for answer in self.when_all):
            raise ValueError("a combination must name at least one red flag")
        if self.urgency is Urgency.CONSULT:
            raise ValueError("a combination must be emergency, urgent or soon, not consult")
        if len(set(self.when_all)) != len(self.when_all):
            raise ValueError("a combination names an answer twice")
        return self

    def applies(self, profile: Profile) -> bool:
        given = {*profile.red_flags, *profile.conditions}
        return all(answer in given for answer in self.when_all)


class MinimumAgeRule(_Rule):
    """Below this age the guidance behind strongback does not apply: withheld until cleared."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    age: int = Field(ge=1)
    label: str = Field(min_length=1)
    what_to_do: str = Field(min_length=1)
    when_cleared: str = Field(min_length=1)
    source: str = Field(min_length=1)

    def applies(self, age: int | None) -> bool:
        # An unknown age cannot be held against anyone; the age question explains why it asks.
        return age is not None and age < self.age


class ConditionAction(StrEnum):
    WITHHOLD = "withhold"  # no plan until a clinician has cleared the person
    ADVISE = "advise"  # advise a consultation; the person may go on


class ConditionRule(_Asked):
    id: Condition
    label: str = Field(min_length=1)
    action: ConditionAction
    what_to_do: str = Field(min_length=1)
    when_cleared: str = Field(
        default="", description="Advice that still holds once a clinician has cleared exercise."
    )
    source: str = Field(min_length=1)


class UrgencyAdvice(_Rule):
    """The headline of a referral, by its most urgent reason."""

    emergency: str = Field(min_length=1)
    urgent: str = Field(min_length=1)
    soon: str = Field(min_length=1)
    consult: str = Field(min_length=1)

    def for_urgency(self, urgency: Urgency) -> str:
        text: str = getattr(self, urgency.value)
        return text


class ScreeningRules(_Rule):
    red_flags: tuple[RedFlagRule, ...]
    conditions: tuple[ConditionRule, ...]
    combinations: tuple[CombinationRule, ...] = ()
    minimum_age: MinimumAgeRule
    headlines: UrgencyAdvice
    once_cleared: str = Field(
        min_length=1, description="How to get a plan after a contraindication is cleared."
    )
    advise_headline: str = Field(min_length=1)

    @model_validator(mode="after")
    def _one_rule_per_answer(self) -> ScreeningRules:
        problems: list[str] = []
        checks: list[tuple[str, list[str], list[str]]] = [
            ("red flag", [r.id.value for r in self.red_flags], [f.value for f in RedFlag]),
            ("condition", [r.id.value for r in self.conditions], [c.value for c in Condition]),
        ]
        for kind, ids, allowed in checks:
            repeated = sorted({i for i in ids if ids.count(i) > 1})
            missing = [a for a in allowed if a not in ids]
            if repeated:
                problems.append(f"{kind} rules repeated: {', '.join(repeated)}")
            if missing:
                problems.append(f"{kind} rules missing for: {', '.join(missing)}")
        combination_ids = [r.id for r in self.combinations]
        clashes = sorted(
            {i for i in combination_ids if combination_ids.count(i) > 1}
            | {i for i in combination_ids if i in {*RedFlag, *Condition, self.minimum_age.id}}
        )
        if clashes:
            problems.append(f"combination ids repeated or taken by an answer: {', '.join(clashes)}")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def withheld(self) -> frozenset[Condition]:
        """The conditions that wait for a clinician's clearance."""
        return frozenset(r.id for r in self.conditions if r.action is ConditionAction.WITHHOLD)

    def awaiting_clearance(self, conditions: Iterable[str], age: int | None) -> frozenset[str]:
        """What a clinician's clearance would have to cover, for these answers.

        A clearance covers what the clinician knew of: when this set changes, the old yes no
        longer says anything about the new answers (see `questionnaire.clearance_still_holds`).
        """
        withheld = {c.value for c in self.withheld}
        covered = {str(c) for c in conditions if str(c) in withheld}
        if self.minimum_age.applies(age):
            covered.add(self.minimum_age.id)
        return frozenset(covered)

    def red_flag(self, flag: RedFlag) -> RedFlagRule:
        return next(r for r in self.red_flags if r.id == flag)

    def condition(self, condition: Condition) -> ConditionRule:
        return next(r for r in self.conditions if r.id == condition)


# --- Screening --------------------------------------------------------------------------------


def screen(profile: Profile, rules: ScreeningRules) -> Screening:
    """Decide whether the person may have a plan, and what they should do.

    Red flags and their combinations block whatever the clearance; the articles' contraindications
    and an age under the minimum block until a clinician has cleared the person; the rest advise a
    consultation and let the person go on.
    """
    reasons: list[Reason] = []
    blocked = False

    # Rule order, not answer order, so the same answers always give the same result.
    for flag_rule in rules.red_flags:
        if flag_rule.id in profile.red_flags:
            blocked = True
            reasons.append(
                Reason(
                    id=flag_rule.id.value,
                    text=flag_rule.label,
                    urgency=flag_rule.urgency,
                    source=flag_rule.source,
                    advice=flag_rule.what_to_do,
                )
            )

    for combination in rules.combinations:
        if combination.applies(profile):
            blocked = True
            reasons.append(
                Reason(
                    id=combination.id,
                    text=combination.label,
                    urgency=combination.urgency,
                    source=combination.source,
                    advice=combination.what_to_do,
                )
            )

    awaiting_clearance = False
    young = rules.minimum_age
    if young.applies(profile.age):
        # Withheld until cleared rather than refused outright: NICE NG59 covers over-16s, and a
        # younger person's own doctor or physiotherapist is the one to say these exercises suit
        # them (back pain in children is more often a sign of something that needs finding).
        if not profile.cleared_by_clinician:
            blocked = awaiting_clearance = True
        reasons.append(
            Reason(
                id=young.id,
                text=young.label,
                urgency=Urgency.CONSULT,
                source=young.source,
                advice=young.when_cleared if profile.cleared_by_clinician else young.what_to_do,
            )
        )

    for condition_rule in rules.conditions:
        if condition_rule.id not in profile.conditions:
            continue
        withheld = condition_rule.action is ConditionAction.WITHHOLD
        if withheld and not profile.cleared_by_clinician:
            blocked = awaiting_clearance = True
            advice = condition_rule.what_to_do
        elif withheld:
            advice = condition_rule.when_cleared or condition_rule.what_to_do
        else:
            advice = condition_rule.what_to_do
        reasons.append(
            Reason(
                id=condition_rule.id.value,
                text=condition_rule.label,
                urgency=Urgency.CONSULT,
                source=condition_rule.source,
                advice=advice,
            )
        )

    # Most urgent first, so a list shown to a person leads with what matters most.
    reasons.sort(key=lambda r: -r.urgency.rank)
    urgency = most_urgent([r.urgency for r in reasons])
    if blocked:
        assert urgency is not None  # blocked implies at least one reason
        parts = [rules.headlines.for_urgency(urgency)]
        if awaiting_clearance and urgency is Urgency.CONSULT:
            parts.append(rules.once_cleared)
        parts.append(SAFETY_NOTICE)
        return Screening(
            status=Status.BLOCKED, urgency=urgency, reasons=reasons, what_to_do=" ".join(parts)
        )
    if reasons:
        return Screening(
            status=Status.ADVISE,
            urgency=urgency,
            reasons=reasons,
            what_to_do=f"{rules.advise_headline} {SAFETY_NOTICE}",
        )
    return Screening(status=Status.CLEAR, what_to_do=SAFETY_NOTICE)


def screening_summary(screening: Screening) -> dict[str, Any]:
    """The machine-readable result, as `--json` and the API show it."""
    return {
        "status": screening.status.value,
        "urgency": screening.urgency.value if screening.urgency else None,
        "reasons": [reason.model_dump(mode="json") for reason in screening.reasons],
        "what_to_do": screening.what_to_do,
    }
