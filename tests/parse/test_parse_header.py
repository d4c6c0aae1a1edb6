"""Header rules: code normalisation, date line (also merged with the Số line), type, bodies, marks, Kính gửi."""

from __future__ import annotations

import datetime as dt

import pytest

from fakes import DECISION_PAGE

from pipeline.parse import codes, header, parse_document
from pipeline.parse.codes import parse_code, read_number
from pipeline.parse.lines import Line
from pipeline.parse.normal import normal_case


@pytest.mark.parametrize("raw, number, symbol, code", [
    ("58 /KH-LHH", "58", "KH-LHH", "58/KH-LHH"),
    ("25/2026/NĐ-CP", "25", "2026/NĐ-CP", "25/2026/NĐ-CP"),
    ("66.7/2025/NQ-CP", "66.7", "2025/NQ-CP", "66.7/2025/NQ-CP"),
    ("34-CT/TW", "34", "CT/TW", "34-CT/TW"),
    ("11/2026/TT-BTС", "11", "2026/TT-BTC", "11/2026/TT-BTC"),  # Cyrillic С
    ("O{_ /TTr-UBND", None, "TTr-UBND", None),  # handwritten number garbled by OCR
    ("/UBND-KTTH", None, "UBND-KTTH", None),
    ("09/2025/UBTVQHI5", "09", "2025/UBTVQH15", "09/2025/UBTVQH15"),  # the term number's 1 read as I
    ("203/2025/QHl5", "203", "2025/QH15", "203/2025/QH15"),
    ("Sự 157/TB-UBND", "157", "TB-UBND", "157/TB-UBND"),  # the handwriting's remains before a number read again
    ("⁄ 151/KH-UBND", "151", "KH-UBND", "151/KH-UBND"),  # a stroke of it read as a fraction slash
    ("290/TB-ÙUBND", "290", "TB-UBND", "290/TB-UBND"),  # a speck over U read as a marked ghost letter
    ("15/KH-SỞYT", "15", "KH-SOYT", "15/KH-SOYT"),  # a symbol's capitals carry no marks but Đ's
    ("2& 438/QĐ-UBND _ Thanh Hóa, ngày 22", "438", "QĐ-UBND", "438/QĐ-UBND"),  # a short word with a sign in it
    ("#Z 152/UBND-NC", "152", "UBND-NC", "152/UBND-NC"),
    ("198/ƑCT-UBND", "198", "CT-UBND", "198/CT-UBND"),  # the number's tail read as a letter before the symbol
    ("0227/TB-.UBND", "227", "TB-UBND", "227/TB-UBND"),  # a stop beside the dash; a speck read as 0 before 227
    ("05/KH-UBND", "05", "KH-UBND", "05/KH-UBND"),  # (a short number may be padded)
    ("021/BC-STP", "21", "BC-STP", "21/BC-STP"),  # (to two digits only)
    ("227/QĐ-UBND —— Bến Tre, Hãng 17 tháng 7 năm 2026", "227", "QĐ-UBND", "227/QĐ-UBND"),  # a rule, the date
    ("O6 406/QĐ-UBND", "406", "QĐ-UBND", "406/QĐ-UBND"),  # a letter and a digit before the number: specks
    ("108TT-UBND", "108", "TT-UBND", "108/TT-UBND"),  # the slash lost
    ("21/TTr-SDTTG: -", "21", "TTr-SDTTG", "21/TTr-SDTTG"),  # signs after the symbol's end
    ("368/TTr-BQLDA - _", "368", "TTr-BQLDA", "368/TTr-BQLDA"),  # specks apart after it
    ("45/UBND - VX", "45", "UBND-VX", "45/UBND-VX"),  # (a dash between letters joins them)
    ("676/UBND-TH_- Hậu Giang, ngày 13", "676", "UBND-TH", "676/UBND-TH"),  # specks with an _ end the symbol
    ("2 382/KH-UBND", "382", "KH-UBND", "382/KH-UBND"),  # a lone digit before three: a speck
    ("2 82/KH-UBND", "282", "KH-UBND", "282/KH-UBND"),  # before one or two: a leading digit written apart
    ("vế\" 277/rB-BQLKCNC", "277", "rB-BQLKCNC", "277/rB-BQLKCNC"),  # a speck word before a lower-case slip
    ("-#./CT- 03/CT-UBND", "03", "CT-UBND", "03/CT-UBND"),  # the blank's scribble, then the code
    ("176CTUBND", "176", "CT-UBND", "176/CT-UBND"),  # the slash and the dash lost: a type's abbreviation first
    ("256/CT-'UBND", "256", "CT-UBND", "256/CT-UBND"),  # a quote speck by the dash: no rule after the symbol
    ("256/CT'-UBND", "256", "CT-UBND", "256/CT-UBND"),
    ("390/KH- -UBND", "390", "KH-UBND", "390/KH-UBND"),  # a dash read twice, apart
    ("96/QĐĐĐ-UBND", "96", "QĐ-UBND", "96/QĐ-UBND"),  # a type's letter read three times
    ("3754/TTT-NV1", "3754", "TTT-NV1", "3754/TTT-NV1"),  # (an issuer's own TTT, Thanh tra tỉnh, stays)
    ("72/KH- 215/KH-UBND", "215", "KH-UBND", "215/KH-UBND"),  # a handwritten 2 read as a code left open
    ("72Zm- 409/TTr-VPĐP.", "409", "TTr-VPĐP", "409/TTr-VPĐP"),  # ... without its slash
    ("¿2.3mm 429/TTr-UBND |", "429", "TTr-UBND", "429/TTr-UBND"),  # a word of signs and letters, then the code
])
def test_parse_code(raw, number, symbol, code):
    parsed = parse_code(raw)
    assert parsed is not None
    assert (parsed.number, parsed.symbol, parsed.code) == (number, symbol, code)


@pytest.mark.parametrize("raw, specks", [
    ("2& 438/QĐ-UBND", "2&"), ("189/ƒUBND-NV", "ƒ"), ("58 /KH-LHH", ""), ("0227/TB-UBND", "0"), ("021/BC-STP", "0"),
    ("O6 406/QĐ-UBND", "O6"), ("108TT-UBND", "/"),
    ("Sự 157/TB-UBND", ""),  # a word of letters is the handwriting's remains, no digit of it
    ("2 382/KH-UBND", "2"), ("2 82/KH-UBND", "2"), ("176CTUBND", "/-"), ("-#./CT- 03/CT-UBND", "-#./CT-"),
    ("72/KH- 215/KH-UBND", "72/KH-"), ("72Zm- 409/TTr-VPĐP", "72Zm-"), ("¿2.3mm 429/TTr-UBND", "¿2.3mm"),
])
def test_parse_code_reports_specks_beside_the_number(raw, specks):
    assert parse_code(raw).specks == specks


def test_read_number_rejects_noise():
    assert read_number("6§0_") is None
    assert read_number("0") is None
    assert read_number("07") == "07"


@pytest.mark.parametrize("printed, normal", [
    ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "Ủy ban nhân dân tỉnh Quảng Ngãi"),
    ("UBND TỈNH BẮC GIANG", "UBND tỉnh Bắc Giang"),
    ("LIÊN HIỆP CÁC HỘI KH&KT", "Liên hiệp các hội KH&KT"),
    ("BỘ TÀI CHÍNH", "Bộ Tài chính"),
    ("BAN CHỈ ĐẠO 138", "Ban Chỉ đạo 138"),
    ("ỦY BAN THƯỜNG VỤ QUỐC HỘI", "Ủy ban Thường vụ Quốc hội"),
])
def test_normal_case(printed, normal):
    assert normal_case(printed) == normal


CLEAN = """CHÍNH PHỦ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 25/2026/NĐ-CP

Hà Nội, ngày 17 tháng 01 năm 2026

NGHỊ ĐỊNH

Quy định chi tiết và biện pháp để tổ chức, hướng dẫn thi hành

một số điều của Luật Hóa chất

Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;
"""

MERGED = """UBND TINH BAC GIANG CONG HOA XA HOI CHU NGHIA VIET NAM

LIEN HIEP CAC HQI KH&KT Doc 1ap-Tw do —Hanh phic
S6: 58 /KH-LHH Bdc Giang, ngay 30 thang 01 nam 2024
KE HOACH

Thue hién phong trao thi dua nam 2024

Thye hién K& hoach s6 15/KH-UBND ngay 22/01/2024 cua UBND tinh
"""

BLOCKS = """UBND TỈNH BẮC GIANG
LIÊN HIỆP CÁC HỘI KH&KT
Số: 58/KH-LHH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bắc Giang, ngày 30 tháng 01 năm 2024
KẾ HOẠCH
Thực hiện phong trào thi đua năm 2024
Thực hiện Kế hoạch số 15/KH-UBND ngày 22/01/2024 của UBND tỉnh Bắc Giang.
"""


def test_clean_header():
    doc = parse_document([CLEAN]).document
    assert (doc.type, doc.type_code, doc.code, doc.number) == ("Nghị định", "NĐ", "25/2026/NĐ-CP", "25")
    assert doc.issuing_body == "CHÍNH PHỦ" and doc.parent_body is None
    assert (doc.place, doc.issue_date) == ("Hà Nội", dt.date(2026, 1, 17))
    assert doc.subject == ("Quy định chi tiết và biện pháp để tổ chức, hướng dẫn thi hành một số điều của "
                           "Luật Hóa chất")


@pytest.mark.parametrize("text", [MERGED, BLOCKS])
def test_merged_and_block_headers(text):
    parsed = parse_document([text])
    doc = parsed.document
    assert doc.code == "58/KH-LHH" and doc.type == "Kế hoạch" and doc.type_code == "KH"
    assert doc.issue_date == dt.date(2024, 1, 30)
    assert doc.place == "Bắc Giang"
    assert doc.parent_body.replace("TINH BAC", "TỈNH BẮC") == "UBND TỈNH BẮC GIANG"
    assert doc.issuing_body.startswith("LI")
    ev = parsed.evidence["document.code"]
    assert ev.page == 1 and ev.line == (4 if text is MERGED else 3)


ESIGN = """Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi
Cơ quan: Tỉnh Quảng Ngãi
Thời gian ký: 17/01/2025 08:56:09

ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc
Số: {number}/TB-UBND Quảng Ngãi, ngày {day} tháng 12 năm 2024
THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc

Thời gian qua, Ban Chỉ đạo đã triển khai.
"""


def test_esignature_box_is_skipped_and_bounds_a_handwritten_day():
    parsed = parse_document([ESIGN.format(number="660", day="3|")])
    doc = parsed.document
    assert doc.issuing_body == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI" and doc.parent_body is None
    assert doc.issuing_body_normal == "Ủy ban nhân dân tỉnh Quảng Ngãi"
    assert doc.issue_date == dt.date(2024, 12, 31)  # '3|' read as 31, the only day before the e-signature
    assert doc.code == "660/TB-UBND"


def test_one_unreadable_digit_resolved_by_the_esignature_window():
    parsed = parse_document([ESIGN.format(number="660", day="@3")])  # 03, 13 or 23: only 23/12 fits
    assert parsed.document.issue_date == dt.date(2024, 12, 23)
    assert parsed.evidence["document.issue_date"].confidence < 0.9


@pytest.mark.parametrize("day", ["2#", "1?", ""])
def test_a_garbled_day_gives_the_esignatures_date_listed_for_review(day):
    """The day unreadable: the best reading is the signing day (most documents are signed the day they are
    dated), kept low and listed; never a sure date."""
    parsed = parse_document([ESIGN.format(number="6§0_", day=day)])
    assert parsed.document.issue_date == dt.date(2025, 1, 17)
    assert parsed.evidence["document.issue_date"].confidence <= 0.3 and "document.issue_date" in parsed.review
    assert parsed.document.number is None and parsed.document.symbol == "TB-UBND"
    assert any("issue date taken from the e-signature" in w for w in parsed.warnings)
    assert any("number" in w for w in parsed.warnings)


@pytest.mark.parametrize("stamp", ["17.01:2025", "17. .01.2025", "17.01. .2025"])
def test_an_e_signature_timestamp_with_a_stop_misread_still_bounds_the_day(stamp):
    # the e-signature's small print: a stop read as a colon, or twice
    parsed = parse_document([ESIGN.replace("17/01/2025", stamp).format(number="660", day="@3")])
    assert parsed.document.issue_date == dt.date(2024, 12, 23)


def test_a_timestamp_whose_first_stop_reads_as_a_colon_bounds_nothing():
    # ``+4:05:2022`` for 14.03.2022: no 4 May; the date line's day and month stand
    from pipeline.parse.dates import find_dmy

    assert find_dmy("Thời gian ký: +4:05:2022 69:35:39", loose=True) == []
    assert [d for d, _, _ in find_dmy("Thời gian ký: 02.12:2022 13:16:09", loose=True)] == [dt.date(2022, 12, 2)]


@pytest.mark.parametrize("year", ["năm ZUZ4", "rrămr2024"])
def test_a_year_with_its_2s_read_as_z_or_its_word_garbled_is_read(year):
    parsed = parse_document([ESIGN.replace("năm 2024", year).format(number="660", day="@3")])
    assert parsed.document.issue_date == dt.date(2024, 12, 23)


def test_a_day_read_as_digits_that_cannot_be_stays_null():
    """Day 80 of December 2024 under a signature of 17 January 2025: the month read is not the signing's, so the
    signing day is no reading of this line."""
    parsed = parse_document([ESIGN.format(number="6§0_", day="80")])
    assert parsed.document.issue_date is None and "document.issue_date" in parsed.review
    assert any("issue date" in w for w in parsed.warnings)


def test_a_day_read_after_the_signing_in_its_month_gives_the_signing_day_listed():
    """A scan's ``ngày 28 tháng 01 năm 2025`` signed on 17 January: a document is not dated more than a week after
    it is signed, so the handwritten day was misread; the signing day is the best reading, listed. The same line
    as clean text (printed, not OCR'd) keeps no date (``test_a_clean_printed_date_may_follow_...``)."""
    page = ESIGN.format(number="660", day="28").replace("tháng 12 năm 2024", "tháng 01 năm 2025")
    parsed = parse_document([page], ocr_text=True)
    assert parsed.document.issue_date == dt.date(2025, 1, 17)
    assert "document.issue_date" in parsed.review
    assert any("the date line does not fit it" in w for w in parsed.warnings)
    # the month left blank: no month to compare, no signing day, and no error
    blank = ESIGN.format(number="660", day="28").replace("tháng 12 năm 2024", "tháng  năm 2025")
    parsed = parse_document([blank], ocr_text=True)
    assert parsed.document.issue_date is None and "document.issue_date" in parsed.review


CONG_VAN = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
HỎA TỐC
Số: 507 /UBND-KGVX
Quảng Ngãi, ngày 24 tháng 01 năm 2025
V/v góp ý dự thảo Quyết định sửa
đổi, bổ sung một số điều

Kính gửi:
- Sở Thông tin và Truyền thông;
- Sở Tài chính.

Theo đề nghị của Bộ Thông tin và Truyền thông tại Công văn số 202/BTTTT-KHTC ngày 21/01/2025.
"""


def test_cong_van_subject_urgency_and_addressees():
    doc = parse_document([CONG_VAN]).document
    assert doc.type == "Công văn" and doc.type_code is None
    assert doc.code == "507/UBND-KGVX"
    assert doc.subject == "V/v góp ý dự thảo Quyết định sửa đổi, bổ sung một số điều"
    assert doc.urgency == "HỎA TỐC"
    assert doc.addressees == ["Sở Thông tin và Truyền thông", "Sở Tài chính"]


def test_inline_addressee_and_type_from_so_prefix():
    text = ("QUỐC HỘI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nLuật số: 117/2025/QH15\n"
            "LUẬT\nBẢO VỆ BÍ MẬT NHÀ NƯỚC\nCăn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n")
    doc = parse_document([text]).document
    assert (doc.type, doc.code, doc.subject) == ("Luật", "117/2025/QH15", "BẢO VỆ BÍ MẬT NHÀ NƯỚC")
    assert doc.issue_date is None


def test_empty_input():
    parsed = parse_document(["", "  \n"])
    assert parsed.document.code is None and parsed.warnings


@pytest.mark.parametrize("type_name", sorted(__import__("pipeline.parse.vocabulary", fromlist=["x"]).TYPE_CODES))
def test_every_type_title_is_recognised(type_name):
    from pipeline.parse.vocabulary import TYPE_CODES

    code = TYPE_CODES[type_name] or "UBND"
    text = ("UBND TỈNH NAM ĐỊNH\nSỞ NỘI VỤ\nSố: 12/{code}-SNV\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nNam Định, ngày 05 tháng 6 năm 2025\n{title}\nVề việc thử nghiệm\n"
            "Căn cứ Luật Tổ chức chính quyền địa phương;\n").format(code=code, title=type_name.upper())
    parsed = parse_document([text])
    assert parsed.document.type == type_name
    assert parsed.document.type_code == TYPE_CODES[type_name]
    assert parsed.document.subject == "Về việc thử nghiệm"
    for field in ("type", "code", "place", "issue_date", "issuing_body", "parent_body", "subject"):
        assert f"document.{field}" in parsed.evidence
    if TYPE_CODES[type_name]:
        assert parsed.evidence["document.type_code"] == parsed.evidence["document.type"]


def test_secrecy_mark():
    text = CLEAN.replace("Số: 25/2026/NĐ-CP", "Số: 25/2026/NĐ-CP\nMẬT")
    assert parse_document([text]).document.secrecy == "MẬT"


@pytest.mark.parametrize("body,initials", [
    ("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "BNNMT"),
    ("BỘ GIAO THÔNG VẬN TẢI", "BGTVT"),
    ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "BLĐTBXH"),
    ("ỦY BAN NHÂN DÂN", "UBND"),
])
def test_body_initials(body, initials):
    assert codes.body_initials(body) == initials


@pytest.mark.parametrize("symbol,type_code,expected", [
    ("2025/TTE-BNNMT", "TT", "2025/TT-BNNMT"),  # a stray letter after the abbreviation
    ("2025/TE-BNNMT", "TT", "2025/TT-BNNMT"),  # a letter misread
    ("pC-UBND", "BC", "BC-UBND"),  # the first letter misread, the other kept
    ("C-UBND", "BC", "BC-UBND"),  # the first letter lost
    ("11r-SDL", "TTr", "TTr-SDL"),  # bold T's read as 1
    ("rTr-SNgV", "TTr", "TTr-SNgV"),
    ("IKH-SNgV", "KH", "KH-SNgV"),  # a stray character before it: the slash's remains
    ("fKH-STC", "KH", "KH-STC"),
    ("TTIr-UBND", "TTr", "TTr-UBND"),  # a stray letter inside it
    ("IIrUBND", "TTr", "TTr-UBND"),  # its bold T's read as their look-alike I, the dash lost
    ("IIr-UBND", "TTr", "TTr-UBND"),
    ("OQb-UBND", "QĐ", "QĐ-UBND"),  # a stray letter before it and one letter misread
    ("TB.UBND", "TB", "TB-UBND"),  # the dash read as a stop
    ("ND-CP", "NĐ", "NĐ-CP"),
    ("TT-UBND", "TTr", "TTr-UBND"),  # the lower-case end lost, though TT is Thông tư's: the title names the type
    ("CT-UBND", "CTr", "CTr-UBND"),
    # left alone: another type's abbreviation, two letters off, no type segment, party codes
    ("QĐ-UBND", "KH", "QĐ-UBND"),
    ("NĐ-CP", "QĐ", "NĐ-CP"),  # another type's own abbreviation, one letter off: a disagreement the review lists
    ("ZT-UBND", "TTr", "ZT-UBND"),
    ("UBND-VX", "CV", "UBND-VX"),
    ("CT/TW", "CT", "CT/TW"),
])
def test_type_segment_repair(symbol, type_code, expected):
    assert codes.repair_symbol(symbol, type_code) == expected


@pytest.mark.parametrize("symbol,body,expected", [
    ("2025/TT-FBNNMT", "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "2025/TT-BNNMT"),  # a stray letter
    ("2021/TT-BGIVT", "BỘ GIAO THÔNG VẬN TẢI", "2021/TT-BGTVT"),  # T read as I
    ("2025/TT-NHNM", "NGÂN HÀNG NHÀ NƯỚC VIỆT NAM", "2025/TT-NHNN"),  # a leading run of the initials
    ("2025/TT-BLDTBXH", "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "2025/TT-BLĐTBXH"),
    ("QĐ-UBNO", "ỦY BAN NHÂN DÂN", "QĐ-UBND"),
    ("KH-SUTTG", "SỞ DÂN TỘC VÀ TÔN GIÁO", "KH-SDTTG"),  # any one letter of five or more whole initials
    ("KH-SUTT", "SỞ DÂN TỘC VÀ TÔN GIÁO", "KH-SUTT"),  # not on a leading run of them
    ("KH-UBNA", "ỦY BAN NHÂN DÂN", "KH-UBNA"),  # nor on four letters (D/A no look-alike)
    ("KH-UDND", "ỦY BAN NHÂN DÂN HUYỆN GIA LỘC", "KH-UBND"),  # bold B read D
    ("bQIKKT-QLDN", "BAN QUẢN LÝ KHU KINH TẾ", "BQLKKT-QLDN"),  # a letter's symbol: the issuer comes first
    ("TB-CCL1BVIV", "CHI CỤC TRỒNG TRỌT VÀ BẢO VỆ THỰC VẬT", "TB-CCTTBVTV"),  # look-alikes, one any letter
    ("TB-CCLXBVXV", "CHI CỤC TRỒNG TRỌT VÀ BẢO VỆ THỰC VẬT", "TB-CCLXBVXV"),  # (not two no look-alikes)
    ("UBND-VP", "ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH", "UBND-VP"),
    # left alone: abbreviations that are not the initials, other segments, party codes, unrelated issuers
    ("KH-LHH", "LIÊN HIỆP CÁC HỘI KH&KT", "KH-LHH"),
    ("KH-SNgV", "SỞ NGOẠI VỤ", "KH-SNgV"),  # a lower-case letter in the segment is spelt so (Ngoại)
    ("QĐ-UBND", "SỞ TÀI CHÍNH", "QĐ-UBND"),
    ("UBND-VX", "ỦY BAN NHÂN DÂN", "UBND-VX"),
    ("CT/TW", "BỘ CHÍNH TRỊ", "CT/TW"),
    ("2025/TT-BTC", "BỘ TÀI CHÍNH", "2025/TT-BTC"),
])
def test_issuer_segment_repair(symbol, body, expected):
    assert codes.repair_issuer_segment(symbol, body) == expected


@pytest.mark.parametrize("symbol,body,line,expected", [
    # the abbreviation's end split off by a space and read with a look-alike (IV for TV)
    ("TB-CCTTBV", "CHI CỤC TRỒNG TRỌT VÀ BẢO VỆ THỰC VẬT", "Số: 135/TB-CCTTBV IV Nam Định, ngày 5 tháng 11",
     ("TB-CCTTBVTV", False)),
    # one of two like letters read as one: mended, listed
    ("QĐ-TTPVHC", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "Số: 320/QĐ-TTPVHC", ("QĐ-TTPVHCC", True)),
    # the word after it does not complete the initials: no cut
    ("TB-CCTTBV", "CHI CỤC TRỒNG TRỌT VÀ BẢO VỆ THỰC VẬT", "Số: 135/TB-CCTTBV KH Nam Định", None),
    # a body's usual shortening (UBND of a committee) and a whole abbreviation are left as they are
    ("QĐ-UBND", "ỦY BAN NHÂN DÂN TỈNH HÀ NAM", "Số: 12/QĐ-UBND Hà Nam, ngày 3", None),
    ("KH-SYT", "SỞ Y TẾ", "Số: 12/KH-SYT", None),
    ("KH-BCH", "BỘ CHỈ HUY QUÂN SỰ TỈNH", "Số: 12/KH-BCH", None),
])
def test_issuer_segment_completion(symbol, body, line, expected):
    assert codes.complete_issuer_segment(symbol, body, line) == expected


@pytest.mark.parametrize("raw,fixed", [
    ("quy định VIỆC cấp. đổi Giấy. phép", "quy định việc cấp đổi Giấy phép"),  # OCR specks and a case slip
    ("Về việc giao chỉ tiêu cho UBND huyện và HĐND tỉnh", "Về việc giao chỉ tiêu cho UBND huyện và HĐND tỉnh"),
    ("BAN HÀNH DANH MỤC BỆNH TRUYỀN NHIỄM", "BAN HÀNH DANH MỤC BỆNH TRUYỀN NHIỄM"),
    ("Ve viec tổ chức hội nghị", "Về việc tổ chức hội nghị"),
    ("đối với ngành I Khoa học và Công nghệ", "đối với ngành Khoa học và Công nghệ"),  # a speck read as I
    ("ban hành Phụ lục I Danh mục", "ban hành Phụ lục I Danh mục"),  # a Roman numeral stays
    ("V/v-báo cáo tình hình trên gia súc, __ gia cầm", "V/v báo cáo tình hình trên gia súc, gia cầm"),  # specks
    ("việc chi trả -chế độ cho người có công _- với cách mạng", "việc chi trả chế độ cho người có công với cách mạng"),
    ("thực hiện công < tác thu ngân sách", "thực hiện công tác thu ngân sách"),
    ("phát triển kinh tế - xã hội giai đoạn 2021 - 2025", "phát triển kinh tế - xã hội giai đoạn 2021 - 2025"),
    ("an toàn giao thông tại tỉnh Phú Yên 2 §", "an toàn giao thông tại tỉnh Phú Yên"),  # specks after specks
    ("thu ngân sách trên địa bàn tỉnh Ninh Thuận:", "thu ngân sách trên địa bàn tỉnh Ninh Thuận"),  # a mark glued on
    ("quản lý trật tự xây dựng đô thị năm 2017;", "quản lý trật tự xây dựng đô thị năm 2017"),
    ("Chương trình hành động của UBND TP.", "Chương trình hành động của UBND TP."),  # an abbreviation's dot stays
    ("giải ngân vốn đầu tư công tại tỉnh. Ninh Bình", "giải ngân vốn đầu tư công tại tỉnh Ninh Bình"),
    ("Về việc thành lập xã. Các xã", "Về việc thành lập xã. các xã"),  # (no place after the level word)
    ("triển khai việc sắp xếp _đơn vị hành chính cấp xã", "triển khai việc sắp xếp đơn vị hành chính cấp xã"),
    ("bảo đảm trật - tự, an toàn giao thông", "bảo đảm trật tự, an toàn giao thông"),  # a dash inside a word
    ("giai-đoạn 2021 - 2025", "giai đoạn 2021 - 2025"),
    ("Về: việc tăng cường công tác", "Về việc tăng cường công tác"),  # a speck after the opening word
    ("quản lý trật tự xây y dựng đô thị", "quản lý trật tự xây dựng đô thị"),  # a letter neither word pairs with
    ("theo quy định tại điểm a khoản 2", "theo quy định tại điểm a khoản 2"),  # (a list's letter stays)
    ("V/v; báo cáo tình hình", "V/v báo cáo tình hình"),
    ("bảo vệ môi Trường tại tỉnh Bình Dương", "bảo vệ môi trường tại tỉnh Bình Dương"),  # a capital slip, a name
    ("Về việc đề ngh phê duyệt kinh phí", "Về việc đề nghị phê duyệt kinh phí"),  # its vowel lost
    ('"Thực hiện công tác quản lý', "Thực hiện công tác quản lý"),  # a quote that closes nothing
    ('"Năm an toàn giao thông" năm 2025', '"Năm an toàn giao thông" năm 2025'),
    # a known word the corpus writes beside neither neighbour: its letters with the marks the phrase calls for
    ("Về việc thành lập Tố công tác về việc", "Về việc thành lập Tổ công tác về việc"),
    # the year word glued to its year, and a quarter's Roman numeral read as l glued to it
    ("của tỉnh Vĩnh Long quý lnăm2022", "của tỉnh Vĩnh Long quý I năm 2022"),
    ("trật tự đô thị năm2022", "trật tự đô thị năm 2022"),
    ("` việc tổ chức hội nghị sơ kết", "Về việc tổ chức hội nghị sơ kết"),  # its Về read as a speck
    ("phòng, chống dịch bệnh - trên gia súc", "phòng, chống dịch bệnh trên gia súc"),  # a dash before "on": a speck
    ("Về việc thành lập Tổ công tác về việc", "Về việc thành lập Tổ công tác về việc"),
])
def test_subject_cleanup(raw, fixed):
    assert header._fix_subject(raw) == fixed


def test_subject_skips_stamp_debris_over_it():
    """An incoming-document stamp read into the subject lines (2352's ``CÔNG VĂN ĐẾN ... Chuyển:``)."""
    text = "\n".join([
        "ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: 07/CT-UBND", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Quảng Ngãi, ngày 20 tháng 3 năm 2018", "CHỈ THỊ",
        "chưng ràacö@ sioa na iọco.NeAi VỀ việc tăng cường công tác thi hành án hành chính",
        "| CV (8. Tin", "Ng tuy:S0ÁL..Â..l„AÂ...... '", "3ì Đh Chuyển: ”", "trên địa bàn tỉnh Quảng Ngãi", "",
        "Thời gian qua, công tác triển khai thi hành Luật tố tụng hành chính đã đạt kết quả.",
    ])
    parsed = parse_document([text])
    assert parsed.document.subject == "Về việc tăng cường công tác thi hành án hành chính trên địa bàn tỉnh Quảng Ngãi"


@pytest.mark.parametrize("read, body", [
    ("BAN THI ĐUA - KHEN THƯỜNG", "BAN THI ĐUA - KHEN THƯỞNG"),  # a board's department, a mark misread
    ("BAN QUẢN LÝ KHU KINH TẾ", "BAN QUẢN LÝ KHU KINH TẾ"),  # (no department's name: left as read)
])
def test_a_boards_department_is_spelt_as_the_gazetteer_spells_it(read, body):
    from pipeline.parse.normal import snap_caps

    assert snap_caps(read) == body


def test_a_body_line_whose_words_ocr_ran_together_is_read():
    """``HUYỆNKIÊNLƯƠNG`` (a level run into its place) is a body line, not debris; ``—_ SỞNỘI VỤ`` under the
    people's committee is a body of its own, not the parent's next line."""
    from pipeline.parse.header import group_bodies

    head = ("ỦY BAN NHÂN DÂN\n\nHUYỆNKIÊNLƯƠNG\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 23/TB-UBND Kiên Lương, ngày 18 tháng 6 năm 2018\nTHÔNG BÁO\n\nVề việc tổ chức hội nghị sơ kết\n\n"
            "Ngày vừa qua, tại trụ sở cơ quan, đã tổ chức hội nghị.\n")
    assert parse_document([head], ocr_text=True).document.issuing_body == "ỦY BAN NHÂN DÂN HUYỆN KIÊN LƯƠNG"
    lines = [Line(1, 1, "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP"), Line(1, 2, "—_ SỞNỘI VỤ")]
    assert [len(g) for g in group_bodies(lines)] == [1, 1]


def test_run_together_body_words_are_split():
    from pipeline.parse.normal import snap_caps

    assert snap_caps("BỘ KHOA HỌC VÀ CÔNGNGHỆ") == "BỘ KHOA HỌC VÀ CÔNG NGHỆ"
    assert snap_caps("ỦY BAN NHÂNDÂN") == "ỦY BAN NHÂN DÂN"



@pytest.mark.parametrize("read, body", [
    ("ỦYB AN NHÂN DÂN TỈNH TUYÊN QUANG", "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG"),  # a space moved
    ("ỦY BA NNHÂN DÂN TỈNH ĐỒNG THÁP", "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP"),
    ("Ủ JY BAN NHÂN DÂN TỈNH ĐỒNG THÁP", "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP"),  # and a speck read as a letter
    ("SỞ Y TẾ", "SỞ Y TẾ"),  # left alone: a phrase spelt right
    ("ỦY BAN NHÂN DÂN N", "ỦY BAN NHÂN DÂN N"),
])
def test_body_phrase_words_spaced_wrongly_are_spaced_again(read, body):
    from pipeline.parse.normal import snap_caps

    assert snap_caps(read) == body


@pytest.mark.parametrize("read, body", [
    ("THANH TRA TÍNH", "THANH TRA TỈNH"),  # the province's inspectorate: no body name ends on tính (reckon)
    ("CÔNG AN TĨNH", "CÔNG AN TỈNH"),
    ("BẢO HIỂM XÃ HỘI HUYÊN", "BẢO HIỂM XÃ HỘI HUYỆN"),
    ("ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH"),  # a place's name ends on it: kept
    ("ỦY BAN NHÂN DÂN HUYỆN SƠN TỊNH", "ỦY BAN NHÂN DÂN HUYỆN SƠN TỊNH"),
])
def test_a_body_name_ending_on_its_level_word_spells_it_with_the_level_words_marks(read, body):
    from pipeline.parse.normal import snap_caps

    assert snap_caps(read) == body


def test_a_body_on_the_national_names_row_is_read_when_the_so_line_is_garbled():
    # no Số line to read up from: the body's lines read down from the national name's row
    page = DECISION_PAGE.replace("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 12/QĐ-UBND",
                                 "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n. TỈNH QUẢNG NGÃI\n"
                                 "Ắ\nSố: €lÓicT+ UBND -\nĐộc lập - Tự do - Hạnh phúc")
    doc = parse_document([page], ocr_text=True).document
    assert doc.issuing_body == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI" and doc.place == "Quảng Ngãi"


def test_syllables_run_together_in_a_body_line_no_phrase_knows_are_split():
    # the gazetteer has no ``Ban Quản lý dự án đầu tư xây dựng``: the restore model's syllables split the words
    from pipeline.parse.normal import snap_caps, split_glued_syllables

    assert snap_caps("BAN QUẢN LÝDỰÁN ĐẦU TƯXÂY DỰNG") == "BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG"
    assert snap_caps("BAN QUÁẢN LÝ DỰ ÁN") == "BAN QUẢN LÝ DỰ ÁN"  # a marked capital's ghost doubled the vowel
    assert split_glued_syllables("TỈNHTÂYNINH") == ["TỈNH", "TÂY", "NINH"]
    for whole in ("UBND", "HĐND", "KH&KT", "NGHIỆP", "KHUYẾN", "QUYÊN", "Tưxây", "THUÂN"):
        assert split_glued_syllables(whole) == [whole]
    # a syllable with a mark misread is no two syllables run together (THU ÂN): the province snap mends it
    assert snap_caps("ỦY BAN NHÂN DÂN TỈNH NINH THUÂN") == "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN"
    # nor a vowel a marked capital's ghost doubled (QUẢ ÁNG missed the province; a dev scan at 400 dpi)
    assert snap_caps("ỦY BAN NHÂN DÂN TÍNH QUẢÁNG NGÃI") == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"


def test_a_province_in_the_title_garbled_after_its_first_word_is_the_bodys_province():
    from pipeline.parse.header import _province_named_in_title

    bodies = ["ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG"]
    assert _province_named_in_title("Chuyển đổi số trên địa bàn tỉnh Kiên II năm 2020", bodies) \
        == "Chuyển đổi số trên địa bàn tỉnh Kiên Giang năm 2020"
    for kept in ("Chuyển đổi số tại tỉnh Kiên Giang", "Hợp tác với tỉnh Hòa Bình", "Về tỉnh Kiên Lương"):
        assert _province_named_in_title(kept, bodies) == kept
    # ... or ending on its first word, the rest of the name lost with the line's end (marks and all: Vinh)
    assert _province_named_in_title("Về tỉnh Kiên", bodies) == "Về tỉnh Kiên Giang"
    vinh_long = ["ỦY BAN NHÂN DÂN TỈNH VĨNH LONG"]
    assert _province_named_in_title("thu ngân sách tại tỉnh Vinh", vinh_long) == "thu ngân sách tại tỉnh Vĩnh Long"
    assert _province_named_in_title("tại thành phố Vinh", vinh_long) == "tại thành phố Vinh"  # a city's name
    assert _province_named_in_title("tại tỉnh Bến", vinh_long) == "tại tỉnh Bến"  # not the body's province
    assert _province_named_in_title("tại tỉnh Kiên II", ["SỞ Y TẾ"]) == "tại tỉnh Kiên II"  # no province named
    # its first words garbled to capitals that are no syllables, its last word the province's
    tuyen_quang = ["UBND TỈNH TUYÊN QUANG"]
    assert _province_named_in_title("quản lý tại tỉnh BS TT Quang", tuyen_quang) == "quản lý tại tỉnh Tuyên Quang"
    assert _province_named_in_title("quản lý tại tỉnh Trị Quang", tuyen_quang) == "quản lý tại tỉnh Trị Quang"
    # every word a letter or two off, no place's name (a line read again on its own: Điện Biên read Điệu Biếu)
    dien_bien = ["UBND TỈNH ĐIỆN BIÊN"]
    assert _province_named_in_title("công tại tỉnh Điệu Biếu", dien_bien) == "công tại tỉnh Điện Biên"
    assert _province_named_in_title("công tại tỉnh Lai Châu", dien_bien) == "công tại tỉnh Lai Châu"  # another's


def test_a_level_word_garbled_or_run_into_its_place_is_read():
    from pipeline.parse.normal import snap_caps

    assert snap_caps("ỦY BAN NHÂN DÂN HUYI1‡N LẠC SƠN") == "ỦY BAN NHÂN DÂN HUYỆN LẠC SƠN"
    assert snap_caps("T1NH BẾN TRE") == "TỈNH BẾN TRE" and snap_caps("HUYỆNYYÊN") == "HUYỆN Ý YÊN"
    assert snap_caps("KH&KT TỈNH") == "KH&KT TỈNH"
    # the level's line after a speck, run into the place, still goes on with the committee's line above it
    groups = header.group_bodies([Line(1, 1, "ỦY BAN NHÂN DÂN"), Line(1, 2, "_ TỈNHBẾNTRE")])
    assert [[ln.text for ln in g] for g in groups] == [["ỦY BAN NHÂN DÂN", "_ TỈNHBẾNTRE"]]


def test_a_body_line_with_a_stop_speck_after_its_level():
    from pipeline.parse.normal import snap_caps

    assert snap_caps("ỦY BAN NHÂN DÂN TỈNH. NAM ĐỊNH") == "ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH"
    assert snap_caps("UBND TP. HỒ CHÍ MINH") == "UBND TP. HỒ CHÍ MINH"


def test_a_place_read_run_together_is_the_gazetteer_name():
    from pipeline.parse.issue_date import place_name

    assert place_name("TâyNinh") == "Tây Ninh" and place_name("BátXát") == "Bát Xát"
    assert place_name("Tây Ninh") == "Tây Ninh"


def test_a_speck_after_the_places_comma_is_no_part_of_it():
    from pipeline.parse.issue_date import place_name

    assert place_name("Thái Bình, L") == "Thái Bình"
    assert place_name("xã Hòa Tiến, huyện Hòa Vang") == "xã Hòa Tiến, huyện Hòa Vang"  # (no place's name: kept)


@pytest.mark.parametrize("line", ["___ V/v đề nghị hướng dẫn", "V/ đôn đốc thực hiện", "V/v rà soát",
                                  "_V/w tham gia ý kiến"])
def test_a_cong_van_subject_line_is_found_past_specks_and_a_lost_v(line):
    assert header._VV.match(Line(1, 1, line).key)


def test_a_letter_under_a_v_v_subject_is_a_cong_van_though_its_issuer_abbreviation_is_a_type_code():
    # Thanh tra tỉnh (the provincial inspectorate) abbreviates itself TTr, Tờ trình's code: a V/v subject and no
    # type line make the document its letter
    text = ("UBND TỈNH QUẢNG NINH\nTHANH TRA TỈNH\nSố: 215/TTr-NV1\nV/v rà soát hồ sơ giải quyết khiếu nại\n\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nQuảng Ninh, ngày 12 tháng 3 năm 2024\n\n"
            "Kính gửi: Ủy ban nhân dân các huyện.\n\nThực hiện chỉ đạo của cấp trên.\n")
    doc = parse_document([text]).document
    assert (doc.type, doc.code) == ("Công văn", "215/TTr-NV1")
    tr = text.replace("V/v rà soát hồ sơ giải quyết khiếu nại\n", "").replace(
        "Kính gửi", "TỜ TRÌNH\nVề việc rà soát hồ sơ\n\nKính gửi")
    assert parse_document([tr]).document.type == "Tờ trình"


def test_the_national_motto_cut_short_is_not_a_body_line():
    # an e-signature box over the end of ``CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM``: the body became
    # ``TỈNH TÂY NINH CỘNG HÒA XÃ HỘI C``
    from pipeline.parse.header import _split_line

    for text, left in (("CỘNG HÒA XÃ HỘI C", None), ("TỈNH TÂY NINH CỘNG HÒA XÃ HỘI C", "TỈNH TÂY NINH"),
                       ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ", "ỦY BAN NHÂN DÂN"),
                       ("ỦY BAN NHÂN DÂN TỈNH", "ỦY BAN NHÂN DÂN TỈNH"), ("CỘNG HÒA", "CỘNG HÒA"),
                       ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI 'CỘNG HÒ A XÃ HỘI I EHPPNEEHTA2DIEĐ 00",  # run into garbage
                        "ỦY BAN NHÂN DÂN TỈNH LÀO CAI")):
        seg = _split_line(Line(1, 1, text))
        assert (seg.left.text if seg.left else None) == left


def test_a_capitals_word_no_syllable_takes_the_one_spelling_its_neighbour_makes_a_word_with():
    """``LRỒNG`` is no syllable; of the syllables one letter off (TRỒNG, LUỒNG) only TRỒNG makes a word with TRỌT."""
    from pipeline.parse.normal import snap_caps

    assert snap_caps("CHI CỤC LRỒNG TRỌT VÀ BẢO VỆ THỰC VẬT") == "CHI CỤC TRỒNG TRỌT VÀ BẢO VỆ THỰC VẬT"
    assert snap_caps("CHI CỤC LRỒNG") == "CHI CỤC LRỒNG"  # no neighbour to choose by: left
    assert snap_caps("ỦY BAN NHÂN DÂN HUYỆN KRÔNG PẮC") == "ỦY BAN NHÂN DÂN HUYỆN KRÔNG PẮC"  # a place's own word


def test_a_capitals_word_with_its_marks_misread_takes_the_marks_of_the_one_word_its_neighbour_makes():
    """``ĐIỀU PHOI``: no word of the lexicon; ``điều phối`` is the one its letters make. A level word, both words
    of a pair and the words of a place's name are left."""
    from pipeline.parse.normal import snap_caps

    assert snap_caps("VĂN PHÒNG ĐIỀU PHOI NÔNG THÔN MỚI") == "VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI"
    assert snap_caps("TRUNG TÂM XÚC TIÊN ĐẦU TƯ") == "TRUNG TÂM XÚC TIẾN ĐẦU TƯ"
    assert snap_caps("THÁM ĐỐC") == "THÁM ĐỐC"  # both words would change (thâm độc): left
    assert snap_caps("UBND HUYỆN TIÊN PHƯỚC") == "UBND HUYỆN TIÊN PHƯỚC"
    assert snap_caps("ỦY BAN NHÂN DÂN HUYỆN LONG ĐIỀN") == "ỦY BAN NHÂN DÂN HUYỆN LONG ĐIỀN"  # a place after its level


def test_district_names_take_the_gazetteer_spelling():
    """A district's name (gazetteer built by models/build_places.py) whose marks a scan slipped, or whose words it
    ran together, is spelt as the gazetteer spells it, in the header and as the place; another place is kept."""
    from pipeline.parse import gazetteer as gz
    from pipeline.parse.issue_date import place_name
    from pipeline.parse.normal import snap_caps

    assert len(gz.districts()) > 600 and gz.district_by_key()["hai lang"] == "Hải Lăng"
    assert snap_caps("ỦY BAN NHÂN DÂN HUYỆN HÁI LẶNG") == "ỦY BAN NHÂN DÂN HUYỆN HẢI LĂNG"
    assert snap_caps("HUYỆN GIOLINH") == "HUYỆN GIO LINH"
    assert snap_caps("HUYỆN ĐĂK MIL") == "HUYỆN ĐẮK MIL"
    assert snap_caps("HUYỆN LI THỦY") == "HUYỆN LI THỦY"  # another letter: not guessed
    # a department's name with its marks or one letter misread
    assert snap_caps("SƠ Y TẾ") == "SỞ Y TẾ" and snap_caps("SỞ Y LẾ") == "SỞ Y TẾ"
    assert snap_caps("ỦY BAN NHÂN D ÂN TỈNH HẢI DƯƠNG") == "ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG"  # a word split by OCR
    assert snap_caps("SỞ TƯ PHÁT") == "SỞ TƯ PHÁP" and snap_caps("SỞ DU LỊCH") == "SỞ DU LỊCH"
    # a district's own name is not snapped to the province a letter from it (Vĩnh Long)
    assert snap_caps("ỦY BAN NHÂN DÂN THỊ XÃ BÌNH LONG") == "ỦY BAN NHÂN DÂN THỊ XÃ BÌNH LONG"
    assert snap_caps("ỦY BAN NHÂN DÂN HUYỆN HẢI LĂNG TỈNH QUẢNG TRỊ") == "ỦY BAN NHÂN DÂN HUYỆN HẢI LĂNG TỈNH QUẢNG TRỊ"
    assert place_name("Hái Lặng") == "Hải Lăng" and place_name("Cư Jút") == "Cư Jút"
    assert place_name("Phường Bến Nghé") == "Phường Bến Nghé"  # no district: as printed


@pytest.mark.parametrize("raw,fixed", [
    ("Sửa đổi Thông tư số 02/2015/TI1-BNNPTNT ngày 27", "Sửa đổi Thông tư số 02/2015/TT-BNNPTNT ngày 27"),
    ("Sửa đổi Thông tư số 39/2016/T'1-NHNN ngày 30", "Sửa đổi Thông tư số 39/2016/TT-NHNN ngày 30"),
    ("Sửa đổi Thông tư số 34/2024/TT- NHNN quy định", "Sửa đổi Thông tư số 34/2024/TT-NHNN quy định"),
    ("sửa đổi Nghị định số 112/202 1/NĐ- CP ngày 10", "sửa đổi Nghị định số 112/2021/NĐ-CP ngày 10"),  # year split
    ("thực hiện Nghị định số 163/2016/ND-CP", "thực hiện Nghị định số 163/2016/NĐ-CP"),
    ("dự án tại số 39 - 39B Bến Vân Đồn", "dự án tại số 39 - 39B Bến Vân Đồn"),  # no document type: not a code
    ("thực hiện Chỉ thị số 34-CT/TW của Bộ Chính trị", "thực hiện Chỉ thị số 34-CT/TW của Bộ Chính trị"),
])
def test_codes_cited_in_a_subject(raw, fixed):
    assert header._codes_in_subject(raw) == fixed


@pytest.mark.parametrize("debris", ["IESSESESSEEE", "E II", "T5 TÂY", "DECPNT-ETSN-SS="])
def test_rule_under_the_issuer_read_as_letters_is_not_a_body(debris):
    text = (f"BỘ KHOA HỌC VÀ CÔNG NGHỆ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n{debris}\n"
            "Độc lập - Tự do - Hạnh phúc\n\nSố: 25/2025/TT-BKHCN Hà Nội, ngày 31 tháng 10 năm 2025\n\n"
            "THÔNG TƯ\nQuy định chi tiết thi hành Luật Thi đua, khen thưởng\n\nCăn cứ Luật Thi đua, khen thưởng;\n")
    doc = parse_document([text]).document
    assert doc.issuing_body == "BỘ KHOA HỌC VÀ CÔNG NGHỆ"
    assert doc.parent_body is None


@pytest.mark.parametrize("name", ["SỞ GD&ĐT", "BAN CHỈ ĐẠO 389", "QUẬN 1", "BỘ Y TẾ", "HĐND TỈNH", "TỈNH ỦY"])
def test_short_body_names_are_names(name):
    assert not header._not_a_name(name)


def test_type_title_with_the_rule_read_as_debris_glued_to_it():
    text = ("QUỐC HỘI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nLuật số: 117/2025/QH15\n\n"
            "toaseacLUẬT\nBẢO VỆ BÍ MẬT NHÀ NƯỚC\n\nCăn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n")
    doc = parse_document([text]).document
    assert doc.type == "Luật"
    assert doc.subject == "BẢO VỆ BÍ MẬT NHÀ NƯỚC"


def test_subject_words_are_read_again_from_their_echo_in_the_preamble():
    text = ("QUỐC HỘI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nLuật số: 117/2025/QH15\n\n"
            "LUẬT\nBAO VI BI MẬT NHÀ NƯỚC\n\nCăn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n"
            "Quốc hội ban hành Luật Bảo vệ bí mật nhà nước.\n")
    parsed = parse_document([text], ocr_text=True)
    assert parsed.document.subject == "BẢO VỆ BÍ MẬT NHÀ NƯỚC"
    assert any("echo" in w for w in parsed.warnings)
    # a clean text's title is kept as printed, typos and all
    assert parse_document([text]).document.subject == "BAO VI BI MẬT NHÀ NƯỚC"


def test_an_echo_of_another_phrase_changes_nothing():
    body = [Line(0, 0, "Bộ trưởng ban hành Thông tư quy định về quản lý hoạt động in ấn.")]
    assert header.echo_subject("Sửa đổi Thông tư số 12/2022/TT-NHNN về cho vay", "Thông tư", body) \
        == "Sửa đổi Thông tư số 12/2022/TT-NHNN về cho vay"


def test_a_narrow_capitals_title_wraps_before_body_opener_words():
    """Wrapped at half the page width, a capitals title has lines starting THỰC HIỆN, NGÀY 20 or a bare code."""
    title = ["QUY ĐỊNH MỘT SỐ BIỆN PHÁP", "THỰC HIỆN CHỨC NĂNG QUẢN LÝ", "THEO NGHỊ ĐỊNH SỐ", "129/2021/NĐ-CP",
             "NGÀY 20 THÁNG 3 NĂM 2021", "CỦA CHÍNH PHỦ VỀ THỂ DỤC", "THỂ THAO ĐỐI VỚI HỘI", "THỂ THAO QUỐC GIA",
             "TRÊN ĐỊA BÀN CÁC TỈNH", "MIỀN NÚI PHÍA BẮC"]
    text = ("BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
            "Số: 01/2025/TT-BVHTTDL Hà Nội, ngày 02 tháng 01 năm 2025\n\nTHÔNG TƯ\n" + "\n".join(title)
            + "\n\nCăn cứ Luật Thể dục, thể thao;\n\nChương I\nQUY ĐỊNH CHUNG\n")
    assert parse_document([text]).document.subject == " ".join(title)


@pytest.mark.parametrize("day,want", [
    ("19", dt.date(2025, 1, 19)),  # two days after the e-signature: the records office dated it on issue
    ("24", dt.date(2025, 1, 24)),  # a week after
    ("25", dt.date(2025, 1, 25)),  # more than a week: the two disagree, the date line's own reading kept, listed
])
def test_a_clean_printed_date_may_follow_the_esignature_by_a_week(day, want):
    text = ESIGN.replace("tháng 12 năm 2024", "tháng 01 năm 2025").format(number="660", day=day)
    parsed = parse_document([text])
    assert parsed.document.issue_date == want
    assert any("e-signature" in w for w in parsed.warnings)
    assert parsed.evidence["document.issue_date"].confidence < 0.9
    assert "document.issue_date" in parsed.review


@pytest.mark.parametrize("timestamp, printed, body_year, want", [
    ("17/01/2005", "2025", "2025", dt.date(2025, 1, 15)),  # the timestamp's year misread (a scan at 250 dpi)
    ("17/01/2025", "2023", "2025", dt.date(2025, 1, 15)),  # the date line's year misread
    ("17/01/2025", "2023", "2023", dt.date(2023, 1, 15)),  # the text backs the date line: the timestamp slipped
    # each year written once: nothing settles it, the date line's own reading is kept, listed
    ("17/01/2025", "2024", "2030", dt.date(2024, 1, 15)),
])
def test_a_one_digit_year_slip_is_settled_by_the_years_the_document_writes(timestamp, printed, body_year, want):
    text = (ESIGN.replace("17/01/2025", timestamp).replace("tháng 12 năm 2024", f"tháng 01 năm {printed}")
            .format(number="660", day="15")
            + f"Kế hoạch số 12/KH-UBND ngày 02/01/{body_year} của UBND tỉnh; báo cáo năm {body_year}.\n")
    parsed = parse_document([text])
    assert parsed.document.issue_date == want
    assert "document.issue_date" in parsed.review
    assert any("differ by one digit" in w for w in parsed.warnings) == (body_year != "2030")


def test_a_stray_colon_inside_the_issuing_body_is_dropped():
    text = ("BAN CHỈ: ĐẠO 138 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc\n"
            "Số: 15/QĐ-BCĐ Quảng Ngãi, ngày 05 tháng 02 năm 2025\nQUYẾT ĐỊNH\nVề việc công nhận địa bàn\n\nĐiều 1. Nội dung.\n")
    doc = parse_document([text]).document
    assert ":" not in (doc.issuing_body or "") + (doc.parent_body or "")
    assert "BAN CHỈ ĐẠO 138" in (doc.issuing_body or "") + " " + (doc.parent_body or "")


def test_a_stamp_merged_onto_the_subject_line_is_cut_at_ve_viec():
    """An incoming-document stamp read on the subject's line (a dev scan at 250 dpi)."""
    text = ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc\n"
            "Số: 07/CT-UBND Quảng Ngãi, ngày 20 tháng 3 năm 2018\nCHỈ THỊ\n"
            "TREG TÀm Cộng S15 4 Tới HỌC 0. NGÃ Về việc tăng cường công tác thi hành án hành chính\n\n"
            "Thời gian qua, công tác thi hành án đã đạt kết quả.\n")
    assert parse_document([text]).document.subject == "Về việc tăng cường công tác thi hành án hành chính"
    clean = text.replace("TREG TÀm Cộng S15 4 Tới HỌC 0. NGÃ ", "")
    assert parse_document([clean]).document.subject == "Về việc tăng cường công tác thi hành án hành chính"
    # "Về" read as a mark or two (250 and 400 dpi)
    for misread in ("\\ ", "\\É "):
        assert parse_document([text.replace("TREG TÀm Cộng S15 4 Tới HỌC 0. NGÃ Về ", misread)]).document.subject \
            == "Về việc tăng cường công tác thi hành án hành chính"


def test_a_body_line_whose_words_ocr_ran_together_is_the_issuer():
    """Tesseract 5.5 read ``ỦY BANNHÂNDÂN`` over an e-signature box: the line is still the body's first line."""
    from pipeline.parse.normal import split_run_together

    assert split_run_together("ỦY BANNHÂNDÂN") == "ỦY BAN NHÂN DÂN"
    assert split_run_together("TỈNH QUẢNG NGÃI") == "TỈNH QUẢNG NGÃI"
    text = ("ỦY BANNHÂNDÂN\nTINH QUẢNG NGÃI\nSố: 660/TB-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nQuảng Ngãi, ngày 16 tháng 01 năm 2025\nTHÔNG BÁO\n"
            "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc\n\nNgày 10/01/2025, Chủ tịch UBND tỉnh chủ trì buổi làm việc.\n")
    record = parse_document([text], ocr_text=True)
    assert record.document.issuing_body == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"


def test_stamp_ink_read_as_one_long_token_does_not_join_the_subject():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 07/CT-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nQuảng Ngãi, ngày 20 tháng 3 năm 2018\nCHỈ THỊ\n"
            "Về việc tăng cường công tác thi hành án hành chính\n3Ì ẶN Chuyển: Tomnhheahiratiie\n"
            "trên địa bàn tỉnh Quảng Ngãi\n\nThời gian qua, công tác thi hành án hành chính đã có chuyển biến.\n")
    record = parse_document([text], ocr_text=True)
    assert record.document.subject == ("Về việc tăng cường công tác thi hành án hành chính trên địa bàn tỉnh "
                                       "Quảng Ngãi")


def test_a_type_line_one_letter_off_the_type_the_number_line_names():
    """Bold capitals read ``TUẬT`` for ``LUẬT``: beside ``Luật số: ...`` it is the type line, not the subject's."""
    text = ("QUỐC HỘI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nLuật số: 117/2025/QH15\n\n"
            "TUẬT\nBẢO VỆ BÍ MẬT NHÀ NƯỚC\n\nCăn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n")
    record = parse_document([text], ocr_text=True)
    assert record.document.type == "Luật" and record.document.subject == "BẢO VỆ BÍ MẬT NHÀ NƯỚC"


PROVINCIAL_HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH LONG AN\nSố: 338/{symbol}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                   "Độc lập - Tự do - Hạnh phúc\nLong An, ngày 11 tháng 3 năm 2018\n\n{type_line}\n\n"
                   "Về việc tăng cường công tác cải cách thủ tục hành chính\n\n"
                   "Thời gian qua, các cấp, các ngành trên địa bàn tỉnh đã tích cực triển khai thực hiện.\n")


@pytest.mark.parametrize("symbol, type_line, doc_type", [
    ("CT-UBND", "CHỈ III.", "Chỉ thị"),  # two letters off the type the symbol names, its first word kept
    ("TTr-UBND", "TỜIRÌNH _", "Tờ trình"),  # the space lost and a letter misread: one letter off without spaces
    ("KH-UBND", "CHỈ III.", "Kế hoạch"),  # two letters off another type: no type line (the symbol's type)
])
def test_a_type_line_garbled_beside_the_symbol_still_heads_the_subject(symbol, type_line, doc_type):
    record = parse_document([PROVINCIAL_HEAD.format(symbol=symbol, type_line=type_line)], ocr_text=True)
    assert record.document.type == doc_type
    if doc_type != "Kế hoạch":
        assert record.document.subject == "Về việc tăng cường công tác cải cách thủ tục hành chính"


@pytest.mark.parametrize("after, subject_end", [
    ("hương trình công tác năm, cơ quan ban hành Kế hoạch triển\n\nkhai thực hiện như sau:", "năm 2016"),
    ("và định hướng đến năm 2020", "năm 2016 và định hướng đến năm 2020"),  # a word that takes more goes on
])
def test_a_title_ending_on_its_year_does_not_take_a_body_line_after_a_gap(after, subject_end):
    """The body's first line with its first words lost (``hương trình`` of Chương trình) opens in lower case after
    the title's year and a gap: the title was whole."""
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN KIM BÔI\nSố: 225/KH-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nKim Bôi, ngày 12 tháng 3 năm 2016\nKẾ HOẠCH\n"
            f"Triển khai thực hiện việc giải ngân vốn đầu tư công\n\nnăm 2016\n\n{after}\n\nI. MỤC ĐÍCH, YÊU CẦU\n")
    subject = parse_document([text], ocr_text=True).document.subject
    assert subject == "Triển khai thực hiện việc giải ngân vốn đầu tư công " + subject_end


@pytest.mark.parametrize("type_line", ["2", "FA ` fï IYẾT ĐINH\n(JUTEE.T1 HDZIINHH"])
def test_a_ve_viec_subject_under_a_lost_type_line_is_read_and_listed(type_line):
    text = PROVINCIAL_HEAD.format(symbol="CT-UBND", type_line=type_line)
    record = parse_document([text], ocr_text=True)
    assert record.document.subject == "Về việc tăng cường công tác cải cách thủ tục hành chính"
    assert record.evidence["document.subject"].confidence < 0.8


def test_a_cong_van_subject_does_not_take_a_speck_after_the_right_column():
    """``ơn`` under the motto, after the V/v lines and a gap: two letters alone are a speck, not the subject's
    next line (a lower-case line of words there is: the block's lines in paragraphs of their own)."""
    head = ("UBND TỈNH HẢI DƯƠNG\n\nBAN THI ĐUA - KHEN THƯỞNG\nSố: 932/BTĐKT-TH\n\n"
            "V/v đề nghị hướng dẫn việc chi trả\nchế độ cho người có công với cách{middle}\n\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nĐộc lập - Tự do - Hạnh phúc\n{tail}\n\n"
            "Kính gửi: Sở Lao động - Thương binh và Xã hội\n")
    title = "V/v đề nghị hướng dẫn việc chi trả chế độ cho người có công với cách mạng tại tỉnh Hải Dương"
    last = "mạng tại tỉnh Hải Dương"
    assert parse_document([head.format(middle="\n" + last, tail="ơn")], ocr_text=True).document.subject == title
    assert parse_document([head.format(middle="", tail=last)], ocr_text=True).document.subject == title


@pytest.mark.parametrize("noise", ["1⁄4: mẽ? ¬b PS, – ¬", "\n1⁄4: mẽ? ¬b PS, – ¬"])
def test_a_cong_van_subject_goes_on_past_a_line_of_noise_where_it_cannot_end(noise):
    """``... tố cáo trên`` (on) cannot end a subject: a line of noise after it (a stamp read over the block) is
    passed over to the line that ends it."""
    head = ("UBND TỈNH TIỀN GIANG\n\nTHANH TRA TỈNH\nSố: 932/TTr-NV\n\n"
            "V/v triển khai công tác tiếp công\ndân, giải quyết khiếu nại, tố cáo trên\n{noise}\n"
            "địa bàn tỉnh Tiền Giang\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nĐộc lập - Tự do - Hạnh phúc\n\n"
            "Kính gửi: Sở Nội vụ\n")
    subject = parse_document([head.format(noise=noise)], ocr_text=True).document.subject
    assert subject == "V/v triển khai công tác tiếp công dân, giải quyết khiếu nại, tố cáo trên địa bàn tỉnh Tiền Giang"


def test_a_cong_van_subject_goes_on_past_a_gap_to_its_place_names_end():
    """``tỉnh Bến`` ends a line, a colon speck and a gap after it: the line that ends the place's name (``Tre``) is
    the subject's, though capitalised; ``nộ`` after it, two letters alone, is a speck."""
    text = ("UBND TỈNH BẾN TRE\n\nCHI CỤC KIỂM LÂM\nSố: 737/CCKL-TTPC\nV/v báo cáo tình hình công tác\n"
            "phòng, chống dịch bệnh trên gia\n\nsúc, gia cầm trên địa bàn tỉnh Bến\n\n:\nTre -\nnộ\n\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nĐộc lập - Tự do - Hạnh phúc\n\n"
            "Bến Tre, ngày 09 tháng 11 năm 2021\n\nKính gửi: Các Sở, ban, ngành tỉnh\n")
    assert parse_document([text], ocr_text=True).document.subject == (
        "V/v báo cáo tình hình công tác phòng, chống dịch bệnh trên gia súc, gia cầm trên địa bàn tỉnh Bến Tre")


def test_a_capitalised_so_before_a_code_in_a_title_is_lower_case():
    from pipeline.parse.header import _fix_subject

    assert _fix_subject("Sửa đổi một số điều của Nghị định SỐ 120/2020/NĐ-CP ngày 07 tháng 10 năm 2020") == (
        "Sửa đổi một số điều của Nghị định số 120/2020/NĐ-CP ngày 07 tháng 10 năm 2020")


def _header_page(subject_lines: list[str], issuer: str = "BỘ TƯ PHÁP") -> list[str]:
    return ["\n".join([
        f"{issuer}            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "                     Độc lập - Tự do - Hạnh phúc",
        "Số: 12/2025/TT-BTP    Hà Nội, ngày 05 tháng 3 năm 2025",
        "",
        "THÔNG TƯ",
        *subject_lines,
        "",
        "Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 19 tháng 02 năm 2025;",
        "Bộ trưởng Bộ Tư pháp ban hành Thông tư quy định chi tiết như sau.",
    ])]


@pytest.mark.parametrize("subject_lines, expected", [
    # a speck read as a full stop at a line's end: the title goes on (a line ending on "số", one starting "của")
    (["HƯỚNG DẪN ĐIỀU 23 CỦA NGHỊ ĐỊNH SỐ.", "105/2025/NĐ-CP NGÀY 15 THÁNG 5 NĂM 2025"],
     "HƯỚNG DẪN ĐIỀU 23 CỦA NGHỊ ĐỊNH SỐ 105/2025/NĐ-CP NGÀY 15 THÁNG 5 NĂM 2025"),
    (["SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU.", "CỦA PHÁP LỆNH CẢNH SÁT MÔI TRƯỜNG"],
     "SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA PHÁP LỆNH CẢNH SÁT MÔI TRƯỜNG"),
    # a dot inside a capitals title, and a lone capital speck between two words
    (["QUY ĐỊNH MỘT SỐ BIỆN PHÁP THỰC. HIỆN CHỨC", "NĂNG QUẢN LÝ NHÀ NƯỚC VỀ THỂ THAO"],
     "QUY ĐỊNH MỘT SỐ BIỆN PHÁP THỰC HIỆN CHỨC NĂNG QUẢN LÝ NHÀ NƯỚC VỀ THỂ THAO"),
    (["ĐƠN GIẢN HÓA THỦ TỤC E HÀNH CHÍNH", "ĐỐI VỚI DỰ ÁN NHÓM A"], "ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH ĐỐI VỚI DỰ ÁN NHÓM A"),
    # a narrow title-case block with a blank line OCR put inside it
    (["Sửa đổi, bổ sung một số điều của Nghị", "định số 193/2025/NĐ-CP quy định chi tiết", "", "Luật Địa chất và khoáng sản"],
     "Sửa đổi, bổ sung một số điều của Nghị định số 193/2025/NĐ-CP quy định chi tiết Luật Địa chất và khoáng sản"),
    # a rule's end OCR set before a line after a gap; the rule under the type line read as a short word
    (["Về việc ban hành công tác chuyển đổi số và phát triển", "", "————— chính quyền số trên địa bàn tỉnh"],
     "Về việc ban hành công tác chuyển đổi số và phát triển chính quyền số trên địa bàn tỉnh"),
    (["Thu", "Đề nghị thông qua Đề án về công tác quản lý, bảo vệ và", "phát triển rừng trên địa bàn tỉnh"],
     "Đề nghị thông qua Đề án về công tác quản lý, bảo vệ và phát triển rừng trên địa bàn tỉnh"),
    (["_>--—_——_~ ~-. từ ng", "Về việc ban hành công tác chuyển đổi số"], "Về việc ban hành công tác chuyển đổi số"),
    # a speck read as a colon apart from the line's last word
    (["Về việc đề nghị phê duyệt kinh phí thực hiện công :", "tác phòng, chống dịch bệnh trên gia súc"],
     "Về việc đề nghị phê duyệt kinh phí thực hiện công tác phòng, chống dịch bệnh trên gia súc"),
    # a streak or a broken letter read as a colon glued to the line's last word
    (["Đề nghị thông qua Đề án về việc giải ngân vốn đầu tư:", "công tại tỉnh Đồng Nai"],
     "Đề nghị thông qua Đề án về việc giải ngân vốn đầu tư công tại tỉnh Đồng Nai"),
])
def test_subject_goes_on_past_ocr_specks(subject_lines, expected):
    parsed = parse_document(_header_page(subject_lines))
    assert parsed.document.subject == expected


def test_a_heading_in_capitals_after_the_subject_is_no_part_of_it_with_a_speck_before_it():
    parsed = parse_document(_header_page(["Kết quả chi trả chế độ cho người có công", "quý 4 năm 2018",
                                          "k¿ MỤC TIÊU VÀ KẾT QUẢ THỰC HIỆN"]))
    assert parsed.document.subject == "Kết quả chi trả chế độ cho người có công quý 4 năm 2018"


def test_subject_still_ends_at_the_preamble_and_at_a_real_stop():
    parsed = parse_document(_header_page(["Quy định về hồ sơ.", "Hướng dẫn chung cho các cơ quan"]))
    assert parsed.document.subject.rstrip(".") == "Quy định về hồ sơ"


def test_a_glued_colon_before_a_list_still_ends_the_subject():
    """A line that ends on ``như sau:`` introduces a list, and an item opens with its mark (``a)``)."""
    from pipeline.parse.header import _colon_speck_before

    assert _colon_speck_before("vốn đầu tư:", "công tại tỉnh Đồng Nai")
    assert not _colon_speck_before("một số nội dung như sau:", "các cơ quan triển khai")
    assert not _colon_speck_before("vốn đầu tư:", "a) các cơ quan")
    assert not _colon_speck_before("vốn đầu tư:", "Các cơ quan")
    assert not _colon_speck_before("vốn đầu tư :", "công tại tỉnh")  # (a colon apart is another rule's)


def test_issuing_body_loses_a_speck_read_as_a_short_lower_case_word():
    parsed = parse_document(_header_page(["QUY ĐỊNH VỀ HỒ SƠ"], issuer="BỘ TƯ PHÁP y"))
    assert parsed.document.issuing_body == "BỘ TƯ PHÁP"


@pytest.mark.parametrize("raw, fixed", [
    ("- Kết luận của Giám đốc Sở", "Kết luận của Giám đốc Sở"),
    ("V/v rà soát, đánh giá công: tác tiếp công dân", "V/v rà soát, đánh giá công tác tiếp công dân"),
    ("Triển khai công tác an toàn giao thông nắm 2024", "Triển khai công tác an toàn giao thông năm 2024"),
    ("Phát triển kinh tế - xã hội năm 2025", "Phát triển kinh tế - xã hội năm 2025"),
    ("V/v rà soát công tác thu ngân sách nhà nước a", "V/v rà soát công tác thu ngân sách nhà nước"),  # a speck
    ("Hướng dẫn thực hiện điểm a", "Hướng dẫn thực hiện điểm a"),  # a point of an article
    ("Tuyển sinh giai đoạn 2016 -.2021", "Tuyển sinh giai đoạn 2016 - 2021"),
    ("Về công tác bảo vệ và phát L triển rừng tại huyện Đức Hòa.", "Về công tác bảo vệ và phát triển rừng tại huyện "
                                                                  "Đức Hòa"),  # a lone capital, a stop at the end
    ("Về việc xếp loại nhóm A và nhóm B", "Về việc xếp loại nhóm A và nhóm B"),
    ("Về việc ban hành danh mục v.v.", "Về việc ban hành danh mục v.v."),
    ("Chi trả chế độ cho người Có công với cách mạng", "Chi trả chế độ cho người có công với cách mạng"),
    ("= Triển khai công tác tiếp công dân, giải ¡ quyết khiếu nại", "Triển khai công tác tiếp công dân, giải quyết "
                                                                 "khiếu nại"),
    ("V/v rà soát, đánh giá công -. tác phòng, chống thiên tai", "V/v rà soát, đánh giá công tác phòng, chống thiên "
                                                               "tai"),  # a stop beside a dash, a comma
    ("Triển khai thực hiện công tác phòng,. chống thiên tai", "Triển khai thực hiện công tác phòng, chống thiên tai"),
    ("Kế hoạch thực hiện công tác ic phòng cháy", "Kế hoạch thực hiện công tác phòng cháy"),  # no syllable
    ("Quản lý trật tự xây dựng đồ iii năm 2024", "Quản lý trật tự xây dựng đồ iii năm 2024"),  # đô thị garbled
    ("Nâng cấp tuyến đường dài 5 km tại huyện Tư Nghĩa", "Nâng cấp tuyến đường dài 5 km tại huyện Tư Nghĩa"),
    ("Về việc ... và", "Về việc ... và"),
    ('Về việc ". cường công tác bảo vệ môi trường', "Về việc cường công tác bảo vệ môi trường"),  # marks alone
    ("V/V rà soát công tác của tỉnh Hòa : Bình", "V/v rà soát công tác của tỉnh Hòa Bình"),  # a colon alone
    ("Thu ngân sách trên địa bàn tỉnh Hòa. Bình giai đoạn", "Thu ngân sách trên địa bàn tỉnh Hòa Bình giai đoạn"),
    ("phòng, chống dịch bệnh _.. trên gia súc", "phòng, chống dịch bệnh trên gia súc"),
    ("công tác phòng cháy, chữa cháy-trong mùa khô", "công tác phòng cháy, chữa cháy trong mùa khô"),
    ("Về việc thành lập Ban chỉ đạo TP. Hồ Chí Minh", "Về việc thành lập Ban chỉ đạo TP. Hồ Chí Minh"),
    # the e-signature's time line run into the title's last line; a run of letters and digits at its end
    ("V/v tham gia ý kiến của tỉnh Bến Tre nối gian KV: na ki 18:18:42 +07:00", "V/v tham gia ý kiến của tỉnh Bến Tre"),
    ("V/v chuyển đổi số của tỉnh Hòa Bình Thöïgianký:1408201707740:53 +07:00", "V/v chuyển đổi số của tỉnh Hòa Bình"),
    ("Về việc ban hành Kế hoạch chuyển đổi số năm - 2019", "Về việc ban hành Kế hoạch chuyển đổi số năm 2019"),
    ("Về việc ban hành Kế hoạch năm 2017 kutsidiyinsin91ï00060555", "Về việc ban hành Kế hoạch năm 2017"),
    ("Phòng cháy trên địa bàn tỉnh ưng Kiên Giang", "Phòng cháy trên địa bàn tỉnh Kiên Giang"),  # between level, place
    ("Hợp tác giữa tỉnh và Thành phố Hà Nội", "Hợp tác giữa tỉnh và Thành phố Hà Nội"),
    # a lone capital between a level and its place (``huyện F Tiên Yên``); one that opens the place's name stays
    ("Giải ngân trên địa bàn huyện F Tiên Yên năm 2024", "Giải ngân trên địa bàn huyện Tiên Yên năm 2024"),
    ("Về việc quản lý tại huyện A Lưới năm 2024", "Về việc quản lý tại huyện A Lưới năm 2024"),
    # two rules read as dashes before the title; dots glued to a word inside it
    ("- - Về việc đề nghị phê duyệt kinh phí năm 2017", "Về việc đề nghị phê duyệt kinh phí năm 2017"),
    ("Sơ kết công tác thu ngân sách... nhà nước", "Sơ kết công tác thu ngân sách nhà nước"),
    # a one-letter word stays (``điểm đ``, ``ô nhiễm``; a lone ``ự`` speck is left for the review to list)
    ("Tham gia ý kiến ở cơ sở", "Tham gia ý kiến ở cơ sở"), ("Xử lý ô nhiễm tại điểm đ", "Xử lý ô nhiễm tại điểm đ"),
    ("Quy định tỷ lệ phần trăm (%) chi phí", "Quy định tỷ lệ phần trăm (%) chi phí"),  # marks that are no speck
    ("Rủi ro thiên tai được phân thành các cấp độ. Cấp độ", "Rủi ro thiên tai được phân thành các cấp độ. Cấp độ"),
    ("Vùng nước thuộc địa phận tỉnh Đắk Lắk", "Vùng nước thuộc địa phận tỉnh Đắk Lắk"),
    ("Quản lý trật tự xây dựng! đô thị", "Quản lý trật tự xây dựng đô thị"),
    ("Phòng cháy, chữa cháy _ - trong mùa khô", "Phòng cháy, chữa cháy trong mùa khô"),  # a speck, then the dash
    ("Phòng chống dịch bệnh trên địa bàn huyện Giồng Trôm. -", "Phòng chống dịch bệnh trên địa bàn huyện Giồng Trôm"),
    ("Kết quả thực hiện 6 tháng đầu năm 2019.....", "Kết quả thực hiện 6 tháng đầu năm 2019"),
    ("Về công tác phòng cháy, chữa cháy - trong mùa khô", "Về công tác phòng cháy, chữa cháy trong mùa khô"),
    ("Kinh phí công tác quản lý, - bảo vệ và phát triển rừng", "Kinh phí công tác quản lý, bảo vệ và phát triển rừng"),
    ("Công tác bảo vệ và phát triển. : rừng tháng 10/2016", "Công tác bảo vệ và phát triển rừng tháng 10/2016"),
    ("Sở Lao động - Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"),
    ("V/ đôn đốc thực hiện công tác", "V/v đôn đốc thực hiện công tác"),  # its last v lost
    ("V/w tham gia ý kiến", "V/v tham gia ý kiến"),  # its last v read w
    ("trật tự xây dựng đô thị năm: 2016", "trật tự xây dựng đô thị năm 2016"),  # a colon between năm and its year
    ("tiếp công dân, 'N giải quyết khiếu nại", "tiếp công dân, giải quyết khiếu nại"),  # a quote and a capital
    ("Quy định nhóm A và nhóm B", "Quy định nhóm A và nhóm B"),
    ("trật tự xây a dựng đô thị", "trật tự xây dựng đô thị"),  # a speck read as a lone letter
    ("Về việc c đề nghị phê duyệt", "Về việc đề nghị phê duyệt"),
    ("chương t rình mục tiêu", "chương trình mục tiêu"),  # a word's first letter set apart
    ("tại buổi r -_ làm việc về công tác", "tại buổi làm việc về công tác"),  # a lone letter before specks
    ("Kết luận của Chủ tị ch UBND tỉnh", "Kết luận của Chủ tịch UBND tỉnh"),  # its final consonants set apart
    ("tại buổi làm việc \\ về công tác", "tại buổi làm việc về công tác"),  # a backslash speck
    ("bảo vệ và phát triể n- rừng", "bảo vệ và phát triển rừng"),
    ("công tác quản lý, bảo-vệ và phát triển rừng", "công tác quản lý, bảo vệ và phát triển rừng"),  # a glued dash
    ("phát triển kinh tế - xã hội", "phát triển kinh tế - xã hội"),  # a pair's own dash stays
    ("tuyển sinh vào lớp 10. trung học phổ thông", "tuyển sinh vào lớp 10 trung học phổ thông"),  # a stop speck
    ("tìm kiếm cứu nạn tại tỉnh.Kon Tum", "tìm kiếm cứu nạn tại tỉnh Kon Tum"),  # a stop glued before a place
    ("Sửa đổi tiêu chí c, d và điểm c khoản 2", "Sửa đổi tiêu chí c, d và điểm c khoản 2"),  # cited points stay
    ("Sửa đổi điểm a khoản 1 Điều 3", "Sửa đổi điểm a khoản 1 Điều 3"),  # a cited point keeps its letter
    ("quản lý thiết bị y tế", "quản lý thiết bị y tế"),  # y is a word
    ("trên gia súc,gia cầm", "trên gia súc, gia cầm"),  # a comma's space lost
    ("V/v đề nghị hướngdẫn chương trình", "V/v đề nghị hướng dẫn chương trình"),  # a space lost
    ("Vềviệc ban hành Kế hoạch", "Về việc ban hành Kế hoạch"),
    ("Phương án phòngchống thiên tai", "Phương án phòng chống thiên tai"),
    ("tại huyện Krôngpắc", "tại huyện Krôngpắc"),  # no syllables of the corpus: kept
    ("giải ngân vốn đầu tư công nă.. 2022", "giải ngân vốn đầu tư công năm 2022"),  # năm cut short by specks
    ("tìm kiếm cứu nạn nău› 2021", "tìm kiếm cứu nạn năm 2021"),
    ("kết quả từ đó đến nay 2020", "kết quả từ đó đến nay 2020"),  # a word of the corpus stays
    ("nông thôn mới tại tỉnh a Mau năm 2026", "nông thôn mới tại tỉnh Cà Mau năm 2026"),  # the end of Cà left
    ("an ninh tại tỉnh òa Bình", "an ninh tại tỉnh Hòa Bình"),
    ("trật tự tại thị xã a Yên", "trật tự tại thị xã a Yên"),  # Ý Yên is a letter off but does not end in a
])
def test_subject_specks_of_provincial_scans(raw, fixed):
    assert header._fix_subject(raw) == fixed


def test_the_rule_under_a_title_with_specks_read_as_letters_ends_it():
    page = DECISION_PAGE.replace("năm 2025\nCăn cứ", "năm 2025\n————_ vn A\n\nCăn cứ")
    assert parse_document([page]).document.subject == "Về việc ban hành Kế hoạch cải cách hành chính năm 2025"
    assert header._rule_with_specks("————_ vn A") and not header._rule_with_specks("——— cấp xã")


@pytest.mark.parametrize("subject,expected", [
    ("Š sở về việc tổ chức hội nghị", "Về việc tổ chức hội nghị"),  # a stamp's marks before Về việc
    ("Kết luận về việc tổ chức hội nghị", None),  # words of a title before it
    ("UBND về việc tổ chức hội nghị", None),
])
def test_debris_before_ve_viec_is_dropped(subject, expected):
    assert header._after_leading_debris(subject) == expected


def test_a_date_lines_place_after_a_speck_glued_to_it_is_whole():
    from pipeline.parse.issue_date import find_date_line

    found = find_date_line(Line(1, 1, "'Bắc Ninh, ngày 20 tháng 7 năm 2022 -"))
    assert found is not None and found.place == "Bắc Ninh"
    page = DECISION_PAGE.replace("Số: 12/QĐ-UBND\nQuảng Ngãi, ngày", "Số: 12/QĐ-UBND 'Quảng Ngãi, ngày")
    assert parse_document([page]).document.place == "Quảng Ngãi"


def test_a_digital_government_subject_ends_before_the_body():
    """"số" of "chính quyền số" (digital government) does not keep a subject open over the blank line."""
    text = "\n".join([
        "ỦY BAN NHÂN DÂN", "TỈNH PHÚ YÊN", "Số: 402/TB-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Phú Yên, ngày 20 tháng 7 năm 2022", "THÔNG BÁO", "",
        "Về việc tổ chức hội nghị sơ kết công tác chuyển đổi số và", "phát triển chính quyền số", "",
        "Ngày vừa qua, tại trụ sở cơ quan, đã chủ trì buổi làm việc với các cơ quan, đơn vị liên quan.",
    ])
    parsed = parse_document([text])
    assert parsed.document.subject == ("Về việc tổ chức hội nghị sơ kết công tác chuyển đổi số và phát triển "
                                       "chính quyền số")


def test_header_specks_and_a_misread_place_of_the_issuers_province():
    text = "\n".join([
        "ỦY BAN NHÂN DÂN -", "'TỈNH QUẢNG NGÃI .", "Số: 127/TB-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Quảng Ngõi, ngày 20 tháng 7 năm 2022", "THÔNG BÁO", "",
        "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc", "",
        "Ngày vừa qua, tại trụ sở cơ quan, đã chủ trì buổi làm việc với các cơ quan, đơn vị liên quan.",
    ])
    parsed = parse_document([text])
    assert parsed.document.issuing_body == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
    assert parsed.document.place == "Quảng Ngãi"
    assert any("Quảng Ngõi" in w for w in parsed.warnings)


def test_a_district_of_another_name_is_not_taken_for_the_province():
    from pipeline.parse.gazetteer import provinces_named
    from pipeline.parse.issue_date import near_miss

    assert provinces_named("uy ban nhan dan tinh quang ngai") == ["quang ngai"]
    assert near_miss("Quảng Ngõi", "Quảng Ngãi")
    assert not near_miss("Tư Nghĩa", "Quảng Ngãi") and not near_miss("Quảng Nam", "Quảng Ngãi")


def _header_lines(body: list[str], code: str, date_line: str) -> list[str]:
    """The Decree-30 header as OCR lines: the body's lines, the Số line, the national motto, the date line."""
    return [*body, f"Số: {code}", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", date_line]


@pytest.mark.parametrize("date_line", ["_S%a Thầy, ngày 13 tháng 10 năm 2023",
                                       "S_. Thầy, ngày 13 tháng 10 năm 2023"])  # its first word read as specks
def test_a_place_cut_short_takes_the_name_the_issuing_body_prints(date_line):
    text = "\n".join([
        *_header_lines(["ỦY BAN NHÂN DÂN", "HUYỆN SA THẦY"], "345/BC-UBND", date_line),
        "BÁO CÁO", "",
        "Tình hình công tác phòng, chống tác hại của thuốc lá năm 2023", "",
        "Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, Ủy ban nhân dân huyện báo cáo như sau.",
    ])
    parsed = parse_document([text])
    assert parsed.document.place == "Sa Thầy"
    assert any("Sa Thầy" in w and "issuing body" in w for w in parsed.warnings)
    from pipeline.parse.gazetteer import places_named
    assert places_named(["ỦY BAN NHÂN DÂN HUYỆN SA THẦY", "Sở Y tế tỉnh Kon Tum", "Bộ Tài chính"]) == \
        ["Sa Thầy", "Kon Tum"]
    # a name whose space OCR lost is given as the gazetteer spells it
    assert places_named(["ỦY BAN NHÂN DÂN TỈNH ĐẮKNÔNG", "UBND HUYỆN ĐẦMDƠI"]) == ["Đắk Nông", "Đầm Dơi"]


def test_a_semicolon_between_two_clauses_of_a_subject_stays():
    raw = "Quy định chi tiết một số điều của Luật Đất đai; bãi bỏ một số thông tư"
    assert header._fix_subject(raw) == raw


def test_a_v_v_subject_read_in_paragraphs_of_its_own_goes_on_past_the_gaps():
    text = "\n".join([
        "ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: 53/UBND-TH", "", "V/v đôn đốc thực hiện công tác bảo", "",
        "vệ môi trường tại các khu công", "", "nghiệp trên địa bàn tỉnh Quảng Ngãi", "",
        *_header_lines([], "53/UBND-TH", "Quảng Ngãi, ngày 06 tháng 9 năm 2025")[1:],
        "", "Kính gửi: Các Sở, ban, ngành tỉnh", "",
        "Thực hiện chỉ đạo của cấp trên, Ủy ban nhân dân đề nghị các cơ quan, đơn vị thực hiện như sau:",
    ])
    parsed = parse_document([text])
    assert parsed.document.subject == ("V/v đôn đốc thực hiện công tác bảo vệ môi trường tại các khu công nghiệp "
                                       "trên địa bàn tỉnh Quảng Ngãi")


def test_a_v_v_subject_goes_on_past_a_gap_and_a_speck_before_its_next_line():
    text = "\n".join([
        "ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: 53/UBND-TH", "V/v đôn đốc thực hiện công -", "",
        "_ tác xóa nhà tạm, nhà dột nát", "tại tỉnh Quảng Ngãi -", "",
        *_header_lines([], "53/UBND-TH", "Quảng Ngãi, ngày 06 tháng 9 năm 2025")[1:],
        "", "Kính gửi: Các Sở, ban, ngành tỉnh", "",
        "Thực hiện chỉ đạo của cấp trên, Ủy ban nhân dân đề nghị các cơ quan, đơn vị thực hiện như sau:",
    ])
    parsed = parse_document([text])
    assert parsed.document.subject == "V/v đôn đốc thực hiện công tác xóa nhà tạm, nhà dột nát tại tỉnh Quảng Ngãi"


def test_a_v_v_subject_leaves_out_the_motto_ocr_garbled_below_it():
    page = ("ỦY BAN NHÂN DÂN\nHUYỆN TAM ĐẢO\n\nSố: 257/UBND-KT\nV/v triển khai công tác\nphòng cháy, chữa cháy\n"
            "trong mùa khô của huyện\nTam Đảo\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nhâc lân - Tạo đo - Hanh nhục\n\n"
            "Tam Đảo, ngày 12 tháng 3 năm 2024\n\nKính gửi: Các phòng, ban thuộc huyện\n\nThực hiện chỉ đạo của cấp trên.\n")
    subject = parse_document([page]).document.subject
    assert subject == "V/v triển khai công tác phòng cháy, chữa cháy trong mùa khô của huyện Tam Đảo"


def test_a_v_v_subject_goes_on_past_the_motto_and_the_date_line_in_pieces():
    """Two columns read one after the other: the V/v block's first line, the motto and the date line broken in two,
    then the rest of the block."""
    text = "\n".join([
        "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SỞ Y TẾ", "", "Số: 12/SYT-VP",
        "V/v báo cáo tình hình công", "", "Độc lập - Tự do - Hạnh phúc", "", "Sóc Trăng, ngày 3", "tháng 4 năm 2026",
        "tác phòng, chống dịch bệnh", "trên gia súc, gia cầm trên", "địa bàn tỉnh Sóc Trăng", "",
        "Kính gửi: Các Sở, ban, ngành tỉnh", "",
        "Thực hiện chỉ đạo của cấp trên, Ủy ban nhân dân đề nghị các cơ quan, đơn vị thực hiện như sau:",
    ])
    parsed = parse_document([text])
    assert parsed.document.subject == ("V/v báo cáo tình hình công tác phòng, chống dịch bệnh trên gia súc, gia cầm "
                                       "trên địa bàn tỉnh Sóc Trăng")


@pytest.mark.parametrize("vv_line", ["-_ V/v báo cáo tình hình công", "i V/v báo cáo tình hình công"])
def test_a_v_v_subject_goes_on_past_speck_lines_and_a_speck_before_it(vv_line):
    text = "\n".join([
        "UBND TỈNH SÓC TRĂNG _ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM.", "SỞ Y TẾ", "Số: 12/SYT-VP", vv_line,
        "- Độc lập - Tự do - Hạnh phúc", "Sóc Trăng, ngày 3 tháng 4 năm 2026", "", "-", "", "..", "",
        "tác phòng, chống dịch bệnh", "trên địa bàn tỉnh Sóc Trăng", "",
        "Kính gửi: Các Sở, ban, ngành tỉnh", "",
        "Thực hiện chỉ đạo của cấp trên, Ủy ban nhân dân đề nghị các cơ quan, đơn vị thực hiện như sau:",
    ])
    parsed = parse_document([text])
    assert parsed.document.subject == ("V/v báo cáo tình hình công tác phòng, chống dịch bệnh trên địa bàn tỉnh "
                                       "Sóc Trăng")


def test_specks_inside_and_after_a_title():
    text = "\n".join([
        *_header_lines(["ỦY BAN NHÂN DÂN", "HUYỆN SA THẦY"], "345/BC-UBND", "Sa Thầy, ngày 13 tháng 10 năm 2023"),
        "BÁO CÁO",
        "Tình hình công tác phòng, chống tác hại của thuốc lá tại buổi làm việc về -", ":", "công tác năm 2023 mm",
        "I. TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN", "Căn cứ Luật Chất lượng sản phẩm, hàng hóa ngày 21 tháng 11 năm 2007;",
    ])
    parsed = parse_document([text])
    assert parsed.document.subject == ("Tình hình công tác phòng, chống tác hại của thuốc lá tại buổi làm việc về "
                                       "công tác năm 2023")


def test_a_title_stops_at_the_body_opening_on_the_next_line_and_drops_a_trailing_speck():
    text = "\n".join([
        *_header_lines(["ỦY BAN NHÂN DÂN", "TỈNH NINH THUẬN"], "133/TB-UBND", "Ninh Thuận, ngày 28 tháng 7 năm 2020"),
        "THÔNG BÁO", "Về việc tổ chức hội nghị sơ kết công tác quản lý trật", "tự xây dựng đô thị .",
        "Ngày vừa qua, tại trụ sở cơ quan, đã chủ trì buổi làm việc",
        "với các cơ quan, đơn vị liên quan về nội dung trên.",
    ])
    assert parse_document([text]).document.subject == \
        "Về việc tổ chức hội nghị sơ kết công tác quản lý trật tự xây dựng đô thị"


def test_a_v_v_line_opening_with_a_heading_word_in_lower_case_goes_on():
    text = "\n".join([
        "ỦY BAN NHÂN DÂN", "TỈNH QUẢNG TRỊ", "Số: 59/UBND-VP", "V/v rà soát, đánh giá chương trình",
        "mục tiêu quốc gia xây dựng nông", "thôn mới tại tỉnh Quảng Trị",
        *_header_lines([], "59/UBND-VP", "Quảng Trị, ngày 18 tháng 6 năm 2021")[1:],
        "Kính gửi: Các Sở, ban, ngành tỉnh",
        "Thực hiện chỉ đạo của cấp trên, cơ quan đề nghị các cơ quan, đơn vị triển khai thực hiện như sau:",
    ])
    assert parse_document([text]).document.subject == \
        "V/v rà soát, đánh giá chương trình mục tiêu quốc gia xây dựng nông thôn mới tại tỉnh Quảng Trị"


def test_a_citation_below_the_title_is_not_taken_for_the_number():
    """The Số line lost (merged into the date line, its symbol unreadable): the code is missing and flagged, never
    a document the body cites on a line that opens with ``số``, and the title line stays the type and subject."""
    text = "\n".join([
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "HUYỆN GIO LINH Độc lập - Tự do - Hạnh phúc",
        "_ Số: “ /CTUBND '- liếm: Linh, ngày 11 tháng 10 năm 2020",  # as OCR read it
        "CHỈ THỊ",
        "Về công tác tuyển sinh vào lớp 10 trung học phổ thông năm 2020",
        "",
        "Thời gian qua, các cơ quan, đơn vị trên địa bàn huyện đã tích cực triển khai thực hiện nhiệm vụ",
        "Căn cứ Nghị định",
        "số 120/2020/NĐ-CP ngày 07 tháng 10 năm 2020 của Chính phủ;",
    ])
    parsed = parse_document([text])
    assert parsed.document.code is None and "document.code" in parsed.review
    assert parsed.document.type == "Chỉ thị"
    assert parsed.document.subject == "Về công tác tuyển sinh vào lớp 10 trung học phổ thông năm 2020"


def test_the_so_line_after_specks_is_found():
    from pipeline.parse.header import find_so

    line = Line(1, 5, "__ SỐ: 3990/UBND-CNXD Ninh Thuận, ngày 20 tháng 11 năm 2025")
    m = find_so(line)
    assert m is not None and parse_code(line.text[m.start("code"):]).code == "3990/UBND-CNXD"


@pytest.mark.parametrize("line, place, day", [
    ("Lệ Thủy ngày 28 tháng 7 năm 2026", "Lệ Thủy", "28"),  # the comma lost
    ("Đắk Nông. ngày 23 tháng 5 năm 2025", "Đắk Nông", "23"),  # read as a full stop
    ("Số: 12/QĐ-UBND Quảng Trị ngày 2 tháng 3 năm 2020", "Quảng Trị", "2"),  # merged with the Số line
    ("của UBND tỉnh Quảng Trị ngày 12 tháng 3 năm 2020", None, None),  # a citation in a sentence
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015", None, None),
])
def test_a_date_line_without_its_comma_after_a_gazetteer_place(line, place, day):
    from pipeline.parse.issue_date import find_date_line

    found = find_date_line(Line(1, 1, line))
    assert (found and (found.place, found.day_raw.strip())) == ((place, day) if place else None)


def test_the_issuing_body_takes_the_date_lines_gazetteer_place():
    """``HUYỆN LI THỦY`` (a letter off) above ``Lệ Thủy, ngày ...``: the district of the gazetteer wins, in both."""
    page = DECISION_PAGE.replace("TỈNH QUẢNG NGÃI", "HUYỆN LI THỦY").replace("Quảng Ngãi, ngày", "Lệ Thủy, ngày")
    doc = parse_document([page]).document
    assert doc.place == "Lệ Thủy" and doc.issuing_body == "ỦY BAN NHÂN DÂN HUYỆN LỆ THỦY"


@pytest.mark.parametrize("body_line,place,expected", [
    # a tone misread on the body's place, the date line spelling it as the gazetteer: the gazetteer's spelling
    ("HUYỆN DẦU TIỄNG", "Dầu Tiếng", "ỦY BAN NHÂN DÂN HUYỆN DẦU TIẾNG"),
    # ... and the same with the body's level word garbled, the committee read from the symbol
    ("HUYÌỆN DẦU TIỄNG", "Dầu Tiếng", "ỦY BAN NHÂN DÂN HUYỆN DẦU TIẾNG"),
    # the date line agreeing with the body, not the gazetteer: the body as printed
    ("HUYỆN DẦU TIỄNG", "Dầu Tiễng", "ỦY BAN NHÂN DÂN HUYỆN DẦU TIỄNG"),
])
def test_the_issuing_body_takes_the_gazetteers_marks_the_date_line_agrees_with(body_line, place, expected):
    page = DECISION_PAGE.replace("TỈNH QUẢNG NGÃI", body_line).replace("Quảng Ngãi, ngày", f"{place}, ngày")
    doc = parse_document([page.replace("12/QĐ-UBND", "12/UBND-KT")]).document
    assert doc.issuing_body == expected


def test_a_vv_subject_passes_over_a_line_mostly_not_words():
    """The motto or the seal read as noise beside the V/v block (``mm... c.ÝÝNN cau``) is no line of the subject."""
    page = DECISION_PAGE.replace("QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch cải cách hành chính năm 2025",
                                 "V/v báo cáo tình hình cải cách\nhành chính\nmm... c.ÝÝNN cau\nKính gửi: Các sở, ngành")
    doc = parse_document([page.replace("12/QĐ-UBND", "12/UBND-VX")]).document
    assert doc.subject == "V/v báo cáo tình hình cải cách hành chính"


def test_a_vv_subject_after_specks_is_found():
    page = DECISION_PAGE.replace("QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch cải cách hành chính năm 2025",
                                 "__ V/v báo cáo tình hình cải cách hành chính\nKính gửi: Các sở, ngành")
    doc = parse_document([page.replace("12/QĐ-UBND", "12/UBND-VX")]).document
    assert doc.subject == "V/v báo cáo tình hình cải cách hành chính" and doc.type == "Công văn"


def test_a_vv_subject_below_specks_in_a_page_ocr_double_spaced_is_found():
    # OCR set a blank line between every two: the V/v line was the ninth line after the Số line
    page = DECISION_PAGE.replace("QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch cải cách hành chính năm 2025",
                                 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nky ce XS\n"
                                 "V/v báo cáo tình hình cải cách hành chính\nKính gửi: Các sở, ngành")
    spaced = "\n\n".join(page.replace("12/QĐ-UBND", "12/UBND-VX").splitlines())
    doc = parse_document([spaced]).document
    assert doc.subject == "V/v báo cáo tình hình cải cách hành chính" and doc.type == "Công văn"


@pytest.mark.parametrize("lines, body, place", [
    ("ỦY BAN NHÂN DÂN y\nTỈNH QUẢNG BÌNH", "ỦY BAN NHÂN DÂN TỈNH QUẢNG BÌNH", "Quảng Ngãi"),  # a speck read as 'y'
    ("ỦY BAN NHÂN DÂN |\nTỈNH NINH THUẬN", "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN", "Quảng Ngãi"),  # a bar
    ("ỦY BAN NHÂN DÂN\nTỈNH QUÁ QUẢNG NGÃI", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "Quảng Ngãi"),  # a speck word
    ("ỦY BAN NHÂN DÂN N\nTỈNH HƯNG YÊN", "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN", "Quảng Ngãi"),  # a lone consonant
    ("SỞ Y TẾ", "SỞ Y TẾ", "Quảng Ngãi"),  # a lone vowel is a word
    ("ỦY BAN NHÂN DÂN Ề\nTỈNH HẬU GIANG", "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG", "Quảng Ngãi"),  # ... not before TỈNH
    ("k ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG", "ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG", "Quảng Ngãi"),  # a speck before it
])
def test_specks_inside_a_body_name_are_dropped(lines, body, place):
    doc = parse_document([DECISION_PAGE.replace("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI", lines)]).document
    assert doc.issuing_body == body and doc.place == place


def test_a_speck_word_before_the_places_province_is_dropped():
    from pipeline.parse.issue_date import place_name

    assert place_name("Quá Quảng Bình") == "Quảng Bình"
    assert place_name("Thị xã Quảng Trị") == "Thị xã Quảng Trị"  # a town named as its province: kept


@pytest.mark.parametrize("first_lines, symbol, issuer", [
    ("TỈNH QUẢNG NGÃI", "QĐ-UBND", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"),  # ỦY BAN NHÂN DÂN lost
    ("HUYIỆN BỐ TRẠCH", "QĐ-UBND", "ỦY BAN NHÂN DÂN HUYỆN BỐ TRẠCH"),  # and the level a letter off
    # left alone: a department's symbol, a place the gazetteer does not know
    ("TỈNH QUẢNG NGÃI", "QĐ-STC", "TỈNH QUẢNG NGÃI"),
    ("TỈNH QUẢNG XYZ", "QĐ-UBND", "TỈNH QUẢNG XYZ"),
])
def test_a_level_and_a_place_under_a_peoples_committee_symbol(first_lines, symbol, issuer):
    page = DECISION_PAGE.replace("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI", first_lines).replace("12/QĐ-UBND", f"12/{symbol}")
    parsed = parse_document([page])
    assert parsed.document.issuing_body == issuer
    if issuer != first_lines:
        assert any("its first line lost" in w for w in parsed.warnings)


@pytest.mark.parametrize("date_line", [
    "Quảng Trị, ngày *† ~tháng",  # the month and year lost
    "Hoài Nhơn, ngày I⁄ tháng LẺ. tăm 2021",  # the month unreadable
    "_ Quảng Bình,",  # only the place left beside an e-signature box
])
def test_the_place_of_a_date_line_whose_date_is_past_reading(date_line):
    page = DECISION_PAGE.replace("Quảng Ngãi, ngày 20 tháng 3 năm 2025", date_line)
    parsed = parse_document([page])
    assert parsed.document.issue_date is None
    assert parsed.document.place == date_line.strip("_ ").split(",")[0]
    assert "document.issue_date" in parsed.review
    # a line of the body that opens with a place and a comma is no date line: with none, the place is the one the
    # issuing body's name ends in (a local body is dated at its province or district), listed for review
    body = parse_document([DECISION_PAGE.replace("Quảng Ngãi, ngày 20 tháng 3 năm 2025\n", "").replace(
        "Căn cứ Luật", "Quảng Kim, tỉnh có nhiều tiềm năng;\nCăn cứ Luật")])
    assert body.document.place == "Quảng Ngãi" and "document.place" in body.review
    assert any("taken from the issuing body's name" in w for w in body.warnings)
    central = parse_document([DECISION_PAGE.replace("Quảng Ngãi, ngày 20 tháng 3 năm 2025\n", "").replace(
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI", "BỘ TƯ PHÁP")])
    assert central.document.place is None  # a body whose name holds no place


@pytest.mark.parametrize("place, issuer", [
    ("Quảng Ngãi", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"),  # a province
    ("Ninh Hải", "ỦY BAN NHÂN DÂN HUYỆN NINH HẢI"),  # a district: its level from the gazetteer
    ("La Gi", "ỦY BAN NHÂN DÂN THỊ XÃ LA GI"),
    ("Đà Nẵng", "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG"),  # a centrally-run city
    ("Quảng Xyz", "ỦY BAN NHÂN DÂN"),  # no place of the gazetteer: left as read
])
def test_a_peoples_committee_whose_level_and_place_were_lost(place, issuer):
    page = DECISION_PAGE.replace("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI", "ỦY BAN NHÂN DÂN").replace(
        "Quảng Ngãi, ngày", f"{place}, ngày")
    parsed = parse_document([page])
    assert parsed.document.issuing_body == issuer
    assert any("taken from the date line" in w for w in parsed.warnings) == (issuer != "ỦY BAN NHÂN DÂN")
    # a body made up from the gazetteer is a gazetteer name by construction: that agreement does not accept it
    assert "document.issuing_body" in parsed.review


@pytest.mark.parametrize("debris", ["năm 2025 . ", "cài Ho - "])
def test_words_before_the_title_up_to_a_lone_stop_or_dash_are_debris(debris):
    """OCR took the date line's tail or a stamp's letters into the title's first line: a title opens with a
    capital, so the lower-case words before a lone stop or dash go; the subject is listed, as a guess."""
    title = "Về việc ban hành Kế hoạch cải cách hành chính năm 2025"
    parsed = parse_document([DECISION_PAGE.replace(title, debris + title)])
    assert parsed.document.subject == title
    assert "document.subject" in parsed.review
    # a title that opens in lower case without such a break is left as read (and listed); one that opens on
    # ``việc`` lost its ``Về`` (listed too)
    lost = parse_document([DECISION_PAGE.replace(title, "ban hành Kế hoạch - cải cách")])
    assert lost.document.subject.startswith("ban hành") and "document.subject" in lost.review
    lost = parse_document([DECISION_PAGE.replace(title, "việc ban hành Kế hoạch - cải cách")])
    assert lost.document.subject.startswith("Về việc ban hành") and "document.subject" in lost.review


@pytest.mark.parametrize("read, spelt", [
    ("trên địa bàn tỉnh Quảng Tri năm 2025", "trên địa bàn tỉnh Quảng Trị năm 2025"),  # a mark OCR slipped
    ("tại thị xã La Gỉ giai đoạn 2021-2025", "tại thị xã La Gi giai đoạn 2021-2025"),  # a mark OCR added
    ("tỉnh Bà Rịa - Vũng Tàu", "tỉnh Bà Rịa - Vũng Tàu"),
    ("tỉnh về việc", "tỉnh về việc"),  # no capitalised name after the level word
    ("tại tính Thanh Hóa năm 2025", "tại tỉnh Thanh Hóa năm 2025"),  # the level word read with a mark wrong
    ("trên địa bàn huyên Nga Sơn", "trên địa bàn huyện Nga Sơn"),
    ("về tình hình Thanh Hóa", "về tình hình Thanh Hóa"),  # (tình hình, situation: no level)
])
def test_a_place_in_the_title_is_spelt_as_the_gazetteer_spells_it(read, spelt):
    title = "Về việc ban hành Kế hoạch cải cách hành chính năm 2025"
    parsed = parse_document([DECISION_PAGE.replace(title, f"Về việc ban hành Kế hoạch {read}")])
    assert parsed.document.subject == f"Về việc ban hành Kế hoạch {spelt}"


def _department_page(issuer_lines: list[str], symbol: str) -> list[str]:
    first, *rest = issuer_lines
    return ["\n".join([
        f"{first}            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        *(f"{line}                     Độc lập - Tự do - Hạnh phúc" for line in rest[:1]),
        f"Số: 448/{symbol}    Đắk Nông, ngày 05 tháng 3 năm 2024",
        "",
        "QUYẾT ĐỊNH",
        "Ban hành Quy chế phối hợp trong công tác phòng cháy, chữa cháy",
        "",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    ])]


@pytest.mark.parametrize("issuer_lines, symbol, issuer, parent", [
    # the department's line lost under its parent: the symbol's letters name it
    (["UBND TỈNH ĐẮK NÔNG"], "QĐ-STTTT", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "UBND TỈNH ĐẮK NÔNG"),
    (["ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG"], "QĐ-SNgV", "SỞ NGOẠI VỤ", "ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG"),
    (["UBND TỈNH ĐẮK NÔNG"], "QĐ-SNV", "SỞ NỘI VỤ", "UBND TỈNH ĐẮK NÔNG"),  # NV is Nội vụ; Ngoại vụ is NgV
    # its head word lost
    (["UBND TỈNH ĐẮK NÔNG", "THÔNG TIN VÀ TRUYỀN THÔNG"], "QĐ-STTTT", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
     "UBND TỈNH ĐẮK NÔNG"),
    # a committee's own symbol, and a department read whole, stay as read
    (["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK NÔNG"], "QĐ-UBND", "ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG", None),
    (["UBND TỈNH ĐẮK NÔNG", "SỞ XÂY DỰNG"], "QĐ-SXD", "SỞ XÂY DỰNG", "UBND TỈNH ĐẮK NÔNG"),
    # a speck read as a dash before the department's line: a body of its own, not the parent's wrapped line
    (["UBND TỈNH ĐẮK NÔNG", "- SỞ VĂN HÓA VÀ THỂ THAO"], "QĐ-SVHTT", "SỞ VĂN HÓA VÀ THỂ THAO", "UBND TỈNH ĐẮK NÔNG"),
    # and a speck read as a comma inside the committee's name
    (["ỦY, BAN NHÂN DÂN", "TỈNH ĐẮK NÔNG"], "QĐ-UBND", "ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG", None),
])
def test_a_department_the_symbol_names_is_the_issuer_when_its_line_is_lost(issuer_lines, symbol, issuer, parent):
    parsed = parse_document(_department_page(issuer_lines, symbol))
    assert parsed.document.issuing_body == issuer
    assert parsed.document.parent_body == parent
    if not any(issuer in line for line in issuer_lines) and "UBND" not in symbol:  # completed from the symbol: listed
        assert parsed.evidence["document.issuing_body"].confidence < 0.7


def test_a_year_word_read_with_another_first_letter_still_dates_the_document():
    page = DECISION_PAGE.replace("Quảng Ngãi, ngày 20 tháng 3 năm 2025", "Quảng Ngãi, ngày 20 tháng 3 tăm 2025")
    assert parse_document([page]).document.issue_date == dt.date(2025, 3, 20)


@pytest.mark.parametrize("year", ["2U25", "2u25", "2O25", "12025"])  # (and a speck read as a digit before it)
def test_a_faint_zero_of_the_year_read_as_a_letter_still_dates_the_document(year):
    page = DECISION_PAGE.replace("năm 2025\nQUYẾT", f"năm {year}\nQUYẾT")
    assert parse_document([page]).document.issue_date == dt.date(2025, 3, 20)


@pytest.mark.parametrize("line, day", [
    ("Quảng Ngãi, Hãng 20 tháng 3 năm 2025", 20),  # the day word misread past recognition
    ("Quảng Ngãi, ngày 20 ⁄háng 3 năm 2025", 20),  # the month word's t read as a mark
    ("Quảng Ngãi, ngày20 háng 3 năm 2025", 20),  # ... or lost
    ("Quảng Ngãi, ngày 20 tháng 3 Bị 2025", 20),  # the year word read past recognition
    ("Quảng Ngãi, knlye 20 đưếng 3 năm 2025", 20),  # the day and the month words both
])
def test_a_date_line_with_a_garbled_day_or_month_word_dates_the_document(line, day):
    doc = parse_document([DECISION_PAGE.replace("Quảng Ngãi, ngày 20 tháng 3 năm 2025", line)]).document
    assert (doc.issue_date, doc.place) == (dt.date(2025, 3, day), "Quảng Ngãi")


def test_a_so_line_beside_a_date_line_whose_year_word_is_garbled_gives_code_and_date():
    page = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ THUẬN AN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "– Số: 295/TB-UBND - Thuận An, ngày 13 tháng 8 Bị 2016\nTHÔNG BÁO\nKết luận của Chủ tịch UBND thành phố\n\n"
            "Ngày vừa qua, tại trụ sở cơ quan.\n")
    doc = parse_document([page]).document
    assert (doc.code, doc.issue_date, doc.place) == ("295/TB-UBND", dt.date(2016, 8, 13), "Thuận An")


@pytest.mark.parametrize("date_line", ["Quảng Ngãi, ngày 20 tháng 3 năm", "Quảng Ngãi, ngày 20 tháng 3"])
def test_a_date_line_that_lost_its_year_takes_the_year_its_subject_names_listed(date_line):
    page = DECISION_PAGE.replace("Quảng Ngãi, ngày 20 tháng 3 năm 2025", date_line)
    parsed = parse_document([page])
    assert parsed.document.issue_date == dt.date(2025, 3, 20) and "document.issue_date" in parsed.review
    # a subject that names no year gives none
    page = page.replace("cải cách hành chính năm 2025\nCăn", "cải cách hành chính\nCăn")
    assert parse_document([page]).document.issue_date is None


def test_a_date_line_that_lost_its_year_takes_the_year_of_a_timestamp_whose_day_is_garbled():
    page = DECISION_PAGE.replace("Quảng Ngãi, ngày 20 tháng 3 năm 2025",
                                 "Ear ki gian ù T1 03 2024 10:17:50 +07:00\nQuảng Ngãi, ngày 20 tháng 3")
    parsed = parse_document([page])
    assert parsed.document.issue_date == dt.date(2024, 3, 20) and "document.issue_date" in parsed.review


def test_a_date_line_whose_wrapped_year_ocr_set_above_it():
    page = DECISION_PAGE.replace("Quảng Ngãi, ngày 20 tháng 3 năm 2025", "năm 2025\nQuảng Ngãi, ngày 20 tháng 3")
    doc = parse_document([page]).document
    assert (doc.issue_date, doc.place) == (dt.date(2025, 3, 20), "Quảng Ngãi")


@pytest.mark.parametrize("between", ["", "QUYẾT ĐỊNH\n|\n"])
def test_a_date_line_broken_after_its_month_takes_the_year_below_and_is_listed(between):
    # the right column too narrow: the year wraps onto a line of its own, OCR may set the type line between
    page = DECISION_PAGE.replace("Quảng Ngãi, ngày 20 tháng 3 năm 2025\nQUYẾT ĐỊNH\n",
                                 f"Quảng Ngãi, ngày 20 tháng 3\n{between}năm 2025\n" + ("" if between else "QUYẾT ĐỊNH\n"))
    parsed = parse_document([page])
    assert parsed.document.issue_date == dt.date(2025, 3, 20)
    assert parsed.document.place == "Quảng Ngãi"
    assert parsed.document.type == "Quyết định"
    assert "document.issue_date" in parsed.review
    assert any("broken after its month" in w for w in parsed.warnings)
    # broken after its day, the month and year below
    after_day = parse_document([DECISION_PAGE.replace("Quảng Ngãi, ngày 20 tháng 3 năm 2025\nQUYẾT ĐỊNH\n",
                                                      f"Quảng Ngãi, ngày 20\n{between}tháng 3 năm 2025\n"
                                                      + ("" if between else "QUYẾT ĐỊNH\n"))])
    assert (after_day.document.issue_date, after_day.document.place) == (dt.date(2025, 3, 20), "Quảng Ngãi")
    assert "document.issue_date" in after_day.review and after_day.document.type == "Quyết định"
    # no year line below: no year line is made up; the year the subject names is taken, listed (see
    # test_a_date_line_that_lost_its_year_takes_the_year_its_subject_names_listed)
    alone = parse_document([DECISION_PAGE.replace("ngày 20 tháng 3 năm 2025", "ngày 20 tháng 3")])
    assert not any("broken after its month" in w for w in alone.warnings)
    assert "document.issue_date" in alone.review


@pytest.mark.parametrize("date_line", [
    "Quảng .. ngày 20 tháng 3 năm 2025",  # the place's second word lost, no comma
    "_ „ ngày 20 tháng 3 năm 2025",  # the place lost under specks
])
def test_a_header_date_whose_place_is_past_reading_is_read_and_listed(date_line):
    parsed = parse_document([DECISION_PAGE.replace("Quảng Ngãi, ngày 20 tháng 3 năm 2025", date_line)])
    assert parsed.document.issue_date == dt.date(2025, 3, 20)
    assert "document.issue_date" in parsed.review  # no place before it: the header's date, most likely, not sure
    assert any("its place could not be read" in w for w in parsed.warnings)
    # a date in the body after a lower-case word is a citation, never the issue date
    body = parse_document([DECISION_PAGE.replace("Quảng Ngãi, ngày 20 tháng 3 năm 2025\n", "").replace(
        "Căn cứ Luật", "Ban hành ngày 20 tháng 3 năm 2024\nCăn cứ Luật")])
    assert body.document.issue_date != dt.date(2024, 3, 20)


_TITLE = "Về việc ban hành Kế hoạch cải cách hành chính năm 2025"


@pytest.mark.parametrize("lines, subject", [
    # the last line's place joined by a speck read as a dash: no garbled line, and read without the dash
    ("Về việc ban hành Kế hoạch cải cách hành chính của tỉnh\nSóc-Trăng năm 2025",
     "Về việc ban hành Kế hoạch cải cách hành chính của tỉnh Sóc Trăng năm 2025"),
    # the year on a line of its own, a speck glued before it: no line of marks
    ("Về việc ban hành Kế hoạch cải cách hành chính năm\n_2025", _TITLE),
])
def test_a_title_line_a_speck_touches_is_part_of_it(lines, subject):
    assert parse_document([DECISION_PAGE.replace(_TITLE, lines)], ocr_text=True).document.subject == subject


@pytest.mark.parametrize("debris", ["na ==+", "k¿", "¬...."])
def test_a_line_of_marks_under_the_title_is_no_part_of_it(debris):
    parsed = parse_document([DECISION_PAGE.replace(_TITLE, "Về việc ban hành Kế hoạch cải cách\nhành chính năm "
                                                           f"2025\n{debris}")])
    assert parsed.document.subject == _TITLE


@pytest.mark.parametrize("lines, subject, listed", [
    # a speck at a line's end read as a dash inside a word (công tác): it goes
    ("Về việc ban hành Kế hoạch cải cách hành chính công -\ntác năm 2025",
     "Về việc ban hành Kế hoạch cải cách hành chính công tác năm 2025", False),
    # ... after a word run into the one before it (giáchương: the restorer splits it)
    ("Về việc đánh giáchương -\ntrình cải cách hành chính năm 2025",
     "Về việc đánh giá chương trình cải cách hành chính năm 2025", False),
    # an opening low quote that closes nothing
    ("„Về việc ban hành Kế hoạch cải cách hành chính năm 2025",
     "Về việc ban hành Kế hoạch cải cách hành chính năm 2025", False),
    # a dash the corpus writes between the two words is the title's own: kept (kinh tế - xã hội)
    ("Về việc ban hành Kế hoạch phát triển kinh tế -\nxã hội năm 2025",
     "Về việc ban hành Kế hoạch phát triển kinh tế - xã hội năm 2025", False),
    # between two words the corpus writes together, never with a dash, it is a speck (đầu tư công)
    ("Về việc giải ngân vốn đầu tư -\ncông năm 2025", "Về việc giải ngân vốn đầu tư công năm 2025", False),
    # a pair the corpus writes both ways, more often without (lao động thương binh): kept, and listed
    ("Về việc triển khai chính sách lao động -\nthương binh năm 2025",
     "Về việc triển khai chính sách lao động - thương binh năm 2025", True),
    # between two numbers it is the title's
    ("Về việc ban hành Kế hoạch cải cách hành chính giai đoạn 2021 -\n2025",
     "Về việc ban hành Kế hoạch cải cách hành chính giai đoạn 2021 - 2025", False),
    # a dash opening a title line between two words the corpus writes together, never dashed: a speck
    ("Về việc ban hành Kế hoạch thực hiện đầu tư\n- công năm 2025", "Về việc ban hành Kế hoạch thực hiện đầu tư công "
     "năm 2025", False),
    # ... and the title's own dash, which a title may wrap before (kinh tế / - xã hội), stays
    ("Về việc ban hành Kế hoạch phát triển kinh tế\n- xã hội năm 2025",
     "Về việc ban hành Kế hoạch phát triển kinh tế - xã hội năm 2025", False),
    # a pair the corpus never writes either way: the dash goes, the subject listed
    ("Về việc triển khai công tác xóa -\nnhà tạm, nhà dột nát năm 2025",
     "Về việc triển khai công tác xóa nhà tạm, nhà dột nát năm 2025", True),
])
def test_a_dash_at_a_title_lines_break(lines, subject, listed):
    parsed = parse_document([DECISION_PAGE.replace(_TITLE, lines)])
    assert parsed.document.subject == subject
    assert ("document.subject" in parsed.review) is listed


def test_a_type_line_broken_into_pieces_is_no_part_of_the_title():
    # a seal over KẾ HOẠCH: OCR read it as short lines of its own (TT / 2 / HOẠCH / 11); the title is the line after
    page = DECISION_PAGE.replace("12/QĐ-UBND", "12/KH-UBND").replace("QUYẾT ĐỊNH\n", "TT\n2\nHOẠCH\n11\n_\n")
    parsed = parse_document([page])
    assert parsed.document.subject == _TITLE
    assert "document.subject" in parsed.review  # (read without its type line's warrant: listed)


def test_a_lone_double_quote_before_a_title_word_is_a_speck():
    title = "Ban hành Quy chế tiếp công dân trên địa bàn huyện Mường Tè"
    parsed = parse_document([DECISION_PAGE.replace(_TITLE, title.replace(" Mường", '\n"Mường'))])
    assert parsed.document.subject == title
    quoted = 'Về việc tổ chức Cuộc thi "Tìm hiểu pháp luật" năm 2025'  # a quotation has two: kept
    assert parse_document([DECISION_PAGE.replace(_TITLE, quoted)]).document.subject == quoted


def test_a_dash_glued_to_the_first_word_of_a_title_line_is_a_speck():
    parsed = parse_document([DECISION_PAGE.replace(_TITLE, "Về việc ban hành Kế hoạch cải cách hành chính của tỉnh Quảng"
                                                           "\n-Ngãi năm 2025")])
    assert parsed.document.subject == "Về việc ban hành Kế hoạch cải cách hành chính của tỉnh Quảng Ngãi năm 2025"


def test_a_scale_on_the_titles_last_line_is_part_of_it():
    title = "Ban hành Quy chuẩn kỹ thuật quốc gia về bản đồ địa hình quốc gia tỷ lệ 1:25.000"
    parsed = parse_document([DECISION_PAGE.replace(_TITLE, title.replace(" 1:25", "\n1:25"))])
    assert parsed.document.subject == title


@pytest.mark.parametrize("speck", [": –", " —", ": -", ": - |"])
def test_specks_after_the_issuing_bodys_line_are_no_part_of_it(speck):
    parsed = parse_document([DECISION_PAGE.replace("TỈNH QUẢNG NGÃI\n", f"TỈNH QUẢNG NGÃI{speck}\n")])
    assert parsed.document.issuing_body == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"


@pytest.mark.parametrize("lines, subject", [
    # a blank line OCR put before the place a title line's level word wants
    ("Về việc xóa nhà tạm của thị xã\n\nBỉm Sơn giai đoạn 2018 - 2020",
     "Về việc xóa nhà tạm của thị xã Bỉm Sơn giai đoạn 2018 - 2020"),
    ("Về công tác cải cách hành chính trên địa bàn tỉnh\n\nQuảng Ngãi năm 2025",
     "Về công tác cải cách hành chính trên địa bàn tỉnh Quảng Ngãi năm 2025"),
    ("Về việc tổ chức hội nghị sơ kết công tác quản lý trật\n\ntự xây dựng đô thị",  # trật tự (order), cut
     "Về việc tổ chức hội nghị sơ kết công tác quản lý trật tự xây dựng đô thị"),
    ("Về việc ban hành Kế hoạch giải ngân vốn đầu tư công giai đoạn 2023 - .\n2028",  # a stop after a span's dash
     "Về việc ban hành Kế hoạch giải ngân vốn đầu tư công giai đoạn 2023 - 2028"),
    ("Về việc ban hành Kế hoạch giải ngân vốn đầu tư công\n\nnăm 2020",  # the year on a line of its own
     "Về việc ban hành Kế hoạch giải ngân vốn đầu tư công năm 2020"),
    ("Tình hình chương trình mục tiêu quốc gia xây dựng.\n_ nông thôn mới của tỉnh Bắc Giang",  # specks both ends
     "Tình hình chương trình mục tiêu quốc gia xây dựng nông thôn mới của tỉnh Bắc Giang"),
    # a speck read as a stop after giai, and as a dash before đoạn
    ("Về việc tuyển sinh vào lớp 10 giai.\n- đoạn 2016 - 2020", "Về việc tuyển sinh vào lớp 10 giai đoạn 2016 - 2020"),
    # a stop after a cut word, a blank and a bar read on a line of its own before the rest in lower case
    ("Về việc phê duyệt kinh phí sắp xếp đơn.\n\n|\n\nvị hành chính cấp xã năm 2025",
     "Về việc phê duyệt kinh phí sắp xếp đơn vị hành chính cấp xã năm 2025"),
])
def test_a_title_line_that_wants_its_next_word_goes_on_past_a_gap(lines, subject):
    parsed = parse_document([DECISION_PAGE.replace(_TITLE, lines)])
    assert parsed.document.subject == subject


def test_a_title_on_the_provinces_ground_ends_before_the_body():
    """``trên địa bàn tỉnh`` (in the province) may end a title: the body's first line after a gap is no place."""
    parsed = parse_document([DECISION_PAGE.replace(_TITLE, "Về công tác cải cách hành chính trên địa bàn tỉnh\n")])
    assert parsed.document.subject == "Về công tác cải cách hành chính trên địa bàn tỉnh"


@pytest.mark.parametrize("raw, fixed", [
    ("Về việc chi trả tại tỉnh Lâm Đồng -", "Về việc chi trả tại tỉnh Lâm Đồng"),  # a speck read as a dash at its end
    ("Về việc chi trả tại tỉnh ThanhHóa", "Về việc chi trả tại tỉnh Thanh Hóa"),  # a name's space lost
    ("Kế hoạch của UBND TP.HCM", "Kế hoạch của UBND TP.HCM"),
])
def test_a_titles_end_dash_and_a_run_together_name(raw, fixed):
    assert header._fix_subject(raw) == fixed


def test_the_title_after_a_date_line_in_pieces_is_found():
    """The date line's words on lines of their own (its day and month blank): no body opener (``năm 2021``)."""
    page = DECISION_PAGE.replace("Quảng Ngãi, ngày 20 tháng 3 năm 2025", "Quảng Ngãi, ngày\ntháng\nnăm 2025")
    parsed = parse_document([page])
    assert parsed.document.type == "Quyết định"
    assert parsed.document.subject == _TITLE


def test_a_title_ends_before_the_body_opening_after_a_speck_and_a_gap():
    title = "Thực hiện công tác bảo vệ môi trường tại các khu công\n\nnghiệp của tỉnh Quảng Ngãi năm 2025"
    page = DECISION_PAGE.replace(_TITLE, title + "\n\n_ Thực hiện chương trình công tác năm, cơ quan ban hành Kế")
    assert parse_document([page]).document.subject == title.replace("\n\n", " ")


def test_the_date_lines_year_read_after_the_type_line_does_not_open_the_subject():
    page = DECISION_PAGE.replace("Quảng Ngãi, ngày 20 tháng 3 năm 2025\nQUYẾT ĐỊNH\n",
                                 "Quảng Ngãi, ngày 20 tháng 3\nQUYẾT ĐỊNH\n|\nnăm 2025\n=.\n. ")
    assert page != DECISION_PAGE
    parsed = parse_document([page])
    assert parsed.document.subject == _TITLE
    assert parsed.document.issue_date == dt.date(2025, 3, 20)


def test_no_code_without_a_type_abbreviation_when_its_punctuation_is_lost():
    assert parse_code("3487UBNDNNTN") is None  # which letters are whose is unknown


def test_an_h_read_as_two_is_in_a_type_abbreviation():
    from pipeline.parse.codes import repair_symbol

    assert repair_symbol("KII-UBND", "KH") == "KH-UBND"
    assert repair_symbol("UBND-KII", "KH") == "UBND-KII"


@pytest.mark.parametrize("printed, snapped", [
    ("LINH HẬU GIANG", "TỈNH HẬU GIANG"),  # a level word one letter off before a province
    ("ỦY B NHÂN DÂN LÏNH LẠNG SƠN", "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"),  # and a phrase's word cut short
    ("LINH TRUNG", "LINH TRUNG"),  # no place after it
    ("BẠN THI ĐUA - KHEN THƯỞNG", "BAN THI ĐUA - KHEN THƯỞNG"),  # a head word's mark misread
    ("SƠ GIAO THÔNG VẬN TẢI", "SỞ GIAO THÔNG VẬN TẢI"),
    ("ỦY BAN NHÂN", "ỦY BAN NHÂN"),  # (a phrase's last words missing is no cut word)
    ("NH NINH THUẬN", "TỈNH NINH THUẬN"),  # the level word's first letters lost
    ("YÊN BÁI", "YÊN BÁI"),  # (a syllable that ends a level word's letters is a name's own)
    ("ỦY BAN NHÂN DÂN HUYỆN GIA VIšN", "ỦY BAN NHÂN DÂN HUYỆN GIA VIỄN"),  # a letter Vietnamese has none of
    ("ỦY BAN NHÂN DÂN TỈNH SƠN IA", "ỦY BAN NHÂN DÂN TỈNH SƠN LA"),  # a bold capital L read as I
    ("ỦY BAN NHÂN DÂN HUYỆN IA GRAI", "ỦY BAN NHÂN DÂN HUYỆN IA GRAI"),  # (a district's own Ia)
    # a province of four words and a dash: its slips, a speck inside it, its dash lost at a line's end
    ("ỦY BAN NHÂN DÂN TINH BÀ RỊA - VỮNG TÀU", "ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU"),
    ("TỈNH BÀ RỊA - 'VŨNG TÀU", "TỈNH BÀ RỊA - VŨNG TÀU"),
    ("TỈNH BÀ RỊA VŨNG TÀU", "TỈNH BÀ RỊA - VŨNG TÀU"),
])
def test_body_line_slips(printed, snapped):
    from pipeline.parse.normal import snap_caps

    assert snap_caps(printed) == snapped


def test_a_code_and_body_read_past_header_slips():
    """``§ố`` for Số; the level word read LINH under the committee's line; the national name's VIỆT NAM wrapped
    under the body, its first words cut short; the Số line run into the date line."""
    page = ("ỦY BAN NHÂN DÂN\n'LINH HẬU GIANG CỘNG HÒA XÃ HỆ\nVIỆT NAM\n"
            "_§ố:176CTUBND Vị Thanh, ngày 13 tháng 10 năm 2025\nCHỈ THỊ\nVề việc tăng cường công tác phòng cháy\n\n"
            "Thời gian qua, công tác phòng cháy đã đạt nhiều kết quả.\n")
    parsed = parse_document([page])
    assert parsed.document.code == "176/CT-UBND"
    assert parsed.document.place == "Vị Thanh"
    assert "document.code" in parsed.review
    assert parsed.document.issuing_body == "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG"


def test_garbled_title_words_are_read_from_the_body_that_repeats_them():
    from pipeline.parse.lines import split_pages

    body = split_pages(["Để tăng cường công tác quản lý trật tự xây dựng, UBND tỉnh yêu cầu các sở, ngành "
                        "thực hiện tốt công tác tuyển sinh vào lớp 10 trung học phổ thông của tỉnh."])
    assert header.mend_from_body("Về việc 2b, cường công tác quản lý trật tự xây dựng", body) == \
        "Về việc tăng cường công tác quản lý trật tự xây dựng"  # the words after the run, and the one before them
    assert header.mend_from_body("tuyển sinh vào lớp 10 trung học h ĐIP. thông của tỉnh", body) == \
        "tuyển sinh vào lớp 10 trung học phổ thông của tỉnh"  # the words on both sides
    # the body writes other words there, or none: kept
    other = split_pages(["tăng cường công tác quản lý. Đẩy mạnh cường công tác quản lý"])
    assert header.mend_from_body("Về việc 2b, cường công tác quản lý", other) == "Về việc 2b, cường công tác quản lý"
    assert header.mend_from_body("Về việc 2b, cường công tác quản lý", split_pages(["Căn cứ Luật"])) == \
        "Về việc 2b, cường công tác quản lý"


def test_a_plans_subject_takes_its_bodys_spelling_of_a_garbled_word():
    """Điều 1 (Article 1) names the plan again: ``Kế hoạch cải cách hành chính năm 2025``."""
    page = DECISION_PAGE.replace(_TITLE, "Về việc ban hành Kế hoạch cải cách hành 2hírth năm 2025")
    assert parse_document([page], ocr_text=True).document.subject == _TITLE
    assert parse_document([page]).document.subject != _TITLE  # (a clean text's title is kept as printed)


def test_a_body_line_after_a_dash_and_underscore_speck_is_a_body_of_its_own_and_a_sign_at_its_end_goes():
    page = DECISION_PAGE.replace("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI", "UBND TỈNH PHÚ THỌ .\n—_ BAN QUẢN LÝ\n"
                                 "CÁC KHU CÔNG NGHIỆP ¬").replace("12/QĐ-UBND", "12/QĐ-BQLKCN").replace(
                                     "Quảng Ngãi, ngày", "Phú Thọ, ngày")
    parsed = parse_document([page], ocr_text=True)
    assert parsed.document.issuing_body == "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP"
    assert parsed.document.parent_body == "UBND TỈNH PHÚ THỌ"


def test_a_month_that_does_not_fit_the_esignature_takes_its_month_listed():
    """Signed on 17 January 2025 (ESIGN): a day 02 read with the month 8 (a handwritten 1) is 2 January (2 December
    lies past the window), listed."""
    page = ESIGN.format(number="660", day="02").replace("tháng 12 năm 2024", "tháng 8 năm 2025")
    parsed = parse_document([page])
    assert parsed.document.issue_date == dt.date(2025, 1, 2)
    assert "document.issue_date" in parsed.review


@pytest.mark.parametrize("lines, body", [
    (["SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"], "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),  # a dash alone is the name's
    (["SỞ VĂN HÓA, THỂ THAO", "VÀ DU LỊCH"], "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"),
    (["SỞ NÔNG NGHIỆP VÀ", "PHÁT TRIỂN NÔNG THÔN ¬"], "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"),
])
def test_a_departments_two_lines_keep_its_own_signs(lines, body):
    page = DECISION_PAGE.replace("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI", "\n".join(["UBND TỈNH ĐẮK LẮK", *lines])).replace(
        "Quảng Ngãi, ngày", "Đắk Lắk, ngày")
    parsed = parse_document([page], ocr_text=True)
    assert parsed.document.issuing_body == body and parsed.document.parent_body == "UBND TỈNH ĐẮK LẮK"


@pytest.mark.parametrize("title, subject", [
    # a comma read as a semicolon at a title line's end: the title goes on in lower case
    ("Về việc bảo đảm trật tự;\nan toàn giao thông năm 2025",
     "Về việc bảo đảm trật tự, an toàn giao thông năm 2025"),
    # a semicolon before a capital (the preamble's opening) still ends the title
    ("Về việc ban hành Kế hoạch cải cách hành chính năm 2025;\nCăn cứ Nghị định số 30/2020/NĐ-CP;",
     "Về việc ban hành Kế hoạch cải cách hành chính năm 2025"),
])
def test_a_title_line_ending_on_a_semicolon(title, subject):
    page = DECISION_PAGE.replace("Về việc ban hành Kế hoạch cải cách hành chính năm 2025", title)
    assert parse_document([page], ocr_text=True).document.subject == subject


def test_a_colon_apart_from_a_title_words_end_is_a_speck_when_the_title_goes_on():
    title = "Về việc triển khai công tác bảo đảm trật tự, an toàn :\nHINH thông trên địa bàn huyện Chiêm Hóa"
    parsed = parse_document([DECISION_PAGE.replace(_TITLE, title)])
    assert parsed.document.subject.endswith("trên địa bàn huyện Chiêm Hóa")
    assert "document.subject" in parsed.review  # (HINH: a word in capitals amid lower-case ones)


def test_a_word_no_neighbour_pairs_with_is_read_from_its_context_and_listed():
    page = DECISION_PAGE.replace(_TITLE, "Thực hiện công tác quản lý trật tự xây dựng đô thị trên la bàn tỉnh "
                                         "Quảng Ngãi năm 2025")
    parsed = parse_document([page], ocr_text=True)
    assert "trên địa bàn tỉnh Quảng Ngãi" in parsed.document.subject
    assert "document.subject" in parsed.review


def test_a_place_the_document_prints_twice_keeps_its_spelling_over_the_gazetteers():
    """The gazetteer's data spells Mù Căng Chải; the district prints Mù Cang Chải in its header and date line."""
    page = DECISION_PAGE.replace("TỈNH QUẢNG NGÃI", "HUYỆN MÙ CANG CHẢI").replace(
        "Quảng Ngãi, ngày", "Mù Cang Chải, ngày").replace(_TITLE, "Về việc cải cách hành chính trên địa bàn huyện Mù "
                                                                  "Cang Chải năm 2025")
    parsed = parse_document([page])
    doc = parsed.document
    assert (doc.place, doc.issuing_body) == ("Mù Cang Chải", "ỦY BAN NHÂN DÂN HUYỆN MÙ CANG CHẢI")
    assert doc.subject.endswith("huyện Mù Cang Chải năm 2025")
    assert "document.place" in parsed.review  # (the gazetteer disagrees: listed)
    # read once only (the header's, the date line's slipped), the gazetteer's spelling stands
    slipped = page.replace("Mù Cang Chải, ngày", "Mù Cáng Chải, ngày")
    assert parse_document([slipped]).document.place == "Mù Căng Chải"


def test_a_province_whose_name_holds_a_dash_is_read_whole_in_the_date_line_and_the_title():
    page = DECISION_PAGE.replace("TỈNH QUẢNG NGÃI", "TỈNH BÀ RỊA -\nVŨNG TÀU").replace(
        "Quảng Ngãi, ngày", "Bà Rịa - Vũng Tàu, ngày").replace(
        _TITLE, "Về việc cải cách hành chính trên địa bàn tỉnh Bà Rịa - Vũng Tàu năm 2025")
    doc = parse_document([page], ocr_text=True).document
    assert (doc.place, doc.issuing_body) == ("Bà Rịa - Vũng Tàu", "ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU")
    assert doc.subject == "Về việc cải cách hành chính trên địa bàn tỉnh Bà Rịa - Vũng Tàu năm 2025"


def test_a_districts_name_whose_first_word_ocr_lost_in_the_title_is_the_bodys():
    page = DECISION_PAGE.replace("TỈNH QUẢNG NGÃI", "HUYỆN YÊN THẾ").replace("Quảng Ngãi, ngày", "Yên Thế, ngày")
    for title in ("Về việc cải cách hành chính của huyện = Thế", "Về việc cải cách hành chính của huyện Thế"):
        assert parse_document([page.replace(_TITLE, title)], ocr_text=True).document.subject == \
            "Về việc cải cách hành chính của huyện Yên Thế"
    other = "Về việc cải cách hành chính của huyện Bình Thế"  # (another first word: kept)
    assert parse_document([page.replace(_TITLE, other)], ocr_text=True).document.subject == other


def test_a_titles_first_two_words_are_weighed_as_a_pair_in_lower_case():
    page = DECISION_PAGE.replace(_TITLE, "Thực biện công tác phòng, chống tác hại của thuốc lá năm 2025")
    assert parse_document([page], ocr_text=True).document.subject.startswith("Thực hiện công tác")


def test_an_opening_curly_quote_that_closes_nothing_is_a_speck():
    page = DECISION_PAGE.replace(_TITLE, "“Về việc ban hành Kế hoạch cải cách hành chính năm 2025")
    assert parse_document([page], ocr_text=True).document.subject == _TITLE
    quoted = "“Tháng hành động vì an toàn thực phẩm” năm 2025"
    assert parse_document([DECISION_PAGE.replace(_TITLE, quoted)]).document.subject == quoted


def test_an_e_signature_label_run_into_the_titles_end_is_no_part_of_it():
    page = DECISION_PAGE.replace(_TITLE, "Về việc ban hành Kế hoạch cải cách hành chính năm 2025 Thöïgianký:14082017077")
    assert parse_document([page], ocr_text=True).document.subject == _TITLE


@pytest.mark.parametrize("line", ['" _— Sế: 378/TB-UBND', "ˆ Số: 316/TB-BTĐKT", "x Số: 316/TB-BTĐKT",
                                  "s _— Số: 270/BC-UBND.", "s. Số: 872/IUBND-NC `", "_—_ __ Số: 269/TB-UBND",
                                  '—.._" – Số: 218/KH-UBND.', "Sa: 25/QĐ-BQLKKT", '"7 Số: LÍ 177/TTr-TTPVHCC'])
def test_a_so_line_past_specks_before_it_and_with_its_o_read_e(line):
    from pipeline.parse.lines import split_pages

    assert header.find_so(split_pages([line])[0]) is not None
    assert header.find_so(split_pages(["Sẽ tổ chức 12 lớp tập huấn"])[0]) is None
    assert header.find_so(split_pages(["7 Số lượng: 12 người"])[0]) is None  # a digit alone is no speck
