"""The parser on the ground-truth text of the bundled samples (``samples/<name>.gt.txt``) against their
``expected.json``: header, signer, recipients, citations, targets, tasks and deadlines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.parse import parse_document
from pipeline.text import fold

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
NAMES = sorted(p.name[: -len(".gt.txt")] for p in SAMPLES.glob("*.gt.txt")
               if (SAMPLES / (p.name[: -len(".gt.txt")] + ".expected.json")).exists())


def _n(value):
    return fold(value) if isinstance(value, str) else value


@pytest.fixture(scope="module", params=NAMES or [None])
def case(request):
    if request.param is None:
        pytest.skip("no sample ground truth")
    name = request.param
    expected = json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    text = (SAMPLES / f"{name}.gt.txt").read_text(encoding="utf-8")
    return name, parse_document(text.split("\f")).model_dump(mode="json"), expected


def test_header_signer_and_distribution(case):
    _, got, expected = case
    wrong = [(sec, k, got[sec].get(k), v) for sec in ("document", "signer")
             for k, v in expected.get(sec, {}).items() if _n(got[sec].get(k)) != _n(v)]
    assert not wrong
    assert [_n(r) for r in got["recipients"]] == [_n(r) for r in expected.get("recipients", [])]
    assert _n((got["filing"] or "").rstrip(".")) == _n((expected.get("filing") or "").rstrip("."))


def test_citations_and_deadlines(case):
    _, got, expected = case
    assert [(c["type"], c["code"], c["date"]) for c in got["citations"]] == \
        [(c["type"], c["code"], c["date"]) for c in expected.get("citations", [])]
    assert [(d["kind"], d["start"], d["end"]) for d in got["deadlines"]] == \
        [(d["kind"], d.get("start"), d.get("end")) for d in expected.get("deadlines", [])]


def test_targets_and_tasks(case):
    _, got, expected = case
    for key in ("targets", "tasks"):
        by_path = {t["path"]: t for t in got[key]}
        for exp in expected.get(key, []):
            item = by_path.get(exp["path"])
            assert item is not None, (key, exp["path"], sorted(by_path))
            assert item["label"] == exp["label"]
            for field in ("responsible", "collaborators"):
                if field in exp:
                    assert [_n(u) for u in item[field]] == [_n(u) for u in exp[field]], (exp["path"], field)
            if "quantities" in exp:
                assert len(item["quantities"]) == len(exp["quantities"]), exp["path"]
                for q, e in zip(item["quantities"], exp["quantities"]):
                    assert (q["value"], q["text"], q["unit"], q.get("qualifier")) == \
                        (e["value"], e["text"], e["unit"], e.get("qualifier")), exp["path"]
                    assert _n(e["counted"]) in _n(q["counted"] or ""), (exp["path"], q["counted"])
