"""The composition root: one place wires settings, database, handlers, jobs and the error handler."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session
from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import texts
from bot.delivery.direct_retry import DirectAnswers
from bot.delivery.update_order import PerPersonOrder
from bot.health import HealthServer
from bot.operations import offload
from bot.services import SERVICES_KEY, Services
from bot.settings import Settings
from bot.webapp.menu import set_office_menu
from bot.webapp.server import DashboardServer
from db.staff import list_members
from handlers import (
    callbacks,
    common,
    digest,
    documents,
    errors,
    evidence,
    extensions,
    flood,
    office,
    questions,
    replies,
    reports,
    review,
    schedule,
    staff,
    unit_views,
    uploads,
)
from jobs.backups import BACKUP_CHECK_SECONDS, backup_job, backup_warning, note_existing_backups
from jobs.digest import digest_job
from jobs.evidence import ARCHIVE_INTERVAL_SECONDS, archive_job
from jobs.leader import Leadership
from jobs.maintenance import STATISTICS_INTERVAL_SECONDS, statistics_job
from jobs.nudges import sweep_job
from jobs.sender import (
    answers_waiting,
    kick_sender,
    limiter_of,
    load_waiting_answers,
    queue_answer,
    sender_job,
)

log = logging.getLogger(__name__)
OFFLINE_TOKEN = "1:offline"  # the demo and tests never reach Telegram; PTB still wants a token
SENDER_INTERVAL_SECONDS = 5
LEADER_INTERVAL_SECONDS = 5
SWEEP_INTERVAL_SECONDS = 60
DIGEST_INTERVAL_SECONDS = 300


def file_url(api_url: str) -> str:
    """https://api.telegram.org/bot -> https://api.telegram.org/file/bot (local servers alike)."""
    return api_url[: -len("bot")] + "file/bot" if api_url.endswith("bot") else api_url.rstrip("/") + "/file/bot"


def _wall_clock(settings: Settings) -> Callable[[], datetime]:
    return lambda: datetime.now(settings.timezone)


async def post_init(app: Application) -> None:
    """Menus for focal points and office members (commands, the dashboard's menu button), the named jobs,
    and the dashboard's web server when WEBAPP_LISTEN is set."""
    svc: Services = app.bot_data[SERVICES_KEY]
    load_waiting_answers(app)
    await app.bot.set_my_commands(
        [BotCommand(c, d) for c, d in texts.COMMANDS_FOCAL], scope=BotCommandScopeDefault()
    )
    with Session(svc.engine) as session:
        office_ids = list(dict.fromkeys([*svc.settings.admin_ids, *(m.tg_user_id for m in list_members(session))]))
    for user_id in office_ids:
        try:
            await app.bot.set_my_commands(
                [BotCommand(c, d) for c, d in texts.COMMANDS_OFFICE], scope=BotCommandScopeChat(user_id)
            )
        except TelegramError:  # the member has not opened a chat with the bot yet
            pass
        await set_office_menu(app.bot, svc.settings, user_id, office=True)
    register_jobs(app)
    if svc.settings.webapp_listen is not None:
        svc.webapp = DashboardServer(app)
        await svc.webapp.start(*svc.settings.webapp_listen)
    if svc.settings.metrics_listen is not None:
        svc.health = HealthServer(app, sweep_every=SWEEP_INTERVAL_SECONDS, send_every=SENDER_INTERVAL_SECONDS)
        await svc.health.start(*svc.settings.metrics_listen)


async def leader_job(context) -> None:
    """Named repeating job: keep or take leadership (several processes on one PostgreSQL database)."""
    svc: Services = context.bot_data[SERVICES_KEY]
    was_leader = svc.is_leader
    if svc.leadership.refresh() and not was_leader:
        await sender_job(context)  # a new leader starts with what the old one left pending


async def post_shutdown(app: Application) -> None:
    """Stop the dashboard; give leadership back at once, so another process need not wait for a time-out."""
    svc: Services = app.bot_data[SERVICES_KEY]
    if svc.webapp is not None:
        await svc.webapp.stop()
    if svc.health is not None:
        await svc.health.stop()
    if svc.leadership is not None:
        svc.leadership.release()
    offload.shutdown()  # the export/chart worker process, when one was started


def register_jobs(app: Application) -> None:
    if app.job_queue is None:
        return
    svc: Services = app.bot_data[SERVICES_KEY]
    svc.leadership = Leadership(svc.engine)
    svc.leadership.refresh()
    app.job_queue.run_repeating(leader_job, interval=LEADER_INTERVAL_SECONDS, first=LEADER_INTERVAL_SECONDS,
                                name="leader-election")
    app.job_queue.run_repeating(sender_job, interval=SENDER_INTERVAL_SECONDS, first=1, name="outbox-sender")
    app.job_queue.run_repeating(sweep_job, interval=SWEEP_INTERVAL_SECONDS, first=10, name="reminder-sweep")
    app.job_queue.run_repeating(digest_job, interval=DIGEST_INTERVAL_SECONDS, first=30, name="weekly-digest")
    app.job_queue.run_repeating(statistics_job, interval=STATISTICS_INTERVAL_SECONDS, first=20,
                                name="database-statistics")
    app.job_queue.run_repeating(archive_job, interval=ARCHIVE_INTERVAL_SECONDS, first=5, name="evidence-archive")
    if warning := backup_warning(svc.settings):
        log.warning("%s", warning)
    note_existing_backups(svc)
    app.job_queue.run_repeating(backup_job, interval=BACKUP_CHECK_SECONDS, first=60, name="daily-backup")


def build_application(
    settings: Settings,
    *,
    engine: Engine,
    request: BaseRequest | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Application:
    """Build the bot. `request` replaces the HTTP transport (tests, demo); `clock` the wall clock."""
    builder = (
        ApplicationBuilder()
        .token(settings.token or OFFLINE_TOKEN)
        .base_url(settings.api_url)
        .base_file_url(file_url(settings.api_url))
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.timezone))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .rate_limiter(DirectAnswers())
        # Updates run concurrently, each person's in arrival order: a slow /export delays nobody else.
        .concurrent_updates(PerPersonOrder())
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    app = builder.build()
    svc = app.bot_data[SERVICES_KEY] = Services(
        settings=settings, engine=engine, clock=clock or _wall_clock(settings),
        sender_wakeup=lambda: kick_sender(app),
    )
    answers = app.bot.rate_limiter
    answers.on_retry_after = lambda seconds: limiter_of(svc).pause(seconds)
    answers.queue = lambda chat_id, payload, wait: queue_answer(app, chat_id, payload, wait)
    answers.must_queue = lambda chat_id: answers_waiting(app, chat_id)
    add_handlers(app)
    return app


def add_handlers(app: Application) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(TypeHandler(Update, common.count_update), group=-2)
    app.add_handler(TypeHandler(Update, flood.flood_guard), group=-1)
    # Edits first: an edited report corrects it; any other edit (an edited command included) does nothing.
    edited = filters.UpdateType.EDITED
    app.add_handler(MessageHandler(private & edited & filters.TEXT & ~filters.COMMAND, replies.on_edited_text))
    app.add_handler(MessageHandler(edited, replies.ignore_edit))
    # The most common update, a focal point's text, is matched before the two dozen command handlers.
    app.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, replies.on_text))
    app.add_handler(CommandHandler("start", common.start))
    app.add_handler(CommandHandler(["help", "huongdan"], common.help_command))
    app.add_handler(CommandHandler(["invite", "moi"], office.invite))
    app.add_handler(CommandHandler(["revoke", "thuhoi"], office.revoke))
    app.add_handler(CommandHandler(["push", "gui"], office.push))
    app.add_handler(CommandHandler(["units", "danhsach"], office.units))
    app.add_handler(CommandHandler(["deadline", "han"], schedule.deadline))
    app.add_handler(CommandHandler(["schedule", "lichnhac"], schedule.schedule))
    app.add_handler(CommandHandler(["remind", "nhac"], schedule.remind))
    app.add_handler(CommandHandler(["policy", "chinhsach"], schedule.policy))
    app.add_handler(CommandHandler(["close", "dong", "reopen", "molai"], schedule.close_directive))
    app.add_handler(CommandHandler(["summary", "tonghop"], review.summary))
    app.add_handler(CommandHandler(["overdue", "quahan"], review.overdue))
    app.add_handler(CommandHandler(["export", "xuat"], review.export))
    app.add_handler(CommandHandler(["unit", "donvi"], unit_views.unit_view))
    app.add_handler(CommandHandler(["task", "xemnhiemvu"], unit_views.task_view))
    app.add_handler(CommandHandler(["chart", "bieudo"], digest.chart))
    app.add_handler(CommandHandler("vanban", documents.report))
    app.add_handler(CommandHandler("dondoc", documents.letter))
    app.add_handler(CommandHandler(["minhchung", "evidence"], evidence.evidence_pack))
    app.add_handler(CommandHandler(["digest", "baocaotuan"], digest.digest))
    app.add_handler(CommandHandler(["staff", "canbo"], staff.staff))
    app.add_handler(CommandHandler(["audit", "nhatky"], staff.audit_log))
    app.add_handler(CommandHandler(["questions", "hoidap"], questions.list_questions))
    app.add_handler(CommandHandler(["extend", "giahan"], extensions.extend, filters=private))
    app.add_handler(CommandHandler(["report", "baocao"], replies.on_report_command, filters=private))
    app.add_handler(CommandHandler(["tasks", "nhiemvu"], reports.on_tasks, filters=private))
    app.add_handler(CommandHandler(["bo_qua", "boqua", "skip"], reports.on_skip, filters=private))
    app.add_handler(CallbackQueryHandler(callbacks.on_callback))
    app.add_handler(MessageHandler(filters.Document.ALL & filters.CaptionRegex(uploads.UPLOAD_CAPTION),
                                   uploads.on_office_upload))
    app.add_handler(MessageHandler(private & (filters.Document.ALL | filters.PHOTO), reports.on_evidence))
    # An office member's reply to a unit's question posted in the office chat (issue 19).
    app.add_handler(MessageHandler(filters.ChatType.GROUPS & filters.REPLY & filters.TEXT & ~filters.COMMAND,
                                   questions.on_office_reply))
    app.add_handler(MessageHandler(private & filters.COMMAND, common.unknown_command))
    app.add_handler(MessageHandler(private & ~filters.StatusUpdate.ALL, common.unsupported_message))
    app.add_error_handler(errors.on_error)
