"""What a pool worker runs to finish a service job: the batch's assemble step, then the review page. Module-level
and free of the web framework, so workers unpickle it cheaply."""

from __future__ import annotations

import logging
from typing import Optional

from pipeline.batch.outcome import one_line
from pipeline.batch.tasks import task_assemble
from pipeline.options import Options
from pipeline.types import Ingested, PageResult

log = logging.getLogger(__name__)


def finish_document(ingested: Ingested, results: list[PageResult], options: Options, version: Optional[str],
                    name: str, review_path: str) -> tuple[str, Optional[str]]:
    """The record as JSON (its source.file is the upload's name, not the server's path) and, when the review page
    could not be written, why (the record still counts)."""
    record = task_assemble(ingested, results, options, version)
    stored = record.source.file
    record.source.file = name
    problem = None
    try:
        from pipeline.output.review_page import page_images, write_review_page

        write_review_page(record, review_path, images_of=lambda _file, numbers: page_images(stored, numbers))
    except Exception as exc:  # noqa: BLE001 - the record is what the job is for
        problem = one_line(f"review page not written: {type(exc).__name__}: {exc}")
    return record.model_dump_json(), problem
