"""Signature block re-read (pipeline.signature_reread): a page whose OCR lost the signer's name gets it back from a
second reading of the block beside the Nơi nhận list; a page whose name was read is left alone."""

from __future__ import annotations

import copy
import shutil

import pytest
from PIL import Image, ImageChops, ImageDraw

from bench.render import _font
from pipeline.ocr.engine import InProcessEngine
from pipeline.types import PageImage
from pipeline.ocr.signature import (
    INK_DOUBT,
    _name_word_by_word,
    looks_like_name,
    recipients_line,
    reread_signature_block,
    signature_band,
)
from pipeline.types import OcrLine, OcrPage, OcrWord

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


def _line(*words: str, y: int = 100, x: int = 100, conf: float = 0.95) -> OcrLine:
    out, left = [], x
    for w in words:
        out.append(OcrWord(w, conf, (left, y, left + 30 * len(w), y + 40)))
        left += 30 * len(w) + 20
    return OcrLine(out)


def test_looks_like_name():
    assert looks_like_name(_line("Phạm", "Trường", "Thọ"))
    assert looks_like_name(_line("-", "Nguyễn", "Hoàng", "Giang"))  # a list dash is no word
    assert looks_like_name(_line("Nguyên", "Quốc", "Việt"))  # a lost mark on the family name
    assert not looks_like_name(_line("PHÓ", "CHỦ", "TỊCH"))
    assert not looks_like_name(_line("Trần", "Hoàng", "Tuấn", conf=0.3), min_confidence=0.6)
    assert not looks_like_name(_line("Văn", "phòng", "Chính", "phủ"))
    assert not looks_like_name(_line("Phạm"))
    # a family name with one letter misread (Đỗ read Đã): only when asked, and with two more words
    assert not looks_like_name(_line("Đã", "Thế", "Thọ"))
    assert looks_like_name(_line("Đã", "Thế", "Thọ"), near=True)
    assert not looks_like_name(_line("Đã", "Thọ"), near=True)


def _signature_page(path) -> None:
    """A last page at 300 dpi (A4): Nơi nhận list on the left, the signature block on the right."""
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    regular, bold = _font("dejavu", "r", 42), _font("dejavu", "b", 46)
    draw.text((250, 1150), "Nơi nhận:", font=bold, fill=0)
    for k, item in enumerate(["- Như trên;", "- Văn phòng Chính phủ;", "- Bộ Tư pháp;", "- Lưu: VT, NC."]):
        draw.text((250, 1220 + 60 * k), item, font=regular, fill=0)
    draw.text((1500, 1150), "KT. CHỦ TỊCH", font=bold, fill=0)
    draw.text((1500, 1215), "PHÓ CHỦ TỊCH", font=bold, fill=0)
    draw.text((1480, 1650), "Phạm Trường Thọ", font=bold, fill=0)
    image.save(path)


def _read(tmp_path, draw, mode=None):
    """The page ``draw`` makes, as scanned and as the engine reads it: (scan, page, engine)."""
    path = tmp_path / "page.png"
    draw(path)
    engine = InProcessEngine()
    image = Image.open(path)
    scan = PageImage(image.convert(mode) if mode else image)
    return scan, engine.recognise(scan, 3), engine


@needs_tesseract
def test_a_lost_signer_name_is_read_again(tmp_path):
    scan, page, engine = _read(tmp_path, _signature_page)
    assert any("Trường" in line.text for line in page.lines)
    anchor = recipients_line(page)
    assert anchor is not None and anchor.box[0] < 400
    band = signature_band(page, anchor)
    assert band[0] > 1000 and band[1] < 1150 < 1650 < band[3]

    # as on a black-and-white scan whose seal hides the name from the page's layout analysis
    lost = copy.deepcopy(page)
    lost.lines = [line for line in lost.lines if "Trường" not in line.text]
    assert reread_signature_block(scan, lost, engine)
    texts = [line.text for line in lost.lines]
    assert "Phạm Trường Thọ" in texts
    assert texts.index("Phạm Trường Thọ") > texts.index("- Lưu: VT, NC.")  # the right column after the left
    assert any(t.startswith("- Văn phòng") for t in texts)  # the left column is untouched

    # a page whose block was read is left as it is
    kept = copy.deepcopy(page)
    assert not reread_signature_block(scan, kept, engine)
    assert [line.words for line in kept.lines] == [line.words for line in page.lines]


def test_a_page_without_recipients_is_left_alone(tmp_path):
    page = OcrPage(number=1, width=2480, height=3500, lines=[_line("Điều", "1.", "Phạm", "vi")])
    assert recipients_line(page) is None
    assert not reread_signature_block(PageImage(Image.new("L", (2480, 3500), 255)), page, InProcessEngine())


@needs_tesseract
def test_a_name_line_is_read_again_on_its_own_and_only_its_marks_change(tmp_path):
    """A name whose tone mark the page's reading lost takes the line's own reading; a re-read that gives other
    letters changes nothing."""
    from pipeline.ocr.signature import reread_name_lines

    scan, page, engine = _read(tmp_path, _signature_page, "L")
    name = next(line for line in page.lines if "Trường" in line.text)
    name.words[1].text, name.words[1].confidence = "Trưởng", 0.7  # as a page reading can slip a mark
    assert reread_name_lines(page, scan, engine) == 1
    assert name.text == "Phạm Trường Thọ" and name.words[1].confidence >= 0.8
    name.words[1].text = "Trunx"  # other letters: the re-read must not turn them into the name
    assert reread_name_lines(page, scan, engine) == 0 and name.words[1].text == "Trunx"


def _sealed_page(path) -> None:
    """The signature page with a grey seal (a red one on a grey scan) whose ring runs over the name's first
    letters, and its Nơi nhận heading lost (only the list and its filing line were read)."""
    _signature_page(path)
    page = Image.open(path)
    ImageDraw.Draw(page).rectangle((240, 1140, 700, 1205), fill=255)  # the heading lost
    image = Image.new("L", page.size, 255)  # the seal's ink, laid over the page's (ink only darkens)
    draw = ImageDraw.Draw(image)
    cx, cy, r = 1376, 1495, 230  # the ring's right edge crosses "Phạm"
    for k in range(3):
        draw.ellipse((cx - r + k * 60, cy - r + k * 60, cx + r - k * 60, cy + r - k * 60), outline=130, width=14)
    draw.regular_polygon((cx, cy, 50), 5, fill=130)
    draw.line([(1420, 1560), (1600, 1480), (1700, 1600), (1900, 1500)], fill=120, width=8)  # the signature
    ImageChops.darker(page, image).save(path)


def test_ink_readings_keep_the_dark_type_and_drop_a_grey_seal():
    from pipeline.ocr.signature import INK_LEVELS, ink_readings

    grey = Image.new("L", (400, 200), 255)
    draw = ImageDraw.Draw(grey)
    draw.ellipse((10, 10, 190, 190), outline=130, width=12)  # a grey seal ring
    draw.rectangle((250, 80, 350, 120), fill=10)  # black type
    readings = ink_readings(grey)
    assert len(readings) == len(INK_LEVELS)
    for image in readings:
        assert image.getpixel((100, 15)) == 255 and image.getpixel((300, 100)) == 0
    black_and_white = Image.eval(grey, lambda v: 0 if v < 128 else 255)
    assert ink_readings(black_and_white) == []  # a threshold would change nothing


@needs_tesseract
def test_a_name_under_a_grey_seal_is_read_from_its_dark_ink(tmp_path):
    from pipeline.ocr.signature import filing_line

    scan, page, engine = _read(tmp_path, _sealed_page)
    assert recipients_line(page) is None and filing_line(page) is not None  # the band comes from the filing line
    page.lines = [line for line in page.lines if "Thọ" not in line.text]  # as the page's layout analysis lost it
    assert reread_signature_block(scan, page, engine)
    names = [line for line in page.lines if looks_like_name(line)]
    assert [line.text for line in names] == ["Phạm Trường Thọ"]
    assert min(w.confidence for w in names[0].words) > 0.8  # two thresholds read it alike: its marks stand


def test_name_words_two_thresholds_spell_differently_are_in_doubt():
    from pipeline.ocr.signature import INK_DOUBT, _doubt_unconfirmed

    name = _line("Trương", "Thanh", "Ấn")
    _doubt_unconfirmed(name, _line("Trương", "Thanh", "Ẩn"))
    assert [w.confidence for w in name.words] == [0.95, 0.95, INK_DOUBT]
    lone = _line("Trương", "Thanh", "Ấn")
    _doubt_unconfirmed(lone, None)  # the other threshold found no name: nothing is confirmed
    assert all(w.confidence == INK_DOUBT for w in lone.words)


def _name_row(*words: tuple[str, float], y: int = 100) -> OcrLine:
    return OcrLine([OcrWord(text, conf, (200 + 120 * i, y, 300 + 120 * i, y + 40))
                    for i, (text, conf) in enumerate(words)])


def test_a_name_put_together_word_by_word_from_the_readings_of_the_band():
    # a seal's ring crosses one word at each threshold: no reading is sure in every word
    heading = _name_row(("PHÓ", 0.9), ("CHỦ", 0.95), ("TỊCH", 0.96), y=20)
    readings = [
        [heading, _name_row(("Lê", 0.91), ("Hừữu", 0.28), ("Phương", 0.95))],
        [heading, _name_row(("Lê", 0.46), ("Hữu", 0.94), ("Phương", 0.96))],
        [heading, _name_row(("Lễ", 0.73), ("llữu", 0.39), ("Phương", 0.95))],
    ]
    lines = _name_word_by_word(readings)
    assert lines is not None and lines[0] is heading
    name = lines[1]
    assert [w.text for w in name.words] == ["Lê", "Hữu", "Phương"]
    assert name.words[0].confidence == 0.91  # two readings spell it so
    assert name.words[1].confidence == INK_DOUBT  # one reading only: its marks are in doubt, the name is listed
    # a word no reading reads sure: no name
    assert _name_word_by_word([[_name_row(("Lê", 0.9), ("Hừữu", 0.3))], [_name_row(("Lê", 0.5), ("Hữu", 0.5))]]) is None
    assert _name_word_by_word([[heading]]) is None
