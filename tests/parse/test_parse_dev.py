"""The parser on real text: the seed plan (gold text) and the dev vbpl set (field accuracy floors)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pipeline.parse import parse_document
from pipeline.text import fold

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SEED_DIR = REPO / "samples" / "seed"


def _seed():
    gt = SEED_DIR / "kh58-lhh-bacgiang.gt.txt"
    expected = SEED_DIR / "kh58-lhh-bacgiang.expected.json"
    if not gt.exists() or not expected.exists():
        pytest.skip("seed gold text or expected fields missing")
    return (parse_document([gt.read_text(encoding="utf-8")]),
            json.loads(expected.read_text(encoding="utf-8")))


def _same(got, want) -> bool:
    if isinstance(got, dt.date):
        got = got.isoformat()
    return (fold(got) if isinstance(got, str) else got) == (fold(want) if isinstance(want, str) else want)


def test_seed_header_signer_recipients():
    parsed, expected = _seed()
    wrong = [f"document.{k}: {getattr(parsed.document, k)!r} != {v!r}" for k, v in expected["document"].items()
             if not _same(getattr(parsed.document, k), v)]
    wrong += [f"signer.{k}: {getattr(parsed.signer, k)!r} != {v!r}" for k, v in expected["signer"].items()
              if not _same(getattr(parsed.signer, k), v)]
    assert not wrong, "\n".join(wrong)
    assert [fold(r) for r in parsed.recipients] == [fold(r) for r in expected["recipients"]]
    assert fold(parsed.filing).rstrip(".") == fold(expected["filing"]).rstrip(".")


def _check_items(items, expected_items, prefix):
    got = {t.path: t for t in items}
    for exp in expected_items:
        path = f"{prefix}.{exp['label']}"
        assert path in got, f"{path} missing; have {sorted(got)}"
        quantities = got[path].quantities
        assert len(quantities) == len(exp["quantities"]), (path, quantities)
        for q, e in zip(quantities, exp["quantities"]):
            assert (q.value, q.text, q.unit) == (e["value"], e["text"], e["unit"]), path
            assert fold(e["counted"]) in fold(q.counted or ""), (path, q.counted, e["counted"])
            assert q.qualifier == e.get("qualifier"), path


def test_seed_targets_and_honours():
    parsed, expected = _seed()
    targets = [t for t in parsed.targets if t.kind == "target"]
    honours = [t for t in parsed.targets if t.kind == "honour"]
    assert len(targets) == len(expected["targets"]) == 8
    assert len(honours) == len(expected["honours"])
    _check_items(targets, expected["targets"], "II.1.3")
    _check_items(honours, expected["honours"], "II.1.4")
    target_4 = next(t for t in targets if t.path == "II.1.3.(4)")
    assert target_4.evidence.page == 1 and target_4.text.startswith("Tổ chức 03 hội nghị")


def test_seed_citations():
    parsed, expected = _seed()
    got = [(c.type, c.code, c.date.isoformat() if c.date else None) for c in parsed.citations]
    want = [(c["type"], c["code"], c["date"]) for c in expected["citations"]]
    assert got == want


def test_seed_tasks():
    parsed, _ = _seed()
    tasks = {t.path: t for t in parsed.tasks if t.path.startswith("III")}
    assert tasks["III.1"].responsible == ["Thường trực Liên hiệp hội"]
    assert tasks["III.4"].responsible == ["Văn phòng"]


FLOORS = {"type": 0.92, "code": 0.9, "issue_date": 0.98, "place": 0.98, "issuing_body": 0.98, "subject": 0.85,
          "signer_name": 0.98, "signer_position": 0.98, "signer_authority": 0.98}


def test_dev_vbpl_field_accuracy():
    if not (SHARED / "dev" / "vbpl_gold.jsonl").exists():
        pytest.skip("../shared is absent")
    from bench.parse_eval import HTML_FIELDS, VBPL_FIELDS, _score, vbpl_records

    records = vbpl_records(False)
    skip = lambda name, gold: name in HTML_FIELDS and not gold.get("html_body_consistent", True)  # noqa: E731
    scores = _score(records, VBPL_FIELDS, skip, show=False)
    low = {k: f"{g}/{t}" for k, (g, t) in scores.items() if g / t < FLOORS[k]}
    assert not low, low
