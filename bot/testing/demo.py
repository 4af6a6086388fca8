"""`cchc-bot demo`: the real Application, handlers, jobs and a SQLite file, on the local fake Bot API.

The scripted walkthrough prints a chat transcript; when stdin is a terminal, a console follows.
"""

from __future__ import annotations

import asyncio
import re
import signal
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot import texts
from bot.app import build_application
from bot.operations.seed import load_bundled
from bot.services import ManualClock
from bot.settings import Settings
from bot.testing.fake_bot_api import Call, FakeBotAPI
from bot.testing.fake_updates import UpdateFactory
from db.engine import create_schema, make_engine
from jobs.nudges import sweep
from jobs.sender import drain_outbox

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
OFFICE = {"id": 100, "is_bot": False, "first_name": "Trần Thị B (VP CCHC)"}
OFFICE_CHAT = -100200300
PEOPLE = {
    "SNV": {"id": 501, "is_bot": False, "first_name": "Nguyễn Văn A"},
    "HTD": {"id": 601, "is_bot": False, "first_name": "Hoàng Văn E"},
}
NAMES = {100: "Văn phòng CCHC", OFFICE_CHAT: "Nhóm Văn phòng CCHC", 501: "Nguyễn Văn A (SNV)",
         601: "Hoàng Văn E (HTD)"}


class Transcript:
    """Renders every Bot API call as chat lines, buttons included."""

    def __init__(self, out=sys.stdout, width: int = 400):
        self.out, self.width = out, width

    def user(self, name: str, text: str) -> None:
        print(f"\n👤 {name}: {text}", file=self.out)

    def note(self, text: str) -> None:
        print(f"\n——— {text} ———", file=self.out)

    def __call__(self, call: Call) -> None:
        to = NAMES.get(call.chat_id, str(call.chat_id))
        if call.method in ("sendMessage", "editMessageText"):
            verb = "✏️ sửa tin" if call.method == "editMessageText" else "🤖"
            body = texts.plain(call.text)
            if len(body) > self.width:
                body = body[: self.width] + " …"
            print(f"{verb} → {to}: " + body.replace("\n", "\n      "), file=self.out)
            if call.buttons:
                print("      " + " ".join(f"[{b['text']}]" for b in call.buttons), file=self.out)
        elif call.method == "answerCallbackQuery" and call.params.get("text"):
            print(f"🤖 (thông báo nút) {call.params['text']}", file=self.out)
        elif call.method in ("sendDocument", "sendPhoto"):
            name = next(iter(call.files.values()), ("tệp", b""))[0]
            print(f"🤖 → {to}: 📎 {name} ({texts.plain(call.text)})", file=self.out)


class Demo:
    def __init__(self, out_dir: Path, transcript: Transcript):
        out_dir.mkdir(parents=True, exist_ok=True)
        db = out_dir / "demo.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        self.out_dir = out_dir
        self.engine = make_engine(f"sqlite:///{db}")
        create_schema(self.engine)
        self.settings = Settings(token=None, admin_ids=(OFFICE["id"],), office_chat_id=OFFICE_CHAT,
                                 rate_limit=False, timezone=TZ)
        self.clock = ManualClock(datetime(2020, 11, 2, 9, 0, tzinfo=TZ))
        self.transcript = transcript
        self.api = FakeBotAPI(on_call=transcript)
        self.app = build_application(self.settings, engine=self.engine, request=self.api, clock=self.clock)
        self.updates = UpdateFactory(self.app.bot, self.clock)
        self.last_cards: dict[int, list[Call]] = {}

    async def say(self, user: dict, text: str, label: str | None = None) -> list[Call]:
        self.transcript.user(label or user["first_name"], text)
        mark = len(self.api.calls)
        await self.app.process_update(self.updates.text(user, text))
        await drain_outbox(self.app)
        calls = self.api.calls[mark:]
        cards = [c for c in calls if c.chat_id == user["id"] and c.buttons]
        if cards:
            self.last_cards[user["id"]] = cards
        return calls

    async def press(self, user: dict, card: Call, index: int) -> None:
        button = card.buttons[index]
        self.transcript.user(user["first_name"], f"(bấm nút [{button['text']}])")
        await self.app.process_update(self.updates.callback(user, button["callback_data"], message=card))
        await drain_outbox(self.app)

    async def at(self, when: datetime) -> None:
        self.clock.current = when
        self.transcript.note(f"Đồng hồ mô phỏng: {when:%H:%M %d/%m/%Y} — chạy lượt nhắc việc")
        await sweep(self.app)

    async def script(self) -> Path:
        t = self.transcript
        with Session(self.engine) as session:
            load_bundled(session)
            session.commit()
        t.note("Văn phòng CCHC nạp văn bản 2410/UBND-KSTT (7 nhiệm vụ) và 28 đơn vị của tỉnh Lai Châu")
        links = {}
        for code in PEOPLE:
            calls = await self.say(OFFICE, f"/moi {code}")
            links[code] = re.search(r"start=(\S+)", calls[0].text).group(1)
        t.note("Hai đầu mối mở link mời")
        for code, user in PEOPLE.items():
            await self.say(user, f"/start {links[code]}")
        await self.say(OFFICE, "/han 2410/UBND-KSTT 3 15/12/2020")
        await self.say(OFFICE, "/han 2410/UBND-KSTT 5 15/12/2020")
        t.note("SNV trả lời bằng nút, HTD trả lời bằng tin nhắn")
        snv_cards = self.last_cards[PEOPLE["SNV"]["id"]]
        await self.press(PEOPLE["SNV"], snv_cards[0], 0)
        await self.say(PEOPLE["SNV"], "Đã ban hành Kế hoạch CCHC năm 2021")
        await self.press(PEOPLE["SNV"], snv_cards[2], 1)
        await self.say(PEOPLE["SNV"], "/bo_qua")
        await self.say(PEOPLE["HTD"], "3 xong")
        await self.say(PEOPLE["HTD"], "4 vướng mắc: thiếu kinh phí")
        await self.at(datetime(2020, 12, 15, 8, 0, tzinfo=TZ))
        await self.at(datetime(2020, 12, 23, 8, 0, tzinfo=TZ))
        t.note("Văn phòng CCHC xem tổng hợp trên điện thoại")
        self.clock.current = datetime(2020, 12, 23, 9, 30, tzinfo=TZ)
        await self.say(OFFICE, "/tonghop")
        await self.say(OFFICE, "/quahan")
        await self.say(OFFICE, "/xuat")
        t.note("Văn phòng CCHC lấy báo cáo (Word) và dự thảo công văn đôn đốc các đơn vị quá hạn")
        await self.say(OFFICE, "/vanban")
        await self.say(OFFICE, "/dondoc")
        files = self.write_files("2410/UBND-KSTT", "2410")
        await self.two_tiers()
        return files + await self.second_directive()

    async def two_tiers(self) -> None:
        """The province as it is today: the 2025 list (sở after the mergers, 36 xã and 2 phường) becomes
        current; the districts end on 30/06/2025 and 2410 keeps them with their history."""
        from bot.operations.seed import UNITS_2025, bundled_text

        self.clock.current = datetime(2026, 1, 5, 9, 0, tzinfo=TZ)
        self.transcript.note("Từ 01/07/2025: chính quyền địa phương 2 cấp. Văn phòng CCHC nạp danh sách đơn vị "
                             "năm 2025 (các sở sau hợp nhất, 36 xã và 2 phường theo Nghị quyết 1670/NQ-UBTVQH15)")
        data = bundled_text(UNITS_2025)
        self.api.uploads[f"F-{UNITS_2025}"] = data
        self.transcript.user(OFFICE["first_name"], f"(gửi tệp {UNITS_2025} kèm chú thích /donvi)")
        await self.app.process_update(self.updates.document(OFFICE, file_name=UNITS_2025, size=len(data),
                                                            caption="/donvi"))
        await drain_outbox(self.app)
        await self.say(OFFICE, "/danhsach")

    async def second_directive(self) -> list[Path]:
        """2026: a new directive arrives as a PDF; the office sends it to the bot, checks the preview, saves it."""
        from bot.testing.demo_directive import NUMBER, sample_file

        self.clock.current = datetime(2026, 3, 3, 9, 0, tzinfo=TZ)
        source = sample_file(self.out_dir)
        self.transcript.note(f"03/03/2026: Văn phòng CCHC nhận văn bản {NUMBER} (văn bản mẫu của bản chạy thử) "
                             f"dạng {source.suffix[1:].upper()} và gửi cho bot để nhập")
        content = source.read_bytes()
        self.api.uploads[f"F-{source.name}"] = content
        self.transcript.user(OFFICE["first_name"], f"📎 {source.name} (chú thích: /vanban)")
        mark = len(self.api.calls)
        await self.app.process_update(self.updates.document(OFFICE, file_name=source.name, size=len(content),
                                                            caption="/vanban"))
        preview = [c for c in self.api.calls[mark:] if c.buttons][-1]
        await self.press(OFFICE, preview, 0)
        await self.say(OFFICE, f"/han {NUMBER} 1 13/03/2026")
        self.clock.current = datetime(2026, 3, 20, 9, 0, tzinfo=TZ)
        self.transcript.note("20/03/2026: nhiệm vụ 1 đã quá hạn; Văn phòng CCHC lấy biểu tổng hợp, báo cáo và công văn")
        return self.write_files(NUMBER, NUMBER.split("/")[0])

    def write_files(self, number: str, tag: str) -> list[Path]:
        """The documents of one directive, written beside the database for a person to open."""
        from bot.documents.chart import directive_chart_png
        from bot.documents.letter import write_letter
        from bot.documents.letterhead import Letterhead
        from bot.documents.report import write_report
        from bot.documents.workbook import export_directive
        from db.directives import get_directive
        from jobs.nudges import calendar_of

        head = Letterhead.from_settings(self.settings)
        with Session(self.engine) as session:
            directive = get_directive(session, number=number)
            now = self.clock()
            path = export_directive(session, directive=directive, now=now, tz=TZ,
                                    out=self.out_dir / f"tong-hop-{tag}.xlsx", head=head)
            chart = self.out_dir / f"bieu-do-{tag}.png"
            chart.write_bytes(directive_chart_png(session, directive=directive, now=now, tz=TZ))
            report = write_report(session, directive=directive, now=now, tz=TZ, head=head,
                                  out=self.out_dir / f"bao-cao-{tag}.docx")
            letter = self.out_dir / f"don-doc-{tag}.docx"
            write_letter(session, directive=directive, now=now, tz=TZ, head=head, out=letter,
                         calendar=calendar_of(self.app))
        return [path, chart, report, letter]

    async def console(self) -> None:
        """Type as the office; /as SNV switches to a focal point, /time +2d moves the clock, /quit exits."""
        who, label = OFFICE, "Văn phòng CCHC"
        print("\nBảng điều khiển: gõ như Văn phòng CCHC; /as SNV (hoặc /as office), /time +2d, /quit", flush=True)
        loop = asyncio.get_running_loop()
        while True:
            line = (await loop.run_in_executor(None, sys.stdin.readline))
            if not line:
                return
            line = line.strip()
            if not line:
                continue
            if line == "/quit":
                return
            if line.startswith("/as "):
                target = line[4:].strip().upper()
                if target == "OFFICE":
                    who, label = OFFICE, "Văn phòng CCHC"
                elif target in PEOPLE:
                    who, label = PEOPLE[target], PEOPLE[target]["first_name"]
                else:
                    print(f"Không có đầu mối mô phỏng cho {target}; có: {', '.join(PEOPLE)}, office")
                continue
            if match := re.fullmatch(r"/time \+(\d+)([dh])", line):
                amount = int(match.group(1))
                self.clock.advance(**({"days": amount} if match.group(2) == "d" else {"hours": amount}))
                self.transcript.note(f"Đồng hồ: {self.clock():%H:%M %d/%m/%Y}")
                await sweep(self.app)
                continue
            await self.say(who, line, label)


async def _main(out_dir: Path, interactive: bool, serve: bool, port: int) -> int:
    from bot.testing.demo_dashboard import launch_link, open_dashboard, screenshots

    transcript = Transcript()
    demo = Demo(out_dir, transcript)
    await demo.app.initialize()
    try:
        files = await demo.script()
        print()
        for path, label in zip(files, ("📄 Tệp Excel", "📊 Biểu đồ", "📝 Báo cáo", "✉️  Công văn đôn đốc") * 2,
                               strict=True):
            print(f"{label}: {path.resolve()}")
        print(f"🗄  Cơ sở dữ liệu: {(out_dir / 'demo.db').resolve()}")
        link = await open_dashboard(demo.app, port=port, user=OFFICE)
        print(f"🖥  Bảng theo dõi (mở bằng trình duyệt trong khi bản chạy thử còn chạy): {link}")
        print(f"📝 Mẫu báo cáo của đầu mối SNV: {launch_link(demo.app, PEOPLE['SNV'])}")
        for line in await screenshots(demo.app, out_dir, office=OFFICE, focal=PEOPLE["SNV"]):
            print(line)
        if interactive:
            await demo.console()
        elif serve:
            print("Bảng theo dõi đang chạy; Ctrl-C để dừng.", flush=True)
            stop = asyncio.Event()
            for sig in (signal.SIGINT, signal.SIGTERM):  # a clean stop (server, database) either way
                asyncio.get_running_loop().add_signal_handler(sig, stop.set)
            await stop.wait()
    finally:
        svc = demo.app.bot_data["services"]
        if svc.webapp is not None:
            await svc.webapp.stop()
        await demo.app.shutdown()
    return 0


def run_demo(out_dir: Path, *, serve: bool = False, port: int = 0) -> int:
    try:
        return asyncio.run(_main(out_dir, sys.stdin.isatty(), serve, port))
    except KeyboardInterrupt:
        return 0
