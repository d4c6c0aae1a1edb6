"""How sure each header and signer field is, and which ones a person should check.

One job: ``review_record`` takes a finished record (its fields, the parser's evidence, the pages' text) and, where
the pages were OCR'd, the words' OCR confidences and whether restoration changed them; it sets the ``confidence``
of the evidence of each path in ``FIELDS`` to a calibrated field confidence, lists in ``record.review`` the paths
whose confidence is below ``ACCEPT`` (a missing value included) and adds one warning per listed path, starting
with the path.

The field confidence, in this order (every step is named below; docs/record.md has the table):

1. ``rule``: the parser rule's own confidence (the evidence's, e.g. 0.95 for a printed date, 0.6 for a code on an
   e-signed scan, where the number is handwritten); a missing value is 0.
2. OCR: when the page was OCR'd, the weakest word of the evidence span caps the confidence
   (``OCR_CAP_BASE + OCR_CAP_SLOPE × min word confidence``); a number on an e-signed scan (handwritten) takes the
   reader's confidence less ``HANDWRITTEN_MARGIN`` instead of the rule's.
3. plausibility: subject words that are not Vietnamese syllables, a signer name without a known family name or
   with a non-name word, a code whose number or symbol is malformed, each lowers the confidence
   (``IMPLAUSIBLE_CAP``).
4. cross-checks with independent sources the document has: the e-signature timestamp (the issue date is on or
   before it, within ``ESIGN_WINDOW_DAYS``), annex lines (``Kèm theo Quyết định số 12/QĐ-UBND ngày ...``)
   repeating number and date, the issuing body's province vs the place, the type word vs the symbol's type
   code, the issuing body vs the gazetteer's body names, the signer's name vs another place that prints it (an
   e-signature's ``Ký bởi:``, an annex's signature block: ``signature.other_readings``; only a disagreement counts).
   An agreement halves the remaining doubt
   (``1 - (1 - c) × AGREE_FACTOR``: signed within ``ESIGN_CLOSE_DAYS`` after, when the date was read sure), a
   close one (signed the same day, a body name and province of the gazetteer word for word, a type line the
   vocabulary matched on its own under a symbol not mended after it) leaves
   ``STRONG_AGREE_FACTOR`` of it; a disagreement caps the confidence at
   ``DISAGREE_CAP`` and says why.

Clean text (no OCR, nothing restored) skips step 2: what is printed is read exactly, so its fields are accepted
unless a plausibility rule or a cross-check says otherwise.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Optional

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from pipeline.lexicon import SURNAMES
from pipeline.parse import dates, names, signature
from pipeline.parse.codes import body_initials, letters_key, type_from_symbol
from pipeline.parse import gazetteer as gz
from pipeline.parse.header import (BODY_CUT_AT_COMMA, CODE_PAST_SPECKS, COMPLETED_FROM_PLACE, COMPLETED_FROM_SYMBOL,
                                   SUBJECT_WORD_GUESSED, SYMBOL_DASH_RESTORED, SYMBOL_LETTER_RESTORED,
                                   TITLE_CANNOT_END, TYPE_MENDED_SYMBOL,
                                   bound_half, bound_pair_next, ends_on_a_cut_place, ends_on_a_level)
from pipeline.parse import vocabulary as vocab
from pipeline.parse.lines import make_key, normalize_page
from pipeline.parse.normal import department_by_key
from pipeline.parse.ocr_words import PageWords, page_words, span_words  # noqa: F401 (page_words: the review's input)
from pipeline.restore.model import known_syllables
from pipeline.restore.slips import unlikely_pairs
from pipeline.restore.syllables import normalize_word, tone_of
from pipeline.text import is_syllable_shape, strip_marks

FIELDS = ("document.type", "document.code", "document.issue_date", "document.place", "document.issuing_body",
          "document.subject", "signer.name")

ACCEPT = 0.8  # a field below this confidence is listed in ``review`` (chosen on dev material, bench/review_calib)

OCR_CAP_BASE = 0.55  # the OCR cap: base + slope × the span's weakest word confidence (a word at 0.5 → 0.8)
OCR_CAP_SLOPE = 0.5
# A number on an e-signed scan is handwritten: its rule confidence (0.6) says only that, and the handwriting
# reader's own confidence (or OCR's for a clean token) replaces it, less this margin (a read at 0.95 → 0.8).
HANDWRITTEN_MARGIN = 0.15
IMPLAUSIBLE_CAP = 0.5  # a value that does not look like its kind
ESIGN_BODY_SAME = 92  # the e-signature's signing body read this like the issuing body (rapidfuzz ratio) is it ...
ESIGN_BODY_OTHER = 75  # ... and one this unlike it (a clean gazetteer name) is another body
AGREE_FACTOR = 0.5  # an agreeing independent source halves the remaining doubt ...
STRONG_AGREE_FACTOR = 0.2  # ... a close one (the e-signature within days, a gazetteer body name) leaves a fifth
DISAGREE_CAP = 0.4  # a disagreeing source caps the confidence
ESIGN_WINDOW_DAYS = 31  # the issue date lies at most this many days before the e-signature ...
ESIGN_LATE_DAYS = 7  # ... and at most this many after it (the records office dates it when it issues it)
ESIGN_CLOSE_DAYS = 3  # signed within this many days of the issue date: an agreement (the same day: a close one) ...
TYPE_LINE_ALONE = 0.95  # the rule confidence of a type line the vocabulary matched without the symbol's help
SURE_WORD = 0.5  # ... which counts only when the date's weakest word was read at least this sure: the e-signature
# two days after a handwritten day read unsure fits 17 as well as 19
ESIGN_NEAR = "the e-signature is dated a few days after it,"


@dataclass
class Judgement:
    path: str
    confidence: float
    reasons: list[str] = field(default_factory=list)  # why it is unsure (become the warning)
    support: list[str] = field(default_factory=list)  # sources that agreed


def _get(record: Any, path: str) -> Any:
    obj = record
    for part in path.split("."):
        obj = getattr(obj, part, None)
    return obj


# ----------------------------------------------------------------------------------------------------------------
# Plausibility


_SURNAME_KEYS = {make_key(s) for s in SURNAMES}
_CODE_NUMBER = re.compile(r"^\d{1,6}[a-z]?$")
# I, l, O, o beside a digit inside a capitals part of a symbol (UBTVQHI15 for UBTVQH15, QH1S): OCR's digit slips
_DIGIT_LOOKALIKE = re.compile(r"(?<=[A-ZĐ])[IlOoS|](?=\d)|(?<=\d)[IlOo|](?=\d|\b|$)")
_CODE_SYMBOL = re.compile(r"^(?:\d{4}/)?[A-ZĐ][A-Za-zĐđ0-9&]*(?:[-/][A-Za-zĐđ0-9&]+)*$")


def _word_plausible(word: str) -> bool:
    core = word.strip(".,;:()\"'“”-–/")
    if any(ch.isdigit() for ch in core) and any(ch.isalpha() and ch.islower() for ch in core) \
            and not re.fullmatch(r"[\d/.\-]*[A-ZĐ][A-Za-zĐđ\d/.\-]*|\d{1,3}[a-zđ]", core):
        return False  # letters of a word with a digit among them (phòn8): a code keeps its capitals (TTr, SNgV)
    if not core or any(ch.isdigit() for ch in core):
        return True
    if core.isupper() and len(core) <= 6 and strip_marks(core.replace("Đ", "D")) == core.replace("Đ", "D"):
        return True  # an acronym (UBND, HĐND, CNTT) carries no tone or vowel mark: HUYIỆN is no acronym
    return all(len(part) == 1 or (is_syllable_shape(part) and not _toneless_stop(part)) or _minority_place_syllable(part)
               for part in re.split(r"[-/]", core) if part)


_STOP_TONES = ("\u0301", "\u0323")  # sắc (acute), nặng (dot below): the only tones a syllable ending in a stop takes


def _toneless_stop(word: str) -> bool:
    """A marked word ending in a stop (c, ch, p, t) with another tone than sắc or nặng (``ƯT``, ``HUYÊT``): no
    Vietnamese syllable (Vietnamese phonology: a stop-final syllable carries one of those two tones). A word without
    any mark may be unaccented text and is not judged."""
    plain = strip_marks(word).lower()
    if not plain.endswith(("c", "p", "t")) or word.lower() == plain:
        return False
    return tone_of(word) not in _STOP_TONES


def _unknown_words(words: list[str]) -> list[str]:
    """The lower-case words of a title that are no syllable of the corpus (``hựp`` for hợp, ``tron`` for trong): a
    title's common words are all there (of 3,700 words of dev and renderer-made titles, none lower-case was
    missing), names and place names aside, which open with a capital and are not asked."""
    known = known_syllables()
    if not known:
        return []
    out = []
    for word in words:
        core = word.strip(".,;:()\"'“”-–/…")
        if core.isalpha() and core.islower() and normalize_word(core) not in known:
            out.append(core)
    return out


# log P(</s> | a title's last two words) under the restoration model below which a title is taken as cut: no
# phrase of the corpus ends there (``cho người có``: -10.6, ``khu công``: -10.2). Of 422 renderer-made gold titles
# (the looked-at sets) the lowest is -6.6 and of the 65 dev gold titles -3.8; of those titles cut 1 to 5 words
# short, 19% fall under it (a title may end on a word the corpus's titles seldom end on: ``công tác cải cách`` -7.3)
PHRASE_END_FLOOR = -8.0


def _cut_phrase_end(words: list[str]) -> bool:
    """Whether a title ends where no phrase of the corpus does (``PHRASE_END_FLOOR``); False without a model."""
    from pipeline.restore import shipped_model

    model = shipped_model()
    tail = [w.strip(".,;:()\"'“”").lower() for w in words[-2:]]
    if model is None or not tail or not all(re.fullmatch(r"[^\W_]+", w) for w in tail):
        return False
    score = model.end_logp([normalize_word(w) for w in tail])
    return score is not None and score < PHRASE_END_FLOOR


def _unlikely_pairs(words: list[str]) -> list[tuple[str, str]]:
    """``slips.unlikely_pairs`` with the shipped restoration model; none without one."""
    from pipeline.restore import shipped_model

    model = shipped_model()
    return [] if model is None else unlikely_pairs(model, words)  # (no restoration model: nothing to compare with)


_MINORITY_ONSETS = (("kr", "k"), ("bl", "b"), ("br", "b"), ("dr", "d"), ("pl", "p"), ("j", "d"), ("f", "ph"),
                    ("w", "qu"), ("z", "d"))


def _place_name_words(words: list[str]) -> set[int]:
    """The indices of the words that spell a province's or district's name of the gazetteer, capitalised (``Ea
    Kar``, ``Pleiku``, ``Chư Păh``): a minority-language name is no Vietnamese syllable, and no slip either."""
    return gz.place_name_indices([make_key(w.strip(".,;:()\"'“”")) for w in words], [w[:1].isupper() for w in words])


def _minority_place_syllable(word: str) -> bool:
    """A capitalised syllable of a minority-language place name (Cư Jút, Đắk Mil, Krông Pắc): Vietnamese in shape
    once its onset (j, f, w, z, kr, bl, br, dr, pl) and a final k are read as their Vietnamese spellings."""
    if not word[:1].isupper():
        return False
    low = word.lower()
    for onset, spelt in _MINORITY_ONSETS:
        if low.startswith(onset):
            low = spelt + low[len(onset):]
            break
    if low.endswith("k"):
        low = low[:-1] + "c"
    return low != word.lower() and is_syllable_shape(low)


def _lone_capitals(word: str) -> bool:
    """Whether ``word``, bare of stops, is capitals that spell a syllable (``HINH``, ``CẤP``): in a title in lower
    case, OCR's garbling of a word, where an acronym spells none (``UBND``, ``ODA``); not a Roman numeral (``VI``)
    nor three ASCII letters or fewer (``COA``, ``BOT``: acronyms that happen to spell one)."""
    core = word.rstrip(".,;:")
    return len(core) >= 2 and core.isalpha() and core.isupper() and is_syllable_shape(core) \
        and not re.fullmatch(r"[IVXLC]+", core) and not (core.isascii() and len(core) <= 3)


def _plausibility(path: str, value: Any, record: Any) -> Optional[str]:
    """Why the value does not look like its kind, or None."""
    if path == "document.subject":
        if str(value)[:1].islower():
            return "a title opens with a capital: its first line may be lost or out of order"
        if any(w.startswith("subject ") and SUBJECT_WORD_GUESSED in w for w in record.warnings):
            return "a garbled word was read as the one its neighbours call for: a guess"
        if re.match(r"^(?:[IVX]{1,4}|\d{1,2})\.\s", str(value)):
            return "it opens with a section number: a heading of the body, not the title"
        words = str(value).split()
        if words and words[-1].rstrip(".,;:") in TITLE_CANNOT_END:
            return f"a title does not end on {words[-1]!r}: its last line may be lost"
        partner = bound_half(words[-1]) if words else None
        if partner is not None:
            return (f"a title does not end on {words[-1]!r} (commonly {words[-1].strip('.,;:')} {partner}): its last "
                    "line may be lost")
        after = bound_pair_next(words)
        if after is not None:
            return (f"a title does not end on {' '.join(words[-2:])!r} (commonly followed by {after!r}): its last "
                    "line may be lost")
        if re.search(r"\bnăm \d{1,3}$", str(value)):
            return "the title's year has fewer than four digits: its last digit may be lost"
        if re.search(r"\b(?:quý|tháng) (?:\d{1,2}|[IV]{1,3})$", str(value)):
            return "a title's quarter or month goes with its year (``quý 3 năm 2021``): its last words may be lost"
        if _PERIOD_CUT.search(str(value)):
            return "a period (giai đoạn) runs from one year to another (``2021 - 2025``): its end year may be lost"
        span = _PERIOD.search(str(value))
        if span and not 0 < int(span.group(2)) - int(span.group(1)) <= LONGEST_PERIOD:
            return f"the period {span.group(1)} - {span.group(2)} is no plan's span: a digit of a year misread?"
        if _cut_phrase_end(words):
            return (f"no phrase ends on {' '.join(words[-2:])!r} in the corpus: the title's last line may be "
                    "lost")
        if ends_on_a_level(words):
            return f"a title does not end on the level {' '.join(words[-2:])!r} without its place: its last line may be lost"
        if ends_on_a_cut_place(words):
            return (f"a title does not end on {' '.join(words[-2:])!r}, the first words of a place's name: its last "
                    "line may be lost")
        lone_caps = [w for k, w in enumerate(words[1:-1], 1)
                     if _lone_capitals(w) and words[k - 1][:1].islower() and words[k + 1][:1].islower()]
        if lone_caps:
            return (f"a word in capitals between lower-case ones: {', '.join(lone_caps[:3])} (a garbled word, not an "
                    "acronym)")
        named = _place_name_words(words)
        bad = [w for k, w in enumerate(words) if k not in named and not _word_plausible(w)]
        if bad and len(bad) / max(1, len(words)) > 0.0:
            return f"words that are not Vietnamese syllables: {', '.join(bad[:4])}"
        unknown = _unknown_words(words)
        if unknown:
            return f"words the corpus never uses: {', '.join(unknown[:4])} (a slip the restorer left)"
        first = words[0] if words else ""  # (capitalised as a sentence's first word: judged in lower case)
        slips = _unlikely_pairs([first.lower(), *words[1:]] if first[1:].islower() else words)
        if slips:
            return "word pairs the corpus never writes: " + ", ".join(f"{read} (commonly {usual})"
                                                                   for read, usual in slips[:3])
    elif path == "signer.name":
        words = str(value).split()
        if not words or make_key(words[0]) not in _SURNAME_KEYS:
            return f"{words[0] if words else value!r} is not a known family name"
        if not all(w[:1].isupper() and is_syllable_shape(w) for w in words):
            return "a word of the name is not a capitalised Vietnamese syllable"
        misspelt = [w for w in words if names.misspelt(w)]
        if misspelt:
            return f"no Vietnamese syllable is spelt {', '.join(misspelt)}: a mark is wrong"
        rare = names.unknown_syllables(str(value))
        if rare:
            return "no name has " + ", ".join(f"{word} (commonly {form})" for word, form in rare)
    elif path == "document.code":
        number, symbol = record.document.number, record.document.symbol
        if not number or not _CODE_NUMBER.match(number):
            return f"the number {number!r} is not a plain number"
        if not symbol or not _CODE_SYMBOL.match(symbol):
            return f"the symbol {symbol!r} is malformed"
        if len(re.sub(r"[^A-Za-zĐđ]", "", symbol)) < 3:
            return f"the symbol {symbol!r} is cut short: a symbol names at least its issuer (UBND, KH-SYT)"
        if len(symbol) > LONGEST_UNBROKEN_SYMBOL and not re.search(r"[-/&.]", symbol):
            return (f"the symbol {symbol!r} has no dash: one may be lost between its parts (the type or the "
                    "issuer and its unit)")
        slip = _DIGIT_LOOKALIKE.search(symbol)
        if slip:
            return f"the symbol {symbol!r} has {slip.group(0)!r}: a letter OCR reads for a digit beside digits"
        if any(SYMBOL_DASH_RESTORED in w for w in record.warnings):
            return f"the symbol {symbol!r} was read without its dash after the issuer's initials"
        if any(SYMBOL_LETTER_RESTORED in w for w in record.warnings):
            return f"the symbol {symbol!r} was read with one of two like letters of the issuer's initials"
        if "I" in re.sub(r"^\d{4}/", "", symbol):
            # no symbol of the corpus's 1,891 nor of the dev documents has a capital I (no initial of a Vietnamese
            # body's words is one): a T, an l or a 1 misread (``QĐ-SVHILL`` for QĐ-SVHTT)
            return f"the symbol {symbol!r} has an I, which no symbol is written with: a T, l or 1 misread"
        if any(w.startswith("document code") and CODE_PAST_SPECKS in w for w in record.warnings):
            # the handwritten number ran into specks OCR read beside it (``2& 438``, ``189/ƒUBND``): a digit of
            # it may be among them
            return "the number was read past specks beside it: a digit may be lost"
        first = re.sub(r"^\d{4}/", "", symbol).split("-")[0]
        if "-" in symbol and record.document.issuing_body and type_from_symbol(symbol) is None \
                and _type_code_like(first) and not _issuer_initials(first, record.document.issuing_body):
            # a letter's symbol opens with its issuer (UBND-VP, SYT-NVY); a type's abbreviation misread
            # (QĐĐĐ-UBND, Zm-) is neither (an issuer's line lost, as STNNMT under the committee, is not asked here)
            return f"the symbol's first part {first!r} is neither a type's abbreviation nor its issuer's initials"
        garbled = next((part for part in re.split(r"[-/]", symbol)
                        if part != "UBND" and Levenshtein.distance(part.upper(), "UBND") == 1), None)
        if garbled:
            # a people's committee's UBND read with a letter wrong (KH-UBNI, KH-DBND): the word was read badly,
            # and the number OCR read with it is no surer
            return f"the symbol's {garbled!r} is UBND misread: the code's word was read badly"
    elif path == "document.place":
        known_place = gz.is_place_key(" ".join(make_key(str(value)).split()))
        if not known_place and not all(_word_plausible(w) for w in str(value).split()):
            return "the place is not made of Vietnamese syllables"
        if not known_place:
            # a word of it lost (Nông of Đắk Nông) or misread: every place of the dev documents' date lines is one
            return f"{value!r} is no province, district or town the gazetteer knows"
    elif path == "document.issuing_body":
        return body_doubt(str(value))
    return None


def body_doubt(body: str) -> Optional[str]:
    """Why a body's name as read looks misread, or None: words that are no Vietnamese syllables, no body's shape, a
    pair of words with a common pair one letter apart (``ĐẤU TƯ``: đầu tư), garbled words (``_garbled_body_words``).
    The place's name after its level (``TỈNH TÂY NINH``) is asked only for its syllables."""
    words = body.split()
    named = _place_name_words(words)
    bad = [w for k, w in enumerate(words) if k not in named and not _word_plausible(w)]
    if bad:
        return f"words that are not Vietnamese syllables: {', '.join(bad[:4])}"
    shape = _body_shape(" ".join(make_key(body).split()))
    if shape:
        return shape
    words = body.lower().split()
    cut = next((k for k, w in enumerate(words) if w in gz.LEVEL_FIRST_WORDS), len(words))
    slips = _unlikely_pairs(words[:cut])
    if slips:
        return "word pairs the corpus never writes: " + ", ".join(f"{read} (commonly {usual})"
                                                               for read, usual in slips[:3])
    return _garbled_body_words(words[:cut])


UNSEEN_BODY_PAIRS = 2  # a body's words (its place aside) with this many pairs the corpus never writes: misread


def _garbled_body_words(words: list[str]) -> Optional[str]:
    """Why a body's name before its place (lower-cased words) reads as misread, where no common pair stands in for
    a slip (``_unlikely_pairs``): a word of letters and digits (``DỊ 1ÍCH``: di tích), a syllable the corpus never
    uses (``THÚ VY``: thú y), or two pairs or more it never writes (``CHĂN NUÔI VAI HUY``: và thú y; ``ĐIỂU PHÔI``:
    điều phối). Of the 161 body names of the looked-at renders' and dev's gold none is, nor any of 217 capitals
    lines opening corpus documents but two misprints (``UỐC HỘI``); a name of words the gazetteer does not
    hold may still make one pair the corpus never writes (``ĐIỀU PHỐI NÔNG THÔN``: phối nông)."""
    from pipeline.restore import shipped_model

    cores = [w.strip(".,;:()\"'“”") for w in words]
    mixed = [c for c in cores if re.search(r"\d", c) and re.search(r"[^\W\d_]", c)]
    if mixed:
        return f"words of letters and digits: {', '.join(mixed[:3])}"
    known = known_syllables()
    unknown = [c for c in cores if c.isalpha() and is_syllable_shape(c) and known and normalize_word(c) not in known]
    if unknown:
        return f"words the corpus never uses: {', '.join(unknown[:3])}"
    model = shipped_model()
    if model is None:
        return None
    ids = [model.index.get(normalize_word(c)) if c.isalpha() else None for c in cores]
    unseen = [f"{cores[k]} {cores[k + 1]}" for k in range(len(cores) - 1)
              if ids[k] is not None and ids[k + 1] is not None and not words[k].endswith(",")
              and model.bi.get(ids[k] * model.V + ids[k + 1]) is None]
    if len(unseen) >= UNSEEN_BODY_PAIRS:
        return f"word pairs the corpus never writes: {', '.join(unseen[:3])}"
    return None


@lru_cache(maxsize=1)
def _body_heads() -> tuple[str, ...]:
    """The unmarked keys a body's name may open with (the gazetteer's body phrases and heads), longest first."""
    keys = {" ".join(make_key(p).split()) for p in gz.BODY_PHRASES + gz.ORG_HEADS}
    return tuple(sorted(keys, key=len, reverse=True))


@lru_cache(maxsize=1)
def _department_keys() -> tuple[str, ...]:
    """The keys of the department names (``tai chinh``) that are no body name's head on their own (``Công an`` is)."""
    heads = {" ".join(make_key(h).split()) for h in gz.ORG_HEADS}
    keys = {" ".join(make_key(d).split()) for d in gz.DEPARTMENTS}
    return tuple(sorted(k for k in keys if not any(k == h or k.startswith(h + " ") for h in heads)))


_LEVELS = "|".join(re.escape(" ".join(make_key(level).split())) for level in gz.ADMIN_LEVELS)  # tinh|huyen|...
LONGEST_UNBROKEN_SYMBOL = 7  # a body's initials alone (UBND, SGDĐT, VPUBND, BQLKKT); longer ones have a dash
_PEOPLES_BODY = re.compile(r"^(?:uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd)\b")
_NOT_A_BODY = re.compile(r"\b(?:cong hoa|chu nghia|doc lap|tu do|hanh phuc)\b")


# A title's period (giai đoạn, thời kỳ: period) spans at most this many years: of the corpus's 101, one spans 11
# (2019 - 2030), the others at most 10
LONGEST_PERIOD = 15
_PERIOD = re.compile(rf"\b(?:giai đoạn|thời kỳ|từ năm) ({dates.YEAR}) ?[-–] ?({dates.YEAR})\b")
_PERIOD_CUT = re.compile(rf"\b(?:giai đoạn|thời kỳ) {dates.YEAR}[-–]?$")  # a period's first year ends the title


# (not a cited document's date: ``ngày 5 tháng 3 năm 2019``)
_TITLE_YEAR = re.compile(rf"(?<!tháng \d )(?<!tháng \d\d )\bnăm ({dates.YEAR})\W*$")


def _type_code_like(part: str) -> bool:
    """Whether a symbol's part may be a type's abbreviation misread: two letters or fewer (``Zm``), one letter off
    one, or one with a letter read again (``QĐĐĐ``: QĐ)."""
    key = vocab.code_key(part)
    codes = vocab.type_by_code()
    return len(key) <= 2 or re.sub(r"(.)\1+", r"\1", key) in codes \
        or any(Levenshtein.distance(key, code) <= 1 for code in codes)


def _issuer_initials(part: str, issuing_body: str) -> bool:
    """Whether a symbol's part may be the issuing body's abbreviation: UBND (HĐND) or the body's initials, whole or
    their first three letters (``SYT`` of Sở Y tế, ``BTĐKT`` of Ban Thi đua - Khen thưởng)."""
    got, initials = letters_key(part), letters_key(body_initials(issuing_body))
    return _committee_part(part) or initials.startswith(got) or got.startswith(initials[:3])


def _committee_part(part: str) -> bool:
    """Whether a symbol's part is a people's committee's or council's (UBND, UB, HĐND)."""
    return letters_key(part).startswith(("UB", "HD"))


def _body_shape(key: str) -> Optional[str]:
    """Why an issuing body's unmarked key is not a whole body name (a line lost or another line taken), or None."""
    if _NOT_A_BODY.search(key):
        return "it holds words of the national motto, not a body's name"
    if not any(key == head or key.startswith(head + " ") for head in _body_heads()):
        return "it does not open with a body's name (a line of the name lost?)"
    if any(key == d or key.startswith(d + " ") for d in _department_keys()):
        return "a department's name without its head word (Sở, Bộ): a line of the name lost?"
    if _PEOPLES_BODY.match(key) and not re.search(rf"\b(?:{_LEVELS})\b", key):
        return "a people's committee or council that names no province, district or commune"
    if re.search(r"\b(?:quan ly|chi dao)$", key):
        return "a board's name ends before its charge (Ban Quản lý ...): a line of the name lost?"
    return None


# ----------------------------------------------------------------------------------------------------------------
# Cross-checks: (path, agrees?, what) from sources independent of the field's own reading


# the document's own annex line starts with it: ``(Kèm theo Quyết định số 12/QĐ-UBND ngày ...)``, ``Ban hành kèm
# theo ...``; ``... tại Phụ lục IV kèm theo Nghị định số 24/2026/NĐ-CP`` inside a sentence cites another document
# a cheap look for such a line before any line is keyed (Kèm, kem, KÈM; a mark decomposed or not)
_ANNEX_HINT = re.compile(r"^\W*(?:ban\s+h\S{1,3}nh\s+)?k\S{1,2}m\s+theo\b", re.IGNORECASE | re.MULTILINE)
_ANNEX = re.compile(r"^\W*(?:ban\s+hanh\s+)?kem\s+theo\s+(?:[a-z]+\s+){1,4}?so[:\s]*([0-9][0-9a-z/\-.]*)",
                    re.IGNORECASE)


def _same_line(record: Any, a: str, b: str) -> bool:
    """Whether the evidence of paths ``a`` and ``b`` is the same line (one was read off the other)."""
    ea, eb = record.evidence.get(a), record.evidence.get(b)
    return ea is not None and eb is not None and (ea.page, ea.line) == (eb.page, eb.line)


def _symbol_parts(symbol: str) -> list[str]:
    """The symbol's segments past the year of a legal document's (``2020/NĐ-CP`` → ``NĐ``, ``CP``)."""
    return [part for part in re.split(r"[-/]", symbol) if part and not part.isdigit()] or [""]


def _symbol_head(symbol: str) -> str:
    """The type code a symbol opens with, past the year of a legal document's (``2020/NĐ-CP`` → ``NĐ``)."""
    head = _symbol_parts(symbol)[0]
    return vocab.code_key(head) if head else ""


def _esign_date(record: Any) -> Optional[dt.date]:
    ev = record.evidence.get("esign.timestamp")
    if ev is None or not ev.text:
        return None
    found = [d for d, _, _ in dates.find_dmy(ev.text)]
    return min(found) if found else None


def _annex_lines(pages: list[PageWords]) -> list[tuple[str, Optional[dt.date]]]:
    """(code key, date) of the annex lines that name a document by number (``Kèm theo Quyết định số ...``)."""
    out = []
    for page in pages:
        if not _ANNEX_HINT.search(page.text):
            continue  # most pages have none: the whole page is not keyed for it
        for line in normalize_page(page.text).split("\n"):
            if not _ANNEX_HINT.match(line):
                continue
            key = make_key(line)
            m = _ANNEX.search(key)
            if not m:
                continue
            code = m.group(1).strip(".-/").upper()
            rest = line[m.end():] if len(line) >= m.end() else ""
            worded = re.search(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+((?:19|20)\d{2})", key[m.end():])
            date = dates.dmy(*worded.groups()) if worded else next((d for d, _, _ in dates.find_dmy(rest)), None)
            out.append((code, date))
    return out


def _code_key(code: Optional[str]) -> str:
    return strip_marks(code or "").upper().replace(" ", "")


def _cross_checks(record: Any, pages: list[PageWords]) -> list[tuple[str, Optional[bool], str]]:
    """(path, True / None (a close agreement) / False, what); ``None`` stands for a strong agreement."""
    doc = record.document
    out: list[tuple[str, Optional[bool], str]] = []
    # the e-signature's timestamp bounds the issue date
    signed = _esign_date(record)
    # a date the header had to settle with the timestamp (a year slip, a date after the signature) is not
    # confirmed by it: the two are no longer independent
    settled = any(w.startswith("issue date") for w in record.warnings)
    if signed and doc.issue_date and not settled:
        days = (signed - doc.issue_date).days
        if days == 0:
            out.append(("document.issue_date", None, f"the e-signature is dated {signed.isoformat()}"))
        elif -ESIGN_LATE_DAYS <= days <= ESIGN_CLOSE_DAYS:
            # an agreement on the month and year; on the day only when the day was read sure (see judge)
            out.append(("document.issue_date", True, f"{ESIGN_NEAR} {signed.isoformat()}"))
        elif -ESIGN_LATE_DAYS <= days <= ESIGN_WINDOW_DAYS:
            pass  # fits, but a month leaves room for a misread day
        else:
            out.append(("document.issue_date", False,
                        f"{doc.issue_date.isoformat()} does not fit the e-signature's date {signed.isoformat()}"))
    # a title ending on its year (``Kế hoạch ... năm 2024``) names the year it is issued in, the one before or the
    # one after (a report, a plan): two years or more apart, one of the two years was misread
    title_year = _TITLE_YEAR.search(doc.subject or "")
    if title_year and doc.issue_date and abs(int(title_year.group(1)) - doc.issue_date.year) >= 2:
        out.append(("document.subject", False, f"its year {title_year.group(1)} is not the issue date's "
                                               f"({doc.issue_date.year}) nor a year beside it"))
    # annex lines repeat the number and the date
    if doc.code or doc.issue_date:
        for code, date in _annex_lines(pages):
            if doc.code and code:
                mine = _code_key(doc.code)
                number_ok = code.split("/")[0] == (doc.number or "")
                if code == mine or (number_ok and mine.startswith(code)):
                    out.append(("document.code", True, f"an annex line repeats {code}"))
                elif number_ok or code.split("/")[-1:] == mine.split("/")[-1:]:
                    out.append(("document.code", False, f"an annex line reads {code}"))
            if doc.issue_date and date:
                if date == doc.issue_date:
                    out.append(("document.issue_date", True, f"an annex line repeats {date.isoformat()}"))
                else:
                    out.append(("document.issue_date", False, f"an annex line reads {date.isoformat()}"))
    # the type word vs the symbol's type code
    if doc.type and doc.symbol and doc.type != vocab.CONG_VAN:
        expected = vocab.code_for_type(doc.type)
        head, parts = _symbol_head(doc.symbol), _symbol_parts(doc.symbol)
        if expected and head:
            by_code = vocab.type_by_code()
            if head == vocab.code_key(expected):
                if not _same_line(record, "document.type", "document.symbol"):  # (a type read off the symbol: no)
                    # a close agreement where the type line matched the vocabulary on its own (not guided by the
                    # symbol) and the symbol was not mended after it: two readings of a closed vocabulary agree
                    ev = record.evidence.get("document.type")
                    alone = ev is not None and (ev.confidence or 0) >= TYPE_LINE_ALONE \
                        and not any(w.startswith("symbol ") and TYPE_MENDED_SYMBOL in w for w in record.warnings)
                    out.append(("document.type", None if alone else True, f"the symbol opens with {expected}"))
            elif head in by_code:
                out.append(("document.type", False, f"the symbol {doc.symbol} names another type ({by_code[head]})"))
                out.append(("document.code", False, f"the symbol's {head} does not match the type {doc.type}"))
            elif any(c.islower() for c in parts[0]) or (len(parts) > 1 and parts[0].isalpha()):
                # ``ZđQĐ-UBND`` or ``ZT-UBND`` under QUYẾT ĐỊNH or TỜ TRÌNH: handwriting or specks read into the
                # symbol's type, or its letters misread (a symbol may open with its issuer instead, with the
                # legislature's term: 09/2025/UBTVQH15, 104/2023/QH15)
                out.append(("document.code", False, f"the symbol's {head} is no type's abbreviation ({doc.type} "
                                                    f"is {expected})"))
    # a Công văn has no title line: its type stands on a symbol without another type's code and a V/v subject
    # (a Về việc subject found without a type line may be a garbled type's: QĐĐĐ-UBND over FA ` fï IYẾT ĐINH)
    if doc.type == vocab.CONG_VAN and doc.symbol and doc.subject and doc.subject.startswith("V/v"):
        head = _symbol_head(doc.symbol)
        if head not in vocab.type_by_code() or vocab.type_by_code()[head] == vocab.CONG_VAN:
            out.append(("document.type", True, "a symbol without a type code and a subject line"))
    # the issuing body's province vs the place
    provinces = gz.province_by_key()
    if doc.place:
        place_key = make_key(doc.place)
        bodies = " ".join(make_key(b) for b in (doc.issuing_body, doc.parent_body) if b)
        named = gz.provinces_named(bodies)
        if named:
            if any(k == place_key or k in place_key for k in named):
                out.append(("document.place", True, "the issuing body names the same province"))
            elif place_key in provinces or Levenshtein.distance(place_key, named[0]) <= 3:
                out.append(("document.place", False,
                            f"the issuing body names {provinces[named[0]]}, the place reads {doc.place}"))
        elif place_key in provinces or any(place_key.endswith(" " + k) for k in provinces):
            out.append(("document.place", True, "a province of the gazetteer"))
        elif gz.district_by_key().get(place_key) == doc.place:
            out.append(("document.place", True, "a district of the gazetteer"))
    # the signer's name printed in another place (the e-signature's Ký bởi, an annex's signature block)
    if record.signer.name:
        ev = record.evidence.get("signer.name")
        where = (ev.page, ev.line) if ev is not None and ev.page and ev.line else None
        titles = [t for t in (record.signer.position, *(record.signer.authority or "").split(" / ")) if t]
        for other, place in signature.other_readings([p.text for p in pages], record.signer.name, where, titles):
            out.append(("signer.name", False, f"{place} reads the name as {other}"))
    # the issuing body vs the gazetteer's body names; not a body the header made up from the gazetteer where its
    # lines were lost (``ỦY BAN NHÂN DÂN`` with the date line's place; a department from the symbol's letters): such
    # a body is a gazetteer name by construction. (``TỈNH QUẢNG BÌNH`` read and ``ỦY BAN NHÂN DÂN`` put before it
    # keeps the check: its level and place were read.)
    completed = any(w.startswith("issuing body ") and (COMPLETED_FROM_PLACE in w or COMPLETED_FROM_SYMBOL in w)
                    for w in record.warnings)
    if doc.issuing_body and not completed:
        key = make_key(doc.issuing_body)
        body_key = " ".join(key.split())  # (single spaces)
        phrases = _body_heads()
        provinces_alt = "|".join(re.escape(k) for k in sorted(provinces, key=len, reverse=True))
        # (a province after its own level: tỉnh, or thành phố; ``THỊ XÃ VĨNH LONG`` is a province's name under a
        # town's level, Bình Long misread)
        whole = re.fullmatch(rf"(?:{'|'.join(re.escape(p) for p in phrases)})\s+(?:tinh|thanh pho)\s+"
                             rf"(?:{provinces_alt})", body_key)
        head, _, department = body_key.partition(" ")
        if head in ("so", "bo") and department and department not in department_by_key():
            # Sở / Bộ (department, ministry) and a name no department has: a word of it misread
            out.append(("document.issuing_body", False, f"{department!r} is no department of the gazetteer"))
        local = re.search(r"\b(?:huyen|thi xa|quan|thanh pho)\s+(.+)$", body_key)
        place_key = " ".join(make_key(doc.place).split()) if doc.place else ""
        if local and place_key and local.group(1) != place_key and gz.is_place_key(place_key) \
                and Levenshtein.distance(local.group(1), place_key) <= 2:
            # a district's body dates its documents at the district: a name a letter or two apart is a misread
            out.append(("document.issuing_body", False, f"the body names {local.group(1)!r}, the date line "
                                                        f"{doc.place}"))
        elif whole:
            out.append(("document.issuing_body", None, "a body name of the gazetteer and a province, word for word"))
        elif any(w.startswith("issuing body ") and BODY_CUT_AT_COMMA in w for w in record.warnings) \
                and not (head in ("so", "bo") and department in department_by_key()):
            # (a name the gazetteer holds whole is whole, a speck read as a comma after it)
            out.append(("document.issuing_body", False, BODY_CUT_AT_COMMA))
        elif any(key.startswith(p + " ") or key == p for p in phrases):
            out.append(("document.issuing_body", True, "opens with a body name of the gazetteer"))
    # the issuing body vs the body the e-signature names as its signer (``Ký bởi: Sở Ngoại vụ``): the same name read
    # twice agrees; a clean gazetteer body name unlike it disagrees (one holding the other, ``Văn phòng Ủy ban nhân
    # dân tỉnh ...`` signing for the committee, says nothing)
    if doc.issuing_body:
        mine = body_name_key(doc.issuing_body)
        heads = _body_heads()
        for signed in signature.esign_bodies([p.text for p in pages]):
            theirs = body_name_key(signed)
            if mine == theirs or fuzz.ratio(mine, theirs) >= ESIGN_BODY_SAME:
                out.append(("document.issuing_body", True, f"the e-signature is signed by {signed}"))
            elif mine not in theirs and theirs not in mine and fuzz.ratio(mine, theirs) < ESIGN_BODY_OTHER \
                    and any(theirs.startswith(h + " ") or theirs == h for h in heads) \
                    and all(is_syllable_shape(w) for w in theirs.split()):
                out.append(("document.issuing_body", False, f"the e-signature is signed by {signed}"))
    # Decree 30 spells the issuing body out; UBND abbreviated is how the parent body's line above it is printed
    if doc.issuing_body and not doc.parent_body and " ".join(make_key(doc.issuing_body).split()).startswith("ubnd "):
        out.append(("document.issuing_body", False,
                    "UBND abbreviated is how a parent body's line is printed: the issuing body's own line lost?"))
    # the symbol names the issuing body: KH-UBND the people's committee, KH-STC a department (Sở Tài chính)
    if doc.issuing_body and doc.symbol:
        parts = [part for part in re.split(r"[-/]", doc.symbol) if part]
        key = " ".join(make_key(doc.issuing_body).split())
        department = any(re.fullmatch(r"S[A-ZĐ][A-Za-zĐ]{1,6}", part) for part in parts)
        if "UBND" in parts and key.startswith("so "):
            out.append(("document.issuing_body", False, f"the symbol {doc.symbol} names the people's committee"))
        elif _PEOPLES_BODY.match(key) and department and "UBND" not in parts:
            out.append(("document.issuing_body", False, f"the symbol {doc.symbol} names a department"))
        elif _PEOPLES_BODY.match(key) and len(parts) > 1 + (type_from_symbol(doc.symbol) is not None) \
                and not any(_committee_part(part) for part in parts):
            # a people's committee (council) signs as UBND (HĐND): TTT-NV1 is another body's (Thanh tra tỉnh),
            # whose line OCR lost under the committee's
            out.append(("document.issuing_body", False, f"the symbol {doc.symbol} names another body"))
        cut = _initials_cut(doc.issuing_body, parts)
        if cut is not None:
            out.append(("document.issuing_body", False, f"the symbol's {cut} spells more than the body's initials: "
                                                        "a line of its name lost?"))
    return out


def _initials_cut(body: str, parts: list[str]) -> Optional[str]:
    """The symbol part that spells the body's initials and two capitals or more after them (``ĐPTTH`` for ``ĐÀI
    PHÁT THANH``, whose second line ``VÀ TRUYỀN HÌNH`` OCR lost; ``SVHTTDL`` for ``SỞ VĂN HÓA, THỂ THAO``), or None.
    An abbreviation's own lower-case letters go on no initial (``TTr``, Thanh tra; ``SNgV``, Sở Ngoại vụ)."""
    initials = letters_key(body_initials(body))
    if len(initials) < 2:
        return None
    for part in parts:
        rest = re.sub(r"[^\w]", "", part[len(initials):]) if letters_key(part).startswith(initials) else ""
        if len(rest) >= 2 and rest.isalpha() and rest.isupper():
            return part
    return None


# ----------------------------------------------------------------------------------------------------------------
# Missing values


def body_name_key(body: str) -> str:
    """A body's name as a tracker files it (``gazetteer.normal_unit``: UBND, HĐND, ... spelt out), unmarked, lower
    case, single-spaced, dashes as spaces."""
    return " ".join(make_key(gz.normal_unit(body)).replace("-", " ").split())


@lru_cache(maxsize=1)
def _body_heads() -> list[str]:
    """The gazetteer's body phrases, organisation heads and departments, unmarked: what a body's name opens with."""
    return [make_key(p) for p in gz.BODY_PHRASES + gz.ORG_HEADS + gz.DEPARTMENTS]


def _expected(path: str, record: Any) -> bool:
    """Whether a document of this type should have the field (a missing one is then listed)."""
    doc_type = record.document.type
    if path == "document.code":
        return doc_type not in ("Hiến pháp",)
    return True


def _missing_reason(path: str) -> str:
    return {"signer.name": "no signer name found", "document.issue_date": "no issue date could be read",
            "document.code": "no number/symbol could be read"}.get(path, "no value found")


# ----------------------------------------------------------------------------------------------------------------


def judge(record: Any, pages: list[PageWords]) -> list[Judgement]:
    """The calibrated confidence of every path of ``FIELDS`` with its reasons (does not change the record).
    ``record`` is a ``Parsed`` (or ``Record``); ``pages`` the text it was parsed from, with its OCR words."""
    checks = _cross_checks(record, pages)
    out = []
    for path in FIELDS:
        value = _get(record, path)
        ev = record.evidence.get(path)
        if value in (None, "", []):
            if _expected(path, record):
                out.append(Judgement(path, 0.0, [_missing_reason(path)]))
            continue
        j = Judgement(path, ev.confidence if ev is not None and ev.confidence is not None else 0.5)
        if ev is None:
            j.reasons.append("no evidence of where it was read")
        # 2. OCR words of the span
        count = len(str(value).split()) if path != "document.issue_date" else len((ev.text or "").split()) if ev else 1
        confs, _ = span_words(pages, ev, count)
        low = min(confs) if confs else None
        if confs:
            if path == "document.code" and "esign.timestamp" in record.evidence:
                j.confidence = max(0.0, low - HANDWRITTEN_MARGIN)
                j.reasons.append(f"the number is handwritten, read with confidence {low:.2f}")
            else:
                cap = OCR_CAP_BASE + OCR_CAP_SLOPE * low
                if cap < j.confidence:
                    j.confidence = cap
                    j.reasons.append(f"its weakest word was read with OCR confidence {low:.2f}")
        # 3. plausibility
        why = _plausibility(path, value, record)
        if why:
            j.confidence = min(j.confidence, IMPLAUSIBLE_CAP)
            j.reasons.append(why)
        # 4. cross-checks
        mine = [(ok, what) for p, ok, what in checks if p == path]
        disagree = [what for ok, what in mine if ok is False]
        for ok, what in mine:
            if what.startswith(ESIGN_NEAR) and low is not None and low < SURE_WORD:
                continue
            if ok is not False and not disagree:
                j.confidence = 1 - (1 - j.confidence) * (AGREE_FACTOR if ok else STRONG_AGREE_FACTOR)
                j.support.append(what)
        if disagree:
            j.confidence = min(j.confidence, DISAGREE_CAP)
            j.reasons += disagree
        j.confidence = round(max(0.0, min(1.0, j.confidence)), 3)
        out.append(j)
    return out


def review_record(record: Any, pages: list[PageWords], accept: float = ACCEPT) -> None:
    """Set the evidence confidences of ``FIELDS``, ``record.review`` and one warning per listed path."""
    review: list[str] = []
    notes: list[str] = []
    for j in judge(record, pages):
        ev = record.evidence.get(j.path)
        if ev is not None:  # the paths that share this evidence (type_code, number, symbol, ...) follow it
            new = ev.model_copy(update={"confidence": j.confidence})
            for key in [k for k, e in record.evidence.items() if e is ev]:
                record.evidence[key] = new
        if j.confidence < accept:
            review.append(j.path)
            reasons = list(dict.fromkeys(j.reasons))  # an annex line repeated on every page is one reason
            reason = "; ".join(reasons) if reasons else "the rule that read it is not sure of it"
            notes.append(f"{j.path}: {reason} (confidence {j.confidence:.2f})")
    record.review = review
    record.warnings = [w for w in record.warnings if not any(w.startswith(p + ":") for p in FIELDS)] + notes
