"""Image input (PNG, JPEG, TIFF frames, PNM): pages to OCR, with their resolution and a pixel limit."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Optional

from PIL import Image

from pipeline.errors import ImageTooLarge, InputError
from pipeline.options import Options
from pipeline.types import Ingested, PageSource

A4_SHORT_INCHES = 8.27  # Decree 30 sets documents on A4 (210 × 297 mm)


def image_resolution(width: int, height: int, stated: object = None) -> Optional[float]:
    """The resolution an image page was scanned at: the one its file states when that makes the page about A4 or
    Letter wide (7-9.5 inches: a 2480 × 3508 scan stating 72 dpi would be a 34-inch sheet, one stating 200 dpi a
    12-inch one: defaults or wrong tags, not the scan's setting), else the one that makes a page of A-series
    proportions (1 : 1.414) A4 wide; None when neither tells (a photo, a crop)."""
    short, long_ = sorted((width, height))
    try:
        x = float(stated[0]) if isinstance(stated, (tuple, list)) else float(stated) if stated else 0.0
    except (TypeError, ValueError):
        x = 0.0
    if 50 <= x <= 1200 and 7.0 <= short / x <= 9.5:
        return x
    if 1.36 <= long_ / short <= 1.47:
        return short / A4_SHORT_INCHES
    return None


def ingest_image(path: Path, sha: str, kind: str, options: Options) -> Ingested:
    guard, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None  # opening reads the header only; we check below
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # PIL's "Corrupt EXIF data": the error below says it in one line
            with Image.open(path) as image:
                width, height = image.size
                frames = getattr(image, "n_frames", 1)
                stated = image.info.get("dpi")
    except Exception as exc:  # PIL raises many types for damaged files
        raise InputError(f"cannot read the {kind.upper()} image ({type(exc).__name__}: {exc})", path=str(path)) from None
    finally:
        Image.MAX_IMAGE_PIXELS = guard
    if width * height > options.max_pixels:
        raise ImageTooLarge(
            f"image is {width}×{height} px ({width * height / 1e6:.0f} MP), over the {options.max_pixels / 1e6:.0f} MP "
            "limit; scan at 300 dpi or raise --max-pixels",
            path=str(path),
        )
    if width < 8 or height < 8:
        raise InputError(f"image is only {width}×{height} px: nothing to read", path=str(path))
    resolution = image_resolution(width, height, stated)
    scale = 1.0
    notes: list[str] = []
    if resolution and options.min_dpi and resolution < 0.9 * options.min_dpi:
        scale = min(options.min_dpi / resolution, (options.max_pixels / (width * height)) ** 0.5)
        if scale > 1.05:
            notes.append(f"image scanned at about {resolution:.0f} dpi: upscaled to {resolution * scale:.0f} dpi "
                            "for OCR (Tesseract reads best at 300)")
        else:
            scale = 1.0
    # only an upscaled page states its resolution: the clean-up's rule sizes assume 300 dpi otherwise, as before
    dpi = round(resolution * scale) if scale > 1.0 else None
    pages = [PageSource(number=i + 1, kind="image", path=str(path), frame=i, dpi=dpi, scale=scale)
             for i in range(frames)]
    return Ingested(str(path), sha, "image", frames, pages, warnings=notes)
