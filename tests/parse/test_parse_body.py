"""Body rules: citations, outline paths, quantities, deadlines, targets and tasks."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.parse import parse_document
from pipeline.parse.citations import find_citations
from pipeline.parse.deadlines import find_deadlines
from pipeline.parse.lines import make_key, split_pages
from pipeline.parse.outline import build_outline
from pipeline.parse.quantities import find_quantities
from pipeline.parse.spans import Joined
from pipeline.parse.tasks import responsible_units, split_units


def _citations(text: str):
    return [c for c, _, _ in find_citations(Joined.of(split_pages([text])))]


def test_citations():
    text = ("Thực hiện Kế hoạch số 15/KH-UBND ngày 22/01/2024 của UBND tỉnh\nBắc Giang về phát động; Chỉ thị số "
            "34-CT/TW ngày 07/4/2014 của Bộ Chính trị về tiếp tục; Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;\n"
            "Nghị định số 164/2024/NĐ-CP ngày 25 tháng 12 năm 2024 của Chính phủ quy định về thanh tra.")
    cites = _citations(text)
    got = [(c.type, c.code, c.date, c.issuer) for c in cites]
    assert got == [
        ("Kế hoạch", "15/KH-UBND", dt.date(2024, 1, 22), "UBND tỉnh Bắc Giang"),
        ("Chỉ thị", "34-CT/TW", dt.date(2014, 4, 7), "Bộ Chính trị"),
        ("Luật", "63/2025/QH15", None, None),
        ("Nghị định", "164/2024/NĐ-CP", dt.date(2024, 12, 25), "Chính phủ"),
    ]
    assert cites[0].evidence.line == 1 and cites[0].text.startswith("Kế hoạch số 15/KH-UBND")
    assert cites[2].text == "Luật Tổ chức Chính phủ số 63/2025/QH15"


def test_outline_paths():
    text = "\n".join(["I. MỤC ĐÍCH", "1. Mục đích", "II. NỘI DUNG", "1. Nội dung", "1.1. Thi đua", "1.3. Chỉ tiêu",
                      "(1) Một", "(2 Hai thiếu ngoặc", "(4) Bốn", "a) điểm a", "2. Giải pháp", "Chương I",
                      "QUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh", "1. Khoản một"])
    lines = split_pages([text])
    roots = build_outline(lines, 0, len(lines))
    paths = [n.path for r in roots for n in r.walk()]
    assert paths == ["I", "I.1", "II", "II.1", "II.1.1", "II.1.3", "II.1.3.(1)", "II.1.3.(2)", "II.1.3.(4)",
                     "II.1.3.(4).a", "II.2", "Chương I", "Chương I.Điều 1", "Chương I.Điều 1.1"]
    assert roots[-1].title == "QUY ĐỊNH CHUNG"
    assert roots[1].children[0].children[1].title == "Chỉ tiêu"


@pytest.mark.parametrize("text, expected", [
    ("Tổ chức 03 hội nghị thông tin chuyên đề với các sở", [(3, "03", None, "hội nghị thông tin chuyên đề", None)]),
    ("hoàn thành 100% các nhiệm vụ chính trị, nhất là 05 nhiệm vụ trọng tâm",
     [(100, "100%", "%", "nhiệm vụ chính trị", None), (5, "05", None, "nhiệm vụ trọng tâm", None)]),
    ("Vận động kết nạp ít nhất 01 hội thành viên", [(1, "01", None, "hội thành viên", "ít nhất")]),
    ("Thực hiện 12 số chuyên mục trên Báo", [(12, "12", None, "số chuyên mục", None)]),
    ("lần thứ 10; năm 2024; nhiệm kỳ 2025-2030; ngày 22/01/2024; số 15/KH-UBND", []),
    ("100% công chức, viên chức và người lao động đạt danh hiệu, trong đó có 10% hoàn thành",
     [(100, "100%", "%", "công chức, viên chức và người lao động", None),
      (10, "10%", "%", "công chức, viên chức và người lao động", None)]),
])
def test_quantities(text, expected):
    got = [(q.value, q.text, q.unit, q.counted, q.qualifier) for q in find_quantities(text)]
    assert got == expected


@pytest.mark.parametrize("text, kind, start, end, rule", [
    ("hoàn thành trước ngày 15/3/2025", "date", None, dt.date(2025, 3, 15), "before"),
    ("báo cáo ngày 30 tháng 6 năm 2024", "date", dt.date(2024, 6, 30), dt.date(2024, 6, 30), None),
    ("trong tháng 6/2024", "month", dt.date(2024, 6, 1), dt.date(2024, 6, 30), "within"),
    ("quý III/2024", "quarter", dt.date(2024, 7, 1), dt.date(2024, 9, 30), None),
    ("đến năm 2030", "year", dt.date(2030, 1, 1), dt.date(2030, 12, 31), "until"),
    ("giai đoạn 2024-2030", "term", dt.date(2024, 1, 1), dt.date(2030, 12, 31), None),
    ("nhiệm kỳ 2025 - 2030", "term", dt.date(2025, 1, 1), dt.date(2030, 12, 31), None),
    ("hằng tháng", "recurrence", None, None, "FREQ=MONTHLY"),
    ("định kỳ 6 tháng", "recurrence", None, None, "FREQ=MONTHLY;INTERVAL=6"),
    ("trong thời hạn 15 ngày làm việc", "relative", None, None, "P15D;working-days"),
])
def test_deadlines(text, kind, start, end, rule):
    found = find_deadlines(text, make_key(text))
    assert len(found) == 1
    d = found[0].deadline
    assert (d.kind, d.start, d.end, d.rule) == (kind, start, end, rule)


def test_cited_dates_are_not_deadlines():
    text = "Thực hiện Chỉ thị 26-CT/TU ngày 02/6/2023 của Ban Thường vụ Tỉnh ủy"
    assert find_deadlines(text, make_key(text)) == []


def test_units():
    assert split_units("Sở Tài chính, Sở Xây dựng và UBND các huyện") == ["Sở Tài chính", "Sở Xây dựng",
                                                                          "UBND các huyện"]
    assert split_units("Sở Tài nguyên và Môi trường") == ["Sở Tài nguyên và Môi trường"]
    assert split_units("Bộ Văn hóa, Thể thao và Du lịch") == ["Bộ Văn hóa, Thể thao và Du lịch"]
    assert split_units("Chủ tịch Ủy ban nhân dân các cấp và tổ chức, cá nhân có liên quan") == [
        "Chủ tịch Ủy ban nhân dân các cấp", "tổ chức, cá nhân có liên quan"]
    assert split_units("Sở Tài nguyên và Môi trường") == ["Sở Tài nguyên và Môi trường"]
    assert responsible_units("Giao Văn phòng theo dõi, đôn đốc thực hiện kế hoạch") == (["Văn phòng"], [])
    assert responsible_units("Sở Tài chính chủ trì, phối hợp với Sở Xây dựng và UBND các huyện thực hiện.") == (
        ["Sở Tài chính"], ["Sở Xây dựng", "UBND các huyện"])
    # the assignment after a comma (a conclusion notice): "Trên cơ sở báo cáo ..., giao Sở ... chủ trì"
    assert responsible_units("Trên cơ sở báo cáo của Công ty, giao Sở Tài chính chủ trì, phối hợp với Sở Kế hoạch "
                             "và Đầu tư rà soát.") == (["Sở Tài chính"], ["Sở Kế hoạch và Đầu tư"])
    assert responsible_units("Việc giao đất, giao rừng cho hộ gia đình thực hiện theo quy định.")[0] == []
    # "Các" + a thing (contents, reports, activities) opens no unit
    assert responsible_units("Các hoạt động thống kê phải bảo đảm tính trung thực.")[0] == []
    assert responsible_units("Các báo cáo quy định tại khoản 1 được gửi Bộ Tài chính.")[0] == []
    assert responsible_units("Các cơ quan, đơn vị có trách nhiệm báo cáo.")[0] == ["Các cơ quan, đơn vị"]
    # the unit ends at its verb within the first sentence: discuss, chair, vote, "được" (is assigned)
    assert responsible_units("Thường trực Hội đồng nhân dân thảo luận. Trong quá trình thảo luận, "
                             "Chủ tịch có thể đề nghị.")[0] == ["Thường trực Hội đồng nhân dân"]
    assert responsible_units("Tổ đại biểu Hội đồng nhân dân được sử dụng con dấu.")[0] == [
        "Tổ đại biểu Hội đồng nhân dân"]
    assert responsible_units("Thủ trưởng các đơn vị thuộc Bộ được quy định tại khoản 1 Điều 3 chịu trách nhiệm "
                             "thi hành.")[0] == ["Thủ trưởng các đơn vị thuộc Bộ được quy định tại khoản 1 Điều 3"]
    assert responsible_units("Đoàn công tác gồm đại diện cơ quan có liên quan (nếu cần thiết). Nhiệm vụ của Đoàn "
                             "do Ban quyết định.")[0] == []
    # where or when the unit acts is no part of it; "quy định tại" (set out in) cites a provision
    assert responsible_units("Hội đồng thành viên hoặc Chủ tịch công ty tại doanh nghiệp nhà nước có trách nhiệm "
                             "báo cáo.")[0] == ["Hội đồng thành viên hoặc Chủ tịch công ty"]
    assert responsible_units("Ngân hàng Chính sách xã hội hằng năm báo cáo Bộ Tài chính.")[0] == [
        "Ngân hàng Chính sách xã hội"]
    assert responsible_units("Các cơ quan quy định tại khoản 1 Điều này có trách nhiệm báo cáo.")[0] == [
        "Các cơ quan quy định tại khoản 1 Điều này"]
    # "Trường hợp" (in case) opens a condition, not a unit (Trường: a school)
    assert responsible_units("Trường hợp hồ sơ chưa đầy đủ thì thông báo cho tổ chức bổ sung.")[0] == []
    assert responsible_units("Trường Chính trị tỉnh chủ trì tổ chức lớp bồi dưỡng.")[0] == ["Trường Chính trị tỉnh"]
    # verbs inside compound nouns: giúp việc (assisting), dự án (project)
    assert responsible_units("Cơ quan giúp việc của Hội đồng nhân dân tổng hợp kiến nghị.")[0] == [
        "Cơ quan giúp việc của Hội đồng nhân dân"]
    assert responsible_units("Các dự án đầu tư có hoạt động sản xuất hóa chất phải lập kế hoạch.")[0] == [
        "Các dự án đầu tư có hoạt động sản xuất hóa chất"]
    assert responsible_units("Các Cơ quan chủ trì Dự án, Tiểu dự án khẩn trương rà soát.")[0] == [
        "Các Cơ quan chủ trì Dự án, Tiểu dự án"]


PLAN = """III. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ chủ trì, phối hợp với Sở Tài chính tổng hợp, báo cáo trước ngày 15/3/2025.
2. Giao Văn phòng theo dõi, đôn đốc; định kỳ 6 tháng báo cáo kết quả.
"""


def test_tasks_with_deadlines():
    head = ("UBND TỈNH HÀ TĨNH\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 143/KH-SGDĐT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nHà Tĩnh, ngày 09 tháng 10 năm 2025\nKẾ HOẠCH\nTổ chức hội thi\n")
    parsed = parse_document([head + PLAN])
    tasks = parsed.tasks
    assert [t.path for t in tasks] == ["III.1", "III.2"]
    assert tasks[0].responsible == ["Sở Nội vụ"] and tasks[0].collaborators == ["Sở Tài chính"]
    assert tasks[0].deadlines[0].end == dt.date(2025, 3, 15)
    assert tasks[0].deadlines[0].evidence.line == 10
    assert tasks[1].responsible == ["Văn phòng"]
    assert tasks[1].deadlines[0].rule == "FREQ=MONTHLY;INTERVAL=6"
    assert {d.kind for d in parsed.deadlines} == {"date", "recurrence"}


PLAN_BULLETS = """II. NHIỆM VỤ CỤ THỂ
1. Sở Tài chính chủ trì tham mưu bố trí vốn.
2. UBND các huyện, thị xã, thành phố chịu trách nhiệm:
- Khẩn trương triển khai các Chương trình trên địa bàn;
- Phấn đấu giải ngân 100% kế hoạch vốn được giao;
- UBND huyện Trà Bồng tiếp tục chỉ đạo thực hiện Kết luận số 184/KL-TTr.
"""


def test_a_task_lead_with_a_colon_opens_its_bullets():
    """Each dash bullet under ``2. <unit> chịu trách nhiệm:`` is a task of that unit unless it names its own; a
    bullet that sets a percentage is a target and stays a task."""
    head = ("UBND TỈNH QUẢNG NGÃI\nSố: 534/BC-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nQuảng Ngãi, ngày 15 tháng 11 năm 2024\nBÁO CÁO\nTình hình thực hiện\n")
    parsed = parse_document([head + PLAN_BULLETS])
    tasks = {t.path: t for t in parsed.tasks}
    assert list(tasks) == ["II.1", "II.2.-1", "II.2.-2", "II.2.-3"]
    assert tasks["II.2.-1"].responsible == ["UBND các huyện, thị xã, thành phố"]
    assert tasks["II.2.-2"].responsible == ["UBND các huyện, thị xã, thành phố"]
    assert tasks["II.2.-3"].responsible == ["UBND huyện Trà Bồng"]
    assert tasks["II.2.-1"].label == "-"
    assert [q.text for t in parsed.targets for q in t.quantities] == ["100%"]


def test_a_closing_looking_paragraph_followed_by_the_next_item_belongs_to_the_list():
    head = ("UBND TỈNH QUẢNG NGÃI\nSố: 534/BC-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nQuảng Ngãi, ngày 15 tháng 11 năm 2024\nBÁO CÁO\nTình hình thực hiện\n")
    body = PLAN_BULLETS + ("Trong quá trình thực hiện UBND các huyện chủ động phối hợp với Sở Tài chính để kịp thời "
                           "tháo gỡ.\n3. Giao Ban Dân tộc tỉnh tổng hợp các kiến nghị.\n")
    parsed = parse_document([head + body])
    tasks = {t.path: t for t in parsed.tasks}
    assert "II.3" in tasks and tasks["II.3"].responsible == ["Ban Dân tộc tỉnh"]
    assert "Sở Tài chính" in tasks["II.2.-3"].collaborators  # the paragraph continues the last bullet
    closing = parse_document([head + PLAN_BULLETS + "Trong quá trình thực hiện, nếu có vướng mắc, báo cáo UBND tỉnh.\n"])
    assert "Trong quá trình" not in closing.tasks[-1].text  # with no item after it, it closes the list


def test_ocr_marks_before_labels_and_a_misread_one():
    lines = split_pages(["1.4. Các danh hiệu thi đua ’\n’ (1) Tập thể: Liên hiệp hội\n(2) Cơ quan"])
    roots = build_outline(lines, 0, len(lines))
    assert [n.path for n in roots[0].walk()] == ["1.4", "1.4.(1)", "1.4.(2)"]
    got = [(q.value, q.qualifier) for q in find_quantities("Xây dựng ít nhất l‘điển hình tiên tiến")]
    assert got == [(1, "ít nhất")]
    assert find_quantities("nhi đồng tỉnh lần thứ 20 năm 2024") == []
