"""Vietnamese personal names: a prior over their syllables, to settle a signer's name OCR read unsure, and the other
places a document prints its signer's name.

The prior (``pipeline/models/names/names.json``, built by ``make names`` from ../shared/corpus: see
models/build_names.py) counts, per place in a name (``family`` name, ``middle`` names, ``given`` name, the last
syllable), under each unmarked key (``tuan``), the marked forms seen (``Tuấn`` 4, none of ``Tuân``).

``settle_name`` reads a name syllable by syllable. A syllable read unsure (``is_unsure``: a low OCR word confidence,
restoration changed it, or a second reading of it disagrees) takes the form of its key that is clearly the most
common at its place (more than ``DOMINANCE`` times as often as the form as read); one read with a middling confidence changes only
when its form is no name syllable at all while a same-key form is common (``COMMON``). A given name read with
confidence ``SURE`` or more, or any syllable of a text that was not OCR'd, is never changed, unless its spelling is no
syllable the corpus uses (``Đơàn``: two marks on its vowels); a family or middle name read sure changes as a middling
one does, with any same-key form the prior has (they are few, and the prior holds nearly all: ``Khác``, a common
word, is no middle name; Khắc is), and so does one that is a name syllable only at another place where a form of its
letters is common at its own (``Thi``, a given name, as a middle name: Thị). No letter is changed, only the marks of
a key the reading already has, but for a capital read as its look-alike ``I`` where that leaves no syllable
(``Ihanh``: Thanh, the one name of its place that ``T`` or ``L`` makes there).

``signature.other_readings`` lists the other places the document prints its signer's name (the e-signature's ``Ký bởi:``
(signed by), a ``Người ký:`` (signer) line, the signature block of an annex) that read differently; the review
(``review.py``) lists ``signer.name`` with a warning when there are any.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional, Sequence

from pipeline.parse.lines import make_key, normalize_page
from pipeline.parse.ocr_words import span_words
from pipeline.restore.slips import misspelt
from pipeline.text import is_syllable_shape

NAMES_FILE = Path(__file__).resolve().parents[1] / "models" / "names" / "names.json"
PLACES = ("family", "middle", "given")

LOW_CONFIDENCE = 0.6  # an OCR word below this confidence is unsure of its marks
SURE = 0.9  # an OCR word at or above this confidence is kept as read, whatever the prior says
DOMINANCE = 4  # an unsure syllable takes a form seen more than this many times as often as its own (n > 4 × own)
RUNNER_UP = 1  # ... and more than this many times as often as any third form of the key
COMMON = 3  # a middling syllable that is no name syllable takes a same-key form seen in at least this many names
THIN_PRIOR_CONFIDENCE = 0.6  # a name a syllable of which was taken from fewer than COMMON names is listed


_CAPITAL_LOOKALIKES = {"I": "TL", "L": "T"}  # a name's capital OCR reads as I (T, L) or as L (T: ``Lhủy``)
_FAMILY_LOOKALIKES = {"T": "L"}  # ... and, in a family name no name has, T for L (``Tê``: Lê)


@dataclass(frozen=True)
class NamePrior:
    """Per place, per unmarked key, the marked forms (title case) and in how many names each was seen."""

    parts: dict[str, dict[str, dict[str, int]]]

    def forms(self, place: str, key: str) -> dict[str, int]:
        return self.parts.get(place, {}).get(key, {})

    def count(self, place: str, word: str) -> int:
        return self.forms(place, make_key(word)).get(_title(word), 0)

    def known(self, word: str) -> bool:
        """Whether the form is a name syllable at any place."""
        return any(self.count(place, word) for place in PLACES)

    def known_in_place(self, words: Sequence[str]) -> list[bool]:
        """For each syllable of a name, whether some name of the prior has it at its place (family, middle, given)."""
        return [bool(self.count(place_of(k, len(words)), w)) for k, w in enumerate(words)]


@lru_cache(maxsize=4)
def load_prior(path: Optional[Path] = None) -> NamePrior:
    """The shipped prior; an empty one (nothing is changed) when the file is missing."""
    path = path or NAMES_FILE
    if not path.is_file():
        return NamePrior({})
    data = json.loads(path.read_text(encoding="utf-8"))
    return NamePrior({place: data.get(place, {}) for place in PLACES})


def place_of(index: int, count: int) -> str:
    """The place of the ``index``-th of ``count`` syllables: the first is the family name, the last the given name."""
    if index == 0:
        return "family"
    return "given" if index == count - 1 else "middle"


def _title(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def _like(form: str, read: str) -> str:
    """``form`` in the case pattern of ``read`` (``TUẤN`` for ``TUÂN``, ``Tuấn`` for ``Tuân``)."""
    if read.isupper() and len(read) > 1:
        return form.upper()
    return form


@dataclass
class Syllable:
    """One syllable of a name as read: its OCR confidence (None: not known), whether restoration changed it, and
    another reading of it (the name-line re-read, another place of the document), if any."""

    text: str
    confidence: Optional[float] = None
    changed: bool = False
    other: Optional[str] = None


def _sure(s: Syllable) -> bool:
    return s.confidence is not None and s.confidence >= SURE and not s.changed and not misspelt(s.text)


def is_unsure(s: Syllable) -> bool:
    """Whether the reading of the syllable's marks is in doubt."""
    if _sure(s):
        return False
    if misspelt(s.text):
        return True
    disagree = s.other is not None and make_key(s.other) == make_key(s.text) and _title(s.other) != _title(s.text)
    return disagree or s.changed or (s.confidence is not None and s.confidence < LOW_CONFIDENCE)


def settle_syllable(s: Syllable, place: str, prior: NamePrior, ocr: bool = True) -> str:
    """The syllable as it should be kept (see the module's text)."""
    word = s.text
    # family and middle names are a few hundred syllables the prior holds nearly all of: one of them in a form no
    # name has (``Khác`` for Khắc, ``Đoăn`` for Đoàn) is a slip however sure OCR was of it; given names are many,
    # and a rare one the prior lacks (``Toản`` beside Toàn) is kept
    closed = place in ("family", "middle")
    if ocr and word.isalpha() and word[:1] in _CAPITAL_LOOKALIKES and not is_syllable_shape(word):
        # a bold capital read as its look-alike, leaving no syllable (``Ihanh``, ``Lhủy``): the one name of the
        # place that the look-alike's letters make (Thanh; I also for L: Lê), else the one name of any place (Thủy, a
        # given name, in a middle name Ngọc Thủy)
        named = [c + word[1:] for c in _CAPITAL_LOOKALIKES[word[0]] if prior.count(place, c + word[1:])] \
            or [c + word[1:] for c in _CAPITAL_LOOKALIKES[word[0]] if prior.known(c + word[1:])]  # (at another place)
        if len(named) == 1:
            return named[0]
    if ocr and place == "family" and word.isalpha() and word[:1] in _FAMILY_LOOKALIKES \
            and not prior.count(place, word):
        # a family name no name has, its capital a look-alike of one that makes a family name (``Tê``: Lê)
        named = [c + word[1:] for c in _FAMILY_LOOKALIKES[word[0]] if prior.count(place, c + word[1:])]
        if len(named) == 1:
            return named[0]
    if not ocr or not word.isalpha() or _sure(s) and not closed:
        return word
    forms = prior.forms(place, make_key(word))
    if not forms:
        return word
    read = _title(word)
    best, n_best = max(forms.items(), key=lambda kv: (kv[1], kv[0] == read))
    if best == read:
        return word
    # a form that is a name syllable at another place (``Lê``, a family name, as a middle name) is one here too
    n_read = max(forms.get(read, 0), 1 if prior.known(word) else 0)
    # the best form must stand out among the other forms too (``Văn`` and ``Vân`` for an unsure ``Van``: no choice)
    n_other = max([n for f, n in forms.items() if f not in (best, read)], default=0)
    if is_unsure(s):
        if n_best > DOMINANCE * n_read and n_best > RUNNER_UP * n_other:
            return _like(best, word)
        return word
    # a middling confidence (or none known on an OCR page), or a sure family or middle name: only a reading that is
    # no name syllable anywhere
    if not prior.known(word) and (closed or n_best >= COMMON) and n_best > RUNNER_UP * n_other:
        return _like(best, word)
    if closed and read not in forms and n_best >= COMMON and n_best > RUNNER_UP * n_other:
        # a name syllable of another place that no name has at this one, where a form of its letters is common
        # (``Thi``, a given name, as a middle name: Thị)
        return _like(best, word)
    return word


def unknown_syllables(name: str, prior: Optional[NamePrior] = None) -> list[tuple[str, str]]:
    """(syllable, the commonest form) for each syllable of ``name`` a reading likely slipped on, which a sure
    OCR word keeps all the same:

    - no name of the prior has it at any place while another form of its letters is one at its place (``Đúc``:
      ``Đức``; ``Vần``: ``Vân``, a tone OCR reads into Vân again and again; ``Khác``: ``Khắc``). A rare given name
      the prior lacks is listed too (``Toản`` beside ``Toàn``): on the looked-at renders, of the names read at 0.8
      up this lists 10 of 11 wrong ones and 14 of 145 right ones;
    - no name has it at its place while a form of its letters is there in at least ``COMMON`` names (``Thi`` as a
      middle name, where ``Thị`` is the common one: a given name Thi does not make it one). Of the 270 signers'
      names of the looked-at renders (tune, probe, probe11, probe13), this lists none.
    A syllable neither the prior nor the corpus has (``Báy`` for Bảy) is not listed: rare given names are so too
    (``Dậu``: 4 of those 270 names)."""
    prior = prior or load_prior()
    words = name.split()
    out: list[tuple[str, str]] = []
    for k, word in enumerate(words):
        if not word.isalpha():
            continue
        place = place_of(k, len(words))
        forms = prior.forms(place, make_key(word))
        best = max(forms.items(), key=lambda kv: kv[1], default=None)
        if not prior.known(word):
            if best:
                out.append((word, best[0]))
        elif not prior.count(place, word) and best and best[1] >= COMMON:
            out.append((word, best[0]))
    return out


def settle_name(syllables: Sequence[Syllable], prior: Optional[NamePrior] = None, ocr: bool = True) -> str:
    """The name with every syllable settled against the prior (the words' count and letters are kept)."""
    prior = prior or load_prior()
    n = len(syllables)
    return " ".join(settle_syllable(s, place_of(i, n), prior, ocr) for i, s in enumerate(syllables))


def _words_before(pages: Sequence[Any], ev: Any, words: list[str]) -> Optional[int]:
    """How many words of the evidence's line, from its start, stand before the name (0 for most); None when the
    name's words are not found there (its words' confidences are then unknown)."""
    if ev is None or ev.page is None or ev.line is None or not 1 <= ev.page <= len(pages):
        return None
    lines = normalize_page(pages[ev.page - 1].text).split("\n")
    if not 1 <= ev.line <= len(lines):
        return None
    read = lines[ev.line - 1][ev.start or 0:].split()
    tail = [make_key(w) for w in words[1:]]  # the family name may have been mended (guyễn → Nguyễn)
    for k in range(0, min(4, max(0, len(read) - len(words)) + 1)):
        if [make_key(w.strip(".,;")) for w in read[k + 1:k + len(words)]] == tail:
            return k
    return None


def settle_signer(record: Any, pages: Sequence[Any], ocr_text: bool) -> Optional[str]:
    """Settle ``record.signer.name`` against the prior with its words' OCR confidences and restoration flags
    (``pages``: ``ocr_words.PageWords``); its evidence follows. A note for the warnings when the name changed."""

    name = record.signer.name
    if not name or not ocr_text:
        return None
    words = name.split()
    ev = record.evidence.get("signer.name")
    skip = _words_before(pages, ev, words)  # a rank printed before the name (Thiếu tướng, Ông)
    confs, changed = span_words(list(pages), ev, skip + len(words)) if skip is not None else ([], [])
    confs, changed = confs[skip or 0:], list(changed)[skip or 0:]
    if len(confs) != len(words):
        confs, changed = [None] * len(words), [False] * len(words)
    changed = changed + [False] * (len(words) - len(changed))
    syllables = [Syllable(w, c, ch) for w, c, ch in zip(words, confs, changed)]
    settled = settle_name(syllables)
    if settled == name:
        return None
    record.signer.name = settled
    prior = load_prior()
    new_words = settled.split()
    # a syllable taken on the word of fewer than COMMON names (Văn over Vân, 2 names against 1) is a guess
    thin = [w for k, (w, old) in enumerate(zip(new_words, words))
            if w != old and prior.forms(place_of(k, len(new_words)), make_key(w)).get(_title(w), 0) < COMMON]
    if ev is not None:
        update: dict[str, Any] = {"text": settled}
        if thin:
            update["confidence"] = min(ev.confidence, THIN_PRIOR_CONFIDENCE)
        record.evidence["signer.name"] = ev.model_copy(update=update)
    note = f"signer name read as {name!r}, kept as {settled!r}: the common name syllables of the same letters"
    return note + (f" ({', '.join(thin)}: few names to go by)" if thin else "")
