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
- A task's recurrence ("trước ngày 20 hằng tháng", "định kỳ hằng quý") is one repeating event: its RRULE as the
  record gives it (FREQ=MONTHLY;BYMONTHDAY=20), from its first day on or after the document's issue date, until the
  plan's period ends when the plan has one. The owner is the normalised one (Sở GD&ĐT → Sở Giáo dục và Đào tạo),
  marked when it falls to the item by its lead or to the issuer; the deliverable and whom to report to are in the
  description.
- The plan's own period (record ``period``: "năm 2025") is an event on its last day, unless a document deadline
  repeats it.
- Deadlines without a date (a relative one, "trong 15 ngày"; a recurrence of a document without an issue date, or
  one outside any task) have no event.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from typing import Iterable, Optional

from icalendar import Calendar, Event, vRecur

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


def first_occurrence(rule: str, anchor: dt.date) -> dt.date:
    """The first day on or after ``anchor`` that a recurrence's RRULE falls on (its BYMONTH/BYMONTHDAY; the anchor
    itself when the rule names no day)."""
    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    day = int(parts["BYMONTHDAY"]) if "BYMONTHDAY" in parts else None
    month = int(parts["BYMONTH"]) if "BYMONTH" in parts else None
    if day is None:
        return anchor
    year, m = anchor.year, month or anchor.month
    for _ in range(25):
        last = (dt.date(year + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)).day
        candidate = dt.date(year, m, min(day, last))
        if candidate >= anchor:
            return candidate
        if month:
            year += 1
        else:
            year, m = (year + 1, 1) if m == 12 else (year, m + 1)
    return anchor


def _owner_text(task) -> str:
    """The task's owners, normalised, with where an inherited one comes from."""
    owners = getattr(task, "owners", None) or []
    names = ", ".join(dict.fromkeys(o.name for o in owners)) if owners else ", ".join(task.responsible)
    mark = {"lead": "theo mục trên", "issuer": "cơ quan ban hành"}.get(getattr(task, "inherited_from", None) or "")
    return f"{names} ({mark})" if names and mark else names


def _event(uid: str, day: dt.date, summary: str, description: list[str], stamp: dt.datetime,
           categories: list[str], rrule: Optional[str] = None, until: Optional[dt.date] = None) -> Event:
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
    if rrule:
        recur = vRecur.from_ical(rrule)
        if until and until >= day and "UNTIL" not in recur and "COUNT" not in recur:
            recur["UNTIL"] = until
        event.add("rrule", recur)
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
    period = getattr(record, "period", None)
    anchor = record.document.issue_date
    for task in record.tasks:
        owner = _owner_text(task)
        partners = getattr(task, "partners", None) or []
        for n, deadline in enumerate(task.deadlines, start=1):
            claimed[(deadline.text, deadline.start, deadline.end)] += 1
            day, rrule = due_date(deadline), None
            if day is None and deadline.kind == "recurrence" and deadline.rule and deadline.rule.startswith("FREQ=") \
                    and anchor is not None:
                day, rrule = first_occurrence(deadline.rule, anchor), deadline.rule
            if day is None:
                continue
            summary = f"{prefix}{_short(task.text)}" + (f" ({owner})" if owner else "")
            description = [
                f"Nhiệm vụ {task.label or task.path}: {task.text}",
                f"Chủ trì: {owner}" if owner else None,
                f"Phối hợp: {', '.join(dict.fromkeys(p.name for p in partners)) if partners else ', '.join(task.collaborators)}"
                if partners or task.collaborators else None,
                f"Sản phẩm: {task.deliverable}" if getattr(task, "deliverable", None) else None,
                f"Báo cáo về: {', '.join(task.report_to)}" if getattr(task, "report_to", None) else None,
                f"Thời hạn: {deadline.text}", *doc_lines, _where(task.evidence),
            ]
            events.append(_event(event_uid(sha, "task", task.path, n), day, summary, description, stamp, categories,
                                 rrule, period.end if rrule and period is not None else None))
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
    if period is not None and due_date(period) and not any(d.scope == "plan" and not claimed_by_task(d, record)
                                                           for d in record.deadlines):
        summary = f"{prefix}Thời hạn của kế hoạch: {period.text}" + (
            f" ({_short(record.document.subject or '', 60)})" if record.document.subject else "")
        description = [f"Thời hạn của văn bản (kỳ kế hoạch): {period.text}", *doc_lines, _where(period.evidence)]
        events.append(_event(event_uid(sha, "plan", "period", 1), due_date(period), summary, description, stamp,
                             categories))
    return events


def claimed_by_task(deadline: Deadline, record: Record) -> bool:
    return any(d is deadline or (d.text, d.start, d.end) == (deadline.text, deadline.start, deadline.end)
               for t in record.tasks for d in t.deadlines)


def calendar_ics(records: Iterable[Record], stamp: Optional[dt.datetime] = None) -> str:
    """The records' deadlines as one iCalendar text (CRLF line ends, as RFC 5545 asks)."""
    stamp = stamp or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    calendar = new_calendar()
    for record in records:
        for event in record_events(record, stamp):
            calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
