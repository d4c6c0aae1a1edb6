"""Quality rows: text accuracy (raw OCR beside restored text) and field accuracy (per field, per document type).

Every row is computed independently: a stage that is not ready yet (ImportError, missing model) turns its row
into a ``not ready`` cell with the reason, and the other rows still run.
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

from pipeline.text import strip_marks

from . import pipeline_runs as runs
from .datasets import (
    CACHE,
    RENDER_FIELDS,
    SEED_EXPECTED,
    SEED_GT,
    SEED_RAW,
    Shared,
    TextDoc,
    bundled_samples,
    expected_gold_fields,
    read_text,
    record_fields,
    scan_gold_fields,
    vbpl_gold_fields,
)
from .metrics import FieldScore, TextScore, syllables
from .relayout import relayout_rows
from .report import Row, pct


@dataclass
class Settings:
    shared: Shared
    quick: bool
    jobs: int = 2
    log: Callable[[str], None] = print

    def take(self, items: list, quick_n: int, full_n: Optional[int] = None) -> list:
        """The first items (name order): ``quick_n`` in --quick, ``full_n`` (all when None) otherwise."""
        n = quick_n if self.quick else full_n
        return items if n is None else items[:n]


# ----------------------------------------------------------------------------------------------------------------
# Restoration of many texts (parallel, cached per pipeline version)


def _restore_init() -> None:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    runs.restorer()


def _restore_one(text: str) -> str:
    return runs.restore_text(text)


def restore_many(texts: list[str], jobs: int) -> list[str]:
    """Restored texts, from ``.cache/bench/restore/<pipeline hash>.json`` when seen before."""
    runs.restorer()  # raise NotReady here, in the parent, when the stage is missing
    cache_file = CACHE / "restore" / f"{runs.pipeline_hash()}.json"
    cache: dict[str, str] = {}
    if cache_file.is_file():
        cache = json.loads(cache_file.read_text(encoding="utf-8"))
    key = lambda t: hashlib.sha256(t.encode("utf-8")).hexdigest()[:24]  # noqa: E731
    todo = sorted({t for t in texts if key(t) not in cache}, key=len, reverse=True)
    if todo:
        if jobs > 1 and len(todo) > 1:
            with ProcessPoolExecutor(max_workers=jobs, initializer=_restore_init) as pool:
                done = list(pool.map(_restore_one, todo, chunksize=1))
        else:
            done = [runs.restore_text(t) for t in todo]
        cache.update({key(t): r for t, r in zip(todo, done)})
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(json.dumps(cache, ensure_ascii=False), encoding="utf-8")
    return [cache[key(t)] for t in texts]


# ----------------------------------------------------------------------------------------------------------------
# Text rows


def _cell(score: TextScore) -> str:
    return f"{pct(score.accuracy)} / {pct(score.cer)}"


TOTALS_ONLY_PREFIX = "heldout"  # rows of the heldout sets: totals only, never a document's detail


def text_row(name: str, raw_gold: list[tuple[str, str]], restored: Optional[list[Optional[str]]] = None,
             settings: Optional[Settings] = None, notes: str = "", docs: Optional[list[str]] = None) -> Row:
    """Score raw texts against gold and, beside them, their restorations (given, or computed here).

    The JSON keeps the totals and, per document (``docs`` names them), raw and restored syllable accuracy; on the
    heldout sets (``TOTALS_ONLY_PREFIX``) the totals alone: no document's score, worst change or edits is printed or
    stored there."""
    totals_only = name.startswith(TOTALS_ONLY_PREFIX)
    row = Row("text", name, n=f"{len(raw_gold)} docs")
    raw = TextScore()
    per_doc: list[dict[str, Any]] = []
    for i, (hyp, gold) in enumerate(raw_gold):
        raw.add(hyp, gold)
        one = TextScore().add(hyp, gold)
        per_doc.append({"doc": docs[i] if docs else str(i), "syllables": one.total, "raw": one.accuracy,
                        "raw_cer": one.cer})
    if not totals_only:
        row.data["per_doc"] = per_doc
    row.n = f"{raw.docs} docs, {raw.total:,} syl"
    row.baseline = _cell(raw)
    row.data["raw"] = raw.as_dict()
    row.notes = notes
    try:
        if restored is None:
            restored = restore_many([h for h, _ in raw_gold], settings.jobs if settings else 1)
        if any(r is None for r in restored):
            missing = sum(r is None for r in restored)
            raise runs.NotReady(f"{missing} of {len(restored)} documents have no pipeline text")
        fixed = TextScore()
        for (hyp, gold), text, doc in zip(raw_gold, restored, per_doc):
            fixed.add(text, gold)
            one = TextScore().add(text, gold)
            doc.update(restored=one.accuracy, restored_cer=one.cer)
        row.pipeline = _cell(fixed)
        row.data["restored"] = fixed.as_dict()
        gain = (fixed.accuracy or 0) - (raw.accuracy or 0)
        deltas = [(d["restored"] - d["raw"]) * 100 for d in per_doc
                  if d.get("restored") is not None and d.get("raw") is not None]
        worse = [x for x in deltas if x < 0]
        per_doc_note = (("" if totals_only else f"worst document {min(deltas):+.2f} pts, ") + f"{len(worse)} worse"
                        + (f" ({sum(x < -0.2 for x in worse)} by more than 0.2)" if worse else "")) if deltas else ""
        harm = "" if totals_only else _harmful_edits(raw_gold, restored, per_doc)
        if harm:
            per_doc_note += "; its harmful edits (read → restored, gold): " + harm
        row.notes = "; ".join(x for x in (notes, f"{gain * 100:+.1f} pts, stripped-marks acc "
                                          f"{pct(raw.stripped_accuracy)} → {pct(fixed.stripped_accuracy)}",
                                          per_doc_note) if x)
    except runs.NotReady as exc:
        row.pipeline = "not ready"
        row.error = str(exc)
    return row


def _harmful_edits(raw_gold: list[tuple[str, str]], restored: list[str], per_doc: list[dict[str, Any]],
                   limit: float = -0.2) -> str:
    """The edits that made a correct token wrong, on each document that lost more than ``-limit`` points: kept
    in the JSON (``per_doc[i]["harmful"]``) and returned for the notes, so that a reader can see *what kind* of edit
    the restorer made (a source typo the gold copies, or a real error). Never on heldout rows (``text_row``)."""
    from .restore_dev import edit_lists

    parts = []
    for (hyp, gold), text, doc in zip(raw_gold, restored, per_doc):
        if doc.get("restored") is None or doc.get("raw") is None or (doc["restored"] - doc["raw"]) * 100 >= limit:
            continue
        harmful, _ = edit_lists(hyp, text, gold)
        doc["harmful"] = [list(e) for e in harmful]
        parts.append(f"{doc['doc']}: " + ", ".join(f"{a} → {b} ({t})" for a, b, t in harmful))
    return "; ".join(parts)


def _subset_note(subset: list, full: list) -> str:
    return "" if len(subset) == len(full) else f"first {len(subset)} of {len(full)}"


def _truncate(text: str, max_syllables: int) -> str:
    """Leading whole lines of ``text`` holding at least ``max_syllables`` syllables (all of it when shorter)."""
    out, count = [], 0
    for line in text.splitlines():
        out.append(line)
        count += len(syllables(line))
        if count >= max_syllables:
            break
    return "\n".join(out)


def stripped_row(name: str, docs: list[TextDoc], max_syllables: int, settings: Settings) -> Row:
    golds = [_truncate(d.text, max_syllables) for d in docs]
    return text_row(name, [(strip_marks(g), g) for g in golds], settings=settings,
                    notes=f"first ≥{max_syllables} syllables per document", docs=[d.name for d in docs])


def text_rows(settings: Settings, extracted: dict[str, list[tuple[Any, dict[str, Any]]]]) -> list[Row]:
    """Every text accuracy row; ``extracted`` holds the pipeline runs shared with the field rows."""
    rows: list[Row] = []
    shared = settings.shared
    guard = _guard(rows, "text")

    with guard("seed · tesseract eng → restored"):
        rows.append(text_row("seed · tesseract eng → restored", [(read_text(SEED_RAW), read_text(SEED_GT))],
                             settings=settings, docs=[SEED_GT.name]))

    samples = [s for s in bundled_samples() if s.gt]
    if samples:
        with guard("samples · pipeline OCR → restored"):
            rows.append(_pipeline_text_row("samples · pipeline OCR → restored", extracted.get("samples", []),
                                           lambda s: read_text(s.gt)))

    render = shared.heldout_render()
    if render:
        pages = settings.take(render, 10)
        for lang in ("eng", "vie"):
            name = f"heldout render · tesseract {lang} → restored"
            with guard(name):
                path = lambda p: p.eng if lang == "eng" else p.vie  # noqa: E731
                rows.append(text_row(name, [(read_text(path(p)), read_text(p.gt)) for p in pages], settings=settings,
                                     notes=_subset_note(pages, render),
                                     docs=[p.name for p in pages]))
        with guard("heldout render · pipeline OCR → restored"):
            runs_ = extracted.get("heldout_render", [])
            rows.append(_pipeline_text_row("heldout render · pipeline OCR → restored", runs_,
                                           lambda p: read_text(p.gt), total=len(render)))
        if extracted.get("heldout_render_tsv"):
            name = "heldout render · tesseract vie TSV → restored with its confidences"
            with guard(name):
                rows.append(_pipeline_text_row(name, extracted["heldout_render_tsv"], lambda p: read_text(p.gt),
                                               notes=TSV_NOTE))

    dev = shared.dev_vbpl()
    if dev:
        dev_pages = extracted.get("dev_render_pages", [])
        for lang in ("eng", "vie"):
            name = f"dev render · tesseract {lang} → restored"
            with guard(name):
                if not dev_pages:
                    raise runs.NotReady("dev render set not built")
                rows.append(text_row(name, [(p.ocr(lang), p.gt) for p in dev_pages], settings=settings,
                                     notes=_subset_note(dev_pages, dev),
                                     docs=[p.name for p in dev_pages]))
        if extracted.get("dev_render"):
            with guard("dev render · pipeline OCR → restored"):
                rows.append(_pipeline_text_row("dev render · pipeline OCR → restored", extracted["dev_render"],
                                               lambda p: p.gt))
        if extracted.get("dev_render_tsv"):
            name = "dev render · tesseract vie TSV → restored with its confidences"
            with guard(name):
                rows.append(_pipeline_text_row(name, extracted["dev_render_tsv"], lambda p: p.gt, notes=TSV_NOTE))
        cap = 300 if settings.quick else 1500
        with guard("dev vbpl · marks stripped → restored"):
            rows.append(stripped_row("dev vbpl · marks stripped → restored", settings.take(dev, 4), cap, settings))
    held = shared.heldout_vbpl()
    if held:
        cap = 300 if settings.quick else 1500
        with guard("heldout vbpl · marks stripped → restored"):
            rows.append(stripped_row("heldout vbpl · marks stripped → restored", settings.take(held, 4), cap,
                                     settings))
    return rows


TSV_NOTE = ("the page read by `tesseract -l vie` as for the vie.txt baseline, its TSV given to `extract` "
            "(input kind ocr-file: words with confidences, no clean-up)")


def _pipeline_text_row(name: str, runs_: list[tuple[Any, dict[str, Any]]], gold_of: Callable[[Any], str],
                       total: Optional[int] = None, notes: str = "") -> Row:
    pairs, restored, names = [], [], []
    errors = []
    for item, result in runs_:
        names.append(getattr(item, "name", str(item)))
        raw, final = runs.page_texts(result)
        pairs.append((raw, gold_of(item)))
        restored.append(final)
        if "error" in result:
            errors.append(result["error"])
    subset = f"first {len(runs_)} of {total}" if total and total != len(runs_) else ""
    row = text_row(name, pairs, restored=restored, notes="; ".join(x for x in (notes, subset) if x), docs=names)
    if errors and row.error:
        row.error = f"{row.error}; e.g. {errors[0]}"
    return row


class _guard:
    """``with guard(name):`` — a row whose code raises becomes an error row instead of stopping the benchmark."""

    def __init__(self, rows: list[Row], section: str) -> None:
        self.rows, self.section, self.name = rows, section, ""

    def __call__(self, name: str) -> "_guard":
        self.name = name
        return self

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, tb) -> bool:
        if exc is None:
            return False
        if isinstance(exc, KeyboardInterrupt):
            return False
        cell = "not ready" if isinstance(exc, runs.NotReady) else "error"
        self.rows.append(Row(self.section, self.name, pipeline=cell, error=f"{type(exc).__name__}: {exc}"[:300]))
        return True


# ----------------------------------------------------------------------------------------------------------------
# Field rows


SCAN_DPIS = (250, 400)  # the dev scans are also read at these resolutions (full runs only)


def field_row(name: str, items: Iterable[tuple], notes: str = "") -> Row:
    """Exact match per field and per document type over ``(doc, type, predicted fields, gold fields[, text])``;
    with the text, code and title are also scored on the documents that print their gold value."""
    score = FieldScore()
    for doc, doc_type, pred, gold, *text in items:
        score.add(doc, doc_type, pred, gold, text[0] if text else None)
    data = score.as_dict()
    if name.startswith(TOTALS_ONLY_PREFIX):
        del data["misses"]  # (each miss names its document: heldout rows keep the totals)
    row = Row("fields", name, n=f"{score.docs} docs, {score.total} fields",
              pipeline=f"{pct(score.accuracy)} ({score.correct}/{score.total})", data=data)

    def cell(k: str, c: int, t: int) -> str:
        p = score.printed.get(k)
        extra = f" ({p[0] / p[1]:.0%} of {p[1]} printed)" if p and p[1] and p[1] < t else ""
        return f"{k} {c / t:.0%}{extra}"

    per_field = " ".join(cell(k, c, t) for k, (c, t) in sorted(score.counts.items()) if t)
    per_type = " ".join(f"{k} {c / t:.0%}" for k, (c, t) in sorted(score.by_type.items()) if t)
    row.notes = "; ".join(x for x in (notes, per_field, f"by type: {per_type}" if per_type else "") if x)
    return row


def _parse_fields(docs: list[TextDoc], fields=None) -> list[tuple]:
    items = []
    for doc in docs:
        parsed = runs.parse([doc.text])
        gold = vbpl_gold_fields(doc.gold) if fields is None else vbpl_gold_fields(doc.gold, fields)
        items.append((doc.name, doc.gold.get("document_type"), record_fields(parsed), gold, doc.text))
    return items


def _record_items(runs_: list[tuple[Any, dict[str, Any]]], gold_of: Callable[[Any], dict[str, Any]],
                  type_of: Callable[[Any], Optional[str]],
                  text_of: Optional[Callable[[Any], str]] = None) -> tuple[list[tuple], list[str]]:
    items, errors = [], []
    for item, result in runs_:
        if "record" not in result:
            errors.append(f"{getattr(item, 'name', item)}: {result.get('error')}")
            pred: dict[str, Any] = {}
        else:
            pred = record_fields(result["record"])
        items.append((getattr(item, "name", str(item)), type_of(item), pred, gold_of(item))
                     + ((text_of(item),) if text_of else ()))
    return items, errors


def _failed_note(errors: list[str], total: int) -> Optional[str]:
    return f"{len(errors)}/{total} documents failed, e.g. {errors[0]}" if errors else None


def field_rows(settings: Settings, extracted: dict[str, list[tuple[Any, dict[str, Any]]]]) -> list[Row]:
    rows: list[Row] = []
    guard = _guard(rows, "fields")
    shared = settings.shared

    if SEED_EXPECTED.is_file():
        with guard("seed · gold text · parse"):
            expected = json.loads(read_text(SEED_EXPECTED))
            parsed = runs.parse([read_text(SEED_GT)])
            rows.append(field_row("seed · gold text · parse",
                                  [("seed", expected.get("document", {}).get("type"), record_fields(parsed),
                                    expected_gold_fields(expected))]))
    if extracted.get("samples"):
        with guard("samples · pipeline"):
            with_gold = [(s, r) for s, r in extracted["samples"] if s.expected]
            items, errors = _record_items(
                with_gold, lambda s: expected_gold_fields(json.loads(read_text(s.expected))),
                lambda s: json.loads(read_text(s.expected)).get("document", {}).get("type"))
            row = field_row("samples · pipeline", items)
            row.error = _failed_note(errors, len(items))
            rows.append(row)

    for split, docs in (("dev", shared.dev_vbpl()), ("heldout", shared.heldout_vbpl())):
        if not docs:
            continue
        subset = settings.take(docs, 15)
        name = f"{split} vbpl · clean text · parse"
        with guard(name):
            rows.append(field_row(name, _parse_fields(subset),
                                  notes="" if len(subset) == len(docs) else f"first {len(subset)} of {len(docs)}"))

    if extracted.get("heldout_render"):
        with guard("heldout render · pipeline"):
            gold_by_doc = {d.name: d.gold for d in shared.heldout_vbpl()}
            items, errors = _record_items(
                extracted["heldout_render"], lambda p: vbpl_gold_fields(gold_by_doc.get(p.name, {}), RENDER_FIELDS),
                lambda p: gold_by_doc.get(p.name, {}).get("document_type"), lambda p: read_text(p.gt))
            row = field_row("heldout render · pipeline", items, notes="header fields (one page)")
            row.error = _failed_note(errors, len(items))
            rows.append(row)
    if extracted.get("dev_render"):
        with guard("dev render · pipeline"):
            gold_by_doc = {d.name: d.gold for d in shared.dev_vbpl()}
            items, errors = _record_items(
                extracted["dev_render"], lambda p: vbpl_gold_fields(gold_by_doc.get(p.name, {}), RENDER_FIELDS),
                lambda p: gold_by_doc.get(p.name, {}).get("document_type"), lambda p: p.gt)
            row = field_row("dev render · pipeline", items, notes="header fields (one page)")
            row.error = _failed_note(errors, len(items))
            rows.append(row)
    if extracted.get("dev_scans"):
        with guard("dev scans · pipeline"):
            items, errors = _record_items(extracted["dev_scans"], lambda s: scan_gold_fields(s.gold),
                                          lambda s: s.gold.get("document_type"))
            row = field_row("dev scans · pipeline", items)
            row.error = _failed_note(errors, len(items))
            rows.append(row)
        for dpi in SCAN_DPIS:
            if extracted.get(f"dev_scans_{dpi}"):
                with guard(f"dev scans · pipeline at {dpi} dpi"):
                    other, errors = _record_items(extracted[f"dev_scans_{dpi}"], lambda s: scan_gold_fields(s.gold),
                                                  lambda s: s.gold.get("document_type"))
                    robust = field_row(f"dev scans · pipeline at {dpi} dpi", other,
                                       notes=f"robustness: the PDF pages rasterised at {dpi} dpi, not 300")
                    at_300 = next((r.pipeline for r in rows if r.name == "dev scans · pipeline"), None)
                    robust.baseline = f"{at_300} at 300 dpi" if at_300 else ""
                    robust.error = _failed_note(errors, len(other))
                    rows.append(robust)

    rows += review_rows(settings, extracted)
    with guard("dev render · probe recipe (review fields)"):
        from .render_probe import probe_rows

        rows += probe_rows(settings)
    rows += relayout_rows(settings)  # the dev texts re-laid as portal copies, .html and .docx (#22)
    rows += ablation_rows(settings, extracted)
    return rows


def review_rows(settings: Settings, extracted: dict[str, list[tuple[Any, dict[str, Any]]]]) -> list[Row]:
    """The review (``pipeline/parse/review.py``) over the seven review fields: field accuracy, the share of fields
    accepted unflagged, and how often an unflagged field is right. Dev scans as the records flag them (the
    threshold was chosen on dev: in-sample) and leave-one-out (the threshold chosen on the other scans and the dev
    renders, applied to the scan left out; summed); dev renders; heldout renders as totals only (never per file,
    never used to choose anything)."""
    from .review_calib import choose_threshold, leave_one_out, outcomes, summarise

    rows: list[Row] = []
    guard = _guard(rows, "fields")
    shared = settings.shared
    dev_gold = {d.name: d.gold for d in shared.dev_vbpl()}
    scans = [(s.name, "scan", r["record"], scan_gold_fields(s.gold)) for s, r in extracted.get("dev_scans", [])
             if "record" in r]
    scans = [s + (None,) for s in scans]
    renders = [(p.name, "render", r["record"], vbpl_gold_fields(dev_gold.get(p.name, {}), RENDER_FIELDS), p.gt)
               for p, r in extracted.get("dev_render", []) if "record" in r]
    dev_items = [o for doc, group, rec, gold, text in scans + renders for o in outcomes(doc, group, rec, gold, text)]

    def row(name: str, summary, notes: str = "", data: Optional[dict] = None) -> Row:
        return Row("fields", name, n=f"{summary.fields} fields", pipeline=summary.cell(), notes=notes,
                   data={**summary.as_dict(), **(data or {})})

    goal = "goal: unflagged ≥99% right, ≥75% accepted"
    if scans:
        with guard("review · dev scans · in-sample"):
            items = [o for o in dev_items if o.group == "scan"]
            rows.append(row("review · dev scans · in-sample", summarise(items),
                            f"as the records flag them (threshold chosen on dev); {goal}"))
        if renders:
            with guard("review · dev scans · leave-one-out"):
                total, chosen = leave_one_out(dev_items)
                rows.append(row("review · dev scans · leave-one-out", total,
                                "threshold chosen on the 7 other scans + dev renders, scoring the 8th; thresholds "
                                + " ".join(f"{t:.2f}" for _, t in chosen), {"thresholds": chosen}))
    if renders:
        with guard("review · dev render"):
            items = [o for o in dev_items if o.group == "render"]
            rows.append(row("review · dev render", summarise(items),
                            f"header fields (a code or title whose gold is not printed on the page left out); "
                            f"the threshold the dev material alone would choose: "
                            f"{choose_threshold(dev_items):.2f}"))
    if extracted.get("heldout_render"):
        with guard("review · heldout render"):
            gold_by = {d.name: d.gold for d in shared.heldout_vbpl()}
            items = [o for p, r in extracted["heldout_render"] if "record" in r
                     for o in outcomes(p.name, "heldout", r["record"],
                                       vbpl_gold_fields(gold_by.get(p.name, {}), RENDER_FIELDS), read_text(p.gt))]
            total = summarise(items)
            rows.append(Row("fields", "review · heldout render", n=f"{total.fields} fields", pipeline=total.cell(),
                            notes="totals only", data=total.as_dict()))
    return rows


def ablation_rows(settings: Settings, extracted: dict[str, list[tuple[Any, dict[str, Any]]]]) -> list[Row]:
    """Rules only (baseline column) vs the default parser, rules + the spaCy patterns of ``entities.py``
    (pipeline column): field accuracy on dev text and on the dev scans' pipeline text, then the responsible units
    and collaborators of the hand-labelled task items (``bench/task_units.py``: rules only, + spaCy ruler, + the
    dropped underthesea NER fallback)."""
    from .task_units import task_unit_rows

    rows: list[Row] = []
    guard = _guard(rows, "fields")
    dev = settings.take(settings.shared.dev_vbpl(), 15)
    sets: list[tuple[str, list[tuple]]] = []
    if dev:
        sets.append(("ablation · dev vbpl · rules vs rules+spaCy",
                     [(d.name, d.gold.get("document_type"), [d.text], vbpl_gold_fields(d.gold)) for d in dev]))
    scans = [(s, r) for s, r in extracted.get("dev_scans", []) if "record" in r]
    if scans:
        sets.append(("ablation · dev scans · rules vs rules+spaCy",
                     [(s.name, s.gold.get("document_type"), [p["text"] for p in r["record"]["pages"]],
                       scan_gold_fields(s.gold)) for s, r in scans]))
    if not sets and SEED_EXPECTED.is_file():
        expected = json.loads(read_text(SEED_EXPECTED))
        sets.append(("ablation · seed · rules vs rules+spaCy",
                     [("seed", expected.get("document", {}).get("type"), [read_text(SEED_GT)],
                       expected_gold_fields(expected))]))
    for name, docs in sets:
        with guard(name):
            scores = []
            for use_ruler in (False, True):
                # the scans' pages are OCR text: parsed as the pipeline parses them
                ocr = True if "scans" in name and runs.parse_supports("ocr_text") else None
                items = [(doc, t, record_fields(runs.parse(pages, use_ruler=use_ruler, ocr_text=ocr)), gold)
                         for doc, t, pages, gold in docs]
                scores.append(field_row(name, items))
            rules, full = scores
            row = Row("fields", name, n=full.n, baseline=rules.pipeline, pipeline=full.pipeline,
                      data={"rules": rules.data, "rules+spacy": full.data})
            changed = [f"{k} {rules.data['per_field'][k]['accuracy']:.0%}→{v['accuracy']:.0%}"
                       for k, v in full.data["per_field"].items()
                       if k in rules.data["per_field"] and v["correct"] != rules.data["per_field"][k]["correct"]]
            row.notes = "changed: " + (" ".join(changed) if changed else "none")
            rows.append(row)
    rows += task_unit_rows(settings.shared.root, guard)
    return rows


# ----------------------------------------------------------------------------------------------------------------
# The pipeline runs shared by text and field rows


def tesseract_tsv(pdf: Path) -> Path:
    """Page 1 of ``pdf`` at 300 dpi read by ``tesseract -l vie`` (default segmentation) into its TSV: the baseline
    ``vie.txt`` reading with each word's confidence, as an archive OCR'd with Tesseract keeps it. Cached under
    ``.cache/bench/tsv/`` by the PDF's hash and the Tesseract version."""
    import subprocess
    import tempfile

    from pipeline.ingest.files import sha256_file

    from .devrender import tesseract_text, tesseract_version

    key = hashlib.sha256((sha256_file(pdf) + tesseract_version()).encode()).hexdigest()[:20]
    out = CACHE / "tsv" / f"{pdf.stem}-{key}.tsv"
    if not out.is_file():
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["pdftoppm", "-r", "300", "-gray", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                            f"{tmp}/page"], check=True, capture_output=True)
            table = tesseract_text(Path(tmp) / "page.pgm", "vie", "tsv")
        tmp_out = out.with_suffix(".tmp")
        tmp_out.write_text(table, encoding="utf-8")
        tmp_out.replace(out)
    return out


def _tsv_many(pdfs: list[Path], jobs: int) -> list[Path]:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:  # Tesseract runs as a subprocess: threads suffice
        return list(pool.map(tesseract_tsv, pdfs))


def pipeline_runs(settings: Settings) -> dict[str, list[tuple[Any, dict[str, Any]]]]:
    """Extract every document the quality rows score (cached); dev render pages are built here too."""
    from .devrender import dev_render_set

    out: dict[str, list] = {}
    shared = settings.shared

    def run(key: str, items: list, path_of: Callable[[Any], Path], **options: Any) -> None:
        if not items:
            return
        settings.log(f"pipeline: {key} ({len(items)} documents)")
        results = runs.extract_many_cached([path_of(i) for i in items], jobs=settings.jobs, **options)
        out[key] = list(zip(items, results))

    run("samples", bundled_samples(), lambda s: s.path)
    run("heldout_render", settings.take(shared.heldout_render(), 4), lambda p: p.pdf)
    if not settings.quick and shared.heldout_render():
        render = shared.heldout_render()
        tsv = dict(zip((p.name for p in render), _tsv_many([p.pdf for p in render], settings.jobs)))
        run("heldout_render_tsv", render, lambda p: tsv[p.name])
    run("dev_scans", settings.take(shared.dev_scans(), 2), lambda s: s.path)
    if not settings.quick:
        for dpi in SCAN_DPIS:  # how much the fields depend on the resolution the scans are read at
            run(f"dev_scans_{dpi}", shared.dev_scans(), lambda s: s.path, dpi=dpi)
    dev = shared.dev_vbpl()
    if dev:
        try:
            pages = dev_render_set(settings.take(dev, 4), jobs=settings.jobs, log=settings.log)
            out["dev_render_pages"] = pages
            if not settings.quick:
                run("dev_render", pages, lambda p: p.pdf)
                tsv = dict(zip((p.name for p in pages), _tsv_many([p.pdf for p in pages], settings.jobs)))
                run("dev_render_tsv", pages, lambda p: tsv[p.name])
        except Exception as exc:  # the renderer is another helper's work in progress
            settings.log(f"dev render failed: {type(exc).__name__}: {exc}")
    return out
