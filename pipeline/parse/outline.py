"""The outline of the body: numbered sections as a tree, each with its path (``II.1.3.(4)``) and title.

Labels at the start of a line, outermost first: ``Phần`` (part), ``Chương`` (chapter), ``Mục`` (section),
``Điều`` (article), Roman ``I.``, ``1.``, ``1.1.``, ``1.1.1.``, ``a)``, ``(1)``. A label opens a node below the
nearest open node of a higher rank. Every node keeps the line range of its text so that targets and tasks can
read the items under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import TypeAdapter

from pipeline.lexicon import POINT_LETTERS
from pipeline.parse.lines import Line, is_caps, squash
from pipeline.record import Section

RANKS = {"phan": 0, "chuong": 1, "muc": 2, "dieu": 3, "roman": 4, "num": 5, "num2": 6, "num3": 7,
         "letter": 8, "paren": 9}

# a) and (1) nest either way round (a) under (1) or (1) under a)): they follow the order they appear in.
_FLEXIBLE = {"letter", "paren"}

_LEADING_JUNK = re.compile(r"^\s*[’‘'`\"“”•·,~^*]+\s*")
_NAMED = re.compile(r"^\s*(?P<word>phan|chuong|muc|dieu)\s+(?P<id>thu\s+[a-z]+|[ivxlc]+|\d+[a-z]?)\b\s*[.:]?\s*")
_ROMAN = re.compile(r"^\s*(?P<id>[IVXL1l]{1,5})\s*[.:]\s+(?=\S)")
_NUM3 = re.compile(r"^\s*(?P<id>\d{1,2}\.\d{1,2}\.\d{1,2})\.?\s+(?=\S)")
_NUM2 = re.compile(r"^\s*(?P<id>\d{1,2}\.\d{1,2})\.?\s+(?=\S)")
_NUM = re.compile(r"^\s*(?P<id>\d{1,2})\s*[.]\s+(?=\S)")
_LETTER = re.compile(r"^\s*(?P<id>[a-zđ])\s*\)\s*(?=\S)")
_PAREN = re.compile(r"^\s*\(\s*(?P<id>\d{1,2})\s*\)?\s+(?=\S)")

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(text: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(text.upper()):
        v = _ROMAN_VALUES.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total or None


@dataclass
class Node:
    kind: str
    label: str  # as printed, e.g. "1.3." or "(4)"
    component: str  # path component, e.g. "3" or "(4)"
    title: str | None
    start: int  # index of the label line (into the document lines)
    end: int = 0  # index after the last line of the node's text
    path: str = ""
    children: list["Node"] = field(default_factory=list)
    line: Line | None = None
    head_end: int = 0  # offset in the label line where the text after the label starts

    @property
    def rank(self) -> int:
        return RANKS[self.kind]

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


def match_label(line: Line) -> tuple[str, str, str, int] | None:
    """(kind, label as printed, path component, end of label) for a line that opens a section."""
    text = line.text
    junk = _LEADING_JUNK.match(text)
    if junk and junk.end() > 0 and junk.end() < len(text):
        found = match_label(line.segment(junk.end()))  # ``’ (1) Tập thể`` (a stray mark before the label)
        return (found[0], found[1], found[2], found[3] + junk.end()) if found else None
    first = text.lstrip()[:1]
    if not first or not (first.isdigit() or first in "IVXLl(abcdefghiklmnopqrstuvxyđPCMĐpcmđ"):
        return None
    if len(text) > 400 and not first.isdigit() and first not in "(abcdefghiklmnopqrstuvxyđ":
        return None
    key = line.key if first in "PCMĐpcmđ" else ""
    m = _NAMED.match(key) if key else None
    if m:
        word = {"phan": "Phần", "chuong": "Chương", "muc": "Mục", "dieu": "Điều"}[m.group("word")]
        ident = text[m.start("id"):m.end("id")]
        if m.group("word") in ("phan", "chuong", "muc") and not text[m.start("word")].isupper():
            return None
        if m.group("word") == "dieu" and not re.match(r"^\s*\S+\s+\S+\s*[.:]", text):
            return None
        printed = text[m.start("word"):m.end()].strip()  # "Điều 3." as printed, with its dot
        return m.group("word"), printed if printed.endswith((".", ":")) else f"{word} {ident}", f"{word} {ident}", m.end()
    m = _NUM3.match(text)
    if m:
        ident = m.group("id")
        return "num3", ident + ".", ident.split(".")[-1], m.end()
    m = _NUM2.match(text)
    if m:
        ident = m.group("id")
        return "num2", ident + ".", ident.split(".")[-1], m.end()
    m = _NUM.match(text)
    if m:
        ident = m.group("id")
        if int(ident) == 0:
            return None
        return "num", ident + ".", str(int(ident)), m.end()
    m = _ROMAN.match(text)
    if m:
        ident = m.group("id").replace("1", "I").replace("l", "I")
        if roman_value(ident) is None or not any(ch in ident for ch in "IVX"):
            return None
        return "roman", ident + ".", ident, m.end()
    m = _LETTER.match(text)
    if m:
        ident = m.group("id")
        return "letter", ident + ")", ident, m.end()
    m = _PAREN.match(text)
    if m:
        ident = m.group("id")
        return "paren", f"({ident})", f"({int(ident)})", m.end()
    return None


# Paragraphs that close a list (``Yêu cầu ...``, ``Trên đây là ...``): they end every open item.
_CLOSING = re.compile(r"^\s*(?:Yêu cầu|Trên đây|Trong quá trình thực hiện|Quá trình thực hiện|Nay thông báo|"
                      r"(?:Ủy ban nhân dân|UBND|Chủ tịch (?:Ủy ban nhân dân|UBND)) (?:tỉnh|thành phố|huyện) yêu cầu)\b")

# Digits OCR confuses with each other (a printed 5 read as 9, 8 as 6 or 3, ...).
_CONFUSABLE = {frozenset(p) for p in [(5, 9), (6, 8), (3, 8), (1, 7), (0, 8), (5, 6), (8, 9), (2, 7), (4, 9)]}


def to_roman(value: int) -> str:
    out = []
    for v, sym in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= v:
            out.append(sym)
            value -= v
    return "".join(out)


def _repair_sequence(kind: str, previous: str, current: str) -> str:
    """The path component an OCR-damaged label stands for, judged from the sibling before it: a Roman
    numeral that does not go up (``II.`` after ``II.`` is ``III.``), or a digit misread as a look-alike
    (``9.`` after ``4.`` is ``5.``). Other gaps (a missing item) are kept as printed."""
    if kind == "roman":
        a, b = roman_value(previous), roman_value(current)
        if a and b and b <= a:
            return to_roman(a + 1)
    elif kind == "num" and previous.isdigit() and current.isdigit():
        a, b = int(previous), int(current)
        if b > a + 1 and b < 10 and frozenset((a + 1, b)) in _CONFUSABLE:
            return str(a + 1)
    return current


def _next_in_sequence(kind: str, previous: str, current: str) -> bool:
    """Whether ``current`` is the label right after ``previous`` (5 → 6, II → III, b → c)."""
    if kind == "roman":
        a, b = roman_value(previous), roman_value(current)
        return bool(a and b and b == a + 1)
    if previous.isdigit() and current.isdigit():
        return int(current) == int(previous) + 1
    if len(previous) == 1 and len(current) == 1 and previous.isalpha():
        at = POINT_LETTERS.find(previous)
        return at >= 0 and POINT_LETTERS[at + 1:at + 2] == current
    return False


def build_outline(lines: list[Line], start: int, end: int) -> list[Node]:
    """Sections of lines[start:end] as a forest of nodes."""
    roots: list[Node] = []
    stack: list[Node] = []
    closed: list[Node] = []  # the items a closing-looking paragraph closed, until the next label
    previous: Line | None = None
    for i in range(start, end):
        ln = lines[i]
        if ln.blank:
            continue
        prev, previous = previous, ln
        found = match_label(ln)
        if not found:
            if stack and prev is not None and prev.text.rstrip().endswith((".", ":")) and _CLOSING.match(ln.text):
                closed = list(stack)
                while stack:  # a closing paragraph after the last item belongs to no item
                    stack.pop().end = i
            continue
        kind, label, comp, label_end = found
        if closed and not stack and any(n.kind == kind and _next_in_sequence(kind, n.component, comp) for n in closed):
            # the list goes on after it ("Trong quá trình thực hiện ..." then "7."): the paragraph was the
            # last item's own, not the document's closing
            stack = closed
        closed = []
        if kind == "num2" and stack and not any(n.kind == "num" for n in stack):
            pass
        title = squash(ln.text[label_end:]) or None
        if title is None and kind in ("phan", "chuong", "muc", "roman"):
            nxt = next((k for k in range(i + 1, min(end, i + 4)) if not lines[k].blank), None)
            if nxt is not None and is_caps(lines[nxt].text) and not match_label(lines[nxt]):
                title = lines[nxt].stripped
        node = Node(kind, label, comp, title, i, line=ln, head_end=label_end)
        if node.kind in _FLEXIBLE and any(n.kind == node.kind for n in stack):
            while stack and stack[-1].kind != node.kind:  # a sibling of the open item of the same kind
                stack.pop().end = i
            stack.pop().end = i
        elif node.kind not in _FLEXIBLE:
            while stack and stack[-1].rank >= node.rank:
                stack.pop().end = i
        parent = stack[-1] if stack else None
        siblings = parent.children if parent else roots
        prev = next((n for n in reversed(siblings) if n.kind == kind), None)
        if prev is not None:
            fixed = _repair_sequence(kind, prev.component, comp)
            if fixed != comp:
                comp = node.component = fixed
        if kind in ("num2", "num3"):
            # 1.3. under item 1 adds "3"; without its item above it (or under another one) it adds "1.3"
            ident = label.rstrip(".")
            head = ident.rsplit(".", 1)[0]
            want = "num" if kind == "num2" else "num2"
            if not (parent and parent.kind == want and parent.label.rstrip(".") == head):
                comp = ident
                node.component = comp
        node.path = f"{parent.path}.{comp}" if parent else comp
        (parent.children if parent else roots).append(node)
        stack.append(node)
    while stack:
        stack.pop().end = end
    return roots


_SECTIONS = TypeAdapter(list[Section])


def _section_dict(n: Node, depth: int) -> dict:
    ln = n.line
    ev = None
    if ln is not None:
        ev = {"page": ln.page, "line": ln.number, "start": ln.start, "end": ln.start + len(ln.text),
              "text": ln.text.strip(), "confidence": 0.9}
    return {"path": n.path, "label": n.label, "title": n.title, "level": depth, "evidence": ev,
            "children": [_section_dict(c, depth + 1) for c in n.children]}


def to_sections(nodes: list[Node], depth: int = 0) -> list[Section]:
    """The outline as ``Section`` records (one validation call for the whole tree: long laws have thousands)."""
    return _SECTIONS.validate_python([_section_dict(n, depth) for n in nodes])


def node_lines(lines: list[Line], node: Node, own_only: bool = False) -> list[Line]:
    """The lines of a node's text (from after its label), excluding child sections when ``own_only``."""
    stop = node.children[0].start if own_only and node.children else node.end
    first = lines[node.start].segment(node.head_end)
    return [first] + [ln for ln in lines[node.start + 1:stop]]
