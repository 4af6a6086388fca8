"""`init`, `units …`, `directive …`, `assign`: the office's reference data."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from bot import texts
from bot.cli.common import MAX_DIRECTIVE_FILE_BYTES, CliError, _engine, _read_file
from bot.domain.dates import DateFormatError, fmt_date, parse_vn_date
from bot.domain.unit_groups import grouped
from bot.domain.units_csv import UnitsCsvError, parse_units_csv
from bot.operations.directive_import import (
    DirectiveFileError,
    preview_directive,
    preview_lines,
    save_directive,
)
from bot.operations.seed import load_bundled, load_current_units
from bot.settings import Settings
from bot.texts import DOC_GROUP
from db.directives import (
    DirectiveExists,
    assign_directive,
    get_directive,
    list_directives,
    list_tasks,
)
from db.units import UnitsImportError, get_units_by_codes, import_units, list_units, units_on


def cmd_init(settings: Settings, args) -> None:
    engine = _engine(settings)
    with Session(engine) as session:
        counts = load_bundled(session)
        current = load_current_units(session)
        session.commit()
    print(
        f"Cơ sở dữ liệu sẵn sàng: {counts['added'] + current['added']} đơn vị mới, "
        f"{current['updated']} cập nhật theo danh sách 2025; {counts['assignments']} phân công mới."
    )


def cmd_units_import(settings: Settings, args) -> None:
    try:
        rows = parse_units_csv(_read_file(args.file, 1_000_000))
    except UnitsCsvError as exc:
        raise CliError(f"Không nhập tệp {args.file} (không có gì thay đổi):\n" + "\n".join(exc.problems)) from exc
    today = datetime.now(settings.timezone).date()
    try:
        current_from = parse_vn_date(args.current_from, today=today) if args.current_from else None
    except DateFormatError as exc:
        raise CliError(str(exc)) from exc
    with Session(_engine(settings), expire_on_commit=False) as session:
        try:
            counts = import_units(session, rows=rows, current_from=current_from)
        except UnitsImportError as exc:
            raise CliError(f"Không nhập tệp {args.file} (không có gì thay đổi): {exc}") from exc
        session.commit()
    print(f"Đã nhập {len(rows)} đơn vị: {counts['added']} mới, {counts['updated']} cập nhật, "
          f"{counts['unchanged']} không đổi."
          + (f" {counts['retired']} đơn vị không có trong danh sách kết thúc ngày "
             f"{fmt_date(current_from - timedelta(days=1))} (giữ nguyên lịch sử)." if counts["retired"] else ""))


def cmd_units_list(settings: Settings, args) -> None:
    today = datetime.now(settings.timezone).date()
    try:
        on = parse_vn_date(args.on, today=today) if args.on else today
    except DateFormatError as exc:
        raise CliError(str(exc)) from exc
    with Session(_engine(settings), expire_on_commit=False) as session:
        units = list_units(session) if args.history else units_on(session, on=on)
        names = {u.id: u.code for u in list_units(session, active_only=False)}
    units.sort(key=lambda u: (u.sort_order, u.code))
    for group, members in grouped(units, lambda u: u.kind):
        print(f"# {DOC_GROUP[group]}")
        for unit in members:
            ended = ""
            if unit.valid_to:
                ended = f"  (đến {fmt_date(unit.valid_to)}" + (
                    f", kế thừa: {names[unit.successor_id]})" if unit.successor_id else ")")
            print(f"{unit.code:<12} {unit.name}{ended}")
    print(f"Tổng: {len(units)} đơn vị" + ("" if args.history else f" ngày {fmt_date(on)}"))


def cmd_directive_import(settings: Settings, args) -> None:
    """Read a .pdf/.docx/.txt, print the preview; save unless --dry-run (the header's values, or the options)."""
    data = _read_file(args.file, MAX_DIRECTIVE_FILE_BYTES)
    try:
        preview = preview_directive(Path(args.file).name, data, today=datetime.now(settings.timezone).date(),
                                    number=args.number, issued=args.date, title=args.title, issuer=args.issuer)
    except DirectiveFileError as exc:
        raise CliError(f"Không nhập văn bản (không có gì thay đổi): {exc}") from exc
    print("\n".join(preview_lines(preview)))
    with Session(_engine(settings), expire_on_commit=False) as session:
        if get_directive(session, number=preview.number) is not None:
            raise CliError(texts.IMPORT_EXISTS.format(number=preview.number))
        if args.dry_run:
            print(texts.IMPORT_DRY_RUN)
            return
        try:
            save_directive(session, preview)
        except DirectiveExists as exc:
            raise CliError(str(exc)) from exc
        session.commit()
    print(texts.IMPORT_SAVED.format(number=preview.number, date=fmt_date(preview.issued_on),
                                    tasks=len(preview.tasks)))


def cmd_directive_list(settings: Settings, args) -> None:
    with Session(_engine(settings), expire_on_commit=False) as session:
        for directive in list_directives(session):
            tasks = list_tasks(session, directive_id=directive.id)
            state = "đang mở" if directive.is_open else "đã đóng"
            print(f"{directive.number:<20} {fmt_date(directive.issued_on)}  {len(tasks)} nhiệm vụ  {state}")


def cmd_directive_show(settings: Settings, args) -> None:
    with Session(_engine(settings), expire_on_commit=False) as session:
        directive = get_directive(session, number=args.number)
        if directive is None:
            raise CliError(f"Không có văn bản số {args.number}.")
        tasks = list_tasks(session, directive_id=directive.id)
    print(f"Văn bản {directive.number} ngày {fmt_date(directive.issued_on)} — {directive.issuer}")
    if directive.title:
        print(directive.title)
    for task in tasks:
        print(f"\n{task.number}. {task.text}")


def cmd_assign(settings: Settings, args) -> None:
    try:
        today = datetime.now(settings.timezone).date()
        deadline = parse_vn_date(args.deadline, today=today) if args.deadline else None
    except DateFormatError as exc:
        raise CliError(str(exc)) from exc
    with Session(_engine(settings), expire_on_commit=False) as session:
        directive = get_directive(session, number=args.directive)
        if directive is None:
            raise CliError(f"Không có văn bản số {args.directive}.")
        if args.all:  # only the units that existed on the directive's date (no district after 30/06/2025)
            units = units_on(session, on=directive.issued_on)
        else:
            units, unknown = get_units_by_codes(session, codes=args.units.split(","))
            if unknown:
                raise CliError(f"Không có đơn vị: {', '.join(unknown)}.")
        created = assign_directive(session, directive_id=directive.id, unit_ids=[u.id for u in units],
                                   deadline=deadline)
        session.commit()
    print(f"Đã giao {directive.number} cho {len(units)} đơn vị: {created} phân công mới"
          + (f", hạn {fmt_date(deadline)}." if deadline else "."))
