"""Saving the setup answers: the one use case behind `strongback setup`, PUT /api/v1/profile and
the web's onboarding form.

Each adapter reads the answers its own way (a file, a JSON body, a form) and says the outcome its
own way; what happens to parsed answers happens here once: a clinician's clearance carried over
from the saved answers is checked against what it covered, the answers are screened with today's
rules, and they are stored, with their screening, as a new profile version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from strongback.questionnaire import clearance_still_holds
from strongback.rules.screening import default_screening_rules
from strongback.safety import Screening, ScreeningRules, screen

if TYPE_CHECKING:
    from strongback.profile import Profile
    from strongback.store import Repository, StoredProfile


@dataclass(frozen=True)
class SavedAnswers:
    """The answers as saved: their profile version, and their screening by today's rules."""

    version: int
    profile: Profile
    screening: Screening


class ClearanceToRecheck(ValueError):
    """Nothing was saved: the answers keep a clinician's clearance that was given for other
    circumstances. `awaiting` is what a clearance would have to cover now."""

    def __init__(self, awaiting: frozenset[str]) -> None:
        self.awaiting = awaiting
        super().__init__(
            "your answers have changed since you said a clinician had cleared you, and a "
            "clearance covers only what they knew of: check with them about your answers as "
            "they are now"
        )


def save_answers(
    repo: Repository,
    profile: Profile,
    *,
    clearance_carried_over: bool = False,
    rules: ScreeningRules | None = None,
    at: datetime | None = None,
) -> SavedAnswers:
    """Screen `profile` with today's rules (`rules`, or the built-in ones) and store both as a new
    profile version, made `at` (now when not given).

    `clearance_carried_over` says the "a clinician cleared me" answer may be the saved one offered
    again (a form filled in with the saved answers) rather than one given for these answers. Then
    a yes that the saved answers had, and that these answers still need, must cover the same
    things it did: otherwise `ClearanceToRecheck` is raised and nothing is saved, so a pregnancy
    added to a cleared operation is never covered by a clearance the clinician gave for the
    operation alone.
    """
    rules = rules if rules is not None else default_screening_rules()
    if clearance_carried_over:
        _check_clearance_still_holds(repo.current_profile(), profile, rules)
    screening = screen(profile, rules)
    version = repo.save_profile(profile, screening, at if at is not None else datetime.now(UTC))
    return SavedAnswers(version=version, profile=profile, screening=screening)


def _check_clearance_still_holds(
    stored: StoredProfile | None, profile: Profile, rules: ScreeningRules
) -> None:
    if stored is None or not (stored.profile.cleared_by_clinician and profile.cleared_by_clinician):
        return
    awaiting = rules.awaiting_clearance([c.value for c in profile.conditions], profile.age)
    if not awaiting:
        return  # a yes that nothing needs cannot unlock anything
    previous = stored.profile.model_dump(mode="json")
    if not clearance_still_holds(rules, previous, profile.model_dump(mode="json")):
        raise ClearanceToRecheck(awaiting)
