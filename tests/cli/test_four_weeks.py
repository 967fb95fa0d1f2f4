"""Four weeks built through the CLI: the dose grows with easy, painless sessions, then steps back
after a flare, and `plan` says what changed and why; `progress` sees the month as it was."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from strongback.cli.app import app
from strongback.store import Repository

# Fixed days in the past, so the planner's date-keyed rotation (and so the test) never changes.
START = date(2025, 3, 3)  # a Monday
THIS_MONDAY = START + timedelta(weeks=4)


def ok(args: list[str], env: dict[str, str]) -> Any:
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    return result


def plan_for(day: date, env: dict[str, str]) -> dict[str, Any]:
    session: dict[str, Any] = json.loads(
        ok(["plan", "--json", "--date", day.isoformat()], env).stdout
    )["session"]
    return session


def volume(dosage: dict[str, Any]) -> int:
    """One number that grows with every progression step: sets, reps or hold."""
    return int(dosage["sets"] * dosage["reps"] * (dosage["hold_seconds"] or 1))


def test_a_month_of_logged_sessions_progresses_then_steps_back_after_a_flare(
    tmp_path: Path, store_env: dict[str, str], repository: Repository
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "pain_areas: lower\ngoal: strengthen\nexperience: some\ndays_per_week: 3\nminutes: 30\n",
        encoding="utf-8",
    )
    ok(["setup", "--from", str(answers)], store_env)
    # Set up on the first day of the month, as the person did: dates long before setup are
    # refused (a mistyped year), and weeks before it are not missed sessions.
    stored = repository.current_profile()
    assert stored is not None
    repository.forget()
    repository.save_profile(
        stored.profile, stored.screening, at=datetime.combine(START, time(8), tzinfo=UTC)
    )

    doses: dict[str, list[tuple[date, int]]] = {}
    strength_days = []
    for offset in range(28):
        day = START + timedelta(days=offset)
        session = plan_for(day, store_env)
        if session["kind"] != "full":
            continue
        strength_days.append(day)
        for exercise in session["exercises"]:
            if exercise["phase"] == "strengthen":
                doses.setdefault(exercise["exercise_id"], []).append(
                    (day, volume(exercise["dosage"]))
                )
        last = offset >= 25  # the month's last strengthening day: a flare
        ok(
            [
                *("log", "--planned", "--date", day.isoformat()),
                *("--pain-before", "2", "--pain-after", "7" if last else "1"),
                *("--difficulty", "right" if last else "too-easy"),
            ],
            store_env,
        )
    flare_day = strength_days[-1]
    ok(["checkin", "--pain", "7", "--date", (flare_day + timedelta(days=1)).isoformat()], store_env)

    # The dose went up across the weeks for every exercise that came round more than once,
    # however long its turns took: the person trained in between, so no turn was a break.
    assert len(strength_days) == 12
    regular = {
        exercise_id: (seen[0][1], seen[-1][1])
        for exercise_id, seen in doses.items()
        if (seen[-1][0] - seen[0][0]).days >= 7
    }
    assert len(regular) >= 5, doses
    assert all(last > first for first, last in regular.values()), (regular, doses)

    # After the flare, the next session steps back, and says why.
    next_day = THIS_MONDAY
    after = plan_for(next_day, store_env)
    changes = after["changes"]
    assert changes, after
    flare = [c for c in changes if c["rule_id"] == "flare"]
    assert any(c["change"] == "step-back" for c in flare), changes
    assert all("7/10" in c["reason"] for c in flare), changes
    # Nothing done on the flare day grows the next time.
    assert not [c for c in flare if c["change"] == "progress"], changes
    flared = {e["exercise_id"]: volume(e["dosage"]) for e in after["exercises"]}
    last_doses = {i: seen[-1][1] for i, seen in doses.items() if seen[-1][0] == flare_day}
    smaller_or_swapped = [i for i in last_doses if i not in flared or flared[i] < last_doses[i]]
    assert smaller_or_swapped, (last_doses, flared)

    text = ok(["plan", "--date", next_day.isoformat()], store_env).stdout
    assert "What changed since last time and why" in text
    assert "flare" in text

    # The month as progress sees it: four weeks kept, then the flare in the pain readings.
    summary = json.loads(
        ok(
            ["progress", "--json", "--date", (THIS_MONDAY - timedelta(days=1)).isoformat()],
            store_env,
        ).stdout
    )
    weeks = summary["adherence"]["weeks"]
    assert [(w["done_sessions"], w["planned_sessions"]) for w in weeks[-4:]] == [(3, 3)] * 4
    assert summary["streaks"]["weeks"] == 4
    assert summary["sessions"][-1]["pain_after"] == 7
    assert summary["sessions"][-1]["next_day_pain"] == 7
