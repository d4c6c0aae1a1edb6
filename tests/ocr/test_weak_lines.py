"""Header lines with an unsure word, read again on their own (pipeline/ocr/weak_lines.py)."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.ocr.weak_lines import line_crop, merged, reread_weak_lines, same_line
from pipeline.types import OcrLine, OcrPage, OcrWord

WIDTH, HEIGHT = 2480, 3508  # an A4 page at 300 dpi


def _line(text: str, y: int, confidences: dict[str, float] | None = None, x: int = 600) -> OcrLine:
    words, cursor = [], x
    for word in text.split():
        width = 30 * len(word)
        words.append(OcrWord(word, (confidences or {}).get(word, 0.95), (cursor, y, cursor + width, y + 60)))
        cursor += width + 20
    return OcrLine(words, paragraph=(2, 1))


PAPER = Image.new("L", (WIDTH, HEIGHT), 255)


def _reader(text: str, confidence: float = 0.94, specks: dict[str, float] | None = None):
    """A crop reader that reads ``text`` (one word per word) in any crop, and records the crops' sizes."""
    asked = []

    def read_crop(crop):
        asked.append(crop.size)
        return [OcrWord(w.text, (specks or {}).get(w.text, confidence), w.box) for w in _line(text, 10, x=10).words]

    read_crop.asked = asked
    return read_crop


def _words(line: OcrLine) -> list[str]:
    return [w.text for w in line.words]


def test_a_garbled_title_word_takes_the_sure_re_read():
    title = _line("HINH thông trên địa bàn huyện Chiêm Hóa", 700, {"HINH": 0.53})
    page = OcrPage(1, WIDTH, HEIGHT, lines=[_line("QUYẾT ĐỊNH", 550), title])
    read_crop = _reader("_ giao thông trên địa bàn huyện Chiêm Hóa F", specks={"F": 0.6})
    assert reread_weak_lines(page, PAPER, read_crop) == 1
    assert _words(page.lines[1]) == ["giao", "thông", "trên", "địa", "bàn", "huyện", "Chiêm", "Hóa"]
    # the word the two readings disagree on stays in doubt; the words they agree on are as sure as the surer
    assert page.lines[1].words[0].confidence == 0.45 and page.lines[1].words[1].confidence == 0.95
    assert len(read_crop.asked) == 1  # the sure heading is not read again
    x0, y0, x1, y1 = title.box
    # a text height wider at each end; the words' rows, reaching 0.15 of a text height beyond them; a margin
    assert read_crop.asked[0] == (x1 - x0 + 2 * 60, 60 + 2 * 9 + 2 * 30)
    assert page.lines[1].words[0].box[0] > x0 - 60  # the words are put back in page coordinates
    assert "read again" in page.warnings[0]


def test_a_re_read_of_another_line_or_other_digits_is_refused():
    # a crop that took in a neighbour reads other words: the first reading stays
    page = OcrPage(1, WIDTH, HEIGHT, lines=[_line("HINH thông trên địa bàn huyện Chiêm Hóa", 700, {"HINH": 0.5})])
    assert reread_weak_lines(page, PAPER, _reader("Căn cứ Luật Tổ chức chính quyền địa phương")) == 0
    assert _words(page.lines[0])[0] == "HINH"
    # the number the digit reader wrote into the line is never undone
    first = _line("Số: 299/QĐ-UBND Hà Nội, ngày 12 tháng 5 năm 2024", 400, {"Hà": 0.4})
    texts = [w.text for w in first.words]
    assert [w.text for w in merged(first.words, _line("Số: 99/QĐ-UBND Hà Nội, ngày 12 tháng 5 năm 2024", 400).words)] \
        == texts
    assert [w.text for w in merged(first.words, _line("Số: 299/QĐ-UBND Hà Nội, ngày 12 tháng 5 năm 2024", 400).words)] \
        == texts
    # nor a day split or glued to its neighbour, though the digits read in a row are the same
    date = _line("Na Rì, ngày 02 tháng 12 năm 2021", 400, {"ngày": 0.38, "02": 0.47})
    again = _line("Na Rì, ngày O0 2tháng 12 năm 2021", 400).words
    assert [w.text for w in merged(date.words, again)] == [w.text for w in date.words]


def test_the_crop_follows_a_slanting_line_and_leaves_out_its_neighbours():
    import numpy as np

    page = Image.new("L", (1200, 400), 255)
    draw = ImageDraw.Draw(page)
    words = []
    for k in range(5):  # five words 40 px tall, each 12 px lower than the one before (the page's skew)
        x, y = 100 + 200 * k, 150 + 12 * k
        draw.rectangle((x, y, x + 150, y + 39), fill=0)
        draw.rectangle((x, y - 45, x + 150, y - 20), fill=0)  # the line above, 20 px over each word
        words.append(OcrWord("chữ", 0.9, (x, y, x + 151, y + 40)))
    words[2].box = (words[2].box[0], words[2].box[1] - 45, words[2].box[2], words[2].box[3])  # grown over the line above
    crop, (left, top) = line_crop(page, words)
    ink = np.asarray(crop) < 128
    assert ink.sum() == 5 * 151 * 40  # each word whole, none of the line above
    assert not ink[:20].any() and not ink[-20:].any()  # white paper above and below
    assert (left, top) == (100 - 40, 150 - 6 - 20)  # a text height to the left; the rows reach 0.15 × 40 up, margin 20


def test_only_the_part_the_re_read_is_sure_of_is_taken():
    # the re-read mends the place (.Ò _ Đặc: Bắc) but is unsure of the year, which the first reading was surer of
    first = _line(".Ò _ Đặc Giang quý 3 năm 2024.", 700, {".Ò": 0.29, "_": 0.8, "Đặc": 0.8, "năm": 0.72,
                                                     "2024.": 0.81}).words
    again = _line("Bắc Giang quý 3 năm 2024.", 700, {"Bắc": 0.96, "năm": 0.21, "2024.": 0.21}).words
    assert " ".join(w.text for w in merged(first, again)) == "Bắc Giang quý 3 năm 2024."
    # an unsure re-read of a garbled part leaves it as first read; a stroke the re-read does not have goes
    first = _line("Triển In thực hiện công tác \\ về", 700, {"In": 0.09, "\\": 0.3}).words
    again = _line("luc khai thực hiện công tác về", 700, {"luc": 0.36}).words
    assert " ".join(w.text for w in merged(first, again)) == "Triển In thực hiện công tác về"
    # nor a sure word for a less sure one, though it mends an unsure neighbour
    first = _line("TỈNH TUYỂN QUÃNG", 200, {"TỈNH": 0.9, "TUYỂN": 0.37, "QUÃNG": 0.65}).words
    again = _line("TỈNHTUYEN QUÃNG", 200, {"TỈNHTUYEN": 0.77, "QUÃNG": 0.37}).words
    assert " ".join(w.text for w in merged(first, again)) == "TỈNH TUYỂN QUÃNG"
    # garble read sure is no word to keep
    first = _line("trên k ¡a bàn tỉnh", 700, {"k": 0.3, "¡a": 0.93}).words
    assert " ".join(w.text for w in merged(first, _line("trên địa bàn tỉnh", 700).words)) == "trên địa bàn tỉnh"


def test_a_re_read_no_surer_and_lines_below_the_top_are_left():
    page = OcrPage(1, WIDTH, HEIGHT, lines=[_line("Triển In thực hiện công tác", 700, {"In": 0.5}),
                                           _line("giao thông trên HINH bàn", 2000, {"HINH": 0.3})])
    read_crop = _reader("Triển khai thực hiện công tác", confidence=0.6)
    assert reread_weak_lines(page, PAPER, read_crop) == 0  # 0.6 against 0.5: not GAIN surer
    assert _words(page.lines[0])[1] == "In"
    assert len(read_crop.asked) == 1  # the body line far down the page was never read again


def test_a_word_both_readings_agree_on_keeps_the_surer_marks():
    first = _line("HINH thông trên địa bàn huyện Long Điền", 700, {"HINH": 0.5, "Điền": 0.96}).words
    again = _line("giao thông tren địa bàn huyện Long Điên", 700, {"Điên": 0.91, "tren": 0.97}).words
    assert same_line(first, again)
    assert " ".join(w.text for w in merged(first, again)) == "giao thông tren địa bàn huyện Long Điền"


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs tesseract")
def test_a_real_title_line_read_on_its_own():
    from pipeline.ocr.engine import InProcessEngine, CommandLineEngine
    from pipeline.types import PageImage

    image = Image.new("L", (WIDTH, 1200), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf", 56)
    draw.text((500, 300), "giao thông trên địa bàn huyện Chiêm Hóa", font=font, fill=0)
    left, top, right, bottom = draw.textbbox((500, 300), "giao thông trên địa bàn huyện Chiêm Hóa", font=font)
    # the first reading as a page of text can give garble for a word; here it is made so
    words, cursor = [], left
    for text in ["HINH", "thông", "trên", "địa", "bàn", "huyện", "Chiêm", "Hóa"]:
        words.append(OcrWord(text, 0.53 if text == "HINH" else 0.95, (cursor, top, cursor + 10, bottom)))
        cursor += 120
    words[-1].box = (words[-1].box[0], top, right, bottom)
    page = OcrPage(1, WIDTH, 1200, lines=[OcrLine(words)])
    try:
        engine = InProcessEngine()
        engine.api  # noqa: B018 - tesserocr present?
    except Exception:  # noqa: BLE001
        engine = CommandLineEngine()
    assert reread_weak_lines(page, image, lambda crop: engine.recognise(PageImage(crop), 1, psm=7).words) == 1
    assert " ".join(_words(page.lines[0])) == "giao thông trên địa bàn huyện Chiêm Hóa"


def test_a_re_read_that_reads_an_unsure_word_alike_makes_it_sure():
    page = OcrPage(1, WIDTH, HEIGHT, lines=[_line("tại huyện Long Điền", 700, {"Điền": 0.39})])
    assert reread_weak_lines(page, PAPER, _reader("tại huyện Long Điền", confidence=0.96)) == 1
    assert [w.text for w in page.lines[0].words] == ["tại", "huyện", "Long", "Điền"]
    assert page.lines[0].words[-1].confidence == 0.96


def test_header_lines_above_the_date_line_are_read_after_the_title_and_the_date_line_never():
    lines = [_line("ỦY BAN NHÂN DÂN", 200, {"DÂN": 0.4}),
             _line("Số: 07/TB-UBND Kiên Giang, ngày 01 tháng 8 năm 2022", 380, {"Kiên": 0.3}),
             _line("Kết luận của Chủ HINH UBND tỉnh", 600, {"HINH": 0.3})]
    read_crop = _reader("")
    reread_weak_lines(OcrPage(1, WIDTH, HEIGHT, lines=lines), PAPER, read_crop)
    assert [size[0] for size in read_crop.asked] == [lines[2].box[2] - lines[2].box[0] + 120,
                                                     lines[0].box[2] - lines[0].box[0] + 120]
