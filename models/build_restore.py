"""Build the restore model (``make model``): corpus → syllable vocabulary + KN trigram LM; rendered corpus pages
→ OCR confusion tables. Writes ``pipeline/models/restore/lm.npz`` and ``pipeline/models/restore/meta.json.gz``.

Only ``../shared/corpus`` is read for training. Deterministic: fixed page-sampling and degradation seeds; the
Tesseract output of each rendered page is cached under ``.cache/restore/ocr/train`` so a rebuild takes ~1 min.

    .venv/bin/python models/build_restore.py [--corpus ../shared/corpus] [--out pipeline/models/restore] [--workers 2]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

import numpy as np

if __package__ in (None, ""):  # run as a script (python models/build_restore.py): make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models.restore_build.confusion import learn
from models.restore_build.lm import (
    build_kn,
    build_vocab,
    code_segments,
    encode,
    iter_sentences,
)
from models.restore_build.ocr_data import (
    CACHE,
    HEAVY_SEED,
    corpus_files,
    run_jobs,
    training_jobs,
)
from models.restore_build.render import cache_path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--out", type=Path, default=ROOT / "pipeline" / "models" / "restore")
    ap.add_argument("--pages", type=int, default=69, help="rendered corpus pages for the confusion model")
    ap.add_argument("--heavy-pages", type=int, default=48, help="more pages, degraded like archive scans")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=20240130)
    ap.add_argument("--min-trigram", type=int, default=2, help="keep trigrams seen at least this often")
    ap.add_argument("--cached-only", action="store_true", help="use only pages already OCR'd (quick rebuilds)")
    args = ap.parse_args(argv)
    t0 = time.time()
    files = corpus_files(args.corpus)
    if not files:
        raise SystemExit(f"no corpus under {args.corpus}")
    sentences = list(iter_sentences(files))
    vocab, n_syll, _ = build_vocab(sentences)
    ids = encode(sentences, vocab)
    lm = build_kn(ids, len(vocab), bos=0, min_tri=args.min_trigram)
    print(f"LM: {len(sentences)} sentences, {len(ids)} ids, vocab {len(vocab)} ({n_syll} syllables), "
          f"{len(lm['tri_keys'])} trigrams, {len(lm['bi_keys'])} bigrams [{time.time() - t0:.0f}s]", flush=True)
    jobs = training_jobs(args.corpus, args.pages, seed=args.seed) + \
        training_jobs(args.corpus, args.heavy_pages, seed=HEAVY_SEED, heavy=True)
    cache = ROOT / CACHE / "train"
    if args.cached_only:
        jobs = [j for j in jobs if cache_path(j[0], j[1], j[2], ("eng", "vie"), cache).exists()]
    pages = run_jobs(jobs, ("eng", "vie"), cache, workers=args.workers)
    conf = learn(pages)
    in_vocab = set(vocab)
    pairs = {lang: {o: {t: n for t, n in d.items() if t in in_vocab} for o, d in table.items()}
             for lang, table in conf["pairs"].items()}
    pairs = {lang: {o: d for o, d in table.items() if d} for lang, table in pairs.items()}
    print(f"confusion: {len(pages)} pages, {len(conf['rules'])} rules, "
          f"{ {k: len(v) for k, v in pairs.items()} } observed forms [{time.time() - t0:.0f}s]", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out / "lm.npz", **lm)
    meta = {
        "vocab": vocab, "n_syllables": n_syll, "pairs": pairs, "truth_counts": conf["truth_counts"],
        "rules": conf["rules"], "code_segments": code_segments(files),
        "settings": {"pages": args.pages, "heavy_pages": args.heavy_pages, "seed": args.seed, "corpus_files": len(files), "order": 3,
                     "smoothing": "interpolated Kneser-Ney, trigrams seen once pruned"
                     if args.min_trigram == 2 else f"interpolated Kneser-Ney, trigrams seen < {args.min_trigram} pruned",
                     "min_trigram": args.min_trigram},
    }
    with gzip.GzipFile(args.out / "meta.json.gz", "wb", mtime=0) as fh:
        fh.write(json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    size = sum(f.stat().st_size for f in args.out.iterdir())
    print(f"wrote {args.out} ({size / 1e6:.1f} MB) in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
