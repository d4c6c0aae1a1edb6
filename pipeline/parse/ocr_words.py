"""The OCR words of a page as the parser read it: per word its OCR confidence and whether restoration changed it.

Shared by the review (``review.py``: how sure a field is) and the names prior (``names.py``: which syllables of a
name were read unsure).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from pipeline.parse.lines import normalize_page


@dataclass
class PageWords:
    """One page as the parser read it: its text, and per whitespace-separated word of that text the OCR
    confidence and whether restoration changed the word (None when the page was not OCR'd or the words of the
    OCR text and the final text do not align)."""

    text: str
    confidences: Optional[list[float]] = None
    changed: Optional[list[bool]] = None


def page_words(text: str, raw_text: Optional[str], confidences: Optional[list[float]]) -> PageWords:
    """Align a page's OCR word confidences (one per word of ``raw_text``, the OCR text) with the words of
    ``text`` (after restoration): restoration rewrites words one for one, so the n-th word is the same word."""
    words = normalize_page(text).split()
    raw_words = normalize_page(raw_text).split() if raw_text is not None else words
    if not confidences or len(confidences) != len(raw_words) or len(raw_words) != len(words):
        return PageWords(text)
    return PageWords(text, list(confidences), [a != b for a, b in zip(raw_words, words)])


def span_words(pages: list[PageWords], ev: Any, count: int) -> tuple[list[float], list[bool]]:
    """Confidences and changed flags of ``count`` words from the evidence's start (page, line, start)."""
    if not ev or ev.page is None or ev.line is None or not 1 <= ev.page <= len(pages):
        return [], []
    page = pages[ev.page - 1]
    if page.confidences is None:
        return [], []
    lines = normalize_page(page.text).split("\n")
    if ev.line > len(lines):
        return [], []
    before = sum(len(ln.split()) for ln in lines[:ev.line - 1])
    before += len(lines[ev.line - 1][:ev.start or 0].split())
    if ev.start and ev.start < len(lines[ev.line - 1]) and lines[ev.line - 1][ev.start - 1:ev.start].strip():
        before -= 1  # the span starts inside a word: that word counts
    end = min(len(page.confidences), before + max(1, count))
    return page.confidences[before:end], (page.changed or [])[before:end]
