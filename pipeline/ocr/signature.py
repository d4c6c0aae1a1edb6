"""Re-read the signature block (khối chữ ký) of a page when the page's OCR lost the signer's name under a stamp.

In the Decree-30 layout the signature block (authority, position, the signer's name) stands in the right half of
the last page, level with the ``Nơi nhận:`` (recipients) list in the left half. A red stamp (con dấu) is dropped
before OCR (``ocr.clean_page``), but on a black-and-white scan the stamp is as black as the text. Over the
signature it joins the name, the signature stroke and the seal into one blob that Tesseract's page layout
analysis often takes for a picture, so the name never reaches the text (a dev scan printed ``Phạm Trường Thọ``
under its seal and read ``/S Th W” T.CH``).

``reread_signature_block`` looks for that case on one OCR page:

1. the ``Nơi nhận`` line in the left part of the page gives the band (from a little above it, down a third of
   the page) whose right half holds the signature block; where OCR lost that heading, the list's last line, the
   filing line (``Lưu: VT, ...``, filed at the issuing office), gives it from further up;
2. if no line of that right half reads as a person's name (a family name, ``lexicon.SURNAMES``, and one to
   three more title-case words), the right half of the band is cut out and read again on its own, Tesseract
   treating it as one column of text (``--psm 4``), where the seal no longer hides the lines below it;
3. when the seal still hides the name, the crop is read again with only its darkest ink kept
   (``INK_LEVELS``): a grey scan prints the seal (red on paper) lighter than the black type, so a fixed
   threshold drops the ring and keeps the letters it crosses. Lighter thresholds are tried first, as a low one
   thins the tone marks;
4. only when such a reading has a name line do its lines replace the first reading's lines of that
   region, read after the left column's lines beside it; otherwise the page is left as it was.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from pipeline.lexicon import SURNAMES
from pipeline.text import strip_marks
from pipeline.types import OcrLine, OcrPage, OcrWord, PageImage

if TYPE_CHECKING:  # pragma: no cover
    from pipeline.ocr.engine import OcrEngine

BAND_ABOVE = 0.03  # the band starts this share of the page height above the Nơi nhận line ...
BAND_BELOW = 0.30  # ... and ends this far below it
FILING_ABOVE = 0.15  # from the filing line (Lưu:), the band starts this far above it ...
FILING_BELOW = 0.18  # ... and ends this far below it
INK_LEVELS = (80, 60, 40)  # grey levels (0 black) below which a pixel is kept as ink, lightest first
GREY_SHARE = 0.002  # the crop is grey (not already black and white) when this share of its pixels is mid-grey
INK_DOUBT = 0.4  # a name word two thresholds spell differently: at most this (its name is listed for review)
RIGHT_HALF = 0.45  # the signature block's column starts this far across the page
ANCHOR_LEFT = 0.35  # the Nơi nhận line starts in this left share of the page
NAME_CONFIDENCE = 0.6  # every word of a re-read name line is at least this confident
REREAD_PSM = 4  # one column of text of variable sizes

_SURNAME_KEYS = frozenset(strip_marks(s).lower() for s in SURNAMES)
_RECIPIENTS = re.compile(r"^[\W_]{0,3}n[o0]i\s*nh[a4]n", re.IGNORECASE)  # after a speck or two: ". Nơi nhận:"
_FILING = re.compile(r"^[\W_]{0,3}l[uư]u\s*[:.;]", re.IGNORECASE)


def _words(words: list[OcrWord]) -> list[OcrWord]:
    """The words with a letter in them: a list dash or a speck is no word of a name."""
    return [w for w in words if any(ch.isalpha() for ch in w.text)]


def name_words(line: "OcrLine") -> list[OcrWord]:
    """The line's words with a letter in them (a list dash or a speck is no word of a name)."""
    return _words(line.words)


def looks_like_name(line: "OcrLine", min_confidence: float = 0.0, near: bool = False) -> bool:
    """A person's name on a line of its own: a family name then one to three more words, all in title case;
    ``near``: a family name with one letter misread will do (``Đã Thế Thọ`` for Đỗ), with two more words or three."""
    words = _words(line.words)
    if not 2 <= len(words) <= 4 or any(w.confidence < min_confidence for w in words):
        return False
    texts = [w.text.strip(".,;:") for w in words]
    if not all(t.isalpha() and t[0].isupper() and (len(t) == 1 or t[1:].islower()) for t in texts):
        return False
    family = strip_marks(texts[0]).lower()
    if family in _SURNAME_KEYS:
        return True
    return near and len(texts) >= 3 and len(family) >= 2 and any(
        len(key) == len(family) and sum(a != b for a, b in zip(key, family)) == 1 for key in _SURNAME_KEYS)


def recipients_line(page: "OcrPage") -> "OcrLine | None":
    """The ``Nơi nhận`` line in the left part of the page, if any."""
    for line in page.lines:
        if line.box[0] < ANCHOR_LEFT * page.width and _RECIPIENTS.match(strip_marks(line.text)):
            return line
    return None


def filing_line(page: "OcrPage") -> "OcrLine | None":
    """The filing line (``- Lưu: VT, ...``), the last of the recipients list, in the left part of the page."""
    for line in page.lines:
        if line.box[0] < ANCHOR_LEFT * page.width and _FILING.match(strip_marks(line.text)):
            return line
    return None


def signature_band(page: "OcrPage", anchor: "OcrLine", filing: bool = False) -> tuple[int, int, int, int]:
    """The page region (x0, y0, x1, y1) that holds the signature block beside the Nơi nhận list (``anchor``: its
    heading, or its filing line when ``filing``)."""
    above, below = (FILING_ABOVE, FILING_BELOW) if filing else (BAND_ABOVE, BAND_BELOW)
    y0 = max(0, int(anchor.box[1] - above * page.height))
    y1 = min(page.height, int(anchor.box[1] + below * page.height))
    return int(RIGHT_HALF * page.width), y0, page.width, y1


def ink_readings(crop: "Image.Image") -> list["Image.Image"]:
    """Thresholded copies of a grey ``crop`` keeping only its darker ink, lightest threshold first; none for a crop
    that is black and white already (a threshold would change nothing)."""
    grey = np.asarray(crop)
    if np.count_nonzero((grey > INK_LEVELS[-1]) & (grey < 200)) < GREY_SHARE * grey.size:
        return []
    return [Image.fromarray(np.where(grey < level, 0, 255).astype(np.uint8)) for level in INK_LEVELS]


def _inside(line: "OcrLine", band: tuple[int, int, int, int]) -> bool:
    x0, y0, x1, y1 = line.box
    return x0 >= band[0] and band[1] <= (y0 + y1) / 2 <= band[3]


def reread_signature_block(original: "PageImage", page: "OcrPage", engine: "OcrEngine") -> bool:
    """Re-read the signature block of ``page`` from the page as scanned when its OCR has no signer's name there (see
    the module's text); True when the page's lines were replaced."""
    if not page.width or not page.height:
        return False
    anchor, filing = recipients_line(page), False
    if anchor is None:
        anchor, filing = filing_line(page), True
    if anchor is None:
        return False
    band = signature_band(page, anchor, filing)
    if any(looks_like_name(line) for line in page.lines if _inside(line, band)):
        return False  # the block was read
    if original.image.size != (page.width, page.height):
        return False
    # the block cut out of the page as scanned, read on its own in the same engine (no process, no file)
    crop = original.image.crop(band).convert("L")
    read = lambda image: _read_band(image, band, page.number, engine)  # noqa: E731
    lines = read(crop)
    if _name_line(lines) is None:
        inked = ink_readings(crop)
        readings = [lines]
        for k, image in enumerate(inked):
            lines = read(image)
            readings.append(lines)
            name = _name_line(lines)
            if name is not None:
                # marks are what a threshold thins first: a neighbouring threshold must read the name the same
                other = _name_line(read(inked[k + 1] if k + 1 < len(inked) else inked[k - 1]))
                _doubt_unconfirmed(name, other)
                break
        else:
            lines = _name_word_by_word(readings) or _near_surname_reading(readings)
            if lines is None:
                return False
    kept = [line for line in page.lines if not _inside(line, band)]
    # the block is read after the left column beside it: after the last line left whose middle is in the band
    at = max((k + 1 for k, line in enumerate(kept) if band[1] <= (line.box[1] + line.box[3]) / 2 <= band[3]),
             default=len(kept))
    for line in lines:
        line.starts_paragraph = True
    page.lines = kept[:at] + lines + kept[at:]
    return True


def _read_band(image: "Image.Image", band: tuple[int, int, int, int], number: int, engine: "OcrEngine") -> list[OcrLine]:
    """The lines of ``image`` (the band cut out of the page) read as one column, in page coordinates."""
    dx, dy = band[0], band[1]
    return [OcrLine([OcrWord(w.text, w.confidence, (w.box[0] + dx, w.box[1] + dy, w.box[2] + dx, w.box[3] + dy))
                     for w in line.words], paragraph=(1000 + line.paragraph[0], line.paragraph[1]))
            for line in engine.recognise(PageImage(image), number, psm=REREAD_PSM).lines]


def _name_line(lines: list[OcrLine]) -> "OcrLine | None":
    return next((line for line in lines if looks_like_name(line, NAME_CONFIDENCE)), None)


def _name_word_by_word(readings: list[list[OcrLine]]) -> "list[OcrLine] | None":
    """When no reading of the band has a name line sure in every word, the name put together word by word: the
    name-shaped lines of all readings (``looks_like_name`` at any confidence) on the row of the surest one, with as
    many words as it, each word the surest reading of that word (a seal's ring crossing ``Lê`` at one threshold and
    ``Hữu`` at another). Every word must then be ``NAME_CONFIDENCE`` sure; a word no other reading spells the same
    gets at most ``INK_DOUBT`` (the name is listed for review). Returns the lines of the reading that holds the
    surest name-shaped line, that line replaced; None when there is no name to put together."""
    shaped = [(k, line, _words(line.words)) for k, lines in enumerate(readings) for line in lines
              if looks_like_name(line)]
    if not shaped:
        return None
    k0, first, first_words = max(shaped, key=lambda row: sum(w.confidence for w in row[2]) / len(row[2]))
    top, bottom = first.box[1], first.box[3]
    rows = [words for _, line, words in shaped
            if min(bottom, line.box[3]) - max(top, line.box[1]) > 0.5 * (bottom - top)
            and len(words) == len(first_words)]
    name_words = []
    for i in range(len(first_words)):
        spellings = [row[i] for row in rows]
        best = max(spellings, key=lambda w: w.confidence)
        if best.confidence < NAME_CONFIDENCE:
            return None
        confirmed = sum(w.text == best.text for w in spellings) > 1
        name_words.append(OcrWord(best.text, best.confidence if confirmed else min(best.confidence, INK_DOUBT),
                                  best.box))
    name = OcrLine(name_words, paragraph=first.paragraph)
    return [name if line is first else line for line in readings[k0]]


def _near_surname_reading(readings: list[list[OcrLine]]) -> "list[OcrLine] | None":
    """The first reading with a name line whose family name has one letter misread (``Đã Thế Thọ``), every word
    ``NAME_CONFIDENCE`` sure: that family name gets at most ``INK_DOUBT`` (the name is listed for review, and the
    parser may mend it from the family names). None when no reading has one."""
    for lines in readings:
        for line in lines:
            if looks_like_name(line, NAME_CONFIDENCE, near=True):
                first = _words(line.words)[0]
                first.confidence = min(first.confidence, INK_DOUBT)
                return lines
    return None


def _doubt_unconfirmed(name: OcrLine, other: "OcrLine | None") -> None:
    """Words of ``name`` that ``other`` (another reading) does not spell the same get a confidence of at most
    ``INK_DOUBT``: their marks are in doubt; the parser's names prior may settle them, and the name is listed for
    review."""
    words = _words(name.words)
    again = [w.text for w in _words(other.words)] if other is not None else []
    for k, word in enumerate(words):
        if k >= len(again) or again[k] != word.text or len(again) != len(words):
            word.confidence = min(word.confidence, INK_DOUBT)


NAME_LINE_PSM = 7  # the line as one line of text
NAME_REREAD_MIN = 0.8  # a re-read word this confident may change the marks of the word it re-reads
NAME_DISAGREE_CONFIDENCE = 0.5  # two readings of a word that differ in marks, neither this sure: at most this


def reread_name_lines(page: "OcrPage", cleaned: "PageImage", engine: "OcrEngine") -> int:
    """Read every line of the right half that looks like a signer's name again on its own, as one text line.

    Inside a page of text, Tesseract reads a bold name under a signature with less care for its tone marks than it
    reads the same line alone (a dev scan's ``Tuân`` for ``Tuấn``). The re-read may only change marks: where it
    gives the same words folded (``tuan`` = ``tuan``), a confident re-read word replaces the first reading's and
    brings its confidence. Where the two readings differ in marks and neither is confident
    (``NAME_REREAD_MIN``), the word keeps its first reading with a confidence of at most
    ``NAME_DISAGREE_CONFIDENCE``: its marks are in doubt, and the parser's names prior (``parse/names.py``)
    settles them. Returns the number of words changed."""
    changed = 0
    for line in page.lines:
        if line.box[0] < RIGHT_HALF * page.width or not looks_like_name(line):
            continue
        x0, y0, x1, y1 = line.box
        pad = y1 - y0
        box = (max(0, x0 - pad), max(0, y0 - pad // 2), min(page.width, x1 + pad), min(page.height, y1 + pad // 2))
        again = [w for w in _words(engine.recognise(cleaned, page.number, box=box, psm=NAME_LINE_PSM).words)
                 if w.confidence >= 0.5]
        words = _words(line.words)
        if len(again) != len(words):
            continue
        if any(strip_marks(a.text).lower() != strip_marks(w.text).lower() for a, w in zip(again, words)):
            continue
        for first, second in zip(words, again):
            if second.text == first.text:
                continue
            if second.confidence >= NAME_REREAD_MIN:
                first.text, first.confidence = second.text, second.confidence
                changed += 1
            elif first.confidence < NAME_REREAD_MIN:
                first.confidence = min(first.confidence, NAME_DISAGREE_CONFIDENCE)
    return changed
