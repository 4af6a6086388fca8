"""`evidence export` and `evidence verify`: the evidence folder for the inspection team, and the archive's check."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from bot.cli.common import CliError, _directive_or_newest, _engine
from bot.settings import Settings


def cmd_evidence_export(settings: Settings, args) -> None:
    from bot.documents.evidence_zip import write_evidence_zip
    from db.units import get_units_by_codes

    now, tz, root = datetime.now(settings.timezone), settings.timezone, settings.evidence_root()
    codes = [c.strip().upper() for c in (args.units or "").split(",") if c.strip()]
    out = Path(args.out)
    if out.exists():
        raise CliError(f"{out} đã có: hệ thống không ghi đè, đề nghị chọn tên khác.")
    with Session(_engine(settings), expire_on_commit=False) as session:
        directive = _directive_or_newest(session, args.directive)
        if codes and (unknown := get_units_by_codes(session, codes=codes)[1]):
            raise CliError(f"Không có đơn vị mã {', '.join(unknown)}.")
        pack = write_evidence_zip(session, directive=directive, now=now, tz=tz, out=out, root=root,
                                  unit_codes=codes or None)
    print(f"Đã ghi {out}: {len(pack.files)} tệp minh chứng ({pack.total_bytes / 1024 / 1024:.1f} MB) "
          f"và danh-muc.xlsx.")
    if pack.left_out:
        print(f"{pack.left_out} tệp chưa lưu trữ được nên không có trong gói (xem cột «Trong gói» của danh mục).")


def cmd_evidence_verify(settings: Settings, args) -> None:
    from bot.operations.evidence_store import verify
    from db.evidence import archived_hashes

    root = settings.evidence_root()
    with Session(_engine(settings)) as session:
        hashes = archived_hashes(session)
    problems = verify(root, hashes)
    for problem in problems:
        print(f"{'THIẾU' if problem.missing else 'ĐÃ THAY ĐỔI'} {problem.sha256}")
    if problems:
        raise CliError(f"{len(problems)} trong {len(hashes)} tệp minh chứng ở {root} bị thiếu hoặc đã thay đổi.")
    print(f"Cả {len(hashes)} tệp minh chứng ở {root} còn nguyên (SHA-256 khớp).")
