"""Office uploads over Telegram: units CSV and directive text, validated whole, with clear replies."""

from sqlmodel import select

from db.models import Directive, Unit
from tests.helpers import ADMIN
from tests.kit import person


async def upload(kit, user, name, content, caption):
    kit.api.uploads[f"F-{name}"] = content
    return await kit.send(kit.document(user, file_name=name, size=len(content), caption=caption))


async def test_units_csv_upload_good_then_bad(kit):
    calls = await upload(kit, ADMIN, "dv.csv", "\ufeffcode,name,kind\r\nBQLDA,Ban QLDA tỉnh,other\r\n".encode(),
                         "/units")
    assert calls[-1].text == "Đã nhập 1 đơn vị: 1 mới, 0 cập nhật, 0 không đổi."
    bad = "code,name,kind\nNEW2,Mới,other\n,Không mã,other\nSNV,Trùng,department\nSNV,Trùng lần 2,department\n"
    calls = await upload(kit, ADMIN, "bad.csv", bad.encode(), "/units")
    assert "Dòng 3: mã đơn vị trống." in calls[-1].text and "Dòng 5: mã 'SNV' trùng với dòng 4." in calls[-1].text
    with kit.session() as session:
        assert session.exec(select(Unit).where(Unit.code == "NEW2")).first() is None


async def save_preview(kit, calls):
    """Press ✅ Lưu under the preview (the last message); returns the answer."""
    assert [b["text"] for b in calls[-1].buttons] == ["✅ Lưu", "✖ Hủy"], [c.text for c in calls]
    return await kit.send(kit.callback(ADMIN, calls[-1].buttons[0]["callback_data"], message=calls[-1]))


async def test_directive_upload_and_its_errors(kit):
    text = "UBND TỈNH\n\n1. Rà soát thủ tục.\n\n2.Báo cáo kết quả.\n\nNơi nhận: như trên"
    calls = await upload(kit, ADMIN, "vb.txt", text.encode(), "/directive 15/UBND-KSTT 05/01/2021 Tiếp tục CCHC")
    assert "Văn bản số 15/UBND-KSTT ngày 05/01/2021" in calls[-1].text and "Trích yếu: Tiếp tục CCHC" in calls[-1].text
    saved = await save_preview(kit, calls)
    assert "Đã nhập văn bản 15/UBND-KSTT ngày 05/01/2021 với 2 nhiệm vụ, giao cho 28 đơn vị" in saved[-1].text
    skipped = await upload(kit, ADMIN, "vb2.txt", b"1. A\n2. B\n4. D", "/directive 16/UBND 05/01/2021")
    assert "Dòng 3: đánh số bị nhảy" in skipped[-1].text and not skipped[-1].buttons
    latin = await upload(kit, ADMIN, "vb3.txt", "1. Vi\xe1\xbb\x87c".encode("latin-1") + b"\xff", "/directive 17/UBND 05/01/2021")
    assert "không phải văn bản mã UTF-8" in latin[-1].text
    usage = await upload(kit, ADMIN, "vb4.txt", b"1. A", "/directive 18/UBND")
    assert "Không đọc được ngày ban hành ở phần đầu văn bản" in usage[-1].text
    assert "«/vanban 2410/UBND-KSTT 28/10/2020»" in usage[-1].text
    big = await kit.send(kit.document(ADMIN, file_name="big.pdf", size=21_000_000, caption="/directive 19/UBND"))
    assert "vượt giới hạn" in big[-1].text
    with kit.session() as session:
        numbers = set(session.exec(select(Directive.number)))
    assert "15/UBND-KSTT" in numbers and not {"16/UBND", "17/UBND", "18/UBND", "19/UBND"} & numbers


async def test_only_admins_may_upload(kit):
    calls = await upload(kit, person(999), "dv.csv", b"code,name,kind\nX,Y,other\n", "/units")
    assert calls[-1].text == "Lệnh này chỉ dành cho Văn phòng CCHC."


async def test_the_vietnamese_captions_shown_in_the_hint_work(kit):
    """The captions the help shows, /donvi and /vanban, both import."""
    calls = await upload(kit, ADMIN, "dv.csv", "code,name,kind\nBQLDA,Ban QLDA tỉnh,other\n".encode(), "/donvi")
    assert calls[-1].text == "Đã nhập 1 đơn vị: 1 mới, 0 cập nhật, 0 không đổi."
    calls = await save_preview(kit, await upload(kit, ADMIN, "vb.txt", "1. Rà soát thủ tục.\n2. Báo cáo.".encode(),
                                                 "/vanban 20/UBND-KSTT 05/01/2021 Tiếp tục CCHC"))
    assert calls[-1].text.startswith("Đã nhập văn bản 20/UBND-KSTT ngày 05/01/2021 với 2 nhiệm vụ")
    assert "<code>/gui 20/UBND-KSTT tatca</code>" in calls[-1].text
