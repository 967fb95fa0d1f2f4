"""Safety screening: every rule, clearance, and the properties no rule change may break."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strongback import SAFETY_NOTICE
from strongback.catalog import default_catalog
from strongback.profile import Condition, Profile, RedFlag
from strongback.rules.screening import (
    SCREENING_RULES_PATH,
    ScreeningRulesError,
    default_screening_rules,
    load_screening_rules,
    parse_screening_rules,
    screen_with_default_rules,
)
from strongback.safety import (
    ConditionAction,
    Screening,
    ScreeningRules,
    Status,
    Urgency,
    most_urgent,
    screen,
    screening_summary,
)

RULES = default_screening_rules()

EMERGENCY_FLAGS = [
    RedFlag.SADDLE_NUMBNESS,
    RedFlag.BLADDER_BOWEL_CHANGE,
    RedFlag.BOTH_LEGS_WEAKNESS,
    RedFlag.BACK_AND_BELLY_PAIN,
]
URGENT_FLAGS = [
    RedFlag.PROGRESSIVE_WEAKNESS,
    RedFlag.FEVER,
    RedFlag.WEAKENED_IMMUNITY,
    RedFlag.INJECTING_DRUGS,
    RedFlag.CANCER_HISTORY,
    RedFlag.WEIGHT_LOSS,
    RedFlag.MAJOR_TRAUMA,
    RedFlag.OSTEOPOROSIS_FALL,
    RedFlag.NIGHT_PAIN,
    RedFlag.NEW_PAIN_OVER_50,
]
SOON_FLAGS = [RedFlag.MORNING_STIFFNESS]
WITHHELD = [Condition.SPINAL_INJURY, Condition.RECENT_SURGERY, Condition.PREGNANCY]
ADVISED = [Condition.CHRONIC_BACK_PAIN, Condition.EXISTING_BACK_CONDITION]


def _profile(**answers: Any) -> Profile:
    return Profile.model_validate(answers)


# --- One row per rule ---------------------------------------------------------------------------

RED_FLAG_CASES = (
    [(flag, Urgency.EMERGENCY) for flag in EMERGENCY_FLAGS]
    + [(flag, Urgency.URGENT) for flag in URGENT_FLAGS]
    + [(flag, Urgency.SOON) for flag in SOON_FLAGS]
)


def test_the_table_covers_every_red_flag() -> None:
    assert sorted(flag for flag, _ in RED_FLAG_CASES) == sorted(RedFlag)


@pytest.mark.parametrize("cleared", [False, True], ids=["not-cleared", "cleared"])
@pytest.mark.parametrize(("flag", "urgency"), RED_FLAG_CASES, ids=[f for f, _ in RED_FLAG_CASES])
def test_each_red_flag_blocks_with_its_urgency(
    flag: RedFlag, urgency: Urgency, cleared: bool
) -> None:
    result = screen(_profile(red_flags=[flag], cleared_by_clinician=cleared), RULES)

    assert result.status is Status.BLOCKED
    assert result.blocks_plan
    assert result.urgency is urgency
    assert [r.id for r in result.reasons] == [flag.value]
    assert result.reasons[0].source
    assert result.reasons[0].advice
    assert SAFETY_NOTICE in result.what_to_do
    assert RULES.headlines.for_urgency(urgency) in result.what_to_do


CONDITION_CASES = [
    # condition, cleared, status, what the advice is drawn from
    *[(c, False, Status.BLOCKED, "what_to_do") for c in WITHHELD],
    *[(c, True, Status.ADVISE, "when_cleared") for c in WITHHELD],
    *[(c, False, Status.ADVISE, "what_to_do") for c in ADVISED],
    *[(c, True, Status.ADVISE, "what_to_do") for c in ADVISED],
]


def test_the_table_covers_every_condition() -> None:
    assert {c for c, *_ in CONDITION_CASES} == set(Condition)


@pytest.mark.parametrize(
    ("condition", "cleared", "status", "advice_field"),
    CONDITION_CASES,
    ids=[f"{c}-{'cleared' if cl else 'not-cleared'}" for c, cl, *_ in CONDITION_CASES],
)
def test_each_condition_and_clearance(
    condition: Condition, cleared: bool, status: Status, advice_field: str
) -> None:
    result = screen(_profile(conditions=[condition], cleared_by_clinician=cleared), RULES)

    assert result.status is status
    assert result.urgency is Urgency.CONSULT
    [reason] = result.reasons
    assert reason.id == condition.value
    assert reason.urgency is Urgency.CONSULT
    assert reason.advice == getattr(RULES.condition(condition), advice_field)
    assert SAFETY_NOTICE in result.what_to_do
    if status is Status.BLOCKED:
        assert RULES.once_cleared in result.what_to_do
    else:
        assert RULES.once_cleared not in result.what_to_do


def test_no_red_flag_and_no_condition_is_clear() -> None:
    result = screen(_profile(), RULES)

    assert result.status is Status.CLEAR
    assert result.urgency is None
    assert result.reasons == []
    assert not result.blocks_plan
    assert SAFETY_NOTICE in result.what_to_do


def test_clearance_never_lifts_a_red_flag_even_with_a_cleared_contraindication() -> None:
    result = screen(
        _profile(
            red_flags=[RedFlag.MORNING_STIFFNESS],
            conditions=[Condition.PREGNANCY],
            cleared_by_clinician=True,
        ),
        RULES,
    )

    assert result.status is Status.BLOCKED
    assert result.urgency is Urgency.SOON
    assert RULES.once_cleared not in result.what_to_do


def test_reasons_lead_with_the_most_urgent() -> None:
    result = screen(
        _profile(
            red_flags=[RedFlag.MORNING_STIFFNESS, RedFlag.FEVER, RedFlag.SADDLE_NUMBNESS],
            conditions=[Condition.CHRONIC_BACK_PAIN],
        ),
        RULES,
    )

    assert [r.urgency for r in result.reasons] == [
        Urgency.EMERGENCY,
        Urgency.URGENT,
        Urgency.SOON,
        Urgency.CONSULT,
    ]


def test_age_gated_red_flags_count_whatever_the_age() -> None:
    # Asked only over 50 and under 40, but an answer given anyway is never ignored.
    young = screen(_profile(age=25, red_flags=[RedFlag.NEW_PAIN_OVER_50]), RULES)
    old = screen(_profile(age=70, red_flags=[RedFlag.MORNING_STIFFNESS]), RULES)

    assert young.blocks_plan
    assert old.blocks_plan


def test_age_gates_say_when_to_ask() -> None:
    over_50 = RULES.red_flag(RedFlag.NEW_PAIN_OVER_50)
    stiffness = RULES.red_flag(RedFlag.MORNING_STIFFNESS)

    assert [over_50.asked_for(age) for age in (49, 50, 80, None)] == [False, True, True, True]
    assert [stiffness.asked_for(age) for age in (20, 39, 40, None)] == [True, True, False, True]
    assert RULES.red_flag(RedFlag.FEVER).asked_for(30)


def test_summary_is_the_json_contract() -> None:
    result = screen_with_default_rules(_profile(red_flags=[RedFlag.FEVER]))
    summary = screening_summary(result)

    assert summary["status"] == "blocked"
    assert summary["urgency"] == "urgent"
    assert summary["reasons"][0]["id"] == "fever"
    assert Screening.model_validate(summary) == result


# --- The rules data -----------------------------------------------------------------------------


def test_every_red_flag_and_condition_has_exactly_one_rule() -> None:
    assert sorted(r.id for r in RULES.red_flags) == sorted(RedFlag)
    assert sorted(r.id for r in RULES.conditions) == sorted(Condition)


def test_every_rule_cites_a_source_and_says_what_to_do() -> None:
    for rule in (*RULES.red_flags, *RULES.conditions):
        assert rule.source.strip(), rule.id
        assert rule.what_to_do.strip(), rule.id
        assert rule.label.strip(), rule.id
    for flag in EMERGENCY_FLAGS:
        assert "NICE NG59" in RULES.red_flag(flag).source


def test_the_articles_contraindications_withhold_the_plan() -> None:
    catalog = default_catalog()
    titles = {article.title for article in catalog.articles.values()}
    for rule in RULES.conditions:
        assert any(title in rule.source for title in titles), rule.id
    withheld = {r.id for r in RULES.conditions if r.action is ConditionAction.WITHHOLD}
    assert withheld == set(WITHHELD)
    # Every contraindication the knowledge base records is screened for.
    known = {c.value for c in Condition}
    assert {c.id for c in catalog.contraindications} <= known


def test_loading_the_rules_is_cached_and_a_path_reads_afresh(tmp_path: Path) -> None:
    assert load_screening_rules() is default_screening_rules()
    copy = tmp_path / "screening.yaml"
    copy.write_text(SCREENING_RULES_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_screening_rules(copy) == RULES


def _rules_data() -> dict[str, Any]:
    return RULES.model_dump(mode="json")


def test_a_missing_rule_is_refused_by_name() -> None:
    data = _rules_data()
    data["red_flags"] = [r for r in data["red_flags"] if r["id"] != "fever"]
    with pytest.raises(ScreeningRulesError, match="red flag rules missing for: fever"):
        parse_screening_rules(data)


def test_a_red_flag_cannot_be_a_mere_consultation() -> None:
    data = _rules_data()
    data["red_flags"][0]["urgency"] = "consult"
    with pytest.raises(ScreeningRulesError, match=r"red_flags\.0: .*not consult"):
        parse_screening_rules(data)


def test_an_unknown_field_in_the_rules_is_refused() -> None:
    data = _rules_data()
    data["conditions"][0]["colour"] = "red"
    with pytest.raises(ScreeningRulesError, match=r"conditions\.0\.colour"):
        parse_screening_rules(data)


def test_an_unreadable_rules_file_says_so(tmp_path: Path) -> None:
    broken = tmp_path / "rules.yaml"
    broken.write_text("red_flags: [\n", encoding="utf-8")
    with pytest.raises(ScreeningRulesError, match="cannot be read"):
        load_screening_rules(broken)


# --- Properties ---------------------------------------------------------------------------------

profiles = st.builds(
    Profile,
    red_flags=st.lists(st.sampled_from(RedFlag), unique=True),
    conditions=st.lists(st.sampled_from(Condition), unique=True),
    cleared_by_clinician=st.booleans(),
    age=st.none() | st.integers(min_value=12, max_value=110),
)


@given(profiles)
def test_any_red_flag_blocks_whatever_the_clearance(profile: Profile) -> None:
    result = screen(profile, RULES)
    if profile.red_flags:
        assert result.status is Status.BLOCKED
        assert result.urgency is not Urgency.CONSULT
        cleared = profile.model_copy(update={"cleared_by_clinician": True})
        assert screen(cleared, RULES).status is Status.BLOCKED


@given(profiles)
def test_urgency_is_the_most_urgent_reason(profile: Profile) -> None:
    result = screen(profile, RULES)
    assert result.urgency is most_urgent([r.urgency for r in result.reasons])
    assert (result.status is Status.CLEAR) == (not result.reasons)


@given(profiles)
def test_blocked_exactly_when_a_red_flag_or_an_uncleared_contraindication(
    profile: Profile,
) -> None:
    uncleared = not profile.cleared_by_clinician and any(c in WITHHELD for c in profile.conditions)
    assert screen(profile, RULES).blocks_plan == bool(profile.red_flags or uncleared)


@given(profiles, st.randoms())
def test_screening_is_deterministic_and_ignores_answer_order(profile: Profile, rnd: Any) -> None:
    flags, conditions = list(profile.red_flags), list(profile.conditions)
    rnd.shuffle(flags)
    rnd.shuffle(conditions)
    shuffled = profile.model_copy(update={"red_flags": flags, "conditions": conditions})

    first = screen(profile, RULES)
    assert screen(profile, RULES) == first
    assert screen(shuffled, RULES) == first


@given(profiles)
def test_every_referral_says_strongback_is_not_a_clinician(profile: Profile) -> None:
    result = screen(profile, RULES)
    assert SAFETY_NOTICE in result.what_to_do
    assert all(reason.source and reason.text for reason in result.reasons)


def test_rules_are_validated_models() -> None:
    assert isinstance(RULES, ScreeningRules)
