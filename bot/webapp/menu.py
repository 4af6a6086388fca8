"""The Mini App's menu button in a private chat (setChatMenuButton, per chat): the dashboard for office members,
the report form for focal points (the same page: it shows what the person's launch data allows)."""

from __future__ import annotations

import logging

from telegram import Bot, MenuButtonDefault, MenuButtonWebApp, WebAppInfo
from telegram.error import TelegramError

from bot import texts
from bot.settings import Settings

log = logging.getLogger(__name__)


async def set_office_menu(bot: Bot, settings: Settings, user_id: int, *, office: bool,
                          focal: bool = False) -> bool:
    """An office member's menu button opens WEBAPP_URL as "Bảng theo dõi", a focal point's as "Báo cáo nhiệm vụ";
    anyone else's is Telegram's default again. Nothing happens without WEBAPP_URL; a chat Telegram refuses
    (never opened) is only logged."""
    if not settings.webapp_url:
        return False
    text = texts.WEBAPP_MENU_BUTTON if office else texts.WEBAPP_FOCAL_MENU_BUTTON
    button = MenuButtonWebApp(text, WebAppInfo(settings.webapp_url)) if office or focal else MenuButtonDefault()
    try:
        return await bot.set_chat_menu_button(chat_id=user_id, menu_button=button)
    except TelegramError as exc:
        log.info("menu button for %s not set: %s", user_id, exc)
        return False
