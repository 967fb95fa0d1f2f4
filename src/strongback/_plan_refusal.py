"""Refusing a plan: the gate every plan passes through, before anything is chosen.

Private to the planner, which re-exports its public names. A blocking screening, a red flag in the
answers, or a contraindication from the articles without a clinician's clearance each withhold the
plan; checking the profile as well as the screening is defence in depth.
"""

from __future__ import annotations

from collections.abc import Sequence

from strongback.profile import Condition, Profile
from strongback.safety import Screening

#: The articles' contraindications: no plan until a clinician has cleared the person.
#: A copy of the `action: withhold` conditions in rules/screening.yaml, kept here because the core
#: reads no files; tests/core/test_safety.py fails if the two ever differ.
CONTRAINDICATIONS = frozenset(
    {Condition.SPINAL_INJURY, Condition.RECENT_SURGERY, Condition.PREGNANCY}
)


class PlanWithheld(Exception):
    """No plan can be given: the screening (or the answers themselves) call for a clinician."""

    def __init__(self, screening: Screening, reasons: Sequence[str]) -> None:
        self.screening = screening
        self.reasons = tuple(reasons)
        super().__init__("no plan until a clinician has seen you: " + "; ".join(self.reasons))


def check_plan_allowed(profile: Profile, screening: Screening) -> None:
    """Raise `PlanWithheld` unless a plan may be given to this person."""
    reasons: list[str] = []
    explained: set[str] = set()  # answers the screening already put in plain words
    if screening.blocks_plan:
        reasons.extend(r.text for r in screening.reasons)
        explained.update(r.id for r in screening.reasons)
        if not reasons:
            reasons.append(
                screening.what_to_do or "the safety screening asks you to see a clinician"
            )
    # The profile is checked too, so a stale or wrong screening can never unlock a plan; an answer
    # the screening did not explain is named here rather than said twice.
    reasons.extend(
        f"warning sign: {flag.value}" for flag in profile.red_flags if flag.value not in explained
    )
    if not profile.cleared_by_clinician:
        reasons.extend(
            f"{condition.value} needs a clinician's clearance"
            for condition in profile.conditions
            if condition in CONTRAINDICATIONS and condition.value not in explained
        )
    if reasons:
        raise PlanWithheld(screening, list(dict.fromkeys(reasons)))


__all__ = ["CONTRAINDICATIONS", "PlanWithheld", "check_plan_allowed"]
