"""The restore model's vocabulary file (``pipeline/models/restore/meta.json.gz``, built by
``models/build_restore.py``): the syllables the corpus uses and the word lexicon's syllable pairs, for every stage
that needs them without the language model (the OCR's name marks, the restorer, the review).
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parent / "models" / "restore"


@lru_cache(maxsize=4)
def known_syllables(path: Path | str | None = None) -> frozenset[str]:
    """The valid syllables of the model's vocabulary (lower case, NFC, tone placed as ``normalize_word`` places
    it): every syllable the corpus uses. Read from ``meta.json.gz`` alone, without the LM tables; empty when there
    is no model."""
    meta = _meta_if_any(path)
    return frozenset(meta["vocab"][4:4 + meta["n_syllables"]]) if meta else frozenset()


@lru_cache(maxsize=4)
def lexicon_pairs(path: Path | str | None = None) -> frozenset[str]:
    """The model's word-lexicon syllable pairs (``công tác``: two syllables that make, or sit inside, a word of a
    shipped word list), as ``"a b"`` in lower case; empty when there is no model or it has none."""
    meta = _meta_if_any(path)
    return frozenset(meta.get("lexicon", ())) if meta else frozenset()


def _meta_if_any(path: Path | str | None) -> dict | None:
    """The model directory's ``meta.json.gz`` (the shipped model's when ``path`` is None), or None without one."""
    meta_path = (Path(path) if path is not None else DEFAULT_DIR) / "meta.json.gz"
    return read_meta(meta_path) if meta_path.is_file() else None


def read_meta(meta_path: Path) -> dict:
    """``meta.json.gz``, read once per process for the model and for ``known_syllables`` both (read again when the
    file is rewritten, as a build does)."""
    return _read_meta_version(meta_path.resolve(), meta_path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _read_meta_version(meta_path: Path, mtime_ns: int) -> dict:
    with gzip.open(meta_path, "rt", encoding="utf-8") as fh:
        return json.load(fh)
