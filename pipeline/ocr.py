"""OCR: one page image → words with boxes and confidences, grouped into lines in reading order.

``TesseractEngine`` is the one wrapper around Tesseract (through pytesseract): it owns the timeout, the thread
limit and the mapping of failures to ``OcrError``. Engines share one small interface (``recognise(image_path,
number) -> OcrPage``) so tests can plug in a fake one.

Reading order: Tesseract's default segmentation often reads the two columns of a Decree-30 header (and of the
signature block) as one line (``UBND TỈNH BẮC GIANG CỘNG HÒA XÃ HỘI ...``). ``order_lines`` splits a line at
a wide gap and, wherever two columns stand side by side, emits the whole left column before the right one.
"""

from __future__ import annotations

import logging
import os
import statistics
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional, Protocol

from .errors import OcrError
from .ingest import PageSource

log = logging.getLogger(__name__)

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one thread per process: we parallelise over pages instead


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


class OcrEngine(Protocol):
    name: str
    language: str

    def recognise(self, image_path: str, number: int) -> OcrPage: ...

    def version(self) -> Optional[str]: ...


class TesseractEngine:
    name = "tesseract"

    def __init__(self, language: str = "vie", psm: int = 3, timeout: float = 120.0):
        self.language = language
        self.psm = psm
        self.timeout = timeout

    def version(self) -> Optional[str]:
        return _tesseract_version()

    def recognise(self, image_path: str, number: int) -> OcrPage:
        """OCR the image file at ``image_path`` (given as a path, so no re-encoding happens on the way)."""
        import pytesseract

        try:
            data = pytesseract.image_to_data(
                image_path,
                lang=self.language,
                config=f"--psm {self.psm}",
                output_type=pytesseract.Output.DICT,
                timeout=self.timeout,
            )
        except pytesseract.TesseractNotFoundError:
            raise OcrError("tesseract not found: install tesseract-ocr and tesseract-ocr-vie (make setup does)") from None
        except RuntimeError as exc:  # pytesseract raises RuntimeError on timeout
            raise OcrError(f"page {number}: OCR took longer than {self.timeout:.0f} s ({exc})") from None
        except pytesseract.TesseractError as exc:
            message = " ".join(str(exc.message).split())
            if "Failed loading language" in message or "traineddata" in message:
                raise OcrError(f"Tesseract has no '{self.language}' language data: install tesseract-ocr-{self.language.split('+')[0]}") from None
            raise OcrError(f"page {number}: tesseract failed: {message[:200]}") from None
        return page_from_tesseract(data, number)


@lru_cache(maxsize=1)
def _tesseract_version() -> Optional[str]:
    """``tesseract --version``, asked once per process (it is a subprocess)."""
    import pytesseract

    try:
        return str(pytesseract.get_tesseract_version())
    except Exception:
        return None


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
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        x, y, w, h = (int(data[k][i]) for k in ("left", "top", "width", "height"))
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        groups.setdefault(key, []).append(OcrWord(text, max(0.0, min(1.0, conf / 100.0)), (x, y, x + w, y + h)))
    raw_lines = [OcrLine(sorted(words, key=lambda w: w.box[0]), paragraph=key[:2]) for key, words in groups.items()]
    return OcrPage(number=number, width=width, height=height, lines=order_lines(raw_lines, width))


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
        ordered.extend([f for f in zone if f.box[2] <= gutter] + [f for f in zone if f.box[2] > gutter])
        i = end
    for previous, line in zip(ordered, ordered[1:]):
        line.starts_paragraph = line.paragraph != previous.paragraph
    return ordered


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
        x0, y0, x1, y1 = line.box
        slack = max(4, (y1 - y0) // 2)
        if not (x1 <= gutter + slack or x0 >= gutter - slack):
            break  # this line crosses the gutter: one-column text again
        reached_split = reached_split or split_gutter is not None
        end = j + 1
    return (end, gutter) if reached_split else (start, None)


def recognise_page(source: PageSource, engine: OcrEngine, clean: bool = True, handwriting: bool = True) -> OcrPage:
    """Rasterise (PDF) or extract (TIFF frame) one page to a raw PNM file, clean it and OCR it.

    Runs in a worker process. ``clean`` drops red ink (stamps) and removes ruled lines and box borders first.
    ``handwriting`` re-reads the number and the day of the first page's header, often filled in by hand,
    with the digit reader (see handwriting.py)."""
    with tempfile.TemporaryDirectory(prefix="extract-") as workdir:
        original = image_path = _page_image(source, Path(workdir))
        if clean:
            image_path = _cleaned(original, Path(workdir), source.dpi or 300)
        page = engine.recognise(image_path, source.number)
        if handwriting and source.number == 1:
            _reread_handwritten_fields(original, page)
        if isinstance(engine, TesseractEngine):
            _reread_signature_block(original, page, engine)
    page.dpi = source.dpi
    return page


def _reread_handwritten_fields(image_path: str, page: OcrPage) -> None:
    from .handwriting import apply_field_reads, reread_fields

    try:
        apply_field_reads(page, reread_fields(image_path, page))
    except FileNotFoundError as exc:
        page.warnings.append(f"handwritten fields not re-read: {exc}")
    except Exception as exc:  # the re-read is a refinement: it must never cost the page
        log.warning("page %d: handwritten field re-read failed: %s", page.number, exc)
        page.warnings.append(f"handwritten fields not re-read ({type(exc).__name__})")


def _reread_signature_block(image_path: str, page: OcrPage, engine: "TesseractEngine") -> None:
    from .signature_reread import reread_signature_block

    try:
        reread_signature_block(image_path, page, engine)
    except OcrError as exc:
        page.warnings.append(f"signature block not re-read: {exc}")
    except Exception as exc:  # a refinement: it must never cost the page
        log.warning("page %d: signature block re-read failed: %s", page.number, exc)
        page.warnings.append(f"signature block not re-read ({type(exc).__name__})")


def _cleaned(image_path: str, workdir: Path, dpi: int) -> str:
    """The page as Tesseract should see it, as a raw PGM: red ink dropped, rules and box borders removed.

    Red stamps (con dấu) lie over the signer's position and name; in the red channel red ink is as light as the
    paper while black print, and blue or black handwriting, stay dark."""
    import numpy as np
    from PIL import Image

    from .preprocess import remove_rules

    with Image.open(image_path) as image:
        if image.mode in ("1", "L", "I;16", "I", "F"):
            gray = np.asarray(image.convert("L"))
            coloured = False
        else:
            rgb = image if image.mode == "RGB" else image.convert("RGB")
            gray = np.asarray(rgb.getchannel("R"))
            coloured = True
    cleaned = remove_rules(gray, dpi)
    if cleaned is gray and not coloured:
        return image_path
    out = workdir / "page-clean.pgm"
    Image.fromarray(cleaned).save(out)
    return str(out)


def _page_image(source: PageSource, workdir: Path) -> str:
    if source.kind == "pdf-image":
        stem = workdir / "page"
        cmd = [
            "pdftoppm", "-r", str(source.dpi or 300),
            "-f", str(source.number), "-l", str(source.number), "-singlefile", source.path, str(stem),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=120, check=False)
        except FileNotFoundError:
            raise OcrError("pdftoppm not found: install poppler-utils (make setup does)") from None
        except subprocess.TimeoutExpired:
            raise OcrError(f"page {source.number}: rasterising took longer than 120 s") from None
        out = stem.with_suffix(".ppm")
        if done.returncode != 0 or not out.exists():
            reason = " ".join(done.stderr.decode("utf-8", "replace").split())[:200]
            raise OcrError(f"page {source.number}: cannot rasterise the PDF page ({reason or 'pdftoppm failed'})")
        return str(out)
    if source.kind == "image":
        suffix = Path(source.path).suffix.lower()
        from PIL import Image

        scaled = source.scale > 1.0
        if not scaled and source.frame == 0 and suffix in {".png", ".jpg", ".jpeg"}:
            return source.path  # Tesseract reads these itself: no decode/encode round trip
        if not scaled and suffix in {".pgm", ".ppm", ".pnm"}:
            with Image.open(source.path) as image:  # reads the header only
                if image.mode in ("L", "RGB"):
                    return source.path  # 8-bit raw PNM: as is

        with Image.open(source.path) as image:
            image.seek(source.frame)
            frame = image.convert("L" if image.mode in ("1", "L", "I;16", "I", "F") else "RGB")
        if scaled:
            # a low-resolution scan (ingest.image_resolution), resampled to Options.min_dpi: Tesseract's glyphs
            # are too small below about 300 dpi
            frame = frame.resize((round(frame.width * source.scale), round(frame.height * source.scale)), Image.LANCZOS)
        out = workdir / ("page.pgm" if frame.mode == "L" else "page.ppm")
        frame.save(out)  # PNM is raw pixels: no compression cost
        return str(out)
    raise ValueError(f"page kind {source.kind} has no image")
