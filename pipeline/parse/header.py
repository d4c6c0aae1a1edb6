"""The Decree-30 header: issuing and parent body, Số/ký hiệu, place and date, type, subject, marks, Kính gửi.

Works on three shapes of the top of page 1: one field per line (clean text), the two columns as separate
blocks (left block lines, then right block lines), and the two columns merged line by line by OCR
(``UBND TINH BAC GIANG CONG HOA XA HOI CHU NGHIA VIET NAM``). Right-column phrases (Quốc hiệu, Tiêu ngữ,
place/date) are split off merged lines; what remains on the left is the issuing-body block and the Số line.
E-signature boxes (``Ký bởi``, ``Thời gian ký: 15/01/2025 ...``) above the header are skipped; their timestamp is
kept only as an upper bound for a handwritten day. The place-and-date line and the e-signature are read in
``issue_date.py``; the document code and its repairs in ``codes.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from pipeline.parse import dates
from pipeline.parse import gazetteer as gz
from pipeline.parse import vocabulary as vocab
from pipeline.parse.codes import (
    body_initials,
    clean_code_text,
    complete_issuer_segment,
    parse_code,
    repair_cited_code,
    repair_issuer_segment,
    repair_symbol,
    type_from_symbol,
)
from pipeline.parse.dashes import dash_between
from pipeline.parse.issue_date import (
    UNFIT_ESIGN_CONFIDENCE,
    DateLine,
    clean_reading,
    esign_bound,
    find_date_line,
    find_split_date,
    find_unplaced_date,
    find_yearless_date,
    has_marks,
    is_esign,
    near_miss,
    place_as_printed,
    place_name,
    read_issue_date,
    year_votes,
)
from pipeline.parse.lines import Line, is_caps, is_rule_line, make_key, squash
from pipeline.parse.normal import garbled_level_word, normal_case, snap_caps, split_run_together
from pipeline.record import DocumentInfo, Evidence
from pipeline.restore.model import known_syllables, lexicon_pairs
from pipeline.restore.slips import complete_cut_end
from pipeline.restore.syllables import normalize_word
from pipeline.text import fold as comparison_key
from pipeline.text import is_syllable_shape, strip_marks

HEADER_SCAN_LINES = 70  # the header lies within the first lines of page 1


@dataclass
class HeaderResult:
    info: DocumentInfo = field(default_factory=DocumentInfo)
    evidence: dict[str, Evidence] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    body_start: int = 0  # index (into the lines) of the first line after the header
    signature_bound: dt.date | None = None


# --- right-column phrases ------------------------------------------------------------------------------

def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text)


_QH = _compact(gz.QUOC_HIEU)
_TN = _compact(gz.TIEU_NGU)
_PARTY = _compact(gz.PARTY_MOTTO)


def find_suffix_phrase(line: Line, phrase: str, threshold: float = 78.0) -> int | None:
    """Offset where a right-column phrase (compact key) starts as a suffix of the line, or None."""
    key = line.key
    compact = _compact(key)
    if len(compact) < len(phrase) * 0.6 or fuzz.partial_ratio(phrase, compact) < threshold - 8:
        return _phrase_start_at_end(key, compact, phrase)
    best: tuple[float, int] | None = None
    for m in re.finditer(r"\S+", key):
        start = m.start()
        tail = compact[len(compact) - len(_compact(key[start:])):]
        if len(tail) < len(phrase) * 0.6:
            break
        if len(tail) > len(phrase) * 1.6:
            continue
        score = fuzz.ratio(tail, phrase)
        if score >= threshold and (best is None or score > best[0]):
            best = (score, start)
    return best[1] if best else _phrase_start_at_end(key, compact, phrase)


PHRASE_START_LETTERS = 10  # the first letters of a phrase a line may end on, the rest covered (``CỘNG HÒA XÃ HỘI C``)


def _phrase_start_at_end(key: str, compact: str, phrase: str) -> int | None:
    """Offset of the phrase's first ``PHRASE_START_LETTERS`` letters or more, cut short at the line's end or run
    into garbage (an e-signature box over the rest: ``CỘNG HÒ A XÃ HỘI I EHPPNEEHTA``), or None."""
    if len(compact) < PHRASE_START_LETTERS:
        return None
    for m in re.finditer(r"\S+", key):
        tail = compact[len(compact) - len(_compact(key[m.start():])):]
        if len(tail) < PHRASE_START_LETTERS:
            return None
        longest = min(len(tail), len(phrase) - 1)
        if any(fuzz.ratio(tail[:n], phrase[:n]) >= 90 for n in {longest, PHRASE_START_LETTERS}):
            return m.start()
    return None


# --- the Số line ---------------------------------------------------------------------------------------

# a Công văn's subject, on a line's key (after specks: ``___ V/v``; its last v lost: ``V/ đôn đốc``)
# (a bar's speck: ``i V/v``; the second v read w: ``V/w``)
_VV = re.compile(r"^[\W_]{0,6}(?:[ilj]\s+[\W_]{0,2})?v\s*/\s*(?:[vw]\b|(?=\s+[a-z]{2}))")
ESIGN_DATE_CONFIDENCE = 0.3  # an issue date that is the e-signature's day, the date line unread
_CLEAN_DAY = re.compile(r"\s*\d{1,2}\s*")  # a day read as digits (one the e-signature rejects: said so)

# (its S read as § or $: ``_§ố:3487/UBND-NNTN``; its ô as ê or a before the colon: ``Sế:``, ``Sa:``; specks before
# it, a modifier letter among them or one the restorer read as a lone letter, before or among them: ``" _— Sế:
# 378/TB-UBND``, ``ˆ Số: 316/...``, ``s _— Số: 270/BC-UBND``, ``s. Số: 872/...``, ``—.._" – Số: 218/...``; or a
# digit after a speck: ``"7 Số: LÍ 177/...``)
_SO = re.compile(r"^[\W_ˆ˜¨ˇ˘`´]{0,10}?(?:[a-z][.,]?\s+[\W_ˆ˜¨ˇ˘`´]{0,6}?|(?<=[^\w\s])\d\s+)?"
                 r"(?:(?P<tp>[a-z][a-z ]{1,24}?)\s+)?[s§$]\s*(?:[o0o6ô]\s*[:;.,]?|[ea]\s*:)\s*(?P<code>\S.*)?$")


def find_so(line: Line) -> re.Match[str] | None:
    m = _SO.match(line.key)
    if not m:
        return None
    tp = m.group("tp")
    if tp and vocab.type_key(tp) not in vocab.type_by_key():
        return None
    code = m.group("code") or ""
    if code and not re.search(r"[/\d]", code[:12]):
        return None
    return m


# --- main ----------------------------------------------------------------------------------------------

@dataclass
class _Seg:
    left: Line | None
    right: list[tuple[str, Line]]  # (kind, segment)


class _Segments:
    """The split of each header-zone line, computed when first looked at (the zone is mostly body text)."""

    def __init__(self, lines: list[Line]):
        self.lines = lines
        self.cache: dict[int, _Seg] = {}

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, i: int) -> _Seg:
        seg = self.cache.get(i)
        if seg is None:
            seg = self.cache[i] = _split_line(self.lines[i])
        return seg

    def __iter__(self):
        return (self[i] for i in range(len(self.lines)))


def _split_line(line: Line) -> _Seg:
    """Split one line into its left-column segment and right-column phrases (quốc hiệu, tiêu ngữ, date)."""
    rights: list[tuple[str, Line]] = []
    rest = line
    if len(line.text) > 160:
        return _Seg(line.trimmed() if not line.blank else None, rights)
    date = find_date_line(rest)
    if date:
        rights.append(("date", rest.segment(date.place_start)))
        rest = rest.segment(0, date.place_start)
    for kind, phrase in (("motto", _TN), ("national", _QH), ("party", _PARTY)):
        if rest.blank:
            break
        at = find_suffix_phrase(rest, phrase)
        if at is not None:
            rights.append((kind, rest.segment(at)))
            rest = rest.segment(0, at)
    left = rest.trimmed() if not rest.blank else None
    return _Seg(left, rights)


# (a line ending on "quản lý" (management) or "chỉ đạo" (steering) names a board whose charge the next line says:
# ``BAN QUẢN LÝ`` / ``KHU KINH TẾ``)
_CONTINUES_NEXT = re.compile(r"(?:\bva|\bcua|\bve|\bcac|,|-|&|\bquan ly|\bchi dao)\s*$")
_CONTINUES_PREV = re.compile(r"^\s*(?:(?:va|cua|ve|thuoc)\b|viet nam\s*$|[-&,])")
# (past specks before it, and run into its place's name: ``_ TỈNHBẾNTRE``)
_ADMIN_START = re.compile(r"^[\W_]*(?:(?:tinh|thanh pho|tp\.?|huyen|quan|xa|phuong|thi xa|thi tran)\b"
                          r"|(?:tinh|huyen)(?=[a-z]{3,}))")
_ADMIN_ANY = re.compile(r"\b(?:tinh|thanh pho|tp|huyen|quan|xa|phuong|thi xa|thi tran|trung uong|viet nam)\b")


_HEAD_AFTER_SPECK = re.compile(r"^\s*[-&,][-_\s]*(?:so|ban|bo|cuc|chi cuc|van phong|thanh tra|trung tam|uy ban)\b")


def _motto_wrapped(segs: "_Segments", i: int) -> bool:
    """Line ``i`` is the national name's end alone (``VIỆT NAM``, ``I CHỦ NGHĨA VIỆT NAM``), wrapped under a line
    whose right part starts the name without it (``CỘNG HÒA XÃ HỆ``): part of the national name, not the body's."""
    left = segs[i].left
    tail = _compact(left.key) if left is not None else ""
    if len(tail) < 7 or not _QH.endswith(tail):
        return False
    return any(kind == "national" and not _compact(part.key).endswith("vietnam")
               for j in range(max(0, i - 2), i) for kind, part in segs[j].right)


def _garbled_level_start(text: str) -> bool:
    """A line that starts with a level word one letter misread before a place's name (``'LINH HẬU GIANG``)."""
    words = text.split()
    return len(words) > 1 and garbled_level_word(words[0], words[1:]) is not None


def group_bodies(lines: list[Line]) -> list[list[Line]]:
    """Group the left-block lines into body names: a wrapped line continues the body above it."""
    groups: list[list[Line]] = []
    for ln in lines:
        if groups:
            prev = groups[-1][-1]
            key = make_key(snap_caps(ln.text))  # (its words apart where OCR ran them together: ``SỞNỘI VỤ``)
            wrap = bool(_CONTINUES_NEXT.search(prev.key) or _CONTINUES_PREV.search(key))
            if wrap and _HEAD_AFTER_SPECK.match(key) and _ADMIN_ANY.search(" ".join(x.key for x in groups[-1])):
                wrap = False  # ``- SỞ VĂN HÓA ...`` under ``UBND TỈNH BẮC GIANG``: a speck, and a body of its own
            if not wrap and (_ADMIN_START.search(key) or _garbled_level_start(ln.text)) \
                    and not _ADMIN_ANY.search(" ".join(x.key for x in groups[-1])):
                wrap = True
            if wrap:
                groups[-1].append(ln)
                continue
        groups.append([ln])
    return groups


def _is_type_line(line: Line) -> str | None:
    """The canonical type name when the whole line is a type title (``KẾ HOẠCH``)."""
    t = re.sub(r"[^a-z ]", " ", line.key)
    words = t.split()
    if len(words) > 2:  # stray single letters OCR puts around a title (``l THÔNG TƯ. : F :``)
        words = [w for w in words if len(w) > 1] or words
    t = " ".join(words)
    if t and len(t) <= 30 and not is_caps(line.text, 0.7):
        # the rule above the title read as lower-case debris glued to it (``toaseacLUẬT``)
        glued = re.match(r"^[a-z.,:;'`~_-]{3,}([A-ZÀ-ỸĐ][A-ZÀ-ỸĐ ]+)$", line.stripped)
        return vocab.type_by_key().get(" ".join(make_key(glued.group(1)).split())) if glued else None
    if not t or len(t) > 30:
        return None
    found = vocab.type_by_key().get(t)
    if found:
        return found
    match = process.extractOne(t, list(vocab.type_by_key()), scorer=fuzz.ratio, score_cutoff=85)
    if match:
        return vocab.type_by_key()[match[0]]
    # the space lost and a letter misread in it (``TỜIRÌNH``): one letter off a type name written without spaces
    compact = t.replace(" ", "")
    near = {name for key, name in vocab.type_by_key().items()
            if len(key) >= 7 and Levenshtein.distance(compact, key.replace(" ", "")) <= 1}
    return near.pop() if len(near) == 1 else None


def _near_type_line(line: Line, named: str | None) -> str | None:
    """The type the Số line names (``Luật số: 117/2025/QH15``, or its symbol: ``CT-UBND``), when this capitals line
    of it is one letter off (bold title capitals read ``TUẬT`` for ``LUẬT``), or two in its second word
    (``CHỈ III.``): too close to call among all type names, sure beside the Số line's word."""
    if not named or not is_caps(line.text, 0.8):
        return None
    t = " ".join(re.sub(r"[^a-z ]", " ", line.key).split())
    want = vocab.type_key(named)
    if len(want) < 4 or not t:
        return None
    slips = Levenshtein.distance(t, want)
    first_word_kept = " " in want and t.split()[0] == want.split()[0] and len(t) == len(want)
    return named if slips <= 1 or slips == 2 and first_word_kept else None


_BODY_OPENERS = re.compile(
    r"^\s*(?:can cu|thuc hien|kinh gui|theo\b|xet\b|nham\b|de\b|tren co so|tiep theo|sau khi|ngay \d|"
    r"trong\b|qua\b|hien nay|vua qua|nam \d{4}|i\.|1\.|chuong\b|dieu \d|phan\b|muc\b|thoi gian qua|"
    r"ngay vua qua|(?:sang|chieu|toi) ngay\b)")


_STRUCTURE_OPENERS = re.compile(r"^\s*(?:i\.|1\.|chuong\b|dieu \d|(?:phan|muc) (?:thu |[ivxlc]+\b|\d)|kinh gui)")


# A subject line that ends on one of these words (of, and, number, about, at, under, for, with, in) or a comma
# goes on after a blank line: OCR puts block breaks inside long bold titles.
# ("số", number, is not among them: unmarked it is also "số" of "chính quyền số", digital government; a line ending
# on it goes on when the next starts with a digit, as any line does)
_OPEN_END = re.compile(r"(?:\b(?:cua|va|ve|tai|theo|cho|voi|trong|doi voi|ban hanh)|[,\-])\s*$")


# and year, the, those, the first half of giai đoạn (period), quarter: a title does not end on them, their word lost
# with it; nor on a word of tense or purpose (will, has, is being, be, in order to, is, that, then: ``chính quyền
# sẽ``, a slip for số)
TITLE_CANNOT_END = vocab.OPEN_WORDS | {"năm", "các", "những", "giai", "quý", "sẽ", "đã", "đang", "được", "để", "là",
                                       "mà", "thì"}


def ends_on_a_level(words: list[str]) -> bool:
    """Whether a title ends on a place's level word (``gazetteer.ADMIN_LEVELS``: ``... trên địa bàn tỉnh``, ``...
    của thị xã``), the place's name lost with its line; a one-word level after ``cấp`` (``cấp tỉnh``, ``cấp xã``:
    provincial, commune level) or after ``xã`` (``các xã phường``, a comma lost) ends a title well."""
    if len(words) < 2:
        return False
    last, before = words[-1].rstrip(".,;:").lower(), words[-2].lower()
    return f"{before} {last}" in gz.ADMIN_LEVELS or last in gz.ADMIN_LEVELS and before not in ("cấp", "xã", "thành")


def ends_on_a_cut_place(words: list[str]) -> bool:
    """Whether a title ends on a level word and the first words of a place's name, the rest lost with its line
    (``... trên địa bàn huyện Hòa``: Hòa An, Hòa Vang, ...): the words after the level are no place the gazetteer
    knows, and begin one."""
    for n in (1, 2):
        if len(words) <= n:
            break
        level = words[-n - 1].lower()
        if level in _LEVEL_WORDS_OF_PLACES and words[-n][:1].isupper():
            name = " ".join(make_key(w.rstrip(".,;:")) for w in words[-n:])
            return not gz.is_place_key(name) and name in gz.place_name_beginnings()
    return False


_LEVEL_WORDS_OF_PLACES = {"tỉnh", "huyện", "xã", "phố", "quận"}  # (xã of thị xã, phố of thành phố)


_LEAD_SPECKS = "-–—_.,|'` "  # (a dash, a rule or a stop OCR set before a line: ``—— chính quyền``)


def _opens_lower(text: str) -> bool:
    """Whether ``text`` opens with a lower-case word past the specks before it (``_ nông thôn mới``): a sentence
    going on, never a preamble's or a paragraph's opening."""
    return text.lstrip(_LEAD_SPECKS)[:1].islower()


# a line that opens with two lower-case words (a list's item opens with its mark: ``a)``, ``-``)
_LOWER_WORDS_START = re.compile(r"^[a-zà-ỹđ]+\s+[a-zà-ỹđ]+\b(?!\))")
_LIST_INTRO = {"sau", "gom", "nhu"}  # ``như sau:``, ``gồm:``: the words a body line ends on before its list


def _colon_speck_before(last: str, nxt: str) -> bool:
    """Whether a colon glued to a subject line's last word is a speck, the subject going on with ``nxt``: a streak
    or a broken letter read as one (``vốn đầu tư:`` then ``công tại tỉnh Đồng Nai``; ``bảo vệ và phá:`` then
    ``triển rừng``). A subject has no colon; a body line that ends on one introduces a list (``như sau:``), whose
    items open with their marks, not with two lower-case words, and a line that itself ends on a colon is no
    subject line."""
    words = last[:-1].split()
    return bool(re.search(r"[^\W\d_]:$", last)) and make_key(words[-1]).strip(",.") not in _LIST_INTRO \
        and bool(_LOWER_WORDS_START.match(nxt.lstrip(_LEAD_SPECKS))) and not nxt.rstrip().endswith(":")


def _goes_on_with(last: str, nxt: str) -> bool:
    """Whether a title line ending on the first half of a word (``giai``, ``trật``: ``bound_half``), on a place's
    level word (``của thị xã``) or on one and a place's first words (``tỉnh Bến``) goes on with the next line, past a
    blank OCR put between them and a stop or dash read as specks, when that line holds the word it wants: its other
    half (``đoạn`` of giai đoạn, period), a place the gazetteer knows (``Bỉm Sơn giai đoạn 2018 - 2020``) or the
    rest of the place's name (``Tre``)."""
    words = last.rstrip(" .").split()
    following = make_key(nxt.lstrip(_LEAD_SPECKS)).split()
    if not words or not following:
        return False
    partner = bound_half(words[-1])
    if partner is not None:
        return following[0] == make_key(partner)
    if ends_on_a_level(words) and any(gz.is_place_key(" ".join(following[:n])) for n in (1, 2, 3)):
        return True
    # or on a level word and the first word or two of a place's name the next line ends (``tỉnh Bến`` / ``Tre``)
    for k in (1, 2):
        if len(words) <= k or not ends_on_a_level(words[:-k]):
            continue
        head = make_key(" ".join(words[-k:]))
        if not gz.is_place_key(head) and any(gz.is_place_key(head + " " + " ".join(following[:n])) for n in (1, 2)):
            return True
    return False


def bound_half(word: str) -> str | None:
    """The word a lower-case title word is the first half of (``trật`` → ``tự``, ``giai`` → ``đoạn``: the corpus
    follows it with that word at least 3 times in 4, ``RestoreModel.bound_halves``), or None; without the
    restoration model, only ``giai``."""
    from pipeline.restore import shipped_model

    word = word.strip(_EDGE_MARKS)
    if not word.isalpha() or not word.islower():
        return None
    model = shipped_model()
    if model is None:
        return "đoạn" if word == "giai" else None
    return model.bound_halves().get(word)


def bound_pair_next(words: list[str]) -> str | None:
    """The word the corpus nearly always writes after a title's last two lower-case words (``vốn đầu`` → ``tư``:
    ``RestoreModel.bound_next``), or None (also without the restoration model)."""
    from pipeline.restore import shipped_model

    pair = [w.strip(_EDGE_MARKS) for w in words[-2:]]
    model = shipped_model()
    if model is None or len(pair) < 2 or not all(w.isalpha() and w.islower() for w in pair):
        return None
    return model.bound_next(*pair)


def _garbled(text: str) -> bool:
    """A line that is mostly not words: fewer than half of its lettered tokens read as syllables. A token longer
    than any syllable that is no syllable (``Tomnhheahiratiie``: stamp ink read as one run) weighs double."""
    # (a place's two words a speck joined with a dash are two words: ``Sóc-Trăng``)
    tokens = [t.strip(".,;:()\"'“”‘’-") for t in text.split()]
    tokens = [p for t in tokens for p in (t.split("-") if t.replace("-", "").isalpha() else [t])]
    tokens = [t for t in tokens if any(ch.isalpha() for ch in t)]
    if len(tokens) < 2:
        return False
    valid = sum(is_syllable_shape(t) for t in tokens)
    weight = valid + sum(1 + (sum(ch.isalpha() for ch in t) > _LONGEST_SYLLABLE)
                         for t in tokens if not is_syllable_shape(t))
    return valid < weight / 2 or (valid == weight / 2 and bool(re.search(r"[|@„©®¢€{}<>]", text)))


_LONGEST_SYLLABLE = 7  # letters: nghiêng, nguyễn


_ACRONYM = re.compile(r"^[A-ZĐ]{1,5}(?:&[A-ZĐ]{1,4})?$")


def _not_a_name(text: str) -> bool:
    """A header line that is no body name: at most half its tokens are words, acronyms or numbers.

    The short rule under the issuing body, blurred or rotated, reads as ``IESSESESSEEE``, ``E II`` or ``T5 TÂY``.
    A word is a syllable of two letters or more; an acronym (``UBND``, ``GD&ĐT``) has two different letters.
    """
    tokens = [t.strip(".,;:()\"'“”‘’") for t in re.split(r"[\s\-–=_]+", text)]
    tokens = [t for t in tokens if t]
    if not tokens:
        return True

    def word(t: str) -> bool:
        if t.isdigit():
            return True
        letters = t.replace("&", "")
        if not letters.isalpha() or len(set(letters.upper())) < 2:
            return False  # a letter-digit mix (``T5``), one letter or one letter repeated (``II``)
        return is_syllable_shape(t) or bool(_ACRONYM.match(t))

    # (words of a province's or district's name are words: ĐẮK LẮK, PLEIKU have no syllable shape)
    placed = gz.place_name_indices([make_key(t) for t in tokens])
    good = sum(k in placed or word(t) for k, t in enumerate(tokens))
    return good * 2 <= len(tokens)


def _noisy_tokens(text: str) -> int:
    """Tokens no title is written with: digits, a word not shaped like a syllable, or case mixed inside a word
    (``TÀm``, ``S15``, ``TREG``)."""
    count = 0
    for tok in text.split():
        t = tok.strip(".,;:()\"'“”‘’-")
        letters = [ch for ch in t if ch.isalpha()]
        if not letters:
            count += bool(t)
        elif any(ch.isdigit() for ch in t) or not is_syllable_shape(t) or \
                (len(letters) > 1 and not (t.isupper() or t.islower() or t[0].isupper() and t[1:].islower())):
            count += 1
    return count


_EDGE_MARKS = ".,;:()\"'“”‘’"


_NUMBER_TOKEN = re.compile(r"\d[\d:.,/]*\d")  # a scale or a time (1:25.000, 7:30) is no mark


def _syllable_led(token: str) -> bool:
    """A word of three letters or more that opens with a syllable of two letters or more (``đôth``: đô; not
    ``wmwm``)."""
    return len(token) >= 3 and token.isalpha() and any(is_syllable_shape(token[:k]) for k in range(2, len(token) + 1))


def _debris(text: str) -> bool:
    """A short line that is as much marks as words: at least as many of its (at most four) tokens are marks no word
    is written with (``==+``, ``k¿``; letters, digits and a word's own ``/``, ``-``, ``&`` aside) as are not."""
    tokens = [t.strip(_EDGE_MARKS) for t in text.split()]
    tokens = [t.lstrip("_") if t.lstrip("_").isdigit() else t for t in tokens if t]  # (a speck by a year: ``_2023``)
    if not tokens or len(tokens) > 4:
        return False
    junk = [t for t in tokens if not any(ch.isalnum() for ch in t) and t not in ("-", "–", "&")
            or any(not (ch.isalnum() or ch in "/-&.,") for ch in t) and not _NUMBER_TOKEN.fullmatch(t)]
    if all(len(t) == 1 for t in junk) and any(_syllable_led(t) for t in tokens):
        return False  # a word beside a speck (``đôth ```: a title's short last line, its end run together)
    return bool(junk) and len(junk) * 2 >= len(tokens)


# ``năm 2020`` in lower case after a gap: the title's year on a line of its own (the body's ``Năm 2020, ...``
# opens with a capital, which OCR does not take for n)
_YEAR_LINE = re.compile(rf"^năm {dates.YEAR}\b")


# a title line ending on its year (``... năm 2016``, ``giai đoạn 2021 - 2025``): after a gap, only a line opening
# with a word that takes more (và, của, tại, ...: vocabulary.OPEN_WORDS) goes on with it
_ENDS_ON_YEAR = re.compile(rf"\b{dates.YEAR}[.]?$")


def _opens_body(line: Line) -> bool:
    """Whether a line opens the body (``_BODY_OPENERS``), past specks before it (``_ Thực hiện chương trình``)."""
    return bool(_BODY_OPENERS.search(line.key.lstrip(_LEAD_SPECKS + "~")))


_RULE_THEN_SPECKS = re.compile(r"[-—–_=~]{3,}[-—–_=~.\s]*(?P<rest>(?:\S{1,3}\s*){1,2})")


def _rule_with_specks(text: str) -> bool:
    """The rule under a title with specks beside it read as letters (``————_ vn A``): one or two short tokens after
    it, none a syllable of two letters or more (a title's last words after a rule, ``——— cấp xã``, are)."""
    m = _RULE_THEN_SPECKS.fullmatch(text)
    if not m:
        return False
    known = known_syllables()
    return bool(known) and all(len(t) == 1 or t.lower().strip(".,;:") not in known for t in m.group("rest").split())


def _subject_lines(lines: list[Line], i: int, double_spaced: bool) -> tuple[list[Line], int]:
    """Subject (trích yếu) lines starting at index i; returns the lines and the index after them."""
    out: list[Line] = []
    caps_subject: bool | None = None
    j = i
    blank_run = garbled = 0
    while j < len(lines) and len(out) < 16 and sum(len(x.text) for x in out) < 600:
        ln = lines[j]
        if out and not ln.blank and not any(ch.isalnum() for ch in ln.stripped) \
                and (len(ln.stripped) <= 2 or not is_rule_line(ln.text)):
            j += 1  # a speck read as a mark on a line of its own (``:``) inside the subject block, not the rule under it
            continue
        if ln.blank or is_rule_line(ln.text) or _rule_with_specks(ln.stripped):
            blank_run += 1
            j += 1
            if out and blank_run >= 1 and not double_spaced:
                # a blank line ends the subject unless the next line plainly continues it
                k = j
                while k < len(lines) and (lines[k].blank or not any(ch.isalnum() for ch in lines[k].stripped)
                                          and len(lines[k].stripped) <= 2):
                    k += 1  # (past a speck read as a mark on a line of its own: ``|``)
                if k < len(lines) and _goes_on_with(out[-1].stripped, lines[k].stripped):
                    continue
                if k < len(lines) and (not _opens_body(lines[k])
                                       or _YEAR_LINE.match(lines[k].stripped)) \
                        and not _ends_phrase(out[-1], lines[k]):
                    nxt = lines[k].stripped.lstrip(_LEAD_SPECKS)  # (past a rule's end: ``——— chính quyền``)
                    if ":" in nxt and not _OPEN_END.search(out[-1].key):
                        break  # ``quan, đơn vị: ...``: a subject has no colon, the body's first line may
                    if _ENDS_ON_YEAR.search(out[-1].stripped) and nxt[:1].islower() \
                            and nxt.split()[0].strip(",.;:") not in vocab.OPEN_WORDS:
                        break  # a title whole to its year; a body line whose first words were lost (``hương trình``)
                    if nxt[:1].islower() or nxt[:1].isdigit() or (caps_subject and is_caps(nxt, 0.8)) \
                            or _OPEN_END.search(out[-1].key) \
                            or (caps_subject is False and _in_title_block(out, lines[k])):
                        continue
                break
            continue
        blank_run = 0
        text = ln.stripped
        if not out and (sum(ch.isalpha() for ch in text) < 2 or _DATE_PIECE.match(ln.key)):
            j += 1  # OCR debris under the title (a speck read as ``l`` or ``:``), or the date line's year that OCR
            continue  # read after the type line (``năm 2017``, the line broken after its month)
        if _debris(text) or not out and re.fullmatch(r"[^\W\d_]{1,4}", text.strip(_EDGE_MARKS)):
            j += 1  # the rule under the title or a speck read as marks (``na ==+``, ``k¿``), not a line of it;
            continue  # a lone short word before the subject is the rule read as letters (``Thu``)
        if out and _garbled(text) and garbled < 3:
            garbled += 1  # an incoming-document stamp (``CÔNG VĂN ĐẾN ... Chuyển:``) over the subject
            j += 1
            continue
        lower_start = _opens_lower(text)  # (past a speck before it: ``_ nông thôn mới``)
        # (a colon or semicolon apart from the last word is a speck: ``thực hiện công :`` then ``tác phòng, ...``)
        if out and lower_start and (not re.search(r"(?<!\s)[;:]$", out[-1].stripped)
                                    or _colon_speck_before(out[-1].stripped, text)) and not caps_subject \
                and not is_caps(text, 0.6):
            # a line in lower case goes on with the subject (the body starts with a capital), past a speck read
            # as a full stop at the line before's end (``... xóa nhà.`` then ``tạm, nhà dột nát ...``); not a
            # heading in capitals a speck before it made start in lower case (``k¿ MỤC TIÊU VÀ KẾT QUẢ``)
            out.append(ln)
            j += 1
            continue
        lettered = " ".join(w for w in text.split() if not re.search(r"[\d/]", w))
        caps = is_caps(lettered, 0.8) if lettered else caps_subject  # a line of codes only (129/2021/NĐ-CP)
        if out and _opens_body(ln):
            # a capitals title wrapped before ``THỰC HIỆN`` or ``NGÀY 20 THÁNG 3`` goes on; the body does not
            # start in capitals, and a heading (I., Chương, Điều) ends the title however it is set
            if not (caps_subject and caps and not _STRUCTURE_OPENERS.search(ln.key)
                    and not _ends_phrase(out[-1], ln)):
                break
        if caps_subject is None:
            caps_subject = caps
        elif caps and not caps_subject:
            break  # the authority line of a Quyết định (``ỦY BAN NHÂN DÂN TỈNH ...``)
        elif out and caps_subject and not caps:
            break
        if out and (_ends_phrase(out[-1], ln) or len(text) > 160):
            break
        out.append(ln)
        j += 1
    return out, j


# A subject line that starts with one of vocab.OPEN_WORDS (of, and, about, at, under, for, with, towards) continues
# the line before it; so does a number or code (``105/2025/NĐ-CP NGÀY ...`` after ``NGHỊ ĐỊNH SỐ``).
_OPEN_START = re.compile(r"^\s*(?:(?:cua|va|ve|tai|theo|cho|voi|doi voi)\b|\d+/)")


LINE_END_DASH_CONFIDENCE = 0.7  # a subject with a dash kept at a line's end between two lower-case words: listed
_LINE_END_DASH = re.compile(r"(?<=[a-zà-ỹđ])\s+[-–]$")
_GLUED_LEAD_DASH = re.compile(r"^[-–](?=[^\W\d_])")  # a dash touching the first word's letter at a line's start
_LINE_START_DASH = re.compile(r"^[-–]\s+(?=[a-zà-ỹđ])")  # a dash, then a lower-case word, opening a later line


def _weigh_dash(last: str, after: str) -> tuple[bool, bool]:
    """(whether a dash between the lower-case words ``last`` and ``after`` at a title line's break goes, whether
    that stays in doubt): see ``_subject_text``."""
    after = after.strip(_EDGE_MARKS).lower()
    # (the last word may be two run together, ``giáchương``: its end is the lexicon word's half)
    corpus = dash_between(last.strip(_EDGE_MARKS), after)  # (``tư -`` ``công``; ``tế -`` ``xã``)
    if any(f"{last[k:].lower()} {after}" in lexicon_pairs() for k in range(len(last) - 1)) \
            or last.lower() in vocab.OPEN_WORDS or corpus == "speck":
        return True, False
    if corpus == "own":
        return False, False
    # a pair the corpus never writes dashed is likelier a speck's than a title's own dash: it goes, in doubt
    return corpus == "never", True


def _subject_text(lines: list[Line]) -> tuple[str, str | None]:
    """The subject's lines joined, and the words around a dash at a line's end that stays in doubt (or None).

    A speck at the end of a title line reads as a dash (``thực hiện công -`` then ``tác thu ngân sách``). Between
    two lower-case words, a dash that splits a word of the restore model's lexicon (``công tác``), follows a word
    a phrase cannot stop on (``về``, ``của``), or parts a pair the corpus writes together and never with a dash
    (``đầu tư -`` then ``công``: ``dashes.dash_between``) is such a speck and goes; one the corpus writes with its
    dash stays (``kinh tế -`` then ``xã hội``); one between a pair the corpus never writes dashed goes too, in doubt
    (``xóa -`` then ``nhà tạm``), and any other stays in doubt: the subject is then listed for review. A dash
    opening the next line (``việc`` then ``- chi trả``) is weighed the same way. A dash between numbers
    (``giai đoạn 2020 -`` then ``2025``) is the title's. A dash glued to the first letter of a later line
    (``-Bình``) is a speck too: a title's dash stands apart from its words."""
    parts: list[str] = []
    doubt: str | None = None
    for k, ln in enumerate(lines):
        text = ln.stripped
        if k and _GLUED_LEAD_DASH.match(text):
            text = text[1:]  # ``-Bình`` under ``... tỉnh Quảng``: a speck, no list dash (that has a space after it)
        if parts and _goes_on_with(parts[-1], text):
            parts[-1], text = parts[-1].rstrip(" ."), text.lstrip(_LEAD_SPECKS)  # ``giai.`` + ``- đoạn``: specks
        if parts and parts[-1].endswith(";") and _opens_lower(text):
            parts[-1] = parts[-1][:-1].rstrip() + ","  # a comma read as a semicolon (``trật tự;`` ``an toàn``)
        before = parts[-1].split() if parts else []
        if before and re.fullmatch(r"\d+[.,]?", before[-1]) and _LINE_START_DASH.match(text):
            text = _LINE_START_DASH.sub("", text)  # a dash between a number and a lower-case word is a speck: a
            # title's dash after a number opens a range (``2020 - 2025``), not a word (``lớp 10.`` then ``- trung``)
        elif before and before[-1][:1].islower() and _LINE_START_DASH.match(text):
            # the same speck at the next line's start (``đánh giá việc`` then ``- chi trả``)
            last, rest = before[-1], _LINE_START_DASH.sub("", text)
            goes, in_doubt = _weigh_dash(last, rest.split()[0])
            if in_doubt:
                doubt = f"{last} - {rest.split()[0]}"
            if goes:
                text = rest
        if _LINE_END_DASH.search(text):
            # the next line with a letter or digit (a speck read as ``<`` may stand between)
            nxt = next((x.stripped.lstrip(_LEAD_SPECKS).split() for x in lines[k + 1:]
                        if any(ch.isalnum() for ch in x.stripped)), [])  # (past a speck before it: ``_ tác``)
            if nxt and nxt[0][:1].islower():
                head = _LINE_END_DASH.sub("", text)
                last = head.split()[-1]
                goes, in_doubt = _weigh_dash(last, nxt[0])
                if in_doubt:
                    doubt = f"{last} - {nxt[0]}"
                if goes:
                    text = head
        parts.append(text)
    return " ".join(parts), doubt


def _read_subject(lines: list[Line], confidence: float, ocr_text: bool = False) -> tuple[str, float, list[str]]:
    """The subject of its lines, joined (``_subject_text``) and cleaned (``_fix_subject``); the rule's confidence
    in it (LINE_END_DASH_CONFIDENCE with a dash in doubt); and the warnings that raised. On OCR text, a word OCR
    read as marks alone (``phòng cháy, _= cháy``), which cleaning drops as specks, is first read as the syllable the
    words around it call for (``fill_from_context``): a guess, so the subject is listed."""
    joined, doubt = _subject_text(lines)
    notes: list[str] = []
    if ocr_text:
        filled, guesses = fill_from_context(joined, marks_only=True)
        if guesses:
            notes.append(f"subject {joined!r} read as {filled!r}: "
                         + ", ".join(f"{run!r} as {word!r}" for run, word in guesses) + f", {SUBJECT_WORD_GUESSED}")
            joined = filled
    subject = _fix_subject(joined)
    cut = _completed_end(subject) if ocr_text else None
    if cut is not None:
        notes.append(f"subject {subject!r} read as {cut!r}: {SUBJECT_END_COMPLETED}")
        subject, confidence = cut, min(confidence, RESTORED_WORD_CONFIDENCE)
    if re.match(r"việc [a-zà-ỹđ]", subject):
        # the opening Về lost with nothing left of it: no title opens on ``việc``; what else went is not known, so
        # the subject stays listed
        notes.append(f"subject {subject!r} read as 'Về {subject}': {SUBJECT_OPENER_LOST}")
        subject, confidence = f"Về {subject}", min(confidence, RESTORED_WORD_CONFIDENCE)
    if doubt is None:
        return subject, confidence, notes
    return subject, min(confidence, LINE_END_DASH_CONFIDENCE), notes + [f"subject: the dash at a line's end in "
                                                                        f"{doubt!r} may be a speck"]


SUBJECT_OPENER_LOST = "a title opens with Về before việc"
SUBJECT_END_COMPLETED = "its last word was cut, completed as the corpus ends the phrase (a guess)"
RESTORED_WORD_CONFIDENCE = 0.5  # a subject whose first or last word was restored from what the corpus writes: listed


def _completed_end(subject: str) -> str | None:
    """The subject with its cut last word completed (``restore.slips.complete_cut_end``: ``xây dựng đôth`` → ``xây
    dựng đô thị``), or None; None without a restoration model."""
    from pipeline.restore import shipped_model

    model = shipped_model()
    words = subject.split()
    found = complete_cut_end(model, words) if model is not None else None
    return " ".join([*words[:-1], found[1]]) if found else None


def _ends_phrase(last: Line, nxt: Line) -> bool:
    """Whether the subject line ``last`` ends the subject by its punctuation before ``nxt``. A subject has no
    full stop: one at a line's end is a speck OCR read, when the title plainly goes on (``… ĐIỀU.`` then
    ``CỦA PHÁP LỆNH …``; ``… NGHỊ ĐỊNH SỐ.`` then ``105/2025/NĐ-CP …``)."""
    text = last.stripped
    if text.endswith(";") and _opens_lower(nxt.stripped) and not text.rstrip(" ;").endswith(tuple("0123456789")):
        return False  # a comma read as a semicolon, the title going on in lower case (``trật tự;`` ``an toàn``)
    if re.search(r"[^\W\d_]\s+[;:]$", text) and not _opens_body(nxt) and not is_caps(nxt.stripped, 0.6) \
            and sum(w[:1].islower() for w in nxt.stripped.split()[:3]) >= 2:
        return False  # a colon apart from its word is a speck, the title going on in lower case past a garbled
        # first word (``an toàn :`` then ``HINH thông trên địa bàn``)
    if text.endswith((";", ":")):
        return True
    if not text.endswith("."):
        return False
    if _goes_on_with(text, nxt.stripped) or _opens_lower(nxt.stripped) \
            or text.rstrip(" .").endswith(("-", "–")):  # (``giai đoạn 2023 - .`` then ``2028``)
        return False  # ``... phổ thông giai.`` then ``- đoạn 2016 - 2021``; ``... sắp xếp đơn.`` then ``vị hành``
    words = text.rstrip(". ").lower().split()
    return not ((words and words[-1] in vocab.OPEN_WORDS) or _OPEN_START.search(nxt.key))


def _in_title_block(out: list[Line], nxt: Line) -> bool:
    """A title-case subject set as a narrow centred block (short lines) goes on after a blank line OCR put inside
    it when the next line is as short as the block's lines: the body's lines are full width."""
    widths = [len(x.stripped) for x in out]
    return len(out) >= 2 and max(widths) <= 55 and len(nxt.stripped) <= max(widths) + 6 \
        and not nxt.stripped.endswith(":")


# ``<type> số <code>`` inside a subject; the code may carry OCR's spaces and quote marks (``TT- NHNN``, ``T'1``)
# and a year split by a space (``112/202 1/NĐ-CP``)
_CITED_CODE = re.compile(r"\bso\s+(\d[\w.]*(?:\s?[/\-'’]\s?(?:(?:\d \d{3}|\d{2} \d{2}|\d{3} \d)(?=\s?/)|[\w.&()]+))+)")


def _codes_in_subject(text: str) -> str:
    """A code the subject cites, cleaned as the header's own code is: no spaces around ``/`` and ``-``, a dash read
    as a quote mark restored, and its type abbreviation repaired against the type named before it (``Thông tư
    số 02/2015/TI1-BNNPTNT`` → ``02/2015/TT-BNNPTNT``)."""
    key = strip_marks(text).lower()
    if len(key) != len(text):
        return text
    out, last = [], 0
    for m in _CITED_CODE.finditer(key):
        start, end = m.span(1)
        before = key[max(0, m.start() - 30):m.start()].rstrip()
        type_name = next((vocab.type_by_key()[k] for k in vocab.type_keys_longest_first() if before.endswith(k)), None)
        if type_name is None:
            continue  # ``số 39 - 39B`` (an address), ``số 3000 - Hợp đồng``: not a cited document
        code = repair_cited_code(clean_code_text(text[start:end]).replace(" ", ""), vocab.code_for_type(type_name))
        out.append(text[last:start] + code)
        last = end
    return "".join(out) + text[last:]


# words a lone number follows in a title (times, periods, ranks, wards and hamlets named by number: Phường 2)
_COUNTED = {"lan", "thang", "ngay", "nam", "tuan", "giai", "bac", "buoc", "vong", "ban", "thu", "lop", "to", "kho",
            "phuong", "quan", "pho", "ap", "thon", "xom", "doi", "lo", "tram", "phong", "duong", "tuyen", "goi", "hop",
            "cum", "diem", "ca", "mau", "ve", "tiet", "bai"}  # (with _NUMBERING's words: số, mục, quý, ...)
_NUMBERING = {"chuong", "muc", "phan", "luc", "quy", "doan", "loai", "hang", "cap", "nhom", "vung", "dot", "khoa", "ky",
              "khu", "tap", "so", "dieu", "khoan"}
_NUMBER_FOLLOWS = _NUMBERING | _COUNTED


def _has_tone(word: str) -> bool:
    """Whether a word carries a Vietnamese vowel mark or tone (Đ alone does not count: HĐND is an abbreviation)."""
    return has_marks(word.replace("Đ", "D").replace("đ", "d"))


_EDGE_PUNCT = ".,;:()\"'“”"  # stripped from a title word's edges before it is compared with its echo


def _fold_word(word: str) -> str:
    return strip_marks(word.strip(_EDGE_PUNCT)).lower()


def _with_case_of(word: str, like: str) -> str:
    """``word`` in the case pattern of ``like`` (BẢO for BAO, Bảo for Bao, bảo for bao), its edge punctuation kept."""
    core = word.strip(_EDGE_PUNCT)
    if like.isupper():
        core = core.upper()
    elif like[:1].isupper():
        core = core[:1].upper() + core[1:]
    elif like[:1].islower():
        core = core.lower()
    lead = like[: len(like) - len(like.lstrip(_EDGE_PUNCT))]
    trail = like[len(like.rstrip(_EDGE_PUNCT)):]
    return lead + core + trail


def echo_subject(subject: str, type_name: str, body: list[Line]) -> str:
    """The subject with its words read again from its echo in the preamble.

    A legal text's preamble ends by naming what it enacts: ``Bộ trưởng ... ban hành Thông tư <subject>.`` The
    title is set in bold (often capitals), which Tesseract reads worse than body text (``BAO VI BI MẬT``, ``CÔ
    PHIẾU QUY``, ``THỰC THỊ``). Where the echo matches the title closely, each title word that differs from its
    echo only by marks, or by one letter, takes the echo's spelling in the title's own case.
    """
    text = " ".join(ln.stripped for ln in body if not ln.blank)
    key = make_key(text)  # same length as text: offsets carry over
    m = re.search(r"\bban hanh " + re.escape(make_key(type_name)) + r"\s+", key)
    if not m:
        return subject
    end = re.search(r"[.;:](?=\s|$)", key[m.end():])
    echo = text[m.end(): m.end() + end.start()] if end else text[m.end():]
    words, echo_words = subject.split(), echo.split()
    folded, echo_folded = [_fold_word(w) for w in words], [_fold_word(w) for w in echo_words]
    if fuzz.ratio(" ".join(folded), " ".join(echo_folded[: len(folded) + 2])) < 80:
        return subject
    out = list(words)
    for op, i1, i2, j1, j2 in SequenceMatcher(None, folded, echo_folded, autojunk=False).get_opcodes():
        if op not in ("equal", "replace") or i2 - i1 != j2 - j1:
            continue
        for i, j in zip(range(i1, i2), range(j1, j2)):
            mine, theirs = words[i], echo_words[j]
            a, b = folded[i], echo_folded[j]
            if mine.lower() == theirs.lower() or not b.isalpha() or not is_syllable_shape(theirs.strip(_EDGE_PUNCT)):
                continue
            if a == b or (len(b) >= 2 and Levenshtein.distance(a, b) <= 1):
                out[i] = _with_case_of(theirs, mine)
    return " ".join(out)


BODY_ANCHOR_WORDS = 2  # the title words before a garbled run that the body must write before its reading ...
BODY_RIGHT_ANCHOR_WORDS = 1  # ... and after it
BODY_MOST_WORDS = 3  # the body's reading of a garbled run has at most this many words


def mend_from_body(subject: str, body: list[Line]) -> str:
    """The subject with each run of garbled words (no syllable of the corpus: ``2b,``, ``h ĐIP.``) read from the
    body, where the body writes the title's words on both sides of the run with one to ``BODY_MOST_WORDS`` known
    words between them, and always the same ones (``tăng cường công tác`` for ``2b, cường công tác``: a plan's body
    repeats its subject's phrases). A title word the same document spells elsewhere takes that spelling; a run the
    body does not settle is kept."""
    known = known_syllables()
    words = subject.split(" ")

    def garbled(word: str) -> bool:
        core = word.strip(_EDGE_PUNCT + "-")
        return bool(core) and not core.isdigit() and "/" not in core and core.lower() not in known

    runs, k = [], 0
    while k < len(words):
        if garbled(words[k]):
            end = k
            while end < len(words) and garbled(words[end]):
                end += 1
            runs.append((k, end))
            k = end
        k += 1
    if not runs:
        return subject
    def fold(ws: list[str]) -> list[str]:
        return [w.strip(_EDGE_PUNCT).lower() for w in ws]

    body_words = fold([w for ln in body if not ln.blank for w in ln.stripped.split()])
    out = list(words)
    for start, end in reversed(runs):
        left = fold(words[max(0, start - BODY_ANCHOR_WORDS):start])
        right = fold(words[end:end + BODY_RIGHT_ANCHOR_WORDS])
        readings: set[tuple[str, ...]] = set()
        if len(left) == BODY_ANCHOR_WORDS and len(right) == BODY_RIGHT_ANCHOR_WORDS \
                and not any(map(garbled, left + right)):
            # the words on both sides: the body's one to BODY_MOST_WORDS words between them
            for i in range(len(body_words) - len(left)):
                if body_words[i:i + len(left)] != left:
                    continue
                at = i + len(left)
                for n in range(1, BODY_MOST_WORDS + 1):
                    if body_words[at + n:at + n + len(right)] == right:
                        readings.add(tuple(body_words[at:at + n]))
                        break
        if not readings:
            # the title's opening formula on the left (``Về việc 2b, cường công tác``): the words after the run
            # alone, as many as BODY_ANCHOR_WORDS + BODY_RIGHT_ANCHOR_WORDS, and as many words before them
            after = fold(words[end:end + BODY_ANCHOR_WORDS + BODY_RIGHT_ANCHOR_WORDS])
            n = end - start
            if len(after) == BODY_ANCHOR_WORDS + BODY_RIGHT_ANCHOR_WORDS and not any(map(garbled, after)):
                readings = {tuple(body_words[i - n:i]) for i in range(n, len(body_words) - len(after) + 1)
                            if body_words[i:i + len(after)] == after}
        readings = {r for r in readings if all(w in known for w in r)}
        if len(readings) == 1:
            out[start:end] = list(readings.pop())
    return " ".join(out)


SUBJECT_WORD_GUESSED = "the words around it call for it"  # (a subject's warning: a word read from its context)


def fill_from_context(subject: str, marks_only: bool = False) -> tuple[str, list[tuple[str, str]]]:
    """The subject with its runs of garbled words read as the syllable the words around them call for
    (``slips.fill_from_context``: ``khu : =8 nghiệp`` → khu công nghiệp) and its words that pair with neither
    neighbour read likewise (``slips.mend_islands``: ``trên la bàn`` → trên địa bàn), and what was read so; as read
    without a restoration model. ``marks_only``: only its runs of marks alone (``phòng cháy, _= cháy``), before the
    title's cleaning drops them as specks."""
    from pipeline.restore import shipped_model
    from pipeline.restore.slips import fill_from_context as fill
    from pipeline.restore.slips import mend_islands

    model = shipped_model()
    if model is None:
        return subject, []
    words, guesses = fill(model, subject.split(" "), marks_only)
    if not marks_only:
        words, islands = mend_islands(model, words)
        guesses += islands
    return " ".join(words), guesses


_SPECKS = frozenset("‹›«»•·°~^`´¨'‘’\"“”_|!*§¢©®¤¡¿=¬")


_ESIGN_TIME = re.compile(r"\d{1,2}\s?:\s?\d{2}(?:\s?:\s?\d{2})?\s*\+\s?0?7\s?:?\s?00")  # an e-signature's time
# ``Thời gian ký:`` as OCR spells it (``Thöïgianký:``, its words run together)
_ESIGN_TIME_LABEL = re.compile(r"\s+\S*\s*gian\s*k\S*\s*[:;.]?", re.IGNORECASE)
_MARKS_ONLY = re.compile(r"[-_.,:;'\"“”‘’`~^|<>=+*!¡¿•·«»‹›¬]{2,}")  # two speck marks or more, and nothing else
_SPECK_RUN = re.compile(r"[-_<>~^|‹›«»•·`´'‘’\"“”]{2,}|[<>]")


_INNER_CAPITAL = re.compile(r"^([A-ZĐ\u00c0-\u1ef9][a-zđ\u00e0-\u1ef9]+)([A-ZĐ\u00c0-\u1ef9][a-zđ\u00e0-\u1ef9]+)([.,;:]?)$")


def _split_at_inner_capital(word: str) -> str:
    """``ThanhHóa`` → ``Thanh Hóa`` when the word is no syllable and both halves are capitalised syllables."""
    m = _INNER_CAPITAL.match(word)
    if not m or is_syllable_shape(word) or not all(is_syllable_shape(h) and h[0].isupper() for h in m.group(1, 2)):
        return word
    return f"{m.group(1)} {m.group(2)}{m.group(3)}"


_NEVER_CAPITALISED = frozenset("có của các cho cùng với về vào sau sự so xây".split())  # (have, of, the, for, ...)


def _fix_subject(text: str) -> str:
    """One line of subject; dashes as ASCII hyphens (as in the national database's titles); ``Về việc``; a speck
    read as letters between two words the corpus pairs is dropped (``tác ic phòng``), a word no syllable of the
    corpus is split where OCR lost a space (``hướngdẫn``) or taken as the syllable a letter away its neighbours call
    for (``làu việc``: làm), and a pair the corpus writes rarely, a letter or mark from one it writes far more often,
    takes that one (``chỉ trả``: chi trả); a dash inside a word of two syllables is dropped (``trật - tự``)."""
    text = _BOUND_PAIR_DASH.sub(_drop_bound_pair_dash, _fix_subject_marks(text))
    text = _GLUED_PLACE_DASH.sub(_place_without_dash, text)
    return _mend_unknown_words(_BOUND_PAIR_CASE.sub(_lower_bound_second_half, text))


# a dash glued between two capitalised words (``Sóc-Trăng``)
_GLUED_PLACE_DASH = re.compile(r"(?<!\S)([A-ZĐÀ-Ỹ][a-zà-ỹđ]+)-([A-ZĐÀ-Ỹ][a-zà-ỹđ]+)(?=[,.;:]?(?:\s|$))")


def _place_without_dash(m: re.Match[str]) -> str:
    """``Sóc Trăng`` for ``Sóc-Trăng``: two words that name a place of the gazetteer are not joined by a dash (a
    speck); any other pair keeps it."""
    spaced = f"{m.group(1)} {m.group(2)}"
    return spaced if gz.is_place_key(make_key(spaced)) else m.group(0)


# a capitalised word after a lower-case one (``môi Trường``)
_BOUND_PAIR_CASE = re.compile(r"(?<!\S)([a-zà-ỹđ]+) ([A-ZĐÀ-Ỹ][a-zà-ỹđ]+)(?=[,.;:]?(?:\s|$))")


def _lower_bound_second_half(m: re.Match[str]) -> str:
    """``môi trường`` for ``môi Trường``: a word the corpus follows with one other at least half the time
    (``CASE_SLIP_SHARE``: môi, giới or trường), that word read as a capital after it is a slip; any other capital
    stays (a name's: ``tỉnh Bình Dương``)."""
    from pipeline.restore import shipped_model

    model = shipped_model()
    if model is None:
        return m.group(0)
    second = m.group(2)
    partner = model.bound_halves(CASE_SLIP_SHARE).get(m.group(1))
    return f"{m.group(1)} {second.lower()}" if partner == second.lower() else m.group(0)


CASE_SLIP_SHARE = 0.5  # a word the corpus follows with another at least this often takes that one lower-case


# a dash between two lower-case words, apart or glued (``trật - tự``, ``ngân-sách``)
_BOUND_PAIR_DASH = re.compile(r"(?<!\S)([a-zà-ỹđ]+)(?: - |-)([a-zà-ỹđ]+)(?=[,.;:]?(?:\s|$))")


def _drop_bound_pair_dash(m: re.Match[str]) -> str:
    """``trật tự`` for ``trật - tự``: the first word is one the corpus follows with the second at least 3 times in 4
    (``bound_half``), so the two are one word and the dash a speck; a dash glued between two words the corpus writes
    together and never dashed is one too (``bảo-vệ``: ``dashes.dash_between``); any other dash stays (``kinh tế -
    xã hội``)."""
    first, second = m.group(1), m.group(2)
    if bound_half(first) == second or " " not in m.group(0) and dash_between(first, second) == "speck":
        return f"{first} {second}"
    return m.group(0)


# a word opening as năm (year) does, before a year: ``nă..``, ``nău›``
_YEAR_WORD_CUT = re.compile(r"(?<!\S)(n[aăâàáảãạắằẳẵặấầẩẫậ]\S{0,3})(?= (?:19|20)\d\d\b)")


def _year_word_cut(m: re.Match[str]) -> str:
    """``năm`` for a word before a year that opens as it does and is no syllable of the corpus once its specks are
    stripped (``nă..``, ``nău›``); a word it has stays (``nay``, ``này``)."""
    core = re.sub(r"[^\w]", "", m.group(1))
    known = known_syllables()
    return m.group(0) if not known or core in known else "năm"


_LEVEL_SPECK_NAME = re.compile(r"\b(tỉnh|huyện|thị xã|thành phố) ([a-zà-ỹđ]{1,4}|[A-ZĐ]) ([A-ZĐÀ-Ỹ]\S*(?: [A-ZĐÀ-Ỹ]\S*){0,2})")


def _drop_level_speck(m: re.Match[str]) -> str:
    """``tỉnh ưng Kiên Giang`` → ``tỉnh Kiên Giang`` when the capitalised words after the speck begin a province's
    or a district's name."""
    if m.group(2) in vocab.OPEN_WORDS or not (m.group(2).islower() or len(m.group(2)) == 1) \
            or not m.group(3)[:1].isupper():
        return m.group(0)  # (``tỉnh và Thành phố ...``, ``tỉnh Đắk Lắk``: the class à-ỹ holds Đ)
    words = m.group(3).split()
    capital = m.group(2).isupper()
    # a lone capital (``huyện F Tiên Yên``) is a speck where the words after it name a place and it with them
    # does not (``huyện A Lưới``)
    if capital and any(gz.is_place_key(make_key(" ".join([m.group(2)] + words[:n])))
                       for n in range(1, len(words) + 1)):
        return m.group(0)
    if any(gz.is_place_key(make_key(" ".join(words[:n]))) for n in range(len(words), 0, -1)):
        return f"{m.group(1)} {m.group(3)}"
    if capital:
        return m.group(0)  # (a lone capital is no end of a name's first word)
    # ... or is what OCR left of the name's first word, its end (``tỉnh a Mau``: Cà Mau): the one place of the
    # level's a letter from the two read together
    names = _places_of_level(m.group(1))
    for n in range(len(words), 0, -1):
        key = make_key(" ".join([m.group(2)] + words[:n]))
        near = {name for k, name in names.items() if len(k) >= 6 and Levenshtein.distance(k, key) <= 1
                and k.split()[0].endswith(make_key(m.group(2)))}
        if len(near) == 1:
            return " ".join([m.group(1), near.pop()] + words[n:])
    return m.group(0)


def _places_of_level(level: str) -> dict[str, str]:
    """Unmarked key → name of the places a level word names: a tỉnh's provinces, a huyện's or thị xã's districts,
    a thành phố either (a central city or a provincial one)."""
    if level == "tỉnh":
        return gz.province_by_key()
    if level == "thành phố":
        return {**gz.district_by_key(), **gz.province_by_key()}
    return gz.district_by_key()


def _place_starts(text: str) -> bool:
    """Whether ``text`` starts with a province's or district's name, capitalised (``Ninh Bình ...``)."""
    words = text.split()
    return bool(words) and words[0][:1].isupper() and any(
        gz.is_place_key(make_key(" ".join(words[:n]))) for n in (1, 2, 3))


def _mend_unknown_words(text: str) -> str:
    from pipeline.restore import shipped_model
    from pipeline.restore.slips import (
        drop_specks,
        join_split_syllables,
        mend_stranded_words,
        mend_unknown_words,
        mend_unlikely_pairs,
        split_glued_words,
    )

    model = shipped_model()
    if model is None:  # no restoration model: the words stay as read
        return text
    words = mend_unknown_words(model, split_glued_words(model, drop_specks(
        model, join_split_syllables(model, text.split(" ")))))
    # the title's first word is capitalised as a sentence's: its pair with the next is judged in lower case
    # (``Thực biện công tác`` → Thực hiện)
    first = words[0] if words else ""
    opening = first[:1].isupper() and first[1:].islower() and first.isalpha()
    if opening:
        words[0] = first.lower()
    words = mend_stranded_words(model, mend_unlikely_pairs(model, words, opens=opening))
    if opening:
        words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


# words a lone letter follows as a name in a title: a point, item, group, class, zone, lot, rank, (phụ) lục
# (annex), region, route (điểm a, nhóm b)
_LETTERED = frozenset("điểm mục tiết nhóm loại khu lô hạng lục vùng tuyến".split())
# (a consonant or an a: y is a word, of y tế (health))
_LONE_LETTER = re.compile(r"(?<![^\W\d_])([a-zà-ỹđ]+) ([abcdđghklmnpqrstvx]) ([a-zà-ỹđ]{2,})(?![^\W\d_])")


def _lone_letter(m: re.Match[str]) -> str:
    """A lone letter between lower-case words: a word's first letter OCR set apart (``t rình``: trình), or a
    speck (dropped), unless a cited point or a named group's (``điểm a``)."""
    before, letter, after = m.groups()
    if before in _LETTERED:
        return m.group(0)
    joined = letter + after
    known = known_syllables()
    if known and joined in known:
        return f"{before} {joined}"
    return f"{before} {after}"


# an e-signature's label run into the title's last word (``Hòa Bình Thöïgianký:14082017077``: Thời gian ký, its
# time), or its ``Thời gian ký`` (signed at) and a dotted date whose clock time OCR lost (``Phước Long gian ký;
# 22.06.202 2 23``), folded: the box lies over the title's end
_ESIGN_LABEL_TAIL = re.compile(r"\s+\S*(?:gianky|kyboi)\S*$"
                               r"|\s+(?:th\S{0,3}\s+)?gian\s+ky\s*[:;.]?\s*\d{1,2}[./]\d{1,2}[./].*$")


def _fix_subject_marks(text: str) -> str:
    text = squash(re.sub(r"[\u2012\u2013\u2014\u2212]", "-", text))
    folded = strip_marks(text)
    tail = _ESIGN_LABEL_TAIL.search(folded.lower())
    if tail and len(folded) == len(text):
        text = text[:tail.start()]
    text = re.sub(r"(?<=\d) ?- ?[.,:]+ ?(?=\d)", " - ", text)  # a speck by the dash of a span (``2016 -.2021``)
    text = re.sub(r"\b(năm|tháng|quý)\s+[-–_.,:;]+\s*(?=\d)", r"\1 ", text)  # a speck before the year (``năm - 2019``)
    # a backslash between lower-case words (``làm việc \\ về``; one before the opening ``việc`` is ``Về`` read so)
    text = re.sub(r"(?<=[a-zà-ỹđ,]) \\+ (?=[a-zà-ỹđ])", " ", text)
    # the opening Về read as a speck mark before việc (``` việc tổ chức``): a title opens with a capital. Before the
    # leading specks go, which would leave a bare ``việc`` (the end of this function mends ``Về`` read as marks that
    # survive to there: ``\É việc``)
    text = re.sub(r"^[~'`¬|*•]\s*(?=việc )", "Về ", text)
    # the short rule under the type name read as a dash before the subject (``- Kết luận ...``)
    text = re.sub(r"^(?:[-_~'`=¬|¡¿*•.,:;]+\s*)+(?=\w)", "", text)  # (or a speck read as a quote mark, =, ¬; or two)
    # dots after a word inside the title, a lower-case word after them (``ngân sách... nhà nước``): specks; a title
    # has no ellipsis
    text = re.sub(r"(?<=[^\W\d_])\.{2,}(?= [a-zà-ỹđ])", "", text)
    if re.match(r"^[\"„“]\w", text) and not re.search(r"[\"“”]", text[1:]):
        text = text[1:]  # a double quote that closes nothing in the whole title (``"Thực hiện ...``, ``„V/v``,
        # ``“Tình hình``)
    elif text.count('"') == 1 and not re.search(r"[“”„]", text):
        # ... or one before a word inside it (``huyện "Mường Tè``: a speck at a line's start); a quotation has two
        text = re.sub(r'(?<=\s)"(?=\w)', "", text)
    if text.count("'") == 1 and not re.search(r"[‘’]", text):  # the same of a single quote (``thông qua 'Đề án``)
        text = re.sub(r"(?<=\s)'(?=\w)", "", text)
    text = re.sub(r"^[iljị]\s+(?=(?:V/v|V/V|Về)\s)", "", text)  # a bar's speck read as a letter (``i V/v``, ``ị Về``)
    text = re.sub(r"^([Vv])\s*/(?=\s+[a-zà-ỹđ]{2})", r"\1/v", text)  # V/v with its last v lost (``V/ đôn đốc``)
    text = re.sub(r"^V/[VWw](?= [a-zà-ỹđ])", "V/v", text)  # (as the national database writes it; v read w)
    # a speck read as a mark after the opening Về or V/v (``Về: việc``, ``V/v: báo cáo``)
    text = re.sub(r"^(Về|V/v)[:;.,](?= [a-zà-ỹđ])", r"\1", text)
    # a speck read as a colon between two lower-case words (``công: tác``): a subject has none (a semicolon it
    # may: ``Quy định ...; bãi bỏ ...``)
    text = re.sub(r"(?<=[a-zà-ỹđ]{2})\s?:(?= [a-zà-ỹđ])", "", text)
    text = re.sub(r"\b(năm|tháng|ngày)[:;](?= \d)", r"\1", text)  # ... or between a date word and its number
    text = re.sub(r"(?<=[a-zà-ỹđ]),(?=[a-zà-ỹđ])", ", ", text)  # a comma's space lost (``gia súc,gia cầm``)
    # ``năm`` (year) glued to its year, and to a quarter's Roman numeral read as l or | (``quý lnăm2022``: quý I năm
    # 2022; before lone letters are dropped as specks)
    text = re.sub(r"(?<!\S)([l|I]?)năm((?:19|20)\d\d)\b", lambda m: f"{m.group(1)} năm {m.group(2)}".lstrip(), text)
    text = re.sub(r"(?<=\bquý )[l|](?= năm\b)", "I", text)
    # a speck read as a lone letter between lower-case words (``xây a dựng``, ``Về việc c đề nghị``); a cited
    # point or a named group keeps its letter (``điểm a khoản 1``, ``nhóm B``)
    text = _LONE_LETTER.sub(_lone_letter, text)
    # a speck read as a quote mark glued to a capital letter between lower-case words (``dân, 'N giải quyết``)
    text = re.sub(r"(?<=[a-zà-ỹđ,] )['‘’`\"][A-ZĐ] (?=[a-zà-ỹđ])", "", text)
    # ``năm`` (year) before a year, whatever tone OCR gave it (``nắm 2024``)
    text = re.sub(r"\b(?:nắm|nằm|nấm|nẵm|nẳm|nâm|nam|nấm)(?= (?:19|20)\d\d\b)", "năm", text)
    # ... or cut short with specks for its last letters (``nă.. 2022``, ``nău› 2021``): no syllable the corpus has
    text = _YEAR_WORD_CUT.sub(_year_word_cut, text)
    # a speck read as a lone mark that no title uses (``dựng ‹ đề án``), or as a run of them (``công - < tác``,
    # ``gia súc, __ gia cầm``, ``_-``: a dash alone is a title's own, between two names); before the title's end
    # is cleaned, for a speck may end it (``tại tỉnh Phú Yên 2 §``)
    text = " ".join(w for w in text.split(" ") if w not in _SPECKS and not _SPECK_RUN.fullmatch(w)
                    and not (_MARKS_ONLY.fullmatch(w) and w.strip(".…")))  # (``". cường``; a form's ``......`` stays)
    text = _LONE_LETTER.sub(_lone_letter, text)  # again, now the specks after it are gone (``buổi r -_ làm việc``)
    # a dash after a word a phrase cannot stop on (``làm việc về - công tác``): a speck at a line's end; the dash
    # of a pair stands between two names (``kinh tế - xã hội``, ``Bà Rịa - Vũng Tàu``); after the specks are gone
    # (``chữa cháy _ - trong``)
    text = re.sub(rf"\b({'|'.join(sorted(vocab.OPEN_WORDS))}) - (?=[a-zà-ỹđ])", r"\1 ", text)
    # ... or before one, apart or glued (``chữa cháy - trong mùa khô``, ``cháy-trong``): a pair's second name is
    # no function word
    text = re.sub(rf"(?<=[a-zà-ỹđ])(?: - |-)(?=(?:{'|'.join(sorted(vocab.OPEN_WORDS))})\b)", " ", text)
    # a speck read as a stop beside a dash or a comma (``công -. tác``, ``phòng,. chống``; ``...`` stays)
    text = re.sub(r"(?<= )[-.,:;]*(?:-[.,:;]|[.,:;]-)[-.,:;]*(?= )", "", text)
    text = re.sub(r"(?<=\w)(?:,\.|\.,)(?= )", ",", text).replace("  ", " ")
    text = re.sub(r"(?<=\w),[.:;] ?(?=[a-zà-ỹđ])", ", ", text)  # ... glued to the next word (``phòng,:chống``)
    # a span of years whose dash OCR lost (``giai đoạn 2021 2026``): a title sets no two years side by side
    text = re.sub(r"\b(giai đoạn|từ năm|năm) ((?:19|20)\d\d) ((?:19|20)\d\d)\b", r"\1 \2 - \3", text)
    text = re.sub(r"(?<=\w,) -(?= [a-zà-ỹđ])", "", text)  # a dash after a comma (``quản lý, - bảo vệ``)
    text = re.sub(r"(?<=\w) : (?=\w)", " ", text)  # a colon alone between two words (``tỉnh Hòa : Bình``)
    text = re.sub(r"(?<=[^\W\d_])!(?= |$)", "", text)  # a speck read as ``!`` on a word (``xây dựng! đô thị``)
    # a short word between a level and its place's name (``tỉnh ưng Kiên Giang``): a speck
    text = _LEVEL_SPECK_NAME.sub(_drop_level_speck, text)
    # a stop between two capitalised words of a name (``tỉnh Hòa. Bình``; not a sentence's end: ``cấp độ. Cấp``)
    text = re.sub(r"\b(\w+)\. (?=(\w+))",
                  lambda m: f"{m.group(1)} " if len(m.group(1)) > 1 and m.group(1).istitle() and m.group(2).istitle()
                  else m.group(0), text)
    # ... or after a level word before its place's name, apart or glued (``tại tỉnh. Ninh Bình``, ``tỉnh.Kon Tum``)
    text = re.sub(r"\b(tỉnh|huyện|thành phố|thị xã|quận|xã|phường)\. ?(?=\w)",
                  lambda m: f"{m.group(1)} " if _place_starts(text[m.end():]) else m.group(0), text)
    # an underscore glued to a lower-case word (``sắp xếp _đơn vị``): a speck under the line
    text = re.sub(r"(?:(?<=\s)_+(?=[^\W\d_])|(?<=[^\W\d_])_+(?=\s|$))", "", text)
    # a colon speck after a stop or alone between lower-case words (``phát triển. : rừng``)
    text = re.sub(r"(?<=[a-zà-ỹđ])[.,]?\s+[.,;]*:[.,:;]*(?= [a-zà-ỹđ])", "", text)
    # a subject ends on no punctuation: a speck read as a mark after its last word (``đầu tư công .``,
    # ``tỉnh Ninh Thuận:``; a full stop only apart from the word, which may be an abbreviation's)
    text = re.sub(r"(?:(?<=[\w.])\s+[-.,;:]+|(?<=\w)[,;:]+|(?<=\w)\.{2,})$", "", text)  # (a dash too: ``tỉnh Lâm Đồng
    # -``; dots run on: ``năm 2019.....``)
    # and a full stop on a last word that is a whole syllable, no abbreviation (``huyện Đức Hòa.``; ``v.v.`` stays)
    text = re.sub(r"(\s\w+[a-zà-ỹđ0-9])\.$", r"\1", text)
    # specks read as a short run of letters that is no syllable at the title's end (``thuốc lá năm 2023 mm``), or
    # as a lone digit after a name (``tại tỉnh Phú Yên 2``; ``quý 2``, ``đợt 2``, ``lần 2`` keep theirs)
    # the e-signature's time line run into the title's last line (``tỉnh Bến Tre nối gian KV: na ki 18:18:42
    # +07:00``): cut where its ``Thời gian ký`` (signed at) starts, or at its clock time
    stamp = _ESIGN_TIME.search(text)
    if stamp:
        label = _ESIGN_TIME_LABEL.search(text[:stamp.end()])
        text = text[:label.start() if label else stamp.start()].rstrip(" ,;:-")
    while True:
        head, _, last = text.rpartition(" ")
        before = strip_marks(head.rsplit(" ", 1)[-1]).lower() if head else ""
        speck = re.fullmatch(r"[a-z]{1,3}", last) and not is_syllable_shape(last) \
            or re.fullmatch(r"[a-zđ]", last) and before not in _NUMBER_FOLLOWS  # (``nhà nước a``; ``điểm a`` stays)
        digit = re.fullmatch(r"\d", last) and before not in _NUMBER_FOLLOWS and not before.isdigit()
        # a long run of letters and digits that is no word or code (``năm 2017 kutsidiyinsin91ï00060555``)
        garbage = re.fullmatch(r"[^\W_]{8,}", last) and re.search(r"\d", last) and re.search(r"[^\W\d_]", last)
        if not head or not (speck or digit or garbage):
            break
        text = head
    # two capitalised words of a name run together (``tỉnh ThanhHóa``): the space OCR lost between them
    text = " ".join(_split_at_inner_capital(w) for w in text.split(" "))
    # a dash glued to a lower-case word inside the title (``chi trả -chế độ``, ``V/v-báo cáo``)
    text = re.sub(r"(?:(?<=\s)|(?<=^V/v)|(?<=^V/V))-(?=[a-zà-ỹđ]{2})", " ", text).replace("  ", " ")
    # A subject is one phrase: a full stop before a lower-case word is a speck read as a dot (``Giấy. phép``,
    # ``thiên tai . và``), after a number too (``lớp 10. trung học``).
    text = re.sub(r"(?<=[a-zà-ỹđ]{2})\s?\.(?= [a-zà-ỹđ])", "", text)
    text = re.sub(r"(?<=\d)\.(?= [a-zà-ỹđ])", "", text)
    words = text.split(" ")
    if is_caps(text, 0.8):
        # the same in capitals (``THỰC. HIỆN``), after a word with a vowel (``TP. HỒ CHÍ MINH`` keeps its dot);
        # and a speck read as a lone unmarked capital between two words (``THỦ TỤC E HÀNH CHÍNH``), unless a
        # word that numbers things comes before it (``NHÓM A``, ``PHỤ LỤC I``)
        words = [w[:-1] if (w.endswith(".") and i < len(words) - 1 and len(w) > 2 and w[:-1].isupper()
                            and is_syllable_shape(w[:-1])
                            and (words[i + 1][:1].isupper() or words[i + 1][:1].isdigit())) else w
                 for i, w in enumerate(words)]
        words = [w for i, w in enumerate(words)
                 if not (len(w) == 1 and w.isascii() and w.isupper() and 0 < i < len(words) - 1
                         and len(words[i - 1]) > 1 and len(words[i + 1]) > 1 and words[i + 1].isupper()
                         and strip_marks(words[i - 1]).lower() not in _NUMBERING)]
        text = " ".join(words)
    # a speck read as a lone capital between two lower-case words (``phát L triển``), unless a word that numbers
    # things comes before it (``nhóm A``, ``loại B``)
    words = [w for i, w in enumerate(words)
             if not (len(w) == 1 and w.isascii() and w.isupper() and 0 < i < len(words) - 1
                     and words[i - 1][:1].islower() and words[i + 1][:1].islower()
                     and strip_marks(words[i - 1]).lower() not in _NUMBER_FOLLOWS)]
    # a speck read as a lone I, l or | between a lower-case word and a capitalised one (``ngành I Khoa học``);
    # a Roman I after a word that numbers things (chương, quý, phụ lục, giai đoạn, ...) stays
    words = [w for i, w in enumerate(words)
             if not (w in ("I", "l", "|") and 0 < i < len(words) - 1 and words[i - 1].islower()
                     and words[i + 1][:1].isupper() and strip_marks(words[i - 1]).lower() not in _NUMBERING)]
    text = " ".join(words)
    if sum(w.islower() for w in words) > len(words) / 2:
        # mostly lower case: a capitalised word with marks amid lower-case words is OCR's case slip (``VIỆC``);
        # abbreviations (UBND, HĐND) carry no tone marks and stay; a number or code after it counts as lower case
        # (``Nghị định SỐ 120/2020/NĐ-CP``)
        text = " ".join(w.lower() if 0 < i < len(words) - 1 and w.isupper() and len(w) > 1 and _has_tone(w)
                        and words[i - 1].islower() and (words[i + 1].islower() or words[i + 1][:1].isdigit())
                        else w for i, w in enumerate(words))
        # a word no title capitalises, whose capital OCR takes for its lower case (C, S, V, X: one shape), amid
        # lower-case words: ``người Có công`` → ``người có công``
        words = text.split(" ")
        text = " ".join(w.lower() if 0 < i < len(words) - 1 and w.lower() in _NEVER_CAPITALISED and w[:1].isupper()
                        and words[i - 1][:1].islower() and words[i + 1][:1].islower() else w
                        for i, w in enumerate(words))
    text = _codes_in_subject(text)
    m = re.search(r"(?:^|\s)((?:v[aàeềể]|ve|va)\s+vi[eệ]c\b)", text, re.I)
    if m and m.start(1) > 0 and (_garbled(text[:m.start(1)]) or _noisy_tokens(text[:m.start(1)]) >= 2):
        # stamp debris read before ``Về việc`` on the same line (``TREG TÀm Cộng S15 4 Tới HỌC 0. NGÃ Về việc``)
        text = text[m.start(1):]
    # ``Về`` read as a mark or two (``\ việc``, ``\É việc``)
    m = re.match(r"^(?:v[aàeềể]|ve|va|[^\w\s]\S{0,2})\s+vi[eệ]c\b", text, re.I)
    if m and not text.startswith("Về việc"):
        text = "Về việc" + text[m.end():]
    return _places_as_the_gazetteer_spells(text)


# a province's or district's level word (of gazetteer.ADMIN_LEVELS: no commune's) and the words after it
# the levels a place's name follows in a title (not xã, phường, đặc khu: communes are no gazetteer places)
_NAMED_LEVELS = [lvl for lvl in gz.ADMIN_LEVELS if lvl not in ("xã", "phường", "đặc khu")]
_LEVEL_THEN_NAME = re.compile(
    rf"\b({'|'.join(_NAMED_LEVELS)})"
    r"\s+((?:[^\W\d_]+)(?:\s+[^\W\d_]+){0,2})")


def _places_as_the_gazetteer_spells(text: str) -> str:
    """A province's or district's name after its level word spelt as the gazetteer spells it, where OCR slipped a
    mark (``tỉnh Quảng Tri`` → ``tỉnh Quảng Trị``, ``thị xã La Gỉ`` → ``La Gi``): the longest run of one to three
    capitalised words after the level whose unmarked key is one place's name."""
    def respell(m: re.Match[str]) -> str:
        words = m.group(2).split()
        for n in range(len(words), 0, -1):
            name = words[:n]
            if not all(w[:1].isupper() for w in name):
                continue
            key = make_key(" ".join(name))
            known = gz.province_by_key().get(key) or gz.district_by_key().get(key)
            if known:
                return f"{m.group(1)} {' '.join([known, *words[n:]])}"
        return m.group(0)

    return _LEVEL_THEN_NAME.sub(respell, _LOOSE_LEVEL_THEN_NAME.sub(_level_spelt, text))


# (the words after the first as many as the longest province has: Bà Rịa - Vũng Tàu)
_TITLE_PROVINCE = re.compile(rf"\b(tỉnh|thành phố) ([A-ZĐÀ-Ỹ][^\W\d_]*)((?: \S+){{1,{gz.PLACE_NAME_MOST_WORDS}}})")


_TITLE_DISTRICT = re.compile(r"\b(huyện|thị xã|quận|thành phố) ((?:\S+ ){0,3}?)([A-ZĐÀ-Ỹ][^\W\d_]*)(?![^\W\d_])")


def _district_named_in_title(subject: str, bodies: list[str]) -> str:
    """``huyện = Thế`` → ``huyện Yên Thế`` under ``ỦY BAN NHÂN DÂN HUYỆN YÊN THẾ``: the district the issuing body
    names, in the title after its level word, where OCR read its first words as specks (or lost them) and left its
    last word; a title that names a place of the gazetteer there, or another, is kept."""
    named = [n for n in gz.places_named(bodies) if make_key(n) in gz.district_by_key() and len(n.split()) > 1]
    if not named:
        return subject
    name = named[0]
    last = name.split()[-1]

    def mend(m: re.Match[str]) -> str:
        between = m.group(2).split()
        if m.group(3) != last or any(any(ch.isalpha() for ch in w) for w in between):
            return m.group(0)  # (only specks between the level and the name's last word)
        return f"{m.group(1)} {name}"

    return _TITLE_DISTRICT.sub(mend, subject)


def _province_named_in_title(subject: str, bodies: list[str]) -> str:
    """``tỉnh Kiên II`` → ``tỉnh Kiên Giang``: a province's name in the title whose first word is the first word of
    the province the issuing body's name (or its parent's) places it in, and whose next words, no province's, OCR
    garbled, or lost with the title's last line's end (``tỉnh Bến``); a title that names another province, or the
    right one, is kept."""
    keys = gz.provinces_named(" ".join(make_key(b) for b in bodies))
    if not keys:
        return subject
    province = gz.province_by_key()[max(keys, key=len)]
    first, *rest = province.split()

    def mend(m: re.Match[str]) -> str:
        words = m.group(3).split()[:len(rest)]
        read = " ".join([m.group(2), *words])
        if m.group(2) != first or not rest or make_key(read) in gz.province_by_key() \
                or make_key(read) in gz.district_by_key():
            return m.group(0)
        tail = m.group(3).split()[len(rest):]
        return " ".join([m.group(1), province, *tail])

    mended = _TITLE_PROVINCE.sub(mend, subject, count=1)
    # ... or all its words a letter or two off, no place's name (``tỉnh Điệu Biếu`` under UBND TỈNH ĐIỆN BIÊN)
    for m in _TITLE_PROVINCE.finditer(mended):
        words = [m.group(2), *m.group(3).split()][:len(rest) + 1]
        read = " ".join(words)
        if len(words) == len(rest) + 1 and all(w[:1].isupper() and w.isalpha() for w in words) \
                and not gz.is_place_key(make_key(read)) \
                and fuzz.ratio(make_key(read), make_key(province)) >= PROVINCE_LIKE:
            return mended[:m.start(2)] + province + mended[m.start(2) + len(read):]
    # ... or the title's last words after the level: capitals OCR garbled, then the province's last word (``tỉnh BS
    # TT Quang`` under UBND TỈNH TUYÊN QUANG)
    end = _TITLE_PROVINCE_END.search(mended)
    if end and rest and make_key(end.group(3)) == make_key(province.split()[-1]) \
            and not any(is_syllable_shape(w.strip(",.").lower()) for w in end.group(2).split()) \
            and make_key(f"{end.group(2)} {end.group(3)}") not in gz.province_by_key():
        return mended[:end.start(2)] + province
    # ... or the title ends on the province's first word, the rest lost with the line's end (``tại tỉnh Bến``,
    # ``tỉnh Vinh`` under UBND TỈNH VĨNH LONG)
    cut = _TITLE_PROVINCE_CUT.search(mended)
    if cut and rest and make_key(cut.group(2)) == make_key(first) \
            and not (make_key(cut.group(2)) in gz.province_by_key() if cut.group(1) == "tỉnh"
                    else gz.is_place_key(make_key(cut.group(2)))):  # (a city's name may be a district's: Vinh)
        return mended[:cut.start(2)] + province
    return mended


PROVINCE_LIKE = 75  # a title's capitalised words this like the body's province (rapidfuzz ratio, unmarked) are it
_TITLE_PROVINCE_END = re.compile(r"\b(tỉnh) ((?:[A-ZĐÀ-Ỹ][^\W\d_]{0,2} ){1,2})([A-ZĐÀ-Ỹ][^\W\d_]*)$")
_TITLE_PROVINCE_CUT = re.compile(r"\b(tỉnh|thành phố) ([A-ZĐÀ-Ỹ][^\W\d_]*)[.,;:]?$")
_LEVEL_BY_KEY = {make_key(lvl): lvl for lvl in _NAMED_LEVELS}
_LOOSE_LEVEL_THEN_NAME = re.compile(r"\b([a-zà-ỹđ]+(?: [a-zà-ỹđ]+)?) ((?:[A-ZĐÀ-Ỹ][^\W\d_]*)(?: [A-ZĐÀ-Ỹ][^\W\d_]*){0,2})")


def _level_spelt(m: re.Match[str]) -> str:
    """A level word OCR read with a mark wrong before a place's name (``tại tính Thanh Hóa`` → ``tại tỉnh Thanh
    Hóa``; tính, compute): the word(s) before one to three capitalised words whose key is a province's or district's
    name, when their key is a level's and they are not that level as spelt."""
    before, name = m.group(1), m.group(2)
    for n in (2, 1):
        words = before.split()
        if len(words) < n:
            continue
        head, level_words = words[:-n], " ".join(words[-n:])
        level = _LEVEL_BY_KEY.get(make_key(level_words))
        if level is None or level == level_words:
            continue
        names = name.split()
        if any(gz.is_place_key(make_key(" ".join(names[:k]))) for k in range(len(names), 0, -1)):
            return " ".join([*head, level, name])
    return m.group(0)


_LONE_CONSONANT = re.compile(r"[BCDĐGHKLMNPQRSTVX]")
_LEVELS_OPENING_A_PLACE = frozenset({"TỈNH", "HUYỆN", "THÀNH", "THỊ", "QUẬN", "XÃ", "PHƯỜNG"})


BODY_CUT_AT_COMMA = "its last line ends on a comma: a line of its name may be lost"
_BODY_LINE_EDGES = " '\"‘’“”`.,;:-–—_"  # specks at a header line's ends (``ỦY BAN NHÂN DÂN -``, ``'TỈNH BÌNH ĐỊNH .``)


def _ends_on_comma(line: Line) -> bool:
    """Whether a body line ends on a comma (OCR may read it as a semicolon) glued to its last word, specks after
    it aside (``ĐẦU TƯ, .``)."""
    return re.search(r"[^\W\d_][,;]$", line.stripped.rstrip(_BODY_LINE_EDGES.replace(",", "").replace(";", ""))) \
        is not None


def _listing_comma(line: Line, after: Line | None) -> bool:
    """Whether a body line ends on a comma of the name's own: glued to its last word and followed by a line that
    goes on with the list (``TRUNG TÂM XÚC TIẾN ĐẦU TƯ,`` / ``THƯƠNG MẠI VÀ DU LỊCH``). A comma before ``VÀ`` or
    before the level word that opens a place (``ỦY BAN NHÂN DÂN,`` / ``TỈNH ...``) is a speck."""
    if after is None or not _ends_on_comma(line):
        return False
    first = (after.stripped.split() or [""])[0].strip(_BODY_LINE_EDGES)
    return first.isalpha() and first.isupper() and first not in _LEVELS_OPENING_A_PLACE and first != "VÀ"


def _body_name(lines: list[Line]) -> str:
    """A body's name from its header lines: joined, OCR's stray ``:``/``;`` between words dropped (no body name
    has one: ``BAN CHỈ: ĐẠO 138``), snapped to the gazetteer's spelling."""
    text = squash(re.sub(r"(?<=\w)\s*[:;]\s*(?=\w)", " ", " ".join(
        ln.stripped.strip(_BODY_LINE_EDGES) + ("," if _listing_comma(ln, after) else "")
        for ln, after in zip(lines, [*lines[1:], None]))))
    # a dash between a body and its level word (``ỦY BAN NHÂN DÂN - TỈNH PHÚ YÊN``: the two header lines with a
    # speck between)
    text = re.sub(r"\s[-–]\s(?=(?:TỈNH|HUYỆN|THÀNH PHỐ|THỊ XÃ|QUẬN|XÃ|PHƯỜNG)\b)", " ", text)
    words = [w for w in text.strip(_BODY_LINE_EDGES).split(" ") if w]
    # a speck beside the line read as a short lower-case word (``QUỐC HỘI y``), or a bar, inside it too (``ỦY BAN
    # NHÂN DÂN y TỈNH ...``, ``... | TỈNH ...``): a body name is set in capitals
    words = [w for k, w in enumerate(words)
             if not (k > 0 and (len(w) <= 3 and w.isalpha() and w.islower() or w in ("|", "¦", "‖")
                                or not any(ch.isalnum() or ch in "&-–" for ch in w))
                     or k == 0 and len(w) <= 2 and w.isalpha() and w.islower() and len(words) > 1
                     and words[1].isupper())]  # (a sign alone: ``¬``; a dash alone is the name's own: ``SỞ LAO
    # ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI``; a speck before the line's first capitals word: ``k ỦY BAN NHÂN DÂN``)
    name = snap_caps(" ".join(words).strip(_BODY_LINE_EDGES))  # (specks before a bar at its end: ``SỞ NỘI VỤ: - |``)
    # a lone consonant the snapping did not take as a cut word (``ỦY B NHÂN DÂN``) is a speck: no syllable is one
    # consonant (``ỦY BAN NHÂN DÂN N TỈNH HƯNG YÊN``); a lone vowel may be a word (``SỞ Y TẾ``)
    words = name.split(" ")
    # ... and so is any lone letter before the level word that opens the place (``ỦY BAN NHÂN DÂN Ề TỈNH HẬU
    # GIANG``): no body name sets a one-letter word there
    kept = [w for k, w in enumerate(words)
            if not (k > 0 and (_LONE_CONSONANT.fullmatch(w) or len(w) == 1 and w.isalpha()
                               and k + 1 < len(words) and words[k + 1] in _LEVELS_OPENING_A_PLACE))]
    return snap_caps(" ".join(kept)) if len(kept) < len(words) else name


NO_SO_BODY_LINES = 4  # without a Số line, the body's lines read down from the first anchor's row, at most these


def _below_body_lines(segs: "_Segments", scan: list[Line], first: int) -> int:
    """The row under the body's capitals lines when no Số line was read (``Số: €lÓicT+ UBND``): the body reads
    up from there. Its first line may share the national name's row (``ỦY BAN NHÂN DÂN | CỘNG HÒA ...``), the
    first anchor, with its place's line under it; a line that is no capitals body line (the Số line garbled, the
    type's heading, the date line) ends them."""
    end = first
    for i in range(first, min(len(segs), first + NO_SO_BODY_LINES)):
        left = segs[i].left
        if left is None or scan[i].blank or is_esign(scan[i]):
            continue
        if not is_caps(left.text, 0.8) or sum(ch.isalpha() for ch in left.text) < 3 or _is_type_line(left) \
                or find_so(left):
            break
        end = i + 1
    return end


def parse_header(lines: list[Line], warnings: list[str], ocr_text: bool = False) -> HeaderResult:
    """Read the header fields from the document lines (page 1 first)."""
    res = HeaderResult(warnings=warnings)
    info, ev = res.info, res.evidence
    first_page = [ln for ln in lines if ln.page == lines[0].page] if lines else []
    scan = first_page[:HEADER_SCAN_LINES]

    bound, bound_line = esign_bound(scan)
    res.signature_bound = bound

    # 1. split every line of the header zone into left and right parts; find the Số line and date line.
    segs = _Segments(scan)
    so_idx = None
    so_match = None
    date: DateLine | None = None
    date_idx = None
    seen_national = False
    for i, seg in enumerate(segs):
        seen_national = seen_national or any(k in ("national", "motto") for k, _ in seg.right)
        if seen_national and seg.left is not None and so_idx is None and (
                _is_type_line(seg.left) or (seg.left.stripped[:1].isupper() and _BODY_OPENERS.search(seg.left.key))):
            break  # past the header: a "số ..." further down is a citation, not the Số line
        if so_idx is None and seg.left is not None and not is_esign(scan[i]):
            m = find_so(seg.left)
            if m:
                so_idx, so_match = i, m
        if date is None:
            for kind, part in seg.right:
                if kind == "date":
                    d = find_date_line(part)
                    if d:
                        date, date_idx = d, i
        if so_idx is not None and date is not None:
            break
    national_idx = next((i for i, s in enumerate(segs) if any(k in ("national", "motto") for k, _ in s.right)), None)
    anchors = [x for x in (so_idx, date_idx, national_idx) if x is not None]
    if not anchors:
        warnings.append("no Decree-30 header found")
        _headless(scan, segs, res)
        return res

    # 2. issuing body: caps left segments above the Số line (or the first anchor), back to the e-signature box.
    top = so_idx if so_idx is not None else _below_body_lines(segs, scan, min(anchors))
    issuer_read = ""
    block: list[Line] = []
    skipped = 0  # other lines read past since the last body line
    for i in range(top - 1, -1, -1):
        seg, ln = segs[i], scan[i]
        if seg.left is None or ln.blank or is_rule_line(seg.left.text):
            continue
        if is_esign(ln):
            continue  # an e-signature box can sit between the header lines: read past it
        if _motto_wrapped(segs, i):
            continue
        if not is_caps(seg.left.text, 0.8) or sum(ch.isalpha() for ch in seg.left.text) < 2:
            # stamp debris and a damaged e-signature line can too; real text above the body name ends it
            skipped += 1
            if block and skipped > 3:
                break
            continue
        skipped = 0
        if sum(ch.isalpha() for ch in seg.left.text) < 3 or _not_a_name(split_run_together(seg.left.text)) \
                and _not_a_name(snap_caps(seg.left.text)):  # (a level run into its place: ``HUYỆNKIÊNLƯƠNG``)
            continue  # OCR debris beside the motto (``TT``) or the rule under the body read as letters, not a name
        block.insert(0, seg.left)
    # same-line left parts of the anchor rows above Số (merged layouts) are already in ``block``.
    if block:
        # Decree 30: the parent body is one line; the issuing body under it may wrap over several lines
        groups = group_bodies(block)
        parent_lines = groups[0] if len(groups) > 1 else []
        issuer_lines = [ln for g in (groups[1:] if len(groups) > 1 else groups) for ln in g]
        info.issuing_body = _body_name(issuer_lines)
        if _ends_on_comma(issuer_lines[-1]):
            warnings.append(f"issuing body {info.issuing_body!r}: {BODY_CUT_AT_COMMA}")  # (the review lists it)
        issuer_read = " ".join(ln.text for ln in issuer_lines)  # (before the gazetteer's spelling)
        info.issuing_body_normal = normal_case(info.issuing_body)
        ev["document.issuing_body"] = issuer_lines[0].evidence(confidence=0.85, text=info.issuing_body)
        if parent_lines:
            info.parent_body = _body_name(parent_lines)
            info.parent_body_normal = normal_case(info.parent_body)
            ev["document.parent_body"] = parent_lines[0].evidence(confidence=0.8, text=info.parent_body)
    else:
        warnings.append("no issuing body found")

    # 3. Số / ký hiệu
    type_from_so = None
    code_line = ""
    if so_match is not None:
        left = segs[so_idx].left
        assert left is not None
        tp = so_match.group("tp")
        if tp:
            type_from_so = vocab.type_by_key().get(vocab.type_key(tp))
        cstart = so_match.start("code") if so_match.group("code") else len(left.text)
        code_text = left.text[cstart:]
        code_line = segs.lines[so_idx].text  # the whole line: a symbol's cut-off end may be split off with the date
        code = parse_code(code_text)
        if code is None or code.symbol is None:
            # ``Số: 542`` with ``/TB-UBND`` on a later line (text layers of two-column headers)
            for k in range(so_idx + 1, min(so_idx + 6, len(segs))):
                part = segs[k].left
                if part is not None and part.stripped.startswith("/"):
                    code = parse_code(code_text.strip() + part.stripped)
                    break
        if code is not None:
            info.number, info.symbol, info.code = code.number, code.symbol, code.code
            # on an e-signed scan the number is usually handwritten: OCR reads it poorly
            conf = (0.6 if bound is not None else 0.95) if code.code else 0.5
            e = left.evidence(cstart, None, conf)
            for name in ("code", "number", "symbol"):
                if getattr(info, name):
                    ev[f"document.{name}"] = e
            if code.number is None:
                warnings.append(f"document number unreadable: {code_text.strip()!r}")
            elif code.specks:
                warnings.append(f"document code {CODE_PAST_SPECKS} {code.specks!r}: {code_text.strip()!r}")
        else:
            warnings.append(f"no code found on the Số line: {left.text.strip()!r}")
    else:
        warnings.append("no Số line found")

    # 4. place and date
    spelling: tuple[str, str] | None = None  # (the gazetteer's spelling, the document's) of its place's name
    split_date = _split_date_line(segs, scan) if date is None else None
    date = date or split_date
    if date is not None:
        info.place = place_name(date.place)
        printed = place_as_printed(date.place, info.place, issuer_read)
        if printed:
            warnings.append(f"place {printed!r} kept as printed (the gazetteer spells it {info.place!r}): the issuing "
                            "body's lines print it so too")
            if info.issuing_body:
                info.issuing_body = _spelt(info.issuing_body, info.place.upper(), printed.upper())
                info.issuing_body_normal = normal_case(info.issuing_body)
                _retext(ev, "document.issuing_body", info.issuing_body)
            spelling = (info.place, printed)
            info.place = printed
        keys = gz.provinces_named(" ".join(make_key(b) for b in (info.issuing_body, info.parent_body) if b))
        named = gz.province_by_key()[max(keys, key=len)] if keys else None  # (the longest name that matched)
        if named and info.place != named and near_miss(info.place, named):
            warnings.append(f"place {info.place!r} read as {named!r}, the issuing body's province")
            info.place = named
        info.place = _place_of_body(info.place, [b for b in (info.issuing_body, info.parent_body) if b], warnings)
        if info.issuing_body:
            mended = _body_of_place(info.issuing_body, info.place)
            if mended != info.issuing_body:
                warnings.append(f"issuing body {info.issuing_body!r} read as {mended!r}: the date line's {info.place}")
                info.issuing_body, info.issuing_body_normal = mended, normal_case(mended)
            whole = _committee_of_place(info.issuing_body, info.place)
            if whole != info.issuing_body:
                warnings.append(f"issuing body {info.issuing_body!r} read as {whole!r}: {COMPLETED_FROM_PLACE} "
                                f"{info.place}")
                info.issuing_body, info.issuing_body_normal = whole, normal_case(whole)
                e = ev.get("document.issuing_body")
                if e is not None:
                    ev["document.issuing_body"] = e.model_copy(update={"confidence": COMMITTEE_OF_PLACE})
        ev["document.place"] = date.line.evidence(0, len(date.place) + 1, 0.9 if spelling is None else PRINTED_SPELLING,
                                                  text=date.place)
        info.issue_date, conf = read_issue_date(date, bound, warnings, year_votes(lines))
        if info.issue_date and split_date is not None:
            conf = min(conf, SPLIT_DATE_CONFIDENCE)
            warnings.append(f"issue date read from a date line broken after its month or day: "
                            f"{date.line.text[date.place_start:].strip()!r} and {date.year_raw!r} on another line")
        if info.issue_date:
            ev["document.issue_date"] = date.line.evidence(0, date.match_end - date.place_start, conf)
    else:
        unplaced = _unplaced_date_line(segs, scan)
        if unplaced is not None:
            info.issue_date, conf = read_issue_date(unplaced, bound, warnings, year_votes(lines))
            if info.issue_date:
                ev["document.issue_date"] = unplaced.line.evidence(
                    unplaced.place_start, unplaced.match_end, min(conf, UNPLACED_DATE_CONFIDENCE))
                warnings.append(f"issue date read from {unplaced.line.text.strip()!r}: its place could not be read")
        if info.issue_date is None:
            warnings.append("no issue date found")
        found = _place_of_a_broken_date_line(segs, scan)
        if found is not None:
            line, start, place = found
            info.place = place_name(place)
            ev["document.place"] = line.evidence(start, start + len(place), BROKEN_DATE_LINE_PLACE, text=place)
            warnings.append(f"place {info.place!r} read from a date line whose date could not be read")
    day_unread = date is None or not _CLEAN_DAY.fullmatch(date.day_raw)
    if info.issue_date is None and bound is not None and (day_unread or ocr_text and _signing_month(date, bound)):
        # the date line lost (under the e-signature box, a handwritten day unread) or, on a scan, its day read as
        # one that cannot be (after the signing, in the signing's month: a handwritten 10 read 18; a printed day
        # read clean is kept from it): the best reading is the signing day, as most documents are signed the day
        # they are dated; it stays low and listed for review
        info.issue_date = bound
        ev["document.issue_date"] = bound_line.evidence(confidence=ESIGN_DATE_CONFIDENCE)
        read = "was not read" if day_unread else "does not fit it"
        warnings.append(f"issue date taken from the e-signature ({bound.isoformat()}): the date line {read}")
    clean = clean_reading(date) if info.issue_date is None and date is not None and bound is not None else None
    if clean is not None:
        # a date line read clean that the e-signature's date does not fit (one of the two misread, the
        # e-signature's small print as often as the date line): its own reading is kept, listed
        info.issue_date = clean
        ev["document.issue_date"] = date.line.evidence(0, date.match_end - date.place_start, UNFIT_ESIGN_CONFIDENCE)

    # 5. type line and subject
    start = max(anchors) + 1
    double_spaced = _double_spaced(first_page)
    type_idx = None
    for i in range(start, min(len(scan), start + 15)):
        seg = segs[i]
        if seg.left is None:
            continue
        if _DATE_PIECE.match(seg.left.key):
            continue  # the date line in pieces (``Bắc Giang, ngày`` / ``tháng`` / ``năm 2021``) before the title
        t = _is_type_line(seg.left)
        near = None if t else _near_type_line(seg.left, type_from_so or type_from_symbol(info.symbol))
        if t or near:
            info.type, type_idx = t or near, i
            ev["document.type"] = seg.left.evidence(confidence=0.95 if t else 0.85)
            break
        if _BODY_OPENERS.search(seg.left.key) or _VV.match(seg.left.key):
            break
    vv = _find_vv(segs, scan, so_idx if so_idx is not None else start - 1)
    if info.type is None:
        # a V/v (về việc) subject under the Số line is a Công văn's, whatever its symbol opens with: a body's own
        # abbreviation may be a type's code (Thanh tra's TTr, Tờ trình's; 12/TTr-NV1 is the inspectorate's letter)
        info.type = type_from_so or (vocab.CONG_VAN if vv else type_from_symbol(info.symbol)) \
            or (vocab.CONG_VAN if info.symbol else None)
        if info.type:
            e = ev.get("document.symbol")
            if e:
                ev["document.type"] = e.model_copy(update={"confidence": 0.7})
    info.type_code = _type_code(info.type)
    if type_idx is not None and info.type_code and info.symbol:
        fixed = repair_symbol(info.symbol, info.type_code)
        if fixed != info.symbol:
            _resymbol(info, fixed, f" ({TYPE_MENDED_SYMBOL} {info.type})", warnings)
    if info.symbol and info.issuing_body:
        whole = _peoples_committee(info.issuing_body, info.symbol)
        if whole != info.issuing_body:
            if info.place:  # its level word read again: its place can now be checked against the date line's
                whole = _body_of_place(whole, info.place)
            warnings.append(f"issuing body {info.issuing_body!r} read as {whole!r}: the symbol {info.symbol} names "
                            "the people's committee, its first line lost")
            info.issuing_body, info.issuing_body_normal = whole, normal_case(whole)
        department = _department_of_symbol(info.issuing_body, info.symbol)
        if department is not None:
            warnings.append(f"issuing body {info.issuing_body!r} read as {department!r}: the symbol {info.symbol} "
                            f"{COMPLETED_FROM_SYMBOL}")
            if info.parent_body is None and _is_committee(info.issuing_body):
                info.parent_body, info.parent_body_normal = info.issuing_body, normal_case(info.issuing_body)
            info.issuing_body, info.issuing_body_normal = department, normal_case(department)
            e = ev.get("document.issuing_body")
            if e is not None:
                ev["document.issuing_body"] = e.model_copy(update={"confidence": DEPARTMENT_OF_SYMBOL,
                                                                   "text": department})
        fixed = repair_issuer_segment(info.symbol, info.issuing_body)
        if fixed != info.symbol:
            _resymbol(info, fixed, f" (the issuer is {info.issuing_body})", warnings)
        completed = complete_issuer_segment(info.symbol, info.issuing_body, code_line)
        if completed is not None:
            symbol, listed = completed
            why = f": {SYMBOL_LETTER_RESTORED}" if listed else ""
            _resymbol(info, symbol, f" (the issuer is {info.issuing_body}{why})", warnings)
        initials = body_initials(info.issuing_body)
        glued = re.fullmatch(rf"({re.escape(initials)})([A-ZĐ]{{2,6}})", info.symbol or "") if len(initials) >= 3 \
            else None
        if glued:  # the dash lost between the issuer's initials and its unit's (``SCTQLCN``): restored, listed
            _resymbol(info, f"{glued.group(1)}-{glued.group(2)}", f": {SYMBOL_DASH_RESTORED}", warnings)
    if info.place is None and date is None:
        # no date line read: Decree 30 dates a local body's documents at its province or district, which its name
        # (or its parent's) ends in (``ỦY BAN NHÂN DÂN HUYỆN ĐẮK MIL``, ``UBND TỈNH KON TUM`` over its department)
        named = gz.places_named([b for b in (info.issuing_body, info.parent_body) if b])
        body = ev.get("document.issuing_body")
        if named and body is not None:
            info.place = named[0]
            ev["document.place"] = body.model_copy(update={"confidence": PLACE_OF_BODY, "text": info.place})
            warnings.append(f"place {info.place!r} taken from the issuing body's name: no date line was read")
    body_start = start
    fragments = False
    if type_idx is None and not vv and info.type and info.type != vocab.CONG_VAN:
        # the title line is there but OCR garbled it (``Có TUẬT`` for LUẬT): a short line right after the header
        k = next((k for k in range(start, min(len(scan), start + 4)) if not scan[k].blank), None)
        if k is not None and len(scan[k].stripped) <= SHORT_TYPE_LINE and is_caps(scan[k].text, 0.6) \
                and not _BODY_OPENERS.search(scan[k].key):
            type_idx = k
            # ... broken into pieces on lines of their own (``TT`` / ``2`` / ``HOẠCH`` / ``11``: a seal or a box
            # over it): short lines with no lower-case letter are the type line's too, not the title's
            pieces = _type_line_pieces(scan, k + 1)
            if pieces > k:
                type_idx, fragments = pieces, True
    opens_at = None
    if type_idx is None and not vv:
        # the type line lost (``2``) or garbled past knowing (``FA ` fï IYẾT ĐINH``): a ``Về việc`` line right under
        # the header is the subject all the same, read without the type line's warrant (listed)
        opens_at = next((k for k in range(start, min(len(scan), start + 6))
                         if not scan[k].blank and re.match(r"^[\W_]{0,3}ve viec\b", scan[k].key)), None)
    if type_idx is not None or opens_at is not None:
        subj, body_start = _subject_lines(scan, type_idx + 1 if type_idx is not None else opens_at, double_spaced)
        if subj:
            info.subject, conf, notes = _read_subject(
                subj, 0.85 if type_idx is not None and not fragments else NO_TYPE_LINE_SUBJECT, ocr_text)
            warnings += notes
            rest = _after_leading_debris(info.subject)
            if rest is not None:
                warnings.append(f"subject {info.subject!r} read as {rest!r}: a title opens with a capital, the "
                                "words before it are debris")
                info.subject, conf = rest, LEADING_DEBRIS_CONFIDENCE
            if info.type and ocr_text:
                echoed = echo_subject(info.subject, info.type, scan[body_start:body_start + 60])
                if echoed != info.subject:
                    warnings.append(f"subject {info.subject!r} read as {echoed!r} (its echo in the preamble)")
                    info.subject = echoed
            ev["document.subject"] = subj[0].evidence(confidence=conf, text=info.subject)
    elif vv:
        info.subject, conf, notes = _read_subject(vv, 0.85, ocr_text)
        warnings += notes
        ev["document.subject"] = vv[0].evidence(confidence=conf, text=info.subject)
        body_start = scan.index(next(ln for ln in scan if ln.number == vv[-1].number and ln.page == vv[-1].page)) + 1
    if info.subject is None:
        warnings.append("no subject found")
    else:
        named = _province_named_in_title(info.subject, [b for b in (info.issuing_body, info.parent_body) if b])
        if named != info.subject:
            warnings.append(f"subject {info.subject!r} read as {named!r}: the province the body names")
            info.subject = _retext(ev, "document.subject", named)
        named = _district_named_in_title(info.subject, [info.issuing_body] if info.issuing_body else [])
        if named != info.subject:
            warnings.append(f"subject {info.subject!r} read as {named!r}: the district the body names")
            info.subject = _retext(ev, "document.subject", named)
        mended = mend_from_body(info.subject, lines[body_start:]) if ocr_text else info.subject
        if mended != info.subject:
            warnings.append(f"subject {info.subject!r} read as {mended!r}: the body writes the words around its "
                            "garbled ones so")
            info.subject = _retext(ev, "document.subject", mended)
        filled, guesses = fill_from_context(info.subject) if ocr_text else (info.subject, [])
        if guesses:
            # (a word guessed from its neighbours: the review lists the subject for a person to check)
            warnings.append(f"subject {info.subject!r} read as {filled!r}: "
                            + ", ".join(f"{run!r} as {word!r}" for run, word in guesses) + f", {SUBJECT_WORD_GUESSED}")
            info.subject = _retext(ev, "document.subject", filled)
        if spelling is not None:
            info.subject = _retext(ev, "document.subject", _spelt(info.subject, *spelling))
    if info.type is None:
        warnings.append("no document type found")
    if info.issue_date is None and date is None:
        _date_of_a_lost_year(segs, scan, info, ev, bound, warnings)

    # 6. urgency / secrecy marks, Kính gửi
    _marks(scan[: body_start + 3], info, ev)
    res.body_start = _addressees(lines, body_start, info, ev)
    if bound_line is not None:
        ev["esign.timestamp"] = bound_line.evidence(confidence=0.6)
    return res


LOST_YEAR_STAMP_REACH = 20  # the lines an e-signature's timestamp is looked for in (its box over the header)
# an e-signature's timestamp with its day garbled: the month and year before the time (``T1 01 2016 10:17:50``)
_PARTIAL_STAMP = re.compile(r"(?<!\d)(\d{1,2})[\s.:/-]+((?:19|20)\d\d)\s+\d{1,2}:\d{2}:\d{2}")
YEAR_LOST_CONFIDENCE = 0.3  # a date line's day and month with the year its subject or e-signature names: listed
_SUBJECT_YEAR = re.compile(r"\b(?:năm|giai đoạn|tháng \d{1,2}/|quý [IVX\d]+/)\s*((?:19|20)\d\d)\b", re.IGNORECASE)


def _date_of_a_lost_year(segs: "_Segments", scan: list[Line], info: DocumentInfo, ev: dict[str, Evidence],
                         bound: dt.date | None, warnings: list[str]) -> None:
    """The issue date from a date line whose year is lost (``Bến Tre, ngày 11 tháng 10 năm``, under the e-signature
    box or past the edge): its day and month, and the year of the e-signature's date if read (the month's last
    before it), or of its timestamp's month and year where its day is garbled, else the first year the subject names (``... giai đoạn 2022 - 2027``, ``... năm 2018``: a
    document is mostly dated in the year its subject names). Listed: the year is another line's."""
    for line in _rows_before_title(segs, scan):
        found = find_yearless_date(line)
        if found is None:
            continue
        day, month = found
        stamp = next((m for ln in scan[:LOST_YEAR_STAMP_REACH] for m in [_PARTIAL_STAMP.search(ln.text)]
                      if m and 1 <= int(m.group(1)) <= 12), None)
        if bound is not None:
            year, source = bound.year - (1 if month > bound.month else 0), "the e-signature's"
        elif stamp is not None:  # its day garbled (``T1 01 2016 10:17:50``): its month and year
            year = int(stamp.group(2)) - (1 if month > int(stamp.group(1)) else 0)
            source = "the e-signature timestamp's"
        else:
            m = _SUBJECT_YEAR.search(info.subject or "")
            if m is None:
                return
            year, source = int(m.group(1)), "the subject's"
        d = dates.safe_date(year, month, day)
        if d is None:
            return
        info.issue_date = d
        ev["document.issue_date"] = line.evidence(confidence=YEAR_LOST_CONFIDENCE)
        warnings.append(f"issue date {d.isoformat()}: the date line {line.text.strip()!r} lost its year; took "
                        f"{source} year")
        return


def _signing_month(date: DateLine, bound: dt.date) -> bool:
    """Whether the date line reads the month and year of the e-signature's date ``bound`` (a month or year left
    blank reads none)."""
    month, year = dates.digit_pattern(date.month_raw) or "", dates.digit_pattern(date.year_raw) or ""
    return month.isdigit() and year.isdigit() and (int(month), int(year)) == (bound.month, bound.year)


def _resymbol(info: DocumentInfo, symbol: str, why: str, warnings: list[str]) -> None:
    """The symbol read as ``symbol`` (and the code with it), said in a warning that ends on ``why``."""
    warnings.append(f"symbol {info.symbol!r} read as {symbol!r}{why}")
    info.symbol = symbol
    info.code = f"{info.number}/{symbol}" if info.number else None


def _spelt(text: str, name: str, printed: str) -> str:
    """``text`` with the place ``name`` (whole words) spelt ``printed``."""
    return re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", printed, text)


def _retext(ev: dict[str, Evidence], path: str, text: str) -> str:
    """``text``, after the evidence of ``path`` (if any) is made to quote it."""
    e = ev.get(path)
    if e is not None:
        ev[path] = e.model_copy(update={"text": text})
    return text


def _headless(scan: list[Line], segs: "_Segments", res: HeaderResult) -> None:
    """Text without the Số/date block (a copy starting at the title): type and subject from the title lines."""
    info, ev = res.info, res.evidence
    seen = 0
    for i, ln in enumerate(scan):
        if ln.blank:
            continue
        seen += 1
        if seen > 8:
            break
        t = _is_type_line(ln)
        if t:
            info.type, info.type_code = t, _type_code(t)
            ev["document.type"] = ln.evidence(confidence=0.8)
            subj, res.body_start = _subject_lines(scan, i + 1, _double_spaced(scan))
            if subj:
                info.subject, conf, _ = _read_subject(subj, 0.75)
                ev["document.subject"] = subj[0].evidence(confidence=conf, text=info.subject)
            return
    res.body_start = 0


SHORT_TYPE_LINE = 16  # a garbled type line, and each of its pieces, is at most this many characters long
TYPE_LINE_PIECES = 4  # at most this many short lines (no lower-case letter) after it may be pieces of it


def _type_line_pieces(scan: list[Line], k: int) -> int:
    """The index of the last line, from ``k`` on, of a run of pieces of a garbled type line (``2`` / ``HOẠCH`` /
    ``11``: short, no lower-case letter), or ``k - 1`` when the line at ``k`` is none (a title line)."""
    last, seen = k - 1, 0
    for i in range(k, len(scan)):
        if scan[i].blank:
            continue
        text = scan[i].stripped
        if seen >= TYPE_LINE_PIECES or len(text) > SHORT_TYPE_LINE or any(ch.islower() for ch in text):
            break
        last, seen = i, seen + 1
    return last


LEADING_DEBRIS_CONFIDENCE = 0.6  # a subject whose first words were dropped as debris: listed
NO_TYPE_LINE_SUBJECT = 0.7  # a ``Về việc`` subject found with no type line above it: listed
_DEBRIS_BEFORE_VE_VIEC = re.compile(r"^(\S+(?:\s+\S+)?)\s+(?=[Vv]ề việc\b)")
_LEADING_DEBRIS = re.compile(r"^(\S+(?:\s+\S+){0,3}?)\s+[.\-–—|:]+\s+(?=\S)")


def _a_word(token: str) -> bool:
    """A syllable of the corpus (any case), an abbreviation in capitals (UBND), or one letter of the alphabet."""
    if len(token) == 1:
        return token.lower() in "abcdđeghiklmnopqrstuvxy"
    return normalize_word(token.lower()) in known_syllables() or bool(re.fullmatch(r"[A-ZĐ&]{2,}", token))


def _after_leading_debris(subject: str) -> str | None:
    """The subject past words that open it in lower case up to a lone stop or dash, when a capital follows: what
    OCR took from the line above or from a stamp (``năm 2017 . Thực hiện ...``, ``cài Ho - Tình hình ...``); a
    Decree-30 title opens with a capital. Likewise past one or two words before ``về việc`` (about) when one is no
    word. None when the subject does not open so."""
    opener = _DEBRIS_BEFORE_VE_VIEC.match(subject)
    if opener and any(not _a_word(w) for w in opener.group(1).split()):
        # a token no word before ``về việc`` (``Š sở về việc tổ chức ...``): a stamp or specks read over the line
        # above the title's first
        return "V" + subject[opener.end() + 1:]
    if not subject or not subject[0].islower():
        return None
    m = _LEADING_DEBRIS.match(subject)
    if m is None or not subject[m.end()].isupper():
        return None
    return subject[m.end():]


def _place_of_body(place: str, bodies: list[str], warnings: list[str]) -> str:
    """The place as the issuing body's name spells it when the date line's reading is the end of that name
    (``Thầy`` of ``HUYỆN SA THẦY``: the first word lost to a speck; ``S_. Tháp`` of ``TỈNH ĐỒNG THÁP``: read as
    one) or a letter or two off it."""
    key = make_key(place)
    for named in gz.places_named(bodies):
        named_key = make_key(named)
        if key == named_key or not key:
            return place
        known = gz.is_place_key(key)  # a gazetteer name as read stands
        words = " ".join(w for w in key.split() if w.isalpha())  # past specks read as a word (``S_. Tháp``)
        if named_key.endswith(" " + key) or words and named_key.endswith(" " + words) \
                or (len(named_key) >= 5 and not known
                                              and Levenshtein.distance(key, named_key) <= 2):
            warnings.append(f"place {place!r} read as {named!r}, as the issuing body's name prints it")
            return named
    return place


BROKEN_DATE_LINE_PLACE = 0.7  # the place of a date line the date could not be read from: listed
PLACE_OF_BODY = 0.5  # the place taken from the issuing body's name, no date line read: listed
_PLACE_COMMA = re.compile(r"^(?:[^\w]|_)*((?:[^\W\d_][\w.]*\s+){0,4}[^\W\d_][\w.]*)\s*,(?:\s*n\S*.*)?$")


UNPLACED_DATE_CONFIDENCE = 0.7  # a date read from the header without its place before it: listed for review


def _rows_before_title(segs: "_Segments", scan: list[Line]) -> Iterator[Line]:
    """The header zone's first 25 lines, up to the type line that opens the title."""
    for i, seg in enumerate(segs):
        if i > 24 or seg.left is not None and _is_type_line(seg.left):
            return
        yield scan[i]


SPLIT_DATE_CONFIDENCE = 0.7  # a date whose year is on a line of its own below the day and month: listed


def _split_date_line(segs: "_Segments", scan: list[Line]) -> DateLine | None:
    """The header's date line broken after its month or day, the rest on a later line (``find_split_date``)."""
    for i, line in enumerate(_rows_before_title(segs, scan)):
        found = find_split_date(line, scan[i + 1:], scan[:i])
        if found is not None:
            return found
    return None


def _unplaced_date_line(segs: "_Segments", scan: list[Line]) -> DateLine | None:
    """The header's date whose place OCR garbled (``Quảng .. ngày 02 tháng 6 năm 2019``): a worded date in a line
    before the title (``find_unplaced_date``)."""
    return next(filter(None, map(find_unplaced_date, _rows_before_title(segs, scan))), None)


def _place_of_a_broken_date_line(segs: "_Segments", scan: list[Line]) -> tuple[Line, int, str] | None:
    """The place of the header's date line when its date is past reading (``Quảng Trị, ngày *† ~tháng``,
    ``Hoài Nhơn, ngày I⁄ tháng LẺ. tăm 2021``, ``_ Quảng Bình,``): in the right column before the title, a
    province's or district's name of the gazetteer that opens the line (specks aside) and a comma after it, then
    nothing or a word opening with n (ngày)."""
    for line in _rows_before_title(segs, scan):
        m = _PLACE_COMMA.match(line.text.strip())
        if m is None or not gz.is_place_key(" ".join(make_key(m.group(1)).split())):
            continue
        start = line.text.index(m.group(1))
        return line, start, m.group(1)
    return None


# the levels (of gazetteer.ADMIN_LEVELS) whose people's committee a province's or district's name follows, by key
_COMMITTEE_LEVELS = {make_key(level): level.upper() for level in gz.ADMIN_LEVELS
                     if level in ("tỉnh", "huyện", "thị xã", "thành phố", "quận")}


def _peoples_committee(body: str, symbol: str) -> str:
    """``TỈNH QUẢNG BÌNH`` (or ``HUYIỆN BỐ TRẠCH``) under a ``.../KH-UBND`` symbol: the line ``ỦY BAN NHÂN DÂN``
    above it was lost, and a level and a place of the gazetteer alone name no body; the symbol says whose it is."""
    if "UBND" not in re.split(r"[-/]", symbol):
        return body
    words = body.split()
    for n in (1, 2):
        level, rest = make_key(" ".join(words[:n])), " ".join(words[n:])
        target = next((t for t in _COMMITTEE_LEVELS if len(t.split()) == n and Levenshtein.distance(level, t) <= 1
                       and (len(t) > 4 or level == t)), None)
        if target is None or not rest:
            continue
        key = " ".join(make_key(rest).split())
        if key in gz.province_by_key() or key in gz.district_by_key():
            return f"ỦY BAN NHÂN DÂN {_COMMITTEE_LEVELS[target]} {rest}"
    return body


DEPARTMENT_OF_SYMBOL = 0.6  # a department named from the symbol's letters: listed
# how the warnings name a body made up where its lines were lost (the review knows such a body by them)
COMPLETED_FROM_PLACE = "its level and place lost, taken from the date line's"
CODE_PAST_SPECKS = "read past the specks beside its number"  # a digit of the number may be in them
SYMBOL_DASH_RESTORED = "its dash restored after the issuer's initials"  # a letter may be lost with it: listed
SYMBOL_LETTER_RESTORED = "a letter of its initials doubled"  # a body may shorten its name's end: listed
COMPLETED_FROM_SYMBOL = "names a department, its line lost"
TYPE_MENDED_SYMBOL = "the title says"  # a symbol mended after the type line: the two no longer agree independently


def _department_of_symbol(body: str, symbol: str) -> str | None:
    """A department (sở) the symbol names by its letters (``TB-STTTT``: Sở Thông tin và Truyền thông; ``KH-SNgV``:
    Sở Ngoại vụ) where the body read is a people's committee (the department's line under it lost, its parent read
    as the issuer) or the department's name without its head word (``THÔNG TIN VÀ TRUYỀN THÔNG``). None where the
    symbol names no department of ``gazetteer.DEPARTMENTS``, or more than one equally well."""
    parts = re.split(r"[-/]", symbol)
    if "UBND" in parts:
        return None
    scored: dict[tuple[str, ...], tuple[int, str]] = {}  # a department's words → (slips, its first spelling)
    for part in parts:
        if re.fullmatch(r"S[A-ZĐ][A-Za-zĐ]{0,6}", part):
            for name in gz.DEPARTMENTS:
                slips = _initials_slips(part[1:], _department_words(name))
                words = tuple(_department_words(make_key(name)))
                if slips is not None and words not in scored:
                    scored[words] = (slips, name)
    best = sorted(scored.values())
    if not best or len(best) > 1 and best[0][0] == best[1][0]:
        return None
    name = best[0][1]
    if not (_is_committee(body) or _department_words(make_key(body)) == _department_words(make_key(name))):
        return None
    return f"SỞ {name.upper()}"


def _is_committee(body: str) -> bool:
    key = " ".join(make_key(body).split())
    return key.startswith(("uy ban nhan dan", "ubnd"))


def _department_words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s,\-]+", name) if w and w.lower() not in ("và", "va")]


def _initials_slips(letters: str, words: list[str]) -> int | None:
    """Whether ``letters`` are the words' initials, one or two letters of each (``NgV``: Ngoại vụ): None if not,
    else how many words opening with ``Ng`` gave only their N (Decree 30 writes Ngoại vụ NgV, Nội vụ NV)."""
    if not words:
        return None if letters else 0
    word = strip_marks(words[0]).upper()
    found = []
    for n in (1, 2):
        if len(letters) >= n and len(word) >= n and strip_marks(letters[:n]).upper() == word[:n]:
            rest = _initials_slips(letters[n:], words[1:])
            if rest is not None:
                found.append(rest + (n == 1 and word.startswith("NG")))
    return min(found) if found else None


PRINTED_SPELLING = 0.7  # a date line's place kept as printed against the gazetteer's spelling: listed
COMMITTEE_OF_PLACE = 0.6  # a people's committee completed from the date line's place: listed unless a check agrees
_PEOPLES_COMMITTEE = "uy ban nhan dan"


def _committee_of_place(body: str, place: str) -> str:
    """``ỦY BAN NHÂN DÂN`` alone (the line with its level and place lost) dated at a province or a district of the
    gazetteer: Decree 30 dates a people's committee's documents at its own province or district, so the body is that
    place's committee (``Ninh Hải, ngày ...`` → ``ỦY BAN NHÂN DÂN HUYỆN NINH HẢI``). A place whose level the
    gazetteer does not settle (a name two kinds of unit share) leaves the body as read."""
    if Levenshtein.distance(" ".join(make_key(body).split()), _PEOPLES_COMMITTEE) > 2:
        return body
    key = " ".join(make_key(place).split())
    if key in gz.province_by_key():
        name = gz.province_by_key()[key]
        level = "thành phố" if name in gz.CENTRAL_CITIES else "tỉnh"
    elif key in gz.district_by_key():
        name = gz.district_by_key()[key]
        levels = {lvl for _, lvl, n in gz.districts() if n == name}
        if len(levels) != 1:
            return body
        level = levels.pop()
    else:
        return body
    return f"ỦY BAN NHÂN DÂN {level.upper()} {name.upper()}"


def _body_of_place(body: str, place: str) -> str:
    """The issuing body with the place its name ends in spelt as the date line's, when that place is a province
    or district of the gazetteer and the body's reading is no gazetteer name but a letter or two off it
    (``HUYỆN LI THỦY`` with ``Lệ Thủy, ngày ...`` → ``HUYỆN LỆ THỦY``), or the same letters with other marks where the
    date line spells the name as the gazetteer does (``HUYỆN DẦU TIỄNG`` with ``Dầu Tiếng, ngày ...``)."""
    key = make_key(place)
    if not gz.is_place_key(key):
        return body
    gazetteer = gz.province_by_key().get(key) or gz.district_by_key().get(key)
    for named in gz.places_named([body]):
        named_key = make_key(named)
        if named_key == key and gazetteer and comparison_key(place) == comparison_key(gazetteer) \
                and comparison_key(named) != comparison_key(place):
            at = body.upper().rfind(named.upper())
            if at >= 0 and body[at:] == body[at:].upper():
                return body[:at] + place.upper()
        if gz.is_place_key(named_key) or named_key == key:
            continue
        if len(key) >= 5 and Levenshtein.distance(key, named_key) <= 2 and len(named.split()) == len(place.split()):
            at = body.upper().rfind(named.upper())
            if at >= 0 and body[at:] == body[at:].upper():
                return body[:at] + place.upper()
    return body


def _double_spaced(lines: list[Line]) -> bool:
    """True when the text puts a blank line between paragraphs and lines (vbpl-style)."""
    nb = [i for i, ln in enumerate(lines) if not ln.blank]
    if len(nb) < 6:
        return False
    followed = sum(1 for i in nb if i + 1 < len(lines) and lines[i + 1].blank)
    return followed / len(nb) > 0.7


_DATE_PIECE = re.compile(dates.OCR_DATE_LINE_PIECE)  # the date line's pieces OCR set among the title's lines


VV_REACH = 8


def _noise_inside(out: list[Line], text: str) -> bool:
    """A line of noise (``_garbled``, ``_debris``: ``1⁄4: mẽ? ¬b PS, – ¬``) after a subject line that cannot end the
    subject (``... tố cáo trên``): the stamp or the seal read over the subject, its last line still to come."""
    words = out[-1].stripped.split() if out else []
    return bool(words) and words[-1].rstrip(".,;:").lower() in TITLE_CANNOT_END and (_garbled(text) or _debris(text))


MOTTO_LIKE = 65  # a line this like the motto (fuzz.ratio of the compact keys) with its two dashes is the motto


def _motto_like(text: str) -> bool:
    """The motto (``Độc lập - Tự do - Hạnh phúc``) as OCR garbled it: three pieces between two dashes, their
    letters like the motto's (``hâc lân - Tạo đo - Hanh nhục``)."""
    pieces = re.split(r"\s[-–—]\s?|\s?[-–—]\s", text.strip())
    return len(pieces) == 3 and fuzz.ratio(_compact(make_key(text)), _TN) >= MOTTO_LIKE


def _find_vv(segs: "_Segments", scan: list[Line], after: int) -> list[Line]:
    """A Công văn's ``V/v ...`` subject lines in the left column below the Số line: among the next
    ``VV_REACH`` lines that are not blank (OCR may set a blank line between any two)."""
    seen = 0
    for i in range(max(after, 0), len(segs)):
        if not scan[i].blank:
            seen += 1
        if seen > VV_REACH:
            break
        left = segs[i].left
        if left is None:
            continue
        m = _VV.match(left.key)
        if not m:
            continue
        out = [left]
        end = min(len(segs), i + 10)
        for k in range(i + 1, end):
            nxt = segs[k].left
            if scan[k].blank:
                # OCR put the block's lines in paragraphs of their own: a lower-case line goes on past the gap,
                # and past the right column's lines OCR put between (the motto, the date line in pieces)
                after_gap = next((segs[j].left for j in range(k + 1, end) if not scan[j].blank
                                  and segs[j].left is not None and not _DATE_PIECE.match(segs[j].left.key)
                                  and any(ch.isalpha() for ch in segs[j].left.text)
                                  and not _noise_inside(out, segs[j].left.text)
                                  and not _motto_like(segs[j].left.text)), None)  # (past specks, the motto)
                # (past a speck before it: ``_ tác xóa nhà tạm``; two letters alone are a speck: ``ơn``)
                if after_gap is not None and (_opens_lower(after_gap.stripped)
                                              and sum(ch.isalpha() for ch in after_gap.text) > 2
                                              or _goes_on_with(out[-1].stripped, after_gap.stripped)):
                    continue
                break
            if nxt is None or _DATE_PIECE.match(nxt.key) or sum(ch.isalpha() for ch in nxt.text) <= 2 \
                    or _noise_inside(out, nxt.text) or _garbled(nxt.text) or _motto_like(nxt.text):
                continue  # (a speck line: ``-``, ``..``, two letters alone: ``nộ``; a stamp's noise inside; a line
                # mostly not words, the motto or seal read as noise beside the block: ``mm... c.ÝÝNN cau``; the
                # motto garbled: ``hâc lân - Tạo đo - Hanh nhục``)
            opener = _BODY_OPENERS.search(nxt.key) and not nxt.stripped[:1].islower()  # "mục tiêu" goes on
            if re.match(r"^\s*kinh\s*gui", nxt.key) or opener or _is_type_line(nxt):
                break
            if is_caps(nxt.text, 0.8) and not is_caps(out[0].text, 0.8):
                break  # an urgency mark (KHẨN) or the right column below the V/v lines
            out.append(nxt)
        return out
    return []


def _type_code(type_name: str | None) -> str | None:
    return vocab.code_for_type(type_name)


def _marks(lines: list[Line], info: DocumentInfo, ev: dict[str, Evidence]) -> None:
    """Urgency (độ khẩn) and secrecy (độ mật) marks: a capitals line or segment in the header zone."""
    for ln in lines:
        t = ln.stripped
        if not t or not is_caps(t, 0.9) or len(t) > 40:
            continue
        key = " ".join(re.sub(r"[^a-z ]", " ", ln.key).split())
        for field_name, marks in (("urgency", gz.URGENCY), ("secrecy", gz.SECRECY)):
            if getattr(info, field_name):
                continue
            for mark in marks:
                mk = make_key(mark)
                if re.search(rf"(?:^|\b(?:do|do khan|do mat)\s*){mk}$", key) or key == mk:
                    setattr(info, field_name, mark)
                    ev[f"document.{field_name}"] = ln.evidence(confidence=0.8)
                    break


def _addressees(lines: list[Line], start: int, info: DocumentInfo, ev: dict[str, Evidence]) -> int:
    """``Kính gửi:`` addressees, inline or as a dash list; returns the index after them."""
    limit = min(len(lines), start + 25)
    for i in range(max(0, start - 12), limit):
        ln = lines[i]
        m = re.match(r"^\s*k\s*i\s*n\s*h\s*g\s*u\s*i\s*[:;.]?\s*", ln.key)
        if not m:
            continue
        items: list[list[Line]] = []
        inline = ln.text[m.end():].strip()
        if inline:
            items.append([ln.segment(m.end())])
        j = i + 1
        while j < len(lines):
            nxt = lines[j]
            if nxt.blank:
                j += 1
                continue
            t = nxt.stripped
            if t.startswith(("-", "+", "•")):
                items.append([nxt])
            elif items and not items[-1][-1].stripped.endswith((";", ".", ":")) and len(t) < 120 \
                    and not _BODY_OPENERS.search(nxt.key) and (not inline or len(items) > 1 or t[:1].islower()):
                items[-1].append(nxt)
            else:
                break
            j += 1
        names = []
        for parts in items:
            text = squash(" ".join(p.stripped for p in parts)).lstrip("-+•–— ").rstrip(" ;.,:")
            if text:
                names.append(text)
        if names:
            info.addressees = names
            ev["document.addressees"] = ln.evidence(confidence=0.85)
        return j
    return start
