"""statusreport.confirmed: a report stored from a read-back the official confirmed;
officequestion: focal points' questions routed to the office, and the answers

Revision ID: 0006
Revises: 0009
Create Date: 2026-12-02 11:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types

revision = '0006'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('statusreport', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmed', sa.Boolean(), server_default=sa.text('false'), nullable=False))
    op.create_table(
        'officequestion',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('focal_point_id', sa.Integer(), nullable=False),
        sa.Column('chat_id', sa.BigInteger(), nullable=False),
        sa.Column('message_id', sa.BigInteger(), nullable=False),
        sa.Column('text', sa.String(), nullable=False),
        sa.Column('tasks', sa.String(), nullable=False),
        sa.Column('asked_at', db.types.AwareDateTime(timezone=True), nullable=False),
        sa.Column('answer', sa.String(), nullable=True),
        sa.Column('answered_by', sa.BigInteger(), nullable=True),
        sa.Column('answered_at', db.types.AwareDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['focal_point_id'], ['focalpoint.id']),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('officequestion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_officequestion_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index('ix_question_open', ['answered_at', 'asked_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('officequestion', schema=None) as batch_op:
        batch_op.drop_index('ix_question_open')
        batch_op.drop_index(batch_op.f('ix_officequestion_unit_id'))
    op.drop_table('officequestion')
    with op.batch_alter_table('statusreport', schema=None) as batch_op:
        batch_op.drop_column('confirmed')
