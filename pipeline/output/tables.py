"""Spreadsheet tables of records (CSV).

- ``DOCUMENT_COLUMNS`` / ``document_row``: one row per document (``documents.csv``; ``--format csv`` for one file).
- ``target_rows`` / ``task_rows``: one row per target (chỉ tiêu) / task (nhiệm vụ) (``targets.csv``, ``tasks.csv``).
- ``csv_text``: rows → CSV text. Files are written with a UTF-8 byte-order mark so spreadsheet programs (Excel)
  detect the encoding and show Vietnamese letters correctly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Iterable, Optional

from pipeline.record import Deadline, Record

CSV_ENCODING = "utf-8-sig"  # UTF-8 with a BOM: Excel otherwise reads the file as the local code page


LIST_SEPARATOR = "; "


DOCUMENT_COLUMNS = [
    "file", "sha256", "pages", "input_kind", "type", "type_code", "number", "symbol", "code", "parent_body",
    "issuing_body", "place", "issue_date", "subject", "urgency", "secrecy", "addressees", "signer_authority",
    "signer_position", "signer_name", "recipients", "filing", "targets", "tasks", "deadlines", "mean_confidence",
    "warnings", "period", "period_start", "period_end",
]


TARGET_COLUMNS = [
    "file", "code", "path", "kind", "text", "quantities", "deadlines", "deadline_start", "deadline_end", "page", "line",
]


TASK_COLUMNS = [
    "file", "code", "path", "text", "responsible", "collaborators", "deadlines", "deadline_start", "deadline_end",
    "page", "line", "owners", "inherited_from", "deliverable", "report_to", "recurrence",
]


def _join(items: Iterable[Optional[str]]) -> str:
    return LIST_SEPARATOR.join(str(item) for item in items if item)


def _date(value: Optional[dt.date]) -> str:
    return value.isoformat() if value else ""


def _text(value: object) -> str:
    return "" if value is None else str(value)


def document_row(record: Record) -> dict[str, str]:
    doc, signer, source = record.document, record.signer, record.source
    return {
        "file": source.file, "sha256": source.sha256, "pages": str(source.pages), "input_kind": source.input_kind,
        "type": _text(doc.type), "type_code": _text(doc.type_code), "number": _text(doc.number),
        "symbol": _text(doc.symbol), "code": _text(doc.code), "parent_body": _text(doc.parent_body),
        "issuing_body": _text(doc.issuing_body), "place": _text(doc.place), "issue_date": _date(doc.issue_date),
        "subject": _text(doc.subject), "urgency": _text(doc.urgency), "secrecy": _text(doc.secrecy),
        "addressees": _join(doc.addressees), "signer_authority": _text(signer.authority),
        "signer_position": _text(signer.position), "signer_name": _text(signer.name),
        "recipients": _join(record.recipients), "filing": _text(record.filing),
        "targets": str(len(record.targets)), "tasks": str(len(record.tasks)),
        "deadlines": _join(d.text for d in record.deadlines),
        "mean_confidence": "" if source.mean_confidence is None else f"{source.mean_confidence:.4f}",
        "warnings": _join(record.warnings),
        "period": _text(record.period.text if record.period else None),
        "period_start": _date(record.period.start if record.period else None),
        "period_end": _date(record.period.end if record.period else None),
    }


def _deadline_cells(deadlines: list[Deadline]) -> dict[str, str]:
    starts = [d.start for d in deadlines if d.start]
    ends = [d.end for d in deadlines if d.end]
    return {
        "deadlines": _join(d.text for d in deadlines),
        "deadline_start": _date(min(starts)) if starts else "",
        "deadline_end": _date(max(ends)) if ends else "",
    }


def _evidence_cells(evidence) -> dict[str, str]:
    return {"page": _text(evidence.page if evidence else None), "line": _text(evidence.line if evidence else None)}


def _quantity_text(quantity) -> str:
    value = int(quantity.value) if float(quantity.value).is_integer() else quantity.value
    return " ".join(str(part) for part in (quantity.qualifier, value, quantity.unit, quantity.counted) if part)


def target_rows(record: Record) -> list[dict[str, str]]:
    rows = []
    for target in record.targets:
        rows.append({
            "file": record.source.file, "code": _text(record.document.code), "path": target.path, "kind": target.kind,
            "text": target.text, "quantities": _join(_quantity_text(q) for q in target.quantities),
            **_deadline_cells(target.deadlines), **_evidence_cells(target.evidence),
        })
    return rows


def task_rows(record: Record) -> list[dict[str, str]]:
    rows = []
    for task in record.tasks:
        rows.append({
            "file": record.source.file, "code": _text(record.document.code), "path": task.path, "text": task.text,
            "responsible": _join(task.responsible), "collaborators": _join(task.collaborators),
            **_deadline_cells(task.deadlines), **_evidence_cells(task.evidence),
            "owners": _join(o.name for o in task.owners), "inherited_from": _text(task.inherited_from),
            "deliverable": _text(task.deliverable), "report_to": _join(task.report_to),
            "recurrence": _join(d.rule for d in task.deadlines if d.kind == "recurrence"),
        })
    return rows


class CsvTable:
    """A CSV file being written row by row (the caller owns the handle; newline='' as the csv module asks)."""

    def __init__(self, handle, columns: list[str]):
        self.writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
        self.writer.writeheader()

    def add(self, rows: Iterable[dict[str, str]]) -> None:
        for row in rows:
            self.writer.writerow({key: _cell_line(value) for key, value in row.items()})


def _cell_line(value: str) -> str:
    return " ".join(value.split()) if "\n" in value or "\r" in value else value


def csv_text(rows: Iterable[dict[str, str]], columns: list[str]) -> str:
    """Rows as CSV text (no BOM: ``CSV_ENCODING`` adds it when written to a file)."""
    buffer = io.StringIO()
    CsvTable(buffer, columns).add(rows)
    return buffer.getvalue()


def record_csv(record: Record) -> str:
    """One record as a one-row ``documents.csv`` table (``--format csv`` for a single file)."""
    return csv_text([document_row(record)], DOCUMENT_COLUMNS)
