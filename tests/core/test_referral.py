"""A referral's words (`strongback.referral`): one title per urgency, the notice it carries, and
in an emergency no milder sign's own advice, whatever answers are combined."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from strongback import CLINICIAN_NOTICE, SAFETY_NOTICE
from strongback.profile import Condition, Profile, RedFlag
from strongback.referral import (
    MENTION_TOO,
    REFERRAL_TITLES,
    reason_advice,
    referral_notice,
    referral_title,
)
from strongback.rules.screening import screen_with_default_rules
from strongback.safety import Urgency


def test_every_urgency_has_a_title_and_none_is_a_consultation() -> None:
    assert set(REFERRAL_TITLES) == set(Urgency)
    assert referral_title(Urgency.EMERGENCY) == "Go to an emergency department now"
    assert referral_title(None) == referral_title(Urgency.CONSULT)


def test_an_emergency_carries_only_the_not_a_substitute_line() -> None:
    line = referral_notice(Urgency.EMERGENCY)
    assert line == "strongback is not a substitute for a clinician and does not diagnose."
    assert CLINICIAN_NOTICE.startswith(line)
    for urgency in (Urgency.URGENT, Urgency.SOON, Urgency.CONSULT, None):
        assert referral_notice(urgency) == SAFETY_NOTICE


def test_below_an_emergency_each_sign_keeps_its_own_advice() -> None:
    screening = screen_with_default_rules(
        Profile(red_flags=[RedFlag.NIGHT_PAIN], conditions=[Condition.PREGNANCY])
    )
    assert screening.urgency is Urgency.URGENT
    for reason in screening.reasons:
        assert reason_advice(reason, screening.urgency) == reason.advice


@given(
    flags=st.sets(st.sampled_from(list(RedFlag)), min_size=1),
    conditions=st.sets(st.sampled_from(list(Condition))),
)
def test_in_an_emergency_only_emergency_signs_say_what_to_do(
    flags: set[RedFlag], conditions: set[Condition]
) -> None:
    screening = screen_with_default_rules(
        Profile(red_flags=sorted(flags), conditions=sorted(conditions))
    )
    for reason in screening.reasons:
        said = reason_advice(reason, screening.urgency)
        if screening.urgency is not Urgency.EMERGENCY:
            assert said == reason.advice
        elif reason.urgency is Urgency.EMERGENCY:
            assert said == reason.advice
            assert said  # an emergency sign always says what to do
        else:
            assert said == MENTION_TOO
