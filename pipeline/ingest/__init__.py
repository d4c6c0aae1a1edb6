"""Ingest: a file on disk → a list of pages to read, chosen by content, not by extension alone.

A page is either text already (a UTF-8/TCVN3 text dump, or a PDF text layer that decodes to plausible
Vietnamese) or an image to OCR (a scanned PDF page, a PNG/JPEG/TIFF frame). Images are not loaded here: each
``PageSource`` names where its pixels are, so OCR workers rasterise their own page and memory stays bounded.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import InputError
from pipeline.ingest.files import (
    HTML_EXTENSIONS,
    IMAGE_EXTENSIONS,
    IMAGE_MAGIC,
    OCR_FILE_EXTENSIONS,
    SUPPORTED_EXTENSIONS,
    TEXT_EXTENSIONS,
    WORD_EXTENSIONS,
    check_file,
    sha256_file,
    sniff,
)
from pipeline.ingest.image import ingest_image
from pipeline.ingest.pdf import ingest_pdf
from pipeline.ingest.text import ingest_docx, ingest_html, ingest_text, looks_html
from pipeline.options import Options
from pipeline.types import Ingested, PageSource

__all__ = ["ingest", "sniff", "sha256_file", "SUPPORTED_EXTENSIONS", "IMAGE_EXTENSIONS", "TEXT_EXTENSIONS",
           "OCR_FILE_EXTENSIONS", "HTML_EXTENSIONS", "WORD_EXTENSIONS"]


def ingest(path: str | Path, options: Options) -> Ingested:
    """Look at the file and list its pages. Raises InputError subclasses with a one-line reason."""
    path = Path(path)
    check_file(path)
    kind = sniff(path)
    suffix = path.suffix.lower()
    if suffix == ".pdf" and kind != "pdf":
        raise InputError(f"named .pdf but holds {kind} data, not a PDF; rename it or check the file", path=str(path))
    if suffix in IMAGE_EXTENSIONS and kind not in IMAGE_MAGIC.values():
        raise InputError(f"named {suffix} but holds {kind} data, not an image", path=str(path))
    if suffix in TEXT_EXTENSIONS | OCR_FILE_EXTENSIONS | HTML_EXTENSIONS and kind != "text":
        raise InputError(f"named {suffix} but holds {kind} data, not text", path=str(path))
    if suffix in WORD_EXTENSIONS and kind != "docx":
        raise InputError(f"named {suffix} but holds {kind} data, not a Word document", path=str(path))
    sha = sha256_file(path)
    if kind == "pdf":
        result = ingest_pdf(path, sha, options)
    elif kind == "docx":
        result = ingest_docx(path, sha)
    elif kind == "text" and (suffix in HTML_EXTENSIONS or suffix not in TEXT_EXTENSIONS | OCR_FILE_EXTENSIONS
                             and looks_html(path)):
        result = ingest_html(path, sha)
    elif kind == "text":
        result = ingest_text(path, sha)
    else:
        result = ingest_image(path, sha, kind, options)
    result.pages = _select_pages(result.pages, options, path)
    return result


def _select_pages(pages: list[PageSource], options: Options, path: Path) -> list[PageSource]:
    if options.pages is None:
        return pages
    chosen = [p for p in pages if p.number in set(options.pages)]
    if not chosen:
        raise InputError(f"--pages names no page of this {len(pages)}-page document", path=str(path))
    return chosen
