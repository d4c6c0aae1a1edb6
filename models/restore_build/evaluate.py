"""Measure the restorer: syllable accuracy before → after on dev renders (eng, vie), mark-stripped dev vbpl text,
the seed (when its gold exists) and, with ``--heldout``, the heldout renders and vbpl texts (report only).

    .venv/bin/python -m models.restore_build.evaluate [--heldout] [--set KEY=VALUE ...]
"""

from __future__ import annotations

import argparse
import glob
import json
import time
from pathlib import Path

from pipeline.restore import Params, RestoreModel, Restorer
from pipeline.restore.metrics import syllable_accuracy
from pipeline.text import strip_marks

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
DEV_CACHE = ROOT / ".cache" / "restore" / "ocr" / "dev"


def _read(p: str | Path) -> str:
    return Path(p).read_text(encoding="utf-8")


def dev_sets() -> dict[str, list[tuple[str, str, str]]]:
    """name → [(doc id, input text, gold text)]."""
    sets: dict[str, list] = {"dev-eng": [], "dev-vie": [], "dev-stripped": []}
    for f in sorted(DEV_CACHE.glob("*.json")):
        rec = json.loads(f.read_text(encoding="utf-8"))
        sets["dev-eng"].append((f.stem, rec["eng"], rec["gt"]))
        sets["dev-vie"].append((f.stem, rec["vie"], rec["gt"]))
    for f in sorted((SHARED / "dev" / "vbpl").glob("*.txt")):
        gold = _read(f)
        sets["dev-stripped"].append((f.stem, strip_marks(gold), gold))
    seed_gold = ROOT / "samples" / "seed" / "kh58-lhh-bacgiang.gt.txt"
    if seed_gold.exists():
        sets["seed-eng"] = [("seed", _read(ROOT / "samples/seed/kh58-lhh-bacgiang-ocr-eng.txt"), _read(seed_gold))]
    return sets


def heldout_sets() -> dict[str, list[tuple[str, str, str]]]:
    sets: dict[str, list] = {"heldout-eng": [], "heldout-vie": [], "heldout-stripped": []}
    for g in sorted(glob.glob(str(SHARED / "heldout" / "render" / "*.gt.txt"))):
        gold = _read(g)
        doc = Path(g).name.split(".")[0]
        sets["heldout-eng"].append((doc, _read(g.replace(".gt.", ".eng.")), gold))
        sets["heldout-vie"].append((doc, _read(g.replace(".gt.", ".vie.")), gold))
    for f in sorted((SHARED / "heldout" / "vbpl").glob("*.txt")):
        gold = _read(f)
        sets["heldout-stripped"].append((f.stem, strip_marks(gold), gold))
    return sets


def evaluate(restorer: Restorer, sets: dict, verbose: bool = False) -> dict:
    results = {}
    for name, docs in sets.items():
        m0 = m1 = tot = 0
        worst = 0.0
        n_syl = 0
        t = time.perf_counter()
        for doc, inp, gold in docs:
            out = restorer.restore(inp).text
            a, n = syllable_accuracy(inp, gold)
            b, _ = syllable_accuracy(out, gold)
            m0, m1, tot = m0 + a, m1 + b, tot + n
            n_syl += len(inp.split())
            if n:
                worst = min(worst, (b - a) / n)
        dt = time.perf_counter() - t
        results[name] = {"before": m0 / max(tot, 1), "after": m1 / max(tot, 1), "gold_syllables": tot,
                         "worst_doc_delta": worst, "syl_per_s": n_syl / dt}
        print(f"{name:18s} {100 * m0 / max(tot, 1):6.2f}% → {100 * m1 / max(tot, 1):6.2f}%  "
              f"(n={tot}, worst doc {100 * worst:+.2f} pts, {n_syl / dt:,.0f} tokens/s)", flush=True)
    return results


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--heldout", action="store_true")
    ap.add_argument("--only", default="")
    ap.add_argument("--set", action="append", default=[])
    ap.add_argument("--model", type=Path, default=None)
    args = ap.parse_args()
    params = Params()
    for kv in args.set:
        k, v = kv.split("=")
        setattr(params, k, type(getattr(params, k))(float(v)))
    restorer = Restorer(RestoreModel(args.model), params)
    sets = heldout_sets() if args.heldout else dev_sets()
    if args.only:
        sets = {k: v for k, v in sets.items() if args.only in k}
    evaluate(restorer, sets)


if __name__ == "__main__":
    main()
