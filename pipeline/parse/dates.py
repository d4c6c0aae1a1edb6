"""The one date grammar of the parser: how Vietnamese documents write days, months, quarters and years.

Forms read (patterns run on the unmarked lower-case key of ``lines.make_key`` unless said otherwise):

- ``30/01/2024``, ``30-01-2024``, ``30.01.2024`` (``numeric_date``), spaces allowed around the separators;
- ``ngày 30 tháng 01 năm 2024`` (``worded_date``: ``30 thang 01 nam 2024``), ``năm`` (year) optional as an option;
- ``tháng 12/2025``, ``tháng 12 năm 2025`` (a month: ``MONTH_OF_YEAR``);
- ``quý III/2024``, ``quý 2 năm 2025`` (a quarter: ``QUARTER_OF_YEAR``, Roman or Arabic);
- ``năm 2024`` (a year: ``YEAR_WORD``), ``2024-2030`` / ``2024 đến năm 2030`` (a range of years: ``YEAR_RANGE``);
- the issue-date line of the header read leniently (``OCR_WORDED_DATE``): the words' letters may be spaced or
  misread and the fields are raw text, read digit by digit (``digit_pattern``) into candidate dates.

Years are 1900-2099 (``YEAR``). A date is built only through ``safe_date``, which rejects a day or month that does
not exist (31/02, month 13) instead of raising.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from itertools import product

from pipeline.parse.outline import roman_value

YEAR = r"(?:19|20)\d{2}"  # a year the documents write: 1900-2099
_Y = rf"({YEAR})"
_DM = r"(\d{1,2})"  # a day or a month, one or two digits
_SEP = r"\s*[/.-]\s*"  # between the day, month and year of a numeric date


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when the day or month does not exist (30/02, month 13, day 0)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def dmy(day: str, month: str, year: str) -> dt.date | None:
    """A date from the day, month and year digits a pattern captured; None when it does not exist."""
    return safe_date(int(year), int(month), int(day))


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def month_span(year: int, month: int) -> tuple[dt.date, dt.date] | None:
    """First and last day of a month; None for a month that does not exist."""
    if not 1 <= month <= 12:
        return None
    return dt.date(year, month, 1), month_end(year, month)


def quarter_span(year: int, quarter: int) -> tuple[dt.date, dt.date] | None:
    """First and last day of a quarter (1-4); None for any other number."""
    if not 1 <= quarter <= 4:
        return None
    return dt.date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter)


def year_span(first: int, last: int | None = None) -> tuple[dt.date, dt.date]:
    """1 January of ``first`` to 31 December of ``last`` (of ``first`` when no ``last``)."""
    return dt.date(first, 1, 1), dt.date(last if last is not None else first, 12, 31)


# --- patterns ------------------------------------------------------------------------------------------

def numeric_date(end: str = "") -> str:
    """``dd/mm/yyyy`` (or with ``-`` or ``.``): groups day, month, year; ``end`` is what must follow the year
    (``(?!\\d)``, ``\\b``, or nothing)."""
    return rf"{_DM}{_SEP}{_DM}{_SEP}{_Y}{end}"


def worded_date(year_word_optional: bool = False) -> str:
    """``dd thang mm nam yyyy`` (the key of ``dd tháng mm năm yyyy``, after ``ngày``): groups day, month, year.
    ``year_word_optional``: the word ``năm`` may be missing (``ngày 30 tháng 6 2024``), as deadlines accept."""
    year_word = r"(?:nam\s+)?" if year_word_optional else r"nam\s+"
    return rf"{_DM}\s+thang\s+{_DM}\s+{year_word}{_Y}"


# ``ngày 22/01/2024`` or ``ngày 22 tháng 01 năm 2024`` (the date after a cited code): groups 1-3 or 4-6.
DATE_AFTER_NGAY = rf"ngay\s+(?:{numeric_date()}|{worded_date()})"

# ``tháng 6/2024``, ``tháng 6 năm 2024``: month, year.
MONTH_OF_YEAR = rf"thang\s+{_DM}\s*(?:/|nam)\s*{_Y}\b"
# ``quý III/2024``, ``quý 2 năm 2025``: the quarter as printed (Roman, Arabic, or Roman with OCR's 1/l/| for I),
# year; see ``quarter_number``.
QUARTER_OF_YEAR = rf"quy\s+(i?h|[il1|]{{1,3}}|iv|[1-4])\s*(?:/|nam)\s*{_Y}\b"
# ``năm 2024`` not followed by a range or a slash: the year.
YEAR_WORD = rf"nam\s+{_Y}\b(?!\s*[-/])"
# ``2024-2030``, ``2024 đến 2030``, ``2024 đến năm 2030``: first and last year.
YEAR_RANGE = rf"{_Y}\s*(?:-|den(?: nam)?)\s*{_Y}"

_NUMERIC_DATE = re.compile(r"(?<!\d)" + numeric_date(r"(?!\d)"))
# an e-signature's small print as OCR reads it: a stop read twice (``24. .01.2023``), or the second read as a colon
# (``02.12:2022``); never the first (``+4:05:2022`` is no 4 May: a colon there reads like a clock's time)
_LOOSE_SEP = rf"(?:{_SEP}|\.\s+\.)"
_LOOSE_NUMERIC_DATE = re.compile(rf"(?<!\d){_DM}{_LOOSE_SEP}{_DM}(?:{_LOOSE_SEP}|\s*:\s*){_Y}(?!\d)")
_BARE_TAIL = re.compile(rf"/{_DM}/{_Y}\b")  # dd/mm/yyyy found from its first slash (fast on long texts)
_ANY_YEAR = re.compile(rf"(?<!\d){YEAR}(?!\d)")


def find_dmy(text: str, loose: bool = False) -> list[tuple[dt.date, int, int]]:
    """Dates written ``dd/mm/yyyy`` (or with dots or dashes) in any text: (date, start, end) for each valid one;
    ``loose``: a separator may also be a colon or a stop read twice (an e-signature's timestamp)."""
    out = []
    for m in (_LOOSE_NUMERIC_DATE if loose else _NUMERIC_DATE).finditer(text):
        d = dmy(m.group(1), m.group(2), m.group(3))
        if d:
            out.append((d, m.start(), m.end()))
    return out


def find_bare_dmy(key: str):
    """``dd/mm/yyyy`` with plain slashes and no spaces, not the tail of a longer number or code (``123/01/2024``):
    (date, start, end) for each valid one, found from the slashes (fast on long texts)."""
    for m in _BARE_TAIL.finditer(key):
        day_start = m.start()
        while day_start > 0 and m.start() - day_start < 2 and key[day_start - 1].isdigit():
            day_start -= 1
        if day_start == m.start() or (day_start > 0 and key[day_start - 1] in "0123456789/"):
            continue
        d = safe_date(int(m.group(2)), int(m.group(1)), int(key[day_start:m.start()]))
        if d:
            yield d, day_start, m.end()


def find_years(text: str) -> list[int]:
    """Every year (1900-2099) written as four digits on its own, in order."""
    return [int(m.group(0)) for m in _ANY_YEAR.finditer(text)]


def quarter_number(raw: str) -> int | None:
    """The quarter a ``QUARTER_OF_YEAR`` match printed: ``2``, ``iii``, OCR's ``ii1`` or ``i|`` (I read as 1, l, |),
    ``IH``/``H`` (II read as H: ``quý IH/2025`` is quý III, ``quý H/2025`` quý II)."""
    return int(raw) if raw.isdigit() else roman_value(re.sub(r"[l1|]", "i", raw.replace("h", "ii")).upper())


# --- the OCR-tolerant option: the header's issue-date line ----------------------------------------------
# ``ngày 30 tháng 01 năm 2024`` on a scan: letters spaced or misread (``n g à y``, ``th ang``), the day and month
# fields taken raw (a handwritten day, ``O{_``, ``2?``), the year four digits or look-alikes (``2o24``). Named
# groups d, m, y; the fields are read by ``digit_pattern`` and ``ocr_date_candidates``. The year word's first
# letter may be misread too (``tăm 2021``): four digits right after it keep the match to a year. A faint 0 of
# the year may read U (``năm 2U24``), a 2 Z (``năm ZU17``: one digit at least is read as one); a speck before
# the year may read as a digit (``năm 12018``), a stop (``năm: 2026``) or an r (``rrămr2025``). A year word read
# past recognition (``tháng 8 Bị 2016``) is a short word before a year of clean digits.
_OCR_MONTH_WORD = r"(?:t|[^\w\s])?\s*h\s*[a-z]{0,2}\s*n\s*g"  # (its t lost or read as a mark: ``⁄háng``)
_OCR_DAY_WORD = r"n\s*g\s*[a-z]{0,2}\s*y"  # ngày (day)
_OCR_DAY_MONTH = _OCR_DAY_WORD + r"(?P<d>.{0,6}?)" + _OCR_MONTH_WORD
_OCR_YEAR = (r"(?:[ntrh]\s*[a-z]{1,2}\s*m\s*[:;.,r]?\s*(?:[0-9oilu|](?=(?:19|20)\d\d(?!\d)))?"
             r"|[a-z]{1,3}\s+(?=(?:19|20)\d\d(?!\d)))"
             r"(?P<y>(?=[oiluz|]{0,3}\d)[0-9oiluz|]{4})")
OCR_WORDED_DATE = _OCR_DAY_MONTH + r"(?P<m>.{0,6}?)" + _OCR_YEAR
# The date line broken after its month (the right column too narrow: ``La Gi, ngày 05 tháng 9`` over ``năm
# 2017``): the line's day and month at its end (``OCR_DAY_MONTH_AT_END``, groups d, m), and a line of the year
# alone (``OCR_YEAR_ALONE``, group y).
OCR_DAY_MONTH_AT_END = _OCR_DAY_MONTH + r"(?P<m>(?:[^a-z]|[oilu]){1,6}?)\W*$"
OCR_YEAR_ALONE = r"^\W*" + _OCR_YEAR + r"\W*$"
# ... or with its year lost (under an e-signature box, past the page's edge): the day and month at the line's end,
# the year's word perhaps left (``Bến Tre, ngày 11 tháng 10 năm``; groups d, m)
OCR_DAY_MONTH_YEAR_LOST = (_OCR_DAY_MONTH + r"(?P<m>(?:[^a-z]|[oilu]){1,6}?)(?:[ntrh]\s*[a-z]{1,2}\s*m)?\W*$")
# ... or broken after its day (``Sóc Trăng, ngày 3`` over ``tháng 4 năm 2026``): the day at the line's end
# (``OCR_DAY_AT_END``, group d) and a line of the month and year (``OCR_MONTH_YEAR_ALONE``, groups m, y).
OCR_DAY_AT_END = _OCR_DAY_WORD + r"(?P<d>(?:[^a-z]|[oilu]){1,6}?)\W*$"
OCR_MONTH_YEAR_ALONE = r"^\W*t\s*h\s*[a-z]{0,2}\s*n\s*g(?P<m>.{0,6}?)" + _OCR_YEAR + r"\W*$"
# ... or with its day word misread past recognition (``Bến Tre, Hãng 17 tháng 7 năm 2026``): after the place's
# comma, a short word, the day in digits, then the month and year as above
OCR_GARBLED_DAY_WORD_DATE = r"[a-z]{2,5}(?P<d>\s*\d{1,2}\s*)" + _OCR_MONTH_WORD + r"(?P<m>.{0,6}?)" + _OCR_YEAR
# ... and its month word too (``Hưng Yên, knlye 223 đưếng 10 năm 2019``): words of letters around a day and a month
# in digits, then the year with its word (``OCR_GARBLED_DATE_WORDS``, groups d, m, y)
OCR_GARBLED_DATE_WORDS = r"[a-z]{2,5}(?P<d>\s*\d{1,3}\s*)[a-z]{3,6}(?P<m>\s*\d{1,2}\s*)" + _OCR_YEAR
# A piece of the header's date line that OCR set on a line of its own, among the title's or V/v lines (a key):
# its place and ``ngày`` (``Sóc Trăng, ngày 3``), its month and year (``tháng 4 năm 2026``), or one of its words
# with its field (``tháng``, ``năm 2021``).
OCR_DATE_LINE_PIECE = (r"^\s*(?:[^\W\d_][^\W\d_ ]*(?: [^\W\d_]+){0,3},\s*ngay\b.*"
                       r"|(?:ngay\s*\S{0,3}\s*)?thang\s*\S{0,3}\s*nam\s*\S{2,4}\.?"
                       r"|(?:ngay|thang)\s*\S{0,3}|nam\s*\S{2,4}\.?)\s*$")

# Characters OCR reads in place of digits → the digit (handwritten or degraded date fields).
DIGIT_LOOKALIKES = {"O": "0", "o": "0", "Ø": "0", "ø": "0", "Q": "0", "D": "0", "U": "0", "u": "0", "I": "1",
                    "l": "1", "|": "1", "i": "1", "!": "1", "í": "1", "ì": "1", "J": "1", "Z": "2", "z": "2", "S": "5",
                    "s": "5", "B": "8", "g": "9", "q": "9", "b": "6", "G": "6", "T": "7"}


def digit_pattern(raw: str) -> str | None:
    """Turn an OCR'd numeric field into digits with ``?`` for unreadable positions; None when empty."""
    t = raw.strip().strip("/\\.,_:;'\"`-()[] ")
    pieces = t.split()
    if len(pieces) > 1:  # a speck set apart from the digits, no digit's lookalike (``3 ¿``, ``”* 1``)
        t = " ".join(p for p in pieces if any(c.isalnum() or c in DIGIT_LOOKALIKES for c in p))
    if not t:
        return None
    out = []
    for ch in t:
        if ch.isdigit() and ch.isascii():
            out.append(ch)
        elif ch in DIGIT_LOOKALIKES:
            out.append(DIGIT_LOOKALIKES[ch])
        elif ch in " ":
            continue
        else:
            out.append("?")
    return "".join(out) if out else None


def expand(pattern: str, low: int, high: int) -> list[int]:
    """Every integer in [low, high] that fits a digit pattern such as ``2?`` or ``?3``."""
    if len(pattern) > 2:
        return []
    slots = [range(10) if ch == "?" else [int(ch)] for ch in pattern]
    values = {int("".join(str(d) for d in combo)) for combo in product(*slots)}
    return sorted(v for v in values if low <= v <= high)


def ocr_date_candidates(year: int, month_pattern: str, day_pattern: str) -> list[dt.date]:
    """Every valid date of ``year`` whose month and day fit the digit patterns (``1?`` → 10, 11, 12), in order."""
    out: list[dt.date] = []
    for month in expand(month_pattern, 1, 12):
        for day in expand(day_pattern, 1, 31):
            d = safe_date(year, month, day)
            if d:
                out.append(d)
    return out
