"""The header's place and date: ``Bắc Giang, ngày 30 tháng 01 năm 2024`` → place and issue date.

The date line is read with the OCR-tolerant option of the date grammar (``dates.OCR_WORDED_DATE``): a handwritten
day or month gives candidate dates, and the e-signature's timestamp above the header (``Ký bởi ... Thời gian ký:
15/01/2025 ...``) bounds them: the issue date is never long before it, and at most a few days after it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from pipeline.parse import dates
from pipeline.parse import gazetteer as gz
from pipeline.parse.lines import Line, make_key, squash

ESIGN_WINDOW_DAYS = 31  # a handwritten day lies at most this many days before the e-signature
# A date printed in clean digits may follow the e-signature by a few days: the records office (văn thư) numbers
# and dates a document when it issues it, which can be after the signer signed. One working week.
ESIGN_LATE_DAYS = 7


# --- e-signature boxes -------------------------------------------------------------------------------

_ESIGN = re.compile(r"ky\W*boi|co\s*(?:dua\s*)?quan\s*[:;]|gian\s*ky|\w\s*@\s*\)?\s*[a-z]|gov\.?\s*vn|\+\s*0?7\s*:?\s*00|"
                    r"\d{1,2}\s*:\s*\d{2}\s*:\s*\d{2}|trung\s*tam\s*cong|bao\s*va\s*tin\s*hoc|va\s*tin\s*hoc")


def is_esign(line: Line) -> bool:
    return bool(_ESIGN.search(line.key))


def esign_bound(lines: list[Line]) -> tuple[dt.date | None, Line | None]:
    """Earliest e-signature timestamp above the header (the issue date is never after it)."""
    best: tuple[dt.date, Line] | None = None
    for ln in lines:
        if not is_esign(ln):
            continue
        for d, _, _ in dates.find_dmy(ln.text, loose=True):
            if best is None or d < best[0]:
                best = (d, ln)
    return (best[0], best[1]) if best else (None, None)


# --- the date line --------------------------------------------------------------------------------------

_DATE_TAIL = re.compile(r",\s*" + dates.OCR_WORDED_DATE)  # the place, a comma, then the date
# the comma lost or read as a full stop (``Lệ Thủy ngày ...``, ``Đắk Nông. ngày ...``): only after a place of the
# gazetteer that opens the line or follows no lower-case word (``của UBND tỉnh Quảng Trị ngày ...`` is a citation)
_LOOSE_TAIL = re.compile(r"(?:\.\s*|\s+)" + dates.OCR_WORDED_DATE)
_GARBLED_DAY_WORD = re.compile(r",\s*" + dates.OCR_GARBLED_DAY_WORD_DATE)
_GARBLED_DATE_WORDS = re.compile(r",\s*" + dates.OCR_GARBLED_DATE_WORDS)


@dataclass
class DateLine:
    line: Line
    place_start: int
    place: str
    day_raw: str
    month_raw: str
    year_raw: str
    match_end: int


def find_date_line(line: Line) -> DateLine | None:
    """``Place, ngày dd tháng mm năm yyyy`` anywhere in the line (key match, marks optional)."""
    m = _DATE_TAIL.search(line.key)
    if not m:
        m = _LOOSE_TAIL.search(line.key)
        if not m or not _gazetteer_place_before(line.text, line.key, m.start()):
            m = _GARBLED_DAY_WORD.search(line.key) or _GARBLED_DATE_WORDS.search(line.key)
            if not m:
                return None
    start, place = _place_before(line, m.start())
    return _date_line(line, start, place, m)


def _place_before(line: Line, comma: int) -> tuple[int, str]:
    """The place of a date line: the capitalised words right before the comma at ``comma`` (its start, its text)."""
    words = list(re.finditer(r"\S+", line.text[:comma]))
    start = comma
    taken = 0
    for w in reversed(words):
        tok = w.group(0)
        if re.search(r"[:/]|\d", tok):
            break  # no place word has a digit, a colon or a slash: the Số line run into the date line (``Số:176CTUBND``)
        first = tok[0]
        ok = first.isupper() and first.isalpha() or tok.lower() in {"phố", "pho", "xã", "xa", "trấn", "tran"} \
            or tok in {"TP.", "Tp."}
        speck = re.match(r"[^\w\s]+(?=[A-ZĐÀ-Ỹ])", tok) if not ok and taken < 5 else None
        if speck:  # a speck glued before the place's first word (``'Bắc Ninh``): the word is the place's, not the speck
            start, taken = w.start() + speck.end(), taken + 1
            break
        if not ok or taken >= 5:
            break
        start, taken = w.start(), taken + 1
    # a name with a dash in it (``Bà Rịa - Vũng Tàu``): the words before the dash too, when the whole is a place's
    before = line.text[:start].rstrip()
    m = re.search(r"((?:[A-ZĐÀ-Ỹ][^\s\d]*\s+){1,2})[-–]$", before)
    if taken and m and gz.is_place_key(make_key(f"{m.group(1).strip()} - {line.text[start:comma].strip()}")):
        start = m.start(1)
    return start, line.text[start:comma].strip()


_SPLIT_HEAD = re.compile(r",\s*" + dates.OCR_DAY_MONTH_AT_END)
_YEAR_ALONE = re.compile(dates.OCR_YEAR_ALONE)
SPLIT_DATE_REACH = 6  # the year's line is looked for among this many lines after the day and month
YEAR_ABOVE_REACH = 3  # ... and among this many before them


def find_split_date(line: Line, following: list[Line], preceding: list[Line] = ()) -> DateLine | None:
    """A date line broken after its month (``La Gi, ngày 05 tháng 9`` over ``năm 2017``, the right column too
    narrow; OCR may set the title's type line between them): ``line`` ends on the day and month after the place
    and its comma, and one of the next ``SPLIT_DATE_REACH`` lines is the year alone, or one of the
    ``YEAR_ABOVE_REACH`` lines before it (OCR set the wrapped year above); or broken after its day."""
    m = _SPLIT_HEAD.search(line.key)
    if not m:
        return _split_after_day(line, following, preceding)
    for later in [*following[:SPLIT_DATE_REACH], *reversed(preceding[-YEAR_ABOVE_REACH:])]:
        y = _YEAR_ALONE.search(later.key)
        if y:
            start, place = _place_before(line, m.start())
            text = line.text
            return DateLine(line, start, place, text[m.start("d"):m.end("d")], text[m.start("m"):m.end("m")],
                            later.text[y.start("y"):y.end("y")], m.end())
    return None


_YEAR_LOST = re.compile(r",\s*" + dates.OCR_DAY_MONTH_YEAR_LOST)


def find_yearless_date(line: Line) -> tuple[int, int] | None:
    """(day, month) of a date line whose year is lost (``Bến Tre, ngày 11 tháng 10 năm``), both read as digits
    that can be a day and a month; None otherwise."""
    m = _YEAR_LOST.search(line.key)
    if not m:
        return None
    day, month = m.group("d").strip(), m.group("m").strip()
    if not (day.isdigit() and month.isdigit() and 1 <= int(day) <= 31 and 1 <= int(month) <= 12):
        return None
    return int(day), int(month)


_DAY_AT_END = re.compile(r",\s*" + dates.OCR_DAY_AT_END)
_MONTH_YEAR_ALONE = re.compile(dates.OCR_MONTH_YEAR_ALONE)


def _split_after_day(line: Line, following: list[Line], preceding: Sequence[Line] = ()) -> DateLine | None:
    """A date line broken after its day (``Sóc Trăng, ngày 3`` over ``tháng 4 năm 2026``): ``line`` ends on the
    day after the place and its comma, and one of the next ``SPLIT_DATE_REACH`` lines is the month and year, or
    one of the ``YEAR_ABOVE_REACH`` lines before it (OCR cut one row in two beside a handwritten day and set its
    right half first: ``tháng 4 năm 2025`` then ``Long An, ngày 04``)."""
    m = _DAY_AT_END.search(line.key)
    if not m:
        return None
    for later in [*following[:SPLIT_DATE_REACH], *reversed(preceding[-YEAR_ABOVE_REACH:])]:
        my = _MONTH_YEAR_ALONE.search(later.key)
        if my:
            start, place = _place_before(line, m.start())
            return DateLine(line, start, place, line.text[m.start("d"):m.end("d")],
                            later.text[my.start("m"):my.end("m")], later.text[my.start("y"):my.end("y")], m.end())
    return None


def _date_line(line: Line, place_start: int, place: str, m: re.Match[str]) -> DateLine:
    """The date line of an ``OCR_WORDED_DATE`` match ``m`` on ``line``'s key (its offsets are the text's)."""
    text = line.text
    return DateLine(line, place_start, place, text[m.start("d"):m.end("d")], text[m.start("m"):m.end("m")],
                    text[m.start("y"):m.end("y")], m.end())


_BARE_DATE = re.compile(r"(?:^|(?<=[\s\W_]))" + dates.OCR_WORDED_DATE)


def find_unplaced_date(line: Line) -> DateLine | None:
    """``ngày dd tháng mm năm yyyy`` with the place before it past reading (``Quảng .. ngày 02 tháng 6 năm 2019``,
    the Số line run into it): only for a line of the header, where no citation stands; not after a lower-case
    word (``... ban hành ngày ...``). The place is left empty."""
    m = _BARE_DATE.search(line.key)
    if not m:
        return None
    before = line.text[:m.start()].split()
    if before and before[-1][:1].islower():
        return None
    return _date_line(line, m.start(), "", m)


def _gazetteer_place_before(text: str, key: str, at: int) -> bool:
    """Whether a province's or district's name ends at ``at`` and opens the line or follows no lower-case word."""
    head = key[:at].rstrip(" .").split(" ")
    for n in range(len(head), 0, -1):  # the longest name first
        if gz.is_place_key(" ".join(head[-n:])):
            before = text[:len(" ".join(head[:-n]))].split()
            return not before or not before[-1][:1].islower()
    return False


# --- place and issue date ------------------------------------------------------------------------------

def near_miss(place: str, province: str) -> bool:
    """``place`` is ``province`` with a letter or two misread (``Quảng Ngõi``), not another place's name."""
    a, b = make_key(place), make_key(province)
    return a != b and a not in gz.province_by_key() and len(b) >= 5 and Levenshtein.distance(a, b) <= 2 \
        and a.split()[:1] == b.split()[:1]


_LEVEL_WORDS = frozenset(w for level in gz.ADMIN_LEVELS for w in make_key(level).split()) | {"tp", "tp."}


def place_name(raw: str) -> str:
    """The place as printed. A province's or district's name is given in its standard spelling; a place without
    any mark (OCR without restoration: ``Bdc Giang``) becomes the province it is closest to."""
    place = squash(raw).strip(" ,.")
    head = place.split(",")[0].strip()
    if head != place and gz.is_place_key(make_key(head)):
        place = head  # a speck after the place's comma (``Thái Bình, L ngày``): no place's name has a comma
    key = make_key(place)
    provinces = gz.province_by_key()
    if key in provinces:
        return provinces[key]
    district = gz.district_by_key().get(key)
    if district:
        return district  # a district's name in its gazetteer spelling: Hái Lặng is Hải Lăng
    glued = gz.place_by_glued_key().get(key.replace(" ", ""))
    if glued:
        return glued  # the space OCR lost inside the name (``TâyNinh``)
    head, _, rest = key.partition(" ")
    if rest in provinces and head not in _LEVEL_WORDS:
        return provinces[rest]  # a speck read as a word before a province's name (``Quá Quảng Bình``)
    if has_marks(place):
        return place  # a commune or a place the gazetteer lacks, printed with its marks
    match = process.extractOne(key, list(provinces), scorer=fuzz.ratio, score_cutoff=80)
    return provinces[match[0]] if match else place


def place_as_printed(raw: str, place: str, body_read: str) -> str | None:
    """The date line's place as printed, where ``place_name`` gave the gazetteer's spelling of it and the two differ
    in marks only, if the issuing body's lines (``body_read``, as read) print the name the same way: two reads that
    agree are the document's own spelling, not an OCR slip (``Mù Cang Chải``, which the gazetteer's data spells
    ``Mù Căng Chải``; the ``Đăk``/``Đắk``/``Đak`` of the Central Highlands' names). None otherwise."""
    read = squash(raw).strip(" ,.")
    if read == place or not has_marks(read) or make_key(read) != make_key(place) \
            or len(read.split()) != len(place.split()):
        return None
    return read if read.upper() in " ".join(body_read.split()).upper() else None


def has_marks(text: str) -> bool:
    return make_key(text) != text.lower()


def year_votes(lines: list[Line]) -> dict[int, int]:
    """How often each year (1900-2099) is written in the document: the tie-breaker between a date line and an
    e-signature timestamp whose years differ by one OCR'd digit."""
    votes: dict[int, int] = {}
    for ln in lines:
        for year in dates.find_years(ln.text):
            votes[year] = votes.get(year, 0) + 1
    return votes


def _one_digit_apart(a: int, b: int) -> bool:
    return a != b and sum(x != y for x, y in zip(str(a), str(b))) == 1


def _year_slip(candidates: list[dt.date], bound: dt.date, votes: dict[int, int] | None,
               warnings: list[str]) -> dt.date | None:
    """The date line's year and the e-signature's differ by one digit, and the date fits the timestamp only once
    one of them is read with the other's year (a scan at 250 dpi: ``năm 2023`` under a 2025 timestamp; or a
    timestamp read as 2005 above ``năm 2025``). The year written more often in the document decides which one
    slipped; None when that does not settle it."""
    year = candidates[0].year
    if votes is None or len({d.year for d in candidates}) != 1 or not _one_digit_apart(year, bound.year):
        return None
    mine, theirs = votes.get(year, 0), votes.get(bound.year, 0)
    if mine == theirs:
        return None
    keep = year if mine > theirs else bound.year
    fitted = [dates.safe_date(keep, d.month, d.day) for d in candidates]
    fixed_bound = dates.safe_date(keep, bound.month, bound.day)
    inside = [d for d in fitted if d and fixed_bound and d <= fixed_bound
              and (fixed_bound - d).days <= ESIGN_WINDOW_DAYS]
    if len(inside) != 1:
        return None
    warnings.append(f"issue date: the date line's year {year} and the e-signature's {bound.year} differ by one "
                    f"digit; took {keep}, written {max(mine, theirs)} times in the document")
    return inside[0]


MONTH_FROM_ESIGN_CONFIDENCE = 0.3  # a date whose month is the e-signature's, the one read not fitting: listed


def _month_from_esign(day_p: str, bound: dt.date) -> dt.date | None:
    """The one date inside the e-signature's window (``ESIGN_WINDOW_DAYS`` before it) with the day read (for a
    month read that fits none: a handwritten 1 read as 8, ``ngày 02 tháng 8`` signed on 3 January); None when the
    day is unsure or two months' days fit."""
    if "?" in day_p or not day_p.isdigit():
        return None
    day = int(day_p)
    found = []
    for back in (0, 1):
        month = (bound.month - back - 1) % 12 + 1
        year = bound.year - (1 if bound.month - back < 1 else 0)
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d <= bound and (bound - d).days <= ESIGN_WINDOW_DAYS:
            found.append(d)
    return found[0] if len(found) == 1 else None


UNFIT_ESIGN_CONFIDENCE = 0.3  # a date line read clean that the e-signature's date does not fit: listed


def _patterns(date: DateLine) -> tuple[str | None, str | None, str | None]:
    """The year, month and day fields as digit patterns (``dates.digit_pattern``)."""
    return dates.digit_pattern(date.year_raw), dates.digit_pattern(date.month_raw), dates.digit_pattern(date.day_raw)


def _read_exactly(date: DateLine, month_p: str, day_p: str) -> bool:
    """Whether the day and month were read as digits alone, none in doubt."""
    return "?" not in day_p + month_p and date.day_raw.strip().isdigit() and date.month_raw.strip().isdigit()


def clean_reading(date: DateLine) -> dt.date | None:
    """The date line's date when its day, month and year read as digits that make one date, whatever else says."""
    year_p, month_p, day_p = _patterns(date)
    if not (year_p and month_p and day_p) or "?" in year_p or not _read_exactly(date, month_p, day_p):
        return None
    candidates = dates.ocr_date_candidates(int(year_p), month_p, day_p)
    return candidates[0] if len(candidates) == 1 else None


def read_issue_date(date: DateLine, bound: dt.date | None, warnings: list[str],
               year_votes: dict[int, int] | None = None) -> tuple[dt.date | None, float]:
    """The issue date from the raw day/month/year fields; None (with a warning) when unsure."""
    year_p, month_p, day_p = _patterns(date)
    if not year_p or "?" in year_p or not month_p or not day_p:
        warnings.append(f"issue date unreadable: {date.line.text[date.place_start:].strip()!r}")
        return None, 0.0
    candidates = dates.ocr_date_candidates(int(year_p), month_p, day_p)
    exact = _read_exactly(date, month_p, day_p)
    if bound is not None:
        inside = [d for d in candidates if d <= bound and (bound - d).days <= ESIGN_WINDOW_DAYS]
        if exact and len(candidates) == 1 and not inside and 0 < (candidates[0] - bound).days <= ESIGN_LATE_DAYS:
            warnings.append(f"issue date {candidates[0].isoformat()} is after the e-signature date {bound.isoformat()}")
            return candidates[0], 0.6
        if candidates and not inside:
            slipped = _year_slip(candidates, bound, year_votes, warnings)
            if slipped is not None:
                return slipped, 0.6
            by_day = _month_from_esign(day_p, bound)
            month_read = int(month_p) if month_p.isdigit() else None
            if by_day is not None and by_day.year == int(year_p) \
                    and month_read not in (None, by_day.month, bound.month):
                # (a month read that is the signature's own: the day slipped, no guess)
                warnings.append(f"issue date: the date line's month {date.month_raw.strip()!r} does not fit the "
                                f"e-signature date {bound.isoformat()}; took its month: {by_day.isoformat()}")
                return by_day, MONTH_FROM_ESIGN_CONFIDENCE
            warnings.append(f"issue date {candidates[0].isoformat() if len(candidates) == 1 else day_p + '/' + month_p} "
                            f"does not fit the e-signature date {bound.isoformat()}")
            return None, 0.0
        candidates = inside
    if len(candidates) == 1:
        return candidates[0], 0.95 if exact else 0.6
    warnings.append(f"issue date unreadable: day {date.day_raw.strip()!r}, month {date.month_raw.strip()!r}"
                    + (f" ({len(candidates)} candidates)" if candidates else ""))
    return None, 0.0
