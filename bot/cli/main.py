"""The `cchc-bot` command line. Errors are one clear line and a non-zero exit, never a traceback."""

from __future__ import annotations

import argparse
import sys

from bot.cli.backups import cmd_backup, cmd_restore
from bot.cli.common import CliError
from bot.cli.data import (
    cmd_assign,
    cmd_directive_import,
    cmd_directive_list,
    cmd_directive_show,
    cmd_init,
    cmd_units_import,
    cmd_units_list,
)
from bot.cli.documents import cmd_export, cmd_letter, cmd_report
from bot.cli.evidence import cmd_evidence_export, cmd_evidence_verify
from bot.cli.people import cmd_invite, cmd_policy, cmd_push, cmd_revoke
from bot.cli.service import cmd_db, cmd_demo, cmd_run
from bot.settings import SettingsError, load_settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cchc-bot", description="Bot theo dõi nhiệm vụ CCHC qua Telegram")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="start the bot (needs TELEGRAM_BOT_TOKEN); polling unless --webhook")
    run.add_argument("--webhook", help="public URL Telegram posts updates to, e.g. https://host/path")
    run.add_argument("--listen", help="HOST:PORT to listen on in webhook mode (default 0.0.0.0:8443)")
    run.set_defaults(func=cmd_run)
    sub.add_parser("init", help="create tables; load bundled units and directive 2410").set_defaults(func=cmd_init)
    demo = sub.add_parser("demo", help="scripted walkthrough on a local console transport, no token")
    demo.add_argument("--out", default="demo-output")
    demo.add_argument("--serve", action="store_true",
                      help="keep the dashboard on 127.0.0.1 open after the walkthrough (Ctrl-C stops)")
    demo.add_argument("--port", type=int, default=0, help="the dashboard's port (default: a free one)")
    demo.set_defaults(func=cmd_demo)

    units = sub.add_parser("units", help="units").add_subparsers(dest="units_command", required=True)
    units_import = units.add_parser("import", help="import a code,name,kind CSV")
    units_import.add_argument("file")
    units_import.add_argument("--from", dest="current_from", metavar="DD/MM/YYYY",
                              help="the file is the whole list from this day: units missing from it end the day "
                                   "before (kept with their history, never deleted)")
    units_import.set_defaults(func=cmd_units_import)
    units_list = units.add_parser("list", help="the units of a day (default today), grouped")
    units_list.add_argument("--on", metavar="DD/MM/YYYY", help="the units that existed on this day")
    units_list.add_argument("--history", action="store_true", help="also the units that ended, with their dates")
    units_list.set_defaults(func=cmd_units_list)

    directive = sub.add_parser("directive", help="directives").add_subparsers(dest="directive_command",
                                                                               required=True)
    d_import = directive.add_parser("import", help="import a directive (.pdf, .docx or .txt): preview, then save")
    d_import.add_argument("file")
    d_import.add_argument("--number", help="override the number read from the header (Số: …)")
    d_import.add_argument("--date", help="dd/mm/yyyy; override the date read from the header")
    d_import.add_argument("--title", help="override the subject (V/v … or the title)")
    d_import.add_argument("--issuer", help="override the issuing body")
    d_import.add_argument("--dry-run", action="store_true", help="print the preview and save nothing")
    d_import.set_defaults(func=cmd_directive_import)
    directive.add_parser("list").set_defaults(func=cmd_directive_list)
    d_show = directive.add_parser("show")
    d_show.add_argument("number")
    d_show.set_defaults(func=cmd_directive_show)

    assign = sub.add_parser("assign", help="assign a directive's tasks to units")
    assign.add_argument("directive")
    target = assign.add_mutually_exclusive_group(required=True)
    target.add_argument("--all", action="store_true", help="every unit that existed on the directive's date")
    target.add_argument("--units", help="comma-separated unit codes")
    assign.add_argument("--deadline", help="dd/mm/yyyy")
    assign.set_defaults(func=cmd_assign)

    invite = sub.add_parser("invite", help="create a one-time invite for a unit's focal point")
    invite.add_argument("unit")
    invite.add_argument("--deputy", action="store_true")
    invite.add_argument("--bot-username", help="for the t.me link")
    invite.set_defaults(func=cmd_invite)

    revoke = sub.add_parser("revoke", help="remove a focal point")
    revoke.add_argument("unit")
    revoke.add_argument("user_id", type=int)
    revoke.set_defaults(func=cmd_revoke)

    policy = sub.add_parser("policy", help="show or set a directive's reminder policy")
    policy.add_argument("directive")
    policy.add_argument("settings", nargs="*", help="before=7,3,1 overdue=2 escalate=5 at=08:00")
    policy.set_defaults(func=cmd_policy)

    db = sub.add_parser("db", help="schema migrations").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply pending migrations").set_defaults(func=cmd_db)
    db.add_parser("current", help="show the schema revision").set_defaults(func=cmd_db)

    backup = sub.add_parser("backup", help="a copy now: into FILE (SQLite), or with its manifest into BACKUP_DIR")
    backup.add_argument("file", nargs="?")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="put a backup back (the bot must be stopped; refused otherwise)")
    restore.add_argument("file")
    restore.set_defaults(func=cmd_restore)

    export = sub.add_parser("export", help="write the office's Excel workbook (and/or a CSV)")
    export.add_argument("directive", nargs="?")
    export.add_argument("--out", help="FILE.xlsx")
    export.add_argument("--csv", help="FILE.csv")
    export.add_argument("--history", help="FILE.csv: every status report, oldest first")
    export.set_defaults(func=cmd_export)

    report = sub.add_parser("report", help="write the Word report on a directive (Decree 30 layout)")
    report.add_argument("directive", nargs="?")
    report.add_argument("--out", required=True, help="FILE.docx")
    report.set_defaults(func=cmd_report)

    letter = sub.add_parser("letter", help="write the chasing letter to units with overdue tasks")
    letter.add_argument("directive", nargs="?")
    letter.add_argument("--out", required=True, help="FILE.docx")
    letter.add_argument("--units", help="comma-separated codes (default: every unit with an overdue task)")
    letter.set_defaults(func=cmd_letter)

    evidence = sub.add_parser("evidence", help="the evidence archive (EVIDENCE_DIR)").add_subparsers(
        dest="evidence_command", required=True)
    pack = evidence.add_parser("export", help="zip of a directive's evidence by unit and task, with danh-muc.xlsx")
    pack.add_argument("directive")
    pack.add_argument("--out", required=True, help="FILE.zip")
    pack.add_argument("--units", help="comma-separated codes (default: every unit)")
    pack.set_defaults(func=cmd_evidence_export)
    evidence.add_parser("verify", help="re-hash every archived file; list missing or changed ones").set_defaults(
        func=cmd_evidence_verify)

    push = sub.add_parser("push", help="queue a directive's tasks for the focal points")
    push.add_argument("directive")
    push.add_argument("units", nargs="?", help="comma-separated codes or 'all'")
    push.set_defaults(func=cmd_push)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        args.func(settings, args)
    except SettingsError as exc:
        print(f"cchc-bot: {exc}", file=sys.stderr)
        return 2
    except CliError as exc:
        print(f"cchc-bot: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
