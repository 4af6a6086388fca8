"""Registration of focal points through one-time invite codes."""

from __future__ import annotations

import logging

from sqlmodel import Session
from telegram import Update
from telegram.ext import ContextTypes

from bot import texts
from bot.delivery.office_alerts import queue_office_alert
from bot.delivery.push import queue_task_cards
from bot.domain.dates import fmt_datetime
from bot.services import services
from bot.webapp.menu import set_office_menu
from db.people import RedeemOutcome, office_role, redeem_invite
from db.reports import open_assignments

log = logging.getLogger(__name__)


async def register(update: Update, context: ContextTypes.DEFAULT_TYPE, code: str) -> None:
    """Redeem an invite code, greet, and queue the unit's open tasks for the new focal point."""
    svc = services(context)
    user = update.effective_user
    now = svc.now()
    tz = svc.settings.timezone
    with Session(svc.engine) as session:
        result = redeem_invite(
            session, code=code, tg_user_id=user.id, chat_id=update.effective_chat.id,
            name=user.full_name, now=now,
        )
        outcome = result.outcome
        if outcome == RedeemOutcome.registered:
            views = open_assignments(session, unit_id=result.unit.id)
            queue_task_cards(session, views=views, focal_points=[result.focal], tz=tz, now=now)
            queue_office_alert(
                session, svc, key=f"registered:{result.focal.id}",
                text=texts.OFFICE_REGISTERED_ALERT.format(
                    unit=texts.h(result.unit.name), name=texts.h(result.focal.name),
                    role=texts.ROLE_LABEL[result.focal.role],
                ),
            )
            session.commit()
            text = texts.REGISTERED.format(
                name=texts.h(user.full_name), role=texts.ROLE_LABEL[result.focal.role],
                unit=texts.h(result.unit.name),
            )
            if not views:
                text += "\n\n" + texts.REGISTERED_NO_TASKS
            office = office_role(session, tg_user_id=user.id, admin_ids=svc.settings.admin_ids) is not None
            log.info("user %s registered for %s", user.id, result.unit.code)
        elif outcome == RedeemOutcome.expired:
            text = texts.INVITE_EXPIRED.format(expired=fmt_datetime(result.invite.expires_at, tz))
        elif outcome in (RedeemOutcome.other_unit, RedeemOutcome.same_unit):
            template = texts.ALREADY_SAME_UNIT if outcome == RedeemOutcome.same_unit else texts.ALREADY_OTHER_UNIT
            text = template.format(unit=texts.h(result.unit.name))
        else:
            text = {
                RedeemOutcome.malformed: texts.INVITE_MALFORMED,
                RedeemOutcome.unknown: texts.INVITE_UNKNOWN,
                RedeemOutcome.used: texts.INVITE_USED,
            }[outcome]
    await update.effective_message.reply_text(text)
    if outcome == RedeemOutcome.registered:
        if not office:  # the report form behind the menu button (an office member keeps the dashboard's)
            await set_office_menu(context.bot, svc.settings, user.id, office=False, focal=True)
        services(context.application).wake_sender()
