"""OCR: one page image → words with boxes and confidences, grouped into lines in reading order.

``TesseractEngine`` is the one wrapper around Tesseract (through pytesseract): it owns the timeout, the thread
limit and the mapping of failures to ``OcrError``. Engines share one small interface (``recognise(image_path,
number) -> OcrPage``) so tests can plug in a fake one.

Reading order: Tesseract's default segmentation often reads the two columns of a Decree-30 header (and of the
signature block) as one line (``UBND TỈNH BẮC GIANG CỘNG HÒA XÃ HỘI ...``). ``order_lines`` splits a line at
a wide gap and, wherever two columns stand side by side, emits the whole left column before the right one.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Optional, Protocol

from pipeline.errors import OcrError
from pipeline.ocr.layout import page_from_tesseract
from pipeline.types import OcrPage


class OcrEngine(Protocol):
    name: str
    language: str

    def recognise(self, image_path: str, number: int) -> OcrPage: ...

    def version(self) -> Optional[str]: ...


def limit_threads() -> None:
    """One OpenMP thread per Tesseract: we parallelise over pages instead (Debian's tesseract with its default
    threads is about 4x slower on a busy 2-core machine). Called where an engine or a worker starts, not at import."""
    os.environ["OMP_THREAD_LIMIT"] = "1"


class TesseractEngine:
    name = "tesseract"

    def __init__(self, language: str = "vie", psm: int = 3, timeout: float = 120.0):
        limit_threads()
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
