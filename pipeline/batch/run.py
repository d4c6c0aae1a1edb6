"""Batch conversion: many documents → one JSON record each, plus collection files, resumable and isolated.

``run_batch(inputs, outdir, options)`` is what ``extract DIR_OR_GLOB... -o OUTDIR`` runs:

1. ``discover``: folders are searched recursively for supported extensions (ingest.SUPPORTED_EXTENSIONS),
   globs are expanded (``**`` included), files named on the command line are taken as they are. A folder or
   pattern yields a .tsv/.hocr only when it is Tesseract output, and not when its scan (same name, PDF or image)
   is beside it: the scan is read. Each input
   gets ``OUTDIR/<sub-folders>/<stem>.json`` mirroring its place under the input folder (``<name>.json``, e.g.
   ``a.pdf.json``, when two inputs of one folder share a stem).
2. Resume: an input whose output exists and records the same sha256 (``record.source.sha256``) is skipped,
   unless ``force``. Outputs are written atomically (temporary file + rename, output.write_atomic): a killed run
   leaves no partial JSON; stale temporary files of a killed run are removed when the next run starts.
3. Run the documents (``iter_outcomes``): locally on a pool of worker processes that reads the PAGES of all
   documents (``plan``, then ``read_page`` per page, then ``assemble`` once a document's pages are back, each a
   task, so one long PDF is spread over every worker), or on a Dask cluster (``scheduler``) with one task per
   document. Only a few pages are queued at a time, and each worker rasterises one page at a time, so memory
   stays bounded whatever the batch size. Tesseract's own timeout (``options.page_timeout``) bounds each page
   inside the worker; a parent-side guard kills a worker that still does not answer, and a worker that dies
   (out of memory, crash) is replaced.
4. Record: ``errors.jsonl`` (one line per failed input: file, stage, one-line reason), then, from every
   up-to-date output, ``records.jsonl``, ``documents.csv``, ``targets.csv``, ``tasks.csv`` (and ``<stem>.edxml``
   per document with ``fmt="edxml"``; ``records.sqlite``, the database, with ``fmt="sqlite"``; ``calendar.ics`` with
   ``fmt="ics"``; ``target`` puts either elsewhere). A summary line ends the run; the return value is the exit code:
   0 all succeeded (or were up to date), 3 some failed, 1 none succeeded.

Progress: a rich progress bar (files, pages, rate, ETA) when stderr is a terminal, plain log lines every
``LOG_EVERY_S`` seconds otherwise.
"""

from __future__ import annotations

import logging
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from pipeline.batch.cluster import DaskRunner
from pipeline.batch.collect import write_collections, write_review_pages
from pipeline.batch.discovery import Failure, Job, discover
from pipeline.batch.local import LocalRunner
from pipeline.batch.outcome import Outcome
from pipeline.batch.progress import Progress
from pipeline.batch.resume import (
    is_up_to_date,
    recorded_sha256,
    remove_stale_temporaries,
)
from pipeline.errors import UsageError
from pipeline.ingest.files import (
    sha256_file,
)
from pipeline.options import Options

log = logging.getLogger(__name__)


EXIT_OK, EXIT_NONE_SUCCEEDED, EXIT_SOME_FAILED, EXIT_INTERRUPTED = 0, 1, 3, 130


def iter_outcomes(jobs: Iterable[Job], options: Options, *, scheduler: Optional[str] = None,
                  workers: Optional[int] = None, on_pages: Optional[Callable[[int, int], None]] = None,
                  runner_box: Optional[list] = None) -> Iterator[Outcome]:
    """Outcomes of ``jobs`` as they finish, locally (scheduler None) or on Dask (``local`` or an address)."""
    runner = DaskRunner(options, scheduler, workers, on_pages) if scheduler else LocalRunner(options, workers, on_pages)
    if runner_box is not None:
        runner_box.append(runner)
    yield from runner.run(jobs)


@dataclass
class Summary:
    done: int = 0
    skipped: int = 0
    failed: int = 0
    pages: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.failed == 0:
            return EXIT_OK
        return EXIT_SOME_FAILED if self.done + self.skipped > 0 else EXIT_NONE_SUCCEEDED

    def line(self, outdir: Path) -> str:
        text = (f"batch: {self.done} done, {self.skipped} skipped, {self.failed} failed, {self.pages} pages, "
                f"{self.seconds:.1f} s → {outdir}")
        if self.failed:
            text += f" (reasons in {outdir / 'errors.jsonl'})"
        return text + (" [interrupted]" if self.interrupted else "")


class _Terminated(Exception):
    pass


def _raise_terminated(signum, frame) -> None:  # noqa: ARG001 - signal handler signature
    raise _Terminated()


def run_batch(inputs: list[str], outdir: Path, options: Options, *, fmt: str = "json", force: bool = False,
              scheduler: Optional[str] = None, progress: Optional[bool] = None, jobs: Optional[list[Job]] = None,
              target: Optional[Path] = None, review: Optional[Path] = None) -> int:
    """Convert every document under ``inputs`` into ``outdir``; returns the exit code (0, 3, 1, or 130 when
    interrupted). ``jobs`` replaces discovery (a list from ``discover``). ``target``: the database or calendar
    file of ``fmt`` sqlite/ics when not the default one in ``outdir``. ``review``: a folder for a review page per
    document and their index."""
    started = time.perf_counter()
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(f"-o {outdir} is a file; a batch writes into a folder (give a new or existing folder)")
    summary = Summary()
    if jobs is None:
        found = discover(inputs, outdir)
        jobs, problems = found.jobs, found.problems
    else:
        problems = []
    outdir.mkdir(parents=True, exist_ok=True)
    removed = remove_stale_temporaries(outdir)
    if removed:
        log.info("removed %d temporary files left by an interrupted run", removed)
    todo = [job for job in jobs if force or not is_up_to_date(job, options)]
    summary.skipped = len(jobs) - len(todo)
    summary.failed = len(problems)
    if not jobs:
        print(f"error: no supported documents found in {' '.join(inputs)}", file=sys.stderr)
    if summary.skipped:
        log.info("%d inputs are up to date (use --force to redo them)", summary.skipped)

    errors_path = outdir / "errors.jsonl"
    errors = open(errors_path, "w", encoding="utf-8", newline="\n")
    for problem in problems:
        errors.write(problem.as_json() + "\n")
    errors.flush()
    meter = Progress(len(todo), live=progress)
    previous = signal.signal(signal.SIGTERM, _raise_terminated) if _main_thread() else None
    box: list = []
    try:
        from pipeline.output import record_json, write_atomic

        for outcome in iter_outcomes(todo, options, scheduler=scheduler, on_pages=meter.pages, runner_box=box):
            summary.pages += outcome.pages
            if outcome.ok:
                write_atomic(outcome.job.output, record_json(outcome.record))
                summary.done += 1
            else:
                summary.failed += 1
                errors.write(Failure(outcome.job.path, outcome.stage or "extract", outcome.reason or "").as_json() + "\n")
                errors.flush()
                _remove_stale_output(outcome.job)
            meter.file_done(outcome.ok)
            log.info("%s: %s (%d pages, %.1f s)", outcome.job.path, "ok" if outcome.ok else f"failed in {outcome.stage}: {outcome.reason}",
                     outcome.pages, outcome.seconds)
    except (KeyboardInterrupt, _Terminated):
        summary.interrupted = True
    finally:
        meter.close()
        errors.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    if not summary.interrupted:
        write_collections(jobs, outdir, fmt, target)
        if review is not None:
            write_review_pages(jobs, review, errors_path)
    if box and box[0].worker_stats:
        peak = max(s["self_mb"] for s in box[0].worker_stats)
        child = max(s["children_mb"] for s in box[0].worker_stats)
        log.info("peak RSS: worker %.0f MB; its largest child (Tesseract/pdftoppm) %.0f MB, an upper bound: Linux starts "
                 "a child's peak at its parent's size", peak, child)
    summary.seconds = time.perf_counter() - started
    print(summary.line(outdir), file=sys.stderr, flush=True)
    if not jobs and not summary.failed:
        return EXIT_NONE_SUCCEEDED
    return summary.exit_code()


def _remove_stale_output(job: Job) -> None:
    """An output left from an earlier version of a now-failing input no longer describes it: remove it. (An
    output that still matches the input, redone with --force, stays.)"""
    recorded = recorded_sha256(job.output)
    if recorded is None:
        return
    try:
        current = sha256_file(job.path)
    except OSError:
        current = None
    if current != recorded:
        job.output.unlink(missing_ok=True)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()
