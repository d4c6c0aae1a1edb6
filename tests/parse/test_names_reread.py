"""The name-line re-read (pipeline/ocr/signature.py) hands the names prior its doubt: a word whose two readings
differ in marks, neither of them confident, keeps its first reading at a low confidence, and the parser's prior
(pipeline/parse/names.py) then settles its marks."""

from __future__ import annotations

from pipeline.ocr.signature import (
    NAME_DISAGREE_CONFIDENCE,
    NAME_REREAD_MIN,
    reread_name_lines,
)
from pipeline.parse.names import LOW_CONFIDENCE, Syllable, settle_name
from pipeline.types import OcrLine, OcrPage, OcrWord, PageImage


def _line(words: list[tuple[str, float]], x: int = 1500, y: int = 3000) -> OcrLine:
    out, left = [], x
    for text, conf in words:
        out.append(OcrWord(text, conf, (left, y, left + 30 * len(text), y + 40)))
        left += 30 * len(text) + 20
    return OcrLine(out)


class _Again:
    """An engine whose reading of any box is the given words."""

    def __init__(self, words: list[tuple[str, float]]):
        self.words = words

    def recognise(self, page, number, box=None, psm=None) -> OcrPage:
        return OcrPage(number, 2480, 3508, [_line(self.words)])


def _page(words: list[tuple[str, float]]) -> OcrPage:
    return OcrPage(1, 2480, 3508, [_line(words)])


def test_two_unsure_readings_that_differ_in_marks_leave_the_word_unsure():
    page = _page([("Nguyễn", 0.95), ("Văn", 0.95), ("Tuân", 0.7)])
    assert reread_name_lines(page, PageImage(None), _Again([("Nguyễn", 0.95), ("Văn", 0.95), ("Tuấn", 0.6)])) == 0
    word = page.lines[0].words[2]
    assert word.text == "Tuân" and word.confidence == NAME_DISAGREE_CONFIDENCE < LOW_CONFIDENCE
    assert settle_name([Syllable(w.text, w.confidence) for w in page.lines[0].words]) == "Nguyễn Văn Tuấn"


def test_a_confident_reading_is_not_put_in_doubt():
    # the first reading is confident: the unsure second one changes nothing
    page = _page([("Nguyễn", 0.95), ("Văn", 0.95), ("Tuân", 0.93)])
    reread_name_lines(page, PageImage(None), _Again([("Nguyễn", 0.95), ("Văn", 0.95), ("Tuấn", 0.6)]))
    assert page.lines[0].words[2].confidence == 0.93
    # a confident second reading replaces the first, as before
    page = _page([("Nguyễn", 0.95), ("Văn", 0.95), ("Tuân", 0.7)])
    assert reread_name_lines(page, PageImage(None), _Again([("Nguyễn", 0.95), ("Văn", 0.95), ("Tuấn", 0.9)])) == 1
    word = page.lines[0].words[2]
    assert word.text == "Tuấn" and word.confidence >= NAME_REREAD_MIN
