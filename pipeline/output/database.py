"""A SQLite database of records that a tracker opens directly (``--format sqlite``, or an ``-o`` path ending in
``.sqlite``/``.db``). The schema is ``SCHEMA`` below and docs/outputs.md.

- ``documents``: one row per source document, keyed by its ``sha256`` (unique). ``targets`` and ``tasks`` belong to
  a document; ``deadlines`` to a task, a target, or to the document itself (a deadline read outside any target or
  task); ``units`` holds each distinct unit name once (normalised: ``Sở GD&ĐT`` is ``Sở Giáo dục và Đào tạo``, with
  its kind: unit, group or person-role) and ``task_units`` links tasks to units with a role (``owner``: responsible,
  chủ trì, perhaps inherited from a lead line or the issuer; ``collaborator``: phối hợp). A plan's own period is on its
  document row and a ``deadlines`` row with ``plan_level`` 1. ``evidence`` is the record's field → (page, line, text,
  confidence) map, ``review`` the field paths a person should check. Target, task and deadline rows carry their
  own evidence (page, line, evidence_text, confidence).
- Upsert: writing a record whose ``sha256`` is already stored replaces that document's rows (its ``id`` stays); the
  same record written twice is skipped (``record_hash``). A stored document of the same ``file`` but another
  ``sha256`` (the file was edited) is superseded and removed.
- Every document is written in one transaction (``BEGIN IMMEDIATE`` … ``COMMIT``) in WAL mode: a run killed
  mid-write leaves the previous state of that document, never a half-written one, and readers (the tracker) can
  read while a batch writes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Iterable, Optional

from pipeline.output.tables import document_row, target_rows, task_rows
from pipeline.record import Deadline, Evidence, Owner, Record

DATABASE_SCHEMA_VERSION = "2"  # 2: the task columns of issue #17 (owners, inherited_from, deliverable, report_to),
# the plan's period, deadlines.plan_level, units.kind, task_units.printed/inherited_from; a version-1 file gets them
# added on open (``_ADDED_COLUMNS``)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,            -- the source file's SHA-256: the upsert key
    file TEXT NOT NULL,                     -- the input as it was found
    pages INTEGER,
    input_kind TEXT,
    type TEXT, type_code TEXT, number TEXT, symbol TEXT,
    code TEXT,                              -- number/symbol, e.g. 27/KH-LHH
    parent_body TEXT, issuing_body TEXT, issuing_body_normal TEXT,
    place TEXT,
    issue_date TEXT,                        -- ISO date, YYYY-MM-DD
    subject TEXT, urgency TEXT, secrecy TEXT,
    addressees TEXT,                        -- JSON array
    signer_authority TEXT, signer_position TEXT, signer_name TEXT,
    recipients TEXT,                        -- JSON array
    filing TEXT,
    mean_confidence REAL,
    warnings TEXT,                          -- JSON array
    period_text TEXT, period_start TEXT, period_end TEXT, -- a plan's own period (năm 2024, giai đoạn 2024-2030)
    review TEXT,                            -- JSON array of field paths to check (also the review table)
    options_key TEXT,
    record_schema TEXT,                     -- the record's schema_version
    record_hash TEXT NOT NULL,              -- SHA-256 of the record JSON: an unchanged record is not rewritten
    record TEXT NOT NULL,                   -- the record as JSON, without the page texts
    written_at TEXT NOT NULL                -- UTC, ISO 8601
);
CREATE INDEX IF NOT EXISTS documents_code ON documents(code);
CREATE INDEX IF NOT EXISTS documents_file ON documents(file);
CREATE TABLE IF NOT EXISTS targets (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,                   -- order in the document, from 1
    path TEXT NOT NULL,                     -- outline path, e.g. II.1
    label TEXT,
    kind TEXT NOT NULL,                     -- target or honour
    text TEXT NOT NULL,
    quantities TEXT,                        -- readable, e.g. "ít nhất 1 hội thành viên; 100 %"
    quantities_json TEXT,                   -- JSON array of {value, text, unit, counted, qualifier}
    deadline_start TEXT, deadline_end TEXT, -- earliest start, latest end of its deadlines
    page INTEGER, line INTEGER, evidence_text TEXT, confidence REAL,
    UNIQUE (document_id, seq)
);
CREATE INDEX IF NOT EXISTS targets_path ON targets(document_id, path);
CREATE TABLE IF NOT EXISTS tasks (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    path TEXT NOT NULL,
    label TEXT,
    text TEXT NOT NULL,
    responsible TEXT, collaborators TEXT,   -- readable, "; "-joined as printed (the units are in task_units)
    deadline_start TEXT, deadline_end TEXT,
    page INTEGER, line INTEGER, evidence_text TEXT, confidence REAL,
    owners TEXT,                            -- the owners normalised, "; "-joined (the issuer's when inherited)
    inherited_from TEXT,                    -- lead or issuer: the owners are not named by the item itself
    deliverable TEXT,                       -- Sản phẩm (what is to be delivered)
    report_to TEXT,                         -- whom to report to, "; "-joined as printed
    UNIQUE (document_id, seq)
);
CREATE INDEX IF NOT EXISTS tasks_path ON tasks(document_id, path);
CREATE TABLE IF NOT EXISTS deadlines (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    task_id INTEGER REFERENCES tasks(id) ON DELETE CASCADE,
    target_id INTEGER REFERENCES targets(id) ON DELETE CASCADE,
    scope TEXT NOT NULL CHECK (scope IN ('document', 'target', 'task')),
    text TEXT NOT NULL,
    kind TEXT NOT NULL,                     -- date, month, quarter, year, term, recurrence, relative
    start TEXT, "end" TEXT,                 -- ISO dates
    due TEXT,                               -- "end", else start: the date to meet
    rule TEXT,                              -- before/within/by, or an RRULE for a recurrence
    page INTEGER, line INTEGER, evidence_text TEXT, confidence REAL,
    plan_level INTEGER NOT NULL DEFAULT 0   -- 1: the plan's own period (or an item repeating it)
);
CREATE INDEX IF NOT EXISTS deadlines_document ON deadlines(document_id);
CREATE INDEX IF NOT EXISTS deadlines_task ON deadlines(task_id);
CREATE INDEX IF NOT EXISTS deadlines_target ON deadlines(target_id);
CREATE INDEX IF NOT EXISTS deadlines_due ON deadlines(due);
CREATE TABLE IF NOT EXISTS units (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,                     -- normalised, as first seen, spaces normalised
    key TEXT NOT NULL UNIQUE,               -- name in NFC, case-folded: one row per distinct unit
    kind TEXT                               -- unit, group or person-role
);
CREATE TABLE IF NOT EXISTS task_units (
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'collaborator')),
    seq INTEGER NOT NULL,                   -- order in the task's list, from 1
    printed TEXT,                           -- the unit as the document prints it (Sở GD&ĐT)
    inherited_from TEXT,                    -- lead or issuer (an owner the item does not name itself)
    PRIMARY KEY (task_id, role, unit_id)
);
CREATE INDEX IF NOT EXISTS task_units_unit ON task_units(unit_id, role);
CREATE TABLE IF NOT EXISTS evidence (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    path TEXT NOT NULL,                     -- field path, e.g. document.code, signer.name
    page INTEGER, line INTEGER, start INTEGER, "end" INTEGER, text TEXT, confidence REAL,
    PRIMARY KEY (document_id, path)
);
CREATE TABLE IF NOT EXISTS review (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    path TEXT NOT NULL,                     -- a field a person should check; its evidence is in evidence
    PRIMARY KEY (document_id, path)
);
"""

_DOCUMENT_COLUMNS = [
    "sha256", "file", "pages", "input_kind", "type", "type_code", "number", "symbol", "code", "parent_body",
    "issuing_body", "issuing_body_normal", "place", "issue_date", "subject", "urgency", "secrecy", "addressees",
    "signer_authority", "signer_position", "signer_name", "recipients", "filing", "mean_confidence", "warnings",
    "review", "options_key", "record_schema", "record_hash", "record", "written_at", "period_text", "period_start",
    "period_end",
]

_UPSERT_DOCUMENT = (
    f"INSERT INTO documents ({', '.join(_DOCUMENT_COLUMNS)}) VALUES ({', '.join('?' * len(_DOCUMENT_COLUMNS))}) "
    f"ON CONFLICT(sha256) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _DOCUMENT_COLUMNS if c != "sha256")
)


# Columns added since version 1, added to an older database when it is opened: (table, column, declaration).
_ADDED_COLUMNS = [
    ("documents", "period_text", "TEXT"), ("documents", "period_start", "TEXT"), ("documents", "period_end", "TEXT"),
    ("tasks", "owners", "TEXT"), ("tasks", "inherited_from", "TEXT"), ("tasks", "deliverable", "TEXT"),
    ("tasks", "report_to", "TEXT"), ("deadlines", "plan_level", "INTEGER NOT NULL DEFAULT 0"),
    ("units", "kind", "TEXT"), ("task_units", "printed", "TEXT"), ("task_units", "inherited_from", "TEXT"),
]


def _migrate(conn: sqlite3.Connection) -> None:
    """Add the columns a database of an older version lacks, and record the version (inside a transaction)."""
    for table, column, declaration in _ADDED_COLUMNS:
        if column not in {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", (DATABASE_SCHEMA_VERSION,))


def _null(value: Optional[str]) -> Optional[str]:
    return value if value not in (None, "") else None


def _json(items) -> str:
    return json.dumps(list(items), ensure_ascii=False)


def _int(value: str) -> Optional[int]:
    return int(value) if value not in (None, "") else None


def _iso(value: Optional[dt.date]) -> Optional[str]:
    return value.isoformat() if value else None


def unit_name(name: str) -> str:
    """A unit's name with Unicode (NFC) and spaces normalised, its first letter a capital (a name that began a
    clause: "các hội thành viên" → "Các hội thành viên")."""
    name = " ".join(unicodedata.normalize("NFC", name).split())
    return name[:1].upper() + name[1:]


def unit_key(name: str) -> str:
    return unit_name(name).casefold()


def record_hash(record: Record) -> str:
    return hashlib.sha256(record.model_dump_json().encode("utf-8")).hexdigest()


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (creating if need be) the database at ``path``: WAL journal, foreign keys on, the schema in place.
    The connection is in autocommit mode; ``upsert_record`` opens one transaction per document."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")  # with WAL: a crash loses no committed transaction's consistency
    conn.execute("PRAGMA foreign_keys = ON")
    try:
        version = None
        if conn.execute("SELECT name FROM sqlite_master WHERE name = 'meta'").fetchone():
            found = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            version = found[0] if found else None
        if version not in (None, DATABASE_SCHEMA_VERSION):
            conn.execute("BEGIN IMMEDIATE")
            _migrate(conn)  # an older file: its tables get the new columns before the indexes need them
            conn.execute("COMMIT")
        conn.executescript("BEGIN IMMEDIATE;\n" + SCHEMA + "\nINSERT OR IGNORE INTO meta (key, value) VALUES "
                           f"('schema_version', '{DATABASE_SCHEMA_VERSION}');\nCOMMIT;")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()
        raise
    return conn


def _document_values(record: Record, digest: str, written_at: str) -> list:
    row = document_row(record)  # the CSV row's cells, "" → NULL; lists become JSON arrays here
    doc, source = record.document, record.source
    values = {column: _null(row.get(column)) for column in _DOCUMENT_COLUMNS}
    review = list(getattr(record, "review", None) or [])
    values.update({
        "sha256": source.sha256, "file": source.file, "pages": source.pages,
        "issuing_body_normal": doc.issuing_body_normal,
        "addressees": _json(doc.addressees), "recipients": _json(record.recipients),
        "mean_confidence": source.mean_confidence, "warnings": _json(record.warnings), "review": _json(review),
        "options_key": source.options_key, "record_schema": record.schema_version, "record_hash": digest,
        "record": record.model_dump_json(exclude={"pages"}), "written_at": written_at,
        "period_text": record.period.text if record.period else None,
        "period_start": _iso(record.period.start) if record.period else None,
        "period_end": _iso(record.period.end) if record.period else None,
    })
    return [values[column] for column in _DOCUMENT_COLUMNS]


def _evidence_values(evidence: Optional[Evidence]) -> tuple:
    if evidence is None:
        return (None, None, None, None)
    return (evidence.page, evidence.line, evidence.text, evidence.confidence)


def _deadline_key(deadline: Deadline) -> tuple:
    return (deadline.text, deadline.kind, deadline.start, deadline.end, deadline.rule)


def _insert_deadline(conn: sqlite3.Connection, document_id: int, deadline: Deadline, scope: str,
                     task_id: Optional[int] = None, target_id: Optional[int] = None) -> None:
    conn.execute(
        'INSERT INTO deadlines (document_id, task_id, target_id, scope, text, kind, start, "end", due, rule, page, line, '
        "evidence_text, confidence, plan_level) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (document_id, task_id, target_id, scope, deadline.text, deadline.kind, _iso(deadline.start),
         _iso(deadline.end), _iso(deadline.end or deadline.start), deadline.rule, *_evidence_values(deadline.evidence),
         int(deadline.scope == "plan")))


def _unit_id(conn: sqlite3.Connection, name: str, cache: dict[str, int], kind: Optional[str] = None) -> Optional[int]:
    key = unit_key(name)
    if not key:
        return None
    if key in cache:
        return cache[key]
    conn.execute("INSERT OR IGNORE INTO units (name, key, kind) VALUES (?, ?, ?)", (unit_name(name), key, kind))
    unit_id = conn.execute("SELECT id FROM units WHERE key = ?", (key,)).fetchone()[0]
    cache[key] = unit_id
    return unit_id


def _insert_targets(conn: sqlite3.Connection, document_id: int, record: Record, claimed: Counter) -> None:
    for seq, (target, row) in enumerate(zip(record.targets, target_rows(record)), start=1):
        cursor = conn.execute(
            "INSERT INTO targets (document_id, seq, path, label, kind, text, quantities, quantities_json, "
            "deadline_start, deadline_end, page, line, evidence_text, confidence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (document_id, seq, target.path, target.label, target.kind, target.text, _null(row["quantities"]),
             json.dumps([q.model_dump(exclude_none=True) for q in target.quantities], ensure_ascii=False),
             _null(row["deadline_start"]), _null(row["deadline_end"]), *_evidence_values(target.evidence)))
        for deadline in target.deadlines:
            _insert_deadline(conn, document_id, deadline, "target", target_id=cursor.lastrowid)
            claimed[_deadline_key(deadline)] += 1


def _unit_entries(normal: list[Owner], printed: list[str]) -> list[tuple[str, str, Optional[str], Optional[str]]]:
    """(name, printed, kind, inherited_from) of a task's owners or collaborators: the normalised entries when the
    record has them (schema 1.3), else the printed names."""
    if normal:
        return [(o.name, o.printed, o.kind, o.inherited_from) for o in normal]
    return [(name, name, None, None) for name in printed]


def _insert_tasks(conn: sqlite3.Connection, document_id: int, record: Record, claimed: Counter,
                  units: dict[str, int]) -> None:
    for seq, (task, row) in enumerate(zip(record.tasks, task_rows(record)), start=1):
        cursor = conn.execute(
            "INSERT INTO tasks (document_id, seq, path, label, text, responsible, collaborators, deadline_start, "
            "deadline_end, page, line, evidence_text, confidence, owners, inherited_from, deliverable, report_to) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (document_id, seq, task.path, task.label, task.text, _null(row["responsible"]), _null(row["collaborators"]),
             _null(row["deadline_start"]), _null(row["deadline_end"]), *_evidence_values(task.evidence),
             _null(row["owners"]), task.inherited_from, task.deliverable, _null(row["report_to"])))
        task_id = cursor.lastrowid
        for role, entries in (("owner", _unit_entries(task.owners, task.responsible)),
                              ("collaborator", _unit_entries(task.partners, task.collaborators))):
            for position, (name, printed, kind, inherited) in enumerate(entries, start=1):
                unit_id = _unit_id(conn, name, units, kind)
                if unit_id is not None:
                    conn.execute("INSERT OR IGNORE INTO task_units (task_id, unit_id, role, seq, printed, inherited_from) "
                                 "VALUES (?, ?, ?, ?, ?, ?)", (task_id, unit_id, role, position, printed, inherited))
        for deadline in task.deadlines:
            _insert_deadline(conn, document_id, deadline, "task", task_id=task_id)
            claimed[_deadline_key(deadline)] += 1


def _insert_children(conn: sqlite3.Connection, document_id: int, record: Record, units: dict[str, int]) -> None:
    claimed: Counter = Counter()
    _insert_targets(conn, document_id, record, claimed)
    _insert_tasks(conn, document_id, record, claimed, units)
    plan_stored = False
    for deadline in record.deadlines:  # the document's list holds every deadline; those of no target or task stay
        key = _deadline_key(deadline)
        if claimed[key]:
            claimed[key] -= 1
            continue
        _insert_deadline(conn, document_id, deadline, "document")
        plan_stored = plan_stored or deadline.scope == "plan"
    if record.period is not None and not plan_stored:  # the plan-level deadline, once
        _insert_deadline(conn, document_id, record.period, "document")
    conn.executemany(
        'INSERT OR REPLACE INTO evidence (document_id, path, page, line, start, "end", text, confidence) '
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(document_id, path, e.page, e.line, e.start, e.end, e.text, e.confidence) for path, e in record.evidence.items()])
    conn.executemany("INSERT OR IGNORE INTO review (document_id, path) VALUES (?, ?)",
                     [(document_id, path) for path in (getattr(record, "review", None) or [])])


_CHILD_TABLES = ("deadlines", "targets", "tasks", "evidence", "review")  # task_units go with their tasks


def upsert_record(conn: sqlite3.Connection, record: Record, *, units: Optional[dict[str, int]] = None) -> bool:
    """Store ``record`` in one transaction, replacing the rows of the document with its sha256 (and of an older
    version of the same file). Returns False when the identical record is already stored (nothing written)."""
    digest = record_hash(record)
    units = {} if units is None else units
    written_at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = conn.execute("SELECT id, record_hash FROM documents WHERE sha256 = ?", (record.source.sha256,)).fetchone()
        if found and found[1] == digest:
            conn.execute("COMMIT")
            return False
        conn.execute("DELETE FROM documents WHERE file = ? AND sha256 <> ?", (record.source.file, record.source.sha256))
        conn.execute(_UPSERT_DOCUMENT, _document_values(record, digest, written_at))
        document_id = conn.execute("SELECT id FROM documents WHERE sha256 = ?", (record.source.sha256,)).fetchone()[0]
        if found:
            for table in _CHILD_TABLES:
                conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (document_id,))
        _insert_children(conn, document_id, record, units)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        units.clear()  # ids of units inserted in the rolled-back transaction are gone
        raise
    return True


def prune_units(conn: sqlite3.Connection) -> int:
    """Remove units no task links to any more (after documents were replaced). Returns how many."""
    return conn.execute("DELETE FROM units WHERE id NOT IN (SELECT unit_id FROM task_units)").rowcount


class Database:
    """The database at ``path``, open for writing records one by one (a context manager)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.conn = connect(self.path)
        self.units: dict[str, int] = {}
        self.written = 0

    def add(self, record: Record) -> bool:
        changed = upsert_record(self.conn, record, units=self.units)
        self.written += changed
        return changed

    def close(self) -> None:
        if self.written:
            prune_units(self.conn)
        self.conn.execute("PRAGMA optimize")
        self.conn.close()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def write_database(path: str | Path, records: Iterable[Record]) -> int:
    """Upsert ``records`` into the database at ``path`` (created if missing); returns how many were written
    (records already stored unchanged are not counted)."""
    with Database(path) as database:
        for record in records:
            database.add(record)
        return database.written


def database_path(output: str | Path) -> Path:
    """``-o`` for a database: a folder gets ``records.sqlite`` inside it."""
    output = Path(output)
    return output / "records.sqlite" if output.is_dir() else output
