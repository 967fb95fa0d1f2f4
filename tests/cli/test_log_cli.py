"""`strongback log`: a half-written dose, --planned with exercises, no answers yet, and when a
session logged today took place."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from strongback.cli._common import EXIT_USER_ERROR
from strongback.cli.app import app
from strongback.profile import Profile
from strongback.rules.screening import screen_with_default_rules
from strongback.services import FLARE_ADVICE

if TYPE_CHECKING:
    from strongback.store import Repository


def _run(args: list[str], env: dict[str, str]) -> Any:
    return CliRunner().invoke(app, args, env=env)


def _answer(repository: Repository) -> None:
    profile = Profile()
    repository.save_profile(profile, screen_with_default_rules(profile), at=datetime.now(UTC))


@pytest.mark.parametrize(
    "item", ["bridge:3x", "bridge:x10", "bridge:3", "bridge:", "bridge:3x10x2"]
)
def test_a_half_written_dose_is_refused_with_the_format(
    store_env: dict[str, str], repository: Repository, item: str
) -> None:
    _answer(repository)

    result = _run(["log", "-e", item], store_env)

    assert result.exit_code == EXIT_USER_ERROR, result.output
    assert f"--exercise {item!r}: write the dose as SETSxREPS" in result.stderr
    assert repository.sessions() == []


def test_a_written_dose_may_have_spaces_and_a_capital_x(
    store_env: dict[str, str], repository: Repository
) -> None:
    _answer(repository)

    result = _run(["log", "-e", "bridge: 2 X 6"], store_env)

    assert result.exit_code == 0, result.output
    (bridge,) = repository.sessions()[0].plan.exercises
    assert (bridge.dosage.sets, bridge.dosage.reps) == (2, 6)


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (["-e", "bridge"], "--exercise"),
        (["--sets", "2"], "--sets"),
        (["--reps", "8", "--hold", "5"], "--reps and --hold"),
    ],
)
def test_planned_with_doses_of_its_own_is_refused(
    store_env: dict[str, str], repository: Repository, extra: list[str], named: str
) -> None:
    _answer(repository)

    result = _run(["log", "--planned", *extra], store_env)

    assert result.exit_code == EXIT_USER_ERROR, result.output
    assert f"so {named} would be ignored" in result.stderr
    assert repository.sessions() == []


@pytest.mark.parametrize("args", [["-e", "bridge"], ["--planned"], ["-e", "bridge", "--json"]])
def test_no_answers_yet_records_nothing_and_says_to_run_setup(
    store_env: dict[str, str], repository: Repository, args: list[str]
) -> None:
    result = _run(["log", *args], store_env)

    assert result.exit_code == EXIT_USER_ERROR, result.output
    assert "answer the questions first with strongback setup" in result.stderr
    assert result.stdout == ""
    assert repository.sessions() == []


def test_a_session_logged_today_ended_now_not_in_the_future(
    store_env: dict[str, str], repository: Repository
) -> None:
    _answer(repository)
    before = datetime.now(UTC)

    result = _run(["log", "-e", "bridge:3x10", "-e", "superman"], store_env)

    after = datetime.now(UTC)
    assert result.exit_code == 0, result.output
    (session,) = repository.sessions()
    assert session.ended_at is not None
    assert before - timedelta(seconds=1) <= session.ended_at <= after + timedelta(seconds=1)
    length = session.ended_at - session.started_at
    midnight = datetime.combine(session.plan.day, datetime.min.time()).astimezone()
    assert length == timedelta(seconds=session.plan.estimated_seconds) or (
        session.started_at == midnight  # logged just after midnight: the day keeps its date
    )
    assert all(s.ended_at is not None and s.ended_at <= after for s in session.sets)


def test_an_exercise_left_out_for_a_condition_is_logged_with_a_caution(
    store_env: dict[str, str], repository: Repository
) -> None:
    from strongback.profile import Condition

    pregnant = Profile(conditions=[Condition.PREGNANCY], cleared_by_clinician=True)
    repository.save_profile(pregnant, screen_with_default_rules(pregnant), at=datetime.now(UTC))

    result = _run(["log", "-e", "deadlift"], store_env)

    assert result.exit_code == 0, result.output
    assert "caution: Deadlift is left out of your plan because of pregnancy" in result.stderr
    assert len(repository.sessions()) == 1  # what was done is recorded as it was


@pytest.mark.parametrize(
    ("item", "said"),
    [
        ("bridge:0x10", "sets must be from 1 to 10 (got 0)"),
        ("bridge:11x10", "sets must be from 1 to 10 (got 11)"),
        ("bridge:3x99", "reps must be from 1 to 50 (got 99)"),
    ],
)
def test_a_dose_out_of_bounds_is_said_in_the_dose_s_words(
    store_env: dict[str, str], repository: Repository, item: str, said: str
) -> None:
    _answer(repository)

    result = _run(["log", "-e", item], store_env)

    assert result.exit_code == EXIT_USER_ERROR
    assert f"--exercise {item!r}: {said}" in result.stderr


@pytest.mark.parametrize(
    ("items", "every"),
    [(["crunch:2x8"], False), (["bridge", "crunch"], True)],
    ids=["alone", "with-a-held-one"],
)
def test_a_hold_for_an_exercise_done_in_reps_is_refused_naming_it(
    store_env: dict[str, str], repository: Repository, items: list[str], every: bool
) -> None:
    _answer(repository)

    result = _run(["log", *(a for item in items for a in ("-e", item)), "--hold", "20"], store_env)

    assert result.exit_code == EXIT_USER_ERROR, result.output
    said = " ".join(result.stderr.split())  # Rich wraps long lines
    assert "--hold: Crunch is done in reps, not held, so it takes no seconds held" in said
    assert ("--hold gives its seconds to every --exercise" in said) is every
    assert repository.sessions() == []


def flare_level(monkeypatch: pytest.MonkeyPatch, level: int) -> None:
    """Set the progression rules' flare level, as a change to rules/progression.yaml would."""
    from strongback.rules.progression import default_progression_rules
    from strongback.services import _check_in

    rules = default_progression_rules()
    changed = rules.model_copy(
        update={"thresholds": rules.thresholds.model_copy(update={"flare_pain": level})}
    )
    monkeypatch.setattr(_check_in, "default_progression_rules", lambda: changed)


@pytest.mark.parametrize(("level", "pain", "advised"), [(6, 6, True), (6, 5, False), (8, 7, False)])
def test_pain_after_at_the_rules_flare_level_gets_advice_and_the_notice_once(
    store_env: dict[str, str],
    repository: Repository,
    monkeypatch: pytest.MonkeyPatch,
    level: int,
    pain: int,
    advised: bool,
) -> None:
    from strongback import CLINICIAN_NOTICE, EMERGENCY_ADVICE

    _answer(repository)
    flare_level(monkeypatch, level)

    result = _run(["log", "-e", "bridge", "--pain-after", str(pain)], store_env)

    assert result.exit_code == 0, result.output
    words = " ".join(result.stdout.split())
    assert (FLARE_ADVICE in words) is advised
    # The flare advice gives the emergency line; the notice after it does not say it again.
    assert words.count(EMERGENCY_ADVICE) == (1 if advised else 0)
    assert words.count(CLINICIAN_NOTICE) == (1 if advised else 0)
    if advised:
        assert words.endswith(CLINICIAN_NOTICE)  # at the end, after the hints


def test_a_log_that_fails_half_way_leaves_no_session_to_resume(
    store_env: dict[str, str], repository: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The session, its sets and its end are stored in one transaction: when the second set is
    refused, nothing is kept, so `strongback start` has nothing unfinished to offer back."""
    from strongback.store import _session_writes

    _answer(repository)
    real_set_row = _session_writes.set_row
    calls: list[int] = []

    def refuse_the_second_set(record: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise ValueError("reps_done must be from 1 to 50")
        return real_set_row(record)

    monkeypatch.setattr(_session_writes, "set_row", refuse_the_second_set)

    result = _run(["log", "-e", "bridge:3x10"], store_env)

    assert result.exit_code == EXIT_USER_ERROR, result.output
    assert "nothing recorded: reps_done must be from 1 to 50" in result.stderr
    assert "Traceback" not in result.output
    assert repository.unfinished_session() is None
    assert repository.sessions() == []


def test_the_log_is_screened_with_today_s_rules_not_the_saved_screening(
    store_env: dict[str, str], repository: Repository
) -> None:
    """Answers saved as clear, when today's rules find a red flag in them, record nothing."""
    from strongback.profile import RedFlag

    flagged = Profile(red_flags=[RedFlag.SADDLE_NUMBNESS])
    cleared = screen_with_default_rules(Profile())
    repository.save_profile(flagged, cleared, at=datetime.now(UTC))

    result = _run(["log", "-e", "bridge"], store_env)

    assert result.exit_code == 3, result.output
    assert "Go to an emergency department now" in result.stdout.splitlines()[0]
    assert "Nothing recorded. When a clinician has seen you" in " ".join(result.stdout.split())
    assert repository.sessions() == []


@pytest.mark.parametrize(
    "args",
    [
        ["log", "-e", "bird-dog"],
        ["checkin", "--pain", "2"],
        ["function", "-a", "sitting", "-s", "3"],
    ],
    ids=["log", "checkin", "function"],
)
def test_a_record_dated_years_before_set_up_is_refused(
    store_env: dict[str, str], repository: Repository, args: list[str]
) -> None:
    _answer(repository)  # set up today

    result = _run([*args, "--date", "2020-01-01"], store_env)

    assert result.exit_code == EXIT_USER_ERROR, result.output
    earliest = date.today() - timedelta(weeks=4)
    assert (
        f"--date: 2020-01-01 is long before you set strongback up on {date.today()}; record "
        f"what you did from {earliest} on (was the year mistyped?)"
    ) in " ".join(result.stderr.split())
    assert "Traceback" not in result.output
    assert repository.sessions() == []
    assert repository.psfs_scores() == []


def test_the_weeks_just_before_set_up_and_anything_since_may_be_logged(
    store_env: dict[str, str], repository: Repository
) -> None:
    a_year_ago = datetime.now(UTC) - timedelta(days=365)
    repository.save_profile(Profile(), screen_with_default_rules(Profile()), at=a_year_ago)
    set_up = a_year_ago.astimezone().date()
    earliest = set_up - timedelta(weeks=4)

    for day in (earliest, set_up, date.today() - timedelta(days=30)):
        result = _run(["log", "-e", "bird-dog", "--date", day.isoformat()], store_env)
        assert result.exit_code == 0, result.output
    refused = _run(
        ["log", "-e", "bird-dog", "--date", str(earliest - timedelta(days=1))], store_env
    )

    assert refused.exit_code == EXIT_USER_ERROR, refused.output
    assert len(repository.sessions()) == 3


def test_the_same_log_run_twice_is_refused_naming_the_session_and_again_records_it(
    store_env: dict[str, str], repository: Repository
) -> None:
    _answer(repository)
    args = ["log", "-e", "bridge:2x8", "--pain-after", "2"]
    assert _run(args, store_env).exit_code == 0
    (first,) = repository.sessions()

    repeated = _run(args, store_env)

    assert repeated.exit_code == EXIT_USER_ERROR, repeated.output
    said = " ".join(repeated.stderr.split())
    assert f"error: that session is already logged (session {first.id})" in said
    assert "it was not recorded twice; if you did it twice, log it again with --again" in said
    assert repeated.stdout == ""
    assert len(repository.sessions()) == 1

    again = _run([*args, "--again"], store_env)

    assert again.exit_code == 0, again.output
    assert len(repository.sessions()) == 2


def test_a_held_exercise_may_carry_its_own_hold_after_its_dose(
    store_env: dict[str, str], repository: Repository
) -> None:
    _answer(repository)

    result = _run(["log", "-e", "bridge:2x8@20s", "-e", "crunch:2x8"], store_env)

    assert result.exit_code == 0, result.output
    bridge, crunch = repository.sessions()[0].plan.exercises
    assert (bridge.dosage.sets, bridge.dosage.reps, bridge.dosage.hold_seconds) == (2, 8, 20)
    assert crunch.dosage.hold_seconds is None


@pytest.mark.parametrize(
    ("items", "extra", "said"),
    [
        (["crunch:2x8@20"], [], "--exercise 'crunch:2x8@20': Crunch is done in reps, not held"),
        (["bridge:2x8@20"], ["--hold", "10"], "gives its own hold, so --hold would be ignored"),
        (["bridge:2x8@500"], [], "--exercise 'bridge:2x8@500':"),
    ],
    ids=["not-held", "and-hold", "too-long"],
)
def test_a_wrong_hold_after_a_dose_is_refused_naming_the_exercise(
    store_env: dict[str, str],
    repository: Repository,
    items: list[str],
    extra: list[str],
    said: str,
) -> None:
    _answer(repository)

    result = _run(["log", *(a for item in items for a in ("-e", item)), *extra], store_env)

    assert result.exit_code == EXIT_USER_ERROR, result.output
    assert said in " ".join(result.stderr.split())
    assert repository.sessions() == []


def test_a_back_dated_flare_that_calmer_sessions_followed_gets_no_step_back_advice(
    store_env: dict[str, str], repository: Repository
) -> None:
    _answer(repository)
    for days_ago in (2, 1):
        when = (date.today() - timedelta(days=days_ago)).isoformat()
        calm = ["log", "-e", "bridge", "--pain-before", "2", "--pain-after", "2", "--date", when]
        assert _run(calm, store_env).exit_code == 0
    three_days_ago = (date.today() - timedelta(days=3)).isoformat()

    late = _run(["log", "-e", "bridge", "--pain-after", "9", "--date", three_days_ago], store_env)
    now = _run(["log", "-e", "bridge", "--pain-after", "9", "--again"], store_env)

    assert late.exit_code == 0, late.output
    assert FLARE_ADVICE not in " ".join(late.stdout.split())  # the calmer days since ended it
    assert now.exit_code == 0, now.output
    assert FLARE_ADVICE in " ".join(now.stdout.split())
