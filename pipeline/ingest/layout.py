"""Text as users have it: a document copied from a legal portal, a Markdown conversion or a saved web page, laid
back out as one printed line per line, the way a clean text dump has it.

Portals flatten the Decree-30 header (a two-column table) into lines, each cell closed by a ``|`` line or a ``|``
inside a line; wrap every line at the page width wherever a space falls (``UBND TỈNH BẮC`` / ``GIANG``, ``CỘNG`` /
``HÒA XÃ HỘI ...``, ``Bắc Giang, ngày 30`` / ``tháng 01 năm 2024``); one leaves literal ``\\r\\n`` escapes; others
put blank lines between everything, non-breaking spaces and HTML entities; Markdown keeps emphasis marks
(``**KẾ HOẠCH**``). ``relayout`` undoes that: marks and escapes dropped, cells split, and wrapped lines joined
back, by role in the header and signature (a Quốc hiệu or Tiêu ngữ fragment, a date broken anywhere, a capitals
body name, an authority line) and by the paragraph rule in the body (a line continues the one above unless it
starts with an item label or a heading, or the line above ends a sentence or stops well short of the width).

Only text that shows a portal's marks is touched (``portal_layout``): a bare ``|`` cell line, ``\\r\\n`` escapes,
HTML entities or non-breaking spaces, Markdown emphasis, or a Quốc hiệu/date split over lines. A clean dump, an OCR
text saved as .txt and a PDF text layer come out exactly as they went in.
"""

from __future__ import annotations

import html
import html.entities
import re
import unicodedata

from pipeline.lexicon import POSITION_TITLES, SURNAMES
from pipeline.text import strip_marks

# --- what a portal leaves --------------------------------------------------------------------------------------

_ESCAPES = re.compile(r"\\r\\n|\\n|\\r")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")
_ODD_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u3000": " ", "\u2009": " ",
                             "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\t": " "})
_BR = re.compile(r"<br\s*/?>", re.I)
_BOLD = re.compile(r"(\*\*|__)(?=[^\s*_])(.+?)(?<=[^\s*_])\1")
_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_ITALIC_US = re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_LONE_MARK = re.compile(r"^(?:\*\*|\*|__)(?=[^\s*_])|(?<=[^\s*_])(?:\*\*|\*|__)$")
_MD_ESCAPE = re.compile(r"\\([-*_.#()\[\]|!+>`])")
_MD_HEADING = re.compile(r"^\s{0,3}(?:#{1,6}|>)\s+")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_BARE_BAR = re.compile(r"^\s*\|\s*$")
_EDGE_BAR = re.compile(r"[-_=]{3,}\s*\||\|\s*(?:C\s*[OỘ]\s*N\s*G\b|S[ốo]\s*:|Độc lập)")


class _KeyTable(dict):
    """A ``str.translate`` table that fills itself: a character → its unmarked lower-case form."""

    def __missing__(self, code: int) -> str:
        value = self[code] = strip_marks(chr(code)).lower().replace("đ", "d")
        return value


_KEY_TABLE = _KeyTable()


def _key(text: str) -> str:
    return text.translate(_KEY_TABLE)


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _key(text))


_QH = _compact("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
_RIGHT_PHRASES = (_QH, _compact("Độc lập - Tự do - Hạnh phúc"), _compact("ĐẢNG CỘNG SẢN VIỆT NAM"))
_FULL_DATE = re.compile(r"\bngay\s+[\d.…_ ]*?\s*thang\s+[\d.…_ ]*?\s*nam\s+(?:\d{4}|20[.…_]+)\s*[.,]?$")
_DATE_START = re.compile(r"^(?:[^\d,]{2,40},?\s*)?ngay\b")


def _is_entity(text: str) -> bool:
    return text[1] == "#" or text[1:] in html.entities.html5


def portal_layout(text: str) -> bool:
    """Whether the text shows a portal's or a converter's marks (see the module's docstring)."""
    head = text[:6000]
    lines = head.split("\n")[:120]
    if "\\r\\n" in head or head.count("\\n") >= 3:
        return True
    if any(_BARE_BAR.match(ln) for ln in lines) or any(_EDGE_BAR.search(ln) for ln in lines):
        return True
    if sum(bool(_BARE_BAR.match(ln)) for ln in text[-3000:].split("\n")[-60:]) >= 2:
        return True  # a text without its header: the signature table's bars at the end
    if any(_MD_TABLE_RULE.match(ln) and "|" in ln for ln in lines):
        return True
    if "\u00a0" in head or sum(_is_entity(e) for e in _ENTITY.findall(head)) >= 2:
        return True
    if len(_BOLD.findall(head)) >= 1 or sum(bool(_LONE_MARK.search(ln.strip())) for ln in lines) >= 2:
        return True
    return _split_right_column(lines)


def _split_right_column(lines: list[str]) -> bool:
    """A Quốc hiệu or a date line broken over two lines (``CỘNG`` / ``HÒA XÃ HỘI ...``)."""
    nonblank = [ln.strip() for ln in lines[:60] if ln.strip()]
    for a, b in zip(nonblank, nonblank[1:]):
        ca, cb = _compact(a), _compact(b)
        if len(ca) >= 4 and ca != _QH and _QH.startswith(ca) and _QH.startswith(ca + cb):
            return True
        ka = _key(a)
        if _DATE_START.search(ka) and not _FULL_DATE.search(ka) and len(ka) < 60 \
                and _FULL_DATE.search(f"{ka} {_key(b)}"):
            return True
    return False


# --- relayout --------------------------------------------------------------------------------------------------

_CELL = "\x00"  # a cell boundary while the lines are being joined


def relayout(text: str, portal: bool | None = None) -> str:
    """The text laid out as a clean dump: one printed line per line, a blank line between lines (the vbpl style
    the header reader knows best). Text without a portal's marks is returned as it is (``portal``: whether it has
    them, when the caller has looked already: the pages of one file are judged together)."""
    if not (portal_layout(text) if portal is None else portal):
        return text
    lines = _clean_lines(text)
    if _double_spaced(lines):
        lines = [ln for ln in lines if ln.strip()]
    blocks = _join(lines)
    return "\n\n".join(blocks) + "\n"


def _clean_lines(text: str) -> list[str]:
    if "\\" in text:
        text = _ESCAPES.sub("\n", text)
    if "<" in text:
        text = _BR.sub("\n", text)
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text)
    text = unicodedata.normalize("NFC", text.translate(_ODD_SPACES).replace("\r\n", "\n").replace("\r", "\n"))
    if "*" in text or "_" in text or "#" in text or ">" in text:
        text = _TRIM.sub("", text)
        text = _MD_HEADING_M.sub("", text)
        text = _BOLD.sub(r"\2", _BOLD.sub(r"\2", text))
        text = _ITALIC_US.sub(r"\1", _ITALIC.sub(r"\1", text))
        text = _LONE_MARK_M.sub("", text)
        text = _BULLET.sub("- ", text)
    if "\\" in text:
        text = _MD_ESCAPE.sub(r"\1", text)
    out: list[str] = []
    for line in text.split("\n"):
        if "|" not in line:
            out.append(" ".join(line.split()))
            continue
        if _MD_TABLE_RULE.match(line):
            out.append(_CELL)
            continue
        cells = line.split("|")
        for k, cell in enumerate(cells):
            if cell.strip():
                out.append(" ".join(cell.split()))
            if k < len(cells) - 1:
                out.append(_CELL)
    return out


_TRIM = re.compile(r"^[ \t]+|[ \t]+$", re.M)
_MD_HEADING_M = re.compile(r"^(?:#{1,6}|>)[ \t]+", re.M)
_LONE_MARK_M = re.compile(r"^(?:\*\*|\*|__)(?=[^\s*_])|(?<=[^\s*_])(?:\*\*|\*|__)$", re.M)
_BULLET = re.compile(r"^\*[ \t]+", re.M)


def _double_spaced(lines: list[str]) -> bool:
    """A blank line after nearly every line: the blanks tell nothing about paragraphs."""
    idx = [i for i, ln in enumerate(lines) if ln.strip() and ln != _CELL]
    if len(idx) < 6:
        return False
    followed = sum(1 for i in idx if i + 1 < len(lines) and not lines[i + 1].strip())
    return followed / len(idx) > 0.7


# Where a line starts something of its own: an item label, a heading, a dash item.
_LABEL = re.compile(
    r"^(?:(?:phan|chuong|muc|dieu)\s+(?:thu\s+\w+|[ivxlc]+|\d+[a-z]?)\b|[ivxl]{1,5}\s*[.:]\s|\d{1,2}(?:\.\d{1,2}){0,2}\s*\.\s"
    r"|\d{1,2}\.\d{1,2}(?:\.\d{1,2})?\s|[a-zđ]\s*\)\s|\(\s*\d{1,2}\s*\)|[-+•–]\s+(?!\d{4}\b)|noi nhan\b|kinh gui\b"
    r"|can cu\b|(?:tm|kt|q|tl|tuq)\s*\.\s)")
_TAKES_NUMBER = re.compile(r"\b(?:khoan|dieu|diem|muc|so|nam|thang|ngay|chuong|phan|tai|lan|phu luc|mau|bieu)$")
_LETTER_LABEL = re.compile(r"^[a-zđ]\s*\)\s")
_SENTENCE_END = re.compile(r"[.;:!?…]\s*[\"”’)]?$|/\.$")
_AUTHORITY = re.compile(r"^(?:tm|kt|q|tl|tuq)\s*\.\s*", re.I)
_CONNECTOR_END = re.compile(r"(?:\b(?:va|cua|cac|ve|thuoc|truc thuoc|uy|tong|lien|chi|ban)|[-&,])$")

# Heads of a body name: a capitals line starting with one is a body of its own, not the end of the one above.
_BODY_HEADS = tuple(_key(w) for w in (
    "BỘ", "SỞ", "UBND", "ỦY BAN", "UỶ BAN", "HĐND", "HỘI ĐỒNG", "BAN", "CỤC", "TỔNG CỤC", "VỤ", "VIỆN", "VĂN PHÒNG",
    "PHÒNG", "TRUNG TÂM", "CHI CỤC", "TRƯỜNG ĐẠI HỌC", "TRƯỜNG CAO ĐẲNG", "TRƯỜNG TRUNG HỌC", "TRƯỜNG THPT",
    "TRƯỜNG THCS", "TRƯỜNG TIỂU HỌC", "TRƯỜNG MẦM NON", "ĐẢNG", "ĐOÀN", "CÔNG AN", "BỘ CHỈ HUY", "THANH TRA",
    "KHO BẠC", "NGÂN HÀNG", "TÒA ÁN", "VIỆN KIỂM SÁT", "LIÊN", "HỘI", "MẶT TRẬN", "KIỂM TOÁN", "BẢO HIỂM",
    "TỈNH ỦY", "THÀNH ỦY", "HUYỆN ỦY", "ĐẠI HỌC", "HỌC VIỆN", "TÒA", "BỘ TƯ LỆNH", "QUÂN", "BỆNH VIỆN",
    "TẬP ĐOÀN", "TỔNG CÔNG TY", "CÔNG TY", "KHU", "BAN QUẢN LÝ",
))
# Two-syllable words whose second syllable is also a body head (``THƯỜNG`` / ``VỤ QUỐC HỘI``): a break between
# them is a wrap, not the start of another body.
_HEAD_PAIRS = frozenset(tuple(_key(p).split()) for p in (
    "THƯỜNG VỤ", "NGHĨA VỤ", "DỊCH VỤ", "NHIỆM VỤ", "QUỐC HỘI", "XÃ HỘI", "ỦY BAN", "UỶ BAN", "VĂN PHÒNG",
    "QUỐC PHÒNG", "CÔNG ĐOÀN", "LIÊN ĐOÀN", "TẬP ĐOÀN", "THÀNH ĐOÀN", "CÁN BỘ", "TOÀN BỘ", "NỘI BỘ", "LIÊN BỘ",
    "HỌC VIỆN", "THƯ VIỆN", "BỆNH VIỆN", "CHI CỤC", "TỔNG CỤC", "ĐỊA BÀN", "KHU VỰC", "HIỆP HỘI", "LIÊN HIỆP",
    "PHỤ NỮ", "TRUNG ƯƠNG", "CHI BỘ", "ĐẢNG BỘ", "ĐẢNG ĐOÀN", "ĐOÀN THỂ", "TÒA ÁN",
))
# Position titles as printed over a signer's name (a capitals line that is one of these is the position line): the
# one list the parser reads too, and the standing committee's ``THƯỜNG TRỰC``.
_POSITION_TITLES = frozenset(_key(p) for p in (*POSITION_TITLES, "THƯỜNG TRỰC"))
# A line ending on one of these stops inside a word or a title (``KT. BỘ`` / ``TRƯỞNG``, ``PHÓ`` / ``CHỦ TỊCH``).
_OPEN_SYLLABLES = frozenset(_key(w) for w in (
    "PHÓ", "BỘ", "THỦ", "CHỦ", "ỦY", "UỶ", "THỐNG", "GIÁM", "TỔNG", "CHÁNH", "HIỆU", "VIỆN", "NHÂN", "QUỐC",
    "CHÍNH", "THƯỜNG", "THỨ", "KIỂM", "CHI", "BÍ", "THƯ", "ĐẠI", "THƯỢNG", "TRUNG", "THIẾU",
))
# Position titles (what a signature's position line starts with).
_POSITION_HEADS = tuple(_key(w) for w in (
    "PHÓ", "CHỦ TỊCH", "BỘ TRƯỞNG", "THỨ TRƯỞNG", "THỦ TƯỚNG", "GIÁM ĐỐC", "TỔNG GIÁM ĐỐC", "TRƯỞNG", "CHÁNH",
    "CỤC TRƯỞNG", "VỤ TRƯỞNG", "VIỆN TRƯỞNG", "THỐNG ĐỐC", "TỔNG", "HIỆU TRƯỞNG", "BÍ THƯ", "CHỦ NHIỆM",
    "THƯ KÝ", "ỦY VIÊN", "CHI CỤC TRƯỞNG", "KIỂM TOÁN TRƯỞNG", "TƯ LỆNH", "CHÍNH ỦY", "GIÁM THỊ", "TRƯỞNG BAN",
    "(ĐÃ KÝ)", "ĐÃ KÝ", "(KÝ", "KÝ",
))
_SURNAME_KEYS = frozenset(_key(s) for s in SURNAMES)


def _starts_with(key: str, heads: tuple[str, ...]) -> bool:
    return any(key == h or key.startswith(h + " ") for h in heads)


def _is_caps(text: str) -> bool:
    up = sum(map(str.isupper, text))
    low = sum(map(str.islower, text))
    return up + low >= 2 and up / (up + low) >= 0.85


_ALNUM = re.compile(r"[^\W_]")


def _is_rule(text: str) -> bool:
    return not _ALNUM.search(text) and bool(text.strip())


def _words(key: str) -> list[str]:
    return re.sub(r"[^a-z0-9&]+", " ", key).split()


def _caps_continues(a: str, b: str, signature: bool) -> bool:
    """Whether capitals line ``b`` is the wrapped end of capitals line ``a``: a body name in the header, an
    authority or position line in the signature."""
    ka, kb = _key(a), _key(b)
    wa, wb = _words(ka), _words(kb)
    if not wa or not wb or _AUTHORITY.match(kb):
        return False
    pair = (wa[-1], wb[0]) in _HEAD_PAIRS
    if signature:
        if wa[-1] in _OPEN_SYLLABLES or pair or _CONNECTOR_END.search(ka):
            return True
        if " ".join(wb) in _POSITION_TITLES or _starts_with(kb, ("da ky", "(da ky", "ky", "(ky")):
            return False
        if wb[0] in _SURNAME_KEYS and len(wb) >= 2:
            return False  # a name printed in capitals under the position
        return True
    if _CONNECTOR_END.search(ka) or pair or wa[-1] in _OPEN_SYLLABLES:
        return True
    return not _starts_with(kb, _BODY_HEADS)


def _name_continues(a: str, b: str) -> bool:
    """A signer's name wrapped in its cell (``Lương Tam`` / ``Quang``)."""
    wa, wb = a.split(), b.split()
    titled = lambda ws: all(w[:1].isupper() and w[1:].islower() for w in ws)  # noqa: E731
    return 1 <= len(wb) <= 3 and len(wa) + len(wb) <= 6 and titled(wb) and titled(wa[-2:]) and \
        any(_key(w) in _SURNAME_KEYS for w in wa[:3])


_CELL_LINES = 16  # a run of lines between two cell bars holding at most this many lines is a table cell


def _cell_flags(lines: list[str]) -> list[bool]:
    """Which lines sit in a table cell: a short run of lines closed by a cell bar (the header's and signature's
    cells), not the body between the header table and the signature table."""
    flags = [False] * len(lines)
    marks = [i for i, ln in enumerate(lines) if ln == _CELL]
    if not marks:
        return flags
    start = 0
    for end in marks:
        run = [i for i in range(start, end) if lines[i].strip()]
        if len(run) <= _CELL_LINES:
            for i in run:
                flags[i] = True
        start = end + 1
    return flags


def _signature_start(lines: list[str]) -> int:
    """Where the signature block starts: after the last sentence of the body that a short run of lines closed by
    a cell bar follows (the signature table's cells: the authority, position and name, the Nơi nhận list)."""
    marks = [i for i, ln in enumerate(lines) if ln == _CELL]
    if not marks:
        return len(lines)
    last = marks[-1]
    seen = 0
    top: int | None = None
    for i in range(last - 1, -1, -1):
        ln = lines[i]
        if ln == _CELL or not ln.strip():
            continue
        k = _key(ln)
        if k.startswith("noi nhan") or _AUTHORITY.match(k):
            top = i  # the topmost authority line of the block (TM. above KT., their wrapped ends between)
            continue
        if top is not None and (top - i > 3 or _SENTENCE_END.search(ln) or not _is_caps(ln)):
            return top
        seen += 1
        if seen > _CELL_LINES or (seen > 1 and _SENTENCE_END.search(ln) and not ln.startswith(("-", "+"))):
            return i + 1
    return top if top is not None else len(lines)


def _join(lines: list[str]) -> list[str]:
    """Join the wrapped pieces back into lines; blank lines and cell boundaries end a paragraph."""
    width = _body_width(lines)
    cells = _cell_flags(lines)
    sign_at = _signature_start(lines)
    head_end = _header_end(lines)
    piece = 0  # the length of the last line put on the output (a joined line's last piece)
    out: list[str] = []
    open_ = False  # whether the last output line may go on
    for i, ln in enumerate(lines):
        if ln == _CELL or not ln.strip():
            open_ = False
            continue
        signature = i >= sign_at
        if not open_ or not out:
            joined = False
        elif i < head_end or cells[i] or signature:
            joined = _continues(out[-1], ln, width, cells[i] or signature, signature, piece)
        else:
            joined = _body_continues(out[-1], ln, width, piece)
        piece = len(ln)
        if joined:
            out[-1] = f"{out[-1]} {ln}"
        else:
            out.append(ln)
        open_ = not _is_rule(ln)
    return [_finish(x) for x in out]


_BODY_START = re.compile(r"^(?:can cu|chuong [ivxl\d]|dieu 1\b|i\.|phan (?:i|thu nhat|1)\b|kinh gui)")


def _header_end(lines: list[str]) -> int:
    """Where the header zone ends (the first ``Căn cứ``, ``Chương I``, ``Điều 1``, ``I.`` line, at most 60 lines
    in): the body below is unwrapped by the paragraph rule alone."""
    seen = 0
    for i, ln in enumerate(lines):
        if ln == _CELL or not ln.strip():
            continue
        seen += 1
        if seen > 60 or _BODY_START.match(_key(ln[:16])):
            return i
    return len(lines)


def _body_continues(a: str, b: str, width: int, piece: int) -> bool:
    """The paragraph rule of the body: ``b`` goes on from ``a`` unless ``a`` ends a sentence, ``b`` starts with a
    label or is a heading, or ``a``'s last line (``piece`` characters) stops short of the width and ``b`` starts
    with a capital."""
    end = a[-1]
    if end in ".;:!?…" or end in "\"”’)" and _SENTENCE_END.search(a[-4:]):
        return end == "." and a.endswith("..") and not a.endswith("./.")
    first = b[0]
    if first.islower():
        return not _LETTER_LABEL.match(b)
    if first.isdigit():
        # ``khoản`` / ``2. Điều 5``: a number after a word that takes one is no label
        return not _LABEL.match(b[:12]) or bool(_TAKES_NUMBER.search(_key(a[-24:])))
    if _is_rule(a[-8:]) or not first.isalnum() and _is_rule(b) or _LABEL.match(_key(b[:24])):
        return False
    tail = a[-60:]
    caps_a, caps_b = _is_caps(tail), _is_caps(b)
    if caps_a != caps_b and (caps_a or first.isalpha() and caps_b):
        return False
    return piece + 1 + len(b.split(" ", 1)[0]) > width * (0.9 if caps_a else 0.85)


def _finish(line: str) -> str:
    return " ".join(line.split())


def _body_width(lines: list[str]) -> int:
    """The width the body was wrapped at: the longest lines (a wrapped text has many of about that length)."""
    lengths = sorted(len(ln) for ln in lines if ln.strip() and ln != _CELL)
    if not lengths:
        return 80
    return lengths[int(len(lengths) * 0.97) - 1 if len(lengths) > 30 else -1]


def _continues(a: str, b: str, width: int, in_cell: bool, signature: bool, piece: int) -> bool:
    """Whether line ``b`` continues line ``a`` (only the end of a long ``a`` is looked at)."""
    if len(a) > 120:
        a = a[-100:].split(" ", 1)[-1]
    if _is_rule(a) or _is_rule(b):
        return False
    ka, kb = _key(a), _key(b)
    if re.match(r"^(?:[a-z ]{2,24} )?so\s*:|^v\s*/\s*v\b", kb):
        return False  # the Số line, a Công văn's V/v line
    ca, cb = _compact(a), _compact(b)
    # Quốc hiệu, Tiêu ngữ, party motto broken anywhere
    for phrase in _RIGHT_PHRASES:
        if ca and ca != phrase and phrase.startswith(ca):
            return phrase.startswith(ca + cb)
    if any(cb and phrase.startswith(cb) and len(cb) >= 4 for phrase in _RIGHT_PHRASES):
        return False
    # a date line broken anywhere: Bắc / Giang, ngày 30 / tháng 01 / năm 2024
    if not _FULL_DATE.search(ka) and len(ka) < 60:
        if _DATE_START.search(ka) and (_FULL_DATE.search(f"{ka} {kb}") or re.match(r"^(?:thang|nam|\d)", kb)):
            return True
        if not _DATE_START.search(ka) and _DATE_START.search(f"{ka} {kb}") and "," in kb and \
                len(ka.split()) <= 3 and not _LABEL.match(kb):
            return True  # the place name broken: Bắc / Giang, ngày 30 ...
    if _FULL_DATE.search(ka):
        return False
    # the Số line broken after ``Số:``
    if re.match(r"^(?:[a-z ]{2,24} )?so\s*:?\s*$", ka) or re.match(r"^(?:[a-z ]{2,24} )?so\s*:?\s*\S*[/-]$", ka):
        return True
    if _SENTENCE_END.search(a) and not a.endswith(("..", "…")):
        return False
    if _LABEL.match(kb):
        return False
    caps_a, caps_b = _is_caps(a), _is_caps(b)
    if caps_a and caps_b:
        if in_cell or signature:
            return _caps_continues(a, b, signature)
        return piece + 1 + len(b.split()[0]) > width * 0.9  # a wrapped capitals heading or title
    if caps_a != caps_b and (caps_a or (in_cell or b[:1].isalpha()) and caps_b):
        return False  # a title, a heading or an authority line stands on its own
    first = b[:1]
    if first.islower() or first.isdigit():
        return True
    if in_cell:
        return signature and _name_continues(a, b)
    return piece + 1 + len(b.split()[0]) > width * 0.85
