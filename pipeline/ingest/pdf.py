"""PDF input: each page either its text layer (when it decodes to plausible Vietnamese) or an image to OCR."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pipeline.errors import EncryptedPdf, InputError
from pipeline.options import Options
from pipeline.text import normalize, plausible_text_layer
from pipeline.types import Ingested, PageSource


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


def ingest_pdf(path: Path, sha: str, options: Options) -> Ingested:
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
