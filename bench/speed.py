"""Speed and cost rows: pages/s of ``extract`` beside raw Tesseract on the same pages, restoration and parser
throughput, model load time, peak RSS of one worker.

The pages are the seed text (``samples/seed/*.gt.txt``, always bundled) typeset by ``bench.render`` with fixed
seeds, degraded, saved as one-page PDFs and rasterised once with the pipeline's own ``pdftoppm -r 300 -gray``
so raw Tesseract reads the very pixels the pipeline reads. Cached under ``.cache/bench/speed/<hash>/``.
Configurations are interleaved inside each repetition; reported numbers are medians.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Optional

from pipeline.text import strip_marks

from . import pipeline_runs as runs
from .datasets import CACHE, REPO, SEED_GT, Shared, read_text
from .metrics import syllables
from .report import Row, rate

ENV1 = {**os.environ, "OMP_THREAD_LIMIT": "1"}


def speed_pages(n: int) -> list[tuple[Path, Path]]:
    """``n`` (pdf, pgm) pages rendered from the seed text; built once, then read from the cache."""
    import bench.render as render

    key = hashlib.sha256(read_text(SEED_GT).encode() + Path(render.__file__).read_bytes() + str(n).encode())
    folder = CACHE / "speed" / key.hexdigest()[:16]
    pairs = [(folder / f"page{i:02d}.pdf", folder / f"page{i:02d}.pgm") for i in range(n)]
    if all(p.is_file() and q.is_file() for p, q in pairs):
        return pairs
    folder.mkdir(parents=True, exist_ok=True)
    spec = render.spec_from_text(read_text(SEED_GT))
    images, seed = [], 0
    while len(images) < n:
        font = ("dejavu", "liberation")[seed % 2]
        pages = render.render_pages(spec, dpi=300, font=font, seed=seed)
        images += [render.degrade(p, seed=100 * seed + k, strength=1.0) for k, p in enumerate(pages)]
        seed += 1
    for (pdf, pgm), image in zip(pairs, images):
        render.save_pdf([image], pdf, dpi=300)
        rasterise(pdf, pgm.with_suffix(""))
    return pairs


def rasterise(pdf: Path, stem: Path) -> Path:
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-singlefile", str(pdf), str(stem)], check=True,
                   capture_output=True)
    return stem.with_suffix(".pgm")


def tesseract(image: Path, out_base: Path) -> None:
    subprocess.run(["tesseract", str(image), str(out_base), "-l", "vie"], env=ENV1, check=True, capture_output=True)


def pdftoppm_tesseract(pdf: Path, workdir: Path) -> None:
    stem = workdir / pdf.stem
    tesseract(rasterise(pdf, stem), stem)


def parallel(fn: Callable[[Any], None], items: list, ways: int) -> None:
    if ways == 1:
        for item in items:
            fn(item)
    else:
        with ThreadPoolExecutor(max_workers=ways) as pool:
            list(pool.map(fn, items))


def _median(values: list[float]) -> Optional[float]:
    return statistics.median(values) if values else None


# ----------------------------------------------------------------------------------------------------------------
# Page throughput


def _extract_configs(pdfs: list[Path], multi: Path, images: list[Path] = ()) -> tuple[dict[str, Callable[[], None]], str]:
    """The two extract configurations, through ``pipeline.extract_many`` when it exists."""
    import pipeline
    from pipeline import Options, extract

    many = getattr(pipeline, "extract_many", None)
    if many is None:
        try:
            from pipeline.batch import extract_many as many  # type: ignore[no-redef]
        except Exception:
            many = None
    if many is not None:
        def batch(jobs: int, inputs: list[Path] = pdfs, engine: Optional[str] = None) -> Callable[[], None]:
            def go() -> None:
                settings = {"jobs": jobs, **({"engine": engine} if engine else {})}
                kwargs = {"options": Options(**settings)} if "options" in inspect.signature(many).parameters else {}
                for result in many([str(p) for p in inputs], jobs=jobs, **kwargs):
                    if isinstance(result, Exception):
                        raise result
            return go

        configs = {"extract 1 worker": batch(1), "extract 2 workers": batch(2)}
        if images:  # the very images raw tesseract reads: the batch issue's like-for-like comparison
            configs["extract 2 workers, same images"] = batch(2, list(images))
        if "engine" in Options.model_fields:  # the command-line engine, the baseline of the in-process one
            configs["extract 2 workers, command-line engine"] = batch(2, engine="tesseract")
            if images:
                configs["extract 2 workers, same images, command-line engine"] = batch(2, list(images), "tesseract")
        return configs, "extract_many over one-page PDFs"

    def single(jobs: int) -> Callable[[], None]:
        return lambda: extract(multi, Options(jobs=jobs))

    return {"extract 1 worker": single(1), "extract 2 workers": single(2)}, "extract of one multi-page PDF (jobs=1/2)"


def page_rows(n: int, reps: int, log: Callable[[str], None]) -> list[Row]:
    pairs = speed_pages(n)
    pdfs, pgms = [p for p, _ in pairs], [q for _, q in pairs]
    multi = pdfs[0].parent / f"all{n:02d}.pdf"
    if not multi.is_file():
        from PIL import Image

        from bench.render import save_pdf

        save_pdf([Image.open(q) for q in pgms], multi, dpi=300)
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-speed-") as tmp:
        work = Path(tmp)
        configs: dict[str, Callable[[], None]] = {
            "tesseract 1-way": lambda: parallel(lambda q: tesseract(q, work / f"t1-{q.stem}"), pgms, 1),
            "tesseract 2-way": lambda: parallel(lambda q: tesseract(q, work / f"t2-{q.stem}"), pgms, 2),
            "pdftoppm+tesseract 1-way": lambda: parallel(lambda p: pdftoppm_tesseract(p, work), pdfs, 1),
            "pdftoppm+tesseract 2-way": lambda: parallel(lambda p: pdftoppm_tesseract(p, work), pdfs, 2),
        }
        extract_error = None
        mode = ""
        try:
            runs.restorer()  # warm: model load is measured on its own row
            from pipeline import Options, extract

            extract(pdfs[0], Options(jobs=1))
            extract_configs, mode = _extract_configs(pdfs, multi, pgms)
            configs.update(extract_configs)
        except Exception as exc:
            extract_error = f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
            configs.update(_read_only_configs(multi))
            mode = "ingest+OCR only (restore/parse not ready)"
        tesseract(pgms[0], work / "warm")
        for rep in range(reps):
            for name, fn in configs.items():
                started = time.perf_counter()
                try:
                    fn()
                except Exception as exc:
                    extract_error = extract_error or f"{name}: {type(exc).__name__}: {exc}"[:200]
                    continue
                times.setdefault(name, []).append(time.perf_counter() - started)
            log(f"speed: repetition {rep + 1}/{reps} done")
    pps = {name: n / _median(t) for name, t in times.items() if t}
    rows = []
    for ways in (1, 2):
        suffix = "worker" if ways == 1 else "workers"
        pipe = pps.get(f"extract {ways} {suffix}") or pps.get(f"read {ways} {suffix}")
        raw = pps.get(f"tesseract {ways}-way")
        ppm = pps.get(f"pdftoppm+tesseract {ways}-way")
        row = Row("speed", f"pages/s · {ways} {suffix} vs tesseract {ways}-way", n=f"{n} pages × {reps}",
                  baseline=f"{rate(raw)} raw / {rate(ppm)} +pdftoppm", pipeline=rate(pipe),
                  data={"pages_per_s": pps, "seconds": times, "mode": mode})
        if pipe and raw and ppm:
            row.notes = f"pipeline/raw {pipe / raw:.2f}, pipeline/(pdftoppm+raw) {pipe / ppm:.2f}; {mode}"
        else:
            row.notes = mode
        row.error = extract_error
        rows.append(row)
    cli = pps.get("extract 2 workers, command-line engine")
    if cli and rows[1].pipeline and pps.get("pdftoppm+tesseract 2-way"):
        rows[1].notes += (f"; command-line engine (the old path, same run) {rate(cli)}, "
                          f"{cli / pps['pdftoppm+tesseract 2-way']:.2f} of pdftoppm+raw")
    same = pps.get("extract 2 workers, same images")
    if same and pps.get("tesseract 2-way"):
        same_cli = pps.get("extract 2 workers, same images, command-line engine")
        rows.append(Row("speed", "pages/s · 2 workers vs tesseract 2-way, same images", n=f"{n} pages × {reps}",
                        baseline=f"{rate(pps['tesseract 2-way'])} raw", pipeline=rate(same),
                        notes=f"pipeline/raw {same / pps['tesseract 2-way']:.2f}; extract_many over the PGM pages "
                              "raw tesseract reads (no rasterisation on either side)"
                              + (f"; command-line engine {rate(same_cli)}, {same_cli / pps['tesseract 2-way']:.2f} "
                                 "of raw" if same_cli else ""),
                        data={"pages_per_s": pps}))
    if pps.get("tesseract 1-way") and pps.get("tesseract 2-way"):
        e1 = pps.get("extract 1 worker") or pps.get("read 1 worker")
        e2 = pps.get("extract 2 workers") or pps.get("read 2 workers")
        rows[1].notes += (f"; scaling 2/1: tesseract {pps['tesseract 2-way'] / pps['tesseract 1-way']:.2f}"
                           + (f", pipeline {e2 / e1:.2f}" if e1 and e2 else ""))
    return rows


def _read_only_configs(multi: Path) -> dict[str, Callable[[], None]]:
    """Ingest + OCR through the pipeline's own code, for when restore or parse is not importable yet."""
    from pipeline import Options
    from pipeline.extract import plan, read_pages

    def read(jobs: int) -> Callable[[], None]:
        options = Options(jobs=jobs)
        return lambda: read_pages(plan(multi, options), options)

    return {"read 1 worker": read(1), "read 2 workers": read(2)}


# ----------------------------------------------------------------------------------------------------------------
# Text throughput, load time, memory


def restore_row(reps: int) -> Row:
    text = strip_marks(read_text(SEED_GT))
    count = len(syllables(text))
    row = Row("speed", "restoration · syllables/s, 1 core", n=f"{count:,} syl × {reps}",
              notes="seed text, marks stripped")
    try:
        restorer = runs.restorer()
        restorer.restore(text)  # warm-up: the first call fills the restorer's candidate cache
        times = []
        for _ in range(reps):
            started = time.perf_counter()
            restorer.restore(text)
            times.append(time.perf_counter() - started)
        row.pipeline = rate(count / _median(times), "syl/s")
        row.data = {"syllables": count, "seconds": times}
    except runs.NotReady as exc:
        row.pipeline, row.error = "not ready", str(exc)
    return row


def parser_row(shared: Shared, reps: int) -> Row:
    docs = [d.text for d in shared.dev_vbpl()[:10]] or [read_text(SEED_GT)]
    label = "dev vbpl (first 10)" if len(docs) > 1 else "seed text"
    row = Row("speed", "parser · documents/s, 1 core", n=f"{len(docs)} docs × {reps}", notes=label)
    try:
        runs.parse([docs[0]])
        times = []
        for _ in range(reps):
            started = time.perf_counter()
            for text in docs:
                runs.parse([text])
            times.append(time.perf_counter() - started)
        row.pipeline = rate(len(docs) / _median(times), "docs/s")
        row.data = {"docs": len(docs), "seconds": times}
    except runs.NotReady as exc:
        row.pipeline, row.error = "not ready", str(exc)
    return row


# Peak RSS of the child's own memory: VmHWM belongs to the address space exec made. ru_maxrss would not do: Linux
# carries the high-water mark across exec, so a child spawned (vfork) by the big bench process reports the
# parent's peak (618 MB in a full run, against 169 MB read here).
_HWM = """
def hwm_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

_CHILD_LOAD = _HWM + """
import json, time
started = time.perf_counter()
from pipeline.restore import load_restorer
load_restorer()
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "rss_mb": hwm_mb()}))
"""

_CHILD_WORKER = _HWM + """
import json, resource, sys
from pipeline import Options, extract
extract(sys.argv[1], Options(jobs=1))
tesseract = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"python_mb": hwm_mb(), "tesseract_mb": tesseract}))
"""


_CHILD_STEPS = _HWM + """
import json, sys, time
started = time.perf_counter()
from pipeline.batch import WorkerPool
from pipeline.batch.tasks import task_noop
pool = WorkerPool(1)
worker = pool.idle_worker()
pool.submit(worker, "start", task_noop, (), 60.0)
while not pool.wait(1.0):
    pass
startup = time.perf_counter() - started
pool.close()
from pipeline import Options
from pipeline.extract import plan, read_page, page_step_seconds
options = Options(jobs=1)
results = [read_page(page, options) for path in sys.argv[1:] for page in plan(path, options).pages]
steps = page_step_seconds(results)
print(json.dumps({"worker_start_s": startup, "steps": steps, "pages": len(results), "rss_mb": hwm_mb()}))
"""


def steps_row(pages: list[Path]) -> Row:
    """Where an OCR page's time goes, in a fresh process: worker start-up (a pool worker's first answer), the
    engine's model load (once per worker), then per page rasterising, clean-up, OCR and the re-reads."""
    row = Row("speed", "OCR steps · seconds per page, 1 worker", n=f"{len(pages)} one-page PDFs, fresh process")
    try:
        result = _child(_CHILD_STEPS, *map(str, pages))
        steps, count = result["steps"], max(1, result["pages"])
        load = steps.pop("model_load", 0.0)
        row.pipeline = f"{sum(steps.values()) / count:.2f} s/page"
        row.notes = (f"worker start-up {result['worker_start_s']:.2f} s, model load {load:.2f} s (once per worker); "
                     + ", ".join(f"{k} {v / count:.3f} s" for k, v in steps.items()) + " per page")
        row.data = result
    except Exception as exc:
        row.pipeline, row.error = "not ready", str(exc)
    return row


def _child(code: str, *args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=REPO, env=ENV1,
                          timeout=300)
    if done.returncode != 0:
        tail = " ".join(done.stderr.strip().splitlines()[-1:])[:200]
        raise runs.NotReady(tail or f"exit {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def load_row(reps: int) -> Row:
    row = Row("speed", "restoration model · load time", n=f"{reps} fresh processes")
    try:
        results = [_child(_CHILD_LOAD) for _ in range(reps)]
        seconds = _median([r["seconds"] for r in results])
        row.pipeline = f"{seconds:.2f} s"
        row.notes = f"RSS after load {_median([r['rss_mb'] for r in results]):.0f} MB"
        row.data = {"runs": results}
    except Exception as exc:
        row.pipeline, row.error = "not ready", str(exc)
    return row


def rss_row(page: Path) -> Row:
    row = Row("speed", "peak RSS · one worker", n="1 page, jobs=1")
    try:
        result = _child(_CHILD_WORKER, str(page))
        row.pipeline = f"{result['python_mb']:.0f} MB"
        row.notes = (f"python process (extract, restore, parse, and Tesseract itself with the in-process engine); "
                     f"child processes' peak {result['tesseract_mb']:.0f} MB (pdftoppm; tesseract with --engine tesseract)")
        row.data = result
    except Exception as exc:
        row.pipeline, row.error = "not ready", str(exc)
    return row


def speed_rows(shared: Shared, quick: bool, log: Callable[[str], None], pages: Optional[int] = None) -> list[Row]:
    """All speed rows; ``pages`` overrides the page count (2 in --quick, 4 otherwise)."""
    n, reps = (2, 1) if quick else (10, 3)
    n = pages or n
    # the one-core text rows first: right after the page rows, their worker processes still winding down cost the
    # restoration row up to a third (24.5k -> 18k syllables/s timed by hand, 28k again five seconds later)
    text_reps = 2 if quick else 5
    text = [restore_row(text_reps), parser_row(shared, text_reps)]
    pdfs = [pdf for pdf, _ in speed_pages(n)]
    rows = page_rows(n, reps, log) + text + [load_row(1 if quick else 3), steps_row(pdfs[:4]), rss_row(pdfs[0])]
    if not quick:  # a server start and a second pass over the pages: full runs only
        from .service_speed import service_row

        rows.append(service_row(pdfs, log))
    return rows
