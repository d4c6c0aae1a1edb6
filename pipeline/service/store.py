"""The service's durable state under ``--data``: one SQLite database (WAL) of jobs and their records, the uploaded
files stored by their sha256 and the review pages by job id.

    DATA/jobs.sqlite            jobs: status, reason, record JSON
    DATA/files/ab/<sha256><ext> each uploaded file once; <ext> is one of the supported suffixes or nothing, never
                                a name the client chose
    DATA/reviews/<id>.html      the review page of a finished job
    DATA/tmp/                   uploads being received

A job is committed before the upload is answered, so an accepted job survives a crash; ``recover`` (at start-up)
puts the jobs that were running back in the queue. The same bytes uploaded again under the same kind of name and
with the same shaping options are the same job: the upload answers with the first job's id.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Optional

from pipeline.ingest.files import SUPPORTED_EXTENSIONS, WORD_EXTENSIONS

ACTIVE = ("queued", "running")
STATUSES = ("queued", "running", "done", "failed")
SUFFIXES = frozenset(SUPPORTED_EXTENSIONS | WORD_EXTENSIONS)

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id          TEXT PRIMARY KEY,
    sha256      TEXT NOT NULL,
    suffix      TEXT NOT NULL,
    options_key TEXT NOT NULL,
    filename    TEXT NOT NULL,
    size        INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    stage       TEXT,
    reason      TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    pages       INTEGER,
    seconds     REAL,
    created     REAL NOT NULL,
    started     REAL,
    finished    REAL,
    record      TEXT,
    review      INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS jobs_content ON jobs (sha256, suffix, options_key);
CREATE INDEX IF NOT EXISTS jobs_status ON jobs (status, created);
"""


@dataclass
class Job:
    id: str
    sha256: str
    suffix: str
    options_key: str
    filename: str
    size: int
    status: str
    stage: Optional[str]
    reason: Optional[str]
    attempts: int
    pages: Optional[int]
    seconds: Optional[float]
    created: float
    started: Optional[float]
    finished: Optional[float]
    record: Optional[str]
    review: int


@dataclass
class Received:
    """An upload written to DATA/tmp: its temporary path, sha256 and size."""

    path: Path
    sha256: str
    size: int


class UploadTooLarge(Exception):
    pass


def safe_suffix(filename: Optional[str]) -> str:
    """The upload name's suffix when it is one the pipeline reads (lower case), else ''. Nothing else of the name
    is used for a path."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    suffix = os.path.splitext(name)[1].lower()
    return suffix if suffix in SUFFIXES else ""


def display_name(filename: Optional[str]) -> str:
    """The upload's name as data (the record's source.file): its last component, printable, at most 200 characters."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:200] or "upload"


class Store:
    """Jobs in SQLite, one connection per thread (the web server's threads and the dispatcher share the file)."""

    def __init__(self, data: Path):
        self.data = Path(data)
        for sub in ("files", "reviews", "tmp"):
            (self.data / sub).mkdir(parents=True, exist_ok=True)
        self.path = self.data / "jobs.sqlite"
        self._local = threading.local()
        with self._connect() as db:
            db.executescript(SCHEMA)
        self._clean_tmp()

    # connections ----------------------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")  # an accepted job is on disk before the client hears of it
        db.execute("PRAGMA busy_timeout=30000")
        return db

    @property
    def db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self._connect()
        return db

    def _clean_tmp(self) -> None:
        for leftover in (self.data / "tmp").iterdir():
            try:
                leftover.unlink()
            except OSError:
                pass

    # files ----------------------------------------------------------------------------------------------------

    def receive(self, source: IO[bytes], limit: int) -> Received:
        """Copy an upload to DATA/tmp while hashing it; UploadTooLarge past ``limit`` bytes."""
        digest, size = hashlib.sha256(), 0
        handle, name = tempfile.mkstemp(dir=self.data / "tmp", prefix="upload-")
        path = Path(name)
        try:
            with os.fdopen(handle, "wb") as out:
                for block in iter(lambda: source.read(1 << 20), b""):
                    size += len(block)
                    if size > limit:
                        raise UploadTooLarge(size)
                    digest.update(block)
                    out.write(block)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return Received(path, digest.hexdigest(), size)

    def file_path(self, sha256: str, suffix: str) -> Path:
        return self.data / "files" / sha256[:2] / f"{sha256}{suffix}"

    def review_path(self, job_id: str) -> Path:
        return self.data / "reviews" / f"{job_id}.html"

    def keep(self, received: Received, suffix: str) -> Path:
        """Move a received upload to its place by content (a second copy of the same bytes is dropped)."""
        target = self.file_path(received.sha256, suffix)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            received.path.unlink(missing_ok=True)
        else:
            os.replace(received.path, target)
        return target

    # jobs -----------------------------------------------------------------------------------------------------

    @staticmethod
    def _job(row: Optional[sqlite3.Row]) -> Optional[Job]:
        return Job(**dict(row)) if row is not None else None

    def get(self, job_id: str) -> Optional[Job]:
        return self._job(self.db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone())

    def find(self, sha256: str, suffix: str, options_key: str) -> Optional[Job]:
        return self._job(self.db.execute("SELECT * FROM jobs WHERE sha256 = ? AND suffix = ? AND options_key = ?",
                                         (sha256, suffix, options_key)).fetchone())

    def add(self, sha256: str, suffix: str, options_key: str, filename: str, size: int) -> tuple[Job, bool]:
        """A new queued job, or the existing job of the same content (False: not new)."""
        job_id = uuid.uuid4().hex
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO jobs (id, sha256, suffix, options_key, filename, size, status, created) "
            "VALUES (?, ?, ?, ?, ?, ?, 'queued', ?)", (job_id, sha256, suffix, options_key, filename, size, time.time()))
        job = self.find(sha256, suffix, options_key)
        assert job is not None
        return job, cursor.rowcount == 1

    def requeue(self, job_id: str) -> None:
        """A failed job runs again (a re-upload after the worker was lost)."""
        self.db.execute("UPDATE jobs SET status = 'queued', stage = NULL, reason = NULL, attempts = 0, started = NULL, "
                        "finished = NULL WHERE id = ? AND status = 'failed'", (job_id,))

    def active(self) -> int:
        return self.db.execute("SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')").fetchone()[0]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for status, count in self.db.execute("SELECT status, count(*) FROM jobs GROUP BY status"):
            counts[status] = count
        return counts

    def claim(self, limit: int) -> list[Job]:
        """The oldest ``limit`` queued jobs, now running."""
        if limit <= 0:
            return []
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            rows = db.execute("SELECT * FROM jobs WHERE status = 'queued' ORDER BY created LIMIT ?", (limit,)).fetchall()
            now = time.time()
            db.executemany("UPDATE jobs SET status = 'running', started = ?, attempts = attempts + 1 WHERE id = ?",
                           [(now, row["id"]) for row in rows])
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        jobs = [self._job(row) for row in rows]
        for job in jobs:
            job.status, job.started, job.attempts = "running", now, job.attempts + 1
        return jobs

    def finish(self, job_id: str, *, record: Optional[str] = None, stage: Optional[str] = None,
               reason: Optional[str] = None, pages: Optional[int] = None, seconds: Optional[float] = None,
               review: bool = False) -> None:
        status = "done" if record is not None else "failed"
        self.db.execute("UPDATE jobs SET status = ?, record = ?, stage = ?, reason = ?, pages = ?, seconds = ?, "
                        "finished = ?, review = ? WHERE id = ?",
                        (status, record, stage, reason, pages, seconds, time.time(), int(review), job_id))

    def recover(self, max_attempts: int) -> dict[str, int]:
        """At start-up: jobs left running by a crash run again, unless they were interrupted ``max_attempts`` times."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            failed = db.execute(
                "UPDATE jobs SET status = 'failed', stage = 'service', finished = ?, reason = 'the service stopped "
                "while this document was being read ' || attempts || ' times; it is not tried again' "
                "WHERE status = 'running' AND attempts >= ?", (time.time(), max_attempts)).rowcount
            requeued = db.execute("UPDATE jobs SET status = 'queued', started = NULL WHERE status = 'running'").rowcount
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return {"requeued": requeued, "failed": failed}

    def release(self, job_ids: list[str]) -> None:
        """Jobs claimed but not finished when the service stops cleanly go back to the queue (no attempt spent)."""
        self.db.executemany("UPDATE jobs SET status = 'queued', started = NULL, attempts = max(attempts - 1, 0) "
                            "WHERE id = ? AND status = 'running'", [(job_id,) for job_id in job_ids])

    def ping(self) -> bool:
        try:
            self.db.execute("SELECT 1").fetchone()
            return True
        except sqlite3.Error:
            return False
