"""Signature block re-read (pipeline.signature_reread): a page whose OCR lost the signer's name gets it back from a
second reading of the block beside the Nơi nhận list; a page whose name was read is left alone."""

from __future__ import annotations

import copy
import shutil

import pytest
from PIL import Image, ImageDraw

from bench.render import _font
from pipeline.ocr.engine import InProcessEngine
from pipeline.types import PageImage
from pipeline.ocr.signature import (
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


@needs_tesseract
def test_a_lost_signer_name_is_read_again(tmp_path):
    path = tmp_path / "page.png"
    _signature_page(path)
    engine = InProcessEngine()
    scan = PageImage(Image.open(path))
    page = engine.recognise(scan, 3)
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

    path = tmp_path / "page.png"
    _signature_page(path)
    engine = InProcessEngine()
    scan = PageImage(Image.open(path).convert("L"))
    page = engine.recognise(scan, 3)
    name = next(line for line in page.lines if "Trường" in line.text)
    name.words[1].text, name.words[1].confidence = "Trưởng", 0.7  # as a page reading can slip a mark
    assert reread_name_lines(page, scan, engine) == 1
    assert name.text == "Phạm Trường Thọ" and name.words[1].confidence >= 0.8
    name.words[1].text = "Trunx"  # other letters: the re-read must not turn them into the name
    assert reread_name_lines(page, scan, engine) == 0 and name.words[1].text == "Trunx"
