"""Progress: a rich bar on a terminal, plain log lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import Optional

LOG_EVERY_S = 10.0


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
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as RichProgress

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
