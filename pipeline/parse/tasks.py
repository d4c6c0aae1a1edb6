"""Targets (chỉ tiêu, danh hiệu) and tasks (nhiệm vụ) of plans and directives, read from the outline.

Targets: the items under a section titled ``chỉ tiêu`` (targets) or ``danh hiệu`` (honours), each with its path,
text, quantities and deadlines. Tasks: the items under ``Tổ chức thực hiện`` (implementation), ``Phân công
nhiệm vụ`` (assignment) or ``Trách nhiệm ...`` (responsibilities), each with the responsible unit(s)
(``Giao Văn phòng theo dõi...``, ``Sở Tài chính chủ trì...``) and collaborators (``phối hợp với ...``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.parse.deadlines import find_deadlines
from pipeline.parse.lines import Line, squash
from pipeline.parse.outline import Node, node_lines
from pipeline.parse.quantities import find_quantities
from pipeline.parse.spans import Joined
from pipeline.record import Deadline, Target, Task

_LEAD = r"^\W*(?:\S{1,3}\s+)?(?:mot so\s+|cac\s+|nhung\s+|he thong\s+)?"
TARGET_TITLE = re.compile(_LEAD + r"(?:chi tieu|muc tieu cu the)")
HONOUR_TITLE = re.compile(_LEAD + r"(?:d\S{0,3}nh\s+hi\S{0,2}u|hinh thuc khen thuong)")
TASK_TITLE = re.compile(_LEAD + r"(?:to chuc thuc hien|phan cong|trach nhiem|giao nhiem vu|nhiem vu)")
_HEADING_KINDS = {"phan", "chuong", "muc", "dieu", "roman", "num", "num2", "num3", "letter"}


def _heading_key(node: Node) -> str | None:
    """The unmarked title of a section heading; None for items (``(1)``) and long sentences."""
    if node.kind not in _HEADING_KINDS or not node.line or len(node.title or "") > 90:
        return None
    title = node.line.key[node.head_end:].strip()
    if not title or len(title) > 90 or (node.children == [] and len(title) > 60 and title.endswith((".", ";"))):
        return None
    return title

# Verbs that follow the responsible unit (lower-case as printed); longer first when matching.
VERBS = [
    "chủ trì", "phối hợp", "theo dõi", "đôn đốc", "tổ chức", "triển khai", "thực hiện", "xây dựng", "hướng dẫn",
    "kiểm tra", "tham mưu", "báo cáo", "tổng hợp", "chỉ đạo", "quán triệt", "có trách nhiệm", "chịu trách nhiệm",
    "rà soát", "đề xuất", "trình", "ban hành", "bố trí", "đảm bảo", "bảo đảm", "tuyên truyền", "phổ biến",
    "cung cấp", "thẩm định", "tiếp nhận", "giám sát", "nghiên cứu", "khẩn trương", "tăng cường", "chủ động",
    "tiếp tục", "phát động", "cập nhật", "công bố", "thông báo", "quản lý", "hỗ trợ", "vận động", "căn cứ",
    "là cơ quan", "lập", "sơ kết", "tổng kết", "đánh giá", "gửi", "hoàn thành", "tập trung", "thường xuyên",
    "định kỳ", "phải", "cần", "thi hành", "giúp", "làm đầu mối", "xem xét", "chấp hành", "nắm", "quyết định",
    "phân công", "cử", "dự", "tham gia", "lãnh đạo", "quan tâm", "bổ sung", "sửa đổi", "ưu tiên",
]
_VERB_RX = re.compile(r"(?<![\w])(?:" + "|".join(sorted((re.escape(v) for v in VERBS), key=len, reverse=True))
                      + r")(?![\w])")
_GIAO = re.compile(r"(?:^|[.;:]\s*)(?:[Gg]iao|Đề nghị|Yêu cầu)\s+(?:cho\s+)?")
_CHU_TRI = re.compile(r"(?<![\w])chủ trì(?![\w])")
_PHOI_HOP = re.compile(r"(?<![\w])phối hợp(?:\s+chặt chẽ)?\s+(?:với|cùng)\s+", re.I)
_COLLAB_END = re.compile(r"(?<![\w])(?:để|nhằm|trong|tổ chức|triển khai|thực hiện|xây dựng|tham mưu|trình|"
                         r"kiểm tra|hướng dẫn|rà soát|theo dõi|báo cáo|tổng hợp|đề xuất|theo)(?![\w])|[;.:(]")
# A new unit starts after "và"/"," only when it begins with one of these heads.
_UNIT_HEAD = re.compile(r"^(?:Sở|Bộ|Ban|UBND|Ủy ban|Văn phòng|Thủ trưởng|Chủ tịch|Công an|Các|các|Cục|Trung tâm|"
                        r"Hội|Liên|Thanh tra|Đài|Báo|Tỉnh|Huyện|Thường trực|Kho bạc|Ngân hàng|Viện|Trường|Phòng|"
                        r"Đoàn|Bộ trưởng|Giám đốc|Cơ quan|Tổng|Chi cục|Quỹ|Hải quan|Đảng|Mặt trận|MTTQ|HĐND|BCH)\b")
_PROTECT = ["Văn hóa, Thể thao và Du lịch", "Lao động - Thương binh và Xã hội"]


@dataclass
class Item:
    node: Node | None
    path: str
    lines: list[Line]


def _items(lines: list[Line], node: Node) -> list[Item]:
    """The leaf items of a section: labelled sub-sections, else dash bullets, else the section's text."""
    leaves = [n for n in node.walk() if n is not node and not n.children]
    if leaves:
        return [Item(n, n.path, node_lines(lines, n)) for n in leaves]
    own = node_lines(lines, node)[1:] if node.title else node_lines(lines, node)
    bullets: list[list[Line]] = []
    for ln in own:
        if ln.blank:
            continue
        if re.match(r"^\s*[-+•–—]\s+", ln.text):
            bullets.append([ln])
        elif bullets:
            bullets[-1].append(ln)
    if bullets:
        return [Item(None, f"{node.path}.-{k}", b) for k, b in enumerate(bullets, start=1)]
    text_lines = [ln for ln in own if not ln.blank]
    return [Item(node, node.path, text_lines)] if text_lines else []


def _text(joined: Joined) -> str:
    text = re.sub(r"^\s*[-+•–—]\s+", "", squash(joined.text))
    return re.sub(r"[\s,;.:/]+$", "", text)


def _deadlines(joined: Joined) -> list[Deadline]:
    out = []
    for f in find_deadlines(joined.text, joined.key):
        d = f.deadline
        d.evidence = joined.evidence(f.start, f.end, 0.8)
        out.append(d)
    return out


def find_targets(lines: list[Line], roots: list[Node]) -> list[Target]:
    out: list[Target] = []
    done: set[int] = set()
    for root in roots:
        for node in root.walk():
            if id(node) in done:
                continue
            title = _heading_key(node)
            if title is None:
                continue
            kind = "honour" if HONOUR_TITLE.search(title) else "target" if TARGET_TITLE.search(title) else None
            if kind is None:
                continue
            done.update(id(n) for n in node.walk())
            for item in _items(lines, node):
                joined = Joined.of(item.lines)
                text = _text(joined)
                if not text:
                    continue
                out.append(Target(path=item.path, kind=kind, text=text, quantities=find_quantities(text),
                                  deadlines=_deadlines(joined), evidence=joined.evidence(0, len(joined.text), 0.85)))
    return out


def split_units(text: str) -> list[str]:
    """``Sở Tài chính, Sở Xây dựng và UBND các huyện`` → three units; names with commas are kept whole."""
    protected = text
    for i, p in enumerate(_PROTECT):
        protected = protected.replace(p, f"\x00{i}\x00")
    parts = re.split(r",\s*|\s+và\s+(?=\S)", protected)
    units: list[str] = []
    for part in parts:
        part = part.strip(" ,;.:")
        if not part:
            continue
        if units and not _UNIT_HEAD.match(part):
            units[-1] = f"{units[-1]}, {part}" if re.search(r",\s*" + re.escape(part), protected) else f"{units[-1]} và {part}"
            continue
        units.append(part)
    return [re.sub(r"\x00(\d)\x00", lambda m: _PROTECT[int(m.group(1))], u) for u in units]


def _subject_before_verb(text: str) -> str | None:
    """The unit at the start of a clause, up to the first verb (``Sở Tài chính chủ trì`` → ``Sở Tài chính``)."""
    m = _VERB_RX.search(text.lower())
    if not m or m.start() == 0:
        return None
    head = text[: m.start()].strip(" ,:;-")
    if not head or not _UNIT_HEAD.match(head) or len(head.split()) > 40:
        return None
    return head


def responsible_units(text: str) -> tuple[list[str], list[str]]:
    """(responsible, collaborators) of one task text, by rules."""
    responsible: list[str] = []
    collaborators: list[str] = []
    title = re.match(r"^([^:;.]{3,80}):\s", text)
    g = _GIAO.search(text)
    if title and _UNIT_HEAD.match(title.group(1)):
        responsible = split_units(title.group(1))
    elif g:
        rest = text[g.end():]
        m = _VERB_RX.search(rest.lower())
        if m and m.start() > 0 and rest[:1].isupper():
            responsible = split_units(rest[: m.start()])
    else:
        subject = _subject_before_verb(text)
        if subject:
            responsible = split_units(subject)
    for m in _PHOI_HOP.finditer(text):
        rest = text[m.end():]
        end = _COLLAB_END.search(rest)
        chunk = rest[: end.start()] if end else rest[:150]
        collaborators.extend(u for u in split_units(chunk) if u not in collaborators and u not in responsible)
    responsible = [u for u in responsible if len(u) <= 200]
    return responsible, collaborators


def _unit_in_title(title: str) -> list[str]:
    """``Trách nhiệm của Bộ Tài chính`` / ``Sở Tài chính:`` → the unit named by a section title."""
    m = re.search(r"(?i)trách nhiệm của\s+(.+?)\s*[:.]?$", title)
    if m:
        return split_units(m.group(1))
    m = re.match(r"^(.{3,80}?)\s*:?\s*$", title)
    if m and _UNIT_HEAD.match(m.group(1)) and not _VERB_RX.search(m.group(1).lower()):
        return split_units(m.group(1))
    return []


def find_tasks(lines: list[Line], roots: list[Node], ner=None) -> list[Task]:
    out: list[Task] = []
    done: set[int] = set()
    for root in roots:
        for node in root.walk():
            if id(node) in done:
                continue
            title = _heading_key(node)
            if title is None or not TASK_TITLE.search(title):
                continue
            done.update(id(n) for n in node.walk())
            default = _unit_in_title(node.title or "")
            for item in _items(lines, node):
                joined = Joined.of(item.lines)
                text = _text(joined)
                if not text:
                    continue
                responsible, collaborators = responsible_units(text)
                if not responsible and item.node is not None and item.node is not node:
                    responsible = _unit_in_title(item.node.title or "") if len(item.node.title or "") <= 90 else []
                if not responsible and default:
                    responsible = default
                if ner is not None and not responsible:
                    responsible = ner(text)
                out.append(Task(path=item.path, text=text, responsible=responsible, collaborators=collaborators,
                                deadlines=_deadlines(joined), evidence=joined.evidence(0, len(joined.text), 0.8)))
    return out
