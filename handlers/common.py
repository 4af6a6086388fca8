"""/start without a code, /help, and messages from people the bot does not know."""

from __future__ import annotations

from sqlmodel import Session
from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot import metrics, texts
from bot.services import services
from db.people import identify


def to_markup(data: dict | None) -> InlineKeyboardMarkup | None:
    """Keyboard JSON built by the pure modules (cards, office views) as PTB's object."""
    return InlineKeyboardMarkup.de_json(data, None) if data else None


def help_text(identity) -> str:
    if identity.office:
        text = texts.HELP_OFFICE
        if identity.focal:
            text += "\n\n" + texts.HELP_FOCAL.format(unit=texts.h(identity.unit.name))
        return text
    if identity.focal:
        return texts.HELP_FOCAL.format(unit=texts.h(identity.unit.name))
    return texts.HELP_STRANGER


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet: registration with a code, otherwise a welcome that fits who is writing."""
    if update.effective_chat.type != ChatType.PRIVATE:
        await update.effective_message.reply_text(texts.GROUP_START_REFUSED)
        return
    if context.args:
        from handlers.registration import register

        await register(update, context, context.args[0])
        return
    svc = services(context)
    user = update.effective_user
    with Session(svc.engine) as session:
        identity = identify(session, tg_user_id=user.id, admin_ids=svc.settings.admin_ids)
        if identity.focal:
            text = texts.WELCOME_BACK.format(
                name=texts.h(user.full_name), role=texts.ROLE_LABEL[identity.focal.role],
                unit=texts.h(identity.unit.name),
            )
        elif identity.office:
            text = texts.WELCOME_OFFICE.format(name=texts.h(user.full_name), role=texts.OFFICE_ROLE_LABEL[identity.office.value])
        else:
            text = texts.WELCOME_STRANGER
    await update.effective_message.reply_text(text)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """What this user can do: differs for a focal point, an office member and a stranger."""
    svc = services(context)
    with Session(svc.engine) as session:
        identity = identify(session, tg_user_id=update.effective_user.id, admin_ids=svc.settings.admin_ids)
        text = help_text(identity)
    await update.effective_message.reply_text(text)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not have: say so and point to /huongdan."""
    await update.effective_message.reply_text(texts.UNKNOWN_COMMAND)


async def unsupported_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, voice, locations…: a polite hint instead of silence."""
    await update.effective_message.reply_text(texts.UNSUPPORTED_MESSAGE)


def update_kind(update: Update) -> str:
    """The kind `cchc_updates_total` counts an update under (bot.metrics.UPDATE_KINDS)."""
    if update.callback_query is not None:
        return "button"
    if update.edited_message is not None:
        return "edit"
    message = update.message
    if message is None:
        return "other"
    if message.document is not None or message.photo:
        return "file"
    if message.text is not None:
        return "command" if message.text.startswith("/") else "text"
    return "other"


async def count_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs first for every update (group -2, before the flood guard): counted by kind for /metrics."""
    metrics.UPDATES.labels(update_kind(update)).inc()
