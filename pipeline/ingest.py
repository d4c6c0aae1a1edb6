"""Ingest: a file on disk → a list of pages to read, chosen by content, not by extension alone.

A page is either text already (a UTF-8/TCVN3 text dump, or a PDF text layer that decodes to plausible
Vietnamese) or an image to OCR (a scanned PDF page, a PNG/JPEG/TIFF frame). Images are not loaded here: each
``PageSource`` names where its pixels are, so OCR workers rasterise their own page and memory stays bounded.
"""

from __future__ import annotations

import hashlib
import logging
import subprocess
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Optional

from PIL import Image

from .errors import EncryptedPdf, ImageTooLarge, InputError
from .options import Options
from .text import decode_text_bytes, normalize, plausible_text_layer

log = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
    b"P5": "pnm",  # raw PGM/PPM, what scanner tools and pdftoppm write
    b"P6": "pnm",
}
IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pgm", ".ppm", ".pnm"}
TEXT_EXTENSIONS = {".txt", ".text"}
OCR_FILE_EXTENSIONS = {".tsv", ".hocr"}  # Tesseract's TSV and hOCR output (pipeline.ocr_files); told by content
SUPPORTED_EXTENSIONS = IMAGE_EXTENSIONS | TEXT_EXTENSIONS | OCR_FILE_EXTENSIONS | {".pdf"}


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


def sniff(path: Path) -> str:
    """'pdf', 'png', 'jpeg', 'tiff' or 'text' from the first bytes; raises InputError for anything else."""
    with path.open("rb") as handle:
        head = handle.read(2048)
    if not head:
        raise InputError("file is empty (0 bytes)", path=str(path))
    if PDF_MAGIC in head[:1024]:
        return "pdf"
    for magic, kind in IMAGE_MAGIC.items():
        if head.startswith(magic):
            return kind
    if b"\x00" not in head:
        return "text"
    raise InputError("unsupported file type: not a PDF, PNG, JPEG, TIFF or text file", path=str(path))


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_file(path: Path) -> None:
    if not path.exists():
        raise InputError("no such file", path=str(path))
    if path.is_dir():
        raise InputError("is a directory, not a file (give a file, or use a batch run over the folder)", path=str(path))
    if not path.is_file():
        raise InputError("not a regular file", path=str(path))
    try:
        with path.open("rb"):
            pass
    except PermissionError:
        raise InputError("permission denied: cannot read the file", path=str(path)) from None


def ingest(path: str | Path, options: Options) -> Ingested:
    """Look at the file and list its pages. Raises InputError subclasses with a one-line reason."""
    path = Path(path)
    _check_file(path)
    kind = sniff(path)
    suffix = path.suffix.lower()
    if suffix == ".pdf" and kind != "pdf":
        raise InputError(f"named .pdf but holds {kind} data, not a PDF; rename it or check the file", path=str(path))
    if suffix in IMAGE_EXTENSIONS and kind not in IMAGE_MAGIC.values():
        raise InputError(f"named {suffix} but holds {kind} data, not an image", path=str(path))
    if suffix in TEXT_EXTENSIONS | OCR_FILE_EXTENSIONS and kind != "text":
        raise InputError(f"named {suffix} but holds {kind} data, not text", path=str(path))
    sha = sha256_file(path)
    if kind == "pdf":
        result = _ingest_pdf(path, sha, options)
    elif kind == "text":
        result = _ingest_text(path, sha)
    else:
        result = _ingest_image(path, sha, kind, options)
    result.pages = _select_pages(result.pages, options, path)
    return result


def _select_pages(pages: list[PageSource], options: Options, path: Path) -> list[PageSource]:
    if options.pages is None:
        return pages
    chosen = [p for p in pages if p.number in set(options.pages)]
    if not chosen:
        raise InputError(f"--pages names no page of this {len(pages)}-page document", path=str(path))
    return chosen


def _ingest_text(path: Path, sha: str) -> Ingested:
    try:
        text, encoding = decode_text_bytes(path.read_bytes())
    except ValueError as exc:
        raise InputError(str(exc), path=str(path)) from None
    text = normalize(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise InputError("text file holds no text", path=str(path))
    # imported here, not at the top: ocr_files needs pipeline.ocr, which imports this module
    from .ocr_files import ocr_file_format, page_texts

    fmt = ocr_file_format(text)
    if fmt:
        pages = [PageSource(number=n, kind="ocr-file", path=str(path), text=page, confidences=confidences)
                 for n, (page, confidences) in enumerate(page_texts(text, fmt, str(path)), start=1)]
        return Ingested(str(path), sha, "ocr-file", len(pages), pages, encoding=encoding)
    if path.suffix.lower() in OCR_FILE_EXTENSIONS:
        raise InputError(f"named {path.suffix.lower()} but holds no Tesseract TSV or hOCR", path=str(path))
    chunks = text.split("\f")  # form feeds separate pages in pdftotext-style dumps
    pages = [PageSource(number=i + 1, kind="text", path=str(path), text=chunk) for i, chunk in enumerate(chunks)]
    return Ingested(str(path), sha, "text", len(pages), pages, encoding=encoding)


A4_SHORT_INCHES = 8.27  # Decree 30 sets documents on A4 (210 × 297 mm)


def image_resolution(width: int, height: int, stated: object = None) -> Optional[float]:
    """The resolution an image page was scanned at: the one its file states when that makes the page about A4 or
    Letter wide (7-9.5 inches: a 2480 × 3508 scan stating 72 dpi would be a 34-inch sheet, one stating 200 dpi a
    12-inch one: defaults or wrong tags, not the scan's setting), else the one that makes a page of A-series
    proportions (1 : 1.414) A4 wide; None when neither tells (a photo, a crop)."""
    short, long_ = sorted((width, height))
    try:
        x = float(stated[0]) if isinstance(stated, (tuple, list)) else float(stated) if stated else 0.0
    except (TypeError, ValueError):
        x = 0.0
    if 50 <= x <= 1200 and 7.0 <= short / x <= 9.5:
        return x
    if 1.36 <= long_ / short <= 1.47:
        return short / A4_SHORT_INCHES
    return None


def _ingest_image(path: Path, sha: str, kind: str, options: Options) -> Ingested:
    guard, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None  # opening reads the header only; we check below
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # PIL's "Corrupt EXIF data": the error below says it in one line
            with Image.open(path) as image:
                width, height = image.size
                frames = getattr(image, "n_frames", 1)
                stated = image.info.get("dpi")
    except Exception as exc:  # PIL raises many types for damaged files
        raise InputError(f"cannot read the {kind.upper()} image ({type(exc).__name__}: {exc})", path=str(path)) from None
    finally:
        Image.MAX_IMAGE_PIXELS = guard
    if width * height > options.max_pixels:
        raise ImageTooLarge(
            f"image is {width}×{height} px ({width * height / 1e6:.0f} MP), over the {options.max_pixels / 1e6:.0f} MP "
            "limit; scan at 300 dpi or raise --max-pixels",
            path=str(path),
        )
    if width < 8 or height < 8:
        raise InputError(f"image is only {width}×{height} px: nothing to read", path=str(path))
    resolution = image_resolution(width, height, stated)
    scale = 1.0
    notes: list[str] = []
    if resolution and options.min_dpi and resolution < 0.9 * options.min_dpi:
        scale = min(options.min_dpi / resolution, (options.max_pixels / (width * height)) ** 0.5)
        if scale > 1.05:
            notes.append(f"image scanned at about {resolution:.0f} dpi: upscaled to {resolution * scale:.0f} dpi "
                            "for OCR (Tesseract reads best at 300)")
        else:
            scale = 1.0
    # only an upscaled page states its resolution: the clean-up's rule sizes assume 300 dpi otherwise, as before
    dpi = round(resolution * scale) if scale > 1.0 else None
    pages = [PageSource(number=i + 1, kind="image", path=str(path), frame=i, dpi=dpi, scale=scale)
             for i in range(frames)]
    return Ingested(str(path), sha, "image", frames, pages, warnings=notes)


def _pdf_page_sizes(path: Path) -> list[tuple[float, float]]:
    """Page sizes in points, via pypdf; raises InputError for encrypted, damaged or empty PDFs."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:
                opened = 0
            if not opened:
                raise EncryptedPdf("PDF is encrypted with a password; decrypt it first (e.g. qpdf --decrypt)", path=str(path))
        sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise InputError(f"damaged PDF, cannot be read ({type(exc).__name__}: {exc})", path=str(path)) from None
    except Exception as exc:
        raise InputError(f"damaged PDF, cannot be read ({type(exc).__name__}: {exc})", path=str(path)) from None
    if not sizes:
        raise InputError("PDF has no pages", path=str(path))
    return sizes


def _pdf_text_layer(path: Path, page_count: int) -> list[str]:
    """Each page's text layer as pdftotext reads it (reading order, not layout); '' where there is none."""
    try:
        done = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=120, check=False
        )
    except FileNotFoundError:
        raise InputError("pdftotext not found: install poppler-utils (make setup does)", path=str(path)) from None
    except subprocess.TimeoutExpired:
        return [""] * page_count
    if done.returncode != 0:
        return [""] * page_count
    chunks = done.stdout.decode("utf-8", errors="replace").split("\f")
    return (chunks + [""] * page_count)[:page_count]


def _pdf_scanned_pages(path: Path, sizes: list[tuple[float, float]]) -> set[int]:
    """Pages covered by one big image (a scan). Their text layer, if any, is a stamp or someone else's OCR."""
    try:
        done = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, timeout=60, check=False)
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return set()
    scanned = set()
    for row in done.stdout.decode("utf-8", "replace").splitlines()[2:]:
        cols = row.split()
        try:
            page, kind, width, height, x_ppi, y_ppi = int(cols[0]), cols[2], int(cols[3]), int(cols[4]), float(cols[12]), float(cols[13])
        except (IndexError, ValueError):
            continue
        if kind != "image" or not (1 <= page <= len(sizes)) or x_ppi <= 0 or y_ppi <= 0:
            continue
        page_w, page_h = sizes[page - 1]
        if (width / x_ppi) * (height / y_ppi) >= 0.5 * (page_w / 72) * (page_h / 72):
            scanned.add(page)
    return scanned


def _ingest_pdf(path: Path, sha: str, options: Options) -> Ingested:
    sizes = _pdf_page_sizes(path)
    use_layers = options.text_layer == "auto"
    scanned = _pdf_scanned_pages(path, sizes) if use_layers else set()
    # a scan's text layer is never used, so only born-digital pages are worth a pdftotext run
    wanted = use_layers and len(scanned) < len(sizes)
    layers = _pdf_text_layer(path, len(sizes)) if wanted else [""] * len(sizes)
    pages: list[PageSource] = []
    warnings: list[str] = []
    for number, ((width_pt, height_pt), layer) in enumerate(zip(sizes, layers), start=1):
        if number in scanned:
            layer = ""
        if layer.strip() and plausible_text_layer(layer):
            pages.append(PageSource(number=number, kind="text-layer", path=str(path), text=normalize(layer)))
            continue
        if len(layer.split()) >= 25:
            warnings.append(f"page {number}: text layer does not decode to Vietnamese (broken font map?); OCR used")
        dpi = options.dpi
        pixels = (width_pt / 72 * dpi) * (height_pt / 72 * dpi)
        if pixels > options.max_pixels:
            dpi = max(50, int(dpi * (options.max_pixels / pixels) ** 0.5))
            warnings.append(f"page {number}: page is very large; rasterised at {dpi} dpi instead of {options.dpi}")
        pages.append(PageSource(number=number, kind="pdf-image", path=str(path), dpi=dpi))
    kinds = {p.kind for p in pages}
    input_kind = "pdf-text" if kinds == {"text-layer"} else "pdf-scan" if kinds == {"pdf-image"} else "pdf-mixed"
    return Ingested(str(path), sha, input_kind, len(sizes), pages, warnings=warnings)
