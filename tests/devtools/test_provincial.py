"""Tests for bench.provincial: the generated documents' gold agrees with what is printed (and written in by hand),
generation is deterministic, the fresh split is kept apart, and the digit model never trains on its writers.
No OCR runs here."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

from bench import provincial
from bench.provincial import HELD_OUT_WRITERS, SPLITS, ground_truth, make_document, render_document
from bench.render import DocumentSpec, font_paths, render_pages

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"


def _need_fonts() -> None:
    missing = [path for _, _, path in HELD_OUT_WRITERS if not Path(path).is_file()]
    if missing:
        pytest.skip(f"handwriting fonts missing: {', '.join(missing)}")
    try:
        font_paths("dejavu")
        font_paths("liberation")
    except Exception as exc:  # FontMissingError
        pytest.skip(str(exc))


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("hoà", "hòa").replace("uỷ", "ủy").split())


@pytest.mark.parametrize("corpus", [None, CORPUS], ids=["filler", "corpus"])
def test_gold_agrees_with_the_text_as_read(corpus):
    if corpus is not None and not corpus.is_dir():
        pytest.skip("../shared/corpus is absent")
    for seed in (0, 10007):
        doc = make_document(seed, "tune" if seed < 10000 else "fresh", corpus)
        gold, text = doc.gold, ground_truth(doc)
        assert f"Số: {gold['code']}" in text
        date = dt.date.fromisoformat(gold["issued_date"])
        line = next(line for line in text.splitlines() if ", ngày " in line)
        m = re.fullmatch(r"(.+), ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})", line)
        assert m, line
        assert (m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4))) == \
            (gold["place"], date.day, date.month, date.year)
        assert gold["signer_name"] in text.splitlines()
        assert gold["signer_position"] in text.splitlines()
        assert _fold(gold["title"]) in _fold(text)
        assert _fold(" ".join(doc.spec.issuing_body)) == _fold(gold["issuer"])
        assert gold["recipients"][-1].startswith("Lưu: VT")
        assert (corpus is None) == (doc.recipe["body_source"] == "filler")


def test_handwritten_values_are_blank_in_the_printed_lines():
    seen = 0
    for seed in range(12):
        doc = make_document(seed, "tune")
        hand = doc.recipe["hand"]
        if hand["number"]:
            seen += 1
            assert doc.gold["number"] not in doc.spec.number_line
            assert re.fullmatch(r"Số:\s{5,}/\S+", doc.spec.number_line)
        if hand["day"]:
            assert re.search(r"ngày\s{5,}tháng", doc.spec.place_date)
    assert seen >= 6  # most documents leave the number to the hand


def test_generation_is_deterministic_and_splits_differ():
    a, b = make_document(3, "tune"), make_document(3, "tune")
    assert a.gold == b.gold and a.recipe == b.recipe
    tune_provinces = {p.name for p in SPLITS["tune"].provinces}
    fresh_provinces = {p.name for p in SPLITS["fresh"].provinces}
    assert not tune_provinces & fresh_provinces
    assert not {d.abbr for d in SPLITS["tune"].departments} & {d.abbr for d in SPLITS["fresh"].departments}
    assert len(SPLITS["fresh"].seeds) >= 100 and not set(SPLITS["tune"].seeds) & set(SPLITS["fresh"].seeds)
    fresh_places = {make_document(s, "fresh").gold["issuer"] for s in SPLITS["fresh"].seeds[:20]}
    assert not any(p in issuer for p in tune_provinces for issuer in fresh_places)


def test_render_is_deterministic_and_written_in():
    _need_fonts()
    doc = make_document(1, "tune")
    first = render_document(doc)
    again = render_document(make_document(1, "tune"))
    digest = lambda pages: hashlib.sha256(b"".join(p.tobytes() for p in pages)).hexdigest()  # noqa: E731
    assert digest(first) == digest(again)
    assert len(first) >= 1 and first[0].size[0] > 2000  # A4 at 300 dpi


def test_legibility_is_measured_on_the_scan_and_an_erased_field_is_left_out():
    _need_fonts()
    doc = make_document(5, "tune")
    assert doc.recipe["noise"] == "clean" and doc.recipe["hand"]["number"] and doc.recipe["hand"]["day"]
    legibility: dict = {}
    pages = render_document(doc, legibility)
    digest = lambda pages: hashlib.sha256(b"".join(p.tobytes() for p in pages)).hexdigest()  # noqa: E731
    assert digest(pages) == digest(render_document(make_document(5, "tune")))  # measuring changes no pixel
    assert legibility["number"] > 0.8 and legibility["day"] > 0.8
    assert provincial.illegible_fields(legibility) == set()
    faint = make_document(5, "tune")
    faint.recipe["ink"] = 250.0  # ink as pale as the paper: nothing of the handwriting shows
    legibility = {}
    render_document(faint, legibility)
    assert legibility["number"] < provincial.ILLEGIBLE_BELOW
    assert provincial.illegible_fields(legibility) == {"code", "issued_date"}


def test_layout_marks_leave_the_pages_unchanged():
    _need_fonts()
    spec = DocumentSpec(issuing_body=["ỦY BAN NHÂN DÂN", "TỈNH KON TUM"], number_line="Số:        /CT-UBND",
                        place_date="Kon Tum, ngày        tháng 3 năm 2024", type_name="CHỈ THỊ",
                        subject=["Về việc tăng cường công tác phòng cháy"], body=["Nội dung thử nghiệm. " * 8],
                        recipients=["Như trên;", "Lưu: VT, NC."], signer_authority=["CHỦ TỊCH"],
                        signer_name="Lê Văn Hùng")
    layout: dict = {}
    plain = render_pages(spec, dpi=100, seed=4)
    marked = render_pages(spec, dpi=100, seed=4, layout=layout)
    assert [np.asarray(p).tobytes() for p in plain] == [np.asarray(p).tobytes() for p in marked]
    assert layout["number_line"]["text"] == spec.number_line
    assert layout["signature"]["space_bottom"] > layout["signature"]["space_top"]
    assert layout["signer_name"]["baseline"] > layout["signature"]["space_bottom"]


def test_digit_model_never_trains_on_the_held_out_writers():
    source = (REPO / "models" / "build_digits.py").read_text(encoding="utf-8")
    train = source[source.index("TRAIN_FONTS"):]
    train = train[:train.index("]") + 1]
    for name, package, path in HELD_OUT_WRITERS:
        assert path not in train and Path(path).name not in train, name


def test_per_doc_is_refused_for_fresh(capsys):
    with pytest.raises(SystemExit) as exc:
        provincial.main(["--split", "fresh", "--per-doc"])
    assert exc.value.code == 2
    assert "fresh" in capsys.readouterr().err
