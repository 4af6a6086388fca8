"""CSV exports (UTF-8 with a BOM so Excel opens the Vietnamese text right); every cell is data only."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.documents.cells import data_row
from bot.domain.dates import fmt_date, fmt_datetime
from bot.domain.review import is_blocker, unit_rows
from db.models import Directive
from db.review import directive_cells, iter_directive_reports


def export_csv(session: Session, *, directive: Directive, now: datetime, tz: ZoneInfo, out: Path) -> Path:
    """One row per assignment."""
    rows = unit_rows(directive_cells(session, directive_id=directive.id), now, tz)
    with open(out, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(["ma_don_vi", "don_vi", "nhiem_vu", "han", "trang_thai", "phan_loai", "vuong_mac",
                         "bao_cao_gan_nhat"])
        for row in rows:
            for cell, klass in zip(row.cells, row.classes, strict=True):
                writer.writerow(data_row([
                    row.code, row.name, cell.task_number, fmt_date(cell.deadline), cell.status.value, klass.value,
                    "co" if is_blocker(cell) else "", fmt_datetime(cell.last_report_at, tz) if cell.last_report_at
                    else ""]))
    return out


def export_history_csv(session: Session, *, directive: Directive, tz: ZoneInfo, out: Path) -> tuple[Path, int]:
    """Every report of a directive, oldest first, streamed."""
    count = 0
    with open(out, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(["thoi_gian", "ma_don_vi", "nhiem_vu", "trang_thai", "ghi_chu", "nguoi_bao_cao",
                         "minh_chung", "cach_bao"])
        for code, number, status, note, who, at, evidence, source in iter_directive_reports(
                session, directive_id=directive.id):
            writer.writerow(data_row([fmt_datetime(at, tz), code, number, status.value, note or "", who or "",
                                      evidence or "", source.value]))
            count += 1
    return out, count
