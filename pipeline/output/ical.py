"""An iCalendar file (RFC 5545) of the records' dated deadlines, written with the ``icalendar`` library
(``--format ics``; a batch writes one ``calendar.ics``).

- One all-day event per dated task deadline, on its due date (the deadline's end, else its start: "trước ngày
  30/6/2025" → 30 June; "trong quý III/2025" → 30 September). SUMMARY: ``[code] task text (owner)``; DESCRIPTION:
  the task, its owner and collaborators, the deadline as printed, the document (type, code, subject, file) and
  where the task was read (page, line).
- The document's own dated deadlines that no task carries (a target's, or the plan's) are events too, named after
  their target when they have one.
- UIDs are stable: ``<sha256>-task-<path>-<n>@vn-doc-extract`` (``target-``/``document-`` for the others), so
  importing a re-export updates the events instead of duplicating them.
- Deadlines without a date (a recurrence such as "hằng tuần", "định kỳ 06 tháng", or a relative one) have no
  event.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from typing import Iterable, Optional

from icalendar import Calendar, Event

from pipeline.record import Deadline, Record

PRODID = "-//vn-doc-extract//Vietnamese administrative document deadlines//VI"
UID_DOMAIN = "vn-doc-extract"
SUMMARY_TEXT_CHARS = 90


def new_calendar(name: str = "Hạn văn bản (vn-doc-extract)") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def due_date(deadline: Deadline) -> Optional[dt.date]:
    return deadline.end or deadline.start


def _uid_part(text: str) -> str:
    """ASCII for a UID: letters without their marks (Điều 2.1 → Dieu_2.1)."""
    plain = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return re.sub(r"[^0-9A-Za-z.]+", "_", plain).strip("_") or "_"


def event_uid(sha256: str, scope: str, path: str, n: int) -> str:
    """Stable per document sha, item (task/target path, or ``plan``) and the deadline's rank in that item."""
    return f"{sha256}-{scope}-{_uid_part(path)}-{n}@{UID_DOMAIN}"


def _short(text: str, limit: int = SUMMARY_TEXT_CHARS) -> str:
    text = " ".join(text.split()).rstrip(" .;")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _document_lines(record: Record) -> list[str]:
    doc = record.document
    head = " ".join(part for part in (doc.type, doc.code) if part)
    if doc.issue_date:
        head += f" ngày {doc.issue_date.strftime('%d/%m/%Y')}"
    lines = [f"Văn bản: {head}" if head else "Văn bản: (không rõ số, ký hiệu)"]
    if doc.issuing_body_normal or doc.issuing_body:
        lines.append(f"Cơ quan ban hành: {doc.issuing_body_normal or doc.issuing_body}")
    if doc.subject:
        lines.append(f"Trích yếu: {doc.subject}")
    lines.append(f"Tệp: {record.source.file} (sha256 {record.source.sha256[:12]})")
    return lines


def _where(evidence) -> Optional[str]:
    if evidence is None or evidence.page is None:
        return None
    return f"Trang {evidence.page}" + (f", dòng {evidence.line}" if evidence.line is not None else "")


def _event(uid: str, day: dt.date, summary: str, description: list[str], stamp: dt.datetime,
           categories: list[str]) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)  # a date: an all-day event (VALUE=DATE)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", "\n".join(line for line in description if line))
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    if categories:
        event.add("categories", categories)
    return event


def record_events(record: Record, stamp: Optional[dt.datetime] = None) -> list[Event]:
    """The events of one record: its tasks' dated deadlines, then the document's other dated deadlines."""
    stamp = stamp or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    sha, code = record.source.sha256, record.document.code
    prefix = f"[{code}] " if code else ""
    categories = [c for c in (record.document.type, record.document.type_code) if c]
    doc_lines = _document_lines(record)
    events: list[Event] = []
    claimed: Counter = Counter()
    for task in record.tasks:
        owner = ", ".join(task.responsible)
        for n, deadline in enumerate(task.deadlines, start=1):
            claimed[(deadline.text, deadline.start, deadline.end)] += 1
            day = due_date(deadline)
            if day is None:
                continue
            summary = f"{prefix}{_short(task.text)}" + (f" ({owner})" if owner else "")
            description = [
                f"Nhiệm vụ {task.label or task.path}: {task.text}",
                f"Chủ trì: {owner}" if owner else None,
                f"Phối hợp: {', '.join(task.collaborators)}" if task.collaborators else None,
                f"Thời hạn: {deadline.text}", *doc_lines, _where(task.evidence),
            ]
            events.append(_event(event_uid(sha, "task", task.path, n), day, summary, description, stamp, categories))
    targets = {}
    for target in record.targets:
        for deadline in target.deadlines:
            targets.setdefault((deadline.text, deadline.start, deadline.end), target)
    ranks: Counter = Counter()
    for deadline in record.deadlines:
        key = (deadline.text, deadline.start, deadline.end)
        if claimed[key]:
            claimed[key] -= 1
            continue
        day = due_date(deadline)
        if day is None:
            continue
        target = targets.get(key)
        scope, path = ("target", target.path) if target else ("document", "plan")
        ranks[(scope, path)] += 1
        if target:
            summary = f"{prefix}{_short(target.text)}"
            first = f"Chỉ tiêu {target.label or target.path}: {target.text}"
            where = _where(target.evidence)
        else:
            summary = f"{prefix}Thời hạn {deadline.text}" + (f": {_short(record.document.subject or '', 60)}"
                                                             if record.document.subject else "")
            first = f"Thời hạn của văn bản: {deadline.text}"
            where = _where(deadline.evidence)
        description = [first, f"Thời hạn: {deadline.text}", *doc_lines, where]
        events.append(_event(event_uid(sha, scope, path, ranks[(scope, path)]), day, summary, description, stamp,
                             categories))
    return events


def calendar_ics(records: Iterable[Record], stamp: Optional[dt.datetime] = None) -> str:
    """The records' deadlines as one iCalendar text (CRLF line ends, as RFC 5545 asks)."""
    stamp = stamp or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    calendar = new_calendar()
    for record in records:
        for event in record_events(record, stamp):
            calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
