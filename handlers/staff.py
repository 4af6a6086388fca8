"""Office roles (/staff) and the audit log (/audit)."""

from __future__ import annotations

from sqlmodel import Session
from telegram import Update
from telegram.ext import ContextTypes

from bot import texts
from bot.domain.audit_view import audit_line, audit_refs
from bot.domain.dates import fmt_datetime
from bot.domain.enums import OfficeRole
from bot.domain.numbers import parse_number, parse_user_id
from bot.operations.cards import split_message
from bot.services import services
from bot.webapp.menu import set_office_menu
from db.audit import audit_names, latest_audit
from db.staff import list_members, remove_member, set_member
from handlers.office import actor, office_only

# Vietnamese words first (shown in /huongdan); the English ones stay as aliases.
STAFF_ACTIONS = {"them": "add", "thêm": "add", "add": "add", "xoa": "remove", "xóa": "remove", "remove": "remove"}
STAFF_ROLES = {"quantri": "admin", "quản_trị": "admin", "admin": "admin",
               "theodoi": "viewer", "theo_dõi": "viewer", "viewer": "viewer"}


@office_only()
async def staff(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/staff lists office members; admins add or remove with /staff add|remove."""
    svc = services(context)
    args = context.args or []
    if args:
        await _change_staff(update, context)
        return
    with Session(svc.engine) as session:
        members = list_members(session)
    lines = [texts.STAFF_HEADER]
    lines += [texts.STAFF_BOOTSTRAP.format(user_id=uid) for uid in svc.settings.admin_ids]
    lines += [texts.STAFF_LINE.format(user_id=m.tg_user_id, name=f" {texts.h(m.name)}" if m.name else "",
                                role=texts.OFFICE_ROLE_LABEL[m.role.value])
              for m in members if m.tg_user_id not in svc.settings.admin_ids]
    await update.effective_message.reply_text("\n".join(lines))


@office_only(admin=True)
async def _change_staff(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/canbo them <id> quantri|theodoi, /canbo xoa <id> (admins only; add/remove admin/viewer too)."""
    svc = services(context)
    args = context.args or []
    action = STAFF_ACTIONS.get(args[0].lower())
    user_id = parse_user_id(args[1]) if len(args) > 1 else None
    role_name = STAFF_ROLES.get(args[2].lower()) if len(args) == 3 else None
    valid = user_id is not None and (
        (action == "add" and len(args) == 3 and role_name is not None)
        or (action == "remove" and len(args) == 2)
    )
    if not valid:
        await update.effective_message.reply_text(texts.STAFF_USAGE)
        return
    with Session(svc.engine) as session:
        if action == "add":
            role = OfficeRole(role_name)
            set_member(session, tg_user_id=user_id, role=role, name="", actor=actor(update), now=svc.now())
            text = texts.STAFF_SET.format(user_id=user_id, role=texts.OFFICE_ROLE_LABEL[role.value])
        elif remove_member(session, tg_user_id=user_id, actor=actor(update)):
            text = texts.STAFF_REMOVED.format(user_id=user_id)
        else:
            text = texts.STAFF_NOT_FOUND.format(user_id=user_id)
        session.commit()
    await set_office_menu(context.bot, svc.settings, user_id,
                          office=action == "add" or user_id in svc.settings.admin_ids)
    await update.effective_message.reply_text(text)


@office_only(admin=True)
async def audit_log(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/audit [n]: the latest audit entries."""
    svc = services(context)
    args = context.args or []
    asked = parse_number(args[0]) if args else None
    limit = min(asked, 200) if asked else 20
    with Session(svc.engine) as session:
        entries = latest_audit(session, limit=limit)
        names = audit_names(session, refs=audit_refs(entries))
    lines = [texts.AUDIT_HEADER.format(count=len(entries))]
    lines += [audit_line(e, names, fmt_datetime(e.at, svc.settings.timezone)) for e in entries]
    for part in split_message("\n".join(lines)):
        await update.effective_message.reply_text(part)
