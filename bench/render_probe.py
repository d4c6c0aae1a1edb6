"""A second dev render recipe, to probe how the header rules and the review carry over to pages set and degraded
otherwise than the pages they were tuned on.

``python -m bench.render_probe [--shared ../shared] [--show]``: every ``../shared/dev/vbpl`` text typeset with the
other font of ``bench.devrender`` (DejaVu ↔ Liberation), other seeds, subject blocks 0.75 / 0.92 / 0.55 wide, and
degradation ×1.5 (more blur, noise, JPEG loss, skew up to 0.9°), read by the pipeline (page results cached like
``bench.review_calib``'s), scored on the seven review fields. Dev material: it was used once to find failure kinds
(2026-12-04: subjects cut at a speck read as a full stop, a dot inside a capitals title, a speck at a body name's
end), so its figure is in-sample since then.
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from pathlib import Path
from typing import Any, Optional

from .datasets import CACHE, REPO, RENDER_FIELDS, Shared, record_fields, vbpl_gold_fields

STRENGTH = 1.5
WIDTHS = (0.75, 0.92, 0.55)
SEED_BASE = 5000


def build(shared: Shared, log=print) -> list[tuple[Any, Path, str]]:
    """(dev text, page PDF, exact text) per dev text, rendered when not cached."""
    from . import devrender
    from .render import degrade, ground_truth_text, render_pages, save_pdf, spec_from_text

    root = CACHE / f"render-probe-{STRENGTH}"
    out = []
    docs = shared.dev_vbpl()
    todo = [d for d in docs if not (root / d.name / "page.pdf").is_file()]
    if todo:
        log(f"render probe: rendering {len(todo)} page(s) under {root}")
    for i, doc in enumerate(docs):
        folder = root / doc.name
        pdf = folder / "page.pdf"
        if not pdf.is_file():
            seed, font, width = SEED_BASE + i, devrender.FONTS[(i + 1) % len(devrender.FONTS)], WIDTHS[i % 3]
            spec = devrender.one_page_spec(spec_from_text(doc.text), width)
            page = degrade(render_pages(spec, dpi=devrender.DPI, font=font, seed=seed, title_width=width)[0],
                           seed=seed, strength=STRENGTH)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "gt.txt").write_text(ground_truth_text(spec), encoding="utf-8")
            save_pdf([page], pdf, dpi=devrender.DPI, quality=90)
        out.append((doc, pdf, (folder / "gt.txt").read_text(encoding="utf-8")))
    return out


def score(shared: Shared, jobs: int = 2, log=print, show: bool = False):
    from .review_calib import outcomes, read_many, rebuild, summarise

    items = build(shared, log)
    pages = read_many([pdf for _, pdf, _ in items], jobs)
    found = []
    for (doc, pdf, text), page in zip(items, pages):
        record = rebuild(pdf, page)
        gold = vbpl_gold_fields(doc.gold, RENDER_FIELDS)
        mine = outcomes(doc.name, "probe", record, gold, text)
        found += mine
        for o in mine if show else ():
            if not o.correct or o.flagged:
                print(f"  {'WRONG' if not o.correct else 'ok   '} {'FLAG' if o.flagged else '    '} {o.confidence:.2f} "
                      f"{doc.name} {o.field:12} {str(record_fields(record).get(o.field))[:70]!r} "
                      f"gold {str(gold.get(o.field))[:70]!r}")
    per_field = Counter(o.field for o in found), Counter(o.field for o in found if o.correct)
    return summarise(found), per_field


def probe_rows(settings: Any) -> list:
    from .report import Row

    if not settings.shared.present or settings.quick:
        return []
    total, (count, right) = score(settings.shared, settings.jobs, settings.log)
    return [Row("fields", "dev render · probe recipe (review fields)", n=f"{total.fields} fields",
                pipeline=total.cell(),
                notes="dev texts, other font/seeds/title widths, degradation ×1.5; in-sample since 2026-12-04; "
                      + ", ".join(f"{f} {right[f]}/{count[f]}" for f in count),
                data=total.as_dict())]


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.render_probe", description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show", action="store_true", help="list every wrong or flagged field")
    args = parser.parse_args(argv)
    total, (count, right) = score(Shared(args.shared.resolve()), args.jobs, show=args.show)
    print(total.cell())
    print(", ".join(f"{f} {right[f]}/{count[f]}" for f in count))
    return 0


if __name__ == "__main__":
    import sys

    for _var in ("OMP_THREAD_LIMIT", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_var, "1")
    sys.exit(main())
