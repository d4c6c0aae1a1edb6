"""Tasks of plans and directives (issue #17), one rule a test, on small texts written for them: labelled lines,
annex table rows, an owner inherited from the lead or the issuer, a person as owner, normalised owners, report-to
and deliverable; deadlines that belong to a citation, a law or a programme are none; recurrences with their day;
the plan's own period; an item that runs across a page break."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.parse.deadlines import find_deadlines
from pipeline.parse.document import parse_document
from pipeline.parse.gazetteer import normal_unit
from pipeline.parse.lines import make_key
from pipeline.parse.tasks import report_to

HEAD = ["ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH", "Số: 12/KH-UBND", "Bắc Ninh, ngày 15 tháng 01 năm 2025", "KẾ HOẠCH",
        "Triển khai chuyển đổi số năm 2025", ""]
DIRECTIVE = ["ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH", "Số: 07/CT-UBND", "Bắc Ninh, ngày 15 tháng 01 năm 2025", "CHỈ THỊ",
             "Về tăng cường an toàn giao thông", ""]


def plan(*body: str, head: list[str] = HEAD) -> object:
    return parse_document(["\n".join(head + list(body))])


def task(parsed, path: str):
    found = [t for t in parsed.tasks if t.path == path]
    assert found, f"no task {path} in {[t.path for t in parsed.tasks]}"
    return found[0]


def deadlines(text: str, **kw) -> list[tuple]:
    return [(f.deadline.text, f.deadline.kind, f.deadline.start, f.deadline.end, f.deadline.rule)
            for f in find_deadlines(text, make_key(text), **kw)]


# --- owners ------------------------------------------------------------------------------------------------------

def test_labelled_lines_give_owner_partners_deadline_and_deliverable():
    parsed = plan("II. NHIỆM VỤ, GIẢI PHÁP", "1. Xây dựng cơ sở dữ liệu hộ tịch điện tử.",
                  "**Đơn vị chủ trì thực hiện:** Sở Tư pháp.",
                  "*Đơn vị phối hợp:* Sở Thông tin và Truyền thông, UBND các huyện, thị xã, thành phố.",
                  "Thời gian thực hiện: Tháng 12/2025.", "Sản phẩm: Cơ sở dữ liệu được kết nối với",
                  "hệ thống của Bộ Tư pháp.")
    t = task(parsed, "II.1")
    assert t.text == "Xây dựng cơ sở dữ liệu hộ tịch điện tử"
    assert t.responsible == ["Sở Tư pháp"] and t.inherited_from is None
    assert t.collaborators == ["Sở Thông tin và Truyền thông", "UBND các huyện, thị xã, thành phố"]
    assert [p.kind for p in t.partners] == ["unit", "group"]
    assert t.deliverable == "Cơ sở dữ liệu được kết nối với hệ thống của Bộ Tư pháp"
    assert [(d.kind, d.start, d.end) for d in t.deadlines] == [("month", dt.date(2025, 12, 1), dt.date(2025, 12, 31))]


def test_a_unit_ends_where_its_verb_begins_and_is_normalised():
    parsed = plan("II. NHIỆM VỤ", "1. Sở GD&ĐT chủ trì, phối hợp với Cục Thuế tỉnh rà soát thiết bị trường học.")
    t = task(parsed, "II.1")
    assert t.responsible == ["Sở GD&ĐT"] and t.collaborators == ["Cục Thuế tỉnh"]
    assert [(o.name, o.printed, o.kind) for o in t.owners] == [("Sở Giáo dục và Đào tạo", "Sở GD&ĐT", "unit")]


def test_gazetteer_spells_out_abbreviations():
    assert normal_unit("Sở KH&ĐT") == "Sở Kế hoạch và Đầu tư"
    assert normal_unit("UBND các huyện, thị xã, thành phố") == "Ủy ban nhân dân các huyện, thị xã, thành phố"
    assert normal_unit("Hội đồng Thi đua khen thưởng tỉnh") == "Hội đồng Thi đua - Khen thưởng tỉnh"


def test_items_under_a_lead_inherit_its_unit():
    parsed = plan("III. TỔ CHỨC THỰC HIỆN", "1. Sở Y tế chịu trách nhiệm:", "- Triển khai hồ sơ sức khỏe điện tử;",
                  "- Kết nối dữ liệu khám chữa bệnh.", "2. UBND các xã, phường:", "a) Rà soát hộ nghèo;",
                  "b) Cập nhật dữ liệu dân cư.")
    for path, owner, kind in (("III.1.-1", "Sở Y tế", "unit"), ("III.1.-2", "Sở Y tế", "unit"),
                              ("III.2.a", "UBND các xã, phường", "group"), ("III.2.b", "UBND các xã, phường", "group")):
        t = task(parsed, path)
        assert t.responsible == [owner] and t.inherited_from == "lead"
        assert [(o.kind, o.inherited_from) for o in t.owners] == [(kind, "lead")]


def test_a_lead_outside_the_task_sections_names_the_unit_of_its_items():
    parsed = plan("1. Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các huyện có trách nhiệm:",
                  "a) Thi hành nghiêm các bản án hành chính;", "b) Báo cáo kết quả về UBND tỉnh.", head=DIRECTIVE)
    t = task(parsed, "1.b")
    assert t.responsible == ["Thủ trưởng các sở, ban, ngành", "Chủ tịch UBND các huyện"]
    assert t.inherited_from == "lead" and {o.kind for o in t.owners} == {"person-role"}
    assert t.report_to == ["UBND tỉnh"]


def test_a_content_item_without_a_unit_is_the_issuers():
    parsed = plan("II. NHIỆM VỤ, GIẢI PHÁP", "1. Tuyên truyền về chuyển đổi số, gắn với trách nhiệm của người đứng đầu.",
                  "III. TỔ CHỨC THỰC HIỆN", "1. Văn phòng theo dõi việc thực hiện.", "2. Tổng hợp kết quả thực hiện.")
    t = task(parsed, "II.1")
    assert t.responsible == []  # as printed: none
    assert [(o.name, o.inherited_from) for o in t.owners] == [("Ủy ban nhân dân tỉnh Bắc Ninh", "issuer")]
    assert t.inherited_from == "issuer"
    # an implementation item names its unit or has none: the issuer is no default there
    assert task(parsed, "III.2").owners == [] and task(parsed, "III.2").inherited_from is None


def test_a_directive_item_without_a_unit_gets_no_issuer():
    parsed = plan("1. Sở Y tế chủ trì kiểm tra an toàn thực phẩm.", head=DIRECTIVE)
    assert all(t.inherited_from != "issuer" for t in parsed.tasks)


def test_a_person_owns_by_role():
    parsed = plan("II. NHIỆM VỤ", "1. Đồng chí Phó Chủ tịch Thường trực UBND tỉnh, phụ trách lĩnh vực kinh tế: chỉ đạo "
                  "triển khai Đề án 06.")
    t = task(parsed, "II.1")
    assert t.responsible == ["Phó Chủ tịch Thường trực UBND tỉnh"]
    assert [(o.name, o.kind) for o in t.owners] == [("Phó Chủ tịch Thường trực Ủy ban nhân dân tỉnh", "person-role")]


def test_report_to_and_its_channel():
    assert report_to("báo cáo kết quả về UBND tỉnh (qua Sở Nội vụ) trước ngày 20 hằng tháng") == \
        ["UBND tỉnh (qua Sở Nội vụ)"]
    assert report_to("gửi các Sở: Giao thông vận tải, Tài chính để tổng hợp") == \
        ["Sở Giao thông vận tải", "Sở Tài chính"]
    assert report_to("kịp thời báo cáo UBND tỉnh chỉ đạo giải quyết") == ["UBND tỉnh"]
    assert report_to("Trên cơ sở báo cáo của Công ty, giao Sở Tài chính chủ trì") == []


@pytest.mark.parametrize("table", ["pipes", "tabs", "cells"])
def test_annex_table_rows_are_tasks(table):
    header = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"]
    rows = [["1", "Số hóa hồ sơ đất đai", "Sở Nông nghiệp và Môi trường", "UBND các huyện", "Quý IV/2025",
             "Cơ sở dữ liệu đất đai"],
            ["2", "Triển khai họp trực tuyến", "Văn phòng UBND tỉnh", "Sở KH&CN", "Tháng 9/2025", "Nền tảng vận hành"]]
    if table == "pipes":
        lines = ["| " + " | ".join(r) + " |" for r in [header, ["---"] * 6] + rows]
    elif table == "tabs":
        lines = ["\t".join(r) for r in [header] + rows]
    else:
        lines = [cell for r in [header] + rows for cell in r]
    parsed = plan("III. TỔ CHỨC THỰC HIỆN", "1. Cục Thuế tỉnh chủ trì triển khai hóa đơn điện tử.", "Nơi nhận:",
                  "- Như trên;", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An", "", "PHỤ LỤC",
                  "NỘI DUNG NHIỆM VỤ", *lines)
    first, second = task(parsed, "PL.1"), task(parsed, "PL.2")
    assert (first.text, first.responsible, first.collaborators) == \
        ("Số hóa hồ sơ đất đai", ["Sở Nông nghiệp và Môi trường"], ["UBND các huyện"])
    assert first.deliverable == "Cơ sở dữ liệu đất đai"
    assert [(d.kind, d.end) for d in first.deadlines] == [("quarter", dt.date(2025, 12, 31))]
    assert [o.name for o in second.partners] == ["Sở Khoa học và Công nghệ"]
    assert task(parsed, "III.1").deadlines == []  # the table's cells belong to its rows


# --- deadlines ---------------------------------------------------------------------------------------------------

def test_citation_dates_law_years_and_programme_periods_are_no_deadlines():
    text = ("Tiếp tục quán triệt Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị; triển khai Luật Thi đua, khen "
            "thưởng năm 2022; thực hiện kế hoạch 5 năm (2021 - 2025) và Chương trình mục tiêu quốc gia giảm nghèo "
            "giai đoạn 2021-2025; thực hiện Nghị định số 71/2016/NĐ- CP ngày 30 tháng 11 năm 2016 của Chính phủ; "
            "xây dựng Đề án “Đổi mới hoạt động của các hội giai đoạn 2024-2030”.")
    assert deadlines(text) == []


def test_an_own_period_and_a_cued_year_stay():
    assert [d[0] for d in deadlines("Nghị định này quy định chuẩn nghèo giai đoạn 2026 - 2030")] == \
        ["giai đoạn 2026 - 2030"]
    assert [d[:2] for d in deadlines("hoàn thành nhiệm vụ trong năm 2025")] == [("trong năm 2025", "year")]


def test_recurrences_with_and_without_their_day():
    assert deadlines("báo cáo UBND tỉnh trước ngày 20 hằng tháng") == \
        [("trước ngày 20 hằng tháng", "recurrence", None, None, "FREQ=MONTHLY;BYMONTHDAY=20")]
    assert deadlines("gửi báo cáo trước ngày 15/12 hằng năm")[0][4] == "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15"
    assert deadlines("định kỳ hằng quý báo cáo") == [("định kỳ hằng quý", "recurrence", None, None,
                                                      "FREQ=MONTHLY;INTERVAL=3")]
    assert deadlines("hoàn thành các chỉ tiêu hằng năm") == []  # yearly targets: no rhythm


def test_a_quarter_without_its_year_takes_the_plans():
    assert deadlines("hoàn thành trong quý III", year=2025) == \
        [("hoàn thành trong quý III", "quarter", dt.date(2025, 7, 1), dt.date(2025, 9, 30), "by")]
    assert deadlines("hoàn thành trong quý III") == []  # no year known: nothing made up


def test_the_plans_own_period_is_its_plan_level_deadline():
    parsed = plan("I. MỤC ĐÍCH", "1. Hoàn thành các chỉ tiêu chuyển đổi số năm 2025.", "II. NHIỆM VỤ",
                  "1. Sở Tư pháp chủ trì số hóa hộ tịch, hoàn thành trong năm 2025.")
    assert (parsed.period.text, parsed.period.kind, parsed.period.scope) == ("năm 2025", "year", "plan")
    assert [(d.text, d.scope) for d in task(parsed, "II.1").deadlines] == [("hoàn thành trong năm 2025", "task")]
    term = plan("II. NHIỆM VỤ", "1. Sở Tư pháp chủ trì rà soát.", head=HEAD[:5] + [
        "Thực hiện Chiến lược phát triển giai đoạn 2024-2030", ""])
    assert (term.period.kind, term.period.start, term.period.end) == ("term", dt.date(2024, 1, 1),
                                                                      dt.date(2030, 12, 31))


def test_an_item_runs_across_a_page_break_without_its_page_number():
    first = "\n".join(DIRECTIVE + ["1. Sở Tài chính chủ trì rà soát các khoản chi, báo cáo",
                                    "kết quả về UBND tỉnh trước ngày", "", "2"])
    second = "\n".join(["15/12/2025.", "2. Sở Y tế chủ trì kiểm tra an toàn thực phẩm."])
    parsed = parse_document([first, second])
    t = task(parsed, "1")
    assert t.text.endswith("về UBND tỉnh trước ngày 15/12/2025") and " 2 " not in t.text
    assert [(d.kind, d.end) for d in t.deadlines] == [("date", dt.date(2025, 12, 15))]
    assert task(parsed, "2").responsible == ["Sở Y tế"]


@pytest.mark.parametrize("lead", ["UBND các huyện, thị xã, thành phố chịu trách nhiệm:", "Giao UBND các xã, phường:",
                                  "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh:", "Các Bộ:", "Sở Nội vụ",
                                  "Đối với UBND các huyện, thị xã, thành phố:",
                                  "Giao Sở Tài chính chủ trì, phối hợp với các đơn vị liên quan:"])
@pytest.mark.parametrize("items", [("- ", "- "), ("a) ", "b) "), ("+ ", "+ ")])
@pytest.mark.parametrize("head", ["plan", "directive"])
def test_lead_wordings_name_the_unit_of_their_items(lead, items, head):
    body = ["IV. TỔ CHỨC THỰC HIỆN"] if head == "plan" else []
    parsed = plan(*body, "1. " + lead, items[0] + "Rà soát hộ nghèo;", items[1] + "Cập nhật dữ liệu dân cư.",
                  head=HEAD if head == "plan" else DIRECTIVE)
    assert len(parsed.tasks) == 2
    assert all(t.responsible and t.inherited_from == "lead" for t in parsed.tasks)


def test_report_to_of_the_items_owner_not_of_another():
    assert report_to("Sở Nội vụ theo dõi, tổng hợp, báo cáo UBND tỉnh kết quả thực hiện") == ["UBND tỉnh"]
    assert report_to("báo cáo Sở Y tế để tổng hợp tiếp tục báo cáo Bộ Y tế") == ["Sở Y tế"]
    assert report_to("định kỳ báo cáo lãnh đạo UBND tỉnh kết quả") == ["lãnh đạo UBND tỉnh"]


def test_a_content_section_headed_noi_dung_thuc_hien_is_the_issuers():
    parsed = plan("II. NỘI DUNG THỰC HIỆN", "1. Tuyên truyền về chuyển đổi số.", "2. Sở Y tế chủ trì kiểm tra.")
    assert task(parsed, "II.1").inherited_from == "issuer" and task(parsed, "II.2").responsible == ["Sở Y tế"]
    emulation = plan("II. NỘI DUNG THI ĐUA", "1. Thi đua thực hiện tốt nhiệm vụ chính trị.")
    assert emulation.tasks == []  # an emulation movement's content: no assignment
