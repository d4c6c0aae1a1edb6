"""Evidence on the page image: the pixel box of the words every field was read from.

The parser's evidence names a page, a line of that page's text and a character span. A page read by OCR keeps, for
each line of its text, the box of each word (``PageResult.line_boxes``; restoration changes words, never the
number of lines or of words on a line), so a span maps to the union of its words' boxes. A field whose text runs
on past its line (a subject over two or three lines) takes the next lines' words too.
"""

from __future__ import annotations

import re
from typing import Iterator, Optional

from pydantic import BaseModel

from pipeline.record import Evidence, Record
from pipeline.types import OcrPage

Box = tuple[int, int, int, int]
LineBoxes = list[Optional[list[Box]]]  # per line of a page's text: each word's box (None for a blank line)

_TOKEN = re.compile(r"\S+")


def line_boxes(page: OcrPage) -> LineBoxes:
    """Per line of ``page.text`` (blank lines between paragraphs included), the boxes of its words."""
    out: LineBoxes = []
    for i, line in enumerate(page.lines):
        if line.starts_paragraph and i:
            out.append(None)
        out.append([word.box for word in line.words])
    return out


def _union(boxes: list[Box]) -> Optional[Box]:
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def span_box(text: str, boxes: LineBoxes, line: int, start: int, end: int, length: int = 0) -> Optional[Box]:
    """The box of characters ``start:end`` of line ``line`` (1-based) of ``text``, run on over the next lines while
    ``length`` (the evidence text's length) is not used up."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines) or len(lines) != len(boxes):
        return None
    chosen: list[Box] = []
    remaining = max(length - (end - start), 0)
    index = line - 1
    while index < len(lines):
        words = boxes[index]
        tokens = list(_TOKEN.finditer(lines[index]))
        if words is not None and len(words) == len(tokens):
            for token, box in zip(tokens, words):
                if token.end() > start and token.start() < end:
                    chosen.append(box)
        if remaining <= 0:
            break
        index += 1
        if index >= len(lines) or boxes[index] is None:
            break
        start, end = 0, len(lines[index])
        remaining -= end + 1
    return _union(chosen)


def _evidence(value: object) -> Iterator[Evidence]:
    if isinstance(value, Evidence):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _evidence(getattr(value, name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _evidence(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _evidence(item)


def attach_boxes(record: Record, boxes_by_page: dict[int, LineBoxes]) -> None:
    """Give every evidence of ``record`` read from an OCR page the box of its words on that page's image."""
    texts = {page.number: page.text for page in record.pages}
    for evidence in _evidence(record):
        boxes = boxes_by_page.get(evidence.page or 0)
        if not boxes or evidence.line is None or evidence.start is None or evidence.end is None:
            continue
        evidence.box = span_box(texts[evidence.page], boxes, evidence.line, evidence.start, evidence.end,
                                len(evidence.text or ""))
