"""Task scorer (issue #17): tasks, owners, collaborators, deadlines and the plan's period of plans and directives
against task gold, per set, per form and per shape.

``python -m bench.task_eval [--set dev|plans-tune|plans-fresh] [--per-doc] [--no-scans]``

Sets:
- ``dev``: the hand labels of ``bench/gold/tasks_dev.jsonl`` (the seed plan, the born-digital PDFs, the Chỉ thị
  (directive) scans of ../shared/dev; documents absent without ../shared are left out);
- ``plans-tune`` / ``plans-fresh``: the generated plans and directives of ``bench/plans.py`` (gold by construction)
  in three forms: typeset .txt, exported .md, scanned PDF. ``fresh`` is scored as totals only (no ``--per-doc``).

Each document goes through the pipeline: text and text-layer PDFs by ``pipeline.extract`` in process; scans by the
real OCR once (the restored page texts cached under ``.cache/bench/tasks/ocr/``, keyed by the file and the code of
every stage but parse), then ``parse_document`` in process, so a parser change re-scores scans in seconds.

Matching: a gold task takes the predicted task with the same label path (folded: no marks, ``đ`` = ``d``) whose
text shares some of the gold's first words, else the unused predicted task whose first words overlap the gold's
most (at least 60%). Scores:
- tasks: recall (gold tasks matched) and precision (predicted tasks matched) — precision per document set only;
- owners / collaborators / report-to: F1 over units; a predicted unit counts when it equals, after folding, the
  gold unit's normal name or a printed form the document's ``aliases`` give (``UBND`` = ``Ủy ban nhân dân``); an
  unmatched gold task predicts nothing;
- inherited: of the gold tasks whose owner is inherited, the share the record marks inherited from the right place
  (lead or issuer); wrong marks on tasks that name their owner are counted apart;
- deadlines: a gold deadline is attached when the matched task has a deadline of the same normal value (kind
  family, start, end; a recurrence by its rule); extra: predicted deadlines of matched tasks that match no gold one;
- not-deadlines: the gold's dates that are never deadlines (citations, a law's year, ...) found among the
  record's deadlines (tasks' and document-level); must be 0;
- period: the plan's own period found marked as the plan's (a ``period`` field, or a document-level deadline
  marked plan-level); ``period~`` also counts an unmarked document-level deadline of the same value.
Fields the parser may not have yet (``inherited``, ``report_to``, ``deliverable`` on tasks, a plan-level period)
are scored when present and count as missing otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

from pipeline.text import strip_marks

from .datasets import CACHE, REPO
from .report import Row

GOLD = REPO / "bench" / "gold" / "tasks_dev.jsonl"
SHARED = REPO.parent / "shared"
TASK_CACHE = CACHE / "tasks"
SETS = ("dev", "plans-tune", "plans-fresh")

# ----------------------------------------------------------------------------------------------------------------
# Gold


@dataclass
class GoldDoc:
    doc: str
    path: Path
    form: str
    meta: dict[str, Any]
    tasks: list[dict[str, Any]] = field(default_factory=list)


def gold_file_path(source: str, name: str, shared: Optional[Path]) -> Optional[Path]:
    """Where a labelled document lies: the seed in the repo (else ../shared/seed), the rest in ../shared/dev."""
    candidates: list[Path] = []
    if source == "seed":
        candidates.append(REPO / "samples" / "seed" / name)
        if shared:
            candidates.append(shared / "seed" / name)
    elif shared:
        candidates.append(shared / "dev" / source / name)
    return next((p for p in candidates if p.is_file()), None)


def group_gold(lines: Iterable[dict[str, Any]], resolve) -> list[GoldDoc]:
    """Doc and task lines → one GoldDoc per document whose file ``resolve(doc line)`` finds."""
    docs: dict[str, GoldDoc] = {}
    order: list[str] = []
    tasks: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in lines:
        if item.get("kind") == "doc":
            path = resolve(item)
            if path is not None:
                docs[item["doc"]] = GoldDoc(item["doc"], Path(path), item.get("form", ""), item)
                order.append(item["doc"])
        elif item.get("kind") == "task":
            tasks[item["doc"]].append(item)
    for name in order:
        docs[name].tasks = tasks.get(name, [])
    return [docs[n] for n in order]


def load_dev_gold(shared: Optional[Path] = SHARED, path: Path = GOLD) -> list[GoldDoc]:
    shared = shared if shared and shared.is_dir() else None
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return group_gold(lines, lambda d: gold_file_path(d["source"], d["file"], shared))


# ----------------------------------------------------------------------------------------------------------------
# Folding and units

_ABBREVIATIONS = [(re.compile(r"\bubnd\b"), "uy ban nhan dan"), (re.compile(r"\bhdnd\b"), "hoi dong nhan dan")]


def fold(text: Optional[str]) -> str:
    """Lower case, no marks (``đ`` → ``d``), ``UBND`` spelt out, punctuation to spaces, spaces collapsed."""
    key = strip_marks((text or "").lower())
    for rx, full in _ABBREVIATIONS:
        key = rx.sub(full, key)
    key = re.sub(r"[^\w&]+", " ", key)
    return " ".join(key.split())


def unit_strings(unit: Any) -> list[str]:
    """The names a predicted unit goes by: a string, or a dict's name/normal/printed/text values."""
    if isinstance(unit, str):
        return [unit]
    if isinstance(unit, dict):
        out = []
        for key in ("name", "normal", "normalised", "normalized", "printed", "text", "unit", "role"):
            value = unit.get(key)
            if isinstance(value, str) and value:
                out.append(value)
        return out
    return []


def unit_keys(name: str, aliases: dict[str, list[str]]) -> set[str]:
    """Folded names a gold unit is matched by: its normal name and the printed forms the document gives."""
    keys = {fold(name)}
    for alias in aliases.get(name, []):
        keys.add(fold(alias))
    return keys - {""}


@dataclass
class F1:
    hits: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, predicted: list[Any], gold: list[str], aliases: dict[str, list[str]]) -> None:
        left = [unit_keys(g, aliases) for g in gold]
        for unit in predicted:
            names = {fold(s) for s in unit_strings(unit)} - {""}
            for i, keys in enumerate(left):
                if keys and names & keys:
                    left[i] = set()
                    self.hits += 1
                    break
        self.predicted += len(predicted)
        self.gold += len(gold)

    def prf(self) -> tuple[Optional[float], Optional[float], Optional[float]]:
        p = self.hits / self.predicted if self.predicted else None
        r = self.hits / self.gold if self.gold else None
        if p is None or r is None:
            return p, r, (0.0 if self.gold else None)
        f = 2 * p * r / (p + r) if p and r else 0.0
        return p, r, f

    def __iadd__(self, other: "F1") -> "F1":
        self.hits += other.hits
        self.predicted += other.predicted
        self.gold += other.gold
        return self


# ----------------------------------------------------------------------------------------------------------------
# Deadlines


def _family(kind: Optional[str]) -> str:
    return "recurrence" if kind == "recurrence" else "relative" if kind == "relative" else "span"


def _rule_set(rule: Optional[str]) -> frozenset[str]:
    return frozenset(p.strip().upper() for p in (rule or "").split(";") if p.strip())


def deadline_key(d: dict[str, Any]) -> tuple:
    """The normal value of a deadline: a recurrence or relative period by its rule, the rest by start and end."""
    fam = _family(d.get("kind"))
    if fam in ("recurrence", "relative"):
        return (fam, _rule_set(d.get("rule")))
    return (fam, str(d.get("start") or ""), str(d.get("end") or ""))


def _task_deadlines(task: dict[str, Any]) -> list[dict[str, Any]]:
    return [d for d in task.get("deadlines") or [] if isinstance(d, dict)]


# ----------------------------------------------------------------------------------------------------------------
# Matching


def _words(text: str, n: Optional[int] = None) -> list[str]:
    words = fold(text).split()
    return words if n is None else words[:n]


def overlap(first: str, text: str) -> float:
    """Share of the gold's first words found among the predicted text's first words (a few more, for OCR slips)."""
    gold = _words(first)
    if not gold:
        return 0.0
    pool = list(_words(text, len(gold) + 4))
    hits = 0
    for w in gold:
        if w in pool:
            pool.remove(w)
            hits += 1
    return hits / len(gold)


def match_tasks(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> list[Optional[int]]:
    """For each gold task, the index of its predicted task (one to one) or None."""
    out: list[Optional[int]] = [None] * len(gold)
    used: set[int] = set()
    for i, g in enumerate(gold):
        if not g.get("path"):
            continue
        for j, p in enumerate(predicted):
            if j not in used and fold(p.get("path")) == fold(g["path"]) and overlap(g.get("first", ""),
                                                                                     p.get("text", "")) >= 0.34:
                out[i] = j
                used.add(j)
                break
    for i, g in enumerate(gold):
        if out[i] is not None:
            continue
        best, best_j = 0.0, None
        for j, p in enumerate(predicted):
            if j in used:
                continue
            score = overlap(g.get("first", ""), p.get("text", ""))
            if score > best:
                best, best_j = score, j
        if best_j is not None and best >= 0.6:
            out[i] = best_j
            used.add(best_j)
    return out


def predicted_owners(task: dict[str, Any]) -> list[Any]:
    """The task's owners: structured ``owners`` (name and printed form) when the record has them, else
    ``responsible``."""
    owners = task.get("owners")
    return list(owners) if isinstance(owners, list) else list(task.get("responsible") or [])


def predicted_collaborators(task: dict[str, Any]) -> list[Any]:
    partners = task.get("partners")
    return list(partners) if isinstance(partners, list) else list(task.get("collaborators") or [])


def _inherited(task: dict[str, Any]) -> Optional[str]:
    """The record's inherited mark, as lead / issuer / yes (a bare true) / None."""
    value = next((task[k] for k in ("inherited_from", "inherited", "owner_inherited") if task.get(k)), None)
    if value is None:
        marks = [o.get("inherited_from") for o in task.get("owners") or [] if isinstance(o, dict)]
        value = next((m for m in marks if m), None)
    if isinstance(value, dict):
        value = value.get("from") or value.get("source") or value.get("kind") or bool(value)
    if value is True:
        return "yes"
    if isinstance(value, str) and value:
        key = fold(value)
        return "lead" if "lead" in key else "issuer" if "issuer" in key or "document" in key else "yes"
    return None


_VIA = re.compile(r"\s*\((?:qua|thông qua)\b[^)]*\)\s*$", re.IGNORECASE)


def _report_to(task: dict[str, Any]) -> Optional[list[Any]]:
    """The bodies reported to, a ``(qua ...)`` (through ...) tail left off: ``UBND tỉnh (qua Sở Nội vụ)`` is
    reported to ``UBND tỉnh``."""
    for key in ("report_to", "reports_to", "report"):
        if key in task:
            value = task[key]
            values = value if isinstance(value, list) else [value] if value else []
            return [_VIA.sub("", v) if isinstance(v, str) else v for v in values]
    return None


def _deliverable(task: dict[str, Any]) -> Optional[str]:
    for key in ("deliverable", "product", "deliverables"):
        if key in task:
            value = task[key]
            if isinstance(value, list):
                value = " ".join(unit_strings(v)[0] if unit_strings(v) else "" for v in value)
            return value or ""
    return None


_PLAN_MARKS = ("plan", "plan-level", "plan_level", "document", "own", "period")


def _is_plan_marked(d: dict[str, Any]) -> bool:
    for key, value in d.items():
        if key in ("text", "kind", "start", "end", "rule", "evidence"):
            continue
        if value is True or (isinstance(value, str) and fold(value).replace(" ", "-") in _PLAN_MARKS):
            return True
    return False


def plan_periods(record: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(periods marked as the plan's own, every document-level deadline) of a record."""
    marked: list[dict[str, Any]] = []
    for holder in (record, record.get("document") or {}):
        for key in ("period", "plan_period"):
            value = holder.get(key)
            if isinstance(value, dict):
                marked.append(value)
            elif isinstance(value, list):
                marked += [v for v in value if isinstance(v, dict)]
    doc_level = [d for d in record.get("deadlines") or [] if isinstance(d, dict)]
    marked += [d for d in doc_level if _is_plan_marked(d)]
    return marked, doc_level


# ----------------------------------------------------------------------------------------------------------------
# Scores


@dataclass
class Scores:
    docs: int = 0
    gold_tasks: int = 0
    found: int = 0
    predicted_tasks: int = 0  # of the documents scored (precision); 0 in per-shape groups
    matched_predicted: int = 0
    owners: F1 = field(default_factory=F1)
    collaborators: F1 = field(default_factory=F1)
    report_to: F1 = field(default_factory=F1)
    report_to_absent: int = 0  # matched tasks whose record has no report-to field
    inherited_gold: int = 0
    inherited_right: int = 0
    inherited_wrong_marks: int = 0
    deadlines_gold: int = 0
    deadlines_attached: int = 0
    deadlines_extra: int = 0
    not_deadlines_found: int = 0  # in tasks
    not_deadlines_doc_level: int = 0
    periods_gold: int = 0
    periods_found: int = 0
    periods_unmarked: int = 0
    deliverables_gold: int = 0
    deliverables_found: int = 0
    errors: list[str] = field(default_factory=list)

    def __iadd__(self, other: "Scores") -> "Scores":
        for name, value in vars(other).items():
            mine = getattr(self, name)
            if isinstance(value, F1):
                mine += value
            elif isinstance(value, list):
                mine.extend(value)
            else:
                setattr(self, name, mine + value)
        return self

    def summary(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> Optional[float]:
            return a / b if b else None
        out = {"docs": self.docs, "gold_tasks": self.gold_tasks, "found": self.found,
               "task_recall": ratio(self.found, self.gold_tasks),
               "task_precision": ratio(self.matched_predicted, self.predicted_tasks),
               "owner_f1": self.owners.prf()[2], "owner_p": self.owners.prf()[0], "owner_r": self.owners.prf()[1],
               "collaborator_f1": self.collaborators.prf()[2], "report_to_f1": self.report_to.prf()[2],
               "report_to_absent": self.report_to_absent,
               "inherited": ratio(self.inherited_right, self.inherited_gold), "inherited_gold": self.inherited_gold,
               "inherited_wrong_marks": self.inherited_wrong_marks,
               "deadline_attached": ratio(self.deadlines_attached, self.deadlines_gold),
               "deadlines_gold": self.deadlines_gold, "deadlines_extra": self.deadlines_extra,
               "not_deadlines_in_tasks": self.not_deadlines_found,
               "not_deadlines_doc_level": self.not_deadlines_doc_level,
               "period": ratio(self.periods_found, self.periods_gold), "periods_gold": self.periods_gold,
               "period_unmarked": ratio(self.periods_unmarked, self.periods_gold),
               "deliverable": ratio(self.deliverables_found, self.deliverables_gold), "errors": len(self.errors)}
        return out


def score_document(gold: GoldDoc, record: dict[str, Any], by_shape: Optional[dict[str, Scores]] = None,
                   detail: Optional[list[str]] = None) -> Scores:
    """Score one record against its gold; ``by_shape`` collects the same scores per task shape; ``detail``
    collects one line per mismatch (``--per-doc``)."""
    aliases: dict[str, list[str]] = gold.meta.get("aliases") or {}
    predicted = [t for t in record.get("tasks") or [] if isinstance(t, dict)]
    matches = match_tasks(gold.tasks, predicted)
    total = Scores(docs=1, predicted_tasks=len(predicted))
    by_shape = by_shape if by_shape is not None else {}
    say = detail.append if detail is not None else (lambda _line: None)
    for g, j in zip(gold.tasks, matches):
        s = Scores()
        p = predicted[j] if j is not None else {}
        s.gold_tasks = 1
        s.found = int(j is not None)
        s.matched_predicted = int(j is not None)
        where = f"[{g.get('path') or g.get('first')}]"
        if j is None:
            say(f"  {where} not found")
        s.owners.add(predicted_owners(p), g.get("owners") or [], aliases)
        s.collaborators.add(predicted_collaborators(p), g.get("collaborators") or [], aliases)
        reported = _report_to(p) if p else None
        if p and reported is None:
            s.report_to_absent = 1
        s.report_to.add(reported or [], g.get("report_to") or [], aliases)
        if j is not None and (s.owners.hits != s.owners.gold or s.owners.predicted != s.owners.gold):
            say(f"  {where} owners gold {g.get('owners')} got {[unit_strings(u)[:1] for u in predicted_owners(p)]}")
        mark = _inherited(p) if p else None
        if g.get("inherited"):
            s.inherited_gold = 1
            s.inherited_right = int(mark == g["inherited"] or mark == "yes")
        elif mark:
            s.inherited_wrong_marks = 1
        got = _task_deadlines(p)
        got_keys = [deadline_key(d) for d in got]
        free = list(got_keys)
        for d in g.get("deadlines") or []:
            s.deadlines_gold += 1
            key = deadline_key(d)
            if key in free:
                free.remove(key)
                s.deadlines_attached += 1
            else:
                say(f"  {where} deadline {d.get('text')!r} missing (got {[x.get('text') for x in got]})")
        gold_keys = {deadline_key(d) for d in g.get("deadlines") or []}
        s.deadlines_extra = sum(1 for k in got_keys if k not in gold_keys)
        if g.get("deliverable"):
            s.deliverables_gold = 1
            value = _deliverable(p) if p else None
            s.deliverables_found = int(bool(value) and (fold(g["deliverable"]) in fold(value)
                                                        or fold(value) in fold(g["deliverable"])))
        shape = g.get("shape") or "other"
        by_shape.setdefault(shape, Scores())
        by_shape[shape] += s
        total += s
    total.docs = 1
    total.predicted_tasks = len(predicted)
    # dates that are never deadlines, among the tasks' deadlines and the document-level ones
    by_path = {fold(g.get("path")): (predicted[j] if j is not None else None)
               for g, j in zip(gold.tasks, matches) if g.get("path")}
    seen: set[tuple] = set()
    for nd in gold.meta.get("not_deadlines") or []:
        key = deadline_key(nd)
        if (key, nd.get("path")) in seen:  # one value printed twice (two citations of one period) counts once
            continue
        seen.add((key, nd.get("path")))
        if nd.get("path"):
            task = by_path.get(fold(nd["path"]))
            pools = [_task_deadlines(task)] if task else []
        else:
            pools = [_task_deadlines(t) for t in predicted]
        n = sum(deadline_key(d) == key for pool in pools for d in pool)
        total.not_deadlines_found += n
        if n:
            say(f"  not a deadline, on {n} task(s): {nd.get('text')!r} ({nd.get('why')})")
        if not nd.get("path"):
            m = sum(deadline_key(d) == key for d in record.get("deadlines") or [] if isinstance(d, dict))
            total.not_deadlines_doc_level += m
    period = gold.meta.get("period")
    if period:
        total.periods_gold = 1
        marked, doc_level = plan_periods(record)
        key = deadline_key(period)
        total.periods_found = int(any(deadline_key(d) == key for d in marked))
        total.periods_unmarked = int(total.periods_found or any(deadline_key(d) == key for d in doc_level))
        if not total.periods_found:
            say(f"  period {period.get('text')!r} not marked as the plan's")
    return total


# ----------------------------------------------------------------------------------------------------------------
# Running the pipeline


_READ_STAGES = ("ingest", "ocr", "restore")
_READ_MODULES = ("extract.py", "options.py", "text.py", "types.py", "errors.py", "evidence.py")


def _stage_hash() -> str:
    """The code and models of the stages that read and restore the page texts (ingest, OCR, restoration, the
    per-document recipe): what the cached texts depend on. A change to parse or to the record leaves them valid."""
    from . import pipeline_runs as runs  # noqa: PLC0415

    root = REPO / "pipeline"
    files = [p for stage in _READ_STAGES for p in (root / stage).rglob("*.py")]
    files += [root / name for name in _READ_MODULES if (root / name).is_file()]
    for name in ("restore", "digits"):
        models = REPO / "pipeline" / "models" / name
        if models.is_dir():
            files += [p for p in models.rglob("*") if p.is_file()]
    return runs._tree_hash(files)[:16]


def scanned_pages(path: Path) -> list[str]:
    """The restored page texts of a scan, read by the real OCR once and cached."""
    from pipeline import extract  # noqa: PLC0415
    from pipeline.ingest.files import sha256_file  # noqa: PLC0415

    folder = TASK_CACHE / "ocr"
    cache_file = folder / f"{sha256_file(path)[:20]}-{_stage_hash()}.json"
    if cache_file.is_file():
        return json.loads(cache_file.read_text(encoding="utf-8"))["pages"]
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    record = extract(path)
    pages = [p.text for p in record.pages]
    folder.mkdir(parents=True, exist_ok=True)
    cache_file.write_text(json.dumps({"file": path.name, "pages": pages}, ensure_ascii=False), encoding="utf-8")
    return pages


def record_of(gold: GoldDoc) -> dict[str, Any]:
    """The record of one gold document as a JSON dict (scans: cached OCR, then the parser in process)."""
    if gold.form == "scanned":
        from pipeline.parse import parse_document  # noqa: PLC0415

        parsed = parse_document(scanned_pages(gold.path), ocr_text=True)
        return json.loads(parsed.model_dump_json())
    from pipeline import extract  # noqa: PLC0415

    return json.loads(extract(gold.path).model_dump_json(exclude={"pages"}))


# ----------------------------------------------------------------------------------------------------------------
# Sets


def set_gold(name: str, shared: Optional[Path] = SHARED, scans: bool = True) -> list[GoldDoc]:
    if name == "dev":
        docs = load_dev_gold(shared)
    elif name in ("plans-tune", "plans-fresh"):
        from . import plans  # noqa: PLC0415

        docs = plans.gold_docs(name.split("-", 1)[1], TASK_CACHE / "plans", scans=scans)
    else:
        raise ValueError(f"unknown set {name!r}; use one of {', '.join(SETS)}")
    return [d for d in docs if scans or d.form != "scanned"]


@dataclass
class SetResult:
    name: str
    total: Scores
    by_form: dict[str, Scores]
    by_shape: dict[str, Scores]
    per_doc: dict[str, Scores]
    details: dict[str, list[str]]


def score_set(name: str, docs: list[GoldDoc], log=None) -> SetResult:
    total, by_form, by_shape, per_doc, details = Scores(), {}, {}, {}, {}
    for gold in docs:
        if log:
            log(f"{name}: {gold.doc} ({gold.form})")
        lines: list[str] = []
        try:
            record = record_of(gold)
        except Exception as exc:  # a failing document is scored as predicting nothing, with its reason
            record = {}
            lines.append(f"  error: {type(exc).__name__}: {str(exc)[:160]}")
        shapes: dict[str, Scores] = {}
        s = score_document(gold, record, shapes, lines)
        if not record:
            s.errors.append(f"{gold.doc}: {lines[0].strip()}")
        total += s
        by_form.setdefault(gold.form, Scores())
        by_form[gold.form] += s
        for shape, value in shapes.items():
            by_shape.setdefault(shape, Scores())
            by_shape[shape] += value
        per_doc[gold.doc] = s
        details[gold.doc] = lines
    return SetResult(name, total, by_form, by_shape, per_doc, details)


# ----------------------------------------------------------------------------------------------------------------
# Printing and bench rows


def _p(v: Optional[float]) -> str:
    return "—" if v is None else f"{v:.2f}"


HEAD = (f"{'group':28} {'docs':>4} {'tasks':>9} {'R':>5} {'P':>5} {'ownF1':>6} {'colF1':>6} {'inher':>9} "
        f"{'deadl':>9} {'extra':>5} {'cit':>4} {'period':>6} {'rptF1':>6}")


def line(name: str, s: Scores, precision: bool = True) -> str:
    m = s.summary()
    inher = f"{s.inherited_right}/{s.inherited_gold}" if s.inherited_gold else "—"
    dl = f"{s.deadlines_attached}/{s.deadlines_gold}" if s.deadlines_gold else "—"
    period = f"{s.periods_found}/{s.periods_gold}" if s.periods_gold else "—"
    return (f"{name[:28]:28} {s.docs if precision else '':>4} {f'{s.found}/{s.gold_tasks}':>9} "
            f"{_p(m['task_recall']):>5} {_p(m['task_precision']) if precision else '':>5} {_p(m['owner_f1']):>6} "
            f"{_p(m['collaborator_f1']):>6} {inher:>9} {dl:>9} {s.deadlines_extra:>5} "
            f"{s.not_deadlines_found + s.not_deadlines_doc_level:>4} {period:>6} {_p(m['report_to_f1']):>6}")


def print_result(result: SetResult, per_doc: bool = False) -> None:
    print(f"\n== {result.name}")
    print(HEAD)
    print(line("all", result.total))
    for form, s in sorted(result.by_form.items()):
        print(line(f"form {form}", s))
    for shape, s in sorted(result.by_shape.items()):
        print(line(f"shape {shape}", s, precision=False))
    t = result.total
    print(f"   not-deadlines among deadlines: {t.not_deadlines_found} on tasks, {t.not_deadlines_doc_level} "
          f"document-level; period unmarked-but-present {t.periods_unmarked}/{t.periods_gold}; report-to field "
          f"absent on {t.report_to_absent} matched tasks; inherited wrongly marked {t.inherited_wrong_marks}; "
          f"deliverables {t.deliverables_found}/{t.deliverables_gold}")
    for error in t.errors:
        print(f"   error: {error}")
    if per_doc:
        for doc, s in result.per_doc.items():
            print(line(f"doc {doc}", s))
            for text in result.details.get(doc, []):
                print(f"     {text.strip()}")


def _cell(s: Scores) -> str:
    m = s.summary()
    return f"owner F1 {_p(m['owner_f1'])} / deadline {_p(m['deadline_attached'])}"


def _notes(s: Scores, by_shape: dict[str, Scores]) -> str:
    m = s.summary()
    cit = s.not_deadlines_found + s.not_deadlines_doc_level
    shapes = ", ".join(f"{k} {_p(v.summary()['owner_f1'])}/{_p(v.summary()['deadline_attached'])}"
                       for k, v in sorted(by_shape.items()))
    return (f"tasks R {_p(m['task_recall'])} P {_p(m['task_precision'])}; collab F1 {_p(m['collaborator_f1'])}; "
            f"inherited {s.inherited_right}/{s.inherited_gold}; not-deadlines among deadlines {cit}; period "
            f"{s.periods_found}/{s.periods_gold}; report-to F1 {_p(m['report_to_f1'])}; by shape (owner/deadline): "
            f"{shapes}")


def task_rows(settings: Any) -> list[Row]:
    """Rows for the bench table: one per set and form (dev; generated tune and fresh), baseline column empty,
    pipeline column ``owner F1 / deadline attached``. ``--quick`` leaves the scanned forms of the generated sets
    out. Without ../shared the dev row scores the seed only."""
    shared = getattr(getattr(settings, "shared", None), "root", None)
    quick = bool(getattr(settings, "quick", False))
    log = getattr(settings, "log", None)
    rows: list[Row] = []
    for name in SETS:
        title = f"tasks · {name}"
        try:
            docs = set_gold(name, shared if name == "dev" else None, scans=not (quick and name != "dev"))
            if not docs:
                continue
            result = score_set(name, docs, log)
        except Exception as exc:  # a stage not ready: the row says why, the others still run
            rows.append(Row("fields", title, pipeline="not ready", error=f"{type(exc).__name__}: {str(exc)[:160]}"))
            continue
        groups = [("all", result.total)] + [(f"form {k}", v) for k, v in sorted(result.by_form.items())]
        for label, s in groups:
            rows.append(Row("fields", f"{title} · {label}", n=f"{s.gold_tasks} tasks, {s.docs} docs",
                            pipeline=_cell(s), notes=_notes(s, result.by_shape) if label == "all" else
                            _notes(s, {}).split("; by shape")[0],
                            data=s.summary() | ({"by_shape": {k: v.summary() for k, v in result.by_shape.items()}}
                                                if label == "all" else {})))
    return rows


def main(argv: Optional[list[str]] = None) -> int:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    ap = argparse.ArgumentParser(prog="python -m bench.task_eval", description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=SETS, action="append", help="the set(s) to score (default: all three)")
    ap.add_argument("--per-doc", action="store_true", help="scores and mismatches per document (not for fresh)")
    ap.add_argument("--no-scans", action="store_true", help="leave the scanned documents out")
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--json", type=Path, help="write the summaries here")
    args = ap.parse_args(argv)
    names = args.set or list(SETS)
    if args.per_doc and "plans-fresh" in names:
        ap.error("--per-doc is refused for plans-fresh: the fresh set is scored as totals only")
    out: dict[str, Any] = {}
    for name in names:
        docs = set_gold(name, args.shared, scans=not args.no_scans)
        if not docs:
            print(f"\n== {name}: no documents (../shared absent?)")
            continue
        result = score_set(name, docs, log=lambda m: print(f"[task_eval] {m}", file=sys.stderr, flush=True))
        print_result(result, per_doc=args.per_doc)
        out[name] = {"all": result.total.summary(), "by_form": {k: v.summary() for k, v in result.by_form.items()},
                     "by_shape": {k: v.summary() for k, v in result.by_shape.items()}}
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
