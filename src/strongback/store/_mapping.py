"""Between the core's pydantic objects and the table rows, in both directions.

Rows are re-validated on the way out: data changed by hand, or written under an older contract
that no longer holds, becomes a `StoreError` naming the row instead of a bare validation traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from strongback.plan import SessionPlan
from strongback.profile import Profile
from strongback.records import (
    Difficulty,
    SessionFeedback,
    SessionRecord,
    SessionSource,
    SessionStatus,
    SetOutcome,
    SetRecord,
    Side,
)
from strongback.safety import Screening
from strongback.store._errors import StoreError
from strongback.store._models import ProfileVersion, PsfsRow, SessionRow, SetRow


class StoredProfile(BaseModel):
    """One saved version of the person's answers, with the screening they got at the time."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int = Field(ge=1)
    created_at: datetime
    profile: Profile
    screening: Screening


class RecordedSet(BaseModel):
    """What `record_set` did: the set as stored, and whether this call added it."""

    model_config = ConfigDict(frozen=True)

    set: SetRecord
    added: bool


class PsfsScore(BaseModel):
    """A Patient-Specific Functional Scale rating: 0 = cannot do the activity, 10 = as before."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int | None = None
    recorded_at: datetime
    activity: str = Field(min_length=1, max_length=200)
    score: int = Field(ge=0, le=10)

    @field_validator("activity", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value


def aware(value: datetime, name: str) -> datetime:
    """UTC; a naive datetime is refused because its zone, and so its instant, is unknown."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (got {value.isoformat()})")
    return value.astimezone(UTC)


def aware_or_none(value: datetime | None, name: str) -> datetime | None:
    """`aware`, for a moment that may be missing."""
    return None if value is None else aware(value, name)


def check_score(value: int | None, name: str) -> int | None:
    if value is not None and not 0 <= value <= 10:
        raise ValueError(f"{name} must be from 0 to 10 (got {value})")
    return value


T = TypeVar("T")


def _readable(what: str, build: Callable[[], T]) -> T:
    try:
        return build()
    except (ValidationError, ValueError) as exc:
        raise StoreError(
            f"{what} in the database cannot be read by this strongback: {exc}"
        ) from exc


# -- out of the database --------------------------------------------------------------------------


def set_record(row: SetRow) -> SetRecord:
    return SetRecord(
        exercise_id=row.exercise_id,
        set_number=row.set_number,
        side=Side(row.side),
        reps_done=row.reps_done,
        hold_seconds_done=row.hold_seconds_done,
        outcome=SetOutcome(row.outcome),
        reason=row.reason,
        pain=row.pain,
        ended_at=row.ended_at,
    )


def session_record(row: SessionRow) -> SessionRecord:
    return _readable(
        f"session {row.id}",
        lambda: SessionRecord(
            id=row.id,
            plan=SessionPlan.model_validate(row.plan),
            source=SessionSource(row.source),
            status=SessionStatus(row.status),
            started_at=row.started_at,
            ended_at=row.ended_at,
            resume_step=row.resume_step,
            sets=[set_record(s) for s in row.sets],
            feedback=SessionFeedback(
                pain_before=row.pain_before,
                pain_after=row.pain_after,
                difficulty=Difficulty(row.difficulty) if row.difficulty else None,
                next_day_pain=row.next_day_pain,
                next_day_pain_at=row.next_day_pain_at,
            ),
        ),
    )


def stored_profile(row: ProfileVersion) -> StoredProfile:
    return _readable(
        f"profile version {row.version}",
        lambda: StoredProfile(
            version=row.version,
            created_at=row.created_at,
            profile=Profile.model_validate(row.answers),
            screening=Screening.model_validate(row.screening),
        ),
    )


def psfs_score(row: PsfsRow) -> PsfsScore:
    return _readable(
        f"PSFS score {row.id}",
        lambda: PsfsScore(
            id=row.id, recorded_at=row.recorded_at, activity=row.activity, score=row.score
        ),
    )


# -- into the database ----------------------------------------------------------------------------


def set_row(record: SetRecord) -> SetRow:
    return SetRow(
        exercise_id=record.exercise_id,
        set_number=record.set_number,
        side=record.side.value,
        reps_done=record.reps_done,
        hold_seconds_done=record.hold_seconds_done,
        outcome=record.outcome.value,
        reason=record.reason,
        pain=record.pain,
        ended_at=aware(record.ended_at, "ended_at"),
    )


def session_row(record: SessionRecord) -> SessionRow:
    """A whole session with its sets; the id is kept when the record has one (an import)."""
    feedback = record.feedback
    return SessionRow(
        id=record.id,
        plan=record.plan.model_dump(mode="json"),
        source=SessionSource(record.source).value,
        status=SessionStatus(record.status).value,
        started_at=aware(record.started_at, "started_at"),
        ended_at=aware(record.ended_at, "ended_at") if record.ended_at else None,
        resume_step=record.resume_step,
        pain_before=feedback.pain_before,
        pain_after=feedback.pain_after,
        difficulty=feedback.difficulty.value if feedback.difficulty else None,
        next_day_pain=feedback.next_day_pain,
        next_day_pain_at=aware_or_none(feedback.next_day_pain_at, "next_day_pain_at"),
        sets=[set_row(s) for s in _once_each(record.sets)],
    )


def _once_each(sets: list[SetRecord]) -> list[SetRecord]:
    """The first record of each set: an export from before repeats were refused may hold two."""
    seen: set[tuple[str, int, Side]] = set()
    kept = []
    for record in sets:
        if record.key not in seen:
            seen.add(record.key)
            kept.append(record)
    return kept


def profile_row(
    profile: Profile, screening: Screening, at: datetime, version: int | None = None
) -> ProfileVersion:
    return ProfileVersion(
        version=version,
        answers=profile.model_dump(mode="json"),
        screening=screening.model_dump(mode="json"),
        created_at=aware(at, "created_at"),
    )


def psfs_row(value: PsfsScore) -> PsfsRow:
    return PsfsRow(
        id=value.id,
        recorded_at=aware(value.recorded_at, "recorded_at"),
        activity=value.activity,
        score=value.score,
    )
