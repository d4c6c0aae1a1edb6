"""Fake OCR engines for stage tests: ingest → record without Tesseract, and failure paths through the real code."""

from __future__ import annotations

from typing import Optional

from pipeline.errors import OcrError
from pipeline.ocr.layout import order_lines
from pipeline.types import OcrLine, OcrPage, OcrWord, PageImage

# A decision's first page as OCR would give it: the stage tests' document
DECISION_PAGE = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI
Số: 12/QĐ-UBND
Quảng Ngãi, ngày 20 tháng 3 năm 2025
QUYẾT ĐỊNH
Về việc ban hành Kế hoạch cải cách hành chính năm 2025
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015 của Quốc hội;
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính năm 2025 của tỉnh.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký, các sở ngành thực hiện theo quy định hiện hành.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn An
"""


class ReplayEngine:
    """Replays the text of each page as OCR words (one line per text line, laid out top to bottom), with one
    confidence for every word; ``calls`` records what it was asked to read."""

    name = "fake"
    language = "vie"
    rereads = False

    def __init__(self, pages: dict[int, str], confidence: float = 0.95):
        self.pages = pages
        self.confidence = confidence
        self.calls: list[tuple[int, Optional[tuple], tuple[int, int]]] = []

    def warm_up(self) -> bool:
        return False

    def version(self) -> Optional[str]:
        return "fake 1.0"

    def orientation(self, page: PageImage):
        return None

    def release(self) -> None:
        pass

    def recognise(self, page: PageImage, number: int, box=None, psm=None) -> OcrPage:
        self.calls.append((number, box, page.image.size))
        width, height = page.image.size
        lines = []
        for row, text in enumerate(self.pages.get(number, "").splitlines()):
            x, y, words = 100, 100 + 60 * row, []
            for token in text.split():
                words.append(OcrWord(token, self.confidence, (x, y, x + 20 * len(token), y + 40)))
                x += 20 * len(token) + 20
            if words:
                lines.append(OcrLine(words, paragraph=(1, row)))
        return OcrPage(number=number, width=width, height=height, lines=order_lines(lines, width))


class CrashingEngine(ReplayEngine):
    """Fails on the pages it is told to, as Tesseract does on a page it cannot read."""

    def __init__(self, pages: dict[int, str], failing: set[int]):
        super().__init__(pages)
        self.failing = failing

    def recognise(self, page: PageImage, number: int, box=None, psm=None) -> OcrPage:
        if number in self.failing:
            raise OcrError(f"page {number}: tesseract failed: simulated crash")
        return super().recognise(page, number, box, psm)
