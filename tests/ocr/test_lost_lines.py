"""Header lines Tesseract left out, read again on their own (pipeline/ocr/lost_lines.py)."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

from pipeline.ocr.lost_lines import reread_lost_lines
from pipeline.types import OcrLine, OcrPage, OcrWord

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
WIDTH, HEIGHT = 1240, 1754  # an A4 page at 150 dpi


def _page_with(rows: list[tuple[str, int, int]]) -> tuple[Image.Image, list[OcrLine]]:
    """A white page with each (text, x, y) drawn, and the OCR line each would be read as (one word per word)."""
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 24)
    lines = []
    for text, x, y in rows:
        draw.text((x, y), text, font=font, fill=0)
        words, cursor = [], x
        for word in text.split():
            w = int(draw.textlength(word, font=font))
            words.append(OcrWord(word, 0.95, (cursor, y + 4, cursor + w, y + 30)))
            cursor += w + int(draw.textlength(" ", font=font))
        lines.append(OcrLine(words, paragraph=(1, 1)))
    return image, lines


def _ocr_page(lines: list[OcrLine]) -> OcrPage:
    return OcrPage(1, WIDTH, HEIGHT, lines=list(lines))


HEADER = [("ỦY BAN NHÂN DÂN", 120, 60), ("TỈNH ĐIỆN BIÊN", 140, 95), ("Số: 186/UBND-NNTN", 110, 150),
          ("V/v báo cáo tình hình việc giải ngân", 80, 200), ("vốn đầu tư công tại tỉnh Điện Biên", 85, 235),
          ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 620, 60), ("Độc lập - Tự do - Hạnh phúc", 680, 95),
          ("Điện Biên, ngày 01 tháng 7 năm 2016", 660, 150), ("Kính gửi: Các Sở, ban, ngành tỉnh", 300, 320)]


def test_a_subject_line_ocr_left_out_is_read_again_and_put_after_the_line_it_continues():
    image, lines = _page_with(HEADER)
    lost = lines.pop(4)  # the V/v subject's second line
    page = _ocr_page(lines)
    asked = []

    def read_crop(crop):
        asked.append(crop.size)
        return [OcrWord(w.text, 0.93, (10 * k, 5, 10 * k + 8, 30)) for k, w in enumerate(lost.words)]

    assert reread_lost_lines(page, image, read_crop) == 1
    assert len(asked) == 1
    texts = [line.text for line in page.lines]
    assert texts[texts.index("V/v báo cáo tình hình việc giải ngân") + 1] == lost.text
    added = page.lines[texts.index(lost.text)]
    assert added.paragraph == lines[3].paragraph and added.words[0].box[1] > lines[3].box[3] - 10
    assert any("left out" in w for w in page.warnings)


def test_nothing_is_read_again_when_every_row_was_read():
    image, lines = _page_with(HEADER)
    page = _ocr_page(lines)
    assert reread_lost_lines(page, image, lambda crop: [OcrWord("x", 0.9, (0, 0, 5, 5))]) == 0
    assert [line.text for line in page.lines] == [line.text for line in lines]


def test_a_row_read_as_debris_makes_way_for_its_reading_and_specks_or_unsure_reads_are_not_kept():
    image, lines = _page_with(HEADER)
    x0, y0, x1, y1 = lines[4].box
    lines[4] = OcrLine([OcrWord('" rT^*^', 0.1, (x0 + 20, y0, x0 + 120, y1))], paragraph=(1, 2))
    page = _ocr_page(lines)
    good = [OcrWord("vốn", 0.95, (0, 5, 40, 30)), OcrWord(".", 0.3, (45, 5, 50, 30)),
            OcrWord("đầu", 0.95, (55, 5, 90, 30))]
    assert reread_lost_lines(page, image, lambda crop: good) == 1
    texts = [line.text for line in page.lines]
    assert '" rT^*^' not in texts and "vốn đầu" in texts  # (the speck dropped)
    page = _ocr_page(_page_with(HEADER)[1][:4] + _page_with(HEADER)[1][5:])
    assert reread_lost_lines(page, image, lambda crop: [OcrWord("vốn", 0.3, (0, 5, 40, 30)),
                                                        OcrWord("đầu", 0.4, (45, 5, 80, 30))]) == 0


def test_handwriting_in_a_read_lines_blank_is_no_lost_line():
    # the number written after ``Số:``, which OCR read alone: level with it, the ink is the line's own
    image, lines = _page_with([row if not row[0].startswith("Số") else ("Số:", 110, 150) for row in HEADER])
    ImageDraw.Draw(image).text((lines[2].box[2] + 25, 146), "2573", font=ImageFont.truetype(FONT, 30), fill=0)
    page = _ocr_page(lines)
    assert reread_lost_lines(page, image, lambda crop: [OcrWord("Zsfrb", 0.9, (0, 0, 50, 30))]) == 0


def _read_by_tesseract(rows: list[tuple[str, int, int]], lost_at: int) -> tuple[list[str], str]:
    """The page of ``rows`` with the line at ``lost_at`` left out of its OCR, read again by Tesseract on its own:
    the page's line texts after the re-read, and the lost line's text."""
    from pipeline.ocr.engine import InProcessEngine
    from pipeline.types import PageImage

    image, lines = _page_with(rows)
    lost = lines.pop(lost_at)
    page = _ocr_page(lines)
    engine = InProcessEngine()
    assert reread_lost_lines(page, image, lambda crop: engine.recognise(PageImage(crop), 1, psm=7).words) == 1
    return [line.text for line in page.lines], lost.text


def test_a_lost_line_read_by_tesseract_on_its_own():
    texts, lost = _read_by_tesseract(HEADER, 4)
    read = texts[texts.index("V/v báo cáo tình hình việc giải ngân") + 1]
    assert read.split()[:4] == lost.split()[:4]


def test_a_number_line_read_unsure_is_no_debris():
    # handwriting over the blank: OCR read the number line at 0.2, but its symbol says what it is
    image, lines = _page_with(HEADER)
    lines[2] = OcrLine([OcrWord(w.text if k else "Số:", 0.2, w.box) for k, w in enumerate(lines[2].words)],
                       paragraph=(1, 1))
    lines[2].words[-1] = OcrWord("ỞØ/UBND-NNTN", 0.1, lines[2].words[-1].box)
    page = _ocr_page(lines)
    assert reread_lost_lines(page, image, lambda crop: [OcrWord("Số:", 0.9, (0, 0, 20, 20)),
                                                        OcrWord("ZŠÓ/UBND-NNTN", 0.9, (25, 0, 90, 20))]) == 0


def test_a_body_names_second_line_set_close_under_its_first_is_read_again_with_its_marks():
    """A two-line body name in capitals set close (``ĐÀI PHÁT THANH`` / ``VÀ TRUYỀN HÌNH``): the first line's cover
    cuts the top of the lost second line's row, which is still a row, and its crop reaches over its capitals'
    marks."""
    rows = [("UBND TỈNH KON TUM", 120, 60), ("ĐÀI PHÁT THANH", 140, 92), ("VÀ TRUYỀN HÌNH", 143, 119),
            ("Số: 126/QĐ-ĐPTTH", 120, 175)] + HEADER[3:]
    texts, lost = _read_by_tesseract(rows, 2)
    assert texts[texts.index("ĐÀI PHÁT THANH") + 1] == lost
