"""The documents as an office suite prints them: LibreOffice converts them to PDF, the pages are counted.

One LibreOffice run converts the three documents (the summary sheet, the report, the letter): a start of
LibreOffice costs seconds, a conversion a fraction of one.
"""

import re
import shutil
import subprocess
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from bot.documents.facts import load_facts
from bot.documents.letter import write_letter
from bot.documents.letterhead import Letterhead
from bot.documents.report import write_report
from bot.documents.workbook import write_summary
from bot.domain.enums import Status
from bot.operations.seed import load_bundled, load_calendar
from bot.settings import Settings
from db.directives import get_directive
from db.engine import create_schema, make_engine
from db.models import Assignment, StatusReport, Task, Unit

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed here; .ci/run "
                                "installs libreoffice-calc-nogui and libreoffice-writer-nogui")
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2020, 12, 23, 9, 30, tzinfo=TZ)


def pdf_pages(path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes()))


def province_in_december(engine) -> None:
    """The 28 bundled units: task 3 due 15/12 everywhere; some done, some blocked with a reason."""
    with Session(engine) as session:
        load_bundled(session)
        rows = session.exec(select(Assignment, Unit.code, Task.number).join(Unit, Unit.id == Assignment.unit_id)
                            .join(Task)).all()
        for index, (assignment, code, number) in enumerate(rows):
            if number == 3:
                assignment.deadline = date(2020, 12, 15)
            if index % 3 == 0:
                assignment.status = Status.done
                assignment.completed_at = assignment.last_report_at = datetime(2020, 12, 1, 9, tzinfo=TZ)
            elif index % 7 == 0:
                assignment.status = Status.blocked
                assignment.last_report_at = datetime(2020, 12, 2, 9, tzinfo=TZ)
                session.add(StatusReport(assignment_id=assignment.id, status=Status.blocked,
                                         note=f"thiếu kinh phí ({code}, nhiệm vụ {number})",
                                         reported_at=assignment.last_report_at))
        session.commit()


def test_summary_of_28_units_prints_on_one_page_and_the_documents_convert(tmp_path):
    engine = make_engine("sqlite://")
    create_schema(engine)
    province_in_december(engine)
    head = Letterhead()
    calendar = load_calendar(TZ, Settings().office_hours)
    with Session(engine) as session:
        directive = get_directive(session, number="2410/UBND-KSTT")
        facts = load_facts(session, directive=directive, now=NOW, tz=TZ)
        assert len(facts.units) == 28
        write_summary(tmp_path / "tong-hop.xlsx", facts=facts, head=head, tz=TZ)
        write_report(session, directive=directive, now=NOW, tz=TZ, out=tmp_path / "bao-cao.docx", head=head)
        plan = write_letter(session, directive=directive, now=NOW, tz=TZ, out=tmp_path / "don-doc.docx",
                            head=head, calendar=calendar, codes=["STC", "HTD"])
    assert [unit.name for unit, _ in plan.addressees] == ["Sở Tài chính", "UBND huyện Tam Đường"]
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), *(str(tmp_path / n) for n in ("tong-hop.xlsx", "bao-cao.docx",
                                                                           "don-doc.docx"))],
        capture_output=True, text=True, timeout=150)
    assert result.returncode == 0, result.stderr
    pages = {name: pdf_pages(tmp_path / "pdf" / f"{name}.pdf") for name in ("tong-hop", "bao-cao", "don-doc")}
    assert pages["tong-hop"] == 1, pages
    # The report: the text in portrait, then the appendix table of 28 units on landscape pages of its own.
    assert 3 <= pages["bao-cao"] <= 12, pages
    assert 1 <= pages["don-doc"] <= 2, pages
