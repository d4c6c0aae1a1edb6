"""The handwritten-digit reader: ink mask, glyph segmentation (rules erased, touching digits split), features and
the convolutional nets built by ``models/build_digits.py`` (``pipeline/models/digits/``), run in numpy."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

MODEL_PATH = Path(__file__).resolve().parents[2] / "models" / "digits" / "digits.npz"


GLYPH_SIZE = 28  # the classifier's input is a GLYPH_SIZE² image


GLYPH_BOX = 20  # the glyph is scaled so its longer side is GLYPH_BOX pixels


NOT_A_DIGIT = 10  # class index of "noise / printed fragment"


Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class DigitModel:
    """An ensemble of small convolutional nets over the glyph features (``glyph_features``): two 3×3 convolutions
    (same padding, ReLU, 2×2 max-pooling each) over the GLYPH_SIZE² glyph, then a ReLU layer over the pooled
    maps and the log aspect ratio, then the class logits. Member m's weights are ``conv1[m]`` (c1, 1, 3, 3),
    ``conv1_bias[m]``, ``conv2[m]`` (c2, c1, 3, 3), ``conv2_bias[m]``, ``dense[m]`` (c2·(GLYPH_SIZE/4)² + 1, h),
    ``dense_bias[m]``, ``out[m]`` (h, classes), ``out_bias[m]`` (torch's layouts, so a net trained there loads
    as is). Each member's logits are divided by ``temperature`` (fitted by the build on writers left out of a
    net's training, so the probabilities mean on a new hand what they say); the probabilities are the members'
    mean. Inference is numpy only."""

    conv1: np.ndarray
    conv1_bias: np.ndarray
    conv2: np.ndarray
    conv2_bias: np.ndarray
    dense: np.ndarray
    dense_bias: np.ndarray
    out: np.ndarray
    out_bias: np.ndarray
    temperature: float = 1.0

    ARRAYS = ("conv1", "conv1_bias", "conv2", "conv2_bias", "dense", "dense_bias", "out", "out_bias")

    @classmethod
    def from_arrays(cls, arrays) -> "DigitModel":
        """The model from its named arrays (an ``.npz`` file's, or the build's): ``ARRAYS``, stacked over the
        members, and ``temperature`` (1 when absent)."""
        temperature = float(arrays["temperature"]) if "temperature" in arrays else 1.0
        return cls(*(np.asarray(arrays[k], dtype=np.float32) for k in cls.ARRAYS), temperature=temperature)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        features = np.asarray(features, dtype=np.float32)
        images = features[:, :GLYPH_SIZE * GLYPH_SIZE].reshape(-1, 1, GLYPH_SIZE, GLYPH_SIZE)
        aspect = features[:, GLYPH_SIZE * GLYPH_SIZE:]
        total = None
        for m in range(len(self.conv1)):
            maps = _pool(np.maximum(_conv3(images, self.conv1[m], self.conv1_bias[m]), 0.0))
            maps = _pool(np.maximum(_conv3(maps, self.conv2[m], self.conv2_bias[m]), 0.0))
            flat = np.concatenate([maps.reshape(len(maps), -1), aspect], axis=1)
            hidden = np.maximum(flat @ self.dense[m] + self.dense_bias[m], 0.0)
            p = _softmax((hidden @ self.out[m] + self.out_bias[m]) / self.temperature)
            total = p if total is None else total + p
        return total / len(self.conv1)


def _softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


def _conv3(maps: np.ndarray, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """A 3×3 convolution with one pixel of zero padding (a cross-correlation, as torch's Conv2d): maps (n, c, h, w),
    weights (o, c, 3, 3) → (n, o, h, w)."""
    padded = np.pad(maps, ((0, 0), (0, 0), (1, 1), (1, 1)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, (3, 3), axis=(2, 3))  # (n, c, h, w, 3, 3)
    return np.einsum("nchwij,ocij->nohw", windows, weights, optimize=True) + bias[None, :, None, None]


def _pool(maps: np.ndarray) -> np.ndarray:
    """2×2 max-pooling (odd edges dropped, as torch's MaxPool2d(2))."""
    h, w = maps.shape[2] // 2 * 2, maps.shape[3] // 2 * 2
    return np.maximum(np.maximum(maps[:, :, 0:h:2, 0:w:2], maps[:, :, 1:h:2, 0:w:2]),
                      np.maximum(maps[:, :, 0:h:2, 1:w:2], maps[:, :, 1:h:2, 1:w:2]))


@lru_cache(maxsize=2)
def load_model(path: str = str(MODEL_PATH)) -> DigitModel:
    """Load the digit classifier once per process."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"digit model {path} is missing: build it with `python models/build_digits.py`")
    with np.load(path) as data:
        if "conv1" not in data:
            raise FileNotFoundError(f"digit model {path} is from an older build: rebuild it with `make digits`")
        return DigitModel.from_arrays(data)


def load_gray(image) -> np.ndarray:
    """A PIL image, or the path of an image file, as 8-bit grey pixels."""
    from PIL import Image

    if isinstance(image, Image.Image):
        return np.asarray(image.convert("L"), dtype=np.uint8)
    with Image.open(image) as opened:
        return np.asarray(opened.convert("L"), dtype=np.uint8)


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Dark pixels: Otsu's threshold over the crop, kept within [90, 190] so a blank crop stays blank."""
    return gray < ink_threshold(gray)


def ink_threshold(gray: np.ndarray) -> int:
    """The grey level below which a crop's pixels are ink (``ink_mask``): 0 for an empty crop."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 0
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    w1 = total - w0
    mean_all = m0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean_all * w0 / total - m0) ** 2 / (w0 * w1)
    between = np.nan_to_num(between)
    return int(np.clip(np.argmax(between), 90, 190))


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
                   split: bool = True, y_centre: Optional[float] = None,
                   unread: Optional[list[Blob]] = None) -> list[Blob]:
    """Cut the ink of a field crop into digit glyphs, left to right.

    ``mask`` covers the blank plus some margin; only ink whose centre lies in [x_from, x_to) is kept (blobs
    that straddle the boundary, a digit touching a printed word, are cut at it). ``text_height`` is the
    printed line's word-box height, the scale for every size test; ``y_centre`` the line's centre row (glyphs
    centred far above or below it belong to other lines or rules). ``unread``, when given, collects the ink on
    the line that is left out: pieces too small for a glyph but bigger than a noise dot, and marks much smaller
    than the glyphs beside them.
    """
    x_to = mask.shape[1] if x_to is None else x_to
    h = max(8.0, float(text_height))
    mask = without_rules(mask, h)
    labels, count = label_components(erase_rules(mask, int(RULE_RUN * h)))
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
            if unread is not None and blob.area >= UNREAD_MIN_AREA * h * h and (
                    y_centre is None or abs((blob.y0 + blob.y1) / 2 - y_centre) < 0.6 * h):
                unread.append(blob)
            continue  # specks
        kept.append(blob)
    groups = _group_overlapping(kept, h)
    if y_centre is not None:
        groups = _on_the_line(groups, y_centre, h)
    if not groups:
        return []
    tallest = max(g.height for g in groups)
    glyph_sized = [(g.height >= 0.4 * tallest or g.width >= 0.4 * tallest) and g.height >= 0.25 * h for g in groups]
    if unread is not None:
        unread.extend(g for g, sized in zip(groups, glyph_sized) if not sized)
    groups = [g for g, sized in zip(groups, glyph_sized) if sized]
    if not split:
        return groups
    glyphs: list[Blob] = []
    for g in groups:
        glyphs.extend(_split_wide(g))
    return glyphs


LINE_BAND = 0.6  # text heights from the line's centre a glyph's centre may lie
WRITTEN_HIGH_BAND = 0.9  # ... or this far, when it stands at the height of the glyphs in LINE_BAND


def _on_the_line(groups: list[Blob], y_centre: float, h: float) -> list[Blob]:
    """The glyphs centred on the printed line (within LINE_BAND text heights), and the glyphs written at their
    height a little further off (within WRITTEN_HIGH_BAND, at least 60% of their height inside the others' rows):
    a day written high above its line keeps its second digit (``16`` read ``1``: the 6's centre just outside)."""
    def off(g: Blob) -> float:  # the glyph's centre's distance from the line's, in text heights
        return abs((g.y0 + g.y1) / 2 - y_centre) / h

    near = [g for g in groups if off(g) < LINE_BAND]
    if not near:
        return []
    top, bottom = min(g.y0 for g in near), max(g.y1 for g in near)
    beside = [g for g in groups if LINE_BAND <= off(g) < WRITTEN_HIGH_BAND
              and min(g.y1, bottom) - max(g.y0, top) >= 0.6 * g.height]
    return sorted(near + beside, key=lambda g: g.x0)


def without_rules(mask: np.ndarray, h: float) -> np.ndarray:
    """Drop whole components shaped like ruled lines (long, flat), such as the rules under the header, and thin
    vertical lines that run through the crop from its top to its bottom (a scanner's streak, a fold, a table's
    border: read as a 1 after the number, 366 read 3661); no digit spans the crop's height (over twice the text's)."""
    rows, starts, stops = _runs(mask)
    flat = mask.shape[1] > 2.5 * h and np.any(stops - starts >= 0.8 * h)
    through = mask.shape[0] >= 1.8 * h and mask[0].any() and mask[-1].any()
    if not flat and not through:
        return mask  # no long flat stroke anywhere, no ink at both edges: no rule
    labels, count = label_components(mask)
    if count == 0:
        return mask
    out = mask.copy()
    for blob in _blobs_from_labels(labels, count):
        if blob.width > 2.5 * h and blob.height < 0.45 * h \
                or blob.y0 == 0 and blob.y1 >= mask.shape[0] and blob.width <= VERTICAL_RULE_WIDTH * h:
            out[blob.y0:blob.y1, blob.x0:blob.x1] &= ~blob.mask
    return out


RULE_RUN = 1.1  # a horizontal run of ink this many text heights long is a ruled line, not a digit's stroke
VERTICAL_RULE_WIDTH = 0.2  # a line through the crop no wider than this share of the text height is no digit


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


# A ruled line at a slope (``erase_sloped_rules``): looked for at these slopes (±5°, the skew a scan is read with),
# among the level runs at least SLOPED_RUN_HINT of its least length long (a rule 3 pixels thick at 5° still has
# runs of 34 pixels); its band the bins holding RULE_BAND_SHARE of its fullest one's pixels; along its length gaps
# of RULE_GAP of that length (a digit crossing it, a break in a faint rule); MAX_RULES of them in a crop.
RULE_SLOPES = tuple(k / 100 for k in range(-9, 10))
SLOPED_RUN_HINT = 0.3
RULE_BAND_SHARE = 0.3
RULE_GAP = 0.1
MAX_RULES = 2


def erase_sloped_rules(mask: np.ndarray, min_length: int) -> np.ndarray:
    """Remove ruled lines at any slope of ``RULE_SLOPES`` (a skewed rule is a staircase of short level runs, none
    of which ``erase_rules`` finds long enough): a straight band of ink at least ``min_length`` long, found among
    the pixels of the longer level runs (``SLOPED_RUN_HINT`` of ``min_length`` up; a rule at the steepest slope
    still has such runs, and a crop without them has no rule). For each slope those pixels are binned by where the
    line through them at that slope meets the crop's middle; the slope whose fullest bin holds most of them is the
    rule's, the bins beside it holding ``RULE_BAND_SHARE`` as many its thickness, and the rule runs as far as those
    pixels cover the columns with gaps of at most ``RULE_GAP`` of ``min_length``. Its pixels, with one of fringe
    above and below, are removed, up to ``MAX_RULES`` rules, but for the columns where ink goes on above or below
    it: a digit's stroke that crosses or touches the rule keeps its pixels there."""
    height, width = mask.shape
    if width < min_length or height < 2:
        return mask
    rows, starts, stops = _runs(mask)
    longer = np.flatnonzero(stops - starts >= SLOPED_RUN_HINT * min_length)
    if longer.size == 0:
        return mask
    lengths = stops[longer] - starts[longer]
    ys = np.repeat(rows[longer], lengths)
    xs = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths - starts[longer], lengths)
    out = mask
    for _ in range(MAX_RULES):
        if xs.size < min_length:
            break
        best = None  # (pixels in the fullest bin, slope, the pixels' bins, their counts, that bin)
        for slope in RULE_SLOPES:
            bins = np.round(ys - slope * (xs - width / 2)).astype(int)
            counts = np.bincount(bins - bins.min())
            if best is None or counts.max() > best[0]:
                best = (int(counts.max()), slope, bins, counts, int(counts.argmax()) + int(bins.min()))
        most, slope, bins, counts, peak = best
        if most < min_length // 2:
            break
        low = high = peak
        while low - 1 >= bins.min() and counts[low - 1 - bins.min()] >= RULE_BAND_SHARE * most:
            low -= 1
        while high + 1 <= bins.max() and counts[high + 1 - bins.min()] >= RULE_BAND_SHARE * most:
            high += 1
        on = (bins >= low) & (bins <= high)
        columns = np.unique(xs[on])
        breaks = np.flatnonzero(np.diff(columns) > RULE_GAP * min_length)
        pieces = np.split(columns, breaks + 1)
        piece = max(pieces, key=len)
        if piece[-1] - piece[0] + 1 < min_length:
            break
        x_from, x_to = int(piece[0]), int(piece[-1]) + 1
        line = np.arange(x_from, x_to)
        centre = slope * (line - width / 2)
        if out is mask:
            out = mask.copy()
        top = np.floor(centre + low - 1).astype(int)  # the band and a pixel of fringe either side
        steps = high - low + 4
        # a column where ink goes on above or below the band is a stroke crossing or touching the rule: kept whole
        above, below = top - 1, top + steps
        clear = ((above < 0) | ~mask[above.clip(0, height - 1), line]) \
            & ((below >= height) | ~mask[below.clip(0, height - 1), line])
        for step in range(steps):
            y = top + step
            inside = (y >= 0) & (y < height) & clear
            out[y[inside], line[inside]] = False
        keep = ~(on & (xs >= x_from) & (xs < x_to))
        ys, xs = ys[keep], xs[keep]
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
    unread: list[Blob] = []
    groups = segment_glyphs(mask, text_height, x_from, x_to, split=False, y_centre=y_centre, unread=unread)
    if not groups:
        return DigitsRead(None, 0.0, 0)
    glyphs = _best_merges([glyph for group in groups for glyph in _best_split(group, model)], model, text_height)
    probs = model.probabilities(np.stack([glyph_features(g) for g in glyphs]))
    if len(probs) > MAX_GLYPHS:  # keep the glyphs most like digits, in reading order
        keep = np.sort(np.argsort(probs[:, NOT_A_DIGIT])[:MAX_GLYPHS])
        probs = probs[keep]
    best = _best_valid(list(probs), kind)
    if best is None:
        return DigitsRead(None, 0.0, len(glyphs))
    value, confidence = best
    read_area = sum(g.area for g in groups)
    if sum(b.area for b in unread) > UNREAD_SHARE * read_area or _broken_glyph_before(unread, groups):
        confidence = min(confidence, UNREAD_CONFIDENCE)
    return DigitsRead(value, confidence, len(glyphs))


# A digit broken into pieces before the read ones (``_broken_glyph_before``): at least BROKEN_PIECES of the unread
# pieces, within one digit's width (BROKEN_WIDTH of the read glyphs' height), spread over BROKEN_SPREAD of it, and
# BROKEN_STROKES of them pieces of a stroke (BROKEN_STROKE times as long as they are wide).
BROKEN_PIECES = 3
BROKEN_WIDTH = 0.8
BROKEN_SPREAD = 0.6
BROKEN_STROKES = 2
BROKEN_STROKE = 1.8


def _broken_glyph_before(unread: Sequence[Blob], groups: Sequence[Blob]) -> bool:
    """Whether the unread pieces before the first glyph read make a digit a dry pen or a fax left in pieces
    (``267`` whose 2 is a few dots down a stroke, read ``67`` all but sure): pieces too small to read, too many and
    too spread out over the glyphs' height for specks."""
    first = groups[0]
    top, bottom = min(g.y0 for g in groups), max(g.y1 for g in groups)
    height = bottom - top
    before = sorted((b for b in unread if b.x1 <= first.x0 and b.y1 > top and b.y0 < bottom), key=lambda b: b.x1)
    # the pieces nearest the first glyph, within one digit's width of each other
    near = [b for b in before if before[-1].x1 - b.x0 <= BROKEN_WIDTH * height] if before else []
    strokes = [b for b in near if max(b.width, b.height) >= BROKEN_STROKE * min(b.width, b.height)]
    if len(near) < BROKEN_PIECES or len(strokes) < BROKEN_STROKES:
        return False  # (a colon's two round dots and a speck are no digit)
    return max(b.y1 for b in near) - min(b.y0 for b in near) >= BROKEN_SPREAD * height


MAX_GLYPHS = 6
# Ink in the blank the read left out (``segment_glyphs``' ``unread``: pieces too small for a glyph, but no
# noise dot, and smaller marks beside the glyphs read): more of it than UNREAD_SHARE of the read glyphs' ink is a
# faint digit broken into pieces (a light-pen 0 of ``10`` gone to dots, read ``1`` at 0.99): the read is at most
# UNREAD_CONFIDENCE sure. On the tune, probe and probe2 renders: of the reads at 0.95 up, 1 of 2 wrong numbers and
# 1 of 2 wrong days put in doubt, no right one.
UNREAD_MIN_AREA = 0.002  # of the text height squared: smaller is a noise dot
UNREAD_SHARE = 0.15
UNREAD_CONFIDENCE = 0.5


SKIP_PRIOR = 0.2  # ink inside a blank is more likely a digit than not: "not a digit" must be five times as likely
# (0.5 skipped a bold printed 4, which the classifier trained with touching pairs as "not a digit" finds odd;
# models/eval_digits.py reads the held-out writers as well or a little better at 0.2, the dev scans the same)


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


# Pieces of one digit (``_best_merges``): at most this wide over their height together, this many text heights
# apart, and a merge must gain this much log-probability (as a split must, SPLIT_PENALTY). On the tune, probe and
# probe2 renders' 162 legible numbers: 114 → 116 right, the same ones accepted; flat from 0.8 to 1.1 wide, gaps
# 0 to 0.2, penalties 0 to 1.
MERGE_MAX_ASPECT = 0.95
MERGE_GAP = 0.1
MERGE_PENALTY = 0.5


def _best_merges(glyphs: list[Blob], model: DigitModel, text_height: float) -> list[Blob]:
    """Pieces of one digit put back together: a faint or broken stroke leaves a digit in two or three pieces
    that do not overlap enough to be grouped (an open 0 as ``(`` and ``/``), each of which the classifier may
    read as a digit of its own. Neighbouring glyphs (up to three, no wider together than a digit is tall, with
    at most ``MERGE_GAP`` text heights between them) are read as one where the classifier is surer of the
    whole than of the pieces (sum of log max-probabilities, a merge paying ``MERGE_PENALTY``)."""
    n = len(glyphs)
    if n < 2:
        return glyphs
    units: dict[tuple[int, int], Blob] = {}
    for i in range(n):
        units[(i, i + 1)] = glyphs[i]
        for j in range(i + 2, min(n, i + 3) + 1):
            if any(glyphs[k + 1].x0 - glyphs[k].x1 > MERGE_GAP * text_height for k in range(i, j - 1)):
                break
            whole = _union(glyphs[i:j])
            if whole.width > MERGE_MAX_ASPECT * whole.height:
                break
            units[(i, j)] = whole
    if len(units) == n:
        return glyphs
    keys = list(units)
    probs = model.probabilities(np.stack([glyph_features(units[k]) for k in keys]))
    score = {k: float(np.log(p[:NOT_A_DIGIT].max() + 1e-6)) - (MERGE_PENALTY if k[1] - k[0] > 1 else 0.0)
             for k, p in zip(keys, probs)}
    best: list[tuple[float, list[tuple[int, int]]]] = [(0.0, [])] + [(-np.inf, [])] * n
    for j in range(1, n + 1):
        for i in range(max(0, j - 3), j):
            if (i, j) in score and best[i][0] + score[(i, j)] > best[j][0]:
                best[j] = (best[i][0] + score[(i, j)], best[i][1] + [(i, j)])
    return [units[k] for k in best[n][1]]


def valid_value(value: str, kind: str) -> bool:
    """Whether a digit string can fill a blank of ``kind``: a day 1–31, a month 1–12, a number of 1–4 digits."""
    if kind == "day":
        return len(value) <= 2 and 1 <= int(value) <= 31
    if kind == "month":
        return len(value) <= 2 and 1 <= int(value) <= 12
    return 1 <= len(value) <= 4 and int(value) > 0


def _best_valid(glyph_probs: list[np.ndarray], kind: str) -> Optional[tuple[str, float]]:
    """The most probable valid digit string, each glyph being one of its 3 likeliest digits or skipped as "not a
    digit" (weighed by SKIP_PRIOR); a string's probability is the sum over the ways of reading it of the product
    of the per-glyph probabilities. Confidence: its share of the probability of all readings (valid strings, and
    as rivals all readings through a digit outside a glyph's 3 likeliest): the chance that the read is right if
    the classifier's probabilities are (a per-glyph mean would call a read of four glyphs 0.9 sure each 0.9 sure;
    it is right about 0.9⁴ = 0.66 of the time)."""
    options, full_mass = [], 1.0
    for p in glyph_probs:
        top = np.argsort(-p[:NOT_A_DIGIT])[:3]
        options.append([(str(int(d)), float(p[d])) for d in top] + [("", SKIP_PRIOR * float(p[NOT_A_DIGIT]))])
        full_mass *= float(p[:NOT_A_DIGIT].sum()) + SKIP_PRIOR * float(p[NOT_A_DIGIT])
    top_mass = float(np.prod([sum(c[1] for c in option) for option in options]))
    totals: dict[str, float] = {}
    for combo in itertools.product(*options):
        value = "".join(c[0] for c in combo)
        if not value or not valid_value(value, kind):
            continue
        totals[value] = totals.get(value, 0.0) + float(np.prod([c[1] for c in combo]))
    if not totals:
        return None
    value = max(totals, key=lambda v: (totals[v], -len(v)))
    rivals = sum(totals.values()) + max(0.0, full_mass - top_mass)
    return value, totals[value] / max(rivals, 1e-30)
