"""data releases: releases, their cells and the reports they rest on

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "releases",
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data_as_of", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_month", sa.Date(), nullable=False),
        sa.Column("last_month", sa.Date(), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("number"),
    )
    op.create_table(
        "release_cells",
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=32), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("region_code", sa.String(length=5), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("breakdown", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=True),
        sa.Column("hidden", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(["release_id"], ["releases.number"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint(
            "release_id", "table_name", "period", "region_code", "metric", "breakdown", "category"
        ),
    )
    op.create_table(
        "release_reports",
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("report_id", BIG_ID, nullable=False),
        sa.ForeignKeyConstraint(["release_id"], ["releases.number"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"]),
        sa.PrimaryKeyConstraint("release_id", "report_id"),
    )


def downgrade() -> None:
    op.drop_table("release_reports")
    op.drop_table("release_cells")
    op.drop_table("releases")
