"""conversationstate: what a focal point's next message continues (in the database, with an expiry);
statusreport.chat_id / message_id / corrected_at: an edited message corrects the report it made

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 23:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'conversationstate',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('tg_user_id', sa.BigInteger(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('message_id', sa.BigInteger(), nullable=False),
        sa.Column('assignment_id', sa.Integer(), nullable=True),
        sa.Column('note', sa.String(), nullable=True),
        sa.Column('expires_at', db.types.AwareDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('tg_user_id', 'kind', 'message_id', name='uq_conversation_key'),
    )
    with op.batch_alter_table('conversationstate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversationstate_tg_user_id'), ['tg_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conversationstate_expires_at'), ['expires_at'], unique=False)
    with op.batch_alter_table('statusreport', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chat_id', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('message_id', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('corrected_at', db.types.AwareDateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_report_message', ['chat_id', 'message_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('statusreport', schema=None) as batch_op:
        batch_op.drop_index('ix_report_message')
        batch_op.drop_column('corrected_at')
        batch_op.drop_column('message_id')
        batch_op.drop_column('chat_id')
    with op.batch_alter_table('conversationstate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversationstate_expires_at'))
        batch_op.drop_index(batch_op.f('ix_conversationstate_tg_user_id'))
    op.drop_table('conversationstate')
