"""A process pool that knows which task each worker runs, with deadlines, dead-worker replacement and peak RSS."""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import time
from dataclasses import dataclass
from typing import Any, Callable, Optional

from pipeline.batch.outcome import error_payload, one_line
from pipeline.ocr.engine import limit_threads


def _worker_main(conn: multiprocessing.connection.Connection) -> None:
    """Worker loop: receive (task id, function, args), send (task id, ok, result or (stage, reason)).

    The worker leads its own process group, so the parent can kill it together with a hung Tesseract; it ignores
    Ctrl-C (the parent handles it) and exits when the parent goes away."""
    limit_threads()
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
            reply = (task_id, False, error_payload(exc, "extract"))
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
            conn.send((reply[0], False, ("extract", one_line(f"internal error: result cannot be sent back: {exc}"))))
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
            self.context.set_forkserver_preload(["pipeline.batch.tasks"])
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

    def retire(self, worker: _Worker) -> Optional[dict[str, float]]:
        """Take ``worker`` out of the pool: an idle one is stopped politely and its peak memory returned (and kept in
        ``stats``), a busy one (or one that does not stop) is killed. The pool starts a fresh one when needed."""
        self.workers[:] = [w for w in self.workers if w is not worker]
        stats = None
        if worker.task is None:
            try:
                worker.conn.send(None)
                if worker.conn.poll(5):
                    tag, _, value = worker.conn.recv()
                    if tag == "stats":
                        stats = value
                        self.stats.append(stats)
            except (EOFError, OSError, ValueError):
                pass
            worker.process.join(timeout=5)
        if worker.process.is_alive():
            self._kill(worker)
        else:
            worker.conn.close()
        return stats

    def close(self) -> None:
        """Stop idle workers politely (collecting their peak memory), kill busy ones."""
        for worker in list(self.workers):
            self.retire(worker)
