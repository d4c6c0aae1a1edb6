"""Calibration of the review (``pipeline/parse/review.py``) on dev material only.

``python -m bench.review_calib --shared ../shared`` reads the dev scans and the dev render pages (OCR once, the
page results cached under ``.cache/bench/pages/`` keyed by the file, the options and the OCR code), rebuilds each
record with the current restore/parse/review code, and prints per field (confidence, right?) over the
review paths, the threshold the data would choose, and the dev scans leave-one-out.

The bench's field section reports the same numbers from its own (cached) pipeline runs
(``bench.quality.review_rows``); this module is the fast loop for changing review rules: only ``assemble``
reruns. Heldout data is never read here.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from .datasets import CACHE, REPO, RENDER_FIELDS, Shared, record_fields, scan_gold_fields, vbpl_gold_fields
from .metrics import PRINTED_CHECK, field_equal, printed_in

# gold field name → the record path the review lists
REVIEW_FIELDS = {"document_type": "document.type", "code": "document.code", "issued_date": "document.issue_date",
                 "place": "document.place", "issuer": "document.issuing_body", "title": "document.subject",
                 "signer_name": "signer.name"}


@dataclass
class FieldOutcome:
    """One scored field: where it came from, its calibrated confidence, whether it was right and flagged."""

    doc: str
    group: str  # "scan" or "render"
    field: str  # gold field name
    confidence: float  # 0 when the record holds no value
    correct: bool
    flagged: bool


def outcomes(doc: str, group: str, record: Any, gold: dict[str, Any], text: Optional[str] = None) -> list[FieldOutcome]:
    """The review fields of one record (a ``Record`` or its JSON dict) scored against the gold present. With the
    document's exact text, a code or title whose gold is not printed in it (the database's title line names
    another wording) is left out, as ``FieldScore.printed`` does: no reading of the page can reach it."""
    data = record if isinstance(record, dict) else json.loads(record.model_dump_json())
    pred = record_fields(data)
    review = set(data.get("review") or [])
    evidence = data.get("evidence") or {}
    out = []
    for name, path in REVIEW_FIELDS.items():
        value = gold.get(name)
        if value is None or value == []:
            continue
        if text is not None and name in PRINTED_CHECK and not printed_in(value, text, name):
            continue
        ev = evidence.get(path) or {}
        have = pred.get(name) not in (None, "", [])
        conf = float(ev.get("confidence") or 0.0) if have else 0.0
        out.append(FieldOutcome(doc, group, name, conf, field_equal(pred.get(name), value, name), path in review))
    return out


# ----------------------------------------------------------------------------------------------------------------
# Threshold choice and the summaries the bench prints


def choose_threshold(items: list[FieldOutcome], target: float = 0.99) -> float:
    """The lowest confidence threshold t such that the fields with confidence ≥ t are right at least ``target``
    of the time (accepting as many fields as possible); 1.01 (accept nothing) when no t reaches it."""
    candidates = sorted({round(i.confidence, 4) for i in items if i.confidence > 0})
    for t in candidates:
        kept = [i for i in items if i.confidence >= t]
        if kept and sum(i.correct for i in kept) / len(kept) >= target:
            return t
    return 1.01


@dataclass
class Summary:
    fields: int = 0
    correct: int = 0
    accepted: int = 0  # unflagged
    accepted_right: int = 0

    def add(self, correct: bool, accepted: bool) -> None:
        self.fields += 1
        self.correct += int(correct)
        self.accepted += int(accepted)
        self.accepted_right += int(accepted and correct)

    @property
    def accuracy(self) -> Optional[float]:
        return self.correct / self.fields if self.fields else None

    @property
    def accepted_share(self) -> Optional[float]:
        return self.accepted / self.fields if self.fields else None

    @property
    def accepted_accuracy(self) -> Optional[float]:
        return self.accepted_right / self.accepted if self.accepted else None

    @property
    def accepted_right_share(self) -> Optional[float]:
        return self.accepted_right / self.fields if self.fields else None

    def as_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "accuracy": self.accuracy, "accepted_share": self.accepted_share,
                "accepted_accuracy": self.accepted_accuracy, "accepted_right_share": self.accepted_right_share}

    def cell(self) -> str:
        def p(x: Optional[float]) -> str:
            return "—" if x is None else f"{x * 100:.1f}%"

        return (f"{p(self.accepted_accuracy)} right unflagged ({self.accepted_right}/{self.accepted}), "
                f"{p(self.accepted_share)} accepted, {p(self.accuracy)} right overall ({self.correct}/{self.fields})")


def summarise(items: list[FieldOutcome], threshold: Optional[float] = None) -> Summary:
    """Flags as the record says (``threshold`` None) or as a confidence threshold would set them."""
    s = Summary()
    for i in items:
        accepted = (not i.flagged) if threshold is None else (i.confidence >= threshold and i.confidence > 0)
        s.add(i.correct, accepted)
    return s


def leave_one_out(items: list[FieldOutcome], group: str = "scan", target: float = 0.99) -> tuple[Summary, list]:
    """For each document of ``group``: the threshold chosen on every other item (the other documents of the group
    and all of the other groups), applied to that document's fields; summed."""
    total = Summary()
    chosen = []
    for doc in sorted({i.doc for i in items if i.group == group}):
        rest = [i for i in items if not (i.group == group and i.doc == doc)]
        t = choose_threshold(rest, target)
        chosen.append((doc, t))
        for i in items:
            if i.group == group and i.doc == doc:
                total.add(i.correct, i.confidence >= t and i.confidence > 0)
    return total, chosen


# ----------------------------------------------------------------------------------------------------------------
# The fast loop: OCR cached per page, assemble rerun


def _ocr_hash() -> str:
    from .pipeline_runs import _tree_hash

    files = [p for sub in ("ocr", "ingest") for p in (REPO / "pipeline" / sub).rglob("*.py")]
    files += [REPO / "pipeline" / n for n in ("types.py", "text.py", "options.py")]
    digits = REPO / "pipeline" / "models" / "digits"
    if digits.is_dir():
        files += [p for p in digits.rglob("*") if p.is_file()]
    return _tree_hash(files)[:16]


def _read_worker(path: str) -> list[dict[str, Any]]:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from pipeline import Options
    from pipeline.extract import plan, read_pages

    options = Options(jobs=1)
    return [dataclasses.asdict(r) for r in read_pages(plan(path, options), options)]


def read_many(paths: list[Path], jobs: int = 2) -> list[list[dict[str, Any]]]:
    from pipeline.ingest.files import sha256_file

    folder = CACHE / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    key = _ocr_hash()
    files = [folder / f"{sha256_file(p)[:20]}-{key}.json" for p in paths]
    todo = [(p, f) for p, f in zip(paths, files) if not f.is_file()]
    if todo:
        with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
            for (p, f), result in zip(todo, pool.map(_read_worker, [str(p) for p, _ in todo])):
                f.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


def rebuild(path: Path, pages: list[dict[str, Any]]) -> Any:
    """The record of ``path`` from its cached page results, through the current restore/parse/review."""
    from pipeline import Options
    from pipeline.extract import assemble, plan
    from pipeline.types import PageResult

    options = Options(jobs=1)
    return assemble(plan(path, options), [PageResult(**p) for p in pages], options)


def dev_material(shared: Shared, jobs: int = 2, log=print) -> list[tuple[str, str, Path, dict[str, Any], Optional[str]]]:
    """(doc, group, file, gold fields, exact text or None) of the dev scans and the dev render pages."""
    from .devrender import dev_render_set

    items = [(s.name, "scan", s.path, scan_gold_fields(s.gold), None) for s in shared.dev_scans()]
    dev = shared.dev_vbpl()
    gold_by = {d.name: d.gold for d in dev}
    for p in dev_render_set(dev, jobs=jobs, log=log):
        items.append((p.name, "render", p.pdf, vbpl_gold_fields(gold_by[p.name], RENDER_FIELDS), p.gt))
    return items


def collect(shared: Shared, jobs: int = 2, log=print) -> tuple[list[FieldOutcome], dict[str, Any]]:
    items = dev_material(shared, jobs, log)
    log(f"reading {len(items)} dev documents (cached pages)")
    pages = read_many([p for _, _, p, _, _ in items], jobs)
    out: list[FieldOutcome] = []
    records = {}
    for (doc, group, path, gold, text), page in zip(items, pages):
        record = rebuild(path, page)
        records[(doc, group)] = record
        out += outcomes(doc, group, record, gold, text)
    return out, records


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.review_calib")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show", action="store_true", help="list every wrong or flagged field")
    args = parser.parse_args(argv)
    shared = Shared(args.shared.resolve())
    items, records = collect(shared, args.jobs)
    for group in ("scan", "render"):
        sub = [i for i in items if i.group == group]
        print(f"dev {group}s as flagged: {summarise(sub).cell()}")
    print(f"all dev as flagged: {summarise(items).cell()}")
    t = choose_threshold(items)
    print(f"threshold chosen on all dev: {t}")
    loo, chosen = leave_one_out(items)
    print(f"dev scans leave-one-out: {loo.cell()}  thresholds {chosen}")
    if args.show:
        for i in sorted(items, key=lambda i: (i.group, i.doc, i.field)):
            if not i.correct or i.flagged:
                rec = records[(i.doc, i.group)]
                path = REVIEW_FIELDS[i.field]
                why = [w for w in rec.warnings if w.startswith(path + ":")]
                print(f"  {'WRONG' if not i.correct else 'ok   '} {'FLAG' if i.flagged else '    '} "
                      f"{i.confidence:.2f} {i.group} {i.doc[:30]:30} {i.field:12} "
                      f"{str(record_fields(rec).get(i.field))[:50]!r} {why[:1]}")
    return 0


if __name__ == "__main__":
    import sys

    for _var in ("OMP_THREAD_LIMIT", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_var, "1")
    sys.exit(main())
