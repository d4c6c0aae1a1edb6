"""Erase the printed words around a handwritten blank, by fitting their typeset shapes to the scan.

A hand often writes the number against the printed ``Số:`` (its first digit over the colon) or into the slash of
``/KH-UBND``, and the day against ``ngày`` or ``tháng``: handwriting and print touch, and no x bound separates
them. But the printed text is known (the anchor words the blank was located by) and so is its typeface: Decree 30
sets the header in Times New Roman (Liberation Serif has its metrics); office suites also print DejaVu Serif. So:

1. the line's scale and baseline come from the characters Tesseract read one by one on the line (each printed
   letter's box height against the same letter typeset, their median; a straight line through the bottoms of
   letters without a descender, sloped as a skewed page slopes it);
2. each anchor text is typeset in each candidate face, placed by the anchor word's outer edge (the left edge of
   ``Số:``, the right edge of ``/KH-UBND``: handwriting never lies beyond them) and the baseline, and slid a few
   pixels and sizes for the best overlap with the scan's ink;
3. a fit is placed where its pixels lie most on ink, and taken when at least ``FIT_MIN`` of them lie within
   ``FIT_GROWTH`` pixels of ink there (the right anchor's first two characters, the slash mostly, fitted again on
   their own: a long symbol's fit drifts at its far end);
4. the fitted pixels, grown by ``ERASE_GROWTH``, are whitened: what stays between the anchors is handwriting,
   and the blank is bounded by where the printed letters end and begin.

``erase_anchors`` returns the page with the print erased and those bounds (None on a side not fitted).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Optional, Sequence

import numpy as np

from pipeline.ocr.faces import installed_faces, typeset_levels
from pipeline.ocr.handwriting.digits import ink_mask

if TYPE_CHECKING:  # pragma: no cover
    from pipeline.types import OcrWord

FIT_MIN = 0.7  # share of a typeset anchor's pixels that must lie near ink for the fit to count
HEAD_FIT_MIN = 0.8  # the same for the right anchor's first two characters, fitted again on their own
FIT_GROWTH = 1  # pixels the scan's ink is grown by when a fit is judged (``_Ink``)
ERASE_GROWTH = 2  # pixels the fitted print is grown by before it is erased (blur, the scan's thicker strokes)
SIZE_STEPS = (0.9, 0.95, 1.0, 1.05, 1.1)  # the scale estimate's spread that the fit tries
SLIDE_X = 6  # pixels the whole anchor slides either way from where its outer edge puts it
SLIDE_Y = 4
EDGE_CHARACTERS = 3  # an anchor's outer edge is looked for at this many of its word's outer characters
HEAD_SLIDE = 0.4  # text heights the right anchor's first characters slide either way on their own
SCALE_AGREEMENT = 0.06  # letters whose size estimates lie this close agree
READ_CONFIDENCE = 0.8  # a character Tesseract is this sure of is print, for the scale and the baseline
_DESCENDERS = set("gjpqyQ,;()")
MIN_SLOPE_RUN = 3.0  # letter heights between two letters whose bottoms give the baseline's slope
MAX_SLOPE = 0.09  # the steepest baseline taken (about 5 degrees, the most skew a page is deskewed within)


@dataclass
class ErasedAnchors:
    """The page with the fitted printed anchors whitened; where the left anchor's letters end and where the right
    anchor's first letter after a leading slash begins (None: that side did not fit)."""

    gray: np.ndarray
    x_from: Optional[int]
    x_to: Optional[int]


@dataclass(frozen=True)
class _Fit:
    share: float  # of the template's pixels near ink (``_Ink``)
    face: str
    size: int
    x: int  # the template's top-left, in crop coordinates
    y: int
    exact: float  # share of the template's pixels on the ink itself
    text: str = ""  # the text fitted


@lru_cache(maxsize=1024)
def typeset(text: str, face: str, size: int) -> tuple[np.ndarray, int]:
    """``text`` in ``face`` at ``size`` pixels: its ink (trimmed to it) and the baseline's row in that array."""
    levels, _, origin_y = typeset_levels(text, face, size)
    ink = levels > 110
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if rows.size == 0:
        return np.zeros((1, 1), dtype=bool), 0
    return ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1], origin_y - int(rows[0])


def _printed_letters(chars: Sequence["OcrWord"], outside: tuple[int, int]) -> list["OcrWord"]:
    """The letters Tesseract is sure of outside the blank ``outside`` (inside it, the handwriting's glyphs are read
    as letters too): the line's print."""
    return [c for c in chars if len(c.text) == 1 and c.text.isalpha() and c.confidence >= READ_CONFIDENCE
            and not outside[0] <= (c.box[0] + c.box[2]) / 2 <= outside[1]]


def _line_scale(chars: Sequence["OcrWord"], face: str, outside: tuple[int, int]) -> Optional[float]:
    """The face's size in pixels that gives the printed characters their boxes' heights: over the printed letters
    (``_printed_letters``), the median of the largest group that agree within SCALE_AGREEMENT (a box that took in a
    rule or an accent above its letter is no part of it)."""
    sizes = []
    for c in _printed_letters(chars, outside):
        ink, _ = typeset(c.text, face, 100)
        if ink.shape[0] > 5:
            sizes.append(100.0 * (c.box[3] - c.box[1]) / ink.shape[0])
    if len(sizes) < 2:
        return None
    groups = [[other for other in sizes if abs(other - size) <= SCALE_AGREEMENT * size] for size in sorted(sizes)]
    return float(np.median(max(groups, key=len)))


def _baseline(chars: Sequence["OcrWord"], outside: tuple[int, int]) -> Optional[Callable[[float], int]]:
    """The printed line's baseline as a function of x: through the bottoms of the printed letters without a
    descender, a straight line whose slope is the median of the slopes between letters at least
    ``MIN_SLOPE_RUN`` letter heights apart (a page skewed by a degree drops the line by several pixels from
    ``Số:`` to the symbol's end, and a level baseline misplaces one anchor's fit); level where no two letters lie
    that far apart."""
    letters = [c for c in _printed_letters(chars, outside) if c.text not in _DESCENDERS]
    if not letters:
        return None
    height = float(np.median([c.box[3] - c.box[1] for c in letters]))
    # a box much taller than the line's letters holds handwriting read as a letter: no part of the print's line
    points = [((c.box[0] + c.box[2]) / 2, float(c.box[3])) for c in letters if c.box[3] - c.box[1] <= 1.3 * height]
    reach = MIN_SLOPE_RUN * height
    slopes = [(yb - ya) / (xb - xa) for k, (xa, ya) in enumerate(points) for xb, yb in points[k + 1:]
              if abs(xb - xa) >= reach]
    slope = float(np.clip(np.median(slopes), -MAX_SLOPE, MAX_SLOPE)) if slopes else 0.0
    offset = float(np.median([y - slope * x for x, y in points]))
    return lambda x: int(round(offset + slope * x))


def _slide(ink: "_Ink", template: np.ndarray, x0: int, y0: int, reach_x: int, reach_y: int
           ) -> Optional[tuple[float, int, int, float]]:
    """Over the template's positions around (x0, y0), the one whose pixels lie most on the scan's ink: (the share
    of them within ``FIT_GROWTH`` pixels of ink there, x, y, the share exactly on ink)."""
    h, w = template.shape
    total = float(template.sum())
    if total == 0:
        return None
    best = None
    for y in range(y0 - reach_y, y0 + reach_y + 1):
        if y < 0 or y + h > ink.exact.shape[0]:
            continue
        for x in range(x0 - reach_x, x0 + reach_x + 1):
            if x < 0 or x + w > ink.exact.shape[1]:
                continue
            share = np.count_nonzero(ink.exact[y:y + h, x:x + w] & template) / total
            if best is None or share > best[0]:
                best = (share, x, y)
    if best is None:
        return None
    share, x, y = best
    return np.count_nonzero(ink.near[y:y + h, x:x + w] & template) / total, x, y, share


def _fit(ink: "_Ink", text: str, faces: Sequence[str], sizes: dict[str, float], edge: int, baseline: int,
         side: str) -> Optional[_Fit]:
    best: Optional[_Fit] = None
    for face in faces:
        for size in sorted({max(6, int(round(sizes[face] * k))) for k in SIZE_STEPS}):
            template, base = typeset(text, face, size)
            x0 = edge if side == "left" else edge - template.shape[1]
            found = _slide(ink, template, x0, baseline - base, SLIDE_X, SLIDE_Y)
            if found is not None and (best is None or found[3] > best.exact):
                best = _Fit(found[0], face, size, found[1], found[2], found[3], text)
    return best


def _best_fit(ink: "_Ink", texts: Sequence[str], faces: Sequence[str], sizes: dict[str, float],
              edges: Sequence[int], x0: int, baseline: int, side: str,
              holds: Callable[[_Fit], bool] = lambda fit: True) -> Optional[_Fit]:
    """The fit of the first text from the first edge (page x; ``x0`` the crop's) when at least ``FIT_MIN`` of its
    pixels lie near ink and it ``holds``; else the best such fit (most pixels near ink) of any text from any edge;
    None when none is."""
    def taken(fit: Optional[_Fit]) -> bool:
        return fit is not None and fit.share >= FIT_MIN and holds(fit)

    first = _fit(ink, texts[0], faces, sizes, edges[0] - x0, baseline, side)
    if taken(first):
        return first
    best = None
    for k, text in enumerate(texts):
        for j, edge in enumerate(edges):
            if k or j:
                fit = _fit(ink, text, faces, sizes, edge - x0, baseline, side)
                if taken(fit) and (best is None or fit.share > best.share):
                    best = fit
    return best


def _head_fit(ink: "_Ink", fit: _Fit, text_height: float) -> Optional[tuple[float, int, int, float]]:
    """The right anchor's first two characters (the slash mostly) slid on their own around where its fit puts
    them (``_slide``'s tuple), the whole fit's own place for a text of two characters; None where they do not fit
    (``HEAD_FIT_MIN``)."""
    if len(fit.text) <= 2:
        return fit.share, fit.x, fit.y, fit.exact
    _, base = typeset(fit.text, fit.face, fit.size)
    head, head_base = typeset(fit.text[:2], fit.face, fit.size)
    found = _slide(ink, head, fit.x, fit.y + base - head_base, int(HEAD_SLIDE * text_height), 3)
    return found if found is not None and found[0] >= HEAD_FIT_MIN else None


def _outer_edges(chars: Sequence["OcrWord"], word: "OcrWord", side: str) -> list[int]:
    """Where an anchor's print may end on its outer side (page x): its word's edge first, then the edges of the
    word's first (``side`` "left") or last ``EDGE_CHARACTERS`` characters as the line's characters box them, where
    they lie more than ``SLIDE_X`` from the edges before (a speck or a misread letter moves the word's edge)."""
    inside = [c for c in chars if word.box[0] <= (c.box[0] + c.box[2]) / 2 <= word.box[2]]
    if side == "left":
        edges = [word.box[0], *(c.box[0] for c in inside[:EDGE_CHARACTERS])]
    else:
        edges = [word.box[2], *(c.box[2] for c in reversed(inside[-EDGE_CHARACTERS:]))]
    out: list[int] = []
    for edge in edges:
        if all(abs(edge - other) > SLIDE_X for other in out):
            out.append(edge)
    return out


@dataclass
class _Ink:
    """A crop's ink, and the same grown by ``FIT_GROWTH`` pixels: a fit is placed where its pixels lie most on the
    ink itself and judged by how many lie near it (a faded or thinned scan's strokes are narrower than the face's,
    and a good fit's exact overlap can be as low as a wrong one's)."""

    exact: np.ndarray
    near: np.ndarray


def grown(mask: np.ndarray, pixels: int) -> np.ndarray:
    """A boolean mask grown by ``pixels`` in every direction."""
    if pixels <= 0:
        return mask
    from PIL import Image, ImageFilter

    grown = Image.fromarray(mask.astype(np.uint8) * 255).filter(ImageFilter.MaxFilter(2 * pixels + 1))
    return np.asarray(grown) > 0


def _erase(erased: np.ndarray, template: np.ndarray, x: int, y: int) -> None:
    mask = grown(template, ERASE_GROWTH)
    h, w = min(mask.shape[0], erased.shape[0] - y), min(mask.shape[1], erased.shape[1] - x)
    if h > 0 and w > 0:
        erased[y:y + h, x:x + w] |= mask[:h, :w]


def erase_anchors(gray: np.ndarray, chars: Sequence["OcrWord"], left: "OcrWord", right: "OcrWord",
                  left_text: str, right_text: str, blank: tuple[int, int], text_height: float,
                  style: str = "upright", right_alternatives: Sequence[str] = ()) -> Optional[ErasedAnchors]:
    """Fit ``left_text`` (ending where the blank begins) and ``right_text`` (beginning where it ends) to the scan
    ``gray`` (page pixels) and whiten them. ``chars``: the line read one character at a time (page boxes);
    ``left``/``right``: the anchor words (their outer edges place the fits); ``blank``: the blank's estimated x
    interval (the characters inside it are handwriting); ``style``: "upright" or "italic" (``faces.PRINT_FACES``);
    ``right_alternatives``: other spellings the right anchor may have in print, tried where ``right_text`` does not
    fit (handwriting against it garbles OCR's reading of its start: ``/rTr-UBND`` printed ``/TTr-UBND``). Where an
    anchor does not fit from its word's outer edge, it is tried again from its outer characters' edges as the line's
    characters box them (``_outer_edges``: a speck read into the word, ``|Số:``, or a full stop after it, ``UBND.``,
    moves the word's edge). None when no face is installed or the line's scale cannot be read."""
    line = _print_line(gray, chars, blank, (left.box[0], min(left.box[1], right.box[1]), right.box[2],
                                            max(left.box[3], right.box[3])), text_height, style)
    if line is None:
        return None
    faces, sizes, baseline, ink, (x0, y0, x1, y1) = line
    erased = np.zeros_like(ink.exact)
    x_from = x_to = None

    base_y = baseline((left.box[0] + left.box[2]) / 2) - y0
    fit = _best_fit(ink, [left_text], faces, sizes, _outer_edges(chars, left, "left"), x0, base_y, "left")
    if fit is not None:
        template, _ = typeset(left_text, fit.face, fit.size)
        _erase(erased, template, fit.x, fit.y)
        letters = left_text.rstrip(":;.,")
        x_from = x0 + fit.x + (typeset(letters, fit.face, fit.size)[0].shape[1] if letters else 0)

    base_y = baseline((right.box[0] + right.box[2]) / 2) - y0
    texts = [right_text, *(t for t in right_alternatives if t != right_text)]
    heads: dict[_Fit, tuple[float, int, int, float]] = {}  # the fits' heads (``_head_fit``), where they fit

    def with_head(candidate: _Fit) -> bool:
        head_fit = _head_fit(ink, candidate, text_height)
        if head_fit is not None:
            heads[candidate] = head_fit
        return head_fit is not None

    fit = _best_fit(ink, texts, faces, sizes, _outer_edges(chars, right, "right"), x0, base_y, "right", with_head)
    if fit is not None:
        template, _ = typeset(fit.text, fit.face, fit.size)
        head_fit = heads[fit]
        head, _ = typeset(fit.text[:2], fit.face, fit.size)
        _erase(erased, template, fit.x, fit.y)
        _erase(erased, head, head_fit[1], head_fit[2])
        lead = typeset(fit.text[0], fit.face, fit.size)[0].shape[1] if fit.text[0] in "/⁄∕" else 0
        x_to = x0 + head_fit[1] + lead

    if x_from is None and x_to is None:
        return None
    out = gray.copy()
    out[y0:y1, x0:x1][erased] = 255
    return ErasedAnchors(out, x_from, x_to)


def print_fit(gray: np.ndarray, chars: Sequence["OcrWord"], text: str, left_edge: int, box: tuple[int, int, int, int],
              text_height: float, style: str = "upright") -> float:
    """How well ``text`` typeset in the line's print face fits the scan with its left edge near ``left_edge``: the
    share of its pixels near ink at its best place, face and size (0 when the line's scale or baseline cannot be
    read). Print typed into the blank (``448/QĐ-STTTT`` on an e-signed copy) fits as well as the symbol does;
    handwriting OCR read as the same digits does not. ``box``: the word's box, the crop searched around it."""
    line = _print_line(gray, chars, (left_edge, left_edge), box, text_height, style)
    if line is None:
        return 0.0
    faces, sizes, baseline, ink, (x0, y0, _, _) = line
    fit = _fit(ink, text, faces, sizes, left_edge - x0, baseline(left_edge) - y0, "left")
    return 0.0 if fit is None else float(fit.share)


def _print_line(gray: np.ndarray, chars: Sequence["OcrWord"], outside: tuple[int, int],
                box: tuple[int, int, int, int], text_height: float, style: str
                ) -> Optional[tuple[tuple[str, ...], dict[str, float], Callable[[float], int], _Ink,
                                    tuple[int, int, int, int]]]:
    """What a fit on a printed line needs: the installed faces whose size the line's letters give, those sizes,
    the baseline (the letters inside ``outside`` are handwriting), and the ink of ``box`` with two text heights
    around it with the crop's page box. None when no face is installed or the line's scale cannot be read."""
    faces = installed_faces(style)
    baseline = _baseline(chars, outside)
    if not faces or baseline is None:
        return None
    sizes = {face: _line_scale(chars, face, outside) for face in faces}
    faces = tuple(face for face in faces if sizes[face])
    if not faces:
        return None
    margin = 2 * int(round(text_height))
    x0, y0 = max(0, box[0] - margin), max(0, box[1] - margin)
    x1, y1 = min(gray.shape[1], box[2] + margin), min(gray.shape[0], box[3] + margin)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    exact = ink_mask(gray[y0:y1, x0:x1])
    return faces, sizes, baseline, _Ink(exact, grown(exact, FIT_GROWTH)), (x0, y0, x1, y1)
