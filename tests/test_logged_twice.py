"""`services.log_session` refuses the same session logged twice (a double click, a command run
again) as `AlreadyLogged`, naming the session stored; `again` records a session done twice. On
SQLite and PostgreSQL (the `repository` fixture)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest

from strongback import services
from strongback.catalog import default_catalog
from strongback.profile import Profile
from strongback.records import Difficulty, SessionFeedback
from strongback.rules.screening import screen_with_default_rules
from strongback.services import DoneExercise

if TYPE_CHECKING:
    from strongback.store import Repository

CATALOG = default_catalog()
FEEDBACK = SessionFeedback(pain_before=3, pain_after=2, difficulty=Difficulty.RIGHT)
DONE = [DoneExercise("bridge", sets=2, reps=8), DoneExercise("superman")]


@pytest.fixture
def answered(repository: Repository) -> Repository:
    profile = Profile()
    repository.save_profile(profile, screen_with_default_rules(profile), at=datetime.now(UTC))
    return repository


def _log(repository: Repository, now: datetime, day: date | None = None, **kwargs: Any) -> Any:
    return services.log_session(
        repository,
        CATALOG,
        day or now.date(),
        kwargs.pop("done", DONE),
        kwargs.pop("feedback", FEEDBACK),
        now=now,
        **kwargs,
    )


def test_the_same_log_a_moment_later_is_refused_naming_the_session(answered: Repository) -> None:
    now = datetime.now().astimezone()
    first = _log(answered, now).session

    with pytest.raises(services.AlreadyLogged) as refused:
        _log(answered, now + timedelta(seconds=1))

    assert refused.value.session.id == first.id
    assert str(refused.value).startswith(f"that session is already logged (session {first.id})")
    assert refused.value.field is None
    assert [s.id for s in answered.sessions()] == [first.id]


def test_exercises_in_another_order_are_the_same_session(answered: Repository) -> None:
    now = datetime.now().astimezone()
    _log(answered, now)
    with pytest.raises(services.AlreadyLogged):
        _log(answered, now + timedelta(seconds=5), done=list(reversed(DONE)))


def test_the_day_s_plan_logged_twice_is_refused(answered: Repository) -> None:
    now = datetime.now().astimezone()
    _log(answered, now, done=services.PLANNED)
    with pytest.raises(services.AlreadyLogged):
        _log(answered, now + timedelta(seconds=2), done=services.PLANNED)
    assert len(answered.sessions()) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"done": [DoneExercise("bridge", sets=3, reps=8), DoneExercise("superman")]},
        {"done": [DoneExercise("bridge", sets=2, reps=8)]},
        {"feedback": SessionFeedback(pain_before=3, pain_after=4, difficulty=Difficulty.RIGHT)},
        {"feedback": SessionFeedback(pain_before=3, pain_after=2)},
        {"again": True},
    ],
)
def test_another_dose_answer_or_again_is_another_session(
    answered: Repository, change: dict[str, Any]
) -> None:
    now = datetime.now().astimezone()
    _log(answered, now)
    _log(answered, now + timedelta(seconds=1), **change)
    assert len(answered.sessions()) == 2


def test_a_session_done_twice_today_is_logged_twice_once_the_moment_has_passed(
    answered: Repository,
) -> None:
    now = datetime.now().astimezone().replace(hour=18, minute=0)
    _log(answered, now - services.REPEAT_WINDOW - timedelta(minutes=1))
    _log(answered, now)
    assert len(answered.sessions()) == 2


def test_a_next_day_answer_given_since_does_not_hide_the_repeat(
    answered: Repository,
) -> None:
    now = datetime.now().astimezone()
    _log(answered, now)
    # A later answer changes nothing.
    answered.set_next_day_pain(answered.sessions()[0].id or 0, 4, at=now)
    with pytest.raises(services.AlreadyLogged):
        _log(answered, now + timedelta(seconds=1))


def test_an_earlier_day_logged_again_straight_after_is_refused(answered: Repository) -> None:
    now = datetime.now().astimezone()
    yesterday = now.date() - timedelta(days=1)
    first = _log(answered, now, yesterday).session

    # No time is kept of when an earlier day's log was recorded: the latest stored decides.
    with pytest.raises(services.AlreadyLogged) as refused:
        _log(answered, now + timedelta(hours=1), yesterday)
    assert refused.value.session.id == first.id

    _log(answered, now, yesterday - timedelta(days=1))  # another session stored since
    _log(answered, now + timedelta(hours=2), yesterday)
    assert len(answered.sessions()) == 3
