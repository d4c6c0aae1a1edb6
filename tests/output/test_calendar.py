"""The iCalendar output: parses back with icalendar, one all-day VEVENT per dated task deadline plus the
document's other dated deadlines, summaries with code and owner, UIDs stable across exports."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from pipeline.output.ical import calendar_ics, due_date, record_events
from pipeline.record import Record


@pytest.fixture
def records(sample_records) -> list[Record]:
    return list(sample_records)


def events(text: str) -> list:
    calendar = Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    return list(calendar.walk("VEVENT"))


def dated_count(record: Record) -> int:
    """Dated deadlines: the document's list holds every deadline once (a task's among them); plus a task's
    recurrence when the document has an issue date to start it from, and the plan's own period."""
    recurring = sum(1 for t in record.tasks for d in t.deadlines if d.kind == "recurrence" and d.rule
                    and d.rule.startswith("FREQ=") and record.document.issue_date)
    period = int(record.period is not None and not any(d.scope == "plan" for d in record.deadlines))
    return sum(1 for d in record.deadlines if due_date(d)) + recurring + period


def test_one_event_per_dated_deadline_with_dates_and_summaries(records):
    text = calendar_ics(records)
    assert "\r\n" in text and text.startswith("BEGIN:VCALENDAR")
    parsed = events(text)
    assert len(parsed) == sum(dated_count(r) for r in records)
    plan = next(r for r in records if r.document.code == "27/KH-LHH")
    plan_events = {str(e["UID"]): e for e in parsed if plan.source.sha256 in str(e["UID"])}
    task_events = [e for uid, e in plan_events.items() if "-task-" in uid]
    dated_tasks = [(t, d) for t in plan.tasks for d in t.deadlines if due_date(d)]
    assert len(task_events) == len(dated_tasks) == 2
    by_uid = {f"{plan.source.sha256}-task-{t.path}-1@vn-doc-extract": (t, d) for t, d in dated_tasks}
    for uid, (task, deadline) in by_uid.items():
        event = plan_events[uid]
        start = event.decoded("DTSTART")
        assert isinstance(start, dt.date) and not isinstance(start, dt.datetime)  # all-day
        assert start == due_date(deadline)
        assert event.decoded("DTEND") == start + dt.timedelta(days=1)
        summary = str(event["SUMMARY"])
        owner = task.owners[0].name if task.owners else task.responsible[0]
        assert summary.startswith("[27/KH-LHH] ") and owner in summary
        assert "27/KH-LHH" in str(event["DESCRIPTION"]) and deadline.text in str(event["DESCRIPTION"])
        assert event.get("DTSTAMP")
    assert plan_events[f"{plan.source.sha256}-task-III.1-1@vn-doc-extract"].decoded("DTSTART") == dt.date(2025, 12, 10)
    # the plan's own dated deadlines (its targets') are events too: "trong quý III/2025" → 30 September
    quarter = [e for e in plan_events.values() if "quý III/2025" in str(e["DESCRIPTION"])]
    assert [e.decoded("DTSTART") for e in quarter] == [dt.date(2025, 9, 30)]


def test_uids_are_stable_across_exports_and_unique(records):
    first = events(calendar_ics(records))
    second = events(calendar_ics(list(reversed(records))))
    uids = [str(e["UID"]) for e in first]
    assert len(uids) == len(set(uids))
    assert sorted(uids) == sorted(str(e["UID"]) for e in second)
    assert all(uid.isascii() and " " not in uid for uid in uids)


def test_undated_deadlines_make_no_event(records):
    weekly = next(r for r in records if any(d.kind == "recurrence" for d in r.deadlines))
    assert len(record_events(weekly)) == dated_count(weekly) < len(weekly.deadlines)


def test_no_deadlines_gives_an_empty_calendar(records):
    bare = records[0].model_copy(update={"tasks": [], "targets": [], "deadlines": []})
    assert events(calendar_ics([bare])) == []


def test_a_recurrence_repeats_by_its_rule_until_the_plan_ends():
    """``trước ngày 20 hằng tháng`` → one event from the first 20th after the issue date, RRULE with its day,
    until the plan's year ends; the plan's own period is an event on its last day; the owner is the normal name."""
    from pipeline.parse.document import parse_document
    from pipeline.record import SourceInfo

    text = "\n".join([
        "ỦY BAN NHÂN DÂN TỈNH BẮC NINH", "Số: 12/KH-UBND", "Bắc Ninh, ngày 25 tháng 01 năm 2025", "KẾ HOẠCH",
        "Triển khai chuyển đổi số năm 2025", "", "I. NHIỆM VỤ",
        "1. Sở GD&ĐT chủ trì rà soát thiết bị; báo cáo kết quả về UBND tỉnh (qua Sở Nội vụ) trước ngày 20 hằng tháng.",
    ])
    record = Record.build(SourceInfo(file="kh.txt", sha256="e" * 64, pages=1, input_kind="text"),
                          parse_document([text]), [])
    found = {str(e["UID"]).split("@")[0].split("-", 1)[1]: e for e in events(calendar_ics([record]))}
    monthly = found["task-I.1-1"]
    assert monthly.decoded("DTSTART") == dt.date(2025, 2, 20)  # the 20th of January is before the issue date
    rule = monthly.decoded("RRULE")
    assert rule["FREQ"] == ["MONTHLY"] and rule["BYMONTHDAY"] == [20]
    assert rule["UNTIL"][0] in (dt.date(2025, 12, 31), dt.datetime(2025, 12, 31))
    assert "Sở Giáo dục và Đào tạo" in str(monthly["SUMMARY"]) and "UBND tỉnh (qua Sở Nội vụ)" in str(
        monthly["DESCRIPTION"])
    assert found["plan-period-1"].decoded("DTSTART") == dt.date(2025, 12, 31)
