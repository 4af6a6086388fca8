"""Office commands: invites, revocations, pushing tasks, the unit list."""

from __future__ import annotations

import functools

from sqlmodel import Session
from telegram import Update
from telegram.ext import ContextTypes

from bot import texts
from bot.cards import split_message
from bot.dates import fmt_datetime
from bot.push import queue_task_cards
from bot.services import services
from db.audit import audit
from db.directives import assigned_units, get_directive
from db.models import FocalRole, OfficeRole
from db.people import create_invite, office_role, reachable_focal_points, revoke_focal, unit_focal_points
from db.reports import assignments_for_push
from db.units import get_unit_by_code, get_units_by_codes, list_units
from jobs.sender import kick_sender


def office_only(admin: bool = False):
    """Refuse politely unless the user is an office member (an admin when `admin`)."""

    def decorator(handler):
        @functools.wraps(handler)
        async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            svc = services(context)
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
    if len(args) != 2 or not args[1].lstrip("-").isdigit():
        await update.effective_message.reply_text(texts.REVOKE_USAGE)
        return
    with Session(svc.engine) as session:
        unit = get_unit_by_code(session, code=args[0])
        if unit is None:
            text = texts.UNIT_UNKNOWN.format(code=texts.h(args[0].upper()))
        else:
            focal = revoke_focal(session, unit=unit, tg_user_id=int(args[1]), actor=actor(update), now=svc.now())
            session.commit()
            text = (
                texts.REVOKED.format(name=texts.h(focal.name), user_id=focal.tg_user_id, code=unit.code)
                if focal else texts.REVOKE_NOT_FOUND.format(user_id=args[1], code=unit.code)
            )
    await update.effective_message.reply_text(text)


@office_only(admin=True)
async def push(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/push 2410/UBND-KSTT [SNV,STC|all]: queue every task to every active focal point."""
    svc = services(context)
    args = context.args or []
    if not args:
        await update.effective_message.reply_text(texts.PUSH_USAGE)
        return
    codes = [c for a in args[1:] for c in a.split(",") if c.strip()]
    now = svc.now()
    queued = 0
    with Session(svc.engine) as session:
        directive = get_directive(session, number=args[0])
        if directive is None:
            text = texts.DIRECTIVE_UNKNOWN.format(number=texts.h(args[0]))
        elif not directive.is_open:
            text = texts.DIRECTIVE_CLOSED.format(number=texts.h(directive.number))
        else:
            unknown: list[str] = []
            if codes and [c.lower() for c in codes] != ["all"]:
                units, unknown = get_units_by_codes(session, codes=codes)
            else:
                units = assigned_units(session, directive_id=directive.id)
            if unknown:
                text = texts.PUSH_UNKNOWN_CODES.format(codes=texts.h(", ".join(unknown)))
            else:
                unit_ids = [u.id for u in units]
                views = assignments_for_push(session, directive_id=directive.id, unit_ids=unit_ids)
                people = reachable_focal_points(session, unit_ids=unit_ids)
                queued, skipped = queue_task_cards(
                    session, views=views, focal_points=people, tz=svc.settings.timezone, now=now
                )
                with_focal = {p.unit_id for p in people}
                without = [u.code for u in units if u.id not in with_focal]
                audit(session, actor=actor(update), action="directive.push",
                      details=f"{directive.number} units={len(units)} queued={queued}")
                session.commit()
                text = texts.PUSH_DONE.format(
                    messages=queued, units=len(with_focal), people=len(people), skipped=skipped,
                    missing=texts.PUSH_NO_FOCAL.format(codes=", ".join(without)) if without else "",
                )
    await update.effective_message.reply_text(text)
    if queued:
        kick_sender(context.application)


@office_only()
async def units(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/units: every unit with its focal points."""
    svc = services(context)
    with Session(svc.engine) as session:
        lines = []
        all_units = list_units(session)
        for unit in all_units:
            people = unit_focal_points(session, unit_id=unit.id)
            focal = ", ".join(
                f"{texts.h(p.name)} ({texts.FOCAL_STATE_LABEL[p.state]})" for p in people
            ) or texts.NO_FOCAL_YET
            lines.append(texts.UNITS_LINE.format(code=unit.code, name=texts.h(unit.name), focal=focal))
    text = "\n".join([texts.UNITS_HEADER.format(count=len(all_units)), *lines])
    for part in split_message(text):
        await update.effective_message.reply_text(part)
