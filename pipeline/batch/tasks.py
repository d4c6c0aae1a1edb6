"""The functions workers run (module-level, so they pickle): plan, read a page, assemble; the whole document for
a Dask worker."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Optional

from pipeline.batch.outcome import error_payload
from pipeline.extract import assemble, plan, read_page
from pipeline.options import Options
from pipeline.record import Record
from pipeline.types import Ingested, PageResult, PageSource


def task_plan(path: str, options: Options) -> Ingested:
    return plan(path, options)


def task_page(source: PageSource, options: Options) -> PageResult:
    return read_page(source, options)


def task_assemble(ingested: Ingested, results: list[PageResult], options: Options, version: Optional[str]) -> Record:
    return assemble(ingested, results, options, engine_version=version)


def process_document(path: str, options: Options, version: Optional[str]) -> dict[str, Any]:
    """The whole recipe for one document, for a Dask worker. Never raises: returns the record as JSON, or the
    failure (stage, reason); ``pages`` is the number of pages read."""
    started = time.perf_counter()
    stage, pages = "ingest", 0
    try:
        ingested = plan(path, options)
        pages = len(ingested.pages)
        stage = "ocr"
        results = [read_page(page, options) for page in ingested.pages]
        stage = "parse"
        record = assemble(ingested, results, options, engine_version=version)
        return {"record": record.model_dump_json(), "pages": pages, "seconds": time.perf_counter() - started}
    except BaseException as exc:  # noqa: BLE001 - a task reports every failure as data
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        stage, reason = error_payload(exc, stage)
        if reason == "no such file" and Path(path).is_absolute():
            import socket

            reason += (f" on Dask worker {socket.gethostname()} (every worker must see the inputs at the same path, "
                       "e.g. on a shared filesystem)")
        return {"stage": stage, "reason": reason, "pages": pages, "seconds": time.perf_counter() - started}


def task_noop() -> None:
    """Nothing: the first answer of a fresh worker times its start-up (the bench's OCR steps row)."""
