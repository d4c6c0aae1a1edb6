"""Task-unit ablation rows: responsible units and collaborators of the hand-labelled task items
(``tests/data/task_units_dev.jsonl``) for rules only, rules + the spaCy patterns (the default) and, beside them,
the underthesea CRF NER fallback that was dropped from the parser.

The NER fallback is kept here only as a measurement: where the parser leaves a task without a responsible unit,
the ORG/LOC chunks that underthesea's bundled CRF tagger finds in the task's first sentence are taken (what
``pipeline/parse/ner.py`` did before it was removed). underthesea is no dependency of the project any more: its
rows read ``not ready`` when the package is not installed. Without ../shared the rows score the labelled items of
the seed and sample texts only.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Optional

from .report import Row


class NerMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def _tagger() -> Callable:
    try:
        from underthesea import ner  # noqa: PLC0415 - optional, only for this row

        ner("Khởi động.")  # loads the bundled CRF model now
        return ner
    except Exception as exc:  # ImportError when the package is not installed, or a missing model file
        raise NerMissing(f"underthesea NER unavailable ({type(exc).__name__}: {str(exc)[:80]})") from exc


def organisations(text: str) -> list[str]:
    """ORG and LOC chunks of the first sentence of a task, by underthesea's CRF tagger (BIO chunks)."""
    chunks: list[tuple[str, list[str]]] = []
    for token in _tagger()(text.split(".")[0][:2000]):
        word, bio = token[0], token[-1]
        if bio.startswith("B-") or (bio.startswith("I-") and (not chunks or chunks[-1][0] != bio[2:])):
            chunks.append((bio[2:], [word]))
        elif bio.startswith("I-"):
            chunks[-1][1].append(word)
        else:
            chunks.append(("", []))
    out: list[str] = []
    for label, words in chunks:
        chunk = " ".join(words)
        if label in ("ORG", "LOC") and chunk and chunk not in out:
            out.append(chunk)
    return out


def ner_fallback(parsed: Any) -> None:
    """Fill the tasks left without a responsible unit from the NER chunks (the dropped fallback)."""
    for task in parsed.tasks:
        if not task.responsible:
            task.responsible = organisations(task.text)


CONFIGS: list[tuple[str, dict[str, bool], bool]] = [
    ("rules only", {"use_ruler": False}, False),
    ("+ spaCy ruler (default)", {"use_ruler": True}, False),
    ("+ underthesea NER (dropped)", {"use_ruler": False}, True),
    ("+ ruler + underthesea NER", {"use_ruler": True}, True),
]


def _cell(scores: dict[str, Any]) -> str:
    r, c = scores["responsible"].prf()[2], scores["collaborators"].prf()[2]
    return f"F1 {r:.2f} / {c:.2f}"


def _notes(scores: dict[str, Any]) -> str:
    parts = []
    for key, short in (("responsible", "resp"), ("collaborators", "collab")):
        s = scores[key]
        p, r, _ = s.prf()
        lp, lr, lf = s.prf(lenient=True)
        parts.append(f"{short} P {p:.2f} R {r:.2f} (lenient P {lp:.2f} R {lr:.2f} F1 {lf:.2f})")
    return "; ".join(parts) + f"; items found {scores['found']}/{scores['items']}"


def task_unit_rows(shared_root: Optional[Path], guard: Any) -> list[Row]:
    """One row per configuration; baseline column: rules only, pipeline column: the configuration; cells are
    F1 of responsible units / collaborators (exact after fold)."""
    from bench import parse_eval as evaluate  # noqa: PLC0415

    gold = evaluate.task_gold(shared_root or Path("/nonexistent"))
    if not gold:
        return []
    where = "dev gold" if shared_root and any(p.is_relative_to(shared_root) for p in gold) else "seed + samples"
    n = f"{sum(map(len, gold.values()))} items, {len(gold)} docs"
    rows: list[Row] = []
    baseline: Optional[str] = None
    for name, flags, with_ner in CONFIGS:
        title = f"ablation · task units ({where}) · {name}"
        with guard(title):
            try:
                scores = evaluate.task_unit_scores(flags, gold, post=ner_fallback if with_ner else None)
            except NerMissing as exc:
                rows.append(Row("fields", title, n=n, baseline=baseline or "", pipeline="not ready", error=str(exc)))
                continue
            cell = _cell(scores)
            baseline = baseline or cell
            rows.append(Row("fields", title, n=n, baseline=baseline, pipeline=cell, notes=_notes(scores),
                            data={k: scores[k].as_dict() for k in ("responsible", "collaborators")}
                            | {"items": scores["items"], "found": scores["found"]}))
    return rows
