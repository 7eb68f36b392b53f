"""send started at: only a claim whose send began is looked for after a crash

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 09:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("nudge", "digest"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("send_started_at", storage.types.UTCDateTime(), nullable=True))
        # Rows left unfinished by the code before this column may have gone out: they keep
        # being looked for before a new send, as they were.
        op.execute(sa.text(f"UPDATE {table} SET send_started_at = claimed_at WHERE state IN ('sending', 'pending')"))


def downgrade() -> None:
    for table in ("digest", "nudge"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("send_started_at")
