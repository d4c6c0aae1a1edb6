"""A body's name set over two lines with a comma between, a body name misread where the gazetteer cannot say, the
e-signature's spelling of it, and a date line OCR cut into two lines at the handwritten day."""
from __future__ import annotations

import pytest

from pipeline.parse import header, parse_document
from pipeline.parse.normal import normal_case
from pipeline.parse.review import body_doubt


def _page(body_lines: list[str], date_lines: list[str], extra: list[str] = ()) -> str:
    return "\n".join([
        "UBND TỈNH LONG AN", *body_lines, "Số: 263/KH-TTXT", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", *date_lines, "", "KẾ HOẠCH",
        "Thực hiện công tác chuyển đổi số tại tỉnh Long An", "",
        "Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, đơn vị xây dựng kế hoạch như sau:", *extra,
    ])


TWO_LINES = ["TRUNG TÂM XÚC TIẾN ĐẦU TƯ,", "THƯƠNG MẠI VÀ DU LỊCH"]
DATE = ["Long An, ngày 24 tháng 5 năm 2025"]


@pytest.mark.parametrize("first", ["TRUNG TÂM XÚC TIẾN ĐẦU TƯ,", "TRUNG TÂM XÚC TIẾN ĐẦU TƯ, .",
                                   "TRUNG TÂM XÚC TIẾN ĐẦU TƯ;"])  # specks after it; the comma read as a semicolon
def test_a_comma_ending_a_body_line_is_the_names_own(first):
    parsed = parse_document([_page([first, TWO_LINES[1]], DATE)])
    assert parsed.document.issuing_body == "TRUNG TÂM XÚC TIẾN ĐẦU TƯ, THƯƠNG MẠI VÀ DU LỊCH"
    assert "document.issuing_body" not in parsed.review


def test_a_comma_before_the_level_word_is_a_speck():
    parsed = parse_document([_page(["ỦY BAN NHÂN DÂN,", "HUYỆN CẦN GIUỘC"], ["Cần Giuộc, ngày 24 tháng 5 năm 2025"])])
    assert parsed.document.issuing_body == "ỦY BAN NHÂN DÂN HUYỆN CẦN GIUỘC"


def test_a_body_whose_last_line_ends_on_a_comma_lost_a_line():
    parsed = parse_document([_page(TWO_LINES[:1], DATE)])
    assert parsed.document.issuing_body == "TRUNG TÂM XÚC TIẾN ĐẦU TƯ"
    assert "document.issuing_body" in parsed.review
    assert any(header.BODY_CUT_AT_COMMA in w for w in parsed.warnings)


@pytest.mark.parametrize("read, why", [
    ("CHI CỤC CHĂN NUÔI VAI HUY", "pairs"),  # và thú y: two pairs the corpus never writes
    ("CHI CỤC CHĂN NUÔI VÀ THÚ VY", "never uses"),  # a syllable the corpus has not
    ("BAN QUẢN LÝ DỊ 1ÍCH", "letters and digits"),
    ("VĂN PHÒNG ĐIỂU PHÔI NÔNG THÔN MỚI", "pairs"),
])
def test_a_body_name_the_gazetteer_lacks_is_doubted_when_its_words_are_garbled(read, why):
    assert why in (body_doubt(read) or "")


@pytest.mark.parametrize("name", [
    "VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI",  # one pair the corpus never writes (phối nông) is not enough
    "CHI CỤC CHĂN NUÔI VÀ THÚ Y", "BAN QUẢN LÝ DI TÍCH", "TRUNG TÂM XÚC TIẾN ĐẦU TƯ, THƯƠNG MẠI VÀ DU LỊCH",
    "ỦY BAN NHÂN DÂN HUYỆN ĐẮK GLONG",  # a place's name is not asked for its pairs
])
def test_a_body_name_of_real_words_is_not_doubted(name):
    assert body_doubt(name) is None


def test_the_e_signatures_spelling_of_a_misread_body_name_is_taken():
    esign = ["Ký bởi: Chi cục Chăn nuôi và Thú y", "Email: cccnty@longan.gov.vn", "Cơ quan: Tỉnh Long An",
             "Thời gian ký: 26.05.2025 18:11:47 +07:00"]
    parsed = parse_document(["\n".join(esign) + "\n" + _page(["CHI CỤC CHĂN NUÔI", "VÀ THÚ VY"], DATE)])
    assert parsed.document.issuing_body == "CHI CỤC CHĂN NUÔI VÀ THÚ Y"
    assert parsed.document.issuing_body_normal == "Chi cục Chăn nuôi và Thú y"
    assert any("e-signature names it" in w for w in parsed.warnings)
    # a body read clean keeps its own reading
    clean = parse_document(["\n".join(esign) + "\n" + _page(["CHI CỤC CHĂN NUÔI", "VÀ THÚ Y"], DATE)])
    assert not any("e-signature names it" in w for w in clean.warnings)


def test_dau_tu_is_no_abbreviation():
    assert normal_case("SỞ KẾ HOẠCH VÀ ĐẦU TƯ") == "Sở Kế hoạch và Đầu tư"
    assert normal_case("TRUNG TÂM XÚC TIẾN ĐẦU TƯ, THƯƠNG MẠI") == "Trung tâm xúc tiến đầu tư, thương mại"
    assert normal_case("BAN CHỈ ĐẠO TƯ") == "Ban Chỉ đạo TƯ"  # Trung ương


def test_a_date_line_cut_at_the_day_with_its_right_half_first():
    """OCR set the row's right half (``tháng 4 năm 2025``) before its left (``Long An, ngày 04``)."""
    parsed = parse_document([_page(TWO_LINES, ["tháng 4 năm 2025", "Long An, ngày 04"])])
    assert str(parsed.document.issue_date) == "2025-04-04"
    assert parsed.document.place == "Long An"
    assert "document.issue_date" in parsed.review  # read from two lines: listed


def test_a_title_line_of_a_word_beside_a_speck_is_no_debris():
    assert not header._debris("đôth `")
    assert header._debris("k¿") and header._debris("na ==+") and header._debris("wmwm `")


def test_a_dash_between_a_number_and_a_lower_case_word_is_a_speck():
    from pipeline.parse.lines import Line

    lines = [Line(1, 1, "Về việc triển khai công tác tuyển sinh vào lớp 10."), Line(1, 2, "- trung học phổ thông")]
    assert header._read_subject(lines, 0.85, True)[0] == \
        "Về việc triển khai công tác tuyển sinh vào lớp 10 trung học phổ thông"
    span = [Line(1, 1, "Thực hiện công tác giai đoạn 2020"), Line(1, 2, "- 2025 tại tỉnh Tây Ninh")]
    assert header._read_subject(span, 0.85, True)[0] == "Thực hiện công tác giai đoạn 2020 - 2025 tại tỉnh Tây Ninh"


def test_a_lone_single_quote_before_a_title_word_is_a_speck():
    assert header._fix_subject("Đề nghị thông qua 'Đề án về công tác") == "Đề nghị thông qua Đề án về công tác"
    quoted = "Về việc phê duyệt Đề án 'Phát triển du lịch' năm 2020"
    assert header._fix_subject(quoted) == quoted


def test_a_misread_body_name_does_not_repair_the_symbol():
    from pipeline.parse.codes import repair_issuer_segment

    assert repair_issuer_segment("QĐ-CCCNTY", "CHI CỤC CHĂN NUÔI VÀ THÚ VY") == "QĐ-CCCNTY"  # (vy: no syllable)
    assert repair_issuer_segment("TT-BGIVT", "BỘ GIAO THÔNG VẬN TẢI") == "TT-BGTVT"


@pytest.mark.parametrize("read, subject", [
    # the e-signature's time line run into the title, its clock time lost
    ("V/v công tác an toàn giao thông của huyện Phước Long gian ký; 22.06.202 2 23",
     "V/v công tác an toàn giao thông của huyện Phước Long"),
    ("Quy định thời gian ký kết hợp đồng lao động", "Quy định thời gian ký kết hợp đồng lao động"),
    ("V/v triển khai công tác phòng,:chống dịch bệnh", "V/v triển khai công tác phòng, chống dịch bệnh"),
    ("Thực hiện công tác phòng, chống tác hại của thuốc lá giai đoạn 2021 2026",
     "Thực hiện công tác phòng, chống tác hại của thuốc lá giai đoạn 2021 - 2026"),
])
def test_title_slips(read, subject):
    assert header._fix_subject(read) == subject


def test_a_title_opening_on_viec_lost_its_ve_and_is_listed():
    from pipeline.parse.lines import Line

    subject, confidence, notes = header._read_subject([Line(1, 1, "việc tăng cường công tác phòng, chống dịch")],
                                                      0.85, True)
    assert subject == "Về việc tăng cường công tác phòng, chống dịch" and confidence < 0.8 and notes


def test_a_titles_cut_last_word_is_completed_as_the_corpus_ends_the_phrase_and_listed():
    from pipeline.parse.lines import Line
    from pipeline.restore import shipped_model
    from pipeline.restore.slips import complete_cut_end

    model = shipped_model()
    assert complete_cut_end(model, "quản lý trật tự xây dựng đôth".split()) == ("đôth", "đô thị")
    assert complete_cut_end(model, "chữa cháy trong mùa kh".split()) == ("kh", "khô")
    assert complete_cut_end(model, "tại các khu công ngh".split()) is None  # nghiệp or nghệ: no completion
    assert complete_cut_end(model, "trên địa bàn tỉnh Bắc Kạn".split()) is None
    lines = [Line(1, 1, "Về việc triển khai công tác quản lý trật tự xây dựng"), Line(1, 2, "đôth `")]
    subject, confidence, notes = header._read_subject(lines, 0.85, True)
    assert subject.endswith("xây dựng đô thị") and confidence < 0.8 and notes
