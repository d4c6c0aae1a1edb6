"""The printed anchors of a handwritten blank (``Số:``, ``/UBND-KT``) fitted and erased, so that digits written
against them are read whole (``pipeline.ocr.handwriting.printed``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.ocr import faces
from pipeline.ocr.handwriting import fields, printed
from pipeline.types import OcrLine, OcrPage, OcrWord, PageImage

SERIF = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"  # Times New Roman's metrics
HAND = "/usr/share/fonts/truetype/sjfonts/SteveHand.ttf"  # a writer the digit model never trained on
BASELINE = 500

pytestmark = pytest.mark.skipif(not (Path(SERIF).is_file() and Path(HAND).is_file()),
                                reason="fonts-liberation2 and fonts-sjfonts are needed (make setup, make digits)")


def _touching_page() -> tuple[Image.Image, OcrPage, dict[str, int]]:
    """``Số:505/UBND-KT`` with the handwritten 5 written over the colon and the last 5 into the slash; OCR's words
    as Tesseract gives them on such a line (``Số:`` cut short, the digits merged into the symbol's word)."""
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    serif, hand = ImageFont.truetype(SERIF, 54), ImageFont.truetype(HAND, 80)
    draw.text((450, BASELINE), "Số:", font=serif, fill=0, anchor="ls")
    colon = int(450 + serif.getlength("Số"))
    draw.text((colon - 6, BASELINE + 4), "505", font=hand, fill=40, anchor="ls")
    symbol = int(colon - 6 + hand.getlength("505")) - 4
    draw.text((symbol, BASELINE), "/UBND-KT", font=serif, fill=0, anchor="ls")
    end = int(symbol + serif.getlength("/UBND-KT"))
    words = [OcrWord("Số:", 0.9, (450, BASELINE - 50, colon + 4, BASELINE + 2)),
             OcrWord("ZZ/UBND-KT", 0.6, (colon + 10, BASELINE - 50, end, BASELINE + 2))]
    return image, OcrPage(number=1, width=2480, height=3508, lines=[OcrLine(words)]), \
        {"colon": colon, "colon_end": int(450 + serif.getlength("Số:")), "slash": symbol}


def test_digits_written_over_the_colon_and_into_the_slash_are_read_whole(real_engine):
    image, page, _ = _touching_page()
    engine, scan = real_engine, PageImage(image, dpi=300)
    with_print_erased = fields.reread_fields(image, page, characters=lambda box: engine.characters(scan, box))
    assert with_print_erased.number is not None and with_print_erased.number.value == "505"
    # without the line's characters the blank's bounds cut a 5 short, and the read is not presented as sure
    without = fields.reread_fields(image, page)
    assert without.number is not None and without.number.value != "505"
    assert without.number.confidence < with_print_erased.number.confidence


def _erased(engine, image: Image.Image, page: OcrPage, at: dict[str, int]) -> printed.ErasedAnchors | None:
    """``Số:`` and ``/UBND-KT`` of the touching page (or a copy of it made worse) fitted and erased."""
    words = page.lines[0].words
    chars = engine.characters(PageImage(image, dpi=300), (420, 420, words[1].box[2] + 15, 540))
    return printed.erase_anchors(np.asarray(image, dtype=np.uint8), chars, words[0], words[1], "Số:", "/UBND-KT",
                                 (at["colon_end"], at["slash"]), 54.0)


def test_erase_anchors_whitens_the_print_and_keeps_the_handwriting(real_engine):
    image, page, at = _touching_page()
    gray = np.asarray(image, dtype=np.uint8)
    words = page.lines[0].words
    erased = _erased(real_engine, image, page, at)
    assert erased is not None and erased.x_from is not None and erased.x_to is not None
    # the blank runs from where "Số" ends to the slash's end, within a few pixels
    assert abs(erased.x_from - at["colon"]) <= 6
    assert at["slash"] < erased.x_to <= at["slash"] + 30
    ink_before, ink_after = gray < 128, erased.gray < 128
    rows = slice(BASELINE - 80, BASELINE + 30)
    s_letter = slice(450, 470)
    assert ink_before[rows, s_letter].any() and not ink_after[rows, s_letter].any()  # the printed S is gone
    symbol_letters = slice(at["slash"] + 40, words[1].box[2])
    assert not ink_after[rows, symbol_letters].any()
    handwriting = slice(at["colon_end"] + 10, at["slash"] - 10)  # the middle of the handwritten 505 stays
    assert ink_after[rows, handwriting].sum() > 0.9 * ink_before[rows, handwriting].sum()


def test_erase_anchors_declines_what_it_cannot_fit(real_engine):
    image, page, at = _touching_page()
    gray = np.asarray(image, dtype=np.uint8)
    words = page.lines[0].words
    # no characters: no scale, no baseline
    assert printed.erase_anchors(gray, [], words[0], words[1], "Số:", "/UBND-KT", (at["colon_end"], at["slash"]),
                                 54.0) is None
    # anchor texts the line does not print fit nowhere
    chars = real_engine.characters(PageImage(image, dpi=300), (420, 420, words[1].box[2] + 15, 540))
    assert printed.erase_anchors(gray, chars, words[0], words[1], "WWW:", "/QQQQ-QQ", (at["colon_end"], at["slash"]),
                                 54.0) is None


def test_the_line_scale_follows_the_letters_that_agree():
    face = printed.installed_faces()[0]
    letters = [OcrWord(ch, 0.99, (10 * k, 100, 10 * k + 20, 100 + printed.typeset(ch, face, 50)[0].shape[0]))
               for k, ch in enumerate("UBND")]
    grown = OcrWord("T", 0.99, (60, 60, 80, 140))  # a box that took in the rule above its letter
    scale = printed._line_scale([*letters, grown], face, (1000, 1100))
    assert scale == pytest.approx(50, abs=1.5)


def test_an_unreadable_print_face_leaves_the_character_bounds(monkeypatch, tmp_path, real_engine):
    # a face file that is there but cannot be read: no fit, no error; the first read and the character boxes stand
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    monkeypatch.setitem(faces.PRINT_FACES, "upright", (str(broken),))
    printed.typeset.cache_clear()
    image, page, _ = _touching_page()
    engine, scan = real_engine, PageImage(image, dpi=300)
    reads = fields.reread_fields(image, page, characters=lambda box: engine.characters(scan, box))
    assert reads.number is not None


def test_the_baseline_follows_a_skewed_line_and_not_the_handwriting():
    # printed letters whose bottoms drop 2 pixels per 100 (a page skewed by about a degree), and a tall box of
    # handwriting read as a letter that sits lower
    letters = [OcrWord(ch, 0.99, (100 * k, 460 + 2 * k, 100 * k + 30, 500 + 2 * k)) for k, ch in enumerate("UBNDKTH")]
    hand = OcrWord("Z", 0.95, (350, 420, 420, 530))
    baseline = printed._baseline([*letters, hand], (2000, 2100))
    assert baseline(0) == 500 and baseline(600) == 512
    level = printed._baseline(letters[:2], (2000, 2100))  # two letters close together show no slope
    assert level(0) == level(1000)


def test_a_faded_print_still_fits(real_engine):
    # the scan's strokes thinned (a pale photocopy, thresholded dark): the typeset anchors lie beside the ink by a
    # pixel, and too few of their pixels lie on it exactly
    from PIL import ImageFilter

    image, page, at = _touching_page()
    faded = image.filter(ImageFilter.GaussianBlur(1.0)).point(lambda v: 255 if v > 70 else 0)
    erased = _erased(real_engine, faded, page, at)
    assert erased is not None and erased.x_from is not None and erased.x_to is not None
    assert abs(erased.x_from - at["colon"]) <= 6


def test_a_symbol_ocr_garbled_at_its_start_fits_as_it_may_be_spelt(real_engine):
    # handwriting against the slash read into the symbol's word: "/ÿUBND-KT", whose first two characters no print
    # has; fitted as the spellings the symbol may have (``fields._symbol_spellings``), the slash is found
    image, page, at = _touching_page()
    gray = np.asarray(image, dtype=np.uint8)
    words = page.lines[0].words
    chars = real_engine.characters(PageImage(image, dpi=300), (420, 420, words[1].box[2] + 15, 540))
    blank = (at["colon_end"], at["slash"])
    garbled = printed.erase_anchors(gray, chars, words[0], words[1], "Số:", "/ÿUBND-KT", blank, 54.0)
    assert garbled is not None and garbled.x_to is None
    spelt = printed.erase_anchors(gray, chars, words[0], words[1], "Số:", "/ÿUBND-KT", blank, 54.0,
                                  right_alternatives=fields._symbol_spellings(chars, "/ÿUBND-KT"))
    assert spelt is not None and spelt.x_to is not None and at["slash"] < spelt.x_to <= at["slash"] + 30


def test_a_speck_read_into_the_anchor_word_does_not_move_its_fit(real_engine):
    # the word "Số:" boxed from a speck 30 pixels before its S: the fit is tried again from its characters' edges
    image, page, at = _touching_page()
    words = page.lines[0].words
    speck = OcrWord("|Số:", 0.9, (words[0].box[0] - 30, *words[0].box[1:]))
    page.lines[0].words[0] = speck
    erased = _erased(real_engine, image, page, at)
    assert erased is not None and erased.x_from is not None and abs(erased.x_from - at["colon"]) <= 6


def test_the_symbol_spellings_tried():
    spell = fields._symbol_spellings
    assert "/TTr-UBND" in spell([], "/rTr-UBND")  # a type code for a garbled first part
    assert "/TB-UBND" in spell([], "/TBUBND")  # the hyphen after the type code, lost
    assert "/SNNMT-TL" in spell([], "/ÿSNNMT-TL")  # characters no symbol holds
    assert "/CT-DTTY" not in spell([], "/CCCNTY-DTTY")  # much shorter than the symbol read: it fits only its end
    chars = [OcrWord(ch, 0.9, (10 * k, 0, 10 * k + 9, 20)) for k, ch in enumerate("Z/QĐ-UBND")]
    assert "/QĐ-UBND" in spell(chars, "/D-UBND")  # the line's characters' reading
