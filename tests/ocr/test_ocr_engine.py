"""The OCR engines behind one interface: the in-process engine (tesserocr), the command-line fallback, and fake
engines that drive ingest → record through the real code without Tesseract."""

from __future__ import annotations

import shutil
import tempfile

import pytest
from fakes import DECISION_PAGE, CrashingEngine, ReplayEngine
from PIL import Image, ImageDraw

from bench.render import _font
from pipeline import Options, extract
from pipeline.errors import OcrError
from pipeline.ocr.engine import (
    CommandLineEngine,
    InProcessEngine,
    find_tessdata,
    make_engine,
)
from pipeline.types import PageImage

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")



def _blank_png(tmp_path, name="page.png"):
    path = tmp_path / name
    Image.new("L", (2480, 3508), 255).save(path, dpi=(300, 300))
    return path


def test_a_fake_engine_drives_ingest_to_record(tmp_path):
    """The stages around OCR (ingest, clean-up, reading order, restore, parse) run on the fake engine's words."""
    engine = ReplayEngine({1: DECISION_PAGE})
    record = extract(_blank_png(tmp_path), Options(jobs=1), engine=engine)
    assert record.document.code == "12/QĐ-UBND"
    assert record.document.type == "Quyết định"
    assert str(record.document.issue_date) == "2025-03-20"
    assert record.source.ocr.engine_version == "fake 1.0"
    assert [call[0] for call in engine.calls] == [1]  # one read of the page: a fake does not re-read


def test_a_page_the_engine_cannot_read_is_a_recorded_failure(tmp_path):
    """A two-page TIFF whose second page crashes the engine: the record keeps page 1 and says what failed."""
    path = tmp_path / "two.tiff"
    pages = [Image.new("L", (2480, 3508), 255) for _ in range(2)]
    pages[0].save(path, save_all=True, append_images=pages[1:], dpi=(300, 300))
    record = extract(path, Options(jobs=1), engine=CrashingEngine({1: DECISION_PAGE, 2: ""}, failing={2}))
    assert record.document.code == "12/QĐ-UBND"
    assert any("page 2" in w and "simulated crash" in w for w in record.warnings)


def test_every_page_failing_is_an_ocr_error(tmp_path):
    with pytest.raises(OcrError, match="simulated crash"):
        extract(_blank_png(tmp_path), Options(jobs=1), engine=CrashingEngine({}, failing={1}))


def test_the_engine_of_a_process_is_made_once():
    options = Options(jobs=1)
    assert make_engine(options) is make_engine(options)
    assert isinstance(make_engine(options), InProcessEngine)
    assert isinstance(make_engine(Options(jobs=1, engine="tesseract")), CommandLineEngine)


def test_a_missing_language_is_one_clear_line():
    with pytest.raises(OcrError) as caught:
        find_tessdata("xyz")
    assert str(caught.value) == "Tesseract has no 'xyz' language data: install tesseract-ocr-xyz"
    engine = InProcessEngine(language="vie+xyz")
    with pytest.raises(OcrError, match="no 'vie\\+xyz' language data"):
        engine.recognise(PageImage(Image.new("L", (100, 100), 255)), 1)


def _printed_page(tmp_path) -> Image.Image:
    image = Image.new("L", (2480, 1200), 255)
    draw = ImageDraw.Draw(image)
    regular, bold = _font("dejavu", "r", 46), _font("dejavu", "b", 46)
    draw.text((200, 150), "Căn cứ Luật Tổ chức chính quyền địa phương", font=regular, fill=0)
    draw.text((200, 260), "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch", font=regular, fill=0)
    draw.text((1500, 700), "KT. CHỦ TỊCH", font=bold, fill=0)
    draw.text((1480, 900), "Phạm Trường Thọ", font=bold, fill=0)
    return image


@needs_tesseract
def test_both_engines_read_the_same_words(tmp_path):
    image = _printed_page(tmp_path)
    in_process = InProcessEngine().recognise(PageImage(image), 1)
    command_line = CommandLineEngine().recognise(PageImage(image), 1)
    words = [w.text for w in in_process.words]
    assert words == [w.text for w in command_line.words]
    assert "Trường" in words and "Quyết" in words
    assert [w.box for w in in_process.words] == [w.box for w in command_line.words]


@needs_tesseract
def test_both_engines_read_a_line_s_characters_in_page_coordinates(tmp_path):
    """The characters of one line (where print ends beside handwriting): one per character, boxes on the page and
    confidences, the same from both engines, the page after it read whole as before."""
    image = _printed_page(tmp_path)
    box = (1400, 850, 2400, 1000)  # the name line
    engine = InProcessEngine()
    page = PageImage(image)
    in_process = engine.characters(page, box)
    command_line = CommandLineEngine().characters(page, box)
    assert "".join(c.text for c in in_process) == "PhạmTrườngThọ"
    assert [(c.text, c.box) for c in in_process] == [(c.text, c.box) for c in command_line]
    # each character's own confidence, from both (the command line's hOCR carries it; a box file would not)
    assert all(abs(a.confidence - b.confidence) < 0.02 for a, b in zip(in_process, command_line))
    assert all(0.0 <= c.confidence <= 1.0 for c in command_line) and len({c.confidence for c in command_line}) > 1
    assert all(box[0] <= c.box[0] < c.box[2] <= box[2] and box[1] <= c.box[1] for c in in_process)
    assert in_process[0].box[0] < in_process[1].box[0]  # in reading order
    assert any("Điều" in line.text for line in engine.recognise(page, 1).lines)


@needs_tesseract
def test_a_rectangle_is_read_in_page_coordinates_without_files(tmp_path, monkeypatch):
    """The re-read of a block: only the rectangle's words, boxes in the page's coordinates, nothing on disk."""
    image = _printed_page(tmp_path)
    engine = InProcessEngine()
    page = PageImage(image)
    engine.recognise(page, 1)

    def no_files(*args, **kwargs):
        raise AssertionError("the in-process engine wrote a temporary file")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", no_files)
    monkeypatch.setattr(tempfile, "mkstemp", no_files)
    block = engine.recognise(page, 1, box=(1400, 650, 2400, 1000), psm=4)
    texts = [line.text for line in block.lines]
    assert "Phạm Trường Thọ" in texts and not any("Điều" in t for t in texts)
    assert all(1400 <= w.box[0] and w.box[2] <= 2400 and 650 <= w.box[1] for w in block.words)
    full = engine.recognise(page, 1)
    assert any("Điều" in line.text for line in full.lines)  # the rectangle does not stick to the next read


@needs_tesseract
def test_the_engine_option_chooses_the_engine(tmp_path):
    """`--engine tesseract` (the command-line fallback) reads the page like the default."""
    path = tmp_path / "page.png"
    _printed_page(tmp_path).save(path, dpi=(300, 300))
    default = extract(path, Options(jobs=1, restore=False, require_vietnamese=False))
    fallback = extract(path, Options(jobs=1, restore=False, require_vietnamese=False, engine="tesseract"))
    assert default.pages[0].text == fallback.pages[0].text
    assert default.source.options_key != fallback.source.options_key  # a batch redoes records of the other engine


@needs_tesseract
def test_each_page_is_handed_over_anew():
    """Pages of one size read one after the other by one engine: every page's own words, never the last page's."""
    engine = InProcessEngine()
    font = _font("dejavu", "r", 46)
    for word in ("Thông", "Quyết", "Chỉ", "Kế"):
        image = Image.new("L", (2000, 400), 255)
        ImageDraw.Draw(image).text((100, 150), f"{word} báo cáo kết quả thực hiện nhiệm vụ năm 2025", font=font, fill=0)
        assert [w.text for w in engine.recognise(PageImage(image), 1).words][0] == word
        del image
