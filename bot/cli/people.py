"""`invite`, `revoke`, `push`, `policy`: focal points, what they are sent and when they are reminded."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot import texts
from bot.cli.common import CliError, _engine
from bot.domain.enums import FocalRole
from bot.settings import Settings
from db.directives import get_directive


def cmd_invite(settings: Settings, args) -> None:
    from db.people import create_invite
    from db.units import get_unit_by_code

    with Session(_engine(settings), expire_on_commit=False) as session:
        unit = get_unit_by_code(session, code=args.unit)
        if unit is None:
            raise CliError(f"Không có đơn vị mã {args.unit.upper()}.")
        role = FocalRole.deputy if args.deputy else FocalRole.primary
        code, invite = create_invite(session, unit=unit, role=role, created_by="cli",
                                     now=datetime.now(settings.timezone), ttl_days=settings.invite_ttl_days)
        session.commit()
        expires = invite.expires_at.astimezone(settings.timezone).strftime("%H:%M %d/%m/%Y")
    username = args.bot_username or "<tên_bot>"
    print(f"Link mời cho {unit.name} ({unit.code}), dùng một lần, hạn đến {expires}:")
    print(f"https://t.me/{username}?start={code}")
    print(f"Mã: {code}")


def cmd_revoke(settings: Settings, args) -> None:
    from db.people import revoke_focal
    from db.units import get_unit_by_code

    with Session(_engine(settings), expire_on_commit=False) as session:
        unit = get_unit_by_code(session, code=args.unit)
        if unit is None:
            raise CliError(f"Không có đơn vị mã {args.unit.upper()}.")
        focal = revoke_focal(session, unit=unit, tg_user_id=args.user_id, actor="cli",
                             now=datetime.now(settings.timezone))
        if focal is None:
            raise CliError(f"Không có đầu mối {args.user_id} đang hoạt động của {unit.code}.")
        session.commit()
    print(f"Đã thu hồi đầu mối {focal.name} ({focal.tg_user_id}) của {unit.code}.")


def cmd_push(settings: Settings, args) -> None:
    from bot.delivery.push import PushError, queue_directive_push

    with Session(_engine(settings), expire_on_commit=False) as session:
        try:
            result = queue_directive_push(session, number=args.directive, codes=[args.units or "all"],
                                          actor="cli", tz=settings.timezone, now=datetime.now(settings.timezone))
        except PushError as exc:
            raise CliError(texts.plain(str(exc))) from exc
        session.commit()
    print(f"Đã xếp hàng {result.queued} tin nhắn cho {len(result.people)} đầu mối (bỏ qua {result.skipped} tin "
          "đã gửi). Bot đang chạy sẽ gửi trong vài giây.")


def cmd_policy(settings: Settings, args) -> None:
    from bot.domain.reminders import PolicyError, parse_policy_args, policy_for

    with Session(_engine(settings), expire_on_commit=False) as session:
        directive = get_directive(session, number=args.directive)
        if directive is None:
            raise CliError(f"Không có văn bản số {args.directive}.")
        try:
            chosen = parse_policy_args(args.settings, policy_for(directive.reminder_policy))
        except PolicyError as exc:
            raise CliError(str(exc)) from exc
        if args.settings:
            from db.nudges import set_reminder_policy

            set_reminder_policy(session, directive=directive, policy=chosen)
            session.commit()
    print(f"{directive.number}: trước hạn {', '.join(map(str, chosen.before_days))} ngày làm việc lúc "
          f"{chosen.at:%H:%M}; quá hạn nhắc {chosen.overdue_every} ngày một lần; báo Văn phòng sau "
          f"{chosen.escalate_after} ngày.")
