"""The records that pass between stages, in one place: ingest → ``PageSource`` / ``Ingested``; ocr → ``OcrPage``
(``OcrLine`` of ``OcrWord``, each with its box and confidence); reading a page → ``PageResult``. Restore and parse
exchange text and the output record (``pipeline.record``). Plain dataclasses: they pickle to worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Optional


@dataclass(frozen=True)
class PageSource:
    """One page of the input: text already, or where to find its pixels."""

    number: int  # 1-based page number in the input file
    kind: Literal["text", "text-layer", "ocr-file", "pdf-image", "image"]
    path: str
    text: Optional[str] = None
    confidences: Optional[tuple[float, ...]] = None  # an ocr-file page: each word's confidence, 0..1
    frame: int = 0  # frame of a multi-page TIFF
    dpi: Optional[int] = None  # rasterisation dpi for PDF pages; an image page's resolution once scaled
    scale: float = 1.0  # an image page is resized by this before OCR (a low-resolution scan, Options.min_dpi)


@dataclass
class Ingested:
    path: str
    sha256: str
    input_kind: str  # pdf-scan, pdf-text, pdf-mixed, image, text
    page_count: int
    pages: list[PageSource]
    encoding: Optional[str] = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class PageImage:
    """A page's pixels in memory (a PIL image) on their way to the OCR engine.

    ``path`` is set while the pixels are exactly those of an image file on disk that Tesseract reads itself (an
    unscaled PNG or JPEG page left as it is by the clean-up): the command-line engine then hands over the path,
    with no encode, and Tesseract reads the file's own resolution, so ``dpi`` is that resolution then and ``None``
    otherwise (Tesseract estimates it, as it does for the raw PNM it is given elsewhere)."""

    image: Any  # PIL.Image.Image; typed loosely so this module needs no PIL import
    path: Optional[str] = None
    dpi: Optional[int] = None


@dataclass(slots=True)
class OcrWord:
    text: str
    confidence: float  # 0..1
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels


@dataclass(slots=True)
class OcrLine:
    words: list[OcrWord]
    paragraph: tuple[int, int] = (0, 0)  # Tesseract's (block, paragraph) the line came from
    starts_paragraph: bool = False  # set by order_lines: a blank line goes before it in the page text

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (
            min(w.box[0] for w in self.words),
            min(w.box[1] for w in self.words),
            max(w.box[2] for w in self.words),
            max(w.box[3] for w in self.words),
        )

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class OcrPage:
    number: int
    width: int
    height: int
    lines: list[OcrLine] = field(default_factory=list)
    dpi: Optional[int] = None
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds of each step: raster, clean, ocr, reread

    @property
    def text(self) -> str:
        """Lines in reading order; a blank line between paragraphs (a centred subject, say, and the body)."""
        return "\n".join(("\n" if line.starts_paragraph and i else "") + line.text for i, line in enumerate(self.lines))

    @property
    def words(self) -> list[OcrWord]:
        return [w for line in self.lines for w in line.words]

    @property
    def mean_confidence(self) -> Optional[float]:
        words = self.words
        return sum(w.confidence for w in words) / len(words) if words else None


@dataclass
class PageResult:
    """What reading one page gives: its text, its words' confidences (OCR only), or the reason it failed."""

    number: int
    kind: str  # ocr, ocr-file (an OCR output file read as input), text-layer, text
    text: str = ""
    confidences: Optional[list[float]] = None
    error: Optional[str] = None
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # an OCR page's steps (OcrPage.timings)
    # an OCR page: per line of ``text``, each word's box on the page image (None for a blank line), and its size
    line_boxes: Optional[list[Optional[list[tuple[int, int, int, int]]]]] = None
    image_size: Optional[tuple[int, int]] = None
    dpi: Optional[int] = None
