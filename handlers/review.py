"""Office review on the phone: /summary, /overdue, /export."""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlmodel import Session
from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot import texts
from bot.documents.workbook import export_directive  # openpyxl itself loads only when writing
from bot.domain.callback_data import SummaryPage
from bot.domain.dates import fmt_datetime
from bot.operations.cards import split_message
from bot.operations.office_views import current_directive, overdue_lines, summary_page
from bot.operations.offload import on_directive
from bot.services import services
from db.models import Directive
from handlers.common import to_markup
from handlers.office import office_only
from jobs.nudges import calendar_of


async def directive_or_reply(update: Update, session: Session, args: list[str]) -> Directive | None:
    """The directive a command is about; when there is none, the user is told and None returned."""
    directive = current_directive(session, args)
    if directive is None:
        text = texts.DIRECTIVE_UNKNOWN.format(number=texts.h(args[0])) if args else texts.NO_DIRECTIVE
        await update.effective_message.reply_text(text)
    return directive


async def directive_from_args(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Directive | None:
    """`directive_or_reply` in its own short session, for handlers whose work runs elsewhere (a worker
    thread): the row comes back detached, its columns readable."""
    with Session(services(context).engine) as session:
        return await directive_or_reply(update, session, context.args or [])


async def on_directive_in_thread(svc, directive_id: int, work, **kwargs):
    """`work(session, directive=…, **kwargs)` in the worker process (bot/operations/offload.py) with its own session:
    an export or a chart takes from a fraction of a second to many, and the bot keeps answering meanwhile."""
    return await on_directive(svc, directive_id, work, **kwargs)


def with_dashboard_button(markup: dict | None, svc, chat) -> dict | None:
    """The summary's keyboard plus a row opening the dashboard (WEBAPP_URL), in private chats only:
    Telegram allows web_app buttons there, and nothing private is opened from a group."""
    if not svc.settings.webapp_url or chat is None or chat.type != ChatType.PRIVATE:
        return markup
    row = [{"text": texts.WEBAPP_OPEN_BUTTON, "web_app": {"url": svc.settings.webapp_url}}]
    return {"inline_keyboard": [*(markup or {}).get("inline_keyboard", []), row]}


@office_only(office_chat=True)
async def summary(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/summary [directive] (/tonghop): completion per unit, worst first."""
    svc = services(context)
    with Session(svc.engine) as session:
        if (directive := await directive_or_reply(update, session, context.args or [])) is None:
            return
        text, markup = summary_page(session, svc, directive, 0)
    markup = with_dashboard_button(markup, svc, update.effective_chat)
    await update.effective_message.reply_text(text, reply_markup=to_markup(markup))


async def on_summary_page(update: Update, context: ContextTypes.DEFAULT_TYPE, data: SummaryPage) -> None:
    """◀ ▶ under a summary: office members only."""
    from db.people import office_role

    svc = services(context)
    query = update.callback_query
    with Session(svc.engine) as session:
        role = office_role(session, tg_user_id=update.effective_user.id, admin_ids=svc.settings.admin_ids)
        directive = session.get(Directive, data.directive_id)
        if role is None or directive is None:
            await query.answer(texts.NOT_OFFICE if role is None else texts.STALE_BUTTON, show_alert=True)
            return
        text, markup = summary_page(session, svc, directive, data.page)
    markup = with_dashboard_button(markup, svc, update.effective_chat)
    await query.answer()
    await query.edit_message_text(text, reply_markup=to_markup(markup))


@office_only(office_chat=True)
async def overdue(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/overdue (/quahan): units with overdue tasks, and units the bot cannot reach."""
    svc = services(context)
    with Session(svc.engine) as session:
        if (directive := await directive_or_reply(update, session, context.args or [])) is None:
            return
        lines = overdue_lines(session, svc, directive, calendar=calendar_of(context))
    for part in split_message("\n".join(lines)):
        await update.effective_message.reply_text(part)


@office_only()
async def export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/export [directive]: the Excel workbook as a document."""
    svc = services(context)
    now, tz = svc.now(), svc.settings.timezone
    if (directive := await directive_from_args(update, context)) is None:
        return
    name = f"tong-hop-{directive.number.replace('/', '-')}-{now:%Y%m%d-%H%M}.xlsx"
    with tempfile.TemporaryDirectory() as tmp:
        path = await on_directive_in_thread(svc, directive.id, export_directive, now=now, tz=tz,
                                            out=Path(tmp) / name)
        caption = texts.EXPORT_CAPTION.format(number=texts.h(directive.number), at=fmt_datetime(now, tz))
        with path.open("rb") as fh:
            await update.effective_message.reply_document(fh, filename=name, caption=caption)
