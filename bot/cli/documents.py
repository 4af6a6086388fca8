"""`export`, `report`, `letter`: the office's documents written to files."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from bot import texts
from bot.cli.common import CliError, _directive_or_newest, _engine, _written
from bot.domain.dates import fmt_date
from bot.settings import Settings


def cmd_export(settings: Settings, args) -> None:
    from bot.documents.csv_export import export_csv, export_history_csv
    from bot.documents.letterhead import Letterhead
    from bot.documents.workbook import export_directive

    if not args.out and not args.csv and not args.history:
        raise CliError("Cần --out FILE.xlsx, --csv FILE.csv và/hoặc --history FILE.csv.")
    now, tz = datetime.now(settings.timezone), settings.timezone
    with Session(_engine(settings), expire_on_commit=False) as session:
        directive = _directive_or_newest(session, args.directive)
        if args.out:
            path = _written(lambda: export_directive(session, directive=directive, now=now, tz=tz,
                                                     out=Path(args.out), head=Letterhead.from_settings(settings)))
            print(f"Đã ghi {path}")
        if args.csv:
            path = _written(lambda: export_csv(session, directive=directive, now=now, tz=tz, out=Path(args.csv)))
            print(f"Đã ghi {path}")
        if args.history:
            path, count = _written(lambda: export_history_csv(session, directive=directive, tz=tz,
                                                              out=Path(args.history)))
            print(f"Đã ghi {path} ({count} báo cáo)")


def cmd_report(settings: Settings, args) -> None:
    from bot.documents.letterhead import Letterhead
    from bot.documents.report import write_report

    now, tz = datetime.now(settings.timezone), settings.timezone
    with Session(_engine(settings), expire_on_commit=False) as session:
        directive = _directive_or_newest(session, args.directive)
        path = _written(lambda: write_report(session, directive=directive, now=now, tz=tz, out=Path(args.out),
                                             head=Letterhead.from_settings(settings)))
    print(f"Đã ghi {path}")


def cmd_letter(settings: Settings, args) -> None:
    from bot.documents.letter import LetterError, write_letter
    from bot.documents.letterhead import Letterhead
    from bot.operations.seed import load_calendar

    now, tz = datetime.now(settings.timezone), settings.timezone
    codes = [c for c in (args.units or "").split(",") if c.strip()]
    with Session(_engine(settings), expire_on_commit=False) as session:
        directive = _directive_or_newest(session, args.directive)
        try:
            plan = _written(lambda: write_letter(
                session, directive=directive, now=now, tz=tz, out=Path(args.out),
                head=Letterhead.from_settings(settings), calendar=load_calendar(tz, settings.office_hours),
                codes=codes))
        except LetterError as exc:
            raise CliError(str(exc)) from exc
    print(f"Đã ghi {args.out}: đôn đốc {len(plan.addressees)} đơn vị, hạn báo cáo {fmt_date(plan.reply_by)}.")
    if plan.skipped_done:
        print(texts.LETTER_UNITS_DONE.format(names=", ".join(plan.skipped_done)))
