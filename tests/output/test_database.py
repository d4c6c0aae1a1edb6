"""The SQLite output: schema and keys, upsert by sha256, one transaction per document (a failure mid-write keeps
the previous state), the docs' example queries, and the time to write a 100-document batch (with the calendar)."""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

import pytest
from conftest import REPO

from pipeline.output import database as database_module
from pipeline.output.database import Database, connect, upsert_record, write_database
from pipeline.output.ical import calendar_ics
from pipeline.record import Record

TABLES = {"meta", "documents", "targets", "tasks", "deadlines", "units", "task_units", "evidence", "review"}


@pytest.fixture
def records(sample_records) -> list[Record]:
    return list(sample_records)


def plan(records: list[Record]) -> Record:
    return next(r for r in records if r.document.code == "27/KH-LHH")


def with_sha(record: Record, sha: str, file: str | None = None) -> Record:
    source = record.source.model_copy(update={"sha256": sha, **({"file": file} if file else {})})
    return record.model_copy(update={"source": source})


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in sorted(TABLES)}
    finally:
        conn.close()


def test_schema_tables_keys_and_rows(tmp_path, records):
    path = tmp_path / "t.sqlite"
    assert write_database(path, records) == 3
    conn = sqlite3.connect(path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert TABLES <= names
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    fks = {(t, r[2]) for t in ("targets", "tasks", "deadlines", "task_units", "evidence", "review")
           for r in conn.execute(f"PRAGMA foreign_key_list({t})")}
    assert {("targets", "documents"), ("tasks", "documents"), ("deadlines", "documents"), ("deadlines", "tasks"),
            ("deadlines", "targets"), ("task_units", "tasks"), ("task_units", "units"), ("evidence", "documents"),
            ("review", "documents")} <= fks
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []

    record = plan(records)
    doc_id, code, issue_date, pages = conn.execute(
        "SELECT id, code, issue_date, pages FROM documents WHERE sha256 = ?", (record.source.sha256,)).fetchone()
    assert (code, issue_date, pages) == ("27/KH-LHH", record.document.issue_date.isoformat(), record.source.pages)
    # every target and task, in order, with its evidence
    rows = conn.execute("SELECT path, text, page, line, evidence_text, confidence FROM tasks WHERE document_id = ? "
                        "ORDER BY seq", (doc_id,)).fetchall()
    assert [r[0] for r in rows] == [t.path for t in record.tasks]
    first = record.tasks[0]
    assert rows[0][2:] == (first.evidence.page, first.evidence.line, first.evidence.text, first.evidence.confidence)
    assert conn.execute("SELECT count(*) FROM targets WHERE document_id = ?", (doc_id,)).fetchone()[0] == len(record.targets)
    # task and target deadlines hang on their item; the document's own ("hằng tuần") on the document
    scopes = dict(conn.execute("SELECT scope, count(*) FROM deadlines GROUP BY scope").fetchall())
    assert scopes["task"] == sum(len(t.deadlines) for r in records for t in r.tasks)
    assert scopes["target"] == sum(len(t.deadlines) for r in records for t in r.targets)
    assert conn.execute("SELECT text FROM deadlines WHERE scope = 'document' AND plan_level = 0").fetchall() == \
        [("định kỳ hằng tuần",)]
    # a plan's own period: on its document row and once as a plan-level deadline
    periods = sorted((r.period.text, r.period.end.isoformat()) for r in records if r.period)
    assert periods and sorted(conn.execute("SELECT text, due FROM deadlines WHERE plan_level = 1").fetchall()) == periods
    assert sorted(conn.execute("SELECT period_text, period_end FROM documents WHERE period_text IS NOT NULL")
                  .fetchall()) == periods
    task3 = conn.execute("SELECT t.id FROM tasks t WHERE document_id = ? AND path = 'III.1'", (doc_id,)).fetchone()[0]
    assert conn.execute("SELECT scope, due FROM deadlines WHERE task_id = ?", (task3,)).fetchall() == [("task", "2025-12-10")]
    # units: one row per distinct name (case aside), tasks linked as owner / collaborator
    links = conn.execute("SELECT u.name, tu.role FROM task_units tu JOIN units u ON u.id = tu.unit_id JOIN tasks t "
                         "ON t.id = tu.task_id WHERE t.document_id = ? AND t.path = 'III.3' ORDER BY tu.role, tu.seq",
                         (doc_id,)).fetchall()
    assert links == [("Sở Khoa học và Công nghệ", "collaborator"), ("Tỉnh đoàn Nghệ An", "collaborator"),
                     ("Ban Tư vấn, phản biện và giám định xã hội", "owner")]
    assert conn.execute("SELECT count(*) FROM units WHERE key = 'các hội thành viên'").fetchone()[0] == 1
    keys = [r[0] for r in conn.execute("SELECT key FROM units")]
    assert len(keys) == len(set(keys))
    # document evidence and review
    assert conn.execute("SELECT page, text FROM evidence WHERE document_id = ? AND path = 'document.code'",
                        (doc_id,)).fetchone()[0] == record.evidence["document.code"].page
    for r in records:
        stored = conn.execute("SELECT path FROM review JOIN documents d ON d.id = document_id WHERE d.sha256 = ?",
                              (r.source.sha256,)).fetchall()
        assert sorted(p for (p,) in stored) == sorted(getattr(r, "review", []) or [])
    # the stored record JSON reads back as a Record
    stored = conn.execute("SELECT record FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
    assert Record.model_validate_json(stored).tasks == record.tasks
    conn.close()


def test_rerun_upserts_by_sha(tmp_path, records):
    path = tmp_path / "t.sqlite"
    record = plan(records)
    assert write_database(path, [record]) == 1
    before = counts(path)
    doc_id = sqlite3.connect(path).execute("SELECT id FROM documents").fetchone()[0]
    assert write_database(path, [record]) == 0  # same record: skipped
    assert counts(path) == before
    # a changed record of the same source replaces that document's rows; its id stays
    changed = record.model_copy(update={"tasks": record.tasks[:2], "warnings": ["changed"]})
    assert write_database(path, [changed]) == 1
    after = counts(path)
    assert after["documents"] == 1 and after["tasks"] == 2
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT id, warnings FROM documents").fetchone() == (doc_id, '["changed"]')
    assert conn.execute("SELECT count(*) FROM task_units tu LEFT JOIN tasks t ON t.id = tu.task_id "
                        "WHERE t.id IS NULL").fetchone()[0] == 0
    # units no task links any more are pruned
    assert conn.execute("SELECT count(*) FROM units WHERE name = 'Sở Tài chính'").fetchone()[0] == 0
    conn.close()
    # another sha of the same file (the file was edited) supersedes the old document; another file adds one
    assert write_database(path, [with_sha(record, "e" * 64), with_sha(record, "f" * 64, file="other.txt")]) == 2
    conn = sqlite3.connect(path)
    assert sorted(conn.execute("SELECT sha256 FROM documents")) == [("e" * 64,), ("f" * 64,)]
    conn.close()


def test_failure_inside_the_transaction_keeps_the_previous_state(tmp_path, records, monkeypatch):
    path = tmp_path / "t.sqlite"
    record = plan(records)
    write_database(path, records)
    before = counts(path)
    snapshot = sqlite3.connect(path).execute("SELECT path, text FROM tasks ORDER BY id").fetchall()

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # as if the process were stopped between the document row and its tasks

    monkeypatch.setattr(database_module, "_insert_tasks", killed)
    changed = record.model_copy(update={"tasks": record.tasks[:1], "targets": []})
    with pytest.raises(KeyboardInterrupt):
        write_database(path, [changed])
    assert counts(path) == before
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT path, text FROM tasks ORDER BY id").fetchall() == snapshot
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    # a new document interrupted the same way leaves no trace either
    with pytest.raises(KeyboardInterrupt):
        write_database(path, [with_sha(record, "a" * 64, file="new.txt")])
    assert counts(path) == before
    monkeypatch.undo()
    assert write_database(path, [changed]) == 1  # and the database is usable afterwards


def test_the_connection_survives_a_failed_document(tmp_path, records, monkeypatch):
    """In one Database, a document that fails is rolled back and the next one is written."""
    calls = []
    real = database_module._insert_tasks

    def fail_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("boom")
        return real(*args, **kwargs)

    monkeypatch.setattr(database_module, "_insert_tasks", fail_once)
    with Database(tmp_path / "t.sqlite") as db:
        with pytest.raises(RuntimeError):
            db.add(records[0])
        assert db.add(records[1])
    assert counts(tmp_path / "t.sqlite")["documents"] == 1


def _doc_queries() -> list[str]:
    text = (REPO / "docs" / "outputs.md").read_text(encoding="utf-8")
    return [q.strip() for q in re.findall(r"```sql\n(.*?)```", text, flags=re.S)]


def test_the_documented_example_queries_return_rows(tmp_path, records):
    path = tmp_path / "t.sqlite"
    write_database(path, records)
    queries = _doc_queries()
    assert len(queries) >= 2
    conn = sqlite3.connect(path)
    try:
        for query in queries:
            parameters = {"today": "2026-01-01", "code": "27/KH-LHH"}
            names = set(re.findall(r":(\w+)", query))
            rows = conn.execute(query, {k: v for k, v in parameters.items() if k in names}).fetchall()
            assert rows, query
        # the schema in the docs is the one the code creates
        text = (REPO / "docs" / "outputs.md").read_text(encoding="utf-8")
        for table in TABLES - {"meta"}:
            assert f"`{table}`" in text
    finally:
        conn.close()


def test_overdue_query_by_unit(tmp_path, records):
    path = tmp_path / "t.sqlite"
    write_database(path, records)
    overdue = next(q for q in _doc_queries() if "today" in q)
    rows = sqlite3.connect(path).execute(overdue, {"today": "2025-04-01"}).fetchall()
    # due before 1 April 2025: only III.5 of the plan (15 March), owned by Các hội thành viên
    assert len(rows) == 1 and rows[0][0] == "Các hội thành viên" and "III.5" in rows[0]


def test_a_hundred_documents_written_in_under_two_seconds(tmp_path, records):
    batch = [with_sha(records[i % len(records)], f"{i:064x}", file=f"archive/doc{i:03d}.txt") for i in range(100)]
    started = time.perf_counter()
    written = write_database(tmp_path / "batch.sqlite", batch)
    ics = calendar_ics(batch)
    (tmp_path / "calendar.ics").write_text(ics, encoding="utf-8", newline="")
    seconds = time.perf_counter() - started
    assert written == 100 and ics.count("BEGIN:VEVENT") > 100
    assert counts(tmp_path / "batch.sqlite")["documents"] == 100
    assert seconds < 2.0, f"{seconds:.2f} s"


def test_connect_creates_the_schema_once(tmp_path):
    path = tmp_path / "nested" / "t.db"
    connect(path).close()
    conn = connect(path)
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == \
        database_module.DATABASE_SCHEMA_VERSION
    conn.close()


def test_a_version_1_database_gets_the_task_columns_on_open(tmp_path, records):
    """A file written before the task columns (#17): opening it adds them, keeps its rows, and writes the new
    fields; the version in meta follows."""
    path = tmp_path / "old.sqlite"
    old = database_module.SCHEMA  # the version-1 layout: the schema without the added columns' lines
    for table, column, _ in database_module._ADDED_COLUMNS:
        block = re.search(rf"CREATE TABLE IF NOT EXISTS {table} \(.*?\n\);", old, re.S).group(0)
        old = old.replace(block, re.sub(rf"\n[ \t]*{column} [^\n]*", "", block))
    old = re.sub(r",([ \t]*(?:--[^\n]*)?\n)\)", r"\1)", old)  # no comma left before a table's closing line
    conn = sqlite3.connect(path)
    conn.executescript(old + "INSERT INTO meta (key, value) VALUES ('schema_version', '1');")
    assert "owners" not in {r[1] for r in conn.execute("PRAGMA table_info(tasks)")}
    conn.close()
    conn = connect(path)
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == \
        database_module.DATABASE_SCHEMA_VERSION
    plan = next(r for r in records if any(t.owners for t in r.tasks))
    upsert_record(conn, plan)
    owners = conn.execute("SELECT t.owners FROM tasks t JOIN documents d ON d.id = t.document_id WHERE d.sha256 = ? "
                          "AND t.owners IS NOT NULL", (plan.source.sha256,)).fetchall()
    assert owners
    conn.close()


def test_task_columns_normalised_owners_and_inheritance(tmp_path):
    """The owners of a task as a tracker files them: the normal name in units (with its kind), the printed form and
    the inheritance on the link, the deliverable, report-to and a recurrence's rule on the rows."""
    from pipeline.parse.document import parse_document
    from pipeline.record import Record, SourceInfo

    text = "\n".join([
        "ỦY BAN NHÂN DÂN TỈNH BẮC NINH", "Số: 12/KH-UBND", "Bắc Ninh, ngày 15 tháng 01 năm 2025", "KẾ HOẠCH",
        "Triển khai chuyển đổi số năm 2025", "", "II. NHIỆM VỤ, GIẢI PHÁP",
        "1. Tuyên truyền về chuyển đổi số trên địa bàn tỉnh.",
        "2. Sở GD&ĐT chủ trì rà soát thiết bị; báo cáo kết quả về UBND tỉnh (qua Sở Nội vụ) trước ngày 20 hằng tháng.",
        "3. Xây dựng cơ sở dữ liệu hộ tịch.", "Đơn vị chủ trì thực hiện: Sở Tư pháp.",
        "Sản phẩm: Cơ sở dữ liệu được kết nối.", "III. TỔ CHỨC THỰC HIỆN", "1. Sở Y tế chịu trách nhiệm:",
        "- Triển khai hồ sơ sức khỏe điện tử;", "- Kết nối dữ liệu khám chữa bệnh trước ngày 15/11/2025.",
    ])
    parsed = parse_document([text])
    record = Record.build(SourceInfo(file="kh.txt", sha256="f" * 64, pages=1, input_kind="text"), parsed, [])
    conn = connect(tmp_path / "t.sqlite")
    upsert_record(conn, record)
    rows = {path: rest for path, *rest in conn.execute(
        "SELECT path, owners, inherited_from, deliverable, report_to FROM tasks ORDER BY seq")}
    assert rows["II.1"][:2] == ["Ủy ban nhân dân tỉnh Bắc Ninh", "issuer"]
    assert rows["II.2"] == ["Sở Giáo dục và Đào tạo", None, None, "UBND tỉnh (qua Sở Nội vụ)"]
    assert rows["II.3"][0] == "Sở Tư pháp" and rows["II.3"][2] == "Cơ sở dữ liệu được kết nối"
    assert rows["III.1.-2"][:2] == ["Sở Y tế", "lead"]
    link = conn.execute("SELECT u.name, u.kind, tu.printed, tu.inherited_from FROM task_units tu JOIN units u "
                        "ON u.id = tu.unit_id JOIN tasks t ON t.id = tu.task_id WHERE t.path = 'II.2'").fetchone()
    assert link == ("Sở Giáo dục và Đào tạo", "unit", "Sở GD&ĐT", None)
    assert conn.execute("SELECT rule FROM deadlines d JOIN tasks t ON t.id = d.task_id WHERE t.path = 'II.2'"
                        ).fetchone()[0] == "FREQ=MONTHLY;BYMONTHDAY=20"
    assert conn.execute("SELECT text, due FROM deadlines WHERE plan_level = 1").fetchall() == [("năm 2025", "2025-12-31")]
    conn.close()


def test_upsert_returns_false_for_an_unchanged_record(tmp_path, records):
    conn = connect(tmp_path / "t.sqlite")
    assert upsert_record(conn, records[0]) is True
    assert upsert_record(conn, records[0]) is False
    conn.close()
