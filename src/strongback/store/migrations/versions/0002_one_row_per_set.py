"""One row per set: (session, exercise, set number, side) is unique.

The store has refused to record a set twice since the API's retries were made idempotent, but two
requests arriving together could still both insert; the index makes the database refuse the
second. Repeats stored before are dropped, keeping the first, as the store would have.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21

"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ["session_id", "exercise_id", "set_number", "side"]


def upgrade() -> None:
    op.execute(
        "DELETE FROM set_records WHERE id NOT IN "
        f"(SELECT MIN(id) FROM set_records GROUP BY {', '.join(COLUMNS)})"
    )
    op.create_index("ix_set_records_one_per_set", "set_records", COLUMNS, unique=True)


def downgrade() -> None:
    op.drop_index("ix_set_records_one_per_set", table_name="set_records")
