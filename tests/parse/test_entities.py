"""The spaCy patterns over task items (pipeline/parse/entities.py) and the task-unit dev gold."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench import parse_eval as evaluate
from pipeline.parse import entities
from pipeline.parse.document import parse_document

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "samples" / "seed" / "kh58-lhh-bacgiang.gt.txt"


def _units(text: str) -> list[str]:
    return [m.text for m in entities.mentions(text) if m.label == "UNIT"]


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("Sở Tài chính chủ trì, phối hợp với Sở Nội vụ", ["Sở Tài chính", "Sở Nội vụ"]),
        ("Sở Kế hoạch và Đầu tư rà soát các quy định", ["Sở Kế hoạch và Đầu tư"]),
        ("Sở Văn hóa, Thể thao và Du lịch theo chức năng, nhiệm vụ", ["Sở Văn hóa, Thể thao và Du lịch"]),
        ("Sở Lao động - Thương binh và Xã hội, Ban Dân tộc tỉnh theo chức năng",
         ["Sở Lao động - Thương binh và Xã hội", "Ban Dân tộc tỉnh"]),
        ("UBND các huyện, thị xã, thành phố chỉ đạo UBND cấp xã kiểm tra",
         ["UBND các huyện, thị xã, thành phố", "UBND cấp xã"]),
        ("Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương chịu trách nhiệm",
         ["Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương"]),
        ("Cục trưởng Cục Chăn nuôi và Thú y, Giám đốc Sở Nông nghiệp và Môi trường các tỉnh, thành phố",
         ["Cục trưởng Cục Chăn nuôi và Thú y", "Giám đốc Sở Nông nghiệp và Môi trường các tỉnh, thành phố"]),
        ("Thủ trưởng các đơn vị trực thuộc Bộ Y tế và các cơ quan, tổ chức, cá nhân có liên quan",
         ["Thủ trưởng các đơn vị trực thuộc Bộ Y tế", "các cơ quan, tổ chức, cá nhân có liên quan"]),
        ("Công ty TNHH MTV Đầu tư, Xây dựng và Kinh doanh dịch vụ Quảng Ngãi tiếp thu các ý kiến",
         ["Công ty TNHH MTV Đầu tư, Xây dựng và Kinh doanh dịch vụ Quảng Ngãi"]),
        ("Tỉnh đoàn Nghệ An tổ chức cuộc thi", ["Tỉnh đoàn Nghệ An"]),
        ("Hội đồng quản trị Ngân hàng Phát triển Việt Nam xem xét", ["Hội đồng quản trị Ngân hàng Phát triển Việt Nam"]),
    ],
)
def test_units_of_a_sentence(text, units):
    assert _units(text) == units


def test_no_unit_in_common_words():
    # a verb after "các", lower-case nouns, "Báo cáo" / "Tổ chức" opening a clause: no body
    assert _units("Báo cáo kết quả thực hiện định kỳ hằng năm") == []
    assert _units("Tổ chức thực hiện các giải pháp hỗ trợ hộ nghèo") == []
    assert _units("công trình, chương trình và dự án đầu tư") == []


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("Bộ Y tế quy định các tiêu chuẩn, quy chuẩn về nước sinh hoạt", ["Bộ Y tế"]),
        ("Sau khi Chiến lược được phê duyệt, Bộ Công Thương xây dựng và ban hành kế hoạch", ["Bộ Công Thương"]),
        ("Trên cơ sở báo cáo của Công ty, giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ", ["Sở Tài chính"]),
        ("Giao Sở Lao động - Thương binh và Xã hội, Ban Dân tộc tỉnh theo chức năng, nhiệm vụ chịu trách nhiệm:",
         ["Sở Lao động - Thương binh và Xã hội", "Ban Dân tộc tỉnh"]),
        ("Tổng hợp, công bố kết quả rà soát hằng năm", []),
        ("Trường hợp phát hiện sai sót thì báo cáo", []),
    ],
)
def test_subject_units(text, units):
    assert entities.subject_units(text) == units


def test_trim_units_cuts_where_the_name_ends():
    text = "Sở Kế hoạch - Đầu tư, Sở Tài chính theo chức năng, nhiệm vụ tích cực hướng dẫn các cơ quan"
    rules = ["Sở Kế hoạch - Đầu tư", "Sở Tài chính theo chức năng, nhiệm vụ tích cực"]
    assert entities.trim_units(text, rules) == ["Sở Kế hoạch - Đầu tư", "Sở Tài chính"]
    # a unit of a kind only (Cơ quan + a verb phrase) is left as the rules read it
    text = "Cơ quan giải quyết thủ tục hành chính có trách nhiệm khai thác thông tin"
    assert entities.trim_units(text, ["Cơ quan giải quyết thủ tục hành chính"]) == [
        "Cơ quan giải quyết thủ tục hành chính"]


def test_collaborators_as_a_list_of_units():
    text = ("Giao Sở Nội vụ chủ trì, phối hợp với các Sở: Tài chính, Kế hoạch và Đầu tư, Công ty TNHH MTV "
            "Khai thác công trình thủy lợi Quảng Ngãi và các cơ quan, đơn vị liên quan khẩn trương rà soát")
    assert entities.collaborator_units(text) == [[
        "các Sở: Tài chính, Kế hoạch và Đầu tư", "Công ty TNHH MTV Khai thác công trình thủy lợi Quảng Ngãi",
        "các cơ quan, đơn vị liên quan"]]


def test_default_parser_finds_the_units_of_the_seed_task_section():
    parsed = parse_document([SEED.read_text(encoding="utf-8")])
    tasks = {t.path: t for t in parsed.tasks}
    assert tasks["III.1"].responsible == ["Thường trực Liên hiệp hội"]
    assert tasks["III.2"].responsible == ["Các ban chuyên môn"]
    assert tasks["III.4"].responsible == ["Văn phòng"]
    # the plan's own tasks (2. Nhiệm vụ và giải pháp) name no unit: none is made up
    assert all(not tasks[f"II.2.{k}"].responsible for k in range(1, 7))
    assert tasks["III.4"].evidence is not None and tasks["III.4"].evidence.line == 210


def test_spacy_is_not_imported_for_rules_only():
    code = ("import sys; from pipeline.parse.document import parse_document; "
            f"parse_document([open({str(SEED)!r}, encoding='utf-8').read()], use_ruler=False); "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_gold_file_holds_labels_and_short_keys_only():
    lines = evaluate.TASK_GOLD.read_text(encoding="utf-8").splitlines()
    items = [json.loads(line) for line in lines if line.strip()]
    assert 60 <= len(items) <= 150
    for item in items:
        assert set(item) <= {"source", "file", "path", "first", "responsible", "collaborators", "note"}
        assert item["source"] in {"seed", "samples", "born-digital", "vbpl"}
        assert len(item["first"].split()) <= 8  # a key, not the text
        assert all(isinstance(u, str) and u for u in item["responsible"] + item["collaborators"])
    keys = [(i["file"], i["path"]) for i in items]
    assert len(keys) == len(set(keys))


def test_scorer_counts_exact_and_lenient_matches():
    score = evaluate.UnitScore()
    score.add(["Sở Tài chính theo chức năng", "Sở Nội vụ"], ["Sở Tài chính", "sở nội vụ", "Văn phòng"])
    assert (score.exact, score.lenient, score.predicted, score.gold) == (1, 2, 2, 3)
    p, r, f = score.prf()
    assert (p, r) == (0.5, 1 / 3) and f == pytest.approx(0.4)


def test_ruler_does_not_lose_units_on_the_in_repo_gold():
    gold = evaluate.task_gold(Path("/nonexistent"))  # seed and samples only
    assert sum(map(len, gold.values())) >= 20
    rules = evaluate.task_unit_scores({"use_ruler": False}, gold)
    ruler = evaluate.task_unit_scores({"use_ruler": True}, gold)
    for part in ("responsible", "collaborators"):
        assert ruler[part].prf()[2] >= rules[part].prf()[2]


@pytest.mark.skipif(not (evaluate.SHARED / "dev" / "born-digital").is_dir(), reason="../shared/dev not present")
def test_ruler_adds_on_the_dev_gold():
    gold = evaluate.task_gold()
    rules = evaluate.task_unit_scores({"use_ruler": False}, gold)
    ruler = evaluate.task_unit_scores({"use_ruler": True}, gold)
    assert ruler["responsible"].prf()[2] > rules["responsible"].prf()[2]
    assert ruler["collaborators"].prf()[2] > rules["collaborators"].prf()[2]
    assert ruler["responsible"].prf()[0] >= rules["responsible"].prf()[0]  # no precision traded for recall


def test_bench_task_unit_rows_without_shared_and_without_underthesea(monkeypatch):
    from bench import task_units
    from bench.quality import _guard

    def missing():
        raise task_units.NerMissing("underthesea NER unavailable (test)")

    monkeypatch.setattr(task_units, "_tagger", missing)
    rows: list = []
    rows += task_units.task_unit_rows(None, _guard(rows, "fields"))
    names = [r.name for r in rows]
    assert len(rows) == 4 and all("seed + samples" in n for n in names)
    assert rows[0].baseline == rows[0].pipeline and rows[0].pipeline.startswith("F1 ")
    assert [r.pipeline for r in rows[2:]] == ["not ready", "not ready"] and "underthesea" in rows[2].error
