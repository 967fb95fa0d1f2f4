"""`services.stop_for_today` and `services.rest_day`: "Stop for today" at a flare before a session,
in either player, keeps the day with its pain, so the plan steps back and the pain counts; the
day is never taken for a session played, and for the rest of it only the stretches are offered.
On SQLite and PostgreSQL (the `repository` fixture)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest

from strongback import EMERGENCY_ADVICE, progress, services
from strongback.catalog import default_catalog
from strongback.plan import DayKind, Phase
from strongback.profile import Profile, RedFlag
from strongback.records import SessionFeedback, SessionSource, SessionStatus
from strongback.rules.screening import screen_with_default_rules
from tests.store.factories import make_plan

if TYPE_CHECKING:
    from strongback.store import Repository

CATALOG = default_catalog()
FLARE = services.flare_pain()  # no usual pain is known in these stores: the rules' level


def _answer(repository: Repository, profile: Profile | None = None) -> None:
    profile = profile or Profile()
    repository.save_profile(profile, screen_with_default_rules(profile), at=datetime.now(UTC))


def _stop(repository: Repository, pain: int = FLARE, **kwargs: Any) -> services.StoppedForToday:
    now = kwargs.pop("now", datetime.now(UTC))
    return services.stop_for_today(repository, pain, now, kwargs.pop("source", SessionSource.WEB))


# --- What is stored -----------------------------------------------------------------------------


def test_stopping_keeps_the_day_with_its_pain_and_nothing_played(repository: Repository) -> None:
    _answer(repository)

    stopped = _stop(repository, FLARE + 1, source=SessionSource.PLAYER)

    assert stopped.added
    (stored,) = repository.sessions()
    assert stored == stopped.rest.record
    assert stored.status is SessionStatus.RESTED
    assert stored.source is SessionSource.PLAYER
    assert stored.feedback == SessionFeedback(pain_before=FLARE + 1)
    assert stored.plan.day == date.today()
    assert stored.plan.kind is DayKind.REST
    assert stored.plan.exercises == []
    assert stored.sets == []
    assert stored.ended_at is not None
    assert repository.unfinished_session() is None
    assert stopped.words == (
        f"Saved: you stopped for today with your back at {FLARE + 1}/10, and your plan steps "
        "back for now. Keep gently active: a gentle walk is welcome."
    )


def test_the_same_reading_again_adds_nothing_and_another_is_kept_too(
    repository: Repository,
) -> None:
    _answer(repository)
    first = _stop(repository)

    again = _stop(repository)  # a retried request, or a second stop at the same pain
    assert not again.added
    assert again.rest.record == first.rest.record
    assert len(repository.sessions()) == 1

    worse = _stop(repository, FLARE + 2)
    assert worse.added
    assert len(repository.sessions()) == 2
    rest = services.rest_day(repository, date.today())
    assert rest is not None
    assert rest.pain == FLARE + 2  # the latest


def test_a_pain_below_the_flare_level_is_refused_and_nothing_is_kept(
    repository: Repository,
) -> None:
    _answer(repository)
    with pytest.raises(services.NotAFlare) as refused:
        _stop(repository, FLARE - 1)
    assert str(refused.value) == (
        f"{FLARE - 1}/10 is below your flare level today ({FLARE}/10): stopping for today is "
        "recorded for a flare only"
    )
    assert repository.sessions() == []


def test_an_unfinished_session_is_resumed_or_ended_first(repository: Repository) -> None:
    _answer(repository)
    plan = services.plan_for_day(repository, CATALOG, date.today())
    repository.start_session(plan, SessionSource.WEB, datetime.now(UTC))

    with pytest.raises(services.SessionUnfinished):
        _stop(repository)
    assert [s.status for s in repository.sessions()] == [SessionStatus.IN_PROGRESS]


def test_nothing_is_kept_without_answers_or_while_a_clinician_comes_first(
    repository: Repository,
) -> None:
    with pytest.raises(services.NoProfile):
        _stop(repository)
    flagged = Profile(red_flags=[RedFlag.SADDLE_NUMBNESS])
    repository.save_profile(flagged, screen_with_default_rules(Profile()), at=datetime.now(UTC))
    with pytest.raises(services.ExerciseWithheld):
        _stop(repository)
    assert repository.sessions() == []


# --- What it counts for ---------------------------------------------------------------------------


def test_the_plan_steps_back_from_the_flare_the_day_was_stopped_for(
    repository: Repository,
) -> None:
    _answer(repository)
    before = services.plan_for_day(repository, CATALOG, date.today())
    assert not any("a flare" in note for note in before.notes)

    _stop(repository, FLARE + 1)

    after = services.plan_for_day(repository, CATALOG, date.today())
    assert after.notes[0].startswith(f"Your pain was {FLARE + 1}/10")
    assert "a flare, so nothing steps up today" in after.notes[0]
    tomorrow = services.plan_for_day(repository, CATALOG, date.today() + timedelta(days=1))
    assert "a flare, so nothing steps up today" in tomorrow.notes[0]  # until a calmer reading


def test_the_day_counts_as_a_pain_reading_and_never_as_a_session_done(
    repository: Repository,
) -> None:
    _answer(repository)
    stored = _stop(repository).rest.record

    assert not progress.counts(stored)
    assert not progress.stretched(stored)
    assert progress.everyday_pain(repository.sessions()) == [(date.today(), FLARE)]
    summary = services.progress_summary(repository, date.today(), CATALOG)
    assert summary.adherence.recent_done == 0
    assert summary.streaks.days == 0
    (point,) = summary.sessions
    assert (point.status, point.pain_before, point.sets_done) == (SessionStatus.RESTED, FLARE, 0)


def test_the_day_after_takes_a_check_in_which_can_end_the_flare(repository: Repository) -> None:
    _answer(repository)
    yesterday = datetime.now(UTC) - timedelta(days=1)
    stored = _stop(repository, now=yesterday).rest.record
    today = date.today()

    found = services.session_for_check_in(repository.sessions(), today, today)
    assert found.id == stored.id
    services.record_next_day_pain(repository, 2, today, today)

    plan = services.plan_for_day(repository, CATALOG, today)
    assert not any("a flare, so nothing steps up" in note for note in plan.notes)


def test_an_export_imported_again_keeps_the_day_as_it_was(repository: Repository) -> None:
    _answer(repository)
    stored = _stop(repository).rest.record
    exported = repository.export_all()

    repository.forget()
    repository.import_all(exported)

    assert repository.sessions() == [stored]


# --- The rest of the day --------------------------------------------------------------------------


def test_the_rest_of_the_day_offers_the_stretches_only(repository: Repository) -> None:
    _answer(repository)
    assert services.rest_day(repository, date.today()) is None
    _stop(repository, FLARE + 1)

    rest = services.rest_day(repository, date.today())
    assert rest is not None
    at = rest.record.started_at.astimezone().strftime("%H:%M")
    assert rest.words == f"You stopped for today at {at}, with your back at {FLARE + 1}/10."
    assert rest.advice == services.FLARE_ADVICE
    assert rest.advice.endswith(EMERGENCY_ADVICE)
    plan = services.plan_for_day(repository, CATALOG, date.today())
    after = rest.plan_after(plan)
    assert after is not None
    assert after.kind is DayKind.STRETCH
    assert after.exercises
    assert all(e.phase is Phase.STRETCH for e in after.exercises)
    assert after.notes[-1] == f"Stretches only: you stopped for the day at {FLARE + 1}/10, a flare."
    assert rest.offer(after) == (
        "If you feel up to it, today's stretches are still there; no strengthening today."
    )
    assert services.rest_day(repository, date.today() + timedelta(days=1)) is None


@pytest.mark.parametrize("pain_before", [None, 0, FLARE + 1])
def test_a_session_started_after_stopping_is_the_stretches_only_whatever_the_pain(
    repository: Repository, pain_before: int | None
) -> None:
    _answer(repository)
    _stop(repository)

    active = services.resume_or_start(
        repository, CATALOG, datetime.now(UTC), SessionSource.WEB, pain_before
    )

    assert active.record.plan.kind is DayKind.STRETCH
    assert all(e.phase is Phase.STRETCH for e in active.record.plan.exercises)
    assert active.record.feedback.pain_before == pain_before


def test_with_no_stretches_in_the_plan_nothing_more_is_offered(
    repository: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    from strongback.services import _sessions

    _answer(repository)
    _stop(repository)

    def strengthening_only(*args: Any) -> Any:
        plan = make_plan(date.today())
        kept = [e for e in plan.exercises if e.phase is not Phase.STRETCH]
        return plan.model_copy(update={"exercises": kept})

    monkeypatch.setattr(_sessions, "plan_for_day", strengthening_only)
    rest = services.rest_day(repository, date.today())
    assert rest is not None
    plan = strengthening_only(repository, CATALOG, date.today())
    assert rest.plan_after(plan) is None
    assert rest.offer(None) == services.NOTHING_MORE_TODAY

    with pytest.raises(services.NothingToStretch) as refused:
        services.resume_or_start(repository, CATALOG, datetime.now(UTC), SessionSource.WEB, 1)
    assert f"you stopped for today at {FLARE}/10, a flare" in str(refused.value)
    assert len(repository.sessions()) == 1


# --- Pain after a session -----------------------------------------------------------------------


def test_the_flare_advice_after_a_session_follows_the_flare_level(repository: Repository) -> None:
    _answer(repository)
    today = date.today()
    assert services.flare_advice(repository, today, None) is None
    assert services.flare_advice(repository, today, FLARE - 1) is None
    assert services.flare_advice(repository, today, FLARE) == services.FLARE_ADVICE
    assert f"{services.FLARE_CARE} {EMERGENCY_ADVICE}" == services.FLARE_ADVICE


def test_the_store_writes_a_rested_day_whole_and_never_closes_a_played_session_so(
    repository: Repository,
) -> None:
    now = datetime.now(UTC)
    with pytest.raises(ValueError, match="cannot be in-progress"):
        repository.add_finished_session(
            make_plan(),
            SessionSource.WEB,
            now,
            [],
            now,
            SessionFeedback(),
            SessionStatus.IN_PROGRESS,
        )
    started = repository.start_session(make_plan(), SessionSource.WEB, now, pain_before=FLARE)
    assert started.id is not None
    with pytest.raises(ValueError, match="not rested"):
        repository.finish_session(started.id, SessionStatus.RESTED, now, SessionFeedback())
    assert [s.status for s in repository.sessions()] == [SessionStatus.IN_PROGRESS]


def test_a_camera_set_after_a_stop_is_practice_and_says_why(repository: Repository) -> None:
    from strongback.coach import CoachSummary

    _answer(repository)
    _stop(repository)
    exercise = next(e for e in CATALOG if e.camera is not None)
    summary = CoachSummary(reps=2, holds=(9.5, 10.2), form={})

    saved = services.record_coached_set(repository, CATALOG, exercise, summary, datetime.now(UTC))

    assert saved is not None
    assert saved.own_session
    assert saved.message == (
        "Saved to your history as practice: you stopped today's session for a flare."
    )
    assert repository.unfinished_session() is None  # the day's strengthening did not start
