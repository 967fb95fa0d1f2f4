"""`services.save_answers`, the one use case behind `strongback setup`, PUT /api/v1/profile and the
web's onboarding form: today's rules screen the answers, a clearance carried over to new
circumstances is refused, and each save is a new profile version. On SQLite and PostgreSQL (the
`repository` fixture)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from strongback import services
from strongback.profile import Condition, Profile, RedFlag
from strongback.rules.screening import default_screening_rules
from strongback.safety import ConditionAction, ScreeningRules, Status

if TYPE_CHECKING:
    from strongback.store import Repository

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
CLEARED_AFTER_SURGERY = Profile(conditions=[Condition.RECENT_SURGERY], cleared_by_clinician=True)
PREGNANT_TOO = CLEARED_AFTER_SURGERY.model_copy(
    update={"conditions": [Condition.RECENT_SURGERY, Condition.PREGNANCY]}
)


def _rules_withholding(condition: Condition) -> ScreeningRules:
    """Today's rules, changed since the built-in ones: `condition` now withholds a plan."""
    rules = default_screening_rules()
    changed = tuple(
        rule.model_copy(update={"action": ConditionAction.WITHHOLD})
        if rule.id == condition
        else rule
        for rule in rules.conditions
    )
    return rules.model_copy(update={"conditions": changed})


# --- Screened and stored ---------------------------------------------------------------------


def test_the_answers_are_stored_with_their_screening_as_a_new_version(
    repository: Repository,
) -> None:
    first = services.save_answers(repository, Profile(minutes=15), at=NOW)
    second = services.save_answers(repository, Profile(minutes=20), at=NOW + timedelta(minutes=1))

    assert (first.version, second.version) == (1, 2)
    assert second.profile == Profile(minutes=20)
    assert second.screening.status is Status.CLEAR
    stored = repository.current_profile()
    assert stored is not None
    assert (stored.version, stored.profile, stored.screening) == (
        2,
        second.profile,
        second.screening,
    )
    assert stored.created_at == NOW + timedelta(minutes=1)


def test_without_a_time_the_answers_are_saved_now(repository: Repository) -> None:
    before = datetime.now(UTC)
    services.save_answers(repository, Profile())
    stored = repository.current_profile()
    assert stored is not None
    assert before <= stored.created_at <= datetime.now(UTC)


def test_a_red_flag_is_saved_with_the_referral(repository: Repository) -> None:
    saved = services.save_answers(repository, Profile(red_flags=[RedFlag.FEVER]), at=NOW)
    assert saved.screening.blocks_plan
    with pytest.raises(services.ExerciseWithheld):
        services.ensure_plan_allowed(repository)


def test_the_answers_are_screened_with_the_rules_given(repository: Repository) -> None:
    profile = Profile(conditions=[Condition.CHRONIC_BACK_PAIN])
    assert not services.save_answers(repository, profile, at=NOW).screening.blocks_plan

    stricter = _rules_withholding(Condition.CHRONIC_BACK_PAIN)
    saved = services.save_answers(repository, profile, rules=stricter, at=NOW)
    assert saved.screening.blocks_plan
    stored = repository.current_profile()
    assert stored is not None
    assert stored.screening == saved.screening


# --- A clearance covers only what the clinician knew of --------------------------------------


def test_a_carried_over_clearance_for_other_circumstances_is_refused(
    repository: Repository,
) -> None:
    services.save_answers(repository, CLEARED_AFTER_SURGERY, at=NOW)

    with pytest.raises(services.ClearanceToRecheck) as refused:
        services.save_answers(repository, PREGNANT_TOO, clearance_carried_over=True, at=NOW)

    assert refused.value.awaiting == {"recent-surgery", "pregnancy"}
    assert "covers only what they knew of" in str(refused.value)
    stored = repository.current_profile()
    assert stored is not None
    assert stored.version == 1  # nothing saved


def test_a_clearance_given_afresh_is_saved(repository: Repository) -> None:
    services.save_answers(repository, CLEARED_AFTER_SURGERY, at=NOW)
    saved = services.save_answers(repository, PREGNANT_TOO, at=NOW)
    assert saved.version == 2
    assert saved.profile.cleared_by_clinician
    assert not saved.screening.blocks_plan


@pytest.mark.parametrize(
    "profile",
    [
        CLEARED_AFTER_SURGERY.model_copy(update={"minutes": 25}),  # the same circumstances
        CLEARED_AFTER_SURGERY.model_copy(update={"conditions": []}),  # nothing needs it now
        PREGNANT_TOO.model_copy(update={"cleared_by_clinician": False}),  # no yes to carry
    ],
    ids=["same-circumstances", "nothing-needs-it", "no-longer-cleared"],
)
def test_a_carried_over_answer_that_covers_nothing_new_is_saved(
    repository: Repository, profile: Profile
) -> None:
    services.save_answers(repository, CLEARED_AFTER_SURGERY, at=NOW)
    saved = services.save_answers(repository, profile, clearance_carried_over=True, at=NOW)
    assert saved.version == 2


def test_a_first_clearance_has_nothing_to_carry_over(repository: Repository) -> None:
    saved = services.save_answers(repository, PREGNANT_TOO, clearance_carried_over=True, at=NOW)
    assert saved.version == 1
    assert not saved.screening.blocks_plan
