"""The signer's name's marks read again from the letters' shapes (pipeline/ocr/name_marks.py)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from pipeline.ocr import name_marks
from pipeline.ocr.faces import installed_faces
from pipeline.types import OcrLine, OcrPage, OcrWord, PageImage

FACES = installed_faces("bold")
pytestmark = pytest.mark.skipif(not FACES, reason="no bold print face installed (fonts-liberation2)")


def _name_page(words: list[str], size: int = 50, face: str | None = None) -> tuple[Image.Image, list[tuple]]:
    """A white page strip with the name typeset in bold, slightly blurred as a scan is: the image and each word's
    ink box."""
    font = ImageFont.truetype(face or FACES[0], size)
    image = Image.new("L", (900, 200), 255)
    draw = ImageDraw.Draw(image)
    x, boxes = 120, []
    for word in words:
        draw.text((x, 120), word, font=font, fill=0, anchor="ls")
        boxes.append(tuple(int(v) for v in draw.textbbox((x, 120), word, font=font, anchor="ls")))
        x = boxes[-1][2] + size // 3
    return image.filter(ImageFilter.GaussianBlur(0.8)), boxes


def test_spellings_keep_the_letters_and_vary_the_marks():
    forms = name_marks.spellings("Ấn")
    assert {"An", "Ân", "Ấn", "Ẩn"} <= set(forms)
    assert all(name_marks.unmarked(f) == "An" for f in forms)
    assert "Đinh" in name_marks.spellings("Đỉnh") and "Dinh" not in name_marks.spellings("Đỉnh")  # Đ is a letter


@pytest.mark.parametrize("printed, read", [("Ẩn", "Ấn"), ("Đức", "Đúc"), ("Hà", "Hã"), ("Thị", "Thi")])
def test_a_mark_read_wrong_is_read_from_its_shape(printed, read):
    image, boxes = _name_page(["Đoàn", "Minh", printed])
    ink = 1.0 - np.asarray(image, dtype=np.float64) / 255.0
    out = name_marks.refit_marks(ink, [("Đoàn", boxes[0]), ("Minh", boxes[1]), (read, boxes[2])])
    assert out == ["Đoàn", "Minh", printed]  # the words read right are confirmed


@pytest.mark.parametrize("printed, read", [("Vân", "Vần"), ("Đinh", "Đỉnh")])
def test_a_mark_read_is_never_taken_away(printed, read):
    # on real scans a mark sits where the faces do not put it: a mark OCR read that the fit finds nowhere stays
    image, boxes = _name_page(["Đoàn", "Minh", printed])
    ink = 1.0 - np.asarray(image, dtype=np.float64) / 255.0
    assert name_marks.refit_marks(ink, [("Đoàn", boxes[0]), ("Minh", boxes[1]), (read, boxes[2])])[2] is None


def test_marks_read_right_are_confirmed():
    image, boxes = _name_page(["Trương", "Thanh", "Ẩn"])
    ink = 1.0 - np.asarray(image, dtype=np.float64) / 255.0
    assert name_marks.refit_marks(ink, list(zip(["Trương", "Thanh", "Ẩn"], boxes))) == ["Trương", "Thanh", "Ẩn"]


def test_a_blank_where_the_word_should_be_changes_nothing():
    # the OCR box points at paper: no fit, no change
    ink = np.zeros((200, 900))
    assert name_marks.refit_marks(ink, [("Ấn", (300, 80, 370, 125))]) == [None]


def test_the_page_gets_the_mark_and_a_warning():
    image, boxes = _name_page(["Lê", "Văn", "Ẩn"])
    page_image = Image.new("L", (1800, 400), 255)
    page_image.paste(image, (900, 100))
    words = [OcrWord(text, confidence, (b[0] + 900, b[1] + 100, b[2] + 900, b[3] + 100))
             for text, confidence, b in zip(["Lê", "Văn", "Ấn"], [0.95, 0.5, 0.95], boxes)]
    page = OcrPage(number=1, width=1800, height=400, lines=[OcrLine(words)])
    assert name_marks.refit_name_marks(page, PageImage(page_image)) == 1
    assert page.lines[0].text == "Lê Văn Ẩn"
    assert page.lines[0].words[2].confidence == name_marks.FITTED_CONFIDENCE
    assert any("Ấn read Ẩn" in w for w in page.warnings)
    # an unsure word the shapes confirm is sure now; a sure one keeps its confidence
    assert page.lines[0].words[1].confidence == name_marks.FITTED_CONFIDENCE
    assert page.lines[0].words[0].confidence == 0.95
