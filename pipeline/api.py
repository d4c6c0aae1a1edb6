"""The Python API for many documents: ``extract_many(paths, jobs=, options=)`` yields records as they finish.

It mirrors ``extract DIR_OR_GLOB... -o OUTDIR`` without writing anything: folders and globs are expanded the
same way, the pages of all documents are spread over ``jobs`` worker processes, and each record is yielded as
soon as its document is done (not in input order; ``record.source.file`` says which input it is).
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Iterable, Iterator, Literal, Optional

from pipeline.batch import discover, iter_outcomes
from pipeline.errors import ExtractError, InputError
from pipeline.options import Options
from pipeline.record import Record

log = logging.getLogger(__name__)


def extract_many(paths: Iterable[str | Path], jobs: Optional[int] = None, options: Optional[Options] = None, *,
                 on_error: Literal["raise", "skip"] = "raise", scheduler: Optional[str] = None) -> Iterator[Record]:
    """Records of every document under ``paths`` (files, folders, globs), yielded as they finish.

    ``jobs``: worker processes (default ``options.jobs``, the number of cores). ``on_error="raise"`` raises the
    first failure as an ``ExtractError`` (stopping the workers); ``"skip"`` logs failures and goes on.
    ``scheduler``: a Dask scheduler address or ``"local"`` to run on dask.distributed instead."""
    options = options or Options()
    found = discover([str(p) for p in paths], Path(tempfile.gettempdir()) / "extract-many-unused")
    for problem in found.problems:
        _fail(InputError(problem.reason, path=problem.file, stage=problem.stage), on_error)
    for outcome in iter_outcomes(found.jobs, options, scheduler=scheduler, workers=jobs):
        if outcome.ok:
            yield outcome.record
        else:
            _fail(ExtractError(outcome.reason or "failed", path=outcome.job.path, stage=outcome.stage), on_error)


def _fail(error: ExtractError, on_error: str) -> None:
    if on_error == "raise":
        raise error
    log.warning("skipped: %s", error.one_line())
