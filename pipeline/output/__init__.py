"""Output: records → JSON text and files. Every file is written atomically (temporary file, then rename), so an
interrupted run never leaves a partial output behind."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pipeline.record import Record


def record_json(record: Record, indent: int | None = 2) -> str:
    return record.model_dump_json(indent=indent)


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` via a temporary file in the same folder and an atomic rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def format_record(record: Record, fmt: str = "json", *, compact: bool = False) -> str:
    """One record as text in ``fmt``: json (pretty unless compact), jsonl (one line), csv (a one-row document
    table, see ``tables.DOCUMENT_COLUMNS``) or edxml (the QCVN 102:2016 message header)."""
    if fmt == "json":
        return record_json(record, indent=None if compact else 2)
    if fmt == "jsonl":
        return record_json(record, indent=None)
    if fmt == "csv":
        from pipeline.output.tables import record_csv

        return record_csv(record)
    if fmt == "edxml":
        from pipeline.output.edxml import edxml

        return edxml(record)
    raise ValueError(f"unknown format {fmt!r}")
