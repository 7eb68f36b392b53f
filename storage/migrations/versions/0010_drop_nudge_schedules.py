"""drop nudgeschedule: the tick finds open check-ins from the person table, so the table was
written and never read

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 12:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_table("nudgeschedule")


def downgrade() -> None:
    op.create_table(
        "nudgeschedule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tz", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("at", sa.Time(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tz", "weekday", "at", name="uq_nudgeschedule"),
    )
    op.execute(
        "INSERT INTO nudgeschedule (tz, weekday, at) "
        "SELECT DISTINCT COALESCE(tz, ''), nudge_weekday, nudge_time FROM person"
    )
