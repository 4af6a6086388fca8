"""What the dashboard's buttons do, through the same db/ and service functions as the commands.

Each returns the Vietnamese answer shown on the page, or raises ActionError (status, text). Database work
runs in a worker thread with its own session; files go to the viewer's private chat through the bot.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from pathlib import Path

from sqlmodel import Session
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application

from bot import texts
from bot.delivery.evidence_send import send_evidence_file
from bot.documents.workbook import export_directive
from bot.domain.dates import DateFormatError, fmt_date, fmt_datetime, parse_vn_date
from bot.domain.evidence import archive_path
from bot.operations.extension_decisions import REFUSED_TEXT, decide_and_tell_unit
from bot.services import services
from db.audit import audit
from db.directives import list_tasks
from db.evidence import report_archive
from db.models import Directive, ExtensionRequest
from db.nudges import set_deadline
from db.review import assignment_cell_label, report_evidence
from db.units import get_unit_by_code
from handlers.review import on_directive_in_thread
from jobs.nudges import sweep

log = logging.getLogger(__name__)


class ActionError(Exception):
    def __init__(self, status: int, text: str, *, notice: bool = False):
        super().__init__(text)
        self.status, self.text, self.notice = status, text, notice


async def _in_session(app: Application, work):
    engine = services(app).engine

    def run():
        with Session(engine) as session:
            return work(session)

    return await asyncio.to_thread(run)


async def _to_viewer(send) -> None:
    """A send to the viewer's private chat, with the reasons it can fail told in Vietnamese."""
    try:
        await send()
    except Forbidden as exc:  # never opened a chat with the bot, or blocked it
        raise ActionError(409, texts.WEBAPP_CHAT_CLOSED) from exc
    except BadRequest as exc:
        if "chat not found" in str(exc).lower():
            raise ActionError(409, texts.WEBAPP_CHAT_CLOSED) from exc
        log.warning("dashboard: Telegram refused a file for the viewer: %s", exc)
        raise ActionError(502, texts.WEBAPP_SEND_FAILED) from exc
    except TelegramError as exc:
        log.warning("dashboard: sending to the viewer failed: %s", exc)
        raise ActionError(502, texts.WEBAPP_SEND_FAILED) from exc


async def send_export(app: Application, *, user_id: int, directive: Directive) -> str:
    """The Excel workbook of /export, into the viewer's chat (built in a worker thread as /export does)."""
    svc = services(app)
    now, tz = svc.now(), svc.settings.timezone
    name = f"tong-hop-{directive.number.replace('/', '-')}-{now:%Y%m%d-%H%M}.xlsx"
    caption = texts.EXPORT_CAPTION.format(number=texts.h(directive.number), at=fmt_datetime(now, tz))
    with tempfile.TemporaryDirectory() as tmp:
        path = await on_directive_in_thread(svc, directive.id, export_directive, now=now, tz=tz,
                                            out=Path(tmp) / name)

        async def send():
            with path.open("rb") as fh:
                await app.bot.send_document(user_id, fh, filename=name, caption=caption)

        await _to_viewer(send)
    return texts.WEBAPP_EXPORT_SENT


async def send_evidence(app: Application, *, user_id: int, directive: Directive, report_id: int,
                        unit: str, task: int) -> str:
    """A report's evidence file, sent again by its Telegram file id into the viewer's chat (the province's
    archived copy when Telegram no longer knows the file: bot/delivery/evidence_send.py)."""

    def find(session: Session):
        return (report_evidence(session, report_id=report_id, directive_id=directive.id),
                report_archive(session, report_id=report_id))

    found, archive = await _in_session(app, find)
    if found is None:
        raise ActionError(404, texts.WEBAPP_NOT_FOUND)
    file_id, name = found
    caption = texts.WEBAPP_FILE_CAPTION.format(unit=texts.h(unit), task=task, number=texts.h(directive.number))
    archived = archive_path(services(app).settings.evidence_root(), archive[0]) if archive else None
    await _to_viewer(lambda: send_evidence_file(app.bot, user_id, file_id=file_id, name=name, caption=caption,
                                                archived=archived))
    return texts.WEBAPP_FILE_SENT.format(name=name)


async def set_task_deadline(app: Application, *, user_id: int, directive: Directive, task: int,
                            unit_code: str | None, when_text: str) -> str:
    """/deadline for one task, of one unit or of all: the same db function and audit entry."""
    try:
        when = parse_vn_date(when_text, today=services(app).now().date())  # the same window as /deadline
    except DateFormatError as exc:
        raise ActionError(400, str(exc)) from exc

    def work(session: Session) -> str:
        if task not in {t.number for t in list_tasks(session, directive_id=directive.id)}:
            raise ActionError(400, texts.WEBAPP_DEADLINE_BAD_TASK)
        unit_ids = None
        if unit_code is not None:
            unit = get_unit_by_code(session, code=unit_code)
            if unit is None:
                raise ActionError(404, texts.WEBAPP_NOT_FOUND)
            unit_ids = [unit.id]
        count = set_deadline(session, directive_id=directive.id, task_number=task, deadline=when, unit_ids=unit_ids)
        audit(session, actor=f"tg:{user_id}", action="deadline.set",
              details=f"{directive.number} NV{task} {fmt_date(when)} {unit_code or 'all'}")
        session.commit()
        return texts.plain(texts.DEADLINE_SET.format(task=task, number=texts.h(directive.number),
                                                     deadline=fmt_date(when), count=count))

    return await _in_session(app, work)


async def decide(app: Application, *, user_id: int, request_id: int, approve: bool) -> str:
    """✅ / ❌ on a pending extension request, as the button under the office's message does."""
    svc = services(app)
    now = svc.now()

    def work(session: Session) -> str:
        request, refused = decide_and_tell_unit(session, request_id=request_id, approve=approve,
                                                decided_by=user_id, now=now)
        if request is None:
            session.commit()  # a request found superseded is marked so, as under the button
            known = session.get(ExtensionRequest, request_id)
            if refused == "decided" and known is not None and known.state.value in texts.WEBAPP_EXTENSION_STATE:
                # a second tap (or another admin first): not an error, the request is decided
                raise ActionError(409, texts.WEBAPP_EXTENSION_ALREADY.format(
                    state=texts.WEBAPP_EXTENSION_STATE[known.state.value]), notice=True)
            raise ActionError(409, texts.plain(REFUSED_TEXT.get(refused, texts.EXTEND_ALREADY)))
        unit, task = assignment_cell_label(session, assignment_id=request.assignment_id)
        session.commit()
        return texts.WEBAPP_EXTENSION_DONE.format(decision=texts.EXTEND_BUTTONS[0 if approve else 1],
                                                  unit=unit, task=task)

    text = await _in_session(app, work)
    services(app).wake_sender()
    return text


async def remind_unit(app: Application, *, user_id: int, unit_code: str) -> str:
    """/remind SNV: the nudges due now for one unit, even outside office hours; audit-logged."""
    unit = await _in_session(app, lambda s: get_unit_by_code(s, code=unit_code))
    if unit is None:
        raise ActionError(404, texts.WEBAPP_NOT_FOUND)
    units_count, messages = await sweep(app, force=True, unit_ids=[unit.id], drain=False)

    def record(session: Session) -> None:
        audit(session, actor=f"tg:{user_id}", action="remind.send", details=f"{unit.code} {messages} tin")
        session.commit()

    await _in_session(app, record)
    if messages:
        services(app).wake_sender()  # the sender delivers them; the page's answer need not wait for that
    return texts.plain(texts.REMIND_DONE.format(units=units_count, messages=messages)
                       if units_count else texts.REMIND_NONE)
