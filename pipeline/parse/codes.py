"""Document codes (số, ký hiệu): number and symbol, the type a symbol names, and their OCR repairs (the type
abbreviation against the title, the issuer's against the issuing body). Dates are read by ``dates.py``.

``parse_code("58 /KH-LHH")`` → number ``58``, symbol ``KH-LHH``; ``"25/2026/NĐ-CP"`` → ``25`` + ``2026/NĐ-CP``;
the party form ``"34-CT/TW"`` → ``34`` + ``CT/TW``. Handwritten numbers that OCR garbles (``O{_``, ``6§0``) give
``None`` rather than a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from pipeline.parse import gazetteer as gz
from pipeline.parse import vocabulary as vocab
from pipeline.text import is_syllable_shape, strip_marks

# Cyrillic and Greek look-alikes that appear in copied codes → Latin.
_HOMOGLYPHS = str.maketrans({
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "К": "K", "М": "M", "О": "O", "Р": "P", "Т": "T",
    "Х": "X", "У": "Y", "а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "х": "x", "у": "y", "Ð": "Đ",
    "Α": "A", "Β": "B", "Ε": "E", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Χ": "X",
    "\u2044": "/", "\u2215": "/", "\u2013": "-", "\u2014": "-", "\u2011": "-", "\u2010": "-",
    "'": "-", "\u2019": "-", "\u2018": "-", "`": "-", "\u00b4": "-",  # OCR reads a dash as a quote mark
})

# a short word before the number: letters only (``Sự``), or with a sign in it (``2&``, ``#Z``) or a letter and a
# digit (``O6``, ``Z7``): then a digit of the number may be in it, and the code is read past specks
_SPECK_WORD = re.compile(r"^(?:[^\W\d_]{1,3}|(?P<signed>(?=\S{0,2}[^\w\s])\S{1,3}|[^\W\d_]\d|\d[^\W\d_]))\s+"
                         r"(?=\d{1,5}\s*/\s*[A-Za-zĐ0-9])")
_SLASH_LOST = re.compile(r"^(?P<num>\d{1,4})(?P<sym>[A-ZĐ][A-Za-zĐ]{0,5}-[A-ZĐ][A-Za-zĐ0-9-]*)$")
_STRAY_BEFORE_SYMBOL = re.compile(r"^[^A-Za-zĐ0-9]{1,2}(?=[A-ZĐ])")
# a lone digit before the number (``2 382/KH-UBND``): before one or two digits, a leading digit written apart
# (``2 82``: 282); before three or more, a speck (the handwriting's remains). Read either way, and listed
_LONE_DIGIT = re.compile(r"^(?P<lone>\d)\s+(?P<num>\d{1,4})(?=/)")
# a later number and symbol after an unreadable number (``-#./CT- 03/CT-UBND``: the blank's scribble read as text)
# a code's beginning left open with a dash, apart from a whole code after it (``72/KH- 215/KH-UBND``: a
# handwritten 2 read as ``72/KH-``; ``72Zm- 409/rTr-VPĐP``, its symbol's first letter misread)
_OPEN_FRAGMENT = re.compile(r"^\s*\S*\d\S*(?:/[^\s/]*)?-\s+(?=\d{1,4}\s*/\s*[A-Za-zĐ])")
# ... or after a word of signs and letters OCR made of the handwriting, apart from a whole code (``¿2.3mm 429/rTr-UBND``)
_JUNK_FRAGMENT = re.compile(r"^\s*(?=\S*[^\w\s])(?=\S*[^\W\d_])\S{3,8}\s+(?=\d{1,4}\s*/\s*[A-Za-zĐ])")
_LATER_CODE = re.compile(r"(?<![\d/])(?P<num>\d{1,4})/(?P<sym>[A-ZĐ][^\s,;/]*)")
# the slash and the dash both lost (``176CTUBND``): the number, a type's abbreviation, the issuer's
_PUNCTUATION_LOST = re.compile(r"^(?P<num>\d{1,4})(?P<letters>[A-ZĐ][A-Za-zĐ]{3,13})$")


_QUOTE_BY_DASH = re.compile(r"(?<=[A-ZĐ][-\u2013\u2014])['\u2019\u2018`\u00b4\"](?=[A-ZĐ])"
                            r"|(?<=[A-ZĐ])['\u2019\u2018`\u00b4\"](?=[-\u2013\u2014][A-ZĐ])")


def clean_code_text(text: str) -> str:
    """Latin letters, one slash/dash form, no spaces around ``/`` and ``-``; a speck word before the number
    (``Sự 157/TB-UBND``, ``2& 438/QĐ-UBND``, ``#Z 152/UBND-NC``: the handwriting's remains beside a number read
    again; a short word with a sign in it) dropped."""
    return _cleaned(text)[0]


def _cleaned(text: str) -> tuple[str, str]:
    """``clean_code_text``'s text, and the speck word with a sign in it that it dropped (``2&``), or ""."""
    # a quote mark beside a dash is a speck, not a second dash (``CT-'UBND``: no rule after the symbol)
    t = _QUOTE_BY_DASH.sub("", text).translate(_HOMOGLYPHS).strip()
    speck = _SPECK_WORD.match(t)
    signed = (speck.group("signed") or "") if speck else ""
    t = t[speck.end():] if speck else t
    t = re.sub(r"(?<=[A-ZĐ])-\s+-(?=[A-ZĐ])", "-", t)  # a dash read twice, apart (``KH- -UBND``)
    t = re.split(r"\s*-{2,}", t)[0]  # a rule or the date line after the symbol (``227/QĐ-UBND —— Bến Tre, ...``)
    t = re.sub(r"(?<=\w)(?:\s+[-_.,:;|~]+)+\s*$", "", t)  # specks after the symbol, apart (``TTr-BQLDA - _``)
    t = re.sub(r"\s*([/\-])\s*", r"\1", t)
    head, slash, symbol = t.partition("/")
    t = head + slash + _unmarked_symbol(symbol) if slash else t
    # the National Assembly's term number after QH / UBTVQH: a 1 read as I, l or | (``QHI5`` → ``QH15``)
    return _QH_TERM_ONE.sub(r"\g<1>1", t), signed


def _unmarked_symbol(symbol: str) -> str:
    """A symbol's capitals carry no marks but Đ's: a marked capital before its own letter is a ghost of it
    (``TB-ÙUBND`` → ``TB-UBND``), any other loses its mark; what follows the symbol is kept as it is."""
    end = re.match(r"[^\s,;]*", symbol).end()
    out = []
    for k, ch in enumerate(symbol[:end]):
        bare = strip_marks(ch)
        if ch == "Đ" or bare == ch or not ch.isupper():
            out.append(ch)
        elif not (k + 1 < end and symbol[k + 1] == bare):
            out.append(bare)
    return "".join(out) + symbol[end:]


_QH_TERM_ONE = re.compile(r"(?<![A-Za-z])((?:UBTV)?QH)[Il|](?=\d\b)")


_SYMBOL_OK = re.compile(r"^(?:\d{4}/)?[A-Za-zĐđ0-9&.]+(?:[-/][A-Za-zĐđ0-9&.()]+)*$")
_NUMBER_OK = re.compile(r"^\d{1,6}(?:\.\d{1,3})?[a-z]?$")


@dataclass
class Code:
    number: str | None
    symbol: str | None
    raw: str
    sep: str = "/"  # "-" for party documents (34-CT/TW)
    specks: str = ""  # what was dropped beside the number (``2&``, ``ƒ``): a digit of it may be lost there

    @property
    def code(self) -> str | None:
        if self.number and self.symbol:
            return f"{self.number}{self.sep}{self.symbol}"
        return None


def read_number(raw: str) -> str | None:
    """A document number as printed, or None when OCR left something that is not clearly digits."""
    t = raw.strip().strip("_.,:;'\"`~-")
    t = t.replace(" ", "")
    if not t:
        return None
    if _NUMBER_OK.match(t) and t.strip("0.") != "":
        return t
    return None


def parse_code(text: str) -> Code | None:
    """Split the text after ``Số:`` into number and symbol. None when no ``/`` symbol part is present."""
    opened = _OPEN_FRAGMENT.match(text) or _JUNK_FRAGMENT.match(text)
    if opened:  # OCR's reading of a handwritten digit as a symbol of its own, left open before the whole code
        text = text[opened.end():]
    t, signed = _cleaned(text)
    specks = [s for s in (opened.group(0).strip() if opened else "", signed) if s]
    t = re.split(r"\s{2,}", t)[0] if "/" in re.split(r"\s{2,}", t)[0] else t
    lone = _LONE_DIGIT.match(t)
    if lone:
        number = lone.group("lone") + lone.group("num") if len(lone.group("num")) <= 2 else lone.group("num")
        t = number + t[lone.end():]
        specks.append(lone.group("lone"))
    m = re.match(r"^(?P<num>[^/\s]*)\s*/(?P<sym>[^\s,;_]+)", t)  # no symbol holds a _: specks end it
    if not m:
        lost = _PUNCTUATION_LOST.match(t.split(" ")[0])
        if lost:
            split = _split_type_code(lost.group("letters"))
            if split:
                return Code(lost.group("num"), split, t, specks="/-")
        party = re.match(r"^(?P<num>\d{1,5})-(?P<sym>[A-ZĐa-z]{1,6}/[A-ZĐ0-9]{1,10})", t)
        if party:
            return Code(party.group("num"), party.group("sym"), t, "-")
        glued = _SLASH_LOST.match(t)
        if glued:  # the slash lost between the number and the symbol (``108TT-UBND``): read, and listed
            return Code(glued.group("num"), _tidy_symbol(glued.group("sym")), t, specks="/")
        return None
    num_raw, sym = m.group("num"), m.group("sym").strip(".,;:)")
    party = re.match(r"^(\d{1,5})-([A-ZĐa-z]{1,6})$", num_raw)
    if party:  # 34-CT/TW
        return Code(party.group(1), f"{party.group(2)}/{sym}", t, "-")
    stray = _STRAY_BEFORE_SYMBOL.match(sym)
    if stray:
        specks.append(stray.group(0))
    sym = _tidy_symbol(sym)
    if not _SYMBOL_OK.match(sym) or not re.search(r"[A-Za-zĐ]", sym) or len(sym) > 40:
        sym = None
    number = read_number(num_raw)
    later = _LATER_CODE.search(t, m.start("sym")) if number is None else None
    if later:
        specks.append(t[:later.start()])
        number, sym = read_number(later.group("num")), _tidy_symbol(later.group("sym"))
    if number and re.fullmatch(r"0[1-9]\d{1,2}", number):
        # no document number is padded to three or four digits: a speck before a handwritten 227 read as 0
        # (``0227``, ``021``; a 05 padded to two digits stays)
        number = number[1:]
        specks.append("0")
    return Code(number, sym, t, specks=" ".join(specks))


def _split_type_code(letters: str) -> str | None:
    """``CTUBND`` → ``CT-UBND``: the longest type abbreviation the letters start with, when three or more letters
    of the issuer's are left after it; None when they start with none."""
    for n in (4, 3, 2):
        if len(letters) - n >= 3 and vocab.type_by_code().get(vocab.code_key(letters[:n])):
            return f"{letters[:n]}-{letters[n:]}"
    return None


# a letter OCR read three times or more in a row (``QĐĐĐ``): no type's abbreviation repeats one
_STUTTER = re.compile(r"([A-ZĐ])\1{2,}")
_TYPE_SEGMENT = re.compile(r"^(?P<year>(?:\d{4}/)?)(?P<type>[A-ZĐ][A-Za-zĐ]{2,})(?=-)")


def _tidy_symbol(symbol: str) -> str:
    """A symbol without the specks OCR reads around its printed letters: a sign or a non-Latin letter before
    its first capital (``ƒUBND-NV``, ``ƑCT-UBND``: the handwritten number's tail), a stop beside a dash or a slash
    (``TB-.UBND``) and signs after its end (``TTr-SDTTG:-``, ``UBND-TH_-``); a type's abbreviation with a letter
    read three times (``QĐĐĐ-UBND`` → ``QĐ-UBND``)."""
    symbol = _STRAY_BEFORE_SYMBOL.sub("", symbol)
    symbol = re.sub(r"(?<=[-/])[.,:;]+|[.,:;]+(?=[-/])", "", symbol)
    symbol = re.sub(r"[-.,;:_|~'\"]+$", "", symbol)
    head = _TYPE_SEGMENT.match(symbol)
    if head and _STUTTER.search(head.group("type")) and not vocab.type_by_code().get(vocab.code_key(head["type"])):
        once = _STUTTER.sub(r"\1", head.group("type"))
        if vocab.type_by_code().get(vocab.code_key(once)):
            symbol = head.group("year") + once + symbol[head.end():]
    return symbol


def repair_symbol(symbol: str, type_code: str) -> str:
    """A symbol whose type abbreviation OCR damaged, given the type the title names: ``2025/TTE-BNNMT``,
    ``2025/TE-BNNMT`` → ``2025/TT-BNNMT``; ``2025/TTBKHCN`` (dash lost) → ``2025/TT-BKHCN``; ``ND-CP`` →
    ``NĐ-CP``; a Thông tư's bold second T read as 1, I or l, or split off by a quote mark (``T'1``, ``TI1``) → ``TT``;
    ``pC-UBND`` under BÁO CÁO → ``BC-UBND`` (the first letter misread, the others kept); ``IKH-STC`` under KẾ HOẠCH →
    ``KH-STC`` (a stray character before the abbreviation: the slash's or the handwriting's remains); an H read
    as two I's (``KII-UBND`` under KẾ HOẠCH → ``KH-UBND``); a bold T read as 1 (``11r-SDL`` under TỜ TRÌNH →
    ``TTr-SDL``); the first letter lost (``C-UBND`` under BÁO CÁO → ``BC-UBND``).
    Party symbols (``CT/TW``) and symbols without the type (``UBND-VX``) are left alone."""
    if type_code == "TT":
        symbol = re.sub(r"^((?:\d{4}/)?)T-?[1Il|]{1,2}(?=-)", r"\1TT", symbol)
    year, _, rest = symbol.partition("/") if re.match(r"^\d{4}/", symbol) else ("", "", symbol)
    if "/" in rest:
        return symbol
    prefix = f"{year}/" if year else ""
    want = strip_marks(type_code).upper()

    def near(piece: str) -> bool:  # one letter misread (the first one kept, unless the others all are), or each
        got = strip_marks(piece).upper()  # one a bold capital's look-alike (``IIr`` for TTr)
        return got == want or (len(got) == len(want) and sum(a != b for a, b in zip(got, want)) <= 1
                               and (got[0] == want[0] or len(want) >= 2 and got[1:] == want[1:])) \
            or len(got) == len(want) and all(a == b or frozenset((a, b)) in _LOOKALIKE_PAIRS for a, b in zip(got, want))

    head, dash, tail = rest.partition("-")
    if dash and tail and type_code[-1:].islower() and head == type_code.rstrip("abcdefghijklmnopqrstuvwxyz"):
        # its lower-case end lost (``TT-UBND`` under TỜ TRÌNH: TTr; ``CT`` under CHƯƠNG TRÌNH: CTr), though the
        # capitals left are another type's (Thông tư's, Chỉ thị's): the title names the type
        return f"{prefix}{type_code}-{tail}"
    if dash and head[:1].isupper() and vocab.code_key(head) != vocab.code_key(type_code) \
            and vocab.type_by_code().get(vocab.code_key(head)):
        return symbol  # another type's own abbreviation (NĐ under QUYẾT ĐỊNH): a disagreement, not a slip
    if dash:
        # or one stray character before it (the slash or the handwriting's tail: IKH, fKH) or after it
        # (``IKH``, ``TTIr``), or one stray character before it and one letter misread (``OQb`` for QĐ)
        got = strip_marks(head).upper()
        fits = near(head) or got.replace("II", "H") == want or (len(head) == len(want) + 1 and (
            any(got[:k] + got[k + 1:] == want for k in range(len(got))) or near(head[1:]))) \
            or got.replace("1", "T") == want != got \
            or (len(got) == len(want) - 1 and want.endswith(got) and head[:1].isupper())  # its first letter lost
        if head != type_code and fits and tail:
            return f"{prefix}{type_code}-{tail}"
        return symbol
    for n in (len(want), len(want) + 1):  # no dash: the abbreviation runs into the issuer's
        piece = rest[:n]
        if len(rest) > n + 1 and (near(piece) if n == len(want) else strip_marks(piece).upper().startswith(want)):
            return f"{prefix}{type_code}-{rest[n:].lstrip('.,:;')}"  # (``TB.UBND``: the dash read as a stop)
    return symbol


def repair_cited_code(code: str, type_code: str | None) -> str:
    """A cited code (``number/symbol``) with its symbol repaired against the type code the citation names; party
    codes (``34-CT/TW``) and codes without a type are returned as they are."""
    number, slash, symbol = code.partition("/")
    if not type_code or not slash or "-" in number:
        return code
    return f"{number}/{repair_symbol(symbol, type_code)}"


def type_from_symbol(symbol: str | None) -> str | None:
    """The type named by the symbol's first group (``KH-LHH`` → Kế hoạch); None for ``UBND-VX`` (Công văn)."""
    if not symbol:
        return None
    parts = symbol.split("/")[-1].split("-")
    if len(parts) < 2:
        return None
    return vocab.type_by_code().get(vocab.code_key(parts[0]))


# Capital letters OCR mistakes for one another (symbols are printed bold, often on a noisy scan).
_LOOKALIKE_PAIRS = {frozenset(p) for p in ("IT", "IL", "I1", "L1", "T1", "OD", "O0", "D0", "OQ", "MN", "HN", "CG",
                                          "EF", "B8", "S5", "UV", "KX", "PF", "RB", "BD")}
WHOLE_INITIALS_SLIP = 5  # a segment this long one letter off the body's whole initials is them, whatever the letter
_INITIALS_SKIP = {"va", "cua"}  # 'và' (and), 'của' (of) take no letter: Bộ Nông nghiệp và Môi trường → BNNMT


def body_initials(body: str) -> str:
    """The abbreviation a body's name gives by initials, as symbols spell it: ``BỘ GIAO THÔNG VẬN TẢI`` →
    ``BGTVT``, ``BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI`` → ``BLĐTBXH``."""
    out = []
    for word in re.findall(r"[^\W\d_]+", body):
        if strip_marks(word).lower() in _INITIALS_SKIP:
            continue
        first = word[0].upper()
        out.append("Đ" if first == "Đ" else strip_marks(first))
    return "".join(out)


def letters_key(text: str) -> str:
    """A symbol part's letters as they are compared: unmarked capitals, Đ as D (``BTĐKT`` → ``BTDKT``)."""
    return strip_marks(text).upper().replace("Đ", "D")


def _words_known(words: list[str]) -> bool:
    """Whether a body's words up to its place's level word are all syllables the corpus uses (true without a
    restoration model to ask): a place's name after its level may be no Kinh syllable (Đắk Glong)."""
    from pipeline.restore.model import known_syllables
    from pipeline.restore.syllables import normalize_word

    known = known_syllables()
    lower = [w.lower() for w in words]
    cut = next((k for k, w in enumerate(lower) if k and w in gz.LEVEL_FIRST_WORDS), len(lower))
    return not known or all(normalize_word(w) in known for w in lower[:cut] if len(w) > 1 or w in known)


def _issuer_segment(symbol: str, issuing_body: str) -> tuple[str, list[str], int, str] | None:
    """What the issuer-segment mends work on: the symbol's year (or ""), its dash-parts, the index of the part that
    abbreviates the issuer (after the type's; a letter's symbol has no type: its first, ``UBND-VP``) and the body's
    initials. None for a symbol with no such part (a party's ``CT/TW``, one part alone), or when the body's own
    words are misread (``CÔNGNGHỆ``, ``THÚ VY``): its initials cannot be trusted."""
    year, _, rest = symbol.partition("/") if re.match(r"^\d{4}/", symbol) else ("", "", symbol)
    parts = rest.split("-")
    if "/" in rest or len(parts) < 2:
        return None
    words = re.findall(r"[^\W\d_]+", issuing_body)
    if not all(is_syllable_shape(w) for w in words) or not _words_known(words):
        return None
    return year, parts, 1 if type_from_symbol(rest) is not None else 0, body_initials(issuing_body)


def complete_issuer_segment(symbol: str, issuing_body: str, after: str) -> tuple[str, bool] | None:
    """A symbol whose issuer abbreviation OCR cut short, given the issuing body the header prints and the text after
    the symbol on its line: ``(symbol, listed)``, or None when it is whole. Two cuts are mended:
    - the abbreviation split by a space, its end read as a word of its own (``TB-CCTTBV IV`` for TB-CCTTBVTV, Chi
      cục Trồng trọt và Bảo vệ thực vật): the two together, letter by letter or by look-alikes, are the body's whole
      initials (not listed: the whole initials are their own warrant);
    - one of two like letters read as one (``QĐ-TTPVHC`` for QĐ-TTPVHCC, Trung tâm Phục vụ hành chính công):
      listed, since a body may shorten its name's end (UBND for Ủy ban nhân dân tỉnh ...).
    Any other leading run of the initials is left as it is (``UBND`` of Ủy ban nhân dân tỉnh ...)."""
    found = _issuer_segment(symbol, issuing_body)
    if found is None:
        return None
    year, parts, at, initials = found
    whole, key = letters_key(initials), letters_key(parts[at])
    if len(whole) < 5 or len(key) < 3 or len(key) >= len(whole) or not whole.startswith(key[:2]):
        return None
    prefix = "-".join(parts[:at] + [initials])
    if at == len(parts) - 1 and whole.startswith(key):
        cut = re.escape(parts[at]) + r"\s+(?P<end>[A-Z0-9Đ]{1,4})(?=[\s,.;]|$)"
        m = re.search(cut, after)
        want = whole[len(key):]
        if m and len(m.group("end")) == len(want) and all(
                a == b or frozenset((a, b)) in _LOOKALIKE_PAIRS for a, b in zip(letters_key(m.group("end")), want)):
            return (f"{year}/" if year else "") + prefix, False
    doubled = {whole[:i] + whole[i + 1:] for i in range(len(whole) - 1) if whole[i] == whole[i + 1]}
    if key in doubled:
        return (f"{year}/" if year else "") + "-".join([prefix] + parts[at + 1:]), True
    return None


def repair_issuer_segment(symbol: str, issuing_body: str) -> str:
    """A symbol whose issuer abbreviation OCR damaged by one letter, given the issuing body the header prints:
    ``TT-FBNNMT`` → ``TT-BNNMT`` (Bộ Nông nghiệp và Môi trường), ``TT-BGIVT`` → ``TT-BGTVT``. Only the segment
    right after the type is checked (a letter's symbol has no type: its first, ``UDND-VP``), against the body's
    initials and their leading runs of 3+ letters (NHNN from Ngân hàng Nhà nước Việt Nam); one edit, never on
    segments under 3 letters; or, against initials of 4+ letters, up to half of them read as their look-alikes
    (``IIXI`` for TTXT), and against the whole initials of 5+ letters one of those any letter (``CCL1BVIV`` for
    CCTTBVTV)."""
    found = _issuer_segment(symbol, issuing_body)
    if found is None:
        return symbol
    year, parts, at, initials = found
    seg = parts[at]
    if len(seg) < 3 or len(initials) < 3:
        return symbol
    wanted = [initials[:n] for n in range(len(initials), 2, -1)]
    if seg in wanted:
        return symbol

    def ocr_slip(got: str, want: str) -> bool:  # one stray letter added, or a look-alike read
        if Levenshtein.distance(got, want) != 1 or len(got) < len(want):
            return False
        if len(got) > len(want):  # a lower-case letter in a capitals segment is spelt so (SNgV: Sở Ngoại vụ)
            return not any(c.islower() for c in seg)
        a, b = next((x, y) for x, y in zip(got, want) if x != y)
        # any one letter of the body's whole initials from WHOLE_INITIALS_SLIP letters on (SUTTG for SDTTG: Sở Dân
        # tộc và Tôn giáo): four letters of five agreeing in order is the body's abbreviation, not another's
        return frozenset((a, b)) in _LOOKALIKE_PAIRS \
            or (want == letters_key(initials) and len(want) >= WHOLE_INITIALS_SLIP)

    def lookalikes(got: str, want: str) -> bool:  # several letters each read as a look-alike (``IIXI`` for TTXT,
        # Trung tâm Xúc tiến ...: I for T), at most half of them; against the whole initials of 5+ letters, one of
        # them may be any letter (``CCL1BVIV`` for CCTTBVTV)
        if len(got) != len(want) or len(want) < 4:
            return False
        slips = [frozenset((a, b)) for a, b in zip(got, want) if a != b]
        whole = want == letters_key(initials) and len(want) >= WHOLE_INITIALS_SLIP
        return len(slips) >= 2 and sum(pair not in _LOOKALIKE_PAIRS for pair in slips) <= (1 if whole else 0) \
            and len(slips) * 2 <= len(want)

    same = [w for w in wanted if letters_key(w) == letters_key(seg)]
    near = same or [w for w in wanted
                    if (len(w) >= 4 or w == initials) and ocr_slip(letters_key(seg), letters_key(w))] \
        or [w for w in wanted if lookalikes(letters_key(seg), letters_key(w))]
    if len(near) > 1:  # NHNM: NHNN (a letter misread) rather than NHN (one dropped)
        near = [w for w in near if len(w) == len(seg)]
    if len(near) != 1:
        return symbol
    parts[at] = near[0]
    return (f"{year}/" if year else "") + "-".join(parts)
