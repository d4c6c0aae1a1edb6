"""Generated plans (Kế hoạch) and directives (Chỉ thị) of a province with task gold by construction (issue #17).

``make_document(seed, split)`` draws one document from a seed: its printed parts (a ``render.DocumentSpec`` body of
paragraphs and labelled lines, and for a plan an annex task table) and the gold the task scorer reads
(``bench/gold/README.md``: tasks with label path, first words, shape, owners, collaborators, deadlines in normal
form, report-to, deliverable; the plan's period; the dates that are never deadlines). Every shape of the issue is
drawn: a plan's content items with no unit (the issuer's), items followed by labelled lines (``Đơn vị chủ trì thực
hiện:``, ``Đơn vị phối hợp:``, ``Thời gian thực hiện:``, ``Sản phẩm:``), an annex task table (Phụ lục: STT | Nội
dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm), person owners (``Đồng chí
Phó Chủ tịch ...``), lead owners (``UBND các huyện, thị xã, thành phố:`` then lettered or dashed sub-items),
directive items (``Sở Tài chính chủ trì, phối hợp với ... báo cáo UBND tỉnh trước ngày 15/12/2025``), recurrences,
citation dates and programme periods that are no deadlines.

Each document in three forms (``write_forms``): ``typeset`` (.txt, a line per paragraph, the annex table's cells
tab-separated as a copy out of Word gives them), ``exported`` (.md, a Word-to-Markdown export: ``**bold**``
headings and labels, paragraphs hard-wrapped, the table as ``|`` cells) and ``scanned`` (pages typeset by
``bench.render``, the annex on pages of its own drawn here as a ruled table, ``degrade``d, saved as an image PDF).

Splits: ``tune`` (seeds 0..TUNE_N-1) draws its wording from the first variants of each phrase pool; ``fresh``
(seeds 10000..) from every variant, those held back from tune included: fresh is scored as totals only.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from . import render
from .provincial import split_lines

TUNE_N = 6
FRESH_N = 6
FRESH_BASE = 10000
RECIPE_VERSION = "2"

PROVINCES = ["Quảng Ngãi", "Bắc Giang", "Thanh Hóa", "Nghệ An", "Bình Định", "Lâm Đồng", "Đồng Tháp", "Thái Nguyên",
             "Hà Tĩnh", "Phú Thọ"]
SIGNERS = ["Nguyễn Văn An", "Trần Thị Bích Hạnh", "Lê Quang Minh", "Phạm Đức Thắng", "Võ Thị Thu Hà",
           "Đặng Ngọc Sơn", "Hoàng Văn Tùng", "Bùi Thanh Tâm"]

# (normal name, a printed short form or None)
UNITS: list[tuple[str, Optional[str]]] = [
    ("Sở Tài chính", None), ("Sở Nội vụ", None), ("Sở Tư pháp", None), ("Sở Y tế", None), ("Sở Xây dựng", None),
    ("Sở Công Thương", None), ("Công an tỉnh", None), ("Bộ Chỉ huy Quân sự tỉnh", None), ("Thanh tra tỉnh", None),
    ("Văn phòng UBND tỉnh", None),
    ("Sở Giáo dục và Đào tạo", "Sở GD&ĐT"), ("Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"),
    ("Sở Thông tin và Truyền thông", "Sở TT&TT"), ("Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT"),
    ("Sở Tài nguyên và Môi trường", "Sở TN&MT"), ("Sở Khoa học và Công nghệ", "Sở KH&CN"),
    ("Sở Lao động - Thương binh và Xã hội", "Sở LĐ-TB&XH"), ("Sở Văn hóa, Thể thao và Du lịch", "Sở VH-TT&DL"),
    ("Đài Phát thanh và Truyền hình tỉnh", None), ("Ban Quản lý các khu công nghiệp tỉnh", None),
]
GROUPS = ["UBND các huyện, thị xã, thành phố", "Các sở, ban, ngành tỉnh", "UBND các xã, phường, thị trấn"]
GENERIC_COLLABORATORS = ["các cơ quan, đơn vị liên quan", "các địa phương"]

# Work the items assign: distinct openings (the scorer's locator), a topic for the deliverable.
WORK = [
    ("Rà soát, đánh giá kết quả thực hiện các chỉ tiêu chuyển đổi số", "Báo cáo kết quả rà soát"),
    ("Xây dựng cơ sở dữ liệu đất đai và kết nối với hệ thống thông tin quốc gia", "Cơ sở dữ liệu được vận hành"),
    ("Tổ chức tập huấn nghiệp vụ cho cán bộ, công chức cấp xã", "Lớp tập huấn"),
    ("Tuyên truyền, phổ biến các quy định pháp luật về phòng, chống thiên tai", "Tài liệu tuyên truyền"),
    ("Kiểm tra việc giải quyết thủ tục hành chính trên môi trường điện tử", "Kết luận kiểm tra"),
    ("Tham mưu ban hành quy định phân cấp quản lý công trình hạ tầng", "Dự thảo Quyết định"),
    ("Đẩy nhanh tiến độ giải ngân vốn đầu tư công được giao", "Báo cáo tiến độ giải ngân"),
    ("Hướng dẫn các địa phương lập hồ sơ hỗ trợ nhà ở cho hộ nghèo", "Văn bản hướng dẫn"),
    ("Triển khai nền tảng số phục vụ người dân và doanh nghiệp", "Nền tảng số được đưa vào sử dụng"),
    ("Củng cố, kiện toàn tổ chức bộ máy các đơn vị sự nghiệp công lập", "Đề án kiện toàn"),
    ("Theo dõi, đôn đốc việc thực hiện các kiến nghị sau thanh tra", "Báo cáo tổng hợp"),
    ("Nâng cao chất lượng khám, chữa bệnh tại tuyến y tế cơ sở", "Kế hoạch chuyên môn"),
    ("Đánh giá tác động của việc sắp xếp đơn vị hành chính cấp xã", "Báo cáo đánh giá"),
    ("Bảo đảm an toàn giao thông trên các tuyến đường tỉnh", "Phương án phân luồng"),
    ("Vận động doanh nghiệp tham gia chương trình khuyến công", "Danh sách doanh nghiệp"),
    ("Xây dựng bộ chỉ số đánh giá mức độ hài lòng của người dân", "Bộ chỉ số"),
    ("Rà soát quy hoạch sử dụng đất và đề xuất điều chỉnh", "Hồ sơ điều chỉnh quy hoạch"),
    ("Tổ chức diễn tập ứng phó sự cố an toàn thông tin mạng", "Kịch bản diễn tập"),
    ("Kiểm tra an toàn thực phẩm tại các bếp ăn tập thể", "Biên bản kiểm tra"),
    ("Cập nhật, công khai danh mục thủ tục hành chính của tỉnh", "Quyết định công bố"),
    ("Phát động phong trào thi đua hoàn thành nhiệm vụ năm", "Kế hoạch phát động"),
    ("Hỗ trợ hợp tác xã tiếp cận nguồn vốn tín dụng ưu đãi", "Danh mục hợp tác xã được hỗ trợ"),
    ("Đôn đốc các chủ đầu tư hoàn thiện hồ sơ quyết toán dự án", "Báo cáo quyết toán"),
    ("Thống kê, phân loại các công trình cầu yếu, cầu tạm", "Danh mục công trình"),
]
TAILS = ["bảo đảm đúng quy định và hiệu quả", "kịp thời tháo gỡ khó khăn, vướng mắc phát sinh",
         "phù hợp với tình hình thực tế của địa phương", "gắn với trách nhiệm của người đứng đầu"]

# Phrase pools: tune draws from the first TUNE_VARIANTS entries, fresh from all.
TUNE_VARIANTS = 2
LEAD_LABEL = ["Đơn vị chủ trì thực hiện:", "Cơ quan chủ trì:", "Đơn vị chủ trì:"]
COLLAB_LABEL = ["Đơn vị phối hợp:", "Cơ quan phối hợp:", "Đơn vị phối hợp thực hiện:"]
TIME_LABEL = ["Thời gian thực hiện:", "Thời gian hoàn thành:", "Thời hạn hoàn thành:"]
PRODUCT_LABEL = ["Sản phẩm:", "Sản phẩm đầu ra:", "Kết quả, sản phẩm:"]
DIRECTIVE_VERB = ["chủ trì, phối hợp với {c}", "chủ trì, phối hợp chặt chẽ với {c}", "phối hợp với {c} chủ động"]
REPORT = ["báo cáo UBND tỉnh", "báo cáo kết quả về UBND tỉnh (qua {via})", "tổng hợp, báo cáo Chủ tịch UBND tỉnh"]
# (role: the owner, the field it is in charge of, printed with a comma after the role)
PERSON = [("Phó Chủ tịch Thường trực UBND tỉnh", "lĩnh vực kinh tế", True),
          ("Phó Chủ tịch UBND tỉnh", "lĩnh vực văn hóa - xã hội", False),
          ("Chánh Văn phòng UBND tỉnh", "", False),
          ("Phó Chủ tịch UBND tỉnh", "lĩnh vực nông nghiệp, tài nguyên và môi trường", True)]
CONTENT_HEADING = ["NHIỆM VỤ VÀ GIẢI PHÁP", "NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU", "NỘI DUNG THỰC HIỆN"]
TASKS_HEADING = ["NHIỆM VỤ CỤ THỂ", "CÁC NHIỆM VỤ TRỌNG TÂM", "NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN"]
ORGANISATION_HEADING = ["TỔ CHỨC THỰC HIỆN", "TRÁCH NHIỆM THỰC HIỆN", "PHÂN CÔNG TRÁCH NHIỆM"]
# a lead line naming the owner of the sub-items under it: a group, or one unit
LEAD = ["{group}:", "{unit} chịu trách nhiệm:", "Giao {unit}:"]
ROMAN = ["I", "II", "III", "IV", "V", "VI"]
LETTERS = "abcdđe"


def _pick(rng: random.Random, pool: list, split: str):
    return rng.choice(pool[:TUNE_VARIANTS] if split == "tune" else pool)


def _date(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


def _month_end(y: int, m: int) -> int:
    import calendar

    return calendar.monthrange(y, m)[1]


def deadline_phrases(rng: random.Random, year: int, split: str, cell: bool = False) -> tuple[str, dict[str, Any]]:
    """A deadline as printed (``cell``: as an annex cell or a labelled line) and its normal form."""
    m, d = rng.randint(3, 12), rng.choice([10, 15, 20, 25, 30])
    d = min(d, _month_end(year, m))
    q = rng.randint(1, 4)
    qs = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}[q]
    options = [
        (f"trước ngày {d:02d}/{m:02d}/{year}" if not cell else f"Trước ngày {d:02d}/{m:02d}/{year}",
         {"kind": "date", "start": None, "end": _date(year, m, d), "rule": "before"}),
        (f"trong tháng {m}/{year}" if not cell else f"Tháng {m}/{year}",
         {"kind": "month", "start": _date(year, m, 1), "end": _date(year, m, _month_end(year, m))}),
        (f"trong quý {ROMAN[q - 1]}/{year}" if not cell else f"Quý {ROMAN[q - 1]}/{year}",
         {"kind": "quarter", "start": _date(year, qs[0], 1), "end": _date(year, qs[1], _month_end(year, qs[1]))}),
        ("định kỳ hằng quý" if not cell else "Hằng quý", {"kind": "recurrence", "rule": "FREQ=MONTHLY;INTERVAL=3"}),
        (f"chậm nhất ngày {d:02d}/{m:02d}/{year}" if not cell else f"Chậm nhất ngày {d:02d}/{m:02d}/{year}",
         {"kind": "date", "start": None, "end": _date(year, m, d), "rule": "no later than"}),
        ("trước ngày 20 hằng tháng" if not cell else "Trước ngày 20 hằng tháng",
         {"kind": "recurrence", "rule": "FREQ=MONTHLY;BYMONTHDAY=20"}),
        (f"trong năm {year}" if not cell else f"Năm {year}",
         {"kind": "year", "start": _date(year, 1, 1), "end": _date(year, 12, 31)}),
        ("định kỳ 6 tháng" if not cell else "Định kỳ 6 tháng",
         {"kind": "recurrence", "rule": "FREQ=MONTHLY;INTERVAL=6"}),
        ("trong thời hạn 15 ngày" if not cell else "Trong thời hạn 15 ngày", {"kind": "relative", "rule": "P15D"}),
    ]
    pool = options[:5] if split == "tune" else options
    text, norm = rng.choice(pool)
    return text, {"text": text, "start": None, "end": None, "rule": None, **norm}


@dataclass
class Citation:
    text: str
    not_deadline: dict[str, Any]


def citations(rng: random.Random, year: int) -> list[Citation]:
    """Cited things whose dates or periods are never deadlines."""
    y0 = year - 1
    m, d = rng.randint(1, 12), rng.randint(2, 27)
    n = rng.randint(10, 250)
    out = [
        Citation(f"Kế hoạch số {n}/KH-UBND ngày {d:02d}/{m:02d}/{y0} của UBND tỉnh",
                 {"text": f"ngày {d:02d}/{m:02d}/{y0}", "kind": "date", "start": _date(y0, m, d),
                  "end": _date(y0, m, d),
                  "why": "date of a cited plan"}),
        Citation("Luật Thi đua, khen thưởng năm 2022",
                 {"text": "năm 2022", "kind": "year", "start": "2022-01-01", "end": "2022-12-31",
                  "why": "a law's year"}),
        Citation("Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021 - 2025",
                 {"text": "giai đoạn 2021 - 2025", "kind": "term", "start": "2021-01-01", "end": "2025-12-31",
                  "why": "a cited programme's period"}),
        Citation(f"Quyết định số {n + 1000}/QĐ-UBND ngày {d:02d}/{(m % 12) + 1:02d}/{y0 - 1} của Chủ tịch UBND tỉnh",
                 {"text": f"ngày {d:02d}/{(m % 12) + 1:02d}/{y0 - 1}", "kind": "date",
                  "start": _date(y0 - 1, (m % 12) + 1, d), "end": _date(y0 - 1, (m % 12) + 1, d),
                  "why": "date of a cited decision"}),
        Citation("Chương trình hành động thực hiện chiến lược phát triển (2021 - 2025)",
                 {"text": "(2021 - 2025)", "kind": "term", "start": "2021-01-01", "end": "2025-12-31",
                  "why": "a cited programme's period"}),
    ]
    rng.shuffle(out)
    return out


# ----------------------------------------------------------------------------------------------------------------
# Document structure


@dataclass
class Block:
    """One printed paragraph: ``label`` + text (``bold``: a heading), or a labelled line (``field`` label)."""

    text: str
    label: str = ""
    bold: bool = False
    field: str = ""

    def plain(self) -> str:
        if self.field:
            return f"{self.field} {self.text}"
        return f"{self.label} {self.text}".strip()

    def markdown(self) -> str:
        if self.field:
            return f"**{self.field}** {self.text}"
        if self.bold:
            return f"**{self.plain()}**"
        return self.plain()


@dataclass
class Annex:
    title: list[str]
    header: list[str]
    rows: list[list[str]]


@dataclass
class GenDoc:
    name: str
    seed: int
    split: str
    spec: render.DocumentSpec
    blocks: list[Block]
    annex: Optional[Annex]
    meta: dict[str, Any]
    tasks: list[dict[str, Any]] = field(default_factory=list)


class _Builder:
    def __init__(self, rng: random.Random, split: str, province: str, year: int) -> None:
        self.rng, self.split, self.province, self.year = rng, split, province, year
        self.work = list(WORK)
        rng.shuffle(self.work)
        self.blocks: list[Block] = []
        self.tasks: list[dict[str, Any]] = []
        self.aliases: dict[str, list[str]] = {}
        self.not_deadlines: list[dict[str, Any]] = []
        self.issuer = f"Ủy ban nhân dân tỉnh {province}"

    def unit(self, exclude: tuple[str, ...] = ()) -> str:
        """A unit's printed form (its short form, when it has one, half the time); its normal name is aliased."""
        normal, short = self.rng.choice([u for u in UNITS if u[0] not in exclude])
        if short and self.rng.random() < 0.5:
            self.aliases.setdefault(normal, [])
            if short not in self.aliases[normal]:
                self.aliases[normal].append(short)
            return short
        return normal

    def normal(self, printed: str) -> str:
        for normal, forms in self.aliases.items():
            if printed in forms:
                return normal
        return printed

    def units(self, n: int, exclude: tuple[str, ...] = ()) -> list[str]:
        out: list[str] = []
        while len(out) < n:
            u = self.unit(exclude + tuple(self.normal(x) for x in out))
            out.append(u)
        return out

    def work_item(self) -> tuple[str, str]:
        return self.work.pop()

    def task(self, path: Optional[str], first: str, shape: str, owners: list[str], inherited: Optional[str] = None,
             collaborators: tuple[str, ...] = (), deadlines: tuple[dict, ...] = (), report_to: tuple[str, ...] = (),
             deliverable: Optional[str] = None) -> None:
        t = {"kind": "task", "path": path, "first": " ".join(first.split()[:6]), "shape": shape,
             "owners": [self.normal(o) for o in owners], "inherited": inherited,
             "collaborators": [self.normal(c) for c in collaborators], "deadlines": list(deadlines),
             "report_to": list(report_to)}
        if deliverable:
            t["deliverable"] = deliverable
        self.tasks.append(t)

    def cite(self, citation: Citation, path: Optional[str] = None) -> str:
        nd = dict(citation.not_deadline)
        if path and nd["kind"] == "recurrence":
            nd["path"] = path
        self.not_deadlines.append(nd)
        return citation.text

    def join(self, names: list[str]) -> str:
        return ", ".join(names[:-1]) + " và " + names[-1] if len(names) > 1 else names[0]

    def report(self) -> tuple[str, list[str]]:
        phrase = _pick(self.rng, REPORT, self.split)
        via = self.unit()
        target = "Chủ tịch UBND tỉnh" if "Chủ tịch" in phrase else "UBND tỉnh"
        return phrase.format(via=via), [target]

    # --- shapes -------------------------------------------------------------------------------------------------

    def content_items(self, roman: str, cites: list[Citation]) -> None:
        """A plan's content section: items with no unit of their own (the issuer's)."""
        self.blocks.append(Block(f"{roman}. {_pick(self.rng, CONTENT_HEADING, self.split)}", bold=True))
        for i in range(1, self.rng.randint(2, 3) + 1):
            work, _ = self.work_item()
            text = f"{work}, {self.rng.choice(TAILS)}"
            deadlines: list[dict] = []
            if cites and self.rng.random() < 0.6:
                text += f"; thực hiện theo {self.cite(cites.pop())}"
            if self.rng.random() < 0.5:
                phrase, norm = deadline_phrases(self.rng, self.year, self.split)
                text += f"; hoàn thành {phrase}" if norm["kind"] != "recurrence" else f"; {phrase} báo cáo kết quả"
                deadlines.append(norm)
            self.blocks.append(Block(text + ".", label=f"{i}."))
            self.task(f"{roman}.{i}", work, "content-item", [self.issuer], "issuer", deadlines=tuple(deadlines))

    def labelled_items(self, roman: str) -> None:
        self.blocks.append(Block(f"{roman}. {_pick(self.rng, TASKS_HEADING, self.split)}", bold=True))
        labels = [_pick(self.rng, pool, self.split) for pool in (LEAD_LABEL, COLLAB_LABEL, TIME_LABEL, PRODUCT_LABEL)]
        for i in range(1, self.rng.randint(2, 3) + 1):
            work, product = self.work_item()
            self.blocks.append(Block(work + ".", label=f"{i}."))
            lead = self.unit()
            collab = self.units(self.rng.randint(1, 2), (self.normal(lead),))
            extra = self.rng.random() < 0.4
            collab_text = ", ".join(collab) + (f", {GENERIC_COLLABORATORS[0]}" if extra else "")
            phrase, norm = deadline_phrases(self.rng, self.year, self.split, cell=True)
            destination = self.rng.choice(["trình UBND tỉnh", "gửi Sở Nội vụ tổng hợp", "được phê duyệt",
                                           "trình UBND tỉnh xem xét, ban hành theo đúng trình tự, thủ tục quy định",
                                           "gửi các cơ quan, đơn vị liên quan để thống nhất triển khai thực hiện"])
            product_text = f"{product} {destination}"
            self.blocks += [Block(value + ".", field=label)
                            for value, label in zip((lead, collab_text, phrase, product_text), labels)]
            self.task(f"{roman}.{i}", work, "labelled-lines", [lead],
                      collaborators=tuple(collab) + ((GENERIC_COLLABORATORS[0],) if extra else ()),
                      deadlines=(norm,), deliverable=product)

    def lead_item(self, path: str, number: int) -> None:
        lead = _pick(self.rng, LEAD, self.split)
        if "{group}" in lead:
            group = self.rng.choice(GROUPS)
            self.blocks.append(Block(lead.format(group=group), label=f"{number}."))
        else:
            printed = self.unit()
            group = self.normal(printed)
            self.blocks.append(Block(lead.format(unit=printed), label=f"{number}."))
        dashed = self.rng.random() < 0.5
        for k in range(self.rng.randint(2, 3)):
            work, _ = self.work_item()
            text = f"{work}, {self.rng.choice(TAILS)}"
            collab: tuple[str, ...] = ()
            deadlines: tuple[dict, ...] = ()
            report_to: tuple[str, ...] = ()
            if k == 1:
                c = self.unit((group,))
                text += f"; phối hợp với {c} trong quá trình triển khai"
                collab = (c,)
            if k == 2 or (k == 1 and self.rng.random() < 0.5):
                phrase, norm = deadline_phrases(self.rng, self.year, self.split)
                rep, report_to_list = self.report()
                text += f"; {rep} {phrase}" if norm["kind"] != "recurrence" else f"; {phrase} {rep}"
                deadlines, report_to = (norm,), tuple(report_to_list)
            label = "-" if dashed else f"{LETTERS[k]})"
            sub = f"{path}.-{k + 1}" if dashed else f"{path}.{LETTERS[k]}"
            self.blocks.append(Block(text + ".", label=label))
            self.task(sub, work, "lead-owner", [group], "lead", collaborators=collab, deadlines=deadlines,
                      report_to=report_to)

    def directive_item(self, path: str, number: int, cites: list[Citation]) -> None:
        work, _ = self.work_item()
        lead = self.unit()
        collab = self.units(self.rng.randint(1, 2), (self.normal(lead),))
        verb = _pick(self.rng, DIRECTIVE_VERB, self.split).format(c=self.join(collab))
        phrase, norm = deadline_phrases(self.rng, self.year, self.split)
        rep, report_to = self.report()
        text = f"{lead} {verb} {work[0].lower()}{work[1:]}"
        if cites and self.rng.random() < 0.5:
            text += f" theo {self.cite(cites.pop())}"
        text += f"; {rep} {phrase}" if norm["kind"] != "recurrence" else f"; {phrase} {rep}"
        self.blocks.append(Block(text + ".", label=f"{number}."))
        self.task(path, lead, "directive-item", [lead], collaborators=tuple(collab), deadlines=(norm,),
                  report_to=tuple(report_to))

    def person_item(self, path: str, number: int) -> None:
        role, scope, comma = self.rng.choice(PERSON[:3] if self.split == "tune" else PERSON)
        work, _ = self.work_item()
        printed = f"Đồng chí {role}" + ((", phụ trách " if comma else " phụ trách ") + scope + ("," if comma else "")
                                        if scope else "")
        forms = self.aliases.setdefault(role, [])
        for form in [f"Đồng chí {role}"] + ([f"{role} phụ trách {scope}", f"Đồng chí {role} phụ trách {scope}"]
                                            if scope else []):
            if form not in forms:
                forms.append(form)
        text = f"{printed} chỉ đạo {work[0].lower()}{work[1:]}, {self.rng.choice(TAILS)}"
        self.blocks.append(Block(text + ".", label=f"{number}."))
        self.task(path, printed, "person-owner", [role])

    def annex(self, code: str, date_text: str) -> Annex:
        rows = []
        for i in range(1, self.rng.randint(3, 5) + 1):
            work, product = self.work_item()
            lead = self.unit()
            collab = self.units(self.rng.randint(1, 2), (self.normal(lead),))
            phrase, norm = deadline_phrases(self.rng, self.year, self.split, cell=True)
            rows.append([str(i), work, lead, ", ".join(collab), phrase, product])
            self.task(None, work, "annex-table", [lead], collaborators=tuple(collab), deadlines=(norm,),
                      deliverable=product)
        return Annex(["PHỤ LỤC", "DANH MỤC NHIỆM VỤ TRIỂN KHAI KẾ HOẠCH",
                      f"(Kèm theo Kế hoạch số {code} ngày {date_text} của UBND tỉnh {self.province})"],
                     ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành",
                      "Sản phẩm"], rows)


def make_document(seed: int, split: str) -> GenDoc:
    """One generated plan or directive (even seeds plans, odd seeds directives) with its gold."""
    rng = random.Random(f"plans-{split}-{seed}")
    province = PROVINCES[rng.randrange(len(PROVINCES))]
    year = rng.choice([2025, 2026])
    is_plan = seed % 2 == 0
    b = _Builder(rng, split, province, year)
    b.aliases[b.issuer] = ["UBND tỉnh", "Ủy ban nhân dân tỉnh"]  # the content items' owner, as printed
    m, d = rng.randint(1, 3), rng.randint(2, 27)
    number = rng.randint(10, 300)
    code = f"{number}/{'KH' if is_plan else 'CT'}-UBND"
    issue = {"text": f"ngày {d:02d} tháng {m:02d} năm {year}", "kind": "date", "start": _date(year, m, d),
             "end": _date(year, m, d), "why": "the issue date"}
    b.not_deadlines.append(issue)
    cites = citations(rng, year)
    topic = rng.choice(["cải cách hành chính", "chuyển đổi số", "phòng, chống thiên tai", "giảm nghèo bền vững",
                        "an toàn thực phẩm", "phát triển hạ tầng giao thông"])
    if is_plan:
        term = rng.random() < 0.35
        if term:
            period = {"text": f"giai đoạn {year}-{year + 4}", "kind": "term", "start": _date(year, 1, 1),
                      "end": _date(year + 4, 12, 31)}
        else:
            period = {"text": f"năm {year}", "kind": "year", "start": _date(year, 1, 1), "end": _date(year, 12, 31)}
        subject = [f"Triển khai công tác {topic} {period['text']}"]
        b.blocks.append(Block(f"Thực hiện {b.cite(cites.pop())}; để triển khai hiệu quả công tác {topic}, Ủy ban "
                              f"nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:"))
        b.blocks += [Block("I. MỤC ĐÍCH, YÊU CẦU", bold=True), Block("Mục đích", label="1.", bold=True),
                     Block(f"Tổ chức thực hiện đồng bộ, hiệu quả các nhiệm vụ về {topic}, góp phần hoàn thành các "
                           f"mục tiêu của {b.cite(cites.pop())}."),
                     Block("Yêu cầu", label="2.", bold=True),
                     Block("Xác định rõ nội dung công việc, thời hạn hoàn thành và trách nhiệm của cơ quan, đơn vị "
                           "chủ trì, phối hợp thực hiện.")]
        sections = ["content", "labelled", "organisation"]
        for roman, section in zip(ROMAN[1:], sections):
            if section == "content":
                b.content_items(roman, cites)
            elif section == "labelled":
                b.labelled_items(roman)
            else:
                b.blocks.append(Block(f"{roman}. {_pick(rng, ORGANISATION_HEADING, split)}", bold=True))
                kinds = ["lead", "directive", "person"]
                rng.shuffle(kinds)
                for i, kind in enumerate(kinds, 1):
                    path = f"{roman}.{i}"
                    if kind == "lead":
                        b.lead_item(path, i)
                    elif kind == "directive":
                        b.directive_item(path, i, cites)
                    else:
                        b.person_item(path, i)
        b.blocks.append(Block("Trên đây là Kế hoạch của UBND tỉnh; trong quá trình thực hiện, nếu có khó khăn, "
                              "vướng mắc, các cơ quan, đơn vị kịp thời báo cáo UBND tỉnh (qua Sở Nội vụ) để xem xét, "
                              "giải quyết./."))
        annex = b.annex(code, f"{d:02d}/{m:02d}/{year}") if rng.random() < 0.75 or seed % 4 == 0 else None
        type_name = "KẾ HOẠCH"
    else:
        period = None
        subject = [f"Về việc tăng cường công tác {topic} trên địa bàn tỉnh {province}"]
        b.blocks.append(Block(f"Thực hiện {b.cite(cites.pop())}, để nâng cao hiệu quả công tác {topic}, Chủ tịch "
                              f"Ủy ban nhân dân tỉnh yêu cầu:"))
        kinds = ["directive", "lead", "directive", "person", "lead"][: rng.randint(4, 5)]
        rng.shuffle(kinds)
        for i, kind in enumerate(kinds, 1):
            if kind == "lead":
                b.lead_item(str(i), i)
            elif kind == "directive":
                b.directive_item(str(i), i, cites)
            else:
                b.person_item(str(i), i)
        b.blocks.append(Block("Yêu cầu Thủ trưởng các sở, ban, ngành, Chủ tịch UBND các huyện, thị xã, thành phố "
                              "nghiêm túc triển khai thực hiện Chỉ thị này./."))
        annex = None
        type_name = "CHỈ THỊ"
    spec = render.DocumentSpec(
        issuing_body=["ỦY BAN NHÂN DÂN", f"TỈNH {province.upper()}"], number_line=f"Số: {code}",
        place_date=f"{province}, {issue['text']}", type_name=type_name, subject=subject,
        body=[blk.plain() for blk in b.blocks],
        recipients=["Văn phòng Chính phủ (b/c)", "TT Tỉnh ủy, TT HĐND tỉnh", "CT, các PCT UBND tỉnh",
                    "Các sở, ban, ngành tỉnh", "UBND các huyện, thị xã, thành phố", "Lưu: VT, TH"],
        signer_authority=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] if is_plan else ["CHỦ TỊCH"],
        signer_name=rng.choice(SIGNERS))
    name = f"{split}-{seed:05d}-{'kh' if is_plan else 'ct'}"
    meta = {"kind": "doc", "doc": name, "source": "generated", "type": "Kế hoạch" if is_plan else "Chỉ thị",
            "issuer": f"Ủy ban nhân dân tỉnh {province}", "aliases": b.aliases, "period": period,
            "not_deadlines": b.not_deadlines, "seed": seed, "split": split}
    return GenDoc(name, seed, split, spec, b.blocks, annex, meta, b.tasks)


# ----------------------------------------------------------------------------------------------------------------
# Forms


def typeset_text(doc: GenDoc) -> str:
    """The plain text: a line per paragraph (``render.ground_truth_text``), the annex after the signature with its
    cells tab-separated."""
    text = render.ground_truth_text(doc.spec)
    if doc.annex:
        lines = [""] + doc.annex.title + ["\t".join(doc.annex.header)] + ["\t".join(r) for r in doc.annex.rows]
        text += "\n".join(lines) + "\n"
    return text


def exported_text(doc: GenDoc, width: int = 88) -> str:
    """A Word-to-Markdown export: header lines, ``**bold**`` headings and labels, paragraphs hard-wrapped at
    ``width`` with a blank line between them, the annex as a ``|`` table."""
    spec = doc.spec
    out = render.header_left_lines(spec) + [""] + render.header_right_lines(spec) + [""]
    out += [f"**{spec.type_name}**", "", f"**{' '.join(spec.subject)}**", ""]
    for block in doc.blocks:
        out += split_lines(block.markdown(), width) + [""]
    out += ["**Nơi nhận:**"] + [f"- {r};" if not r.startswith("Lưu") else f"- {r}." for r in spec.recipients] + [""]
    out += [f"**{a}**" for a in spec.signer_authority] + ["", f"**{spec.signer_name}**", ""]
    if doc.annex:
        out += [f"**{t}**" if i < 2 else f"*{t}*" for i, t in enumerate(doc.annex.title)] + [""]
        out.append("| " + " | ".join(doc.annex.header) + " |")
        out.append("|" + "---|" * len(doc.annex.header))
        out += ["| " + " | ".join(r) + " |" for r in doc.annex.rows]
    return "\n".join(out) + "\n"


_ANNEX_COLUMNS = (0.06, 0.30, 0.17, 0.18, 0.14, 0.15)


def annex_pages(annex: Annex, dpi: int, font: str, seed: int) -> list:
    """The annex on pages of its own: centred title lines, then a ruled table (cells wrapped in their column)."""
    geo = render._geometry(dpi, seed)
    canvas = render._Canvas(geo, font)
    pt = 10.5
    lh = geo.line_height(pt)
    pad = render._px(3, dpi)
    thick = max(1, round(dpi / 150))
    for i, line in enumerate(annex.title):
        style = "b" if i < 2 else "i"
        size = canvas.fit_pt(line, style, 13.0, geo.text_width)
        canvas.y += geo.line_height(size)
        canvas.centered((geo.left + geo.right) / 2, canvas.y, line, style, size)
    canvas.y += lh
    xs = [geo.left]
    for share in _ANNEX_COLUMNS:
        xs.append(xs[-1] + share * geo.text_width)
    for r, row in enumerate([annex.header] + annex.rows):
        style = "b" if r == 0 else "r"
        cells = [render._wrap_words(canvas, [(w, style) for w in cell.split()], pt, xs[c + 1] - xs[c] - 2 * pad,
                                    xs[c + 1] - xs[c] - 2 * pad) for c, cell in enumerate(row)]
        height = max(len(c) for c in cells) * lh + 2 * pad
        canvas.ensure(height)
        top = canvas.y
        for c, lines in enumerate(cells):
            for k, words in enumerate(lines):
                baseline = top + pad + k * lh + render._px(pt, dpi) * 0.95
                render._draw_word_line(canvas, xs[c] + pad, xs[c + 1] - pad, baseline, words, pt, justify=False)
        for x in xs:
            canvas.draw.rectangle([x, top, x + thick - 1, top + height], fill=0)
        for y in (top, top + height):
            canvas.draw.rectangle([xs[0], y, xs[-1], y + thick - 1], fill=0)
        canvas.y = top + height
    return canvas.pages


def scanned_pages(doc: GenDoc, dpi: int = 300) -> list:
    font = "dejavu" if doc.seed % 2 == 0 else "liberation"
    pages = render.render_pages(doc.spec, dpi=dpi, font=font, seed=doc.seed)
    if doc.annex:
        pages += annex_pages(doc.annex, dpi, font, doc.seed)
    return [render.degrade(p, seed=doc.seed * 31 + i, strength=0.8) for i, p in enumerate(pages)]


def _recipe_hash() -> str:
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(RECIPE_VERSION.encode())
    for name in ("plans.py", "render.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:12]


FORMS = {"typeset": ".txt", "exported": ".md", "scanned": ".pdf"}


def write_forms(doc: GenDoc, folder: Path, scans: bool = True) -> dict[str, Path]:
    """Write the document's forms under ``folder`` (kept while the recipe is unchanged); form → path."""
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    for form, suffix in FORMS.items():
        if form == "scanned" and not scans:
            continue
        path = folder / f"{doc.name}{suffix}"
        if not path.is_file():
            tmp = path.with_suffix(path.suffix + ".tmp")
            if form == "typeset":
                tmp.write_text(typeset_text(doc), encoding="utf-8")
            elif form == "exported":
                tmp.write_text(exported_text(doc), encoding="utf-8")
            else:
                render.save_pdf(scanned_pages(doc), tmp, dpi=300)
            tmp.replace(path)
        out[form] = path
    return out


def split_seeds(split: str) -> list[int]:
    if split == "tune":
        return list(range(TUNE_N))
    if split == "fresh":
        return list(range(FRESH_BASE, FRESH_BASE + FRESH_N))
    raise ValueError(f"unknown split {split!r}")


def gold_docs(split: str, root: Path, scans: bool = True) -> list:
    """The split's documents in every form as ``task_eval.GoldDoc``s (files written under ``root``)."""
    from .task_eval import GoldDoc  # noqa: PLC0415

    folder = root / f"{split}-{_recipe_hash()}"
    out = []
    for seed in split_seeds(split):
        doc = make_document(seed, split)
        for form, path in write_forms(doc, folder, scans=scans).items():
            meta = dict(doc.meta, form=form, doc=f"{doc.name}-{form}")
            tasks = [dict(t, doc=meta["doc"]) for t in doc.tasks]
            out.append(GoldDoc(meta["doc"], path, form, meta, tasks))
    return out


def main() -> None:  # python -m bench.plans [split] [seed]: print one document's typeset text and gold
    import sys

    split = sys.argv[1] if len(sys.argv) > 1 else "tune"
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    doc = make_document(seed, split)
    print(typeset_text(doc))
    print(json.dumps(doc.meta, ensure_ascii=False))
    for t in doc.tasks:
        print(json.dumps(t, ensure_ascii=False))


if __name__ == "__main__":
    main()
