"""Every user-facing text, in Vietnamese. HTML parse mode: callers escape user-supplied strings."""

from __future__ import annotations

from html import escape

from db.models import FocalState, Status

STATUS_LABEL = {
    Status.done: "✅ Hoàn thành",
    Status.in_progress: "🔄 Đang thực hiện",
    Status.blocked: "⚠️ Vướng mắc",
    Status.not_started: "⬜ Chưa thực hiện",
}
STATUS_ICON = {Status.done: "✅", Status.in_progress: "🔄", Status.blocked: "⚠️", Status.not_started: "⬜"}
BUTTON_STATUSES = (Status.done, Status.in_progress, Status.blocked)
FOCAL_STATE_LABEL = {
    FocalState.active: "đang hoạt động",
    FocalState.unreachable: "không liên lạc được",
    FocalState.revoked: "đã thu hồi",
}
ROLE_LABEL = {"primary": "đầu mối chính", "deputy": "đầu mối phụ"}

WELCOME_STRANGER = (
    "Xin chào! Đây là bot theo dõi việc thực hiện nhiệm vụ cải cách hành chính (CCHC) "
    "của Văn phòng CCHC – Sở Nội vụ.\n\n"
    "Để đăng ký làm <b>đầu mối</b> của cơ quan, đơn vị, hãy mở đường link mời mà Văn phòng CCHC "
    "đã gửi cho bạn (hoặc gõ <code>/start MÃ_MỜI</code>).\n"
    "Chưa có link mời? Hãy liên hệ Văn phòng CCHC – Sở Nội vụ."
)
WELCOME_BACK = "Chào {name}, bạn là {role} của <b>{unit}</b>. Gõ /nhiemvu để xem các nhiệm vụ, /huongdan để xem hướng dẫn."
WELCOME_OFFICE = "Chào {name}, bạn là thành viên Văn phòng CCHC ({role}). Gõ /huongdan để xem các lệnh."

HELP_STRANGER = WELCOME_STRANGER
HELP_FOCAL = (
    "<b>Hướng dẫn cho đầu mối {unit}</b>\n"
    "• Bấm nút dưới mỗi nhiệm vụ: ✅ Hoàn thành · 🔄 Đang thực hiện · ⚠️ Vướng mắc.\n"
    "• Hoặc nhắn ngắn: <code>3 xong</code>, <code>NV5 đang làm 60%</code>, "
    "<code>4 vướng mắc: thiếu kinh phí</code> (gõ không dấu cũng được).\n"
    "• Trả lời (reply) vào tin nhắn nhiệm vụ để thêm ghi chú hoặc gửi tệp minh chứng (PDF, Word, Excel, ảnh).\n\n"
    "/nhiemvu – xem các nhiệm vụ và trạng thái\n"
    "/baocao 3 xong [ghi chú] – báo cáo bằng lệnh\n"
    "/giahan 3 31/12/2020 lý do – đề nghị gia hạn\n"
    "/huongdan – hướng dẫn này"
)
HELP_OFFICE = (
    "<b>Lệnh của Văn phòng CCHC</b>\n"
    "<i>Xem (mọi thành viên):</i>\n"
    "/tonghop [văn bản] – tổng hợp theo đơn vị · /quahan – đơn vị quá hạn\n"
    "/unit SNV – chi tiết một đơn vị · /task 3 – một nhiệm vụ ở mọi đơn vị\n"
    "/export – xuất Excel · /chart – biểu đồ · /digest – báo cáo tuần ngay\n"
    "/vanban [văn bản] – báo cáo (Word) · /dondoc [văn bản] [SNV,STC] – công văn đôn đốc (Word)\n"
    "/schedule 2410/UBND-KSTT – lịch nhắc việc · /units – đơn vị và đầu mối · /staff – thành viên\n"
    "<i>Quản trị:</i>\n"
    "/invite SNV [deputy] – link mời đầu mối · /revoke SNV &lt;user id&gt; – thu hồi\n"
    "/push 2410/UBND-KSTT [SNV,STC|all] – gửi nhiệm vụ\n"
    "/deadline 2410/UBND-KSTT 3 15/12/2020 [SNV] – đặt hạn\n"
    "/policy 2410/UBND-KSTT before=7,3,1 overdue=2 escalate=5 – chính sách nhắc việc\n"
    "/remind [SNV] – gửi ngay các lượt nhắc đến hạn\n"
    "/close 2410/UBND-KSTT · /reopen – đóng / mở lại văn bản\n"
    "/staff add &lt;id&gt; admin|viewer · /staff remove &lt;id&gt; · /audit [n] – nhật ký\n"
    "/huongdan – hướng dẫn này"
)

GROUP_START_REFUSED = "Vui lòng nhắn riêng cho bot (chat riêng) để đăng ký làm đầu mối."
INVITE_MALFORMED = "Mã mời không đúng định dạng. Hãy mở lại đúng đường link mà Văn phòng CCHC đã gửi."
INVITE_UNKNOWN = "Mã mời không tồn tại. Hãy liên hệ Văn phòng CCHC để được cấp link mời mới."
INVITE_USED = "Mã mời này đã được sử dụng. Mỗi link mời chỉ dùng được một lần; hãy xin Văn phòng CCHC link mới."
INVITE_EXPIRED = "Mã mời đã hết hạn ({expired}). Hãy xin Văn phòng CCHC link mời mới."
ALREADY_OTHER_UNIT = (
    "Bạn đang là đầu mối của <b>{unit}</b>. Mỗi người chỉ làm đầu mối cho một đơn vị; "
    "nếu cần chuyển, hãy đề nghị Văn phòng CCHC thu hồi đăng ký cũ."
)
ALREADY_SAME_UNIT = "Bạn đã là đầu mối của <b>{unit}</b> rồi. Gõ /nhiemvu để xem các nhiệm vụ."
REGISTERED = (
    "Chào {name}! Bạn đã được đăng ký làm {role} của <b>{unit}</b>.\n"
    "Bot sẽ gửi các nhiệm vụ cần thực hiện ngay sau đây. Hãy bấm nút dưới mỗi nhiệm vụ để báo cáo tiến độ."
)
REGISTERED_NO_TASKS = "Hiện đơn vị chưa có nhiệm vụ nào đang mở. Bot sẽ nhắn khi có nhiệm vụ mới."
OFFICE_REGISTERED_ALERT = "{code}: {name} đã đăng ký làm {role}."
OFFICE_UNREACHABLE_ALERT = "Đầu mối {code} ({name}) đã chặn bot hoặc không nhận được tin nhắn ({error}). Hãy liên hệ đơn vị qua điện thoại."

NOT_OFFICE = "Xin lỗi, lệnh này chỉ dành cho Văn phòng CCHC."
NOT_ADMIN = "Xin lỗi, lệnh này chỉ dành cho quản trị viên của Văn phòng CCHC."
INVITE_USAGE = "Cách dùng: <code>/invite SNV</code> hoặc <code>/invite SNV deputy</code> (đầu mối phụ)."
UNIT_UNKNOWN = "Không có đơn vị mã <b>{code}</b>. Gõ /units để xem danh sách mã."
INVITE_CREATED = (
    "Link mời {role} cho <b>{unit}</b> ({code}), dùng một lần, hạn đến {expires}:\n"
    "{link}\n\nMã: <code>{invite}</code>"
)
REVOKE_USAGE = "Cách dùng: <code>/revoke SNV &lt;user id&gt;</code>"
REVOKE_NOT_FOUND = "Không tìm thấy đầu mối đang hoạt động có id {user_id} của {code}."
REVOKED = "Đã thu hồi đầu mối {name} ({user_id}) của {code}. Lịch sử báo cáo của đơn vị được giữ nguyên."
PUSH_USAGE = "Cách dùng: <code>/push 2410/UBND-KSTT [SNV,STC|all]</code>"
DIRECTIVE_UNKNOWN = "Không có văn bản số <b>{number}</b>."
DIRECTIVE_CLOSED = "Văn bản {number} đã đóng, không gửi nhiệm vụ."
CLOSE_USAGE = "Cách dùng: <code>/close 2410/UBND-KSTT</code> hoặc <code>/reopen 2410/UBND-KSTT</code>"
DIRECTIVE_CLOSED_NOW = "Đã đóng văn bản {number}: không nhắc việc, không nhận báo cáo cho văn bản này nữa."
DIRECTIVE_REOPENED = "Đã mở lại văn bản {number}."
DIRECTIVE_ALREADY = "Văn bản {number} đã ở trạng thái đó rồi."
PUSH_DONE = (
    "Đã xếp hàng gửi {messages} tin nhắn ({units} đơn vị, {people} đầu mối). "
    "Bỏ qua {skipped} tin đã gửi trước đó.{missing}"
)
PUSH_NO_FOCAL = "\nĐơn vị chưa có đầu mối: {codes}."
PUSH_UNKNOWN_CODES = "Không có đơn vị: {codes}."

TASK_CARD = (
    "📋 <b>Văn bản {number}</b> ngày {date}\n"
    "<b>Nhiệm vụ {task}/{total}</b>\n\n"
    "{text}\n\n"
    "⏰ Hạn: {deadline}\n"
    "Trạng thái của {unit}: {status}"
)
TASK_CARD_UPDATED = "\n🕒 Cập nhật: {status} lúc {at}"
TASK_CARD_CONTINUED = "(tiếp theo)"

NOT_FOCAL = (
    "Bạn chưa đăng ký làm đầu mối nên chưa thể báo cáo. "
    "Hãy mở link mời của Văn phòng CCHC để đăng ký."
)
NO_PERMISSION = "Bạn không có quyền cập nhật nhiệm vụ này."
STALE_BUTTON = "Nút này không còn hiệu lực. Gõ /nhiemvu để lấy danh sách mới."
RECORDED = "Đã ghi nhận lúc {at}:"  # then one RECORDED_LINE per stored task
RECORDED_LINE = "Nhiệm vụ {task} — {status}"
RECORDED_LINE_NOTE = "Nhiệm vụ {task} — {status} (ghi chú: {note})"
RECORDED_LINE_NOTE_ONLY = "Nhiệm vụ {task} — {status}, giữ nguyên (ghi chú: {note})"
RECORDED_CORRECTED = "Đã sửa theo tin nhắn được chỉnh lúc {at}:"
CORRECTION_WITHDRAWN = "Nhiệm vụ {task} — hủy báo cáo trước, trở lại {status}"
EDIT_NOT_UNDERSTOOD = ("Tin nhắn sau khi sửa chưa rõ nhiệm vụ hoặc tình trạng, nên báo cáo trước đó được giữ "
                       "nguyên. Đề nghị đồng chí gửi một tin nhắn mới, ví dụ <code>3 xong</code>.")
ASK_STATUS_NEGATED = ("Đồng chí báo «chưa xong» cho Nhiệm vụ {tasks}. Đề nghị đồng chí chọn tình trạng hiện tại "
                      "(chưa lưu gì):")
ASK_STATUS_NOTE_KEPT = "Ghi chú «{note}» sẽ được lưu kèm khi đồng chí chọn."
ASK_STATUS_ANY = "Đề nghị đồng chí chọn nhiệm vụ và tình trạng (chưa lưu gì):"
TEXT_TOO_LONG = "Tin nhắn dài quá {limit} ký tự nên chưa được ghi nhận. Đề nghị đồng chí gửi ngắn gọn hơn."
TOO_MANY_TASKS = ("Tin nhắn nêu quá {limit} số nhiệm vụ nên chưa được ghi nhận. Đề nghị đồng chí báo từng "
                  "nhiệm vụ, ví dụ <code>3 xong</code>.")
RECORDED_EVIDENCE = "Đã ghi nhận minh chứng «{name}» cho Nhiệm vụ {task}, {at}"
ASK_NOTE = (
    "Nếu cần, hãy trả lời tin nhắn này bằng một ghi chú ngắn hoặc gửi tệp minh chứng cho Nhiệm vụ {task}. "
    "Không cần thì gõ /skip."
)
SKIPPED = "Được rồi, không thêm ghi chú."
UNKNOWN_TASK = "Nhiệm vụ {numbers} không có trong các nhiệm vụ đang mở của đơn vị. Các số hợp lệ: {valid}."
UNKNOWN_TASK_CHOOSE = ("Nhiệm vụ {numbers} không có trong các nhiệm vụ đang mở của đơn vị (các số hợp lệ: {valid}). "
                       "Đồng chí báo «{status}» cho nhiệm vụ nào? Đề nghị chọn:")
NO_OPEN_TASKS = "Đơn vị của bạn hiện không có nhiệm vụ nào đang mở."
CHOOSE_TASK = "Bạn báo cáo «{status}» cho nhiệm vụ nào? Hãy chọn:"
ASK_STATUS = "Nhiệm vụ {task}: bạn muốn báo cáo trạng thái nào?"
NOT_UNDERSTOOD = (
    "Xin lỗi, tôi chưa hiểu. Hãy nhắn theo mẫu <code>3 xong</code>, <code>5 đang làm</code>, "
    "<code>4 vướng mắc: lý do</code>, hoặc bấm nút dưới mỗi nhiệm vụ. Gõ /huongdan để xem thêm."
)
NOTE_TOO_LONG = "Ghi chú dài {length} ký tự, vượt giới hạn {limit} ký tự. Vui lòng rút gọn và gửi lại; chưa có gì được lưu."
REPORT_USAGE = "Cách dùng: <code>/baocao 3 xong [ghi chú]</code> (trạng thái: xong, đang làm, vướng mắc, chưa)."
EVIDENCE_NO_TASK = (
    "Để ghi nhận tệp minh chứng, hãy gửi tệp dưới dạng trả lời (reply) vào tin nhắn nhiệm vụ, "
    "hoặc bấm nút trạng thái trước rồi gửi tệp."
)
EVIDENCE_BAD_TYPE = "Chỉ nhận minh chứng dạng PDF, Word, Excel hoặc ảnh; tệp «{name}» không được ghi nhận."
EVIDENCE_TOO_BIG = "Tệp «{name}» lớn {size} MB, vượt giới hạn {limit} MB; chưa được ghi nhận."
TASKS_HEADER = "<b>{unit}</b> có {count} nhiệm vụ đang mở:"
ERROR_APOLOGY = "Xin lỗi, đã có lỗi khi xử lý yêu cầu. Văn phòng CCHC đã được ghi nhận lỗi; vui lòng thử lại sau."

UNITS_HEADER = "<b>Danh sách đơn vị</b> ({count}):"
UNITS_LINE = "<code>{code}</code> {name} — {focal}"
UNITS_MORE = "… và {count} đơn vị khác: xem trang «Đơn vị» trong /export."
NO_FOCAL_YET = "chưa có đầu mối"

COMMANDS_FOCAL = [
    ("nhiemvu", "Xem nhiệm vụ và trạng thái"),
    ("baocao", "Báo cáo: /baocao 3 xong [ghi chú]"),
    ("giahan", "Đề nghị gia hạn: /giahan 3 31/12/2020 lý do"),
    ("skip", "Bỏ qua ghi chú"),
    ("huongdan", "Hướng dẫn sử dụng"),
]
COMMANDS_OFFICE = [
    ("tonghop", "Tổng hợp theo đơn vị"),
    ("quahan", "Đơn vị có nhiệm vụ quá hạn"),
    ("unit", "Chi tiết đơn vị: /unit SNV"),
    ("task", "Một nhiệm vụ ở mọi đơn vị: /task 3"),
    ("export", "Xuất Excel"),
    ("chart", "Biểu đồ tình hình thực hiện"),
    ("vanban", "Báo cáo kết quả thực hiện (Word)"),
    ("dondoc", "Công văn đôn đốc đơn vị quá hạn (Word)"),
    ("digest", "Gửi báo cáo tuần ngay"),
    ("invite", "Tạo link mời đầu mối: /invite SNV"),
    ("revoke", "Thu hồi đầu mối: /revoke SNV <id>"),
    ("push", "Gửi nhiệm vụ: /push 2410/UBND-KSTT all"),
    ("deadline", "Đặt hạn: /deadline 2410/UBND-KSTT 3 15/12/2020"),
    ("schedule", "Lịch nhắc việc sắp tới"),
    ("policy", "Chính sách nhắc việc của văn bản"),
    ("remind", "Gửi ngay các lượt nhắc đến hạn"),
    ("close", "Đóng văn bản: /close 2410/UBND-KSTT"),
    ("units", "Danh sách đơn vị và đầu mối"),
    ("staff", "Thành viên Văn phòng CCHC"),
    ("audit", "Nhật ký thao tác"),
    ("huongdan", "Hướng dẫn sử dụng"),
]


def plain(text: str) -> str:
    """HTML message text as a terminal shows it (the demo transcript, CLI errors)."""
    from html import unescape
    from re import sub

    return unescape(sub(r"<[^>]+>", "", text))


def h(value: object) -> str:
    """Escape a user- or file-supplied string for HTML parse mode."""
    return escape(str(value), quote=False)

NUDGE_HEADER = {
    "weekly": "📅 <b>Nhắc việc đầu tuần</b> – {unit}: {count} nhiệm vụ chưa hoàn thành.",
    "before": "🔔 <b>Nhắc việc</b> – {unit}: sắp đến hạn.",
    "due": "⏰ <b>Hôm nay là hạn chót</b> – {unit}.",
    "overdue": "❗ <b>Nhiệm vụ quá hạn</b> – {unit}.",
    "escalate": (
        "⛔ <b>Cảnh báo quá hạn</b> – {unit}: đã quá hạn hơn {days} ngày làm việc; "
        "Văn phòng CCHC đã được báo cáo. Đề nghị khẩn trương thực hiện và báo cáo."
    ),
}
NUDGE_LINE = "• Nhiệm vụ {task} ({number}): {when} · {status}"
NUDGE_NO_DEADLINE = "không ghi hạn"
NUDGE_LEFT = "hạn {deadline}, còn {days} ngày làm việc"
NUDGE_TODAY = "hạn <b>hôm nay</b> {deadline}"
NUDGE_LATE = "hạn {deadline}, <b>quá hạn {days} ngày làm việc</b>"
NUDGE_FOOTER = "Bấm nút bên dưới hoặc nhắn: <code>3 xong</code>, <code>3 đang làm</code>, <code>3 vướng mắc: lý do</code>."
OFFICE_ESCALATION = "⛔ {code} quá hạn {days} ngày: nhiệm vụ {tasks}"

DEADLINE_USAGE = "Cách dùng: <code>/deadline 2410/UBND-KSTT 3 15/12/2020 [SNV,STC]</code>"
DEADLINE_SET = "Đã đặt hạn Nhiệm vụ {task} của {number} là {deadline} cho {count} đơn vị."
TASK_NOT_IN_DIRECTIVE = "Văn bản {number} không có Nhiệm vụ {task}. Các số hợp lệ: {valid}."
SCHEDULE_HEADER = (
    "<b>Lịch nhắc việc {number}</b>\n"
    "• Trước hạn {before} ngày làm việc, lúc {at}\n"
    "• Đúng ngày hạn, lúc {at}\n"
    "• Quá hạn: nhắc {overdue} ngày làm việc một lần; quá {escalate} ngày làm việc thì báo Văn phòng CCHC\n"
    "• Đầu tuần: thứ Hai lúc {weekly} (ngày làm việc kế tiếp nếu thứ Hai nghỉ)\n"
    "• Chỉ gửi trong giờ hành chính ({hours}) của ngày làm việc.\n\n"
    "<b>10 lượt nhắc sắp tới</b>:"
)
SCHEDULE_LINE = "{at} · {unit} · {kind}"
SCHEDULE_EMPTY = "Chưa có lượt nhắc nào (chưa có đơn vị có đầu mối và nhiệm vụ chưa hoàn thành)."
KIND_LABEL = {
    "weekly": "nhắc đầu tuần", "before": "trước hạn", "due": "đúng hạn",
    "overdue": "quá hạn", "escalate": "cảnh báo quá hạn",
}
REMIND_DONE = "Đã gửi nhắc việc cho {units} đơn vị ({messages} tin nhắn)."
REMIND_NONE = "Không có lượt nhắc nào đến hạn lúc này."

SUMMARY_HEADER = (
    "<b>Tổng hợp {number}</b> ngày {date}\n"
    "{units} đơn vị × {tasks} nhiệm vụ · hoàn thành {percent}%\n"
    "{counts}"
)
SUMMARY_LEGEND = "Chú giải: ✅ hoàn thành · 🔄 đang thực hiện · ⚠️ vướng mắc · ⬜ chưa thực hiện · ❗ quá hạn"
SUMMARY_PAGE = "Trang {page}/{pages}"
NO_DIRECTIVE = "Chưa có văn bản nào đang mở."
OVERDUE_HEADER = "<b>Đơn vị có nhiệm vụ quá hạn</b> ({count}):"
OVERDUE_LINE = "• <b>{code}</b>: NV {tasks} · đầu mối: {focal} · báo cáo gần nhất: {last}"
OVERDUE_NONE = "Không có đơn vị nào quá hạn. 👍"
OVERDUE_MORE = "… và {count} đơn vị quá hạn khác: xem đủ trong /export."
OVERDUE_UNREACHABLE = "<b>Chưa liên lạc được qua bot</b> (chưa đăng ký hoặc đã chặn bot): {codes}"
EXPORT_CAPTION = "Tổng hợp {number} lúc {at}"
EXPORT_HISTORY_CUT = ("Trang này chỉ gồm {shown} báo cáo gần nhất trong tổng số {total}. Toàn bộ lịch sử: "
                      "cchc-bot export --history lich-su.csv")
POLICY_USAGE = (
    "Cách dùng: <code>/policy 2410/UBND-KSTT before=7,3,1 overdue=2 escalate=5 at=08:00</code> "
    "(bỏ trống tham số để xem chính sách hiện tại)."
)
POLICY_SHOWN = (
    "Chính sách nhắc việc {number}: trước hạn {before} ngày làm việc lúc {at}; quá hạn nhắc {overdue} ngày "
    "làm việc một lần; quá {escalate} ngày làm việc thì báo Văn phòng CCHC."
)

UNIT_USAGE = "Cách dùng: <code>/unit SNV</code>"
UNIT_HEADER = "<b>{name}</b> ({code}) – {directive}"
UNIT_TASK_LINE = "• NV{task}: {status} · {klass} · hạn {deadline}{note}{evidence}"
UNIT_FOCAL_HEADER = "\n<b>Đầu mối</b>:"
UNIT_FOCAL_LINE = "• {name} (id {user_id}) – {role}, {state}"
UNIT_REPORTS_HEADER = "\n<b>10 báo cáo gần nhất</b>:"
UNIT_REPORT_LINE = "• {at} NV{task}: {status}{note} – {who}"
UNIT_REPORT_CORRECTED = " (đã sửa bằng tin nhắn chỉnh sửa)"
UNIT_NO_REPORTS = "• (chưa có báo cáo)"
EVIDENCE_BUTTON = "📎 NV{task}: {name}"
EVIDENCE_GONE = "Không tìm thấy minh chứng này."
TASK_USAGE = "Cách dùng: <code>/task 3</code> hoặc <code>/task 2410/UBND-KSTT 3</code>"
TASK_HEADER = "<b>Nhiệm vụ {task}</b> – {number}: {done}/{units} đơn vị hoàn thành"
TASK_MORE = "… và {count} đơn vị khác: xem đủ trong /export."
TASK_UNIT_LINE = "{icon} <code>{code:<8}</code> {klass}{when}"
CHART_TITLE = "Thực hiện văn bản {number} – {at}"
CHART_OVERDUE_BLOCKED = "Quá hạn và vướng mắc"
CHART_WORST = "{shown} đơn vị chậm nhất trong {total} (đầy đủ trong /export)"
DIGEST_HEADER = "🗓 <b>Báo cáo tuần</b> – {at}"
DIGEST_QUEUED = "Đã gửi báo cáo tuần vào nhóm Văn phòng CCHC."
DIGEST_NO_CHAT = "Chưa cấu hình OFFICE_CHAT_ID nên báo cáo tuần được gửi cho bạn."

EXTEND_USAGE = "Cách dùng: <code>/giahan 3 31/12/2020 lý do</code>"
EXTEND_PAST = "Ngày đề nghị {date} đã qua hoặc là hôm nay; hãy chọn một ngày sau hôm nay."
EXTEND_NOT_LATER = "Ngày đề nghị {date} không sau hạn hiện tại {deadline}."
EXTEND_SENT = "Đã gửi đề nghị gia hạn Nhiệm vụ {task} đến {date} tới Văn phòng CCHC. Bot sẽ báo khi có quyết định."
EXTEND_NO_OFFICE = (
    "Đã ghi nhận đề nghị gia hạn Nhiệm vụ {task} đến {date}, nhưng bot chưa được cấu hình nơi nhận của "
    "Văn phòng CCHC. Vui lòng báo trực tiếp Văn phòng; bot sẽ báo khi có quyết định."
)
EXTEND_OFFICE = (
    "📝 <b>Đề nghị gia hạn</b> #{id}\n{unit} ({code}) – Nhiệm vụ {task} của {number}\n"
    "Hạn hiện tại: {old} → đề nghị: <b>{new}</b>\nLý do: {reason}\nNgười đề nghị: {who}"
)
EXTEND_BUTTONS = ("✅ Đồng ý", "❌ Từ chối")
EXTEND_DECIDED_OFFICE = "{text}\n\n{decision} bởi {who} lúc {at}"
EXTEND_APPROVED = "✅ Văn phòng CCHC đã đồng ý gia hạn Nhiệm vụ {task} ({number}) đến {date}."
EXTEND_REJECTED = "❌ Văn phòng CCHC không đồng ý gia hạn Nhiệm vụ {task} ({number}); hạn vẫn là {date}."
EXTEND_ALREADY = "Đề nghị này đã được xử lý trước đó."
REASON_TOO_LONG = "Lý do dài {length} ký tự, vượt giới hạn {limit} ký tự."

STAFF_USAGE = "Cách dùng: <code>/staff</code> · <code>/staff add &lt;user id&gt; admin|viewer</code> · <code>/staff remove &lt;user id&gt;</code>"
STAFF_HEADER = "<b>Thành viên Văn phòng CCHC</b>:"
STAFF_LINE = "• {user_id}{name} – {role}"
STAFF_BOOTSTRAP = "• {user_id} – admin (OFFICE_ADMIN_IDS)"
STAFF_SET = "Đã đặt {user_id} là {role}."
STAFF_REMOVED = "Đã xóa {user_id} khỏi Văn phòng CCHC."
STAFF_NOT_FOUND = "Không có thành viên {user_id} (thành viên trong OFFICE_ADMIN_IDS chỉ đổi được trong .env)."
AUDIT_HEADER = "<b>Nhật ký</b> ({count} mục gần nhất):"
AUDIT_LINE = "• {at} {actor} {action} {details}"
FLOOD_WARNING = "Bạn gửi quá nhiều tin nhắn trong thời gian ngắn. Bot tạm dừng nhận tin của bạn trong 5 phút."

UPLOAD_USAGE = (
    "Gửi tệp kèm chú thích: <code>/units</code> cho danh sách đơn vị (CSV: code,name,kind), hoặc "
    "<code>/directive 2410/UBND-KSTT 28/10/2020 [tiêu đề]</code> cho văn bản (tệp .txt UTF-8)."
)
UPLOAD_TOO_BIG = "Tệp «{name}» lớn {size} KB, vượt giới hạn {limit} KB; không nhập gì."
UPLOAD_NOT_UTF8 = "Tệp «{name}» không phải văn bản UTF-8 (byte lỗi ở vị trí {pos}); hãy lưu lại dạng UTF-8. Không nhập gì."
UPLOAD_CSV_BAD = "Không nhập tệp «{name}» (không có gì thay đổi):\n{problems}"
UPLOAD_CSV_DONE = "Đã nhập {rows} đơn vị: {added} mới, {updated} cập nhật, {unchanged} không đổi."
UPLOAD_DIRECTIVE_BAD = "Không nhập văn bản (không có gì thay đổi): {error}"
UPLOAD_DIRECTIVE_DONE = (
    "Đã nhập văn bản {number} ngày {date} với {tasks} nhiệm vụ, giao cho {units} đơn vị. "
    "Gõ <code>/push {number} all</code> để gửi cho các đầu mối."
)
UPLOAD_FAILED = "Không tải được tệp từ Telegram; vui lòng gửi lại."
UNKNOWN_COMMAND = "Bot không có lệnh này. Gõ /huongdan để xem các lệnh bạn dùng được."
UNSUPPORTED_MESSAGE = (
    "Bot chỉ hiểu tin nhắn chữ, nút bấm và tệp minh chứng (PDF, Word, Excel, ảnh). Gõ /huongdan để xem hướng dẫn."
)

# --- Issue 13: durable answers, private office commands, input limits (new texts, "đồng chí" register) ---
EXTEND_SUPERSEDED = (
    "Đề nghị này đã được thay bằng một đề nghị gia hạn mới hơn của cùng nhiệm vụ; "
    "đồng chí vui lòng xử lý đề nghị mới nhất."
)
EXTEND_DIRECTIVE_CLOSED = "Văn bản của nhiệm vụ này đã đóng nên không thể gia hạn."
OFFICE_COMMAND_PRIVATE_ONLY = "Lệnh này chỉ dùng trong tin nhắn riêng với hệ thống; đồng chí vui lòng nhắn riêng."
OFFICE_COMMAND_PRIVATE_OR_OFFICE_CHAT = (
    "Lệnh này chỉ dùng trong tin nhắn riêng với hệ thống hoặc trong nhóm của Văn phòng CCHC."
)



# --- Documents: the Excel summary, the Word report (/vanban) and the chasing letter (/dondoc) ------------
# The register of a state office's documents (Decree 30/2020/NĐ-CP): the office speaks, units are addressed
# by their full names.
DOC_PARENT = "UBND TỈNH {province}"
DOC_NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
DOC_MOTTO = "Độc lập - Tự do - Hạnh phúc"
DOC_PLACE_DATE = "{province}, ngày {day} tháng {month} năm {year}"
DOC_AS_OF = "(Số liệu tính đến {hour} giờ {minute} ngày {date})"
DOC_AS_OF_INLINE = "(số liệu tính đến {hour} giờ {minute} ngày {date})"
DOC_GROUP = {
    "department": "Sở, ban, ngành",
    "district": "UBND các huyện, thành phố",
    "other": "Cơ quan, đơn vị khác",
}
DOC_SUBTOTAL = "Cộng {group}"
DOC_TOTAL = "Tổng cộng"
DOC_SIGNER_DEFAULT = "GIÁM ĐỐC"
DOC_RECIPIENTS = "Nơi nhận:"
DOC_ARCHIVE = "- Lưu: VT, CCHC."

XLSX_TITLE = "BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN VĂN BẢN SỐ {number} NGÀY {date}"
XLSX_SUBJECT = "của {issuer} {title}"
XLSX_HEADER = ["STT", "Tên cơ quan, đơn vị"]
XLSX_TASK_COLUMN = "NV{n}"
XLSX_COUNT_COLUMNS = ["Số NV hoàn thành", "Số NV quá hạn", "Số NV vướng mắc", "Tỷ lệ hoàn thành (%)"]
XLSX_LEGEND = ("Ký hiệu: Đ – hoàn thành đúng hạn; M – hoàn thành quá hạn; T – đang thực hiện trong hạn; "
               "V – vướng mắc (còn hạn); Q – quá hạn; Q/V – quá hạn, có vướng mắc; – chưa báo cáo.")
XLSX_COUNT_NOTE = ("Dòng «Cộng» và «Tổng cộng»: cột NV là số đơn vị đã hoàn thành nhiệm vụ đó; các cột «Số NV» "
                   "là số lượt (nhiệm vụ × đơn vị).")
XLSX_TASKS_HEADER = ["Nhiệm vụ", "Nội dung", "Hạn hoàn thành", "Số đơn vị có hạn khác", "Số đơn vị hoàn thành",
                     "Số đơn vị quá hạn", "Số đơn vị vướng mắc", "Số đơn vị được giao"]
XLSX_DETAIL_HEADER = ["Đơn vị", "Nhóm", "Nhiệm vụ", "Hạn hoàn thành", "Trạng thái báo cáo", "Phân loại",
                      "Vướng mắc", "Ghi chú gần nhất", "Người báo cáo", "Thời gian báo cáo", "Minh chứng"]
XLSX_HISTORY_HEADER = ["Thời gian", "Đơn vị", "Nhiệm vụ", "Trạng thái", "Vướng mắc", "Ghi chú", "Người báo cáo",
                       "Minh chứng", "Cách báo"]
XLSX_UNITS_HEADER = ["Đơn vị", "Nhóm", "Mã (dùng trong lệnh)", "Số NV quá hạn", "Số NV vướng mắc", "Đầu mối",
                     "Vai trò", "Tình trạng liên lạc"]
XLSX_BLOCKER = "Có"
REPORT_SOURCE_LABEL = {"button": "nút bấm", "text": "tin nhắn", "reply": "trả lời tin nhắn",
                       "command": "lệnh /baocao", "file": "tệp minh chứng", "note": "ghi chú"}

REPORT_KIND = "BÁO CÁO"
REPORT_NUMBER = "Số:        /BC-"
REPORT_SUBJECT = "Kết quả thực hiện Văn bản số {number} ngày {date} của {issuer}"
REPORT_TO = "Kính gửi: {issuer}."
REPORT_OPENING = ("Thực hiện Văn bản số {number} ngày {date} của {issuer} {title}, {office} báo cáo kết quả "
                  "thực hiện của các cơ quan, đơn vị {as_of} như sau:")
REPORT_PART_GENERAL = "I. TÌNH HÌNH CHUNG"
REPORT_GENERAL = ("Văn bản giao {tasks} nhiệm vụ cho {units} cơ quan, đơn vị, tổng cộng {cells} lượt "
                  "(nhiệm vụ × đơn vị). Đến thời điểm báo cáo:")
REPORT_COUNT_LINE = "- {label}: {count} lượt ({percent}%);"
REPORT_BLOCKERS_LINE = ("- Có vướng mắc: {count} lượt, trong đó {in_time} lượt còn hạn và {overdue} lượt "
                        "đã quá hạn;")
REPORT_UNITS_DONE = "- Số đơn vị đã hoàn thành toàn bộ nhiệm vụ: {done}/{units} đơn vị."
REPORT_PART_TASKS = "II. KẾT QUẢ THỰC HIỆN TỪNG NHIỆM VỤ"
REPORT_TASK_HEAD = "{n}. Nhiệm vụ {n} ({deadline}): "
REPORT_DEADLINE = "hạn hoàn thành {date}"
REPORT_NO_DEADLINE = "chưa ấn định hạn hoàn thành"
REPORT_TASK_DONE = ("Kết quả: {done}/{units} đơn vị đã hoàn thành ({on_time} đúng hạn, {late} quá hạn); "
                    "{in_progress} đơn vị đang thực hiện trong hạn; {blocked} đơn vị vướng mắc (còn hạn); "
                    "{overdue} đơn vị quá hạn; {unreported} đơn vị chưa báo cáo.")
REPORT_BLOCKER_LATE = " (đã quá hạn)"
REPORT_TASK_OVERDUE = "Quá hạn ({count} đơn vị): {units}."
REPORT_TASK_NO_OVERDUE = "Không có đơn vị quá hạn."
REPORT_TASK_BLOCKERS = "Vướng mắc ({count} đơn vị):"
REPORT_BLOCKER_QUOTE = "- {unit}: “{note}”"
REPORT_BLOCKER_NO_NOTE = "- {unit}: chưa nêu lý do."
REPORT_PART_PROPOSAL = "III. ĐỀ XUẤT, KIẾN NGHỊ"
REPORT_PROPOSAL = ("Đề nghị các cơ quan, đơn vị còn nhiệm vụ quá hạn khẩn trương hoàn thành và báo cáo kết quả; "
                   "{office} tiếp tục theo dõi, đôn đốc và tổng hợp báo cáo tiến độ thực hiện.")
REPORT_CLOSING = "{office} báo cáo {issuer} xem xét, chỉ đạo./."
REPORT_RECIPIENTS = ["- Như trên;", "- Lãnh đạo {office};"]
REPORT_APPENDIX = "PHỤ LỤC"
REPORT_APPENDIX_TITLE = "BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN VĂN BẢN SỐ {number}"
REPORT_APPENDIX_SUBTITLE = "(Kèm theo Báo cáo của {office})"

LETTER_NUMBER = "Số:        /"
LETTER_SUBJECT = "V/v đôn đốc thực hiện Văn bản số {number} ngày {date} của {issuer}"
LETTER_TO = "Kính gửi:"
LETTER_OPENING = ("Thực hiện Văn bản số {number} ngày {date} của {issuer} {title}; qua theo dõi kết quả thực "
                  "hiện {as_of}, {office} nhận thấy các cơ quan, đơn vị sau đây chưa hoàn thành nhiệm vụ "
                  "theo thời hạn được giao:")
LETTER_UNIT = "{n}. {unit}: "
LETTER_TASK_LATE = "nhiệm vụ {task} (hạn hoàn thành {deadline}, đã quá hạn {days} ngày làm việc{blocked})"
LETTER_TASK_LATE_TODAY = "nhiệm vụ {task} (hạn hoàn thành {deadline}, đã quá hạn{blocked})"
LETTER_TASK_OPEN = "nhiệm vụ {task} (hạn hoàn thành {deadline}, chưa hoàn thành{blocked})"
LETTER_BLOCKED = "; đơn vị đã báo cáo vướng mắc"
LETTER_TASKS_HEAD = "Nội dung các nhiệm vụ nêu trên:"
LETTER_TASK_TEXT = "- Nhiệm vụ {task}: {text}"
LETTER_REQUEST = ("Để bảo đảm tiến độ, {office} đề nghị Thủ trưởng các cơ quan, đơn vị nêu trên chỉ đạo khẩn "
                  "trương hoàn thành các nhiệm vụ còn chậm; báo cáo kết quả thực hiện (kèm tài liệu minh "
                  "chứng, nêu rõ khó khăn, vướng mắc nếu có) về {office} trước ngày {reply_by} "
                  "(sau {days} ngày làm việc), đồng thời cập nhật trên hệ thống theo dõi.")
LETTER_CLOSING = "{office} đề nghị các cơ quan, đơn vị quan tâm thực hiện./."
LETTER_RECIPIENTS = ["- Như trên;", "- {issuer} (để báo cáo);", "- Lãnh đạo {office};"]
LETTER_NOBODY = "Không có đơn vị nào cần đôn đốc: mọi đơn vị đều chưa quá hạn hoặc đã hoàn thành."
LETTER_UNITS_DONE = "Không đôn đốc các đơn vị đã hoàn thành mọi nhiệm vụ: {names}."
LETTER_UNITS_UNKNOWN = "Không có đơn vị mã {codes} trong các đơn vị được giao văn bản này."

VANBAN_CAPTION = "Báo cáo kết quả thực hiện Văn bản số {number} (số liệu lúc {at}). Đề nghị đồng chí rà soát, " \
                 "điền số, ký hiệu và trình ký."
DONDOC_CAPTION = ("Dự thảo công văn đôn đốc {count} cơ quan, đơn vị thực hiện Văn bản số {number}; hạn báo cáo "
                  "{reply_by}. Đề nghị đồng chí rà soát và trình ký.")
# ---------------------------------------------------------------------------------------------------------------
# Bảng theo dõi (Telegram Mini App, bot/webapp): lời hệ thống nói với cán bộ Văn phòng, xưng "hệ thống", gọi "đồng chí".
WEBAPP_MENU_BUTTON = "Bảng theo dõi"
WEBAPP_OPEN_BUTTON = "📊 Mở bảng theo dõi"
WEBAPP_NOBODY = "—"
WEBAPP_UNAUTHORIZED = (
    "Hệ thống không xác thực được phiên mở bảng theo dõi (dữ liệu khởi chạy sai hoặc đã quá 24 giờ). "
    "Đề nghị đồng chí mở lại bảng theo dõi từ nút menu của bot trong Telegram."
)
WEBAPP_FORBIDDEN = "Bảng theo dõi chỉ dành cho cán bộ Văn phòng CCHC."
WEBAPP_ADMIN_ONLY = "Thao tác này chỉ dành cho quản trị viên Văn phòng CCHC."
WEBAPP_NOT_FOUND = "Hệ thống không tìm thấy dữ liệu đồng chí yêu cầu; đề nghị đồng chí tải lại trang."
WEBAPP_BAD_REQUEST = "Yêu cầu chưa hợp lệ; đề nghị đồng chí tải lại trang rồi thử lại."
WEBAPP_ERROR = "Hệ thống gặp sự cố khi xử lý yêu cầu; đề nghị đồng chí thử lại sau ít phút."
WEBAPP_EXPORT_SENT = "Hệ thống đã gửi tệp Excel tổng hợp vào cuộc trò chuyện của đồng chí với bot."
WEBAPP_FILE_SENT = "Hệ thống đã gửi tệp «{name}» vào cuộc trò chuyện của đồng chí với bot."
WEBAPP_FILE_CAPTION = "Tệp minh chứng của {unit} – Nhiệm vụ {task} ({number})"
WEBAPP_CHAT_CLOSED = (
    "Hệ thống chưa gửi được vào cuộc trò chuyện của đồng chí với bot: đề nghị đồng chí mở bot, "
    "bấm «Bắt đầu» rồi thử lại."
)
WEBAPP_SEND_FAILED = "Telegram chưa nhận tệp lúc này; đề nghị đồng chí thử lại sau ít phút."
WEBAPP_DEADLINE_BAD_TASK = "Văn bản không có nhiệm vụ này."
WEBAPP_EXTENSION_DONE = "Đã ghi nhận: {decision} đề nghị gia hạn của {unit} – Nhiệm vụ {task}; hệ thống đã báo đơn vị."
WEBAPP_UNIT_KINDS = {"department": "Sở, ban, ngành", "district": "Huyện, thành phố", "other": "Đơn vị khác"}
# The page's own words, handed to it inside index.html (the page has no texts of its own).
WEBAPP_PAGE = {
    "title": "Bảng theo dõi nhiệm vụ CCHC",
    "loading": "Đang tải dữ liệu…",
    "no_launch": "Đề nghị đồng chí mở bảng theo dõi từ nút menu «Bảng theo dõi» của bot trong Telegram.",
    "directive": "Văn bản",
    "at": "Số liệu lúc",
    "units": "Đơn vị",
    "percent": "Hoàn thành",
    "blockers": "Vướng mắc (cả quá hạn)",
    "kind": "Loại đơn vị",
    "all": "Tất cả",
    "status": "Trạng thái",
    "only_overdue": "Chỉ quá hạn",
    "only_blocked": "Chỉ vướng mắc",
    "search": "Tìm theo tên hoặc mã đơn vị",
    "matched": "{count} đơn vị phù hợp",
    "none_matched": "Không có đơn vị nào phù hợp bộ lọc.",
    "page": "Trang {page}/{pages}",
    "prev": "◀ Trước",
    "next": "Sau ▶",
    "key": "Chú giải",
    "overdue_blocked": CHART_OVERDUE_BLOCKED,
    "unit_col": "Đơn vị",
    "done_of": "{done}/{total}",
    "task": "Nhiệm vụ {number}",
    "deadline": "Hạn: {date}",
    "history": "Lịch sử báo cáo",
    "no_reports": "Đơn vị chưa báo cáo nhiệm vụ này.",
    "evidence": "Tệp minh chứng: {name}",
    "send_file": "Gửi tệp này vào Telegram",
    "people": "Đầu mối của đơn vị",
    "no_people": "Đơn vị chưa có đầu mối đăng ký.",
    "send_export": "Gửi tệp Excel vào Telegram",
    "close": "Đóng",
    "admin": "Thao tác của quản trị viên",
    "new_deadline": "Hạn mới",
    "set_cell_deadline": "Đặt hạn cho đơn vị này",
    "set_task_deadline": "Đặt hạn cho mọi đơn vị",
    "remind": "🔔 Nhắc đơn vị này ngay",
    "extensions": "Đề nghị gia hạn chờ quyết định",
    "no_extensions": "Không có đề nghị gia hạn nào đang chờ.",
    "extension_line": "{unit} – Nhiệm vụ {task}: từ {old} đến {new}. Lý do: {reason} ({who}, {at})",
    "approve": EXTEND_BUTTONS[0],
    "reject": EXTEND_BUTTONS[1],
    "pick_date": "Đề nghị đồng chí chọn ngày.",
    "working": "Đang xử lý…",
    "network": "Không kết nối được với hệ thống; đề nghị đồng chí kiểm tra mạng rồi thử lại.",
    "closed": "đã đóng",
}
