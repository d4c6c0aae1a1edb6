"""Re-read the handwritten number and issue day of a Decree-30 page, which Tesseract reads as garbage.

Real scans carry the document number and the day (sometimes the month) written by hand into printed blanks:
``Số: 07 /CT-UBND`` (Số = number) and ``Quảng Ngãi, ngày 20 tháng 3 năm 2018`` (ngày = day, tháng = month,
năm = year). This module

1. locates those blanks from the page's OCR words (the ``Số`` word and the ``/symbol`` word to its right; the
   ``ngày``/``tháng``/``năm`` words of the date line), estimating where printed words really end from their
   expected widths when Tesseract merged handwriting into a word box (``ngày0?``, ``04tháng``);
2. cuts the ink in each blank into digit glyphs: ruled lines removed, connected components merged when they
   overlap in x, a blob wide enough to be two touching digits cut at a vertical-projection minimum when the
   classifier is surer of the two halves than of the whole;
3. classifies each glyph (deskewed, scaled to 28×28) with a small numpy MLP trained only on synthetic renders
   (handwriting fonts and hand-drawn stroke skeletons: ``models/build_digits.py`` → ``models/digits/``),
   with an 11th "not a digit" class for specks and fragments of printed letters;
4. picks the most probable digit string that is a valid value (day 1–31, month 1–12, number 1–4 digits),
   each glyph being a digit or skipped as "not a digit".

A clean OCR token (1–4 digits, confidence ≥ 0.8, not taller than the printed text beside it) is kept as is.
``reread_fields`` returns the reads; ``apply_field_reads`` writes them back into the OCR page's words so the
page text reads ``Số: 07/CT-UBND`` and ``ngày 20 tháng 3 năm 2018``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Sequence

import numpy as np

from .text import strip_marks

if TYPE_CHECKING:  # pragma: no cover
    from .ocr import OcrLine, OcrPage, OcrWord

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "digits" / "digits.npz"

GLYPH_SIZE = 28  # the classifier's input is a GLYPH_SIZE² image
GLYPH_BOX = 20  # the glyph is scaled so its longer side is GLYPH_BOX pixels
NOT_A_DIGIT = 10  # class index of "noise / printed fragment"

FAST_PATH_CONFIDENCE = 0.8  # a clean OCR digit token at least this confident is kept as it is ...
PRINTED_HEIGHT_RATIO = 1.25  # ... unless its box is this much taller than the printed symbol/year (handwriting)

Box = tuple[int, int, int, int]

_NUMBER_WORD = re.compile(r"^S[ốoôó6Ốơớ][:.;]?")


# ----------------------------------------------------------------------------------------------- results


@dataclass
class FieldRead:
    """One handwritten field: the digits read (None when nothing could be read), a 0..1 confidence, the crop
    box in page pixels, and whether the value came from the OCR text (fast path) or from the digit reader."""

    value: Optional[str]
    confidence: float
    box: Box
    source: str  # "ocr" | "reader"


@dataclass
class _Site:
    """Where a field sits among the OCR words: the word before the blank, the words inside it, the word after."""

    left: "OcrWord"
    inside: list["OcrWord"]
    right: "OcrWord"
    left_text: str  # what the left anchor should read once the blank is cut out of it ("Số:", "ngày", "tháng")
    right_text: str  # same for the right anchor ("/CT-UBND", "tháng", "năm")


@dataclass
class FieldReads:
    number: Optional[FieldRead] = None
    day: Optional[FieldRead] = None
    month: Optional[FieldRead] = None
    sites: dict[str, _Site] = field(default_factory=dict, repr=False)


# ----------------------------------------------------------------------------------------------- model


@dataclass(frozen=True)
class DigitModel:
    """A one-hidden-layer MLP over GLYPH_SIZE² glyph pixels plus the glyph's log aspect ratio."""

    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        hidden = np.maximum(features @ self.w1 + self.b1, 0.0)
        logits = hidden @ self.w2 + self.b2
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)


@lru_cache(maxsize=2)
def load_model(path: str = str(MODEL_PATH)) -> DigitModel:
    """Load the digit classifier once per process."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"digit model {path} is missing: build it with `python models/build_digits.py`")
    with np.load(path) as data:
        return DigitModel(*(data[k].astype(np.float32) for k in ("w1", "b1", "w2", "b2")))


# ----------------------------------------------------------------------------------------------- image ops


def load_gray(image_path: str) -> np.ndarray:
    from PIL import Image

    with Image.open(image_path) as image:
        return np.asarray(image.convert("L"), dtype=np.uint8)


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Dark pixels: Otsu's threshold over the crop, kept within [90, 190] so a blank crop stays blank."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return np.zeros_like(gray, dtype=bool)
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    w1 = total - w0
    mean_all = m0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean_all * w0 / total - m0) ** 2 / (w0 * w1)
    between = np.nan_to_num(between)
    threshold = int(np.clip(np.argmax(between), 90, 190))
    return gray < threshold


def label_components(mask: np.ndarray) -> tuple[np.ndarray, int]:
    """8-connected component labels of a boolean mask (run-length union-find; no scipy)."""
    height, width = mask.shape
    labels = np.zeros(mask.shape, dtype=np.int32)
    parent: list[int] = [0]

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    previous_runs: list[tuple[int, int, int]] = []
    padded = np.zeros(width + 2, dtype=np.int8)
    for y in range(height):
        padded[1:-1] = mask[y]
        edges = np.flatnonzero(np.diff(padded))
        runs = []
        for start, stop in zip(edges[::2], edges[1::2]):
            label = 0
            for p_start, p_stop, p_label in previous_runs:
                if p_start <= stop and p_stop >= start:  # touching, diagonals included
                    if label == 0:
                        label = find(p_label)
                    else:
                        a, b = find(label), find(p_label)
                        if a != b:
                            parent[max(a, b)] = min(a, b)
                            label = min(a, b)
            if label == 0:
                label = len(parent)
                parent.append(label)
            runs.append((int(start), int(stop), label))
            labels[y, start:stop] = label
        previous_runs = runs
    roots = np.array([find(i) for i in range(len(parent))], dtype=np.int32)
    _, compact = np.unique(roots, return_inverse=True)
    return compact[labels].astype(np.int32), int(compact.max())


@dataclass
class Blob:
    """A set of ink pixels (a mask over its own bounding box) at (x0, y0) in the crop."""

    x0: int
    y0: int
    mask: np.ndarray

    @property
    def x1(self) -> int:
        return self.x0 + self.mask.shape[1]

    @property
    def y1(self) -> int:
        return self.y0 + self.mask.shape[0]

    @property
    def width(self) -> int:
        return self.mask.shape[1]

    @property
    def height(self) -> int:
        return self.mask.shape[0]

    @property
    def area(self) -> int:
        return int(self.mask.sum())


def _blobs_from_labels(labels: np.ndarray, count: int) -> list[Blob]:
    blobs = []
    if count == 0:
        return blobs
    ys, xs = np.nonzero(labels)
    ids = labels[ys, xs]
    order = np.argsort(ids, kind="stable")
    ys, xs, ids = ys[order], xs[order], ids[order]
    bounds = np.flatnonzero(np.diff(ids)) + 1
    for part_y, part_x in zip(np.split(ys, bounds), np.split(xs, bounds)):
        x0, y0 = int(part_x.min()), int(part_y.min())
        mask = np.zeros((int(part_y.max()) - y0 + 1, int(part_x.max()) - x0 + 1), dtype=bool)
        mask[part_y - y0, part_x - x0] = True
        blobs.append(Blob(x0, y0, mask))
    return blobs


def _union(blobs: Sequence[Blob]) -> Blob:
    x0, y0 = min(b.x0 for b in blobs), min(b.y0 for b in blobs)
    x1, y1 = max(b.x1 for b in blobs), max(b.y1 for b in blobs)
    mask = np.zeros((y1 - y0, x1 - x0), dtype=bool)
    for b in blobs:
        mask[b.y0 - y0:b.y1 - y0, b.x0 - x0:b.x1 - x0] |= b.mask
    return Blob(x0, y0, mask)


def _crop_blob(blob: Blob, x_from: int, x_to: int) -> Optional[Blob]:
    """The part of a blob between two crop x positions, trimmed to its ink."""
    a, b = max(0, x_from - blob.x0), min(blob.width, x_to - blob.x0)
    if b <= a:
        return None
    part = blob.mask[:, a:b]
    rows = np.flatnonzero(part.any(axis=1))
    cols = np.flatnonzero(part.any(axis=0))
    if rows.size == 0:
        return None
    return Blob(blob.x0 + a + int(cols[0]), blob.y0 + int(rows[0]),
                part[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1])


def segment_glyphs(mask: np.ndarray, text_height: float, x_from: int = 0, x_to: Optional[int] = None,
                   split: bool = True, y_centre: Optional[float] = None) -> list[Blob]:
    """Cut the ink of a field crop into digit glyphs, left to right.

    ``mask`` covers the blank plus some margin; only ink whose centre lies in [x_from, x_to) is kept (blobs
    that straddle the boundary, a digit touching a printed word, are cut at it). ``text_height`` is the
    printed line's word-box height, the scale for every size test; ``y_centre`` the line's centre row (glyphs
    centred far above or below it belong to other lines or rules).
    """
    x_to = mask.shape[1] if x_to is None else x_to
    h = max(8.0, float(text_height))
    mask = _without_rules(mask, h)
    labels, count = label_components(erase_rules(mask, int(1.1 * h)))
    kept: list[Blob] = []
    for blob in _blobs_from_labels(labels, count):
        centre = (blob.x0 + blob.x1) / 2
        if blob.x1 <= x_from or blob.x0 >= x_to:
            continue
        if blob.x0 < x_from or blob.x1 > x_to:
            inside = min(blob.x1, x_to) - max(blob.x0, x_from)
            if not (x_from <= centre < x_to) and inside < 0.6 * h:
                continue  # mostly a neighbour's ink
            blob = _crop_blob(blob, x_from, x_to)
            if blob is None:
                continue
        if blob.area < 0.012 * h * h or max(blob.width, blob.height) < 0.15 * h:
            continue  # specks
        kept.append(blob)
    groups = _group_overlapping(kept, h)
    if y_centre is not None:
        groups = [g for g in groups if abs((g.y0 + g.y1) / 2 - y_centre) < 0.6 * h]
    if not groups:
        return []
    tallest = max(g.height for g in groups)
    groups = [g for g in groups if g.height >= 0.4 * tallest or g.width >= 0.4 * tallest]
    groups = [g for g in groups if g.height >= 0.25 * h]
    if not split:
        return groups
    glyphs: list[Blob] = []
    for g in groups:
        glyphs.extend(_split_wide(g))
    return glyphs


def _without_rules(mask: np.ndarray, h: float) -> np.ndarray:
    """Drop whole components shaped like ruled lines (long, flat), such as the rules under the header."""
    rows, starts, stops = _runs(mask)
    if mask.shape[1] <= 2.5 * h or not np.any(stops - starts >= 0.8 * h):
        return mask  # no long flat stroke anywhere: no rule
    labels, count = label_components(mask)
    if count == 0:
        return mask
    out = mask.copy()
    for blob in _blobs_from_labels(labels, count):
        if blob.width > 2.5 * h and blob.height < 0.45 * h:
            out[blob.y0:blob.y1, blob.x0:blob.x1] &= ~blob.mask
    return out


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Horizontal runs of ink: (row, start, stop) arrays."""
    height, width = mask.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    edges = np.diff(padded, axis=1)
    rows_start, starts = np.nonzero(edges == 1)
    _, stops = np.nonzero(edges == -1)
    return rows_start, starts, stops


def erase_rules(mask: np.ndarray, min_length: int) -> np.ndarray:
    """Remove horizontal runs of ink at least ``min_length`` long (ruled lines, which a digit may touch)."""
    rows, starts, stops = _runs(mask)
    long_runs = np.flatnonzero(stops - starts >= min_length)
    if long_runs.size == 0:
        return mask
    out = mask.copy()
    for i in long_runs:
        y = int(rows[i])
        out[max(0, y - 2):y + 3, starts[i]:stops[i]] = False  # the rule and its anti-aliased fringe
    return out


def _group_overlapping(blobs: list[Blob], text_height: float) -> list[Blob]:
    """Merge blobs that overlap in x by half the narrower one and nearly touch in y (a 5's detached bar,
    a 7's crossbar); a small mark far above or below a digit (a rule's remains, an accent) stays apart."""
    blobs = sorted(blobs, key=lambda b: -b.area)
    groups: list[list[Blob]] = []
    for blob in blobs:
        for group in groups:
            gx0, gx1 = min(b.x0 for b in group), max(b.x1 for b in group)
            gy0, gy1 = min(b.y0 for b in group), max(b.y1 for b in group)
            overlap = min(gx1, blob.x1) - max(gx0, blob.x0)
            gap_y = max(gy0 - blob.y1, blob.y0 - gy1, 0)
            if overlap > 0.5 * min(blob.width, gx1 - gx0) and gap_y < 0.2 * text_height:
                group.append(blob)
                break
        else:
            groups.append([blob])
    return sorted((_union(g) for g in groups), key=lambda b: b.x0)


def _split_wide(blob: Blob, pieces: Optional[int] = None, near: Optional[Sequence[float]] = None) -> list[Blob]:
    """Split a blob wider than one digit (or into ``pieces``) at the lightest columns near the even cuts
    (or near the given fractions of its width)."""
    width, height = blob.width, blob.height
    if pieces is None:
        pieces = int(round(width / (0.72 * height))) if width > 1.05 * height else 1
    pieces = max(1, min(pieces, 4))
    if pieces == 1:
        return [blob]
    targets = [f * width for f in near] if near is not None else [k * width / pieces for k in range(1, pieces)]
    column_ink = blob.mask.sum(axis=0).astype(np.float64)
    cuts = []
    for target in targets:
        lo, hi = int(max(1, target - 0.1 * width)), int(min(width - 1, target + 0.1 * width))
        if hi < lo:
            return [blob]
        window = column_ink[lo:hi + 1]
        # lightest column, ties broken towards the target
        score = window + 0.02 * np.abs(np.arange(lo, hi + 1) - target)
        cuts.append(lo + int(np.argmin(score)))
    out = []
    for a, b in zip([0, *cuts], [*cuts, width]):
        part = _crop_blob(blob, blob.x0 + a, blob.x0 + b)
        if part is not None:
            out.append(part)
    return out


def deskew(mask: np.ndarray) -> np.ndarray:
    """Shear a glyph so its main axis stands upright (the slant of handwriting varies from writer to writer)."""
    ys, xs = np.nonzero(mask)
    if ys.size < 5:
        return mask
    cy = ys.mean()
    var_y = ((ys - cy) ** 2).mean()
    if var_y <= 0:
        return mask
    alpha = float(np.clip(((xs - xs.mean()) * (ys - cy)).mean() / var_y, -0.7, 0.7))
    if abs(alpha) < 0.03:
        return mask
    from PIL import Image

    h, w = mask.shape
    pad = int(abs(alpha) * h) + 2
    # output (x, y) samples input (x - pad + alpha * (y - cy), y)
    coeffs = (1.0, alpha, -pad - alpha * cy, 0.0, 1.0, 0.0)
    image = Image.fromarray((mask * 255).astype(np.uint8)).transform((w + 2 * pad, h), Image.AFFINE, coeffs,
                                                                    resample=Image.BILINEAR)
    out = np.asarray(image) > 127
    cols = np.flatnonzero(out.any(axis=0))
    return out[:, cols[0]:cols[-1] + 1] if cols.size else mask


def glyph_features(blob: Blob) -> np.ndarray:
    """A glyph deskewed, scaled (aspect kept) into GLYPH_BOX, centred by its centre of mass on a GLYPH_SIZE²
    canvas, as floats 0..1, followed by its log aspect ratio."""
    from PIL import Image

    glyph = deskew(blob.mask)
    h, w = glyph.shape
    scale = GLYPH_BOX / max(h, w)
    nh, nw = max(1, int(round(h * scale))), max(1, int(round(w * scale)))
    image = Image.fromarray((glyph * 255).astype(np.uint8)).resize((nw, nh), Image.BILINEAR)
    small = np.asarray(image, dtype=np.float32) / 255.0
    canvas = np.zeros((GLYPH_SIZE, GLYPH_SIZE), dtype=np.float32)
    total = small.sum()
    if total > 0:
        cy = (small.sum(axis=1) * np.arange(nh)).sum() / total
        cx = (small.sum(axis=0) * np.arange(nw)).sum() / total
    else:
        cy, cx = nh / 2, nw / 2
    top = int(round(GLYPH_SIZE / 2 - cy))
    left = int(round(GLYPH_SIZE / 2 - cx))
    top = min(max(top, 0), GLYPH_SIZE - nh)
    left = min(max(left, 0), GLYPH_SIZE - nw)
    canvas[top:top + nh, left:left + nw] = small
    aspect = np.float32(np.log(max(w, 1) / max(h, 1)))
    return np.concatenate([canvas.ravel(), [aspect]]).astype(np.float32)


# ----------------------------------------------------------------------------------------------- reading


@dataclass
class DigitsRead:
    value: Optional[str]
    confidence: float
    glyphs: int


def read_digits(mask: np.ndarray, text_height: float, x_from: int = 0, x_to: Optional[int] = None,
                kind: str = "number", model: Optional[DigitModel] = None,
                y_centre: Optional[float] = None) -> DigitsRead:
    """Read the digits in the ink mask of a field crop: the most probable valid string for ``kind``
    ("number": 1–4 digits, "day": 1–31, "month": 1–12); glyphs classified "not a digit" are skipped."""
    model = model or load_model()
    groups = segment_glyphs(mask, text_height, x_from, x_to, split=False, y_centre=y_centre)
    if not groups:
        return DigitsRead(None, 0.0, 0)
    glyphs = [glyph for group in groups for glyph in _best_split(group, model)]
    probs = model.probabilities(np.stack([glyph_features(g) for g in glyphs]))
    if len(probs) > MAX_GLYPHS:  # keep the glyphs most like digits, in reading order
        keep = np.sort(np.argsort(probs[:, NOT_A_DIGIT])[:MAX_GLYPHS])
        probs = probs[keep]
    best = _best_valid(list(probs), kind)
    if best is None:
        return DigitsRead(None, 0.0, len(glyphs))
    value, confidence = best
    return DigitsRead(value, confidence, len(glyphs))


MAX_GLYPHS = 6
SKIP_PRIOR = 0.5  # ink inside a blank is more likely a digit than not: "not a digit" must be twice as likely
MIN_SPLIT_RATIO = 0.95  # a blob narrower than this (width / height) is one digit
SPLIT_PENALTY = 0.5  # log-probability a split must gain over reading the blob whole


def _best_split(blob: Blob, model: DigitModel) -> list[Blob]:
    """Read a blob whole or cut into 2–3 touching digits: the choice whose digits the classifier is surest of
    (sum of log max-probabilities, a small penalty per extra cut)."""
    ratio = blob.width / max(1, blob.height)
    options: list[list[Blob]] = [[blob]]
    if ratio > MIN_SPLIT_RATIO:
        options.extend(_split_wide(blob, 2, near=[f]) for f in (0.35, 0.5, 0.65))
    if ratio > 1.2:
        options.append(_split_wide(blob, 3))
    if ratio > 1.05 * 1.72:
        options = options[1:]  # far too wide for one digit
    if len(options) == 1:
        return options[0]
    best, best_score = options[0], -np.inf
    for option in options:
        if any(g.width < 3 or g.height < 0.4 * blob.height for g in option):
            continue
        probs = model.probabilities(np.stack([glyph_features(g) for g in option]))
        score = float(np.log(probs[:, :NOT_A_DIGIT].max(axis=1) + 1e-6).sum()) - SPLIT_PENALTY * (len(option) - 1)
        if score > best_score:
            best, best_score = option, score
    return best


def _valid(value: str, kind: str) -> bool:
    if kind == "day":
        return len(value) <= 2 and 1 <= int(value) <= 31
    if kind == "month":
        return len(value) <= 2 and 1 <= int(value) <= 12
    return 1 <= len(value) <= 4 and int(value) > 0


def _best_valid(glyph_probs: list[np.ndarray], kind: str) -> Optional[tuple[str, float]]:
    """The valid digit string with the highest product of per-glyph probabilities, each glyph being one of
    its 3 likeliest digits or skipped as "not a digit" (weighed by SKIP_PRIOR). Confidence: the geometric
    mean of the chosen probabilities (a per-glyph probability)."""
    options = []
    for p in glyph_probs:
        top = np.argsort(-p[:NOT_A_DIGIT])[:3]
        options.append([(str(int(d)), float(p[d])) for d in top] + [("", SKIP_PRIOR * float(p[NOT_A_DIGIT]))])
    best: Optional[tuple[str, float]] = None
    for combo in itertools.product(*options):
        value = "".join(c[0] for c in combo)
        if not value or not _valid(value, kind):
            continue
        score = float(np.prod([c[1] for c in combo]))
        if best is None or score > best[1]:
            best = (value, score)
    if best is None:
        return None
    return best[0], best[1] ** (1.0 / len(glyph_probs))


# ----------------------------------------------------------------------------------------------- locating


def _fold(text: str) -> str:
    """Lower case without diacritics (đ → d), for matching anchors OCR may have mis-accented."""
    return strip_marks(text.lower())


def _same_band(a: Box, b: Box) -> bool:
    """Whether two word boxes share a text line: their vertical centres are within half a word height."""
    ca, cb = (a[1] + a[3]) / 2, (b[1] + b[3]) / 2
    return abs(ca - cb) < 0.5 * max(a[3] - a[1], b[3] - b[1], 1)


def _band_words(words: list["OcrWord"], anchor: "OcrWord") -> list["OcrWord"]:
    return sorted((w for w in words if w is anchor or _same_band(w.box, anchor.box)), key=lambda w: w.box[0])


@dataclass
class _Blank:
    """A field's x interval [x_from, x_to) on the page, its line's text height and vertical centre."""

    x_from: int
    x_to: int
    text_height: float
    y_centre: float
    site: _Site
    ocr_token: Optional[tuple[str, float, Box]]  # the OCR text filling the blank, if one word (fast path)
    printed_height: float = 0.0  # box height of printed digits/capitals on the line (0: unknown)


def _median_height(words: Sequence["OcrWord"]) -> float:
    heights = sorted(w.box[3] - w.box[1] for w in words)
    return float(heights[len(heights) // 2]) if heights else 40.0


def _locate_number(page: "OcrPage") -> Optional[_Blank]:
    """The blank between ``Số:`` and ``/SYMBOL`` in the top third, left half of the page."""
    words = page.words
    candidates = [
        w for w in words
        if _NUMBER_WORD.match(w.text) and w.box[1] < page.height / 3 and w.box[0] < page.width / 2
    ]
    for so in sorted(candidates, key=lambda w: w.box[1]):
        band = [w for w in _band_words(words, so) if w.box[0] > so.box[0]]
        symbol = next((w for w in band if "/" in w.text), None)
        if symbol is None or symbol.box[0] - so.box[2] > 12 * (so.box[3] - so.box[1]):
            continue
        height = _median_height([so, symbol])
        so_end = so.box[2]
        so_text = so.text
        match = _NUMBER_WORD.match(so.text)
        if match and len(so.text) > match.end():  # "Số:07": handwriting merged into the Số word
            so_end = so.box[0] + int(round(1.3 * (so.box[3] - so.box[1])))
            so_text = "Số:"
        slash = symbol.text.index("/")
        symbol_start = symbol.box[0]
        if slash > 0:  # "6§0_/TB-UBND": estimate where the printed "/" starts from its share of the letters
            symbol_start = symbol.box[0] + int(round((symbol.box[2] - symbol.box[0]) * slash / len(symbol.text)))
        inside = [w for w in band if so.box[2] <= (w.box[0] + w.box[2]) / 2 and w.box[2] <= symbol.box[0] + 4
                  and w is not symbol]
        site = _Site(so, inside, symbol, so_text if so_text.startswith("S") else "Số:", symbol.text[slash:])
        token = None
        if so_text == so.text and slash == 0 and len(inside) == 1:
            token = (inside[0].text, inside[0].confidence, inside[0].box)
        elif so_text == so.text and not inside and slash > 0:  # "27/KH-LHH": printed number and symbol as one word
            token = (symbol.text[:slash], symbol.confidence, symbol.box)
        y_centre = (so.box[1] + so.box[3] + symbol.box[1] + symbol.box[3]) / 4
        return _Blank(so_end, symbol_start, height, y_centre, site, token, float(symbol.box[3] - symbol.box[1]))
    return None


def _is_word(text: str, target: str) -> bool:
    return _fold(text).strip(".,:;") == target


def _locate_date(page: "OcrPage") -> tuple[Optional[_Blank], Optional[_Blank]]:
    """The day blank (between ``ngày`` and ``tháng``) and the month blank (``tháng`` … ``năm``)."""
    words = page.words
    for day_word in sorted((w for w in words if "ngay" in _fold(w.text) and w.box[1] < page.height / 3),
                           key=lambda w: w.box[1]):
        band = [w for w in _band_words(words, day_word) if w.box[0] >= day_word.box[0]]
        month_word = next((w for w in band if "thang" in _fold(w.text) and w is not day_word), None)
        if month_word is None and "thang" in _fold(day_word.text):
            continue
        if month_word is None:
            continue
        year_word = next((w for w in band if _is_word(w.text, "nam") and w.box[0] > month_word.box[0]), None)
        anchors = ((day_word, "ngay"), (month_word, "thang"), (year_word, "nam"))
        clean = [w for w, target in anchors if w is not None and _is_word(w.text, target)]
        height = _median_height([w for w in (day_word, month_word, year_word) if w is not None])
        ngay_width, thang_width = _expected_widths(day_word, month_word, year_word, height)
        # day word: trust its right edge only when it reads exactly "ngày" and is not much wider than expected
        ngay_end = day_word.box[2]
        if not _is_word(day_word.text, "ngay") or day_word.box[2] - day_word.box[0] > 1.3 * ngay_width:
            ngay_end = day_word.box[0] + int(round(ngay_width))
        folded_month = _fold(month_word.text)
        thang_start, thang_end = month_word.box[0], month_word.box[2]
        if not folded_month.startswith("thang"):  # "04tháng"
            thang_start = month_word.box[2] - int(round(thang_width))
        elif not _is_word(month_word.text, "thang"):  # "tháng01"
            thang_end = month_word.box[0] + int(round(thang_width))
        elif month_word.box[2] - month_word.box[0] > 1.3 * thang_width:
            thang_end = month_word.box[0] + int(round(thang_width))
        y_centre = float(np.median([(w.box[1] + w.box[3]) / 2 for w in clean or [day_word]]))
        day_inside = [w for w in band if w.box[0] >= day_word.box[2] - 2 and w.box[2] <= month_word.box[0] + 2
                      and w not in (day_word, month_word)]
        day_inside += [w for w in band if w not in day_inside and w not in (day_word, month_word)
                       and day_word.box[0] < w.box[0] < month_word.box[0]]
        day_site = _Site(day_word, day_inside, month_word, "ngày", "tháng")
        anchors_clean = _is_word(day_word.text, "ngay") and _is_word(month_word.text, "thang")
        day_token = _token(day_inside) if anchors_clean else None
        printed = _printed_height(band, year_word)
        day_blank = _Blank(ngay_end, thang_start, height, y_centre, day_site, day_token, printed)
        month_blank = None
        if year_word is not None:
            month_inside = [w for w in band if month_word.box[0] < w.box[0] < year_word.box[0] and w is not month_word]
            month_site = _Site(month_word, month_inside, year_word, "tháng", year_word.text)
            month_token = _token(month_inside) if _is_word(month_word.text, "thang") else None
            month_blank = _Blank(thang_end, year_word.box[0], height, y_centre, month_site, month_token, printed)
        return day_blank, month_blank
    return None, None


def _printed_height(band: list["OcrWord"], year_word: Optional["OcrWord"]) -> float:
    """Box height of printed digits on the date line: the year after "năm" when it reads as digits."""
    if year_word is None:
        return 0.0
    year = next((w for w in band if w.box[0] > year_word.box[0]), None)
    if year is not None and re.fullmatch(r"\d{4}", year.text.strip(".,;")):
        return float(year.box[3] - year.box[1])
    return float(year_word.box[3] - year_word.box[1])


def _token(words: list["OcrWord"]) -> Optional[tuple[str, float, Box]]:
    return (words[0].text, words[0].confidence, words[0].box) if len(words) == 1 else None


def _expected_widths(day_word: "OcrWord", month_word: "OcrWord", year_word: Optional["OcrWord"],
                     height: float) -> tuple[float, float]:
    """Expected printed widths of "ngày" and "tháng" on this line, from a clean "năm" (ratios 1.16, 1.36),
    a clean "tháng" (ngày ≈ 0.85 tháng) or the text height."""
    if year_word is not None and _is_word(year_word.text, "nam"):
        nam = year_word.box[2] - year_word.box[0]
        return 1.16 * nam, 1.36 * nam
    if _is_word(month_word.text, "thang"):
        thang = month_word.box[2] - month_word.box[0]
        return 0.85 * thang, float(thang)
    return 2.1 * height, 2.5 * height


# ----------------------------------------------------------------------------------------------- entry points


def _fast(blank: _Blank, max_digits: int) -> Optional[FieldRead]:
    token = blank.ocr_token
    if token is None:
        return None
    text, confidence, box = token
    text = text.strip(".,")
    if not re.fullmatch(rf"\d{{1,{max_digits}}}", text) or confidence < FAST_PATH_CONFIDENCE:
        return None
    if blank.printed_height and box[3] - box[1] > PRINTED_HEIGHT_RATIO * blank.printed_height:
        return None  # taller than the printed text around it: handwriting that OCR happened to read as digits
    return FieldRead(text, confidence, box, "ocr")


def _read_blank(gray: np.ndarray, blank: _Blank, kind: str, model: DigitModel) -> FieldRead:
    h = blank.text_height
    margin_x = int(round(0.6 * h))
    x0 = max(0, blank.x_from - margin_x)
    x1 = min(gray.shape[1], blank.x_to + margin_x)
    y0 = max(0, int(blank.y_centre - 1.1 * h))
    y1 = min(gray.shape[0], int(blank.y_centre + 1.0 * h))
    box = (blank.x_from, y0, blank.x_to, y1)
    if blank.x_to - blank.x_from < 0.2 * h or y1 <= y0:
        return FieldRead(None, 0.0, box, "reader")
    mask = ink_mask(gray[y0:y1, x0:x1])
    read = read_digits(mask, h, blank.x_from - x0, blank.x_to - x0, kind, model, y_centre=blank.y_centre - y0)
    return FieldRead(read.value, read.confidence, box, "reader")


def reread_fields(image_path: str, page: "OcrPage", model_path: Optional[str] = None) -> FieldReads:
    """Locate and read the number, day and month blanks of a page (see the module docstring)."""
    reads = FieldReads()
    number_blank = _locate_number(page)
    day_blank, month_blank = _locate_date(page)
    if number_blank is None and day_blank is None:
        return reads
    model = load_model(model_path or str(MODEL_PATH))
    gray: Optional[np.ndarray] = None
    for name, blank, kind, max_digits in (("number", number_blank, "number", 4), ("day", day_blank, "day", 2),
                                          ("month", month_blank, "month", 2)):
        if blank is None:
            continue
        reads.sites[name] = blank.site
        read = _fast(blank, max_digits)
        if read is None:
            if gray is None:
                gray = load_gray(image_path)
            read = _read_blank(gray, blank, kind, model)
        setattr(reads, name, read)
    return reads


def _union_box(boxes: Sequence[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _remove_words(page: "OcrPage", doomed: Sequence["OcrWord"]) -> None:
    ids = {id(w) for w in doomed}
    for line in page.lines:
        line.words[:] = [w for w in line.words if id(w) not in ids]
    page.lines[:] = [line for line in page.lines if line.words]


def _line_of(page: "OcrPage", word: "OcrWord") -> Optional["OcrLine"]:
    return next((line for line in page.lines if any(w is word for w in line.words)), None)


def apply_field_reads(page: "OcrPage", reads: FieldReads) -> None:
    """Rewrite the page's words so its text carries the reads: ``Số: 07/CT-UBND``, ``ngày 20 tháng 3 năm``.

    Fields read from the OCR itself (fast path) or not read at all are left as they are."""
    from .ocr import OcrWord

    number, site = reads.number, reads.sites.get("number")
    if number is not None and site is not None and number.source == "reader" and number.value:
        site.left.text = site.left_text
        symbol = site.right
        box = _union_box([number.box[:1] + symbol.box[1:2] + number.box[2:3] + symbol.box[3:], symbol.box])
        symbol.text = number.value + site.right_text
        symbol.box = box
        symbol.confidence = number.confidence
        _remove_words(page, site.inside)
        number_line, symbol_line = _line_of(page, site.left), _line_of(page, symbol)
        if number_line is not None and symbol_line is not None and number_line is not symbol_line:
            _remove_words(page, [symbol])
            number_line.words.append(symbol)
            number_line.words.sort(key=lambda w: w.box[0])

    for name, left_text in (("day", "ngày"), ("month", "tháng")):
        read, site = getattr(reads, name), reads.sites.get(name)
        if read is None or site is None or read.source != "reader" or not read.value:
            continue
        line = _line_of(page, site.left)
        if line is None:
            continue
        if _fold(site.left.text) != _fold(left_text):
            site.left.text = left_text
            site.left.box = (site.left.box[0], site.left.box[1], min(site.left.box[2], read.box[0]), site.left.box[3])
        if name == "day" and _fold(site.right.text) != "thang":
            site.right.text = site.right_text
            site.right.box = (max(site.right.box[0], read.box[2]),) + site.right.box[1:]
        _remove_words(page, site.inside)
        y0 = site.left.box[1]
        y1 = site.left.box[3]
        word = OcrWord(read.value, read.confidence, (read.box[0], y0, max(read.box[0] + 1, read.box[2]), y1))
        line.words.append(word)
        line.words.sort(key=lambda w: w.box[0])


# ----------------------------------------------------------------------------------------------- measuring


def _measure(paths: list[str], gold_path: Optional[str]) -> None:
    """OCR page 1 of each file, re-read its fields, print before/after lines; with a gold JSONL (``file``,
    ``number``, ``issued_date``) also count how many numbers and days are right before and after."""
    import copy
    import json
    import subprocess
    import tempfile
    import time

    from .ocr import TesseractEngine

    gold = {}
    if gold_path:
        for line in Path(gold_path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                gold[record["file"]] = record
    number_re = re.compile(r"S[ốoô6][:.]?\s*(\d{1,4})\s*/")
    day_re = re.compile(r"ngày\s*(\d{1,2})\s*tháng")
    counts = {"number_before": 0, "number_after": 0, "day_before": 0, "day_after": 0}
    engine = TesseractEngine()
    for path in paths:
        with tempfile.TemporaryDirectory() as workdir:
            image = str(Path(workdir) / "page.pgm")
            if path.lower().endswith(".pdf"):
                subprocess.run(["pdftoppm", "-r", "300", "-gray", "-f", "1", "-l", "1", "-singlefile", path,
                                image[:-4]], check=True, capture_output=True)
            else:
                from PIL import Image

                with Image.open(path) as source:
                    source.convert("L").save(image)
            page = engine.recognise(image, 1)
            before = copy.deepcopy(page)
            started = time.perf_counter()
            reads = reread_fields(image, page)
            elapsed = time.perf_counter() - started
        apply_field_reads(page, reads)
        name = Path(path).name
        print(f"{name}  ({elapsed * 1000:.0f} ms)")
        for label, read in (("number", reads.number), ("day", reads.day), ("month", reads.month)):
            if read is not None:
                print(f"  {label:6} {read.value!s:>5} conf {read.confidence:.2f} via {read.source}")
        for line in page.lines:
            if number_re.search(line.text) or "ngày" in line.text:
                print(f"  | {line.text}")
                break
        record = gold.get(name)
        if record:
            day = int(record["issued_date"].split("-")[2])
            for stage, text in (("before", before.text), ("after", page.text)):
                number = number_re.search(text)
                found_day = day_re.search(text)
                counts[f"number_{stage}"] += bool(number and number.group(1) == record["number"])
                counts[f"day_{stage}"] += bool(found_day and int(found_day.group(1)) == day)
    if gold:
        n = len(paths)
        print(f"number right: before {counts['number_before']}/{n}, after {counts['number_after']}/{n}; "
              f"day right: before {counts['day_before']}/{n}, after {counts['day_after']}/{n}")


if __name__ == "__main__":  # python -m pipeline.handwriting [--gold scans_gold.jsonl] scan.pdf ...
    import argparse

    parser = argparse.ArgumentParser(description="Re-read the handwritten number and day of scans (page 1).")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--gold", help="JSONL with file, number, issued_date: count right before/after")
    arguments = parser.parse_args()
    _measure(arguments.paths, arguments.gold)
