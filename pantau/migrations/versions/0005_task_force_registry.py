"""task-force registry: decree end date, contacts, reminders

Revision ID: 0005
Revises: 0002
Create Date: 2026-12-01 22:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("task_forces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("valid_until", sa.Date(), nullable=True))
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=5), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("office", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["region_code"], ["regions.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("region_code", "role", "email", name="uq_contacts_region_role_email"),
    )
    op.create_index("ix_contacts_region_code", "contacts", ["region_code"])
    op.create_table(
        "reminders",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("region_code", sa.String(length=5), nullable=False),
        sa.Column("first_month", sa.Date(), nullable=False),
        sa.Column("months", sa.Text(), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("letter_number", sa.String(length=80), nullable=True),
        sa.Column("letter_path", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["region_code"], ["regions.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("step", "region_code", "first_month", name="uq_reminders_step_run"),
    )
    op.create_index("ix_reminders_region_code", "reminders", ["region_code"])


def downgrade() -> None:
    op.drop_index("ix_reminders_region_code", table_name="reminders")
    op.drop_table("reminders")
    op.drop_index("ix_contacts_region_code", table_name="contacts")
    op.drop_table("contacts")
    with op.batch_alter_table("task_forces", schema=None) as batch_op:
        batch_op.drop_column("valid_until")
