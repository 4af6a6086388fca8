"""The dashboard's menu button in an office member's private chat (setChatMenuButton, per chat)."""

from __future__ import annotations

import logging

from telegram import Bot, MenuButtonDefault, MenuButtonWebApp, WebAppInfo
from telegram.error import TelegramError

from bot import texts
from bot.settings import Settings

log = logging.getLogger(__name__)


async def set_office_menu(bot: Bot, settings: Settings, user_id: int, *, office: bool) -> bool:
    """An office member's menu button opens WEBAPP_URL; anyone else's is Telegram's default again.
    Nothing happens without WEBAPP_URL; a chat Telegram refuses (never opened) is only logged."""
    if not settings.webapp_url:
        return False
    button = (MenuButtonWebApp(texts.WEBAPP_MENU_BUTTON, WebAppInfo(settings.webapp_url)) if office
              else MenuButtonDefault())
    try:
        return await bot.set_chat_menu_button(chat_id=user_id, menu_button=button)
    except TelegramError as exc:
        log.info("menu button for %s not set: %s", user_id, exc)
        return False
