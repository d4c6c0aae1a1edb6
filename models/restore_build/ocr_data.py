"""Make (truth, OCR) page pairs: corpus pages for training the confusion model, dev pages for tuning.

Training pages come from ``../shared/corpus`` only (random files and offsets drawn with a fixed seed); dev pages
from ``../shared/dev/vbpl`` (first page of each document), used only to measure and tune, never to train.
"""

from __future__ import annotations

import random
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .render import RenderSettings, render_and_ocr

CACHE = Path(".cache/restore/ocr")
HEAVY_SEED = 19450902


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("vbpl/*.txt")) + sorted(corpus.glob("laws/*.txt"))


def _paragraphs(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not set(ln.strip()) <= set("-_*=. ")]


def training_jobs(corpus: Path, n_pages: int, seed: int = 20240130,
                  heavy: bool = False) -> list[tuple[list[str], RenderSettings, int]]:
    """Choose ``n_pages`` chunks of corpus paragraphs (reproducibly) and a degradation for each (``heavy``:
    harsher, archive-like scans)."""
    rng = random.Random(seed)
    files = corpus_files(corpus)
    jobs = []
    for i in range(n_pages):
        paras = _paragraphs(rng.choice(files))
        start = 0 if rng.random() < 0.3 or len(paras) < 40 else rng.randrange(0, len(paras) - 30)
        chunk = [p[:1500] for p in paras[start:start + 40]]
        settings = RenderSettings.sample_heavy(rng) if heavy else RenderSettings.sample(rng)
        jobs.append((chunk, settings, seed + i))
    return jobs


def dev_jobs(dev_dir: Path, seed: int = 777) -> list[tuple[list[str], RenderSettings, int]]:
    rng = random.Random(seed)
    jobs = []
    for i, path in enumerate(sorted(dev_dir.glob("*.txt"))):
        jobs.append((_paragraphs(path)[:45], RenderSettings.sample(rng), seed + i))
    return jobs


def _run(args: tuple) -> dict:
    paras, settings, seed, langs, cache = args
    return render_and_ocr(paras, settings, seed, langs, cache)


def run_jobs(jobs: list, langs: tuple[str, ...], cache: Path, workers: int = 2) -> list[dict]:
    """Render and OCR every job with up to ``workers`` processes (each Tesseract single-threaded)."""
    args = [(p, s, sd, langs, cache) for p, s, sd in jobs]
    if workers <= 1:
        return [_run(a) for a in args]
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(_run, args, chunksize=1))


if __name__ == "__main__":
    shared = Path(__file__).resolve().parents[2].parent / "shared"
    what = sys.argv[1] if len(sys.argv) > 1 else "train"
    if what == "heavy":
        n = int(sys.argv[2]) if len(sys.argv) > 2 else 80
        recs = run_jobs(training_jobs(shared / "corpus", n, seed=HEAVY_SEED, heavy=True), ("eng", "vie"),
                        CACHE / "train")
    elif what == "dev":
        recs = run_jobs(dev_jobs(shared / "dev" / "vbpl"), ("eng", "vie"), CACHE / "dev")
    else:
        n = int(sys.argv[2]) if len(sys.argv) > 2 else 160
        recs = run_jobs(training_jobs(shared / "corpus", n), ("eng", "vie"), CACHE / "train")
    print(len(recs), "pages")
