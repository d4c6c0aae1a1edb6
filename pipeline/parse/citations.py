"""Cited documents: ``Kế hoạch số 15/KH-UBND ngày 22/01/2024 của UBND tỉnh Bắc Giang`` → type, code, date, issuer.

A citation is a document code (``15/KH-UBND``, ``249/2025/NĐ-CP``, party form ``34-CT/TW``, a law's
``63/2025/QH15``) with the nearest type name before it (``Kế hoạch số``, ``Luật Tổ chức Chính phủ số``), the date
after it (``ngày 22/01/2024`` or ``ngày 22 tháng 01 năm 2024``) and the issuer after ``của`` (of).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.parse import vocabulary as vocab
from pipeline.parse.codes import clean_code_text, repair_cited_code
from pipeline.parse.dates import DATE_AFTER_NGAY, YEAR, dmy
from pipeline.parse.spans import Joined
from pipeline.record import Citation

_L = r"A-Za-zĐđ"
_CODE = re.compile(
    rf"(?<![\w/])(?:(?P<party>\d{{1,4}}-[A-ZĐ][{_L}]{{0,5}}/[A-ZĐ][{_L}0-9]{{0,9}})"
    rf"|(?P<state>\d{{1,5}}(?:\.\d{{1,3}})?\s?/\s?(?:{YEAR}/)?[A-ZĐ][{_L}0-9&]*(?:-[A-ZĐ0-9][{_L}0-9&]*)+"
    rf"|\d{{1,5}}/{YEAR}/[A-ZĐ][{_L}0-9]+))(?![\w/])")
_DATE_AFTER = re.compile(r"^\s*,?\s*(?:ban hanh\s+)?" + DATE_AFTER_NGAY)
_OF = re.compile(r"^\s*,?\s*cua\s+")
# words that end an issuer phrase (unmarked keys)
_ISSUER_STOP = {"ve", "quy", "huong", "phe", "sua", "thuc", "duoc", "da", "de", "tai", "theo", "het",
                "co", "thi", "tiep", "trien", "phat", "giao", "quyet", "ke", "trinh", "nay", "do", "tu", "den",
                "la", "nham", "gui", "doi", "cho", "hoac", "khoa"}


_CODE_START = re.compile(r"(?<![\w/])\d{1,5}(?:\.\d{1,3})?\s?[/-]")


def _codes(text: str):
    """``_CODE`` matches, tried only where a number is followed by ``/`` or ``-`` (much faster on long texts)."""
    pos = 0
    for cand in _CODE_START.finditer(text):
        if cand.start() < pos:
            continue
        m = _CODE.match(text, cand.start())
        if m:
            pos = m.end()
            yield m


@lru_cache(maxsize=1)
def _type_pattern() -> re.Pattern[str]:
    alt = "|".join(re.escape(n) for n in vocab.type_keys_longest_first())
    return re.compile(rf"(?:^|[^a-z])(?P<type>{alt})(?![a-z])")


def _issuer(joined: Joined, pos: int) -> tuple[str | None, int]:
    """The issuer after ``của`` (of): words up to a verb or preposition, punctuation or a number."""
    m = _OF.match(joined.key[pos:pos + 10])
    if not m:
        return None, pos
    start = pos + m.end()
    words: list[str] = []
    end = start
    for w in re.finditer(r"\S+", joined.text[start:start + 120]):
        raw = w.group(0)
        core = raw.rstrip(",;:.)")
        key = joined.key[start + w.start(): start + w.start() + len(core)]
        if not core or (key in _ISSUER_STOP and words) or re.match(r"^[(\d\"“]", core):
            break
        words.append(core)
        end = start + w.start() + len(core)
        if core != raw or len(words) >= 10:
            break
    return (" ".join(words) or None), end


def find_citations(joined: Joined, own_code: str | None = None) -> list[tuple[Citation, int, int]]:
    """Citations in a body of text, each with its span in ``joined.text``; the document's own code is skipped."""
    out: list[tuple[Citation, int, int]] = []
    seen: set[str] = set()
    own = (own_code or "").replace(" ", "")
    type_rx = _type_pattern()
    for m in _codes(joined.text):
        code = clean_code_text(m.group(0)).replace(" ", "")
        if code == own or code in seen:
            continue
        # the type name nearest before the code, within the same clause
        window_start = max(0, m.start() - 90)
        window = joined.key[window_start:m.start()]
        cut = max(window.rfind(";"), window.rfind("."), window.rfind(":"))
        window_off = window_start + cut + 1 if cut >= 0 else window_start
        window = joined.key[window_off:m.start()]
        types = list(type_rx.finditer(window))
        type_name = None
        start = m.start()
        if types:
            t = types[-1]
            type_name = vocab.type_by_key()[t.group("type")]
            start = window_off + t.start("type")
            if not joined.text[start].isupper():  # lower-case "luật" in running text is not a title
                type_name = None
                start = m.start()
        elif re.search(r"\bso\s*$", window):
            start = window_off + window.rfind("so")
        if type_name is None and not m.group("party") and not re.search(r"\bso\s*$", window):
            continue
        code = repair_cited_code(code, vocab.code_for_type(type_name) if type_name else None)
        pos = m.end()
        date = None
        dm = _DATE_AFTER.match(joined.key[pos:pos + 40])
        if dm:
            g = dm.groups()
            d, mo, y = (g[0], g[1], g[2]) if g[0] else (g[3], g[4], g[5])
            date = dmy(d, mo, y)
            pos += dm.end()
        issuer, end = _issuer(joined, pos)
        end = max(end, pos)
        text = re.sub(r"\s+", " ", joined.text[start:end]).strip(" ,;")
        ev = joined.evidence(start, end, 0.85)
        seen.add(code)
        out.append((Citation(type=type_name, code=code, date=date, issuer=issuer, text=text, evidence=ev),
                    start, end))
    return out
