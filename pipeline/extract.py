"""The per-document recipe: ingest → read each page (text layer or OCR) → restore → parse → record.

Split in three steps so a batch runner can spread the pages of many documents over one worker pool:
``plan`` (cheap, in the parent), ``read_page`` (expensive, in a worker), ``assemble`` (cheap, in the parent).
``extract`` composes them for one document, OCR-ing its pages in parallel.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Optional

from pipeline.errors import (
    EmptyDocument,
    ExtractError,
    NotVietnamese,
    OcrError,
)
from pipeline.evidence import attach_boxes, line_boxes
from pipeline.ingest import ingest
from pipeline.ocr.engine import OcrEngine, make_engine
from pipeline.ocr.page import recognise_page
from pipeline.options import Options
from pipeline.record import OcrInfo, PageText, Record, SourceInfo
from pipeline.text import looks_vietnamese, normalize
from pipeline.types import Ingested, OcrPage, PageResult, PageSource

log = logging.getLogger(__name__)


def plan(path: str | Path, options: Options) -> Ingested:
    return ingest(path, options)


def read_page(source: PageSource, options: Options, engine: Optional[OcrEngine] = None) -> PageResult:
    """Read one page. Never raises for a page-level failure: the failure is recorded in the result."""
    started = time.perf_counter()
    if source.text is not None:
        kind = source.kind if source.kind in ("text", "ocr-file") else "text-layer"
        confidences = list(source.confidences) if source.confidences is not None else None
        return PageResult(source.number, kind, text=source.text, confidences=confidences,
                          seconds=time.perf_counter() - started)
    engine = engine or make_engine(options)
    try:
        page: OcrPage = recognise_page(source, engine, clean=options.clean_rules, handwriting=options.handwriting)
    except ExtractError as exc:
        return PageResult(source.number, "ocr", error=str(exc), seconds=time.perf_counter() - started)
    words = page.words
    return PageResult(
        source.number,
        "ocr",
        text=normalize(page.text),
        confidences=[w.confidence for w in words],
        seconds=time.perf_counter() - started,
        warnings=[f"page {source.number}: {w}" for w in page.warnings],
        timings=page.timings,
        line_boxes=line_boxes(page),
        image_size=(page.width, page.height),
        dpi=page.dpi,
    )


def _read_page_in_worker(source: PageSource, options: Options) -> PageResult:
    return read_page(source, options)


def page_step_seconds(results: list[PageResult]) -> dict[str, float]:
    """Seconds of each OCR step summed over the pages: model load (once per worker), raster, clean, ocr, reread."""
    total: dict[str, float] = {}
    for result in results:
        for step, seconds in result.timings.items():
            total[step] = total.get(step, 0.0) + seconds
    return total


def read_pages(ingested: Ingested, options: Options, engine: Optional[OcrEngine] = None) -> list[PageResult]:
    """Read every page, OCR pages in parallel processes when there are several and jobs > 1."""
    image_pages = [p for p in ingested.pages if p.text is None]
    if engine is not None or options.jobs <= 1 or len(image_pages) <= 1:
        return [read_page(p, options, engine) for p in ingested.pages]
    with ProcessPoolExecutor(max_workers=min(options.jobs, len(image_pages))) as pool:
        futures = {p.number: pool.submit(_read_page_in_worker, p, options) for p in image_pages}
        return [futures[p.number].result() if p.text is None else read_page(p, options) for p in ingested.pages]


def assemble(ingested: Ingested, results: list[PageResult], options: Options, engine_version: Optional[str] = None) -> Record:
    """Restore and parse the pages' text and build the record. Raises when no page holds any text."""
    warnings = list(ingested.warnings)
    for result in results:
        warnings.extend(result.warnings)
        if result.error:
            warnings.append(f"page {result.number}: {result.error}")
        elif not result.text.strip():
            warnings.append(f"page {result.number}: blank page, no text found")
    if not any(r.text.strip() for r in results):
        failed = [r for r in results if r.error]
        if failed and len(failed) == len(results):
            raise OcrError(failed[0].error or "every page failed", path=ingested.path)
        raise EmptyDocument("no text found on any page (blank or unreadable scan)", path=ingested.path)

    full_text = "\n".join(r.text for r in results)
    verdict = looks_vietnamese(full_text)
    if verdict is False and options.require_vietnamese:
        raise NotVietnamese(
            "the text is not Vietnamese; this tool reads Vietnamese administrative documents "
            "(use --allow-other-languages to extract anyway)",
            path=ingested.path,
        )
    if verdict is None:
        warnings.append("too little text to confirm the document is Vietnamese")

    from pipeline.parse.review import page_words

    pages: list[PageText] = []
    words = []  # per page, its words' OCR confidences for the review of the fields
    to_restore = [options.restore and r.kind != "text-layer" and bool(r.text.strip()) for r in results]
    # what the OCR read confidently on any page weighs the unsure words of every page
    context = _restorer().document_context(
        (r.text, r.confidences) for r, todo in zip(results, to_restore) if todo) if any(to_restore) else None
    for result, todo in zip(results, to_restore):
        text, raw = result.text, None
        if todo:
            restored = _restorer().restore(text, result.confidences, context)
            if restored.text != text:
                text, raw = restored.text, result.text
        confidence = sum(result.confidences) / len(result.confidences) if result.confidences else None
        width, height = result.image_size or (None, None)
        pages.append(PageText(number=result.number, kind=result.kind, text=text, raw_text=raw, mean_confidence=confidence,
                              image_width=width, image_height=height, dpi=result.dpi))
        words.append(page_words(text, raw if raw is not None else result.text, result.confidences))

    from pipeline.parse import parse_document

    parsed = parse_document([p.text for p in pages],
                            ocr_text=any(p.kind in ("ocr", "ocr-file") or p.raw_text is not None for p in pages),
                            words=words)
    all_conf = [c for r in results if r.confidences for c in r.confidences]
    ocr_used = any(r.kind == "ocr" for r in results)
    ocr_dpi = next((p.dpi for p in ingested.pages if p.dpi), None)
    source = SourceInfo(
        file=ingested.path,
        sha256=ingested.sha256,
        pages=ingested.page_count,
        input_kind=ingested.input_kind,
        page_kinds=[r.kind for r in results],
        ocr=OcrInfo(engine="tesseract", engine_version=engine_version, language=options.lang, dpi=ocr_dpi,
                    restored=options.restore) if ocr_used else (
            OcrInfo(engine="none" if ingested.input_kind == "text" else "file", language=options.lang,
                    restored=options.restore) if ingested.input_kind in ("text", "ocr-file") else None),
        mean_confidence=round(sum(all_conf) / len(all_conf), 4) if all_conf else None,
        options_key=options.output_key(),
    )
    record = Record.build(source, parsed, pages)
    attach_boxes(record, {r.number: r.line_boxes for r in results if r.line_boxes})
    record.warnings = warnings + record.warnings
    return record


def _restorer():
    """The process-wide restoration model (a missing model raises ModelMissing, a one-line error)."""
    from pipeline import restore

    return restore.load_restorer()


def extract(path: str | Path, options: Optional[Options] = None, *, engine: Optional[OcrEngine] = None) -> Record:
    """Convert one document to a record. Raises an ExtractError subclass with a one-line reason on failure."""
    options = options or Options()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    ingested = plan(path, options)
    timings["ingest"] = time.perf_counter() - started
    mark = time.perf_counter()
    results = read_pages(ingested, options, engine)
    timings["read"] = time.perf_counter() - mark
    mark = time.perf_counter()
    version = (engine or make_engine(options)).version() if any(r.kind == "ocr" for r in results) else None
    record = assemble(ingested, results, options, engine_version=version)
    timings["restore+parse"] = time.perf_counter() - mark
    steps = page_step_seconds(results)
    log.info("%s: %d pages, %s%s", ingested.path, len(results), ", ".join(f"{k} {v:.2f}s" for k, v in timings.items()),
             f" (OCR pages, summed: {', '.join(f'{k} {v:.2f}s' for k, v in steps.items())})" if steps else "")
    return record
