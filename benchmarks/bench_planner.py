"""Plans built per second over random profiles, on one core (target: at least 2,000 per second).

The planner runs on every `strongback plan`, every page of the web plan and every week view, so it
must stay cheap as the catalog grows. Profiles and dates are drawn from a seeded generator, so every
run measures the same work; the catalog and the progression rules are loaded once before timing, as
they are in a real process.
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta

from strongback.catalog import Equipment, default_catalog
from strongback.planner import PlanWithheld, build_session, build_week
from strongback.profile import AvoidPosition, Condition, Experience, Goal, PainArea, Profile
from strongback.records import (
    Difficulty,
    SessionFeedback,
    SessionRecord,
    SessionSource,
    SessionStatus,
    SetRecord,
)
from strongback.rules.progression import default_progression_rules
from strongback.safety import Screening, Status

TARGET_PER_SECOND = 2_000
PROFILES = 500
SECONDS = 2.0
CLEAR = Screening(status=Status.CLEAR)


def random_profiles(count: int, seed: int = 20261121) -> list[Profile]:
    rng = random.Random(seed)
    areas = [a for a in PainArea if a is not PainArea.NONE]
    profiles: list[Profile] = []
    for _ in range(count):
        pain = rng.sample(areas, rng.randint(1, 3)) if rng.random() < 0.9 else [PainArea.NONE]
        cleared = rng.random() < 0.2
        profiles.append(
            Profile(
                pain_areas=pain,
                goal=rng.choice(list(Goal)),
                experience=rng.choice(list(Experience)),
                equipment=rng.sample(list(Equipment), rng.randint(1, 4)),
                minutes=rng.randint(5, 60),
                days_per_week=rng.randint(1, 7),
                avoid_positions=rng.sample(list(AvoidPosition), rng.choice([0, 0, 0, 1, 2])),
                conditions=[Condition.PREGNANCY] if cleared and rng.random() < 0.5 else [],
                cleared_by_clinician=cleared,
            )
        )
    return profiles


def _rate(work: list[tuple[Profile, date]], build: str) -> tuple[float, int]:
    catalog = default_catalog()
    rules = default_progression_rules()
    done = 0
    start = time.perf_counter()
    deadline = start + SECONDS
    while time.perf_counter() < deadline:
        for profile, day in work:
            try:
                if build == "session":
                    build_session(profile, CLEAR, day, catalog=catalog, rules=rules)
                else:
                    build_week(profile, CLEAR, day, catalog=catalog, rules=rules)
            except PlanWithheld:  # pragma: no cover - the profiles are all safe
                pass
            done += 1
    elapsed = time.perf_counter() - start
    return done / elapsed, done


def two_months_of_history(profile: Profile, first: date) -> list[SessionRecord]:
    """Sixty daily sessions, each the plan of its day done in full and found about right."""
    catalog = default_catalog()
    rules = default_progression_rules()
    history: list[SessionRecord] = []
    for offset in range(60):
        day = first + timedelta(days=offset)
        plan = build_session(profile, CLEAR, day, catalog=catalog, rules=rules, history=history)
        started = datetime.combine(day, datetime.min.time())
        sets = [
            SetRecord(exercise_id=p.exercise_id, set_number=n, ended_at=started)
            for p in plan.exercises
            for n in range(1, p.dosage.sets + 1)
        ]
        feedback = SessionFeedback(
            pain_before=2, pain_after=2, next_day_pain=2, difficulty=Difficulty.RIGHT
        )
        history.append(
            SessionRecord(
                plan=plan,
                source=SessionSource.LOG,
                status=SessionStatus.COMPLETED,
                started_at=started,
                sets=sets,
                feedback=feedback,
            )
        )
    return history


def _rate_with_history(profile: Profile, day: date, history: list[SessionRecord]) -> float:
    catalog = default_catalog()
    rules = default_progression_rules()
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < SECONDS / 2:
        build_session(profile, CLEAR, day, catalog=catalog, rules=rules, history=history)
        done += 1
    return done / (time.perf_counter() - start)


def main() -> int:
    catalog = default_catalog()
    rules = default_progression_rules()
    profiles = random_profiles(PROFILES)
    rng = random.Random(7)
    first = date(2026, 1, 5)
    work = [(p, first + timedelta(days=rng.randint(0, 364))) for p in profiles]
    # Warm caches before timing.
    build_session(profiles[0], CLEAR, first, catalog=catalog, rules=rules)

    sessions, count = _rate(work, "session")
    weeks, week_count = _rate(work[:100], "week")
    history = two_months_of_history(Profile(minutes=20), first)
    with_history = _rate_with_history(Profile(minutes=20), first + timedelta(days=61), history)
    met = sessions >= TARGET_PER_SECOND
    print(f"catalog: {len(catalog)} exercises; {len(profiles)} random profiles")
    print(f"session plans: {sessions:,.0f} per second ({count:,} built)")
    print(f"week plans:    {weeks:,.0f} per second ({week_count:,} built, 7 sessions each)")
    print(f"with 60 sessions of history: {with_history:,.0f} per second (progression included)")
    verdict = "met" if met else "MISSED"
    print(f"target: {TARGET_PER_SECOND:,} session plans per second on one core: {verdict}")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
