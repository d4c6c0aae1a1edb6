"""Read again, on its own, a line of page 1's top part that holds a word OCR was unsure of: the subject's lines,
then the header's.

Inside a page, Tesseract now and then reads one word of a bold title line as garble (``HINH`` for ``giao``,
``Triển In`` for ``Triển khai``) where the same line, cut out and read as one text line (its single-line mode, on
the page Tesseract read), reads right and sure. Here each line of the top part (``TOP_SHARE``: the header, the
title, a ``V/v`` subject) with a word under ``WEAK_WORD`` is read again, at most ``MAX_READS`` of them: first those
under the header's date line (``ngày ... tháng ... năm 2021``), top down (the title's lines come before the
preamble's), then the header's lines above it (``TỈNH KIÊN GIANG`` read ``TỈNH KIÊN/0.00 GIANG/0.00``). The date
line and the number line level with it are left to their own re-reads (see handwriting/). The re-read takes the
line's place by ``merged`` when it reads the same line: its letters, marks and case folded, agree with the first
reading's to ``SAME_LINE`` (a re-read that took in a neighbour's ink, or read nothing, changes nothing). The two
readings are aligned word by word on their letters:

- a word both read with the same letters keeps the surer reading (a sure word's tone does not give way to a less
  sure one's: ``Điền`` read 0.96 sure, ``Điên`` 0.91 on its own);
- where they differ (``HINH`` against ``giao``, ``.Ò _ Đặc`` against ``Bắc``, a word the first reading lost),
  the re-read's words are taken when it is sure of every one of them (``WEAK_WORD``), its weakest is at least
  ``GAIN`` surer than the first reading's weakest there and no less sure than any syllable it replaces (``TỈNH``
  0.90 ``TUYỂN`` 0.37 is not given up for ``TỈNHTUYEN`` 0.77; garble read sure, ``trên k ¡a bàn``, gives way),
  and when they hold the same numbers word for word: a number or day the digit reader wrote into the line is
  never undone here, nor a day split or glued to its neighbour (``O0 2tháng`` for ``02 tháng``). Otherwise the
  first reading stays (``Triển In`` is not given up for an unsure ``luc khai``). A word taken so stays in doubt
  (``DISAGREED``: the two readings disagree on it, and the review lists the field it is in, with its weakest word);
- a stroke or speck the first reading has and the re-read does not (``\\``) goes.

The crop is the line's print alone (``line_crop``: each word's own rows, so a line slanting with the page keeps
its marks), widened by a text height at each end, set on white paper with a margin above and below: a band cut
straight across the page takes in the ink of the lines above and below, and single-line mode then reads nothing
or garble, while a crop cut flush with the marks loses them (``thong`` for ``thông``). A stroke or speck read at
either end of the re-read (no letter or digit, or a weak token in the crop's widened margin, beyond the first
reading's words: ``mm Triển khai``) is left out.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Callable

from PIL import Image
from rapidfuzz import fuzz

from pipeline.ocr.handwriting.fields import YEAR_TOKEN
from pipeline.ocr.layout import has_text, text_extent
from pipeline.text import is_syllable_shape, strip_marks
from pipeline.types import OcrWord

if TYPE_CHECKING:  # pragma: no cover
    from pipeline.types import OcrLine, OcrPage

Box = tuple[int, int, int, int]

TOP_SHARE = 0.35  # the header, the title and a V/v subject lie in this top share of page 1
WEAK_WORD = 0.6  # a word OCR read with less confidence than this makes its line worth reading again
MIN_WORDS = 2  # ... when the line has this many words with a letter (no lone heading word, no stroke)
MAX_READS = 4  # lines read again per page at most, top down
SAME_LINE = 80  # the folded letters of the two readings agree to this (rapidfuzz ratio, 0..100)
GAIN = 0.2  # where the readings differ, the re-read's weakest word is this much surer than the first's there
DISAGREED = 0.45  # a word the two readings read differently is at most this sure (the field it is in is listed)
EDGE_CONFIDENCE = 0.8  # a token of the re-read's margin read under this is a stroke or a speck
TALL = 1.3  # a word box taller than this many times the line's median took in a neighbour's ink
ABOVE, BELOW = 0.15, 0.15  # a word's band reaches this share of a text height above and below its box
MARGIN = 0.5  # white paper above and below the line's crop, in line heights


def reread_weak_lines(page: "OcrPage", image: Image.Image,
                      read_crop: Callable[[Image.Image], list[OcrWord]]) -> int:
    """Replace the words of the top part's weak lines by their single-line re-read where it is the same line read
    surer (see the module's text). ``image`` is the page as Tesseract read it; ``read_crop(crop)`` reads an image
    as one text line, its words' boxes in the crop's coordinates. Returns how many lines were replaced."""
    if image.size != (page.width, page.height):
        return 0
    grey = image if image.mode == "L" else image.convert("L")
    bottom = page.height * TOP_SHARE
    date_line = next((line for line in page.lines if line.box[1] < bottom and _is_date_line(line)), None)
    top = (date_line.box[1] + date_line.box[3]) / 2 if date_line is not None else 0
    weak = [line for line in page.lines if line.box[1] < bottom and _lettered(line.words) >= MIN_WORDS
            and _weakest(line.words) < WEAK_WORD
            and (line.box[1] > top or date_line is not None and line.box[3] <= date_line.box[1])]
    weak.sort(key=lambda line: (line.box[1] <= top, line.box[1]))  # the title's lines first, then the header's
    replaced = 0
    for line in weak[:MAX_READS]:
        crop, (dx, dy) = line_crop(grey, line.words)
        again = _trimmed([OcrWord(w.text, w.confidence, (w.box[0] + dx, w.box[1] + dy, w.box[2] + dx, w.box[3] + dy))
                          for w in read_crop(crop)], line.words)
        if not again or not same_line(line.words, again):
            continue
        words = merged(line.words, again)
        # (a word read alike and surer changes too: its confidence, ``Điền`` 0.39 in the page, 0.96 alone)
        if [(w.text, w.confidence) for w in words] == [(w.text, w.confidence) for w in line.words]:
            continue
        line.words = words
        replaced += 1
    if replaced:
        page.warnings.append(f"{replaced} header line(s) with an unsure word read again on their own")
    return replaced


def same_line(first: list[OcrWord], again: list[OcrWord]) -> bool:
    """Whether the re-read reads the line the first reading read (its letters, marks and case folded)."""
    return fuzz.ratio(_letters(first), _letters(again)) >= SAME_LINE


def merged(first: list[OcrWord], again: list[OcrWord]) -> list[OcrWord]:
    """The two readings of a line aligned word by word on their letters, each part taken from the reading the
    module's text says: the surer of two words read alike; the re-read where the two differ and it is sure of
    its words, surer than the first reading there and of the same numbers; no speck the re-read does not have."""
    keys, again_keys = [_key(w) for w in first], [_key(w) for w in again]
    out: list[OcrWord] = []
    for tag, i0, i1, j0, j1 in SequenceMatcher(None, keys, again_keys, autojunk=False).get_opcodes():
        olds, news = first[i0:i1], again[j0:j1]
        if tag == "equal":
            out.extend(old if old.confidence >= new.confidence else new for old, new in zip(olds, news))
        elif news and _weakest(news) >= max(WEAK_WORD, _weakest(olds, default=0.0) + GAIN, _surest(olds)) \
                and _numbers(olds) == _numbers(news):
            # the readings disagree here: the re-read's words are kept, in doubt
            out.extend(OcrWord(w.text, min(w.confidence, DISAGREED), w.box) for w in news)
        else:
            out.extend(w for w in olds if news or has_text(w))
    return out


def _trimmed(words: list[OcrWord], first: list[OcrWord]) -> list[OcrWord]:
    """The words without the strokes and specks read at either end: a token with no letter or digit, or one
    read under ``EDGE_CONFIDENCE`` beyond the ends of the first reading's words (in the widened crop's margin)."""
    left, right = text_extent(first)

    def speck(word: OcrWord) -> bool:
        if not has_text(word):
            return True
        middle = (word.box[0] + word.box[2]) / 2
        return word.confidence < EDGE_CONFIDENCE and not left <= middle <= right

    start, end = 0, len(words)
    while start < end and speck(words[start]):
        start += 1
    while end > start and speck(words[end - 1]):
        end -= 1
    return list(words[start:end])


def line_crop(grey: Image.Image, words: list[OcrWord]) -> tuple[Image.Image, tuple[int, int]]:
    """The line's print alone on white paper, and the page position of the crop's top left corner.

    Each word's own band is copied (its box's rows, from halfway to the word before to halfway to the word after;
    a word whose box OCR grew over a neighbour's ink, taller than ``TALL`` times the median, takes its neighbours'
    rows), reaching ``ABOVE`` of a text height higher (OCR's word box leaves out a tone mark stacked over a hat:
    the grave of ``Điền``) and ``BELOW`` lower, so a line that slants with the page's skew keeps its marks and
    leaves out the lines above and below; the first and last bands run a text height further out, and a
    ``MARGIN`` of white lies above and below."""
    texts = sorted((w for w in words if has_text(w)), key=lambda w: w.box[0]) or words
    heights = sorted(w.box[3] - w.box[1] for w in texts)
    height = heights[len(heights) // 2]
    rows = [(w.box[1], w.box[3]) if w.box[3] - w.box[1] <= TALL * height else None for w in texts]
    for k, band in enumerate(rows):
        if band is None:
            near = [b for b in rows[max(0, k - 1):k] + rows[k + 1:k + 2] if b is not None]
            rows[k] = (min(b[0] for b in near), max(b[1] for b in near)) if near else (
                texts[k].box[1], texts[k].box[1] + height)
    width, page_height = grey.size
    rows = [(max(0, y0 - int(ABOVE * height)), min(page_height, y1 + int(BELOW * height))) for y0, y1 in rows]
    left, right = max(0, texts[0].box[0] - height), min(width, texts[-1].box[2] + height)
    top, bottom = min(b[0] for b in rows), max(b[1] for b in rows)
    margin = max(1, int(MARGIN * height))
    crop = Image.new("L", (right - left, bottom - top + 2 * margin), 255)
    for k, (word, (y0, y1)) in enumerate(zip(texts, rows)):
        x0 = left if k == 0 else (texts[k - 1].box[2] + word.box[0]) // 2
        x1 = right if k == len(texts) - 1 else (word.box[2] + texts[k + 1].box[0]) // 2
        if x1 > x0 and y1 > y0:
            crop.paste(grey.crop((x0, y0, x1, y1)), (x0 - left, y0 - top + margin))
    return crop, (left, top - margin)


_PUNCTUATION = ".,;:!?()\"'“”‘’-–_"
_DATE_WORDS = {"ngay", "thang", "nam"}


def _is_date_line(line: "OcrLine") -> bool:
    """A line with a year and a word of the date's printed words (ngày, tháng, năm: day, month, year)."""
    return bool(YEAR_TOKEN.search(line.text)) and any(
        strip_marks(w.text).lower().strip(".,:;") in _DATE_WORDS for w in line.words)


def _surest(words: list[OcrWord]) -> float:
    """The highest confidence of a word spelt as a syllable (punctuation at its ends aside), 0 if none: garble read
    sure (``k ¡a`` for ``địa``) is no reading to keep."""
    return max((w.confidence for w in words if is_syllable_shape(w.text.strip(_PUNCTUATION))), default=0.0)


def _lettered(words: list[OcrWord]) -> int:
    return sum(1 for w in words if any(ch.isalpha() for ch in w.text))


def _weakest(words: list[OcrWord], default: float = 0.0) -> float:
    """The lowest confidence of a word with a letter or digit (a stroke's confidence says nothing of the text)."""
    return min((w.confidence for w in words if has_text(w)), default=default)


def _numbers(words: list[OcrWord]) -> list[str]:
    """The words that hold a digit, as read (``02``, ``2021;``): the same words, in the same order, are kept."""
    return [w.text.strip(".,;:") for w in words if any(ch.isdigit() for ch in w.text)]


def _key(word: OcrWord) -> str:
    """A word's letters and digits, marks and case folded (a stroke or a mark: itself)."""
    return "".join(ch for ch in strip_marks(word.text).lower() if ch.isalnum()) or word.text


def _letters(words: list[OcrWord]) -> str:
    return "".join(ch for w in words for ch in strip_marks(w.text).lower() if ch.isalpha())
