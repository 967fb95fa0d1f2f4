"""Safety screening: every rule, clearance, and the properties no rule change may break."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strongback import SAFETY_NOTICE
from strongback.catalog import default_catalog
from strongback.profile import Condition, PainArea, Profile, RedFlag
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

CAUDA_EQUINA_FLAGS = [
    RedFlag.SADDLE_NUMBNESS,
    RedFlag.BLADDER_BOWEL_CHANGE,
    RedFlag.SEXUAL_FUNCTION_CHANGE,
    RedFlag.BOTH_LEGS_WEAKNESS,
]
EMERGENCY_FLAGS = [
    *CAUDA_EQUINA_FLAGS,
    RedFlag.BACK_AND_BELLY_PAIN,
    RedFlag.CHEST_PAIN,
    RedFlag.MAJOR_TRAUMA,
    RedFlag.NECK_PAIN_WITH_DIZZINESS,
    RedFlag.NECK_INJURY,
]
URGENT_FLAGS = [
    RedFlag.CLUMSY_HANDS_OR_WALKING,
    RedFlag.PROGRESSIVE_WEAKNESS,
    RedFlag.FEVER,
    RedFlag.WEAKENED_IMMUNITY,
    RedFlag.INJECTING_DRUGS,
    RedFlag.CANCER_HISTORY,
    RedFlag.WEIGHT_LOSS,
    RedFlag.OSTEOPOROSIS_FALL,
    RedFlag.NIGHT_PAIN,
    RedFlag.UPPER_BACK_PAIN_AT_REST,
    RedFlag.NEW_PAIN_OVER_50,
]
SOON_FLAGS: list[RedFlag] = []
WITHHELD = [Condition.SPINAL_INJURY, Condition.RECENT_SURGERY, Condition.PREGNANCY]
ADVISED = [
    Condition.CHRONIC_BACK_PAIN,
    Condition.EXISTING_BACK_CONDITION,
    Condition.MORNING_STIFFNESS,
    Condition.LEG_PAIN,
]


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
            red_flags=[RedFlag.NIGHT_PAIN],
            conditions=[Condition.PREGNANCY],
            cleared_by_clinician=True,
        ),
        RULES,
    )

    assert result.status is Status.BLOCKED
    assert result.urgency is Urgency.URGENT
    assert RULES.once_cleared not in result.what_to_do


def test_reasons_lead_with_the_most_urgent() -> None:
    result = screen(
        _profile(
            red_flags=[RedFlag.FEVER, RedFlag.SADDLE_NUMBNESS],
            conditions=[Condition.CHRONIC_BACK_PAIN],
        ),
        RULES,
    )

    assert [r.urgency for r in result.reasons] == [
        Urgency.EMERGENCY,
        Urgency.URGENT,
        Urgency.CONSULT,
    ]


def test_age_gated_answers_count_whatever_the_age() -> None:
    # Asked only over 50 and under 40, but an answer given anyway is never ignored.
    young = screen(_profile(age=25, red_flags=[RedFlag.NEW_PAIN_OVER_50]), RULES)
    old = screen(_profile(age=70, conditions=[Condition.MORNING_STIFFNESS]), RULES)

    assert young.blocks_plan
    assert [r.id for r in old.reasons] == [Condition.MORNING_STIFFNESS.value]


def test_age_gates_say_when_to_ask() -> None:
    over_50 = RULES.red_flag(RedFlag.NEW_PAIN_OVER_50)
    stiffness = RULES.condition(Condition.MORNING_STIFFNESS)

    assert [over_50.asked_for(age) for age in (49, 50, 80, None)] == [False, True, True, True]
    assert [stiffness.asked_for(age) for age in (20, 39, 40, None)] == [True, True, False, True]
    assert RULES.red_flag(RedFlag.FEVER).asked_for(30)


def test_pain_area_gates_say_when_to_ask() -> None:
    neck = RULES.red_flag(RedFlag.NECK_PAIN_WITH_DIZZINESS)
    chest = RULES.red_flag(RedFlag.CHEST_PAIN)

    assert neck.ask_if_pain_in == (PainArea.NECK,)
    assert set(chest.ask_if_pain_in) == {PainArea.UPPER, PainArea.MIDDLE}
    # Gated or not, an answer counts wherever it hurts.
    assert screen(_profile(pain_areas=["lower"], red_flags=[neck.id]), RULES).blocks_plan


# --- Answers that together are more urgent ------------------------------------------------------

COMBINATION_CASES = [
    # answers, the combination's id: each alone is at most urgent, together an emergency
    ([RedFlag.FEVER, RedFlag.INJECTING_DRUGS], "fever-and-injecting-drugs"),
    ([RedFlag.FEVER, RedFlag.WEAKENED_IMMUNITY], "fever-and-weakened-immunity"),
    ([RedFlag.CANCER_HISTORY, RedFlag.PROGRESSIVE_WEAKNESS], "cancer-and-leg-weakness"),
    ([RedFlag.CANCER_HISTORY, Condition.LEG_PAIN], "cancer-and-leg-pain"),
]


@pytest.mark.parametrize(("answers", "combination"), COMBINATION_CASES, ids=str)
def test_a_combination_raises_the_urgency_to_an_emergency(
    answers: list[RedFlag | Condition], combination: str
) -> None:
    flags = [a for a in answers if isinstance(a, RedFlag)]
    conditions = [a for a in answers if isinstance(a, Condition)]
    for alone in answers:
        single = _profile(
            red_flags=[alone] if isinstance(alone, RedFlag) else [],
            conditions=[alone] if isinstance(alone, Condition) else [],
        )
        assert screen(single, RULES).urgency is not Urgency.EMERGENCY

    result = screen(_profile(red_flags=flags, conditions=conditions), RULES)

    assert result.blocks_plan
    assert result.urgency is Urgency.EMERGENCY
    assert result.reasons[0].id == combination  # the combination leads
    assert result.reasons[0].source
    assert result.reasons[0].advice
    # The answers' own reasons are kept, so the person sees each thing they told us.
    assert {a.value for a in answers} <= {r.id for r in result.reasons}
    assert RULES.headlines.emergency in result.what_to_do


def test_every_combination_is_covered_and_cited() -> None:
    assert sorted(c for _, c in COMBINATION_CASES) == sorted(r.id for r in RULES.combinations)
    for rule in RULES.combinations:
        assert rule.source.strip()
        assert rule.urgency is Urgency.EMERGENCY
    metastatic = [r for r in RULES.combinations if RedFlag.CANCER_HISTORY in r.when_all]
    assert metastatic
    assert all("NICE NG234" in r.source for r in metastatic)


def test_fever_alone_says_to_see_a_doctor_today() -> None:
    # Same day, not "in the next day or two": a spinal infection can do harm within days.
    assert "today" in RULES.red_flag(RedFlag.FEVER).what_to_do
    assert "next day or two" not in RULES.red_flag(RedFlag.FEVER).what_to_do


def test_a_combination_must_name_a_red_flag() -> None:
    data = _rules_data()
    data["combinations"][0]["when_all"] = ["pregnancy", "leg-pain"]
    with pytest.raises(ScreeningRulesError, match="at least one red flag"):
        parse_screening_rules(data)


def test_a_combination_names_known_answers_only() -> None:
    data = _rules_data()
    data["combinations"][0]["when_all"] = ["fever", "sneezing"]
    with pytest.raises(ScreeningRulesError, match=r"combinations\.0\.when_all"):
        parse_screening_rules(data)


def test_a_combination_cannot_take_an_answers_id() -> None:
    data = _rules_data()
    data["combinations"][0]["id"] = "fever"
    with pytest.raises(ScreeningRulesError, match="taken by an answer: fever"):
        parse_screening_rules(data)


def test_red_flag_and_condition_ids_never_overlap() -> None:
    # A combination names either kind by id alone, so one id must never mean both.
    assert not {f.value for f in RedFlag} & {c.value for c in Condition}


# --- Age -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "cleared", "status"),
    [
        (12, False, Status.BLOCKED),
        (15, False, Status.BLOCKED),
        (15, True, Status.ADVISE),
        (16, False, Status.CLEAR),
        (None, False, Status.CLEAR),
    ],
)
def test_under_16_waits_for_a_clinicians_go_ahead(
    age: int | None, cleared: bool, status: Status
) -> None:
    result = screen(_profile(age=age, cleared_by_clinician=cleared), RULES)

    assert result.status is status
    if status is not Status.CLEAR:
        [reason] = result.reasons
        assert reason.id == RULES.minimum_age.id
        assert reason.urgency is Urgency.CONSULT
        assert "NICE NG59" in reason.source
    if status is Status.BLOCKED:
        assert RULES.once_cleared in result.what_to_do


def test_under_16_cleared_still_blocked_by_a_red_flag() -> None:
    result = screen(_profile(age=14, cleared_by_clinician=True, red_flags=[RedFlag.FEVER]), RULES)
    assert result.blocks_plan


@pytest.mark.parametrize(
    ("conditions", "age", "awaiting"),
    [
        ([], None, set()),
        (["chronic-back-pain"], 40, set()),
        (["pregnancy", "leg-pain"], 30, {"pregnancy"}),
        (["spinal-injury"], 15, {"spinal-injury", "under-16"}),
        ([], 15, {"under-16"}),
    ],
)
def test_what_a_clearance_must_cover(
    conditions: list[str], age: int | None, awaiting: set[str]
) -> None:
    assert RULES.awaiting_clearance(conditions, age) == awaiting


def test_the_planners_contraindications_are_the_rules_withheld_conditions() -> None:
    # The planner keeps its own copy as defence in depth (the core reads no YAML); this keeps
    # the two from drifting apart.
    from strongback._plan_refusal import CONTRAINDICATIONS

    assert RULES.withheld == CONTRAINDICATIONS


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
    for flag in CAUDA_EQUINA_FLAGS:
        assert "NICE NG59" in RULES.red_flag(flag).source


def test_the_articles_contraindications_withhold_the_plan() -> None:
    catalog = default_catalog()
    titles = {article.title for article in catalog.articles.values()}
    for rule in RULES.conditions:
        # The articles' own conditions cite them; the two from clinical guidance cite NICE.
        if rule.id in (Condition.MORNING_STIFFNESS, Condition.LEG_PAIN):
            assert "NICE" in rule.source, rule.id
        else:
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
    # 16 and over here: under 16 waits for clearance like a contraindication (tested apart).
    age=st.none() | st.integers(min_value=16, max_value=110),
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
    assert profile.age is None or profile.age >= RULES.minimum_age.age  # see the age tests
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
