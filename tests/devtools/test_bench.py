"""Fast tests of the benchmark's scoring: text sums, field normalisation, gold mapping and the table."""

from __future__ import annotations

import datetime as dt

import pytest

from bench.datasets import expected_gold_fields, record_fields, vbpl_gold_fields  # noqa: E402
from bench.metrics import FieldScore, TextScore, field_equal, norm_field, norm_list  # noqa: E402
from bench.report import Row, markdown_table, text_table  # noqa: E402


def test_text_score_sums_syllables_and_characters() -> None:
    score = TextScore()
    score.add("Cộng hòa xã hội", "Cộng hòa xã hội")  # 4/4, no edits
    score.add("Cong hoa xa hoi", "Cộng hòa xã hội")  # 0/4 with marks, 4/4 without
    assert (score.matched, score.total, score.docs) == (4, 8, 2)
    assert score.accuracy == pytest.approx(0.5)
    assert score.stripped_accuracy == pytest.approx(1.0)
    assert score.gold_chars == 2 * len("Cộng hòa xã hội")
    assert score.cer == pytest.approx(4 / 30)


def test_text_score_ignores_case_edge_punctuation_and_nfd() -> None:
    import unicodedata

    gold = "Điều 1. Phạm vi điều chỉnh"
    hyp = unicodedata.normalize("NFD", "điều 1 phạm vi, điều chỉnh.")
    assert TextScore().add(hyp, gold).accuracy == pytest.approx(1.0)


def test_text_score_empty_gold() -> None:
    score = TextScore().add("anything", "")
    assert score.accuracy is None and score.total == 0


@pytest.mark.parametrize(
    ("pred", "gold", "name"),
    [
        ("Ủy ban nhân dân  tỉnh Quảng Ngãi", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "issuer"),
        ("Hòa Bình", "Hoà Bình", "place"),  # tone placement
        ("TM. CHÍNH PHỦ / KT. THỦ TƯỚNG", "TM. CHÍNH PHỦ KT.THỦ TƯỚNG", "signature_authority"),
        ("TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG", "TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG", "signer_authority"),
        (dt.date(2025, 1, 6), "2025-01-06", "issued_date"),
        ("01 / TTr-UBND", "01/TTr-UBND", "code"),
        ("Về việc miễn nhiệm.", "Về việc miễn nhiệm", "title"),
    ],
)
def test_fields_equal_after_normalisation(pred, gold, name) -> None:
    assert field_equal(pred, gold, name)


@pytest.mark.parametrize(
    ("pred", "gold", "name"),
    [("Quảng Ngãi", "Quang Ngai", "place"), ("01/TTr-UBND", "01/TTr-UBN", "code"), (None, "KHẨN", "urgency"),
     ("PHO CHỦ TỊCH", "PHÓ CHỦ TỊCH", "signer_position")],
)
def test_fields_differ(pred, gold, name) -> None:
    assert not field_equal(pred, gold, name)


def test_recipient_lists_compare_item_by_item() -> None:
    assert field_equal(["Như trên", "Lưu:VT, NC"], ["Như trên", "Lưu: VT, NC"])
    assert not field_equal(["Như trên"], ["Như trên", "Lưu: VT"])
    assert norm_list(["  Sở  Nội vụ ;", ""]) == ["sở nội vụ"]
    assert norm_field("   ") is None


def test_field_score_counts_only_fields_with_gold() -> None:
    score = FieldScore()
    score.add("a", "Nghị định", {"code": "1/2026/NĐ-CP", "place": "Hà Nội"},
              {"code": "1/2026/NĐ-CP", "place": "Huế", "urgency": None})
    score.add("b", "Thông tư", {"code": None}, {"code": "2/2026/TT-BCA"})
    data = score.as_dict()
    assert (score.correct, score.total) == (1, 3)
    assert data["per_field"]["code"] == {"correct": 1, "total": 2, "accuracy": 0.5}
    assert "urgency" not in data["per_field"]
    assert data["per_type"]["Thông tư"]["accuracy"] == 0.0
    assert data["misses"]["place"][0]["gold"] == "Huế"


def test_record_fields_map_record_names_to_gold_names() -> None:
    record = {
        "document": {"type": "Tờ trình", "code": "01/TTr-UBND", "issuing_body": "ỦY BAN NHÂN DÂN",
                     "issue_date": "2025-01-06", "subject": "Về việc X"},
        "signer": {"authority": "KT. CHỦ TỊCH", "position": "PHÓ CHỦ TỊCH", "name": "Trần Hoàng Tuấn"},
        "recipients": ["Như trên"],
        "filing": "VT, NC",
    }
    fields = record_fields(record)
    assert fields["document_type"] == "Tờ trình" and fields["title"] == "Về việc X"
    assert fields["signer_authority"] == fields["signature_authority"] == "KT. CHỦ TỊCH"
    assert fields["recipients"] == ["Như trên", "Lưu: VT, NC"]


def test_vbpl_gold_drops_title_fields_of_inconsistent_pages() -> None:
    gold = {"document_type": "Luật", "code": "1/QH", "title": "X", "place": "Hà Nội",
            "html_body_consistent": False}
    fields = vbpl_gold_fields(gold)
    assert "code" not in fields and "title" not in fields and fields["place"] == "Hà Nội"


def test_expected_json_fields() -> None:
    expected = {"document": {"type": "Kế hoạch", "code": "58/KH-LHH"}, "signer": {"name": "A"},
                "recipients": ["B"], "filing": "Lưu: VT."}
    fields = expected_gold_fields(expected)
    assert fields["code"] == "58/KH-LHH" and fields["signer_name"] == "A"
    assert fields["recipients"] == ["B", "Lưu: VT"]  # the full stop that ends the list is left out, as the gold does


def test_tables_render_every_row() -> None:
    rows = [Row("text", "seed", "1 docs", "17.0% / 21.0%", "88.0% / 4.0%", "a | note " * 20),
            Row("speed", "pages/s", pipeline="not ready", error="ImportError: x")]
    table = text_table(rows)
    assert "seed" in table and "not ready" in table and "ImportError" in table
    meta = {"date": "2026-01-01 00:00 UTC", "machine": {"cpu": "cpu", "cores": 2}, "command": "c", "mode": "quick",
            "seconds": 1.0}
    markdown = markdown_table(rows, meta)
    assert markdown.count("\n| ") == 3 and "a \\| note" in markdown


def test_text_row_lists_the_harmful_edits_of_a_document_that_lost_points() -> None:
    from bench.quality import text_row

    gold = "sáng tào mới " + "văn bản " * 100
    good = "sáng tào mới " + "văn bản " * 100
    fixed = "sáng tạo mới " + "văn bản " * 100
    row = text_row("t", [(good, gold), (good, gold)], restored=[fixed, good], docs=["typo", "same"])
    assert "1 worse (1 by more than 0.2)" in row.notes
    assert "typo: tào → tạo (tào)" in row.notes
    per_doc = {d["doc"]: d for d in row.data["per_doc"]}
    assert per_doc["typo"]["harmful"] == [["tào", "tạo", "tào"]] and "harmful" not in per_doc["same"]


def test_a_heldout_text_row_keeps_totals_only() -> None:
    # heldout figures are totals: no document's name, score, worst change or edits is printed or stored
    from bench.quality import text_row

    gold = "sáng tào mới " + "văn bản " * 100
    fixed = "sáng tạo mới " + "văn bản " * 100
    row = text_row("heldout render · x", [(gold, gold), (gold, gold)], restored=[fixed, gold], docs=["typo", "same"])
    assert "1 worse (1 by more than 0.2)" in row.notes
    assert "typo" not in row.notes and "worst document" not in row.notes and "per_doc" not in row.data


def test_a_heldout_field_row_keeps_no_documents_misses() -> None:
    from bench.quality import field_row

    items = [("doc_a", "Luật", {"title": "x"}, {"title": "y"})]
    assert field_row("heldout render · pipeline", items).data.get("misses") is None
    assert field_row("dev render · pipeline", items).data["misses"]["title"][0]["doc"] == "doc_a"
