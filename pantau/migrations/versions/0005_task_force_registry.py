"""task-force registry: decree end date

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


def upgrade() -> None:
    with op.batch_alter_table("task_forces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("valid_until", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("task_forces", schema=None) as batch_op:
        batch_op.drop_column("valid_until")
