"""The dispatcher: a thread of the web process that takes queued jobs from the store and spreads their steps over a
``WorkerPool`` (plan in a worker, each image page in a worker, assemble in a worker; the review page is drawn on its first request), the way the
batch's local scheduler does. The web server's event loop never waits on it; uploads wake it up.

Workers are replaced after ``recycle_pages`` pages, so their memory (Tesseract, the restore model, the parser)
stays flat over a long run; a worker that dies or passes its deadline is replaced by the pool, and its page is
tried once more when it died (a crash may be a neighbour's fault)."""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from typing import Callable, Optional

from pipeline.batch.local import DocInProgress, PoolTask, guard_seconds
from pipeline.batch.outcome import one_line
from pipeline.batch.pool import PoolEvent, WorkerPool
from pipeline.batch.tasks import task_page, task_plan
from pipeline.extract import read_page
from pipeline.ocr.engine import make_engine
from pipeline.service.config import ServiceConfig
from pipeline.service.metrics import Metrics
from pipeline.service.store import Store
from pipeline.service.work import finish_document
from pipeline.types import PageResult

log = logging.getLogger("pipeline.service")


class Runner(threading.Thread):
    def __init__(self, config: ServiceConfig, store: Store, metrics: Metrics):
        super().__init__(name="extract-dispatcher", daemon=True)
        self.config, self.store, self.metrics = config, store, metrics
        self.options = config.options
        self.size = config.workers
        self.wakeup = threading.Event()
        self.stopping = threading.Event()
        self.ready = threading.Event()
        self.error: Optional[str] = None
        self.open: dict[str, DocInProgress] = {}
        self._version: Optional[str] = None

    # the web side ---------------------------------------------------------------------------------------------

    def wake(self) -> None:
        self.wakeup.set()

    def stop(self, timeout: float = 30) -> None:
        self.stopping.set()
        self.wakeup.set()
        self.join(timeout)

    @property
    def healthy(self) -> bool:
        return self.ready.is_set() and self.is_alive() and self.error is None

    # the loop -------------------------------------------------------------------------------------------------

    def run(self) -> None:
        pool = WorkerPool(self.size)
        finish_queue: deque[PoolTask] = deque()
        page_queue: deque[PoolTask] = deque()
        plan_queue: deque[PoolTask] = deque()
        running: dict[int, PoolTask] = {}
        try:
            recovered = self.store.recover(self.config.max_attempts)
            if any(recovered.values()):
                log.warning("start-up: %d interrupted job(s) queued again, %d failed after %d tries",
                            recovered["requeued"], recovered["failed"], self.config.max_attempts)
            self.ready.set()
            while not self.stopping.is_set():
                room = 2 * self.size - len(self.open)
                if room > 0 and not plan_queue:
                    for job in self.store.claim(room):
                        doc = DocInProgress(job, time.perf_counter())
                        self.open[job.id] = doc
                        plan_queue.append(PoolTask("plan", doc))
                while True:
                    task = finish_queue.popleft() if finish_queue else page_queue.popleft() if page_queue else \
                        plan_queue.popleft() if plan_queue else None
                    if task is None:
                        break
                    worker = pool.idle_worker(warm=task.kind == "finish")
                    if worker is None:
                        {"finish": finish_queue, "page": page_queue, "plan": plan_queue}[task.kind].appendleft(task)
                        break
                    if task.kind == "finish":
                        worker.warm = True
                    task.worker = worker
                    running[id(task)] = task
                    function, args, timeout = self._call(task)
                    pool.submit(worker, task, function, args, timeout=timeout)
                self.metrics.busy.set(pool.busy)
                if not running:
                    self.wakeup.wait(0.5)
                    self.wakeup.clear()
                    continue
                for event in pool.wait(0.2):
                    task = running.pop(id(event.task))
                    try:
                        self._handle(task, event, finish_queue, page_queue)
                    except Exception as exc:  # noqa: BLE001 - one job's surprise must not stop the service
                        log.exception("job %s", task.doc.job.id)
                        self._fail(task.doc, "service", f"internal error: {type(exc).__name__}: {exc}")
                    if event.lost:
                        self.metrics.lost.inc()
                    else:
                        self._recycle(pool, task)
        except BaseException as exc:  # noqa: BLE001
            self.error = one_line(f"{type(exc).__name__}: {exc}")
            log.exception("the dispatcher stopped")
        finally:
            pool.close()
            self.store.release(list(self.open))  # a clean stop: what was running goes back to the queue

    def _call(self, task: PoolTask) -> tuple[Callable, tuple, float]:
        options, doc = self.options, task.doc
        limit = guard_seconds(task, options)  # the batch's limits per kind of task
        if task.kind == "plan":
            path = str(self.store.file_path(doc.job.sha256, doc.job.suffix))
            return task_plan, (path, options), limit
        if task.kind == "page":
            return task_page, (task.source, options), limit
        results = [doc.results[p.number] for p in doc.ingested.pages]
        version = self._engine_version() if any(r.kind == "ocr" for r in results) else None
        args = (doc.ingested, results, options, version, doc.job.filename, str(self.store.review_path(doc.job.id)))
        return finish_document, args, limit

    def _engine_version(self) -> Optional[str]:
        if self._version is None:
            self._version = make_engine(self.options).version()
        return self._version

    def _handle(self, task: PoolTask, event: PoolEvent, finish_queue: deque, page_queue: deque) -> None:
        doc = task.doc
        if doc.job.id not in self.open:
            return
        if task.kind == "plan":
            if not event.ok:
                self._fail(doc, "ingest" if event.lost else event.value[0], event.value[1])
                return
            doc.ingested = event.value
            count = len(doc.ingested.pages)
            if count > self.config.max_pages:
                self._fail(doc, "limits", f"the document has {count} pages to read, over the service's limit of "
                                          f"{self.config.max_pages} (--max-pages)", pages=count)
                return
            for source in doc.ingested.pages:
                if source.text is not None:
                    doc.results[source.number] = read_page(source, self.options)  # text: nothing to OCR
                else:
                    page_queue.append(PoolTask("page", doc, source))
                    doc.waiting += 1
            if doc.waiting == 0:
                finish_queue.append(PoolTask("finish", doc))
            return
        if task.kind == "page":
            if event.ok:
                doc.results[task.source.number] = event.value
                if event.value.kind == "ocr" and not event.value.error:
                    self.metrics.page_seconds.observe(event.value.seconds)
            elif event.lost and task.tries == 0 and "died" in event.value[1]:
                page_queue.appendleft(PoolTask("page", doc, task.source, tries=1))
                return
            else:
                reason = f"page {task.source.number}: {event.value[1]}"
                doc.results[task.source.number] = PageResult(task.source.number, "ocr", error=reason)
            doc.waiting -= 1
            if doc.waiting == 0:
                finish_queue.append(PoolTask("finish", doc))
            return
        pages = len(doc.ingested.pages)
        if not event.ok:
            self._fail(doc, "parse" if event.lost else event.value[0], event.value[1], pages=pages)
            return
        record, problem = event.value
        if problem:
            log.warning("job %s: %s", doc.job.id, problem)
        seconds = time.perf_counter() - doc.started
        self.store.finish(doc.job.id, record=record, pages=pages, seconds=seconds, review=problem is None)
        for result in doc.results.values():
            self.metrics.pages.labels(result.kind).inc()
        self.metrics.finished.labels("done").inc()
        self.metrics.document_seconds.observe(seconds)
        del self.open[doc.job.id]

    def _fail(self, doc: DocInProgress, stage: str, reason: str, pages: Optional[int] = None) -> None:
        path = str(self.store.file_path(doc.job.sha256, doc.job.suffix))
        reason = one_line(reason.replace(path, doc.job.filename))  # the server's paths are not the client's business
        seconds = time.perf_counter() - doc.started
        self.store.finish(doc.job.id, stage=stage, reason=reason, pages=pages, seconds=seconds)
        self.metrics.finished.labels("failed").inc()
        self.metrics.document_seconds.observe(seconds)
        self.open.pop(doc.job.id, None)

    def _recycle(self, pool: WorkerPool, task: PoolTask) -> None:
        """Count the pages a worker has handled; past ``recycle_pages``, stop it (politely, collecting its peak
        memory): the pool starts a fresh one when it is next needed."""
        worker = task.worker
        if worker is None or worker.task is not None or not any(w is worker for w in pool.workers):
            return
        handled = 1 if task.kind == "page" else len(task.doc.ingested.pages) if task.kind == "finish" else 0
        worker.service_pages = getattr(worker, "service_pages", 0) + handled
        if worker.service_pages < self.config.recycle_pages:
            return
        stats = pool.retire(worker)
        if stats:
            self.metrics.worker_rss.set(stats["self_mb"] * 1024 * 1024)
        self.metrics.recycled.inc()
