import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.units_csv import UnitsCsvError, parse_units_csv
from bot.operations.seed import bundled_text


def test_bundled_list_has_departments_and_the_eight_districts():
    units = parse_units_csv(bundled_text("units-laichau-2020.csv"))
    districts = [u.name for u in units if u.kind == "district"]
    assert len(districts) == 8
    for place in ("Lai Châu", "Tam Đường", "Phong Thổ", "Sìn Hồ", "Mường Tè", "Than Uyên", "Tân Uyên", "Nậm Nhùn"):
        assert any(place in name for name in districts)
    codes = {u.code for u in units}
    assert {"SNV", "STC", "VPUBND", "TTT", "BDT"} <= codes
    assert len(units) == 28


def test_excel_bom_and_semicolons_are_accepted():
    data = "\ufeffcode;name;kind\r\nSNV;Sở Nội vụ;department\r\n".encode()
    assert [u.code for u in parse_units_csv(data)] == ["SNV"]


def test_every_bad_row_is_reported_with_its_line():
    data = (
        "code,name,kind\n"
        "SNV,Sở Nội vụ,department\n"
        ",Không mã,department\n"
        "SNV,Trùng,department\n"
        "STC,Sở Tài chính,province\n"
        "STP,,department\n"
    ).encode()
    with pytest.raises(UnitsCsvError) as info:
        parse_units_csv(data)
    assert info.value.problems == [
        "Dòng 3: mã đơn vị trống.",
        "Dòng 4: mã 'SNV' trùng với dòng 2.",
        "Dòng 5: loại 'province' không hợp lệ (department, district, xa, phuong hoặc other).",
        "Dòng 6: tên đơn vị trống.",
    ]


@pytest.mark.parametrize(
    "data, fragment",
    [
        (b"", "Tệp trống"),
        (b"ma,ten\nSNV,So", "thiếu cột code, name, kind"),
        (b"code,name,kind\nSNV,S\xf6 N\xf4i v\xf5,department\n", "không phải UTF-8"),
        (b"code,name,kind\n", "không có dòng đơn vị"),
    ],
)
def test_malformed_files(data, fragment):
    with pytest.raises(UnitsCsvError) as info:
        parse_units_csv(data)
    assert fragment in str(info.value)


@given(st.binary(max_size=400))
def test_raises_only_its_own_error(data):
    try:
        rows = parse_units_csv(data)
    except UnitsCsvError:
        return
    assert all(r.code and r.name for r in rows)
