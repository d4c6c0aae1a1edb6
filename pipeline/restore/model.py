"""The restore model on disk and in memory: syllable vocabulary, trigram LM, OCR confusion tables.

Files in the model directory (written by ``models/build_restore.py``):

* ``lm.npz``: ``uni`` (log P of each vocabulary entry), ``bi_keys``/``bi_lp`` (bigram keys ``b*V+c`` and their
  interpolated log-probabilities), ``bi_bow`` (back-off weight of each one-word context), ``ctx_keys``/``ctx_bow``
  (two-word contexts ``a*V+b`` and back-off weights), ``tri_keys``/``tri_lp`` (trigram keys ``(a*V+b)*V+c``);
* ``meta.json.gz``: ``vocab`` (entry 0..3 are ``<s> </s> <unk> <num>``), ``n_syllables`` (entries 4..4+n are
  valid syllables, the rest frequent non-syllable words such as ``ubnd``), the OCR confusion ``pairs`` per OCR
  language, ``truth_counts`` and character ``rules``, ``code_segments`` (``ND`` → ``NĐ`` inside codes), ``lexicon``
  (syllable pairs that make, or sit inside, a word of a shipped word list: ``chi bộ``, ``phấn đấu``; absent in
  older models), and the build settings.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np

from pipeline.errors import ModelMissing
from pipeline.restore.syllables import strip_marks
# the vocabulary file's readers live where an earlier stage (the OCR's name marks) may read them too
from pipeline.vocabulary_file import DEFAULT_DIR, known_syllables, lexicon_pairs, read_meta  # noqa: F401


class ModelNotFound(ModelMissing):
    """The restore model directory or one of its files is missing."""

    def __init__(self, path: Path):
        super().__init__(f"restore model not found at {path}: build it with `make model` "
                         f"(or skip restoration with --no-restore)")
        self.model_path = path


class RestoreModel:
    """Loaded model with O(1) LM lookups (plain dicts of int keys → float)."""

    BOS, EOS, UNK, NUM = 0, 1, 2, 3

    def __init__(self, path: Path | str | None = None):
        path = Path(path) if path is not None else DEFAULT_DIR
        lm_path, meta_path = path / "lm.npz", path / "meta.json.gz"
        if not lm_path.is_file() or not meta_path.is_file():
            raise ModelNotFound(path)
        self.path = path
        meta = read_meta(meta_path)
        self.vocab: list[str] = meta["vocab"]
        self.V = len(self.vocab)
        self.index = {w: i for i, w in enumerate(self.vocab)}
        self.n_syllables: int = meta["n_syllables"]
        self.syllable_ids = set(range(4, 4 + self.n_syllables))
        self.extra_words = set(self.vocab[4 + self.n_syllables:])
        self.pairs: dict[str, dict[str, dict[str, int]]] = meta["pairs"]
        self.truth_counts: dict[str, dict[str, int]] = meta["truth_counts"]
        self.rules: list[tuple[str, str, float]] = [(o, t, p) for o, t, p, *_ in meta["rules"]]
        self.settings = meta.get("settings", {})
        self.code_segments: dict[str, str] = meta.get("code_segments", {})
        # word-lexicon pairs as (left id, right id), both valid syllables of the vocabulary
        self.lexicon: list[tuple[int, int]] = []
        for pair in meta.get("lexicon", ()):
            a, b = (self.index.get(w) for w in pair.split(" "))
            if a in self.syllable_ids and b in self.syllable_ids:
                self.lexicon.append((a, b))
        with np.load(lm_path) as z:
            self.uni = z["uni"].astype(np.float64).tolist()
            self.bi_bow = z["bi_bow"].astype(np.float64).tolist()
            self.bi = dict(zip(z["bi_keys"].tolist(), z["bi_lp"].tolist()))
            self.ctx = dict(zip(z["ctx_keys"].tolist(), z["ctx_bow"].tolist()))
            self.tri = dict(zip(z["tri_keys"].tolist(), z["tri_lp"].tolist()))
        by_strip: dict[str, list[int]] = defaultdict(list)
        for i, w in enumerate(self.vocab[4:], start=4):
            by_strip[strip_marks(w)].append(i)
        self.by_strip = dict(by_strip)
        # one-deletion index of the mark-free forms, for one-edit neighbours in O(len) look-ups
        dels: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for form in self.by_strip:
            for i in range(len(form)):
                dels[form[:i] + form[i + 1:]].append((i, form))
        self.del_index = dict(dels)
        self.logp = self._make_logp()

    def substitutions(self, s: str) -> set[str]:
        """The known mark-free forms with one letter of ``s`` (mark-free) changed: OCR read the letter at some
        place as another (``bien`` for ``hien``)."""
        out = set()
        for i in range(len(s)):
            out.update(f for j, f in self.del_index.get(s[:i] + s[i + 1:], ()) if j == i)
        out.discard(s)
        return out

    def bound_halves(self, share: float = 0.75) -> dict[str, str]:
        """The syllables the corpus follows with one word at least ``share`` of the time, and that word: the first
        halves of words (``trật`` → ``tự``, ``giai`` → ``đoạn``, ``khiếu`` → ``nại``), which a phrase does not end
        on. Computed once per model and share."""
        cache = self.__dict__.setdefault("_bound_halves", {})
        if share not in cache:
            best: dict[int, tuple[float, int]] = {}
            for key, logp in self.bi.items():
                a, b = divmod(key, self.V)
                if a in self.syllable_ids and b in self.syllable_ids and logp > best.get(a, (-np.inf, 0))[0]:
                    best[a] = (logp, b)
            floor = float(np.log(share))
            cache[share] = {self.vocab[a]: self.vocab[b] for a, (logp, b) in best.items() if logp >= floor}
        return cache[share]

    def bound_next(self, a: str, b: str, share: float = 0.75) -> str | None:
        """The word the corpus follows the pair ``a b`` with at least ``share`` of the time (``vốn đầu`` → ``tư``),
        or None: a phrase does not end on such a pair."""
        ia, ib = self.index.get(a), self.index.get(b)
        if ia not in self.syllable_ids or ib not in self.syllable_ids:
            return None
        base = (ia * self.V + ib) * self.V
        floor = float(np.log(share))
        return next((self.vocab[c] for c in self.syllable_ids if self.tri.get(base + c, -np.inf) >= floor), None)

    def _make_logp(self, tri_table: dict[int, float] | None = None, bi_table: dict[int, float] | None = None):
        """A closure over the tables (locals are faster than attribute look-ups in the decoder's inner loop);
        ``tri_table``/``bi_table``: tables to use instead of ``self.tri``/``self.bi`` (``with_pair_bonus``)."""
        V, ctx, bi_bow, uni = self.V, self.ctx.get, self.bi_bow, self.uni
        tri = (self.tri if tri_table is None else tri_table).get
        bi = (self.bi if bi_table is None else bi_table).get

        def logp(a: int, b: int, c: int) -> float:
            """Natural-log trigram probability log P(c | a b) with back-off."""
            ab = a * V + b
            x = tri(ab * V + c)
            if x is not None:
                return x
            y = bi(b * V + c)
            if y is None:
                y = bi_bow[b] + uni[c]
            return ctx(ab, 0.0) + y

        return logp

    def with_pair_bonus(self, bonus: dict[int, float]):
        """(trigram table, bigram table, logp) with ``bonus[b*V+c]`` added to log P(c | a b) for every ``a``: to
        each trigram (a, b, c) and to the bigram (b, c), which enters at its unigram back-off ``bi_bow[b] + uni[c]``
        where the corpus never saw it. Copies; the model's own tables are left as they are."""
        if not bonus:
            return self.tri, self.bi, self.logp
        V, V2, bi_bow, uni = self.V, self.V * self.V, self.bi_bow, self.uni
        tri = dict(self.tri)
        for key, lp in self.tri.items():
            w = bonus.get(key % V2)
            if w is not None:
                tri[key] = lp + w
        bi = dict(self.bi)
        for key, w in bonus.items():
            b, c = divmod(key, V)
            bi[key] = bi.get(key, bi_bow[b] + uni[c]) + w
        return tri, bi, self._make_logp(tri, bi)

    def end_logp(self, words: list[str]) -> float | None:
        """log P(</s> | the last two words) of a phrase of lower-case words (a number as <num>): how likely the
        corpus's sentences and lines end where it ends; None when its last word is no syllable of the model (a
        place's name: the corpus does not say)."""
        ids = [self.NUM if w.isdigit() else self.index.get(w, self.UNK) for w in words[-2:]]
        if not ids or ids[-1] not in self.syllable_ids:
            return None
        return self.logp(ids[0] if len(ids) == 2 else self.BOS, ids[-1], self.EOS)

    def score_sequence(self, words: list[str]) -> float:
        """Total log-probability of a sentence of lower-case words (unknown words as <unk>), with </s>."""
        a = b = self.BOS
        total = 0.0
        for w in words + [None]:
            c = self.EOS if w is None else self.index.get(w, self.UNK)
            total += self.logp(a, b, c)
            a, b = b, c
        return total
