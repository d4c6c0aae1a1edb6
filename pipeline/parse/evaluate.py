"""Per-field exact-match accuracy of the parser on ../shared/dev (vbpl clean texts and the real scans).

Run ``python -m pipeline.parse.evaluate`` (add ``--no-ner`` for the rules-only ablation, ``--show`` to list
mismatches). Values are compared after normalisation: NFC, new-style tones, whitespace collapsed, case folded.
The scans are read with Tesseract once (``pdftoppm -r 300 -gray`` + ``tesseract -l vie``) into
``.cache/scans_ocr/`` (git-ignored); the vbpl records whose page title belongs to another document
(``html_body_consistent: false``) are left out for type, code and subject.
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
from pathlib import Path
from typing import Any, Callable

from pipeline.parse.document import parse_document
from pipeline.record import Parsed
from pipeline.text import fold

REPO = Path(__file__).resolve().parents[2]
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


def vbpl_records(use_ner: bool | None) -> list[tuple[str, dict, Parsed]]:
    gold_path = SHARED / "dev" / "vbpl_gold.jsonl"
    out = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        text = (SHARED / "dev" / "vbpl" / gold["doc"]).read_text(encoding="utf-8")
        out.append((gold["doc"], gold, parse_document([text], use_ner=use_ner)))
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


def scan_records(use_ner: bool | None, restore: bool = False) -> list[tuple[str, dict, Parsed]]:
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
        out.append((gold["file"], gold, parse_document(pages, use_ner=use_ner)))
    return out


def throughput(records: list[tuple[str, dict, Parsed]], use_ner: bool | None) -> tuple[float, float]:
    """Documents per second over the vbpl texts: (per CPU second of this process, per wall-clock second)."""
    texts = [(SHARED / "dev" / "vbpl" / doc).read_text(encoding="utf-8") for doc, _, _ in records]
    c0, t0 = time.process_time(), time.perf_counter()
    for text in texts:
        parse_document([text], use_ner=use_ner)
    return len(texts) / (time.process_time() - c0), len(texts) / (time.perf_counter() - t0)


def ablation(documents: list[list[str]]) -> dict[str, dict[str, int]]:
    """Rules only vs rules + NER over some documents (one list of page texts each): how many tasks, and how
    many of them name a responsible unit. Header and signer fields do not depend on NER."""
    out: dict[str, dict[str, int]] = {}
    for mode, flag in (("rules", False), ("rules+ner", True)):
        tasks = named = 0
        for pages in documents:
            parsed = parse_document(pages, use_ner=flag)
            tasks += len(parsed.tasks)
            named += sum(1 for t in parsed.tasks if t.responsible)
        out[mode] = {"tasks": tasks, "with_responsible": named}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-ner", action="store_true", help="rules only")
    ap.add_argument("--ner", action="store_true", help="rules + NER")
    ap.add_argument("--ablation", action="store_true", help="print the rules vs rules+NER task counts")
    ap.add_argument("--show", action="store_true", help="print every mismatch")
    ap.add_argument("--no-scans", action="store_true")
    ap.add_argument("--restore", action="store_true", help="run the restore stage on the scans' OCR text first")
    args = ap.parse_args(argv)
    if not SHARED.exists():
        print(f"{SHARED} not found", file=sys.stderr)
        return 1
    use_ner = False if args.no_ner else True if args.ner else None
    vb = vbpl_records(use_ner)
    skip_vbpl = lambda name, gold: name in HTML_FIELDS and not gold.get("html_body_consistent", True)
    _print(f"dev/vbpl ({len(vb)} clean texts)", _score(vb, VBPL_FIELDS, skip_vbpl, args.show))
    cpu, wall = throughput(vb, use_ner)
    size = sum(len((SHARED / "dev" / "vbpl" / d).read_text(encoding="utf-8")) for d, _, _ in vb) // max(1, len(vb))
    print(f"  throughput: {cpu:.0f} documents per CPU second ({wall:.0f}/s wall clock), mean {size // 1000} k chars")
    if not args.no_scans:
        sc = scan_records(use_ner, args.restore)
        _print(f"dev/scans ({len(sc)} real scans, tesseract -l vie, {'restored' if args.restore else 'no restoration'})",
               _score(sc, SCAN_FIELDS, lambda n, g: False, args.show))
    if args.ablation:
        docs = [[(SHARED / "dev" / "vbpl" / d).read_text(encoding="utf-8")] for d, _, _ in vb]
        for mode, counts in ablation(docs).items():
            print(f"  ablation {mode:10} tasks {counts['tasks']}, with a responsible unit {counts['with_responsible']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
