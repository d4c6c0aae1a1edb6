"""Prometheus metrics of the service, in a registry of its own: jobs by status (read from the store at each
scrape), pages read by kind, seconds per OCR page and per document, worker recycling and memory."""

from __future__ import annotations

from typing import Callable

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.process_collector import ProcessCollector

PAGE_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300)
DOCUMENT_BUCKETS = (0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800)


class _JobsByStatus:
    def __init__(self, counts: Callable[[], dict[str, int]]):
        self.counts = counts

    def collect(self):
        family = GaugeMetricFamily("extract_jobs", "Jobs in the store by status", labels=["status"])
        for status, count in self.counts().items():
            family.add_metric([status], count)
        yield family


class Metrics:
    def __init__(self, counts: Callable[[], dict[str, int]], *, workers: int, queue_limit: int):
        self.registry = CollectorRegistry()
        self.registry.register(_JobsByStatus(counts))
        ProcessCollector(registry=self.registry)
        self.finished = Counter("extract_jobs_finished", "Jobs finished since start-up", ["status"],
                                registry=self.registry)
        self.pages = Counter("extract_pages", "Pages read since start-up, by how they were read", ["kind"],
                             registry=self.registry)
        self.page_seconds = Histogram("extract_page_seconds", "Seconds to read one OCR page", buckets=PAGE_BUCKETS,
                                      registry=self.registry)
        self.document_seconds = Histogram("extract_document_seconds", "Seconds from a job's start to its end",
                                          buckets=DOCUMENT_BUCKETS, registry=self.registry)
        self.uploads = Counter("extract_uploads", "Uploads by answer", ["result"], registry=self.registry)
        self.recycled = Counter("extract_workers_recycled", "Workers replaced after --recycle-pages pages",
                                registry=self.registry)
        self.lost = Counter("extract_workers_lost", "Workers that died or passed their deadline", registry=self.registry)
        self.worker_rss = Gauge("extract_worker_peak_rss_bytes", "Peak resident memory of the last recycled worker",
                                registry=self.registry)
        self.busy = Gauge("extract_workers_busy", "Workers running a task", registry=self.registry)
        Gauge("extract_workers", "Worker processes (--jobs)", registry=self.registry).set(workers)
        Gauge("extract_queue_limit", "Queued and running jobs accepted at most (--max-queue)",
              registry=self.registry).set(queue_limit)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
