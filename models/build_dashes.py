"""Build the corpus's dashed word pairs (``make dashes``): corpus → ``pipeline/models/dashes/dashed_pairs.json``.

A title's dash between two lower-case words is either its own (``kinh tế - xã hội``: economy and society) or a
speck OCR read at a line's end (``đầu tư -`` then ``công``: public investment). Which it is, the corpus says: the
pair ``tế xã`` is written with a dash between 1,630 times and without 31 times; ``tư công`` never with one. This
counts, for every pair of lower-case syllables the corpus writes with a lone dash between (``a - b``), how often it
does so (``dashed``) and how often it writes the two next to each other with none (``plain``). Pairs never written
with a dash are not listed: their absence is the fact the parser uses.

Only ``../shared/corpus`` is read (never dev/ or heldout/). Deterministic.

    .venv/bin/python models/build_dashes.py [--corpus ../shared/corpus] [--out pipeline/models/dashes]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

_LOWER = "a-zđà-ỹạ-ỹ"
_DASHED = re.compile(rf"(?<!\w)([{_LOWER}]+) [-–] ([{_LOWER}]+)(?!\w)")
_PLAIN = re.compile(rf"(?<![\w-])([{_LOWER}]+) (?=([{_LOWER}]+)(?!\w))")


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("vbpl/*.txt")) + sorted(corpus.glob("laws/*.txt"))


def count_pairs(lines) -> tuple[Counter, Counter]:
    """(dashed, plain) counts of lower-case syllable pairs over the text lines."""
    dashed: Counter = Counter()
    plain: Counter = Counter()
    for line in lines:
        line = unicodedata.normalize("NFC", line)
        for m in _DASHED.finditer(line):
            dashed[(m.group(1), m.group(2))] += 1
        if " " in line:
            for m in _PLAIN.finditer(line):
                plain[(m.group(1), m.group(2))] += 1
    return dashed, plain


def build(corpus: Path) -> dict:
    files = corpus_files(corpus)
    if not files:
        raise SystemExit(f"no corpus text under {corpus} (vbpl/*.txt, laws/*.txt)")
    dashed: Counter = Counter()
    plain: Counter = Counter()
    for path in files:
        d, p = count_pairs(path.read_text(encoding="utf-8").splitlines())
        dashed.update(d)
        plain.update(p)
    pairs = {f"{a} {b}": [n, plain[(a, b)]] for (a, b), n in sorted(dashed.items())}
    return {"source": "../shared/corpus (vbpl, laws)", "files": len(files),
            "about": "pair 'a b' -> [times written 'a - b', times written 'a b']", "pairs": pairs}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--out", type=Path, default=ROOT / "pipeline" / "models" / "dashes")
    args = ap.parse_args(argv)
    data = build(args.corpus)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "dashed_pairs.json"
    head = {k: v for k, v in data.items() if k != "pairs"}
    pairs = ",\n".join(f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}" for k, v in data["pairs"].items())
    path.write_text(json.dumps(head, ensure_ascii=False)[:-1] + ', "pairs": {\n' + pairs + "\n}}\n", encoding="utf-8")
    print(f"{len(data['pairs'])} dashed pairs from {data['files']} files; {path} {path.stat().st_size // 1024} kB")


if __name__ == "__main__":
    sys.exit(main())
