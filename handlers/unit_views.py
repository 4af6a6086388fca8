"""Office views of one unit (/unit SNV) and one task across units (/task 3), and evidence re-sending."""

from __future__ import annotations

from sqlmodel import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot import texts
from bot.delivery.evidence_send import send_evidence_file
from bot.domain.callback_data import ResendEvidence
from bot.domain.dates import fmt_date, fmt_datetime
from bot.domain.enums import Status
from bot.domain.evidence import archive_path
from bot.domain.numbers import parse_number
from bot.domain.review import StatusClass, classify, is_blocker
from bot.operations.cards import split_message
from bot.operations.office_views import cell_icon, current_directive
from bot.services import services
from db.directives import list_tasks
from db.models import StatusReport, Unit
from db.people import office_role, unit_focal_points
from db.review import blocker_notes, directive_cells, unit_reports
from db.units import get_unit_by_code
from handlers.office import office_only
from handlers.review import directive_or_reply


@office_only()
async def unit_view(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unit SNV: tasks with status, class, deadline, last note and evidence; focal points; last reports."""
    svc = services(context)
    args = context.args or []
    if len(args) != 1:
        await update.effective_message.reply_text(texts.UNIT_USAGE)
        return
    now, tz = svc.now(), svc.settings.timezone
    buttons = []
    with Session(svc.engine) as session:
        unit = get_unit_by_code(session, code=args[0])
        directive = current_directive(session, [])
        if unit is None or directive is None:
            text = texts.UNIT_UNKNOWN.format(code=texts.h(args[0].upper())) if unit is None else texts.NO_DIRECTIVE
            await update.effective_message.reply_text(text)
            return
        cells = [c for c in directive_cells(session, directive_id=directive.id) if c.unit_code == unit.code]
        reports = unit_reports(session, unit_id=unit.id, directive_id=directive.id)
        last_note, last_evidence = {}, {}
        for report, number, _ in reports:  # newest first
            if report.corrected_at is not None:
                continue  # replaced by an edit of its message: history only
            if report.note and number not in last_note:
                last_note[number] = report.note
            if report.evidence_file_id and number not in last_evidence:
                last_evidence[number] = report
        klasses = [classify(c, now, tz) for c in cells]
        blocked_late = sum(is_blocker(c) and k == StatusClass.overdue for c, k in zip(cells, klasses, strict=True))
        lines = [texts.UNIT_HEADER.format(name=texts.h(unit.name), directive=texts.h(directive.number)),
                 texts.UNIT_COUNTS.format(
                     done=sum(c.status == Status.done for c in cells), total=len(cells),
                     overdue=sum(k == StatusClass.overdue for k in klasses), blocked=sum(map(is_blocker, cells)),
                     blocked_overdue=texts.UNIT_BLOCKED_OVERDUE.format(count=blocked_late) if blocked_late else "")]
        if unit.valid_to is not None:  # a unit that ended keeps its history: say so, and who took over
            successor = session.get(Unit, unit.successor_id) if unit.successor_id else None
            lines.insert(1, texts.UNIT_ENDED.format(date=fmt_date(unit.valid_to)) + (
                texts.UNIT_SUCCESSOR.format(name=texts.h(successor.name)) if successor else "") + ".")
        for cell, klass in zip(cells, klasses, strict=True):
            note = last_note.get(cell.task_number)
            evidence = last_evidence.get(cell.task_number)
            lines.append(texts.UNIT_TASK_LINE.format(
                task=cell.task_number, status=texts.STATUS_LABEL[cell.status], icon=cell_icon(cell, klass),
                klass=klass.value, deadline=fmt_date(cell.deadline),
                note=f" · «{texts.h(note[:120])}»" if note else "",
                evidence=f" · 📎 {texts.h(evidence.evidence_name)}" if evidence else "",
            ))
            if evidence:
                buttons.append([InlineKeyboardButton(
                    texts.EVIDENCE_BUTTON.format(task=cell.task_number, name=evidence.evidence_name[:40]),
                    callback_data=ResendEvidence(evidence.id).pack())])
        lines.append(texts.UNIT_FOCAL_HEADER)
        people = unit_focal_points(session, unit_id=unit.id, include_revoked=True)
        lines += [texts.UNIT_FOCAL_LINE.format(name=texts.h(p.name), user_id=p.tg_user_id, role=texts.ROLE_LABEL[p.role],
                                               state=texts.FOCAL_STATE_LABEL[p.state]) for p in people]
        if not people:
            lines.append("• " + texts.NO_FOCAL_YET)
        lines.append(texts.UNIT_REPORTS_HEADER)
        for report, number, who in reports[:10]:
            lines.append(texts.UNIT_REPORT_LINE.format(
                at=fmt_datetime(report.reported_at, tz), task=number, status=texts.STATUS_LABEL[report.status],
                note=f" «{texts.h(report.note[:80])}»" if report.note else "", who=texts.h(who or "—"),
                source=texts.REPORT_SOURCE_LABEL[report.source.value]
                + (f", {texts.CONFIRMED_MARK}" if report.confirmed else ""),
                corrected=texts.UNIT_REPORT_CORRECTED if report.corrected_at is not None else ""))
        if not reports:
            lines.append(texts.UNIT_NO_REPORTS)
    parts = split_message("\n".join(lines))
    for index, part in enumerate(parts):
        markup = InlineKeyboardMarkup(buttons) if buttons and index == len(parts) - 1 else None
        await update.effective_message.reply_text(part, reply_markup=markup)


TASK_MAX_UNITS = 100  # worst first; beyond this a phone gets a stream of messages: the rest is in /export


@office_only(office_chat=True)
async def task_view(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/task 3 (or /task 2410/UBND-KSTT 3): every unit's status for that task."""
    svc = services(context)
    args = context.args or []
    number = parse_number(args[-1]) if 1 <= len(args) <= 2 else None
    if number is None:
        await update.effective_message.reply_text(texts.TASK_USAGE)
        return
    now, tz = svc.now(), svc.settings.timezone
    with Session(svc.engine) as session:
        if (directive := await directive_or_reply(update, session, args[:-1])) is None:
            return
        cells = directive_cells(session, directive_id=directive.id, task_number=number)
        numbers = [t.number for t in list_tasks(session, directive_id=directive.id)]
        notes = blocker_notes(session, directive_id=directive.id, task_number=number)
    if not cells:
        valid = ", ".join(str(n) for n in numbers)
        await update.effective_message.reply_text(texts.TASK_NOT_IN_DIRECTIVE.format(
            number=texts.h(directive.number), task=number, valid=valid))
        return
    order = {k: i for i, k in enumerate([StatusClass.overdue, StatusClass.blocked, StatusClass.unreported,
                                         StatusClass.in_progress, StatusClass.done_late, StatusClass.done_on_time])}
    classes = [(classify(c, now, tz), c) for c in cells]
    classes.sort(key=lambda kc: (order[kc[0]], not is_blocker(kc[1]), kc[1].unit_code))  # blockers lead a class
    done = sum(1 for _, c in classes if c.status == Status.done)
    blocked_late = sum(1 for k, c in classes if k == StatusClass.overdue and is_blocker(c))
    lines = [texts.TASK_HEADER.format(
        task=number, number=texts.h(directive.number), done=done, units=len(cells),
        overdue=sum(1 for k, _ in classes if k == StatusClass.overdue), blocked=sum(is_blocker(c) for _, c in classes),
        blocked_overdue=texts.UNIT_BLOCKED_OVERDUE.format(count=blocked_late) if blocked_late else "")]
    for klass, cell in classes[:TASK_MAX_UNITS]:
        when = f" · {fmt_datetime(cell.last_report_at, tz)}" if cell.last_report_at else ""
        note = notes.get((cell.unit_code, number)) if is_blocker(cell) else None
        lines.append(texts.TASK_UNIT_LINE.format(
            icon=cell_icon(cell, klass), unit=texts.h(cell.unit_name), klass=klass.value, when=when,
            note=texts.NOTE_QUOTE.format(note=texts.h(note[:80])) if note else ""))
    if len(classes) > TASK_MAX_UNITS:
        lines.append(texts.TASK_MORE.format(count=len(classes) - TASK_MAX_UNITS))
    for part in split_message("\n".join(lines)):
        await update.effective_message.reply_text(part)


async def on_resend_evidence(update: Update, context: ContextTypes.DEFAULT_TYPE, data: ResendEvidence) -> None:
    """📎 under /unit: send the stored evidence file again (office members only)."""
    svc = services(context)
    query = update.callback_query
    with Session(svc.engine) as session:
        role = office_role(session, tg_user_id=update.effective_user.id, admin_ids=svc.settings.admin_ids)
        report = session.get(StatusReport, data.report_id) if role else None
        if role is None or report is None or not report.evidence_file_id:
            await query.answer(texts.NOT_OFFICE if role is None else texts.EVIDENCE_GONE, show_alert=True)
            return
        file_id, name = report.evidence_file_id, report.evidence_name or ""
        sha = report.evidence_sha256
    await query.answer()
    archived = archive_path(svc.settings.evidence_root(), sha) if sha else None
    await send_evidence_file(context.bot, update.effective_chat.id, file_id=file_id, name=name,
                             caption=texts.h(name), archived=archived)
