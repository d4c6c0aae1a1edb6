"""Targets (chỉ tiêu, danh hiệu) and tasks (nhiệm vụ) of plans and directives, read from the outline.

Targets: the items under a section titled ``chỉ tiêu`` (targets) or ``danh hiệu`` (honours), each with its path,
text, quantities and deadlines. Tasks: the items under ``Tổ chức thực hiện`` (implementation), ``Phân công
nhiệm vụ`` (assignment) or ``Trách nhiệm ...`` (responsibilities), each with the responsible unit(s)
(``Giao Văn phòng theo dõi...``, ``Sở Tài chính chủ trì...``) and collaborators (``phối hợp với ...``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from pipeline.parse import gazetteer as gz
from pipeline.parse.deadlines import find_deadlines
from pipeline.parse.lines import Line, make_key, squash
from pipeline.parse.outline import Node, node_lines
from pipeline.parse.quantities import find_quantities
from pipeline.parse.spans import Joined
from pipeline.parse.vocabulary import VERBS, cited_after_tai
from pipeline.record import Deadline, Owner, Target, Task

_LEAD = r"^\W*(?:\S{1,3}\s+)?(?:mot so\s+|cac\s+|nhung\s+|he thong\s+)?"
TARGET_OPENING = re.compile(_LEAD + r"(?:chi tieu|muc tieu cu the)")  # a line that opens with the word
TARGET_TITLE = re.compile(TARGET_OPENING.pattern + r"|\bchi tieu\b")  # ... or a heading that holds it
HONOUR_TITLE = re.compile(_LEAD + r"(?:d\S{0,3}nh\s+hi\S{0,2}u|hinh thuc khen thuong)")
# also a plan's content headed ``Nội dung thực hiện`` / ``triển khai`` / ``trọng tâm`` / ``chủ yếu`` (not the
# ``Nội dung thi đua`` of an emulation plan: its items are the movement's content, not assignments)
TASK_TITLE = re.compile(_LEAD + r"(?:to chuc thuc hien|phan cong|trach nhiem|giao nhiem vu|nhiem vu|"
                        r"noi dung (?:thuc hien|trien khai|trong tam|chu yeu|nhiem vu|cong viec))")
_HEADING_KINDS = {"phan", "chuong", "muc", "dieu", "roman", "num", "num2", "num3", "letter"}


def _is_task_section(node: Node) -> bool:
    """A section whose heading names tasks (Tổ chức thực hiện, Trách nhiệm …, Nhiệm vụ …)."""
    title = _heading_key(node)
    return title is not None and bool(TASK_TITLE.search(title))


def _heading_key(node: Node) -> str | None:
    """The unmarked title of a section heading; None for items (``(1)``) and long sentences."""
    if node.kind not in _HEADING_KINDS or not node.line or len(node.title or "") > 90:
        return None
    title = node.line.key[node.head_end:].strip()
    if not title or len(title) > 90 or (node.children == [] and len(title) > 60 and title.endswith((".", ";"))):
        return None
    return title

# Verbs that are part of a compound noun in some contexts: trình (submit) in công trình, chương trình …; giúp
# (help) in "Cơ quan giúp việc" (the assisting body); giám sát (supervise) in "Đoàn giám sát" (the supervision
# delegation); dự (attend) in dự án, dự toán, dự thảo (project, estimate, draft).
_VERB_CONTEXT = {
    "trình": r"(?<!công )(?<!chương )(?<!quy )(?<!tờ )(?<!Tờ )(?<!lộ )trình(?! độ)",
    "giúp": r"giúp(?! việc)",
    "giám sát": r"(?<!Đoàn )(?<!đoàn )giám sát",
    "dự": r"dự(?! án)(?! toán)(?! thảo)(?! kiến)(?! báo)(?! phòng)(?! trữ)",
    # "Cơ quan chủ trì" (the lead agency), "cơ quan tiếp nhận" (the receiving agency): nouns right after "cơ quan"
    "chủ trì": r"(?<!Cơ quan )(?<!cơ quan )(?<!đơn vị )chủ trì",
    "tiếp nhận": r"(?<!Cơ quan )(?<!cơ quan )tiếp nhận",
    # "X được giao" (X is assigned): the unit ends there; "được quy định tại" (defined in) belongs to the unit
    "được": r"được(?! quy định)(?! nêu)",
    "cần": r"cần(?! thiết)",  # "(nếu cần thiết)": if need be
}


def _verb_alternation() -> str:
    """The verbs as one alternation, each in the contexts where it is a verb (``_VERB_CONTEXT``)."""
    return "|".join(_VERB_CONTEXT.get(v, re.escape(v)) for v in sorted(VERBS, key=len, reverse=True))


# "tổ chức", "báo cáo" after "các"/"Các"/"," are nouns (organisations, reports), not verbs
_VERB_RX = re.compile(r"(?<![\w])(?<!các )(?<!Các )(?<!, )(?:" + _verb_alternation() + r")(?![\w])")
_GIAO = re.compile(r"(?:^|[.;:]\s*)(?:[Gg]iao|Đề nghị|Yêu cầu)\s+(?:cho\s+)?")
_CHU_TRI = re.compile(r"(?<![\w])chủ trì(?![\w])")
_PHOI_HOP = re.compile(r"(?<![\w])phối hợp(?:\s+chặt chẽ)?\s+(?:(?:với|cùng)\s+|(?=(?:Sở|Bộ|Ban|Cục|UBND|Ủy ban|Công an|"
                       r"Đài|Báo|Văn phòng|Trung tâm|Chi cục|Kho bạc|Thanh tra|Bộ Chỉ huy)\b))", re.I)
_COLLAB_END = re.compile(r"(?<![\w])(?<!các )(?<!, )(?:để|nhằm|trong|theo|tại|" + _verb_alternation()
                         + r")(?![\w])|[;.:(]")
# A new unit starts after "và"/"," only when it begins with one of these heads.
# "Các"/"các" (the plural) opens a unit unless what follows is a thing, not an agent: contents, reports, documents,
# cases, tasks, activities, information, work, rules (``Các nội dung giao Thường trực …``, ``Các báo cáo … được``).
_THINGS = (r"(?!\s+(?:nội dung|báo cáo|văn bản|tài liệu|trường hợp|nhiệm vụ|hoạt động|thông tin|công việc|quy định|"
           r"chính sách|biện pháp|giải pháp|chỉ tiêu|hồ sơ|điều kiện|khoản|số liệu)\b)")
_UNIT_HEAD = re.compile(r"^(?:Sở|Bộ|Ban|UBND|Ủy ban|Văn phòng|Thủ trưởng|Chủ tịch|Công an|Các" + _THINGS + "|các" + _THINGS + r"|Cục|Trung tâm|"
                        r"Hội|Liên|Thanh tra|Đài|Báo|Tỉnh|Huyện|Thường trực|Kho bạc|Ngân hàng|Viện|Trường(?! hợp)|Phòng|"
                        r"Đoàn|Bộ trưởng|Giám đốc|Cơ quan|Tổng cục|Tổng công ty|Tổng Liên đoàn|Chi cục|Quỹ|Hải quan|Đảng|Mặt trận|MTTQ|HĐND|BCH|Chánh|Trưởng|Tổ|"
                        r"Người đứng đầu|Lãnh đạo|Công ty|Tập đoàn|Khối|Phó Chủ tịch|Phó Giám đốc|Đồng chí|Đ/c)\b")
_PROTECT = ["Văn hóa, Thể thao và Du lịch", "Lao động - Thương binh và Xã hội"]
# "Trên cơ sở báo cáo của ..., giao Sở Tài chính chủ trì": the assignment after a comma, a unit right after it
# (", giao đất" is land allocation, no assignment). Not "đề nghị" (to propose): after a comma in a legal text it
# is a power of the clause's subject ("Khi xét thấy cần thiết, đề nghị Ban khác ... phối hợp").
_GIAO_INLINE = re.compile(r",\s*giao\s+(?:cho\s+)?(?=" + _UNIT_HEAD.pattern.lstrip("^") + ")")


@dataclass
class Item:
    node: Node | None
    path: str
    lines: list[Line]


def _items(lines: list[Line], node: Node) -> list[Item]:
    """The leaf items of a section: labelled sub-sections, else dash bullets, else the section's text. A labelled
    leaf whose lead ends with a colon and opens two or more dash bullets is read as those bullets
    (``6. UBND các huyện … chịu trách nhiệm:`` then ``- …`` items, each a task of the unit the lead names)."""
    leaves = [n for n in node.walk() if n is not node and not n.children]
    if leaves:
        out: list[Item] = []
        for n in leaves:
            own = node_lines(lines, n)
            lead, bullets = _bullets(own)
            head = squash(" ".join(ln.text for ln in lead))
            if len(bullets) >= 2 and (head.endswith(":") or _bare_name(head)):
                out.extend(Item(n, f"{n.path}.-{k}", b) for k, b in enumerate(bullets, start=1))
            else:
                out.append(Item(n, n.path, own))
        return out
    own = node_lines(lines, node)[1:] if node.title else node_lines(lines, node)
    _, bullets = _bullets(own)
    if bullets:
        return [Item(None, f"{node.path}.-{k}", b) for k, b in enumerate(bullets, start=1)]
    text_lines = [ln for ln in own if not ln.blank]
    return [Item(node, node.path, text_lines)] if text_lines else []


# a dash bullet, perhaps behind a stray mark OCR read off the page (``„ - Thống kê ...``)
_BULLET = re.compile(r"^\s*(?:[’‘'`\"“”„,.~^]\s*)?[-+•–—]\s+")


def _bullets(own: list[Line]) -> tuple[list[Line], list[list[Line]]]:
    """The lines before the first dash bullet, and the bullets (each with the lines that continue it)."""
    lead: list[Line] = []
    bullets: list[list[Line]] = []
    for ln in own:
        if ln.blank:
            continue
        if _BULLET.match(ln.text):
            bullets.append([ln])
        elif bullets:
            bullets[-1].append(ln)
        else:
            lead.append(ln)
    return lead, bullets


def _text(joined: Joined) -> str:
    text = _BULLET.sub("", squash(joined.text))
    return re.sub(r"[\s,;.:/]+$", "", text)


DeadlineLookup = Callable[[list[Line]], list[Deadline]]


def _deadlines(joined: Joined) -> list[Deadline]:
    """The deadlines in an item's own text (used when no document-wide lookup is given)."""
    out = []
    for f in find_deadlines(joined.text, joined.key):
        d = f.deadline
        d.evidence = joined.evidence(f.start, f.end, 0.8)
        out.append(d)
    return out


def _item_deadlines(joined: Joined, lookup: DeadlineLookup | None) -> list[Deadline]:
    return lookup(joined.lines) if lookup is not None else _deadlines(joined)


def _label(item: Item) -> str | None:
    if item.node is not None and item.path == item.node.path:
        return item.node.label
    return "-"  # a dash bullet


def _target(item: Item, kind: str, deadlines: DeadlineLookup | None) -> Target | None:
    joined = Joined.of(item.lines)
    text = _text(joined)
    if not text:
        return None
    return Target(path=item.path, label=_label(item), kind=kind, text=text, quantities=find_quantities(text),
                  deadlines=_item_deadlines(joined, deadlines), evidence=joined.evidence(0, len(joined.text), 0.85))


def find_targets(lines: list[Line], roots: list[Node], deadlines: DeadlineLookup | None = None,
                 covered: set[int] | None = None) -> list[Target]:
    """Items of the chỉ tiêu / danh hiệu sections; elsewhere, an item that sets a percentage (``bảo đảm 100%
    văn bản ...``). ``covered`` receives the ids of the nodes used (tasks skip them)."""
    out: list[Target] = []
    done: set[int] = set() if covered is None else covered
    for root in roots:
        for node in root.walk():
            if id(node) in done:
                continue
            title = _heading_key(node)
            if title is None:
                continue
            # an item's own first line (a leaf) names targets only when it opens with the word (``Các chỉ tiêu
            # ...``), not when an item's sentence mentions them (``Rà soát ... các chỉ tiêu chuyển đổi số``)
            rx = TARGET_TITLE if node.children else TARGET_OPENING
            kind = "honour" if HONOUR_TITLE.search(title) else "target" if rx.search(title) else None
            if kind is None:
                continue
            done.update(id(n) for n in node.walk())
            out.extend(t for t in (_target(item, kind, deadlines) for item in _items(lines, node)) if t)
    # an item of a task section (Nhiệm vụ, Tổ chức thực hiện …) that sets a percentage is a target and stays a
    # task too: "UBND các huyện … chịu trách nhiệm: … giải ngân 100% kế hoạch vốn" assigns work to a unit
    in_task_section: set[int] = set()
    for root in roots:
        for node in root.walk():
            if _is_task_section(node):
                in_task_section.update(id(n) for n in node.walk())
    for root in roots:
        for node in root.walk():
            if id(node) in done or node.children or node.kind not in ("num", "letter", "paren"):
                continue
            if not any("%" in lines[k].text for k in range(node.start, node.end)):
                continue
            item = Item(node, node.path, node_lines(lines, node))
            target = _target(item, "target", deadlines)
            if target and any(q.unit == "%" for q in target.quantities):
                if id(node) not in in_task_section:
                    done.add(id(node))
                out.append(target)
    out.sort(key=lambda t: (t.evidence.page or 0, t.evidence.line or 0) if t.evidence else (0, 0))
    return out


# After "và" (and), a unit may also be a generic noun: "... Chủ tịch Ủy ban nhân dân tỉnh và tổ chức, cá nhân có
# liên quan", "các bộ, ngành liên quan và cơ quan đại diện chủ sở hữu"
_GENERIC_UNIT = re.compile(r"^(?:tổ chức|cơ quan|đơn vị|doanh nghiệp)\b")


def split_units(text: str) -> list[str]:
    """``Sở Tài chính, Sở Xây dựng và UBND các huyện`` → three units. Kept whole: names with commas of their
    own (``Bộ Văn hóa, Thể thao và Du lịch``), lists after a colon (``Giám đốc các Sở: Tài chính, Nội vụ``) and
    pieces that do not start a unit (``UBND các huyện, thị xã, thành phố``). ``;`` always separates."""
    units: list[str] = []
    for clause in text.split(";"):
        protected = clause
        for i, p in enumerate(_PROTECT):
            protected = protected.replace(p, f"\x00{i}\x00")
        pieces = re.split(r"(,\s*|\s+và\s+)", protected)
        current: list[str] = []
        in_list = False  # after "Sở:" the commas list the members of one unit
        for k in range(0, len(pieces), 2):
            piece = pieces[k].strip(" ,.:")
            sep = pieces[k - 1] if k else ""
            if not piece:
                continue
            head = _UNIT_HEAD.match(piece) or "và" in sep and _GENERIC_UNIT.match(piece)
            new_unit = bool(current) and bool(head) and not (in_list and "," in sep)
            if current and not new_unit:
                current.append(("," if "," in sep else " và") + " " + piece)
            else:
                if current:
                    units.append("".join(current))
                current = [piece]
                in_list = False
            if ":" in pieces[k]:
                in_list = True
        if current:
            units.append("".join(current))
    out = []
    for u in units:
        u = re.sub("\x00(\\d)\x00", lambda m: _PROTECT[int(m.group(1))], u).strip(" ,.:")
        if u:
            out.append(u)
    return out


# Verbs that open a clause after the unit, in the order they are looked for (the strongest first).
_LEAD_VERBS = re.compile(r"(?<![\w])(?:" + _VERB_CONTEXT["chủ trì"] + r"|có trách nhiệm|chịu trách nhiệm|căn cứ)(?![\w])")


# What follows the unit and says where or when, not who: ``Hội đồng thành viên tại doanh nghiệp … có trách
# nhiệm`` (at the enterprise …), ``Ngân hàng Chính sách xã hội hằng năm báo cáo`` (every year). Not ``quy định
# tại`` / ``nêu tại`` (set out in) nor ``tại Điều 1`` / ``tại Quyết định …``: those cite a provision.
_UNIT_QUALIFIER = re.compile(r"(?<!quy định)(?<!nêu)\s(?:trong tỉnh$|trên địa bàn tỉnh$|tại(?!\s+(?:[Đđ]iều|khoản|điểm|[Pp]hụ lục|[Mm]ục|"
                             r"[Cc]hương|" + cited_after_tai() + r"|[Vv]ăn bản))|hằng năm|hàng năm)(?:\s|$)")


_FULL_STOP = re.compile(r"(?<=\.)\s+(?=[A-ZĐÀ-Ỹ])")


def _subject_before_verb(text: str) -> str | None:
    """The unit at the start of a clause, up to its verb (``Sở Tài chính chủ trì`` → ``Sở Tài chính``). Verbs
    are matched in lower case only, so capitalised words of a name (``Ban Phổ biến kiến thức``) are no verbs."""
    if text and _VERB_RX.match(text[0].lower() + text[1:]):
        return None  # the clause opens with its verb (``Tổng hợp ...``, ``Tổ chức ...``): no unit named
    end = _FULL_STOP.search(text)
    if end:
        text = text[: end.start()]  # the unit and its verb are in the first sentence (units may be listed with ";")
    m = _LEAD_VERBS.search(text) or _VERB_RX.search(text)
    if m and _LEAD_VERBS.match(m.group(0)):
        general = _VERB_RX.search(text)
        if general and general.start() < m.start() and not _UNIT_HEAD.match(text[: general.start()].strip()):
            m = general
    if not m or m.start() == 0:
        return None
    head = text[: m.start()].strip(" ,:;-")
    if not head or not _UNIT_HEAD.match(head) or len(head.split()) > 70:
        return None
    qualifier = _UNIT_QUALIFIER.search(head)
    return head[: qualifier.start()].rstrip(" ,") if qualifier else head


def _inline_giao(text: str) -> re.Match[str] | None:
    """``, giao <unit>`` inside the first sentence of ``text``."""
    end = _SENTENCE_END.search(text)
    return _GIAO_INLINE.search(text, 0, end.start() if end else len(text))


# A person named by role (``Đồng chí Phó Chủ tịch Thường trực UBND tỉnh, phụ trách lĩnh vực ...:``): the role is
# the owner, up to the comma, colon or verb that ends it.
_PERSON = re.compile(r"^(?:Đồng chí|đồng chí|Đ/c|đ/c)\s+(?P<role>[^,:;.(]{3,100})")


def _person_owner(text: str) -> str | None:
    m = _PERSON.match(text)
    if not m:
        return None
    role = m.group("role")
    verb = _VERB_RX.search(role)
    if verb:
        role = role[: verb.start()]
    role = role.strip(" -")
    return role if len(role.split()) >= 2 and role[:1].isupper() else None


def responsible_units(text: str) -> tuple[list[str], list[str]]:
    """(responsible, collaborators) of one task text, by rules."""
    responsible: list[str] = []
    collaborators: list[str] = []
    person = _person_owner(text)
    title = re.match(r"^([^:;.,]{3,80}):\s", text)
    subject = None if _GIAO.match(text) else _subject_before_verb(text)
    g = _GIAO.search(text) or _inline_giao(text)
    if person:
        responsible = [person]
    elif title and _UNIT_HEAD.match(title.group(1)) and not _VERB_RX.search(title.group(1)):
        responsible = split_units(title.group(1))
    elif subject:
        responsible = split_units(subject)
    elif g:
        rest = text[g.end():]
        colon = re.match(r"^([^:.]{3,200}):\s", rest)
        if colon and _UNIT_HEAD.match(rest):
            rest = colon.group(1) + " thực hiện"  # ``Đề nghị Tòa án nhân dân tỉnh; Viện kiểm sát ...: Phối hợp``
        m = _VERB_RX.search(rest)
        if m and m.start() > 0 and rest[:1].isupper():
            responsible = split_units(rest[: m.start()])
    for m in _PHOI_HOP.finditer(text):
        rest = re.sub(r"\s*\([^()]{0,120}\)", "", text[m.end():m.end() + 400])  # ``Sở X (Cơ quan thường trực ...)``
        end = _COLLAB_END.search(rest)
        chunk = rest[: end.start()] if end else rest[:150]
        collaborators.extend(u for u in split_units(chunk) if u not in collaborators and u not in responsible)
    responsible = [u for u in responsible if len(u) <= 200]
    return responsible, collaborators


def _first_lower(text: str) -> str:
    """``text`` with its first letter in lower case: a verb opening it is found, a capitalised word of a name
    (``Cục Thi hành án``) is not."""
    return text[:1].lower() + text[1:]


_NOT_IN_NAME = re.compile(r"(?<![\w])(?:có|sau đây|quyền|được|là|như sau|gồm)(?![\w])")


def _bare_name(text: str) -> bool:
    """A unit's name alone (``Cục Thi hành án dân sự tỉnh``): a unit head, no verb in lower case, none of the words
    of a sentence (``có``, ``sau đây``, ``quyền``), at most 15 words."""
    return bool(_UNIT_HEAD.match(text)) and not _VERB_RX.search(_first_lower(text)) \
        and not _NOT_IN_NAME.search(text) and len(text.split()) <= 15


_LEAD_OPENER = re.compile(r"^(?:Giao(?: cho)?|Đề nghị|Yêu cầu|Đối với)\s+(?=\S)")


def _unit_in_title(title: str) -> list[str]:
    """``Trách nhiệm của Bộ Tài chính`` / ``Sở Tài chính:`` / ``Giao UBND các xã, phường:`` / ``Đối với UBND các
    huyện:`` → the unit named by a section title."""
    opened = _LEAD_OPENER.sub("", title)
    if opened != title and title.rstrip().endswith(":") and _bare_name(opened.rstrip(" :")):
        return split_units(opened.rstrip(" :"))
    # a heading that opens with it (``Trách nhiệm của Bộ Tài chính``), not an item's ``gắn với trách nhiệm của ...``
    m = re.match(r"(?i)^\W{0,3}(?:trách nhiệm|nhiệm vụ(?:,? quyền hạn)?(?: và quyền hạn)?) của\s+(.+?)\s*[:.]?$", title)
    if m:
        return split_units(m.group(1))
    m = re.match(r"^(.{3,80}?)\s*:?\s*$", title)
    if m and _UNIT_HEAD.match(m.group(1)) and not _VERB_RX.search(m.group(1).lower()):
        return split_units(m.group(1))
    if title.rstrip().endswith(":"):  # ``1. Sở Tài nguyên và Môi trường chịu trách nhiệm:``, ``Giao Sở ... chủ trì:``
        subject = _subject_before_verb(opened)
        if subject:
            return split_units(subject)
        # a name whose capitalised words read as verbs in lower case (``Cục Thi hành án dân sự tỉnh:``)
        if m and _bare_name(m.group(1)):
            return split_units(m.group(1))
    return []


_RULER_SPAN = 500  # characters of a task text the spaCy patterns read (its first sentences)


def _long(units: list[str]) -> bool:
    return any(len(u.split()) > 4 for u in units)


def _ruler_units(text: str, responsible: list[str], collaborators: list[str]) -> tuple[list[str], list[str]]:
    """The rules' units checked by the spaCy patterns of ``entities.py``: cut where a name ends, a unit that
    stands after ``phối hợp với`` moved to the collaborators, collaborators read as a list of units. spaCy
    runs only where there is something to check (a long unit, a ``phối hợp với``)."""
    from pipeline.parse import entities  # noqa: PLC0415 - spaCy is built on first use

    head = text[:_RULER_SPAN]
    m = _PHOI_HOP.search(head)
    if _long(responsible):
        # up to a little after the last unit (the same text as for the collaborators when there are some)
        end = max(head.find(u) + len(u) for u in responsible) + 40
        responsible = entities.trim_units(head if m else head[:end], responsible)
    if m is None:
        return responsible, collaborators
    if len(responsible) > 1:
        kept = [u for u in responsible if not 0 <= head.find(u) - m.end() < len(head)]
        responsible = kept or responsible
    if _long(collaborators):
        collaborators = entities.trim_units(head, collaborators)
    found = [u for group in entities.collaborator_units(head) for u in group]
    found = [u for k, u in enumerate(found) if u not in found[:k] and u not in responsible]
    if sum(map(len, found)) > sum(map(len, collaborators)):
        collaborators = found
    return responsible, collaborators


def _ruler_fill(text: str) -> list[str]:
    """The unit the spaCy patterns read in the first sentences of a task the rules left without one."""
    from pipeline.parse import entities  # noqa: PLC0415

    return entities.subject_units(text[:_RULER_SPAN], sentences=3)


def _title_units(lines: list[Line], node: Node, ruler: bool) -> list[str]:
    """The unit named by a heading: by the rules from its title line; else (``ruler``) by the spaCy patterns
    from the heading's whole text when it opens a list (``Giao Sở ..., Ban ... chịu trách nhiệm:``)."""
    title = node.title or ""
    units = _unit_in_title(title) if len(title) <= 120 else []
    if not units:
        own = squash(" ".join(ln.text for ln in node_lines(lines, node, own_only=True) if not ln.blank))
        if own.endswith(":") and len(own) <= 600:
            units = responsible_units(own)[0]
            if ruler:
                from pipeline.parse import entities  # noqa: PLC0415

                found = entities.subject_units(own)
                units = units if len(units) > len(found) else found
    return units


# Labelled lines after an item (``Đơn vị chủ trì thực hiện: Sở Tư pháp.``, ``Đơn vị phối hợp: ...``, ``Thời gian
# thực hiện: Tháng 12/2025``, ``Sản phẩm: ...``), the label perhaps in ``**bold**`` or ``*italic*`` left by an
# export. A label opens a line or follows a sentence's end; its value runs to the next label.
_FIELD_LABEL = re.compile(
    r"\**\s*(?P<label>(?:Đơn vị|Cơ quan)\s+(?:chủ trì|thực hiện|phối hợp)(?:\s+thực hiện)?|Chủ trì(?:\s+thực hiện)?|"
    r"Phối hợp(?:\s+thực hiện)?|(?:Thời gian|Thời hạn|Tiến độ)(?:\s+(?:thực hiện|hoàn thành|triển khai))?|"
    r"Sản phẩm(?:\s+(?:đầu ra|dự kiến|chính|hoàn thành))?|Kết quả(?:\s+(?:đầu ra|dự kiến))?|Báo cáo về|"
    r"Nơi nhận báo cáo)\s*\**\s*:\s*\**\s*")
_FIELD_ROLE = [("phoi hop", "partners"), ("chu tri", "owners"), ("thuc hien", "owners"), ("thoi", "time"),
               ("tien do", "time"), ("san pham", "deliverable"), ("ket qua", "deliverable"), ("bao cao", "report_to"),
               ("noi nhan", "report_to")]


def line_labels(lines: list[Line]) -> set[str]:
    """The field labels that open a printed line of an item."""
    out = set()
    for ln in lines:
        m = _FIELD_LABEL.match(ln.text.strip().lstrip("-+• "))
        if m:
            out.add(m.group("label"))
    return out


def labelled_fields(text: str, opening: set[str] | None = None) -> tuple[str, dict[str, str]]:
    """The item's own text before its labelled lines, and their values by role (owners, partners, time,
    deliverable, report_to). ``opening``: the labels that open a printed line (``line_labels``); another label
    counts only after a sentence's end."""
    found = []
    for m in _FIELD_LABEL.finditer(text):
        a = m.start()
        before = text[:a].rstrip()
        if a and not (before.endswith((".", ";", ":", "*", "!", "?")) or (opening and m.group("label") in opening)):
            continue
        found.append(m)
    if not found:
        return text, {}
    fields: dict[str, str] = {}
    for k, m in enumerate(found):
        stop = found[k + 1].start() if k + 1 < len(found) else len(text)
        value = squash(text[m.end():stop].replace("*", " ")).strip(" .;,")
        label = make_key(m.group("label"))
        role = next((r for cue, r in _FIELD_ROLE if cue in label), None)
        if role and value and role not in fields:
            fields[role] = value
    return text[: found[0].start()].rstrip(), fields


# ``báo cáo (kết quả) về UBND tỉnh (qua Sở Nội vụ)``, ``báo cáo UBND tỉnh``: whom a report goes to, up to a cue of
# time or purpose or the next verb. Not a report someone else makes of it (``để tổng hợp báo cáo Bộ ...``).
_REPORT_TO = re.compile(r"(?<![\w])(?:[Bb]áo cáo(?:\s+[^;.:()]{0,70}?\s+(?:về|cho|gửi|lên|với)|\s+(?:về|cho|gửi|lên|với))?|"
                        r"(?:[Gg]ửi|(?<!chương )(?<!công )(?<!quy )(?<!tờ )(?<!lộ )[Tt]rình|[Đđ]ề xuất)"
                        r"(?:\s+(?:cho|về|lên))?)\s+"
                        r"(?P<to>(?:lãnh đạo |thường trực )?(?:" + _UNIT_HEAD.pattern.lstrip("^") + r")[^;.]*)")
_REPORT_END = re.compile(r"\s+(?:trước|chậm nhất|trong(?! tỉnh)|để|theo|định kỳ|hằng|hàng|vào|xong|khi|nhằm|về|"
                         r"chậm|đúng|kịp|sau|xem xét)\b|(?:[;.]|(?<!Sở)(?<!Bộ)(?<!Ban):)\s*(?![^()]*\))|,\s*(?![^()]*\))(?!\s*(?:" +
                         _UNIT_HEAD.pattern.lstrip("^") + "))")
_REPORTED_BY_OTHERS = re.compile(r"(?:\bđể\s+(?:tổng hợp[,\s]+)?(?:tiếp tục\s+)?|\bđể|tham mưu[,\s]*)$", re.I)
# a body of a province, district, commune ... ends after its level word and place name (``UBND tỉnh`` of ``UBND
# tỉnh lộ trình thực hiện``)
_ADMIN_END = re.compile(r"^(.*?\b(?:tỉnh|huyện|xã|phường|thành phố|thị xã|quận|Trung ương|Chính phủ)\b"
                        r"(?:\s+[A-ZĐÀ-Ỹ][\w-]*)*)(?=\s+(?!và\b)[a-zđà-ỹ])")
_LISTED = re.compile(r"^(?:các\s+)?(?:Sở|Bộ|Ban)\s*:")


def report_to(text: str) -> list[str]:
    """Whom the item asks a report of: ``báo cáo kết quả về UBND tỉnh (qua Sở Nội vụ)`` → ``UBND tỉnh (qua Sở
    Nội vụ)``; ``báo cáo Ủy ban nhân dân tỉnh và Cục Thi hành án dân sự tỉnh`` → both."""
    out: list[str] = []
    for m in _REPORT_TO.finditer(text):
        if _REPORTED_BY_OTHERS.search(text[max(0, m.start() - 40):m.start()]) or \
                re.match(r"[Bb]áo cáo\s+của", text[m.start():]):
            continue
        to = m.group("to")
        end = _REPORT_END.search(to)
        if end and _LISTED.match(to) and to[end.start()] == ",":
            end = re.compile(r"[;.]|\s(?:để|trước|trong|theo)\s").search(to)
        lead = re.match(r"(?:lãnh đạo|thường trực)\s+", to)
        verb = _VERB_RX.search(to, lead.end() if lead else 0)
        cut = min(x.start() for x in (end, verb) if x) if end or verb else len(to)
        to = to[:cut]
        admin = _ADMIN_END.match(to)
        if admin and not _LISTED.match(to):
            to = admin.group(1)
        via = ""
        paren = to.find("(")
        if paren >= 0:
            close = m.group("to").find(")", paren)
            via = " " + m.group("to")[paren:close + 1] if close >= 0 else ""
            to = to[:paren]
        units = [x for u in split_units(to.strip(" ,-")) for x in _members(u)]
        if units and via:
            units[-1] += via
        for u in units:
            if u and len(u.split()) <= 20 and u not in out:
                out.append(u)
    return out


_PERSON_HEADS = tuple(gz.PERSON_ROLES) + ("thủ trưởng", "người đứng đầu", "lãnh đạo", "đồng chí", "đ/c")
_GROUP = re.compile(r"(?:^|\s)(?:các|Các|những|Những)\s")


def owner_kind(name: str) -> str:
    """person-role (``Chủ tịch UBND tỉnh``, ``Thủ trưởng các sở``), group (``UBND các huyện, thị xã, thành phố``,
    ``Các Sở, ban, ngành``) or unit."""
    low = name.lower()
    if low.startswith(_PERSON_HEADS):
        return "person-role"
    return "group" if _GROUP.search(name) else "unit"


# ``các Sở: Tài chính, Kế hoạch và Đầu tư`` (the members of one kind listed after a colon)
_MEMBERS = re.compile(r"^(?:[Cc]ác\s+)?(?P<head>Sở|Bộ|Ban|Cục|Vụ|Phòng)\s*:\s*(?P<list>.+)$")


def _members(printed: str) -> list[str]:
    """``các Sở: Tài chính, Kế hoạch và Đầu tư`` → ``Sở Tài chính``, ``Sở Kế hoạch và Đầu tư``; a name alone as it is."""
    m = _MEMBERS.match(printed)
    if not m:
        return [printed]
    names = [n.strip() for n in re.split(r",\s*|\s+và\s+(?=[A-ZĐ])", m.group("list")) if n.strip()]
    # a department's own "và" (Kế hoạch và Đầu tư) is kept: split only where a known department name is whole
    whole = [d for d in sorted(gz.DEPARTMENTS, key=len, reverse=True) if d in m.group("list")]
    if whole:
        names, rest = [], m.group("list")
        for d in whole:
            if d in rest:
                names.append((rest.index(d), d))
                rest = rest.replace(d, "\x00" * len(d), 1)
        names = [d for _, d in sorted(names)]
    return [f"{m.group('head')} {n}" for n in names] or [printed]


def owners(units: list[str], inherited: str | None = None) -> list[Owner]:
    out = []
    for u in units:
        for member in _members(u):
            name = gz.normal_unit(member)
            out.append(Owner(name=name, printed=u, kind=owner_kind(name), inherited_from=inherited))
    return out


def _task(lines: list[Line], item: Item, node: Node, parents: dict[int, Node], default: list[str],
          deadlines: DeadlineLookup | None, ruler: bool = False, issuer: str | None = None) -> Task | None:
    joined = Joined.of(item.lines)
    text = _text(joined)
    if not text:
        return None
    body, fields = labelled_fields(text, line_labels(item.lines))
    body = re.sub(r"[\s,;.:/*]+$", "", body) or text
    responsible, collaborators = responsible_units(body)
    if ruler:
        responsible, collaborators = _ruler_units(body, responsible, collaborators)
    if fields.get("owners"):
        responsible = split_units(fields["owners"])
    if fields.get("partners"):
        collaborators = [u for u in split_units(fields["partners"]) if u not in responsible]
    inherited = None
    up = item.node
    while not responsible and up is not None and up is not node:
        # the unit named by the item's own title or by a heading above it
        responsible = _title_units(lines, up, ruler)
        inherited = "lead" if responsible and (up is not item.node or item.path != up.path) else None
        up = parents.get(id(up))
    if not responsible and default:
        responsible = default
        inherited = "lead"
    if ruler and not responsible and not issuer:  # a content item without a unit is the issuer's
        responsible = _ruler_fill(body)
    owned = owners(responsible, inherited)
    if not owned and issuer:
        owned = owners([issuer], "issuer")
        inherited = "issuer"
    return Task(path=item.path, label=_label(item), text=body, responsible=responsible,
                collaborators=collaborators, owners=owned, partners=owners(collaborators),
                inherited_from=inherited if owned else None, deliverable=fields.get("deliverable"),
                report_to=[fields["report_to"]] if fields.get("report_to") else report_to(body),
                deadlines=_item_deadlines(joined, deadlines), evidence=joined.evidence(0, len(joined.text), 0.8))


_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ])")


def _assigned_item(lines: list[Line], node: Node, deadlines: DeadlineLookup | None,
                   ruler: bool = False) -> Task | None:
    """An item outside the task sections that still assigns work to a unit (``Sở Tài chính chủ trì...``,
    ``Giao ...``), in its first sentence or in a later one (``Quyết định này có hiệu lực ... Chánh Văn phòng
    ... chịu trách nhiệm thi hành``)."""
    # cheap test first (most clauses of a long legal text name no unit): the item's first line, or a line
    # that opens a new sentence, must start with a unit or with Giao/Đề nghị/Yêu cầu
    hit = False
    prev = ""
    for k in range(node.start, min(node.end, node.start + 40)):
        t = (lines[k].text[node.head_end:] if k == node.start else lines[k].text).strip()
        if not t:
            continue
        if (not prev or prev.endswith((".", ";"))) and (_UNIT_HEAD.match(t) or _GIAO.match(t)):
            hit = True
            break
        if _GIAO_INLINE.search(t):
            hit = True
            break
        # a sentence may also start inside a line (``... ngày ký. Chánh Văn phòng ...``)
        if ". " in t and any(_UNIT_HEAD.match(t[m.end():]) for m in _SENTENCE_END.finditer(t)):
            hit = True
            break
        prev = t
    if not hit:
        return None
    item_lines = node_lines(lines, node)
    joined = Joined.of(item_lines)
    text = _text(joined)
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)][:3]
    for start in starts:
        sentence = text[start:]
        if not (_UNIT_HEAD.match(sentence) or _GIAO.match(sentence) or _inline_giao(sentence)):
            continue
        responsible, collaborators = responsible_units(sentence)
        if ruler:
            responsible, collaborators = _ruler_units(sentence, responsible, collaborators)
        if responsible:
            return Task(path=node.path, label=node.label, text=sentence, responsible=responsible,
                        collaborators=collaborators, owners=owners(responsible), partners=owners(collaborators),
                        report_to=report_to(sentence), deadlines=_item_deadlines(joined, deadlines),
                        evidence=joined.evidence(0, len(joined.text), 0.7))
    return None


# Sections whose items say who implements the plan (Tổ chức thực hiện, Trách nhiệm ..., Phân công ...): an item
# there without a unit of its own is no default task of the issuer; the other task sections (Nhiệm vụ, giải pháp)
# are the plan's content, done by the issuer unless an item names someone else.
_IMPLEMENTATION = re.compile(r"to chuc thuc hien|trach nhiem|phan cong|giao nhiem vu|de nghi")


_LEAD_DUTY = re.compile(r"trach nhiem|nhiem vu|chu tri|thuc hien|trien khai|chi dao|khan truong|tap trung")


def _lead_units(lines: list[Line], node: Node) -> list[str]:
    """The unit a lead names for the items under it: ``Sở Y tế chịu trách nhiệm:``, ``UBND các xã, phường:``,
    ``Các Bộ:`` then lettered or dashed items; also a lead that is a unit's name alone (its colon lost by OCR)."""
    own = node_lines(lines, node, own_only=True)
    lead, bullets = _bullets(own)
    if not node.children and not bullets:
        return []
    text = squash(" ".join(ln.text for ln in lead if not ln.blank))
    if not text or len(text) > 400:
        return []
    if text.endswith(":"):
        person = _person_owner(text)
        if person:
            return [person]
        key = make_key(text)
        bare = _LEAD_OPENER.sub("", text)
        if "quyen" in key or _VERB_RX.search(_first_lower(bare)) and not _LEAD_DUTY.search(key):
            return []  # a lead that lists powers (quyền hạn) or says something else (``... cho ý kiến về:``)
        return _unit_in_title(text) or (split_units(bare[:-1]) if _bare_name(bare[:-1]) else [])
    if (bullets or node.children) and not text.endswith((".", ";", ",")) and _bare_name(text):
        return split_units(text)
    return []


_ANNEX_TITLE = re.compile(r"^\s*(?:PHỤ LỤC|Phụ lục)\b")


def _without_tables(lines: list[Line], table: set[tuple[int, int]]) -> list[Line]:
    """The lines with an annex table's lines blanked, and the annex title and caption lines just above it."""
    out = list(lines)
    first = min(i for i, ln in enumerate(lines) if (ln.page, ln.number) in table)
    for i, ln in enumerate(lines):
        if (ln.page, ln.number) in table:
            out[i] = Line(ln.page, ln.number, "", ln.start)
    above = [i for i in range(max(0, first - 6), first) if not lines[i].blank]
    title = next((i for i in above if _ANNEX_TITLE.match(lines[i].text)), None)
    if title is not None:
        for i in range(title, first):
            out[i] = Line(lines[i].page, lines[i].number, "", lines[i].start)
    return out


def _page_edge_numbers(lines: list[Line]) -> set[tuple[int, int]]:
    """(page, line) of the page numbers printed at the top or bottom of a page (a bare number alone on the first
    or last line of text): not part of the item that runs across the page break."""
    out: set[tuple[int, int]] = set()
    by_page: dict[int, list[Line]] = {}
    for ln in lines:
        if not ln.blank:
            by_page.setdefault(ln.page, []).append(ln)
    if len(by_page) < 2:
        return out
    for page in by_page.values():
        for ln in (page[0], page[-1]):
            if re.fullmatch(r"\s*[-–]?\s*\d{1,3}\s*[-–]?\s*", ln.text):
                out.add((ln.page, ln.number))
    return out


def find_tasks(lines: list[Line], roots: list[Node], deadlines: DeadlineLookup | None = None,
               covered: set[int] | None = None, assigned_items: bool = True, ruler: bool = False,
               issuer: str | None = None) -> list[Task]:
    """Items of the task sections (Tổ chức thực hiện, Trách nhiệm ..., Nhiệm vụ ...), items under a lead that
    names their unit (``Sở Y tế chịu trách nhiệm:``), then (``assigned_items``) any other item, not a target,
    whose text assigns it to a unit, and the rows of an annex task table. ``ruler``: the spaCy patterns of
    ``entities.py`` check and complete the units the rules read. ``issuer``: a plan's issuing body, the owner of
    an item of its content sections that names none (marked inherited from the issuer)."""
    out: list[Task] = []
    done: set[int] = set(covered or ())
    edges = _page_edge_numbers(lines)
    if edges:
        lines = [Line(ln.page, ln.number, "", ln.start) if (ln.page, ln.number) in edges else ln for ln in lines]
    table_tasks, table_lines = find_table_tasks(lines, deadlines)
    if table_lines:
        lines = _without_tables(lines, table_lines)
    parents = {id(c): n for root in roots for n in root.walk() for c in n.children}

    def implementation(node: Node) -> bool:
        up: Node | None = node
        while up is not None:
            title = _heading_key(up)
            if title and _IMPLEMENTATION.search(title):
                return True
            up = parents.get(id(up))
        return False

    def section(node: Node, default: list[str], owner: str | None) -> None:
        done.update(id(n) for n in node.walk())
        out.extend(t for t in (_task(lines, item, node, parents, default, deadlines, ruler, owner)
                               for item in _items(lines, node)
                               if item.node is None or id(item.node) not in (covered or ())) if t)

    for root in roots:
        for node in root.walk():
            if id(node) in done:
                continue
            if _is_task_section(node):
                section(node, _title_units(lines, node, ruler), None if implementation(node) else issuer)
            elif assigned_items and node.kind not in ("phan", "chuong", "muc", "dieu"):
                units = _lead_units(lines, node)
                if units:
                    section(node, units, None)
    for root in roots if assigned_items else ():
        for node in root.walk():
            if id(node) in done or node.children or node.kind in ("phan", "chuong", "muc"):
                continue
            task = _assigned_item(lines, node, deadlines, ruler) or _labelled_item(lines, node, deadlines)
            if task:
                out.append(task)
    if table_lines:
        out = [t for t in out if not (t.evidence and (t.evidence.page, t.evidence.line) in table_lines)]
    out.extend(table_tasks)
    out.sort(key=lambda t: (t.evidence.page or 0, t.evidence.line or 0) if t.evidence else (0, 0))
    return out


def _labelled_item(lines: list[Line], node: Node, deadlines: DeadlineLookup | None) -> Task | None:
    """An item outside the task sections whose labelled lines name its unit (``Đơn vị chủ trì: Sở Tư pháp``)."""
    own = node_lines(lines, node)
    if not any(_FIELD_LABEL.match(ln.text.strip().lstrip("-+• ")) for ln in own[1:]):
        return None
    task = _task(lines, Item(node, node.path, own), node, {}, [], deadlines)
    return task if task and task.responsible else None


# ----------------------------------------------------------------------------------------------------------------
# Annex task tables (Phụ lục): STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành
# | Sản phẩm. The ingest stage hands a table over a row per line with ``|`` between cells, or a cell per line (a
# Word or Markdown table laid out by ``pipeline.ingest``); the header row names the columns.

_COLUMNS = [("stt", r"^(?:stt|tt|so tt)$"), ("task", r"noi dung|nhiem vu|ten nhiem vu|cong viec|hoat dong"),
            ("owners", r"chu tri|thuc hien|don vi thuc hien|co quan thuc hien"), ("partners", r"phoi hop"),
            ("time", r"thoi gian|thoi han|tien do"), ("deliverable", r"san pham|ket qua"),
            ("note", r"ghi chu")]


def _column(cell: str, key: str | None = None) -> str | None:
    if len(cell) > 70:
        return None
    key = (key if key is not None else make_key(cell)).strip(" *:.")
    if not key or len(key) > 60:
        return None
    for name, rx in _COLUMNS:
        if re.search(rx, key):
            return name
    return None


def _header(cells: list[str]) -> list[str | None] | None:
    names = [_column(c) for c in cells]
    if "task" in names and "owners" in names and len(set(n for n in names if n)) >= 3:
        return names
    return None


def find_table_tasks(lines: list[Line], deadlines: DeadlineLookup | None) -> tuple[list[Task], set[tuple[int, int]]]:
    """The rows of annex task tables as tasks (path ``PL.<n>``), and the (page, line) of the table's lines."""
    tasks: list[Task] = []
    used: set[tuple[int, int]] = set()
    text_lines = [ln for ln in lines if not ln.blank]
    # cheap test first: a header names the owner column (chủ trì / thực hiện) in a short cell or a row of cells
    if not any(("|" in ln.text or "\t" in ln.text or len(ln.text) <= 70) and ("chu tri" in ln.key or "thuc hien"
               in ln.key) for ln in text_lines):
        return tasks, used
    k = 0
    while k < len(text_lines):
        ln = text_lines[k]
        bar = "|" if "|" in ln.text else "\t" if "\t" in ln.text else None
        if bar:
            names = _header([c.strip() for c in ln.text.strip().strip(bar).split(bar)])
            if names:
                k = _pipe_rows(text_lines, k + 1, names, deadlines, tasks, used, bar)
                continue
        elif _column(ln.text, ln.key):
            width = 0
            while k + width < len(text_lines) and _column(text_lines[k + width].text, text_lines[k + width].key) \
                    and width < 10:
                width += 1
            run = [_column(text_lines[k + i].text, text_lines[k + i].key) for i in range(width)]
            if "stt" in run[1:]:  # a title line before the header (``NỘI DUNG NHIỆM VỤ``)
                k += run.index("stt", 1)
                continue
            names = _header([text_lines[k + i].text for i in range(width)]) if width >= 3 else None
            if names:
                k = _cell_rows(text_lines, k + width, names, deadlines, tasks, used)
                continue
        k += 1
    return tasks, used


def _row_task(cells: list[tuple[str, list[Line]]], names: list[str | None], number: int,
              deadlines: DeadlineLookup | None) -> Task | None:
    values: dict[str, str] = {}
    row_lines: list[Line] = []
    for (value, cell_lines), name in zip(cells, names):
        row_lines.extend(cell_lines)
        if name and name != "stt" and value:
            values[name] = (values.get(name, "") + " " + value).strip()
    text = squash(values.get("task", "")).strip(" .;")
    if not text:
        return None
    responsible = split_units(values.get("owners", ""))
    collaborators = [u for u in split_units(values.get("partners", "")) if u not in responsible]
    task_lines = next((c for (v, c), n in zip(cells, names) if n == "task"), row_lines)
    joined = Joined.of(task_lines)
    found = _item_deadlines(Joined.of(row_lines), deadlines)
    return Task(path=f"PL.{number}", label=str(number), text=text, responsible=responsible,
                collaborators=collaborators, owners=owners(responsible), partners=owners(collaborators),
                deliverable=squash(values["deliverable"]).strip(" .;") if values.get("deliverable") else None,
                report_to=report_to(text), deadlines=found, evidence=joined.evidence(0, len(joined.text), 0.8))


def _pipe_rows(text_lines: list[Line], k: int, names: list[str | None], deadlines: DeadlineLookup | None,
               tasks: list[Task], used: set[tuple[int, int]], bar: str = "|") -> int:
    """Rows a line each, cells between ``|`` (a Markdown table) or tabs (cells copied out of Word)."""
    number = 0
    while k < len(text_lines) and bar in text_lines[k].text:
        ln = text_lines[k]
        raw = ln.text.strip().strip(bar)
        if re.fullmatch(r"[\s|:-]*", raw):  # the Markdown separator row
            k += 1
            continue
        parts = raw.split(bar)
        cells, pos = [], ln.text.find(raw)
        for part in parts:
            seg = ln.segment(pos, pos + len(part))
            cells.append((part.strip(), [seg.trimmed()] if part.strip() else []))
            pos += len(part) + 1
        number += 1
        task = _row_task(cells, names, number, deadlines)
        if task:
            tasks.append(task)
        used.add((ln.page, ln.number))
        k += 1
    return k


def _cell_rows(text_lines: list[Line], k: int, names: list[str | None], deadlines: DeadlineLookup | None,
               tasks: list[Task], used: set[tuple[int, int]]) -> int:
    """Rows laid out a cell per line: a row starts at its number (STT) and holds the lines up to the next
    number; extra lines (a cell of several paragraphs) go to the task's text."""
    width = len(names)
    number = 1
    starts = []
    j = k
    while j < len(text_lines):
        t = text_lines[j].text.strip().rstrip(".")
        if t == str(number):
            starts.append(j)
            number += 1
        elif re.match(r"^(?:Nơi nhận|TM\.|KT\.|[IVX]+\.\s)", t) or (starts and j - starts[-1] > 4 * width):
            break
        j += 1
    if not starts:
        return k
    ends = starts[1:] + [min(j, starts[-1] + width)]
    for n, (a, b) in enumerate(zip(starts, ends), start=1):
        row = text_lines[a + 1:b]
        cells: list[tuple[str, list[Line]]] = [(str(n), [text_lines[a]])]
        extra = len(row) - (width - 1)
        task_at = names.index("task") if "task" in names else 1
        for i in range(1, width):
            if i == task_at:
                take = row[: 1 + max(0, extra)]
                row = row[len(take):]
            else:
                take, row = row[:1], row[1:]
            cells.append((squash(" ".join(x.text for x in take)), take))
        task = _row_task(cells, names, n, deadlines)
        if task:
            tasks.append(task)
        used.update((x.page, x.number) for x in text_lines[a:b])
    return ends[-1]
