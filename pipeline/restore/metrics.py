"""Scores for restored text against gold text.

``syllable_accuracy``: both texts are split on whitespace; each token is NFC-normalised (with the project's one
tone placement, so ``hoà`` and ``hòa`` count as the same syllable), lower-cased and stripped of edge punctuation
(tokens left empty are dropped); a Levenshtein alignment of the two syllable
sequences is computed and the gold syllables matched exactly by it are counted. ``cer``: character error rate,
Levenshtein distance over the gold length, on NFC text with runs of whitespace collapsed.
"""

from __future__ import annotations

import unicodedata

from rapidfuzz.distance import Levenshtein

from pipeline.restore.syllables import normalize_word

_PUNCT = "\"'“”‘’«»()[]{}<>.,;:!?…-–—_*·•/\\|"


def syllables(text: str) -> list[str]:
    out = []
    for tok in unicodedata.normalize("NFC", text).lower().split():
        tok = tok.strip(_PUNCT)
        if tok:
            out.append(normalize_word(tok))
    return out


def syllable_accuracy(hyp: str, gold: str) -> tuple[int, int]:
    """(matched gold syllables, gold syllables) under a best Levenshtein alignment."""
    h, g = syllables(hyp), syllables(gold)
    if not g:
        return 0, 0
    matched = sum(b.src_end - b.src_start for b in Levenshtein.opcodes(g, h) if b.tag == "equal")
    return matched, len(g)


def cer(hyp: str, gold: str) -> float:
    """Character error rate of ``hyp`` against ``gold`` (whitespace runs collapsed to one space)."""
    h = " ".join(unicodedata.normalize("NFC", hyp).split())
    g = " ".join(unicodedata.normalize("NFC", gold).split())
    if not g:
        return 0.0 if not h else 1.0
    return Levenshtein.distance(h, g) / len(g)
