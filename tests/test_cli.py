"""The `cchc-bot` CLI, called in-process on a temporary SQLite file."""

import pytest

from bot.cli import main


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # no stray .env from the developer's checkout
    for name in ("TELEGRAM_BOT_TOKEN", "OFFICE_ADMIN_IDS", "OFFICE_CHAT_ID", "TIMEZONE", "OFFICE_HOURS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/db/cchc.db")

    def run(*argv):
        code = main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_init_is_idempotent_and_shows_directive_2410(cli):
    assert cli("init")[0] == 0
    code, out, _ = cli("init")
    assert code == 0 and "0 đơn vị mới" in out and "0 phân công mới" in out
    code, out, _ = cli("directive", "show", "2410/UBND-KSTT")
    assert code == 0
    assert "Văn bản 2410/UBND-KSTT ngày 28/10/2020 — UBND tỉnh Lai Châu" in out
    assert [line.split(".")[0] for line in out.splitlines() if line[:2].rstrip(".").isdigit()] == [
        "1", "2", "3", "4", "5", "6", "7"]


def test_units_list_shows_the_units_of_a_day_grouped(cli):
    cli("init")
    code, out, _ = cli("units", "list", "--on", "28/10/2020")
    assert code == 0 and "# Sở, ban, ngành" in out and "# UBND các huyện, thành phố" in out
    assert "UBND huyện Nậm Nhùn" in out and "Tổng: 28 đơn vị ngày 28/10/2020" in out
    code, out, _ = cli("units", "list", "--on", "01/07/2025")
    assert "# UBND các xã, phường" in out and "UBND huyện" not in out and "UBND phường Tân Phong" in out
    code, out, _ = cli("units", "list", "--history")
    assert "SKHDT        Sở Kế hoạch và Đầu tư  (đến 28/02/2025, kế thừa: STC)" in out
    assert "HTD          UBND huyện Tam Đường  (đến 30/06/2025)" in out


def test_bad_csv_reports_lines_and_imports_nothing(cli, tmp_path):
    cli("init")
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,kind\nNEW1,Đơn vị mới,other\nSNV,,department\nX!,Tên,district\n", encoding="utf-8")
    code, _, err = cli("units", "import", str(bad))
    assert code == 1
    assert "Dòng 3: tên đơn vị trống." in err and "Dòng 4: mã 'X!' không hợp lệ" in err
    assert "NEW1" not in cli("units", "list")[1]


def test_good_csv_twice_changes_nothing_the_second_time(cli, tmp_path):
    good = tmp_path / "units.csv"
    good.write_bytes("\ufeffcode,name,kind\r\nABC,Ban ABC,other\r\n".encode())
    assert "1 mới" in cli("units", "import", str(good))[1]
    assert "1 không đổi" in cli("units", "import", str(good))[1]


def test_directive_import_good_and_bad(cli, tmp_path):
    cli("init")
    good = tmp_path / "d.txt"
    good.write_text("Văn bản số 100\n\n1. Việc một\n\n2.Việc hai\n\nNơi nhận", encoding="utf-8")
    code, out, _ = cli("directive", "import", str(good), "--number", "100/UBND-VX", "--date", "01/02/2021")
    assert code == 0 and "2 nhiệm vụ" in out
    bad = tmp_path / "bad.txt"
    bad.write_text("1. Một\n2. Hai\n4. Bốn\n", encoding="utf-8")
    code, _, err = cli("directive", "import", str(bad), "--number", "200/UBND", "--date", "01/02/2021")
    assert code == 1 and "Dòng 3: đánh số bị nhảy" in err
    code, _, err = cli("directive", "import", str(good), "--number", "300/UBND", "--date", "31/02/2021")
    assert code == 1 and "không tồn tại" in err
    listing = cli("directive", "list")[1]
    assert "100/UBND-VX" in listing and "200/UBND" not in listing and "300/UBND" not in listing


def test_assign_with_deadline(cli):
    cli("init")
    code, out, _ = cli("assign", "2410/UBND-KSTT", "--units", "SNV,STC", "--deadline", "15/12/2020")
    assert code == 0 and "2 đơn vị" in out and "hạn 15/12/2020" in out
    code, _, err = cli("assign", "2410/UBND-KSTT", "--units", "NOPE")
    assert code == 1 and "NOPE" in err


def test_run_without_token_is_one_line_and_exit_2(cli):
    code, out, err = cli("run")
    assert code == 2
    assert err.strip().count("\n") == 0 and "TELEGRAM_BOT_TOKEN" in err and "Traceback" not in err


def test_malformed_setting_is_exit_2(cli, monkeypatch):
    monkeypatch.setenv("OFFICE_ADMIN_IDS", "abc")
    code, _, err = cli("units", "list")
    assert code == 2 and err.startswith("cchc-bot: OFFICE_ADMIN_IDS is malformed")


def test_invite_from_cli(cli):
    cli("init")
    code, out, _ = cli("invite", "SNV", "--bot-username", "cchc_bot")
    assert code == 0 and "https://t.me/cchc_bot?start=" in out


def test_export_xlsx_and_csv(cli, tmp_path):
    from openpyxl import load_workbook

    cli("init")
    code, out, _ = cli("export", "2410/UBND-KSTT", "--out", str(tmp_path / "a.xlsx"), "--csv", str(tmp_path / "a.csv"))
    assert code == 0, out
    wb = load_workbook(tmp_path / "a.xlsx")
    assert wb["Tổng hợp"].cell(7, 3).value == "NV1" and wb["Đơn vị"].max_row == 29
    lines = (tmp_path / "a.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("ma_don_vi,don_vi,nhiem_vu") and len(lines) == 1 + 28 * 7
    code, out, _ = cli("export", "2410", "--history", str(tmp_path / "h.csv"))
    assert code == 0 and out.strip().endswith("(0 báo cáo)")
    assert (tmp_path / "h.csv").read_text(encoding="utf-8-sig").splitlines() == [
        "thoi_gian,ma_don_vi,nhiem_vu,trang_thai,ghi_chu,nguoi_bao_cao,minh_chung,cach_bao"]
    assert cli("export")[0] == 1


def test_push_from_cli_shares_the_bot_checks(cli):
    cli("init")
    code, _, err = cli("push", "2410/UBND-KSTT", "SNV,NOPE")
    assert code == 1 and err.strip() == "cchc-bot: Không có đơn vị: NOPE."
    code, _, err = cli("push", "999/XX")
    assert code == 1 and err.strip() == "cchc-bot: Không có văn bản số 999/XX."  # no HTML in a terminal
    code, out, _ = cli("push", "2410")
    assert code == 0 and "Đã xếp hàng 0 tin nhắn cho 0 đầu mối" in out


def test_cli_report_and_letter(cli, tmp_path):
    from docx import Document

    cli("init")
    code, out, _ = cli("report", "2410/UBND-KSTT", "--out", str(tmp_path / "bc.docx"))
    assert code == 0 and out.strip() == f"Đã ghi {tmp_path / 'bc.docx'}"
    assert "BÁO CÁO" in [p.text for p in Document(str(tmp_path / "bc.docx")).paragraphs]
    code, _, err = cli("letter", "2410", "--out", str(tmp_path / "dd.docx"), "--units", "SNV,NOPE")
    assert code == 1 and err.strip() == "cchc-bot: Không có đơn vị mã NOPE trong các đơn vị được giao văn bản này."
    code, out, _ = cli("letter", "2410", "--out", str(tmp_path / "dd.docx"), "--units", "STC,HTD")
    assert code == 0 and out.startswith(f"Đã ghi {tmp_path / 'dd.docx'}: đôn đốc 2 đơn vị, hạn báo cáo ")
    assert "- Sở Tài chính;" in [p.text for p in Document(str(tmp_path / "dd.docx")).paragraphs]
    code, out, _ = cli("letter", "2410", "--out", str(tmp_path / "dd.docx"), "--units", "SNV,HTD")
    assert code == 0 and "đôn đốc 1 đơn vị" in out  # the issuing office (Sở Nội vụ) is never addressed
    assert "Kính gửi: UBND huyện Tam Đường." in [p.text for p in Document(str(tmp_path / "dd.docx")).paragraphs]
    code, _, err = cli("report", "9/XX", "--out", str(tmp_path / "x.docx"))
    assert (code, err.strip()) == (1, "cchc-bot: Không có văn bản số 9/XX.")
    (tmp_path / "a-file").write_text("")
    code, _, err = cli("report", "--out", str(tmp_path / "a-file" / "x.docx"))
    assert code == 1 and err.startswith("cchc-bot: Không ghi được tệp") and len(err.strip().splitlines()) == 1
