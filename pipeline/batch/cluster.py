"""The Dask scheduler: one task per document on a local or remote Dask cluster."""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from typing import Any, Callable, Iterable, Iterator, Optional

from pipeline.batch.discovery import Job
from pipeline.batch.outcome import Outcome, one_line
from pipeline.batch.tasks import process_document
from pipeline.ocr.engine import make_engine
from pipeline.options import Options
from pipeline.record import Record

log = logging.getLogger(__name__)


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
            return Outcome(job, stage="worker", reason=one_line(f"the cluster could not run the task: {type(exc).__name__}: {exc}"), seconds=seconds)
        pages = payload.get("pages", 0)
        self.on_pages(pages, pages)
        if "record" in payload:
            record = Record.model_validate_json(payload["record"])
            record.source.file = job.path  # as a local run names it
            return Outcome(job, record=record, pages=pages, seconds=seconds)
        return Outcome(job, stage=payload["stage"], reason=payload["reason"], pages=pages, seconds=seconds)
