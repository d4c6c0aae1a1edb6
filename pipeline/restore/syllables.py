"""Syllable-level text helpers for the restorer: normalisation, token splitting, case patterns, shape checks.

Vietnamese is written one syllable (âm tiết, "syllable") per space-separated token, so the restorer works on
whitespace tokens. A token is split into leading punctuation, a *core* and trailing punctuation; only the core
may change. Normalisation follows the project convention of ``pipeline.text``: NFC, ``Ð``→``Đ``, tone mark of an
open ``oa``/``oe``/``uy`` on the first vowel (``hòa``, ``khỏe``, ``thủy``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.text import SYLLABLE_SHAPE, normalize, strip_marks

# Mark-free syllable shape: onset (phụ âm đầu), nucleus (vần chính), coda (âm cuối).
_SHAPE = SYLLABLE_SHAPE
_EDGE = re.compile(r"^([^\w]*)(.*?)([^\w]*)$", re.S)
# A number, date or numbered reference made only of digits and . , / - (one LM class, <num>).
NUMBER = re.compile(r"^[\d.,/\-]*\d[\d.,/\-]*$")
TONES = "\u0300\u0301\u0309\u0303\u0323"


@lru_cache(maxsize=200_000)
def normalize_word(word: str) -> str:
    """NFC, Đ not Ð, tone on the first vowel of open oa/oe/uy (``hoà``→``hòa``, ``thuỷ``→``thủy``)."""
    return normalize(word)


def normalize_text(text: str) -> str:
    """Apply :func:`normalize_word` to every whitespace token, keeping the whitespace."""
    return re.sub(r"\S+", lambda m: normalize_word(m.group(0)), text)


def split_edges(token: str) -> tuple[str, str, str]:
    """``"(Điều"`` → ``("(", "Điều", "")``; punctuation at both edges is kept apart from the core."""
    m = _EDGE.match(token)
    assert m is not None
    lead, core, trail = m.groups()
    if "_" in lead or "_" in trail:  # '\w' includes '_'; keep it simple
        return "", token, ""
    return lead, core, trail


def case_pattern(word: str) -> str:
    """'lower', 'upper' (all letters capital, 2+ letters), 'title' (first letter capital) or 'mixed'."""
    letters = [ch for ch in word if ch.isalpha()]
    if not letters:
        return "lower"
    if all(ch.isupper() for ch in letters):
        return "upper" if len(letters) > 1 else "title"
    if letters[0].isupper() and all(not ch.isupper() for ch in letters[1:]):
        return "title"
    if not any(ch.isupper() for ch in letters):
        return "lower"
    return "mixed"


def apply_case(word: str, pattern: str) -> str:
    if pattern == "upper":
        return word.upper()
    if pattern == "title":
        return word[:1].upper() + word[1:]
    return word


def tone_of(syllable: str) -> str:
    """The combining tone mark of a syllable ('' for level tone, thanh ngang)."""
    for ch in unicodedata.normalize("NFD", syllable):
        if ch in TONES:
            return ch
    return ""


@lru_cache(maxsize=100_000)
def is_valid_shape(word: str) -> bool:
    """Vietnamese syllable shape (onset + nucleus + coda) once marks are removed, and at most one tone mark."""
    if not word or not all(ch.isalpha() for ch in word):
        return False
    nfd = unicodedata.normalize("NFD", word)
    if sum(1 for ch in nfd if ch in TONES) > 1:
        return False
    return bool(_SHAPE.match(strip_marks(word).lower()))


__all__ = [
    "normalize_word", "normalize_text", "split_edges", "case_pattern", "apply_case", "tone_of",
    "is_valid_shape", "strip_marks",
]
