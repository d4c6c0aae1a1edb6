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
   per document with ``fmt="edxml"``). A summary line ends the run; the return value is the exit code:
   0 all succeeded (or were up to date), 3 some failed, 1 none succeeded.

Progress: a rich progress bar (files, pages, rate, ETA) when stderr is a terminal, plain log lines every
``LOG_EVERY_S`` seconds otherwise.
"""

from __future__ import annotations

import glob
import json
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional

from .errors import ExtractError, UsageError
from .extract import PageResult, assemble, make_engine, plan, read_page
from .ingest import OCR_FILE_EXTENSIONS, SUPPORTED_EXTENSIONS, TEXT_EXTENSIONS, Ingested, PageSource, sha256_file
from .ocr_files import ocr_file_format
from .options import Options
from .record import Record

log = logging.getLogger(__name__)

GLOB_CHARS = "*?["
LOG_EVERY_S = 10.0
COLLECTION_FILES = ("records.jsonl", "documents.csv", "targets.csv", "tasks.csv", "errors.jsonl")
EXIT_OK, EXIT_NONE_SUCCEEDED, EXIT_SOME_FAILED, EXIT_INTERRUPTED = 0, 1, 3, 130


# --- discovery ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One input document and where its record goes."""

    path: str  # the input as found (this string becomes record.source.file)
    output: Path  # OUTDIR/<sub-folders>/<stem>.json


@dataclass
class Failure:
    file: str
    stage: str
    reason: str

    def as_json(self) -> str:
        return json.dumps({"file": self.file, "stage": self.stage, "reason": self.reason}, ensure_ascii=False)


@dataclass
class Discovery:
    jobs: list[Job]
    problems: list[Failure] = field(default_factory=list)  # inputs that name nothing


def _is_glob(text: str) -> bool:
    return any(ch in text for ch in GLOB_CHARS)


def _glob_root(pattern: str) -> Path:
    """The folder part of a glob before its first wildcard: ``scans/2024/**/*.pdf`` → ``scans/2024``."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if _is_glob(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def _supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_EXTENSIONS and not path.name.startswith(".")


def _wanted(path: Path) -> bool:
    """A supported file a folder or pattern should yield: a .tsv/.hocr only when it is Tesseract output (a folder
    may hold other TSV tables), told from its first 64 KB."""
    if path.suffix.lower() not in OCR_FILE_EXTENSIONS:
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 16).decode("utf-8", errors="replace")
    except OSError:
        return True  # unreadable: let ingest say why
    return ocr_file_format(head) is not None


def _drop_ocr_files_beside_scans(found: list[tuple[Path, Path]], named: set[Path]) -> list[tuple[Path, Path]]:
    """Tesseract writes ``page.hocr`` beside ``page.png``: where a folder holds both, the scan is read (our OCR
    cleans the page and re-reads handwritten numbers) and its OCR file is left out. Named on its own, it is read."""
    scans = {path.with_suffix("") for path, _ in found if path.suffix.lower() not in OCR_FILE_EXTENSIONS | TEXT_EXTENSIONS}
    return [(path, root) for path, root in found
            if path.suffix.lower() not in OCR_FILE_EXTENSIONS or path.with_suffix("") not in scans or path in named]


def _walk(folder: Path, skip: Optional[Path]) -> Iterator[Path]:
    """Supported regular files under ``folder``, recursively, in sorted order; hidden entries and ``skip`` left out."""
    for current, dirs, files in os.walk(folder):
        here = Path(current)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (skip is None or (here / d).resolve() != skip))
        for name in sorted(files):
            path = here / name
            if _supported(path) and path.is_file() and _wanted(path):
                yield path


def discover(inputs: Iterable[str], outdir: Path) -> Discovery:
    """Expand folders and globs into jobs; output paths mirror each input's place under its folder."""
    found: list[tuple[Path, Path]] = []  # (file, the folder its output path is relative to)
    problems: list[Failure] = []
    named: set[Path] = set()  # files given by name, taken as they are
    skip = Path(outdir).resolve()
    for text in inputs:
        if _is_glob(text):
            root = _glob_root(text)
            matches = sorted(glob.glob(text, recursive=True))
            count = len(found)
            for match in map(Path, matches):
                if match.is_dir():
                    found.extend((p, root) for p in _walk(match, skip))
                elif _supported(match) and match.is_file() and _wanted(match):
                    found.append((match, root))
            if len(found) == count:
                problems.append(Failure(text, "discover", "no supported file matches this pattern"))
        else:
            path = Path(text)
            if path.is_dir():
                count = len(found)
                found.extend((p, path) for p in _walk(path, skip))
                if len(found) == count:
                    problems.append(Failure(text, "discover", "folder holds no supported file (PDF, PNG, JPEG, TIFF, TXT, Tesseract TSV/hOCR)"))
            elif path.exists() or path.is_symlink():
                found.append((path, path.parent))
                named.add(path)
            else:
                problems.append(Failure(text, "discover", "no such file or folder"))
    return Discovery(_assign_outputs(_drop_ocr_files_beside_scans(found, named), Path(outdir)), problems)


def _assign_outputs(found: list[tuple[Path, Path]], outdir: Path) -> list[Job]:
    """Output path per file: its path under its root folder; with several roots, under their common folder."""
    seen: set[Path] = set()
    unique: list[tuple[Path, Path]] = []
    for path, root in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append((path, root))
    roots = sorted({str(root.resolve()) for _, root in unique})
    base = os.path.commonpath(roots) if len(roots) > 1 else None
    relative: list[tuple[Path, Path]] = []
    for path, root in unique:
        rel = Path(os.path.relpath(path, root))
        if rel.parts and rel.parts[0] == "..":
            rel = Path(path.name)
        if base is not None:
            rel = Path(os.path.relpath(root.resolve(), base)) / rel
        relative.append((path, Path(os.path.normpath(rel))))
    stems: dict[Path, int] = {}
    for _, rel in relative:
        stems[rel.with_suffix("")] = stems.get(rel.with_suffix(""), 0) + 1
    jobs = []
    for path, rel in relative:
        name = rel.name + ".json" if stems[rel.with_suffix("")] > 1 else rel.stem + ".json"
        jobs.append(Job(str(path), outdir / rel.parent / name))
    jobs.sort(key=lambda job: str(job.output))
    return jobs


# --- resume ---------------------------------------------------------------------------------------------------


def recorded_sha256(output: Path) -> Optional[str]:
    """The input hash an existing output records, or None when it is missing or not a complete record."""
    return _recorded(output)[0]


def _recorded(output: Path) -> tuple[Optional[str], Optional[str]]:
    """(input sha256, options key) an existing output records; (None, None) when it is not a complete record."""
    try:
        data = json.loads(output.read_text(encoding="utf-8"))
        return data["source"]["sha256"], data["source"].get("options_key")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None, None


def is_up_to_date(job: Job, options: Optional[Options] = None) -> bool:
    """The output exists, records this input's hash and (when ``options`` is given) was made with options that
    shape a record the same way."""
    recorded, key = _recorded(job.output)
    if recorded is None or (options is not None and key != options.output_key()):
        return False
    try:
        return sha256_file(job.path) == recorded
    except OSError:
        return False


def remove_stale_temporaries(outdir: Path) -> int:
    """Delete the temporary files (``.<name>.<random>.tmp``) a killed run may have left in ``outdir``."""
    removed = 0
    if outdir.is_dir():
        for tmp in outdir.rglob(".*.tmp"):
            try:
                tmp.unlink()
                removed += 1
            except OSError:
                pass
    return removed


# --- outcomes -------------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What happened to one document: its record, or the stage and reason it failed."""

    job: Job
    record: Optional[Record] = None
    stage: Optional[str] = None
    reason: Optional[str] = None
    pages: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.record is not None


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _error_payload(exc: BaseException, default_stage: str) -> tuple[str, str]:
    if isinstance(exc, ExtractError):
        return exc.stage, _one_line(str(exc))
    return default_stage, _one_line(f"internal error: {type(exc).__name__}: {exc}")


# --- tasks (run in workers; module-level so they pickle) ------------------------------------------------------


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
        stage, reason = _error_payload(exc, stage)
        if reason == "no such file" and Path(path).is_absolute():
            import socket

            reason += (f" on Dask worker {socket.gethostname()} (every worker must see the inputs at the same path, "
                       "e.g. on a shared filesystem)")
        return {"stage": stage, "reason": reason, "pages": pages, "seconds": time.perf_counter() - started}


# --- a process pool that knows which task each worker runs --------------------------------------------------


def _worker_main(conn: multiprocessing.connection.Connection) -> None:
    """Worker loop: receive (task id, function, args), send (task id, ok, result or (stage, reason)).

    The worker leads its own process group, so the parent can kill it together with a hung Tesseract; it ignores
    Ctrl-C (the parent handles it) and exits when the parent goes away."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        os.setpgrp()
    except OSError:
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged-PDF chatter: the failure reason says it once
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            _send(conn, ("stats", True, _peak_rss()))
            return
        task_id, function, args = message
        try:
            reply = (task_id, True, function(*args))
        except BaseException as exc:  # noqa: BLE001 - report, keep serving
            reply = (task_id, False, _error_payload(exc, "extract"))
        if not _send(conn, reply):
            return


def _send(conn: multiprocessing.connection.Connection, reply: tuple) -> bool:
    try:
        conn.send(reply)
        return True
    except (BrokenPipeError, EOFError, OSError):
        return False
    except Exception as exc:  # noqa: BLE001 - an unpicklable result
        try:
            conn.send((reply[0], False, ("extract", _one_line(f"internal error: result cannot be sent back: {exc}"))))
            return True
        except Exception:  # noqa: BLE001
            return False


def _peak_rss() -> dict[str, float]:
    """Peak resident memory in MB of this worker (Python) and of its largest child (Tesseract, pdftoppm)."""
    import resource

    scale = 1024 if sys.platform != "darwin" else 1024 * 1024
    return {
        "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale,
        "children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / scale,
    }


@dataclass
class _Worker:
    process: Any
    conn: multiprocessing.connection.Connection
    task: Any = None
    deadline: float = 0.0
    warm: bool = False  # has run an assemble task: the restore model and the parser are loaded


@dataclass
class PoolEvent:
    """A task finished (``ok``: ``value`` is its result) or failed (``value`` is (stage, reason)); ``lost`` when
    the worker died or was killed, so the task may be worth one more try."""

    task: Any
    ok: bool
    value: Any
    lost: bool = False


class WorkerPool:
    """``size`` worker processes, each running one task at a time, started lazily (forkserver: cheap, no threads
    inherited). ``submit`` hands a task to an idle worker with a deadline; ``wait`` returns finished tasks and
    turns a dead worker or one past its deadline into a failed task and a fresh worker."""

    def __init__(self, size: int):
        self.size = max(1, size)
        self.context = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")
        if hasattr(self.context, "set_forkserver_preload"):
            self.context.set_forkserver_preload(["pipeline.batch"])
        self.workers: list[_Worker] = []
        self.stats: list[dict[str, float]] = []

    def _start(self) -> _Worker:
        parent_end, child_end = self.context.Pipe()
        process = self.context.Process(target=_worker_main, args=(child_end,), daemon=True, name="extract-worker")
        process.start()
        child_end.close()
        worker = _Worker(process, parent_end)
        self.workers.append(worker)
        return worker

    def idle_worker(self, warm: bool = False) -> Optional[_Worker]:
        """An idle worker (a warm one first when ``warm``), starting one while the pool is not full."""
        idle = [w for w in self.workers if w.task is None]
        if warm:
            idle.sort(key=lambda w: not w.warm)
        if idle:
            return idle[0]
        return self._start() if len(self.workers) < self.size else None

    @property
    def has_warm(self) -> bool:
        return any(w.warm for w in self.workers)

    @property
    def busy(self) -> int:
        return sum(1 for w in self.workers if w.task is not None)

    def submit(self, worker: _Worker, task: Any, function: Callable, args: tuple, timeout: float) -> None:
        worker.task, worker.deadline = task, time.monotonic() + timeout
        try:
            worker.conn.send((id(task), function, args))
        except (BrokenPipeError, OSError):
            worker.deadline = 0.0  # reported as lost by the next wait

    def wait(self, timeout: float) -> list[PoolEvent]:
        busy = [w for w in self.workers if w.task is not None]
        if not busy:
            time.sleep(min(timeout, 0.05))
            return []
        handles = [w.conn for w in busy] + [w.process.sentinel for w in busy]
        ready = set(multiprocessing.connection.wait(handles, timeout))
        events: list[PoolEvent] = []
        now = time.monotonic()
        for worker in busy:
            if worker.conn in ready:
                try:
                    _, ok, value = worker.conn.recv()
                    events.append(PoolEvent(worker.task, ok, value))
                    worker.task = None
                    continue
                except (EOFError, OSError):
                    pass
                events.append(self._replace(worker, self._death(worker)))
            elif worker.process.sentinel in ready or not worker.process.is_alive():
                events.append(self._replace(worker, self._death(worker)))
            elif now > worker.deadline:
                events.append(self._replace(worker, "no answer before the time limit: the worker was stopped"))
        return events

    @staticmethod
    def _death(worker: _Worker) -> str:
        worker.process.join(timeout=2)
        code = worker.process.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        return f"the worker process died ({how}; out of memory?)"

    def _replace(self, worker: _Worker, reason: str) -> PoolEvent:
        event = PoolEvent(worker.task, False, ("worker", reason), lost=True)
        self._kill(worker)
        self.workers.remove(worker)
        return event

    @staticmethod
    def _kill(worker: _Worker) -> None:
        pid = worker.process.pid
        try:
            os.killpg(pid, signal.SIGKILL)  # the worker leads its group: Tesseract goes with it
        except (ProcessLookupError, PermissionError, OSError):
            pass
        try:
            worker.process.kill()
        except Exception:  # noqa: BLE001
            pass
        worker.process.join(timeout=5)
        worker.conn.close()

    def close(self) -> None:
        """Stop idle workers politely (collecting their peak memory), kill busy ones."""
        for worker in list(self.workers):
            if worker.task is None:
                try:
                    worker.conn.send(None)
                    if worker.conn.poll(5):
                        tag, _, stats = worker.conn.recv()
                        if tag == "stats":
                            self.stats.append(stats)
                except (EOFError, OSError, ValueError):
                    pass
                worker.process.join(timeout=5)
            if worker.process.is_alive():
                self._kill(worker)
            else:
                worker.conn.close()
        self.workers.clear()


# --- the local scheduler: pages of many documents over one pool --------------------------------------------


@dataclass
class _Doc:
    job: Job
    started: float
    ingested: Optional[Ingested] = None
    results: dict[int, PageResult] = field(default_factory=dict)
    waiting: int = 0  # page tasks not yet back


@dataclass(eq=False)
class _Task:
    kind: str  # plan, page, assemble
    doc: _Doc
    source: Optional[PageSource] = None
    tries: int = 0


def _guard_seconds(task: _Task, options: Options) -> float:
    """Parent-side limit per task, well above the worker-side limits (Tesseract page_timeout, pdftoppm 120 s)."""
    if task.kind == "page":
        return 2 * options.page_timeout + 30
    if task.kind == "plan":
        return max(300.0, 2 * options.page_timeout)
    pages = len(task.doc.ingested.pages) if task.doc.ingested else 1
    return 120 + 2 * options.page_timeout + 10 * pages


class LocalRunner:
    """Runs jobs on a ``WorkerPool``; ``run`` yields one ``Outcome`` per job as documents finish.

    Order of work: finish documents already started (assemble, then their pages) before planning new ones, so
    few documents are open at a time and results come out steadily."""

    def __init__(self, options: Options, jobs: Optional[int] = None, on_pages: Optional[Callable[[int, int], None]] = None):
        self.options = options
        self.size = jobs or options.jobs
        self.on_pages = on_pages or (lambda planned, done: None)
        self.worker_stats: list[dict[str, float]] = []

    def _engine_version(self) -> Optional[str]:
        return make_engine(self.options).version()  # cached per process by the engine

    def run(self, jobs: Iterable[Job]) -> Iterator[Outcome]:
        pending = deque(jobs)
        pool = WorkerPool(self.size)
        assemble_queue: deque[_Task] = deque()
        page_queue: deque[_Task] = deque()
        running: dict[int, _Task] = {}
        open_docs = 0
        try:
            while pending or open_docs:
                while True:
                    task = self._next_task(assemble_queue, page_queue, pending, open_docs)
                    if task is None:
                        break
                    worker = pool.idle_worker(warm=task.kind == "assemble")
                    if worker is None:
                        self._push_back(task, assemble_queue, page_queue, pending)
                        break
                    if task.kind == "assemble" and not worker.warm and pool.has_warm:
                        # Loading the restore model and the parser costs a worker ~0.5 s of CPU, taken from
                        # Tesseract: while a warm worker exists, a cold one reads pages and the assembly waits.
                        other = self._page_or_plan(page_queue, pending, open_docs)
                        if other is not None:
                            assemble_queue.appendleft(task)
                            task = other
                    if task.kind == "assemble":
                        worker.warm = True
                    if task.kind == "plan":
                        open_docs += 1
                    running[id(task)] = task
                    pool.submit(worker, task, *self._call(task), timeout=_guard_seconds(task, self.options))
                self.on_pages(0, 0)  # lets a progress display refresh while pages are being read
                for event in pool.wait(0.25):
                    task = running.pop(id(event.task))
                    outcome = self._handle(task, event, assemble_queue, page_queue)
                    if outcome is not None:
                        open_docs -= 1
                        yield outcome
        finally:
            pool.close()
            self.worker_stats = pool.stats

    def _next_task(self, assemble_queue, page_queue, pending, open_docs) -> Optional[_Task]:
        if assemble_queue:
            return assemble_queue.popleft()
        return self._page_or_plan(page_queue, pending, open_docs)

    def _page_or_plan(self, page_queue, pending, open_docs) -> Optional[_Task]:
        if page_queue:
            return page_queue.popleft()
        if pending and open_docs < 2 * self.size:
            return _Task("plan", _Doc(pending.popleft(), time.perf_counter()))
        return None

    @staticmethod
    def _push_back(task: _Task, assemble_queue, page_queue, pending) -> None:
        if task.kind == "assemble":
            assemble_queue.appendleft(task)
        elif task.kind == "page":
            page_queue.appendleft(task)
        else:
            pending.appendleft(task.doc.job)

    def _call(self, task: _Task) -> tuple[Callable, tuple]:
        if task.kind == "plan":
            return task_plan, (task.doc.job.path, self.options)
        if task.kind == "page":
            return task_page, (task.source, self.options)
        doc = task.doc
        ocr_used = any(r.kind == "ocr" for r in doc.results.values())
        version = self._engine_version() if ocr_used else None
        results = [doc.results[p.number] for p in doc.ingested.pages]
        return task_assemble, (doc.ingested, results, self.options, version)

    def _handle(self, task: _Task, event: PoolEvent, assemble_queue, page_queue) -> Optional[Outcome]:
        doc = task.doc
        if task.kind == "plan":
            if not event.ok:
                return self._failed(doc, "ingest" if event.lost else event.value[0], event.value[1])
            doc.ingested = event.value
            image_pages = 0
            for source in doc.ingested.pages:
                if source.text is not None:
                    doc.results[source.number] = read_page(source, self.options)
                else:
                    page_queue.append(_Task("page", doc, source))
                    image_pages += 1
            doc.waiting = image_pages
            self.on_pages(len(doc.ingested.pages), len(doc.ingested.pages) - image_pages)
            if image_pages == 0:
                assemble_queue.append(_Task("assemble", doc))
            return None
        if task.kind == "page":
            if event.ok:
                doc.results[task.source.number] = event.value
            elif event.lost and task.tries == 0 and "died" in event.value[1]:
                page_queue.appendleft(_Task("page", doc, task.source, tries=1))  # a crash may be a neighbour's fault
                return None
            else:
                reason = f"page {task.source.number}: {event.value[1]}"
                doc.results[task.source.number] = PageResult(task.source.number, "ocr", error=reason)
            doc.waiting -= 1
            self.on_pages(0, 1)
            if doc.waiting == 0:
                assemble_queue.append(_Task("assemble", doc))
            return None
        if not event.ok:
            return self._failed(doc, "parse" if event.lost else event.value[0], event.value[1])
        return Outcome(doc.job, record=event.value, pages=len(doc.ingested.pages), seconds=time.perf_counter() - doc.started)

    @staticmethod
    def _failed(doc: _Doc, stage: str, reason: str) -> Outcome:
        pages = len(doc.ingested.pages) if doc.ingested else 0
        return Outcome(doc.job, stage=stage, reason=reason, pages=pages, seconds=time.perf_counter() - doc.started)


# --- Dask -----------------------------------------------------------------------------------------------------


class DaskRunner:
    """One ``process_document`` task per document on a dask.distributed cluster; ``address`` is a scheduler
    address (tcp://host:8786) or ``local`` for a LocalCluster of ``jobs`` single-threaded worker processes.

    Workers read the inputs by path: on a real cluster every worker must see them at the same path (shared
    filesystem) and have tesseract-ocr-vie and this package installed. The client writes every output."""

    def __init__(self, options: Options, address: str, jobs: Optional[int] = None,
                 on_pages: Optional[Callable[[int, int], None]] = None):
        self.options = options
        self.address = address
        self.size = jobs or options.jobs
        self.on_pages = on_pages or (lambda planned, done: None)
        self.worker_stats: list[dict[str, float]] = []

    def _client(self):
        from dask.distributed import Client, LocalCluster

        if not log.isEnabledFor(logging.INFO):
            for name in ("distributed", "distributed.scheduler", "distributed.nanny", "distributed.core", "distributed.worker",
                         "distributed.http.proxy"):
                logging.getLogger(name).setLevel(logging.WARNING)
        if self.address == "local":
            cluster = LocalCluster(n_workers=self.size, threads_per_worker=1, processes=True, dashboard_address=":0")
            return Client(cluster), cluster
        return Client(self.address, timeout="30s"), None

    def run(self, jobs: Iterable[Job]) -> Iterator[Outcome]:
        from dask.distributed import as_completed

        client, cluster = self._client()
        try:
            version = make_engine(self.options).version()
            window = max(4, 4 * max(self.size, len(client.scheduler_info().get("workers", {})) or 1))
            pending = deque(jobs)
            futures: dict[Any, Job] = {}
            started: dict[Any, float] = {}
            completed = as_completed()
            last_done = time.monotonic()
            guard = 4 * self.options.page_timeout + 300

            def refill() -> None:
                while pending and len(futures) < window:
                    job = pending.popleft()
                    # absolute: a worker's working folder is not the client's
                    future = client.submit(process_document, os.path.abspath(job.path), self.options, version, pure=False)
                    futures[future] = job
                    started[future] = time.perf_counter()
                    completed.add(future)

            refill()
            while futures:
                done = completed.next_batch(block=False) if completed.has_ready() else []
                if not done:
                    self.on_pages(0, 0)
                    time.sleep(0.2)
                    if time.monotonic() - last_done > guard:
                        for future, job in list(futures.items()):  # nothing finished for too long: give up on them
                            future.cancel()
                            del futures[future]
                            yield Outcome(job, stage="worker", reason=f"no result from the cluster within {guard:.0f} s")
                    continue
                last_done = time.monotonic()
                for future in done:
                    job = futures.pop(future, None)
                    if job is None:
                        continue
                    yield self._outcome(job, future, time.perf_counter() - started.pop(future))
                refill()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    def _outcome(self, job: Job, future, seconds: float) -> Outcome:
        try:
            payload = future.result()
        except Exception as exc:  # noqa: BLE001 - a worker lost, a task that could not run
            return Outcome(job, stage="worker", reason=_one_line(f"the cluster could not run the task: {type(exc).__name__}: {exc}"), seconds=seconds)
        pages = payload.get("pages", 0)
        self.on_pages(pages, pages)
        if "record" in payload:
            record = Record.model_validate_json(payload["record"])
            record.source.file = job.path  # as a local run names it
            return Outcome(job, record=record, pages=pages, seconds=seconds)
        return Outcome(job, stage=payload["stage"], reason=payload["reason"], pages=pages, seconds=seconds)


def iter_outcomes(jobs: Iterable[Job], options: Options, *, scheduler: Optional[str] = None,
                  workers: Optional[int] = None, on_pages: Optional[Callable[[int, int], None]] = None,
                  runner_box: Optional[list] = None) -> Iterator[Outcome]:
    """Outcomes of ``jobs`` as they finish, locally (scheduler None) or on Dask (``local`` or an address)."""
    runner = DaskRunner(options, scheduler, workers, on_pages) if scheduler else LocalRunner(options, workers, on_pages)
    if runner_box is not None:
        runner_box.append(runner)
    yield from runner.run(jobs)


# --- progress -------------------------------------------------------------------------------------------------


class Progress:
    """Files and pages done, rate and ETA: a rich live bar on a terminal, a log line every ``every`` s otherwise."""

    def __init__(self, total_files: int, *, live: Optional[bool] = None, every: Optional[float] = None, stream=None):
        self.stream = stream or sys.stderr
        self.total = total_files
        self.files = self.failed = self.pages_planned = self.pages_done = 0
        self.started = self.last_log = time.monotonic()
        self.every = LOG_EVERY_S if every is None else every
        self.live = self.stream.isatty() if live is None else live
        self._bar = None
        if self.live and total_files:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress as RichProgress, TaskProgressColumn,
                                       TextColumn, TimeElapsedColumn, TimeRemainingColumn)

            self._bar = RichProgress(
                TextColumn("{task.description:>5}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                console=Console(file=self.stream), transient=False,
            )
            self._files = self._bar.add_task("files", total=total_files, rate="")
            self._pages = self._bar.add_task("pages", total=None, rate="")
            self._bar.start()

    def pages(self, planned: int, done: int) -> None:
        self.pages_planned += planned
        self.pages_done += done
        self._update()

    def file_done(self, ok: bool) -> None:
        self.files += 1
        self.failed += 0 if ok else 1
        self._update()

    def _rate(self) -> float:
        return self.pages_done / max(1e-6, time.monotonic() - self.started)

    def _update(self) -> None:
        if self._bar is not None:
            rate = f"{self._rate():.2f} pages/s"
            self._bar.update(self._files, completed=self.files, rate=f"{self.failed} failed" if self.failed else "")
            self._bar.update(self._pages, completed=self.pages_done, total=self.pages_planned or None, rate=rate)
        else:
            self.tick()

    def tick(self) -> None:
        now = time.monotonic()
        if self._bar is None and now - self.last_log >= self.every:
            self.last_log = now
            eta = ""
            if self.files:
                remaining = (now - self.started) / self.files * (self.total - self.files)
                eta = f", ETA {remaining:.0f} s"
            print(f"batch: {self.files}/{self.total} files ({self.failed} failed), {self.pages_done} pages, "
                  f"{self._rate():.2f} pages/s{eta}", file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._update()
            self._bar.stop()


# --- collection files -----------------------------------------------------------------------------------------


def write_collections(jobs: list[Job], outdir: Path, fmt: str) -> int:
    """records.jsonl and the CSV tables from every job's current output (in job order); edXML files for
    ``fmt == "edxml"``. Each file is written to a temporary name and renamed. Returns the number of records."""
    from .formats import (CSV_ENCODING, DOCUMENT_COLUMNS, TARGET_COLUMNS, TASK_COLUMNS, CsvTable, document_row,
                          edxml, target_rows, task_rows)
    from .output import write_atomic

    outdir.mkdir(parents=True, exist_ok=True)
    names = {"records": "records.jsonl", "documents": "documents.csv", "targets": "targets.csv", "tasks": "tasks.csv"}
    temps = {key: outdir / f".{name}.{os.getpid()}.tmp" for key, name in names.items()}
    count = 0
    handles = {}
    try:
        handles["records"] = open(temps["records"], "w", encoding="utf-8", newline="\n")
        for key in ("documents", "targets", "tasks"):
            handles[key] = open(temps[key], "w", encoding=CSV_ENCODING, newline="")
        documents = CsvTable(handles["documents"], DOCUMENT_COLUMNS)
        targets = CsvTable(handles["targets"], TARGET_COLUMNS)
        tasks = CsvTable(handles["tasks"], TASK_COLUMNS)
        for job in jobs:
            try:
                record = Record.model_validate_json(job.output.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            handles["records"].write(record.model_dump_json() + "\n")
            documents.add([document_row(record)])
            targets.add(target_rows(record))
            tasks.add(task_rows(record))
            count += 1
            if fmt == "edxml":
                target = job.output.with_suffix(".edxml")
                if not target.exists() or target.stat().st_mtime < job.output.stat().st_mtime:
                    write_atomic(target, edxml(record))
        for key, handle in handles.items():
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        for key, name in names.items():
            os.replace(temps[key], outdir / name)
    finally:
        for key, handle in handles.items():
            handle.close()
            temps[key].unlink(missing_ok=True)
    return count


# --- the batch ------------------------------------------------------------------------------------------------


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
              scheduler: Optional[str] = None, progress: Optional[bool] = None, jobs: Optional[list[Job]] = None) -> int:
    """Convert every document under ``inputs`` into ``outdir``; returns the exit code (0, 3, 1, or 130 when
    interrupted). ``jobs`` replaces discovery (a list from ``discover``)."""
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
        from .output import record_json, write_atomic

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
        write_collections(jobs, outdir, fmt)
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
