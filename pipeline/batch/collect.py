"""Collection files of a batch: records.jsonl, documents/targets/tasks CSV, EDXML per document."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.batch.discovery import Job
from pipeline.record import Record

COLLECTION_FILES = ("records.jsonl", "documents.csv", "targets.csv", "tasks.csv", "errors.jsonl")


def write_collections(jobs: list[Job], outdir: Path, fmt: str) -> int:
    """records.jsonl and the CSV tables from every job's current output (in job order); edXML files for
    ``fmt == "edxml"``. Each file is written to a temporary name and renamed. Returns the number of records."""
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
    try:
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
    finally:
        for key, handle in handles.items():
            handle.close()
            temps[key].unlink(missing_ok=True)
    return count
