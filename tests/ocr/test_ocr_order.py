"""Reading order: the two columns of a Decree-30 header come out as separate lines, left block first."""

from pipeline.ocr.layout import order_lines, page_from_tesseract
from pipeline.types import OcrLine, OcrWord

WIDTH = 2480  # A4 at 300 dpi


def line(y, *spans):
    """spans: (x0, text) pairs; each word is 20 px per character, 40 px high."""
    words = []
    for x0, text in spans:
        x = x0
        for token in text.split():
            words.append(OcrWord(token, 0.9, (x, y, x + 20 * len(token), y + 40)))
            x += 20 * len(token) + 15
    return OcrLine(words)


def texts(lines):
    return [l.text for l in lines]


def test_merged_header_line_is_split_and_columns_ordered():
    lines = [
        line(100, (300, "UBND TỈNH BẮC GIANG"), (1200, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")),
        line(150, (250, "LIÊN HIỆP CÁC HỘI KH&KT"), (1400, "Độc lập - Tự do - Hạnh phúc")),
        line(230, (330, "Số: 58/KH-LHH"), (1250, "Bắc Giang, ngày 30 tháng 01 năm 2024")),
        line(350, (1000, "KẾ HOẠCH")),
        line(420, (400, "Thực hiện phong trào thi đua năm 2024 của toàn thể cơ quan Liên hiệp hội")),
    ]
    assert texts(order_lines(lines, WIDTH)) == [
        "UBND TỈNH BẮC GIANG",
        "LIÊN HIỆP CÁC HỘI KH&KT",
        "Số: 58/KH-LHH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Bắc Giang, ngày 30 tháng 01 năm 2024",
        "KẾ HOẠCH",
        "Thực hiện phong trào thi đua năm 2024 của toàn thể cơ quan Liên hiệp hội",
    ]


def test_signature_block_reads_recipients_before_signer():
    lines = [
        line(3000, (300, "Giao Văn phòng theo dõi, đôn đốc thực hiện kế hoạch và báo cáo kết quả thực hiện")),
        line(3100, (300, "Nơi nhận:"), (1500, "TM. BAN THƯỜNG VỤ")),
        line(3150, (300, "- HĐTĐKT tỉnh;"), (1600, "PHÓ CHỦ TỊCH")),
        line(3200, (300, "- Lưu: VT, HĐTĐ.")),
        line(3400, (1600, "Nguyễn Hồng Sơn")),
    ]
    assert texts(order_lines(lines, WIDTH)) == [
        "Giao Văn phòng theo dõi, đôn đốc thực hiện kế hoạch và báo cáo kết quả thực hiện",
        "Nơi nhận:",
        "- HĐTĐKT tỉnh;",
        "- Lưu: VT, HĐTĐ.",
        "TM. BAN THƯỜNG VỤ",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Hồng Sơn",
    ]


def test_one_column_text_keeps_its_order():
    lines = [line(100 + 50 * i, (300, f"dòng số {i} của văn bản một cột rất dài trải ngang trang giấy")) for i in range(5)]
    assert texts(order_lines(list(reversed(lines)), WIDTH)) == texts(lines)


def test_page_from_tesseract_table():
    data = {
        "level": [1, 5, 5, 5],
        "page_num": [1, 1, 1, 1], "block_num": [0, 1, 1, 1], "par_num": [0, 1, 1, 1], "line_num": [0, 1, 1, 2],
        "word_num": [0, 1, 2, 1],
        "left": [0, 100, 260, 100], "top": [0, 100, 100, 160], "width": [2480, 150, 120, 200],
        "height": [3508, 40, 40, 40], "conf": [-1, 96.0, 88.5, -1], "text": ["", "Kế", "hoạch", " "],
    }
    page = page_from_tesseract(data, 1)
    assert (page.width, page.height) == (2480, 3508)
    assert page.text == "Kế hoạch"
    assert [round(w.confidence, 3) for w in page.words] == [0.96, 0.885]


def test_a_letter_or_digit_far_shorter_than_its_lines_words_is_a_speck():
    # a 4 three pixels tall under the typed day (``ngày 04 4 tháng``); a stop as short stays
    words = [("ngày", 1475, 426, 134, 60), ("04", 1629, 450, 65, 62), ("4", 1665, 541, 4, 3),
             ("tháng", 1725, 440, 168, 60), (".", 1900, 495, 4, 4)]
    n = len(words) + 1
    data = {
        "level": [1] + [5] * len(words), "page_num": [1] * n, "block_num": [0] + [1] * len(words),
        "par_num": [0] + [1] * len(words), "line_num": [0] + [1] * len(words), "word_num": list(range(n)),
        "left": [0] + [w[1] for w in words], "top": [0] + [w[2] for w in words],
        "width": [2480] + [w[3] for w in words], "height": [3508] + [w[4] for w in words],
        "conf": [-1] + [90.0] * len(words), "text": [""] + [w[0] for w in words],
    }
    assert page_from_tesseract(data, 1).text == "ngày 04 tháng ."
    # a real word Tesseract gave a box 2 pixels tall, but as wide as a word, stays
    data["height"][3], data["width"][3] = 2, 86
    assert page_from_tesseract(data, 1).text == "ngày 04 4 tháng ."


def test_an_underscore_glued_to_a_words_letter_is_a_speck():
    data = {
        "level": [1, 5, 5, 5], "page_num": [1] * 4, "block_num": [0, 1, 1, 1], "par_num": [0, 1, 1, 1],
        "line_num": [0, 1, 1, 1], "word_num": [0, 1, 2, 3], "left": [0, 100, 400, 570], "top": [0, 100, 100, 100],
        "width": [2480, 280, 150, 300], "height": [3508, 50, 50, 50], "conf": [-1, 90.0, 90.0, 90.0],
        "text": ["", "_ỦYBANNHÂN", "DÂN_", "____/QĐ-UBND"],
    }
    # (a form's blank before the slash stays)
    assert page_from_tesseract(data, 1).text == "ỦYBANNHÂN DÂN ____/QĐ-UBND"


def test_a_v_v_subject_line_ending_past_the_gutter_stays_in_the_left_column():
    # the gutter lies midway between ỦY BAN NHÂN DÂN and CỘNG HÒA (x ≈ 760); the subject's first and last lines
    # run a little past it, yet they are left-column lines and are read in order under the Số line
    lines = [
        line(100, (300, "ỦY BAN NHÂN DÂN"), (900, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")),
        line(150, (300, "TỈNH QUẢNG NGÃI"), (1000, "Độc lập - Tự do - Hạnh phúc")),
        line(230, (330, "Số: 53/UBND-TH"), (1000, "Quảng Ngãi, ngày 06 tháng 9 năm 2025")),
        line(290, (185, "V/v đôn đốc thực hiện công tác")),  # ends at x 755
        line(340, (200, "bảo vệ môi trường tại")),
        line(390, (295, "các khu công nghiệp tỉnh")),  # ends at x 755
        line(470, (800, "Kính gửi: Các Sở, ban, ngành tỉnh")),
    ]
    out = texts(order_lines(lines, WIDTH))
    assert out[:6] == ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: 53/UBND-TH", "V/v đôn đốc thực hiện công tác",
                       "bảo vệ môi trường tại", "các khu công nghiệp tỉnh"]


def test_a_left_lines_end_a_little_past_the_gutter_does_not_end_the_header_zone():
    # the subject's third line ends in a stroke OCR read as ``-:`` past the gutter (x ≈ 740): its text keeps to the
    # left column, so it is read with the subject's first lines and not after the date line; so does its second,
    # whose last word ends 53 px (1.3 line heights) past the gutter
    lines = [
        line(100, (300, "ỦY BAN NHÂN DÂN"), (900, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")),
        line(150, (300, "TỈNH SƠN LA"), (1000, "Độc lập - Tự do - Hạnh phúc")),
        line(230, (330, "Số: 51/UBND-NC"), (1000, "Sơn La, ngày 04 tháng 6 năm 2024")),
        line(290, (185, "V/v tăng cường công tác")),
        line(340, (390, "phòng cháy, chữa cháy")),
        line(390, (160, "trong mùa khô trên địa bàn"), (730, "-:")),  # the stroke ends at x 770
        line(440, (300, "tỉnh Sơn La")),
        line(520, (800, "Kính gửi: Các Sở, ban, ngành tỉnh")),
    ]
    out = texts(order_lines(lines, WIDTH))
    assert out[2:7] == ["Số: 51/UBND-NC", "V/v tăng cường công tác", "phòng cháy, chữa cháy",
                        "trong mùa khô trên địa bàn -:", "tỉnh Sơn La"]
