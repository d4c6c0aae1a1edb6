"""The text model the rules work on: every input line, normalised, with an unmarked matching key.

``Line.text`` is the normalised text (``pipeline.text.normalize``); ``Line.key`` is the same text with every mark
removed and lower-cased, character for character (so an offset found in the key is an offset in the text).
Page and line numbers are 1-based indexes into the input pages and their ``'\\n'``-separated lines. A line
may be a *segment* of an input line (the two header columns merged by OCR): ``start`` is where it begins.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from pipeline.record import Evidence
from pipeline.text import normalize, strip_marks

_CHAR_KEY: dict[str, str] = {}


def char_key(ch: str) -> str:
    """One character's matching key: unmarked, lower-case, always exactly one character."""
    out = _CHAR_KEY.get(ch)
    if out is None:
        stripped = _KEY_DASHES.get(ch) or strip_marks(ch).lower()
        if len(stripped) != 1:
            stripped = " " if not stripped or unicodedata.combining(ch) else stripped[0]
        out = _CHAR_KEY[ch] = stripped
    return out


class _KeyTable(dict):
    """A ``str.translate`` table that fills itself: code point → one-character key."""

    def __missing__(self, code: int) -> str:
        value = self[code] = char_key(chr(code))
        return value


_KEY_TABLE = _KeyTable()


_LUT_SIZE = 0x2300  # Latin, Vietnamese (U+1E00..U+1EFF), combining marks, dashes


@lru_cache(maxsize=1)
def _key_lut() -> np.ndarray:
    """Code point → key code point, for every code point below ``_LUT_SIZE``."""
    return np.array([ord(char_key(chr(cp))) for cp in range(_LUT_SIZE)], dtype=np.uint32)


def make_key(text: str) -> str:
    """Unmarked lower-case form of ``text`` with the same length (offsets carry over)."""
    if len(text) < 4000:
        return text.translate(_KEY_TABLE)
    # long texts: one vectorised table look-up instead of a dictionary look-up per character
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    lut = _key_lut()
    small = codes < _LUT_SIZE
    out = codes.copy()
    out[small] = lut[codes[small]]
    if not small.all():  # rare characters beyond the table: the per-character rule
        for i in np.nonzero(~small)[0]:
            out[i] = ord(char_key(text[i]))
    return out.tobytes().decode("utf-32-le")


# Invisible characters dropped and odd spaces made plain (the text stays as printed otherwise).
_PUNCT = str.maketrans({"\u00ad": "", "\u00a0": " ", "\u2009": " ", "\u200b": "", "\ufeff": ""})
_INVISIBLE = re.compile("[\u00ad\u00a0\u2009\u200b\ufeff]")
# Dashes unified in the matching key only (same length), so that rules see one form.
_KEY_DASHES = {"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-"}


@dataclass
class Line:
    page: int  # 1-based page number
    number: int  # 1-based line number within the page
    text: str  # normalised text of this line or segment
    start: int = 0  # character offset of this segment inside the (normalised) input line
    _key: str | None = field(default=None, repr=False)

    @property
    def key(self) -> str:
        """Unmarked lower-case form of ``text`` (computed on first use)."""
        if self._key is None:
            self._key = make_key(self.text)
        return self._key

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    def segment(self, start: int, end: int | None = None) -> "Line":
        """A piece of this line (offsets relative to this line's text)."""
        end = len(self.text) if end is None else end
        key = self._key[start:end] if self._key is not None else None
        return Line(self.page, self.number, self.text[start:end], self.start + start, key)

    def evidence(self, start: int = 0, end: int | None = None, confidence: float = 0.9,
                 text: str | None = None) -> Evidence:
        end = len(self.text) if end is None else end
        return Evidence(page=self.page, line=self.number, start=self.start + start, end=self.start + end,
                        text=text if text is not None else self.text[start:end].strip(),
                        confidence=round(max(0.0, min(1.0, confidence)), 3))

    def trimmed(self) -> "Line":
        """The segment without leading/trailing blanks."""
        left = len(self.text) - len(self.text.lstrip())
        right = len(self.text.rstrip())
        return self.segment(left, max(left, right))


# A word in the other tone convention (``hoà``, ``thuỷ``, ``khoẻ``): open oa/oe/uy with the mark on the second vowel.
_OLD_TONE_PAIR = re.compile(r"[oOuU][àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ]")


def _retone(text: str) -> str:
    """Apply ``normalize`` to each word holding an old-style ``oà``/``oé``/``uỷ`` at its end (not after q)."""
    pieces: list[str] = []
    last = 0
    for m in _OLD_TONE_PAIR.finditer(text):
        i, j = m.start(), m.end()
        if i < last or (j < len(text) and (text[j].isalnum() or text[j] == "_")):
            continue
        if i > 0 and text[i - 1] in "qQ":
            continue
        w = i
        while w > 0 and text[w - 1].isalpha():
            w -= 1
        pieces.append(text[last:w])
        pieces.append(normalize(text[w:j]))
        last = j
    pieces.append(text[last:])
    return "".join(pieces)


def normalize_page(page: str) -> str:
    """NFC, ``Đ`` not ``Ð``, tone placement by ``pipeline.text.normalize`` on just the words that need it, one
    dash form. (Only those words are passed on: ``normalize`` on a whole line also rewrites ``hoặc``.)"""
    text = unicodedata.normalize("NFC", page.replace("\r\n", "\n").replace("\r", "\n")).replace("\u00d0", "\u0110")
    if _OLD_TONE_PAIR.search(text):
        text = _retone(text)
    return text.translate(_PUNCT) if _INVISIBLE.search(text) else text


def split_pages(pages: list[str]) -> list[Line]:
    """Every line of every page, in reading order."""
    out: list[Line] = []
    for p, page in enumerate(pages, start=1):
        for n, raw in enumerate(normalize_page(page).split("\n"), start=1):
            out.append(Line(p, n, raw.rstrip()))
    return out


_UPPER_WORD = re.compile(r"[^\W\d_]+")


def upper_ratio(text: str) -> float:
    """Share of cased letters that are capitals."""
    up = sum(map(str.isupper, text))
    low = sum(map(str.islower, text))
    return up / (up + low) if up + low else 0.0


def is_caps(text: str, threshold: float = 0.85) -> bool:
    up = sum(map(str.isupper, text))
    low = sum(map(str.islower, text))
    return up + low >= 2 and up / (up + low) >= threshold


def is_rule_line(text: str) -> bool:
    """A printed rule under the issuing body or motto (``-------``, ``____``), or OCR noise of one."""
    t = text.strip()
    return bool(t) and not any(ch.isalnum() for ch in t)


def squash(text: str) -> str:
    """Whitespace runs to one space, ends trimmed."""
    return " ".join(text.split())
