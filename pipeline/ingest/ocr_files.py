"""OCR output files as input: Tesseract's TSV (``tesseract page.png out tsv``) and hOCR (``tesseract … hocr``;
gImageReader and kraken write hOCR too).

An archive that was OCR'd once keeps these beside its scans. Read as plain text they would lose what the OCR knew:
each word's confidence, which lets the restorer trust a confident word and weigh an unsure one (``make bench``: no
heldout render page restored with its confidences is worse; restored as plain text, one loses 0.24 points), and
each word's box, which puts a two-column header or signature block in reading order. So they become ``OcrPage``
objects, the same as our own OCR gives, and the pages' text and word confidences go on from there.

Recognised by content, not by name: a TSV starts with Tesseract's header row; an hOCR file holds ``ocr_page`` and
``ocrx_word`` elements whose ``title`` carries ``bbox`` and ``x_wconf``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Optional

from pipeline.errors import InputError
from pipeline.ocr.layout import page_from_tesseract
from pipeline.text import normalize
from pipeline.types import OcrPage

TSV_HEADER = ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top", "width", "height",
              "conf", "text")
_BBOX = re.compile(r"\bbbox\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)")
_WCONF = re.compile(r"\bx_wconf\s+(-?\d+(?:\.\d+)?)")
_HOCR_MARK = re.compile(r"""class\s*=\s*["'][^"']*\bocr_page\b""")


def ocr_file_format(text: str) -> Optional[str]:
    """'tsv' or 'hocr' when ``text`` is such an OCR output file, else None."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip().split("\t")
    if tuple(first) == TSV_HEADER:
        return "tsv"
    head = text[:20000]
    if _HOCR_MARK.search(head) and "ocrx_word" in text:
        return "hocr"
    return None


def _empty_table() -> dict[str, list]:
    return {key: [] for key in TSV_HEADER}


def _add(table: dict[str, list], level: int, page: int, block: int, par: int, line: int, word: int,
         box: tuple[int, int, int, int], conf: float, text: str) -> None:
    x0, y0, x1, y1 = box
    for key, value in zip(TSV_HEADER, (level, page, block, par, line, word, x0, y0, x1 - x0, y1 - y0, conf, text)):
        table[key].append(value)


def pages_from_tsv(text: str, path: str = "") -> list[OcrPage]:
    """Tesseract TSV rows → one ``OcrPage`` per ``page_num``, in page order."""
    tables: dict[int, dict[str, list]] = {}
    for number, row in enumerate(text.lstrip("\ufeff").split("\n")[1:], start=2):
        if not row.strip():
            continue
        cells = row.split("\t")
        if len(cells) < len(TSV_HEADER) - 1:
            raise InputError(f"TSV row {number} has {len(cells)} columns, not {len(TSV_HEADER)}", path=path)
        cells += [""] * (len(TSV_HEADER) - len(cells))  # a level-1..4 row may end without its empty text cell
        try:
            values = [int(c) for c in cells[:10]] + [float(cells[10])]
        except ValueError:
            raise InputError(f"TSV row {number} holds a non-number where Tesseract writes one", path=path) from None
        level, page, block, par, line, word, left, top, width, height, conf = values
        _add(tables.setdefault(page, _empty_table()), level, page, block, par, line, word,
             (left, top, left + width, top + height), conf, "\t".join(cells[11:]))
    return [page_from_tesseract(tables[n], i + 1) for i, n in enumerate(sorted(tables))]


class _HocrReader(HTMLParser):
    """Collects each ocr_page's size and its ocrx_word elements with their enclosing block, paragraph and line."""

    _COUNTED = ("ocr_carea", "ocr_par", "ocr_line")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pages: list[dict[str, list]] = []
        self._stack: list[tuple[str, Optional[str]]] = []  # (tag, hOCR class it opened, if any)
        self._counts = {cls: 0 for cls in self._COUNTED}
        self._word: Optional[tuple[tuple[int, int, int, int], float]] = None
        self._word_text: list[str] = []
        self._word_depth = 0
        self.confidences = 0  # words that carried an x_wconf

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Optional[str]]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        title = values.get("title") or ""
        opened = None
        if "ocr_page" in classes:
            opened = "ocr_page"
            box = _BBOX.search(title)
            table = _empty_table()
            if box:
                x0, y0, x1, y1 = (int(v) for v in box.groups())
                _add(table, 1, len(self.pages) + 1, 0, 0, 0, 0, (x0, y0, x1, y1), -1.0, "")
            self.pages.append(table)
            self._counts = {cls: 0 for cls in self._COUNTED}
        elif any(cls in classes for cls in self._COUNTED):
            opened = next(cls for cls in self._COUNTED if cls in classes)
            self._counts[opened] += 1
            if opened == "ocr_carea":
                self._counts["ocr_par"] = self._counts["ocr_line"] = 0
            elif opened == "ocr_par":
                self._counts["ocr_line"] = 0
        elif "ocr_line" not in classes and any(c in ("ocrx_line", "ocr_textfloat", "ocr_header", "ocr_caption")
                                               for c in classes):
            opened = "ocr_line"  # Tesseract's other line classes count as lines
            self._counts["ocr_line"] += 1
        elif "ocrx_word" in classes and self.pages:
            box = _BBOX.search(title)
            conf = _WCONF.search(title)
            if box:
                self._word = (tuple(int(v) for v in box.groups()), float(conf.group(1)) if conf else 95.0)
                self.confidences += conf is not None
                self._word_text = []
                self._word_depth = len(self._stack) + 1
        if tag not in ("br", "meta", "img", "link", "input", "hr"):
            self._stack.append((tag, opened))

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            open_tag, _ = self._stack.pop()
            if self._word is not None and len(self._stack) < self._word_depth:
                self._finish_word()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._word is not None:
            self._word_text.append(data)

    def _finish_word(self) -> None:
        box, conf = self._word  # type: ignore[misc]
        text = "".join(self._word_text).strip()
        self._word = None
        if text and self.pages:
            c = self._counts
            _add(self.pages[-1], 5, len(self.pages), c["ocr_carea"], c["ocr_par"], c["ocr_line"], 0, box, conf, text)


def pages_from_hocr(text: str, path: str = "") -> tuple[list[OcrPage], bool]:
    """hOCR → one ``OcrPage`` per ``ocr_page``, and whether its words carry confidences (``x_wconf``: Tesseract
    writes them, other engines may not). A word without one holds 0.95 in its ``OcrWord``."""
    reader = _HocrReader()
    try:
        reader.feed(text)
        reader.close()
    except Exception as exc:  # html.parser is lenient; anything it still rejects is a broken file
        raise InputError(f"cannot read the hOCR file: {exc}", path=path) from None
    return [page_from_tesseract(table, i + 1) for i, table in enumerate(reader.pages)], reader.confidences > 0


def read_ocr_file(text: str, kind: str, path: str = "") -> tuple[list[OcrPage], bool]:
    """The pages of a TSV or hOCR file (``kind`` from ``ocr_file_format``), and whether the words' confidences
    are the engine's (False: an hOCR without ``x_wconf``, to be restored as text without confidences)."""
    pages, known = (pages_from_tsv(text, path), True) if kind == "tsv" else pages_from_hocr(text, path)
    if not pages:
        raise InputError(f"the {kind.upper()} file holds no page", path=path)
    return pages, known


def page_texts(text: str, kind: str, path: str = "") -> list[tuple[str, Optional[tuple[float, ...]]]]:
    """Each page's text in reading order with its words' confidences (None where the file carries none)."""
    pages, known = read_ocr_file(text, kind, path)
    return [(normalize(page.text), tuple(w.confidence for w in page.words) if known else None) for page in pages]
