"""One page image → an OCR page: rasterise, clean, recognise, then re-read the handwritten fields and the
signature block. Runs in a worker process."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from pipeline.errors import OcrError
from pipeline.ocr.cleanup import clean_page
from pipeline.ocr.engine import OcrEngine, TesseractEngine
from pipeline.ocr.raster import page_image_file
from pipeline.types import OcrPage, PageSource

log = logging.getLogger(__name__)




def recognise_page(source: PageSource, engine: OcrEngine, clean: bool = True, handwriting: bool = True) -> OcrPage:
    """Rasterise (PDF) or extract (TIFF frame) one page to a raw PNM file, clean it and OCR it.

    Runs in a worker process. ``clean`` drops red ink (stamps) and removes ruled lines and box borders first.
    ``handwriting`` re-reads the number and the day of the first page's header, often filled in by hand,
    with the digit reader (see handwriting.py)."""
    with tempfile.TemporaryDirectory(prefix="extract-") as workdir:
        original = image_path = page_image_file(source, Path(workdir))
        if clean:
            image_path = clean_page(original, Path(workdir), source.dpi or 300)
        page = engine.recognise(image_path, source.number)
        if handwriting and source.number == 1:
            _reread_handwritten_fields(original, page)
        if isinstance(engine, TesseractEngine):
            _reread_signature_block(original, page, engine)
    page.dpi = source.dpi
    return page


def _reread_handwritten_fields(image_path: str, page: OcrPage) -> None:
    from pipeline.ocr.handwriting.fields import apply_field_reads, reread_fields

    try:
        apply_field_reads(page, reread_fields(image_path, page))
    except FileNotFoundError as exc:
        page.warnings.append(f"handwritten fields not re-read: {exc}")
    except Exception as exc:  # the re-read is a refinement: it must never cost the page
        log.warning("page %d: handwritten field re-read failed: %s", page.number, exc)
        page.warnings.append(f"handwritten fields not re-read ({type(exc).__name__})")


def _reread_signature_block(image_path: str, page: OcrPage, engine: "TesseractEngine") -> None:
    from pipeline.ocr.signature import reread_signature_block

    try:
        reread_signature_block(image_path, page, engine)
    except OcrError as exc:
        page.warnings.append(f"signature block not re-read: {exc}")
    except Exception as exc:  # a refinement: it must never cost the page
        log.warning("page %d: signature block re-read failed: %s", page.number, exc)
        page.warnings.append(f"signature block not re-read ({type(exc).__name__})")
