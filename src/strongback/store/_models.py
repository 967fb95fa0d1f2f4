"""The tables, as SQLAlchemy 2 typed models. Private: the repository maps them to core objects.

Every change here needs a migration in `migrations/versions/`; a test compares these models with the
migrated schema on both backends and fails on any difference.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints keep migrations reproducible: SQLite batch migrations can only drop or alter a
# constraint that has a name, and PostgreSQL's generated names would differ from SQLite's.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC and always read back as UTC-aware.

    SQLite keeps no time zone, so values are stored there as naive UTC and re-labelled on the way
    out; PostgreSQL's timestamptz comes back in the connection's zone and is converted. A naive
    value is refused: guessing its zone would silently shift a person's history by hours.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()} has no time zone; pass UTC")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _score(column: str) -> CheckConstraint:
    """A 0-10 rating, the scale of every pain and function score strongback asks for."""
    return CheckConstraint(
        f"{column} IS NULL OR ({column} BETWEEN 0 AND 10)", name=f"{column}_0_10"
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


class ProfileVersion(Base):
    """One saved set of answers; saving again adds a version, so each plan traces to its answers."""

    __tablename__ = "profile_versions"

    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    answers: Mapped[dict[str, Any]]
    screening: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class SessionRow(Base):
    __tablename__ = "sessions"
    __table_args__ = (
        _score("pain_before"),
        _score("pain_after"),
        _score("next_day_pain"),
        CheckConstraint("resume_step >= 0", name="resume_step_not_negative"),
        # unfinished_session() looks for the latest in-progress session on every start.
        Index("ix_sessions_status_started_at", "status", "started_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan: Mapped[dict[str, Any]]
    source: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    resume_step: Mapped[int] = mapped_column(Integer, default=0)
    pain_before: Mapped[int | None]
    pain_after: Mapped[int | None]
    difficulty: Mapped[str | None] = mapped_column(String(20))
    next_day_pain: Mapped[int | None]
    # When the next-day pain was given: it may come days late, after later sessions, and pain is
    # read in the order it was given. NULL for an answer stored before this was kept.
    next_day_pain_at: Mapped[datetime | None]

    sets: Mapped[list[SetRow]] = relationship(
        back_populates="session",
        order_by="SetRow.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class SetRow(Base):
    __tablename__ = "set_records"
    __table_args__ = (
        _score("pain"),
        CheckConstraint("set_number >= 1", name="set_number_positive"),
        # A set is recorded once, even when two retries of one request arrive together.
        Index(
            "ix_set_records_one_per_set",
            "session_id",
            "exercise_id",
            "set_number",
            "side",
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    exercise_id: Mapped[str] = mapped_column(String(100))
    set_number: Mapped[int]
    side: Mapped[str] = mapped_column(String(20))
    reps_done: Mapped[int | None]
    hold_seconds_done: Mapped[float | None] = mapped_column(Float)
    outcome: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    pain: Mapped[int | None]
    ended_at: Mapped[datetime]

    session: Mapped[SessionRow] = relationship(back_populates="sets")


class PsfsRow(Base):
    """Patient-Specific Functional Scale: how well a chosen activity goes, 0 (cannot) to 10."""

    __tablename__ = "psfs_scores"
    __table_args__ = (_score("score"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recorded_at: Mapped[datetime] = mapped_column(index=True)
    activity: Mapped[str] = mapped_column(String(200))
    score: Mapped[int]
