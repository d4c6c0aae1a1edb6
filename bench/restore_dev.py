"""Restoration on the dev render set, document by document: ``python -m bench.restore_dev [options]``.

Every cached dev render (``.cache/bench/devrender/<doc>-<hash>/``: gt.txt, vie.txt, eng.txt, all Tesseract output
without confidences) is restored and scored with ``syllable_accuracy``. Printed: raw vs restored totals for
``vie.txt`` and ``eng.txt``, the per-document change in points, the worst documents with their harmful edits
(raw token → restored token, with the truth), and the seed (``samples/seed``, English OCR). ``--set name=value``
overrides a ``Params`` field, to compare settings; ``--speed`` times the seed text with its marks stripped.
Also printed: what restoration changes in the *clean* dev vbpl texts (vie regime, no confidences): every change
there is either a wrong edit or a fix of a typo in the source, so it bounds the false edits on correct text.

Extra dev pages (``--build`` writes them under ``out/restore_dev/``, git-ignored; about 25 minutes on two cores):
each dev vbpl text's *next* page (the body paragraphs after the bench page, other seed and font), each bench
page's text degraded harder (strength 1.6), up to 16 'deep' pages of each text spread over the rest of its
body (fonts in turn, strengths 1.0 / 1.3 / 1.6), and every page of ``../shared/dev/born-digital`` (real signed PDFs,
Times New Roman) rasterised at 300 dpi, clean and degraded, truth from ``pdftotext -raw``.
They are read by ``tesseract -l vie`` only (no confidences) and scored beside the bench renders; the page image is
kept (``page.png``) for ``--pipeline``.

``--pipeline``: every page (bench renders and extra pages) is read again through the pipeline's own OCR
(``pipeline.extract.plan`` + ``read_page``, default Options, ``--jobs`` processes, about three minutes for all on
two cores), its (text, word confidences) cached as JSON (``pipeline.json`` beside an extra page,
``out/restore_dev/pipeline_cache/<folder>.json`` for a bench render: nothing is written under .cache), and raw vs
restored-with-confidences is scored per page, with the harmful and helpful edits, the same text restored without
confidences, the watched words the OCR reads confidently with a wrong mark (chi tiết, cổng, biểu), and the clean dev
vbpl texts restored with every word at confidence 0.96 (each change a false edit or a source typo fix).

Renders: identical (gt, vie) texts are scored once. The folder whose hash is the current
``bench.devrender.cache_key`` is the one ``bench.run`` scores (``--current`` keeps only those); older renders of
the same document (other renderer versions) are kept by default as more tuning data. Only dev data is read here:
nothing under ``../shared/heldout``.
"""

from __future__ import annotations

import os

for _var in ("OMP_THREAD_LIMIT", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import dataclasses  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import unicodedata  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

from rapidfuzz.distance import Levenshtein  # noqa: E402

from pipeline.restore import Params, Restorer, load_restorer  # noqa: E402
from pipeline.restore.metrics import _PUNCT, syllable_accuracy  # noqa: E402
from pipeline.restore.syllables import normalize_word  # noqa: E402
from pipeline.text import strip_marks  # noqa: E402

from .datasets import CACHE, REPO, SEED_GT, SEED_RAW, Shared, read_text  # noqa: E402


@dataclass
class Render:
    doc: str
    folder: Path
    current: bool


@dataclass
class DocResult:
    render: Render
    total: int
    raw: int
    restored: int
    harmful: list[tuple[str, str, str]] = field(default_factory=list)  # (raw token, restored token, truth)
    helpful: int = 0
    helpful_edits: list[tuple[str, str, str]] = field(default_factory=list)  # --pipeline only
    restored_text: str = ""  # --pipeline only

    @property
    def delta(self) -> float:
        return 100.0 * (self.restored - self.raw) / self.total if self.total else 0.0


def dev_renders(current_only: bool = False) -> list[Render]:
    """Every complete dev render folder (gt, vie, eng), the bench's current one marked."""
    root = CACHE / "devrender"
    current: set[str] = set()
    try:
        from .devrender import cache_key

        for index, doc in enumerate(Shared(REPO.parent / "shared").dev_vbpl()):
            current.add(f"{doc.name}-{cache_key(doc.text, index)}")
    except Exception as exc:  # no ../shared, no tesseract: every cached render counts, none is 'current'
        print(f"(current renders unknown: {type(exc).__name__}: {exc})", file=sys.stderr)
    out = []
    for folder in sorted(root.glob("*-*")) if root.is_dir() else []:
        if all((folder / f).is_file() for f in ("gt.txt", "vie.txt", "eng.txt")):
            r = Render(folder.name.rsplit("-", 1)[0], folder, folder.name in current)
            if r.current or not current_only:
                out.append(r)
    return out


EXTRA = REPO / "out" / "restore_dev"
DEEP_PAGES = 16                    # 'deep' pages per dev text, spread over the body after the 'next' page
DEEP_STRENGTHS = (1.0, 1.3, 1.6)  # their degradation strengths, in turn
BORN_DIGITAL = REPO.parent / "shared" / "dev" / "born-digital"


def extra_pages() -> list[Render]:
    """The pages ``--build`` wrote (gt.txt + vie.txt), grouped by set through their name prefix."""
    if not EXTRA.is_dir():
        return []
    return [Render(f.name, f, False) for f in sorted(EXTRA.iterdir())
            if (f / "gt.txt").is_file() and (f / "vie.txt").is_file()]


def _write_page(folder: Path, image, gold: str, meta: dict) -> None:
    import json

    from .devrender import tesseract_text

    folder.mkdir(parents=True, exist_ok=True)
    png = folder / "page.png"  # kept: ``--pipeline`` reads it again through the pipeline's own OCR
    image.save(png)
    (folder / "vie.txt").write_text(tesseract_text(png, "vie"), encoding="utf-8")
    (folder / "gt.txt").write_text(gold, encoding="utf-8")
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")


def _deep_specs(spec, start: int, pages: int = DEEP_PAGES) -> list:
    """Up to ``pages`` one-page specs of ``spec``'s body from paragraph ``start`` on, their starts spread evenly
    over the rest of the body (a long text gives pages from its middle and end, not only the next ones)."""
    from .devrender import one_page_spec

    body = [p for p in spec.body if p.strip()]
    rest = len(body) - start
    out, pos = [], start
    for k in range(pages):
        pos = max(pos, start + (k * rest) // pages)
        if pos >= len(body):
            break
        page = one_page_spec(dataclasses.replace(spec, body=body[pos:]))
        if not page.body:
            break
        out.append(page)
        pos += max(1, len(page.body))
    return out


def build_extra(log=print, jobs_n: int = 2) -> None:
    """Render and OCR the extra dev pages (skips pages already built). Dev data only."""
    import subprocess
    import tempfile
    from concurrent.futures import ThreadPoolExecutor

    from PIL import Image

    from bench.render import degrade, ground_truth_text, render_pages, spec_from_text

    from .devrender import DPI, FONTS, one_page_spec, page_recipe

    docs = Shared(REPO.parent / "shared").dev_vbpl()
    for index, doc in enumerate(docs):
        spec = spec_from_text(doc.text)
        first = one_page_spec(spec)
        body = [p for p in spec.body if p.strip()]
        hard_seed, hard_font, _ = page_recipe(index)  # the bench page's seed and font, degraded harder
        jobs = [("hard", first, hard_seed, hard_font, 1.6)]
        if len(body) > len(first.body):
            rest = one_page_spec(dataclasses.replace(spec, body=body[len(first.body):]))
            if rest.body:
                jobs.append(("next", rest, 5000 + index, FONTS[(index + 1) % len(FONTS)], 1.0))
        start = len(first.body) + (len(jobs[1][1].body) if len(jobs) > 1 else 0)
        for k, page_spec in enumerate(_deep_specs(spec, start)):
            jobs.append((f"deep{k}", page_spec, 7000 + 20 * index + k, FONTS[(index + k) % len(FONTS)],
                         DEEP_STRENGTHS[(index + k) % len(DEEP_STRENGTHS)]))
        todo = [(kind, *rest) for kind, *rest in jobs if not (EXTRA / f"{kind}-{doc.name}" / "meta.json").is_file()]

        def build(job):
            kind, page_spec, seed, font, strength = job
            page = degrade(render_pages(page_spec, dpi=DPI, font=font, seed=seed)[0], seed=seed, strength=strength)
            _write_page(EXTRA / f"{kind}-{doc.name}", page, ground_truth_text(page_spec),
                        {"doc": doc.name, "kind": kind, "seed": seed, "font": font, "strength": strength})
            return f"{kind}-{doc.name}"

        with ThreadPoolExecutor(max_workers=jobs_n) as pool:  # Tesseract runs as a subprocess: threads suffice
            for name in pool.map(build, todo):
                log(f"built {name}")
    for n, pdf in enumerate(sorted(BORN_DIGITAL.glob("*.pdf"))):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        for page_no in range(1, pages + 1):
            gold = subprocess.run(["pdftotext", "-raw", "-f", str(page_no), "-l", str(page_no), str(pdf), "-"],
                                  capture_output=True, text=True, check=True).stdout
            if len(gold.split()) < 30:
                continue  # a near-empty page (signature box only)
            with tempfile.TemporaryDirectory() as tmp:
                subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-f", str(page_no), "-l", str(page_no),
                                str(pdf), f"{tmp}/p"], check=True)
                image = Image.open(next(Path(tmp).glob("p*.png"))).convert("L")
                image.load()
            for kind, strength in (("born", 0.0), ("bornscan", 1.0)):
                folder = EXTRA / f"{kind}-{n}-p{page_no}"
                if (folder / "meta.json").is_file():
                    continue
                seed = 9000 + 10 * n + page_no
                shown = degrade(image, seed=seed, strength=strength) if strength else image
                _write_page(folder, shown, gold, {"pdf": pdf.name, "page": page_no, "seed": seed,
                                                   "strength": strength})
                log(f"built {folder.name}")


def _keys(text: str) -> list[tuple[str, str]]:
    """(scoring key, token as written) for every token the metric counts."""
    out = []
    for tok in unicodedata.normalize("NFC", text).split():
        key = tok.lower().strip(_PUNCT)
        if key:
            out.append((normalize_word(key), tok))
    return out


def token_edits(raw: str, restored: str, gold: str) -> tuple[list[tuple[str, str, str]], int]:
    """Harmful edits (raw token right, restored wrong) as (raw, restored, truth), and the count of helpful ones."""
    harmful, helpful = edit_lists(raw, restored, gold)
    return harmful, len(helpful)


def edit_lists(raw: str, restored: str, gold: str) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """Harmful edits (raw token right, restored wrong) and helpful ones (raw wrong, restored right), each as
    (raw, restored, truth).

    Raw and restored text have the same tokens (the restorer rewrites tokens in place); raw tokens are aligned
    to gold ones by a Levenshtein alignment, a replaced block of equal length paired one to one."""
    rk, sk, gk = _keys(raw), _keys(restored), _keys(gold)
    if len(rk) != len(sk):  # a token restored to nothing: fall back to no details
        return [], []
    truth: dict[int, str] = {}
    for op in Levenshtein.opcodes([k for k, _ in rk], [k for k, _ in gk]):
        if op.tag == "equal" or op.tag == "replace" and op.src_end - op.src_start == op.dest_end - op.dest_start:
            for i in range(op.src_end - op.src_start):
                truth[op.src_start + i] = gk[op.dest_start + i][0]
    harmful, helpful = [], []
    for i, ((r, rtok), (s, stok)) in enumerate(zip(rk, sk)):
        if r == s or i not in truth:
            continue
        if r == truth[i]:
            harmful.append((rtok, stok, truth[i]))
        elif s == truth[i]:
            helpful.append((rtok, stok, truth[i]))
    return harmful, helpful


def score_doc(restorer: Restorer, render: Render, lang: str) -> DocResult:
    gold, raw = read_text(render.folder / "gt.txt"), read_text(render.folder / f"{lang}.txt")
    restored = restorer.restore(raw).text
    m_raw, total = syllable_accuracy(raw, gold)
    m_fix, _ = syllable_accuracy(restored, gold)
    harmful, helpful = token_edits(raw, restored, gold)
    return DocResult(render, total, m_raw, m_fix, harmful, helpful)


# ---------- --pipeline: each page read by the pipeline's own OCR, restored with its word confidences ----------
PIPELINE_CACHE = EXTRA / "pipeline_cache"


def page_image(render: Render) -> Path | None:
    """The page image a render folder keeps: page.pdf (bench renders) or page.png (extra pages)."""
    for name in ("page.pdf", "page.png"):
        if (render.folder / name).is_file():
            return render.folder / name
    return None


def pipeline_cache_path(render: Render) -> Path:
    """Where a page's pipeline reading is cached: beside the page for the extra pages (out/restore_dev), under
    out/restore_dev/pipeline_cache/ for the bench renders (.cache is never written here)."""
    if render.folder.parent == EXTRA:
        return render.folder / "pipeline.json"
    return PIPELINE_CACHE / f"{render.folder.name}.json"


def pipeline_read(image: str) -> dict:
    """OCR one page file as ``pipeline.extract`` does (plan + read_page, default Options, one process)."""
    from pipeline.extract import plan, read_page
    from pipeline.options import Options

    options = Options(jobs=1)
    texts: list[str] = []
    confidences: list[float] | None = []
    for page in plan(image, options).pages:
        result = read_page(page, options)
        if result.error:
            raise RuntimeError(f"{image} page {page.number}: {result.error}")
        texts.append(result.text)
        if result.confidences is None or confidences is None:
            confidences = None
        else:
            confidences.extend(result.confidences)
    return {"text": "\n".join(texts), "confidences": confidences, "kind": result.kind}


def pipeline_readings(renders: list[Render], jobs: int = 2, log=print) -> dict[str, dict]:
    """(text, confidences) of every page, OCR-ing (``jobs`` processes) only the pages not cached yet."""
    import json
    from concurrent.futures import ProcessPoolExecutor, as_completed

    out: dict[str, dict] = {}
    todo: list[tuple[Render, Path, Path]] = []
    for r in renders:
        cache, image = pipeline_cache_path(r), page_image(r)
        if cache.is_file():
            out[r.folder.name] = json.loads(read_text(cache))
        elif image is not None:
            todo.append((r, cache, image))
        else:
            log(f"  (no page image in {r.folder}: skipped)")
    if todo:
        log(f"pipeline OCR of {len(todo)} pages ({jobs} processes), cached for the next runs")
        started = time.perf_counter()
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(pipeline_read, str(image)): (r, cache) for r, cache, image in todo}
            for n, fut in enumerate(as_completed(futures), 1):
                r, cache = futures[fut]
                reading = fut.result()
                cache.parent.mkdir(parents=True, exist_ok=True)
                cache.write_text(json.dumps(reading, ensure_ascii=False), encoding="utf-8")
                out[r.folder.name] = reading
                if n % 20 == 0 or n == len(todo):
                    log(f"  {n}/{len(todo)} pages, {time.perf_counter() - started:.0f}s")
    return out


def score_pipeline(restorer: Restorer, render: Render, reading: dict, use_conf: bool = True) -> DocResult:
    """Raw pipeline OCR text vs the same text restored with (or without) its word confidences."""
    gold, raw = read_text(render.folder / "gt.txt"), reading["text"]
    conf = reading.get("confidences") if use_conf else None
    if conf is not None and len(conf) != len(raw.split()):
        print(f"  ({render.folder.name}: {len(conf)} confidences for {len(raw.split())} tokens: scored without)",
              file=sys.stderr)
        conf = None
    restored = restorer.restore(raw, conf).text
    m_raw, total = syllable_accuracy(raw, gold)
    m_fix, _ = syllable_accuracy(restored, gold)
    harmful, helpful = edit_lists(raw, restored, gold)
    return DocResult(render, total, m_raw, m_fix, harmful, len(helpful), helpful, restored)


# words the vie OCR reads confidently with wrong marks (bold titles, short lines): right ones in gold vs output
WATCH = ("chi tiết", "cổng", "biểu", "thị trấn")


def watch_counts(results: list[DocResult], readings: dict[str, dict]) -> None:
    """For each watched phrase: occurrences in gold, in the raw pipeline text and in the restored text (counted
    as lower-case whole-word matches; a page counts at most its gold occurrences)."""
    def count(text: str, phrase: str) -> int:
        return len(re.findall(rf"(?<!\w){re.escape(phrase)}(?!\w)", unicodedata.normalize("NFC", text).lower()))

    parts = []
    for phrase in WATCH:
        gold = raw = fixed = 0
        for r in results:
            g = count(read_text(r.render.folder / "gt.txt"), phrase)
            gold += g
            raw += min(g, count(readings[r.render.folder.name]["text"], phrase))
            fixed += min(g, count(r.restored_text, phrase))
        parts.append(f"{phrase}: raw {raw}/{gold} → restored {fixed}/{gold}")
    print(f"{'watched words right':<28} " + ", ".join(parts))


def pipeline_report(restorer: Restorer, renders: list[Render], worst: int, jobs: int):
    from collections import Counter

    readings = pipeline_readings(renders, jobs)
    pages = [r for r in renders if r.folder.name in readings]
    results = [score_pipeline(restorer, r, readings[r.folder.name]) for r in pages]
    plain = [score_pipeline(restorer, r, readings[r.folder.name], use_conf=False) for r in pages]
    print("per page (pipeline OCR, restored with confidences), worst first: delta pts, raw → restored, "
          "harmful/helpful edits")
    for r in sorted(results, key=lambda r: r.delta)[:max(worst, 12)]:
        mark = "*" if r.render.current else " "
        print(f"  {mark} {r.render.folder.name:<30} {r.total:5d} syl {r.delta:+.2f}  {_pct(r.raw, r.total)} → "
              f"{_pct(r.restored, r.total)}  {len(r.harmful)}/{r.helpful}")
    print("\nharmful edits (raw → restored, truth), worst pages first:")
    for r in [r for r in sorted(results, key=lambda r: r.delta) if r.harmful][:worst]:
        print(f"  {r.render.folder.name}: " + ", ".join(f"{a}→{b} ({t})" for a, b, t in r.harmful))

    def key(e):
        return normalize_word(e[0].lower().strip(_PUNCT)), normalize_word(e[1].lower().strip(_PUNCT))

    for label, edits in (("harmful", [e for r in results for e in r.harmful]),
                         ("helpful", [e for r in results for e in r.helpful_edits])):
        common = Counter(key(e) for e in edits).most_common(40)
        print(f"most frequent {label} edits, all pages: " + ", ".join(f"{a}→{b}×{n}" for (a, b), n in common))
    print()
    summary(results, "pipeline+conf, every page")
    summary(plain, "pipeline no conf, every page")
    n_bench = sum(1 for r in pages if r.folder.parent != EXTRA)
    summary(results[:n_bench], "pipeline+conf, dev renders")
    for prefix in ("next-", "hard-", "deep", "born-", "bornscan-"):
        group = [r for r in results[n_bench:] if r.render.folder.name.startswith(prefix)]
        if group:
            summary(group, f"pipeline+conf, extra {prefix.rstrip('-')}")
    watch_counts(results, readings)
    clean_texts(restorer, confidence=0.96)
    return results, readings


def pipeline_speed(restorer: Restorer, readings: dict[str, dict], reps: int = 3) -> float:
    """Syllables/s restoring every pipeline page with its confidences (median of ``reps`` passes)."""
    from pipeline.restore.metrics import syllables

    pages = [(r["text"], r.get("confidences")) for r in readings.values()]
    pages = [(t, c if c is not None and len(c) == len(t.split()) else None) for t, c in pages]
    count = sum(len(syllables(t)) for t, _ in pages)
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        for t, c in pages:
            restorer.restore(t, c)
        times.append(time.perf_counter() - started)
    return count / sorted(times)[len(times) // 2]
    conf = [c for r in pages for c in (readings[r.folder.name].get("confidences") or [])]
    if conf:
        high = sum(c >= restorer.params.confident for c in conf)
        print(f"{'confidences':<28} {len(conf):,} words, {100.0 * high / len(conf):.1f}% ≥ {restorer.params.confident}")


def _pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:.2f}%" if b else "-"


def summary(results: list[DocResult], label: str) -> dict[str, float]:
    total = sum(r.total for r in results)
    raw = sum(r.raw for r in results)
    fixed = sum(r.restored for r in results)
    worst = min((r.delta for r in results), default=0.0)
    below1 = sum(r.delta < -0.1 for r in results)
    below2 = sum(r.delta < -0.2 for r in results)
    harm = sum(len(r.harmful) for r in results)
    helped = sum(r.helpful for r in results)
    print(f"{label:<28} {len(results):3d} docs {total:7,d} syl  raw {_pct(raw, total)} → restored "
          f"{_pct(fixed, total)} ({100.0 * (fixed - raw) / max(total, 1):+.2f} pts)  worst doc {worst:+.2f}  "
          f"docs < -0.1: {below1}  < -0.2: {below2}  harmful/helpful edits {harm}/{helped}")
    return {"raw": raw / max(total, 1), "restored": fixed / max(total, 1), "worst": worst}


def speed(restorer: Restorer, reps: int = 5) -> float:
    """Syllables/s restoring the seed gold text with its marks stripped (as bench.speed.restore_row)."""
    from pipeline.restore.metrics import syllables

    text = strip_marks(read_text(SEED_GT))
    count = len(syllables(text))
    restorer.restore(text)
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        restorer.restore(text)
        times.append(time.perf_counter() - started)
    return count / sorted(times)[len(times) // 2]


def clean_texts(restorer: Restorer, confidence: float | None = None) -> None:
    """Restore the clean dev vbpl texts and count the tokens that change (each a wrong edit or a source typo fix);
    with ``confidence``, every word is given that OCR confidence."""
    from collections import Counter

    changes: Counter = Counter()
    tokens = 0
    for doc in Shared(REPO.parent / "shared").dev_vbpl():
        text = doc.text
        out = restorer.restore(text, None if confidence is None else [confidence] * len(text.split()))
        tokens += len(out.tokens)
        for tok in out.tokens:
            a = normalize_word(tok.original.lower().strip(_PUNCT))
            b = normalize_word(tok.text.lower().strip(_PUNCT))
            if a != b:
                changes[a, b] += 1
    if tokens:
        label = "clean dev vbpl texts" + (f", conf {confidence}" if confidence is not None else "")
        print(f"{label:<28} {tokens:,} tokens, {sum(changes.values())} changed: "
              + ", ".join(f"{a}→{b}×{n}" for (a, b), n in changes.most_common()))


def _override(params: Params, items: list[str]) -> Params:
    kinds = {f.name: f.type for f in dataclasses.fields(Params)}
    changes = {}
    for item in items:
        name, _, value = item.partition("=")
        if name not in kinds:
            raise SystemExit(f"unknown Params field {name!r}")
        kind = str(kinds[name])
        changes[name] = None if "None" in kind and value.lower() == "none" else \
            value.lower() in ("1", "true", "yes") if "bool" in kind else \
            int(value) if "int" in kind else float(value)
    return dataclasses.replace(params, **changes)


def _dedupe(renders: list[Render]) -> list[Render]:
    """One render per distinct (gt, vie) text: most older renders OCR to the very same text as the current one."""
    import hashlib

    seen, out = set(), []
    for r in sorted(renders, key=lambda r: not r.current):
        key = hashlib.sha256((read_text(r.folder / "gt.txt") + "\x00" + read_text(r.folder / "vie.txt")).encode())
        if key.digest() not in seen:
            seen.add(key.digest())
            out.append(r)
    return sorted(out, key=lambda r: r.folder.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.restore_dev", description=__doc__.splitlines()[0])
    parser.add_argument("--current", action="store_true", help="only the renders bench.run scores (no extra pages)")
    parser.add_argument("--build", action="store_true", help="build the extra dev pages first (out/restore_dev)")
    parser.add_argument("--worst", type=int, default=6, help="documents whose harmful edits are listed")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="override a Params field")
    parser.add_argument("--model", type=Path, default=None, help="a restore model directory (default models/restore)")
    parser.add_argument("--no-eng", action="store_true", help="skip eng.txt (plain regime)")
    parser.add_argument("--speed", action="store_true", help="also time the seed text with marks stripped")
    parser.add_argument("--doc", default="", help="only pages whose folder name contains this")
    parser.add_argument("--pipeline", action="store_true",
                        help="read every page through the pipeline's OCR (cached) and restore with its confidences")
    parser.add_argument("--jobs", type=int, default=2, help="--pipeline: OCR processes for the pages not cached")
    args = parser.parse_args(argv)

    if args.build:
        build_extra()
    base = load_restorer(args.model)
    restorer = Restorer(base.model, _override(Params(), args.set)) if args.set else base
    renders = [r for r in _dedupe(dev_renders(args.current)) if args.doc in r.folder.name]
    extras = [] if args.current else [r for r in extra_pages() if args.doc in r.folder.name]
    if not renders and not extras:
        print("no dev renders under .cache/bench/devrender (python -m bench.run builds them)")
        return 1
    if args.pipeline:
        _, readings = pipeline_report(restorer, renders + extras, args.worst, args.jobs)
        if args.speed:
            print(f"{'speed (seed, marks stripped)':<28} {speed(restorer):,.0f} syllables/s")
            print(f"{'speed (pipeline pages, conf)':<28} {pipeline_speed(restorer, readings):,.0f} syllables/s")
        return 0
    vie = [score_doc(restorer, r, "vie") for r in renders + extras]

    print("per page (vie.txt, no confidences), worst first: delta pts, raw → restored, harmful/helpful edits")
    for r in sorted(vie, key=lambda r: r.delta)[:max(args.worst, 12)]:
        mark = "*" if r.render.current else " "
        print(f"  {mark} {r.render.folder.name:<30} {r.total:5d} syl {r.delta:+.2f}  {_pct(r.raw, r.total)} → "
              f"{_pct(r.restored, r.total)}  {len(r.harmful)}/{r.helpful}")
    print("  (* = the render bench.run scores)")
    print("\nharmful edits on the worst pages that have any (raw → restored, truth):")
    for r in [r for r in sorted(vie, key=lambda r: r.delta) if r.harmful][:args.worst]:
        if r.harmful:
            edits = ", ".join(f"{a}→{b} ({t})" for a, b, t in r.harmful)
            print(f"  {r.render.folder.name}: {edits}")
    every = [e for r in vie for e in r.harmful]
    if every:
        from collections import Counter

        common = Counter((normalize_word(a.lower().strip(_PUNCT)), normalize_word(b.lower().strip(_PUNCT)))
                         for a, b, _ in every).most_common(20)
        print("most frequent harmful edits, all pages: " + ", ".join(f"{a}→{b}×{n}" for (a, b), n in common))
    print()
    n_bench = len(renders)
    summary(vie, "vie, every page")
    summary(vie[:n_bench], "vie, dev renders (distinct)")
    summary([r for r in vie[:n_bench] if r.render.current], "vie, dev renders (bench)")
    for prefix in ("next-", "hard-", "deep", "born-", "bornscan-"):
        group = [r for r in vie[n_bench:] if r.render.folder.name.startswith(prefix)]
        if group:
            summary(group, f"vie, extra {prefix.rstrip('-')}")
    if not args.no_eng:
        bench = [r for r in renders if r.current] or renders
        eng = [score_doc(restorer, r, "eng") for r in bench]
        summary(eng, "eng, dev renders (bench)")
    if not args.current and not args.doc:
        clean_texts(restorer)
    seed_raw, seed_gold = read_text(SEED_RAW), read_text(SEED_GT)
    m_raw, n = syllable_accuracy(seed_raw, seed_gold)
    m_fix, _ = syllable_accuracy(restorer.restore(seed_raw).text, seed_gold)
    print(f"{'seed (eng OCR)':<28} raw {_pct(m_raw, n)} → restored {_pct(m_fix, n)}")
    if args.speed:
        print(f"{'speed (seed, marks stripped)':<28} {speed(restorer):,.0f} syllables/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
