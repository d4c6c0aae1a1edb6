"""Statistical NER for organisations, persons and places in free text (the optional part of the parser).

Uses the CRF tagger that ships inside the ``underthesea`` package (no download at run time: the model file is
part of the installed package). It is loaded once per process, on first use. ``organisations(text)`` returns the
ORG and LOC chunks of a sentence (the tagger labels ``Ủy ban nhân dân tỉnh ...`` as LOC), used to name the
responsible unit of a task when the rules find none.

``DEFAULT_USE_NER`` is False. Ablation on the dev texts (57 vbpl, 4 born-digital, the seed, 8 scans): 623 tasks,
the rules leave 153 without a responsible unit, the tagger fills 63 of those and by inspection almost all of the
fills are wrong (``khoản 1``, ``tháng 3``, ``Bộ``, code fragments); header and signer fields do not use it. So the
parser runs rules only unless ``parse_document(pages, use_ner=True)`` asks for it.
"""

from __future__ import annotations

import threading
from typing import Callable

DEFAULT_USE_NER = False

_LOCK = threading.Lock()
_TAGGER: Callable | None = None
_FAILED = False


def tagger() -> Callable | None:
    """The underthesea ``ner`` function, imported once; None when the package or its model is unavailable."""
    global _TAGGER, _FAILED
    if _TAGGER is not None or _FAILED:
        return _TAGGER
    with _LOCK:
        if _TAGGER is None and not _FAILED:
            try:
                from underthesea import ner  # noqa: PLC0415 - heavy import, only when NER is asked for

                ner("Khởi động.")  # loads the bundled CRF model now (fails here, not later, if missing)
                _TAGGER = ner
            except Exception:  # pragma: no cover - depends on the environment
                _FAILED = True
    return _TAGGER


def entities(text: str) -> list[tuple[str, str]]:
    """(label, text) chunks: PER, ORG, LOC."""
    tag = tagger()
    if tag is None or not text.strip():
        return []
    out: list[tuple[str, str]] = []
    current: list[str] = []
    label = None
    for token in tag(text[:2000]):
        word, bio = token[0], token[-1]
        if bio.startswith("B-") or (bio.startswith("I-") and label != bio[2:]):
            if current:
                out.append((label or "", " ".join(current)))
            current, label = [word], bio[2:]
        elif bio.startswith("I-"):
            current.append(word)
        else:
            if current:
                out.append((label or "", " ".join(current)))
            current, label = [], None
    if current:
        out.append((label or "", " ".join(current)))
    return out


def organisations(text: str) -> list[str]:
    """ORG and LOC chunks of the first sentence of a task (candidates for its responsible unit)."""
    first = text.split(".")[0]
    seen: list[str] = []
    for label, chunk in entities(first):
        if label in ("ORG", "LOC") and chunk not in seen:
            seen.append(chunk)
    return seen
