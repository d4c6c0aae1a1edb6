"""OCR engines: a page image in memory → an ``OcrPage`` (words with boxes and confidences, lines in reading order).

Every engine has the same small interface (``OcrEngine``): ``recognise(page, number, box=None, psm=None)`` reads
the page, or only the rectangle ``box`` of it (page coordinates in, page coordinates out) with another page
segmentation mode for a re-read. Each engine owns its timeout and maps its failures to ``OcrError`` with one line.

- ``InProcessEngine`` (``--engine tesserocr``, the default): Tesseract's C++ API through tesserocr, one API per
  process created on first use (the model loaded once), the pixels handed over in memory (no file, no encode),
  words read from Tesseract's own TSV renderer, so the word table is the one the command line writes.
- ``CommandLineEngine`` (``--engine tesseract``): the ``tesseract`` program through pytesseract, a process per
  page; the fallback where tesserocr is not installed.

``make_engine(options)`` gives the engine of a process, made once per process and settings (worker start-up).
"""

from __future__ import annotations

import glob
import html
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional, Protocol

from pipeline.errors import OcrError
from pipeline.ocr.layout import page_from_tesseract
from pipeline.types import OcrPage, OcrWord, PageImage

if TYPE_CHECKING:  # pragma: no cover
    from pipeline.options import Options

log = logging.getLogger(__name__)

Box = tuple[int, int, int, int]
TSV_KEYS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top", "width", "height",
            "conf", "text")
# tessdata folders tried after $TESSDATA_PREFIX and what the tesseract program reports (Debian, Fedora, Homebrew)
COMMON_TESSDATA = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                   "/usr/share/tessdata", "/usr/local/share/tessdata", "/opt/homebrew/share/tessdata")


class OcrEngine(Protocol):
    name: str
    language: str
    rereads: bool  # whether the page recipe re-reads a hidden signature block with it

    def recognise(self, page: PageImage, number: int, box: Optional[Box] = None,
                  psm: Optional[int] = None) -> OcrPage: ...

    def characters(self, page: PageImage, box: Box, psm: int = 7) -> list[OcrWord]:
        """The characters Tesseract reads in the rectangle ``box`` (a single text line by default), each as an
        ``OcrWord`` of one character with its own box in page coordinates: where printed glyphs begin and end on
        a line whose words run into handwriting."""
        ...

    def version(self) -> Optional[str]: ...

    def warm_up(self) -> bool:
        """Start the engine (load its model) if it is not started; True when this call did it."""
        ...

    def release(self) -> None:
        """Let go of the last page (its image and results): called when a page is done."""
        ...

    def orientation(self, page: PageImage) -> Optional[tuple[int, float]]:
        """How far (degrees counter-clockwise: 0, 90, 180, 270) the page must turn to stand upright, and how sure
        Tesseract's orientation detection is; None when it cannot tell."""
        ...


def limit_threads() -> None:
    """One OpenMP thread per Tesseract: we parallelise over pages instead (Debian's tesseract with its default
    threads is about 4x slower on a busy 2-core machine). Called where an engine or a worker starts, not at import."""
    os.environ["OMP_THREAD_LIMIT"] = "1"


def missing_language(language: str) -> OcrError:
    return OcrError(f"Tesseract has no '{language}' language data: install tesseract-ocr-{language.split('+')[0]}")


_ENGINES: dict[tuple, OcrEngine] = {}
_ENGINES_LOCK = threading.Lock()


def make_engine(options: "Options") -> OcrEngine:
    """The engine for ``options`` in this process, created once (an in-process engine loads its model once)."""
    key = (options.engine, options.lang, options.psm, options.page_timeout, os.getpid(), threading.get_ident())
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            cls = InProcessEngine if options.engine == "tesserocr" else CommandLineEngine
            engine = _ENGINES[key] = cls(language=options.lang, psm=options.psm, timeout=options.page_timeout)
        return engine


def _offset(page: OcrPage, dx: int, dy: int) -> OcrPage:
    for line in page.lines:
        for word in line.words:
            word.box = (word.box[0] + dx, word.box[1] + dy, word.box[2] + dx, word.box[3] + dy)
    return page


# --- the command-line engine ------------------------------------------------------------------------------------


class _TesseractSettings:
    """What both Tesseract engines are made with; making one limits Tesseract to one thread in this process."""

    name = "tesseract"
    rereads = True  # the page recipe re-reads the signature block with this engine

    def __init__(self, language: str = "vie", psm: int = 3, timeout: float = 120.0):
        limit_threads()
        self.language = language
        self.psm = psm
        self.timeout = timeout


class CommandLineEngine(_TesseractSettings):
    """The ``tesseract`` program through pytesseract: a process per page, the image passed as a file."""

    def version(self) -> Optional[str]:
        return _tesseract_version()

    def warm_up(self) -> bool:
        return False  # each page starts its own tesseract process

    def release(self) -> None:
        pass  # the process that read the page has ended

    def orientation(self, page: PageImage) -> Optional[tuple[int, float]]:
        import pytesseract

        try:
            osd = pytesseract.image_to_osd(page.image, output_type=pytesseract.Output.DICT, timeout=self.timeout)
        except Exception:  # no osd data, too little text: the page stays as it is
            return None
        return int(osd.get("rotate", 0)) % 360, float(osd.get("orientation_conf", 0.0))

    def recognise(self, page: PageImage, number: int, box: Optional[Box] = None,
                  psm: Optional[int] = None) -> OcrPage:
        if box is None and page.path:
            return self._read(page.path, number, psm)  # Tesseract reads the file itself: no decode/encode
        with tempfile.TemporaryDirectory(prefix="extract-") as workdir:
            image = page.image if box is None else page.image.crop(box).convert("L")
            if image.mode not in ("L", "RGB"):
                image = image.convert("L" if image.mode in ("1", "I;16", "I", "F") else "RGB")
            path = Path(workdir) / ("page.pgm" if image.mode == "L" else "page.ppm")
            image.save(path)  # PNM is raw pixels: no compression cost
            read = self._read(str(path), number, psm)
        return read if box is None else _offset(read, box[0], box[1])

    def characters(self, page: PageImage, box: Box, psm: int = 7) -> list[OcrWord]:
        import pytesseract

        crop = page.image.crop(box).convert("L")
        try:  # hOCR with a span per character: its box and its confidence (a box file has no confidence)
            hocr = pytesseract.image_to_pdf_or_hocr(crop, lang=self.language, extension="hocr",
                                                    config=f"--psm {psm} -c hocr_char_boxes=1", timeout=self.timeout)
        except Exception as exc:  # noqa: BLE001 - a refinement's read: the caller goes on without it
            raise OcrError(f"character boxes not read ({type(exc).__name__})") from None
        out = []
        for match in _HOCR_CHARACTER.finditer(hocr.decode("utf-8", errors="replace")):
            text = html.unescape(match.group("text"))
            if not text.strip():
                continue
            x0, y0, x1, y1 = (int(match.group(k)) for k in ("x0", "y0", "x1", "y1"))
            out.append(OcrWord(text, float(match.group("conf")) / 100.0,
                               (box[0] + x0, box[1] + y0, box[0] + x1, box[1] + y1)))
        return out

    def _read(self, image_path: str, number: int, psm: Optional[int]) -> OcrPage:
        import pytesseract

        try:
            data = pytesseract.image_to_data(image_path, lang=self.language, config=f"--psm {psm or self.psm}",
                                             output_type=pytesseract.Output.DICT, timeout=self.timeout)
        except pytesseract.TesseractNotFoundError:
            raise OcrError("tesseract not found: install tesseract-ocr and tesseract-ocr-vie (make setup does)") from None
        except RuntimeError as exc:  # pytesseract raises RuntimeError on timeout
            raise OcrError(f"page {number}: OCR took longer than {self.timeout:.0f} s ({exc})") from None
        except pytesseract.TesseractError as exc:
            message = " ".join(str(exc.message).split())
            if "Failed loading language" in message or "traineddata" in message:
                raise missing_language(self.language) from None
            raise OcrError(f"page {number}: tesseract failed: {message[:200]}") from None
        return page_from_tesseract(data, number)


# one character of Tesseract's hOCR with hocr_char_boxes=1: its box (page pixels, y down) and confidence (0-100)
_HOCR_CHARACTER = re.compile(r"<span class='ocrx_cinfo' title='x_bboxes (?P<x0>-?\d+) (?P<y0>-?\d+) (?P<x1>-?\d+) "
                             r"(?P<y1>-?\d+); x_conf (?P<conf>[\d.]+)'>(?P<text>[^<]*)</span>")


@lru_cache(maxsize=1)
def _tesseract_version() -> Optional[str]:
    """``tesseract --version``, asked once per process (it is a subprocess)."""
    import pytesseract

    try:
        return str(pytesseract.get_tesseract_version())
    except Exception:
        return None


# --- the in-process engine --------------------------------------------------------------------------------------


class InProcessEngine(_TesseractSettings):
    """Tesseract's API in this process (tesserocr): the model loaded once, pages handed over as raw pixels.

    Not thread-safe: one engine per process (``make_engine``). The word table is Tesseract's TSV renderer's, with
    word confidences truncated to whole numbers as pytesseract reads them, so the two engines' words compare."""

    def __init__(self, language: str = "vie", psm: int = 3, timeout: float = 120.0):
        super().__init__(language, psm, timeout)
        self._api = None
        self._osd = None  # the orientation detector's API, made when a page first needs it
        self._image_key: Optional[tuple] = None  # (the PIL image handed over, its dpi)
        self.load_seconds = 0.0  # how long creating the API (loading the model) took, for -v timings and the bench

    @property
    def api(self):
        if self._api is None:
            import time

            try:
                import tesserocr
            except ImportError:
                raise OcrError("tesserocr is not installed: pip install tesserocr, or use --engine tesseract") from None
            started = time.perf_counter()
            path = find_tessdata(self.language)
            try:
                self._api = tesserocr.PyTessBaseAPI(path=path, lang=self.language, psm=self.psm)
            except RuntimeError:
                raise missing_language(self.language) from None
            self.load_seconds = time.perf_counter() - started
        return self._api

    def release(self) -> None:
        """Free the page's image and recognition results inside Tesseract (the model stays loaded) before the
        worker goes on to restore and parse: they would otherwise sit beside the restoration model."""
        if self._api is not None:
            self._api.Clear()
        self._image_key = None

    def warm_up(self) -> bool:
        if self._api is not None:
            return False
        self.api  # noqa: B018 - creates the API, loads the model
        return True

    def orientation(self, page: PageImage) -> Optional[tuple[int, float]]:
        if self._osd is None:
            import tesserocr

            try:
                self._osd = tesserocr.PyTessBaseAPI(path=find_tessdata("osd"), lang="osd", psm=tesserocr.PSM.OSD_ONLY)
            except (OcrError, RuntimeError):
                self._osd = False  # no orientation data: pages stay as they are
        if self._osd is False:
            return None
        image = page.image if page.image.mode == "L" else page.image.convert("L")
        self._osd.SetImageBytes(image.tobytes(), image.width, image.height, 1, image.width)
        found = self._osd.DetectOrientationScript()
        if not found:
            return None
        return int(found["orient_deg"]) % 360, float(found["orient_conf"])

    def version(self) -> Optional[str]:
        try:
            import tesserocr
        except ImportError:
            return None
        first = tesserocr.tesseract_version().splitlines()[0].strip()
        return first.removeprefix("tesseract ").strip()

    def recognise(self, page: PageImage, number: int, box: Optional[Box] = None,
                  psm: Optional[int] = None) -> OcrPage:
        api = self.api
        self._set_image(page)
        width, height = page.image.size
        x0, y0, x1, y1 = box if box is not None else (0, 0, width, height)
        x0, y0 = max(0, min(x0, width)), max(0, min(y0, height))
        x1, y1 = max(x0, min(x1, width)), max(y0, min(y1, height))
        api.SetRectangle(x0, y0, x1 - x0, y1 - y0)
        wanted = psm or self.psm
        if wanted != self.psm:
            api.SetPageSegMode(wanted)
        try:
            with _library_chatter(number):
                recognised = api.Recognize(timeout=int(self.timeout * 1000))
            if not recognised:
                raise OcrError(f"page {number}: OCR took longer than {self.timeout:.0f} s or failed")
            data = _tsv_table(api.GetTSVText(0) or "")
        finally:
            if wanted != self.psm:
                api.SetPageSegMode(self.psm)
        read = page_from_tesseract(data, number)
        if box is not None:  # the page row of a rectangle read is the rectangle: the page's size is the image's
            read.width, read.height = x1 - x0, y1 - y0
        return read

    def characters(self, page: PageImage, box: Box, psm: int = 7) -> list[OcrWord]:
        import tesserocr

        crop = PageImage(page.image.crop(box).convert("L"), dpi=page.dpi)  # a strip: not the whole page handed over
        api = self.api
        self._set_image(crop)
        api.SetPageSegMode(psm)
        out = []
        try:
            if not api.Recognize(timeout=int(self.timeout * 1000)):
                raise OcrError("character boxes not read: OCR took too long or failed")
            level = tesserocr.RIL.SYMBOL
            found = api.GetIterator()
            while found is not None:
                try:
                    text, (x0, y0, x1, y1) = found.GetUTF8Text(level), found.BoundingBox(level)
                    out.append(OcrWord(text, found.Confidence(level) / 100.0,
                                       (box[0] + x0, box[1] + y0, box[0] + x1, box[1] + y1)))
                except RuntimeError:  # an empty result (nothing read at this position)
                    pass
                if not found.Next(level):
                    break
        finally:
            api.SetPageSegMode(self.psm)
        return out

    def _set_image(self, page: PageImage) -> None:
        """Hand the pixels over as raw bytes (tesserocr's SetImage would encode them to PNG and back); the same
        image is not handed over twice (a rectangle re-read of the page just read)."""
        image = page.image
        # the image itself is kept with its key: a freed image's id could be reused by the next page's image
        key = (image, page.dpi)
        if self._image_key is not None and self._image_key[0] is image and self._image_key[1] == page.dpi:
            return
        if image.mode not in ("L", "RGB", "1"):
            image = image.convert("L" if image.mode in ("I;16", "I", "F", "LA") else "RGB")
        width, height = image.size
        if image.mode == "1":
            self.api.SetImageBytes(image.tobytes(), width, height, 0, (width + 7) // 8)
        else:
            depth = 1 if image.mode == "L" else 3
            self.api.SetImageBytes(image.tobytes(), width, height, depth, width * depth)
        if page.dpi:
            self.api.SetSourceResolution(int(page.dpi))
        self._image_key = key


@contextmanager
def _library_chatter(number: int) -> Iterator[None]:
    """What Tesseract and Leptonica print on the process's standard error while a page is read (``Error in
    boxClipToRectangle: box outside rectangle`` on a noisy page) goes to the debug log (-vv), not to the user's
    terminal beside the one-line messages: the command-line engine's stderr is captured the same way."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real standard error (an embedding host): nothing to divert
        yield
        return
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            chatter = sink.read().decode("utf-8", "replace").strip()
            if chatter:
                log.debug("page %d: Tesseract says: %s", number, " | ".join(chatter.splitlines())[:500])


def _tsv_table(tsv: str) -> dict[str, list]:
    """Tesseract's TSV (no header row) → pytesseract's table, confidences truncated to whole numbers as it does."""
    table: dict[str, list] = {key: [] for key in TSV_KEYS}
    for row in tsv.split("\n"):
        if not row:
            continue
        cells = row.split("\t", 11)
        cells += [""] * (12 - len(cells))
        for key, value in zip(TSV_KEYS[:10], cells[:10]):
            table[key].append(int(value))
        table["conf"].append(int(float(cells[10])))
        table["text"].append(cells[11])
    return table


def find_tessdata(language: str) -> str:
    """A tessdata folder holding every part of ``language`` (``vie+eng``): $TESSDATA_PREFIX, then the folder the
    ``tesseract`` program reports, then the common install places. Raises OcrError naming the missing data."""
    parts = [p for p in language.split("+") if p]

    def candidates():
        prefix = os.environ.get("TESSDATA_PREFIX")
        if prefix:
            yield prefix
            yield os.path.join(prefix, "tessdata")
        yield from COMMON_TESSDATA
        reported = _reported_tessdata()
        if reported:
            yield reported
        yield from sorted(glob.glob("/usr/share/tesseract-ocr/*/tessdata"), reverse=True)

    for folder in candidates():
        if all(os.path.isfile(os.path.join(folder, f"{part}.traineddata")) for part in parts):
            return folder.rstrip(os.sep) + os.sep
    raise missing_language(language)


@lru_cache(maxsize=1)
def _reported_tessdata() -> Optional[str]:
    """The folder ``tesseract --list-langs`` names (None without the program)."""
    program = shutil.which("tesseract")
    if not program:
        return None
    try:
        out = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r'languages in "([^"]+)"', out)
    return match.group(1) if match else None
