"""Restore stage: Vietnamese diacritic restoration and OCR post-correction (noisy channel + syllable trigram LM).

    from pipeline.restore import load_restorer
    out = load_restorer().restore("Cong hoa xa hoi chu nghia Viet Nam")
    out.text  # 'Cộng hòa xã hội chủ nghĩa Việt Nam'

The model is built by ``make model`` (``models/build_restore.py``) into ``pipeline/models/restore/``.
"""

from __future__ import annotations

import threading
from pathlib import Path

from pipeline.errors import ModelMissing
from pipeline.restore.model import DEFAULT_DIR, ModelNotFound, RestoreModel
from pipeline.restore.restorer import (
    DocumentContext,
    Params,
    Restoration,
    RestoredToken,
    Restorer,
)

_LOCK = threading.Lock()
_CACHE: dict[Path, Restorer] = {}


def load_restorer(path: str | Path | None = None) -> Restorer:
    """The process-wide restorer for ``path`` (default ``pipeline/models/restore/``); raises ModelNotFound if absent."""
    key = Path(path).resolve() if path is not None else DEFAULT_DIR
    with _LOCK:
        r = _CACHE.get(key)
        if r is None:
            r = _CACHE[key] = Restorer(RestoreModel(key))
        return r


def shipped_model() -> RestoreModel | None:
    """The shipped restoration model (``load_restorer().model``), or None where it was not built: the parser's
    corpus checks then leave the text as read."""
    try:
        return load_restorer().model
    except ModelMissing:
        return None


__all__ = ["load_restorer", "shipped_model", "Restorer", "DocumentContext", "Restoration", "RestoredToken",
           "ModelNotFound", "Params", "RestoreModel"]
