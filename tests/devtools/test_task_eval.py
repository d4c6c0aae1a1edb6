"""Fast tests of the task scorer (bench/task_eval.py) and the generated plans (bench/plans.py): the generator's gold
agrees with its text, the matcher scores a hand-made record as worked out by hand, the dev gold loads without
../shared (the seed only) and resolves every document with it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import plans
from bench.task_eval import GOLD, GoldDoc, fold, load_dev_gold, match_tasks, score_document
from pipeline.parse.deadlines import find_deadlines
from pipeline.text import strip_marks

SEEDS = [("tune", s) for s in plans.split_seeds("tune")] + [("fresh", plans.FRESH_BASE + i) for i in range(2)]


def _printed_forms(name: str, aliases: dict[str, list[str]]) -> list[str]:
    return [name] + aliases.get(name, [])


@pytest.mark.parametrize(("split", "seed"), SEEDS)
def test_generated_gold_agrees_with_its_text(split: str, seed: int) -> None:
    doc = plans.make_document(seed, split)
    typeset = fold(plans.typeset_text(doc))
    exported = fold(plans.exported_text(doc).replace("**", ""))
    aliases = doc.meta["aliases"]
    shapes = {t["shape"] for t in doc.tasks}
    assert len(doc.tasks) >= 5
    assert shapes >= ({"content-item", "labelled-lines", "lead-owner", "person-owner", "directive-item"}
                      if doc.meta["type"] == "Kế hoạch" else {"lead-owner", "directive-item"})
    firsts = [fold(t["first"]) for t in doc.tasks]
    assert len(set(firsts)) == len(firsts), "two tasks open with the same words: the locator would be ambiguous"
    for task in doc.tasks:
        assert fold(task["first"]) in typeset and fold(task["first"]) in exported, task
        for unit in task["owners"] + task["collaborators"]:
            assert any(fold(f) in typeset for f in _printed_forms(unit, aliases)), (unit, task)
        for deadline in task["deadlines"]:
            assert fold(deadline["text"]) in typeset, deadline
        assert (task["inherited"] == "lead") == (task["shape"] == "lead-owner")
        assert (task["inherited"] == "issuer") == (task["shape"] == "content-item")
    for nd in doc.meta["not_deadlines"]:
        assert fold(nd["text"]) in typeset, nd
    if doc.meta["period"]:
        assert fold(doc.meta["period"]["text"]) in fold(" ".join(doc.spec.subject))


@pytest.mark.parametrize(("split", "seed"), SEEDS[:4])
def test_generated_deadlines_have_the_parsers_normal_form(split: str, seed: int) -> None:
    """Each gold deadline but the monthly-with-a-day rule (the issue's new form) reads the same through
    ``find_deadlines``: the generator writes the normal form of pipeline/parse/deadlines.py."""
    doc = plans.make_document(seed, split)
    checked = 0
    for task in doc.tasks:
        for deadline in task["deadlines"]:
            if "BYMONTHDAY" in (deadline.get("rule") or ""):
                continue
            text = deadline["text"]
            found = find_deadlines(text, strip_marks(text.lower()))
            assert found, text
            got = found[0].deadline
            assert got.kind == deadline["kind"], text
            if got.kind == "recurrence":
                assert got.rule == deadline["rule"], text
            else:
                start = str(got.start) if got.start else None
                assert (start, str(got.end)) == (deadline["start"], deadline["end"]), text
            checked += 1
    assert checked >= 2


def test_generation_is_deterministic_and_splits_differ() -> None:
    a, b = plans.make_document(3, "tune"), plans.make_document(3, "tune")
    assert plans.typeset_text(a) == plans.typeset_text(b) and a.tasks == b.tasks
    assert plans.typeset_text(plans.make_document(3, "fresh")) != plans.typeset_text(a)
    assert set(plans.split_seeds("tune")).isdisjoint(plans.split_seeds("fresh"))


def _gold() -> GoldDoc:
    meta = {"aliases": {"Sở Giáo dục và Đào tạo": ["Sở GD&ĐT"]},
            "period": {"text": "năm 2026", "kind": "year", "start": "2026-01-01", "end": "2026-12-31"},
            "not_deadlines": [{"text": "ngày 05/6/2025", "kind": "date", "start": "2025-06-05", "end": "2025-06-05"}]}
    tasks = [
        {"path": "II.1", "first": "Rà soát, đánh giá kết quả", "shape": "labelled-lines",
         "owners": ["Sở Giáo dục và Đào tạo"], "inherited": None, "collaborators": ["Sở Tài chính", "Sở Nội vụ"],
         "deadlines": [{"text": "Tháng 12/2026", "kind": "month", "start": "2026-12-01", "end": "2026-12-31"}],
         "report_to": ["UBND tỉnh"]},
        {"path": "III.2.a", "first": "Tổ chức tập huấn nghiệp vụ cho", "shape": "lead-owner",
         "owners": ["UBND các huyện, thị xã, thành phố"], "inherited": "lead", "collaborators": [],
         "deadlines": [{"text": "định kỳ hằng quý", "kind": "recurrence", "rule": "FREQ=MONTHLY;INTERVAL=3"}],
         "report_to": []},
        {"path": "III.3", "first": "Kiểm tra an toàn thực phẩm", "shape": "directive-item",
         "owners": ["Sở Y tế"], "inherited": None, "collaborators": [], "deadlines": [], "report_to": []},
    ]
    return GoldDoc("hand", Path("hand.txt"), "typeset", meta, tasks)


def _record() -> dict:
    return {
        "deadlines": [{"text": "ngày 05/6/2025", "kind": "date", "start": "2025-06-05", "end": "2025-06-05"},
                      {"text": "năm 2026", "kind": "year", "start": "2026-01-01", "end": "2026-12-31"}],
        "tasks": [
            # by path: the printed short form counts for the normal name; one collaborator of two; report-to with
            # its "(qua ...)" tail; a wrong extra deadline
            {"path": "II.1", "text": "Rà soát, đánh giá kết quả thực hiện", "responsible": ["Sở GD&ĐT"],
             "collaborators": ["Sở Tài chính"], "report_to": ["UBND tỉnh (qua Sở Nội vụ)"],
             "deadlines": [{"text": "tháng 12/2026", "kind": "month", "start": "2026-12-01", "end": "2026-12-31"},
                           {"text": "ngày 05/6/2025", "kind": "date", "start": "2025-06-05", "end": "2025-06-05"}]},
            # by text (OCR lost the label and the marks): structured owners with the inherited mark
            {"path": "III.2", "text": "To chuc tap huan nghiep vu cho can bo",
             "owners": [{"name": "Ủy ban nhân dân các huyện, thị xã, thành phố",
                         "printed": "UBND các huyện, thị xã, thành phố"}], "inherited_from": "lead",
             "deadlines": [{"text": "định kỳ hằng quý", "kind": "recurrence", "rule": "FREQ=MONTHLY;INTERVAL=3"}]},
            # an item that is no gold task (precision)
            {"path": "IV", "text": "Trên đây là Kế hoạch", "responsible": ["UBND tỉnh"]},
        ],
    }


def test_matcher_scores_a_hand_made_record() -> None:
    gold, record = _gold(), _record()
    assert match_tasks(gold.tasks, record["tasks"]) == [0, 1, None]
    shapes: dict = {}
    s = score_document(gold, record, shapes)
    assert (s.gold_tasks, s.found, s.predicted_tasks, s.matched_predicted) == (3, 2, 3, 2)
    assert (s.owners.hits, s.owners.predicted, s.owners.gold) == (2, 2, 3)
    assert (s.collaborators.hits, s.collaborators.predicted, s.collaborators.gold) == (1, 1, 2)
    assert (s.report_to.hits, s.report_to.gold) == (1, 1) and s.report_to_absent == 1
    assert (s.inherited_right, s.inherited_gold, s.inherited_wrong_marks) == (1, 1, 0)
    assert (s.deadlines_attached, s.deadlines_gold, s.deadlines_extra) == (2, 2, 1)
    assert (s.not_deadlines_found, s.not_deadlines_doc_level) == (1, 1)
    assert (s.periods_found, s.periods_unmarked) == (0, 1)  # present but not marked as the plan's
    record["period"] = {"text": "năm 2026", "kind": "year", "start": "2026-01-01", "end": "2026-12-31"}
    assert score_document(gold, record).periods_found == 1
    assert shapes["directive-item"].found == 0 and shapes["lead-owner"].owners.hits == 1
    assert s.owners.prf()[2] == pytest.approx(2 * 1.0 * (2 / 3) / (1.0 + 2 / 3))


def test_fold_spells_out_ubnd_and_drops_marks() -> None:
    assert fold("UBND các huyện, thị xã") == fold("Ủy ban nhân dân các huyện thị xã")
    assert fold("2.đ") == fold("2.d")


def test_dev_gold_without_shared_is_the_seed_only(tmp_path: Path) -> None:
    docs = load_dev_gold(tmp_path / "absent")
    assert [d.doc for d in docs] == ["seed-kh58"]
    assert len(docs[0].tasks) == 9 and docs[0].meta["period"]["kind"] == "year"


def test_dev_gold_lines_are_well_formed() -> None:
    lines = [json.loads(x) for x in GOLD.read_text(encoding="utf-8").splitlines() if x.strip()]
    docs = {x["doc"] for x in lines if x["kind"] == "doc"}
    for x in lines:
        if x["kind"] == "task":
            assert x["doc"] in docs and x["shape"] and x["owners"], x
            assert x["inherited"] in (None, "lead", "issuer"), x
            for d in x["deadlines"]:
                assert d["kind"] in ("date", "month", "quarter", "year", "term", "recurrence", "relative"), x


def test_dev_gold_resolves_every_document(shared: Path) -> None:
    docs = load_dev_gold(shared)
    assert len(docs) == 7 and all(d.path.is_file() for d in docs)
    assert sum(len(d.tasks) for d in docs) >= 50
