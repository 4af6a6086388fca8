"""Who speaks in a document and how a directive is named in it (pure): the lines of Decree 30/2020/NĐ-CP."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot import texts
from bot.domain.dates import fmt_date


def _upper(text: str) -> str:
    return text.upper()


@dataclass(frozen=True)
class Letterhead:
    """PROVINCE_NAME, OFFICE_NAME, OFFICE_SIGNER, OFFICE_ABBREV and OFFICE_SIGNER_NAME, as the header block,
    the number and the signature show them."""

    province: str = "Lai Châu"
    office_name: str = "Sở Nội vụ tỉnh Lai Châu"
    signer: str | None = None
    abbrev: str = "SNV"  # OFFICE_ABBREV: "Số:      /BC-SNV", a công văn "Số:      /SNV-CCHC"
    signer_name: str | None = None  # OFFICE_SIGNER_NAME, under the signature

    @classmethod
    def from_settings(cls, settings) -> Letterhead:
        return cls(settings.province_name, settings.office_name, settings.office_signer,
                   settings.office_abbrev, settings.office_signer_name)

    @property
    def parent(self) -> str:
        """The governing body above the office: UBND TỈNH LAI CHÂU."""
        return _upper(texts.DOC_PARENT.format(province=self.province))

    @property
    def office(self) -> str:
        """The office as the text names it: "Sở Nội vụ" (the province is already in the header)."""
        short = re.sub(rf"\s+tỉnh\s+{re.escape(self.province)}$", "", self.office_name, flags=re.IGNORECASE)
        return short or self.office_name

    @property
    def office_upper(self) -> str:
        return _upper(self.office)

    @property
    def signer_lines(self) -> list[str]:
        """"KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" -> two lines above the signature."""
        raw = self.signer or texts.DOC_SIGNER_DEFAULT
        return [_upper(part.strip()) for part in raw.split("/") if part.strip()]

    def place_date(self, day: date) -> str:
        """"Lai Châu, ngày 05 tháng 01 năm 2021": days below 10 and months 1-2 take a leading zero."""
        month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
        return texts.DOC_PLACE_DATE.format(province=self.province, day=f"{day.day:02d}", month=month,
                                           year=day.year)


def about(title: str) -> str:
    """A directive's subject after its issuer: "Về việc chấn chỉnh …" -> "về việc chấn chỉnh …"."""
    title = " ".join(title.split())
    return title[:1].lower() + title[1:] if title[:3].lower() == "về " else title


def issuer_of(facts, head: Letterhead) -> str:
    return facts.issuer or f"UBND tỉnh {head.province}"


def as_of(now: datetime, tz: ZoneInfo, *, inline: bool = False) -> str:
    """"(Số liệu tính đến 09 giờ 30 ngày 23/12/2020)" on a line of its own, lower case inside a sentence."""
    local = now.astimezone(tz)
    return (texts.DOC_AS_OF_INLINE if inline else texts.DOC_AS_OF).format(
        hour=f"{local.hour:02d}", minute=f"{local.minute:02d}", date=fmt_date(local.date()))


def xlsx_title(facts) -> str:
    return texts.XLSX_TITLE.format(number=facts.number, date=fmt_date(facts.issued_on))


# Decree 30/2020/NĐ-CP, Appendix I: an abbreviation is written out at its first use, the short form in brackets.
ABBREVIATIONS = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "CCHC": "cải cách hành chính",
                 "TTHC": "thủ tục hành chính"}


def abbreviation_pattern(short: str) -> re.Pattern:
    """`short` as a word of its own; inside a document's number ("2410/UBND-KSTT") it is part of the number."""
    return re.compile(rf"(?<![\w/-]){short}(?![\w/-])")


def write_out_first(text: str, pending: dict[str, str]) -> str:
    """The first use of each abbreviation still in `pending` written out ("Ủy ban nhân dân (UBND)"); those met
    are removed from `pending`, so a caller passes one dict through a document's texts in reading order."""
    for short, full in list(pending.items()):
        pattern = abbreviation_pattern(short)
        if f"({short})" in text:
            del pending[short]
        elif pattern.search(text):
            text = pattern.sub(f"{full} ({short})", text, count=1)
            del pending[short]
    return text


def xlsx_subject(facts, head: Letterhead) -> str:
    subject = texts.XLSX_SUBJECT.format(issuer=issuer_of(facts, head), title=about(facts.title)).strip()
    return write_out_first(subject, dict(ABBREVIATIONS))
