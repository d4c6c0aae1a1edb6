"""Learn the OCR confusion model from (truth, OCR) page pairs.

Pages are aligned token by token (Levenshtein over mark-free lower-case cores, rapidfuzz), and every 1-to-1 pair
(OCR core, true syllable) is counted per OCR language. Two tables come out:

* ``pairs[lang][ocr_core][truth] = count``: whole-token confusions (``ludt``→``luật``, ``s6``→``số``);
* ``rules``: character rewrites on mark-free text (``d``→``a``, ``tt``→``u``, ``6``→``o``) with
  P(OCR substring | true substring), found by trimming the common prefix/suffix of each differing pair.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from rapidfuzz.distance import Levenshtein

from pipeline.restore.syllables import normalize_word, split_edges, strip_marks


def cores(text: str) -> list[str]:
    out = []
    for tok in text.split():
        core = split_edges(tok)[1]
        if core:
            out.append(normalize_word(core).lower())
    return out


def align_pairs(gt: str, ocr: str) -> list[tuple[str, str]]:
    """1-to-1 (ocr core, true core) pairs of a best alignment of the mark-free token sequences."""
    g, o = cores(gt), cores(ocr)
    gk = [strip_marks(x) for x in g]
    ok = [strip_marks(x) for x in o]
    pairs = []
    for blk in Levenshtein.opcodes(ok, gk):
        if blk.tag in ("equal", "replace") and blk.src_end - blk.src_start == blk.dest_end - blk.dest_start:
            for i, j in zip(range(blk.src_start, blk.src_end), range(blk.dest_start, blk.dest_end)):
                pairs.append((o[i], g[j]))
    return pairs


def diff_rule(obs: str, truth: str) -> tuple[str, str] | None:
    """Trim the common prefix/suffix of two mark-free strings; the rest is one rewrite (truth part → obs part)."""
    if obs == truth:
        return None
    i = 0
    while i < min(len(obs), len(truth)) and obs[i] == truth[i]:
        i += 1
    j = 0
    while j < min(len(obs), len(truth)) - i and obs[-1 - j] == truth[-1 - j]:
        j += 1
    o_sub, t_sub = obs[i:len(obs) - j], truth[i:len(truth) - j]
    if len(o_sub) > 3 or len(t_sub) > 2:
        return None
    return t_sub, o_sub


def learn(pages: list[dict], langs=("eng", "vie"), min_rule: int = 3) -> dict:
    pairs: dict[str, dict[str, Counter]] = {lang: defaultdict(Counter) for lang in langs}
    truth_counts: dict[str, Counter] = {lang: Counter() for lang in langs}
    rule_counts: Counter = Counter()
    sub_counts: Counter = Counter()
    for page in pages:
        for lang in langs:
            for o, t in align_pairs(page["gt"], page[lang]):
                pairs[lang][o][t] += 1
                truth_counts[lang][t] += 1
                if lang == "eng" and t.isalpha():
                    so, st = strip_marks(o), strip_marks(t)
                    for n in (1, 2):  # how often each short truth substring occurs (rule denominators)
                        for k in range(len(st) - n + 1):
                            sub_counts[st[k:k + n]] += 1
                    sub_counts[""] += len(st) + 1
                    r = diff_rule(so, st)
                    if r is not None and r[0] != r[1]:
                        rule_counts[r] += 1
    rules = []
    for (t_sub, o_sub), n in rule_counts.most_common():
        if n < min_rule or not o_sub:
            continue
        denom = sub_counts.get(t_sub, 0)
        if denom:
            rules.append([o_sub, t_sub, min(0.5, n / denom), n])
    return {
        "pairs": {lang: {o: dict(c) for o, c in d.items()} for lang, d in pairs.items()},
        "truth_counts": {lang: dict(c) for lang, c in truth_counts.items()},
        "rules": rules,
    }
