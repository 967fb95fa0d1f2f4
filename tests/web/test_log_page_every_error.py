"""The /log page marks every mistake of a form at once: the service behind it stops at its first
refusal, so "sets 0, reps 99" once came back with the sets alone, and the reps only on the next
try. On SQLite and PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.test_log_page import _error, _errors, _post, _stored, answered, web

__all__ = ["answered", "web"]  # the fixtures, used by name


def test_sets_and_reps_out_of_range_on_one_row_are_both_marked(answered: TestClient) -> None:
    answer = _post(answered, {"exercise_1": "bridge", "sets_1": "0", "reps_1": "99"})

    assert answer.status_code == 422
    page = answer.text
    assert _error(page, "sets_1") == "Sets must be from 1 to 10 (got 0)."
    assert _error(page, "reps_1") == "Reps must be from 1 to 50 (got 99)."
    assert _errors(page) == ["sets_1", "reps_1"]
    assert "Nothing was recorded: please check 2 answers" in page
    assert _stored(answered) == []


def test_every_kind_of_mistake_on_every_row_and_the_answers_come_back_together(
    answered: TestClient,
) -> None:
    form = {
        "date": "someday",
        "exercise_1": "bridge",
        "sets_1": "11",
        "hold_1": "500",
        "exercise_2": "crunch",
        "reps_2": "0",
        "hold_2": "15",
        "exercise_3": "brige",
        "exercise_4": "bridge",
        "sets_5": "2",
        "pain_before": "11",
        "difficulty": "awful",
    }

    answer = _post(answered, form)

    assert answer.status_code == 422
    page = answer.text
    assert _errors(page) == [
        "date",
        "sets_1",
        "hold_1",
        "reps_2",
        "hold_2",
        "exercise_3",
        "exercise_4",
        "exercise_5",
        "pain_before",
        "difficulty",
    ]
    assert _error(page, "hold_1") == "A hold must be from 1 to 120 seconds (got 500)."
    assert _error(page, "hold_2").startswith("Crunch is done in reps, not held")
    assert _error(page, "exercise_3") == "No exercise 'brige' in the catalog; did you mean bridge?"
    assert _error(page, "exercise_4").startswith("Bridge is named twice")
    assert _error(page, "exercise_5") == "Choose the exercise this dose is for."
    assert "Nothing was recorded: please check 10 answers" in page
    assert _stored(answered) == []


def test_once_put_right_the_form_is_recorded(answered: TestClient) -> None:
    assert _post(answered, {"exercise_1": "bridge", "sets_1": "0", "reps_1": "99"}).status_code == (
        422
    )

    answer = _post(
        answered, {"exercise_1": "bridge", "sets_1": "2", "reps_1": "9"}, follow_redirects=False
    )

    assert answer.status_code == 303
    (stored,) = _stored(answered)
    assert [s["reps_done"] for s in stored["sets"]] == [9, 9]
