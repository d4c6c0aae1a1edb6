"""Page clean-up before OCR: remove ruled lines and box borders.

Tesseract drops words that sit inside a tight box (an urgency stamp such as ``KHẨN`` in a frame, the
e-signature box) and reads table rules as letters. A dark run longer than any letter stroke (half an inch
across, a sixth of an inch down at the page's dpi) is a rule, not text, and is painted white.
"""

from __future__ import annotations

import numpy as np

from pipeline.types import PageImage


def long_runs(dark: np.ndarray, length: int) -> np.ndarray:
    """Pixels of ``dark`` that belong to a horizontal run of at least ``length`` (a morphological opening)."""
    height, width = dark.shape
    if length > width:
        return np.zeros_like(dark)
    sums = np.zeros((height, width + 1), dtype=np.uint16)
    np.cumsum(dark, axis=1, dtype=np.uint16, out=sums[:, 1:])
    starts = (sums[:, length:] - sums[:, :-length]) == length  # (H, W-L+1): a full run starts at column j
    padded = np.pad(starts, ((0, 0), (length - 1, length - 1)))  # (H, W+L-1)
    ends = np.zeros((height, padded.shape[1] + 1), dtype=np.uint16)
    np.cumsum(padded, axis=1, dtype=np.uint16, out=ends[:, 1:])
    return (ends[:, length : length + width] - ends[:, :width]) > 0


def remove_rules(gray: np.ndarray, dpi: int = 300, threshold: int = 140) -> np.ndarray:
    """A copy of the grayscale page with long horizontal and vertical dark runs painted white.

    Runs are found on a 2×2-pooled mask (a pooled cell is dark when any of its pixels is), four times fewer
    pixels; the rule mask is then scaled back up and widened by one cell so anti-aliased edges go too."""
    height, width = gray.shape
    even = gray[: height // 2 * 2, : width // 2 * 2]
    darkest = np.minimum(np.minimum(even[0::2, 0::2], even[1::2, 0::2]), np.minimum(even[0::2, 1::2], even[1::2, 1::2]))
    pooled = darkest < threshold
    rules = long_runs(pooled, max(10, dpi // 4)) | long_runs(pooled.T, max(5, dpi // 12)).T
    if not rules.any():
        return gray
    grown = rules.copy()
    grown[1:, :] |= rules[:-1, :]
    grown[:-1, :] |= rules[1:, :]
    grown[:, 1:] |= rules[:, :-1]
    grown[:, :-1] |= rules[:, 1:]
    rows, cols = np.nonzero(grown)  # rules are sparse: paint their cells, not a full-size mask
    out = gray.copy()
    for dy in (0, 1):
        for dx in (0, 1):
            out[2 * rows + dy, 2 * cols + dx] = 255
    return out


def clean_page(page: PageImage, dpi: int) -> PageImage:
    """The page as Tesseract should see it: red ink dropped, rules and box borders removed (the page itself when
    there is nothing to change).

    Red stamps (con dấu) lie over the signer's position and name; in the red channel red ink is as light as the
    paper while black print, and blue or black handwriting, stay dark."""
    from PIL import Image

    image = page.image
    if image.mode in ("1", "L", "I;16", "I", "F"):
        gray = np.asarray(image.convert("L"))
        coloured = False
    else:
        rgb = image if image.mode == "RGB" else image.convert("RGB")
        gray = np.asarray(rgb.getchannel("R"))
        coloured = True
    cleaned = remove_rules(gray, dpi)
    if cleaned is gray and not coloured:
        return page
    return PageImage(Image.fromarray(cleaned))
