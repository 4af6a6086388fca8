"""statusreport.evidence_*: the evidence archive (issue 20) — Telegram's file_unique_id, the SHA-256, archived time,
and the download queue (attempts, next try, last error); evidence stored before this revision is queued too

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 11:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types

revision = '0007'
down_revision = '0006'  # main's chain: 0005, 0008 (w21a), 0009 (w22), 0006 (w19), then this one
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('statusreport', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evidence_unique_id', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('evidence_sha256', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('evidence_archived_at', db.types.AwareDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('evidence_attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('evidence_retry_at', db.types.AwareDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('evidence_error', sa.String(), nullable=True))
        batch_op.create_index('ix_report_evidence_retry', ['evidence_retry_at'], unique=False)
        batch_op.create_index('ix_report_evidence_unique', ['evidence_unique_id'], unique=False)
    # Files reported before the archive existed are downloaded too, at the first pass.
    op.execute("UPDATE statusreport SET evidence_retry_at = '2000-01-01 00:00:00' WHERE evidence_file_id IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table('statusreport', schema=None) as batch_op:
        batch_op.drop_index('ix_report_evidence_unique')
        batch_op.drop_index('ix_report_evidence_retry')
        batch_op.drop_column('evidence_error')
        batch_op.drop_column('evidence_retry_at')
        batch_op.drop_column('evidence_attempts')
        batch_op.drop_column('evidence_archived_at')
        batch_op.drop_column('evidence_sha256')
        batch_op.drop_column('evidence_unique_id')
