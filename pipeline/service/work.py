"""What finishes a service job: the batch's assemble step in a pool worker; the review page, drawn on its first
request. Module-level and free of the web framework, so workers unpickle it cheaply."""

from __future__ import annotations

import logging
from typing import Optional

from pipeline.batch.tasks import task_assemble
from pipeline.options import Options
from pipeline.types import Ingested, PageResult

log = logging.getLogger(__name__)


def finish_document(ingested: Ingested, results: list[PageResult], options: Options, version: Optional[str],
                    name: str, review_path: str) -> tuple[str, Optional[str]]:
    """The record as JSON (its source.file is the upload's name, not the server's path). The review page is not
    written here: most jobs' pages are never opened, and drawing one (the scan re-read at screen size) would cost
    every job; ``review_page`` writes it on its first request. ``review_path`` is kept for that call's sake."""
    record = task_assemble(ingested, results, options, version)
    record.source.file = name
    return record.model_dump_json(), None


def review_page(record_json: str, stored: str, review_path: str) -> None:
    """Write the review page of a finished job, its images read from the stored upload."""
    from pipeline.output.review_page import page_images, write_review_page
    from pipeline.record import Record

    record = Record.model_validate_json(record_json)
    write_review_page(record, review_path, images_of=lambda _file, numbers: page_images(stored, numbers))
