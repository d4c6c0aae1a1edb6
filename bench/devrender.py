"""The dev render set: one degraded page per ``../shared/dev/vbpl`` text, typeset by ``bench.render``.

Each text becomes a spec (``spec_from_text``) cut to the body paragraphs that fit on one page (no closing
block, like heldout/render), rendered at 300 dpi with a per-document seed and font (every third page with its subject in a narrow centred
block of short lines, ``NARROW_TITLE``), degraded, and read by
``tesseract -l eng`` and ``-l vie`` (default segmentation, ``OMP_THREAD_LIMIT=1``). Everything is cached under
``.cache/bench/devrender/<doc>-<hash>/`` (page.pdf, gt.txt, eng.txt, vie.txt), the hash covering the text, the
renderer's source, the settings and the Tesseract version, so reruns only read files.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional

from .datasets import CACHE, TextDoc, read_text

DPI = 300
STRENGTH = 1.0
FONTS = ("dejavu", "liberation")
RECIPE_VERSION = "2"
NARROW_TITLE = 0.6  # every third page sets its subject in a narrow centred block (many short title lines)


@dataclass
class DevPage:
    name: str
    folder: Path

    @property
    def pdf(self) -> Path:
        return self.folder / "page.pdf"

    @property
    def gt(self) -> str:
        return read_text(self.folder / "gt.txt")

    def ocr(self, lang: str) -> str:
        return read_text(self.folder / f"{lang}.txt")


@lru_cache(maxsize=1)
def tesseract_version() -> str:
    out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, check=False)
    return (out.stdout or out.stderr).splitlines()[0].strip() if (out.stdout or out.stderr) else "unknown"


def tesseract_text(image: Path, lang: str, *configs: str, timeout: float = 180) -> str:
    """``tesseract image stdout -l lang [configs]`` with one thread (``tsv``: the word table); the output as
    printed."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    out = subprocess.run(["tesseract", str(image), "stdout", "-l", lang, *configs], capture_output=True, env=env,
                         timeout=timeout, check=True)
    return out.stdout.decode("utf-8")


def _renderer_hash() -> str:
    import bench.render as render

    return hashlib.sha256(Path(render.__file__).read_bytes()).hexdigest()


def page_recipe(index: int) -> tuple[int, str, float]:
    """(seed, font, title width) of the page of the ``index``-th dev text."""
    return 1000 + index, FONTS[index % len(FONTS)], NARROW_TITLE if index % 3 == 2 else 0.92


def cache_key(text: str, index: int) -> str:
    seed, font, width = page_recipe(index)
    parts = [text, _renderer_hash(), str(seed), font, str(DPI), str(STRENGTH), tesseract_version(), RECIPE_VERSION,
             str(width)]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:16]


def one_page_spec(spec, width: float = 0.92):
    """``spec`` without its closing block, with as many leading body paragraphs as fit on one page (its subject
    set ``width`` wide)."""
    from bench.render import render_pages

    base = dataclasses.replace(spec, recipients=[], signer_authority=[], signer_name="")
    fits = lambda body: len(render_pages(dataclasses.replace(base, body=body), dpi=DPI, title_width=width)) == 1  # noqa: E731
    body = [p for p in spec.body if p.strip()]
    high = 1
    while high <= len(body) and fits(body[:high]):
        high *= 2
    low, high = high // 2, min(high, len(body) + 1)  # body[:low] fits (or low == 0), body[:high] does not
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if fits(body[:mid]) else (low, mid)
    if low == 0 and body:  # the first paragraph alone overflows: keep the words that fit
        words = body[0].split()
        lo, hi = 0, len(words)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if fits([" ".join(words[:mid])]) else (lo, mid)
        return dataclasses.replace(base, body=[" ".join(words[:lo])] if lo else [])
    return dataclasses.replace(base, body=body[:low])


def build_page(doc: TextDoc, index: int, folder: Path) -> DevPage:
    """Render, degrade and OCR one document into ``folder`` (written atomically: meta.json last)."""
    from bench.render import (
        degrade,
        ground_truth_text,
        render_pages,
        save_pdf,
        spec_from_text,
    )

    seed, font, width = page_recipe(index)
    spec = one_page_spec(spec_from_text(doc.text), width)
    page = degrade(render_pages(spec, dpi=DPI, font=font, seed=seed, title_width=width)[0], seed=seed,
                   strength=STRENGTH)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "gt.txt").write_text(ground_truth_text(spec), encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "page.png"
        page.save(png)
        for lang in ("eng", "vie"):
            (folder / f"{lang}.txt").write_text(tesseract_text(png, lang), encoding="utf-8")
    save_pdf([page], folder / "page.pdf", dpi=DPI, quality=90)
    meta = {"doc": doc.name, "seed": seed, "font": font, "dpi": DPI, "strength": STRENGTH,
            "tesseract": tesseract_version(), "body_paragraphs": len(spec.body), "title_width": width}
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return DevPage(doc.name, folder)


def dev_render_set(docs: list[TextDoc], jobs: int = 2, log: Optional[Callable[[str], None]] = None) -> list[DevPage]:
    """The rendered pages of ``docs`` (index = position in the full sorted dev list), built when not cached."""
    root = CACHE / "devrender"
    todo, pages = [], []
    for index, doc in enumerate(docs):
        folder = root / f"{doc.name}-{cache_key(doc.text, index)}"
        if (folder / "meta.json").is_file():
            pages.append(DevPage(doc.name, folder))
        else:
            todo.append((index, doc, folder))
    if todo and log:
        log(f"dev render: building {len(todo)} page(s) (cached under {root})")
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        pages += list(pool.map(lambda item: build_page(item[1], item[0], item[2]), todo))
    order = {d.name: i for i, d in enumerate(docs)}
    return sorted(pages, key=lambda p: order[p.name])
