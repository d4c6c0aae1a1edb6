"""A dash between two lower-case words of a title: the title's own, or a speck, as the corpus writes the pair.

A speck at the end of a title line reads as a dash (``giải ngân vốn đầu tư -`` then ``công``), and a title may
wrap at its own dash (``phát triển kinh tế -`` then ``xã hội``). ``pipeline/models/dashes/dashed_pairs.json``
(built by ``make dashes`` from ../shared/corpus: ``models/build_dashes.py``) lists each pair of lower-case
syllables the corpus writes with a lone dash between, with how often it does and how often it writes the pair with
none: ``tế xã`` 1,630 and 31 times. A pair written so at least ``OWN_MIN`` times, and more often with the dash than
without, takes it; a pair never written with one that the restore model's word pairs hold (``tư công``: the corpus
writes it, always without) makes the dash a speck. Without the built file or the restore model, no word is said.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Optional

DASHES_FILE = Path(__file__).resolve().parents[1] / "models" / "dashes" / "dashed_pairs.json"

OWN_MIN = 3  # a pair the corpus writes with a dash at least this often, and more often than without, takes it


@lru_cache(maxsize=1)
def dashed_pairs() -> dict[str, tuple[int, int]]:
    """``"a b"`` → (times the corpus writes ``a - b``, times it writes ``a b``); empty when not built."""
    if not DASHES_FILE.is_file():
        return {}
    data = json.loads(DASHES_FILE.read_text(encoding="utf-8"))
    return {pair: (int(counts[0]), int(counts[1])) for pair, counts in data.get("pairs", {}).items()}


def dash_between(before: str, after: str) -> Optional[str]:
    """``"own"`` when the corpus writes ``before - after`` with its dash, ``"speck"`` when it writes the two words
    together and never with a dash between, ``"never"`` when it knows both words and writes the pair neither way,
    else None (the corpus does not say)."""
    from pipeline.restore import shipped_model  # noqa: PLC0415 - the restore model is loaded once per process

    pairs = dashed_pairs()
    if not pairs:
        return None
    a, b = before.lower(), after.lower()
    counts = pairs.get(f"{a} {b}")
    if counts is not None:
        dashed, plain = counts
        return "own" if dashed >= OWN_MIN and dashed >= plain else None
    model = shipped_model()
    if model is None:
        return None
    ia, ib = model.index.get(a), model.index.get(b)
    if ia is None or ib is None:
        return None
    return "speck" if ia * model.V + ib in model.bi else "never"
