"""A renderer-made set of provincial scans with their gold, and its score through the real pipeline (issue #16).

``python -m bench.provincial --split tune|fresh [--n N] [--per-doc] [--jobs 2]``

Each document is drawn from its seed (``make_document``): a provincial, department (Sở) or district body of some
province, one of seven types (Chỉ thị directive, Quyết định decision, Công văn letter with its ``V/v`` subject,
Tờ trình submission, Báo cáo report, Thông báo notice, Kế hoạch plan), a code (``299/CT-UBND``,
``1234/UBND-KT``, ``45/STC-QLNS``), a date line, a one- to three-line subject, body paragraphs taken at bench
time from ``../shared/corpus/vbpl`` (built-in filler text without it), a Nơi nhận (recipients) list ending in
``Lưu: VT, ...`` and a signature block with a generated name. ``bench.render`` typesets it; on top, as a scan has
them (``render_document``): the number and the day (sometimes the month) written by hand into blanks left in the
printed lines, in fonts the digit model never saw (``HELD_OUT_WRITERS``); a signature scribble; a round seal in
the gray a red stamp scans to, over the signature and in some documents over the name; in some an e-signature
box (header corner, signature, or over the date line); then the renderer's scan degradation, fax or photocopy
noise, skew up to 5°, and about one in ten pages turned a quarter or half turn.

Splits: ``tune`` (seeds 0..49) may be looked at page by page to fix the pipeline; ``fresh`` (seeds 10000..10119)
is scored as totals only (``--per-doc`` is refused) and differs from tune in what tune does not show: other
provinces, other departments, another mix of the held-out writers, more fax pages, a wider year range. ``probe``
(seeds 20000..20059) was added when fresh's per-field totals showed issuers and codes tune does not exercise: a
third draw of provinces and (two-line) departments in neither tune nor fresh, with fresh's writer and noise mix;
it is looked at page by page like tune, so fresh stays the out-of-sample figure. ``probe15`` (seeds 160000..160079)
and ``probe17`` (180000..180039: places whose names are no common syllables) were drawn like fresh in the
twenty-first round and looked at page by page; ``probe16`` (170000..170079) was drawn the same way and is scored as
totals only, never looked at: a second out-of-sample set. ``probe18`` (190000..190059, twenty-second round) draws
the kinds fresh's design has and the looked-at sets lacked, under other names (mountain districts, two-line
departments, unit parts with ``&`` or a dash) and is looked at page by page, as is ``probe19`` (200000..200059:
a province whose name holds a dash, bodies whose names hold a dash or an abbreviation). ``probe20`` (210000..210099,
twenty-fifth round) is drawn like fresh under provinces and bodies no other split has; it was scored once as totals,
then looked at page by page, and so are ``probe21`` (220000..220099, twenty-sixth round) and ``probe22`` (230000..230099,
thirtieth round: the last provinces no split had). None of these is a bench row
(``python -m bench.provincial --split probe16``).

Files are cached under ``.cache/bench/provincial/<split>-<hash>/`` (the hash covers this module, its parts, the
renderer and whether the corpus was there); each PDF goes through ``pipeline.extract`` as ``bench.pipeline_runs``
does (cached per pipeline version, 2 processes), and the seven review paths are scored as
``bench.review_calib`` scores the dev scans: per field right, right when not in the record's ``review`` list,
accepted (not in it) and right.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import hashlib
import json
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

import numpy as np
from PIL import Image

from . import provincial_parts as parts
from .datasets import CACHE, REPO, scan_gold_fields

# The handwriting fonts of this set (family, Debian package, file): the digit model's builder
# (models/build_digits.py) must never train on them, so the numbers and days here are from unseen writers.
HELD_OUT_WRITERS = (
    ("SteveHand", "fonts-sjfonts", "/usr/share/fonts/truetype/sjfonts/SteveHand.ttf"),
    ("Femkeklaver", "fonts-femkeklaver", "/usr/share/fonts/truetype/femkeklaver/femkeklaver.ttf"),
    ("Kristi", "fonts-kristi", "/usr/share/fonts/truetype/kristi/Kristi.ttf"),
    ("Kaushan Script", "fonts-kaushanscript", "/usr/share/fonts/opentype/kaushanscript/KaushanScript-Regular.otf"),
    ("Seto", "fonts-seto", "/usr/share/fonts/truetype/seto/setofont.ttf"),
)
def missing_writer_packages() -> list[str]:
    """The Debian packages of ``HELD_OUT_WRITERS`` whose font file is not installed (``make bench`` installs them)."""
    return sorted({package for _, package, path in HELD_OUT_WRITERS if not os.path.exists(path)})


SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SANS_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

DPI = 300
RECIPE_VERSION = "1"


@dataclass(frozen=True)
class SplitDesign:
    """What a split draws from."""

    name: str
    seeds: tuple[int, ...]
    provinces: tuple[parts.Province, ...]
    departments: tuple[parts.Department, ...]
    writer_weights: tuple[float, ...]  # over HELD_OUT_WRITERS
    noise_weights: tuple[float, float, float]  # clean, photocopy, fax
    years: tuple[int, int]
    topics: tuple[str, ...]


SPLITS = {
    "tune": SplitDesign("tune", tuple(range(0, 50)), parts.TUNE_PROVINCES, parts.TUNE_DEPARTMENTS,
                        (3, 3, 2, 1, 0.5), (0.45, 0.35, 0.20), (2019, 2025), parts.TOPICS[::2]),
    "fresh": SplitDesign("fresh", tuple(range(10000, 10120)), parts.FRESH_PROVINCES, parts.FRESH_DEPARTMENTS,
                         (1, 0.5, 1, 3, 3), (0.30, 0.35, 0.35), (2016, 2026), parts.TOPICS),
    "probe": SplitDesign("probe", tuple(range(20000, 20060)), parts.PROBE_PROVINCES, parts.PROBE_DEPARTMENTS,
                         (1, 1, 1, 2, 2), (0.30, 0.35, 0.35), (2016, 2026), parts.TOPICS[1::2]),
    "probe15": SplitDesign("probe15", tuple(range(160000, 160080)), parts.PROBE15_PROVINCES,
                           parts.PROBE15_DEPARTMENTS, (1, 0.5, 1, 3, 3), (0.30, 0.35, 0.35), (2016, 2026), parts.TOPICS),
    "probe16": SplitDesign("probe16", tuple(range(170000, 170080)), parts.PROBE16_PROVINCES,
                           parts.PROBE16_DEPARTMENTS, (1, 1, 1, 3, 3), (0.30, 0.35, 0.35), (2016, 2026), parts.TOPICS),
    "probe17": SplitDesign("probe17", tuple(range(180000, 180040)), parts.PROBE17_PROVINCES,
                           parts.PROBE17_DEPARTMENTS, (1, 1, 1, 3, 3), (0.30, 0.35, 0.35), (2016, 2026), parts.TOPICS),
    "probe18": SplitDesign("probe18", tuple(range(190000, 190060)), parts.PROBE18_PROVINCES,
                           parts.PROBE18_DEPARTMENTS, (1, 0.5, 1, 3, 3), (0.30, 0.35, 0.35), (2016, 2026), parts.TOPICS),
    "probe19": SplitDesign("probe19", tuple(range(200000, 200060)), parts.PROBE19_PROVINCES,
                           parts.PROBE19_DEPARTMENTS, (1, 0.5, 1, 3, 3), (0.30, 0.35, 0.35), (2016, 2026), parts.TOPICS),
    "probe20": SplitDesign("probe20", tuple(range(210000, 210100)), parts.PROBE20_PROVINCES,
                           parts.PROBE20_DEPARTMENTS, (1, 0.5, 1, 3, 3), (0.30, 0.35, 0.35), (2016, 2026), parts.TOPICS),
    "probe21": SplitDesign("probe21", tuple(range(220000, 220100)), parts.PROBE21_PROVINCES,
                           parts.PROBE21_DEPARTMENTS, (1, 0.5, 1, 3, 3), (0.30, 0.35, 0.35), (2016, 2026), parts.TOPICS),
    "probe22": SplitDesign("probe22", tuple(range(230000, 230100)), parts.PROBE22_PROVINCES,
                           parts.PROBE22_DEPARTMENTS, (1, 0.5, 1, 3, 3), (0.30, 0.35, 0.35), (2016, 2026), parts.TOPICS),
}
TOTALS_ONLY = ("fresh", "probe16")  # splits never looked at page by page: ``--per-doc`` is refused

# type name → (printed heading, symbol part); a Công văn (letter) has neither
TYPES = {"Chỉ thị": ("CHỈ THỊ", "CT"), "Quyết định": ("QUYẾT ĐỊNH", "QĐ"), "Tờ trình": ("TỜ TRÌNH", "TTr"),
         "Báo cáo": ("BÁO CÁO", "BC"), "Thông báo": ("THÔNG BÁO", "TB"), "Kế hoạch": ("KẾ HOẠCH", "KH"),
         "Công văn": (None, None)}

FILLER = (
    "Thực hiện chỉ đạo của cấp trên, các cơ quan, đơn vị có liên quan khẩn trương rà soát, tổng hợp tình hình "
    "và đề xuất giải pháp phù hợp với điều kiện thực tế của địa phương.",
    "Các sở, ban, ngành và địa phương theo chức năng, nhiệm vụ được giao chủ động phối hợp triển khai thực hiện, "
    "bảo đảm tiến độ, chất lượng và hiệu quả; báo cáo kết quả trước ngày 25 hằng tháng.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời phản ánh về cơ quan "
    "thường trực để tổng hợp, báo cáo cấp có thẩm quyền xem xét, giải quyết.",
    "Giao cơ quan chuyên môn chủ trì, phối hợp với các đơn vị liên quan theo dõi, đôn đốc, kiểm tra việc thực "
    "hiện; định kỳ sáu tháng, một năm tổng hợp kết quả, báo cáo theo quy định.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước theo phân cấp hiện hành và các nguồn huy động "
    "hợp pháp khác theo quy định của pháp luật.",
)


@dataclass
class ProvincialDoc:
    """One generated document: the printed spec (blanks where the hand writes), the spec as read (blanks filled),
    the gold fields and the scan recipe."""

    name: str
    seed: int
    split: str
    spec: Any  # bench.render.DocumentSpec, blanks left for the handwriting
    filled: Any  # the same, with the handwritten values in place: what a reader sees
    gold: dict[str, Any]
    recipe: dict[str, Any]


# ----------------------------------------------------------------------------------------------------------------
# Body text


def _corpus_files(corpus: Optional[Path]) -> list[Path]:
    folder = corpus / "vbpl" if corpus else None
    return sorted(folder.glob("*.txt")) if folder and folder.is_dir() else []


_BAD_BODY = re.compile(r"(Nơi nhận|Lưu\s*:|CỘNG HÒA|Độc lập|^Số\s*:|^\(?[Đđ]ã ký|KT\.|TM\.|TL\.|\s{3,})")


def body_paragraphs(rng: np.random.Generator, count: int, corpus: Optional[Path]) -> tuple[list[str], str]:
    """``count`` consecutive body paragraphs of a corpus text chosen by ``rng`` (long enough, no header, closing or
    all-capitals lines), or the built-in filler; and where they came from."""
    files = _corpus_files(corpus)
    if files:
        for _ in range(6):
            path = files[int(rng.integers(0, len(files)))]
            lines = [" ".join(line.split()) for line in path.read_text(encoding="utf-8").splitlines()]
            ok = [line for line in lines[12:] if 60 <= len(line) <= 480 and not _BAD_BODY.search(line)
                  and any(c.islower() for c in line)]
            if len(ok) >= count:
                start = int(rng.integers(0, len(ok) - count + 1))
                return ok[start:start + count], path.name
    return [FILLER[(int(rng.integers(0, len(FILLER))) + k) % len(FILLER)] for k in range(count)], "filler"


# ----------------------------------------------------------------------------------------------------------------
# The document


def person_name(rng: np.random.Generator) -> str:
    return f"{parts.pick(rng, parts.FAMILY)} {parts.pick(rng, parts.MIDDLE)} {parts.pick(rng, parts.GIVEN)}"


def split_lines(text: str, width: int) -> list[str]:
    """``text`` cut at word boundaries into lines of at most about ``width`` characters."""
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + ([current] if current else [])


def _subject(rng: np.random.Generator, doc_type: str, topic: str, where: str, year: int, chair: str) -> str:
    suffix = parts.pick(rng, parts.PLACES_SUFFIX).format(where=where)
    tail = f" {suffix}" if suffix else ""
    if doc_type == "Công văn":
        return f"V/v {parts.pick(rng, parts.LETTER_VERBS)} {topic}{tail}"
    if doc_type == "Chỉ thị":
        return f"Về việc tăng cường {topic}{tail}" if rng.random() < 0.7 else f"Về {topic}{tail} năm {year}"
    if doc_type == "Quyết định":
        return parts.pick(rng, (f"Về việc {parts.pick(rng, parts.VERBS)} {topic}{tail}",
                                f"Về việc ban hành Kế hoạch thực hiện {topic} năm {year}",
                                f"Ban hành Quy chế phối hợp trong {topic}{tail}"))
    if doc_type == "Tờ trình":
        return parts.pick(rng, (f"Về việc đề nghị phê duyệt kinh phí thực hiện {topic} năm {year}",
                                f"Đề nghị thông qua Đề án về {topic}{tail}"))
    if doc_type == "Báo cáo":
        period = parts.pick(rng, (f"năm {year}", f"6 tháng đầu năm {year}", f"quý {int(rng.integers(1, 5))} năm {year}",
                                  f"tháng {int(rng.integers(1, 13)):02d}/{year}"))
        return parts.pick(rng, (f"Kết quả thực hiện {topic} {period}", f"Tình hình {topic}{tail} {period}"))
    if doc_type == "Thông báo":
        return parts.pick(rng, (f"Kết luận của {chair} tại buổi làm việc về {topic}{tail}",
                                f"Về việc tổ chức hội nghị sơ kết {topic}"))
    return parts.pick(rng, (f"Triển khai thực hiện {topic} năm {year}",
                            f"Thực hiện {topic}{tail} giai đoạn {year} - {year + 5}"))


PROPOSERS = ("Chánh Văn phòng", "Trưởng phòng Tổng hợp", "Thủ trưởng đơn vị")


def _opening(rng: np.random.Generator, doc_type: str, kind: str, where: str) -> list[str]:
    """The paragraphs a document of ``doc_type`` opens with before its body (written here, generic)."""
    council = "ỦY BAN NHÂN DÂN" if kind != "department" else "GIÁM ĐỐC SỞ"
    if doc_type == "Quyết định":
        return [f"{council} {where.split(' ', 1)[0].upper()} {where.split(' ', 1)[1].upper()}" if kind != "department"
                else council,
                "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
                "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền "
                "địa phương ngày 22 tháng 11 năm 2019;",
                f"Theo đề nghị của {parts.pick(rng, PROPOSERS)}.",
                "QUYẾT ĐỊNH:"]
    if doc_type == "Chỉ thị":
        return [f"Thời gian qua, {parts.pick(rng, ('các cấp, các ngành', 'các cơ quan, đơn vị, địa phương'))} trên "
                f"địa bàn {where} đã tích cực triển khai thực hiện nhiệm vụ được giao và đạt được một số kết quả "
                "nhất định; tuy nhiên, vẫn còn một số tồn tại, hạn chế cần khắc phục."]
    if doc_type == "Công văn":
        return [f"Thực hiện chỉ đạo của cấp trên, {parts.pick(rng, ('Ủy ban nhân dân', 'Sở', 'cơ quan'))} đề nghị "
                "các cơ quan, đơn vị triển khai thực hiện một số nội dung sau:"]
    if doc_type == "Tờ trình":
        return ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
                "Căn cứ tình hình thực tế tại địa phương, kính trình xem xét, quyết định các nội dung sau:"]
    if doc_type == "Kế hoạch":
        return [f"Thực hiện chương trình công tác năm, {parts.pick(rng, ('Ủy ban nhân dân', 'cơ quan'))} ban hành "
                "Kế hoạch triển khai thực hiện như sau:", "I. MỤC ĐÍCH, YÊU CẦU"]
    if doc_type == "Báo cáo":
        return ["I. TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN"]
    return ["Ngày vừa qua, tại trụ sở cơ quan, đã chủ trì buổi làm việc với các cơ quan, đơn vị liên quan về nội "
            "dung trên. Sau khi nghe báo cáo và ý kiến của các thành viên dự họp, kết luận như sau:"]


def _signature(rng: np.random.Generator, kind: str, doc_type: str) -> list[str]:
    if kind == "department":
        return ["GIÁM ĐỐC"] if rng.random() < 0.4 else ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    if doc_type in ("Thông báo", "Công văn") and rng.random() < 0.5:
        return parts.pick(rng, (["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"],
                                ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]))
    if doc_type == "Chỉ thị":
        return parts.pick(rng, (["CHỦ TỊCH"], ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]))
    return parts.pick(rng, (["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
                            ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]))


def make_document(seed: int, split: str = "tune", corpus: Optional[Path] = None) -> ProvincialDoc:
    """The document of ``seed`` in ``split``: spec, filled spec, gold and scan recipe; deterministic."""
    from .render import DocumentSpec

    design = SPLITS[split]
    rng = np.random.default_rng([seed, 16])
    province = parts.pick(rng, design.provinces)
    kind = parts.pick(rng, ("province", "department", "district"), [0.5, 0.3, 0.2])
    p_upper = province.name.upper()
    parent = parent_gold = None
    if kind == "province":
        issuing, issuer, org, place = ["ỦY BAN NHÂN DÂN", f"TỈNH {p_upper}"], f"Ủy ban nhân dân tỉnh {province.name}", \
            "UBND", province.name
        units, where, chair = parts.PROVINCE_UNITS, f"tỉnh {province.name}", "Chủ tịch UBND tỉnh"
    elif kind == "department":
        dept = parts.pick(rng, design.departments)
        issuing, issuer, org, place = list(dept.header), dept.name, dept.abbr, province.name
        if rng.random() < 0.7:
            parent, parent_gold = f"UBND TỈNH {p_upper}", f"UBND tỉnh {province.name}"
        else:
            parent, parent_gold = f"ỦY BAN NHÂN DÂN TỈNH {p_upper}", f"Ủy ban nhân dân tỉnh {province.name}"
        units, where, chair = dept.units, f"tỉnh {province.name}", "Giám đốc Sở"
    else:
        district = parts.pick(rng, province.districts)
        level = next(word for word in parts.DISTRICT_LEVELS if district.startswith(word + " "))
        dname = district[len(level) + 1:]
        issuing, issuer, org, place = ["ỦY BAN NHÂN DÂN", f"{level.upper()} {dname.upper()}"], \
            f"Ủy ban nhân dân {level} {dname}", "UBND", dname
        units, where, chair = parts.DISTRICT_UNITS, f"{level} {dname}", f"Chủ tịch UBND {level}"
    types = [t for t in TYPES if not (kind == "department" and t == "Chỉ thị")]
    doc_type = parts.pick(rng, types)
    heading, abbr = TYPES[doc_type]
    letter = doc_type == "Công văn"
    number = int(rng.integers(1, 4000)) if letter and rng.random() < 0.7 else int(rng.integers(1, 460))
    number_text = f"{number:02d}" if number < 10 and rng.random() < 0.6 else str(number)
    symbol = f"{org}-{parts.pick(rng, units)}" if letter else f"{abbr}-{org}"
    year = int(rng.integers(design.years[0], design.years[1] + 1))
    month, day = int(rng.integers(1, 13)), int(rng.integers(1, 29))
    topic = parts.pick(rng, design.topics)
    title = _subject(rng, doc_type, topic, where, year, chair)
    subject = split_lines(title, int(rng.integers(38, 48)) if letter else int(rng.integers(48, 70)))[:3]
    title = " ".join(subject)

    # handwriting: the number and the day left blank and written in; sometimes the month too
    hand_number = rng.random() < 0.85
    hand_day = rng.random() < (0.85 if hand_number else 0.3)
    hand_month = hand_day and rng.random() < 0.2
    day_text = f"{day:02d}" if (not hand_day or rng.random() < 0.6) else str(day)
    month_text = f"{month:02d}" if month < 3 else str(month)
    if hand_month and rng.random() < 0.5:
        month_text = str(month)
    blank_n, blank_d = " " * int(rng.integers(9, 13)), " " * int(rng.integers(7, 10))

    def number_line(filled: bool) -> str:
        return f"Số: {number_text}/{symbol}" if filled or not hand_number else f"Số:{blank_n}/{symbol}"

    def date_line(filled: bool) -> str:
        d = day_text if (filled or not hand_day) else None
        m = month_text if (filled or not hand_month) else None
        d_part = f"ngày {d} " if d else f"ngày{blank_d}"
        m_part = f"tháng {m} " if m else f"tháng{blank_d}"
        return f"{place}, {d_part}{m_part}năm {year}"

    addressees: list[str] = []
    if doc_type == "Tờ trình":
        addressees = [f"Hội đồng nhân dân {where}" if kind != "department" else f"Ủy ban nhân dân tỉnh {province.name}"]
    elif letter:
        pool = (["Các Sở, ban, ngành tỉnh", "UBND các huyện, thị xã, thành phố",
                 "Các cơ quan Trung ương trên địa bàn tỉnh"]
                if kind != "district" else ["Các phòng, ban thuộc huyện", "UBND các xã, thị trấn"])
        addressees = pool[:int(rng.integers(1, len(pool) + 1))]
    two_pages = rng.random() < 0.35
    body, source = body_paragraphs(rng, int(rng.integers(9, 14)) if two_pages else int(rng.integers(2, 5)), corpus)
    body = _opening(rng, doc_type, kind, where) + body
    if doc_type in ("Tờ trình", "Công văn"):
        body = body + [parts.pick(rng, ("Kính đề nghị xem xét, quyết định./.", "Đề nghị các cơ quan, đơn vị quan tâm "
                                        "phối hợp thực hiện./."))]

    pool = {"province": parts.PROVINCE_RECIPIENTS, "district": parts.DISTRICT_RECIPIENTS,
            "department": parts.DEPARTMENT_RECIPIENTS}[kind]
    items = ["Như trên"] if addressees else []
    items += [pool[i].format(p=province.name) for i in sorted(rng.choice(len(pool), size=int(rng.integers(2, 6)),
                                                                         replace=False))]
    filing = f"Lưu: VT, {parts.pick(rng, units)}" + (f"({parts.pick(rng, parts.GIVEN)}{int(rng.integers(1, 40))})"
                                                       if rng.random() < 0.4 else "")
    semicolons = rng.random() < 0.7
    printed_items = [f"{i};" if semicolons else i for i in items] + [filing + ("." if semicolons else "")]
    authority = _signature(rng, kind, doc_type)
    name = person_name(rng)

    common = dict(parent_body=parent, issuing_body=issuing, type_name=heading, subject=subject,
                  addressees=addressees, body=body, recipients=printed_items, signer_authority=authority,
                  signer_name=name)
    spec = DocumentSpec(number_line=number_line(False), place_date=date_line(False), **common)
    filled = DocumentSpec(number_line=number_line(True), place_date=date_line(True), **common)

    gold = {
        "file": f"{split}-{seed:05d}.pdf", "document_type": doc_type, "number": number_text, "symbol": symbol,
        "code": f"{number_text}/{symbol}", "issuer": issuer, "parent_issuer": parent_gold, "place": place,
        "issued_date": f"{year:04d}-{month:02d}-{day:02d}", "title": title, "urgency": None,
        "signer_authority": " / ".join(authority[:-1]) or None, "signer_position": authority[-1],
        "signer_name": name, "recipients": items + [filing],
    }

    # the scan: writer, ink, stamps, noise, geometry
    writer = int(rng.choice(len(HELD_OUT_WRITERS), p=np.asarray(design.writer_weights) / sum(design.writer_weights)))
    noise = parts.pick(rng, ("clean", "photocopy", "fax"), list(design.noise_weights))
    turn = int(parts.pick(rng, (0, 90, 180, 270), [0.9, 0.04, 0.03, 0.03]))
    angle = float(np.clip(rng.normal(0, 1.6), -5, 5)) if rng.random() < 0.85 else float(rng.uniform(-5, 5))
    esign = parts.pick(rng, (None, "corner", "signature", "date"), [0.55, 0.22, 0.13, 0.10])
    sign_time = (f"{min(day + int(rng.integers(0, 3)), 28):02d}.{month:02d}.{year} "
                 f"{int(rng.integers(7, 23)):02d}:{int(rng.integers(0, 60)):02d}:{int(rng.integers(0, 60)):02d} +07:00")
    recipe = {
        "font": parts.pick(rng, ("dejavu", "liberation")),
        "hand": {"number": number_text if hand_number else None, "day": day_text if hand_day else None,
                 "month": month_text if hand_month else None},
        "writer": HELD_OUT_WRITERS[writer][0],
        "hand_size": float(rng.uniform(1.1, 1.7)), "slant": float(rng.uniform(-0.1, 0.45)),
        "stroke": int(parts.pick(rng, (0, 1, 2), [0.5, 0.35, 0.15])),
        "apart": float(rng.uniform(0.25, 0.7)) if rng.random() < 0.3 else 0.0,
        "ink": float(rng.uniform(35, 115)), "hand_rise": float(rng.uniform(-0.35, 0.1)),
        "scribble": bool(rng.random() < 0.85), "seal": bool(rng.random() < 0.8),
        "seal_on_name": bool(rng.random() < 0.5),
        "seal_tone": float(rng.uniform(85, 150)), "seal_mm": float(rng.uniform(33, 40)),
        "seal_text": issuer.upper() if kind != "department" else f"{issuer.upper()} - TỈNH {p_upper}",
        "esign": esign,
        "esign_lines": [f"Ký bởi: {issuer}", f"Email: {parts.ascii_fold(org)}@{parts.ascii_fold(province.name)}.gov.vn",
                        f"Cơ quan: Tỉnh {province.name}", f"Thời gian ký: {sign_time}"],
        "noise": noise, "strength": float(rng.uniform(0.5, 1.0)), "skew": round(angle, 3), "turn": turn,
        "two_pages": two_pages, "body_source": source, "sub_seed": int(rng.integers(0, 2**31)),
    }
    return ProvincialDoc(f"{split}-{seed:05d}", seed, split, spec, filled, gold, recipe)


# ----------------------------------------------------------------------------------------------------------------
# Rendering


def _blank(mark: dict, before: str, after: str) -> tuple[float, float]:
    """(x start, x end) of the blank in a drawn line: after the text ending in ``before``, before ``after``."""
    from .render import text_width

    text = mark["text"]
    i = text.index(before) + len(before)
    j = text.index(after, i)
    w = lambda s: text_width(mark["font"], mark["style"], mark["px"], s)  # noqa: E731
    return mark["x"] + w(text[:i]), mark["x"] + w(text[:j])


def _write(page: np.ndarray, digits: str, mark: dict, span: tuple[float, float], recipe: dict,
           rng: np.random.Generator) -> tuple[tuple[int, int, int, int], int]:
    """Write ``digits`` by hand into the blank ``span`` of the printed line ``mark``; returns the stroke's box on the
    page and its stroke pixels (alpha over one half)."""
    font = next(path for name, _, path in HELD_OUT_WRITERS if name == recipe["writer"])
    # sized by the digits' drawn height (the fonts' digits fill their em very differently): the printed digits'
    # height (about 0.7 em) times the recipe's hand size
    px = int(mark["px"] * 0.7 * recipe["hand_size"] * rng.uniform(0.92, 1.08) / parts.digit_height(font))
    apart = recipe["apart"] if len(digits) > 1 else 0.0
    pen = recipe["stroke"]
    if recipe["writer"] == "Femkeklaver":  # a sketched outline font: a wider pen closes the outlines into strokes
        pen = max(pen, round(px / 28))
    elif recipe["writer"] == "Kristi":  # a hairline font: a ballpoint is wider
        pen = max(pen, 1)
    stroke = parts.handwritten(digits, font, px, rng, slant=recipe["slant"], stroke=pen, gap_after_first=apart)
    x0, x1 = span
    stroke = parts.fit(stroke, (x1 - x0) * 1.25 + mark["px"] * 0.3, mark["px"] * 2.2)
    h, w = stroke.alpha.shape
    x = int((x0 + x1) / 2 - w / 2 + rng.uniform(-0.1, 0.1) * (x1 - x0))
    y = int(mark["baseline"] + recipe["hand_rise"] * mark["px"] - stroke.base_y)
    alpha = parts.fade(stroke.alpha, rng, 0.75)
    parts.blend_ink(page, alpha, recipe["ink"], x, y)
    return (x, y, x + w, y + h), int((alpha > 0.5).sum())


def render_document(doc: ProvincialDoc, legibility: Optional[dict[str, float]] = None) -> list[Image.Image]:
    """The scan of ``doc``: typeset, written in, signed, stamped, degraded; grayscale pages at ``DPI``.

    With a ``legibility`` dict, each handwritten field's share of stroke pixels still visible on the scan goes
    into it (``number``, ``day``, ``month``): the pages that carry handwriting are also made without it, through
    the same ink, degradation and noise (the noise's random state copied), and a stroke pixel counts as visible
    where the two scans differ by more than ``VISIBLE_DIFFERENCE`` grey levels. Faint ink under a fax threshold or
    an e-signature box leaves little of a field: no reader can get it, and the score leaves it out
    (``ILLEGIBLE_BELOW``). The scan itself is the same with or without the dict."""
    from .render import degrade, render_pages

    r = doc.recipe
    rng = np.random.default_rng(r["sub_seed"])
    layout: dict = {}
    clean = render_pages(doc.spec, dpi=DPI, font=r["font"], seed=doc.seed, layout=layout)
    pages = [np.asarray(p, dtype=np.float32).copy() for p in clean]
    mm = DPI / 25.4

    hand = r["hand"]
    date = layout["place_date"]
    fields = [(name, layout["number_line"] if name == "number" else date, before, after)
              for name, before, after in (("number", "Số:", "/"), ("day", "ngày", "tháng"), ("month", "tháng", "năm"))
              if hand[name]]
    plain = {mark["page"]: pages[mark["page"]].copy() for _, mark, _, _ in fields} if legibility is not None else {}
    strokes = {}
    for name, mark, before, after in fields:
        strokes[name] = (mark["page"],) + _write(pages[mark["page"]], hand[name], mark, _blank(mark, before, after),
                                                 r, rng)

    def blend(target: int, alpha: np.ndarray, tone: float, x: int, y: int) -> None:
        parts.blend_ink(pages[target], alpha, tone, x, y)
        if target in plain:
            parts.blend_ink(plain[target], alpha, tone, x, y)

    sig = layout.get("signature")
    name = layout.get("signer_name")
    if sig:
        space = sig["space_bottom"] - sig["space_top"]
        if r["scribble"]:
            w, h = int(rng.uniform(28, 45) * mm), int(space * rng.uniform(0.6, 0.9))
            alpha = parts.scribble(w, h, rng, pen=int(rng.integers(3, 7)))
            blend(sig["page"], alpha, rng.uniform(30, 110), int(sig["cx"] - w / 2 + rng.uniform(-5, 5) * mm),
                  int(sig["space_top"] + (space - h) * rng.uniform(0.2, 0.8)))
        if r["seal"]:
            d = int(r["seal_mm"] * mm)
            alpha = parts.seal(r["seal_text"], d, SANS_BOLD, rng)
            cx = sig["cx"] - sig["width"] * rng.uniform(0.12, 0.3)
            if r["seal_on_name"] and name:  # the ring crosses the name line and its first letters
                from .render import text_width

                name_w = text_width(name["font"], name["style"], name["px"], name["text"])
                cx = name["x"] + name_w * rng.uniform(0.1, 0.4) - d / 2
                cy = name["baseline"] + rng.uniform(1, 4) * mm - d / 2
            else:
                cy = sig["space_bottom"] - rng.uniform(0, 2) * mm - d / 2
            blend(sig["page"], alpha, r["seal_tone"], int(cx - d / 2), int(cy - d / 2))
    if r["esign"]:
        px = int(rng.uniform(6.5, 8.5) / 72 * DPI)
        alpha = parts.esign_box(r["esign_lines"], SANS, px, pad=int(px * 0.5))
        h, w = alpha.shape
        width, height = layout["size"]
        if r["esign"] == "corner" or not sig:
            target, x, y = 0, width - w - int(rng.uniform(4, 14) * mm), int(rng.uniform(3, 12) * mm)
        elif r["esign"] == "signature":
            target, x, y = sig["page"], int(sig["cx"] - w / 2 + rng.uniform(-8, 8) * mm), \
                int(sig["space_top"] + rng.uniform(-4, 6) * mm)
        else:  # its lower edge across the top of the date line, right of the day
            from .render import text_width

            target = date["page"]
            line_w = text_width(date["font"], date["style"], date["px"], date["text"])
            x = int(min(width - w - 3 * mm, date["x"] + line_w * rng.uniform(0.35, 0.6)))
            y = int(date["baseline"] - date["px"] * rng.uniform(0.35, 0.8) - h)
        blend(target, alpha, rng.uniform(20, 90), x, y)

    def scanned(arr: np.ndarray, n: int, noise_rng: np.random.Generator) -> Image.Image:
        img = degrade(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)), doc.seed * 100 + n, r["strength"])
        if r["noise"] != "clean":
            a = np.asarray(img, dtype=np.float32)
            a = parts.fax_noise(a, noise_rng) if r["noise"] == "fax" else parts.photocopy_noise(a, noise_rng, DPI)
            img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
        return img

    out = []
    for n, arr in enumerate(pages):
        state = copy.deepcopy(rng) if n in plain else None
        img = scanned(arr, n, rng)
        if state is not None:
            without = np.asarray(scanned(plain[n], n, state), dtype=np.int16)
            written = np.asarray(img, dtype=np.int16)
            for name, (page_no, (x0, y0, x1, y1), area) in strokes.items():
                if page_no != n:
                    continue
                pad = int(2 * mm)  # the degradation turns the page by up to a degree
                box = (slice(max(0, y0 - pad), y1 + pad), slice(max(0, x0 - pad), x1 + pad))
                visible = int(((without[box] - written[box]) > VISIBLE_DIFFERENCE).sum())
                legibility[name] = round(min(1.0, visible / max(1, area)), 3)
        img = parts.skew(img, r["skew"])
        out.append(parts.turn(img, r["turn"]))
    return out


VISIBLE_DIFFERENCE = 40  # grey levels a stroke pixel darkens the scan by to count as visible


def ground_truth(doc: ProvincialDoc) -> str:
    """The document's text in reading order, handwritten values in place (the e-signature box left out)."""
    from .render import ground_truth_text

    return ground_truth_text(doc.filled)


# ----------------------------------------------------------------------------------------------------------------
# The cached set


def default_corpus() -> Optional[Path]:
    corpus = REPO.parent / "shared" / "corpus"
    return corpus if corpus.is_dir() else None


def set_hash(corpus: Optional[Path]) -> str:
    from . import render

    digest = hashlib.sha256()
    # the generator's part of this module (the scoring below SCORING_MARK does not change the files), its parts
    # and the renderer
    own = Path(__file__).read_text(encoding="utf-8")
    digest.update(own[:own.find(SCORING_MARK)].encode())
    for path in (Path(parts.__file__), Path(render.__file__)):
        digest.update(path.read_bytes())
    digest.update(f"{RECIPE_VERSION}\x00{'corpus' if _corpus_files(corpus) else 'filler'}\x00{DPI}".encode())
    return digest.hexdigest()[:12]


def _build_one(args: tuple[int, str, Optional[str], str]) -> str:
    from .render import save_pdf

    seed, split, corpus, folder = args
    doc = make_document(seed, split, Path(corpus) if corpus else None)
    base = Path(folder) / doc.name
    legibility: dict[str, float] = {}
    save_pdf(render_document(doc, legibility), base.with_suffix(".pdf.part"), dpi=DPI)
    base.with_suffix(".gt.txt").write_text(ground_truth(doc), encoding="utf-8")
    base.with_suffix(".json").write_text(json.dumps({"gold": doc.gold, "recipe": doc.recipe, "legibility": legibility},
                                                    ensure_ascii=False, indent=1), encoding="utf-8")
    base.with_suffix(".pdf.part").rename(base.with_suffix(".pdf"))
    return doc.name


def seeds_of(split: str, n: Optional[int] = None) -> list[int]:
    seeds = list(SPLITS[split].seeds)
    return seeds if n is None else seeds[:n]


def build_set(split: str, n: Optional[int] = None, corpus: Optional[Path] = None, jobs: int = 2,
              log: Callable[[str], None] = print) -> list[Path]:
    """The PDFs of ``split`` (the first ``n`` seeds), generated once into the cache folder."""
    corpus = corpus if corpus is not None else default_corpus()
    folder = CACHE / "provincial" / f"{split}-{set_hash(corpus)}"
    folder.mkdir(parents=True, exist_ok=True)
    seeds = seeds_of(split, n)
    names = [f"{split}-{s:05d}" for s in seeds]
    todo = [(s, split, str(corpus) if corpus else None, str(folder)) for s, name in zip(seeds, names)
            if not (folder / f"{name}.pdf").is_file()]
    if todo:
        log(f"provincial {split}: rendering {len(todo)} documents into {folder.relative_to(REPO)}")
        with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(todo)))) as pool:
            list(pool.map(_build_one, todo))
    return [folder / f"{name}.pdf" for name in names]


def gold_of(pdf: Path) -> dict[str, Any]:
    return json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))["gold"]


def legibility_of(pdf: Path) -> dict[str, float]:
    """Each handwritten field's share of stroke pixels still visible on the scan (``render_document``)."""
    return json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8")).get("legibility") or {}


# ----------------------------------------------------------------------------------------------------------------
# Scoring (edits below this line keep the cached files)

SCORING_MARK = "# Scoring (edits below"


@dataclass
class SplitScore:
    split: str
    docs: int
    overall: Any  # review_calib.Summary
    per_field: dict[str, Any]  # gold field → Summary
    errors: int  # documents the pipeline failed on (all their fields wrong and flagged)
    seconds: float
    outcomes: list = dataclasses.field(default_factory=list)
    records: dict = dataclasses.field(default_factory=dict)
    pdfs: list = dataclasses.field(default_factory=list)
    illegible: int = 0  # fields left out: their handwriting is not on the scan (ILLEGIBLE_BELOW)
    illegible_accepted: int = 0  # of those, the ones the record gave a value for and did not list for review

    def notes(self) -> str:
        short = {"document_type": "type", "code": "code", "issued_date": "date", "place": "place",
                 "issuer": "issuer", "title": "subject", "signer_name": "signer"}
        cells = [f"{short[f]} {100 * s.accuracy:.0f}%" for f, s in self.per_field.items() if s.accuracy is not None]
        share = self.overall.accepted_right_share
        accepted_right = "—" if share is None else f"{100 * share:.1f}%"
        return (f"{accepted_right} of fields accepted and right; right per field: {', '.join(cells)}"
                + (f"; {self.errors} failed" if self.errors else "")
                + f"; {self.illegible} illegible fields left out ({self.illegible_accepted} given unflagged)")


# A handwritten field with less than this share of its strokes visible on the scan is illegible: the scan does not
# hold it (faint ink under a fax's threshold, an e-signature box over it), no reader could get it, and the score
# leaves out the field it is part of (the code for the number, the date for the day or month), as a reading of
# the page cannot reach it. How many were left out, and how many of those the record gave unflagged, is reported.
ILLEGIBLE_BELOW = 0.2
_FIELD_OF_HAND = {"number": "code", "day": "issued_date", "month": "issued_date"}


def illegible_fields(legibility: dict[str, float]) -> set[str]:
    return {_FIELD_OF_HAND[name] for name, share in legibility.items() if share < ILLEGIBLE_BELOW}


def score_split(split: str, n: Optional[int] = None, jobs: int = 2, corpus: Optional[Path] = None,
                log: Callable[[str], None] = print) -> SplitScore:
    """Generate (cached), extract (cached) and score the seven review fields of ``split``."""
    from .pipeline_runs import extract_many_cached
    from .review_calib import REVIEW_FIELDS, FieldOutcome, outcomes, summarise

    started = time.perf_counter()
    pdfs = build_set(split, n, corpus, jobs, log)
    log(f"provincial {split}: extracting {len(pdfs)} documents (cached per pipeline version)")
    results = extract_many_cached(pdfs, jobs=jobs)
    items: list = []
    records: dict = {}
    errors = 0
    illegible: list = []
    for pdf, result in zip(pdfs, results):
        gold = scan_gold_fields(gold_of(pdf))
        unreadable = illegible_fields(legibility_of(pdf))
        if "record" in result:
            records[pdf.stem] = result["record"]
            scored = outcomes(pdf.stem, split, result["record"], gold)
            illegible += [i for i in scored if i.field in unreadable]
            items += [i for i in scored if i.field not in unreadable]
        else:
            errors += 1
            items += [FieldOutcome(pdf.stem, split, f, 0.0, False, True) for f in REVIEW_FIELDS
                      if gold.get(f) and f not in unreadable]
    per_field = {f: summarise([i for i in items if i.field == f]) for f in REVIEW_FIELDS}
    return SplitScore(split, len(pdfs), summarise(items), per_field, errors, time.perf_counter() - started, items,
                      records, pdfs, len(illegible), sum(not i.flagged and i.confidence > 0 for i in illegible))


def provincial_rows(settings: Any) -> list:
    """Bench rows (``bench.report.Row``, section ``fields``) for the three splits; ``--quick`` scores the first 10
    of each. Without the shared corpus the bodies are the built-in filler (said in the notes)."""
    from .pipeline_runs import NotReady
    from .report import Row

    shared = getattr(settings, "shared", None)
    root = getattr(shared, "root", None)
    corpus = (root / "corpus") if root and (root / "corpus").is_dir() else None
    rows = []
    for split in ("tune", "probe", "fresh"):
        n = 10 if settings.quick else None
        name = f"provincial {split} (renderer-made scans)"
        try:
            s = score_split(split, n, settings.jobs, corpus, settings.log)
        except (NotReady, FileNotFoundError, OSError) as exc:
            rows.append(Row("fields", name, error=f"{type(exc).__name__}: {exc}"[:200]))
            continue
        filler = "" if corpus else "; filler bodies (no ../shared/corpus)"
        rows.append(Row("fields", name, n=f"{s.docs} docs, {s.overall.fields} fields", pipeline=s.overall.cell(),
                        notes=s.notes() + filler + f"; {s.seconds:.0f} s",
                        data={"overall": s.overall.as_dict(), "illegible": s.illegible,
                              "illegible_accepted": s.illegible_accepted,
                              "per_field": {f: v.as_dict() for f, v in s.per_field.items()},
                              "errors": s.errors, "seconds": s.seconds}))
    return rows


def _show_doc(s: SplitScore) -> None:
    from .datasets import record_fields

    for doc in sorted({i.doc for i in s.outcomes}):
        bad = [i for i in s.outcomes if i.doc == doc and (not i.correct or i.flagged)]
        if not bad:
            continue
        rec = s.records.get(doc)
        pred = record_fields(rec) if rec else {}
        gold = gold_of(next(p for p in s.pdfs if p.stem == doc))
        for i in bad:
            print(f"  {doc} {'WRONG' if not i.correct else 'ok   '} {'FLAG' if i.flagged else '    '} "
                  f"{i.confidence:.2f} {i.field:13} got {str(pred.get(i.field))[:150]!r}")
            print(f"  {'':{len(doc) + 27}}want {str(gold.get(i.field))[:150]!r}")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.provincial", description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=sorted(SPLITS), default="tune")
    parser.add_argument("--n", type=int, default=None, help="the first N documents of the split")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--per-doc", action="store_true", help="list each wrong or flagged field (tune only)")
    parser.add_argument("--render-only", action="store_true", help="generate the files and print their folder")
    args = parser.parse_args(argv)
    if args.per_doc and args.split in TOTALS_ONLY:
        parser.error(f"--per-doc is refused for the {args.split} split: it is scored as totals only")
    log = lambda m: print(f"[provincial {time.strftime('%H:%M:%S')}] {m}", file=sys.stderr, flush=True)  # noqa: E731
    if args.render_only:
        pdfs = build_set(args.split, args.n, jobs=args.jobs, log=log)
        print(pdfs[0].parent if pdfs else "nothing")
        return 0
    from .report import pct

    s = score_split(args.split, args.n, args.jobs, log=log)
    print(f"provincial {args.split}: {s.docs} documents, {s.seconds:.0f} s")
    print(f"  overall: {s.overall.cell()}; {pct(s.overall.accepted_right_share)} of all fields accepted and right")
    for f, v in s.per_field.items():
        print(f"  {f:14} {v.cell()}")
    if s.errors:
        print(f"  {s.errors} documents failed in the pipeline (counted wrong and flagged)")
    if args.per_doc:
        _show_doc(s)
    return 0


if __name__ == "__main__":
    for _var in ("OMP_THREAD_LIMIT", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_var, "1")
    sys.exit(main())
