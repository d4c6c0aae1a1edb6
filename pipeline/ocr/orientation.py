"""Pages scanned skewed, sideways or upside down, turned straight before they are read.

- Skew: the angle that makes the page's text rows sharpest (the variance of the row sums of the ink, measured on
  the page shrunk eightfold: coarse steps over ±5°, then fine ones around the best). A page more than
  ``SKEW_MIN_DEGREES`` off is turned back; a page within it is left exactly as scanned: Tesseract reads that much
  skew well, and on an e-signed scan the signature box stamped on the image is level while the paper is not, so
  turning the paper tilts the box into the header (a dev scan at 2.3° lost its issuing body that way).
- Orientation: asked of Tesseract's orientation detection (OSD, ``osd.traineddata`` ships with Debian's
  tesseract-ocr, as OCRmyPDF's ``--rotate-pages`` does) only when the page's first reading looks unread (few of its
  words are Vietnamese syllables) or finds hardly any words (a sideways page with little text, turned by a skew
  measured across its lines, can read as blank). A page read well is never turned; a page turned upright has its
  skew measured again.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from pipeline.text import is_syllable_shape
from pipeline.types import OcrPage, OcrWord, PageImage

SKEW_MIN_DEGREES = 2.5  # real e-signed scans run to 2.3° and read well as they are (their signature box is level)
SKEW_MAX_DEGREES = 6.0  # the issue asks for 5°; a little more, so a 5° page measured at 5.1° is turned too
SHRINK = 8
READ_SHARE = 0.5  # a first reading with fewer syllable-shaped words than this looks unread
MIN_WORDS = 12  # ... and one with fewer words with letters than this too (orientation detection decides)


def _sharpness(ink: Image.Image, angle: float) -> float:
    rows = np.asarray(ink.rotate(angle, resample=Image.NEAREST, fillcolor=0), dtype=np.float32).sum(axis=1)
    return float(np.var(rows))


def skew_angle(image: Image.Image) -> float:
    """The angle (degrees, counter-clockwise) that turns the page's text rows level."""
    gray = image.convert("L")
    small = gray.resize((max(1, gray.width // SHRINK), max(1, gray.height // SHRINK)), Image.BOX)
    ink = Image.fromarray(((np.asarray(small) < 160) * 255).astype(np.uint8))
    if not np.asarray(ink).any():
        return 0.0
    coarse = np.arange(-SKEW_MAX_DEGREES, SKEW_MAX_DEGREES + 1e-9, 0.5)
    best = max(coarse, key=lambda a: _sharpness(ink, float(a)))
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.1)
    return round(float(max(fine, key=lambda a: _sharpness(ink, float(a)))), 2)


def turned(page: PageImage, angle: float) -> PageImage:
    """The page turned ``angle`` degrees counter-clockwise on a white ground (right angles exactly)."""
    image = page.image
    if angle % 90 == 0:
        transpose = {90: Image.ROTATE_90, 180: Image.ROTATE_180, 270: Image.ROTATE_270}[int(angle) % 360]
        return PageImage(image.transpose(transpose), dpi=page.dpi)
    white = 255 if image.mode in ("L", "1") else (255, 255, 255)
    return PageImage(image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=white), dpi=page.dpi)


def looks_unread(page: OcrPage) -> bool:
    """Text read sideways or upside down: few of the page's words are Vietnamese syllables, or most words of
    three letters or more stand taller than wide (Tesseract found the words of a sideways page, but in columns), or
    hardly any words were read (fewer than ``MIN_WORDS`` with letters: a blank page, or a sideways one whose text
    Tesseract did not find; orientation detection tells them apart, it finds no text on a blank page)."""
    words = [w for w in page.words if any(ch.isalpha() for ch in w.text)]
    if len(words) < MIN_WORDS:
        return True
    if sum(is_syllable_shape(w.text.strip(".,;:()\"'“”")) for w in words) / len(words) < READ_SHARE:
        return True
    long_words = [w for w in words if len(w.text) >= 3]
    return bool(long_words) and sum(map(_standing, long_words)) / len(long_words) > READ_SHARE


def _standing(word: OcrWord) -> bool:
    return len(word.text) >= 3 and word.box[3] - word.box[1] > word.box[2] - word.box[0]


def reading_quality(page: OcrPage) -> float:
    """Syllable-shaped words lying along their line, weighed by confidence: which of two readings is better."""
    return sum(w.confidence for w in page.words
               if is_syllable_shape(w.text.strip(".,;:()\"'“”")) and not _standing(w))
