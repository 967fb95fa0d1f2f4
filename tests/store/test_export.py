"""export_all is a complete backup: forget, import, and the export comes back byte for byte."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from strongback.profile import PainArea, Profile
from strongback.records import Difficulty, SessionFeedback, SessionSource, SessionStatus
from strongback.settings import Settings
from strongback.store import InvalidExport, Repository, StoreNotEmpty, open_store
from strongback.store._backup import parse_export
from tests.store.factories import (
    SCREENING_ADVISE,
    SCREENING_CLEAR,
    STOPPED_SET,
    at,
    make_plan,
    make_set,
)


def _fill(repository: Repository) -> None:
    """A few weeks of use: two profile versions, finished and unfinished sessions, scores."""
    repository.save_profile(Profile(), SCREENING_CLEAR, at(0))
    repository.save_profile(Profile(pain_areas=[PainArea.NECK]), SCREENING_ADVISE, at(5))
    first = repository.start_session(make_plan(), SessionSource.PLAYER, at(10), pain_before=3)
    second = repository.start_session(make_plan(note="b"), SessionSource.WEB, at(2000))
    assert first.id is not None
    assert second.id is not None
    repository.record_set(first.id, make_set(1, minutes=11))
    repository.record_set(second.id, make_set(1, minutes=2001, hold_seconds_done=0.1))
    repository.record_set(first.id, make_set(2, minutes=12, **STOPPED_SET))
    repository.finish_session(
        first.id,
        SessionStatus.ENDED_EARLY,
        at(13),
        SessionFeedback(pain_after=4, difficulty=Difficulty.TOO_HARD),
    )
    repository.set_next_day_pain(first.id, 2, at=at(60 * 24))
    repository.set_resume_step(second.id, 2)
    repository.add_psfs("Walking to the shop", 4, at(1))
    repository.add_psfs("Sitting through a film", 7, at(3000))


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def test_export_forget_import_gives_the_same_bytes(repository: Repository) -> None:
    _fill(repository)
    before = _dump(repository.export_all())

    repository.forget()
    repository.import_all(json.loads(before))

    assert _dump(repository.export_all()) == before


def test_an_export_holding_a_set_twice_imports_it_once(repository: Repository) -> None:
    # Written before the store refused repeats; the first record of the set is kept.
    _fill(repository)
    data = repository.export_all()
    repository.forget()
    session = data["sessions"][0]
    first = session["sets"][0]
    session["sets"].insert(1, {**first, "reps_done": 1})
    repository.import_all(data)
    stored = repository.get_session(session["id"])
    assert stored is not None
    assert [(s.set_number, s.reps_done) for s in stored.sets][:1] == [
        (first["set_number"], first["reps_done"])
    ]
    assert len(stored.sets) == len(session["sets"]) - 1


def test_the_export_holds_everything_in_a_stable_order(repository: Repository) -> None:
    _fill(repository)

    data = repository.export_all()

    assert list(data) == ["format", "format_version", "profiles", "sessions", "psfs_scores"]
    assert data["format"] == "strongback-export"
    assert [p["version"] for p in data["profiles"]] == [1, 2]
    assert [s["id"] for s in data["sessions"]] == [1, 2]
    assert [len(s["sets"]) for s in data["sessions"]] == [2, 1]
    assert data["sessions"][0]["feedback"] == {
        "pain_before": 3,
        "pain_after": 4,
        "difficulty": "too-hard",
        "next_day_pain": 2,
        "next_day_pain_at": "2026-03-03T07:30:15.123456Z",
    }
    assert [p["id"] for p in data["psfs_scores"]] == [1, 2]
    assert data["profiles"][0]["created_at"] == "2026-03-02T07:30:15.123456Z"
    assert repository.export_all() == data


def test_new_records_after_an_import_continue_the_numbering(repository: Repository) -> None:
    _fill(repository)
    data = repository.export_all()
    repository.forget()
    repository.import_all(data)

    assert repository.save_profile(Profile(), SCREENING_CLEAR, at(4000)) == 3
    assert repository.start_session(make_plan(), SessionSource.LOG, at(4001)).id == 3
    assert repository.add_psfs("Walking to the shop", 5, at(4002)).id == 3


def test_an_import_into_a_store_with_data_is_refused_and_changes_nothing(
    repository: Repository,
) -> None:
    _fill(repository)
    data = repository.export_all()

    with pytest.raises(StoreNotEmpty, match="already holds data"):
        repository.import_all(data)

    assert repository.export_all() == data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param({"format": "something-else"}, "format: expected", id="format"),
        pytest.param({"format_version": 99}, "format_version", id="version"),
        pytest.param({"sessions": "nope"}, "sessions: Input should be a valid list", id="type"),
        pytest.param({"surprise": 1}, "surprise: Extra inputs", id="extra"),
    ],
)
def test_a_broken_export_is_refused_with_the_reason(
    repository: Repository, change: dict[str, Any], message: str
) -> None:
    _fill(repository)
    data = {**repository.export_all(), **change}
    repository.forget()

    with pytest.raises(InvalidExport, match=message):
        repository.import_all(data)

    assert repository.is_empty()


def test_repeated_or_missing_ids_are_refused(repository: Repository) -> None:
    _fill(repository)
    data = repository.export_all()
    repository.forget()
    twice = {**data, "sessions": [data["sessions"][0], data["sessions"][0]]}
    missing = {**data, "psfs_scores": [{**data["psfs_scores"][0], "id": None}]}

    with pytest.raises(InvalidExport, match="sessions: an id appears twice"):
        repository.import_all(twice)
    with pytest.raises(InvalidExport, match="psfs_scores: every entry needs its id"):
        repository.import_all(missing)
    assert repository.is_empty()


def _set_changed(data: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """The export with its first session's first set changed, as a hand edit would."""
    session = data["sessions"][0]
    sets = [{**session["sets"][0], **fields}, *session["sets"][1:]]
    return {**data, "sessions": [{**session, "sets": sets}, *data["sessions"][1:]]}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param(
            {"reps_done": 9999},
            r"sessions\.0\.sets\.0\.reps_done \(session 1\): at most 50 reps in a set \(got 9999\)",
            id="reps",
        ),
        pytest.param(
            {"hold_seconds_done": 121.5},
            r"sets\.0\.hold_seconds_done \(session 1\): at most 120 seconds \(got 121\.5\)",
            id="hold",
        ),
        pytest.param(
            {"set_number": 11}, r"sets\.0\.set_number \(session 1\): at most 10", id="set-number"
        ),
        pytest.param(
            {"exercise_id": "nosuch"},
            r"sets\.0\.exercise_id \(session 1\): no exercise 'nosuch' in the catalog",
            id="unknown-exercise",
        ),
        pytest.param(
            {"exercise_id": "superman"},
            r"sets\.0\.exercise_id \(session 1\): 'superman' is not in this session's plan "
            r"\(knee-to-chest, bridge\)",
            id="not-in-plan",
        ),
        pytest.param(
            {"reason": "x" * 1001}, r"sets\.0\.reason \(session 1\): at most 1000", id="reason"
        ),
        pytest.param(
            {"reason": "a\x00b"}, r"sessions\.0\.sets\.0\.reason: contains a NUL", id="nul"
        ),
        pytest.param(
            {"ended_at": "2026-03-02T07:41:15"},
            r"sessions\.0\.sets\.0\.ended_at: needs a time zone",
            id="naive-time",
        ),
    ],
)
def test_an_import_is_checked_like_the_api_and_refused_whole(
    repository: Repository, fields: dict[str, Any], message: str
) -> None:
    _fill(repository)
    data = _set_changed(repository.export_all(), **fields)
    repository.forget()

    with pytest.raises(InvalidExport, match=message) as refused:
        repository.import_all(data)

    assert "nothing was imported" in str(refused.value)
    # All or nothing: the valid profiles, sessions and scores around the bad set stay out too.
    assert repository.is_empty()


def test_every_problem_of_an_import_is_listed_at_once(repository: Repository) -> None:
    _fill(repository)
    data = _set_changed(repository.export_all(), reps_done=9999)
    plan = data["sessions"][1]["plan"]
    renamed = [{**plan["exercises"][0], "exercise_id": "gone"}, *plan["exercises"][1:]]
    data["sessions"][1] = {
        **data["sessions"][1],
        "plan": {**plan, "exercises": renamed},
        "resume_step": 2**31,
    }
    repository.forget()

    with pytest.raises(InvalidExport) as refused:
        repository.import_all(data)

    lines = str(refused.value).splitlines()[1:]
    assert [line.split(":")[0].strip() for line in lines] == [
        "sessions.0.sets.0.reps_done (session 1)",
        "sessions.1.resume_step",
        "sessions.1.plan.exercises.0.exercise_id (session 2)",
    ]
    assert repository.is_empty()


def test_a_long_list_of_problems_is_cut_short(repository: Repository) -> None:
    _fill(repository)
    data = repository.export_all()
    session = data["sessions"][0]
    many = [{**session["sets"][0], "set_number": n, "reps_done": 9999} for n in range(1, 31)]
    data["sessions"][0] = {**session, "sets": many}
    repository.forget()

    with pytest.raises(InvalidExport, match=r"\.\.\. and \d+ more") as refused:
        repository.import_all(data)

    assert len(str(refused.value).splitlines()) == 1 + 20 + 1
    assert repository.is_empty()


def test_an_import_may_be_checked_against_other_exercises(repository: Repository) -> None:
    _fill(repository)
    data = repository.export_all()
    repository.forget()

    with pytest.raises(InvalidExport, match="no exercise 'bridge' in the catalog"):
        parse_export(data, exercise_ids={"knee-to-chest"})
    assert parse_export(data, exercise_ids={"knee-to-chest", "bridge"}).sessions


@pytest.mark.postgres
def test_an_export_moves_between_sqlite_and_postgresql_unchanged(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    # The path from a personal SQLite file to a shared PostgreSQL server, and back.
    databases = request.getfixturevalue("postgres_databases")
    sqlite = Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'a.db'}")
    with open_store(sqlite) as source:
        _fill(source)
        exported = _dump(source.export_all())

    with databases.fresh() as url, open_store(Settings(home=tmp_path, database_url=url)) as target:
        target.import_all(json.loads(exported))
        assert _dump(target.export_all()) == exported
