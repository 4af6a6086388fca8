"""The demo's second directive: a 2026 công văn of the province to today's departments, communes and wards, made
on the fly as the office would receive it (a PDF printed by LibreOffice from a Decree 30 .docx) and imported
through the bot's upload with its preview. Its number and wording are a sample made for the demo, not a real
document of Lai Châu."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from bot.testing.directive_docs import DirectiveDoc, soffice, to_pdf, write_docx

NUMBER = "125/UBND-KSTT"
ISSUED_ON = date(2026, 3, 2)
SAMPLE = DirectiveDoc(
    body_lines=("ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"), number=NUMBER, place="Lai Châu", issued_on=ISSUED_ON,
    subject="V/v triển khai nhiệm vụ cải cách hành chính năm 2026 sau sắp xếp đơn vị hành chính",
    to=("- Các sở, ban, ngành tỉnh;", "- UBND các xã, phường."),
    preamble=(
        "Căn cứ Kế hoạch cải cách hành chính năm 2026 của Ủy ban nhân dân tỉnh;",
        "Để bảo đảm hoạt động thông suốt của chính quyền địa phương hai cấp sau sắp xếp đơn vị hành chính, Ủy ban "
        "nhân dân tỉnh yêu cầu Thủ trưởng các sở, ban, ngành tỉnh; Chủ tịch Ủy ban nhân dân các xã, phường thực "
        "hiện các nhiệm vụ sau:",
    ),
    tasks=(
        "1. Rà soát, công bố công khai danh mục thủ tục hành chính thuộc thẩm quyền giải quyết của cơ quan, đơn "
        "vị theo mô hình chính quyền địa phương hai cấp; hoàn thành trước ngày 31/3/2026.",
        "2. Kiện toàn Bộ phận Một cửa và bố trí công chức tiếp nhận, trả kết quả giải quyết thủ tục hành chính:\n"
        "a) Bảo đảm trang thiết bị, đường truyền để tiếp nhận hồ sơ trực tuyến;\n"
        "b) Niêm yết địa chỉ, số điện thoại tiếp nhận phản ánh, kiến nghị của người dân, doanh nghiệp.",
        "3. Đẩy mạnh số hóa hồ sơ, kết quả giải quyết thủ tục hành chính; tỷ lệ hồ sơ được số hóa đạt từ 80% trở "
        "lên.",
        "4. Báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 15 hằng tháng để tổng hợp, báo cáo Ủy ban nhân dân "
        "tỉnh.",
    ),
    closing=("Ủy ban nhân dân tỉnh yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.",),
    recipients=("- Như trên;", "- TT. Tỉnh ủy (b/c);", "- TT. HĐND tỉnh (b/c);", "- Chủ tịch, các PCT UBND tỉnh;",
                "- Lưu: VT, KSTT."),
)


def sample_file(out_dir: Path) -> Path:
    """The sample as a PDF where LibreOffice is installed (as the e-office system sends it), else the .docx."""
    docx = write_docx(SAMPLE, out_dir / f"van-ban-{NUMBER.replace('/', '-')}.docx")
    if soffice() is None:
        return docx
    with tempfile.TemporaryDirectory(prefix="cchc-demo-lo-") as profile:
        return to_pdf(docx, out_dir, profile=Path(profile))
