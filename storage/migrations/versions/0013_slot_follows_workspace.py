"""a person's check-in slot may follow their workspace's default

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 15:20:00

A person's check-in day and time become nullable: NULL follows the workspace's default (and,
when the workspace set none, Monday 09:00 as before). Until now a person who never chose held
Monday 09:00 like one who chose it, and nothing tells the two apart; as it was the default, people
on it are taken to follow the default, so a workspace's new default reaches them. Someone who chose
exactly Monday 09:00 keeps it as long as their workspace's default is unchanged, and can choose it
again otherwise. Any other day and time was chosen, and is kept. The schedule index leads with the
workspace, as planning now groups by it.
"""

from collections.abc import Sequence
from datetime import time

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("ix_person_schedule")
        batch_op.alter_column("nudge_weekday", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("nudge_time", existing_type=sa.Time(), nullable=True)
        batch_op.create_index("ix_person_schedule", ["workspace_id", "nudge_weekday", "nudge_time", "tz"], unique=False)
    person = sa.table("person", sa.column("nudge_weekday", sa.Integer()), sa.column("nudge_time", sa.Time()))
    op.execute(
        person.update()
        .where(person.c.nudge_weekday == 0, person.c.nudge_time == time(9, 0))
        .values(nudge_weekday=None, nudge_time=None)
    )


def downgrade() -> None:
    person = sa.table("person", sa.column("nudge_weekday", sa.Integer()), sa.column("nudge_time", sa.Time()))
    op.execute(person.update().where(person.c.nudge_weekday.is_(None)).values(nudge_weekday=0))
    op.execute(person.update().where(person.c.nudge_time.is_(None)).values(nudge_time=time(9, 0)))
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("ix_person_schedule")
        batch_op.alter_column("nudge_weekday", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("nudge_time", existing_type=sa.Time(), nullable=False)
        batch_op.create_index("ix_person_schedule", ["nudge_weekday", "nudge_time", "tz"], unique=False)
