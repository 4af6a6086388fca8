"""assignment.next_nudge_at: the reminder sweep reads only assignments whose next nudge is due;
nudgerecord.unit_id may be empty (a record for a whole round, e.g. the weekly round-up)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 14:55:00
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import db.types

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_nudge_at', db.types.AwareDateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_assignment_next_nudge', ['next_nudge_at'], unique=False,
                              sqlite_where=sa.text("status != 'done'"),
                              postgresql_where=sa.text("status != 'done'"))
    with op.batch_alter_table('nudgerecord', schema=None) as batch_op:
        batch_op.alter_column('unit_id', existing_type=sa.Integer(), nullable=True)
    # Every existing assignment is planned again by the next sweep (NUDGE_RECOMPUTE in db/models.py at the time).
    assignment = sa.table('assignment', sa.column('next_nudge_at', db.types.AwareDateTime(timezone=True)))
    op.execute(assignment.update().values(
        next_nudge_at=sa.literal(datetime(2000, 1, 1, tzinfo=UTC), db.types.AwareDateTime(timezone=True))))


def downgrade() -> None:
    op.execute("DELETE FROM nudgerecord WHERE unit_id IS NULL")
    with op.batch_alter_table('nudgerecord', schema=None) as batch_op:
        batch_op.alter_column('unit_id', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index('ix_assignment_next_nudge', sqlite_where=sa.text("status != 'done'"),
                            postgresql_where=sa.text("status != 'done'"))
        batch_op.drop_column('next_nudge_at')
