"""statusreport.source may be 'miniapp': a focal point's report through the Mini App's form

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 11:45:00
"""

from __future__ import annotations

from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite stores the enum as VARCHAR(7) without a CHECK constraint, and 'miniapp' has 7 letters: nothing to do.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TYPE reportsource ADD VALUE IF NOT EXISTS 'miniapp'")


def downgrade() -> None:
    # PostgreSQL cannot drop an enum value; reports from the form read as button presses (what they stand for).
    op.execute("UPDATE statusreport SET source = 'button' WHERE source = 'miniapp'")
