"""Batch conversion: many documents → one JSON record each, plus collection files, resumable and isolated.

``run_batch(inputs, outdir, options)`` (``run.py``) is what ``extract DIR_OR_GLOB... -o OUTDIR`` runs:

1. ``discovery``: folders are searched recursively for supported extensions, globs expanded (``**`` included),
   files named on the command line taken as they are; a folder or pattern yields a .tsv/.hocr only when it is
   Tesseract output and its scan is not beside it. Each input gets ``OUTDIR/<sub-folders>/<stem>.json``.
2. ``resume``: an input whose output exists and records the same sha256 and options is skipped, unless ``force``.
   Outputs are written atomically; stale temporaries of a killed run are removed when the next run starts.
3. Run the documents (``run.iter_outcomes``): locally (``local.LocalRunner``) on a pool of worker processes
   (``pool.WorkerPool``) that reads the pages of all documents (``tasks``: plan, read a page, assemble), or on a
   Dask cluster (``cluster.DaskRunner``) with one task per document. Few pages are queued at a time, so memory
   stays bounded; a page past its deadline or a dead worker becomes a recorded failure and a fresh worker.
4. ``collect``: ``errors.jsonl``, ``records.jsonl``, ``documents.csv``, ``targets.csv``, ``tasks.csv`` (and EDXML).
   The return value is the exit code: 0 all succeeded (or were up to date), 3 some failed, 1 none succeeded.

``progress``: a rich bar on a terminal, plain log lines every ``LOG_EVERY_S`` seconds otherwise.
"""

from pipeline.batch.discovery import Discovery, Job, discover
from pipeline.batch.pool import WorkerPool
from pipeline.batch.run import iter_outcomes, run_batch

__all__ = ["Discovery", "Job", "WorkerPool", "discover", "iter_outcomes", "run_batch"]
