"""One page image → an OCR page: rasterise, clean, recognise, then re-read the handwritten fields and the
signature block. Runs in a worker process."""

from __future__ import annotations

import logging
import time

from pipeline.errors import OcrError
from pipeline.ocr.cleanup import clean_page
from pipeline.ocr.engine import OcrEngine
from pipeline.ocr.orientation import (
    SKEW_MAX_DEGREES,
    SKEW_MIN_DEGREES,
    looks_unread,
    reading_quality,
    skew_angle,
    turned,
)
from pipeline.ocr.raster import page_image
from pipeline.types import OcrPage, PageImage, PageSource

log = logging.getLogger(__name__)

# Tesseract's OSD confidence a turn needs to be tried (it is only asked of pages read badly, and a turned reading is
# kept only when it reads better): a sideways page's right turn came at 1.4
MIN_ORIENTATION_CONFIDENCE = 0.5




def recognise_page(source: PageSource, engine: OcrEngine, clean: bool = True, handwriting: bool = True) -> OcrPage:
    """Rasterise (PDF) or decode (image frame) one page into memory, clean it and OCR it; every step's seconds go
    into ``page.timings``.

    Runs in a worker process. ``clean`` drops red ink (stamps) and removes ruled lines and box borders first.
    ``handwriting`` re-reads the number and the day of the first page's header, often filled in by hand,
    with the digit reader (see handwriting/)."""
    timings: dict[str, float] = {}
    mark = time.perf_counter()
    if engine.warm_up():  # the first page of a worker: the engine's start-up (model load) is timed apart
        timings["model_load"] = time.perf_counter() - mark
    mark = time.perf_counter()
    original = image = page_image(source)
    timings["raster"] = time.perf_counter() - mark
    if clean:
        mark = time.perf_counter()
        image = clean_page(original, source.dpi or 300)
        timings["clean"] = time.perf_counter() - mark
    if original.image.mode not in ("L", "1"):
        # the re-reads look at the page as scanned in grey only: a colour page is kept as grey, a third of its size
        original = PageImage(original.image.convert("L"), path=original.path, dpi=original.dpi)
    mark = time.perf_counter()
    scanned_original, scanned = original, image
    original, image, angle, straightened = _straightened(original, image)
    timings["deskew"] = time.perf_counter() - mark
    mark = time.perf_counter()
    page = engine.recognise(image, source.number)
    if looks_unread(page):
        # sideways or upside down: ask Tesseract's orientation detection, keep the better reading. A sideways page
        # can read as blank: its skew, measured across its text rows, is any angle, and turning by it loses the text
        found = engine.orientation(image)
        if found and found[0] and found[1] >= MIN_ORIENTATION_CONFIDENCE:
            # OSD can take a sideways page for its mirror turn (90° for 270°): when its turn still reads badly,
            # the opposite turn is read too, and the better reading is kept
            for turn in (found[0], (found[0] + 180) % 360):
                if not turn:
                    continue
                # the skew is measured again on the page turned upright
                upright_original, upright, upright_angle, upright_straightened = _straightened(
                    turned(scanned_original, turn), turned(scanned, turn))
                again = engine.recognise(upright, source.number)
                if reading_quality(again) > reading_quality(page):
                    page, original, image = again, upright_original, upright
                    angle, straightened = upright_angle, upright_straightened
                    page.warnings.append(f"page turned {turn}° to read it (orientation detection)")
                if not looks_unread(again):
                    break
    if straightened:
        page.warnings.append(f"page skewed {angle:+.1f}°, straightened before reading")
    timings["ocr"] = time.perf_counter() - mark
    mark = time.perf_counter()
    if source.number == 1 and engine.rereads:
        _reread_lost_lines(image, page, engine)
    if handwriting and source.number == 1:
        if engine.rereads:
            _reread_header_line(original, page, engine)
        _reread_handwritten_fields(original, page, engine)
    if source.number == 1 and engine.rereads:
        _reread_weak_lines(image, page, engine)
    if engine.rereads:
        _reread_signature_block(original, page, engine)
        _reread_name_lines(page, image, engine)
        _refit_name_marks(page, image)
    timings["reread"] = time.perf_counter() - mark
    engine.release()
    page.dpi = source.dpi
    page.timings = timings
    return page


def _straightened(original: PageImage, image: PageImage) -> tuple[PageImage, PageImage, float, bool]:
    """The page (as scanned, and cleaned) turned level when its skew lies in the range turned back; the angle
    measured on the cleaned page and whether it was turned."""
    angle = skew_angle(image.image)
    if SKEW_MIN_DEGREES <= abs(angle) <= SKEW_MAX_DEGREES:
        return turned(original, angle), turned(image, angle), angle, True
    return original, image, angle, False


def _refine(page: OcrPage, what: str, step, *args) -> None:
    """Run a re-read that refines the page; it must never cost the page: a failure becomes a page warning."""
    try:
        step(*args)
    except FileNotFoundError as exc:  # the digit model is missing
        page.warnings.append(f"{what} not re-read: {exc}")
    except OcrError as exc:
        page.warnings.append(f"{what} not re-read: {exc}")
    except Exception as exc:  # noqa: BLE001 - a refinement
        log.warning("page %d: %s re-read failed: %s", page.number, what, exc)
        page.warnings.append(f"{what} not re-read ({type(exc).__name__})")


def _crop_reader(engine: OcrEngine, number: int):
    """Reads an image cut from page ``number`` as one text line (Tesseract's single-line mode): its words."""
    return lambda crop: engine.recognise(PageImage(crop), number, psm=7).words


def _reread_lost_lines(image: PageImage, page: OcrPage, engine: OcrEngine) -> None:
    from pipeline.ocr.lost_lines import reread_lost_lines

    _refine(page, "lost header lines", reread_lost_lines, page, image.image, _crop_reader(engine, page.number))


def _reread_header_line(scanned: PageImage, page: OcrPage, engine: OcrEngine) -> None:
    from pipeline.ocr.handwriting.fields import reread_header_line

    read_line = lambda box, psm: engine.recognise(scanned, page.number, box=box, psm=psm).words  # noqa: E731
    _refine(page, "header line", reread_header_line, page, read_line)


def _reread_weak_lines(image: PageImage, page: OcrPage, engine: OcrEngine) -> None:
    from pipeline.ocr.weak_lines import reread_weak_lines

    _refine(page, "weak header lines", reread_weak_lines, page, image.image, _crop_reader(engine, page.number))


def _reread_handwritten_fields(original: PageImage, page: OcrPage, engine: OcrEngine) -> None:
    from pipeline.ocr.handwriting.fields import apply_field_reads, reread_fields

    # the real engines read a line's characters with their boxes (where print ends and handwriting begins)
    characters = (lambda box: engine.characters(original, box)) if engine.rereads else None
    _refine(page, "handwritten fields",
            lambda: apply_field_reads(page, reread_fields(original.image, page, characters=characters)))


def _reread_signature_block(original: PageImage, page: OcrPage, engine: OcrEngine) -> None:
    from pipeline.ocr.signature import reread_signature_block

    _refine(page, "signature block", reread_signature_block, original, page, engine)


def _reread_name_lines(page: OcrPage, cleaned: PageImage, engine: OcrEngine) -> None:
    from pipeline.ocr.signature import reread_name_lines

    _refine(page, "name lines", reread_name_lines, page, cleaned, engine)


def _refit_name_marks(page: OcrPage, cleaned: PageImage) -> None:
    from pipeline.ocr.name_marks import refit_name_marks

    _refine(page, "name marks", refit_name_marks, page, cleaned)
