"""Every user-facing text, in Vietnamese. HTML parse mode: callers escape user-supplied strings."""

from __future__ import annotations

from html import escape

from bot.domain.enums import FocalState, Status
from bot.domain.review import StatusClass

STATUS_LABEL = {
    Status.done: "✅ Hoàn thành",
    Status.in_progress: "🔄 Đang thực hiện",
    Status.blocked: "⚠️ Vướng mắc",
    Status.not_started: "⬜ Chưa thực hiện",
}
STATUS_ICON = {Status.done: "✅", Status.in_progress: "🔄", Status.blocked: "⚠️", Status.not_started: "⬜"}
OVERDUE_BLOCKED_ICON = "⛔"  # past its deadline and blocked: both at once, one grid column
BUTTON_STATUSES = (Status.done, Status.in_progress, Status.blocked)
FOCAL_STATE_LABEL = {
    FocalState.active: "đang hoạt động",
    FocalState.unreachable: "không liên lạc được",
    FocalState.revoked: "đã thu hồi",
}
ROLE_LABEL = {"primary": "đầu mối chính", "deputy": "đầu mối phụ"}
OFFICE_ROLE_LABEL = {"admin": "quản trị", "viewer": "theo dõi"}

WELCOME_STRANGER = (
    "Kính chào đồng chí! Đây là hệ thống theo dõi việc thực hiện nhiệm vụ cải cách hành chính (CCHC) "
    "của Văn phòng CCHC – Sở Nội vụ.\n\n"
    "Để đăng ký làm <b>đầu mối</b> của cơ quan, đơn vị, đề nghị đồng chí mở đường liên kết mời do Văn phòng CCHC "
    "gửi (hoặc gõ <code>/start MÃ_MỜI</code>).\n"
    "Chưa có đường liên kết mời, đề nghị đồng chí liên hệ Văn phòng CCHC – Sở Nội vụ."
)
WELCOME_BACK = (
    "Kính chào đồng chí {name}, đồng chí là {role} của <b>{unit}</b>. "
    "Gõ /nhiemvu để xem các nhiệm vụ, /huongdan để xem hướng dẫn."
)
WELCOME_OFFICE = "Kính chào đồng chí {name}, thành viên Văn phòng CCHC (quyền {role}). Gõ /huongdan để xem các lệnh."

HELP_STRANGER = WELCOME_STRANGER
HELP_FOCAL = (
    "<b>Hướng dẫn cho đầu mối {unit}</b>\n"
    "• Bấm nút dưới mỗi nhiệm vụ: ✅ Hoàn thành · 🔄 Đang thực hiện · ⚠️ Vướng mắc.\n"
    "• Hoặc nhắn ngắn: <code>3 xong</code>, <code>NV5 đang làm 60%</code>, "
    "<code>4 vướng mắc: thiếu kinh phí</code> (gõ không dấu cũng được).\n"
    "• Trả lời vào tin nhắn nhiệm vụ để thêm ghi chú hoặc gửi tệp minh chứng (PDF, Word, Excel, ảnh).\n\n"
    "/nhiemvu – xem các nhiệm vụ và trạng thái\n"
    "/baocao 3 xong [ghi chú] – báo cáo bằng lệnh\n"
    "/giahan 3 31/12/2020 lý do – đề nghị gia hạn\n"
    "/bo_qua – không thêm ghi chú\n"
    "/huongdan – hướng dẫn này"
)
HELP_OFFICE = (
    "<b>Lệnh của Văn phòng CCHC</b>\n"
    "<i>Theo dõi (mọi thành viên):</i>\n"
    "/tonghop [văn bản] – tổng hợp theo đơn vị · /quahan – nhiệm vụ quá hạn, vướng mắc\n"
    "/donvi SNV – chi tiết một đơn vị · /xemnhiemvu 3 – một nhiệm vụ ở mọi đơn vị\n"
    "/xuat – xuất tệp Excel · /bieudo – biểu đồ · /baocaotuan – gửi báo cáo tuần ngay\n"
    "/vanban [văn bản] – báo cáo (Word) · /dondoc [văn bản] [SNV,STC] – công văn đôn đốc (Word)\n"
    "/minhchung [văn bản] [SNV,STC] – gói tệp minh chứng theo đơn vị, nhiệm vụ (zip, kèm danh mục)\n"
    "/lichnhac 2410/UBND-KSTT – lịch nhắc việc · /danhsach – đơn vị và đầu mối · /canbo – thành viên\n"
    "/hoidap – câu hỏi của đơn vị chưa trả lời (trả lời trực tiếp vào tin nhắn câu hỏi trong nhóm)\n"
    "<i>Quản trị:</i>\n"
    "/moi SNV [pho] – đường liên kết mời đầu mối (pho: đầu mối phụ) · "
    "/thuhoi SNV &lt;mã Telegram&gt; – thu hồi đầu mối\n"
    "/gui 2410/UBND-KSTT [SNV,STC|tatca] – gửi nhiệm vụ\n"
    "/han 2410/UBND-KSTT 3 15/12/2020 [SNV] – đặt hạn hoàn thành\n"
    "/chinhsach 2410/UBND-KSTT truoc=7,3,1 quahan=2 canhbao=5 – chính sách nhắc việc\n"
    "/nhac [SNV] – gửi ngay các lượt nhắc đến hạn\n"
    "/dong 2410/UBND-KSTT · /molai – đóng / mở lại văn bản\n"
    "/canbo them &lt;mã Telegram&gt; quantri|theodoi · /canbo xoa &lt;mã Telegram&gt; · "
    "/nhatky [số mục] – nhật ký thao tác\n"
    "/huongdan – hướng dẫn này"
)

GROUP_START_REFUSED = "Đề nghị đồng chí nhắn tin riêng cho hệ thống để đăng ký làm đầu mối."
INVITE_MALFORMED = (
    "Mã mời không đúng định dạng. Đề nghị đồng chí mở lại đúng đường liên kết mời do Văn phòng CCHC gửi."
)
INVITE_UNKNOWN = "Mã mời không tồn tại. Đề nghị đồng chí liên hệ Văn phòng CCHC để được cấp đường liên kết mời mới."
INVITE_USED = (
    "Mã mời này đã được sử dụng. Mỗi đường liên kết mời chỉ dùng được một lần; "
    "đề nghị đồng chí liên hệ Văn phòng CCHC để được cấp mã mới."
)
INVITE_EXPIRED = "Mã mời đã hết hạn ({expired}). Đề nghị đồng chí liên hệ Văn phòng CCHC để được cấp mã mời mới."
ALREADY_OTHER_UNIT = (
    "Đồng chí đang là đầu mối của <b>{unit}</b>. Mỗi người chỉ làm đầu mối cho một đơn vị; "
    "nếu cần chuyển, đề nghị Văn phòng CCHC thu hồi đăng ký cũ."
)
ALREADY_SAME_UNIT = "Đồng chí đã là đầu mối của <b>{unit}</b>. Gõ /nhiemvu để xem các nhiệm vụ."
REGISTERED = (
    "Kính chào đồng chí {name}! Hệ thống đã ghi nhận đồng chí là {role} của <b>{unit}</b>.\n"
    "Các nhiệm vụ cần thực hiện sẽ được gửi ngay sau đây. "
    "Đề nghị đồng chí bấm nút dưới mỗi nhiệm vụ để báo cáo tiến độ."
)
REGISTERED_NO_TASKS = "Hiện đơn vị chưa có nhiệm vụ nào đang mở. Hệ thống sẽ thông báo khi có nhiệm vụ mới."
OFFICE_REGISTERED_ALERT = "{unit}: đồng chí {name} đã đăng ký làm {role}."
OFFICE_UNREACHABLE_ALERT = (
    "Hệ thống không gửi được tin nhắn cho đầu mối {unit} (đồng chí {name}): {error}. "
    "Đề nghị liên hệ đơn vị qua điện thoại."
)
UNREACHABLE_REASON_BLOCKED = "người nhận đã chặn hoặc xóa cuộc trò chuyện với hệ thống"
UNREACHABLE_REASON_DEACTIVATED = "tài khoản Telegram đã bị xóa hoặc vô hiệu hóa"
UNREACHABLE_REASON_NOT_FOUND = "không tìm thấy cuộc trò chuyện (người nhận chưa mở trò chuyện với hệ thống)"
UNREACHABLE_REASON_OTHER = "Telegram từ chối gửi tin nhắn"

NOT_OFFICE = "Lệnh này chỉ dành cho Văn phòng CCHC."
NOT_ADMIN = "Lệnh này chỉ dành cho thành viên có quyền quản trị của Văn phòng CCHC."
INVITE_USAGE = "Cách dùng: <code>/moi SNV</code> hoặc <code>/moi SNV pho</code> (đầu mối phụ)."
UNIT_UNKNOWN = "Không có đơn vị mã <b>{code}</b>. Gõ /danhsach để xem danh sách đơn vị."
INVITE_CREATED = (
    "Đường liên kết mời {role} của <b>{unit}</b>, dùng một lần, hiệu lực đến {expires}:\n"
    "{link}\n\nMã mời: <code>{invite}</code>"
)
REVOKE_USAGE = "Cách dùng: <code>/thuhoi SNV &lt;mã Telegram&gt;</code>"
REVOKE_NOT_FOUND = "Không tìm thấy đầu mối đang hoạt động có mã Telegram {user_id} của {unit}."
REVOKED = (
    "Đã thu hồi đầu mối {name} (mã Telegram {user_id}) của {unit}. "
    "Lịch sử báo cáo của đơn vị được giữ nguyên."
)
PUSH_USAGE = "Cách dùng: <code>/gui 2410/UBND-KSTT [SNV,STC|tatca]</code>"
DIRECTIVE_UNKNOWN = "Không có văn bản số <b>{number}</b>."
DIRECTIVE_CLOSED = "Văn bản {number} đã đóng, không gửi nhiệm vụ."
CLOSE_USAGE = "Cách dùng: <code>/dong 2410/UBND-KSTT</code> hoặc <code>/molai 2410/UBND-KSTT</code>"
DIRECTIVE_CLOSED_NOW = "Đã đóng văn bản {number}: không nhắc việc, không nhận báo cáo cho văn bản này nữa."
DIRECTIVE_REOPENED = "Đã mở lại văn bản {number}."
DIRECTIVE_ALREADY = "Văn bản {number} đã ở trạng thái này."
PUSH_DONE = (
    "Đã xếp lịch gửi {messages} tin nhắn ({units} đơn vị, {people} đầu mối). "
    "Bỏ qua {skipped} tin đã gửi trước đó.{missing}"
)
PUSH_NO_FOCAL = "\nĐơn vị chưa có đầu mối: {codes}."
PUSH_UNKNOWN_CODES = "Không có đơn vị: {codes}."

TASK_CARD = (
    "📋 <b>Văn bản số {number}</b> ngày {date}\n"
    "{subject}"
    "<b>Nhiệm vụ {task}/{total}</b>\n\n"
    "{text}\n\n"
    "⏰ Hạn hoàn thành: {deadline}\n"
    "Trạng thái của {unit}: {status}"
)
TASK_CARD_SUBJECT = "<i>{subject}</i>\n"
TASK_CARD_UPDATED = "\n🕒 Cập nhật: {status} lúc {at}"
TASK_CARD_CONTINUED = "(tiếp theo)"

NOT_FOCAL = (
    "Đồng chí chưa đăng ký làm đầu mối nên chưa thể báo cáo. "
    "Đề nghị đồng chí mở đường liên kết mời của Văn phòng CCHC để đăng ký."
)
NO_PERMISSION = "Đồng chí không có quyền cập nhật nhiệm vụ này."
STALE_BUTTON = "Nút này không còn hiệu lực. Gõ /nhiemvu để nhận danh sách mới."
RECORDED = "Hệ thống đã ghi nhận lúc {at}:"  # then one RECORDED_LINE per stored task
RECORDED_LINE = "Nhiệm vụ {task} — {status}"
RECORDED_LINE_NOTE = "Nhiệm vụ {task} — {status} (ghi chú: {note})"
RECORDED_LINE_NOTE_ONLY = "Nhiệm vụ {task} — {status}, giữ nguyên (ghi chú: {note})"
RECORDED_CORRECTED = "Hệ thống đã sửa theo tin nhắn được chỉnh lúc {at}:"
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
RECORDED_EVIDENCE = "Hệ thống đã ghi nhận minh chứng «{name}» cho Nhiệm vụ {task}, {at}"
ASK_NOTE = (
    "Nếu cần, đề nghị đồng chí trả lời tin nhắn này bằng một ghi chú ngắn hoặc gửi tệp minh chứng "
    "cho Nhiệm vụ {task}. Không cần thì gõ /bo_qua."
)
SKIPPED = "Hệ thống ghi nhận: không thêm ghi chú."
UNKNOWN_TASK = "Nhiệm vụ {numbers} không có trong các nhiệm vụ đang mở của đơn vị. Các số hợp lệ: {valid}."
UNKNOWN_TASK_CHOOSE = ("Nhiệm vụ {numbers} không có trong các nhiệm vụ đang mở của đơn vị (các số hợp lệ: {valid}). "
                       "Đồng chí báo «{status}» cho nhiệm vụ nào? Đề nghị chọn:")
NO_OPEN_TASKS = "Đơn vị của đồng chí hiện không có nhiệm vụ nào đang mở."
CHOOSE_TASK = "Đồng chí báo cáo «{status}» cho nhiệm vụ nào? Đề nghị chọn:"
ASK_STATUS = "Nhiệm vụ {task}: đồng chí báo cáo trạng thái nào?"
NOT_UNDERSTOOD = (
    "Hệ thống chưa hiểu nội dung tin nhắn. Đề nghị đồng chí nhắn theo mẫu <code>3 xong</code>, "
    "<code>5 đang làm</code>, <code>4 vướng mắc: lý do</code>, hoặc bấm nút dưới mỗi nhiệm vụ. "
    "Gõ /huongdan để xem thêm."
)
NOTE_TOO_LONG = (
    "Ghi chú dài {length} ký tự, vượt giới hạn {limit} ký tự. Đề nghị đồng chí rút gọn và gửi lại; "
    "hệ thống chưa lưu nội dung này."
)
REPORT_USAGE = "Cách dùng: <code>/baocao 3 xong [ghi chú]</code> (tình trạng: xong, đang làm, vướng mắc, chưa làm)."
EVIDENCE_NO_TASK = (
    "Để ghi nhận tệp minh chứng, đề nghị đồng chí gửi tệp dưới dạng trả lời vào tin nhắn nhiệm vụ, "
    "hoặc bấm nút trạng thái trước rồi gửi tệp."
)
EVIDENCE_BAD_TYPE = "Hệ thống chỉ nhận minh chứng dạng PDF, Word, Excel hoặc ảnh; tệp «{name}» không được ghi nhận."
EVIDENCE_TOO_BIG = (
    "Tệp «{name}» dung lượng {size} MB, vượt giới hạn {limit} MB: Telegram chỉ cho hệ thống tải về để lưu trữ "
    "tệp đến {limit} MB. Tệp chưa được ghi nhận; đề nghị đồng chí nén hoặc tách tệp rồi gửi lại."
)
TASKS_HEADER = "<b>{unit}</b> có {count} nhiệm vụ đang mở:"
ERROR_APOLOGY = (
    "Hệ thống gặp lỗi khi xử lý yêu cầu và đã ghi lại để Văn phòng CCHC kiểm tra. "
    "Đề nghị đồng chí thử lại sau."
)

UNITS_HEADER = "<b>Danh sách đơn vị</b> ({count}):"
UNITS_LINE = "<code>{code}</code> {name} — {focal}"
UNITS_MORE = "… và {count} đơn vị khác: xem trang «Đơn vị» trong tệp của /xuat."
NO_FOCAL_YET = "chưa có đầu mối"

COMMANDS_FOCAL = [
    ("nhiemvu", "Xem nhiệm vụ và trạng thái"),
    ("baocao", "Báo cáo: /baocao 3 xong [ghi chú]"),
    ("giahan", "Đề nghị gia hạn: /giahan 3 31/12/2020 lý do"),
    ("bo_qua", "Không thêm ghi chú"),
    ("huongdan", "Hướng dẫn sử dụng"),
]
COMMANDS_OFFICE = [
    ("tonghop", "Tổng hợp theo đơn vị"),
    ("quahan", "Nhiệm vụ quá hạn và vướng mắc"),
    ("donvi", "Chi tiết đơn vị: /donvi SNV"),
    ("xemnhiemvu", "Một nhiệm vụ ở mọi đơn vị: /xemnhiemvu 3"),
    ("xuat", "Xuất tệp Excel"),
    ("bieudo", "Biểu đồ tình hình thực hiện"),
    ("vanban", "Báo cáo kết quả thực hiện (Word)"),
    ("dondoc", "Công văn đôn đốc đơn vị quá hạn (Word)"),
    ("minhchung", "Gói tệp minh chứng theo đơn vị, nhiệm vụ (zip)"),
    ("baocaotuan", "Gửi báo cáo tuần ngay"),
    ("moi", "Tạo đường liên kết mời đầu mối: /moi SNV"),
    ("thuhoi", "Thu hồi đầu mối: /thuhoi SNV <mã Telegram>"),
    ("gui", "Gửi nhiệm vụ: /gui 2410/UBND-KSTT tatca"),
    ("han", "Đặt hạn: /han 2410/UBND-KSTT 3 15/12/2020"),
    ("lichnhac", "Lịch nhắc việc sắp tới"),
    ("chinhsach", "Chính sách nhắc việc của văn bản"),
    ("nhac", "Gửi ngay các lượt nhắc đến hạn"),
    ("dong", "Đóng văn bản: /dong 2410/UBND-KSTT"),
    ("danhsach", "Danh sách đơn vị và đầu mối"),
    ("canbo", "Thành viên Văn phòng CCHC"),
    ("nhatky", "Nhật ký thao tác"),
    ("hoidap", "Câu hỏi của đơn vị chưa trả lời"),  # issue 19
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
        "hệ thống đã báo cáo Văn phòng CCHC. Đề nghị đơn vị khẩn trương thực hiện và báo cáo."
    ),
}
NUDGE_LINE = "• Nhiệm vụ {task} ({number}): {when} · {status}"
NUDGE_NO_DEADLINE = "không ghi hạn"
NUDGE_LEFT = "hạn {deadline}, còn {days} ngày làm việc"
NUDGE_TODAY = "hạn <b>hôm nay</b> {deadline}"
NUDGE_LATE = "hạn {deadline}, <b>quá hạn {days} ngày làm việc</b>"
NUDGE_FOOTER = (
    "Đề nghị đồng chí bấm nút bên dưới hoặc nhắn: <code>3 xong</code>, <code>3 đang làm</code>, "
    "<code>3 vướng mắc: lý do</code>."
)
OFFICE_ESCALATION = "⛔ {unit} quá hạn {days} ngày làm việc: nhiệm vụ {tasks}"

DEADLINE_USAGE = "Cách dùng: <code>/han 2410/UBND-KSTT 3 15/12/2020 [SNV,STC]</code>"
DEADLINE_SET = "Đã đặt hạn hoàn thành Nhiệm vụ {task} của văn bản {number} là {deadline} cho {count} đơn vị."
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
SCHEDULE_ALL_DIRECTIVES = "(mọi văn bản)"
SCHEDULE_LINE = "{at} · {unit} · {kind}"
SCHEDULE_EMPTY = "Chưa có lượt nhắc nào (chưa có đơn vị có đầu mối và nhiệm vụ chưa hoàn thành)."
KIND_LABEL = {
    "weekly": "nhắc đầu tuần", "before": "trước hạn", "due": "đúng hạn",
    "overdue": "quá hạn", "escalate": "cảnh báo quá hạn",
}
REMIND_DONE = "Đã gửi nhắc việc cho {units} đơn vị ({messages} tin nhắn)."
REMIND_NONE = "Không có lượt nhắc nào đến hạn lúc này."

SUMMARY_HEADER = (
    "<b>Tổng hợp văn bản số {number}</b> ngày {date}\n"
    "{units} đơn vị × {tasks} nhiệm vụ = {cells} lượt (nhiệm vụ × đơn vị) · hoàn thành {percent}%\n"
    "{counts}"
)
SUMMARY_COUNT = "{icon} {label}: {count} lượt"
SUMMARY_COUNT_OVERDUE = "{icon} {label}: {count} lượt ở {units} đơn vị (⛔ trong đó {blocked} lượt có vướng mắc)"
CLASS_ICON = {
    StatusClass.done_on_time: "✅", StatusClass.done_late: "✅", StatusClass.in_progress: "🔄",
    StatusClass.blocked: "⚠️", StatusClass.overdue: "❗", StatusClass.unreported: "⬜",
}
SUMMARY_KEY = "NV"
SUMMARY_LEGEND = (
    "Chú giải: ✅ hoàn thành · 🔄 đang thực hiện · ⚠️ vướng mắc (còn hạn) · ⬜ chưa báo cáo · "
    "❗ quá hạn · ⛔ quá hạn, có vướng mắc"
)
SUMMARY_PAGE = "Trang {page}/{pages}"
NO_DIRECTIVE = "Chưa có văn bản nào đang mở."
OVERDUE_HEADER = (
    "<b>Quá hạn</b>: {cells} lượt (nhiệm vụ × đơn vị) ở {count} đơn vị, "
    "trong đó ⛔ {blocked} lượt có vướng mắc:"
)
OVERDUE_LINE = "• <b>{unit}</b>: NV {tasks} · đầu mối: {focal} · báo cáo gần nhất: {last}"
OVERDUE_TASK = "{task} ({days} ngày làm việc)"
OVERDUE_TASK_BLOCKED = "{task} ⚠️ ({days} ngày làm việc{note})"
OVERDUE_NONE = "Không có đơn vị nào quá hạn. 👍"
OVERDUE_MORE = "… và {count} đơn vị quá hạn khác: xem đủ trong tệp của /xuat."
LAST_REPORT_NONE = "chưa có"
BLOCKED_HEADER = "<b>⚠️ Vướng mắc (còn hạn)</b>: {cells} lượt ở {count} đơn vị:"
BLOCKED_LINE = "• <b>{unit}</b>: NV {tasks}"
BLOCKED_TASK = "{task} ({when}{note})"
BLOCKED_DEADLINE = "hạn {deadline}"
BLOCKED_MORE = "… và {count} đơn vị có vướng mắc khác: xem đủ trong tệp của /xuat."
NOTE_QUOTE = ": «{note}»"
OVERDUE_UNREACHABLE = (
    "<b>Chưa liên lạc được qua hệ thống</b> (chưa đăng ký hoặc đã chặn hệ thống): {units}"
)
EXPORT_CAPTION = "Tổng hợp văn bản số {number} lúc {at}"
EXPORT_HISTORY_CUT = ("Trang này chỉ gồm {shown} báo cáo gần nhất trong tổng số {total}. Toàn bộ lịch sử: "
                      "đề nghị người quản trị hệ thống xuất tệp lịch sử đầy đủ.")
POLICY_USAGE = (
    "Cách dùng: <code>/chinhsach 2410/UBND-KSTT truoc=7,3,1 quahan=2 canhbao=5 luc=08:00</code> "
    "(truoc: nhắc trước hạn bao nhiêu ngày làm việc; quahan: quá hạn thì nhắc mấy ngày làm việc một lần; "
    "canhbao: quá hạn bao nhiêu ngày làm việc thì báo Văn phòng CCHC; luc: giờ nhắc). "
    "Bỏ trống tham số để xem chính sách hiện tại."
)
POLICY_SHOWN = (
    "Chính sách nhắc việc văn bản số {number}: trước hạn {before} ngày làm việc lúc {at}; quá hạn nhắc {overdue} ngày "
    "làm việc một lần; quá {escalate} ngày làm việc thì báo Văn phòng CCHC."
)
POLICY_UNKNOWN_ARG = "Không hiểu tham số «{arg}» (dùng truoc=, quahan=, canhbao=, luc=)."
POLICY_BAD_VALUE = "Giá trị không hợp lệ: «{arg}»."

UNIT_USAGE = "Cách dùng: <code>/donvi SNV</code>"
UNIT_HEADER = "<b>{name}</b> – văn bản số {directive}"
UNIT_COUNTS = "Hoàn thành {done}/{total} nhiệm vụ · ❗ quá hạn: {overdue} · ⚠️ vướng mắc: {blocked}{blocked_overdue}"
UNIT_BLOCKED_OVERDUE = " (⛔ {count} đã quá hạn)"
UNIT_TASK_LINE = "• NV{task}: {status} · {icon} {klass} · hạn {deadline}{note}{evidence}"
UNIT_FOCAL_HEADER = "\n<b>Đầu mối</b>:"
UNIT_FOCAL_LINE = "• {name} (mã Telegram {user_id}) – {role}, {state}"
UNIT_REPORTS_HEADER = "\n<b>10 báo cáo gần nhất</b>:"
UNIT_REPORT_LINE = "• {at} NV{task}: {status}{note} – {who} ({source}{corrected})"
UNIT_REPORT_CORRECTED = ", đã sửa bằng tin nhắn chỉnh sửa"
UNIT_NO_REPORTS = "• (chưa có báo cáo)"
EVIDENCE_BUTTON = "📎 NV{task}: {name}"
EVIDENCE_GONE = "Không tìm thấy minh chứng này."
TASK_USAGE = "Cách dùng: <code>/xemnhiemvu 3</code> hoặc <code>/xemnhiemvu 2410/UBND-KSTT 3</code>"
TASK_HEADER = (
    "<b>Nhiệm vụ {task}</b> – văn bản số {number}: hoàn thành {done}/{units} đơn vị · "
    "❗ quá hạn: {overdue} đơn vị · ⚠️ vướng mắc: {blocked} đơn vị{blocked_overdue}"
)
TASK_MORE = "… và {count} đơn vị khác: xem đủ trong tệp của /xuat."
TASK_UNIT_LINE = "{icon} {unit} · {klass}{note}{when}"
CHART_TITLE = "Thực hiện văn bản số {number} – {at}"
CHART_OVERDUE_BLOCKED = "Quá hạn và vướng mắc"
CHART_WORST = "{shown} đơn vị chậm nhất trong {total} (đầy đủ trong tệp của /xuat)"
DIGEST_HEADER = "🗓 <b>Báo cáo tuần</b> – {at}"
DIGEST_QUEUED = "Đã gửi báo cáo tuần vào nhóm Văn phòng CCHC."
DIGEST_NO_CHAT = "Chưa khai báo nhóm nhận báo cáo của Văn phòng CCHC nên báo cáo tuần được gửi cho đồng chí."

EXTEND_USAGE = "Cách dùng: <code>/giahan 3 31/12/2020 lý do</code>"
EXTEND_PAST = "Ngày đề nghị {date} đã qua hoặc là hôm nay; đề nghị đồng chí chọn một ngày sau hôm nay."
EXTEND_NOT_LATER = "Ngày đề nghị {date} không sau hạn hoàn thành hiện tại {deadline}."
EXTEND_SENT = (
    "Hệ thống đã gửi đề nghị gia hạn Nhiệm vụ {task} đến ngày {date} tới Văn phòng CCHC "
    "và sẽ thông báo khi có ý kiến."
)
EXTEND_NO_OFFICE = (
    "Hệ thống đã ghi nhận đề nghị gia hạn Nhiệm vụ {task} đến ngày {date}, nhưng chưa có nơi nhận "
    "của Văn phòng CCHC. Đề nghị đồng chí báo cáo trực tiếp Văn phòng; hệ thống sẽ thông báo khi có ý kiến."
)
EXTEND_OFFICE = (
    "📝 <b>Đề nghị gia hạn</b> số {id}\n{unit} – Nhiệm vụ {task} của văn bản số {number}\n"
    "Hạn hoàn thành hiện tại: {old} → đề nghị: <b>{new}</b>\nLý do: {reason}\nNgười đề nghị: {who}"
)
EXTEND_BUTTONS = ("✅ Đồng ý", "❌ Từ chối")
EXTEND_DECIDED_OFFICE = "{text}\n\n{decision} bởi {who} lúc {at}"
EXTEND_APPROVED = "✅ Văn phòng CCHC đã đồng ý gia hạn Nhiệm vụ {task} ({number}) đến {date}."
EXTEND_REJECTED = "❌ Văn phòng CCHC không đồng ý gia hạn Nhiệm vụ {task} ({number}); hạn vẫn là {date}."
EXTEND_ALREADY = "Đề nghị này đã được xử lý trước đó."
REASON_TOO_LONG = "Lý do dài {length} ký tự, vượt giới hạn {limit} ký tự."

STAFF_USAGE = (
    "Cách dùng: <code>/canbo</code> · <code>/canbo them &lt;mã Telegram&gt; quantri|theodoi</code> · "
    "<code>/canbo xoa &lt;mã Telegram&gt;</code>"
)
STAFF_HEADER = "<b>Thành viên Văn phòng CCHC</b>:"
STAFF_LINE = "• {user_id}{name} – {role}"
STAFF_BOOTSTRAP = "• {user_id} – quản trị (khai báo trong cấu hình hệ thống)"
STAFF_SET = "Đã đặt thành viên {user_id} với quyền {role}."
STAFF_REMOVED = "Đã xóa {user_id} khỏi Văn phòng CCHC."
STAFF_NOT_FOUND = (
    "Không có thành viên {user_id}. Thành viên quản trị khai báo trong cấu hình hệ thống chỉ thay đổi được "
    "khi người quản trị máy chủ sửa cấu hình."
)
AUDIT_HEADER = "<b>Nhật ký</b> ({count} mục gần nhất):"
AUDIT_LINE = "• {at} {actor}: {action}{details}"
AUDIT_SYSTEM = "hệ thống"
AUDIT_PERSON = "mã Telegram {user_id}"
AUDIT_ACTION = {
    "status.change": "báo cáo trạng thái",
    "status.correct": "sửa báo cáo theo tin nhắn chỉnh sửa",
    "question.ask": "đơn vị hỏi Văn phòng",  # issue 19
    "question.answer": "Văn phòng trả lời câu hỏi",
    "remind.send": "gửi nhắc việc",
    "deadline.set": "đặt hạn hoàn thành",
    "policy.set": "đặt chính sách nhắc việc",
    "units.import": "nhập danh sách đơn vị",
    "directive.import": "nhập văn bản",
    "directive.push": "gửi nhiệm vụ",
    "directive.close": "đóng văn bản",
    "directive.reopen": "mở lại văn bản",
    "extension.request": "đề nghị gia hạn",
    "extension.approved": "đồng ý gia hạn",
    "extension.rejected": "không đồng ý gia hạn",
    "staff.set": "đặt quyền thành viên",
    "staff.remove": "xóa thành viên",
    "invite.create": "tạo đường liên kết mời",
    "focal.register": "đăng ký đầu mối",
    "focal.revoke": "thu hồi đầu mối",
    "focal.unreachable": "đầu mối không nhận được tin nhắn",
    "focal.reachable": "đầu mối liên lạc lại được",
}
AUDIT_ACTION_OTHER = "thao tác khác"
AUDIT_ACTORS = {"system": "hệ thống", "cli": "quản trị máy chủ"}
AUDIT_TASK = "{unit}, nhiệm vụ {task}"
AUDIT_ASSIGNMENT_GONE = "nhiệm vụ đã xóa (số {id})"
AUDIT_STATUS = "{task}: {old} → {new}"
AUDIT_EXTENSION = "đề nghị số {id}, {task}, đến ngày {date}{reason}"
AUDIT_SUPERSEDES = "; thay cho đề nghị {ids}"
AUDIT_PUSH = "văn bản số {number}: {units} đơn vị, {messages} tin nhắn"
AUDIT_ALL_UNITS = "mọi đơn vị"
AUDIT_DEADLINE = "văn bản số {number}, nhiệm vụ {task}: hạn {date}, {units}"
AUDIT_POLICY = (
    "văn bản số {number}: trước hạn {before} ngày làm việc lúc {at}; quá hạn nhắc {overdue} ngày làm việc "
    "một lần; quá {escalate} ngày làm việc thì báo Văn phòng CCHC"
)
AUDIT_UNITS_IMPORT = "{rows} đơn vị: {added} mới, {updated} cập nhật, {unchanged} không đổi"
AUDIT_DIRECTIVE_IMPORT = "văn bản số {number}, {tasks} nhiệm vụ"
AUDIT_DIRECTIVE = "văn bản số {number}"
AUDIT_REMIND = "{units}: {messages} tin nhắn"
AUDIT_STAFF_SET = "{person}: quyền {role}"
AUDIT_FOCAL = "{role} của {unit}"
AUDIT_FOCAL_NAMED = "{name}, {role} của {unit}"
AUDIT_FOCAL_PERSON = "{person}, {unit}"
FLOOD_WARNING = (
    "Đồng chí đã gửi quá nhiều tin nhắn trong thời gian ngắn. "
    "Hệ thống tạm dừng nhận tin nhắn của đồng chí trong 5 phút."
)

UPLOAD_TOO_BIG = "Tệp «{name}» dung lượng {size} KB, vượt giới hạn {limit} KB; hệ thống không nhập nội dung nào."
UPLOAD_NOT_UTF8 = (
    "Tệp «{name}» không phải văn bản mã UTF-8 (ký tự lỗi ở vị trí {pos}); đề nghị lưu lại theo mã UTF-8. "
    "Hệ thống không nhập nội dung nào."
)
UPLOAD_MORE_PROBLEMS = "\n… và {count} lỗi khác"
UPLOAD_CSV_BAD = "Không nhập tệp «{name}» (không có gì thay đổi):\n{problems}"
UPLOAD_CSV_DONE = "Đã nhập {rows} đơn vị: {added} mới, {updated} cập nhật, {unchanged} không đổi."
UPLOAD_DIRECTIVE_BAD = "Không nhập văn bản (không có gì thay đổi): {error}"
UPLOAD_DIRECTIVE_DONE = (
    "Đã nhập văn bản {number} ngày {date} với {tasks} nhiệm vụ, giao cho {units} đơn vị. "
    "Gõ <code>/gui {number} tatca</code> để gửi cho các đầu mối."
)
UPLOAD_FAILED = "Không tải được tệp từ Telegram; đề nghị đồng chí gửi lại."
UNKNOWN_COMMAND = "Hệ thống không có lệnh này. Gõ /huongdan để xem các lệnh đồng chí được sử dụng."
UNSUPPORTED_MESSAGE = (
    "Hệ thống chỉ nhận tin nhắn chữ, nút bấm và tệp minh chứng (PDF, Word, Excel, ảnh). "
    "Gõ /huongdan để xem hướng dẫn."
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
    "commune": "UBND các xã, phường",  # from 01/07/2025 (two-tier local government)
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
XLSX_PREPARED_BY = "NGƯỜI LẬP BIỂU"
REPORT_SOURCE_LABEL = {"button": "nút bấm", "text": "tin nhắn", "reply": "trả lời tin nhắn",
                       "command": "lệnh /baocao", "file": "tệp minh chứng", "note": "ghi chú",
                       "miniapp": "Mini App"}

REPORT_KIND = "BÁO CÁO"
REPORT_NUMBER = "Số:        /BC-{abbrev}"
REPORT_SUBJECT = "Kết quả thực hiện Văn bản số {number} ngày {date} của {issuer}"
REPORT_TO = "Kính gửi: {issuer}."
REPORT_OPENING = ("Thực hiện Văn bản số {number} ngày {date} của {issuer} {title}, {office} báo cáo kết quả "
                  "thực hiện của các cơ quan, đơn vị {as_of} như sau:")
REPORT_PART_GENERAL = "I. TÌNH HÌNH CHUNG"
REPORT_GENERAL = ("Văn bản giao {tasks} nhiệm vụ cho {units} cơ quan, đơn vị, tổng cộng {cells} lượt "
                  "(nhiệm vụ × đơn vị); kết quả của từng cơ quan, đơn vị tại Phụ lục kèm theo Báo cáo này. "
                  "Đến thời điểm báo cáo:")
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
REPORT_APPENDIX = "Phụ lục"  # Decree 30, Appendix I: the word "Phụ lục" in lower case, bold, 14 pt
REPORT_APPENDIX_TITLE = "BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN VĂN BẢN SỐ {number}"
REPORT_APPENDIX_SUBTITLE = "(Kèm theo Báo cáo số        /BC-{abbrev} ngày {day} tháng {month} năm {year} của {office})"

LETTER_NUMBER = "Số:        /{abbrev}-CCHC"  # a công văn: the office, then its drafting unit (Văn phòng CCHC)
LETTER_SUBJECT = "V/v đôn đốc thực hiện Văn bản số {number} ngày {date} của {issuer}"
LETTER_TO = "Kính gửi:"
LETTER_OPENING = ("Thực hiện Văn bản số {number} ngày {date} của {issuer} {title}; qua theo dõi kết quả thực "
                  "hiện {as_of}, {office} nhận thấy còn {count} cơ quan, đơn vị chưa hoàn thành nhiệm vụ theo "
                  "thời hạn được giao, cụ thể như sau:")
LETTER_TO_LISTED = "Các cơ quan, đơn vị có tên tại mục 1."
LETTER_PART_UNITS = "1. Các cơ quan, đơn vị chưa hoàn thành nhiệm vụ"
LETTER_PART_TASKS = "2. Nội dung các nhiệm vụ chưa hoàn thành"
LETTER_GROUP = "{letter}) Các cơ quan, đơn vị sau chưa hoàn thành {tasks}: {units}."
LETTER_GROUP_ONE = "{letter}) {unit} chưa hoàn thành {tasks}."
LETTER_TASKS_AND = " và "
LETTER_GROUP_BLOCKED = "Trong đó, {units} đã báo cáo vướng mắc."
LETTER_BLOCKED_TASK = "{unit} (nhiệm vụ {tasks})"
LETTER_NOT_OWN_OFFICE = "Không gửi công văn đôn đốc cho chính {office} (cơ quan ban hành công văn)."
LETTER_TASK_LATE = "nhiệm vụ {task} (hạn hoàn thành {deadline}, đã quá hạn {days} ngày làm việc{blocked})"
LETTER_TASK_LATE_TODAY = "nhiệm vụ {task} (hạn hoàn thành {deadline}, đã quá hạn{blocked})"
LETTER_TASK_OPEN = "nhiệm vụ {task} (hạn hoàn thành {deadline}, chưa hoàn thành{blocked})"
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
    "Đề nghị đồng chí mở lại bảng theo dõi từ nút menu của hệ thống trong Telegram."
)
WEBAPP_FORBIDDEN = "Bảng theo dõi chỉ dành cho cán bộ Văn phòng CCHC."
WEBAPP_ADMIN_ONLY = "Thao tác này chỉ dành cho thành viên có quyền quản trị của Văn phòng CCHC."
WEBAPP_NOT_FOUND = "Hệ thống không tìm thấy dữ liệu đồng chí yêu cầu; đề nghị đồng chí tải lại trang."
WEBAPP_BAD_REQUEST = "Yêu cầu chưa hợp lệ; đề nghị đồng chí tải lại trang rồi thử lại."
WEBAPP_ERROR = "Hệ thống gặp sự cố khi xử lý yêu cầu; đề nghị đồng chí thử lại sau ít phút."
WEBAPP_EXPORT_SENT = "Hệ thống đã gửi tệp Excel tổng hợp vào cuộc trò chuyện của đồng chí với hệ thống."
WEBAPP_FILE_SENT = "Hệ thống đã gửi tệp «{name}» vào cuộc trò chuyện của đồng chí với hệ thống."
WEBAPP_FILE_CAPTION = "Tệp minh chứng của {unit} – Nhiệm vụ {task} ({number})"
WEBAPP_CHAT_CLOSED = (
    "Hệ thống chưa gửi được vào cuộc trò chuyện của đồng chí với hệ thống: đề nghị đồng chí mở cuộc trò chuyện, "
    "bấm «Bắt đầu» rồi thử lại."
)
WEBAPP_SEND_FAILED = "Telegram chưa nhận tệp lúc này; đề nghị đồng chí thử lại sau ít phút."
WEBAPP_DEADLINE_BAD_TASK = "Văn bản không có nhiệm vụ này."
WEBAPP_EXTENSION_DONE = "Hệ thống đã ghi nhận: {decision} đề nghị gia hạn của {unit} – Nhiệm vụ {task}; hệ thống đã báo đơn vị."
# Keys are the groups of bot/domain/unit_groups.py (a xã and a phường share "commune").
WEBAPP_UNIT_KINDS = {"department": "Sở, ban, ngành", "district": "Huyện, thành phố", "commune": "Xã, phường",
                     "other": "Đơn vị khác"}
# --- issue 20 (w20b): the dashboard's limits; the page shows these as it shows every refusal ({"error": …}).
WEBAPP_TOO_MANY = (
    "Đồng chí đang gửi quá nhiều yêu cầu cùng lúc tới bảng theo dõi; đề nghị đồng chí chờ ít giây rồi thử lại."
)
WEBAPP_TOO_LARGE = "Yêu cầu gửi tới bảng theo dõi quá lớn nên hệ thống không xử lý; đề nghị đồng chí tải lại trang."
# The page's own words, handed to it inside index.html (the page has no texts of its own).
WEBAPP_PAGE = {
    "title": "Bảng theo dõi nhiệm vụ CCHC",
    "loading": "Đang tải dữ liệu…",
    "no_launch": "Đề nghị đồng chí mở bảng theo dõi từ nút menu «Bảng theo dõi» của hệ thống trong Telegram.",
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
    "questions": "Câu hỏi gửi Văn phòng",
    "question_tasks": "Nhiệm vụ {tasks}",
    "question_open": "Chưa trả lời",
    "question_answer": "Trả lời: {answer}",
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
# --- issue 20 (w20b): evidence kept by the province (EVIDENCE_DIR, /minhchung, cchc-bot evidence) ------------
EVIDENCE_INDEX_SHEET = "Danh mục minh chứng"
EVIDENCE_INDEX_TITLE = "Danh mục tệp minh chứng thực hiện Văn bản số {number} (lập lúc {at})"
EVIDENCE_INDEX_HEADER = ("STT đơn vị", "Đơn vị", "Mã đơn vị", "Nhiệm vụ", "Người gửi", "Thời điểm gửi", "Tên tệp",
                         "Dung lượng (byte)", "SHA-256", "Trong gói")
EVIDENCE_INDEX_NOT_ARCHIVED = "Chưa lưu trữ được (hệ thống chưa tải được tệp từ Telegram)"
EVIDENCE_INDEX_MISSING = "Thiếu trong kho lưu trữ (đề nghị cán bộ quản trị máy chủ kiểm tra kho)"
EVIDENCE_ZIP_CAPTION = ("Gói minh chứng thực hiện Văn bản số {number} (lúc {at}): {files} tệp, {size} MB, xếp theo "
                        "đơn vị và nhiệm vụ; danh mục ở tệp danh-muc.xlsx.")
EVIDENCE_ZIP_TOO_BIG = (
    "Gói minh chứng Văn bản số {number} có {files} tệp, {size} MB, vượt giới hạn {limit} MB Telegram cho phép gửi "
    "qua cuộc trò chuyện; hệ thống gửi danh mục kèm theo. Đề nghị cán bộ quản trị máy chủ lập gói bằng lệnh "
    "<code>{command}</code> trên máy chủ."
)
EVIDENCE_LEFT_OUT = "Có {left_out} tệp chưa lưu trữ được nên chưa có trong gói (ghi rõ trong danh mục)."
EVIDENCE_NONE = "Văn bản số {number} chưa có tệp minh chứng nào."
EVIDENCE_UNKNOWN_UNITS = "Không có đơn vị mã {codes}."
# ---------------------------------------------------------------------------------------------------------------
# Issue 22 (w22): the Mini App on a phone (Telegram's SDK, feedback, marks, sorting) and the focal point's form.
WEBAPP_FOCAL_MENU_BUTTON = "Báo cáo nhiệm vụ"
WEBAPP_FOCAL_ONLY = "Mẫu báo cáo chỉ dành cho đầu mối đã đăng ký của cơ quan, đơn vị."
WEBAPP_FOCAL_BAD_NOTE = "Ghi chú của Nhiệm vụ {task} dài {length} ký tự, vượt giới hạn {limit} ký tự."
WEBAPP_FOCAL_NOTHING = "Đồng chí chưa thay đổi nhiệm vụ nào; hệ thống chưa lưu gì."
WEBAPP_FOCAL_SENT_CHAT = "Hệ thống đã gửi xác nhận vào cuộc trò chuyện của đồng chí với hệ thống."
WEBAPP_EXTENSION_ALREADY = "Đề nghị gia hạn này đã được xử lý ({state}); danh sách đã được cập nhật."
WEBAPP_EXTENSION_STATE = {"approved": "đồng ý", "rejected": "từ chối", "superseded": "thay bằng đề nghị mới hơn"}
WEBAPP_PAGE_PHONE = {
    "sort": "Sắp xếp",
    "sorts": {"worst": "Cần chú ý", "name": "Tên A–Z", "done": "% hoàn thành"},
    "all_kinds": "Mọi loại",
    "search": "Tìm đơn vị",
    "all_statuses": "Mọi trạng thái",
    "restored": "Bộ lọc đã trở lại như trước khi tải lỗi.",
    "confirm_title": "Xác nhận",
    "confirm_all_deadline": "Đặt hạn {date} cho Nhiệm vụ {task} của {count} đơn vị?",
    "confirm_yes": "Đồng ý",
    "confirm_no": "Hủy",
    "date_hint": "dd/mm/yyyy",
    "bad_date": "Đề nghị đồng chí nhập ngày theo dạng dd/mm/yyyy, ví dụ 15/01/2021.",
    "cancelled": "Đồng chí đã hủy; hệ thống chưa thay đổi gì.",
    "focal_title": "Báo cáo nhiệm vụ của đơn vị",
    "focal_intro": "Chọn tình trạng, thêm ghi chú nếu cần, rồi bấm «Gửi báo cáo». Chỉ nhiệm vụ đồng chí thay đổi được gửi.",
    "focal_none": "Đơn vị không có nhiệm vụ nào đang mở.",
    "focal_send": "Gửi báo cáo",
    "focal_note": "Ghi chú (không bắt buộc)",
    "focal_history": "Các lần báo cáo gần đây",
    "focal_changed": "{count} nhiệm vụ sẽ được gửi",
    "focal_status": "Tình trạng",
    "no_deadline": "chưa có hạn",
}
AUDIT_ACTION["report.miniapp"] = "gửi mẫu báo cáo trên Mini App"  # then one status.change per task changed
# The form's choices without the chat's emoji (a phone without an emoji font shows boxes); same meaning.
WEBAPP_FOCAL_STATUS = {"not_started": "Chưa thực hiện", "in_progress": "Đang thực hiện", "done": "Hoàn thành",
                       "blocked": "Vướng mắc"}

# --- Directives imported from PDF / Word / text with a preview (issue 21, point 2) ---
IMPORT_OLD_WORD = ("Tệp «{name}» là Word 97-2003 (.doc), hệ thống chưa đọc được định dạng này; đề nghị lưu lại "
                   "thành .docx hoặc PDF rồi gửi lại.")
IMPORT_DAMAGED = "Tệp «{name}» bị hỏng hoặc không đúng định dạng, hệ thống không đọc được nội dung."
IMPORT_TOO_MANY_PAGES = "Tệp «{name}» dài hơn {pages} trang; hệ thống chỉ nhập văn bản giao nhiệm vụ ngắn hơn."
IMPORT_SCAN_NO_OCR = ("Tệp «{name}» là bản quét (chỉ có hình ảnh, không có lớp chữ) và máy chủ chưa cài phần mềm "
                      "nhận dạng chữ Tesseract tiếng Việt, nên không đọc được nội dung; đề nghị gửi bản PDF có lớp "
                      "chữ (tải từ hệ thống quản lý văn bản) hoặc tệp Word.")
IMPORT_OCR_FAILED = "Không nhận dạng được chữ trong bản quét «{name}»; đề nghị gửi bản PDF có lớp chữ hoặc tệp Word."
IMPORT_NO_TASKS = ("Tệp «{name}» không có danh sách nhiệm vụ đánh số (1., 2., …) trong phần nội dung, nên không "
                   "phải là văn bản giao nhiệm vụ để theo dõi; hệ thống không nhập.")
IMPORT_MISSING = ("Không đọc được {fields} ở phần đầu văn bản; đề nghị ghi rõ: {how}.")
IMPORT_FIELD_NUMBER = "số, ký hiệu"
IMPORT_FIELD_DATE = "ngày ban hành"
IMPORT_SOURCE = {"pdf": "PDF (lớp chữ)", "ocr": "PDF bản quét (nhận dạng chữ, đề nghị kiểm tra kỹ)",
                 "docx": "Word (.docx)", "txt": "văn bản chữ (.txt)"}
IMPORT_PREVIEW = ("Văn bản số {number} ngày {date}\nCơ quan ban hành: {issuer}\nTrích yếu: {title}\n"
                  "Đọc từ: {source}\n{count} nhiệm vụ:")
IMPORT_PREVIEW_TASK = "{n}. {text}"
IMPORT_UNKNOWN = "(không rõ)"
IMPORT_DRY_RUN = "Chưa lưu. Kiểm tra nội dung trên rồi chạy lại lệnh này không có --dry-run để lưu."
IMPORT_SAVED = "Đã lưu văn bản {number} ngày {date} với {tasks} nhiệm vụ."
IMPORT_HOW_CLI = "--number 2410/UBND-KSTT --date 28/10/2020"
IMPORT_HOW_CHAT = "chú thích «/vanban 2410/UBND-KSTT 28/10/2020» khi gửi tệp"
IMPORT_EXISTS = "Văn bản {number} đã có trong hệ thống; không nhập lại."
IMPORT_ASK = "Đồng chí kiểm tra nội dung trên: bấm ✅ Lưu để nhập văn bản và giao cho các đơn vị, ✖ Hủy để bỏ."
IMPORT_BUTTON_SAVE = "✅ Lưu"
IMPORT_BUTTON_CANCEL = "✖ Hủy"
IMPORT_CANCELLED = "Đã hủy, hệ thống không nhập văn bản {number}."
IMPORT_GONE = "Bản xem trước này đã hết hạn hoặc đã được xử lý; đề nghị đồng chí gửi lại tệp."


# --- Issue 19: read back what is not plain, route questions to the office (w19) ---
READBACK_HEADER = "Hệ thống hiểu đồng chí báo cáo:"
READBACK_FOOTER = ("Chưa lưu gì. Nếu đúng, đồng chí bấm «✅ Đúng, ghi nhận»; nếu chưa đúng, bấm «✏️ Sửa» để chọn "
                   "lại (hoặc gửi tin nhắn mới).")
READBACK_CORRECTS = "(Tin nhắn đã chỉnh sửa: khi đồng chí xác nhận, báo cáo trước đó của tin nhắn này được thay thế.)"
READBACK_CONFIRM = "✅ Đúng, ghi nhận"
READBACK_EDIT = "✏️ Sửa"
READBACK_GONE = ("Nội dung xác nhận này đã hết hạn (30 phút) hoặc đã được thay bằng tin nhắn mới, nên chưa lưu gì. "
                 "Đề nghị đồng chí gửi lại báo cáo.")
READBACK_CHOOSE = "Đề nghị đồng chí chọn tình trạng đúng cho từng nhiệm vụ (chưa lưu gì):"
RECORDED_CONFIRMED = "Hệ thống đã ghi nhận theo xác nhận của đồng chí lúc {at}:"
ASK_STATUS_UNCLEAR = ("Hệ thống chưa chắc chắn về tình trạng hiện nay của Nhiệm vụ {tasks} (kế hoạch, một phần "
                      "công việc hoặc nội dung khác), nên chưa lưu gì. Đề nghị đồng chí chọn tình trạng hiện tại:")
CONFIRMED_MARK = "đã xác nhận"  # a report stored from a read-back, in /nhatky, /donvi and the Mini App
AUDIT_CONFIRMED = " (đã xác nhận)"
QUESTION_FORWARDED = ("Câu hỏi của đồng chí đã được chuyển tới Văn phòng CCHC; câu trả lời sẽ được gửi lại "
                      "trong cuộc trò chuyện này.")
QUESTION_TO_OFFICE = ("❓ <b>Câu hỏi số {id}</b> của {unit} – {person}{tasks}, lúc {at}:\n«{text}»\n\n"
                      "Đề nghị trả lời trực tiếp vào tin nhắn này, hoặc bấm nút «Trả lời».")
QUESTION_TASKS = " (Nhiệm vụ {tasks})"
QUESTION_ANSWER_BUTTON = "Trả lời"
QUESTION_ANSWER_PROMPT = ("{name} trả lời câu hỏi số {id}: đề nghị trả lời trực tiếp vào tin nhắn này bằng nội "
                          "dung câu trả lời.")
QUESTION_ANSWERED = "Đã gửi câu trả lời cho câu hỏi số {id} tới {unit} – {person}."
QUESTION_ALREADY_ANSWERED = "Câu hỏi số {id} đã được trả lời lúc {at}; câu trả lời mới cũng được gửi tới đơn vị."
QUESTION_NOT_OFFICE = "Chỉ thành viên Văn phòng CCHC trả lời câu hỏi của đơn vị."
QUESTION_UNKNOWN = "Không tìm thấy câu hỏi này."
ANSWER_TO_FOCAL = "💬 Văn phòng CCHC trả lời câu hỏi của đồng chí:\n«{question}»\n\n{answer}"
QUESTIONS_HEADER = "<b>Câu hỏi chưa trả lời</b> ({count}), cũ nhất trước:"
QUESTIONS_LINE = "• Số {id} · {at} · {unit} – {person}{tasks}: «{text}»"
QUESTIONS_NONE = "Không có câu hỏi nào chờ trả lời."
QUESTIONS_HINT = ("Cách trả lời: trả lời trực tiếp vào tin nhắn câu hỏi trong nhóm Văn phòng, hoặc bấm nút «Trả lời» "
                  "dưới tin nhắn đó.")
READBACK_WITHDRAWN = "Báo cáo trước đó của {count} nhiệm vụ khác trong tin nhắn này đã được hủy."
AUDIT_QUESTION = "câu hỏi số {id}: «{text}»"

# --- Two-tier local government (issue 21, point 1): unit validity and groups ---
UNITS_RETIRED = (
    " {count} đơn vị không có trong danh sách được ghi nhận kết thúc hoạt động ngày {date} "
    "(giữ nguyên phân công và lịch sử báo cáo)."
)
SUMMARY_GROUPS = "Theo nhóm đơn vị:"
UNITS_GROUP = "<b>{group}</b>"
UNIT_ENDED = "Đơn vị kết thúc hoạt động ngày {date}"
UNIT_SUCCESSOR = "; đơn vị kế thừa: {name}"
SUMMARY_GROUP_LINE = "• {group}: {units} đơn vị, {done}/{total} lượt hoàn thành"
