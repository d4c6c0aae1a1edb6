"""Quantities named in a target: ``03 hội nghị``, ``100% các nhiệm vụ``, ``ít nhất 01 hội thành viên``.

Each becomes value + the numeral as printed + unit (``%`` for shares, else None) + what is counted (the noun
phrase after the numeral, up to a preposition, verb or punctuation) + a qualifier (``ít nhất`` at least, ``trên``
over, ...). Years, ordinals (``lần thứ 10``), terms, dates, codes and item labels are not quantities.
"""

from __future__ import annotations

import re

from pipeline.parse import vocabulary as vocab
from pipeline.parse.dates import YEAR
from pipeline.parse.lines import make_key
from pipeline.record import Quantity
from pipeline.text import vietnamese_ratio

# Qualifiers printed before a numeral (unmarked keys → printed form).
QUALIFIERS = {"it nhat": "ít nhất", "toi thieu": "tối thiểu", "toi da": "tối đa", "khong qua": "không quá",
              "khong duoi": "không dưới", "tren": "trên", "duoi": "dưới", "hon": "hơn", "khoang": "khoảng",
              "gan": "gần", "tu": "từ"}

# Words that end the counted noun phrase (prepositions, verbs, conjunctions), lower-case as printed.
_STOP_MARKED = {
    "trên", "với", "cho", "tại", "về", "trong", "của", "để", "nhằm", "theo", "từ", "đến", "và", "hoặc", "đã",
    "được", "đạt", "sẽ", "có", "là", "thì", "ở", "bằng", "do", "gồm", "hoàn", "thực", "tham", "trở", "như",
    "mỗi", "sau", "trước", "khi", "năm", "tăng", "giảm", "nhất", "vào", "ra", "lên", "xuống", "bị", "phải",
    "cần", "đang", "chưa", "không", "đều", "cũng", "kể", "tục", "triển", "tổ", "tiếp", "cụ", "trở",
}
_STOP = {make_key(w) for w in _STOP_MARKED}
# The first word of a counted phrase may be one of these even though they are stop words elsewhere.
_FIRST_OK = {"tổ", "hoàn", "tham", "trở", "thực", "tiếp", "tăng", "năm", "triển", "đã", "được"}


def _is_stop(word: str, first: bool, pct: bool, marked_text: bool = True) -> bool:
    """Stop-word test on the marked form; unmarked text (OCR without restoration) falls back to keys."""
    low = word.lower()
    key = make_key(low)
    marked = marked_text or low != key
    hit = low in _STOP_MARKED if marked else key in _STOP
    if hit and first and not pct:
        ok = low in _FIRST_OK if marked else key in {make_key(w) for w in _FIRST_OK}
        return not ok
    return hit


# Numerals that are not quantities when preceded by these words (or by a type a document is cited by with a bare
# number: Quyết định 15).
_NUMBERED_TYPES = "|".join(vocab.type_key(t.name) for t in vocab.DOC_TYPES if t.numbered_by_name)
_NOT_AFTER = re.compile(r"(?:lan\s+\S{1,4}|lan thu|thu|nam|quy|thang|ngay|khoa|dieu|khoan|diem|muc|chuong|ky|giai doan|"
                        r"nhiem ky|phu luc|mau|bieu|tu nam|den nam|gio|luc|" + _NUMBERED_TYPES + r"|lan)\s*$")
_DETERMINERS = {"cac", "nhung", "moi", "toan", "tat", "ca"}

_NUMBER = re.compile(r"(?<![\w/.,\-])(?P<num>\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)(?P<pct>\s*%)?(?![\w/\-]|[.,]\d)")


def _value(text: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        return float(text.replace(".", ""))
    return float(text.replace(",", "."))


def _counted(text: str, key: str, start: int, pct: bool, marked: bool = True) -> str | None:
    """The noun phrase after a numeral: words up to a stop word or punctuation. After a percentage the
    phrase may be a list (``công chức, viên chức và người lao động``)."""
    words: list[str] = []
    limit = 10 if pct else 8
    for m in re.finditer(r"\S+", text[start:]):
        raw = m.group(0)
        if re.match(r"^[;:.()\"“”]", raw) or (raw.startswith(",") and not (pct and words)):
            break
        core = raw.rstrip(",;:.)\"”")
        k = make_key(core).lower()
        if not words and k in _DETERMINERS:
            continue
        joiner = pct and words and (k == "va" or words[-1].endswith(","))
        if k == "va" and joiner:
            words.append(core)
            continue
        if words and words[-1] == "đi," and core == "đến":
            words.append(raw if raw.endswith(",") else core)  # văn bản đi, đến (outgoing and incoming)
            if core != raw and not raw.endswith(","):
                break
            continue
        if re.match(r"^\d", core) or _is_stop(core, not words, pct, marked):
            break
        if words and core[:1].isupper() and not core.isupper():
            break  # a proper name after the counted noun (``02 số chuyên đề Bản tin ...``)
        words.append(raw.rstrip(";:.)\"”") if pct and raw.endswith(",") else core)
        if (core != raw and not (pct and raw.endswith(","))) or len(words) >= limit:
            break
    while words and (make_key(words[-1]).lower() == "va" or words[-1].endswith(",")):
        last = words.pop()
        if last.endswith(",") and make_key(last).lower() != "va":
            words.append(last.rstrip(","))
            break
    return " ".join(words) or None


# ``ít nhất l‘điển hình``: OCR reads the numeral 1 after a qualifier as l, I or | with a stray quote.
_ONE_AFTER_QUALIFIER = re.compile(r"((?:ít nhất|tối thiểu|it nhat|toi thieu) )([lI|][‘’'`]?)(?=\s?[^\W\d_])")


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in a target's text, in order."""
    text = _ONE_AFTER_QUALIFIER.sub(lambda m: m.group(1) + "1" + " " * (len(m.group(2)) - 1), text)
    key = make_key(text)
    marked = vietnamese_ratio(text) > 0.15  # text with marks: stop words are compared with their marks
    out: list[Quantity] = []
    last_pct_counted: str | None = None
    for m in _NUMBER.finditer(text):
        num = m.group("num")
        before = key[: m.start()].rstrip()
        if _NOT_AFTER.search(before[-20:]):
            continue
        after = key[m.end(): m.end() + 12]
        if re.match(r"^\s*(?:[-–]\s*\d|/\d)", after):  # ranges, dates and codes
            continue
        if re.match(r"^\d{4}$", num) and 1900 <= int(num) <= 2100:
            continue
        if m.start() > 0 and text[m.start() - 1] == "(" and text[m.end(): m.end() + 1] == ")":
            continue  # an item label (1)
        if re.match(rf"^\s*nam\s+{YEAR}\b", after + key[m.end() + 12: m.end() + 16]):
            continue  # "lần thứ 20 năm 2024": an ordinal before a year
        pct = bool(m.group("pct"))
        counted = _counted(text, key, m.end(), pct, marked)
        if pct:
            if counted is None and last_pct_counted:
                counted = last_pct_counted
            last_pct_counted = counted or last_pct_counted
        elif counted is None:
            continue
        qualifier = None
        for q_key, q_text in QUALIFIERS.items():
            if re.search(rf"(?:^|\s){q_key}\s*$", before):
                qualifier = q_text
                break
        out.append(Quantity(value=_value(num), text=(num + "%") if pct else num, unit="%" if pct else None,
                            counted=counted, qualifier=qualifier))
    return out
