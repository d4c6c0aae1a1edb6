"""The local scheduler: the pages of many documents spread over one worker pool, a few queued at a time."""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Optional

from pipeline.batch.discovery import Job
from pipeline.batch.outcome import Outcome
from pipeline.batch.pool import PoolEvent, WorkerPool
from pipeline.batch.tasks import task_assemble, task_page, task_plan
from pipeline.extract import read_page
from pipeline.ocr.engine import make_engine
from pipeline.options import Options
from pipeline.types import Ingested, PageResult, PageSource


@dataclass
class DocInProgress:
    """A document whose pages are out on the pool (the batch's and the service's schedulers both keep these)."""

    job: Any  # a batch Job, or the service's stored job
    started: float
    ingested: Optional[Ingested] = None
    results: dict[int, PageResult] = field(default_factory=dict)
    waiting: int = 0  # page tasks not yet back


@dataclass(eq=False)
class PoolTask:
    kind: str  # plan, page, assemble (the service's last step is called finish)
    doc: DocInProgress
    source: Optional[PageSource] = None
    tries: int = 0
    worker: Any = None  # the worker running it (the service recycles workers by the pages they handled)


def guard_seconds(task: PoolTask, options: Options) -> float:
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
        assemble_queue: deque[PoolTask] = deque()
        page_queue: deque[PoolTask] = deque()
        running: dict[int, PoolTask] = {}
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
                    pool.submit(worker, task, *self._call(task), timeout=guard_seconds(task, self.options))
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

    def _next_task(self, assemble_queue, page_queue, pending, open_docs) -> Optional[PoolTask]:
        if assemble_queue:
            return assemble_queue.popleft()
        return self._page_or_plan(page_queue, pending, open_docs)

    def _page_or_plan(self, page_queue, pending, open_docs) -> Optional[PoolTask]:
        if page_queue:
            return page_queue.popleft()
        if pending and open_docs < 2 * self.size:
            return PoolTask("plan", DocInProgress(pending.popleft(), time.perf_counter()))
        return None

    @staticmethod
    def _push_back(task: PoolTask, assemble_queue, page_queue, pending) -> None:
        if task.kind == "assemble":
            assemble_queue.appendleft(task)
        elif task.kind == "page":
            page_queue.appendleft(task)
        else:
            pending.appendleft(task.doc.job)

    def _call(self, task: PoolTask) -> tuple[Callable, tuple]:
        if task.kind == "plan":
            return task_plan, (task.doc.job.path, self.options)
        if task.kind == "page":
            return task_page, (task.source, self.options)
        doc = task.doc
        ocr_used = any(r.kind == "ocr" for r in doc.results.values())
        version = self._engine_version() if ocr_used else None
        results = [doc.results[p.number] for p in doc.ingested.pages]
        return task_assemble, (doc.ingested, results, self.options, version)

    def _handle(self, task: PoolTask, event: PoolEvent, assemble_queue, page_queue) -> Optional[Outcome]:
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
                    page_queue.append(PoolTask("page", doc, source))
                    image_pages += 1
            doc.waiting = image_pages
            self.on_pages(len(doc.ingested.pages), len(doc.ingested.pages) - image_pages)
            if image_pages == 0:
                assemble_queue.append(PoolTask("assemble", doc))
            return None
        if task.kind == "page":
            if event.ok:
                doc.results[task.source.number] = event.value
            elif event.lost and task.tries == 0 and "died" in event.value[1]:
                page_queue.appendleft(PoolTask("page", doc, task.source, tries=1))  # a crash may be a neighbour's fault
                return None
            else:
                reason = f"page {task.source.number}: {event.value[1]}"
                doc.results[task.source.number] = PageResult(task.source.number, "ocr", error=reason)
            doc.waiting -= 1
            self.on_pages(0, 1)
            if doc.waiting == 0:
                assemble_queue.append(PoolTask("assemble", doc))
            return None
        if not event.ok:
            return self._failed(doc, "parse" if event.lost else event.value[0], event.value[1])
        return Outcome(doc.job, record=event.value, pages=len(doc.ingested.pages), seconds=time.perf_counter() - doc.started)

    @staticmethod
    def _failed(doc: DocInProgress, stage: str, reason: str) -> Outcome:
        pages = len(doc.ingested.pages) if doc.ingested else 0
        return Outcome(doc.job, stage=stage, reason=reason, pages=pages, seconds=time.perf_counter() - doc.started)
