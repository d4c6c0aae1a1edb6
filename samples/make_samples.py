"""Write the project's own synthetic scans into samples/ (deterministic: fixed seeds).

Each sample is an invented document (no real document is copied) typeset in the Decree-30 layout by
``bench.render`` and degraded like a scan, with ``<name>.gt.txt`` (the page text in reading order) and
``<name>.expected.json`` (the fields a correct record must hold, written from the spec below, not by any parser).

Run: ``.venv/bin/python samples/make_samples.py``
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Optional

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.render import (
    DocumentSpec,
    degradation_params,
    degrade,
    ground_truth_text,
    render_pages,
    save_pdf,
    save_tiff,
)

OUT = Path(__file__).resolve().parent
DPI = 300

# Type names (tên loại văn bản) and their Decree-30 abbreviations (Phụ lục III); a Công văn has none.
TYPE_CODES = {"KẾ HOẠCH": ("Kế hoạch", "KH"), "QUYẾT ĐỊNH": ("Quyết định", "QĐ"), None: ("Công văn", None)}


@dataclass
class Sample:
    """One sample: its spec, how it is written, and the hand-written semantic fields for expected.json."""

    name: str
    ext: str  # pdf, png, tiff
    spec: DocumentSpec
    issue_date: dt.date
    place: str
    render_seed: int
    degrade_seed: int
    font: str = "dejavu"
    dpi: int = DPI
    strength: float = 1.0
    citations: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    deadlines: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


NOTES = [
    "Invented document rendered by samples/make_samples.py; every field is written from its spec, not parsed.",
    "recipients: Nơi nhận items without the leading '- ' and the trailing ';'/'.'; the Lưu line is 'filing' "
    "(as printed). addressees: Kính gửi items, same clean-up.",
    "quantities: 'text' is the numeral as printed, 'value' its number, 'unit' '%' for percentages else null, "
    "'counted' the shortest noun phrase after the numeral (accept a longer phrase by containment).",
    "targets/tasks: 'path' is the outline path, 'label' as printed, 'text' the item without its label and "
    "final punctuation (informative, not for exact comparison). deadlines are listed in text order.",
]


def _q(text: str, counted: Optional[str], qualifier: Optional[str] = None) -> dict:
    """A quantity from its numeral as printed: ``"03"`` → 3, ``"1.500"`` → 1500, ``"100%"`` → 100 with unit %."""
    number = text.rstrip("%").replace(".", "").replace(",", ".")
    value = float(number)
    out = {"value": int(value) if value.is_integer() else value, "text": text,
           "unit": "%" if text.endswith("%") else None, "counted": counted}
    if qualifier:
        out["qualifier"] = qualifier
    return out


def _deadline(text: str, kind: str, start: Optional[str], end: Optional[str]) -> dict:
    return {"text": text, "kind": kind, "start": start, "end": end}


# ---------------------------------------------------------------------------------------------------------------
# (a) A two-page Kế hoạch (plan) of a provincial union of science and technology associations, Nghệ An.

PLAN = Sample(
    name="plan-kh-lhh",
    ext="pdf",
    place="Nghệ An",
    issue_date=dt.date(2025, 2, 18),
    render_seed=11,
    degrade_seed=1011,
    spec=DocumentSpec(
        parent_body="UBND TỈNH NGHỆ AN",
        issuing_body=["LIÊN HIỆP CÁC HỘI", "KHOA HỌC VÀ KỸ THUẬT"],
        number_line="Số: 27/KH-LHH",
        place_date="Nghệ An, ngày 18 tháng 02 năm 2025",
        type_name="KẾ HOẠCH",
        subject=["Tổ chức các hoạt động phổ biến kiến thức", "khoa học và công nghệ năm 2025"],
        body=[
            "Thực hiện Kế hoạch số 21/KH-UBND ngày 24/01/2025 của UBND tỉnh Nghệ An về triển khai nhiệm vụ "
            "phát triển khoa học, công nghệ và đổi mới sáng tạo năm 2025; Quyết định số 112/QĐ-LHH ngày "
            "30/12/2024 của Ban Thường vụ Liên hiệp các hội Khoa học và Kỹ thuật tỉnh ban hành Chương trình "
            "công tác năm 2025, Liên hiệp các hội Khoa học và Kỹ thuật tỉnh (Liên hiệp hội) xây dựng Kế hoạch "
            "tổ chức các hoạt động phổ biến kiến thức khoa học và công nghệ năm 2025 như sau:",
            "I. MỤC ĐÍCH, YÊU CẦU",
            "1. Mục đích",
            "- Nâng cao nhận thức của cán bộ, hội viên và Nhân dân về vai trò của khoa học, công nghệ và đổi "
            "mới sáng tạo trong phát triển kinh tế - xã hội của tỉnh; góp phần đưa tiến bộ kỹ thuật vào sản xuất "
            "nông nghiệp, chế biến nông sản và bảo vệ môi trường ở các huyện miền núi.",
            "- Phát huy vai trò của đội ngũ trí thức khoa học và công nghệ trong các hội thành viên; tạo điều "
            "kiện để hội viên tham gia tư vấn, phản biện, chuyển giao kết quả nghiên cứu cho doanh nghiệp, hợp "
            "tác xã và hộ sản xuất.",
            "2. Yêu cầu",
            "- Các hoạt động được tổ chức thiết thực, tiết kiệm, đúng đối tượng; bám sát nhiệm vụ chính trị "
            "của tỉnh và Chương trình công tác năm 2025 của Liên hiệp hội.",
            "- Phân công cụ thể, rõ người, rõ việc, rõ thời gian hoàn thành; định kỳ sơ kết, đánh giá kết quả "
            "thực hiện và báo cáo Ban Thường vụ theo quy định.",
            "II. NỘI DUNG VÀ CHỈ TIÊU",
            "1. Tổ chức 03 hội nghị phổ biến kiến thức khoa học và công nghệ cho hội viên, nông dân tại các "
            "huyện Quế Phong, Tương Dương và Kỳ Sơn; hoàn thành trước ngày 30/6/2025.",
            "2. Bảo đảm 100% cán bộ, công chức, người lao động cơ quan Liên hiệp hội được quán triệt nội dung "
            "Kế hoạch trước ngày 15/3/2025.",
            "3. Phấn đấu có ít nhất 01 hội thành viên được Liên hiệp các hội Khoa học và Kỹ thuật Việt Nam tặng "
            "Bằng khen về thành tích phổ biến kiến thức trong năm 2025.",
            "4. Xuất bản 02 số chuyên đề Bản tin Khoa học và Đời sống, mỗi số 1.500 bản, phát hành đến các xã "
            "trong quý III/2025.",
            "5. Tổ chức 01 cuộc thi sáng tạo kỹ thuật cấp tỉnh dành cho thanh thiếu niên, nhi đồng; tổng kết, "
            "trao giải trong tháng 11/2025.",
            "III. TỔ CHỨC THỰC HIỆN",
            "1. Giao Văn phòng theo dõi, đôn đốc việc thực hiện Kế hoạch; tổng hợp kết quả, báo cáo Ban "
            "Thường vụ trước ngày 10/12/2025.",
            "2. Ban Phổ biến kiến thức chủ trì, phối hợp với các hội thành viên xây dựng nội dung, tài liệu và "
            "tổ chức các hội nghị tại mục 1 phần II Kế hoạch này.",
            "3. Ban Tư vấn, phản biện và giám định xã hội chủ trì, phối hợp với Sở Khoa học và Công nghệ, Tỉnh "
            "đoàn Nghệ An tổ chức cuộc thi sáng tạo kỹ thuật tại mục 5 phần II.",
            "4. Đề nghị Sở Tài chính chủ trì, phối hợp với Sở Khoa học và Công nghệ thẩm định, tham mưu bố trí "
            "kinh phí thực hiện Kế hoạch theo quy định.",
            "5. Các hội thành viên căn cứ Kế hoạch này xây dựng kế hoạch của đơn vị, gửi về Liên hiệp hội (qua "
            "Văn phòng) trước ngày 15/3/2025.",
            "Trên đây là Kế hoạch tổ chức các hoạt động phổ biến kiến thức khoa học và công nghệ năm 2025 của "
            "Liên hiệp hội. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị phản ánh về Văn "
            "phòng để tổng hợp, báo cáo Ban Thường vụ xem xét, giải quyết./.",
        ],
        recipients=[
            "Liên hiệp các hội KH&KT Việt Nam (b/c);",
            "Thường trực Tỉnh ủy (b/c);",
            "UBND tỉnh (b/c);",
            "Sở Khoa học và Công nghệ;",
            "Sở Tài chính;",
            "Các hội thành viên;",
            "Lưu: VT, VP.",
        ],
        signer_authority=["TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH"],
        signer_name="Trần Đình Khánh",
    ),
    citations=[
        {"type": "Kế hoạch", "code": "21/KH-UBND", "date": "2025-01-24"},
        {"type": "Quyết định", "code": "112/QĐ-LHH", "date": "2024-12-30"},
    ],
    targets=[
        {"path": "II.1", "label": "1.", "quantities": [_q("03", "hội nghị")]},
        {"path": "II.2", "label": "2.", "quantities": [_q("100%", "cán bộ, công chức, người lao động")]},
        {"path": "II.3", "label": "3.", "quantities": [_q("01", "hội thành viên", qualifier="ít nhất")]},
        {"path": "II.4", "label": "4.", "quantities": [_q("02", "số chuyên đề"), _q("1.500", "bản")]},
        {"path": "II.5", "label": "5.", "quantities": [_q("01", "cuộc thi")]},
    ],
    tasks=[
        {"path": "III.1", "label": "1.", "responsible": ["Văn phòng"], "collaborators": []},
        {"path": "III.2", "label": "2.", "responsible": ["Ban Phổ biến kiến thức"],
         "collaborators": ["các hội thành viên"]},
        {"path": "III.3", "label": "3.", "responsible": ["Ban Tư vấn, phản biện và giám định xã hội"],
         "collaborators": ["Sở Khoa học và Công nghệ", "Tỉnh đoàn Nghệ An"]},
        {"path": "III.4", "label": "4.", "responsible": ["Sở Tài chính"],
         "collaborators": ["Sở Khoa học và Công nghệ"]},
        {"path": "III.5", "label": "5.", "responsible": ["Các hội thành viên"], "collaborators": []},
    ],
    notes=[
        "Targets are the numbered items of section II (NỘI DUNG VÀ CHỈ TIÊU); tasks those of section III "
        "(TỔ CHỨC THỰC HIỆN). 'trước ngày 15/3/2025' occurs twice (II.2 and III.5).",
        "Item II.4: '1.500' is 1500 (dot as thousands separator).",
    ],
    deadlines=[
        _deadline("trước ngày 30/6/2025", "date", None, "2025-06-30"),
        _deadline("trước ngày 15/3/2025", "date", None, "2025-03-15"),
        _deadline("trong năm 2025", "year", "2025-01-01", "2025-12-31"),
        _deadline("trong quý III/2025", "quarter", "2025-07-01", "2025-09-30"),
        _deadline("trong tháng 11/2025", "month", "2025-11-01", "2025-11-30"),
        _deadline("trước ngày 10/12/2025", "date", None, "2025-12-10"),
        _deadline("trước ngày 15/3/2025", "date", None, "2025-03-15"),
    ],
)

# ---------------------------------------------------------------------------------------------------------------
# (b) A one-page urgent Công văn (official letter) of a provincial People's Committee, Quảng Ngãi.

LETTER = Sample(
    name="cv-ubnd",
    ext="png",
    place="Quảng Ngãi",
    issue_date=dt.date(2025, 4, 8),
    render_seed=23,
    degrade_seed=2023,
    font="liberation",
    spec=DocumentSpec(
        parent_body=None,
        issuing_body=["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"],
        number_line="Số: 1375/UBND-KTN",
        place_date="Quảng Ngãi, ngày 08 tháng 4 năm 2025",
        urgency="KHẨN",
        type_name=None,
        subject=["V/v triển khai các biện pháp cấp bách", "phòng, chống hạn hán, thiếu nước năm 2025"],
        addressees=[
            "Sở Nông nghiệp và Môi trường;",
            "Sở Tài chính;",
            "Công ty TNHH MTV Khai thác công trình thủy lợi Quảng Ngãi;",
            "UBND các huyện, thị xã, thành phố.",
        ],
        body=[
            "Thực hiện Công điện số 31/CĐ-TTg ngày 02/4/2025 của Thủ tướng Chính phủ về chủ động ứng phó "
            "với nắng nóng, hạn hán, thiếu nước sinh hoạt và sản xuất, Chủ tịch UBND tỉnh có ý kiến như sau:",
            "1. Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Công ty TNHH MTV Khai thác công trình thủy "
            "lợi Quảng Ngãi rà soát nguồn nước tại các hồ chứa, xây dựng phương án điều tiết nước phục vụ sản "
            "xuất vụ Hè Thu; báo cáo UBND tỉnh trước ngày 20/4/2025.",
            "2. UBND các huyện, thị xã, thành phố chỉ đạo UBND cấp xã kiểm tra, nạo vét kênh mương nội đồng; "
            "bố trí 05 điểm cấp nước sinh hoạt tạm thời tại các vùng thường xuyên thiếu nước; hoàn thành "
            "trong tháng 5/2025.",
            "3. Sở Tài chính chủ trì, phối hợp với Sở Nông nghiệp và Môi trường tham mưu UBND tỉnh bố trí kinh "
            "phí từ nguồn dự phòng ngân sách tỉnh để thực hiện các biện pháp cấp bách.",
            "Yêu cầu Thủ trưởng các cơ quan, đơn vị, địa phương khẩn trương triển khai thực hiện; định kỳ "
            "hằng tuần báo cáo kết quả về Sở Nông nghiệp và Môi trường để tổng hợp, báo cáo UBND tỉnh./.",
        ],
        recipients=[
            "Như trên;",
            "CT, PCT UBND tỉnh;",
            "VPUB: CVP, PCVP, CBTH;",
            "Lưu: VT, KTN.",
        ],
        signer_authority=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        signer_name="Phạm Quang Vinh",
    ),
    citations=[{"type": "Công điện", "code": "31/CĐ-TTg", "date": "2025-04-02"}],
    notes=[
        "A Công văn: no type name, so type_code is null; the subject is the V/v line under the Số line.",
        "The numbered items are tasks, not targets ('05 điểm cấp nước' is inside task 2).",
        "The urgency mark KHẨN is printed in a box under the V/v lines.",
    ],
    tasks=[
        {"path": "1", "label": "1.", "responsible": ["Sở Nông nghiệp và Môi trường"],
         "collaborators": ["Công ty TNHH MTV Khai thác công trình thủy lợi Quảng Ngãi"]},
        {"path": "2", "label": "2.", "responsible": ["UBND các huyện, thị xã, thành phố"], "collaborators": []},
        {"path": "3", "label": "3.", "responsible": ["Sở Tài chính"],
         "collaborators": ["Sở Nông nghiệp và Môi trường"]},
    ],
    deadlines=[
        _deadline("trước ngày 20/4/2025", "date", None, "2025-04-20"),
        _deadline("trong tháng 5/2025", "month", "2025-05-01", "2025-05-31"),
        _deadline("hằng tuần", "recurrence", None, None),
    ],
)

# ---------------------------------------------------------------------------------------------------------------
# (c) A Quyết định (decision) setting up a working group, Bắc Giang, as a multi-page TIFF.

DECISION = Sample(
    name="qd-ubnd",
    ext="tiff",
    place="Bắc Giang",
    issue_date=dt.date(2025, 3, 12),
    render_seed=37,
    degrade_seed=3037,
    dpi=200,  # fax-class multi-page TIFF: smaller, and exercises a resolution other than 300 dpi
    strength=0.8,
    spec=DocumentSpec(
        parent_body=None,
        issuing_body=["ỦY BAN NHÂN DÂN", "TỈNH BẮC GIANG"],
        number_line="Số: 214/QĐ-UBND",
        place_date="Bắc Giang, ngày 12 tháng 3 năm 2025",
        type_name="QUYẾT ĐỊNH",
        subject=["Về việc thành lập Tổ công tác triển khai chuyển đổi số", "trong cơ quan nhà nước tỉnh Bắc Giang"],
        body=[
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC GIANG",
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;",
            "Căn cứ Kế hoạch số 45/KH-UBND ngày 20/02/2025 của UBND tỉnh về chuyển đổi số trong cơ quan nhà "
            "nước tỉnh Bắc Giang năm 2025;",
            "Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ tại Tờ trình số 36/TTr-SKHCN ngày 05/3/2025.",
            "QUYẾT ĐỊNH:",
            "Điều 1. Thành lập Tổ công tác triển khai chuyển đổi số trong cơ quan nhà nước tỉnh Bắc Giang "
            "(sau đây gọi là Tổ công tác), gồm các ông (bà) có tên sau:",
            "1. Ông Đỗ Mạnh Cường, Phó Giám đốc Sở Khoa học và Công nghệ - Tổ trưởng;",
            "2. Bà Nguyễn Thị Thu Hà, Phó Chánh Văn phòng UBND tỉnh - Tổ phó;",
            "3. Ông Lương Văn Toàn, Trưởng phòng Chuyển đổi số, Sở Khoa học và Công nghệ - Thành viên;",
            "4. Bà Hoàng Thị Mai Anh, Phó Trưởng phòng Ngân sách, Sở Tài chính - Thành viên.",
            "Điều 2. Nhiệm vụ của Tổ công tác",
            "1. Tham mưu UBND tỉnh chỉ đạo, đôn đốc các sở, ngành, địa phương thực hiện Kế hoạch số 45/KH-UBND "
            "ngày 20/02/2025; tổng hợp, báo cáo kết quả định kỳ 06 tháng và cả năm.",
            "2. Hướng dẫn các cơ quan, đơn vị số hóa hồ sơ, tài liệu; bảo đảm 100% văn bản đi, đến (trừ văn "
            "bản mật) được xử lý trên môi trường mạng trước ngày 30/9/2025.",
            "3. Tổng hợp khó khăn, vướng mắc của các cơ quan, đơn vị trong quá trình triển khai; đề xuất UBND "
            "tỉnh các giải pháp tháo gỡ, bảo đảm tiến độ chuyển đổi số của tỉnh.",
            "4. Tổ công tác tự giải thể sau khi hoàn thành nhiệm vụ.",
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
            "Chánh Văn phòng UBND tỉnh, Giám đốc các Sở: Khoa học và Công nghệ, Tài chính, Nội vụ; Thủ trưởng "
            "các cơ quan, đơn vị có liên quan và các ông (bà) có tên tại Điều 1 căn cứ Quyết định thi hành./.",
        ],
        recipients=[
            "Như Điều 3;",
            "Chủ tịch, các PCT UBND tỉnh;",
            "VP UBND tỉnh: LĐVP, TH;",
            "Lưu: VT, KGVX.",
        ],
        signer_authority=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        signer_name="Hoàng Văn Thắng",
    ),
    notes=[
        "Rendered at 200 dpi (a fax-class multi-page TIFF), the other samples at 300 dpi.",
        "The Kế hoạch 45/KH-UBND is cited twice (preamble and Điều 2); it is listed once. The Luật is cited "
        "without a code, so it is not in citations.",
        "tasks holds the Điều 3 execution clause; the Điều 2 items are the working group's duties (its subject is "
        "implied), so a record may list them as tasks with responsible 'Tổ công tác' too.",
    ],
    citations=[
        {"type": "Kế hoạch", "code": "45/KH-UBND", "date": "2025-02-20"},
        {"type": "Tờ trình", "code": "36/TTr-SKHCN", "date": "2025-03-05"},
    ],
    targets=[
        {"path": "Điều 2.2", "label": "2.", "quantities": [_q("100%", "văn bản đi, đến")]},
    ],
    tasks=[
        {"path": "Điều 3", "label": "Điều 3.",
         "text": "Chánh Văn phòng UBND tỉnh, Giám đốc các Sở: Khoa học và Công nghệ, Tài chính, Nội vụ; Thủ trưởng "
                 "các cơ quan, đơn vị có liên quan và các ông (bà) có tên tại Điều 1 căn cứ Quyết định thi hành",
         "responsible": ["Chánh Văn phòng UBND tỉnh", "Giám đốc các Sở: Khoa học và Công nghệ, Tài chính, Nội vụ",
                         "Thủ trưởng các cơ quan, đơn vị có liên quan", "các ông (bà) có tên tại Điều 1"],
         "collaborators": []},
    ],
    deadlines=[
        _deadline("định kỳ 06 tháng và cả năm", "recurrence", None, None),
        _deadline("trước ngày 30/9/2025", "date", None, "2025-09-30"),
    ],
)

SAMPLES = [PLAN, LETTER, DECISION]


# ---------------------------------------------------------------------------------------------------------------
# expected.json from the spec


def _clean_item(item: str) -> str:
    return item.strip().lstrip("- ").rstrip(";.").strip()


def _item_text(body: list[str], path: str) -> str:
    """The text (label and final punctuation dropped) of the body item at ``path``: ``II.1`` is item ``1.`` after
    heading ``II.``; ``Điều 2.2`` is item ``2.`` after ``Điều 2.``; ``3`` is the first item ``3.``."""
    match = re.fullmatch(r"(?:(?P<head>[IVX]+|Điều \d+)\.)?(?P<item>\d+)", path)
    if not match:
        raise SystemExit(f"cannot locate item {path!r}; give its text explicitly")
    start = 0
    if match.group("head"):
        start = next(k for k, p in enumerate(body) if p.startswith(match.group("head") + "."))
    item = next(p for p in body[start + 1 if match.group("head") else 0:] if p.startswith(match.group("item") + ". "))
    return item.split(" ", 1)[1].rstrip(" ;.")


def _with_text(items: list[dict[str, Any]], body: list[str]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        text = item.get("text") or _item_text(body, item["path"])
        out.append({"path": item["path"], "label": item["label"], "text": text,
                    **{k: v for k, v in item.items() if k not in ("path", "label", "text")}})
    return out


def expected_record(sample: Sample, pages: int) -> dict[str, Any]:
    """The fields a correct record must have, laid out like ``pipeline.record.Parsed``."""
    spec = sample.spec
    type_name, type_code = TYPE_CODES[spec.type_name]
    code = spec.number_line.split(":", 1)[1].strip()
    number, symbol = code.split("/", 1)
    subject = " ".join(s.strip() for s in spec.subject)
    authority_lines, position = spec.signer_authority[:-1], spec.signer_authority[-1]
    prefix = re.match(r"^(TM|KT|TL|TUQ|Q)\.", authority_lines[0]) if authority_lines else None
    filing = spec.recipients[-1].strip()
    return {
        "file": f"{sample.name}.{sample.ext}",
        "pages": pages,
        "document": {
            "type": type_name,
            "type_code": type_code,
            "number": number,
            "symbol": symbol,
            "code": code,
            "issuing_body": " ".join(spec.issuing_body),
            "parent_body": spec.parent_body,
            "place": sample.place,
            "issue_date": sample.issue_date.isoformat(),
            "subject": subject,
            "urgency": spec.urgency,
            "addressees": [_clean_item(a) for a in spec.addressees],
        },
        "signer": {
            "authority": " / ".join(authority_lines) or None,
            "authority_prefix": prefix.group(0) if prefix else None,
            "authority_body": authority_lines[0][prefix.end():].strip() if prefix else None,
            "position": position,
            "name": spec.signer_name,
        },
        "recipients": [_clean_item(r) for r in spec.recipients[:-1]],
        "filing": filing,
        "citations": sample.citations,
        "targets": _with_text(sample.targets, spec.body),
        "tasks": _with_text(sample.tasks, spec.body),
        "deadlines": sample.deadlines,
        "notes": NOTES + sample.notes,
        # how the file was made (not a record field)
        "render": {
            "font": sample.font,
            "dpi": sample.dpi,
            "render_seed": sample.render_seed,
            "degrade_seeds": [sample.degrade_seed + i for i in range(pages)],
            "strength": sample.strength,
            "degradation": [asdict(degradation_params(sample.degrade_seed + i, sample.strength))
                            for i in range(pages)],
            "ground_truth_order": "left header, right header, type, subject, Kính gửi, body, Nơi nhận, signature",
        },
    }


def _check_in_text(sample: Sample, gt: str) -> None:
    """Every hand-written value must appear in the ground truth (guards against typos in this file)."""
    flat = " ".join(gt.split())
    needles = [c["code"] for c in sample.citations] + [d["text"] for d in sample.deadlines]
    for task in sample.tasks:
        needles += task["responsible"] + task["collaborators"]
    for target in _with_text(sample.targets, sample.spec.body):
        for q in target["quantities"]:
            if q["text"] not in target["text"] or (q["counted"] and q["counted"] not in target["text"]):
                raise SystemExit(f"{sample.name}: quantity {q} not in target {target['path']}")
    for task in _with_text(sample.tasks, sample.spec.body):
        for name in task["responsible"] + task["collaborators"]:
            if name not in task["text"]:
                raise SystemExit(f"{sample.name}: {name!r} not in task {task['path']}")
    missing = [n for n in needles if unicodedata.normalize("NFC", n) not in flat]
    if missing:
        raise SystemExit(f"{sample.name}: not in the text: {missing}")


def write_sample(sample: Sample) -> list[Path]:
    clean = render_pages(sample.spec, dpi=sample.dpi, font=sample.font, seed=sample.render_seed)
    pages = [degrade(p, sample.degrade_seed + i, sample.strength) for i, p in enumerate(clean)]
    target = OUT / f"{sample.name}.{sample.ext}"
    if sample.ext == "pdf":
        save_pdf(pages, target, dpi=sample.dpi, quality=60)
    elif sample.ext == "tiff":
        save_tiff(pages, target, dpi=sample.dpi)
    else:
        if len(pages) != 1:
            raise SystemExit(f"{sample.name}: a PNG sample must fit one page, got {len(pages)}")
        pages[0].save(target, format="PNG", dpi=(sample.dpi, sample.dpi), optimize=True)
    gt = ground_truth_text(sample.spec)
    _check_in_text(sample, gt)
    gt_path = OUT / f"{sample.name}.gt.txt"
    gt_path.write_text(gt, encoding="utf-8")
    exp_path = OUT / f"{sample.name}.expected.json"
    exp_path.write_text(json.dumps(expected_record(sample, len(pages)), ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")
    return [target, gt_path, exp_path]


def main() -> None:
    for sample in SAMPLES:
        for path in write_sample(sample):
            print(f"{path.relative_to(ROOT)}  {path.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
