"""`log`, `checkin`, `function` and `progress` through the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from strongback import SAFETY_NOTICE
from strongback.cli._progress_view import sparkline
from strongback.cli.app import app
from strongback.records import SessionSource, SessionStatus
from strongback.services import FLARE_ADVICE

if TYPE_CHECKING:
    from strongback.store import Repository

TODAY = date.today()
MONDAY = TODAY - timedelta(days=TODAY.weekday()) - timedelta(days=14)


@pytest.fixture(autouse=True)
def _answered(request: pytest.FixtureRequest) -> None:
    """Every test on a store has answered the setup questions, which `log` needs."""
    if "store_env" not in request.fixturenames:
        return
    from strongback.profile import Profile
    from strongback.rules.screening import screen_with_default_rules

    repository = request.getfixturevalue("repository")
    profile = Profile()
    at = datetime.combine(MONDAY - timedelta(days=7), datetime.min.time(), tzinfo=UTC)
    repository.save_profile(profile, screen_with_default_rules(profile), at=at)


def run(args: list[str], env: dict[str, str], stdin: str | None = None) -> Any:
    return CliRunner().invoke(app, args, env=env, input=stdin)


def ok(args: list[str], env: dict[str, str]) -> Any:
    result = run(args, env)
    assert result.exit_code == 0, result.output
    return result


# --- log -----------------------------------------------------------------------------------------


def test_log_stores_a_completed_session_with_its_sets(
    store_env: dict[str, str], repository: Repository
) -> None:
    result = ok(
        [
            *("log", "-e", "bridge:3x10", "--exercise", "knee-to-chest", "--pain-before", "3"),
            *("--pain-after", "2", "--difficulty", "too-easy", "--date", MONDAY.isoformat()),
        ],
        store_env,
    )

    assert "Logged session 1" in result.stdout
    (record,) = repository.sessions()
    assert record.source is SessionSource.LOG
    assert record.status is SessionStatus.COMPLETED
    assert record.plan.day == MONDAY
    assert [e.exercise_id for e in record.plan.exercises] == ["knee-to-chest", "bridge"]
    bridge = record.plan.exercises[1]
    assert (bridge.dosage.sets, bridge.dosage.reps) == (3, 10)
    assert [s.set_number for s in record.sets if s.exercise_id == "bridge"] == [1, 2, 3]
    assert record.feedback.pain_before == 3
    assert record.feedback.pain_after == 2
    assert record.feedback.difficulty == "too-easy"
    assert record.started_at.astimezone().date() == MONDAY


def test_log_uses_the_catalog_dose_and_the_shared_options(
    store_env: dict[str, str], repository: Repository
) -> None:
    from strongback.catalog import default_catalog

    ok(["log", "-e", "superman", "-e", "bridge", "--sets", "2", "--hold", "8"], store_env)

    (record,) = repository.sessions()
    superman = default_catalog().exercises["superman"]
    planned = {e.exercise_id: e.dosage for e in record.plan.exercises}
    assert planned["superman"].reps == superman.dosage.reps
    assert planned["superman"].sets == 2
    assert planned["bridge"].hold_seconds == 8
    assert record.plan.day == TODAY


def test_log_suggests_the_closest_exercise_for_a_typo(store_env: dict[str, str]) -> None:
    result = run(["log", "-e", "brige"], store_env)

    assert result.exit_code == 1
    assert "no exercise 'brige'" in result.stderr
    assert "did you mean bridge" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log"], "--exercise ID"),
        (["log", "-e", "bridge:threex10"], "SETSxREPS"),
        (["log", "-e", "bridge", "--difficulty", "meh"], "too-easy, right, too-hard"),
        (["log", "-e", "bridge", "--date", "yesterday"], "YYYY-MM-DD"),
        (["log", "-e", "bridge", "--date", (TODAY + timedelta(days=2)).isoformat()], "future"),
        (["log", "-e", "bridge:99x10"], "--exercise 'bridge:99x10'"),
        (["log", "-e", "bridge:0x10"], "--exercise 'bridge:0x10': sets must be from 1 to 10"),
        (["log", "-e", "bridge:3x0"], "--exercise 'bridge:3x0': reps must be from 1 to 50"),
    ],
)
def test_log_refuses_bad_input_clearly(
    store_env: dict[str, str], repository: Repository, args: list[str], message: str
) -> None:
    result = run(args, store_env)

    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert repository.sessions() == []


def test_log_planned_records_the_days_plan(
    tmp_path: Path, store_env: dict[str, str], repository: Repository
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("pain_areas: lower\ndays_per_week: 3\n", encoding="utf-8")
    ok(["setup", "--from", str(answers)], store_env)
    plan = json.loads(ok(["plan", "--json", "--date", MONDAY.isoformat()], store_env).stdout)

    ok(["log", "--planned", "--date", MONDAY.isoformat(), "--pain-after", "1"], store_env)

    (record,) = repository.sessions()
    assert [e.exercise_id for e in record.plan.exercises] == [
        e["exercise_id"] for e in plan["session"]["exercises"]
    ]


# --- checkin and function ------------------------------------------------------------------------


def test_checkin_records_next_day_pain_on_the_latest_session(
    store_env: dict[str, str], repository: Repository
) -> None:
    ok(["log", "-e", "bridge", "--date", MONDAY.isoformat()], store_env)
    ok(["log", "-e", "bridge", "--date", (MONDAY + timedelta(days=2)).isoformat()], store_env)

    result = ok(
        ["checkin", "--pain", "7", "--date", (MONDAY + timedelta(days=3)).isoformat()], store_env
    )

    assert "flare" in result.stdout
    assert [s.feedback.next_day_pain for s in repository.sessions()] == [None, 7]


def test_checkin_long_after_the_last_session_asks_for_the_session(
    store_env: dict[str, str],
) -> None:
    ok(["log", "-e", "bridge", "--date", MONDAY.isoformat()], store_env)

    result = run(
        ["checkin", "--pain", "3", "--date", (MONDAY + timedelta(days=6)).isoformat()], store_env
    )

    assert result.exit_code == 1
    assert "--session" in result.stderr
    ok(["checkin", "--pain", "3", "--session", "1"], store_env)


def test_checkin_without_a_session_says_so(store_env: dict[str, str]) -> None:
    result = run(["checkin", "--pain", "3"], store_env)

    assert result.exit_code == 1
    assert "no session before today" in result.stderr


def test_function_ratings_keep_the_first_spelling_and_at_most_three_activities(
    store_env: dict[str, str], repository: Repository
) -> None:
    ok(
        [
            "function",
            "-a",
            "Sitting",
            "-s",
            "3",
            "-a",
            "lifting",
            "-s",
            "2",
            "--date",
            MONDAY.isoformat(),
        ],
        store_env,
    )
    ok(["function", "-a", "sitting", "-s", "5"], store_env)

    assert [(p.activity, p.score) for p in repository.psfs_scores()] == [
        ("Sitting", 3),
        ("lifting", 2),
        ("Sitting", 5),
    ]
    result = run(["function", "-a", "walking", "-s", "4", "-a", "running", "-s", "1"], store_env)
    assert result.exit_code == 1
    assert "up to 3 activities" in result.stderr


def test_function_needs_a_score_per_activity(store_env: dict[str, str]) -> None:
    result = run(["function", "-a", "sitting"], store_env)

    assert result.exit_code == 1
    assert "one --score for each --activity" in result.stderr


def test_function_asks_in_a_terminal_only(store_env: dict[str, str]) -> None:
    result = run(["function"], store_env, stdin="")

    assert result.exit_code == 1
    assert "--activity NAME --score N" in result.stderr


# --- progress ------------------------------------------------------------------------------------


def _a_fortnight(env: dict[str, str]) -> None:
    for offset, (before, after) in enumerate([(6, 5), (6, 5), (5, 4), (3, 3), (3, 2), (3, 2)]):
        day = MONDAY + timedelta(days=offset * 2)
        ok(
            [
                *("log", "-e", "bridge", "--date", day.isoformat()),
                *("--pain-before", str(before), "--pain-after", str(after)),
            ],
            env,
        )
    ok(["function", "-a", "sitting", "-s", "3", "--date", MONDAY.isoformat()], env)
    ok(
        [
            "function",
            "-a",
            "sitting",
            "-s",
            "6",
            "--date",
            (MONDAY + timedelta(days=12)).isoformat(),
        ],
        env,
    )


def test_progress_json_holds_the_whole_summary(store_env: dict[str, str]) -> None:
    _a_fortnight(store_env)

    data = json.loads(ok(["progress", "--json"], store_env).stdout)

    assert set(data) == {
        "today",
        "sessions",
        "pain",
        "function",
        "adherence",
        "streaks",
        "changes",
        "see_clinician",
        "notes",
        "plan_withheld",
    }
    assert data["plan_withheld"] is False
    assert len(data["sessions"]) == 6
    assert data["pain"]["baseline"] == pytest.approx(5.7)
    assert data["pain"]["current"] == 3.0
    assert {c["measure"] for c in data["changes"]} == {"pain", "function"}
    assert data["function"]["latest"] == 6.0


def test_progress_in_the_terminal(store_env: dict[str, str]) -> None:
    _a_fortnight(store_env)

    output = ok(["progress"], store_env).stdout

    assert "This week" in output
    assert "Streaks" in output
    # Pain at rest, named so: the pain just after a session is the line under it.
    assert "Pain at rest (0-10, before sessions and the day after): first 6, latest 3" in (
        _words(output)
    )
    assert f"{sparkline([6, 6, 5, 3, 3, 3])}  6 → 3" in output
    assert "a change people really feel" in output
    assert "not a substitute for a clinician" in output


def test_progress_writes_a_png_or_svg_chart(tmp_path: Path, store_env: dict[str, str]) -> None:
    _a_fortnight(store_env)

    ok(["progress", "--chart", str(tmp_path / "chart.png")], store_env)
    ok(["progress", "--chart", str(tmp_path / "chart.svg"), "--json"], store_env)

    assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "chart.png").stat().st_size > 10_000
    assert (tmp_path / "chart.svg").read_text(encoding="utf-8").startswith("<svg")


def test_progress_refuses_other_chart_formats(tmp_path: Path, store_env: dict[str, str]) -> None:
    result = run(["progress", "--chart", str(tmp_path / "chart.gif")], store_env)

    assert result.exit_code == 1
    assert "must end in .svg or .png" in result.stderr
    assert not (tmp_path / "chart.gif").exists()


def test_progress_with_no_history_says_how_to_begin(store_env: dict[str, str]) -> None:
    output = ok(["progress"], store_env).stdout

    assert "strongback log" in output


def test_sparkline_maps_zero_to_ten_onto_eight_bars() -> None:
    assert sparkline([0, 5, 10]) == "▁▅█"
    assert sparkline([]) == ""


# --- Following the README's order, red flags, and where the data is -----------------------------


@pytest.mark.parametrize("earlier", [False, True])
def test_checkin_straight_after_todays_session_says_to_check_in_tomorrow(
    store_env: dict[str, str], repository: Repository, earlier: bool
) -> None:
    if earlier:  # a session long ago does not change what today's check-in is about
        ok(["log", "-e", "bridge", "--date", MONDAY.isoformat()], store_env)
    logged = ok(["log", "-e", "bridge"], store_env)
    assert "Tomorrow, tell strongback how your back feels" in logged.stdout

    result = run(["checkin", "--pain", "2"], store_env)

    assert result.exit_code == 1
    assert "your last session was today: check in tomorrow" in result.stderr
    assert "do one first" not in result.stderr
    assert {s.feedback.next_day_pain for s in repository.sessions()} == {None}


def test_logging_a_past_day_names_the_session_to_check_in_for(
    store_env: dict[str, str], repository: Repository
) -> None:
    result = ok(["log", "-e", "bridge", "--date", MONDAY.isoformat()], store_env)

    assert "Tomorrow" not in result.stdout
    assert "strongback checkin --pain N --session 1" in result.stdout
    ok(["checkin", "--pain", "2", "--session", "1"], store_env)
    assert [s.feedback.next_day_pain for s in repository.sessions()] == [2]


@pytest.mark.parametrize("args", [["-e", "bridge"], ["--planned"], ["-e", "bridge", "--json"]])
def test_log_with_a_red_flag_refers_and_records_nothing(
    store_env: dict[str, str], repository: Repository, args: list[str]
) -> None:
    from strongback.cli._common import EXIT_SCREENING_BLOCKED
    from strongback.profile import Profile, RedFlag
    from strongback.rules.screening import screen_with_default_rules

    profile = Profile(red_flags=[RedFlag.FEVER])
    screening = screen_with_default_rules(profile)
    assert screening.blocks_plan
    repository.save_profile(profile, screening, at=datetime.now(UTC))

    result = run(["log", *args], store_env)

    assert result.exit_code == EXIT_SCREENING_BLOCKED, result.output
    assert "Tomorrow" not in result.output
    if "--json" in args:
        data = json.loads(result.stdout)
        assert (data["session"], data["withheld"]) == (None, True)
    else:
        words = " ".join(result.stdout.replace("│", " ").split())
        assert "See a doctor before you exercise" in result.stdout.splitlines()[0]
        # What to do, then the safety notice it ends with, once, in the referral's panel.
        what_to_do = screening.what_to_do.replace(SAFETY_NOTICE, "").strip()
        assert what_to_do in words
        assert words.count(SAFETY_NOTICE) == 1
        assert all(f"{r.text} {r.advice}" in words for r in screening.reasons)
    assert repository.sessions() == []


@pytest.mark.parametrize(
    "args",
    [
        ["log", "-e", "bridge"],
        ["checkin", "--pain", "2"],
        ["function", "-a", "sitting", "-s", "3"],
        ["progress"],
        ["forget", "--yes"],
    ],
)
def test_an_unreachable_database_is_named_with_its_password_hidden(
    tmp_path: Path, args: list[str]
) -> None:
    env = {
        "STRONGBACK_HOME": str(tmp_path / "home"),
        "STRONGBACK_DATABASE_URL": "postgresql://walker:s3cret@127.0.0.1:1/strongback",
    }

    result = run(args, env)

    assert result.exit_code == 1
    assert "could not open your data" in result.stderr
    assert "127.0.0.1:1/strongback" in result.stderr
    assert "s3cret" not in result.output
    assert str(tmp_path / "home") not in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("typed", ["eleven", "11", "7.5", "-1", "٣"])
def test_a_function_score_that_is_not_0_to_10_gets_the_same_friendly_answer(typed: str) -> None:
    from strongback.cli._function_questions import ask_score

    with CliRunner().isolation(input=f"{typed}\n4\n") as streams:
        assert ask_score("sitting") == 4
        shown = b"".join(s.getvalue() for s in streams if s is not None).decode()

    assert "Give a whole number from 0 to 10." in shown
    assert "Input should be" not in shown


def test_progress_shows_the_next_day_pain(store_env: dict[str, str]) -> None:
    for offset, next_day in ((0, "4"), (2, "2")):
        day = MONDAY + timedelta(days=offset)
        ok(["log", "-e", "bridge", "--date", day.isoformat(), "--pain-before", "5"], store_env)
        checked = (day + timedelta(days=1)).isoformat()
        ok(["checkin", "--pain", next_day, "--date", checked], store_env)

    output = ok(["progress"], store_env).stdout

    assert f"the day after    {sparkline([4, 2])}  4 → 2" in output


def test_strength_only_sessions_are_not_days_of_stretches(store_env: dict[str, str]) -> None:
    ok(["log", "-e", "bridge", "-e", "bird-dog", "--date", MONDAY.isoformat()], store_env)
    ok(["log", "-e", "bridge", "--date", (MONDAY + timedelta(days=1)).isoformat()], store_env)
    ok(["log", "-e", "pelvic-tilt", "--date", (MONDAY + timedelta(days=2)).isoformat()], store_env)

    data = json.loads(
        ok(
            ["progress", "--json", "--date", (MONDAY + timedelta(days=2)).isoformat()], store_env
        ).stdout
    )

    assert data["adherence"]["this_week"]["stretch_days"] == 1  # pelvic-tilt, a mobility move
    assert (data["streaks"]["days"], data["streaks"]["best_days"]) == (1, 1)
    assert data["adherence"]["this_week"]["done_sessions"] == 2


def test_the_web_shown_notes_carry_no_commands_but_the_terminal_adds_them(
    store_env: dict[str, str],
) -> None:
    data = json.loads(ok(["progress", "--json"], store_env).stdout)
    assert data["notes"]
    assert not [n for n in data["notes"] if "`" in n or "strongback " in n]

    output = ok(["progress"], store_env).stdout

    assert "strongback start" in output
    assert "strongback function" in output
    assert "`" not in output.split("What it means")[1]


@pytest.mark.parametrize(("level", "pain", "advised"), [(6, 6, True), (6, 5, False), (8, 7, False)])
def test_checkin_reads_pain_against_the_rules_flare_level_and_adds_the_notice(
    store_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    level: int,
    pain: int,
    advised: bool,
) -> None:
    from tests.cli.test_log_cli import flare_level

    ok(["log", "-e", "bridge", "--date", MONDAY.isoformat()], store_env)
    flare_level(monkeypatch, level)

    result = ok(
        ["checkin", "--pain", str(pain), "--date", (MONDAY + timedelta(days=1)).isoformat()],
        store_env,
    )

    from strongback import CLINICIAN_NOTICE, EMERGENCY_ADVICE

    words = " ".join(result.stdout.split())
    assert (FLARE_ADVICE in words) is advised
    # The flare advice gives the emergency line; the notice after it does not say it again.
    assert words.count(EMERGENCY_ADVICE) == (1 if advised else 0)
    assert words.count(CLINICIAN_NOTICE) == (1 if advised else 0)
    if advised:
        assert words.endswith(CLINICIAN_NOTICE)


# --- A person the screening sends to a clinician, and weeks before set-up -----------------------


def _emergency(repository: Repository) -> None:
    from strongback.profile import Profile, RedFlag
    from strongback.rules.screening import screen_with_default_rules

    profile = Profile(red_flags=[RedFlag.SADDLE_NUMBNESS])
    repository.save_profile(profile, screen_with_default_rules(profile), at=datetime.now(UTC))


def _words(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


@pytest.mark.parametrize("command", ["progress", "history"])
def test_a_referred_person_gets_the_referral_not_targets_or_a_session(
    store_env: dict[str, str], repository: Repository, command: str
) -> None:
    from strongback.cli._common import EXIT_SCREENING_BLOCKED

    _emergency(repository)

    result = run([command], store_env)

    assert result.exit_code == EXIT_SCREENING_BLOCKED, result.output
    words = _words(result.stdout)
    # Nothing recorded yet: the referral alone, its urgency first, as every command gives it.
    assert "Go to an emergency department now" in result.stdout.splitlines()[0]
    assert "When a clinician has seen you, run strongback setup again" in words
    for invitation in ("strongback start", "strongback log", "of 3", "No sessions yet", "Streaks"):
        assert invitation not in words


def test_a_referred_person_still_sees_what_was_recorded_without_targets(
    store_env: dict[str, str], repository: Repository
) -> None:
    ok(["log", "-e", "bridge", "--pain-before", "4", "--date", MONDAY.isoformat()], store_env)
    _emergency(repository)

    progress = run(["progress"], store_env)
    history = run(["history"], store_env)

    assert (progress.exit_code, history.exit_code) == (3, 3)
    words = _words(progress.stdout)
    assert "Pain at rest (0-10, before sessions and the day after): first 4, latest 4" in words
    assert "no session targets for now" in words
    assert "sessions (" not in words  # no "Last 4 weeks: 0 of 12 sessions (0%)"
    assert "keep going" not in words
    assert words.index("Pain at rest") < words.index("Go to an emergency department now")
    assert words.count("not a substitute for a clinician") == 1  # the referral's boxed notice
    assert "Your sessions" in history.stdout
    assert "Start one" not in history.stdout
    assert "Go to an emergency department now" in history.stdout


@pytest.mark.parametrize(("command", "key"), [("progress", "progress"), ("history", "sessions")])
def test_a_referral_as_json_keeps_the_data_beside_the_screening(
    store_env: dict[str, str], repository: Repository, command: str, key: str
) -> None:
    ok(["log", "-e", "bridge", "--date", MONDAY.isoformat()], store_env)
    _emergency(repository)

    result = run([command, "--json"], store_env)

    assert result.exit_code == 3, result.output
    data = json.loads(result.stdout)
    assert set(data) == {key, "withheld", "screening", "reasons", "safety_notice"}
    assert data["withheld"] is True
    assert data["screening"]["urgency"] == "emergency"
    if key == "progress":
        assert data["progress"]["plan_withheld"] is True
        assert data["progress"]["adherence"]["recent_planned"] == 0
        assert len(data["progress"]["sessions"]) == 1
    else:
        assert len(data["sessions"]) == 1


def test_a_referred_person_s_chart_is_still_written(
    tmp_path: Path, store_env: dict[str, str], repository: Repository
) -> None:
    ok(["log", "-e", "bridge", "--date", MONDAY.isoformat()], store_env)
    _emergency(repository)

    result = run(["progress", "--chart", str(tmp_path / "chart.svg")], store_env)

    assert result.exit_code == 3, result.output
    svg = (tmp_path / "chart.svg").read_text(encoding="utf-8")
    assert "of planned" not in svg
    assert "Chart written to" in result.stdout


def test_weeks_before_set_up_are_not_counted_as_missed(
    store_env: dict[str, str], repository: Repository
) -> None:
    """Answers given today and one session logged three weeks before: nothing was missed."""
    from strongback.profile import Profile
    from strongback.rules.screening import screen_with_default_rules

    repository.forget()  # the answers of the autouse fixture are three weeks old
    profile = Profile()
    repository.save_profile(profile, screen_with_default_rules(profile), at=datetime.now(UTC))
    ok(["log", "-e", "bridge", "--date", (TODAY - timedelta(days=21)).isoformat()], store_env)

    data = json.loads(ok(["progress", "--json"], store_env).stdout)

    assert [w["planned_sessions"] for w in data["adherence"]["weeks"][:-1]] == [0, 0, 0]
    assert data["adherence"]["weeks"][0]["done_sessions"] == 1
    # This week counts from today only: its strengthening days still to come, and its days left.
    this_week = data["adherence"]["this_week"]
    assert this_week["planned_stretch_days"] == 7 - TODAY.weekday()
    assert data["adherence"]["recent_weeks"] == (1 if this_week["planned_sessions"] else 0)
    assert data["adherence"]["recent_planned"] == this_week["planned_sessions"]
