"""Text normalisation shared by every stage.

One convention, applied at the edges: NFC, ``Ð`` (U+00D0, Icelandic eth) → ``Đ`` (U+0110), and one tone
placement, the one most of the corpus uses: in an open ``oa``/``oe``/``uy`` the mark sits on the first vowel
(``hòa``, ``khỏe``, ``thủy``; ``hoàng``, ``quý`` are untouched).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

# Combining tone marks (dấu thanh) in NFD: grave (huyền), acute (sắc), hook (hỏi), tilde (ngã), dot below (nặng).
TONE_MARKS = {"\u0300": 2, "\u0301": 1, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_TONE_BY_ID = {v: k for k, v in TONE_MARKS.items()}

_TONE = "[\u0300\u0301\u0309\u0303\u0323]"
# open "oa", "oe", "uy" with the tone mark on the second vowel (hoà, khoẻ, thuỷ), not after q (quý), no coda
_SECOND_VOWEL_TONE = re.compile(rf"(?i)(?<!q)(o)([ae])({_TONE})(?![^\W\d_]|[\u0300-\u036f])|(?<!q)(u)(y)({_TONE})(?![^\W\d_]|[\u0300-\u036f])")

_VIET_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
VIETNAMESE_CHARS = set(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def normalize_tone_placement(text: str) -> str:
    """Put the tone mark of an open ``oa``/``oe``/``uy`` on its first vowel: ``hoà``→``hòa``, ``thuỷ``→``thủy``."""
    decomposed = unicodedata.normalize("NFD", text)

    def move(match: re.Match[str]) -> str:
        first, second, tone = (g for g in match.groups() if g is not None)
        return first + tone + second

    return unicodedata.normalize("NFC", _SECOND_VOWEL_TONE.sub(move, decomposed))


def normalize(text: str) -> str:
    """The project's one text convention: NFC, Đ not Ð, tone on the first vowel of open oa/oe/uy."""
    text = nfc(text).replace("\u00d0", "\u0110")
    return normalize_tone_placement(text)


def strip_marks(text: str) -> str:
    """Remove every diacritic (tone and vowel marks) and turn đ/Đ into d/D."""
    decomposed = unicodedata.normalize("NFD", text)
    out = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return out.replace("đ", "d").replace("Đ", "D")


def fold(text: str) -> str:
    """A comparison key: normalised, lower-cased, whitespace collapsed."""
    return re.sub(r"\s+", " ", normalize(text)).strip().casefold()


def vietnamese_ratio(text: str) -> float:
    """Share of alphabetic words that carry a Vietnamese-only letter (a marked vowel or đ)."""
    words = re.findall(r"[^\W\d_]+", text)
    if not words:
        return 0.0
    marked = sum(1 for w in words if any(ch in VIETNAMESE_CHARS for ch in w))
    return marked / len(words)


# A Vietnamese syllable without its marks: onset, vowel nucleus, coda. Used to tell Vietnamese (even when OCR
# lost every mark) from other languages.
SYLLABLE_SHAPE = re.compile(
    r"^(b|c|ch|d|g|gh|gi|h|k|kh|l|m|n|ng|ngh|nh|p|ph|qu|r|s|t|th|tr|v|x)?"
    r"(a|ai|ao|au|ay|e|eo|eu|i|ia|iu|ieu|ie|o|oa|oai|oay|oao|oe|oeo|oi|oo|u|ua|uay|uy|uya|uye|uyu|ue|ui|uo|uoi|uou"
    r"|uu|y|ye|yeu)"
    r"(c|ch|m|n|ng|nh|p|t)?$"
)


def is_syllable_shape(word: str) -> bool:
    """True when ``word`` (any marks) has the shape of a Vietnamese syllable."""
    return bool(SYLLABLE_SHAPE.match(strip_marks(word).lower()))


def looks_vietnamese(text: str, min_words: int = 12) -> Optional[bool]:
    """Whether ``text`` reads as Vietnamese, marks or not. None when there are too few words to say."""
    words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 1]
    if len(words) < min_words:
        return None
    shaped = sum(1 for w in words if is_syllable_shape(w)) / len(words)
    return shaped >= 0.55 or vietnamese_ratio(text) >= 0.25


_ALLOWED_CHARS = re.compile(r"[\sA-Za-z0-9.,;:!?()\[\]{}\"'“”‘’«»/\\\-–—_+*=%&@#§°|<>…~^`$€]")


def plausible_text_layer(text: str) -> bool:
    """A PDF text layer is worth using when it decodes to Vietnamese letters, not a broken ToUnicode map."""
    letters = [ch for ch in text if not ch.isspace()]
    if len(text.split()) < 25:  # a signature stamp over a scanned page is not the page's text
        return False
    odd = sum(1 for ch in letters if ch not in VIETNAMESE_CHARS and not _ALLOWED_CHARS.match(ch))
    return odd / len(letters) < 0.02 and vietnamese_ratio(text) >= 0.2
