"""Use cases shared by the command line and the web app: the core's functions fed from the store.

Each function takes an open `Repository` and returns core objects, so `strongback plan`, `strongback
start` and the web pages build the same plan from the same data in one way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from strongback.catalog import Catalog
from strongback.plan import SessionPlan, WeekPlan
from strongback.planner import build_session, build_week, week_start
from strongback.progress import FunctionRating, ProgressSummary, Target, summarise
from strongback.records import SessionRecord, SessionSource
from strongback.timeline import Timeline, build_timeline

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


def plan_for_day(repo: Repository, catalog: Catalog, day: date) -> SessionPlan:
    """The session for `day`, progressed from every recorded session.

    Raises `NoProfile`, or `planner.PlanWithheld` when the screening calls for a clinician first.
    """
    stored = current_profile(repo)
    return build_session(
        stored.profile, stored.screening, day, catalog=catalog, history=repo.sessions()
    )


def plan_for_week(repo: Repository, catalog: Catalog, day: date) -> WeekPlan:
    """The week (Monday to Sunday) that holds `day`."""
    stored = current_profile(repo)
    return build_week(
        stored.profile, stored.screening, week_start(day), catalog=catalog, history=repo.sessions()
    )


@dataclass(frozen=True)
class ActiveSession:
    record: SessionRecord
    timeline: Timeline


def resume_or_start(
    repo: Repository,
    catalog: Catalog,
    now: datetime,
    source: SessionSource,
    pain_before: int | None,
) -> ActiveSession:
    """The unfinished session if there is one, else a new session of today's plan."""
    unfinished = repo.unfinished_session()
    if unfinished is not None:
        return ActiveSession(unfinished, build_timeline(unfinished.plan, catalog))
    plan = plan_for_day(repo, catalog, now.astimezone().date())
    record = repo.start_session(plan, source, now, pain_before=pain_before)
    return ActiveSession(record, build_timeline(plan, catalog))


def active_session(repo: Repository, catalog: Catalog) -> ActiveSession | None:
    unfinished = repo.unfinished_session()
    if unfinished is None:
        return None
    return ActiveSession(unfinished, build_timeline(unfinished.plan, catalog))


def progress_summary(repo: Repository, today: date) -> ProgressSummary:
    """Everything the progress views show, from the stored sessions, PSFS ratings and profiles."""
    ratings = [
        FunctionRating(day=p.recorded_at.astimezone().date(), activity=p.activity, score=p.score)
        for p in repo.psfs_scores()
    ]
    # Adherence is measured against the days per week the person had chosen at the time.
    targets = [
        Target(since=p.created_at.astimezone().date(), days_per_week=p.profile.days_per_week)
        for p in repo.profile_history()
    ]
    return summarise(repo.sessions(), ratings, targets, today)
