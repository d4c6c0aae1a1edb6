"""Re-read the handwritten number and issue day of a Decree-30 page, which Tesseract reads as garbage.

Real scans carry the document number and the day (sometimes the month) written by hand into printed blanks:
``Số: 07 /CT-UBND`` (Số = number) and ``Quảng Ngãi, ngày 20 tháng 3 năm 2018`` (ngày = day, tháng = month,
năm = year). This module

1. locates those blanks from the page's OCR words (the ``Số`` word and the ``/symbol`` word to its right; the
   ``ngày``/``tháng``/``năm`` words of the date line), estimating where printed words really end from their
   expected widths when Tesseract merged handwriting into a word box (``ngày0?``, ``04tháng``); with the line read
   one character at a time, the printed anchors are typeset, fitted to the scan and erased (``printed.py``), so a
   digit written over the colon or into the slash is read whole between them;
2. cuts the ink in each blank into digit glyphs: ruled lines removed, connected components merged when they
   overlap in x, a blob wide enough to be two touching digits cut at a vertical-projection minimum when the
   classifier is surer of the two halves than of the whole;
3. classifies each glyph (deskewed, scaled to 28×28) with small convolutional nets trained only on synthetic renders
   (handwriting fonts and hand-drawn stroke skeletons: ``models/build_digits.py`` → ``pipeline/models/digits/``),
   with an 11th "not a digit" class for specks and fragments of printed letters;
4. picks the most probable digit string that is a valid value (day 1–31, month 1–12, number 1–4 digits),
   each glyph being a digit or skipped as "not a digit".

A clean OCR token (1–4 digits, confidence ≥ 0.8, not taller than the printed text beside it) is kept as is.
``reread_fields`` returns the reads; ``apply_field_reads`` writes them back into the OCR page's words so the
page text reads ``Số: 07/CT-UBND`` and ``ngày 20 tháng 3 năm 2018``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Optional, Sequence

import numpy as np

from pipeline.ocr.handwriting.digits import (
    MODEL_PATH,
    RULE_RUN,
    Box,
    DigitModel,
    erase_sloped_rules,
    ink_threshold,
    load_gray,
    load_model,
    read_digits,
    valid_value,
)
from pipeline.ocr.handwriting.printed import erase_anchors, print_fit
from pipeline.errors import OcrError
from pipeline.lexicon import DOC_TYPES
from pipeline.text import strip_marks
from pipeline.types import OcrLine, OcrWord

if TYPE_CHECKING:  # pragma: no cover
    from pipeline.types import OcrPage


FAST_PATH_CONFIDENCE = 0.8  # a clean OCR digit token at least this confident is kept as it is ...


PRINTED_HEIGHT_RATIO = 1.25  # ... unless its box is this much taller than the printed symbol/year (handwriting)
# ... and the digit reader, read on the same blank as a second opinion, is at least this sure of another value:
# then the OCR token stays but its confidence drops to DISPUTED_CONFIDENCE, so the review lists the field (a
# handwritten 03 that OCR read cleanly as 23)
SECOND_OPINION_MIN = 0.5
# ... or at least FAINT_SECOND_OPINION sure of as many digits, most of them others (a bold handwritten 144 OCR read
# cleanly as 777, the reader 199 at 0.24); a second opinion at least SURE_SECOND_OPINION sure is kept instead of the
# OCR token, in doubt all the same (268 for an OCR 26), unless it is the token and a 1 after it (the slash)
FAINT_SECOND_OPINION = 0.2
SURE_SECOND_OPINION = 0.99
# ``Số:`` is SO_WIDTH of its symbol's mean character widths wide (1.7-2.6 on the tune and probe scans); a box wider
# than SO_WIDE of them holds handwriting too, and the blank starts where the printed word would end.
SO_WIDTH = 2.2
SO_WIDE = 2.8
# A number's blank is read again this many text heights wider on the left and on the right, for a digit the blank
# cut off: a read the wider blank does not read the same (a printed slash after it read as 1 aside) is in doubt.
# Left less than right: on the dev scans half a height to the left takes in the colon of "Số:" (read as 3, 5 or 1),
# a quarter does not. Of the reader's reads at 0.95 up on the tune, probe and a fresh-like probe split (looked at):
# 5 of 7 wrong ones caught, 3 of 22 right ones put in doubt; the rule before caught none of the 7.
WIDER_LEFT = 0.25
WIDER_RIGHT = 0.5
# A clean ``tháng`` box this much wider than the word's expected width, read below this confidence, may hold a digit
# of the day written against it: the day blank is read up to where the word's letters would start, too.
GLUED_WIDTH = 1.15
GLUED_CONFIDENCE = 0.8
DISPUTED_CONFIDENCE = 0.3
# A day or month read wider that holds the read and one digit more, however unsure (from this confidence up), puts it
# in doubt: a faint digit the blank cut off. On the tune, probe and probe11 renders' 190 day reads: 1 wrong read
# caught, no right one put in doubt (chosen on days; months share it since the twentieth round).
FAINT_LONGER_DIGIT = 0.1
# A number typed with its symbol (``_typed_number``) is print where its digits and slash, set in the line's face,
# have this share of their pixels near ink; the number's word is then TYPED_CONFIDENCE sure when the whole word as
# OCR read it fits as well.
PRINT_FIT = 0.95
TYPED_CONFIDENCE = 0.95
# A number, day or month the digit reader read is sure only from this confidence up: ``word_confidence`` writes a
# read back on the OCR-word scale the review judges with. From the bar up the read keeps its confidence (the
# review accepts it: on an e-signed scan the number's confidence less 0.15 reaches 0.8, elsewhere the OCR cap
# 0.55 + 0.5 × the weakest word does); below it the read is halved, under every acceptance (a number read at 0.56
# on a scan without an e-signature passed the OCR cap at 0.83 before). The digit reader's reads below 0.95 are
# right 48–97% of the time on writers it never trained on (docs/models.md).
HANDWRITTEN_SURE = 0.95


def word_confidence(read_confidence: float) -> float:
    """The OCR-word confidence a digit-reader read is written back with."""
    return read_confidence if read_confidence >= HANDWRITTEN_SURE else 0.5 * read_confidence


_PRINTED_SO = re.compile(r"^S[ốoôó6Ốơớ][:.;]?")  # Số as print reads: looked for in the top third; OCR's other
# spellings (lower case, a speck before it) only in the header band (NUMBER_BAND)
# (§ for a speckled S; ế, ê with the colon only: ``Sế:3Ïổ/TB-UBND``, not the ``Sê,`` of a place)
_NUMBER_WORD = re.compile(r"^[\"'“”‘’`.,_\-—–]*[Ss§](?:[ốoôó6Ốơớøöồọ0Óò][:.;,]?|[ếê]:)")


@dataclass
class FieldRead:
    """One handwritten field: the digits read (None when nothing could be read), a 0..1 confidence, the crop
    box in page pixels, and whether the value came from the OCR text (fast path) or from the digit reader."""

    value: Optional[str]
    confidence: float
    box: Box
    source: str  # "ocr" | "reader" | "ocr-disputed" (an OCR token the digit reader reads otherwise) | "typed"
    # (print in the symbol's word whose typeset shape fits the scan: ``_typed_number``)


@dataclass
class _Site:
    """Where a field sits among the OCR words: the word before the blank, the words inside it, the word after."""

    left: "OcrWord"
    inside: list["OcrWord"]
    right: "OcrWord"
    left_text: str  # what the left anchor should read once the blank is cut out of it ("Số:", "ngày", "tháng")
    right_text: str  # same for the right anchor ("/CT-UBND", "tháng", "năm")


@dataclass
class FieldReads:
    number: Optional[FieldRead] = None
    day: Optional[FieldRead] = None
    month: Optional[FieldRead] = None
    sites: dict[str, _Site] = field(default_factory=dict, repr=False)


def _fold(text: str) -> str:
    """Lower case without diacritics (đ → d), for matching anchors OCR may have mis-accented."""
    return strip_marks(text.lower())


def _same_band(a: Box, b: Box) -> bool:
    """Whether two word boxes share a text line: their vertical centres are within half a word height."""
    ca, cb = (a[1] + a[3]) / 2, (b[1] + b[3]) / 2
    return abs(ca - cb) < 0.5 * max(a[3] - a[1], b[3] - b[1], 1)


def _band_words(words: list["OcrWord"], anchor: "OcrWord") -> list["OcrWord"]:
    return sorted((w for w in words if w is anchor or _same_band(w.box, anchor.box)), key=lambda w: w.box[0])


@dataclass
class _Blank:
    """A field's x interval [x_from, x_to) on the page, its line's text height and vertical centre."""

    x_from: int
    x_to: int
    text_height: float
    y_centre: float
    site: _Site
    ocr_token: Optional[tuple[str, float, Box]]  # the OCR text filling the blank, if one word (fast path)
    printed_height: float = 0.0  # box height of printed digits/capitals on the line (0: unknown)
    # where the blank would end if the right anchor's box also holds a digit written against it (``2 0tháng`` read
    # as a clean ``tháng`` in a box too wide and unsure): the reader reads that far too (0: no such doubt)
    x_to_glued: int = 0
    # the last digit OCR saw in handwriting run into the symbol word (``##2UBND-CNXD``): a number read without it
    # at its end may have lost it to the printed part ("" : none seen) ...
    glued_digit: str = ""
    # ... at most this many digits from its end: OCR's characters after that digit may be digits it misread (the
    # 4 of ``294`` read Z: ``9Z/KH-TTXT``)
    glued_reach: int = 1


def _median_height(words: Sequence["OcrWord"]) -> float:
    heights = sorted(w.box[3] - w.box[1] for w in words)
    return float(heights[len(heights) // 2]) if heights else 40.0


def _symbol_printed(text: str) -> Optional[int]:
    """Where the printed ``/SYMBOL`` starts in an OCR word (0 when the word is the symbol; None when the word has
    no symbol): see ``_symbol_start``."""
    start = _symbol_start(text)
    return None if start is None else start[0]


def _symbol_start(text: str) -> Optional[tuple[int, bool]]:
    """Where the printed ``/SYMBOL`` starts in an OCR word, and whether the character there only stands for its
    slash: where ``/YYYY/SYMBOL`` or ``/SYMBOL`` ends the word (a slash: Tesseract also writes ⁄ or ∕) with a type
    part of letters, else the start of a capitals run with a hyphen (``BC-UBND`` whose slash was read into the
    word before; ``Z⁄4QĐ-UBND`` or ``OđÌTTr-CCKL`` whose handwriting swallowed it: there the character before the
    run stands for the slash; ``Z⁄⁄Z'UBND-KTTH``, whose last slash is the handwriting's, the same; the ``p`` of
    ``pC-UBND`` is the symbol's ``B`` misread). None when the word has no symbol."""
    printed = _PRINTED_TAIL.search(text)
    run = _SYMBOL_RUN.search(text)
    if printed:  # "/2025/TT-BCT", "02/2025/NĐ-CP", "66.7/2025/NQ-CP", "Z/2025/NĐ-CP", "¿⁄22/KH-UBND", "/ZØ/CT-UBND"
        kind = re.split("[-–]", re.sub(rf"^\d{{4}}[{_SLASHES}]", "", printed.group()[1:]))[0]
        if kind.isalpha() or run is None or run.start() <= printed.start() + 1:
            return printed.start(), False
    if run is None:
        return None
    kind = re.split("[-–]", run.group())[0]
    handwriting = _handwriting_before_code(kind)
    if handwriting:  # the slash is under the handwriting: the printed part starts at the code
        return run.start() + handwriting, False
    if run.start() == 0:
        return 0, False
    # the character before the run: the slash's stand-in when it is no letter or the run's type part is a whole
    # type code (OđÌTTr-CCKL); a letter before any other run is the symbol's own, misread (pC-UBND for BC-UBND)
    before = text[run.start() - 1]
    return run.start() - 1, not before.isalpha() or kind in _TYPE_CODES


def _handwriting_before_code(kind: str) -> int:
    """How many characters of a symbol's type part are handwriting OCR read into it: those before a type code
    that ends it (``ZđQĐ`` from ``2 10/QĐ``: 2), when they are not all capitals (``SCT``, an office's letters
    before ``CT``, is print)."""
    for code in _TYPE_CODES_LONGEST_FIRST:
        if kind.endswith(code) and len(kind) > len(code) and not kind[:-len(code)].isupper():
            return len(kind) - len(code)
    return 0


_SLASHES = "/⁄∕"
# the printed end of a code: a slash, the year and its slash if any, then the symbol, which has no slash
_PRINTED_TAIL = re.compile(rf"[{_SLASHES}](?:\d{{4}}[{_SLASHES}])?[A-Za-zĐđÐ][^{_SLASHES}]*$")
_PRINTED_NUMBER = re.compile(r"\d{1,4}|\d{1,3}\.\d{1,3}")  # 27, 66.7
_TYPE_CODES = {code for doc_type in DOC_TYPES for code in (doc_type.code, *doc_type.code_variants) if code}
_TYPE_CODES_LONGEST_FIRST = sorted(_TYPE_CODES, key=len, reverse=True)
# (an issuer part may join two bodies' letters with &: VPĐĐBQH&HĐND-TH; a department's has up to 8 letters: a
# letter's symbol opens with it, SLĐTBXH-NCC, SNNPTNT-KHTC)
_SYMBOL_RUN = re.compile(r"[A-ZĐÐ](?:[A-Za-zĐÐđ]{0,7}|[A-Za-zĐÐđ]{1,8}&[A-Za-zĐÐđ]{1,8})[-–][A-ZĐÐ]{2,}")
PRINTED_CHAR_WIDTH = 0.9  # a printed symbol character's width over the Số word's height, at its widest (0.57–0.88
# measured): the printed part's start estimated from the right edge errs to the left, into the handwriting's margin
NUMBER_BAND = 0.22  # the header band: a body line's "số 15/2023/TT-..." lies lower


def _number_anchor(word: "OcrWord") -> Optional[re.Match]:
    """The ``Số:`` at the start of a word, as OCR spells it (``Số:``, ``số:``, ``"Số``, ``sø:``, ``S6``), when
    what follows is not a plain lower-case word (``Sơn``)."""
    match = _NUMBER_WORD.match(word.text)
    if match is None:
        return None
    rest = word.text[match.end():]
    if rest and rest.isalpha() and rest.islower():
        return None
    return match


def _locate_number(page: "OcrPage") -> Optional[_Blank]:
    """The blank between ``Số:`` and ``/SYMBOL`` near the top of the left half of the page; when OCR garbled the
    ``Số`` word, the ``/SYMBOL`` word alone places it (the blank ends where the symbol starts and begins after
    the word to its left, or a few characters before it)."""
    words = page.words
    top = NUMBER_BAND * page.height
    left_half = [w for w in words if w.box[1] < page.height / 3 and w.box[0] < page.width / 2]
    anchors = [(w, match) for w in left_half if (match := _number_anchor(w))
               and (w.box[1] < top or _PRINTED_SO.match(w.text))]
    # top down; on one line the leftmost first: a handwritten digit OCR read as ``Sơ`` stands taller, after ``Số:``
    for so, match in sorted(anchors, key=lambda anchor: (min(w.box[1] for w, _ in anchors
                                                             if _same_band(w.box, anchor[0].box)), anchor[0].box[0])):
        height = float(so.box[3] - so.box[1])
        band = [w for w in _band_words(words, so) if w.box[0] > so.box[0]]
        rest = so.text[match.end():]
        # a symbol has its hyphenated run (BC-SNV): handwriting OCR read as "⁄Zz" before it is not one
        candidates = [w for w in band if _symbol_printed(w.text) is not None]
        with_run = next((w for w in candidates if _SYMBOL_RUN.search(w.text)), None)
        # ... nor is one letter after a slash (``⁄Z`` before ``/CTUBND``, a symbol whose hyphen OCR lost)
        lettered = next((w for w in candidates if sum(c.isalpha() for c in w.text[_symbol_printed(w.text):]) >= 2),
                        None)
        symbol = with_run or lettered or (candidates[0] if candidates else None)
        if _symbol_printed(rest) is not None and any(c in rest for c in _SLASHES) \
                and (with_run is None or _SYMBOL_RUN.search(rest)):
            # "Số:⁄⁄⁄⁄/TIr-SGDĐT": Số, handwriting and symbol in one word (not "Số:⁄đ", handwriting, before the
            # symbol's own word "/UBND-VP")
            symbol = so
        if symbol is None or symbol.box[0] - so.box[2] > 12 * height:
            continue
        merged = len(so.text) > match.end()  # "Số:07": handwriting merged into the Số word
        so_end = so.box[2] if not merged else so.box[0] + int(round(1.3 * height))
        if not merged and symbol is not so and len(symbol.text) >= 4:
            # a Số word wider than its letters: a leading digit written against it went into its box
            char = (symbol.box[2] - symbol.box[0]) / len(symbol.text)
            if so.box[2] - so.box[0] > SO_WIDE * char:
                so_end = so.box[0] + int(round(SO_WIDTH * char))
        if symbol is so:
            blank = _symbol_blank(so, so_end, "Số:", match.end(), height, band)
        else:
            blank = _symbol_blank(so, so_end, so.text if not merged else "Số:", 0, height, band, symbol)
        if blank is not None:
            return blank
    return _locate_by_symbol(page, [w for w in left_half if w.box[1] < top])


def _symbol_blank(so: "OcrWord", so_end: int, so_text: str, skip: int, height: float, band: list["OcrWord"],
                  symbol: Optional["OcrWord"] = None) -> Optional[_Blank]:
    """The number's blank from the Số word and the symbol word (the same word when ``symbol`` is None: its text
    from ``skip`` on holds the handwriting and the symbol)."""
    word = symbol or so
    text = word.text[skip:] if symbol is None else word.text
    start = _symbol_start(text)
    if start is None:
        return None
    at, stand_in = start
    printed = text[at:]
    if printed[:1] not in _SLASHES:
        # the character before the symbol's run stands for the slash (Z⁄4QĐ, 2UBND-NV, OđÌTTr-CCKL)
        printed = "/" + (printed[1:] if stand_in else printed)
    else:
        printed = "/" + printed[1:]
    # where the printed part starts by its share of the word's letters
    share = word.box[0] + int(round((word.box[2] - word.box[0]) * (skip + at) / max(1, len(word.text))))
    symbol_start = word.box[0]
    if symbol is None or at > 0 and not _PRINTED_NUMBER.fullmatch(text[:at]):
        # handwriting inside the word: the later of that share and the printed part's expected width from the
        # right edge (handwriting is wider than print)
        expected = word.box[2] - int(round(len(printed) * PRINTED_CHAR_WIDTH * height))
        symbol_start = max(share, expected, so_end if symbol is None else word.box[0])
    elif at > 0:  # a printed number in one word with its symbol (27/KH-LHH)
        symbol_start = share
    inside = [w for w in band if so.box[2] <= (w.box[0] + w.box[2]) / 2 and w.box[2] <= word.box[0] + 4
              and w is not word] if symbol is not None else []
    site = _Site(so, inside, word, so_text if so_text.startswith("S") else "Số:", printed)
    token = None
    if symbol is not None and so_text == so.text and at == 0 and len(inside) == 1:
        token = (inside[0].text, inside[0].confidence, inside[0].box)
    elif (symbol is None or so_text == so.text and not inside) and at > 0 \
            and _PRINTED_NUMBER.fullmatch(text[:at]):  # "27/KH-LHH", "Số:27/KH-LHH": printed number and symbol
        token = (text[:at], word.confidence, word.box)
    y_centre = (so.box[1] + so.box[3] + word.box[1] + word.box[3]) / 4
    # (a digit where the slash should be is the handwriting's, written over the slash)
    head = text[:at] + (text[at] if text[at:at + 1].isdigit() else "")
    glued = re.findall(r"\d", head) if symbol is not None and not _PRINTED_NUMBER.fullmatch(text[:at]) else []
    after = len(head.rstrip(_SLASHES)) - 1 - max(i for i, ch in enumerate(head) if ch.isdigit()) if glued else 0
    return _Blank(so_end, symbol_start, _median_height([so, word]), y_centre, site, token,
                  float(word.box[3] - word.box[1]), glued_digit=glued[-1] if glued else "", glued_reach=1 + min(after, 2))


def _handwritten_digits(word: "OcrWord", printed_height: float) -> bool:
    """Digits only, PRINTED_HEIGHT_RATIO taller than the printed symbol: handwriting, no garbled ``Số``."""
    return bool(re.fullmatch(r"\d{1,4}", word.text)) \
        and word.box[3] - word.box[1] > PRINTED_HEIGHT_RATIO * printed_height


_SO_LIKE_START = re.compile(r"^[\W_]{0,2}[SsŠš5$§]")  # how a garbled ``Số`` still starts (``S6``, ``sø:``, ``$ố``)


def _locate_by_symbol(page: "OcrPage", left_half: list["OcrWord"]) -> Optional[_Blank]:
    """The blank found from a ``/SYMBOL`` word alone (``Số`` garbled past reading): the nearest word to its left
    on the line, within a few characters' reach, stands for ``Số``."""
    symbols = [w for w in left_half if re.search(rf"[{_SLASHES}]{_SYMBOL_RUN.pattern}", w.text)
               and not re.search(rf"\d{{2,}}[{_SLASHES}]\d", w.text)]  # not a cited code 15/2023/TT-...
    if not symbols:  # the slash swallowed by the handwriting before the run: "ÙÌKH-SNgV"
        symbols = [w for w in left_half if (run := _SYMBOL_RUN.search(w.text)) and run.start() > 0]
    for symbol in sorted(symbols, key=lambda w: w.box[1]):
        height = float(symbol.box[3] - symbol.box[1])
        before = [w for w in _band_words(page.words, symbol) if w.box[2] <= symbol.box[0] + 4 and w is not symbol
                  and symbol.box[0] - w.box[2] < 8 * height]
        if not before:
            continue
        # the line's first word with a letter or digit: Số as OCR garbled it (specks before it are no Số: ``ˆ``)
        so = next((w for w in before if any(ch.isalnum() and _fold(ch).isascii() for ch in w.text)), None)
        if so is None:
            continue
        band = [w for w in _band_words(page.words, symbol) if w.box[0] > so.box[0]]
        so_end = min(so.box[2], so.box[0] + int(round(1.3 * height)))
        if re.fullmatch(r"[^\w\s]?[^\W\d_]{2}[:;]", so.text):
            so_end = so.box[2]  # two letters and Số's colon (``Đỗ:``): the word is Số alone, its colon included
        elif _handwritten_digits(so, height) or not _SO_LIKE_START.match(so.text):
            # Số not read at all: the first word is the number's first digit (the 5 of 57), or its first digits
            # read as marks (``{f`` of a 148)
            so_end = so.box[0]
        blank = _symbol_blank(so, so_end, "Số:", 0, height, band, symbol)
        if blank is not None:
            blank.ocr_token = None  # a garbled anchor: the reader reads the blank
            return blank
    return None


def _is_word(text: str, target: str) -> bool:
    return _fold(text).strip(".,:;") == target


def _locate_date(page: "OcrPage") -> tuple[Optional[_Blank], Optional[_Blank]]:
    """The day blank (between ``ngày`` and ``tháng``) and the month blank (``tháng`` … ``năm``)."""
    words = page.words
    header = NUMBER_BAND * page.height  # the header's date line before a body line's date (Căn cứ ... ngày)
    day_words = sorted((w for w in words if "ngay" in _fold(w.text) and w.box[1] < page.height / 3),
                       key=lambda w: (w.box[1] >= header, w.box[1]))
    in_header = [w for w in day_words if w.box[1] < header]
    # the header's date line first, ``ngày`` garbled or not, then a body line's (Căn cứ ... ngày 19 tháng 5 ...)
    candidates = in_header + _garbled_day_words(words, header, day_words) + day_words[len(in_header):]
    for day_word in candidates:
        band = [w for w in _band_words(words, day_word) if w.box[0] >= day_word.box[0]]
        month_word = next((w for w in band if _month_like(w.text) and w is not day_word), None)
        if month_word is None and re.search(r"ngay.+h+ang", _fold(day_word.text)):
            month_word = day_word  # "ngàyfháng": the day written between them, OCR ran all into one word
        if month_word is None and day_word.box[1] < header:
            month_word = _garbled_month(band, day_word)
        if month_word is None:
            continue
        year_word = _year_anchor(band, month_word)
        anchors = ((day_word, "ngay"), (month_word, "thang"), (year_word, "nam"))
        clean = [w for w, target in anchors if w is not None and _is_word(w.text, target)]
        height = _median_height([w for w in (day_word, month_word, year_word) if w is not None])
        ngay_width, thang_width = _expected_widths(day_word, month_word, year_word, height)
        # day word: trust its right edge only when it reads exactly "ngày" and is not much wider than expected
        ngay_end = day_word.box[2]
        if not _is_word(day_word.text, "ngay") or day_word.box[2] - day_word.box[0] > 1.3 * ngay_width:
            ngay_end = day_word.box[0] + int(round(ngay_width))
        folded_month = _fold(month_word.text)
        thang_start, thang_end = month_word.box[0], month_word.box[2]
        if not folded_month.startswith("thang"):  # "04tháng"
            thang_start = month_word.box[2] - int(round(thang_width))
        elif not _is_word(month_word.text, "thang"):  # "tháng01"
            thang_end = month_word.box[0] + int(round(thang_width))
        elif month_word.box[2] - month_word.box[0] > 1.3 * thang_width:
            thang_end = month_word.box[0] + int(round(thang_width))
        y_centre = float(np.median([(w.box[1] + w.box[3]) / 2 for w in clean or [day_word]]))
        day_inside = [w for w in band if w.box[0] >= day_word.box[2] - 2 and w.box[2] <= month_word.box[0] + 2
                      and w not in (day_word, month_word)]
        day_inside += [w for w in band if w not in day_inside and w not in (day_word, month_word)
                       and day_word.box[0] < w.box[0] < month_word.box[0]]
        day_site = _Site(day_word, day_inside, month_word, "ngày", "tháng")
        anchors_clean = _is_word(day_word.text, "ngay") and _is_word(month_word.text, "thang")
        day_token = _token(day_inside) if anchors_clean else None
        printed = _printed_height(band, year_word)
        day_blank = _Blank(ngay_end, thang_start, height, y_centre, day_site, day_token, printed)
        if _is_word(month_word.text, "thang") and month_word.confidence < GLUED_CONFIDENCE \
                and month_word.box[2] - month_word.box[0] > GLUED_WIDTH * thang_width:
            day_blank.x_to_glued = month_word.box[2] - int(round(thang_width))
        month_blank = None
        if year_word is not None:
            month_inside = [w for w in band if month_word.box[0] < w.box[0] < year_word.box[0] and w is not month_word]
            month_site = _Site(month_word, month_inside, year_word, "tháng", year_word.text)
            month_token = _token(month_inside) if _is_word(month_word.text, "thang") else None
            month_blank = _Blank(thang_end, year_word.box[0], height, y_centre, month_site, month_token, printed)
        return day_blank, month_blank
    return None, None


def _garbled_day_words(words: list["OcrWord"], header: float, found: list["OcrWord"]) -> list["OcrWord"]:
    """``ngày`` garbled past reading on a header date line (``Quảng Bình, na/2# tháng 4``, ``Định, ngà. Thang``):
    the word right after the place's comma, where a ``tháng`` follows it on the line."""
    out = []
    for month_word in (w for w in words if w.box[1] < header and _month_like(w.text)):
        band = sorted(_band_words(words, month_word), key=lambda w: w.box[0])
        before = [w for w in band if w.box[2] <= month_word.box[0] + 2 and w is not month_word]
        comma = next((k for k in range(len(before) - 1, -1, -1) if before[k].text.endswith(",")), None)
        if comma is None or comma + 1 >= len(before):
            continue
        day_word = before[comma + 1]
        if day_word not in found and day_word not in out and _fold(day_word.text)[:1] in "nm":
            out.append(day_word)  # (its n read as m: ``Giang, m”. “Tháng 02``)
    return out


def _month_like(text: str) -> bool:
    """``tháng`` (month) as OCR spells it on a date line, handwriting glued on or not: ``thángLlÖ``, ``04tháng``,
    ``Cháng``, ``đhháng``, ``2Ômáng``, ``“háng`` (its t read as a speck)."""
    folded = _fold(text)
    return "thang" in folded or re.search(r"[a-z]h+ang", folded) is not None \
        or re.search(r"\d.?[a-z]ang$", folded) is not None \
        or re.match(r"[^\w\s]h+ang", folded) is not None  # "2Ômáng": the day's digit run into its start; "“háng"


def _garbled_month(band: list["OcrWord"], day_word: "OcrWord") -> Optional["OcrWord"]:
    """The month word of a header date line OCR garbled past knowing (``ngày ? BỘ 10 năm 2023``): the middle one
    of exactly three words between ``ngày`` and a ``năm YYYY`` found after them."""
    after = [w for w in band if w.box[0] > day_word.box[0] and w is not day_word]
    if not after:
        return None
    year_word = _year_anchor(band, after[0])
    if year_word is None:
        return None
    between = [w for w in after if w.box[0] < year_word.box[0]]
    return between[1] if len(between) == 3 else None


def _year_anchor(band: list["OcrWord"], month_word: "OcrWord") -> Optional["OcrWord"]:
    """The ``năm`` (year) word after the month: read as such, or the short word just before a printed year
    (``tăm 2021``)."""
    after = [w for w in band if w.box[0] > month_word.box[0] and w is not month_word]
    clean = next((w for w in after if _is_word(w.text, "nam")), None)
    if clean is not None:
        return clean
    for word, following in zip(after, after[1:]):
        if re.fullmatch(r"(19|20)\d\d[.,;]?", following.text) and 2 <= len(_fold(word.text).strip(".,:;")) <= 4:
            return word
    return None


def _printed_height(band: list["OcrWord"], year_word: Optional["OcrWord"]) -> float:
    """Box height of printed digits on the date line: the year after "năm" when it reads as digits."""
    if year_word is None:
        return 0.0
    year = next((w for w in band if w.box[0] > year_word.box[0]), None)
    if year is not None and re.fullmatch(r"\d{4}", year.text.strip(".,;")):
        return float(year.box[3] - year.box[1])
    return float(year_word.box[3] - year_word.box[1])


def _token(words: list["OcrWord"]) -> Optional[tuple[str, float, Box]]:
    return (words[0].text, words[0].confidence, words[0].box) if len(words) == 1 else None


def _expected_widths(day_word: "OcrWord", month_word: "OcrWord", year_word: Optional["OcrWord"],
                     height: float) -> tuple[float, float]:
    """Expected printed widths of "ngày" and "tháng" on this line, from a clean "năm" (ratios 1.16, 1.36),
    a clean "tháng" (ngày ≈ 0.85 tháng) or the text height."""
    if year_word is not None and _is_word(year_word.text, "nam"):
        nam = year_word.box[2] - year_word.box[0]
        return 1.16 * nam, 1.36 * nam
    if _is_word(month_word.text, "thang"):
        thang = month_word.box[2] - month_word.box[0]
        return 0.85 * thang, float(thang)
    return 2.1 * height, 2.5 * height


def _fast(blank: _Blank, max_digits: int) -> Optional[FieldRead]:
    token = blank.ocr_token
    if token is None:
        return None
    text, confidence, box = token
    text = text.strip(".,")
    if not (re.fullmatch(rf"\d{{1,{max_digits}}}", text) or max_digits == 4 and _PRINTED_NUMBER.fullmatch(text)) \
            or confidence < FAST_PATH_CONFIDENCE:
        return None
    if blank.printed_height and box[3] - box[1] > PRINTED_HEIGHT_RATIO * blank.printed_height:
        return None  # taller than the printed text around it: handwriting that OCR happened to read as digits
    return FieldRead(text, confidence, box, "ocr")


def _widened(blank: _Blank, right: float, x_to: Optional[int] = None) -> _Blank:
    """The blank WIDER_LEFT text heights wider on the left and ``right`` on the right (of ``x_to``, its end when
    None): where a digit the blank cut off would be."""
    h = blank.text_height
    end = blank.x_to if x_to is None else x_to
    return replace(blank, x_from=blank.x_from - int(round(WIDER_LEFT * h)), x_to=end + int(round(right * h)))


def _unlike(first: str, second: str) -> bool:
    """Two reads of as many digits that differ in most of them (``777`` and ``199``)."""
    return len(first) == len(second) and sum(a != b for a, b in zip(first, second)) * 2 > len(first)


def _in_doubt(read: FieldRead, wider: FieldRead, kind: str = "number") -> FieldRead:
    """A reader's read the blank read a little wider disputes, at most DISPUTED_CONFIDENCE sure: the wider read
    when it holds the narrow one and more digits, as sure as a second opinion (a ``2`` of a 425 whose 4 touches
    Số and 5 the slash; of a day 25 whose 5 touches tháng), and is a value its ``kind`` can have (``valid_value``:
    a number of at most 4 digits, a day 1 to 31, a month 1 to 12): the blank cut the field's ends off; else the
    narrow read."""
    longer = bool(wider.value) and len(read.value) < len(wider.value) \
        and read.value in wider.value and wider.confidence >= SECOND_OPINION_MIN \
        and valid_value(wider.value, kind)
    kept = wider if longer else read
    return _doubted(kept, "reader")


def _doubted(read: FieldRead, source: Optional[str] = None) -> FieldRead:
    """The read as it is, at most DISPUTED_CONFIDENCE sure (its source kept unless ``source`` is given)."""
    return FieldRead(read.value, min(read.confidence, DISPUTED_CONFIDENCE), read.box, source or read.source)


def _read_blank(gray: np.ndarray, blank: _Blank, kind: str, model: DigitModel) -> FieldRead:
    h = blank.text_height
    margin_x = int(round(0.6 * h))
    x0 = max(0, blank.x_from - margin_x)
    x1 = min(gray.shape[1], blank.x_to + margin_x)
    y0 = max(0, int(blank.y_centre - 1.1 * h))
    y1 = min(gray.shape[0], int(blank.y_centre + 1.0 * h))
    box = (blank.x_from, y0, blank.x_to, y1)
    if blank.x_to - blank.x_from < 0.2 * h or y1 <= y0:
        return FieldRead(None, 0.0, box, "reader")
    mask = _field_ink(gray, (x0, y0, x1, y1), h)
    read = read_digits(mask, h, blank.x_from - x0, blank.x_to - x0, kind, model, y_centre=blank.y_centre - y0)
    return FieldRead(read.value, read.confidence, box, "reader")


# The crop a field's ink is judged in for ruled lines reaches this many text heights beyond it on either side: the
# rule under the body's name runs above the number line, and where a tall hand reaches up to it only a short piece
# of it falls in the field's own crop, too short to be told from a digit's stroke (a 58 read 575: the piece and
# the 8 read as 7 and 5).
RULE_REACH = 3.0


def _field_ink(gray: np.ndarray, box: Box, text_height: float) -> np.ndarray:
    """The ink of a field's crop ``box`` (Otsu's threshold over the crop, ``ink_mask``) without the ruled lines a
    wider crop shows long enough to be told from a digit's stroke, at the slope the page is skewed by
    (``erase_sloped_rules``)."""
    x0, y0, x1, y1 = box
    crop = gray[y0:y1, x0:x1]
    h = max(8.0, float(text_height))
    reach = int(round(RULE_REACH * h))
    wide_from, wide_to = max(0, x0 - reach), min(gray.shape[1], x1 + reach)
    wide = gray[y0:y1, wide_from:wide_to] < ink_threshold(crop)
    wide = erase_sloped_rules(wide, int(RULE_RUN * h))
    return wide[:, x0 - wide_from:x1 - wide_from]


def reread_fields(image, page: "OcrPage", model_path: Optional[str] = None,
                  characters: Optional[Callable[[Box], list["OcrWord"]]] = None) -> FieldReads:
    """Locate and read the number, day and month blanks of a page (see the module docstring). ``image``: the page
    as scanned (a PIL image or an image file's path). ``characters`` (the OCR engine's, when it has one) reads a
    rectangle of the page as one line of characters with their boxes: the number's blank is also bounded by
    where the printed ``Số:`` and ``/SYMBOL`` characters end and begin (``_printed_bounds``)."""
    reads = FieldReads()
    if characters is not None:  # a line's characters are read once: the typed-number check and the re-read share them
        characters = lru_cache(maxsize=None)(characters)
    number_blank = _locate_number(page)
    day_blank, month_blank = _locate_date(page)
    if number_blank is None and day_blank is None:
        return reads
    model = load_model(model_path or str(MODEL_PATH))
    gray: Optional[np.ndarray] = None
    for name, blank, kind, max_digits in (("number", number_blank, "number", 4), ("day", day_blank, "day", 2),
                                          ("month", month_blank, "month", 2)):
        if blank is None:
            continue
        reads.sites[name] = blank.site
        read = _fast(blank, max_digits)
        if read is not None and kind != "number" and not valid_value(read.value, kind):
            read = None  # OCR's 33 for a day, 15 for a month: no reading of the blank; the reader reads it
        if gray is None:
            gray = load_gray(image)
        if read is None and name == "number" and characters is not None:
            read = _typed_number(gray, blank, characters)
        second = _read_blank(gray, blank, kind, model)
        if blank.x_to_glued > blank.x_to:
            glued = _read_blank(gray, replace(blank, x_to=blank.x_to_glued), kind, model)
            if glued.value and len(glued.value) > len(second.value or ""):
                second = read = glued  # the blank read only in part: a digit written against tháng
        if read is None:
            read = second
            printed = blank.ocr_token is not None and blank.ocr_token[2] == blank.site.right.box  # "06/2026/TT-..."
            field_gray = gray  # the page the read was made on (the printed anchors erased, when that read is kept)
            if characters is not None:  # (a month too: its 1 written against tháng, ``tháng1 2`` for 12)
                read, blank, field_gray = _read_between_printed(gray, blank, read, kind, characters, model)
            if name == "number" and read.value and not printed:
                # a digit written against Số or the printed slash falls outside the estimated blank: read a little
                # wider (see WIDER_LEFT); a number printed in the symbol's word has no blank to cut it
                # (a printed year after the slash: its digits are no part of the number, the blank ends there)
                right = 0.0 if re.match(r"/\d{4}/", blank.site.right_text) else WIDER_RIGHT
                wider = _read_blank(field_gray, _widened(blank, right), kind, model)
                # it must read the same, or the same and a printed slash read as 1 after it; anything else (a
                # digit before it, another reading, none) is a glyph the blank may have cut off
                tail = wider.value[len(read.value):] if wider.value and wider.value.startswith(read.value) else None
                lost_glued = blank.glued_digit and blank.glued_digit not in read.value[-blank.glued_reach:]
                if lost_glued and tail and not tail.strip("1") and blank.glued_digit != "1":
                    # the wider read adds only the slash as a 1 and lacks the glued digit too: it settles nothing
                    # (a 193 read 1931 wider, OCR's ``2?/TB-UBND`` seeing a 2): the read stays, in doubt
                    read = _doubted(read)
                elif tail is None or tail.strip("1") or lost_glued:
                    read = _in_doubt(read, wider)
        elif read.source == "ocr" and second.value \
                and second.value not in (read.value, read.value.lstrip("0"), read.value.replace(".", "")) \
                and (second.confidence >= SECOND_OPINION_MIN or second.confidence >= FAINT_SECOND_OPINION
                     and _unlike(read.value, second.value)):  # (print that fits is no handwriting to dispute)
            if second.confidence >= SURE_SECOND_OPINION and second.value.rstrip("1") != read.value:
                # the reader all but sure of another number, and not the same and the slash as a 1: its read goes
                # into the page text as a reader's read does, in doubt
                read = FieldRead(second.value, DISPUTED_CONFIDENCE, second.box, "reader")
            else:
                read = _doubted(read, "ocr-disputed")
        if name in ("day", "month") and not read.value and read.source == "reader":
            # nothing read in the blank: a digit written against tháng or năm, cut by the blank's end, leaves a
            # glyph that is no digit; read a little wider, and a value the field can have is kept, in doubt
            wider = _read_blank(gray, _widened(blank, WIDER_RIGHT, max(blank.x_to, blank.x_to_glued)), kind, model)
            if wider.value and valid_value(wider.value, kind):
                read = _doubted(wider, "reader")
        if name in ("day", "month") and read.value and read.source == "reader" \
                and read.confidence > DISPUTED_CONFIDENCE:
            # a digit of the day or month written against ``ngày``, ``tháng`` or ``năm`` falls outside the blank
            # (``2`` read of a 25 whose 5 touches tháng; ``1`` of an 11 whose first 1 touches tháng): read a little
            # wider; another reading as sure as a second opinion puts the read in doubt
            wider = _read_blank(gray, _widened(blank, WIDER_RIGHT, max(blank.x_to, blank.x_to_glued)), kind, model)
            longer = bool(wider.value) and len(wider.value) > len(read.value) and read.value in wider.value \
                and wider.confidence >= FAINT_LONGER_DIGIT  # (a faint second digit: ``2`` of a 23 read 26 at 0.16)
            if wider.value and wider.value.lstrip("0") != read.value.lstrip("0") \
                    and (wider.confidence >= SECOND_OPINION_MIN or longer):
                read = _in_doubt(read, wider, kind=kind)
        setattr(reads, name, read)
    return reads


# The printed characters' widths over the symbol's median capital width, for the printed characters the character
# read missed at the symbol's start (the slash, mostly): what is left of the matched ones.
_PRINTED_WIDTHS = {"/": 0.45, "-": 0.55}
LOWER_WIDTH = 0.8
CAPITAL_WIDTH = 1.05
PRINTED_CHAR_CONFIDENCE = 0.6  # a character of the symbol counts as printed from this confidence up
LEFT_SKIP = 2  # characters before the left anchor's first letter passed over (a comma, a speck)
MIN_PRINTED_RUN = 3  # characters of the symbol matched from its end before their boxes are trusted


def _printed_bounds(chars: Sequence["OcrWord"], blank: _Blank) -> tuple[Optional[int], Optional[int]]:
    """Where the handwriting's blank begins and ends by the characters of its line read one by one: after the
    printed left anchor (``Số:``, ``ngày``: its letters from the line's start, one of them may be misread, each no
    wider than print) and before the printed right anchor (``/SYMBOL``, ``tháng``), found by matching its expected
    text to the characters from its end (the slash's own box, or the first matched character's less the widths of
    those not matched). None where the characters do not show it (a box grown over the handwriting, too few
    characters matched)."""
    chars = _anchored_line(chars, blank)
    return _left_anchor_end(chars, blank.site.left_text), _right_anchor_start(chars, blank)


def _anchored_line(chars: Sequence["OcrWord"], blank: _Blank) -> list["OcrWord"]:
    """The characters up to the right anchor's end: not the line's words after it."""
    right_edge = blank.site.right.box[2]
    return [c for c in chars if (c.box[0] + c.box[2]) / 2 <= right_edge]


def _left_anchor_end(chars: Sequence["OcrWord"], anchor: str) -> Optional[int]:
    letters = anchor.rstrip(":")
    # the crop's margin may hold the end of the word before (the comma of "Quảng Ngãi,"): the anchor starts at its
    # first letter, within the first few characters
    start = next((k for k, c in enumerate(chars[:LEFT_SKIP + 1]) if _fold(c.text) == _fold(letters[0])), None)
    if start is None:
        return None
    chars = chars[start:]
    if len(chars) < len(letters):
        return None
    width = chars[0].box[2] - chars[0].box[0]
    head = chars[:len(letters)]
    if sum(_fold(c.text) != _fold(t) for c, t in zip(head, letters)) > 1 \
            or any(c.box[2] - c.box[0] > 1.6 * width for c in head):
        return None
    end = head[-1].box[2]
    if anchor.endswith(":"):
        after = chars[len(letters)] if len(chars) > len(letters) else None
        if after is not None and after.text in ":;.,\"”'" and after.box[2] - after.box[0] <= 0.8 * width:
            return after.box[2]
        return end + int(round(0.35 * width))  # the colon, when it is not read
    return end


def _right_anchor_start(chars: Sequence["OcrWord"], blank: _Blank, most_unmatched: Optional[int] = None
                        ) -> Optional[int]:
    """Where the printed right anchor (``/SYMBOL``, ``tháng``) starts by the line's characters (see
    ``_printed_bounds``); with ``most_unmatched``, None where more of its printed characters than that were not
    matched (the start then only estimated from their widths)."""
    printed = blank.site.right_text
    i, j = len(chars) - 1, len(printed) - 1
    run = []
    while i >= 0 and j >= 0 and _fold(chars[i].text) == _fold(printed[j]) \
            and chars[i].confidence >= PRINTED_CHAR_CONFIDENCE:
        run.append(chars[i])
        i, j = i - 1, j - 1
    if len(run) < MIN_PRINTED_RUN or most_unmatched is not None and j + 1 > most_unmatched:
        return None
    widths = sorted(c.box[2] - c.box[0] for c in run if c.text.isalpha())
    letter = widths[len(widths) // 2] if widths else 0.6 * blank.text_height
    first = run[-1]
    if first.box[2] - first.box[0] > 1.5 * letter:
        # a box grown over the handwriting (the slash's, boxed from the digits before it): the characters after
        # it place the anchor's start, this one counted as not matched
        run.pop()
        j += 1
        if len(run) < MIN_PRINTED_RUN or most_unmatched is not None and j + 1 > most_unmatched:
            return None
        first = run[-1]
        if first.box[2] - first.box[0] > 1.5 * letter:
            return None
    missed = sum(_PRINTED_WIDTHS.get(c, LOWER_WIDTH if c.islower() else CAPITAL_WIDTH) for c in printed[:j + 1])
    return first.box[0] - int(round(missed * letter))


def _characters_symbol(chars: Sequence["OcrWord"]) -> str:
    """The line's characters from their last slash on (``/BC-UBND``): the printed symbol as they read it; empty
    where they read no slash."""
    text = "".join(c.text for c in chars)
    slash = max(text.rfind(s) for s in _SLASHES)
    return text[slash:] if slash >= 0 else ""


def _symbol_as_characters_read(chars: Sequence["OcrWord"], symbol: str) -> str:
    """The printed ``/SYMBOL`` as the line's characters read it, where the word read has no type code in it and the
    characters do, with the same part after the hyphen (``/pC-UBND`` → ``/BC-UBND``, ``/D-UBND`` from ``/@D-UBND``
    → ``/QD-UBND``), or the same letters with the hyphen after the type code the word lost (``/TBUBND`` →
    ``/TB-UBND``): handwriting against the slash garbles the word's start more than the single characters'."""
    read = re.fullmatch(r"[/⁄∕]([^-–/⁄∕]+)([-–].*)", _characters_symbol(chars))
    if read is not None and read.group(1) in _TYPE_CODES and "-" not in symbol and "–" not in symbol \
            and symbol == "/" + read.group(1) + read.group(2)[1:]:
        return "/" + read.group(1) + "-" + read.group(2)[1:]  # the hyphen after the type code, lost in the word
    word = re.fullmatch(r"/([^-–/⁄∕]*)([-–].*)", symbol)
    if read is None or word is None or _fold(read.group(2)) != _fold(word.group(2)):
        return symbol
    if word.group(1) in _TYPE_CODES or read.group(1) not in _TYPE_CODES:
        return symbol
    return "/" + read.group(1) + word.group(2)


def _symbol_spellings(chars: Sequence["OcrWord"], symbol: str) -> list[str]:
    """Other spellings the printed ``/SYMBOL`` may have, for fitting its print where handwriting against it garbled
    OCR's reading of its start: the line's characters' reading of it, the symbol without the characters no symbol
    holds (``/ÿSNNMT-TL``: ``/SNNMT-TL``), and the symbol with each type code of the vocabulary for its first part
    (``/rTr-UBND``: ``/TTr-UBND``) or, where it lost its hyphen, after the type code it opens with (``/TBUBND``:
    ``/TB-UBND``); each as long as the symbol read, give or take a character (a shorter text fits a long symbol's
    end, and its start then falls inside the symbol)."""
    out = []
    read = _characters_symbol(chars).rstrip("_.,;:'\" ")
    if len(read) > 2:
        out.append("/" + read[1:])
    letters = symbol[0] + re.sub(r"[^A-Za-zĐđ0-9&\-–/⁄∕]", "", symbol[1:])
    if letters != symbol:  # (marks read from the handwriting against it)
        out.append(letters)
    parts = re.fullmatch(r"[/⁄∕]([^-–/⁄∕]*)([-–].+)", symbol)
    if parts:
        out.extend("/" + code + parts.group(2) for code in sorted(_TYPE_CODES) if code != parts.group(1))
    else:
        out.extend("/" + code + "-" + symbol[1 + len(code):] for code in _TYPE_CODES_LONGEST_FIRST
                   if symbol[1:].startswith(code) and len(symbol) > len(code) + 2)
    return [spelling for spelling in out if abs(len(spelling) - len(symbol)) <= 1]


def _line_characters(gray: np.ndarray, blank: _Blank, characters: Callable[[Box], list["OcrWord"]]
                     ) -> Optional[list["OcrWord"]]:
    """The blank's line, from its left anchor to its right one, read one character at a time (None when it could
    not be read)."""
    left, right = blank.site.left, blank.site.right
    height = left.box[3] - left.box[1]
    box = (max(0, left.box[0] - height // 2), max(0, int(min(left.box[1], right.box[1]) - 0.3 * height)),
           min(gray.shape[1], right.box[2] + height // 4),
           min(gray.shape[0], int(max(left.box[3], right.box[3]) + 0.3 * height)))
    try:
        chars = characters(box)
        if not chars:  # the line above's foot or its rule in the strip can leave Tesseract no line to read
            chars = characters((box[0], min(left.box[1], right.box[1]), box[2], max(left.box[3], right.box[3])))
    except OcrError:
        return None
    return chars


def _typed_number(gray: np.ndarray, blank: _Blank, characters: Callable[[Box], list["OcrWord"]]
                  ) -> Optional[FieldRead]:
    """A number typed in one word with its symbol (an e-signed copy's ``448/QĐ-STTTT``) that OCR read with a low
    word confidence, the symbol's letters garbled or run into dots: kept as OCR read it when its digits and slash,
    set in the line's print face, fit the scan (``PRINT_FIT``: handwriting OCR read as digits there fits at most
    0.86 on the tune and probe scans, print from 0.96), and sure (``TYPED_CONFIDENCE``) when the whole word as
    read fits as well. None where it is no such number."""
    token, word = blank.ocr_token, blank.site.right
    if token is None or token[2] != word.box or word is blank.site.left or not word.text.startswith(token[0]):
        return None
    chars = _line_characters(gray, blank, characters)
    if not chars:
        return None
    chars = _anchored_line(chars, blank)
    # where the number starts: its first digit as the line's characters place it, where they read it and its slash
    # (a word box cut from a longer word, ``Số:230/TB-CCKL``, only estimates it), else the word's left edge
    text = "".join(c.text for c in chars)
    at = text.find(token[0] + "/")
    left = chars[at].box[0] if at >= 0 and len(text) == len(chars) else word.box[0]
    if print_fit(gray, chars, token[0] + "/", left, word.box, blank.text_height) < PRINT_FIT:
        return None
    whole = word.text.rstrip("_.,;:'\" ")
    sure = print_fit(gray, chars, whole, left, word.box, blank.text_height) >= PRINT_FIT
    return FieldRead(token[0], max(token[1], TYPED_CONFIDENCE) if sure else token[1], token[2], "typed")


SURE_BEFORE_ERASING = 0.95  # a number read this sure keeps its place against a less sure read after the erasing
# that only adds a 1 after it, or a 7 read unsure (the slash left over, or a digit the number ends on: in doubt)


def _blind_lengthening(read: FieldRead, again: FieldRead) -> bool:
    """A read with digits more before or after a sure first read (``SURE_BEFORE_ERASING``), read all but blind
    (below ``FAINT_SECOND_OPINION``): the print's remains where a bound was misplaced (a sure 157 read 5157 at
    0.05, the ố of Số left over), not a digit the blank had cut off; the first read stays, in doubt."""
    return read.confidence >= SURE_BEFORE_ERASING and again.confidence < FAINT_SECOND_OPINION


def _read_between_printed(gray: np.ndarray, blank: _Blank, read: FieldRead, kind: str,
                          characters: Callable[[Box], list["OcrWord"]], model: DigitModel
                          ) -> tuple[FieldRead, _Blank, np.ndarray]:
    """The field read again with the printed anchors' characters known (``_between_printed``). A number that ends on
    a 1 where neither the fit nor the characters found the printed slash is in doubt (``DISPUTED_CONFIDENCE``): the
    slash reads as a 1 (a 181 read 1811 all but sure, the slash's box grown over the digits before it)."""
    read, used, page, slash_found = _between_printed(gray, blank, read, kind, characters, model)
    if kind == "number" and not slash_found and read.value and read.value.endswith("1"):
        read = _doubted(read)
    return read, used, page


def _between_printed(gray: np.ndarray, blank: _Blank, read: FieldRead, kind: str,
                     characters: Callable[[Box], list["OcrWord"]], model: DigitModel
                     ) -> tuple[FieldRead, _Blank, np.ndarray, bool]:
    """The field read again with the printed anchors' characters known: the line is read one character at a time.

    First the anchors' typeset shapes are fitted and erased (``printed.erase_anchors``): handwriting that touches
    ``Số:`` or the slash stays whole, and the blank runs from where the left anchor's letters end to where the
    right one's begin. That read is kept where both anchors fitted; where one did, only when it differs from the
    first read as that side explains (a digit more before it after the left anchor's fit; after the right one's,
    the same digits less a trailing 1, the slash the first read took for one, or more after them).

    Else the blank is bounded by the characters' boxes (``_printed_bounds``): a read that differs from the first
    only as a moved bound explains is kept. A bound that moves outwards is tried first (the blank only widened):
    kept for a digit more before the read where the start moved left, or after it where the end moved right (for a
    number, a 1 there is the printed slash). A number's end that moves inwards is kept only for a trailing 1 (the
    slash) less. Returns the read kept, its blank, the page it was read on (the one with the print erased, when
    that read is kept) and whether the printed slash was found (by the right anchor's fit, or by the characters
    with their own box for it)."""
    left, right = blank.site.left, blank.site.right
    chars = _line_characters(gray, blank, characters)
    if chars is None:  # the characters could not be read: the first read stands
        return read, blank, gray, False
    if kind == "number":
        blank.site.right_text = _symbol_as_characters_read(chars, blank.site.right_text)
    old = read.value or ""
    line = _anchored_line(chars, blank)
    try:
        right_text = blank.site.right_text.rstrip("_.,;:'\" ")
        erased = erase_anchors(gray, line, left, right, blank.site.left_text, right_text,
                               (blank.x_from, blank.x_to), blank.text_height,
                               "upright" if kind == "number" else "italic",
                               _symbol_spellings(chars, right_text) if kind == "number" else ())
    except OSError:  # a print face that cannot be read: the character boxes below still bound the blank
        erased = None
    slash = kind == "number"
    # where the characters place the right anchor's start themselves (their widths for at most the slash itself)
    placed = _right_anchor_start(line, blank, most_unmatched=1) if slash else None
    # ... and whether the fit or the characters found the slash itself (a number's only)
    slash_found = slash and (erased is not None and erased.x_to is not None
                             or _right_anchor_start(line, blank, most_unmatched=0) is not None)
    if erased is not None:
        bounded = replace(blank, x_from=erased.x_from if erased.x_from is not None else blank.x_from,
                          x_to=erased.x_to if erased.x_to is not None else blank.x_to)
        again = _read_blank(erased.gray, bounded, kind, model)
        new = again.value or ""
        # the slash left over by the erasing, read as 1 (``1551``), or as a 7 by a read itself unsure (a sure 294
        # read 2947 at 0.45; a sure 24 read 242 unsure is a 2 the slash touched) ...
        one_more = kind == "number" and len(new) == len(old) + 1 and new.startswith(old) \
            and (new.endswith("1") or new.endswith("7") and again.confidence < HANDWRITTEN_SURE)
        if one_more and read.confidence >= SURE_BEFORE_ERASING and again.confidence < read.confidence \
                or new != old and new.endswith(old) and _blind_lengthening(read, again):
            # ... or a digit the number ends on; or a leading digit read all but blind: the first read stays, in doubt
            return _doubted(read), blank, gray, slash_found
        if new and (erased.x_from is not None and erased.x_to is not None
                    or new != old and (erased.x_from is not None and new.endswith(old)
                                       or erased.x_to is not None
                                       and new.startswith(old.rstrip("1") if kind == "number" else old))):
            return again, bounded, erased.gray, slash_found
    x_from, x_to = _printed_bounds(chars, blank)
    wider = replace(blank, x_from=min(blank.x_from, x_from if x_from is not None else blank.x_from),
                    x_to=max(blank.x_to, x_to if x_to is not None else blank.x_to))
    if (wider.x_from, wider.x_to) != (blank.x_from, blank.x_to):
        again = _read_blank(gray, wider, kind, model)
        new = again.value or ""
        if new and new != old and not (slash and new.startswith(old) and not new[len(old):].strip("1")) \
                and (new.endswith(old) and wider.x_from < blank.x_from  # a leading digit the blank had cut off
                     or new.startswith(old) and wider.x_to > blank.x_to):  # a trailing one
            if _blind_lengthening(read, again):
                return _doubted(read), blank, gray, slash_found
            return again, wider, gray, slash_found
    # a digit less is read only where the characters place the slash themselves: a symbol's letter OCR read twice
    # (``SOQHKT`` for ``SQHKT``) puts an estimate a letter too far left, over the number's last digit
    x_to = placed
    if x_to is not None and blank.x_from < x_to < blank.x_to:
        narrower = replace(blank, x_to=x_to)
        again = _read_blank(gray, narrower, kind, model)
        new = again.value or ""
        if new and old.startswith(new) and old != new and not old[len(new):].strip("1"):  # the slash left out
            return again, narrower, gray, True
    return read, blank, gray, slash_found


# The header's number line or date line read again on its own (``reread_header_line``): the column's crop at the
# other line's height, HEADER_LINE_REACH of its printed height above and below its centre (a hand rises above
# its line).
HEADER_LINE_REACH = 1.4
# Tesseract's page segmentation mode (6: a block of text, 7: one line) and the crop's centre, in printed heights below
# the other line's, of the reads tried in turn until one finds the line: the line may stand a little lower (a crop
# that cuts its digits' feet, or takes in the rule under the body's name, reads as noise); a block read copes
# with a speckled margin, a line read keeps a faint hyphen.
HEADER_LINE_READS = ((6, 0.0), (6, 0.5), (7, 0.5), (7, 0.0), (7, 1.0))
RIGHT_COLUMN_FROM = 0.4  # share of the page's width the right column's lines start after


def reread_header_line(page: "OcrPage", read_line: Callable[[Box, int], list["OcrWord"]]) -> bool:
    """When the header's number line or its date line is not found (``= s`` for ``Số: 230/TB-CCKL``,
    ``2ỐmgsQHKT`` for ``36/TB-SQHKT``; both lines run into one word ``——Sốr:241/TT-UBND————HệưGiang.ngùy``), read
    its column again at the height of the other line, level with it in Decree 30's layout. Inside a page
    Tesseract can run the two columns' lines together and lose one; read alone the line comes back. The re-read's
    words take the place of those OCR read in the crop, only if the line is then found and the other still is.
    ``read_line(box, psm)`` reads a page rectangle in one of Tesseract's segmentation modes. Returns whether the
    page changed."""
    number = _locate_number(page)
    date = _header_date(page)
    if (number is None) == (date is None):
        return False  # both found, or neither: no line to place the other by
    if date is not None:  # the number line, left of the date line's place name (``Vĩnh Long, ngày``)
        anchor = date
        starts = [w.box[0] for w in _band_words(page.words, date.site.left)
                  if RIGHT_COLUMN_FROM * page.width < w.box[0] <= date.site.left.box[0]]
        x_from, x_to = 0, min([page.width // 2, *starts])
    else:  # the date line, right of the number's symbol (unless it ran on into the date line)
        anchor = number
        end = number.site.right.box[2]
        x_from, x_to = (end if end < page.width // 2 else page.width // 2), page.width
    height = anchor.printed_height or _median_height(page.words)  # (the body's print: the header lines' size)
    reach = HEADER_LINE_REACH * height
    for psm, shift in HEADER_LINE_READS:
        centre = anchor.y_centre + shift * height
        box = (x_from, max(0, int(centre - reach)), x_to, min(page.height, int(centre + reach)))
        if _header_line_read(page, box, lambda b: read_line(b, psm), "number" if date is not None else "date"):
            return True
    return False


def _header_date(page: "OcrPage") -> Optional[_Blank]:
    """The header's day blank, else its month blank (a body line's date is no header's)."""
    day_blank, month_blank = _locate_date(page)
    blank = day_blank or month_blank
    return blank if blank is not None and blank.y_centre <= NUMBER_BAND * page.height else None


def _header_line_read(page: "OcrPage", box: Box, read_line: Callable[[Box], list["OcrWord"]], lost: str) -> bool:
    """Put the words of the ``lost`` line ("number" or "date") that ``read_line`` reads in ``box`` in place of the
    page's words on that line, if the number line and the date line are then found; else leave the page as it
    was. Only the line itself is taken from the re-read (the words in the rows of its anchor words): the crop
    also holds parts of the lines above and below it (the motto, a title), which stay as OCR read them."""
    again = [part for w in read_line(box) if w.text.strip() for part in _split_number_word(w)]
    if not again:
        return False
    saved = _copied(page.lines)

    def put(words: list["OcrWord"], top: float, bottom: float) -> Optional[_Blank]:
        """The page with ``words`` in place of its words centred in the crop between rows top and bottom; the lost
        line's blank if it and the other line are then found (else the page as it was, and None)."""
        page.lines[:] = _copied(saved)
        _remove_words(page, [w for w in page.words if box[0] <= (w.box[0] + w.box[2]) / 2 < box[2]
                             and top <= (w.box[1] + w.box[3]) / 2 < bottom])
        centre = (top + bottom) / 2
        at = next((k for k, line in enumerate(page.lines) if (line.box[1] + line.box[3]) / 2 > centre),
                  len(page.lines))
        page.lines.insert(at, OcrLine(sorted(words, key=lambda w: w.box[0])))
        number, date = _locate_number(page), _header_date(page)
        if number is None or date is None:
            page.lines[:] = saved
            return None
        return number if lost == "number" else date

    blank = put(again, box[1], box[3])
    if blank is None:
        return False
    anchors = [w for w in (blank.site.left, blank.site.right) if any(w is a for a in again)]
    if not anchors:  # the line found is not the re-read's
        page.lines[:] = saved
        return False
    top, bottom = min(w.box[1] for w in anchors), max(w.box[3] for w in anchors)
    line = [w for w in again if top <= (w.box[1] + w.box[3]) / 2 <= bottom]
    return put(line, top, bottom + 1) is not None


def _copied(lines: Sequence[OcrLine]) -> list[OcrLine]:
    """The lines with word lists of their own (the words shared): a page's lines to try an edit on and go back to."""
    return [replace(line, words=list(line.words)) for line in lines]


def _split_number_word(word: "OcrWord") -> list["OcrWord"]:
    """``Số:230/TB-CCKL`` as two words, ``Số:`` and ``230/TB-CCKL``, their boxes cut by their shares of the
    characters (as a page read sets them: the number with its symbol is the word the typed-number check knows)."""
    match = _NUMBER_WORD.match(word.text)
    if match is None or not re.match(r"\d", word.text[match.end():]):
        return [word]
    x0, y0, x1, y1 = word.box
    cut = x0 + int(round((x1 - x0) * match.end() / len(word.text)))
    return [OcrWord(word.text[:match.end()], word.confidence, (x0, y0, cut, y1)),
            OcrWord(word.text[match.end():], word.confidence, (cut, y0, x1, y1))]


def _union_box(boxes: Sequence[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _read_over(page: "OcrPage", box: Box, anchors: Sequence["OcrWord"], most_digits: int) -> list["OcrWord"]:
    """The page's words of digits alone (at most ``most_digits``, a speck beside them), anchors aside, centred
    inside the crop ``box`` the reader read: OCR's own reading of the same handwriting, which a hand rising above
    the line's band (``Số: 03 108/TB-UBND``: 108 read as 03, set on a line of its own) keeps out of the blank's
    words; left in, it reads as a second number or day. A lettered word there (a header line close above, the
    subject's first line below, an e-signature's ``Thời gian ký``) and a longer run of digits (a timestamp's year)
    are another line's and stay."""
    x0, y0, x1, y1 = box
    digits_alone = re.compile(rf"^[^\w]*\d{{1,{most_digits}}}[^\w]*$")
    return [w for w in page.words if all(w is not a for a in anchors) and digits_alone.match(w.text)
            and not YEAR_TOKEN.search(w.text)
            and x0 <= (w.box[0] + w.box[2]) / 2 < x1 and y0 <= (w.box[1] + w.box[3]) / 2 < y1]


YEAR_TOKEN = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")  # a year written as four digits on its own


def _remove_words(page: "OcrPage", doomed: Sequence["OcrWord"]) -> None:
    ids = {id(w) for w in doomed}
    for line in page.lines:
        line.words[:] = [w for w in line.words if id(w) not in ids]
    page.lines[:] = [line for line in page.lines if line.words]


def _line_of(page: "OcrPage", word: "OcrWord") -> Optional["OcrLine"]:
    return next((line for line in page.lines if any(w is word for w in line.words)), None)


def apply_field_reads(page: "OcrPage", reads: FieldReads) -> None:
    """Rewrite the page's words so its text carries the reads: ``Số: 07/CT-UBND``, ``ngày 20 tháng 3 năm``.

    Fields read from the OCR itself (fast path) or not read at all are left as they are; one the digit reader
    read otherwise keeps its text at a lowered confidence, unless the reader was all but sure of its own read: that
    read then comes as a reader's read, in doubt, and is written like one."""
    for name in ("number", "day", "month"):
        read, site = getattr(reads, name), reads.sites.get(name)
        if read is not None and site is not None and read.source == "ocr-disputed":
            for word in site.inside or [site.right]:  # (a number printed in one word with its symbol: 27/KH-LHH)
                word.confidence = min(word.confidence, read.confidence)
        if read is not None and site is not None and read.source == "typed":  # its print fits the scan
            site.right.confidence = max(site.right.confidence, read.confidence)

    number, site = reads.number, reads.sites.get("number")
    if number is not None and site is not None and number.source == "reader" and number.value:
        symbol = site.right
        if site.left is symbol:  # one word held Số, the handwriting and the symbol: Số gets a word of its own
            line = _line_of(page, symbol)
            if line is not None:
                line.words.append(OcrWord(site.left_text, symbol.confidence,
                                          (symbol.box[0], symbol.box[1], max(symbol.box[0] + 1, number.box[0]),
                                           symbol.box[3])))
                symbol.box = (max(symbol.box[0] + 1, number.box[0]),) + symbol.box[1:]
                line.words.sort(key=lambda w: w.box[0])
        else:
            site.left.text = site.left_text
        box = _union_box([number.box[:1] + symbol.box[1:2] + number.box[2:3] + symbol.box[3:], symbol.box])
        symbol.text = number.value + site.right_text
        symbol.box = box
        symbol.confidence = word_confidence(number.confidence)
        _remove_words(page, site.inside + _read_over(page, number.box, (site.left, symbol), 4))
        number_line, symbol_line = _line_of(page, site.left), _line_of(page, symbol)
        if number_line is not None and symbol_line is not None and number_line is not symbol_line:
            _remove_words(page, [symbol])
            number_line.words.append(symbol)
            number_line.words.sort(key=lambda w: w.box[0])

    written: list["OcrWord"] = []  # the day written in: the month's crop may reach over it (a day glued to tháng)
    for name, left_text in (("day", "ngày"), ("month", "tháng")):
        read, site = getattr(reads, name), reads.sites.get(name)
        if read is None or site is None or read.source != "reader" or not read.value:
            continue
        line = _line_of(page, site.left)
        if line is None:
            continue
        if site.left is site.right:  # "ngàyfháng": the day's anchors and its handwriting in one word
            glued = site.left
            site = replace(site, left=OcrWord(left_text, glued.confidence, (glued.box[0], glued.box[1],
                                                                            max(glued.box[0] + 1, read.box[0]),
                                                                            glued.box[3])))
            line.words.append(site.left)
            glued.text, glued.box = site.right_text, (max(glued.box[0], read.box[2]),) + glued.box[1:]
        if _fold(site.left.text) != _fold(left_text):
            site.left.text = left_text
            site.left.box = (site.left.box[0], site.left.box[1], min(site.left.box[2], read.box[0]), site.left.box[3])
        if name == "day" and _fold(site.right.text) != "thang":
            site.right.text = site.right_text
            site.right.box = (max(site.right.box[0], read.box[2]),) + site.right.box[1:]
        _remove_words(page, site.inside + _read_over(page, read.box, (site.left, site.right, *written), 2))
        # the line's other specks inside the blank (a stroke's tail OCR read as a word below the line's band)
        _remove_words(page, [w for w in line.words if w is not site.left and w is not site.right
                             and all(w is not x for x in written)
                             and site.left.box[2] <= (w.box[0] + w.box[2]) / 2 <= site.right.box[0]])
        y0 = site.left.box[1]
        y1 = site.left.box[3]
        word = OcrWord(read.value, word_confidence(read.confidence),
                       (read.box[0], y0, max(read.box[0] + 1, read.box[2]), y1))
        line.words.append(word)
        line.words.sort(key=lambda w: w.box[0])
        written.append(word)
