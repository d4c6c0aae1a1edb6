"""A page's pixels in memory: a PDF page rasterised by pdftoppm (through pdf2image, raw PPM over a pipe: no file,
no PNG encode), an image file's frame as it is, or upscaled for a low-resolution scan."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from pipeline.errors import OcrError
from pipeline.types import PageImage, PageSource

RASTER_TIMEOUT_S = 120


def page_image(source: PageSource) -> PageImage:
    """The pixels of one page (``source.kind`` is pdf-image or image)."""
    if source.kind == "pdf-image":
        return PageImage(_pdf_page(source))
    if source.kind == "image":
        return _image_page(source)
    raise ValueError(f"page kind {source.kind} has no image")


def _pdf_page(source: PageSource) -> Image.Image:
    from pdf2image import convert_from_path
    from pdf2image.exceptions import (
        PDFInfoNotInstalledError,
        PDFPageCountError,
        PDFPopplerTimeoutError,
    )

    try:
        images = convert_from_path(source.path, dpi=source.dpi or 300, first_page=source.number,
                                   last_page=source.number, fmt="ppm", timeout=RASTER_TIMEOUT_S)
    except (PDFInfoNotInstalledError, FileNotFoundError):
        raise OcrError("pdftoppm not found: install poppler-utils (make setup does)") from None
    except PDFPopplerTimeoutError:
        raise OcrError(f"page {source.number}: rasterising took longer than {RASTER_TIMEOUT_S} s") from None
    except PDFPageCountError as exc:
        reason = " ".join(str(exc).split())[:200]
        raise OcrError(f"page {source.number}: cannot rasterise the PDF page ({reason or 'pdfinfo failed'})") from None
    if not images:
        raise OcrError(f"page {source.number}: cannot rasterise the PDF page (pdftoppm gave no image)")
    image = images[0]
    image.info.pop("dpi", None)  # as from a raw PNM: Tesseract estimates the resolution, as it always has here
    return image


def _image_page(source: PageSource) -> PageImage:
    suffix = Path(source.path).suffix.lower()
    scaled = source.scale > 1.0
    image = Image.open(source.path)
    if not scaled and source.frame == 0 and suffix in {".png", ".jpg", ".jpeg"}:
        image.load()
        dpi = image.info.get("dpi")
        return PageImage(image, path=source.path, dpi=round(float(dpi[1])) if dpi else None)
    with image:
        image.seek(source.frame)
        frame = image.convert("L" if image.mode in ("1", "L", "I;16", "I", "F") else "RGB")
    frame.info.pop("dpi", None)
    if scaled:
        # a low-resolution scan (ingest.image_resolution), resampled to Options.min_dpi: Tesseract's glyphs
        # are too small below about 300 dpi
        frame = frame.resize((round(frame.width * source.scale), round(frame.height * source.scale)), Image.LANCZOS)
    return PageImage(frame)
