"""Tesseract's word table → an OCR page: words grouped into lines (block, paragraph, line) in reading order.

Reading order: Tesseract's default segmentation often reads the two columns of a Decree-30 header (and of the
signature block) as one line (``UBND TỈNH BẮC GIANG CỘNG HÒA XÃ HỘI ...``). ``order_lines`` splits a line at
a wide gap and, wherever two columns stand side by side, emits the whole left column before the right one.
"""

from __future__ import annotations

import re
import statistics
from typing import Optional

from pipeline.types import OcrLine, OcrPage, OcrWord


# a rule's or a speck's underscore glued to a word's first or last letter (``_ỦYBANNHÂN``); underscores before a
# slash or a digit are a form's blank (``____/QĐ-UBND``) and stay
_GLUED_UNDERSCORE = re.compile(r"^_+(?=[^\W\d_])|(?<=[^\W\d_])_+$")


def page_from_tesseract(data: dict, number: int) -> OcrPage:
    """Group pytesseract's word table into lines (block, paragraph, line) and put them in reading order."""
    width = height = 0
    groups: dict[tuple[int, int, int], list[OcrWord]] = {}
    for i, text in enumerate(data["text"]):
        level = int(data["level"][i])
        if level == 1:
            width, height = int(data["width"][i]), int(data["height"][i])
        if level != 5:
            continue
        text = _GLUED_UNDERSCORE.sub("", (text or "").strip())
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        x, y, w, h = (int(data[k][i]) for k in ("left", "top", "width", "height"))
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        groups.setdefault(key, []).append(OcrWord(text, max(0.0, min(1.0, conf / 100.0)), (x, y, x + w, y + h)))
    raw_lines = [OcrLine(sorted(_without_specks(words), key=lambda w: w.box[0]), paragraph=key[:2])
                 for key, words in groups.items()]
    return OcrPage(number=number, width=width, height=height, lines=order_lines(raw_lines, width))


# A letter or digit is never this short and narrow beside its line's words (x-height is about half a word's
# height): a speck Tesseract read as one (a ``4`` 4 by 3 pixels under a typed day: ``ngày 04 4 tháng``). Both:
# Tesseract may give a real word a box 2 pixels tall (``ỦY``, 86 wide).
SPECK_HEIGHT_SHARE = 0.2
SPECK_WIDTH_SHARE = 0.3


def _without_specks(words: list[OcrWord]) -> list[OcrWord]:
    """The line's words less the letters and digits shorter than ``SPECK_HEIGHT_SHARE`` and narrower than
    ``SPECK_WIDTH_SHARE`` of its median word's height (punctuation stays: a stop or a hyphen is small)."""
    if len(words) < 2:
        return words
    height = statistics.median(w.box[3] - w.box[1] for w in words)
    return [w for w in words if not (w.text.isalnum() and w.box[3] - w.box[1] < SPECK_HEIGHT_SHARE * height
                                     and w.box[2] - w.box[0] < SPECK_WIDTH_SHARE * height)]


def _split_at_gaps(line: OcrLine, page_width: int) -> list[OcrLine]:
    """Split a line where the gap between two words is far wider than a word space."""
    words = line.words
    if len(words) < 2:
        return [line]
    heights = [w.box[3] - w.box[1] for w in words]
    height = statistics.median(heights) or 1
    min_gap = max(2.5 * height, 0.05 * page_width)
    parts, current = [], [words[0]]
    for previous, word in zip(words, words[1:]):
        if word.box[0] - previous.box[2] > min_gap:
            parts.append(OcrLine(current, line.paragraph))
            current = []
        current.append(word)
    parts.append(OcrLine(current, line.paragraph))
    return parts


def order_lines(lines: list[OcrLine], page_width: int) -> list[OcrLine]:
    """Reading order for a page of one-column text with two-column zones (header, signature block).

    Lines are split at wide gaps and sorted top to bottom. A row that splits into a left and a right part
    defines a gutter; the zone around it extends up and down over every line that keeps to one side of that
    gutter. Inside a zone the left column is read before the right column.
    """
    fragments: list[tuple[OcrLine, Optional[int]]] = []  # (line, gutter x if it came from a split row)
    for line in lines:
        parts = _split_at_gaps(line, page_width or 1)
        if len(parts) == 2:
            gutter = (parts[0].box[2] + parts[1].box[0]) // 2
            fragments.extend((part, gutter) for part in parts)
        else:
            fragments.extend((part, None) for part in parts)
    fragments.sort(key=lambda item: ((item[0].box[1] + item[0].box[3]) / 2, item[0].box[0]))

    ordered: list[OcrLine] = []
    i = 0
    while i < len(fragments):
        end, gutter = _zone_from(fragments, i)
        if gutter is None:
            ordered.append(fragments[i][0])
            i += 1
            continue
        zone = [frag for frag, _ in fragments[i:end]]
        # a side by its centre: a left line may end a little past the gutter (a V/v subject's longer lines)
        on_left = [sum(text_extent(f.words)) < 2 * gutter for f in zone]
        ordered.extend([f for f, left in zip(zone, on_left) if left]
                       + [f for f, left in zip(zone, on_left) if not left])
        i = end
    for previous, line in zip(ordered, ordered[1:]):
        line.starts_paragraph = line.paragraph != previous.paragraph
    return ordered


PAST_GUTTER = 1.5  # a left column's line may end this many line heights past the gutter and keep to its column


def has_text(word: OcrWord) -> bool:
    """Whether the word holds a letter or a digit (a stroke, a speck or a mark alone does not)."""
    return any(ch.isalnum() for ch in word.text)


def text_extent(words: list[OcrWord]) -> tuple[int, int]:
    """The left and right ends of a line's text: its words with a letter or digit, not a stroke or a speck read
    at an end (``trong mùa khô trên địa bàn -:``, whose ``-:`` reaches past the header's gutter)."""
    texts = [w for w in words if has_text(w)] or words
    return min(w.box[0] for w in texts), max(w.box[2] for w in texts)


def _zone_from(fragments: list[tuple[OcrLine, Optional[int]]], start: int) -> tuple[int, Optional[int]]:
    """The two-column zone starting at ``start``: (end index, gutter x), or (start, None) when there is none.

    The gutter is the next split row's; the zone runs while lines keep to one side of it, and counts only if
    it reaches that split row."""
    gutter = next((g for _, g in fragments[start:] if g is not None), None)
    if gutter is None:
        return start, None
    reached_split, end = False, start
    for j in range(start, len(fragments)):
        line, split_gutter = fragments[j]
        _, y0, _, y1 = line.box
        x0, x1 = text_extent(line.words)
        slack = max(4, (y1 - y0) // 2)
        # a left column's line may end a little past the gutter (a V/v subject's longer lines run under the
        # right column's start): it crosses only reaching further
        if not (x1 <= gutter + max(slack, int(PAST_GUTTER * (y1 - y0))) or x0 >= gutter - slack):
            break  # this line crosses the gutter: one-column text again
        reached_split = reached_split or split_gutter is not None
        end = j + 1
    return (end, gutter) if reached_split else (start, None)
