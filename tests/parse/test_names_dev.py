"""The names prior on the dev signer names (../shared/dev: the vbpl gold and the scans' gold; skipped without it).

Every syllable of every distinct gold name is read at a low OCR confidence as printed (it must be kept), with one
tone mark dropped or swapped (it should come back), and with every mark lost. ``-s`` prints the counts
(docs/models.md quotes them)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from pipeline.parse.names import Syllable, load_prior, place_of, settle_syllable
from pipeline.text import normalize, strip_marks

SHARED = Path(__file__).resolve().parents[3] / "shared"
GOLD = [SHARED / "dev" / "vbpl_gold.jsonl", SHARED / "dev" / "scans" / "scans_gold.jsonl"]
TONES = "\u0300\u0301\u0309\u0303\u0323"
UNSURE = 0.4


def _names() -> list[str]:
    out = []
    for path in GOLD:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and json.loads(line).get("signer_name"):
                out.append(normalize(json.loads(line)["signer_name"]))
    return list(dict.fromkeys(out))


def _slips(word: str) -> list[str]:
    """The word with its tone mark dropped or changed to another (on the same vowel; vowel marks kept)."""
    d = unicodedata.normalize("NFD", word)
    at = next((i for i, c in enumerate(d) if c in TONES), None)
    base = "".join(c for c in d if c not in TONES)
    if at is None:  # no tone (ngang): put one on the main vowel
        vowels = [i for i, c in enumerate(base) if c.lower() in "aeiouy"]
        if not vowels:
            return []
        at = vowels[len(vowels) // 2] + 1 if len(vowels) > 1 else vowels[0] + 1
        while at < len(base) and unicodedata.combining(base[at]):
            at += 1
    forms = {unicodedata.normalize("NFC", base[:at] + t + base[at:]) for t in ["", *TONES]}
    return sorted(forms - {word})


@pytest.mark.skipif(not all(p.is_file() for p in GOLD), reason="../shared/dev is not there")
def test_the_prior_on_the_dev_signer_names():
    prior = load_prior()
    names = _names()
    assert len(names) >= 20
    kept = restored = other = slipped = bare_restored = bare = 0
    syllables = 0
    for name in names:
        words = name.split()
        for i, word in enumerate(words):
            place = place_of(i, len(words))
            syllables += 1
            kept += settle_syllable(Syllable(word, UNSURE), place, prior) == word
            assert settle_syllable(Syllable(word, 0.95), place, prior) == word
            for slip in _slips(word):
                got = settle_syllable(Syllable(slip, UNSURE), place, prior)
                slipped += 1
                restored += got == word
                other += got not in (word, slip)
            if strip_marks(word) != word:
                bare += 1
                bare_restored += settle_syllable(Syllable(strip_marks(word), UNSURE), place, prior) == word
    print(f"\n{len(names)} names, {syllables} syllables: kept {kept}/{syllables}; one tone slipped: restored "
          f"{restored}/{slipped}, another form {other}; every mark lost: restored {bare_restored}/{bare}")
    assert kept == syllables  # a printed name read unsure is never changed
    assert restored >= 0.8 * slipped and other <= 0.05 * slipped
    assert bare_restored >= 0.8 * bare
