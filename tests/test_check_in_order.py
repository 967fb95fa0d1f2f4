"""A check-in is kept with when it was given, so a late one is the latest reading: what it says
(`services.flare_steps_plan_back`) and what the plan does agree; every view words what it is about
the same way (`services.check_in_subject`), a day stopped for a flare included. On SQLite and
PostgreSQL (the `repository` fixture)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from strongback import services
from strongback.catalog import default_catalog
from strongback.planner import plan_of_exercises
from strongback.profile import Profile
from strongback.records import SessionFeedback, SessionRecord, SessionSource, SessionStatus
from strongback.rules.screening import screen_with_default_rules

if TYPE_CHECKING:
    from strongback.store import Repository

CATALOG = default_catalog()
TODAY = date.today()
FLARE = services.flare_pain()  # no usual pain is known in these stores: the rules' level
FLARE_NOTE = "a flare, so nothing steps up today"


def _answer(repository: Repository) -> None:
    profile = Profile()
    repository.save_profile(profile, screen_with_default_rules(profile), at=datetime.now(UTC))


def _logged(repository: Repository, day: date, hour: int = 12, pain: int = 3) -> SessionRecord:
    """A bridge session on `day` at `hour` (local time), at `pain` before and after."""
    bridge = CATALOG.exercises["bridge"]
    plan = plan_of_exercises([(bridge, bridge.dosage)], day, CATALOG, "Done.")
    at = datetime.combine(day, time(hour)).astimezone()
    return repository.add_finished_session(
        plan,
        SessionSource.LOG,
        at,
        [],
        at + timedelta(minutes=10),
        SessionFeedback(pain_before=pain, pain_after=pain),
    )


def _notes(repository: Repository, day: date) -> list[str]:
    return services.plan_for_day(repository, CATALOG, day).notes


def _flared(notes: list[str]) -> bool:
    return any(FLARE_NOTE in note for note in notes)


def test_a_late_check_in_steps_the_plan_back_as_it_says(repository: Repository) -> None:
    # The reviewer's steps: a session two days ago and one today at 3/10, then a check-in of 9
    # for the older one.
    _answer(repository)
    older = _logged(repository, TODAY - timedelta(days=2))
    _logged(repository, TODAY, hour=0)  # earlier today, whenever the test runs
    now = datetime.now().astimezone()

    target = services.record_next_day_pain(repository, 9, TODAY, TODAY, older.id, now=now)

    stored = repository.get_session(target.id or 0)
    assert stored is not None
    assert stored.feedback.next_day_pain == 9
    assert stored.feedback.next_day_pain_at == now
    assert services.flare_steps_plan_back(repository, target, 9, TODAY)
    assert _flared(_notes(repository, TODAY))
    assert _flared(_notes(repository, TODAY + timedelta(days=1)))
    assert "9/10" in _notes(repository, TODAY + timedelta(days=1))[0]


def test_a_check_in_dated_before_a_calmer_session_says_no_step_back(
    repository: Repository,
) -> None:
    # `checkin --date` an earlier day: given then (noon), before that evening's calmer session,
    # which ended the flare; the words must not promise a step back the plan does not make.
    _answer(repository)
    two_days_ago, yesterday = TODAY - timedelta(days=2), TODAY - timedelta(days=1)
    older = _logged(repository, two_days_ago)
    _logged(repository, yesterday, hour=18)

    target = services.record_next_day_pain(repository, 9, yesterday, TODAY, older.id)

    stored = repository.get_session(target.id or 0)
    assert stored is not None
    assert stored.feedback.next_day_pain_at == datetime.combine(yesterday, time(12)).astimezone()
    assert services.flare_level(repository, two_days_ago).is_flare(9)
    assert not services.flare_steps_plan_back(repository, target, 9, TODAY)
    assert not _flared(_notes(repository, TODAY))


def test_the_today_card_s_answer_keeps_its_moment(repository: Repository) -> None:
    _answer(repository)
    yesterday = _logged(repository, TODAY - timedelta(days=1))
    now = datetime.now().astimezone()

    services.answer_check_in(repository, yesterday.id or 0, 2, TODAY, now=now)

    stored = repository.get_session(yesterday.id or 0)
    assert stored is not None
    assert stored.feedback.next_day_pain_at == now


def test_a_calm_answer_is_no_flare_whatever_came_before(repository: Repository) -> None:
    _answer(repository)
    older = _logged(repository, TODAY - timedelta(days=2), pain=FLARE + 1)

    target = services.record_next_day_pain(repository, 2, TODAY, TODAY, older.id)

    assert not services.flare_steps_plan_back(repository, target, 2, TODAY)
    assert not _flared(_notes(repository, TODAY + timedelta(days=1)))


# --- What a check-in is about, in words ---------------------------------------------------------


def test_every_view_words_what_a_check_in_is_about_the_same_way(repository: Repository) -> None:
    _answer(repository)
    yesterday = _logged(repository, TODAY - timedelta(days=1))
    three_days_ago = TODAY - timedelta(days=3)
    earlier = _logged(repository, three_days_ago)
    weeks_ago = _logged(repository, TODAY - timedelta(days=20))

    assert services.check_in_subject(yesterday, TODAY) == "yesterday's session"
    assert services.check_in_subject(earlier, TODAY) == f"{three_days_ago:%A}'s session"
    assert services.check_in_subject(weeks_ago, TODAY) == (
        f"your session on {TODAY - timedelta(days=20)}"
    )


def test_the_day_after_a_stop_for_a_flare_is_asked_about_as_one(repository: Repository) -> None:
    _answer(repository)
    stopped = services.stop_for_today(
        repository, FLARE, datetime.now(UTC) - timedelta(days=1), SessionSource.WEB
    ).rest.record

    found = services.session_for_check_in(repository.sessions(), TODAY, TODAY)

    assert found.id == stopped.id
    assert services.check_in_subject(found, TODAY) == "yesterday's stop for a flare"
    # A calmer answer ends the flare; a flare goes on, as the check-in says.
    services.record_next_day_pain(repository, FLARE + 1, TODAY, TODAY)
    assert services.flare_steps_plan_back(repository, found, FLARE + 1, TODAY)
    services.record_next_day_pain(repository, 2, TODAY, TODAY)
    assert not _flared(_notes(repository, TODAY))


def test_a_day_with_a_session_and_a_stop_is_asked_about_its_session(
    repository: Repository,
) -> None:
    # The session's exercises learn from the answer as well; the stop's pain counts either way.
    _answer(repository)
    yesterday = TODAY - timedelta(days=1)
    played = _logged(repository, yesterday, hour=8)
    services.stop_for_today(
        repository,
        FLARE,
        datetime.combine(yesterday, time(18)).astimezone(),
        SessionSource.PLAYER,
    )
    statuses = [s.status for s in repository.sessions()]
    assert statuses == [SessionStatus.COMPLETED, SessionStatus.RESTED]

    found = services.session_for_check_in(repository.sessions(), TODAY, TODAY)

    assert found.id == played.id
    assert services.check_in_subject(found, TODAY) == "yesterday's session"
