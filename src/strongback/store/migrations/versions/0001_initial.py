"""Profiles (versioned), sessions with their sets, and PSFS function scores.

Revision ID: 0001
Revises:
Create Date: 2026-11-21

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _score(column: str, table: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(
        f"{column} IS NULL OR ({column} BETWEEN 0 AND 10)", name=f"ck_{table}_{column}_0_10"
    )


def upgrade() -> None:
    op.create_table(
        "profile_versions",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("screening", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("version", name="pk_profile_versions"),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resume_step", sa.Integer(), nullable=False),
        sa.Column("pain_before", sa.Integer(), nullable=True),
        sa.Column("pain_after", sa.Integer(), nullable=True),
        sa.Column("difficulty", sa.String(length=20), nullable=True),
        sa.Column("next_day_pain", sa.Integer(), nullable=True),
        _score("pain_before", "sessions"),
        _score("pain_after", "sessions"),
        _score("next_day_pain", "sessions"),
        sa.CheckConstraint("resume_step >= 0", name="ck_sessions_resume_step_not_negative"),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
    )
    op.create_index("ix_sessions_status_started_at", "sessions", ["status", "started_at"])
    op.create_table(
        "set_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(length=100), nullable=False),
        sa.Column("set_number", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=20), nullable=False),
        sa.Column("reps_done", sa.Integer(), nullable=True),
        sa.Column("hold_seconds_done", sa.Float(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("pain", sa.Integer(), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        _score("pain", "set_records"),
        sa.CheckConstraint("set_number >= 1", name="ck_set_records_set_number_positive"),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name="fk_set_records_session_id_sessions",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_set_records"),
    )
    op.create_index("ix_set_records_session_id", "set_records", ["session_id"])
    op.create_table(
        "psfs_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("activity", sa.String(length=200), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        _score("score", "psfs_scores"),
        sa.PrimaryKeyConstraint("id", name="pk_psfs_scores"),
    )
    op.create_index("ix_psfs_scores_recorded_at", "psfs_scores", ["recorded_at"])


def downgrade() -> None:
    op.drop_table("psfs_scores")
    op.drop_table("set_records")
    op.drop_table("sessions")
    op.drop_table("profile_versions")
