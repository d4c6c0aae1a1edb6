"""The one date grammar (dates.py): each form it reads, and dates that do not exist rejected."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pipeline.parse import dates
from pipeline.parse.lines import make_key

D = dt.date


def test_safe_date_rejects_days_and_months_that_do_not_exist():
    assert dates.safe_date(2024, 2, 29) == D(2024, 2, 29)
    for y, m, d in ((2023, 2, 29), (2024, 2, 30), (2024, 4, 31), (2024, 13, 1), (2024, 0, 5), (2024, 5, 0)):
        assert dates.safe_date(y, m, d) is None
    assert dates.dmy("30", "01", "2024") == D(2024, 1, 30) and dates.dmy("31", "06", "2024") is None


@pytest.mark.parametrize("text", ["30/01/2024", "30-01-2024", "30.01.2024", "30 / 1 / 2024"])
def test_numeric_dates(text):
    assert [d for d, _, _ in dates.find_dmy(f"ký ngày {text} tại")] == [D(2024, 1, 30)]


def test_numeric_dates_invalid_or_out_of_range_are_skipped():
    assert dates.find_dmy("31/02/2024, 12/13/2024, 01/01/1850") == []
    assert dates.find_dmy("123/01/2024") == []  # part of a longer number
    assert dates.find_dmy("Thời gian ký: 15/01/2025 10:12:30") == [(D(2025, 1, 15), 14, 24)]


def test_bare_slash_dates_are_found_from_their_slashes():
    key = "truoc 5/3/2025 va 15/12/2024; 123/01/2024 khong, 30/02/2024 khong"
    assert [(d, key[a:b]) for d, a, b in dates.find_bare_dmy(key)] == [(D(2025, 3, 5), "5/3/2025"),
                                                                      (D(2024, 12, 15), "15/12/2024")]


def test_worded_dates():
    rx = re.compile(r"ngay\s+" + dates.worded_date())
    m = rx.search(make_key("Bắc Giang, ngày 30 tháng 01 năm 2024"))
    assert dates.dmy(*m.groups()) == D(2024, 1, 30)
    assert rx.search("ngay 30 thang 6 2024") is None
    loose = re.compile(r"ngay\s+" + dates.worded_date(year_word_optional=True))
    assert dates.dmy(*loose.search("ngay 30 thang 6 2024").groups()) == D(2024, 6, 30)


@pytest.mark.parametrize("text,want", [("ngày 22/01/2024", D(2024, 1, 22)), ("ngày 22 tháng 01 năm 2024", D(2024, 1, 22)),
                                       ("ngày 7-4-2014", D(2014, 4, 7))])
def test_date_after_ngay(text, want):
    g = re.match(dates.DATE_AFTER_NGAY, make_key(text)).groups()
    assert dates.dmy(*(g[:3] if g[0] else g[3:])) == want


def test_months_quarters_years_and_ranges():
    m = re.search(dates.MONTH_OF_YEAR, "thang 12/2025")
    assert dates.month_span(int(m.group(2)), int(m.group(1))) == (D(2025, 12, 1), D(2025, 12, 31))
    assert re.search(dates.MONTH_OF_YEAR, "thang 2 nam 2024") and dates.month_span(2024, 2)[1] == D(2024, 2, 29)
    assert dates.month_span(2024, 13) is None
    for printed, q in (("quy iii/2024", 3), ("quy 2 nam 2024", 2), ("quy ii1/2024", 3), ("quy iv/2024", 4)):
        m = re.search(dates.QUARTER_OF_YEAR, printed)
        assert dates.quarter_number(m.group(1)) == q, printed
    assert dates.quarter_span(2024, 3) == (D(2024, 7, 1), D(2024, 9, 30)) and dates.quarter_span(2024, 5) is None
    assert re.search(dates.YEAR_WORD, "nam 2024 ").group(1) == "2024"
    assert re.search(dates.YEAR_WORD, "nam 2024-2030") is None
    assert re.search(dates.YEAR_RANGE, "2024 den nam 2030").groups() == ("2024", "2030")
    assert dates.year_span(2024) == (D(2024, 1, 1), D(2024, 12, 31))
    assert dates.year_span(2024, 2030) == (D(2024, 1, 1), D(2030, 12, 31))
    assert dates.find_years("năm 2024, 12024, 1899, 2099") == [2024, 2099]


def test_the_ocr_tolerant_issue_date_line():
    m = re.search(dates.OCR_WORDED_DATE, make_key("ngay 3O thang 0l nam 2o24"))
    assert (m.group("d"), m.group("m"), m.group("y")) == (" 3o ", " 0l ", "2o24")
    assert re.search(dates.OCR_WORDED_DATE, "n g a y 5 t h a n g 6 n a m 2025")
    m = re.search(dates.OCR_WORDED_DATE, make_key("ngày 04 tháng 6 năm: 2026"))  # a speck read as a colon
    assert (m.group("d"), m.group("m"), m.group("y")) == (" 04 ", " 6 ", "2026")
    assert dates.digit_pattern(" 3O ") == "30" and dates.digit_pattern("2§") == "2?" and dates.digit_pattern(" ") is None
    assert dates.expand("?3", 1, 31) == [3, 13, 23] and dates.expand("123", 1, 31) == []
    assert dates.ocr_date_candidates(2024, "02", "2?") == [D(2024, 2, d) for d in range(20, 30)]
    assert dates.ocr_date_candidates(2024, "02", "3?") == []  # 30/02 and 31/02 do not exist
