"""The signature block and the distribution list.

Signature (bottom right): authority lines with a prefix (``TM.`` on behalf of a collective, ``KT.`` deputy for,
``TL.`` by order, ``TUQ.`` by delegation, ``Q.`` acting), the position (``PHÓ CHỦ TỊCH``), then the signer's
name. ``Nơi nhận:`` (bottom left) is a dash list whose ``Lưu:`` (filed at) line goes to ``filing``. On OCR text
the two columns may be merged line by line (``Nơi nhận: KT. CHỦ TỊCH``); the right-column pieces are cut off.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from pipeline.parse import gazetteer as gz
from pipeline.parse import names
from pipeline.parse.issue_date import is_esign
from pipeline.parse.lines import Line, is_caps, make_key, normalize_page, squash
from pipeline.parse.normal import snap_caps
from pipeline.parse.vocabulary import AUTHORITY_PREFIX_OCR, AUTHORITY_PREFIXES
from pipeline.record import Evidence, Signer
from pipeline.text import is_syllable_shape, normalize

# an authority prefix as printed or as OCR misreads it (TM, KT, ..., 1M)
_AUTHORITY = "|".join([*AUTHORITY_PREFIXES, *AUTHORITY_PREFIX_OCR])
_PREFIX = re.compile(rf"(?:(?<=\s)|^)(?P<p>{_AUTHORITY})\s*[.,]\s*(?=[A-ZĐÀ-Ỹ])")
_WORD = r"[A-ZĐÀ-ỸẠ-Ỹ][a-zđà-ỹạ-ỹ]+"
# a given name may be one vowel letter (Ý: Vũ Hữu Ý, Nguyễn Như Ý)
_ONE_LETTER = r"[YÝỲỶỸỴ]"
_NAME = re.compile(rf"^{_WORD}(?:\s+{_WORD}){{0,4}}\s+(?:{_WORD}|{_ONE_LETTER})$")
_SIGNED = re.compile(r"^\(?\s*(?:da ky|ky ten|ky, ghi ro|ky va ghi ro|chu ky|dau)\b.*$")


@dataclass
class SignatureResult:
    signer: Signer = field(default_factory=Signer)
    recipients: list[str] = field(default_factory=list)
    filing: str | None = None
    evidence: dict[str, Evidence] = field(default_factory=dict)
    start: int | None = None  # index of the first line of the closing part (Nơi nhận or the signature)
    filing_index: int | None = None  # index of the Lưu: line
    end: int | None = None  # index of the last line of the block


@lru_cache(maxsize=1)
def _titles() -> dict[str, str]:
    return {" ".join(make_key(t).split()): t for t in gz.POSITION_TITLES}


def match_position(text: str, key: str, cutoff: float = 86.0) -> str | None:
    """The position title a whole capitals line stands for, as printed when it reads cleanly."""
    k = " ".join(re.sub(r"[^a-z ]", " ", key).split())
    if not k or len(k) > 40:
        return None
    titles = _titles()
    if k in titles:
        return titles[k]
    m = process.extractOne(k, list(titles), scorer=fuzz.ratio, score_cutoff=cutoff)
    return titles[m[0]] if m else None


def _strip_rank(text: str) -> str:
    for prefix in gz.NAME_PREFIXES:
        if text.startswith(prefix + " "):
            return text[len(prefix) + 1:].strip()
    return text


@lru_cache(maxsize=1)
def _surnames() -> set[str]:
    return {make_key(s) for s in gz.SURNAMES}


# The first words of the administrative levels (tỉnh, huyện, xã, thành phố ...: gazetteer.ADMIN_LEVELS) that are no
# family name (Quan is one): a line opening with one names a place.
_PLACE_WORDS = frozenset(make_key(level).split()[0] for level in gz.ADMIN_LEVELS) - _surnames()


def is_name(text: str, need_surname: bool = False) -> bool:
    return read_name(text, need_surname) is not None


_GLUED_DIGIT = re.compile(r"^(?:[^\w\s]|_|\s)*\d+(?=[^\W\d_]+\s)")
SPECK_TAIL_CONFIDENCE = 0.6  # a name read past specks OCR read as short lower-case words after it: listed


def read_name(text: str, need_surname: bool = False) -> tuple[str, float] | None:
    """A person's name (rank dropped) and a confidence; an OCR-clipped family name (``guyễn``, ``hạm``,
    ``Âguyên``) is restored from the list of family names; seal specks read as one or two lower-case letters after
    the name (``Thái Xuân Doãn i``, ``Lương Bá Lũy ` nh,``), or as those or a digit before it (``5 Lương Thị Quế``),
    are dropped, the name listed."""
    found = _read_name(text, need_surname)
    if found is not None:
        return found
    glued = _GLUED_DIGIT.match(text)
    if glued:  # a digit glued before the first word: seal ink over its capital (``?2ặng Thị Mỹ Thọ``: Đ read as ?2)
        found = _read_name(text[glued.end():], need_surname=True)
        return (found[0], min(found[1], SPECK_TAIL_CONFIDENCE)) if found else None
    words = text.split()
    cut = len(words)
    while cut > 2 and re.fullmatch(r"(?:[^\w\s]|_)*[a-zđà-ỹ]{0,2}(?:[^\w\s]|_)*", words[cut - 1]):
        cut -= 1
    # ... or before it, read as a digit or one or two lower-case letters (``5 Lương Thị Quế``)
    first = 1 if len(words) > 2 and re.fullmatch(r"(?:[^\w\s]|_)*(?:[a-zđà-ỹ]{1,2}|\d{1,2})(?:[^\w\s]|_)*",
                                                 words[0]) else 0
    if cut == len(words) and not first:
        return None
    found = _read_name(" ".join(words[first:cut]), need_surname=True)
    if found and first and make_key(found[0].split()[0]) != make_key(words[first]):
        return None  # (past a speck before it, the family name must be read as one: not Ngọc taken for Ngô)
    return (found[0], min(found[1], SPECK_TAIL_CONFIDENCE)) if found else None


def _read_name(text: str, need_surname: bool = False) -> tuple[str, float] | None:
    # seal and stroke specks at the line's ends (``⁄ » Phan Hoàng Toản``, ``Văn Khải:``, ``_ Lương Tấn Bảy -``)
    t = _strip_rank(re.sub(r"^(?:[^\w(]|_)+|(?:[^\w)]|_)+$", "", squash(text)))
    t = re.sub(r"(?<=[^\W\d_])[.,](?=\s+[A-ZĐÀ-Ỹ])", "", t)  # a speck read as a stop inside (``Đinh Thị. Thọ``)
    words = t.split()
    if not 2 <= len(words) <= 6:
        return None
    if make_key(words[0]) in _PLACE_WORDS:
        return None  # ``Tỉnh Quảng Nam`` (an e-signature's Cơ quan line) is a place, not Trịnh Quảng Nam
    if t.isupper():
        return _caps_name(words)
    if _NAME.match(t):
        snapped = _snap_surname(words[0])
        if snapped != words[0]:
            words[0] = snapped
            t = " ".join(words)
        known = make_key(words[0]) in _surnames()
        if not known and (gz.is_place_key(make_key(t)) or gz.is_place_key(make_key(" ".join(words[1:])))):
            return None  # a place's name (``Sông Lô`` of an e-signature's wrapped body line), no person's, or a
            # body's (``Báo Bắc Ninh``, a Nơi nhận item: the province's newspaper)
        if not known:
            fixed = _fix_surname(words[0], 83.0)
            if fixed is not None:
                return " ".join([fixed] + words[1:]), 0.6
            if need_surname:
                return None
        return t, 0.85 if known else 0.7
    rest = " ".join(words[1:])
    if re.fullmatch(rf"{_WORD}(?:\s+{_WORD}){{0,4}}", rest) and re.fullmatch(r"[^\W\d_]+", words[0]):
        fixed = _fix_surname(words[0])
        if fixed:
            return f"{fixed} {rest}", 0.6
    return None


def _caps_name(words: list[str]) -> tuple[str, float] | None:
    """A name printed in capitals (``NGUYỄN VĂN AN``) in title case: a known family name as printed, then two or
    three syllables that are each a name syllable of the names prior at their place (no title, no body name)."""
    if not 3 <= len(words) <= 4 or not all(w.isalpha() for w in words):
        return None
    title = [w[:1] + w[1:].lower() for w in words]
    if title[0] not in _surname_set():
        return None
    if not all(names.load_prior().known_in_place(title)[1:]):
        return None
    return " ".join(title), 0.7


def _snap_surname(word: str) -> str:
    """A family name whose marks OCR or restoration got wrong (``Trân`` → ``Trần``) when its unmarked form is
    that of exactly one known family name and the printed form is not itself one."""
    if word in _surname_set():
        return word
    forms = _surnames_by_key().get(make_key(word), [])
    return forms[0] if len(forms) == 1 else word


@lru_cache(maxsize=1)
def _surname_set() -> set[str]:
    return set(gz.SURNAMES)


@lru_cache(maxsize=1)
def _surnames_by_key() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for s in dict.fromkeys(gz.SURNAMES):
        out.setdefault(make_key(s), []).append(s)
    return out


def _fix_surname(word: str, cutoff: float = 80.0) -> str | None:
    """The family name an OCR-damaged first word stands for (one letter lost or misread), or None."""
    key = make_key(word)
    if len(key) < 2:
        return None
    best = process.extractOne(key, list(_surname_forms()), scorer=fuzz.ratio, score_cutoff=cutoff)
    if best is None and len(key) >= 5 and not is_syllable_shape(word.lower()):
        # its capital read as two letters (``fluỳnh``: H read as fl): what is left after the first is a family name
        # with its first letter lost (``luỳnh``, as ``uỳnh``)
        best = process.extractOne(key[1:], [k for k in _surname_forms() if len(k) >= 4], scorer=fuzz.ratio,
                                  score_cutoff=cutoff)
    if best is None and len(key) >= 4 and not is_syllable_shape(word.lower()):
        # no Vietnamese syllable as read (``ớốàn``: seal ink over Đ): the one family name a letter off its key
        near = [k for k in _surname_forms() if len(k) >= 3 and Levenshtein.distance(key, k) == 1]
        if len(near) != 1:
            return None
        forms = names.load_prior().forms("family", near[0])  # the commonest of the key's forms (Đoàn, not Doãn)
        return max(forms, key=forms.get) if forms else _surname_forms()[near[0]]
    if best is None or len(best[0]) < 3:
        return None
    return _surname_forms()[best[0]]


@lru_cache(maxsize=1)
def _surname_forms() -> dict[str, str]:
    return {make_key(s): s for s in gz.SURNAMES}


@dataclass
class _Cand:
    index: int
    seg: Line
    kind: str  # "authority" or "position"
    value: str


def _candidate(i: int, ln: Line) -> _Cand | None:
    """An authority or position piece on this line (whole line or its right-hand part)."""
    text = ln.text
    if len(text) > 160 or sum(map(str.isupper, text)) < 3:
        return None  # every authority, position or merged tail holds three capitals or more
    m = _PREFIX.search(text)
    if m:
        seg = ln.segment(m.start()).trimmed()
        if is_caps(seg.text, 0.75) and len(seg.text) < 70:
            return _Cand(i, seg, "authority", seg.text)
    if len(text) > 160:
        return None
    stripped = ln.trimmed()
    if stripped.text and is_caps(stripped.text, 0.8):
        pos = match_position(stripped.text, stripped.key)
        if pos:
            return _Cand(i, stripped, "position", pos)
    # merged OCR line: a capitals tail on the right (``- CT, PCT UBND tỉnh; PHÓ CHỦ TỊCH``)
    tail = _CAPS_TAIL.search(text) if len(text) < 160 else None
    if tail and tail.start(1) > 0 and re.search(r"^\s*[-+•=]|[a-zđà-ỹ]", text[: tail.start(1)]):
        seg = ln.segment(tail.start(1)).trimmed()
        pos = match_position(seg.text, seg.key, 84)
        if pos:
            return _Cand(i, seg, "position", pos)
    return None


_CAPS_TAIL = re.compile(r"(?:^|\s)((?:[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ]*\.?\s+){1,5}[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ]+)\s*$")


def _clean_authority(text: str) -> tuple[str, str, str]:
    """(full text, prefix, body): ``KT.THỦ TƯỚNG`` → ``KT. THỦ TƯỚNG``, ``KT.``, ``THỦ TƯỚNG``. An OCR-damaged
    body that reads as a known title or body name (``UY BAN NHAN DÁN``) takes the gazetteer's spelling."""
    m = re.match(rf"^({_AUTHORITY})\s*[.,]\s*(.*)$", text.strip())
    if not m:
        return squash(text), "", squash(text)
    prefix = AUTHORITY_PREFIX_OCR.get(m.group(1), m.group(1))
    body = squash(m.group(2)).strip(" .,")
    title = match_position(body, make_key(body))
    body = title if title else snap_caps(body)
    return f"{prefix}. {body}", f"{prefix}.", body


def parse_signature(lines: list[Line], start: int, warnings: list[str]) -> SignatureResult:
    """Find the first signature block after ``start`` and the Nơi nhận list next to it."""
    res = SignatureResult()
    cands: list[_Cand] = []
    block_start = None
    for i in range(start, len(lines)):
        ln = lines[i]
        if ln.blank:
            continue
        c = _candidate(i, ln)
        if c is None:
            if cands and i - cands[-1].index > 6:
                # a name, "(Đã ký)", stamp noise or a Nơi nhận item may sit between the pieces
                if any(x.kind == "authority" for x in cands) or _block_has_name(lines, cands):
                    break
                cands = []
            continue
        if cands and c.index - cands[-1].index > 6:
            if _block_has_name(lines, cands):
                break
            cands = []
        if not cands:
            block_start = i
        if c.kind == "position" and not any(x.kind == "position" for x in cands):
            nxt = _next_candidate(lines, i)
            if nxt is not None and nxt.kind == "position":
                # ``THỐNG ĐỐC`` above ``PHÓ THỐNG ĐỐC``: the upper one is an authority line without a prefix
                c = _Cand(c.index, c.seg, "authority", c.seg.text.strip())
        cands.append(c)
        if c.kind == "position" and _block_has_name(lines, cands):
            break
    if cands:
        _fill_signer(lines, cands, res)
        _infer_deputy_position(res, warnings)
    else:
        warnings.append("no signature block found")
    res.start = block_start
    noi_nhan = _fill_recipients(lines, start, block_start, res)
    filing = res.filing_index
    if filing is None and not res.signer.name:
        # no Nơi nhận heading to hang the list on: the last filing line (``Lưu: VT, ...``) after the body
        filing = next((k for k in range(len(lines) - 1, start - 1, -1)
                       if not lines[k].blank and _LUU.match(re.sub(r"^[^\w]+", "", lines[k].key))), None)
    if not res.signer.name and filing is not None:
        # OCR lost the signature block but kept the name under the distribution list (past what a seal and an
        # e-signature box over the block leave of it)
        found = _find_name(lines, filing + 1, reach=20)
        if found:
            seg, name, conf = found
            res.signer.name = name
            res.evidence["signer.name"] = seg.evidence(confidence=_unblocked_confidence(name, conf), text=name)
    if not res.signer.name:
        # nothing after the block or the filing line: the signer's name ends the document more often than not
        found = _last_name(lines, start)
        if found:
            seg, name, conf = found
            res.signer.name = name
            res.evidence["signer.name"] = seg.evidence(confidence=min(conf, LAST_LINES_CONFIDENCE), text=name)
    _drop_signer_name(res)
    if noi_nhan is not None and (res.start is None or noi_nhan < res.start) and \
            (block_start is None or block_start - noi_nhan < 60):
        res.start = noi_nhan
    if not res.signer.name and cands:
        warnings.append("no signer name found")
    return res


def deputy_title(head: str) -> str:
    """The position of a deputy signing ``KT. <head>``: ``BỘ TRƯỞNG`` → ``THỨ TRƯỞNG``, else ``PHÓ <head>``."""
    head = squash(head)
    if make_key(head) == "bo truong":
        return "THỨ TRƯỞNG"
    return head if head.startswith("PHÓ ") else f"PHÓ {head}"


def _infer_deputy_position(res: SignatureResult, warnings: list[str]) -> None:
    """``KT. CHỦ TỊCH`` is signed by a deputy: a missing position, or one read as the head's own title
    (the ``PHÓ`` lost by OCR), becomes the deputy title."""
    signer = res.signer
    if signer.authority_prefix != "KT." or not signer.authority:
        return
    head = signer.authority.split(" / ")[-1][len("KT. "):]
    if head not in _titles().values():
        return
    deputy = deputy_title(head)
    if signer.position == deputy:
        return
    if signer.position is None or make_key(signer.position) == make_key(head):
        warnings.append(f"signer position inferred from '{signer.authority.split(' / ')[-1]}': {deputy}")
        signer.position = deputy
        ev = res.evidence.get("signer.position") or res.evidence.get("signer.authority")
        if ev is not None:
            res.evidence["signer.position"] = ev.model_copy(update={"confidence": 0.5, "text": deputy})


def _next_candidate(lines: list[Line], i: int) -> _Cand | None:
    for k in range(i + 1, min(len(lines), i + 4)):
        if not lines[k].blank:
            return _candidate(k, lines[k])
    return None


def _block_has_name(lines: list[Line], cands: list[_Cand]) -> bool:
    return _find_name(lines, cands[-1].index + 1) is not None


LAST_LINES = 8  # the closing part's last lines read for the signer's name when no block or filing line led to it
LAST_LINES_CONFIDENCE = 0.6  # a name found so is listed for review


def _unblocked_confidence(name: str, confidence: float) -> float:
    """A name found under the filing line without its signature block is listed at LAST_LINES_CONFIDENCE unless
    every syllable is one the names prior knows at its place: a tone slip on such a name makes a syllable no name
    has (``Ấn`` for ``Ẩn``, ``Dạu``, ``Cũng`` for ``Công``). Of the 30 such names on the looked-at renders (tune,
    probe, probe11), 11 of the 27 right ones pass and none of the 3 wrong ones."""
    words = name.split()
    if len(words) >= 3 and all(names.load_prior().known_in_place(words)):
        return confidence
    return min(confidence, LAST_LINES_CONFIDENCE)


BULLET_NAME_CONFIDENCE = 0.6  # a name on the document's last line after a dash: listed for review


def _last_name(lines: list[Line], start: int) -> tuple[Line, str, float] | None:
    """The signer's name among the last lines of the document after ``start``, read from the end (a name OCR kept
    below a seal and stamp noise that broke the block apart): a whole line that reads as a name with a known
    family name; Nơi nhận items and e-signature lines are passed over."""
    seen = 0
    last = next((k for k in range(len(lines) - 1, start - 1, -1) if not lines[k].blank), None)
    for k in range(len(lines) - 1, start - 1, -1):
        ln = lines[k]
        if ln.blank or is_esign(ln) or _SIGNED.match(ln.key.strip()):
            continue
        if _BULLET.match(ln.stripped):
            # a Nơi nhận item, or a stroke of the signature read as a dash before the name on the last line
            # (``- Phạm Hữu Thiện``: an item ends on ``;`` or ``.``, and names a body): that one is taken, unsure
            found = (read_name(ln.stripped, need_surname=True) or _name_after_noise(ln.stripped)) \
                if k == last and not ln.stripped.endswith((";", ".", ",")) else None  # (``-wn. “Đỗ Thị Mỹ Chữ``)
            if found:
                return ln.trimmed(), found[0], min(found[1], BULLET_NAME_CONFIDENCE)
            continue
        found = read_name(ln.stripped, need_surname=True) or _name_after_noise(ln.stripped)
        if found:
            return ln.trimmed(), found[0], found[1]
        seen += 1
        if seen >= LAST_LINES:
            break
    return None


_TITLE_WORDS_AT_END = re.compile(r"(?:^|[^\w\s]|_)\s*((?:[^\W\d_]+\s+){1,3}[^\W\d_]+)(?:[^\w]|_)*$")


def _name_after_noise(text: str) -> tuple[str, float] | None:
    """A name at the end of a line after seal noise with no space before it (``_ NHA NY9“Mai Hữu Hải -``), or
    after a speck (``NY -_ Đỉnh Hoàng Oanh``): the words after the last mark, read with a known family name first."""
    m = _TITLE_WORDS_AT_END.search(text)
    if m is None or m.start(1) == 0:
        return None
    return read_name(m.group(1), need_surname=True)


def _after_filing(lines: list[Line], k: int, reach: int = 40) -> bool:
    """Whether a Lưu (filing) item, the Nơi nhận list's last, stands in the ``reach`` lines before line ``k``."""
    return any(_LUU.match(_BULLET.sub("", x.key)) for x in lines[max(0, k - reach):k])


def _find_name(lines: list[Line], i: int, reach: int = 8) -> tuple[Line, str, float] | None:
    """The signer's name in the next lines: a whole line, or the right-hand end of a merged line. Nơi nhận
    items (merged OCR puts the name after the whole list) and e-signature lines (``Cơ quan: Tỉnh Phú Yên`` is no
    name) are passed over without counting; at most ``reach`` other lines are read."""
    seen = 0
    scribble = None  # a name read from a line in lower case (``cáo Tích`` as Cao Tích): the signature's stroke
    for k in range(i, min(len(lines), i + 60)):
        ln = lines[k]
        if ln.blank or is_esign(ln):
            continue
        t = ln.stripped
        bullet = bool(_BULLET.match(t)) or bool(_NOI_NHAN.match(ln.key))
        if bullet and _after_filing(lines, k):
            # the Lưu (filing) item ends the Nơi nhận list: a dash before a later line is a stroke's or the seal's
            # speck (``- Ngô Văn Giang.``, ``-_ Châu Xuân Hỷ.``), and a name there is read, listed
            found = read_name(_BULLET.sub("", t), need_surname=True)
            if found:
                return ln.trimmed(), found[0], min(found[1], SPECK_TAIL_CONFIDENCE)
        if not bullet:
            seen += 1
        if _SIGNED.match(ln.key.strip()):
            continue
        if not bullet:
            found = read_name(t)
            if found and scribble is None and re.match(r"(?:[^\w]|_)*[a-zđà-ỹ]", t):
                # read as text, a stroke makes lower-case letters: the printed name may stand below it
                scribble = ln.trimmed(), found[0], found[1]
                continue
            if found:
                return ln.trimmed(), found[0], found[1]
        m = re.search(r"(?:[;.:]|\s{2,}|[-–—]\s)\s*((?:[^\W\d_]+\s+){1,4}[^\W\d_]+)\s*$", ln.text)
        if m:
            found = read_name(m.group(1), need_surname=True)
            if found:
                return ln.segment(m.start(1)), found[0], found[1] - 0.1
        if seen > reach:
            break
    return scribble


def _fill_signer(lines: list[Line], cands: list[_Cand], res: SignatureResult) -> None:
    auth = [c for c in cands if c.kind == "authority"]
    pos = [c for c in cands if c.kind == "position"]
    signer = res.signer
    if auth:
        parts = [_clean_authority(c.value) for c in auth[:2]]
        signer.authority = " / ".join(p[0] for p in parts)
        signer.authority_prefix = next((p[1] for p in reversed(parts) if p[1]), None)
        signer.authority_body = parts[0][2] if parts[0][1] == "TM." else parts[-1][2]
        res.evidence["signer.authority"] = auth[0].seg.evidence(confidence=0.9, text=signer.authority)
    last = cands[-1]
    if pos:
        signer.position = pos[0].value
        res.evidence["signer.position"] = pos[0].seg.evidence(confidence=0.85, text=signer.position)
    elif auth:
        # a position not in the gazetteer: the capitals line right under the last authority line
        nxt = next((k for k in range(auth[-1].index + 1, min(len(lines), auth[-1].index + 3))
                    if not lines[k].blank), None)
        if nxt is not None:
            seg = lines[nxt].trimmed()
            if is_caps(seg.text, 0.85) and len(seg.text) <= 60 and not _PREFIX.search(seg.text):
                signer.position = squash(seg.text)
                res.evidence["signer.position"] = seg.evidence(confidence=0.6, text=signer.position)
                last = _Cand(nxt, seg, "position", signer.position)
    found = _find_name(lines, last.index + 1)
    if found:
        seg, name, conf = found
        signer.name = name
        res.evidence["signer.name"] = seg.evidence(confidence=conf, text=name)
    res.end = last.index


# the heading's colon may be lost to OCR when the heading stands alone on its line ("Nơi nhận")
_NOI_NHAN = re.compile(r"^\s*(?:n\s*)?[o0]\s*i\s*n\s*h\s*[a4]\s*n\s*(?:[:;.]|$)")
_NOI_NHAN_FIRST = set("NnOoƠơÔô0")
_LUU = re.compile(r"^\s*[-+•*=.]?\s*l\s*[uv]{1,2}\s*u?\s*[:;.]")
_BULLET = re.compile(r"^[\s_]*[-–—+•*=~]\s*")  # (after underscores a speck left: ``__- Báo Bắc Ninh``)
_THREE_LETTERS = re.compile(r"[^\W\d_]{3}")  # three letters in a row: a word, not stamp or signature noise


def _cut_right(text: str, key: str) -> str:
    """Drop a right-column piece merged onto a Nơi nhận item (a capitals tail or noise after ``;``)."""
    gap = re.search(r"\S(\s{4,})\S", text)  # layout text: the right column after a run of spaces
    if gap:
        text = text[: gap.start(1)]
    if ";" in text:
        cut = text.rfind(";")
        if text[cut + 1:].strip():
            return text[: cut + 1]
    m = re.search(r"\s((?:[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ.]*\s*){2,})$", text)
    if m and match_position(m.group(1), make_key(m.group(1)), 75):
        return text[: m.start()]
    m = _PREFIX.search(text)
    if m and m.start() > 0:
        return text[: m.start()]
    return text


def _list_above_filing(lines: list[Line], start: int) -> int | None:
    """The first item of a dash list that ends with a ``- Lưu:`` (filing) line, for a ``Nơi nhận`` heading OCR
    did not read (small bold italics: ``*.l0% si``). Walking up from the filing line: dash items, and lines that
    continue the item above them (it does not end with ``;`` or ``.``)."""
    filing = next((i for i in range(start, len(lines))
                   if _BULLET.match(lines[i].stripped) and _LUU.match(lines[i].key)), None)
    if filing is None:
        return None
    first = None
    k = filing - 1
    while k >= start:
        ln = lines[k]
        if ln.blank:
            k -= 1
            continue
        if _BULLET.match(ln.stripped):
            if not _THREE_LETTERS.search(_BULLET.sub("", ln.stripped)):
                break  # the heading, misread with a leading mark (``*.l0% si``)
            first = k
            k -= 1
            continue
        above = next((j for j in range(k - 1, start - 1, -1) if not lines[j].blank), None)
        if above is not None and _BULLET.match(lines[above].stripped) and \
                not lines[above].stripped.rstrip().endswith((";", ".")):
            k = above  # a continuation of the item above
            continue
        break
    return first


def _fill_recipients(lines: list[Line], start: int, block_start: int | None, res: SignatureResult) -> int | None:
    """The ``Nơi nhận:`` list nearest the signature block; without its heading, the dash list that ends with the
    ``Lưu:`` line."""
    idx = None
    for i in range(start, len(lines)):
        if lines[i].text.lstrip()[:1] in _NOI_NHAN_FIRST and _NOI_NHAN.match(lines[i].key):
            idx = i
            if block_start is not None and i >= block_start - 40:
                break
            if block_start is None:
                break
    items: list[list[str]] = []
    anchor = idx  # where the closing part starts: the heading, else the list's first item
    if idx is None:
        anchor = _list_above_filing(lines, start)
        if anchor is None:
            return None
        idx = anchor - 1  # items are read from the line after idx
        res.evidence["recipients"] = lines[anchor].evidence(confidence=0.6)
    else:
        head = lines[idx]
        res.evidence["recipients"] = head.evidence(confidence=0.85)
        m = _NOI_NHAN.match(head.key)
        inline = head.text[m.end():].strip() if m else ""
        if inline and not _PREFIX.match(inline) and not is_caps(inline, 0.7):
            items.append([inline])
    for k in range(idx + 1, min(len(lines), idx + 60)):
        ln = lines[k]
        if ln.blank:
            continue
        t = ln.stripped
        if _BULLET.match(t) or _LUU.match(ln.key):
            text = _cut_right(_BULLET.sub("", t), ln.key)
            items.append([text])
            if _LUU.match(ln.key) or _LUU.match(make_key(text)):
                if res.filing is None:
                    res.filing = _clean_item(text, keep_period=True)
                    res.filing_index = k
                    res.evidence["filing"] = ln.evidence(confidence=0.85, text=res.filing)
                break
            continue
        if items and not items[-1][-1].rstrip().endswith((";", ".")) and len(t) < 90 and not is_caps(t, 0.8) \
                and not is_name(t):
            items[-1].append(_cut_right(t, ln.key))
            continue
        if not items or len(t) <= 3 or not _THREE_LETTERS.search(t) or is_caps(t, 0.8):
            continue  # stamp or signature noise, or a signature line, between items
        break
    for parts in items:
        text = _clean_item(" ".join(parts))
        if not text or _LUU.match(make_key(text)):
            continue
        res.recipients.append(text)
    return anchor


def _drop_signer_name(res: SignatureResult) -> None:
    """The signer's name read as a list item: the right column's name line with a dash of stamp noise before
    it, between two items of the left column. A recipient who is a person carries a rank (Đ/c, Ông)."""
    if res.signer.name:
        name = make_key(res.signer.name)
        res.recipients = [r for r in res.recipients if make_key(r) != name]


_PORTAL = re.compile(r"^Công(?=\s+(?:TT\s*-?\s*ĐT|[Tt]hông tin điện tử)\b)")

# A short closing tag with a slash: "(b/c)" (báo cáo, "to report"), the only one the lists close with.
_CLOSING_TAG = re.compile(r"\(([^\s()]{1,4})\)$")
_TAG_LOOKALIKES = str.maketrans({"©": "c", "¢": "c", "|": "/", "l": "/"})


def _closing_tag(m: re.Match[str]) -> str:
    """A misread "(b/c)": one character off once OCR look-alikes are read (©, ¢ for c). "(Đ/c)" is one of them:
    "đ/c" (đồng chí) only ever precedes a name, it never closes an item; "(/©)" lost its b to a stamp."""
    tag = m.group(1)
    if "/" not in tag.translate(_TAG_LOOKALIKES) or tag == "b/c":
        return m.group(0)
    return "(b/c)" if Levenshtein.distance(tag.lower().translate(_TAG_LOOKALIKES), "b/c") <= 1 else m.group(0)


def _clean_item(text: str, keep_period: bool = False) -> str:
    t = squash(text).strip(" ;,")
    # the formula "CT, PCT" (Chủ tịch, Phó Chủ tịch: chair and vice-chairs) with OCR's ; for its comma
    t = re.sub(r"\bCT\s*;\s*((?:các\s+)?PCT)\b", r"CT, \1", t)
    t = _CLOSING_TAG.sub(_closing_tag, t)  # before the trailing marks go: "(/©)" is one
    # "Cổng thông tin điện tử" (the e-portal), on nearly every list, read with the common "Công" (public)
    t = _PORTAL.sub("Cổng", t)
    t = re.sub(r"(?:\s+(?:[^\w\s]+|[^\W\d_]))+$", "", t)  # trailing OCR marks
    t = t.strip(" ;,")
    if not keep_period:
        t = re.sub(r"\.$", "", t)
    m = re.match(r"^l\s*[uv]{1,2}\s*u?\s*[:;.]\s*", make_key(t))
    if m:
        rest = t[m.end():]
        # Decree 30: the first place of filing is VT (văn thư, the records office); OCR reads VI, V1, YT
        rest = re.sub(r"^(?:V[TIl1ĨÌ]|YT|V\s+T)(?=[\s,.]|$)\s*,?\s*", lambda x: "VT, " if len(rest) > x.end() else "VT",
                      rest)
        t = "Lưu: " + _DRAFTER.sub(_drafter, rest.replace("¡", "i"))  # ¡: OCR's i in a small login
    return t.strip()


# The drafter's login in the filing line, "(lnphong55)": two or more lower-case letters then digits, where OCR
# reads a leading l as I and a 1 after a digit as I or l ((b/c), (Phong) … are no logins)
_DRAFTER = re.compile(r"\(((?:[Il][a-z]+|[a-z]{2,})[0-9][0-9Il]*)\)")


def _drafter(m: re.Match[str]) -> str:
    login = m.group(1)
    head = "l" if login[0] == "I" else login[0]
    tail = re.sub(r"(?<=[0-9])[Il]", "1", login[1:])
    return f"({head}{tail})"


# ----------------------------------------------------------------------------------------------------------------
# The other places a document prints its signer's name

# ``Ký bởi: Nguyễn Văn A`` (signed by), ``Người ký: ...`` (signer): the e-signature's box or a signer line (on the
# unmarked key, which OCR's lost marks and case do not change)
# (two patterns that open with a literal, the word's start checked after: an alternation or a look-behind
# first scans a long page ten times slower)
_LABELLED = (re.compile(r"ky[ \t]?boi[ \t]*[:;.][ \t]*"), re.compile(r"nguoi[ \t]+ky[ \t]*[:;.][ \t]*"))


def esign_bodies(pages: Sequence[str]) -> list[str]:
    """The bodies an e-signature names as its signer (``Ký bởi: Sở Ngoại vụ``; ``Người ký: Ủy ban nhân dân tỉnh
    Quảng Trị``: a body's certificate signs), as printed after the label; a person named there is left out."""
    out: list[str] = []
    for raw in pages:
        for _, after in _labelled(*_page_and_key(raw)):
            named = squash(normalize_page(after)).strip(" .,;:")
            if named and not read_name(named, need_surname=True):
                out.append(named)
    return list(dict.fromkeys(out))


def _page_and_key(raw: str) -> tuple[str, str]:
    """A page's text (NFC, ``\\n`` line ends) and its key (``make_key``: the same length, line for line)."""
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    return text, make_key(text)


def _labelled(text: str, key: str) -> "Iterator[tuple[int, str]]":
    """(0-based line, the line's text after the label) of each ``Ký bởi:``/``Người ký:`` label of a page (not
    inside a word)."""
    lines = text.split("\n")
    for m in (m for pattern in _LABELLED for m in pattern.finditer(key)):
        if m.start() and key[m.start() - 1].isalpha():
            continue
        k = key.count("\n", 0, m.start())
        yield k, lines[k][m.end() - (key.rfind("\n", 0, m.end()) + 1):]


def _person(name: str) -> bool:
    """A person's name, not a body's (``Thanh tra Chính phủ`` mended into ``Thân ...``): two to four words, a
    family name as printed (up to marks), every other word's letters a name syllable's at its place."""
    words = name.split()
    prior = names.load_prior()
    return 2 <= len(words) <= 4 and bool(prior.forms("family", make_key(words[0]))) and \
        all(prior.forms(names.place_of(i, len(words)), make_key(w)) for i, w in enumerate(words) if i)


def _same_person(a: str, b: str) -> bool:
    """The same name as printed in two places, up to OCR's marks and case (the unmarked keys are equal)."""
    return " ".join(make_key(a).split()) == " ".join(make_key(b).split())


def other_readings(pages: Sequence[str], name: str, where: Optional[tuple[int, int]] = None,
                   titles: Sequence[str] = ()) -> list[tuple[str, str]]:
    """(reading, place) of every other place the pages print the signer's name ``name`` and read it differently.

    ``where``: the (page, line) the name was read from, passed over. Places: a ``Ký bởi:``/``Người ký:`` label
    followed by a person's name (any other name there is another reading of the signer: a document has one
    signer), and a whole line under one of ``titles`` (the signer's position lines, as in an annex's signature
    block) that reads as the same name with other marks."""
    out: list[tuple[str, str]] = []
    title_keys = {" ".join(make_key(t).split()) for t in titles if t}
    spaced = [r"[ \t]+".join(re.escape(w) for w in t.split()) for t in sorted(title_keys)]
    heads = re.compile(rf"^[ \t]*(?:{'|'.join(spaced)})[ \t]*$", re.M) if spaced else None
    for p, raw in enumerate(pages, start=1):
        # the lines as normalize_page numbers them, keyed once (a line's key is the same slice of the page's);
        # only the few lines that matter are normalised in full
        text, key = _page_and_key(raw)
        lines = text.split("\n")
        for k, after in _labelled(text, key):
            if where == (p, k + 1):
                continue
            found = read_name(normalize_page(after).strip(), need_surname=True)
            if found and _person(found[0]) and normalize(found[0]) != normalize(name):
                out.append((found[0], f"the e-signature or signer line on page {p}"))
        for m in heads.finditer(key) if heads is not None else ():
            k = key.count("\n", 0, m.start())
            if not lines[k].strip().isupper():
                continue  # a position line is printed in capitals
            # the signer's position line: the name is the first line under it that reads as a name (past
            # "(Đã ký)", seal noise)
            for j in range(k + 1, min(len(lines), k + 9)):
                if where == (p, j + 1):
                    break  # the block the name was read from
                found = read_name(normalize_page(lines[j]).strip()) if lines[j].strip() else None
                if found:
                    if _same_person(found[0], name) and normalize(found[0]) != normalize(name):
                        out.append((found[0], f"the signature block on page {p}"))
                    break
    return list(dict.fromkeys(out))
