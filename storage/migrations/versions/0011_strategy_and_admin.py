"""strategy focus areas, workspace defaults, admin sign-in

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 12:49:54.427846
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "focusarea",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("name_sv", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("name_en", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("meaning_sv", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("meaning_en", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("suggestions", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("archived_at", storage.types.UTCDateTime(), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "key", name="uq_focusarea_workspace_key"),
    )
    with op.batch_alter_table("focusarea", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_focusarea_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "workspacedefaults",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("timezone", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("locale", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
        sa.Column("nudge_weekday", sa.Integer(), nullable=True),
        sa.Column("nudge_time", sa.Time(), nullable=True),
        sa.Column("digest_weekday", sa.Integer(), nullable=True),
        sa.Column("digest_time", sa.Time(), nullable=True),
        sa.Column("holidays", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
        sa.Column("updated_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("workspace_id"),
    )
    op.create_table(
        "adminlink",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("used_at", storage.types.UTCDateTime(), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("adminlink", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_adminlink_person_id"), ["person_id"], unique=False)

    op.create_table(
        "adminsession",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("csrf", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("ended_at", storage.types.UTCDateTime(), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("adminsession", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_adminsession_person_id"), ["person_id"], unique=False)

    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("focus_area_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_commitment_focus_area_id"), ["focus_area_id"], unique=False)
        batch_op.create_foreign_key("fk_commitment_focus_area", "focusarea", ["focus_area_id"], ["id"])

    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.add_column(sa.Column("picture", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.drop_column("picture")

    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_constraint("fk_commitment_focus_area", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_commitment_focus_area_id"))
        batch_op.drop_column("focus_area_id")

    with op.batch_alter_table("adminsession", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adminsession_person_id"))

    op.drop_table("adminsession")
    with op.batch_alter_table("adminlink", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adminlink_person_id"))

    op.drop_table("adminlink")
    op.drop_table("workspacedefaults")
    with op.batch_alter_table("focusarea", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_focusarea_workspace_id"))

    op.drop_table("focusarea")
