"""extensionrequest.state may be 'superseded': a newer request for the same assignment replaced it

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

OLD = ('pending', 'approved', 'rejected')
NEW = (*OLD, 'superseded')


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TYPE extensionstate ADD VALUE IF NOT EXISTS 'superseded'")
        return
    with op.batch_alter_table('extensionrequest', schema=None) as batch_op:  # VARCHAR(8) -> VARCHAR(10)
        batch_op.alter_column('state', existing_type=sa.Enum(*OLD, name='extensionstate'),
                              type_=sa.Enum(*NEW, name='extensionstate'), existing_nullable=False)


def downgrade() -> None:
    # PostgreSQL cannot drop an enum value; superseded requests become rejected ones on every backend.
    op.execute("UPDATE extensionrequest SET state = 'rejected' WHERE state = 'superseded'")
    if op.get_bind().dialect.name != "postgresql":
        with op.batch_alter_table('extensionrequest', schema=None) as batch_op:
            batch_op.alter_column('state', existing_type=sa.Enum(*NEW, name='extensionstate'),
                                  type_=sa.Enum(*OLD, name='extensionstate'), existing_nullable=False)
