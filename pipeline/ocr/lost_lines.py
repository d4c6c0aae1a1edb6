"""Re-read the lines Tesseract left out of page 1's header: the second line of a ``V/v`` (về việc, "regarding")
subject, the short last line of a centred title (``đô thị`` under ``... quản lý trật tự xây dựng``).

Page segmentation sometimes drops a short or small line whole: the record then holds a subject cut after its first
line and nothing says so. Here the ink of the page's top part that no OCR line covers is grouped into rows; a row of
text height, as wide as a few letters, that lies right under a line OCR did read (the line it continues, its words'
column) is read again on its own as one text line (Tesseract's single-line mode, on the page Tesseract read), and
its words go into the page after that line, in its paragraph, when they read as words (``LOST_LINE_CONFIDENCE``).
A row level with a read line (a handwritten number in its blank) is that line's, not a lost one; a row of the
right header column (under the motto) is left to the header line's own re-read.
"""

from __future__ import annotations

from statistics import median
from typing import TYPE_CHECKING, Callable

import numpy as np
from PIL import Image

from pipeline.ocr.handwriting.digits import erase_rules
from pipeline.types import OcrLine, OcrWord

if TYPE_CHECKING:  # pragma: no cover
    from pipeline.types import OcrPage

Box = tuple[int, int, int, int]

TOP_SHARE = 0.45  # the header, the title and a V/v subject lie in this top share of page 1
INK_BELOW = 128  # a grey level under this is ink
STEP = 2  # rows are found on every STEP-th pixel of every STEP-th row
RULE_LENGTH = 1.5  # a horizontal run of ink this many text heights long is a rule or a streak, no text
COVER_SLACK = 0.3  # a read line's box, grown by this many text heights up and down, covers its ink (marks, tails)
ROW_MIN_INK = 3  # a pixel row (of the STEP-reduced mask) with this much uncovered ink is part of a row of text
ROW_GAP = 2  # rows of ink this many pixel rows (of the reduced mask) apart are one row of text
ROW_HEIGHT = (0.4, 1.8)  # a row of text is this many text heights tall (a body's print height, median word box)
TALL_CROP = 1.2  # a lost row's crop reaches at least this many text heights above the row's foot
MIN_WIDTH = 2.5  # ... and at least this many text heights wide (a word or two, no speck nor a lone digit)
WORD_GAP = 2.0  # uncovered ink further apart than this many text heights is another piece of the row
DENSITY = (0.04, 0.45)  # share of a piece's box that is ink: text, not a stroke nor a smudge
UNDER_REACH = 2.2  # the read line a lost row continues ends at most this many text heights above it
MIN_OVERLAP = 0.5  # ... and spans at least this share of the row's width
MAX_READS = 3  # rows read again per page at most
RIGHT_COLUMN = 0.45  # a row under a line that starts this far right is the right header column's (the motto, the
# date line: ``handwriting.fields.reread_header_line`` reads a lost date line level with the number line)
LOST_LINE_CONFIDENCE = 0.6  # a re-read line's words are kept when their mean OCR confidence reaches this ...
MIN_LETTERS = 4  # ... and they hold this many letters
DEBRIS_CONFIDENCE = 0.3  # a read line under this mean confidence, or half signs, is debris: its ink is not read


def reread_lost_lines(page: "OcrPage", image: "Image.Image",
                      read_crop: Callable[["Image.Image"], list[OcrWord]]) -> int:
    """Put back into ``page`` the header rows OCR left out (see the module's text); ``image`` is the page as
    Tesseract read it, ``read_crop(image)`` reads an image as one text line (its words in its own coordinates).
    Returns how many lines were put back."""
    if not page.lines or image.size != (page.width, page.height):
        return 0
    bottom = int(page.height * TOP_SHARE)
    top_lines = [line for line in page.lines if line.box[1] < bottom]
    heights = [w.box[3] - w.box[1] for line in top_lines for w in line.words if any(c.isalpha() for c in w.text)]
    if len(heights) < 5:
        return 0
    height = median(heights)
    added = 0
    read = [line for line in page.lines if _read_as_text(line.words)]
    read_ids = {id(line) for line in read}
    debris = [line for line in page.lines if id(line) not in read_ids]
    debris_ids = {id(line) for line in debris}
    grey = np.asarray(image if image.mode == "L" else image.convert("L"))[:bottom]
    # the rows are looked for at half the resolution (a row of text is tens of pixels tall; the time is halved)
    ink = grey[::STEP, ::STEP] < INK_BELOW
    # ruled lines and streaks (a fax's, the rule under a title) are no text: a row is read without them
    rules = ink & ~erase_rules(ink, int(RULE_LENGTH * height / STEP))
    ink &= ~rules
    boxes = [tuple(v // STEP for v in line.box) for line in read]
    for row in lost_rows(ink, boxes, height / STEP)[:MAX_READS]:
        box = tuple(v * STEP for v in row)
        anchor = _line_above(page.lines, box, height)
        if anchor is None or anchor.box[0] >= RIGHT_COLUMN * page.width:
            continue
        if any(_overlap(box[0], box[2], line.box[0], line.box[2]) and _overlap(box[1], box[3], line.box[1], line.box[3])
               and not _inside(line.box, box) for line in debris):
            continue  # (debris OCR read over the row and beyond it: what it holds of the row is not known)
        pad = int(0.3 * height)
        # (a row under a line set close above it has its top cut by that line's cover: the crop reaches
        # TALL_CROP text heights above the row's foot, so the marks over its capitals are read: ``TRUYỀN``)
        top = min(box[1] - pad, box[3] - int(TALL_CROP * height))
        x0, y0, x1, y1 = max(0, box[0] - pad), max(0, top), min(page.width, box[2] + pad), box[3] + pad
        part = grey[y0:y1, x0:x1]
        under = rules[y0 // STEP:, x0 // STEP:].repeat(STEP, 0).repeat(STEP, 1)[y0 % STEP:, x0 % STEP:]
        crop = np.where(under[:part.shape[0], :part.shape[1]], 255, part).astype(np.uint8)
        words = [OcrWord(w.text, w.confidence, (w.box[0] + x0, w.box[1] + y0, w.box[2] + x0, w.box[3] + y0))
                 for w in read_crop(Image.fromarray(crop)) if any(ch.isalnum() for ch in w.text)]  # (no specks)
        if not _reads_as_words(words):
            continue
        # the debris OCR read there instead (``" rT^*^``) gives way
        page.lines = [line for line in page.lines if not (id(line) in debris_ids and _inside(line.box, box))]
        at = page.lines.index(anchor) + 1
        page.lines.insert(at, OcrLine(sorted(words, key=lambda w: w.box[0]), paragraph=anchor.paragraph))
        added += 1
    if added:
        page.warnings.append(f"{added} header line(s) OCR left out read again on their own")
    return added


def lost_rows(ink: np.ndarray, read_boxes: list[Box], height: float) -> list[Box]:
    """The boxes of rows of text in the ``ink`` mask (page coordinates, from its top left) that no read line covers:
    rows ``ROW_HEIGHT`` text heights tall, cut at gaps wider than ``WORD_GAP`` into pieces at least ``MIN_WIDTH``
    wide with an ink ``DENSITY`` of text; none level with a read line beside it (``WORD_GAP`` or nearer)."""
    ink = ink.copy()
    rows, cols = ink.shape
    slack = int(COVER_SLACK * height)
    for x0, y0, x1, y1 in read_boxes:
        if y0 < rows:
            ink[max(0, y0 - slack):min(rows, y1 + slack), max(0, x0 - slack):min(cols, x1 + slack)] = False
    per_row = ink.sum(axis=1)
    found: list[Box] = []
    for y0, y1 in _runs(per_row >= ROW_MIN_INK, ROW_GAP):
        if not ROW_HEIGHT[0] * height <= y1 - y0 <= ROW_HEIGHT[1] * height:
            continue
        band = ink[y0:y1]
        for x0, x1 in _runs(band.sum(axis=0) > 0, int(WORD_GAP * height)):
            if x1 - x0 < MIN_WIDTH * height:
                continue
            piece = band[:, x0:x1]
            ys = np.nonzero(piece.any(axis=1))[0]
            box = (x0, y0 + int(ys[0]), x1, y0 + int(ys[-1]) + 1)
            if not DENSITY[0] <= piece.sum() / piece.size <= DENSITY[1]:
                continue
            if any(_overlap(box[1], box[3], b[1], b[3]) * 2 >= box[3] - box[1]
                   and max(b[0] - box[2], box[0] - b[2]) <= WORD_GAP * height for b in read_boxes):
                continue  # level with a read line beside it: its own ink (a number written into its blank)
            found.append(box)
    return found


def _runs(on: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """(start, end) of the runs of True in ``on``, runs at most ``gap`` apart joined."""
    idx = np.nonzero(on)[0]
    if not len(idx):
        return []
    runs, start, last = [], int(idx[0]), int(idx[0])
    for i in idx[1:]:
        if i - last > gap + 1:
            runs.append((start, last + 1))
            start = int(i)
        last = int(i)
    runs.append((start, last + 1))
    return runs


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _line_above(lines: list[OcrLine], box: Box, height: float) -> "OcrLine | None":
    """The read line the row continues: the nearest above it, ending at most ``UNDER_REACH`` text heights over it,
    spanning ``MIN_OVERLAP`` of its width."""
    best = None
    for line in lines:
        x0, y0, x1, y1 = line.box
        gap = box[1] - y1
        if gap < -0.3 * height or gap > UNDER_REACH * height:
            continue
        if _overlap(box[0], box[2], x0, x1) < MIN_OVERLAP * (box[2] - box[0]):
            continue
        if best is None or y1 > best.box[3]:
            best = line
    return best


def _read_as_text(words: list[OcrWord]) -> bool:
    """Whether OCR read a line as text (its ink is read), not as debris (``" rT^*^``, ``«Đ›``): half its
    characters letters or digits, and a mean confidence of ``DEBRIS_CONFIDENCE``, a word of two letters or more
    read sure, or a symbol (a number line whose handwriting OCR read as noise: ``Số: ỞØ/TTr-UBND``)."""
    if not words:
        return False
    chars = "".join(w.text for w in words)
    alnum = sum(ch.isalnum() for ch in chars)
    sure_word = any(w.confidence >= LOST_LINE_CONFIDENCE and sum(ch.isalpha() for ch in w.text) >= 2 for w in words)
    # (a symbol, ``ỞØ/TTr-UBND``: the number line, handwriting over it, is the handwriting re-read's)
    symbol = any(("/" in w.text or "-" in w.text) and sum(ch.isupper() for ch in w.text) >= 2 for w in words)
    return alnum * 2 >= len(chars) and (sure_word or symbol
                                        or sum(w.confidence for w in words) / len(words) >= DEBRIS_CONFIDENCE)


def _inside(box: Box, row: Box) -> bool:
    """Whether a debris line's box lies mostly inside a lost row's (half its height and width overlap)."""
    return (_overlap(box[1], box[3], row[1], row[3]) * 2 >= box[3] - box[1]
            and _overlap(box[0], box[2], row[0], row[2]) * 2 >= box[2] - box[0])


def _reads_as_words(words: list[OcrWord]) -> bool:
    letters = sum(ch.isalpha() for w in words for ch in w.text)
    if not words or letters < MIN_LETTERS:
        return False
    return sum(w.confidence for w in words) / len(words) >= LOST_LINE_CONFIDENCE
