"""/nhatky reads in Vietnamese: every audit action the code writes has a label, and its details read as words."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot import texts
from bot.domain.audit_view import AuditNames, audit_line, audit_refs, details_text
from db.models import ExtensionState
from tests.test_register import problems

ROOT = Path(__file__).resolve().parent.parent
NAMES = AuditNames(
    people={501: "Nguyễn Văn A", 100: "Trần Thị B"},
    units={"SNV": "Sở Nội vụ", "HTD": "UBND huyện Tam Đường"},
    units_by_id={7: "Sở Nội vụ"},
    assignments={178: ("Sở Nội vụ", 3)},
)


def actions_written_by_the_code() -> set[str]:
    """Every action literal passed to audit() or written by the quick path's SQL, f-strings expanded."""
    found: set[str] = set()
    for path in [*ROOT.glob("bot/**/*.py"), *ROOT.glob("db/*.py"), *ROOT.glob("handlers/*.py"), *ROOT.glob("jobs/*.py")]:
        source = path.read_text(encoding="utf-8")
        for call in re.findall(r"action=([^,)]*(?:\([^)]*\))?[^,)]*)", source):
            found |= set(re.findall(r"[\"']([a-z]+\.[a-z_]+)[\"']", call))
            if "extension.{" in call:  # decide_extension: the decision taken
                found |= {f"extension.{s.value}" for s in (ExtensionState.approved, ExtensionState.rejected)}
        found |= set(re.findall(r"VALUES \(:actor, '([a-z]+\.[a-z_]+)'", source))
    return found


def test_every_action_the_code_writes_has_a_vietnamese_label():
    written = actions_written_by_the_code()
    assert {"status.change", "status.correct", "extension.approved", "directive.close", "remind.send"} <= written
    assert written - set(texts.AUDIT_ACTION) == set()
    assert all(not problems(label) for label in texts.AUDIT_ACTION.values())


@pytest.mark.parametrize("action, details, expected", [
    ("status.change", "assignment 178: not_started -> done",
     "Sở Nội vụ, nhiệm vụ 3: ⬜ Chưa thực hiện → ✅ Hoàn thành"),
    ("status.correct", "assignment 178: done -> in_progress",
     "Sở Nội vụ, nhiệm vụ 3: ✅ Hoàn thành → 🔄 Đang thực hiện"),
    ("status.change", "assignment 999: blocked -> done", "nhiệm vụ đã xóa (số 999): ⚠️ Vướng mắc → ✅ Hoàn thành"),
    ("extension.request", "#4 assignment 178 -> 2020-12-31 chờ UBND tỉnh",
     "đề nghị số 4, Sở Nội vụ, nhiệm vụ 3, đến ngày 31/12/2020: «chờ UBND tỉnh»"),
    ("extension.request", "#5 assignment 178 -> 2021-01-15  (supersedes #3, #4)",
     "đề nghị số 5, Sở Nội vụ, nhiệm vụ 3, đến ngày 15/01/2021; thay cho đề nghị số 3, số 4"),
    ("extension.approved", "#4 assignment 178 -> 2020-12-31", "đề nghị số 4, Sở Nội vụ, nhiệm vụ 3, đến ngày 31/12/2020"),
    ("directive.push", "2410/UBND-KSTT units=28 queued=196", "văn bản số 2410/UBND-KSTT: 28 đơn vị, 196 tin nhắn"),
    ("deadline.set", "2410/UBND-KSTT NV3 15/12/2020 all",
     "văn bản số 2410/UBND-KSTT, nhiệm vụ 3: hạn 15/12/2020, mọi đơn vị"),
    ("deadline.set", "2410/UBND-KSTT NV5 10/12/2020 HTD,SNV",
     "văn bản số 2410/UBND-KSTT, nhiệm vụ 5: hạn 10/12/2020, UBND huyện Tam Đường, Sở Nội vụ"),
    ("policy.set", '2410/UBND-KSTT {"before": [7, 3, 1], "at": "08:00", "overdue": 2, "escalate": 5}',
     "văn bản số 2410/UBND-KSTT: trước hạn 7, 3, 1 ngày làm việc lúc 08:00; quá hạn nhắc 2 ngày làm việc một lần; "
     "quá 5 ngày làm việc thì báo Văn phòng CCHC"),
    ("units.import", "28 rows {'added': 2, 'updated': 1, 'unchanged': 25}",
     "28 đơn vị: 2 mới, 1 cập nhật, 25 không đổi"),
    ("directive.import", "15/UBND-KSTT 7 tasks", "văn bản số 15/UBND-KSTT, 7 nhiệm vụ"),
    ("directive.close", "2410/UBND-KSTT", "văn bản số 2410/UBND-KSTT"),
    ("staff.set", "300 viewer", "mã Telegram 300: quyền theo dõi"),
    ("staff.set", "100 admin", "Trần Thị B: quyền quản trị"),
    ("staff.remove", "300", "mã Telegram 300"),
    ("invite.create", "SNV deputy", "đầu mối phụ của Sở Nội vụ"),
    ("focal.register", "SNV primary Nguyễn Văn A", "Nguyễn Văn A, đầu mối chính của Sở Nội vụ"),
    ("focal.revoke", "HTD 601 Hoàng Văn E", "Hoàng Văn E, UBND huyện Tam Đường"),
    ("focal.unreachable", "SNV 501", "Nguyễn Văn A, Sở Nội vụ"),
    ("focal.reachable", "7", "Sở Nội vụ"),
    ("remind.send", "SNV,HTD 3 tin", "Sở Nội vụ, UBND huyện Tam Đường: 3 tin nhắn"),
    ("remind.send", "all 12 tin", "mọi đơn vị: 12 tin nhắn"),
])
def test_details_read_as_words(action, details, expected):
    assert details_text(action, details, NAMES) == expected
    assert problems(expected) == []


def test_a_line_names_the_person_and_the_refs_ask_for_what_the_page_mentions():
    entries = [SimpleNamespace(actor="tg:501", action="status.change", details="assignment 178: not_started -> done"),
               SimpleNamespace(actor="system", action="focal.unreachable", details="SNV 501"),
               SimpleNamespace(actor="cli", action="focal.reachable", details="7"),
               SimpleNamespace(actor="tg:100", action="remind.send", details="HTD 2 tin")]
    refs = audit_refs(entries)
    assert (refs.user_ids, refs.codes, refs.unit_ids, refs.assignment_ids) == ({501, 100}, {"SNV", "HTD"}, {7}, {178})
    assert audit_line(entries[0], NAMES, "09:00 02/11/2020") == (
        "• 09:00 02/11/2020 Nguyễn Văn A: báo cáo trạng thái – Sở Nội vụ, nhiệm vụ 3: ⬜ Chưa thực hiện → ✅ Hoàn thành")
    assert audit_line(entries[1], NAMES, "x").startswith("• x hệ thống: đầu mối không nhận được tin nhắn")
    assert audit_line(entries[2], NAMES, "x") == "• x quản trị máy chủ: đầu mối liên lạc lại được – Sở Nội vụ"
