"""Text input: a text dump (UTF-8, UTF-16 with a BOM, Windows-1258 or legacy TCVN3) or a Tesseract TSV/hOCR file
as pages of text; a saved web page (.html) or a Word file (.docx) as one page of text (``markup``).

A text copied from a legal portal or converted to Markdown is laid back out as a clean dump first
(``layout.relayout``: cell bars, escapes, entities and emphasis marks dropped, wrapped lines joined); a text
without those marks, an OCR text saved as .txt among them, is read as it is."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from pipeline.errors import InputError
from pipeline.ingest.files import OCR_FILE_EXTENSIONS, UTF16_BOMS
from pipeline.ingest.layout import portal_layout, relayout
from pipeline.ingest.markup import docx_text, html_text
from pipeline.ingest.ocr_files import ocr_file_format, page_texts
from pipeline.text import is_syllable_shape, normalize
from pipeline.types import Ingested, PageSource


def ingest_text(path: Path, sha: str) -> Ingested:
    try:
        text, encoding = decode_text_bytes(path.read_bytes())
    except ValueError as exc:
        raise InputError(str(exc), path=str(path)) from None
    text = normalize(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise InputError("text file holds no text", path=str(path))
    fmt = ocr_file_format(text)
    if fmt:
        pages = [PageSource(number=n, kind="ocr-file", path=str(path), text=page, confidences=confidences)
                 for n, (page, confidences) in enumerate(page_texts(text, fmt, str(path)), start=1)]
        return Ingested(str(path), sha, "ocr-file", len(pages), pages, encoding=encoding)
    if path.suffix.lower() in OCR_FILE_EXTENSIONS:
        raise InputError(f"named {path.suffix.lower()} but holds no Tesseract TSV or hOCR", path=str(path))
    chunks = text.split("\f")  # form feeds separate pages in pdftotext-style dumps
    portal = portal_layout(text)
    if portal:
        chunks = [relayout(chunk, portal=True) for chunk in chunks]
    pages = [PageSource(number=i + 1, kind="text", path=str(path), text=chunk) for i, chunk in enumerate(chunks)]
    return Ingested(str(path), sha, "text", len(pages), pages, encoding=encoding)


def looks_html(path: Path) -> bool:
    """Whether a file of no known text extension holds an HTML page (``<!DOCTYPE html`` or ``<html`` first)."""
    with path.open("rb") as handle:
        head = handle.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def ingest_html(path: Path, sha: str) -> Ingested:
    """A saved web page: its document's text as one page (an hOCR file named .html is read as OCR output)."""
    try:
        markup, encoding = decode_text_bytes(path.read_bytes())
    except ValueError as exc:
        raise InputError(str(exc), path=str(path)) from None
    if ocr_file_format(markup) == "hocr":
        return ingest_text(path, sha)
    text = normalize(html_text(markup, str(path)))
    if not text.strip():
        raise InputError("the web page holds no text", path=str(path))
    return Ingested(str(path), sha, "text", 1, [PageSource(number=1, kind="text", path=str(path), text=text)],
                    encoding=encoding)


def ingest_docx(path: Path, sha: str) -> Ingested:
    """A Word file: its paragraphs and tables as one page of text."""
    text = normalize(docx_text(path))
    if not text.strip():
        raise InputError("the Word file holds no text", path=str(path))
    return Ingested(str(path), sha, "text", 1, [PageSource(number=1, kind="text", path=str(path), text=text)],
                    encoding="docx")


# TCVN3 (ABC, TCVN 5712:1993): one byte per letter, read as cp1252. Capital marked letters use the same codes in
# a capitals font, so they decode to lower case; the base capitals Ă Â Ê Ô Ơ Ư Đ have codes of their own.
_TCVN3 = dict(zip(
    "µ¶·¸¹¨»¼½¾Æ©ÇÈÉÊË®ÌÎÏÐÑªÒÓÔÕÖ×ØÜÝÞßáâãä«åæçèé¬êëìíîïñòóô­õö÷øùúûüýþ¡¢£¤¥¦§",
    "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵĂÂÊÔƠƯĐ",
))
_TCVN3_SIGNS = set("µ¸¹¨©®ªÐ«¬­ñ")
_VNI_SIGNS = re.compile(r"[aeiouyAEIOUY][øùûõïâêôöÙØÛÕÏÂÊÔÖ]|ñ[a-z]|Ñ[A-Z]")


def decode_text_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM (Windows Notepad's "Unicode"), or a legacy
    one-byte Vietnamese encoding: Windows-1258 (Vietnamese Windows) or TCVN3. Returns (text, encoding).

    The two legacy encodings share byte values, so each is tried and the one whose words are Vietnamese syllables
    wins. Raises ValueError with a one-line reason for VNI or undecodable bytes."""
    if data.startswith(UTF16_BOMS):
        return data.decode("utf-16"), "utf-16"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        return text, "utf-8"
    if b"\x00" in data:
        raise ValueError("binary data, not text")
    latin = data.decode("cp1252", errors="replace")
    signs = sum(1 for ch in latin if ch in _TCVN3_SIGNS)
    vni = len(_VNI_SIGNS.findall(latin))
    if vni > signs and vni >= 5:
        raise ValueError("looks like VNI-encoded text; convert it to Unicode (UTF-8) first, e.g. with Unikey")
    candidates = []
    if signs >= 5:
        candidates.append(("tcvn3", "".join(_TCVN3.get(ch, ch) for ch in latin)))
    try:
        candidates.append(("windows-1258", unicodedata.normalize("NFC", data.decode("cp1258"))))
    except UnicodeDecodeError:
        pass
    scored = [(_marked_syllable_share(text), encoding, text) for encoding, text in candidates]
    scored = [item for item in scored if item[0] >= 0.5]
    if scored:
        _, encoding, text = max(scored, key=lambda item: item[0])
        return text, encoding
    raise ValueError("not UTF-8 text and no known Vietnamese legacy encoding (Windows-1258, TCVN3) detected")


def _marked_syllable_share(text: str) -> float:
    """Among the words that carry a Vietnamese letter or tone mark, the share that are Vietnamese syllables: a
    text decoded with the wrong legacy table has marked words of impossible shapes (``Thñ``, ``ViÖt``)."""
    words = [w.strip(".,;:!?()\"'") for w in text.split()]
    marked = [w for w in words if w and any(ch.lower() in _MARKED_LETTERS for ch in w)]
    if len(marked) < 3:
        return 0.0
    return sum(1 for w in marked if is_syllable_shape(w)) / len(marked)


_MARKED_LETTERS = set("àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵ")
