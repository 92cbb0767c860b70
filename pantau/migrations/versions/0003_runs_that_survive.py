"""runs that survive: interrupted status, scheduled tick of a run

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 22:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("ingestion_runs", schema=None) as batch_op:
        batch_op.alter_column(
            "status", existing_type=sa.String(10), type_=sa.String(16), existing_nullable=False
        )
        batch_op.add_column(sa.Column("scheduled_for", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ux_ingestion_runs_tick", ["source", "scheduled_for"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("ingestion_runs", schema=None) as batch_op:
        batch_op.drop_index("ux_ingestion_runs_tick")
        batch_op.drop_column("scheduled_for")
        batch_op.alter_column(
            "status", existing_type=sa.String(16), type_=sa.String(10), existing_nullable=False
        )
