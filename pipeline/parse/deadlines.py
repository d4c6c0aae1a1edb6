"""Deadlines and periods: dates, months, quarters, years, terms and recurrences, normalised.

``trước ngày 15/3/2025`` → kind ``date``, end 2025-03-15, rule ``before``; ``ngày 30 tháng 6 năm 2024`` → a date;
``tháng 6/2024`` → the month's first and last day; ``quý III/2024`` → 2024-07-01..2024-09-30; ``năm 2024`` → the
year; ``giai đoạn 2024-2030`` / ``nhiệm kỳ 2025-2030`` → a term; ``hằng tháng`` (every month) → rule
``FREQ=MONTHLY``; ``định kỳ 6 tháng`` → ``FREQ=MONTHLY;INTERVAL=6``; ``trước ngày 20 hằng tháng`` → a monthly
rule with its day, ``FREQ=MONTHLY;BYMONTHDAY=20``; ``trong thời hạn 15 ngày`` → ``P15D``; ``trong quý III`` without
a year → the quarter of the year given (the plan's). Matching runs on the unmarked key so that OCR without marks
still matches.

Never a deadline: the date of a cited document (``Chỉ thị số 34-CT/TW ngày 07/4/2014``), and a period or year that
belongs to a cited name (``Luật Thi đua, khen thưởng năm 2022``, ``Chương trình ... giai đoạn 2021-2025``, any
``(2021 - 2025)`` after a name): ``names_period`` tells them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.parse import dates
from pipeline.parse.lines import make_key
from pipeline.record import Deadline

# Cue words before a date that make it a deadline (unmarked keys) → rule name.
CUES = {"truoc": "before", "cham nhat": "no later than", "han chot": "no later than", "den het": "until",
        "den": "until", "tu": "from", "ke tu": "from", "trong": "within", "hoan thanh": "by", "xong": "by",
        "sau": "after", "thoi": "by", "tien do": "by"}
_CUE = re.compile(r"(?:^|(?<=\s))(?:(?:thoi gian|thoi han|tien do)(?: thuc hien| hoan thanh| trien khai)?\s*:|truoc|cham nhat(?: la)?(?: vao)?|han chot|den het|den|ke tu|tu|trong|hoan thanh(?: trong)?|"
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

_AFTER_CODE = re.compile(r"\d[\w.]*[/-][a-z0-9&][\w&./-]*(?:-\s[\w&./-]+)?\s*,?\s*(?:ban hanh\s*)?(?:ngay\s*)?$")
# A cited document's code earlier in the clause, then its title (``Quyết định số 1479/QĐ-TTg ngày ... phê duyệt
# Chương trình ... giai đoạn 2022-2025``, ``Chỉ thị số 19/CT-TTg ... về việc ... hằng năm``): a period or a
# recurrence word there is the cited title's.
_CITED_TITLE = re.compile(r"\d[\w.]*/[a-z0-9đ&][\w&./-]*\b[^;.\t|()]{0,150}?\s(?:ve|phe duyet|ban hanh)\s[^;.\t|]*$")

_FREQ = {"ngay": "DAILY", "tuan": "WEEKLY", "thang": "MONTHLY", "quy": "MONTHLY", "nam": "YEARLY"}
# ``trước ngày 20 hằng tháng``, ``ngày 15/12 hằng năm``, ``vào ngày 25 của tháng cuối quý``: a recurrence on a day.
_RECUR_DAY = re.compile(r"ngay\s+(\d{1,2})(?:\s*[/-]\s*(\d{1,2}))?\s+(?:cua\s+)?(?:hang|hàng|moi)\s+(thang|quy|nam)\b")
_RECUR_QUARTER_END = re.compile(r"ngay\s+(\d{1,2})\s+(?:cua\s+)?thang\s+cuoi\s+(?:moi\s+|cua\s+)?quy\b")
# a quarter or month without its year, after a cue: ``trong quý III``, ``hoàn thành trong tháng 12``
_QUARTER_BARE = re.compile(r"quy\s+(iv|i{1,3}|[1-4])\b(?!\s*(?:/|nam)\s*\d)")
_MONTH_BARE = re.compile(r"thang\s+(\d{1,2})\b(?!\s*(?:/|nam)\s*\d)(?!\s+(?:dau|cuoi))")

# Names whose period or year is theirs, not a deadline (the unmarked key of the word that opens the name, printed
# with a capital): a law, programme, strategy, scheme, plan, resolution ... cited by name.
_NAMED_THINGS = ("luat", "bo luat", "chuong trinh", "chien luoc", "de an", "du an", "quy hoach", "nghi quyet",
                 "chi thi", "ket luan", "ke hoach", "hien phap", "phap lenh", "nghi dinh", "thong tu", "quyet dinh",
                 "cong uoc", "hiep dinh", "phong trao", "dai hoi", "nhiem ky")
_NAME_OPEN = re.compile(r"(?<![\w])(?:" + "|".join(w.replace(" ", r"\s+") for w in _NAMED_THINGS) + r")(?![\w])")
# what ends a name before the period: a clause break, or a verb of the sentence
_NAME_BREAK = re.compile(r"[;:.!?]|\s(?:trong|den|truoc|cham nhat|hoan thanh|thuc hien xong|vao|tai)\s")


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


def names_period(text: str, key: str, a: int, any_case: bool = False) -> bool:
    """Whether the year or period at ``a`` belongs to a name printed before it in the same clause: ``Luật Thi đua,
    khen thưởng năm 2022``, ``Chương trình mục tiêu quốc gia ... giai đoạn 2021-2025``. The name opens with a
    capital (a name, not ``kế hoạch năm 2025`` as a common noun) within the 12 words before."""
    offset = max(0, a - 90)
    window = key[offset:a]
    starts = [m.start() for m in re.finditer(r"\S+", window)]
    if len(starts) > 12:
        offset += starts[-12]
        window = key[offset:a]
    last = None
    for m in _NAME_OPEN.finditer(window):
        last = m
    if last is None or _NAME_BREAK.search(window[last.end():] + " ") or window[last.end():].startswith(" nay "):
        return False  # no name before it in the clause, or the document itself (``Nghị định này``)
    first = text[offset + last.start(): offset + last.start() + 1]
    return any_case or first.isupper()


# a period followed by the document it comes from (``trong giai đoạn 2022 - 2025 theo Quyết định số 1479 ...``)
_THEN_CITED = re.compile(r"\s*,?\s*(?:theo|tai|cua)\s+(?:quyet dinh|nghi quyet|chi thi|ke hoach|chuong trinh|de an|"
                         r"thong bao|cong van|nghi dinh|thong tu|luat|ket luan)\b")
# ``chỉ tiêu hằng năm`` (the yearly targets), ``kế hoạch hằng năm`` (the annual plan): a kind of thing, no rhythm
_ATTRIBUTIVE = re.compile(r"(?:chi tieu|ke hoach|muc tieu|du toan|ngan sach|von|so lieu|hoi nghi|le hoi)\s+$")


def _quoted(text: str, a: int) -> bool:
    """Whether ``a`` falls inside a quoted name (``Đề án “... giai đoạn 2024-2030”``) opened earlier in its sentence,
    within 250 characters."""
    window = text[max(0, a - 250):a]
    window = window[max(window.rfind(". "), window.rfind(";")) + 1:]  # in the same sentence
    return window.count("“") > window.count("”")


def in_cited_title(key: str, a: int) -> bool:
    """Whether ``a`` falls in the title of a document cited earlier in the same clause (after its code and
    ``về``/``phê duyệt``/``ban hành``), within 250 characters."""
    window = key[max(0, a - 250):a]
    stop = max(window.rfind(";"), window.rfind(". "))
    window = window[stop + 1:]
    return "/" in window and bool(_CITED_TITLE.search(window))


def _cue_word_ok(text: str, key: str, a: int) -> bool:
    """The cue matched on the unmarked key is the cue word, not a marked look-alike: ``từ`` (from), not ``tử``
    (of điện tử); ``đến`` (until), not ``đền``."""
    word = key[a:a + 4]
    if word.startswith("tu ") or key[a:] == "tu":
        return text[a:a + 2].lower() == "từ"
    if word.startswith("den"):
        return text[a:a + 3].lower() == "đến"
    return True


def find_deadlines(text: str, key: str, keep_plain_years: bool = True, year: int | None = None,
                   cited_periods: bool = False) -> list[Found]:
    """Every deadline or period in ``text`` (``key`` is its unmarked lower-case form, same length). ``year``: the
    year of a quarter or month printed without one (``trong quý III``), none read without it. ``cited_periods``:
    keep the periods and years of cited names (``names_period``), as a title's own period is read."""
    taken: list[tuple[int, int]] = []
    out: list[Found] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(kind: str, a: int, b: int, start=None, end=None, rule=None, cue: bool = True) -> None:
        if not free(a, b):
            return
        if kind in ("date", "year") and _AFTER_CODE.search(key[max(0, a - 40):a]):
            taken.append((a, b))  # the date of a cited document (``15/KH-UBND ngày 22/01/2024``), its month too
            return
        r, a2 = _cue(key, a) if cue else (None, a)
        if r and not _cue_word_ok(text, key, a2):
            r, a2 = None, a
        paren = kind == "term" and key[a:a + 1] == "("
        if not cited_periods and kind in ("year", "term", "recurrence") and (
                (not r or kind != "recurrence") and in_cited_title(key, a) or _quoted(text, a)
                or kind != "recurrence" and _THEN_CITED.match(key, b)
                or kind == "recurrence" and key.startswith("hang", a) and _ATTRIBUTIVE.search(key, max(0, a - 20), a)):
            taken.append((a, b))  # a cited title's words, a cited document's period, "chỉ tiêu hằng năm"
            return
        if kind in ("year", "term") and not r and not cited_periods and names_period(text, key, a, any_case=paren):
            taken.append((a, b))  # the year of a cited law, the period of a programme: never a deadline
            return
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
    for m in _RECUR_DAY.finditer(key) if has["ngay"] and has["hang"] or "moi" in key else ():
        day, month, unit = int(m.group(1)), m.group(2), m.group(3)
        if not 1 <= day <= 31 or (month and not 1 <= int(month) <= 12):
            continue
        if unit == "nam" and month:
            rule = f"FREQ=YEARLY;BYMONTH={int(month)};BYMONTHDAY={day}"
        elif unit == "quy":
            rule = f"FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY={day}"
        else:
            rule = f"FREQ=MONTHLY;BYMONTHDAY={day}"
        r, a2 = _cue(key, m.start())
        add("recurrence", a2 if r else m.start(), m.end(), rule=rule, cue=False)
    for m in _RECUR_QUARTER_END.finditer(key) if has["quy"] else ():
        day = int(m.group(1))
        if 1 <= day <= 31:
            r, a2 = _cue(key, m.start())
            add("recurrence", a2 if r else m.start(), m.end(), rule=f"FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY={day}",
                cue=False)
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
    if year is not None:
        for m in _QUARTER_BARE.finditer(key) if has["quy"] else ():
            q = dates.quarter_number(m.group(1))
            span = dates.quarter_span(year, q) if q else None
            if span and _cue(key, m.start())[0]:
                add("quarter", m.start(), m.end(), *span)
        for m in _MONTH_BARE.finditer(key) if has["thang"] else ():
            span = dates.month_span(year, int(m.group(1)))
            if span and _cue(key, m.start())[0]:
                add("month", m.start(), m.end(), *span)
    recurrences = [(m, m.group(1), m.group(2)) for m in _RECUR.finditer(key)] if has["dinh ky"] else []
    recurrences += [(m, None, m.group(1)) for m in _RECUR_HANG.finditer(key)] if has["hang"] else []
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


# Plans and programmes whose own period is the plan-level deadline.
PLAN_TYPES = {"Kế hoạch", "Chương trình", "Đề án", "Phương án", "Chỉ thị"}
# Plans whose content items are the issuer's own work unless an item names another unit (not a directive: its
# items direct others).
ISSUER_OWNS = {"Kế hoạch", "Chương trình", "Đề án", "Phương án"}


def plan_period(subject: str | None) -> Found | None:
    """The period a plan's title gives itself (``Thực hiện phong trào thi đua năm 2024`` → 2024; ``... giai đoạn
    2024-2030`` → the term): the widest term, else the last year, of the title, its cited names included."""
    if not subject:
        return None
    found = [f for f in find_deadlines(subject, make_key(subject), cited_periods=True)
             if f.deadline.kind in ("term", "year") and not f.deadline.rule]
    terms = [f for f in found if f.deadline.kind == "term"]
    if terms:
        return max(terms, key=lambda f: (f.deadline.end - f.deadline.start, f.start))
    return found[-1] if found else None
