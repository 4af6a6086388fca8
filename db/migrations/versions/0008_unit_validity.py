"""unit.valid_from / valid_to / successor_id: two-tier local government (units that ended keep their history);
unit kinds xa and phuong

Revision ID: 0008
Revises: 0005
Create Date: 2026-12-02 12:00:00
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0005'
branch_labels = None
depends_on = None

# The eight districts of the bundled 2020 list (bot/data/units-laichau-2020.csv), as that list names them.
# District-level government ended on 30/06/2025 (Law on the Organisation of Local Government 72/2025/QH15;
# the new communes work from 01/07/2025 under Resolution 1670/NQ-UBTVQH15). Only rows that are exactly these
# bundled units are dated: a district an office imported itself is left for it to date.
BUNDLED_DISTRICTS = {
    "TPLC": "UBND Thành phố Lai Châu", "HTD": "UBND huyện Tam Đường", "HMT": "UBND huyện Mường Tè",
    "HSH": "UBND huyện Sìn Hồ", "HPT": "UBND huyện Phong Thổ", "HTHU": "UBND huyện Than Uyên",
    "HTAU": "UBND huyện Tân Uyên", "HNN": "UBND huyện Nậm Nhùn",
}
DISTRICTS_ENDED = date(2025, 6, 30)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # SQLite keeps the enum as VARCHAR(10) with no CHECK, where 'xa' and 'phuong' already fit.
        # Kinds unchanged for existing rows; the enum only learns the two new values.
        op.execute("ALTER TYPE unitkind ADD VALUE IF NOT EXISTS 'xa'")
        op.execute("ALTER TYPE unitkind ADD VALUE IF NOT EXISTS 'phuong'")
    # Plain ADD COLUMN (a batch would copy the unit table, which every other table references).
    op.add_column('unit', sa.Column('valid_from', sa.Date(), nullable=True))
    op.add_column('unit', sa.Column('valid_to', sa.Date(), nullable=True))
    if bind.dialect.name == "sqlite":  # SQLite's ADD COLUMN takes an inline REFERENCES; alembic's does not
        op.execute("ALTER TABLE unit ADD COLUMN successor_id INTEGER REFERENCES unit (id)")
    else:
        op.add_column('unit', sa.Column('successor_id', sa.Integer(), sa.ForeignKey('unit.id'), nullable=True))
    unit = sa.table("unit", sa.column("code", sa.String), sa.column("name", sa.String),
                    sa.column("kind"), sa.column("valid_to", sa.Date))
    for code, name in BUNDLED_DISTRICTS.items():
        op.execute(unit.update()
                   .where(unit.c.code == code, unit.c.name == name, unit.c.kind == sa.literal_column("'district'"))
                   .values(valid_to=DISTRICTS_ENDED))


def downgrade() -> None:
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_column('successor_id')
        batch_op.drop_column('valid_to')
        batch_op.drop_column('valid_from')
