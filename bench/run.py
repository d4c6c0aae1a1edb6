"""Entry point: ``python -m bench.run [--shared ../shared] [--quick] [--out bench/results]``.

Prints one table (text accuracy, field accuracy, speed) and writes it as ``bench.json`` and ``bench.md`` (a
snippet for the README's "Measured" section) under ``--out``. Without ``../shared`` only the bundled samples and
the seed are scored; the speed rows always run. Heldout data is only reported, never used to pick a setting.
"""

from __future__ import annotations

import os

# one thread per process everywhere (numeric libraries, Tesseract): the machine has 2 cores and we measure 1/2 ways
for _var in ("OMP_THREAD_LIMIT", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from .datasets import REPO, Shared  # noqa: E402
from .provincial import provincial_rows  # noqa: E402
from .quality import Settings, field_rows, pipeline_runs, text_rows  # noqa: E402
from .report import Row, machine, now_utc, save, text_table  # noqa: E402
from .speed import speed_rows  # noqa: E402
from .task_eval import task_rows  # noqa: E402


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                        help="the shared data folder (default: ../shared next to the repo); optional")
    parser.add_argument("--quick", action="store_true", help="a subset that runs in about two minutes")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results", help="where bench.json/.md go")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the quality runs (default 2)")
    parser.add_argument("--speed-pages", type=int, default=None,
                        help="rendered pages for the pages/s rows (default 2 with --quick, else 10)")
    parser.add_argument("--skip", action="append", default=[], choices=["text", "fields", "provincial", "tasks", "speed"],
                        help="leave a section out (repeatable)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    host = machine()  # before the work starts: the load average says how busy the machine was
    shared = Shared(args.shared.resolve() if args.shared else None)
    if not shared.present:
        _log(f"{args.shared} not found: scoring the bundled samples only")
    settings = Settings(shared=shared, quick=args.quick, jobs=max(1, args.jobs), log=_log)

    rows: list[Row] = []
    if not {"text", "fields"} <= set(args.skip):
        extracted = pipeline_runs(settings)
        if "text" not in args.skip:
            _log("text accuracy")
            rows += text_rows(settings, extracted)
        if "fields" not in args.skip:
            _log("field accuracy")
            rows += field_rows(settings, extracted)
    if "provincial" not in args.skip:
        _log("renderer-made provincial scans")
        rows += provincial_rows(settings)
    if "tasks" not in args.skip:
        _log("tasks, owners and deadlines")
        rows += task_rows(settings)
    if "speed" not in args.skip:
        _log("speed")
        rows += speed_rows(shared, args.quick, _log, pages=args.speed_pages)

    seconds = time.perf_counter() - started
    command = "python -m bench.run" + (" --quick" if args.quick else "") + ("" if shared.present else " (no ../shared)")
    meta = {"date": now_utc(), "machine": host, "mode": "quick" if args.quick else "full", "command": command,
            "seconds": seconds, "shared": str(shared.root) if shared.root else None}
    print(text_table(rows))
    print(f"\n{meta['mode']} run, {seconds:.0f} s, {meta['date']}, {meta['machine']['cpu']} "
          f"({meta['machine']['cores']} cores); JSON and markdown in {args.out}")
    save(rows, meta, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
