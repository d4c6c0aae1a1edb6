"""Collection files of a batch: records.jsonl, documents/targets/tasks CSV, EDXML per document, and with
``--format sqlite`` / ``ics`` the database (records.sqlite) or the calendar (calendar.ics)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from pipeline.batch.discovery import Job
from pipeline.record import Record

COLLECTION_FILES = ("records.jsonl", "documents.csv", "targets.csv", "tasks.csv", "errors.jsonl")

DATABASE_NAME, CALENDAR_NAME = "records.sqlite", "calendar.ics"


def collection_target(outdir: Path, fmt: str, target: Optional[Path] = None) -> Optional[Path]:
    """Where the batch's database (``fmt == "sqlite"``) or calendar (``"ics"``) goes: ``target`` when given
    (``-o tracker.sqlite``), else records.sqlite / calendar.ics in ``outdir``; None for the other formats."""
    if fmt not in ("sqlite", "ics"):
        return None
    return Path(target) if target else outdir / (DATABASE_NAME if fmt == "sqlite" else CALENDAR_NAME)


def write_collections(jobs: list[Job], outdir: Path, fmt: str, target: Optional[Path] = None) -> int:
    """records.jsonl and the CSV tables from every job's current output (in job order); edXML files for
    ``fmt == "edxml"``. Each file is written to a temporary name and renamed. With ``fmt == "sqlite"`` every
    record is also upserted into the database (one transaction each; unchanged records are skipped), with
    ``"ics"`` their dated deadlines make one calendar, written atomically (see ``collection_target``).
    Returns the number of records."""
    from pipeline.output import write_atomic
    from pipeline.output.edxml import edxml
    from pipeline.output.tables import (
        CSV_ENCODING,
        DOCUMENT_COLUMNS,
        TARGET_COLUMNS,
        TASK_COLUMNS,
        CsvTable,
        document_row,
        target_rows,
        task_rows,
    )

    outdir.mkdir(parents=True, exist_ok=True)
    names = {"records": "records.jsonl", "documents": "documents.csv", "targets": "targets.csv", "tasks": "tasks.csv"}
    temps = {key: outdir / f".{name}.{os.getpid()}.tmp" for key, name in names.items()}
    count = 0
    handles = {}
    database = calendar = None
    extra = collection_target(outdir, fmt, target)
    try:
        if fmt == "sqlite":
            from pipeline.output.database import Database

            database = Database(extra)
        elif fmt == "ics":
            from pipeline.output.ical import new_calendar, record_events

            calendar = new_calendar()
        handles["records"] = open(temps["records"], "w", encoding="utf-8", newline="\n")
        for key in ("documents", "targets", "tasks"):
            handles[key] = open(temps[key], "w", encoding=CSV_ENCODING, newline="")
        documents = CsvTable(handles["documents"], DOCUMENT_COLUMNS)
        targets = CsvTable(handles["targets"], TARGET_COLUMNS)
        tasks = CsvTable(handles["tasks"], TASK_COLUMNS)
        for job in jobs:
            try:
                record = Record.model_validate_json(job.output.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            handles["records"].write(record.model_dump_json() + "\n")
            documents.add([document_row(record)])
            targets.add(target_rows(record))
            tasks.add(task_rows(record))
            count += 1
            if database is not None:
                database.add(record)
            if calendar is not None:
                for event in record_events(record):
                    calendar.add_component(event)
            if fmt == "edxml":
                target = job.output.with_suffix(".edxml")
                if not target.exists() or target.stat().st_mtime < job.output.stat().st_mtime:
                    write_atomic(target, edxml(record))
        for key, handle in handles.items():
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        for key, name in names.items():
            os.replace(temps[key], outdir / name)
        if calendar is not None:
            write_atomic(extra, calendar.to_ical().decode("utf-8"))
    finally:
        if database is not None:
            database.close()
        for key, handle in handles.items():
            handle.close()
            temps[key].unlink(missing_ok=True)
    return count


def write_review_pages(jobs: list[Job], folder: Path, errors_path: Path) -> int:
    """A review page per document with an up-to-date record (``<output stem>.html``) and ``index.html``: the
    documents with fields to check first, the failed ones with their reason (from ``errors.jsonl``), counts."""
    import json

    from pipeline.output import write_atomic
    from pipeline.output.review_page import review_index_html, write_review_page
    from pipeline.record import Record

    folder.mkdir(parents=True, exist_ok=True)
    documents = []
    for job in jobs:
        if not job.output.is_file():
            continue
        try:
            record = Record.model_validate_json(job.output.read_text(encoding="utf-8"))
        except ValueError:
            continue
        page = f"{job.output.stem}.html"
        try:
            write_review_page(record, folder / page)
        except Exception as exc:  # noqa: BLE001 - one page that cannot be drawn must not cost the others
            documents.append({"name": str(job.path), "failed": f"review page: {type(exc).__name__}: {exc}"})
            continue
        documents.append({"name": str(job.path), "page": page, "code": record.document.code,
                          "type": record.document.type, "review": list(record.review)})
    if errors_path.is_file():
        for line in errors_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                failure = json.loads(line)
                documents.append({"name": failure.get("file", "?"),
                                  "failed": f"{failure.get('stage', 'extract')}: {failure.get('reason', '')}"})
    write_atomic(folder / "index.html", review_index_html(documents))
    return len(documents)
