"""Deadlines and periods: dates, months, quarters, years, terms and recurrences, normalised.

``trước ngày 15/3/2025`` → kind ``date``, end 2025-03-15, rule ``before``; ``ngày 30 tháng 6 năm 2024`` → a date;
``tháng 6/2024`` → the month's first and last day; ``quý III/2024`` → 2024-07-01..2024-09-30; ``năm 2024`` → the
year; ``giai đoạn 2024-2030`` / ``nhiệm kỳ 2025-2030`` → a term; ``hằng tháng`` (every month) → rule
``FREQ=MONTHLY``; ``định kỳ 6 tháng`` → ``FREQ=MONTHLY;INTERVAL=6``; ``trong thời hạn 15 ngày`` → ``P15D``.
Matching runs on the unmarked key so that OCR without marks still matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.parse import dates
from pipeline.record import Deadline

# Cue words before a date that make it a deadline (unmarked keys) → rule name.
CUES = {"truoc": "before", "cham nhat": "no later than", "han chot": "no later than", "den het": "until",
        "den": "until", "tu": "from", "ke tu": "from", "trong": "within", "hoan thanh": "by", "xong": "by",
        "sau": "after"}
_CUE = re.compile(r"(?:^|(?<=\s))(?:truoc|cham nhat(?: la)?(?: vao)?|han chot|den het|den|ke tu|tu|trong|hoan thanh(?: trong)?|"
                  r"xong(?: truoc)?|sau)\s*$")

_Y = rf"({dates.YEAR})"
_DATE_SLASH = re.compile(r"ngay\s+" + dates.numeric_date(r"\b"))
_DATE_WORDS = re.compile(r"ngay\s+" + dates.worded_date(year_word_optional=True) + r"\b")
_MONTH = re.compile(dates.MONTH_OF_YEAR)
_QUARTER = re.compile(dates.QUARTER_OF_YEAR)
# one pattern per opening word: a literal prefix lets the regex engine skip ahead
_TERMS = [(w, re.compile(rf"({w})\s+{dates.YEAR_RANGE}\b")) for w in ("giai doan", "nhiem ky", "thoi ky", "tu nam")]
_TERM_PAREN = re.compile(rf"\(\s*{_Y}\s*-\s*{_Y}\s*\)")
_YEAR = re.compile(dates.YEAR_WORD)
_RECUR_HANG = re.compile(r"hang\s+(ngay|tuan|thang|quy|nam)\b")
_RECUR = re.compile(r"dinh ky\s+(?:hang\s+)?(?:(\d{1,2})\s+)?(ngay|tuan|thang|quy|nam)\b")
_RELATIVE = re.compile(r"trong\s+(?:thoi han\s+|vong\s+)?(?:toi da\s+)?(\d{1,3})\s+(ngay|thang|nam)(\s+lam viec)?")

_AFTER_CODE = re.compile(r"\d[\w.]*[/-][a-z0-9&][\w&./-]*\s*,?\s*(?:ban hanh\s*)?(?:ngay\s*)?$")

_FREQ = {"ngay": "DAILY", "tuan": "WEEKLY", "thang": "MONTHLY", "quy": "MONTHLY", "nam": "YEARLY"}


@dataclass
class Found:
    deadline: Deadline
    start: int
    end: int


def _cue(key: str, start: int) -> tuple[str | None, int]:
    m = _CUE.search(key[max(0, start - 25):start])
    if not m:
        return None, start
    words = " ".join(m.group(0).split()[:2])
    rule = next((v for k, v in CUES.items() if words.startswith(k)), None)
    return rule, max(0, start - 25) + m.start()


def find_deadlines(text: str, key: str, keep_plain_years: bool = True) -> list[Found]:
    """Every deadline or period in ``text`` (``key`` is its unmarked lower-case form, same length)."""
    taken: list[tuple[int, int]] = []
    out: list[Found] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(kind: str, a: int, b: int, start=None, end=None, rule=None, cue: bool = True) -> None:
        if not free(a, b):
            return
        if kind in ("date", "year") and _AFTER_CODE.search(key[max(0, a - 40):a]):
            return  # the date of a cited document (``15/KH-UBND ngày 22/01/2024``)
        r, a2 = _cue(key, a) if cue else (None, a)
        if r:
            a = a2
            if kind == "date" and r in ("before", "no later than", "until", "by"):
                start = None
            elif kind == "date" and r == "from":
                end = None
            rule = rule or r
        taken.append((a, b))
        out.append(Found(Deadline(text=text[a:b].strip(), kind=kind, start=start, end=end, rule=rule), a, b))

    has = {w: w in key for w in ("ngay", "giai doan", "nhiem ky", "thoi ky", "tu nam", "quy", "thang", "hang",
                                  "dinh ky", "trong", "nam", "(")}
    for rx in (_DATE_WORDS, _DATE_SLASH) if has["ngay"] else ():
        for m in rx.finditer(key):
            d = dates.dmy(m.group(1), m.group(2), m.group(3))
            if d:
                add("date", m.start(), m.end(), d, d)
    for d, a, b in dates.find_bare_dmy(key):
        add("date", a, b, d, d)
    for word, rx in _TERMS:
        for m in rx.finditer(key) if has[word] else ():
            y1, y2 = int(m.group(2)), int(m.group(3))
            if y1 <= y2:
                add("term", m.start(), m.end(), *dates.year_span(y1, y2), cue=False)
    for m in _TERM_PAREN.finditer(key) if has["("] else ():
        y1, y2 = int(m.group(1)), int(m.group(2))
        if y1 < y2:
            add("term", m.start(), m.end(), *dates.year_span(y1, y2), cue=False)
    for m in _QUARTER.finditer(key) if has["quy"] else ():
        # arabic (quý 2/2025) or Roman, with OCR's 1/l/| for I (quý II1/2025)
        q = dates.quarter_number(m.group(1))
        span = dates.quarter_span(int(m.group(2)), q) if q else None
        if span:
            add("quarter", m.start(), m.end(), *span)
    for m in _MONTH.finditer(key) if has["thang"] else ():
        span = dates.month_span(int(m.group(2)), int(m.group(1)))
        if span:
            add("month", m.start(), m.end(), *span)
    recurrences = [(m, None, m.group(1)) for m in _RECUR_HANG.finditer(key)] if has["hang"] else []
    recurrences += [(m, m.group(1), m.group(2)) for m in _RECUR.finditer(key)] if has["dinh ky"] else []
    for m, count, unit in recurrences:
        n = int(count) if count else 1
        if unit == "quy":
            n *= 3
        rule = f"FREQ={_FREQ[unit]}" + (f";INTERVAL={n}" if n > 1 else "")
        add("recurrence", m.start(), m.end(), rule=rule, cue=False)
    for m in _RELATIVE.finditer(key) if has["trong"] else ():
        n, unit = int(m.group(1)), m.group(2)
        letter = {"ngay": "D", "thang": "M", "nam": "Y"}[unit]
        rule = f"P{n}{letter}" + (";working-days" if m.group(3) else "")
        add("relative", m.start(), m.end(), rule=rule, cue=False)
    if not has["nam"]:
        years: list[tuple[int, int, int]] = []
    else:
        years = [(m.start(), m.end(), int(m.group(1))) for m in _YEAR.finditer(key)]
    for a, b, y in years:
        rule, _ = _cue(key, a)
        if keep_plain_years or rule:
            add("year", a, b, *dates.year_span(y))
    out.sort(key=lambda f: f.start)
    return out
