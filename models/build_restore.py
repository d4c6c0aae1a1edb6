"""Build the restore model (``make model``): corpus → syllable vocabulary + KN trigram LM; rendered corpus pages
→ OCR confusion tables. Writes ``pipeline/models/restore/lm.npz`` and ``pipeline/models/restore/meta.json.gz``.

Only ``../shared/corpus`` is read for training, and one word list a package ships: underthesea's ``Viet74K.txt``
(74k Vietnamese words, ``chi bộ``, ``phấn đấu``), read from the installed package's files (``make model`` installs
the ``bench`` extra; ``--no-lexicon`` builds without it). Its adjacent syllable pairs whose syllables are both in the
vocabulary are shipped as ``lexicon`` in ``meta.json.gz`` (the restorer's word-lexicon prior, ``Params.lexicon_bonus``).
Deterministic: fixed page-sampling and degradation seeds; the Tesseract output of each rendered page is cached under
``.cache/restore/ocr/train`` so a rebuild takes ~1 min.

    .venv/bin/python models/build_restore.py [--corpus ../shared/corpus] [--out pipeline/models/restore] [--workers 2]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
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
from pipeline.restore.syllables import normalize_word

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# The word list: (package, path inside the package). underthesea is installed by the `bench` extra.
WORD_LIST = ("underthesea", "corpus/data/Viet74K.txt")


def word_list_path() -> Path | None:
    """The installed word list (found without importing the package), or None when the package is absent."""
    package, rel = WORD_LIST
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    for base in spec.submodule_search_locations:
        path = Path(base) / rel
        if path.is_file():
            return path
    return None


def lexicon_pairs(path: Path, syllables: set[str]) -> list[str]:
    """Every pair of adjacent syllables inside a multi-syllable word of the list (``điện biên phủ`` gives ``điện
    biên`` and ``biên phủ``), normalised and lower-cased, both syllables in ``syllables``; sorted, space-joined."""
    pairs: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        words = [normalize_word(w).lower() for w in line.split()]
        for a, b in zip(words, words[1:]):
            if a in syllables and b in syllables:
                pairs.add(f"{a} {b}")
    return sorted(pairs)


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
    ap.add_argument("--no-lexicon", action="store_true", help="ship no word-lexicon pairs (no underthesea needed)")
    args = ap.parse_args(argv)
    t0 = time.time()
    lexicon_path = None
    if not args.no_lexicon:
        lexicon_path = word_list_path()
        if lexicon_path is None:
            raise SystemExit(f"word list {WORD_LIST[1]} of the {WORD_LIST[0]!r} package not found: install it "
                             f"(`.venv/bin/pip install -e '.[bench]'`, as `make model` does) or build with --no-lexicon")
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
    lexicon: list[str] = []
    lexicon_settings = None
    if lexicon_path is not None:
        lexicon = lexicon_pairs(lexicon_path, set(vocab[4:4 + n_syll]))
        lexicon_settings = {"file": f"{WORD_LIST[0]}/{WORD_LIST[1]}",
                            "sha256": hashlib.sha256(lexicon_path.read_bytes()).hexdigest(), "pairs": len(lexicon)}
        print(f"lexicon: {len(lexicon)} syllable pairs from {lexicon_path}", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out / "lm.npz", **lm)
    meta = {
        "vocab": vocab, "n_syllables": n_syll, "pairs": pairs, "truth_counts": conf["truth_counts"],
        "rules": conf["rules"], "code_segments": code_segments(files), "lexicon": lexicon,
        "settings": {"pages": args.pages, "heavy_pages": args.heavy_pages, "seed": args.seed, "corpus_files": len(files), "order": 3,
                     "smoothing": "interpolated Kneser-Ney, trigrams seen once pruned"
                     if args.min_trigram == 2 else f"interpolated Kneser-Ney, trigrams seen < {args.min_trigram} pruned",
                     "min_trigram": args.min_trigram, "lexicon": lexicon_settings},
    }
    with gzip.GzipFile(args.out / "meta.json.gz", "wb", mtime=0) as fh:
        fh.write(json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    size = sum(f.stat().st_size for f in args.out.iterdir())
    print(f"wrote {args.out} ({size / 1e6:.1f} MB) in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
