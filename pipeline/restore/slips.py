"""OCR slips the restorer's mark model does not see: a letter misread (``làu việc`` for ``làm việc``, ``hiện`` read
``biện``). The restorer chooses among the marks of the letters it is given; these helpers look one letter away,
with the corpus's pairs (the restore model's bigrams) as the judge.

- ``misspelt``: a word spelt as no Vietnamese syllable is (two tones, a vowel group no syllable has: ``Đơàn``);
- ``one_apart``: the vocabulary's syllables with other marks, or one letter changed and the same marks;
- ``chain_logp``: the log probability of a run of syllables by the corpus's pairs;
- ``unlikely_pairs``, ``mend_unlikely_pairs``: a pair the corpus writes rarely, a letter or mark from one it writes
  far more often with the same neighbours (``chỉ trả``: chi trả);
- ``mend_unknown_words``: a word no syllable of the corpus is (``làu``, ``Giáu``) taken as the one syllable one
  letter away that its neighbours make far more likely than any other (``làm``, ``Giám``);
- ``join_split_syllables``: a syllable's final consonants OCR set apart (``Chủ tị ch``) joined back;
- ``mend_stranded_words``: a word the corpus knows but never writes beside either neighbour (``lập Tố công``) taken
  as its letters with the marks the phrase's word triples call for (``Tổ``);
- ``fill_from_context``: one or two garbled words between known ones (``khu : =8 nghiệp``, ``triển khai côrig
  tác``) read as the one syllable the corpus's triples call for there, far above any other (``công``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Optional

from rapidfuzz.distance import Levenshtein

from pipeline.restore.model import known_syllables
from pipeline.restore.syllables import TONES, apply_case, case_pattern, normalize_word
from pipeline.text import is_syllable_shape, strip_marks


def _vowels(word: str) -> tuple[str, int]:
    """The word's vowel letters with their quality marks (ơ, â, ư, ...) and no tone, and how many tone marks."""
    nfd = unicodedata.normalize("NFD", word.lower())
    tones = sum(ch in TONES for ch in nfd)
    bare = unicodedata.normalize("NFC", "".join(ch for ch in nfd if ch not in TONES))
    return "".join(ch for ch in bare if strip_marks(ch) in "aeiouy"), tones


@lru_cache(maxsize=1)
def _vowel_groups() -> frozenset[str]:
    """The vowel groups of the corpus's syllables (``oa``, ``ươ``, ``uyê``): a name's rare syllable (Toản) has one
    of them however rare it is."""
    return frozenset(_vowels(s)[0] for s in known_syllables())


def misspelt(word: str) -> bool:
    """A word spelt as no Vietnamese syllable is: two tone marks, a vowel group no syllable of the corpus has, as
    ``Đơàn`` (ơa), or a syllable ending on â or ă, which always take a final consonant (``Vâ``: Vân with its n
    lost): its marks or letters are wrong however sure OCR was of them; False when there is no model to tell."""
    groups = _vowel_groups()
    if not groups or not word.isalpha():
        return False
    vowels, tones = _vowels(word)
    ends_open = len(word) > 1 and vowels[-1:] in ("â", "ă") and word[-1].lower() not in "bcdfghjklmnpqrstvxz"
    return tones > 1 or vowels not in groups or ends_open


UNSEEN_PAIR_LOGP = -12.0  # a pair the corpus never writes, in a chain's log probability
MEND_PAIR_LOGP = -4.0  # a mended word makes a pair at least this likely (about 1 in 55) with a neighbour
MEND_MARGIN = 4.0  # ... and its chain outweighs the next candidate's by this log ratio (about 55 times)
_EDGES = ".,;:()\"'“”-–/…"


def one_apart(model: Any, word: str) -> list[int]:
    """The vocabulary's syllables with the same letters and other marks, or one letter substituted and the same
    marks (``hiện`` for ``biện``: OCR misreads a letter and keeps the marks over it)."""
    plain = strip_marks(word).lower()
    out = list(model.by_strip.get(plain, ()))
    marks = marks_of(word)
    for form in model.substitutions(plain):
        out.extend(j for j in model.by_strip.get(form, ()) if marks_of(model.vocab[j]) == marks)
    return out


def one_letter_more_or_less(model: Any, word: str) -> list[int]:
    """The vocabulary's syllables with one letter more or one less and the same marks (``chữa`` for ``chữ``: OCR
    lost a letter of a bold title word, or read a speck as one)."""
    plain = strip_marks(word).lower()
    letters = model.__dict__.setdefault("_plain_letters", sorted({ch for form in model.by_strip for ch in form}))
    forms = {plain[:i] + plain[i + 1:] for i in range(len(plain))} if len(plain) > 1 else set()
    forms |= {plain[:i] + ch + plain[i:] for i in range(len(plain) + 1) for ch in letters}
    marks = marks_of(word)
    return [j for form in forms for j in model.by_strip.get(form, ()) if marks_of(model.vocab[j]) == marks]


def one_vowel_more(model: Any, word: str) -> list[int]:
    """The vocabulary's syllables with one vowel more, any marks, than a word of consonants only (``nghị``,
    ``nghi`` for ``ngh``: OCR lost the vowel with its marks)."""
    return _vowel_inserted(model, word.lower())


SHORT_WORD = 2  # letters of a word that may have lost a vowel (``đa``)


def one_vowel_lost(model: Any, word: str) -> list[int]:
    """The vocabulary's syllables with one vowel more, any marks, than a short word (``địa`` for ``đa``: OCR lost
    a vowel of a pair with its mark, and the mark went with it); the vowel after its first letter."""
    plain = strip_marks(word).lower()
    return [] if len(plain) > SHORT_WORD else _vowel_inserted(model, plain, first=1)


def _vowel_inserted(model: Any, plain: str, first: int = 0) -> list[int]:
    """The vocabulary's syllables (any marks) whose unmarked form is ``plain`` with one vowel put in at ``first``
    or after."""
    return [j for i in range(first, len(plain) + 1) for v in "aeiouy"
            for j in model.by_strip.get(plain[:i] + v + plain[i:], ())]


def marks_of(word: str) -> tuple[str, ...]:
    """The word's combining marks in order, and whether it has đ."""
    nfd = unicodedata.normalize("NFD", word.lower())
    return tuple(ch for ch in nfd if unicodedata.combining(ch)) + (("đ",) if "đ" in nfd else ())


def chain_logp(model: Any, ids: list[Optional[int]]) -> float:
    """The log probability of a run of words (None at its ends: no neighbour there), as the first word's unigram
    and the corpus's pairs after it."""
    ids = [i for i in ids if i is not None]
    return model.uni[ids[0]] + sum(model.bi.get(x * model.V + y, UNSEEN_PAIR_LOGP) for x, y in zip(ids, ids[1:]))


def _id(model: Any, word: str) -> Optional[int]:
    """The vocabulary id of a word's core (its edge punctuation dropped, any case), or None."""
    core = word.strip(_EDGES)
    return model.index.get(normalize_word(core.lower())) if core.isalpha() else None


def _in_a_name(cores: list[str], k: int) -> bool:
    """Whether the capitalised word at k stands beside another capitalised one (the title's first word aside): a
    name's or a place's (``Krông Pắc``), which the corpus's pairs do not judge."""
    return cores[k].istitle() and any(0 < j < len(cores) and cores[j][:1].isupper() for j in (k - 1, k + 1))


def mend_unknown_words(model: Any, words: list[str]) -> list[str]:
    """``words`` with each word that is no syllable of the corpus, lower case or capitalised, taken as the syllable
    one letter or mark away (``one_apart``) that makes a likely pair with a neighbour (``MEND_PAIR_LOGP``) and
    whose run with both neighbours is ``MEND_MARGIN`` more likely than any other candidate's; a word with no
    such candidate, or none known beside it, is kept. A word of consonants only (``ngh``: OCR lost its vowel)
    takes a syllable with one vowel more, any marks, alike. Names and places aside: a capitalised word after another
    capitalised word, or before one, is kept (``Krông Pắc``)."""
    cores = [w.strip(_EDGES) for w in words]
    ids = [_id(model, w) for w in words]
    out = list(words)
    for k, core in enumerate(cores):
        voiceless = core.isascii() and not re.search(r"[aeiouy]", core, re.I)  # (``ngh``: its vowel lost)
        if not core.isalpha() or len(core) < 2 or ids[k] is not None or not (core.islower() or core.istitle()) \
                or core.isascii() and not voiceless:  # (a word without a mark may be a loanword: ``ren``, ``visa``)
            continue
        if _in_a_name(cores, k):
            continue
        before = ids[k - 1] if k > 0 else None
        after = ids[k + 1] if k + 1 < len(ids) else None
        if before is None and after is None:
            continue
        scored = []
        for alt in set(one_vowel_more(model, core) if voiceless else one_apart(model, core)):
            if alt not in model.syllable_ids:
                continue
            pairs = [model.bi.get(x * model.V + y) for x, y in ((before, alt), (alt, after)) if None not in (x, y)]
            if not any(p is not None and p >= MEND_PAIR_LOGP for p in pairs):
                continue
            scored.append((chain_logp(model, [before, alt, after]), alt))
        if not scored:
            continue
        scored.sort(reverse=True)
        others = [s for s, _ in scored[1:]]
        runner_up = max(others, default=chain_logp(model, [before, after]) + UNSEEN_PAIR_LOGP)
        if scored[0][0] - runner_up >= MEND_MARGIN:
            form = apply_case(model.vocab[scored[0][1]], case_pattern(core))
            out[k] = words[k].replace(core, form, 1)
            ids[k] = scored[0][1]
    return out


def _window_logp(model: Any, ids: list[Optional[int]], k: int, word: int) -> float:
    """The log probability of the words from k to k + 2 by the corpus's triples (and pairs, words, by back-off),
    with ``word`` at k: every term the word at k takes part in."""
    seq = [model.BOS, model.BOS] + [model.UNK if i is None else i for i in ids] + [model.EOS]
    seq[k + 2] = word
    return sum(model.logp(seq[j - 2], seq[j - 1], seq[j]) for j in range(k + 2, min(k + 5, len(seq))))


def mend_stranded_words(model: Any, words: list[str]) -> list[str]:
    """``words`` with each word the corpus knows but never writes beside either neighbour (both known words, in
    one phrase) taken as the one syllable of the same letters with other marks that the corpus writes beside
    both, when its run is ``MEND_MARGIN`` more likely than any other such syllable's (``thành lập Tố công tác``:
    Tổ, a hook read as an acute on a bold title word). Names aside, as in ``mend_unknown_words``."""
    cores = [w.strip(_EDGES) for w in words]
    ids = [_id(model, w) for w in words]
    out = list(words)

    def seen(x: int, y: int) -> bool:
        return x * model.V + y in model.bi

    for k in range(1, len(words) - 1):
        core, before, after = cores[k], ids[k - 1], ids[k + 1]
        if ids[k] is None or before is None or after is None or not (core.islower() or core.istitle()) \
                or words[k - 1][-1:] in ".,;:" or words[k][-1:] in ".,;:" or seen(before, ids[k]) \
                or seen(ids[k], after):
            continue
        if _in_a_name(cores, k):
            continue
        scored = sorted(((_window_logp(model, ids, k, alt), alt)
                         for alt in model.by_strip.get(strip_marks(core).lower(), ())
                         if alt != ids[k] and alt in model.syllable_ids and seen(before, alt) and seen(alt, after)),
                        reverse=True)
        if not scored:
            continue
        runner_up = max(scored[1][0] if len(scored) > 1 else -1e9, _window_logp(model, ids, k, ids[k]))
        if scored[0][0] - runner_up >= MEND_MARGIN:
            form = apply_case(model.vocab[scored[0][1]], case_pattern(core))
            out[k] = words[k].replace(core, form, 1)
            ids[k] = scored[0][1]
    return out


def split_glued_words(model: Any, words: list[str]) -> list[str]:
    """``words`` with each word that is no syllable of the corpus, lower case or capitalised, split in two where
    OCR lost the space between two syllables (``hướngdẫn``, ``Vềviệc``, ``công tácphòng``): the split into two
    syllables of the corpus one of whose pairs, with each other or their neighbours, is a likely one
    (``MEND_PAIR_LOGP``), and whose run with the neighbours is ``MEND_MARGIN`` likelier than any other split's."""
    out: list[str] = []
    for n, word in enumerate(words):
        core = word.strip(_EDGES)
        if len(core) < 4 or not core.isalpha() or not (core.islower() or core.istitle()) or core.isascii() \
                or normalize_word(core.lower()) in model.index or is_syllable_shape(core) and not misspelt(core):
            # (a syllable with a letter or mark misread, ``thuân``, is no two run together; a word without a mark
            # may be a loanword: ``visa``)
            out.append(word)
            continue
        before = _id(model, words[n - 1]) if n > 0 else None
        after = _id(model, words[n + 1]) if n + 1 < len(words) else None
        low = core.lower()
        scored = []
        for k in range(1, len(low)):
            a, b = model.index.get(normalize_word(low[:k])), model.index.get(normalize_word(low[k:]))
            if a not in model.syllable_ids or b not in model.syllable_ids:
                continue
            pairs = [model.bi.get(x * model.V + y) for x, y in ((before, a), (a, b), (b, after)) if None not in (x, y)]
            if any(p is not None and p >= MEND_PAIR_LOGP for p in pairs):
                scored.append((chain_logp(model, [before, a, b, after]), k))
        scored.sort(reverse=True)
        if not scored or len(scored) > 1 and scored[0][0] - scored[1][0] < MEND_MARGIN:
            out.append(word)
            continue
        k = scored[0][1]
        at = word.index(core)
        out.append(f"{word[:at]}{core[:k]} {core[k:]}{word[at + len(core):]}")
    return " ".join(out).split(" ")


# a syllable's final consonants, which OCR sometimes sets apart from it (``tị ch``), a stroke glued after them
_FINAL_PIECE = re.compile(r"(ch|nh|ng|c|m|n|p|t)([-_]?[.,;:]?)")


def join_split_syllables(model: Any, words: list[str]) -> list[str]:
    """``words`` with a syllable's final consonants that OCR set apart from it joined back (``Chủ tị ch``: tịch;
    ``phát triể n- rừng``: triển), where the piece alone is no syllable of the corpus and the whole is one; a
    stroke glued to the piece goes, a comma or a stop stays."""
    out: list[str] = []
    for word in words:
        piece = _FINAL_PIECE.fullmatch(word)
        if out and piece and len(out[-1]) > 1 and out[-1].isalpha() \
                and _id(model, piece.group(1)) not in model.syllable_ids:
            joined = out[-1] + piece.group(1)
            if _id(model, joined) in model.syllable_ids:
                out[-1] = joined + piece.group(2).lstrip("-_")
                continue
        out.append(word)
    return out


def drop_specks(model: Any, words: list[str]) -> list[str]:
    """``words`` without the specks OCR read as two or three lower-case letters that spell no syllable of the
    corpus (``công tác ic phòng``), where the words before it and the word after make a likely run without it (the
    model's trigram, ``MEND_PAIR_LOGP``), and so a one-letter word the corpus pairs with neither neighbour
    (``phòng, y chống``; ``điểm a`` stays); one between words the corpus does not pair may be a word OCR garbled
    (``đồ iii năm``: đô thị) and stays, and after a number the letters may be a unit (``5 km``)."""
    def unpaired(k: int) -> bool:  # a one-letter word the corpus pairs with neither neighbour (``phòng, y chống``)
        ids = [_id(model, w) for w in (words[k - 1], words[k], words[k + 1])]
        if ids[1] is None:
            return True  # (a letter the corpus never writes alone: ``trong t mùa``)
        return not any(x is not None and x * model.V + y in model.bi
                       for x, y in ((ids[0], ids[1]), (ids[1], ids[2])) if y is not None)

    out: list[str] = []
    for k, word in enumerate(words):
        if 0 < k < len(words) - 1 and not words[k - 1][-1:].isdigit() and out and (
                re.fullmatch(r"[a-z]{2,3}", word) and word not in model.index
                or re.fullmatch(r"[a-zà-ỹđ]", word) and unpaired(k)):
            ids = [_id(model, w) for w in (out[-2] if len(out) > 1 else "", out[-1], words[k + 1])]
            if ids[1] is not None and ids[2] is not None \
                    and model.logp(model.BOS if ids[0] is None else ids[0], *ids[1:]) >= MEND_PAIR_LOGP:
                continue
        out.append(word)
    return out


COMMON_PAIR_LOGP = -3.0  # log P(b | a) from which the corpus's pair a b is a common one (about 1 in 20)
RARE_PAIR_LOGP = -6.0  # log P(b | a) under which a pair the corpus writes is a rare one (about 1 in 400)
MUCH_MORE_COMMON = 4.0  # log ratio by which a one-apart pair outweighs a rare pair as read (about 55 times)


def unlikely_pairs(model: Any, words: list[str]) -> list[tuple[str, str]]:
    """(pair as read, the common pair) for each two lower-case title words in a row (``thực biện``) that the
    corpus never writes while it commonly writes one of them with one letter or mark changed (``thực hiện``): a
    slip of OCR that left a real syllable (h read b, a mark lost) and that the restorer kept, as it keeps a marked
    syllable it knows. Bold title words are where OCR slips most."""
    cores = [w.strip(_EDGES) for w in words]
    ids = [model.index.get(normalize_word(c)) if c.isalpha() and c.islower() else None for c in cores]
    context = [_id(model, w) for w in words]  # (any case: Đơn vị)
    out: list[tuple[str, str]] = []
    for k in range(len(cores) - 1):
        a, b = ids[k], ids[k + 1]
        if a is None or b is None or a not in model.syllable_ids or b not in model.syllable_ids:
            continue
        written = model.bi.get(a * model.V + b)
        if written is not None and written >= RARE_PAIR_LOGP:
            continue  # the corpus writes this pair
        before, after = ids[k - 1] if k > 0 else None, ids[k + 2] if k + 2 < len(ids) else None
        # a pair it writes rarely only against one it writes far more often with the neighbours as read, in any
        # case (``chỉ trả``: ``chi trả``, pay; not ``việc trợ`` of ``vụ việc trợ giúp``, ``vị sự`` of ``Đơn vị sự``)
        around = (context[k - 1] if k > 0 else None, context[k + 2] if k + 2 < len(ids) else None)
        over = None if written is None else chain_logp(model, [around[0], a, b, around[1]]) + MUCH_MORE_COMMON
        usual = common_neighbour_pair(model, a, b, before, after, over, around)
        if usual:
            out.append((f"{cores[k]} {cores[k + 1]}", usual))
    return out


def common_neighbour_pair(model: Any, a: int, b: int, before: Optional[int], after: Optional[int],
                           over: Optional[float] = None,
                           around: tuple[Optional[int], Optional[int]] = (None, None)) -> Optional[str]:
    """``"a b'"`` or ``"a' b"``: the same pair with one word one letter or mark apart that the corpus commonly
    writes (``COMMON_PAIR_LOGP``), where the changed word still makes a pair the corpus writes with its other
    neighbour (``before`` a, ``after`` b) when the word as read did, and whose log probability with the words
    ``around`` it is at least ``over`` when given; None when there is none, or more than one."""
    def seen(x: Optional[int], y: Optional[int]) -> bool:
        return x is not None and y is not None and x * model.V + y in model.bi

    found = set()
    for fixed, other, left in ((a, b, False), (b, a, True)):
        near = one_apart(model, model.vocab[other]) + one_letter_more_or_less(model, model.vocab[other])
        lost_vowel = set(one_vowel_lost(model, model.vocab[other])) - set(near)
        for alt in near + sorted(lost_vowel):
            if alt == other or alt not in model.syllable_ids:
                continue
            # a vowel lost is a bigger slip: the word it makes pairs commonly on both sides (``trên địa bàn``; not
            # ``thuốc lào giai`` for thuốc lá giai: Lào giai đoạn is common, thuốc lào is not)
            neighbour = before if left else after
            if alt in lost_vowel and not (neighbour is not None and model.bi.get(
                    neighbour * model.V + alt if left else alt * model.V + neighbour, -99.0) >= COMMON_PAIR_LOGP):
                continue
            if left and seen(before, other) and not seen(before, alt) \
                    or not left and seen(other, after) and not seen(alt, after):
                continue
            key = alt * model.V + fixed if left else fixed * model.V + alt
            chain = [around[0], alt, fixed, around[1]] if left else [around[0], fixed, alt, around[1]]
            if model.bi.get(key, -99.0) >= COMMON_PAIR_LOGP and (over is None or chain_logp(model, chain) >= over):
                pair = (model.vocab[alt], model.vocab[fixed]) if left else (model.vocab[fixed], model.vocab[alt])
                found.add(" ".join(pair))
    return found.pop() if len(found) == 1 else None


def mend_unlikely_pairs(model: Any, words: list[str], opens: bool = False) -> list[str]:
    """``words`` with each pair ``unlikely_pairs`` finds (``chỉ trả``) written as the common pair (``chi trả``)
    where a word the corpus knows stands on either side of it in the same phrase (or a comma before it), or the
    pair opens the words and ``opens`` says they open a phrase (a title's: ``Thực biện công tác``): the one word of
    it that differs takes the common form, its case and the marks around it kept."""
    out = list(words)

    def known(k: int) -> bool:  # (a word the corpus knows, no punctuation after it: the phrase goes on)
        if k == -1 and opens:
            return True
        return 0 <= k < len(out) and _id(model, out[k]) is not None and out[k][-1:] not in ".,;:"

    def after_comma(k: int) -> bool:  # (a known word and a comma before the pair: ``phòng cháy, chữ cháy``)
        return 0 <= k < len(out) and out[k].endswith(",") and _id(model, out[k][:-1]) is not None

    for read, usual in unlikely_pairs(model, out):
        pair, fixed = read.split(" "), usual.split(" ")
        for k in range(len(out) - 1):
            cores = [out[k].strip(_EDGES), out[k + 1].strip(_EDGES)]
            # only between two words the corpus knows, in one phrase: a number or a sentence's end beside the pair
            # leaves it open (``Luật Đầu tư công số 58``, ``do quỹ đóng.``)
            if cores == pair and not ((known(k - 1) or after_comma(k - 1)) and known(k) and known(k + 1)
                                      and known(k + 2)):
                break
            if cores == pair:
                for j, (was, now) in enumerate(zip(pair, fixed)):
                    if was != now:
                        out[k + j] = out[k + j].replace(was, now, 1)
                break
    return out


CONTEXT_MOST_GARBLED = 2  # a run of at most this many garbled words is read from its neighbours ...
CONTEXT_LETTERS_LIKE = 0.5  # ... as a syllable whose letters are this like the run's (by normalised edit distance),
# where the run has two letters or more; a run of marks and digits (``: =8``) is read from the neighbours alone


def _garbled(word: str, known: frozenset[str]) -> bool:
    """A word that is no syllable of the corpus, number or code: marks only (``:``), or lower-case letters and marks
    no syllable spells (``côrig``, ``=8``); not a capitalised word (a name's, an acronym: ``ODA``) nor a plain ASCII
    word (a loanword: ``visa``)."""
    core = word.strip(_EDGES)
    if not core:
        return True
    letters = "".join(ch for ch in core if ch.isalpha())
    if re.fullmatch(r"[\d.,%]+", core) or "/" in core or "-" in core or normalize_word(core.lower()) in known:
        return False  # (a number, ``100%``, a code, two words joined: ``vữa-Phương``; ``hoá``: the corpus's hóa)
    if letters and (len(letters) < 2 or letters[0].isupper() or core.isascii() and core.isalpha()
                    or re.fullmatch(r"[a-zđ]\d{1,2}", core)):
        return False  # (a point's letter, ``điểm đ``, ``c2``; a name, an acronym, a loanword)
    return True


def _fillers(model: Any, a: int, b: int, c: int, d: int) -> list[tuple[float, int]]:
    """(log probability of ``a b y c d``'s triples, y) for each syllable y the corpus writes after ``b`` and before
    ``c``, likeliest first: what may stand between ``b`` and ``c``."""
    return sorted(((model.logp(a, b, y) + model.logp(b, y, c) + model.logp(y, c, d), y)
                   for y in model.syllable_ids if b * model.V + y in model.bi and y * model.V + c in model.bi),
                  reverse=True)


ISLAND_MARGIN = 8.0  # a word read from its neighbours alone: its chain outweighs the next one's about 3,000 times


def mend_islands(model: Any, words: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """``words`` with each lower-case word that the corpus writes beside neither neighbour (``trên la bàn``: it
    never writes ``trên la`` nor ``la bàn``; ``địa ki huyện``: nor ``ki`` at all) read as the one syllable that
    pairs with both and whose run with the two words either side (the corpus's triples) outweighs every other such
    syllable's by ``ISLAND_MARGIN`` (``địa``): OCR slipped letters and left a real syllable, as it does on bold
    title words. A run of the corpus's words that has no such syllable (``công tác xóa nhà``: many fit, none stands
    out) is kept. Returns the words and the (word, syllable) pairs read so: guesses to check."""
    ids = [_id(model, w) if w.strip(_EDGES).islower() else None for w in words]
    out = list(words)
    read: list[tuple[str, str]] = []
    for k in range(1, len(words) - 1):
        a, b, c = ids[k - 1], ids[k], ids[k + 1]
        if None in (a, c) or words[k - 1][-1:] in ".,;:" or words[k][-1:] in ".,;:":
            continue  # (neighbours the corpus knows, in one phrase)
        never_written = b is None and words[k].isalpha() and words[k].islower()  # (``ki``)
        if not never_written and (b is None or b not in model.syllable_ids or a * model.V + b in model.bi
                                  or b * model.V + c in model.bi):
            continue
        before = _id(model, words[k - 2]) if k >= 2 else None
        if before is None:
            continue
        after = _id(model, words[k + 2]) if k + 2 < len(words) else model.EOS
        after = model.UNK if after is None else after
        scored = _fillers(model, before, a, c, after)
        if scored and scored[0][0] - (scored[1][0] if len(scored) > 1 else 3 * UNSEEN_PAIR_LOGP) >= ISLAND_MARGIN:
            form = model.vocab[scored[0][1]]
            read.append((words[k], form))
            out[k] = form
    return out, read


def complete_cut_end(model: Any, words: list[str]) -> Optional[tuple[str, str]]:
    """(the last word as read, what it stands for) where a phrase's last word is no syllable but the first letters of
    one (``trong mùa kh``), or a syllable run into the first letters of another (``xây dựng đôth``: a short last
    line, its space and last letter lost): the completion that the corpus's triples, with the two words before and
    the phrase's end after, make ``MEND_MARGIN`` likelier than any other (``khô``, ``đô thị``); None when there is
    none (``khu công ngh``: nghiệp or nghệ)."""
    known = known_syllables()
    if len(words) < 3 or not known:
        return None
    last = words[-1]
    if not (last.isalpha() and last.islower()) or normalize_word(last) in known:
        return None
    before = [_id(model, w) for w in words[-3:-1]]
    if None in before or words[-2][-1:] in ".,;:":
        return None
    scored: list[tuple[float, str]] = []
    for cut in range(len(last)):  # (cut 0: the first letters alone, ``công ngh``)
        head, tail = last[:cut], strip_marks(last[cut:])
        if head:
            h = model.index.get(normalize_word(head))
            if h is None or h not in model.syllable_ids:
                continue
            a, b, base, shown = before[1], h, model.logp(before[0], before[1], h), head + " "
        else:
            a, b, base, shown = before[0], before[1], 0.0, ""
        scored += [(base + model.logp(a, b, y) + model.logp(b, y, model.EOS), shown + model.vocab[y])
                   for letters, ids in model.by_strip.items() if letters.startswith(tail)
                   for y in ids if y in model.syllable_ids and b * model.V + y in model.bi]
    if not scored:
        return None
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[0][0] - scored[1][0] < MEND_MARGIN:
        return None
    return last, scored[0][1]


def fill_from_context(model: Any, words: list[str],
                      marks_only: bool = False) -> tuple[list[str], list[tuple[str, str]]]:
    """``words`` with each run of one to ``CONTEXT_MOST_GARBLED`` garbled words (``_garbled``: at least one with a
    letter or digit) between two known words before it and one after, in one phrase (no stop after the word before),
    read as the one syllable whose run with its neighbours the corpus's triples make ``MEND_MARGIN`` more likely
    than any other syllable's, and than the neighbours' run without it; a run with letters takes only a syllable
    with letters like its own (``CONTEXT_LETTERS_LIKE``: ``côrig`` → công; not ``ới`` → dựng). Returns the words
    and the (run, syllable) pairs read so: a word read from its context alone is a guess a person should check.
    ``marks_only``: only runs of marks (``việc _— hành``: a word OCR read as specks, which cleaning would drop),
    after a comma too (``phòng cháy, _= cháy``)."""
    known = known_syllables()

    def counts(word: str) -> bool:
        return _garbled(word, known) and (not marks_only or not any(ch.isalnum() for ch in word))

    ids = [_id(model, w) for w in words]
    out: list[Optional[str]] = list(words)
    read: list[tuple[str, str]] = []
    k = 0
    while k < len(words):
        if not counts(words[k]):
            k += 1
            continue
        end = k
        while end < len(words) and counts(words[end]):
            end += 1
        run = words[k:end]
        if end - k <= CONTEXT_MOST_GARBLED and k >= 2 and end < len(words) \
                and any(w.strip(_EDGES) for w in run) and words[k - 1][-1:] not in (".;:" if marks_only else ".,;:") \
                and None not in (ids[k - 2], ids[k - 1], ids[end]):
            a, b, c = ids[k - 2], ids[k - 1], ids[end]
            d = ids[end + 1] if end + 1 < len(words) else model.EOS
            d = model.UNK if d is None else d
            letters = strip_marks("".join(ch for w in run for ch in w if ch.isalpha())).lower()
            scored = _fillers(model, a, b, c, d)
            without = model.logp(a, b, c) + model.logp(b, c, d)
            if scored:
                best, y = scored[0]
                runner_up = max(scored[1][0] if len(scored) > 1 else without, without)
                alike = len(letters) < 2 or Levenshtein.normalized_similarity(
                    letters, strip_marks(model.vocab[y]).lower()) >= CONTEXT_LETTERS_LIKE
                if best - runner_up >= MEND_MARGIN and alike:
                    form = apply_case(model.vocab[y], case_pattern(run[0].strip(_EDGES) or "a"))
                    read.append((" ".join(run), form))
                    # (a stop after the run's last word stays: ``côrig,`` → ``công,``)
                    stop = run[-1][len(run[-1].rstrip(".,;:")):] if run[-1].strip(_EDGES) else ""
                    out[k:end] = [form + stop] + [None] * (end - k - 1)
        k = end
    return [w for w in out if w is not None], read
