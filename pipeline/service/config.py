"""The service's settings: where it keeps its data, who may call it, and the limits that keep it safe."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from pipeline.options import Options

DEFAULT_MAX_UPLOAD_MB = 50.0
DEFAULT_MAX_PAGES = 100
DEFAULT_MAX_QUEUE = 500
DEFAULT_RECYCLE_PAGES = 200
MAX_WAIT_SECONDS = 300.0
RETRY_AFTER_SECONDS = 10
MAX_ATTEMPTS = 3  # a job interrupted this many times (server crashes while it ran) fails instead of running again


@dataclass(frozen=True)
class ServiceConfig:
    data: Path
    options: Options = field(default_factory=Options)
    host: str = "127.0.0.1"
    port: int = 8000
    token: Optional[str] = None
    max_upload_bytes: int = int(DEFAULT_MAX_UPLOAD_MB * 1024 * 1024)
    max_pages: int = DEFAULT_MAX_PAGES
    max_queue: int = DEFAULT_MAX_QUEUE  # queued + running jobs; past it uploads get 503 with Retry-After
    recycle_pages: int = DEFAULT_RECYCLE_PAGES  # a worker is replaced after this many pages (memory stays flat)
    max_attempts: int = MAX_ATTEMPTS

    @property
    def workers(self) -> int:
        return self.options.jobs
