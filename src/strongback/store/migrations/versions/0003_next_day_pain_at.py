"""When the next-day pain was given: a check-in may come days after its session, after later
sessions, and pain is read in the order it was given.

Answers stored before are left without a moment (NULL): when they were given is not known, and
progression keeps placing them on the day after their session.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("sessions", sa.Column("next_day_pain_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    # SQLite drops a column by copying the table; batch mode does that, and is plain on PostgreSQL.
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("next_day_pain_at")
