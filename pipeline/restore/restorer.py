"""Noisy-channel syllable decoder: restore Vietnamese marks and correct OCR letter errors.

For each whitespace token the *core* (token minus edge punctuation) is normalised, lower-cased and turned into
candidate syllables with a channel score log P(observed | candidate):

* same mark-free form (``cong`` → công, cộng, cống, …);
* whole-token OCR confusions learned from rendered corpus pages (``s6`` → số, ``ludt`` → luật, ``6`` → ở);
* character rewrites learned the same way (``d``→``a``, ``tt``→``u``, ``6``→``o``), at most two per token, and
  (English-OCR text only) any single-letter edit at a fixed low probability;
* noise symbols inside a word (``hi¢n``, ``K¥``) read as a vowel or nothing;
* letters Vietnamese does not spell with (``Quảng Nøãi``, ``Gîang``) read as any one letter or nothing;
* the token itself, kept as it is (an unknown word keeps the ``<unk>`` LM class, a number ``<num>``).

A trigram LM (Kneser-Ney) scores candidate sequences, with a word-lexicon prior where the legal corpus is weak
(``Params.lexicon_bonus``: a syllable pair of a word in the shipped word list, ``chi bộ``); a beam search (states =
last two syllables) decodes each sentence (sentences end at ``. ; : ! ?``). The *regime* is chosen per call from the text itself:

* ``vie``: the text carries Vietnamese-only letters (ơ, ư, ă, đ, ạ, …), e.g. ``tesseract -l vie`` output. Marks
  are trusted: a known syllable is kept unless the LM is sure (and never re-spelt letter by letter). Without a
  word's OCR confidence, a known syllable is replaced only when its context alone is sure: a learned confusion
  (``hằng`` read as ``hàng`` on our training renders) proposes the candidate but weighs no more than any other
  mark change, so ``quy định chỉ tiết`` → ``chi tiết`` still happens while ``công tác hàng năm`` stays.
  A known syllable the OCR is confident of (``Params.confident``) keeps its letters: its only other candidates
  are its same-letter mark variants at the fixed cost ``confident_mark`` (Tesseract reads bold titles and short
  lines confidently with a wrong mark: ``Quy định chỉ tiết``), still subject to the ``vie_min_conf`` check.
  A word the OCR is unsure of is weighed against the document's own confident bigrams (``thị trấn`` read
  confidently on one page backs ``trấn`` where another page reads ``thị trần`` unsure: ``document_context``).
  The known syllables of a person's name (a family name and more title-case words alone on a line, as a signer's,
  or after ông / bà / đồng chí) are kept as read: the LM cannot tell ``Thị Thành`` from ``Thị Thanh``;
* ``plain``: English-OCR-like text (Latin-1 accents, digits inside words, garbled letters): marks are evidence
  only, letters may be corrected;
* ``stripped``: plain ASCII prose whose words are all well-formed syllables: only marks are restored.

Left alone: numbers, dates, codes (``58/KH-LHH``: only a lost ``Đ`` of a code segment is put back, ``ND-CP`` →
``NĐ-CP``, as the corpus spells it), URLs, e-mails, abbreviations (UBND), Roman numerals. In ``plain`` text a
short number that English OCR is known to produce for a word (``6`` for ``ở``) is a candidate too.
Each token keeps its case pattern (``CONG`` → ``CỘNG``, ``Viet`` → ``Việt``).
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from operator import itemgetter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from pipeline.lexicon import DOC_TYPES, POINT_LETTERS, SURNAMES
from pipeline.restore.model import RestoreModel
from pipeline.restore.syllables import (
    NUMBER,
    apply_case,
    case_pattern,
    is_valid_shape,
    normalize_word,
    split_edges,
    strip_marks,
)
from pipeline.text import VIETNAMESE_CHARS

_LATIN1_MARKED = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_VIET_MARKED_LOWER = frozenset(ch for ch in VIETNAMESE_CHARS if ch.islower())
_VIET_ONLY = set("ăđơưĂĐƠƯ") | {ch for ch in _VIET_MARKED_LOWER if ch not in _LATIN1_MARKED}
# Lower-case letters Vietnamese spells with: a reading made of others (Gîang, Nøãi) is not a syllable as read.
_VIET_LETTERS = frozenset(string.ascii_lowercase) | _VIET_MARKED_LOWER
_SENTENCE_END = set(".;:!?")
# Letters one may stand for (Vietnamese spells with no f, j, w, z).
_SUBSTITUTES = "abcdeghiklmnopqrstuvxy"
# Characters that OCR leaves inside or right after a word where a marked vowel was (hi¢n, nhi€m, K¥, c&c, ct’).
NOISE = set("¢€¥&™}{~`|^'’‘*°®©£§@")
# Of those, the ones that are never punctuation after a word (quotes, '*' and '°' are left as punctuation).
_TRAIL_NOISE = NOISE - set("'’‘*°")
# Characters that make a token a code, date, number, URL or e-mail: never touched.
_CODE_CHARS = set("/.:\\_=+#%,-–")  # e-mails have '.', so '@' alone is OCR noise (nu@c)
_CAPS_CODE = re.compile(r"^[A-ZĐ]+\d+[A-Z]*$")
_LETTER_DIGITS = set("01469")
_ROMAN = re.compile(r"^[IVXLC]+$")
_CODE_SEG = re.compile(r"(?<![A-Za-z])[A-Z]{2,}(?![A-Za-z])")
_VOWELS = "aeiouy"


@dataclass(slots=True)
class RestoredToken:
    original: str
    text: str
    start: int
    end: int
    confidence: float
    alternatives: list[tuple[str, float]] = field(default_factory=list)
    changed: bool = False


@dataclass(slots=True)
class Restoration:
    text: str
    tokens: list[RestoredToken]
    regime: str = "plain"


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """What a document's OCR read confidently, as bigrams of lower-case syllables: ``left`` holds (neighbour, word)
    and ``right`` (word, neighbour) for every known syllable read at ``Params.confident`` or above (not in
    capitals). A word read unsure elsewhere in the document is weighed against them (a scan reads ``tại thị trần
    Mộ Đức`` unsure where it read ``UBND thị trấn Mộ Đức`` at 0.96)."""

    left: frozenset[tuple[str, str]] = frozenset()
    right: frozenset[tuple[str, str]] = frozenset()

    def hits(self, prev: str | None, word: str, nxt: str | None) -> int:
        return ((prev, word) in self.left) + ((word, nxt) in self.right)


@dataclass(slots=True)
class Params:
    """Decoder constants (natural-log scale), tuned on ../shared/dev renders only."""

    lm_weight: float = 1.0
    beam: int = 6
    beam_gap: float = 10.0                # drop hypotheses this far below the best
    cand_gap: float = 8.0                 # drop candidates this far below the best (channel + unigram)
    max_candidates: int = 10
    max_candidates_stripped: int = 16     # stripped text: all marks lost, more same-letter syllables to weigh
    plain_strip: float = math.log(0.75)   # OCR (eng) or stripping lost/garbled marks only
    rule_weight: float = 1.0              # multiplies log P(rule)
    rule_bias: float = 0.0
    table_bias: float = 0.0
    keep_unknown: float = -12.0           # keep a token not in the vocabulary as it is
    keep_number: float = -1.0             # keep a number that OCR also produces for a word ('6' for 'ở')
    vie_keep: float = math.log(0.97)      # vie regime: the token as read
    vie_mark: float = -8.0                # vie regime: same letters, other marks (dev + dev2 renders)
    vie_rule_bias: float = math.log(0.02)
    vie_min_conf: float = 0.99            # vie: replace a well-formed syllable only when this sure of the new one
    vie_keep_marked: bool = False         # vie: never replace a known syllable that carries marks
    # vie, no OCR confidence for the word: a known syllable is replaced only if the new one is vie_min_conf sure
    # with every learned confusion's channel score capped at vie_mark (the table's rates come from our two
    # training fonts; without a confidence nothing says this page shares them). No constant of its own.
    vie_strict_known: bool = True
    vie_gate: bool = True                 # vie fast path (see Restorer._gate)
    vie_ratio: float = 0.12               # share of words with a Vietnamese-only letter that selects 'vie'
    edit_cost: float = -9.0               # plain regime: any one-letter edit not covered by a learned rule
    noise_cost: float = math.log(0.02)    # a noise character (¢ € & …) standing for a vowel or nothing
    vie_keep_variants: int = 2            # vie: same-letters variants kept past the candidate floor (dev: +13 fixes, 0 harm)
    trust_caps_confidence: bool = False   # dev pipeline pages: +1 fix, no harm; bold caps titles (BAO VI BI, CÔ PHIẾU QUY)
    confident: float = 0.95               # OCR confidence above which a valid syllable keeps its letters
    # vie, a known syllable read with conf >= confident: its only other candidates are its same-letter mark
    # variants, each at this channel cost (stronger than vie_mark: the OCR is sure of the word), so only a context
    # that overwhelmingly prefers another mark changes it (quy định chỉ tiết → chi tiết); None: kept as read.
    # Dev pages read by the pipeline with confidences (bench.restore_dev --pipeline): -4 harms a page, -8..-12 all
    # gain with no harmful edit, below -12.5 'quy định chỉ tiết' is kept. On the 4x larger set with the 'deep'
    # pages (306k syllables), helpful edits at -12/-10/-9/-8.5/-8/-7.5: 1508/1540/1548/1558/1563/1567, the first
    # harm at -7.5 (bản vá bảo mật → và); -8.5 stays a whole unit inside it.
    confident_mark: float | None = -8.5
    # vie, the same for a word of a document's title (the lines under its type line, QUYẾT ĐỊNH, or a V/v subject):
    # set in bold, where Tesseract slips a mark while sure of it (``việc chỉ trả chế độ`` for ``chi trả``), so a
    # context that clearly prefers another mark may change it. Measured on the dev pages read by the pipeline
    # (bench.restore_dev --pipeline): see docs/measurements.md. None: titles take confident_mark.
    title_mark: float | None = -5.5
    # vie, a known syllable (confident or not) that makes no pair the corpus or the word lexicon knows with either
    # neighbour, while its d/đ twin (every mark as read) makes a lexicon word the corpus also has with a neighbour
    # not bound to its other side (``nhà đột nát`` → ``dột nát``: Tesseract reads a bold d as đ, sure of it): the
    # twin costs this instead of confident_mark, and the LM decides. Mark changes are left to confident_mark: on the
    # clean dev texts they made 11 false edits (thiết bị cân → can, mỗi mắt → mặt). None: off.
    pair_rescue: float | None = -1.0
    # vie, a word read with conf < confident ("unsure"). On the dev pages read by the pipeline, a known syllable
    # read at conf 0.5-0.9 has a same-letter mark variant for truth 17-20% of the time, at 0.9-0.95 3.5%, at
    # >= 0.95 0.2% (bench.restore_dev --pipeline): the flat vie_mark cost is far too dear for an unsure word.
    # Every other candidate gains unsure_slope * log((1 - conf) / (1 - confident)) (0 at conf = confident, +5.5
    # at conf 0.5); its change needs local probability unsure_min_conf (not vie_min_conf); and all its mark
    # variants are weighed, not only the vie_keep_variants most frequent (trấn was never weighed against a scan's
    # trần: the two kept were tràn and trận).
    # Dev pipeline pages, helpful/harmful edits: 459/5 before; slope 2: 482/5, 3: 486/5, 3.5: 488/6 (mới → mời);
    # unsure_min_conf 0.98: 486/5, 0.97: 495/5, 0.965: 495/6. Both are set a step inside the first harm. The
    # defaults give 481/5: a word in capitals counts as read without a confidence (trust_caps_confidence).
    unsure_slope: float = 2.5
    unsure_min_conf: float = 0.98
    unsure_variants: bool = True
    # vie, an unsure word: a candidate gains this for each side on which the document has it read confidently
    # beside the same neighbour (a cache of the document's own confident bigrams, see DocumentContext); 0 turns
    # it off. Dev pipeline pages against 0: 1.5-3 give +4 fixes and no harm (vên → vốn, quy → quỹ); 4-6 also
    # undo two fixes, because a confident misreading elsewhere (``đây nhanh`` for ``đẩy nhanh`` at 0.95) backs
    # the same misreading.
    context_bonus: float = 3.0
    # plain (English-OCR) text: a document cache. The corpus is legal text; a plan's own words (tỉnh, thi đua,
    # chi bộ, phấn đấu) are rarer there than in the document itself. A second decoding pass mixes the trigram LM
    # with the first pass's syllable counts in the same text: P = (1 - w) P_lm + w P_doc, where P_doc(c) counts c
    # among the other tokens' first-pass choices (the token's own choice left out). 0 turns it off.
    cache_weight: float = 0.01
    # plain regime, a reading with a mark (tién, Béo): a candidate spelt without any mark pays this. On the dev
    # renders read by `tesseract -l eng`, 1 of 1,888 mark-free words came out with a mark, 2,555 of 14,120 marked
    # ones did: log(0.0005 / 0.18), the rate of a mark on a mark-free word taken as half a word in 1,888.
    plain_unmarked: float = -6.0
    plain_first_beam: int = 3
    plain_beam: int = 12                  # plain regime: beam of the decoding pass with the document cache
    # plain regime, the cached pass: a candidate gains this for each neighbour beside which the first pass chose
    # it elsewhere in the text (the plain-text analogue of context_bonus; the own position left out). Seed, dev
    # renders (eng), dev vbpl stripped, out-of-sample eng at 0.5 / 1 / 1.5 / 2: +8/+2/+3/+2, +8/+4/+9/+2,
    # +2/+2/+9/+2, -1/+2/+9/+2 syllables against 0.
    pair_bonus: float = 1.0
    # A word-lexicon prior: the LM is trained on legal text, where a plan's own words (chi bộ, tiên phong, phấn đấu)
    # are rare. A syllable pair that makes, or sits inside, a word of the shipped word list (the model's
    # ``lexicon``, from underthesea's Viet74K) gains lexicon_bonus wherever the decoder puts it side by side, if the
    # corpus's bigram log P(c | b) is below lexicon_weak (the LM is weak there; a pair it knows well is left to it).
    # Seed / dev renders eng / dev vbpl stripped, right syllables (bench.restore_check; vie never moves), against
    # 2,104 / 17,198 / 6,053 without it: bonus 1, 1.25, 1.5, 1.75 at weak -3: 2,110/17,199/6,057, 2,110/17,198/6,058,
    # 2,110/17,199/6,059, 2,112/17,197/6,058; 1.5 at weak -2.5 / -3.5 / 0 (every pair): 2,109/17,199/6,059,
    # 2,110/17,200/6,055, 2,109/17,202/6,059; the bonus on unseen bigrams only (the LM's unigram back-off) loses
    # seed syllables at every weight (1-6: 2,102 ... 2,076). 0 turns it off.
    lexicon_bonus: float = 1.5
    lexicon_weak: float = -3.0


# An abbreviation in capitals: three or more letters, none a vowel (HDTDKT, CCVCLD); every syllable has a vowel.
_ABBREVIATION = re.compile(r"^[B-DFGHJ-NP-TV-XZĐ]{3,}$")


def _abbreviation_d(model: RestoreModel, min_types: int = 2, share: float = 0.8) -> frozenset[str]:
    """The capital letters after which the corpus's abbreviations write Đ rather than D: counted over distinct
    abbreviations (the ``code_segments`` spellings and the non-syllable words of the vocabulary), kept when at
    least ``min_types`` abbreviations have Đ there and Đ makes ``share`` of the D/Đ after that letter."""
    spellings = set(model.code_segments.values()) | {w.upper() for w in model.extra_words if len(w) > 1}
    counts: dict[str, list[int]] = {}
    for word in spellings:
        if not _ABBREVIATION.match(word):
            continue
        for prev, ch in zip(word, word[1:]):
            if ch in "DĐ":
                counts.setdefault(strip_marks(prev).upper(), [0, 0])[ch == "Đ"] += 1
    return frozenset(x for x, (d, dd) in counts.items() if dd >= min_types and dd >= share * (d + dd))


# Words joined by a hyphen, a slash or an ellipsis, each of two or more letters and none in capitals only (té-xa
# for tế-xã, vién/hoi for viên/hội, xa...trén): English-OCR text restores each word; codes (KH-UBND) stay whole.
_COMPOUND = re.compile(r"^[^\w]*[^\W\d_]{2,}(?:(?:-|/|\.\.\.)[^\W\d_]{2,})+[^\w]*$")
_JOINER = re.compile(r"(?<=[^\W\d_])(?:-|/|\.\.\.)(?=[^\W\d_])")


class _Span:
    """A piece of a whitespace token, with the part of ``re.Match``'s interface the restorer uses."""

    __slots__ = ("_text", "_start", "_end")

    def __init__(self, text: str, start: int, end: int):
        self._text, self._start, self._end = text, start, end

    def group(self, _n: int = 0) -> str:
        return self._text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


def _split_compounds(matches: list) -> list:
    """Each compound token (``_COMPOUND``) split after its joiners (``té-`` ``xa``); other tokens as they are."""
    out: list = []
    for mt in matches:
        token = mt.group(0)
        if not _COMPOUND.match(token) or any(piece.isupper() for piece in _JOINER.split(token.strip("\"'“”()[],.;:!?"))):
            out.append(mt)
            continue
        cut = 0
        for j in _JOINER.finditer(token):
            out.append(_Span(token[cut:j.end()], mt.start() + cut, mt.start() + j.end()))
            cut = j.end()
        out.append(_Span(token[cut:], mt.start() + cut, mt.end()))
    return out


def _foreign(ch: str) -> bool:
    """A letter outside a-z once marks are stripped (ø, æ, ß): OCR's, not the language's."""
    return ch.isalpha() and not "a" <= ch <= "z"


_POINT_LETTERS = frozenset(POINT_LETTERS[:POINT_LETTERS.index("k") + 1])  # a lone one of a–k is a point label
# A person's name opens with a family name (họ), lower case here.
_SURNAMES = frozenset(normalize_word(s).lower() for s in SURNAMES)
# Words that announce a person's name inline: ông (Mr), bà (Mrs), đồng chí (comrade), đ/c.
_NAME_CUES = frozenset(("ông", "bà", "đ/c", "chí"))
_NUMBER_LABEL = re.compile(r"^(\(\d{1,3}\)|\d{1,3}[.)])[.:]?$")  # (1)  1.  1)
_LETTER_LABEL = re.compile(r"^[a-zđ]\)$")  # a)  d)  đ)
# a lower-case Roman numeral label, (i) to (xxxix), or at a line's start also ii) iv): the LM prefers (iii) to a
# right (ii) (two dev pages read by the pipeline), and no Vietnamese word is spelt like one in parentheses
_LOWER_ROMAN = r"(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})"  # i … xxxix
_ROMAN_LABEL = re.compile(rf"^\({_LOWER_ROMAN}\)[.:]?$")
_ROMAN_LABEL_BARE = re.compile(rf"^{_LOWER_ROMAN}\)$")


def _is_list_label(token: re.Match[str], text: str) -> bool:
    """Outline labels are structure, not words: ``(1)`` must not become ``(lệ)``, nor ``(ii)`` ``(iii)``, nor a
    line-initial ``d)`` ``đ)``."""
    word = token.group(0)
    if _NUMBER_LABEL.match(word) or _ROMAN_LABEL.match(word):
        return True
    at_line_start = token.start() == 0 or text[token.start() - 1] == "\n"
    return at_line_start and bool(_LETTER_LABEL.match(word) or _ROMAN_LABEL_BARE.match(word))


class Restorer:
    def __init__(self, model: RestoreModel, params: Params | None = None):
        self.model = model
        self.params = params or Params()
        self._cache: dict[tuple[str, str], list[tuple[int, float, str]]] = {}
        self._rules_by_sub: dict[str, list[tuple[str, float]]] = {}
        for o_sub, t_sub, pr in model.rules:
            self._rules_by_sub.setdefault(o_sub, []).append((t_sub, math.log(pr)))
        self._rule_lengths = sorted({len(o) for o in self._rules_by_sub})
        self._d_before = _abbreviation_d(model)
        # the LM's tables with the word-lexicon prior folded in (see Params.lexicon_bonus): the decoder pays nothing
        self._tri, self._bi, self._logp = model.with_pair_bonus(self._lexicon_bonuses())
        self._lexicon_keys = frozenset(b * model.V + c for b, c in model.lexicon)

    def _lexicon_bonuses(self) -> dict[int, float]:
        """Bigram key ``b*V+c`` → ``Params.lexicon_bonus`` for each lexicon pair whose corpus bigram log-probability
        is below ``Params.lexicon_weak`` (unseen bigrams included); empty when the prior is off or the model has no
        lexicon."""
        m, p = self.model, self.params
        if not p.lexicon_bonus or not m.lexicon:
            return {}
        V, bi = m.V, m.bi
        return {b * V + c: p.lexicon_bonus for b, c in m.lexicon if bi.get(b * V + c, -1e9) < p.lexicon_weak}

    # ---------- regime and protection ----------
    def regime(self, cores: list[str]) -> str:
        """'vie' (marks present and trusted), 'plain' (English-OCR-like: marks garbled, letters confused) or
        'stripped' (plain ASCII letters only: marks removed, letters right)."""
        words = [c for c in cores if c.isalpha() and not c.isupper() and is_valid_shape(c)]
        if words:
            viet = sum(1 for w in words if any(ch in _VIET_ONLY for ch in w))
            if viet / len(words) >= self.params.vie_ratio:
                return "vie"
        odd = n_alpha = 0
        extra = self.model.extra_words
        for c in cores:
            if c.isalpha():
                n_alpha += 1
            if not c.isascii() or any(ch in NOISE for ch in c):
                odd += 1
            elif any(ch.isdigit() for ch in c) and any(ch.isalpha() for ch in c) and not _CAPS_CODE.match(c):
                odd += 1
            elif c.isalpha() and c.islower() and not is_valid_shape(c) and c not in extra:
                odd += 1  # ludt, chttc: letters garbled, not just marks removed
        return "plain" if odd > 0.01 * n_alpha else "stripped"

    def protected(self, core: str, regime: str) -> bool:
        """Numbers, codes, URLs, e-mails, abbreviations and other non-prose tokens are never changed."""
        if not core or any(ch in _CODE_CHARS for ch in core):
            return True  # codes (58/KH-LHH), dates, URLs, e-mails, decimals
        letters = sum(ch.isalpha() for ch in core)
        if letters == 0:
            if regime == "plain" and core.isdigit() and len(core) <= 3:
                table = self.model.pairs.get("eng", {}).get(core)
                return not (table and sum(table.values()) >= 3)  # '6' read for 'ở', '16' for 'lộ'
            return True  # numbers, lone symbols
        low = core.lower()
        if regime == "vie" and low in _POINT_LETTERS:
            return True  # điểm a, b, c, d, đ: a lone letter in read Vietnamese is a point label, no word to weigh
        if core.isupper() and (len(core) > 1 and low in self.model.extra_words or _ROMAN.match(core)):
            return True  # UBND, HĐND, TW …; Roman numerals (Chương II)
        if _ABBREVIATION.match(core):
            return True  # HDTDKT, CCVCLD: capitals without a vowel are an abbreviation, no syllable (see fix_code)
        if any(ch.isdigit() for ch in core):
            if regime != "plain":
                return True
            table = self.model.pairs.get("eng", {}).get(normalize_word(low))
            if table and sum(table.values()) >= 3:
                return False  # a learned OCR reading: S6 → Số
            if _CAPS_CODE.match(core):
                return True  # QH15, B1, A4
            return not all(ch in _LETTER_DIGITS for ch in core if ch.isdigit())
        return False

    def fix_code(self, core: str, regime: str = "plain") -> str:
        """Put back the Đ an OCR dropped in a code or abbreviation, as the corpus writes it: ``ND-CP`` →
        ``NĐ-CP``, ``HDND`` → ``HĐND``; outside read Vietnamese (``vie``, where the OCR has Đ), an abbreviation
        the corpus does not spell too (``abbreviation_d``); anything else is returned unchanged."""
        segs = self.model.code_segments
        if not segs or not core.isascii():
            return core
        if core.isalpha():
            if len(core) >= 4 and core.isupper() and core in segs:
                return segs[core]
            if regime != "vie" and _ABBREVIATION.match(core) and core.lower() not in self.model.index:
                return self.abbreviation_d(core)
            return core
        if not any(ch in "/-" for ch in core):
            return core
        return _CODE_SEG.sub(lambda mt: segs.get(mt.group(0), mt.group(0)), core)

    def abbreviation_d(self, core: str) -> str:
        """An abbreviation in capitals the corpus does not spell, its D read where the corpus's abbreviations
        write Đ: a part of three or more letters spelt as a ``code_segments`` entry takes its spelling (``TDKT``
        → ``TĐKT``), then each other D after a letter that the corpus's abbreviations follow with Đ (``_d_before``:
        H, L, C) becomes Đ: ``HDTDKT`` → ``HĐTĐKT``, ``CCVCLD`` → ``CCVCLĐ``. A leading D is kept (ĐT and DN
        both open abbreviations), and so is a D after T (TĐKT, but VHTTDL)."""
        out = list(core)
        fixed = [False] * len(core)
        for key in sorted((k for k in self.model.code_segments if len(k) >= 3), key=len, reverse=True):
            start = core.find(key)
            while start >= 0:
                if not any(fixed[start:start + len(key)]):
                    out[start:start + len(key)] = self.model.code_segments[key]
                    fixed[start:start + len(key)] = [True] * len(key)
                start = core.find(key, start + 1)
        for i in range(1, len(core)):
            if core[i] == "D" and not fixed[i] and core[i - 1] in self._d_before:
                out[i] = "Đ"
        return "".join(out)

    # ---------- candidates ----------
    def candidates(self, low: str, regime: str) -> list[tuple[int, float, str]]:
        """[(vocab id or -1 for 'keep as is', channel log-prob, lower-case text)], best first (cached)."""
        key = (regime, low)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        p, m = self.params, self.model
        index, vocab = m.index, m.vocab
        scores: dict[int, float] = {}

        def offer(i: int, s: float) -> None:
            if s > scores.get(i, -1e9):
                scores[i] = s

        s0 = strip_marks(low)
        own = index.get(low)
        if regime == "vie":
            if own is not None:
                offer(own, p.vie_keep)
            for i in m.by_strip.get(s0, ()):
                offer(i, p.vie_mark)
        else:
            for i in m.by_strip.get(s0, ()):
                offer(i, p.plain_strip)
        table = None if regime == "stripped" else m.pairs.get("eng" if regime == "plain" else "vie", {}).get(low)
        vie_known = regime == "vie" and own is not None
        if table:
            counts = m.truth_counts["eng" if regime == "plain" else "vie"]
            for t, n in table.items():
                i = index.get(t)
                if i is not None and t != low and (regime != "vie" or n >= 2 and len(low) > 1):
                    offer(i, math.log(n / (counts.get(t, n) + 1.0)) + p.table_bias)
        bias = p.vie_rule_bias if regime == "vie" else p.rule_bias
        base = p.vie_mark if regime == "vie" else p.plain_strip
        # letters are rewritten only where the reading may be wrong: not in stripped text, and in 'vie' text only
        # for tokens that are not already a known word
        for form, lp in (self._rewrites(s0) if len(s0) > 1 and regime != "stripped" and not vie_known else ()):
            for i in m.by_strip.get(form, ()):
                offer(i, base + p.rule_weight * lp + bias)
        if regime == "plain" and p.edit_cost > -50 and len(s0) > 1:
            for form in self._edits1(s0):
                for i in m.by_strip.get(form, ()):
                    offer(i, base + p.edit_cost)
            if any(ch.isdigit() for ch in s0):
                # a digit inside a word is OCR's (16m, n61): a learned rewrite and then any one-letter edit
                for form, lp in self._rewrites(s0):
                    for form2 in self._edits1(form):
                        for i in m.by_strip.get(form2, ()):
                            offer(i, base + p.rule_weight * lp + bias + p.edit_cost)
        if any(ch in NOISE for ch in s0):
            for form, lp in self._noise_forms(s0):
                for i in m.by_strip.get(form, ()):
                    offer(i, base + lp + bias)
                for form2, lp2 in self._rewrites(form):
                    for i in m.by_strip.get(form2, ()):
                        offer(i, base + lp + p.rule_weight * lp2 + bias)
        if any(map(_foreign, s0)) and len(s0) == len(low):
            # a letter outside the alphabet (Quảng Nøãi): the letter it stands for, or nothing; the token's own
            # marks on the other letters are kept as read
            for form, marked, lp in self._foreign_forms(s0, low):
                i = index.get(marked)
                if i is not None:
                    offer(i, lp)
                for i in m.by_strip.get(form, ()):
                    offer(i, base + lp + bias)
        if regime == "plain" and p.plain_unmarked and not low.isascii() and s0 != low:
            # a mark on the reading: the truth carries marks (see Params.plain_unmarked)
            for i in scores:
                if vocab[i].isascii():
                    scores[i] += p.plain_unmarked
        out = [(i, s, vocab[i]) for i, s in scores.items()]
        uni = m.uni
        out.sort(key=lambda x: -(x[1] + uni[x[0]]))
        if out:
            floor = out[0][1] + uni[out[0][0]] - p.cand_gap
            cap = p.max_candidates_stripped if regime == "stripped" else p.max_candidates
            kept = [x for x in out[:cap] if x[1] + uni[x[0]] >= floor]
            if regime == "vie" and p.vie_keep_variants and own is not None:
                # same letters, other marks: the floor above (channel + unigram) drops every variant rarer than the
                # reading (cổng under công); keep the most frequent few for the LM and the evidence check to weigh
                have = {x[0] for x in kept}
                variants = [x for x in out if x[2] != low and strip_marks(x[2]) == s0 and x[0] not in have]
                kept += variants[:p.vie_keep_variants]
            out = kept
        if own is None:
            if NUMBER.match(low):
                out.append((-3, p.keep_number, low))
            else:
                out.append((-1, p.keep_unknown if out else 0.0, low))
        if len(self._cache) > 300_000:  # bounded memory over long batches of noisy OCR
            self._cache.clear()
        self._cache[key] = out
        return out

    def _edits1(self, s: str) -> set[str]:
        """Known mark-free forms one substitution, deletion or insertion away from ``s``."""
        by_strip, dels = self.model.by_strip, self.model.del_index
        out = {f for _, f in dels.get(s, ())}  # OCR dropped a letter
        out.update(s[:i] + s[i + 1:] for i in range(len(s)) if s[:i] + s[i + 1:] in by_strip)  # OCR added one
        out |= self.model.substitutions(s)  # OCR changed one
        out.discard(s)
        return out

    def _noise_forms(self, s: str) -> list[tuple[str, float]]:
        """Each noise character read where a vowel (or nothing) was: ``hi¢n`` → hien, hian, …, hin."""
        forms = [("", 0.0)]
        for ch in s:
            if ch in NOISE:
                forms = [(f + v, lp + self.params.noise_cost) for f, lp in forms for v in _VOWELS + ""] + \
                        [(f, lp + self.params.noise_cost) for f, lp in forms]
            else:
                forms = [(f + ch, lp) for f, lp in forms]
            if len(forms) > 64:
                break
        return forms

    def _foreign_forms(self, s: str, low: str) -> list[tuple[str, str, float]]:
        """Each letter outside a-z (after marks are stripped: ``ø``, ``ß``, ``æ``) read where any one letter, or
        nothing, was: (mark-free form, the form with the token's marks, log-prob), known forms only."""
        forms = [("", "", 0.0)]
        cost = self.params.noise_cost
        for ch, marked_ch in zip(s, low):
            if _foreign(ch):
                forms = [(f + v, g + v, lp + cost) for f, g, lp in forms for v in _SUBSTITUTES] + \
                        [(f, g, lp + cost) for f, g, lp in forms]
            else:
                forms = [(f + ch, g + marked_ch, lp) for f, g, lp in forms]
            if len(forms) > 600:
                return []
        by_strip = self.model.by_strip
        return [x for x in forms if x[0] in by_strip]

    def _rewrites(self, s: str) -> list[tuple[str, float]]:
        """Mark-free forms reachable from ``s`` by one or two learned OCR rewrites, with summed log P(rule)."""
        out: dict[str, float] = {}
        first = []
        for start, n, t_sub, lp in self._rule_sites(s, 0):
            form = s[:start] + t_sub + s[start + n:]
            if form and lp > out.get(form, -1e9):
                out[form] = lp
                first.append((form, lp, start + len(t_sub)))
        for form, lp, pos in first:
            for start, n, t_sub, lp2 in self._rule_sites(form, pos):
                f2 = form[:start] + t_sub + form[start + n:]
                l2 = lp + lp2
                if f2 and l2 > out.get(f2, -1e9) and l2 > -12:
                    out[f2] = l2
        return list(out.items())

    def _rule_sites(self, s: str, pos: int):
        """(start, length, replacement, log P) of every rule whose OCR side occurs in ``s`` at or after ``pos``."""
        by_sub, lengths = self._rules_by_sub, self._rule_lengths
        for i in range(pos, len(s)):
            for n in lengths:
                hit = by_sub.get(s[i:i + n])
                if hit is not None and i + n <= len(s):
                    for t_sub, lp in hit:
                        yield i, n, t_sub, lp

    # ---------- the document's own confident readings ----------
    def document_context(self, pages: Iterable[tuple[str, Sequence[float | None] | None]]) -> DocumentContext:
        """The confident bigrams of a document's pages, each given as (text, its word confidences); a page
        without confidences adds none. ``restore(..., context=)`` weighs every page against all of them."""
        left: set[tuple[str, str]] = set()
        right: set[tuple[str, str]] = set()
        for text, confidences in pages:
            tokens = text.split()
            if confidences is not None and len(confidences) == len(tokens):
                parts = [_split(t) for t in tokens]
                page_left, page_right = self._confident_pairs(parts, _lows(parts), confidences)
                left |= page_left
                right |= page_right
        return DocumentContext(frozenset(left), frozenset(right))

    def _confident_pairs(self, parts, lows: list[str],
                         confidences) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
        """(left, right) bigrams of the known syllables read at ``Params.confident`` or above (see DocumentContext);
        ``lows``: the tokens' cores as looked up (``_lows``)."""
        syl, index, p = self.model.syllable_ids, self.model.index, self.params
        left: set[tuple[str, str]] = set()
        right: set[tuple[str, str]] = set()
        for k, low in enumerate(lows):
            conf, core = confidences[k], parts[k][1]
            if conf is None or conf < p.confident or index.get(low) not in syl or \
                    not p.trust_caps_confidence and core.isupper() and len(core) > 1:
                continue
            if k > 0 and _joined(parts, k - 1, k):
                left.add((lows[k - 1], low))
            if k + 1 < len(lows) and _joined(parts, k, k + 1):
                right.add((low, lows[k + 1]))
        return left, right

    def _weigh_context(self, cands, parts, lows: list[str], unsure: set[int], confidences,
                       context: DocumentContext | None) -> None:
        """Every candidate of an unsure word gains ``context_bonus`` for each neighbour beside which the document
        reads it confidently elsewhere (a cache of the document's own bigrams; by default this text's)."""
        if context is None:
            left, right = self._confident_pairs(parts, lows, confidences)
            context = DocumentContext(frozenset(left), frozenset(right))
        if not context.left and not context.right:
            return
        bonus = self.params.context_bonus
        for k in unsure:
            cl = cands[k]
            if len(cl) < 2:
                continue
            prev = lows[k - 1] if k > 0 and _joined(parts, k - 1, k) else None
            nxt = lows[k + 1] if k + 1 < len(lows) and _joined(parts, k, k + 1) else None
            cands[k] = [(i, s + bonus * context.hits(prev, t, nxt), t) for i, s, t in cl]

    # ---------- decoding ----------
    def restore(self, text: str, confidences: Sequence[float | None] | None = None,
                context: DocumentContext | None = None) -> Restoration:
        """Restore one text (a page). ``confidences``: the OCR's, one per whitespace token, if any. ``context``:
        the confident readings of the whole document (``document_context``); by default those of this text."""
        matches = list(re.finditer(r"\S+", text))
        if confidences is not None and len(confidences) != len(matches):
            raise ValueError(f"{len(confidences)} confidences for {len(matches)} tokens")
        parts = [_split(m.group(0)) for m in matches]
        lows = _lows(parts)
        regime = self.regime([c for _, c, _ in parts])
        if regime == "plain" and confidences is None and any(_COMPOUND.match(mt.group(0)) for mt in matches):
            matches = _split_compounds(matches)
            parts = [_split(mt.group(0)) for mt in matches]
            lows = _lows(parts)
        m, p = self.model, self.params
        # per token: candidate list; None = protected / fixed
        cands: list[list[tuple[int, float, str]]] = []
        keep = [False] * len(parts)
        code_fixes: dict[int, str] = {}
        confident: dict[int, int] = {}  # token → its own id, for a confident known syllable (vie)
        names = _person_name_tokens(text, matches, parts) if regime == "vie" else set()
        titles = _title_tokens(text, matches) if regime == "vie" and p.title_mark is not None else set()
        unsure: set[int] = set()  # tokens the OCR read with a confidence below Params.confident
        for k, (lead, core, trail) in enumerate(parts):
            if self.protected(core, regime) or _is_list_label(matches[k], text):
                # protected words still give the LM their context (UBND tỉnh …)
                cid = m.NUM if NUMBER.match(core) else m.index.get(core.lower(), m.UNK)
                cands.append([(cid, 0.0, core)])
                keep[k] = True
                fixed = self.fix_code(core, regime)
                if fixed != core:
                    code_fixes[k] = fixed
                continue
            low = lows[k]
            conf = confidences[k] if confidences is not None else None
            if conf is not None and not p.trust_caps_confidence and core.isupper() and len(core) > 1:
                conf = None  # bold capitals (titles): Tesseract is sure of BAO VI BI, CÔ PHIẾU QUY as often as not
            own = m.index.get(low)
            if own is not None and own in m.syllable_ids and k in names:
                cands.append([(own, 0.0, low)])  # a person's name: the LM knows nothing of Thành vs Thanh
                continue
            if own is not None and own in m.syllable_ids and (
                    conf is not None and conf >= p.confident
                    or regime == "vie" and p.vie_keep_marked and not low.isascii()):
                if regime == "vie" and p.confident_mark is not None and conf is not None and conf >= p.confident:
                    cands.append(self._mark_variants(own, low, p.title_mark if k in titles else p.confident_mark))
                    confident[k] = own
                else:
                    cands.append([(own, 0.0, low)])
                continue
            cl = self.candidates(low, regime)
            if conf is not None and conf < p.confident:
                unsure.add(k)
                if regime == "vie" and p.unsure_variants and own is not None and own in m.syllable_ids:
                    cl = self._with_variants(cl, low)
            if k in unsure and len(cl) > 1:
                # vie: the less sure the OCR, the cheaper another reading (see Params.unsure_slope)
                other = p.unsure_slope * math.log((1.0 - conf) / (1.0 - p.confident)) if regime == "vie" else 0.0
                cl = [(i, s + (math.log(max(conf, 0.05)) if t == low else other), t) for i, s, t in cl]
            cands.append(cl)
        if regime == "vie" and unsure and p.context_bonus:
            self._weigh_context(cands, parts, lows, unsure, confidences, context)
        if regime == "vie" and p.pair_rescue is not None:
            known = {k: m.index[lows[k]] for k in unsure if m.index.get(lows[k]) in m.syllable_ids}
            self._rescue_pairs(cands, parts, lows, {**known, **confident})
        if regime == "vie" and p.vie_gate:
            self._gate(cands, keep, parts, confident)
        choice = self._decode(parts, cands, beam=p.plain_first_beam if regime == "plain" else None)
        if regime == "plain" and p.cache_weight > 0:
            choice = self._redecode(parts, cands, choice)
        return self._assemble(text, matches, parts, lows, cands, choice, keep, code_fixes, regime, confidences, unsure)

    def _spelt_alike(self, low: str) -> list[int]:
        """Ids of the syllables spelt with the same letters as ``low``, any marks, in vocabulary order."""
        syl = self.model.syllable_ids
        return [i for i in self.model.by_strip.get(strip_marks(low), ()) if i in syl]

    def _with_variants(self, cl: list[tuple[int, float, str]], low: str) -> list[tuple[int, float, str]]:
        """A known syllable the OCR is unsure of: every same-letter variant joins its candidates at ``vie_mark``,
        not only the few most frequent ones (``thị trần`` → ``trấn``; the context decides)."""
        key = ("unsure", low)
        hit = self._cache.get(key)
        if hit is None:
            have, vocab, cost = {x[0] for x in cl}, self.model.vocab, self.params.vie_mark
            hit = cl + [(i, cost, vocab[i]) for i in self._spelt_alike(low) if i not in have]
            self._cache[key] = hit
        return hit

    def _mark_variants(self, own: int, low: str, cost: float) -> list[tuple[int, float, str]]:
        """A confident known syllable: its own reading, then its same-letter mark variants at ``cost``."""
        key = ("confident", low, cost)
        hit = self._cache.get(key)
        if hit is None:
            vocab = self.model.vocab
            hit = [(own, 0.0, low)] + [(i, cost, vocab[i]) for i in self._spelt_alike(low) if i != own]
            self._cache[key] = hit
        return hit

    def _rescue_pairs(self, cands, parts, lows: list[str], confident: dict[int, int]) -> None:
        """See ``Params.pair_rescue``: a known syllable (``confident``: token → its own id; the unsure ones too)
        alone with both neighbours lets a same-letter variant that makes a known word with one of them compete."""
        m, cost = self.model, self.params.pair_rescue
        V, bi, lexicon = m.V, m.bi, self._lexicon_keys
        n = len(parts)

        def neighbour(j: int, a: int, b: int) -> int | None:  # the id at j when tokens a and b are joined
            return m.index.get(lows[j]) if 0 <= a and b < n and _joined(parts, a, b) else None

        for k, own in confident.items():
            cl = cands[k]
            if len(cl) < 2:
                continue
            left, right = neighbour(k - 1, k - 1, k), neighbour(k + 1, k, k + 1)
            # the neighbour a variant pairs with must be free: not already bound into a word on its other side
            # (thiết bị cân: "bị can" is a word, but bị belongs to thiết bị)
            far_left, far_right = neighbour(k - 2, k - 2, k - 1), neighbour(k + 2, k + 1, k + 2)
            left_free = left is not None and (far_left is None or far_left * V + left not in lexicon)
            right_free = right is not None and (far_right is None or right * V + far_right not in lexicon)

            def pairs(i: int) -> list[tuple[int, bool]]:  # (bigram key with a neighbour, whether it is free)
                return ([(left * V + i, left_free)] if left is not None else []) + \
                    ([(i * V + right, right_free)] if right is not None else [])

            if not pairs(own) or any(key in bi or key in lexicon for key, _ in pairs(own)):
                continue

            def makes_word(i: int, text: str) -> bool:
                if i == own or text.replace("đ", "d") != lows[k].replace("đ", "d"):
                    return False  # only d and đ swapped (Tesseract's bold d), every mark as read
                return any(free and key in bi and key in lexicon for key, free in pairs(i))

            cands[k] = [(i, max(s, cost) if makes_word(i, t) else s, t) for i, s, t in cl]

    def _gate(self, cands, keep, parts, confident=None) -> None:
        """vie fast path: a marked syllable is taken as read (only its own candidate is kept) when the trigram
        (left neighbour, it, right neighbour) occurs in the corpus. A confident known syllable (``confident``:
        token → own id) counts as read for its neighbours' trigrams, and is gated itself when it carries marks."""
        m = self.model
        V, tri, syl = m.V, m.tri, m.syllable_ids
        n = len(cands)
        own = [-1] * n
        ctx = [-1] * n  # the id a neighbour's trigram uses for this token
        for k, cl in enumerate(cands):
            if confident and k in confident:
                ctx[k] = confident[k]
                if not cl[0][2].isascii():
                    own[k] = confident[k]
                continue
            for cid, ch, t in cl:
                if ch == self.params.vie_keep and cid in syl and not t.isascii():
                    own[k] = ctx[k] = cid
                    break
        for k in range(n):
            c = own[k]
            if c < 0 or len(cands[k]) == 1:
                continue
            start = k == 0 or any(ch in _SENTENCE_END for ch in parts[k - 1][2])
            end = k == n - 1 or any(ch in _SENTENCE_END for ch in parts[k][2])
            prev = m.BOS if start else cands[k - 1][0][0] if len(cands[k - 1]) == 1 else ctx[k - 1]
            nxt = m.EOS if end else cands[k + 1][0][0] if len(cands[k + 1]) == 1 else ctx[k + 1]
            if prev >= 0 and nxt >= 0 and (prev * V + c) * V + nxt in tri:
                cands[k] = [x for x in cands[k] if x[0] == c]

    def _redecode(self, parts, cands, choice: list[int]) -> list[int]:
        """The second pass with the document cache, over the sentences where the cache prefers another candidate
        to a token's first choice (elsewhere it can only back the first pass's choice: kept, at no cost)."""
        cache = self._doc_cache(cands, choice)
        if self.params.pair_bonus:
            cands = self._pair_context(parts, cands, choice)
        out = list(choice)
        start = 0
        n = len(parts)
        for k in range(n):
            trail = parts[k][2]
            if k < n - 1 and not (trail and any(ch in _SENTENCE_END for ch in trail)):
                continue
            end = k + 1
            if any(self._contested(cands[i], cache[i], choice[i]) for i in range(start, end)):
                out[start:end] = self._decode(parts[start:end], cands[start:end], cache[start:end],
                                              beam=self.params.plain_beam)
            start = end
        return out

    def _pair_context(self, parts, cands, choice: list[int]):
        """Candidates of the cached pass with ``Params.pair_bonus`` for each side on which the first pass chose
        the same word pair elsewhere in the text (a pair counted at the token itself is left out)."""
        ids = [cl[choice[k]][0] for k, cl in enumerate(cands)]
        n = len(ids)
        pairs = Counter((ids[k], ids[k + 1]) for k in range(n - 1) if _joined(parts, k, k + 1))
        beta = self.params.pair_bonus
        out = list(cands)
        for k, cl in enumerate(cands):
            if len(cl) < 2:
                continue
            prev = ids[k - 1] if k > 0 and _joined(parts, k - 1, k) else None
            nxt = ids[k + 1] if k + 1 < n and _joined(parts, k, k + 1) else None
            own = ids[k]
            new = []
            for cid, ch, t in cl:
                hits = 0
                if prev is not None and pairs.get((prev, cid), 0) - (cid == own) > 0:
                    hits += 1
                if nxt is not None and pairs.get((cid, nxt), 0) - (cid == own) > 0:
                    hits += 1
                new.append((cid, ch + beta * hits, t))
            out[k] = new
        return out

    @staticmethod
    def _contested(cl, cache: dict[int, float] | None, j: int) -> bool:
        """A token whose document cache holds a candidate more often chosen than its own first choice."""
        if not cache:
            return False
        own = cache.get(cl[j][0], 0.0)
        return any(v > own for v in cache.values())

    def _doc_cache(self, cands, choice: list[int]) -> list[dict[int, float] | None]:
        """Per token, P_doc of each of its candidates (see ``Params.cache_weight``): the share of the other
        tokens whose first-pass choice is that syllable; None where no candidate but the token's own is cached."""
        syl = self.model.syllable_ids
        counts: dict[int, int] = {}
        chosen = []
        for k, cl in enumerate(cands):
            cid = cl[choice[k]][0]
            chosen.append(cid)
            if cid in syl:
                counts[cid] = counts.get(cid, 0) + 1
        total = sum(counts.values()) - 1
        if total <= 0:
            return [None] * len(cands)
        out: list[dict[int, float] | None] = []
        for k, cl in enumerate(cands):
            if len(cl) < 2:
                out.append(None)
                continue
            own = chosen[k]
            cache = {}
            for cid, _ch, _t in cl:
                n = counts.get(cid, 0) - (cid == own)
                if n > 0:
                    cache[cid] = n / total
            out.append(cache or None)
        return out

    def _decode(self, parts, cands, doc_cache: list[dict[int, float] | None] | None = None,
                beam: int | None = None) -> list[int]:
        """Beam search per sentence (states = last two LM ids); returns the chosen candidate of every token.
        ``doc_cache``: per token, P_doc of its candidates, mixed into the LM (``Params.cache_weight``)."""
        m, p = self.model, self.params
        lmw, B, gap = p.lm_weight, beam or p.beam, p.beam_gap
        V, tri, bi, ctx, bi_bow, uni = m.V, self._tri.get, self._bi.get, m.ctx.get, m.bi_bow, m.uni
        UNK, BOS, EOS, NUM = m.UNK, m.BOS, m.EOS, m.NUM
        logp = self._logp
        choice: list[int] = []
        hyps = [(0.0, BOS, BOS, None)]
        n = len(parts)
        w = p.cache_weight
        keep_lm = math.log1p(-w) if doc_cache is not None else 0.0
        exp, log = math.exp, math.log
        for k in range(n):
            # (j, LM id, channel score, cache term): (1 - w) P_lm + w P_doc = (1 - w) P_lm (1 + r / P_lm) with
            # r = w P_doc / (1 - w); log(1 - w) joins the channel score, log(1 + r / P_lm) is added per hypothesis
            best: dict[int, tuple] = {}
            if doc_cache is None:
                cl = [(j, cid if cid >= 0 else (NUM if cid == -3 else UNK), ch)
                      for j, (cid, ch, _t) in enumerate(cands[k])]
                for s, a, b, node in hyps:
                    ab = a * V + b
                    abV = ab * V
                    bV = b * V
                    bo = None
                    bb = bi_bow[b]
                    for j, c, ch in cl:
                        x = tri(abV + c)
                        if x is None:
                            if bo is None:
                                bo = ctx(ab, 0.0)
                            x = bi(bV + c)
                            if x is None:
                                x = bb + uni[c]
                            x += bo
                        sc = s + ch + lmw * x
                        key = bV + c
                        cur = best.get(key)
                        if cur is None or sc > cur[0]:
                            best[key] = (sc, b, c, (j, node))
            else:  # the same, with the document cache's term
                dc = doc_cache[k]
                cl = [(j, cid if cid >= 0 else (NUM if cid == -3 else UNK), ch + keep_lm,
                       w * dc[cid] / (1.0 - w) if dc and cid in dc else 0.0)
                      for j, (cid, ch, _t) in enumerate(cands[k])]
                for s, a, b, node in hyps:
                    ab = a * V + b
                    abV = ab * V
                    bV = b * V
                    bo = None
                    bb = bi_bow[b]
                    for j, c, ch, r in cl:
                        x = tri(abV + c)
                        if x is None:
                            if bo is None:
                                bo = ctx(ab, 0.0)
                            x = bi(bV + c)
                            if x is None:
                                x = bb + uni[c]
                            x += bo
                        if r:
                            x += log(1.0 + r / exp(x))
                        sc = s + ch + lmw * x
                        key = bV + c
                        cur = best.get(key)
                        if cur is None or sc > cur[0]:
                            best[key] = (sc, b, c, (j, node))
            if len(best) == 1:
                hyps = list(best.values())
            else:
                hyps = sorted(best.values(), key=_first, reverse=True)[:B]
                floor = hyps[0][0] - gap
                hyps = [h for h in hyps if h[0] >= floor]
            trail = parts[k][2]
            if k == n - 1 or (trail and any(ch in _SENTENCE_END for ch in trail)):
                top = max(hyps, key=lambda h: h[0] + lmw * logp(h[1], h[2], EOS))
                seq = []
                node = top[3]
                while node is not None:
                    seq.append(node[0])
                    node = node[1]
                choice.extend(reversed(seq))
                hyps = [(0.0, BOS, BOS, None)]
        return choice

    def _assemble(self, text, matches, parts, lows, cands, choice, keep, code_fixes, regime, confidences,
                  unsure=frozenset()) -> Restoration:
        m, p = self.model, self.params
        lmw = p.lm_weight
        logp, UNK, BOS, NUM = self._logp, m.UNK, m.BOS, m.NUM
        V, tri, bi, ctx, bi_bow, uni = m.V, self._tri.get, self._bi.get, m.ctx.get, m.bi_bow, m.uni
        ids = [cands[k][choice[k]][0] for k in range(len(parts))]
        ids = [i if i >= 0 else (m.NUM if i == -3 else UNK) for i in ids]
        tokens: list[RestoredToken] = []
        pieces: list[str] = []
        last = 0
        # sentence starts, to give the local re-scoring the same contexts as the decoder
        starts = [True] * len(parts)
        for k in range(1, len(parts)):
            tr = parts[k - 1][2]
            starts[k] = bool(tr) and any(ch in _SENTENCE_END for ch in tr)
        for k, mt in enumerate(matches):
            lead, core, trail = parts[k]
            cl = cands[k]
            j = choice[k]
            pat = _pattern(core)
            if len(cl) == 1:
                alts = [(code_fixes.get(k, core) if keep[k] or cl[0][0] < 0 else apply_case(cl[0][2], pat), 1.0)]
                conf = 1.0
            else:
                a = ids[k - 2] if k >= 2 and not starts[k] and not starts[k - 1] else BOS
                b = ids[k - 1] if k >= 1 and not starts[k] else BOS
                nxt = ids[k + 1] if k + 1 < len(parts) and not starts[k + 1] else None
                # local re-scoring of the weighed candidates (the top few and the chosen one) with the chosen
                # neighbours: left trigram + the trigram that predicts the next token
                ab = a * V + b
                abV, bV = ab * V, b * V
                bo = ctx(ab, 0.0)
                bb = bi_bow[b]
                idx = list(range(min(len(cl), 6)))
                if j >= 6:
                    idx.append(j)
                local = []
                for i in idx:
                    cid, ch, _t = cl[i]
                    c = cid if cid >= 0 else (NUM if cid == -3 else UNK)
                    x = tri(abV + c)
                    if x is None:
                        x = bi(bV + c)
                        x = bo + (bb + uni[c] if x is None else x)
                    if nxt is not None:
                        x += logp(b, c, nxt)
                    local.append(ch + lmw * x)
                top = max(local)
                ex = [math.exp(x - top) for x in local]
                z = sum(ex)
                probs = dict(zip(idx, (e / z for e in ex)))
                order = sorted(probs, key=probs.__getitem__, reverse=True)[:5]
                if regime == "vie" and probs[j] < (p.unsure_min_conf if k in unsure else p.vie_min_conf):
                    # 'vie' text: a word read as a known syllable is only replaced on clear evidence
                    low = lows[k]
                    own = next((i for i, x in enumerate(cl) if x[2] == low), None)
                    spelt = low in m.index or is_valid_shape(low) and _VIET_LETTERS.issuperset(low)
                    if own is not None and spelt:
                        j = own
                elif regime == "vie" and p.vie_strict_known and (confidences is None or confidences[k] is None):
                    # no OCR confidence: a known syllable is replaced on the evidence of its context alone, a
                    # learned confusion counting as an unseen mark change (see Params.vie_strict_known)
                    low = lows[k]
                    if cl[j][2] != low:
                        own = next((i for i in idx if cl[i][2] == low and cl[i][0] in m.syllable_ids), None)
                        if own is not None and _flat_prob(local, idx, cl, own, j, p.vie_mark) < p.vie_min_conf:
                            j = own
                alts = [(core if cl[i][0] < 0 else apply_case(cl[i][2], pat), round(probs[i], 4)) for i in order]
                conf = probs.get(j, 0.0)
            word = cl[j][2]
            new_core = code_fixes.get(k, core) if keep[k] or cl[j][0] < 0 else apply_case(word, pat)
            new = lead + new_core + trail
            if new == "\u2014":
                # an em dash standing alone is OCR's reading of an en dash (Lao động – Thương binh): the corpus
                # has 222 spaced en dashes and no spaced em dash
                new = "\u2013"
            changed = new != mt.group(0)
            tokens.append(RestoredToken(mt.group(0), new, mt.start(), mt.end(), round(conf, 4), alts, changed))
            pieces.append(text[last:mt.start()])
            pieces.append(new)
            last = mt.end()
        pieces.append(text[last:])
        return Restoration("".join(pieces), tokens, regime)


def _flat_prob(local: list[float], idx: list[int], cl, own: int, j: int, mark: float) -> float:
    """Local probability of candidate ``j`` once every candidate but the reading (``own``) has a channel score no
    better than ``mark``, the cost of a mark change no OCR statistic backs: what the context alone says."""
    flat = [x if i == own else x - cl[i][1] + min(cl[i][1], mark) for i, x in zip(idx, local)]
    top = max(flat)
    z = sum(math.exp(x - top) for x in flat)
    return math.exp(flat[idx.index(j)] - top) / z


def _lows(parts: list[tuple[str, str, str]]) -> list[str]:
    """Each token's core as the model looks it up: normalised (NFC, tone placement) and lower-cased."""
    return [normalize_word(core).lower() for _, core, _ in parts]


def _joined(parts: list[tuple[str, str, str]], a: int, b: int) -> bool:
    """Tokens ``a`` and ``b`` (= a + 1) are words read side by side: both have a core, no punctuation between."""
    return bool(parts[a][1]) and bool(parts[b][1]) and not parts[a][2] and not parts[b][0]


_first = itemgetter(0)  # a hypothesis's score (C-level: the beam sorts hundreds of them per token)


def _split(token: str) -> tuple[str, str, str]:
    """Edge punctuation apart from the core; noise symbols right after letters stay in the core (``K¥``)."""
    lead, core, trail = split_edges(token)
    if core and trail and trail[0] in _TRAIL_NOISE:
        n = 0
        while n < len(trail) and trail[n] in _TRAIL_NOISE:
            n += 1
        core, trail = core + trail[:n], trail[n:]
    return lead, core, trail


TITLE_LINES = 4  # a title runs at most this many lines under its type line (a V/v subject: its first and three more)
_VV = re.compile(r"^[\W_]{0,3}V\s*/\s*v\b")
_TYPE_KEYS = frozenset(" ".join(strip_marks(t.name).lower().split()) for t in DOC_TYPES)


def _title_tokens(text: str, matches: list[re.Match[str]]) -> set[int]:
    """Tokens of a document's title: the lines under a line that is a type name in capitals (``KẾ HOẠCH``, from
    ``lexicon.DOC_TYPES``, the one type vocabulary; blank and speck lines between skipped) up to a blank line, and
    a ``V/v`` subject's lines."""
    lines, at = [], 0
    for line in text.split("\n"):
        lines.append((at, at + len(line), line))
        at += len(line) + 1
    letters = lambda line: sum(ch.isalpha() for ch in line)  # noqa: E731
    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(lines):
        line = lines[k][2]
        bare = " ".join(re.sub(r"[^\w\s]|_", " ", line).split())
        is_type = bare.isupper() and strip_marks(bare).lower() in _TYPE_KEYS
        if not (is_type or _VV.match(line)):
            k += 1
            continue
        first = k + 1 if is_type else k
        while is_type and first < len(lines) and first - k <= 4 and letters(lines[first][2]) < 2:
            first += 1  # blank lines and specks between the type line and the title
        end = first
        while end < len(lines) and end - first < TITLE_LINES and letters(lines[end][2]) >= 2:
            end += 1
        if end > first:
            spans.append((lines[first][0], lines[end - 1][1]))
        k = max(end, k + 1)
    if not spans:
        return set()
    return {i for i, m in enumerate(matches) if any(a <= m.start() < b for a, b in spans)}


def _person_name_tokens(text: str, matches: list[re.Match[str]], parts: list[tuple[str, str, str]]) -> set[int]:
    """Tokens of a person's name in read Vietnamese: a family name (``_SURNAMES``) and one to three more words in
    title case, standing alone on a line (the signer, ``Phạm Thị Thành Trà``) or after ông / bà / đồng chí.
    Their known syllables are kept as read: nothing in the LM tells ``Thành`` from ``Thanh`` in a name."""
    out: set[int] = set()
    n = len(parts)

    def title(k: int) -> bool:
        core = parts[k][1]
        return len(core) > 1 and core.isalpha() and case_pattern(core) == "title"

    def line_start(k: int) -> bool:
        return k == 0 or "\n" in text[matches[k - 1].end():matches[k].start()]

    for k in range(n):
        if not title(k) or normalize_word(parts[k][1]).lower() not in _SURNAMES:
            continue
        end = k + 1
        while end < n and end - k < 4 and title(end) and not line_start(end) and not parts[end - 1][2]:
            end += 1
        if end - k < 2:
            continue
        alone = line_start(k) and (end == n or line_start(end)) and not parts[k][0]
        cue = k > 0 and not line_start(k) and not parts[k - 1][2] and \
            normalize_word(parts[k - 1][1]).lower() in _NAME_CUES and \
            (parts[k - 1][1].lower() != "chí" or k > 1 and parts[k - 2][1].lower() == "đồng")
        if alone or cue:
            out.update(range(k, end))
    return out


def _pattern(core: str) -> str:
    """Case pattern of an OCR'd core; majority vote so that ``HQI`` counts as capitals, ``XuAt`` as title."""
    if core.islower():
        return "lower"
    letters = [ch for ch in core if ch.isalpha()]
    if not letters:
        return "lower"
    upper = sum(ch.isupper() for ch in letters)
    if len(letters) > 1 and upper * 2 > len(letters):
        return "upper"
    if letters[0].isupper() or core[:1].isdigit() and upper:
        return "title"
    return "lower"
