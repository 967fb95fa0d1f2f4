"""Who the person is, their plans, the safety gate before anything is played or saved, and
progress."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from strongback.catalog import Catalog, Exercise
from strongback.plan import SessionPlan, WeekPlan
from strongback.planner import (
    PlanWithheld,
    build_session,
    build_week,
    check_plan_allowed,
    conditions_ruling_out,
    week_schedule,
    week_start,
)
from strongback.progress import FunctionRating, ProgressSummary, Target, summarise, withhold
from strongback.rules.progression import default_progression_rules
from strongback.rules.screening import default_screening_rules
from strongback.safety import Screening, ScreeningRules, screen

if TYPE_CHECKING:
    from strongback.store import Repository, StoredProfile


class NoProfile(LookupError):
    """Nobody has answered the setup questions yet."""

    def __init__(self) -> None:
        super().__init__("no profile yet: answer the setup questions first")


def current_profile(repo: Repository) -> StoredProfile:
    stored = repo.current_profile()
    if stored is None:
        raise NoProfile
    return stored


def screened_now(stored: StoredProfile, rules: ScreeningRules | None = None) -> Screening:
    """The saved answers screened with today's rules (`rules`, or the built-in ones).

    The screening saved with the answers is what the rules said then; a rule added or tightened
    since must apply at once, to the plan as to the gate.
    """
    return screen(stored.profile, rules if rules is not None else default_screening_rules())


def plan_for_day(repo: Repository, catalog: Catalog, day: date) -> SessionPlan:
    """The session for `day`, progressed from every recorded session.

    Raises `NoProfile`, or `planner.PlanWithheld` when the screening calls for a clinician first.
    """
    stored = current_profile(repo)
    return build_session(
        stored.profile,
        screened_now(stored),
        day,
        catalog=catalog,
        history=repo.sessions(),
        rules=default_progression_rules(),  # read here at the edge, not inside the planner
    )


def plan_for_week(repo: Repository, catalog: Catalog, day: date) -> WeekPlan:
    """The week (Monday to Sunday) that holds `day`; the days before the first set-up come
    marked `before_start`, since nothing was planned for them."""
    stored = current_profile(repo)
    first = repo.profile_history()[0]
    return build_week(
        stored.profile,
        screened_now(stored),
        week_start(day),
        catalog=catalog,
        history=repo.sessions(),
        rules=default_progression_rules(),
        # The day progress counts from (`Target.since`), so the week and adherence agree.
        started=first.created_at.astimezone().date(),
    )


class ExerciseWithheld(PlanWithheld):
    """The saved answers call for a clinician first: no session, set or camera check until then.

    A `PlanWithheld` (so whatever catches a withheld plan catches it), raised by
    `ensure_plan_allowed` for the things a plan would lead to: a session started or resumed, a set
    recorded, a camera set saved. It carries the referral: `screening` and `reasons`.
    """


def ensure_plan_allowed(repo: Repository, rules: ScreeningRules | None = None) -> None:
    """Raise `ExerciseWithheld` when the current answers withhold a plan; nothing otherwise.

    The one safety gate of everything a plan leads to (`strongback start`, `log`, `coach`, the web
    session and camera): the saved answers are screened again with today's rules (`rules`, or the
    built-in ones), not read from the screening saved with them, so a rule added or tightened
    since then applies at once. Then the planner's own check (`planner.check_plan_allowed`), so a
    session started before a red flag was saved cannot be resumed or added to afterwards. Without
    a profile there is nothing to screen: recording needs none.
    """
    stored = repo.current_profile()
    if stored is None:
        return
    try:
        check_plan_allowed(stored.profile, screened_now(stored, rules))
    except PlanWithheld as withheld:
        raise ExerciseWithheld(withheld.screening, withheld.reasons) from None


class LeftOut(ValueError):
    """The planner leaves the exercise out for one of the person's conditions, cleared or not."""

    def __init__(self, exercise: Exercise, conditions: list[str]) -> None:
        self.conditions = conditions
        words = " and ".join(c.replace("-", " ") for c in conditions)
        # Said the same everywhere; only where to read more differs (a command, a web page).
        self.reason = (
            f"{exercise.name} is left out of your plan because of {words}, even once a "
            "clinician has cleared you"
        )
        super().__init__(f"{self.reason}: its cautions say more (strongback show {exercise.id})")


def ensure_may_coach(repo: Repository, exercise: Exercise) -> None:
    """The camera's gate, wherever it is offered: nobody the screening sends to a clinician first
    (`ExerciseWithheld`), and no exercise the person's conditions leave out (`LeftOut`)."""
    ensure_plan_allowed(repo)
    ensure_not_left_out(repo, exercise)


def left_out_for(repo: Repository, exercise: Exercise) -> list[str]:
    """The person's conditions that keep the exercise out of their plan: the planner's own limits
    (`planner.conditions_ruling_out`: the exercise's `leave_out_for`, the level a condition
    allows, pregnancy's positions), so the camera does not coach it and the log cautions about it
    exactly where the planner would not plan it. Equipment, positions avoided and experience are
    the person's own choices, not safety, and are not checked here."""
    stored = repo.current_profile()
    if stored is None:
        return []
    return conditions_ruling_out(exercise, stored.profile)


def ensure_not_left_out(repo: Repository, exercise: Exercise) -> None:
    """Raise `LeftOut` when the planner leaves the exercise out for one of the person's
    conditions."""
    conditions = left_out_for(repo, exercise)
    if conditions:
        raise LeftOut(exercise, conditions)


def progress_for(
    repo: Repository, today: date, catalog: Catalog
) -> tuple[ProgressSummary, PlanWithheld | None]:
    """The progress summary as every view shows it, and the referral when there is one.

    While the saved answers (screened with today's rules) call for a clinician first, the
    summary sets no targets and invites no session (`progress.withhold`): past data stays.
    `catalog` is the one the plans come from, as for `plan_for_week`: required, so adherence is
    never measured against another catalog than the one the week's plan shows.
    """
    summary = progress_summary(repo, today, catalog)
    try:
        ensure_plan_allowed(repo)
    except PlanWithheld as withheld:
        return withhold(summary), withheld
    return summary, None


def progress_summary(repo: Repository, today: date, catalog: Catalog) -> ProgressSummary:
    """Everything the progress views show, from the stored sessions, PSFS ratings and profiles.

    Adherence is measured against the week the planner laid out for each saved answer set
    (`planner.week_schedule`, which the week's plan is built from too): the strengthening days
    after the cap by experience, not the days chosen, and nothing while that set's screening
    withheld the plan. `catalog` is the one the plans come from.
    """
    ratings = [
        FunctionRating(day=p.recorded_at.astimezone().date(), activity=p.activity, score=p.score)
        for p in repo.psfs_scores()
    ]
    targets = [
        Target.following(
            # The day `plan_for_week` starts planning from, so the week and adherence agree.
            p.created_at.astimezone().date(),
            week_schedule(p.profile, p.screening, catalog),
        )
        for p in repo.profile_history()
    ]
    return summarise(repo.sessions(), ratings, targets, today)
