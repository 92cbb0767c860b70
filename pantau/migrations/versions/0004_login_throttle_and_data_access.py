"""login throttle and data access log

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-01 22:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_allowed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "data_access_log",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("selection", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_data_access_log_at", "data_access_log", ["at"])
    op.create_index("ix_data_access_log_user", "data_access_log", ["username", "at"])


def downgrade() -> None:
    op.drop_index("ix_data_access_log_user", table_name="data_access_log")
    op.drop_index("ix_data_access_log_at", table_name="data_access_log")
    op.drop_table("data_access_log")
    op.drop_table("login_throttle")
