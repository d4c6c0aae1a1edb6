"""Count the corpus and build the syllable inventory and an interpolated Kneser-Ney trigram language model.

Tokens are lower-cased, normalised whitespace tokens with edge punctuation removed. A token is a *syllable* when
it has Vietnamese syllable shape and occurs at least ``min_count`` times; numbers become ``<num>``, anything else
``<unk>``. Sentences are corpus lines split after tokens ending in ``. ; : ! ?``. The model is stored in ARPA
form (log10 is not used: natural log, float32): for every kept n-gram the interpolated log-probability, for every
context its back-off weight, so that at run time ``log P(c|a b)`` is one dictionary hit, or a back-off chain.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np

from pipeline.restore.syllables import (
    NUMBER,
    is_valid_shape,
    normalize_word,
    split_edges,
)

BOS, EOS, UNK, NUM = "<s>", "</s>", "<unk>", "<num>"
SPECIALS = [BOS, EOS, UNK, NUM]
_NUM = NUMBER
_END = set(".;:!?")


def token_core(token: str) -> tuple[str, bool]:
    """Lower-cased normalised core and whether a sentence ends after it."""
    _, core, trail = split_edges(token)
    return normalize_word(core).lower(), any(ch in _END for ch in trail)


def iter_sentences(files: list[Path]):
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            sent: list[str] = []
            for tok in line.split():
                core, end = token_core(tok)
                if core:
                    sent.append(core)
                if end and sent:
                    yield sent
                    sent = []
            if sent:
                yield sent


def build_vocab(sentences: list[list[str]], min_count: int = 2,
                min_extra: int = 20) -> tuple[list[str], int, Counter]:
    """SPECIALS + valid syllables (>= min_count) + other all-letter words (>= min_extra: ubnd, ii, b, đ …)."""
    counts = Counter(w for s in sentences for w in s)
    sylls = sorted(w for w, c in counts.items() if c >= min_count and is_valid_shape(w))
    extras = sorted(w for w, c in counts.items() if c >= min_extra and w.isalpha() and not is_valid_shape(w))
    return SPECIALS + sylls + extras, len(sylls), counts


def encode(sentences: list[list[str]], vocab: list[str]) -> np.ndarray:
    """Flat int32 array: each sentence as BOS BOS w1 .. wn EOS."""
    index = {w: i for i, w in enumerate(vocab)}
    bos, eos, unk, num = (index[x] for x in SPECIALS)
    out: list[int] = []
    for s in sentences:
        out.append(bos)
        out.append(bos)
        for w in s:
            i = index.get(w)
            if i is None:
                i = num if _NUM.match(w) else unk
            out.append(i)
        out.append(eos)
    return np.asarray(out, dtype=np.int64)


def _discount(counts: np.ndarray) -> float:
    n1, n2 = np.sum(counts == 1), np.sum(counts == 2)
    return float(n1 / (n1 + 2 * n2)) if n1 + n2 else 0.5


def build_kn(ids: np.ndarray, V: int, bos: int, min_tri: int = 2, min_bi: int = 1) -> dict[str, np.ndarray]:
    """Interpolated Kneser-Ney trigram model in back-off form (natural logs)."""
    a, b, c = ids[:-2], ids[1:-1], ids[2:]
    ok = c != bos
    a, b, c = a[ok], b[ok], c[ok]
    k3, n3 = np.unique((a * V + b) * V + c, return_counts=True)
    t_ab, t_c = k3 // V, k3 % V
    t_b = t_ab % V
    D3 = _discount(n3)
    # context totals and types for trigram level
    ctx_keys, ctx_inv = np.unique(t_ab, return_inverse=True)
    ctx_tot = np.bincount(ctx_inv, weights=n3)
    ctx_types = np.bincount(ctx_inv)
    # bigram level with continuation counts N1+(. b c)
    k2, n2c = np.unique(t_b * V + t_c, return_counts=True)
    # bigrams whose first word is BOS: count continuation from (BOS,BOS,w) also = 1 per type -> same formula
    b2, c2 = k2 // V, k2 % V
    D2 = _discount(n2c)
    bctx, binv = np.unique(b2, return_inverse=True)
    b_tot = np.bincount(binv, weights=n2c)
    b_types = np.bincount(binv)
    # unigram continuation N1+(. c)
    u_cont = np.bincount(c2, minlength=V).astype(np.float64)
    u_cont[bos] = 0
    p1 = (u_cont + 0.5) / (u_cont.sum() + 0.5 * V)
    p1[bos] = 1e-9
    lp1 = np.log(p1)
    # bigram probabilities (interpolated)
    gamma_b = np.zeros(V)
    gamma_b[bctx] = D2 * b_types / b_tot
    p2 = np.maximum(n2c - D2, 0) / b_tot[binv] + gamma_b[b2] * p1[c2]
    lp2 = np.log(p2)
    bow_b = np.zeros(V)
    has = np.zeros(V, bool)
    has[bctx] = True
    bow_b[has] = np.log(gamma_b[has])
    # trigram probabilities (interpolated with the bigram estimate, or its back-off)
    p2_lookup = dict(zip(k2.tolist(), p2.tolist()))
    lower = np.array([p2_lookup.get(int(x), 0.0) for x in (t_b * V + t_c)])
    missing = lower == 0
    lower[missing] = gamma_b[t_b[missing]] * p1[t_c[missing]]
    gamma_ab = D3 * ctx_types / ctx_tot
    p3 = np.maximum(n3 - D3, 0) / ctx_tot[ctx_inv] + gamma_ab[ctx_inv] * lower
    keep3 = n3 >= min_tri
    return {
        "uni": lp1.astype(np.float32),
        "bi_keys": k2.astype(np.int64), "bi_lp": lp2.astype(np.float32),
        "bi_bow": bow_b.astype(np.float32),
        "ctx_keys": ctx_keys.astype(np.int64), "ctx_bow": np.log(gamma_ab).astype(np.float32),
        "tri_keys": k3[keep3].astype(np.int64), "tri_lp": np.log(p3[keep3]).astype(np.float32),
    }


_CODE_SPLIT = re.compile(r"[/\-–]")


def code_segments(files: list[Path], min_count: int = 5, share: float = 0.9) -> dict[str, str]:
    """Capital-letter parts of codes and abbreviations whose Đ an English OCR loses: ``ND`` → ``NĐ`` (from
    ``…/NĐ-CP``), ``HDND`` → ``HĐND``. Learned from how the corpus writes them; kept when one spelling has at
    least ``share`` of its mark-free form."""
    from pipeline.text import strip_marks
    counts: Counter = Counter()
    for path in files:
        for tok in path.read_text(encoding="utf-8").split():
            core = split_edges(tok)[1]
            for seg in _CODE_SPLIT.split(core):
                if len(seg) >= 2 and seg.isalpha() and seg.isupper():
                    counts[normalize_word(seg)] += 1
    by_key: dict[str, Counter] = {}
    for seg, n in counts.items():
        by_key.setdefault(strip_marks(seg), Counter())[seg] = n
    out = {}
    for key, c in by_key.items():
        seg, n = c.most_common(1)[0]
        if seg != key and "Đ" in seg and n >= min_count and n / sum(c.values()) >= share \
                and strip_marks(seg) == key and all(ch.isascii() or ch == "Đ" for ch in seg):
            out[key] = seg
    return out
