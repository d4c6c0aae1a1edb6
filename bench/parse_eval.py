"""Per-field exact-match accuracy of the parser on ../shared/dev (vbpl clean texts and the real scans).

Run ``python -m bench.parse_eval`` (``--rules-only`` for the parser without its spaCy patterns, ``--ablation``
for the task units of every configuration with the CPU seconds each took, underthesea's POS variants among them
when the ``bench`` extra is installed, ``--show`` to list mismatches). Values are compared after normalisation: NFC, new-style tones, whitespace collapsed, case folded.
The scans are read with Tesseract once (``pdftoppm -r 300 -gray`` + ``tesseract -l vie``) into
``.cache/scans_ocr/`` (git-ignored); the vbpl records whose page title belongs to another document
(``html_body_consistent: false``) are left out for type, code and subject.

Task units: the responsible units and collaborators of the task items labelled by hand in
``tests/data/task_units_dev.jsonl`` (real provincial documents of dev/born-digital, the seed and sample texts, dev
vbpl texts with assignment sections), precision/recall/F1 exact after ``fold`` and lenient (one unit inside the
other). The labels name their document and item (path, first words); the texts stay in ../shared and samples/.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from pipeline.parse.document import parse_document
from pipeline.record import Parsed
from pipeline.text import fold

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
OCR_CACHE = REPO / ".cache" / "scans_ocr"


def norm(value: Any) -> str | None:
    if value is None:
        return None
    text = fold(str(value))
    text = re.sub(r"\s*/\s*", " / ", text)
    text = re.sub(r"\.\s*", ". ", text).strip(" .;,")
    return re.sub(r"\s+", " ", text)


def norm_authority(value: Any) -> str | None:
    n = norm(value)
    return re.sub(r"[\s/]+", "", n) if n else n


def norm_list(value: Any) -> str | None:
    if not value:
        return None
    return " | ".join(norm(v) or "" for v in value)


def _date(p: Parsed) -> str | None:
    return p.document.issue_date.isoformat() if p.document.issue_date else None


VBPL_FIELDS: dict[str, tuple[str, Callable[[Parsed], Any], Callable[[Any], Any]]] = {
    "type": ("document_type", lambda p: p.document.type, norm),
    "code": ("code", lambda p: p.document.code, norm),
    "issue_date": ("issued_date", _date, norm),
    "place": ("place", lambda p: p.document.place, norm),
    "issuing_body": ("issuer", lambda p: p.document.issuing_body, norm),
    "subject": ("title", lambda p: p.document.subject, norm),
    "signer_name": ("signer_name", lambda p: p.signer.name, norm),
    "signer_position": ("signer_position", lambda p: p.signer.position, norm),
    "signer_authority": ("signature_authority", lambda p: p.signer.authority, norm_authority),
}
HTML_FIELDS = {"type", "code", "subject"}

SCAN_FIELDS: dict[str, tuple[str, Callable[[Parsed], Any], Callable[[Any], Any]]] = {
    "type": ("document_type", lambda p: p.document.type, norm),
    "number": ("number", lambda p: p.document.number, norm),
    "symbol": ("symbol", lambda p: p.document.symbol, norm),
    "code": ("code", lambda p: p.document.code, norm),
    "issuing_body": ("issuer", lambda p: p.document.issuing_body_normal, norm),
    "parent_body": ("parent_issuer", lambda p: p.document.parent_body_normal, norm),
    "place": ("place", lambda p: p.document.place, norm),
    "issue_date": ("issued_date", _date, norm),
    "subject": ("title", lambda p: p.document.subject, norm),
    "urgency": ("urgency", lambda p: p.document.urgency, norm),
    "signer_authority": ("signer_authority", lambda p: p.signer.authority, norm_authority),
    "signer_position": ("signer_position", lambda p: p.signer.position, norm),
    "signer_name": ("signer_name", lambda p: p.signer.name, norm),
    "recipients": ("recipients", lambda p: p.recipients + ([p.filing] if p.filing else []), norm_list),
}


def _score(records: list[tuple[str, dict, Parsed]], fields: dict, skip: Callable[[str, dict], bool],
           show: bool) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for name, (gold_key, getter, normaliser) in fields.items():
        good = total = 0
        for doc, gold, parsed in records:
            if skip(name, gold):
                continue
            total += 1
            expected, got = normaliser(gold.get(gold_key)), normaliser(getter(parsed))
            if expected == got:
                good += 1
            elif show:
                print(f"  {name:17} {doc}: expected {gold.get(gold_key)!r} got {getter(parsed)!r}")
        out[name] = (good, total)
    return out


def _print(title: str, scores: dict[str, tuple[int, int]]) -> None:
    print(title)
    for name, (good, total) in scores.items():
        pct = 100.0 * good / total if total else float("nan")
        print(f"  {name:17} {good:3d}/{total:<3d} {pct:5.1f}%")


def vbpl_records(flags: dict[str, bool] | None = None) -> list[tuple[str, dict, Parsed]]:
    gold_path = SHARED / "dev" / "vbpl_gold.jsonl"
    out = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        text = (SHARED / "dev" / "vbpl" / gold["doc"]).read_text(encoding="utf-8")
        out.append((gold["doc"], gold, parse_document([text], **(flags or {}))))
    return out


def ocr_scan(pdf: Path) -> list[str]:
    """OCR text of one scan, one string per page (cached under .cache/scans_ocr/<stem>/)."""
    folder = OCR_CACHE / pdf.stem
    if not (folder / "done").exists():
        folder.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["pdftoppm", "-r", "300", "-gray", str(pdf), f"{tmp}/p"], check=True)
            for image in sorted(Path(tmp).glob("p*.pgm")):
                subprocess.run(["tesseract", str(image), str(folder / image.stem), "-l", "vie"], check=True,
                               env=env, capture_output=True)
        (folder / "done").touch()
    pages = sorted(folder.glob("p-*.txt"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))
    return [p.read_text(encoding="utf-8") for p in pages]


def scan_records(flags: dict[str, bool] | None = None, restore: bool = False) -> list[tuple[str, dict, Parsed]]:
    gold_path = SHARED / "dev" / "scans" / "scans_gold.jsonl"
    restorer = None
    if restore:
        from pipeline.restore import load_restorer  # noqa: PLC0415 - the restore stage, when asked for

        restorer = load_restorer()
    out = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        pages = ocr_scan(SHARED / "dev" / "scans" / gold["file"])
        if restorer is not None:
            pages = [restorer.restore(p).text if p.strip() else p for p in pages]
        out.append((gold["file"], gold, parse_document(pages, **(flags or {}))))
    return out


def throughput(records: list[tuple[str, dict, Parsed]], flags: dict[str, bool] | None = None) -> tuple[float, float]:
    """Documents per second over the vbpl texts: (per CPU second of this process, per wall-clock second)."""
    texts = [(SHARED / "dev" / "vbpl" / doc).read_text(encoding="utf-8") for doc, _, _ in records]
    c0, t0 = time.process_time(), time.perf_counter()
    for text in texts:
        parse_document([text], **(flags or {}))
    return len(texts) / (time.process_time() - c0), len(texts) / (time.perf_counter() - t0)


# ----------------------------------------------------------------------------------------------------------------
# Task units: responsible units and collaborators of task items against the hand labels in tests/data


TASK_GOLD = REPO / "tests" / "data" / "task_units_dev.jsonl"
# name → parse_document flags; "rules" is the baseline of the ablation. The underthesea NER fallback that was
# measured beside them is gone from the parser (bench/task_units.py keeps it as an optional benchmark row).
TASK_CONFIGS: dict[str, dict[str, bool]] = {
    "rules": {"use_ruler": False},
    "rules+ruler": {"use_ruler": True},
}
# Configurations that change the parsed record afterwards (name → flags, post-step), measured beside the above:
# underthesea's POS tagger telling where a unit's verb begins (``pos_units``): every unit cut at its verb, or only
# the units of tasks left without one. Not in the parser: neither raised owner F1 on the labelled items (cutting
# at the tagger's verbs splits names such as ``Ban Tư vấn, phản biện ...``: 0.90 -> 0.64; filling: 0.90, precision
# 0.96 -> 0.95) and a tagger call costs ~10 ms a task; underthesea is in the ``bench`` extra only.
POST_CONFIGS: dict[str, tuple[dict[str, bool], str]] = {"rules+ruler+pos": ({"use_ruler": True}, "pos_post"),
                                                          "+pos fill": ({"use_ruler": True}, "pos_fill")}


def _pos_tagger():
    from underthesea import pos_tag  # noqa: PLC0415 - optional (the bench extra)

    return pos_tag


def _cut_at_verb(text: str, tagger) -> str:
    """``text`` up to its first verb by underthesea's POS tags: a token tagged V, in lower case (a capitalised
    word is a name's: ``Sở Giáo dục và Đào tạo`` is tagged V by the model), not the first token."""
    pos = 0
    for k, (word, tag) in enumerate(tagger(text)):
        at = text.find(word, pos)
        if at < 0:
            continue
        if k and tag == "V" and word[:1].islower():
            return text[:at].rstrip(" ,;:-")
        pos = at + len(word)
    return text


def pos_units(text: str, responsible: list[str], collaborators: list[str]) -> tuple[list[str], list[str]]:
    """The units cut where underthesea's POS tagger puts the verb (``các lực lượng chức năng phân luồng`` →
    ``các lực lượng chức năng``); a task without a unit whose first clause opens with a unit head gets the words
    before its verb."""
    from pipeline.parse.tasks import _UNIT_HEAD, split_units  # noqa: PLC0415

    tagger = _pos_tagger()
    cut = lambda units: [c for c in (_cut_at_verb(u, tagger) for u in units) if c] or units
    responsible, collaborators = cut(responsible), cut(collaborators)
    if not responsible and _UNIT_HEAD.match(text):
        head = _cut_at_verb(re.split(r"[.;:]", text, maxsplit=1)[0][:300], tagger)
        if head and len(head) < len(text) and _UNIT_HEAD.match(head):
            responsible = split_units(head)
    return responsible, collaborators


def pos_post(parsed: Parsed) -> None:
    """Every unit cut at its POS verb, and the units of tasks left without one."""
    for task in parsed.tasks:
        task.responsible, task.collaborators = pos_units(task.text, task.responsible, task.collaborators)


def pos_fill(parsed: Parsed) -> None:
    """Only the tasks the rules and patterns left without a unit (the rules' units as they are)."""
    for task in parsed.tasks:
        if not task.responsible:
            task.responsible = pos_units(task.text, [], [])[0]


def task_text_path(source: str, name: str, shared: Path = SHARED) -> Path:
    """Where a labelled document's text lies: the seed and samples in the repo, the rest in ../shared/dev."""
    if source == "seed":
        return REPO / "samples" / "seed" / name
    if source == "samples":
        return REPO / "samples" / name
    return shared / "dev" / source / name


def task_gold(shared: Path = SHARED, path: Path = TASK_GOLD) -> dict[Path, list[dict]]:
    """The labelled items grouped by document text; documents whose text is absent (no ../shared) are left out."""
    out: dict[Path, list[dict]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            text = task_text_path(item["source"], item["file"], shared)
            if text.is_file():
                out.setdefault(text, []).append(item)
    return out


def _pages(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return text.split("\f") if "\f" in text else [text]


def _match_units(pred: list[str], gold: list[str], lenient: bool) -> int:
    """Units matched one to one: equal after ``fold``, or (lenient) one inside the other."""
    left = [fold(g) for g in gold]
    hits = 0
    for p in (fold(u) for u in pred):
        for i, g in enumerate(left):
            if g is not None and (p == g or (lenient and p and g and (p in g or g in p))):
                left[i] = None
                hits += 1
                break
    return hits


@dataclass
class UnitScore:
    exact: int = 0
    lenient: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, pred: list[str], gold: list[str]) -> None:
        self.exact += _match_units(pred, gold, False)
        self.lenient += _match_units(pred, gold, True)
        self.predicted += len(pred)
        self.gold += len(gold)

    def prf(self, lenient: bool = False) -> tuple[float, float, float]:
        hits = self.lenient if lenient else self.exact
        p = hits / self.predicted if self.predicted else 0.0
        r = hits / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"predicted": self.predicted, "gold": self.gold}
        for name, lenient in (("exact", False), ("lenient", True)):
            p, r, f = self.prf(lenient)
            out[name] = {"hits": self.lenient if lenient else self.exact, "precision": p, "recall": r, "f1": f}
        return out


def _find_task(tasks: list, item: dict) -> Any:
    """The parsed task of a labelled item: the same outline path, else the same first words."""
    for t in tasks:
        if t.path == item["path"]:
            return t
    first = fold(item["first"])
    for t in tasks:
        if fold(t.text).startswith(first):
            return t
    return None


def task_unit_scores(config: dict[str, bool], gold: dict[Path, list[dict]] | None = None, show: bool = False,
                     post: Callable[[Parsed], None] | None = None) -> dict[str, Any]:
    """Precision/recall/F1 of responsible units and of collaborators over the labelled items, for one parser
    configuration (``parse_document`` flags; ``post`` may change each record after parsing, e.g. a fallback the
    benchmark measures). An item the parser does not report counts as predicting nothing."""
    gold = task_gold() if gold is None else gold
    resp, collab = UnitScore(), UnitScore()
    items = found = 0
    for path, labelled in gold.items():
        parsed = parse_document(_pages(path), **config)
        if post is not None:
            post(parsed)
        for item in labelled:
            task = _find_task(parsed.tasks, item)
            items += 1
            found += task is not None
            pred_r = task.responsible if task else []
            pred_c = task.collaborators if task else []
            resp.add(pred_r, item["responsible"])
            collab.add(pred_c, item["collaborators"])
            if show and (sorted(map(fold, pred_r)) != sorted(map(fold, item["responsible"]))
                         or sorted(map(fold, pred_c)) != sorted(map(fold, item["collaborators"]))):
                print(f"  {path.name} [{item['path']}]\n     gold R={item['responsible']} C={item['collaborators']}"
                      f"\n     got  R={pred_r} C={pred_c}")
    return {"items": items, "found": found, "documents": len(gold), "responsible": resp, "collaborators": collab}


def print_task_units(name: str, scores: dict[str, Any], seconds: float | None = None) -> None:
    cells = []
    for part in ("responsible", "collaborators"):
        s: UnitScore = scores[part]
        p, r, f = s.prf()
        lp, lr, lf = s.prf(lenient=True)
        cells.append(f"{part[:6]} P/R/F1 {p:.2f}/{r:.2f}/{f:.2f} (lenient {lp:.2f}/{lr:.2f}/{lf:.2f})")
    took = f"  {seconds:.2f} s" if seconds is not None else ""
    print(f"  {name:12} " + "  ".join(cells) + f"  items found {scores['found']}/{scores['items']}{took}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rules-only", action="store_true", help="the parser without its spaCy patterns")
    ap.add_argument("--ablation", action="store_true", help="task units of rules only and rules + spaCy patterns")
    ap.add_argument("--show", action="store_true", help="print every mismatch")
    ap.add_argument("--no-scans", action="store_true")
    ap.add_argument("--restore", action="store_true", help="run the restore stage on the scans' OCR text first")
    args = ap.parse_args(argv)
    if not SHARED.exists():
        print(f"{SHARED} not found", file=sys.stderr)
        return 1
    flags: dict[str, bool] = {"use_ruler": False} if args.rules_only else {}
    vb = vbpl_records(flags)
    skip_vbpl = lambda name, gold: name in HTML_FIELDS and not gold.get("html_body_consistent", True)
    _print(f"dev/vbpl ({len(vb)} clean texts)", _score(vb, VBPL_FIELDS, skip_vbpl, args.show))
    cpu, wall = throughput(vb, flags)
    size = sum(len((SHARED / "dev" / "vbpl" / d).read_text(encoding="utf-8")) for d, _, _ in vb) // max(1, len(vb))
    print(f"  throughput: {cpu:.0f} documents per CPU second ({wall:.0f}/s wall clock), mean {size // 1000} k chars")
    if not args.no_scans:
        sc = scan_records(flags, args.restore)
        _print(f"dev/scans ({len(sc)} real scans, tesseract -l vie, {'restored' if args.restore else 'no restoration'})",
               _score(sc, SCAN_FIELDS, lambda n, g: False, args.show))
    gold = task_gold()
    print(f"task units ({sum(map(len, gold.values()))} labelled items of {len(gold)} documents, {TASK_GOLD.name}; "
          f"exact after fold, lenient: one inside the other)")
    configs = TASK_CONFIGS if args.ablation else {"rules only" if args.rules_only else "default": flags}
    for name, config in configs.items():
        c0 = time.process_time()
        scores = task_unit_scores(config, gold, show=args.show and not args.ablation)
        print_task_units(name, scores, time.process_time() - c0 if args.ablation else None)
    for name, (config, post) in POST_CONFIGS.items() if args.ablation else ():
        try:
            _pos_tagger()("Khởi động.")  # the model loads now, not inside the timing
        except Exception as exc:  # underthesea not installed (it is in the bench extra)
            print(f"  {name:12} not measured: {type(exc).__name__}: {str(exc)[:80]}")
            continue
        c0 = time.process_time()
        scores = task_unit_scores(config, gold, post=globals()[post])
        print_task_units(name, scores, time.process_time() - c0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
