"""Office commands: invites, revocations, pushing tasks, the unit list."""

from __future__ import annotations

import asyncio
import functools

from sqlmodel import Session
from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot import texts
from bot.delivery.push import PushError, queue_directive_push
from bot.domain.dates import fmt_datetime
from bot.domain.enums import FocalRole, FocalState, OfficeRole
from bot.domain.numbers import parse_user_id
from bot.domain.unit_groups import group_rank, grouped
from bot.operations.cards import split_message
from bot.services import services
from bot.webapp.menu import set_office_menu
from db.people import create_invite, office_role, revoke_focal
from db.review import focal_points_by_unit
from db.units import get_unit_by_code, units_on


def office_only(admin: bool = False, office_chat: bool = False):
    """Refuse politely unless the user is an office member (an admin when `admin`), in a private chat.

    Private by default: what an office command shows (invite links, user ids, files) must not reach a
    group's members. `office_chat` read-only summaries may also be asked in OFFICE_CHAT_ID."""

    def decorator(handler):
        @functools.wraps(handler)
        async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            svc = services(context)
            chat, office_chat_id = update.effective_chat, svc.settings.office_chat_id
            if chat.type != ChatType.PRIVATE and not (office_chat and office_chat_id is not None
                                                      and chat.id == office_chat_id):
                await update.effective_message.reply_text(
                    texts.OFFICE_COMMAND_PRIVATE_OR_OFFICE_CHAT if office_chat and office_chat_id is not None
                    else texts.OFFICE_COMMAND_PRIVATE_ONLY)
                return
            with Session(svc.engine) as session:
                role = office_role(session, tg_user_id=update.effective_user.id, admin_ids=svc.settings.admin_ids)
            if role is None or (admin and role != OfficeRole.admin):
                await update.effective_message.reply_text(texts.NOT_ADMIN if role else texts.NOT_OFFICE)
                return
            await handler(update, context)

        return wrapper

    return decorator


def actor(update: Update) -> str:
    return f"tg:{update.effective_user.id}"


@office_only(admin=True)
async def invite(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/invite SNV [deputy]: a one-time registration link for a unit's focal point."""
    svc = services(context)
    args = context.args or []
    if not args or len(args) > 2 or (len(args) == 2 and args[1].lower() not in ("deputy", "phu", "phó", "pho")):
        await update.effective_message.reply_text(texts.INVITE_USAGE)
        return
    role = FocalRole.deputy if len(args) == 2 else FocalRole.primary
    with Session(svc.engine) as session:
        unit = get_unit_by_code(session, code=args[0])
        if unit is None:
            text = texts.UNIT_UNKNOWN.format(code=texts.h(args[0].upper()))
        else:
            code, stored = create_invite(
                session, unit=unit, role=role, created_by=actor(update), now=svc.now(),
                ttl_days=svc.settings.invite_ttl_days,
            )
            session.commit()
            text = texts.INVITE_CREATED.format(
                role=texts.ROLE_LABEL[role], unit=texts.h(unit.name), code=unit.code,
                expires=fmt_datetime(stored.expires_at, svc.settings.timezone),
                link=f"https://t.me/{context.bot.username}?start={code}", invite=code,
            )
    await update.effective_message.reply_text(text, disable_web_page_preview=True)


@office_only(admin=True)
async def revoke(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/revoke SNV <user id>: remove a focal point; the unit's history stays."""
    svc = services(context)
    args = context.args or []
    user_id = parse_user_id(args[1]) if len(args) == 2 else None
    if user_id is None:
        await update.effective_message.reply_text(texts.REVOKE_USAGE)
        return
    focal, office = None, False
    with Session(svc.engine) as session:
        unit = get_unit_by_code(session, code=args[0])
        if unit is None:
            text = texts.UNIT_UNKNOWN.format(code=texts.h(args[0].upper()))
        else:
            focal = revoke_focal(session, unit=unit, tg_user_id=user_id, actor=actor(update), now=svc.now())
            session.commit()
            office = office_role(session, tg_user_id=user_id, admin_ids=svc.settings.admin_ids) is not None
            text = (
                texts.REVOKED.format(name=texts.h(focal.name), user_id=focal.tg_user_id, unit=texts.h(unit.name))
                if focal else texts.REVOKE_NOT_FOUND.format(user_id=user_id, unit=texts.h(unit.name))
            )
    if focal is not None and not office:  # the report form's menu button goes with the registration
        await set_office_menu(context.bot, svc.settings, user_id, office=False)
    await update.effective_message.reply_text(text)


PUSH_COMMIT_EVERY = 1000  # outbox rows per transaction (~0.25 s of SQLite's write lock)


def _push_in_db(svc, args: list[str], who: str) -> tuple[str, int]:
    """In a worker thread, committing every 1,000 rows: a push to thousands of units takes seconds and
    the bot keeps answering meanwhile. Returns (reply, messages queued); PushError for a bad request."""
    with Session(svc.engine, expire_on_commit=False) as session:  # the result is read after the commits
        result = queue_directive_push(session, number=args[0], codes=args[1:], actor=who,
                                      tz=svc.settings.timezone, now=svc.now(), commit_every=PUSH_COMMIT_EVERY)
        without = result.units_without_focal
        text = texts.PUSH_DONE.format(
            messages=result.queued, units=len(result.units) - len(without), people=len(result.people),
            skipped=result.skipped, missing=texts.PUSH_NO_FOCAL.format(codes=", ".join(without)) if without else "",
        )
        session.commit()
    return text, result.queued


@office_only(admin=True)
async def push(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/push 2410/UBND-KSTT [SNV,STC|all]: queue every task to every active focal point."""
    svc = services(context)
    args = context.args or []
    if not args:
        await update.effective_message.reply_text(texts.PUSH_USAGE)
        return
    try:
        text, queued = await asyncio.to_thread(_push_in_db, svc, args, actor(update))
    except PushError as exc:
        await update.effective_message.reply_text(str(exc))
        return
    await update.effective_message.reply_text(text)
    if queued:
        services(context.application).wake_sender()


UNITS_MAX_LINES = 150  # a province has 20-60 units; beyond this the "Đơn vị" sheet of /export lists them


@office_only(office_chat=True)
async def units(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/units: today's units with their focal points (the first 150 on the phone; all in /export)."""
    svc = services(context)
    with Session(svc.engine) as session:
        # The units of today (those that ended are left out), in the documents' groups and official order.
        all_units = sorted(units_on(session, on=svc.now().astimezone(svc.settings.timezone).date()),
                           key=lambda u: (group_rank(u.kind), u.sort_order, u.code))
        shown = all_units[:UNITS_MAX_LINES]
        people = focal_points_by_unit(session, unit_ids=[u.id for u in shown])
    lines = []
    for group, members in grouped(shown, lambda u: u.kind):  # the groups of the documents
        lines.append(texts.UNITS_GROUP.format(group=texts.DOC_GROUP[group]))
        for unit in members:
            focal = ", ".join(f"{texts.h(p.name)} ({texts.FOCAL_STATE_LABEL[p.state]})"
                              for p in people.get(unit.code, []) if p.state != FocalState.revoked) or texts.NO_FOCAL_YET
            lines.append(texts.UNITS_LINE.format(code=unit.code, name=texts.h(unit.name), focal=focal))
    if len(all_units) > UNITS_MAX_LINES:
        lines.append(texts.UNITS_MORE.format(count=len(all_units) - UNITS_MAX_LINES))
    for part in split_message("\n".join([texts.UNITS_HEADER.format(count=len(all_units)), *lines])):
        await update.effective_message.reply_text(part)
