"""Read the marks of a signer's name from its letters' shapes.

Tesseract reads a bold name under a signature with no help from the language (a name may be any syllable), and its
stacked marks are where it slips: ``Ẩn`` read ``Ấn`` (a hook taken for an acute over the circumflex), ``Đinh`` read
``Đỉnh``, ``Vân`` read ``Vần``, ``Đức`` read ``Đúc``. The letters themselves it reads right. So the marks are read
again here, by typesetting:

1. each word of a name line (``signature.looks_like_name``) is typeset without its marks (``Ấn`` → ``An``; ``đ``
   kept) in the bold faces a page is printed in (``faces.PRINT_FACES``), sized and placed where it fits the scan's
   ink best near its OCR box; the face that fits the line's words best is kept for the whole line;
2. its letters are then fitted one by one, each from where the one before it ends (a scan's letter spacing drifts
   from the face's over a word);
3. every spelling of the word's letters that the corpus uses (``vocabulary_file.known_syllables``: ``An``, ``Án``,
   ``Ân``, ``Ấn``, ``Ẩn``, ``Ăn``) is typeset letter by letter at those places, and its marks, the ink it has outside
   the unmarked letters, are compared with the scan's ink outside them (each allowed to slide a pixel or two);
4. the spelling whose marks fit best replaces the OCR word when it beats the word as read by ``MARK_GAP`` (ink
   pixels, at a 50 px face) and has no fewer marks (a mark the faces put elsewhere than a real scan's print does
   is not proof it is missing: on the dev scans the fit read ``Tuấn`` as ``Tuân``, ``Nguyễn`` as ``Nguyên``),
   both the word and each of its letters fit the scan well (``WORD_FIT_MIN``,
   ``LETTER_FIT_MIN``: a word broken by noise, a letter's top wiped out with its mark, proves nothing about its
   marks).

A word changed so gets the confidence ``FITTED_CONFIDENCE``, that of a word OCR was sure of (the image decided: the
parser's names prior leaves a given name so read as it is, and still mends a family or middle name no name has),
and the page gets a warning that says what was changed. A word OCR read unsure (``CONFIRM_BELOW``: two readings
that differ in marks, a seal's threshold) whose spelling the fit finds clearly best gets that confidence too: the
two readings agree. On the name lines of four render sets the fit was not tuned on (probe19, probe20, probe21,
tune: 295 lines), 8 of 9 changes were right (one made a right word wrong: ``Tạ`` read ``Tả``), and 23 of 23 words
confirmed so; on the looked-at sets (233 lines), 13 of 13 and 22 of 22.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Optional

import numpy as np

from pipeline.ocr.faces import font, installed_faces, typeset_levels
from pipeline.ocr.handwriting.printed import grown
from pipeline.text import strip_marks

if TYPE_CHECKING:  # pragma: no cover
    from pipeline.types import OcrPage, PageImage

SIZE_STEPS = (0.92, 0.96, 1.0, 1.04, 1.08)  # the spread around the size the OCR box's width gives
WORD_SLIDE_X = 0.3  # text heights the unmarked word slides across from its OCR box ...
WORD_SLIDE_Y = 0.5  # ... and up and down
LETTER_SLIDE_X = 0.2  # face sizes a letter slides across from where the letter before it ends ...
LETTER_SLIDE_Y = 3  # ... and pixels up and down
MARK_SLIDE = 2  # pixels a spelling's marks slide every way
BASE_GROWTH = 2  # pixels the fitted unmarked letters are grown by before their ink is set aside
WORD_FIT_MIN = 0.45  # the unmarked word's fit (ink matched less ink missed, per template ink) for a change
LETTER_FIT_MIN = 0.5  # the same for each of its letters (a letter broken by noise proves nothing of its marks)
MARK_GAP = 3.5  # ink pixels (at a 50 px face) by which the best spelling's marks must beat the word as read
GAP_SIZE = 50  # the face size MARK_GAP is given at: it grows with the size's square
FITTED_CONFIDENCE = 0.9  # a word whose marks the fit changed or confirmed (the names prior then leaves it as read)
CONFIRM_BELOW = 0.6  # a word OCR read less sure than this (its marks in doubt) the fit may confirm
DOTLESS = {"i": "ı"}  # a letter typeset without the part its marks replace (an i's dot gives way to its tone mark)
MARKS_FITTED = "marks read from the letters' shapes"  # the page warning's words


@dataclass
class LetterFit:
    """An unmarked word's letters fitted to the scan: the face, its size, each letter's left-baseline origin and fit
    in the crop, and the fitted letters' ink."""

    face: str
    size: int
    origins: list[tuple[int, int]]
    letter_fits: list[float]
    letters: np.ndarray


def unmarked(word: str) -> str:
    """The word's letters without their vowel marks (``Ẩn`` → ``An``; ``Đ`` kept: it is a letter of its own)."""
    return "".join(ch if ch in "đĐ" else strip_marks(ch) for ch in word)


def mark_count(word: str) -> int:
    """How many marks the word's letters carry (``Ẩn``: 2, the circumflex and the hook; ``Đinh``: 0)."""
    return sum(unicodedata.combining(ch) > 0 for ch in unicodedata.normalize("NFD", word))


@lru_cache(maxsize=1)
def _spellings_index() -> dict[str, tuple[str, ...]]:
    from pipeline.vocabulary_file import known_syllables

    index: dict[str, list[str]] = {}
    for syllable in known_syllables():
        index.setdefault(unmarked(syllable), []).append(syllable)
    return {key: tuple(sorted(forms)) for key, forms in index.items()}


def spellings(word: str) -> list[str]:
    """The spellings of the word's letters the corpus uses, in the word's case (``Ấn``: An, Án, Ân, Ấn, Ẩn, Ăn),
    the word itself among them."""
    low = word.lower()
    forms = {f for f in _spellings_index().get(unmarked(low), ()) if len(f) == len(low)} | {low}
    if word[:1].isupper():
        return sorted(f[:1].upper() + f[1:] for f in forms)
    return sorted(forms)


def _typeset(text: str, face: str, size: int) -> tuple[np.ndarray, int, int]:
    """``text`` in ``face`` at ``size`` px, as ink levels in [0, 1], and its left-baseline origin in that array."""
    levels, x, y = typeset_levels(text, face, size)
    return levels / 255.0, x, y


@lru_cache(maxsize=1024)
def _fast_length(n: int) -> int:
    """The least length at least ``n`` with no prime factor above 5: an FFT of any other length is slow."""
    while True:
        m = n
        for p in (2, 3, 5):
            while m % p == 0:
                m //= p
        if m == 1:
            return n
        n += 1


def _correlate(window: np.ndarray, template: np.ndarray) -> np.ndarray:
    """The template's dot product with the window at every place it fits inside it."""
    H, W = window.shape
    h, w = template.shape
    shape = (_fast_length(H + h), _fast_length(W + w))
    full = np.fft.irfft2(np.fft.rfft2(window, shape) * np.conj(np.fft.rfft2(template, shape)), shape)
    return full[:H - h + 1, :W - w + 1]


def _best_place(ink: np.ndarray, template: np.ndarray, x: int, y: int, slide_x: int,
                slide_y: int) -> Optional[tuple[float, int, int]]:
    """Where ``template``'s top-left fits ``ink`` best within the slides around (x, y): (score, x, y), the score
    the template's ink matched less its ink missed (the squared difference, up to the window's own ink)."""
    H, W = ink.shape
    h, w = template.shape
    x0, y0 = max(0, x - slide_x), max(0, y - slide_y)
    window = ink[y0:min(H, y + h + slide_y), x0:min(W, x + w + slide_x)]
    if window.shape[0] < h or window.shape[1] < w:
        return None
    scores = 2 * _correlate(window, template) - float((template * template).sum())
    k = np.unravel_index(int(np.argmax(scores)), scores.shape)
    return float(scores[k]), x0 + int(k[1]), y0 + int(k[0])


def _paste(canvas: np.ndarray, array: np.ndarray, x: int, y: int) -> None:
    H, W = canvas.shape
    h, w = array.shape
    x0, y0, x1, y1 = max(0, x), max(0, y), min(W, x + w), min(H, y + h)
    if x1 > x0 and y1 > y0:
        canvas[y0:y1, x0:x1] = np.maximum(canvas[y0:y1, x0:x1], array[y0 - y:y1 - y, x0 - x:x1 - x])


def place_word(ink: np.ndarray, box: tuple[int, int, int, int], word: str,
               face: str) -> Optional[tuple[float, int, int, int]]:
    """The word's unmarked letters typeset in ``face`` and fitted to ``ink`` (darkness in [0, 1]) near its OCR
    ``box`` (step 1 of the module's text): (fit, size, x, baseline), the fit per template ink; None when it cannot
    be placed."""
    base = unmarked(word)
    x0, y0, x1, y1 = box
    height = max(1, y1 - y0)
    left, _, right, _ = font(face, 100).getbbox(base, anchor="ls")
    if right <= left:
        return None
    estimate = 100 * (x1 - x0) / (right - left)
    best = None
    for step in SIZE_STEPS:
        size = max(6, int(round(estimate * step)))
        template, ox, oy = _typeset(base, face, size)
        place = _best_place(ink, template, x0, y1 - template.shape[0], int(WORD_SLIDE_X * height),
                            int(WORD_SLIDE_Y * height))
        if place is None:
            continue
        fit = place[0] / float((template * template).sum())
        if best is None or fit > best[0]:
            best = (fit, size, place[1] + ox, place[2] + oy)
    return best


def fit_letters(ink: np.ndarray, word: str, face: str, placed: tuple[float, int, int, int]) -> LetterFit:
    """The word's unmarked letters, placed as a word (``place_word``), fitted one by one (step 2)."""
    _, size, x, baseline = placed
    loaded = font(face, size)
    origins: list[tuple[int, int]] = []
    letter_fits: list[float] = []
    letters = np.zeros(ink.shape, dtype=bool)
    for ch in unmarked(word):
        glyph, gx, gy = _typeset(DOTLESS.get(ch, ch), face, size)
        place = _best_place(ink, glyph, int(round(x)) - gx, baseline - gy, max(6, int(LETTER_SLIDE_X * size)),
                            LETTER_SLIDE_Y)
        if place is None:
            origins.append((int(round(x)), baseline))
            letter_fits.append(0.0)
        else:
            origins.append((place[1] + gx, place[2] + gy))
            letter_fits.append(place[0] / max(1e-6, float((glyph * glyph).sum())))
        mask = np.zeros(ink.shape)
        _paste(mask, glyph, origins[-1][0] - gx, origins[-1][1] - gy)
        letters |= mask > 0.4
        x = origins[-1][0] + loaded.getlength(DOTLESS.get(ch, ch))
    return LetterFit(face, size, origins, letter_fits, letters)


def mark_scores(ink: np.ndarray, word: str, fitted: LetterFit) -> dict[str, float]:
    """Each spelling of the word's letters (``spellings``) and how well its marks fit the ink outside the fitted
    letters (step 3): ink matched less ink missed; 0 for a spelling without marks."""
    base = unmarked(word)
    outside = ~grown(fitted.letters, BASE_GROWTH)
    rest = ink * outside
    scores = {}
    for spelling in spellings(word):
        marks = np.zeros(ink.shape)
        for (ch, plain), (ox, oy) in zip(zip(spelling, base), fitted.origins):
            if ch != plain or plain in DOTLESS:
                glyph, gx, gy = _typeset(ch, fitted.face, fitted.size)
                _paste(marks, glyph, ox - gx, oy - gy)
        marks *= outside
        rows, cols = np.flatnonzero((marks > 0.05).any(axis=1)), np.flatnonzero((marks > 0.05).any(axis=0))
        if not (marks > 0.3).any():
            scores[spelling] = 0.0
            continue
        ya, yb, xa, xb = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
        template = marks[ya:yb, xa:xb]
        place = _best_place(rest, template, xa, ya, MARK_SLIDE, MARK_SLIDE)
        scores[spelling] = place[0] if place else -float((template * template).sum())
    return scores


def refit_marks(ink: np.ndarray, words: list[tuple[str, tuple[int, int, int, int]]]) -> list[Optional[str]]:
    """For each (word, box) of one name line (boxes in ``ink``'s coordinates), the spelling its marks are read as
    when the fit is clear (step 4), else None: a spelling other than the word's when it beats the word as read by
    ``MARK_GAP``, the word itself when it beats every other spelling by as much."""
    faces = installed_faces("bold")
    if not faces or not words:
        return [None] * len(words)
    placed = {face: [place_word(ink, box, word, face) for word, box in words] for face in faces}
    face = max(faces, key=lambda f: sum(p[0] for p in placed[f] if p is not None))
    out: list[Optional[str]] = []
    for (word, _), place in zip(words, placed[face]):
        if place is None or place[0] < WORD_FIT_MIN or not word.isalpha() or len(spellings(word)) < 2:
            out.append(None)
            continue
        fitted = fit_letters(ink, word, face, place)
        scores = mark_scores(ink, word, fitted)
        ranked = sorted(scores, key=lambda s: scores[s], reverse=True)
        best = ranked[0]
        other = word if best != word else ranked[1]  # what the best spelling must beat
        gap = MARK_GAP * (fitted.size / GAP_SIZE) ** 2
        clear = scores[best] - scores[other] >= gap
        # a mark read that the fit finds nowhere is no proof it is not there: on real scans (Times New Roman, a
        # fainter print) a tone mark sits where the faces do not put it (Tuấn, Nguyễn, Hiền read without it)
        dropped = best != word and mark_count(best) < mark_count(word)
        out.append(best if clear and not dropped and min(fitted.letter_fits) >= LETTER_FIT_MIN else None)
    return out


def refit_name_marks(page: "OcrPage", cleaned: "PageImage") -> int:
    """Read again the marks of every name line in the right half of ``page`` (see the module's text) from the
    cleaned page; returns the number of words changed."""
    from pipeline.ocr.signature import RIGHT_HALF, looks_like_name, name_words

    changed = 0
    gray = None
    for line in page.lines:
        if line.box[0] < RIGHT_HALF * page.width or not looks_like_name(line):
            continue
        if gray is None:
            gray = cleaned.image.convert("L")
        x0, y0, x1, y1 = line.box
        h = y1 - y0
        region = (max(0, x0 - 2 * h), max(0, y0 - h), min(page.width, x1 + 2 * h), min(page.height, y1 + h))
        ink = 1.0 - np.asarray(gray.crop(region), dtype=np.float64) / 255.0
        words = name_words(line)
        boxes = [(w.box[0] - region[0], w.box[1] - region[1], w.box[2] - region[0], w.box[3] - region[1])
                 for w in words]
        for word, spelling in zip(words, refit_marks(ink, [(w.text, b) for w, b in zip(words, boxes)])):
            if spelling is None:
                continue
            if spelling == word.text:
                # the shapes confirm marks OCR was unsure of: two readings agree
                if word.confidence < CONFIRM_BELOW:
                    word.confidence = FITTED_CONFIDENCE
                continue
            page.warnings.append(f"signer's name: {word.text} read {spelling}, {MARKS_FITTED}")
            word.text, word.confidence = spelling, FITTED_CONFIDENCE
            changed += 1
    return changed
