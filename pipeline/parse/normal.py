"""Normal capitalisation of body names printed in capitals (Phụ lục II of Decree 30, viết hoa).

``ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI`` → ``Ủy ban nhân dân tỉnh Quảng Ngãi``; ``UBND TỈNH BẮC GIANG`` →
``UBND tỉnh Bắc Giang``; ``LIÊN HIỆP CÁC HỘI KH&KT`` → ``Liên hiệp các hội KH&KT``; ``BỘ TÀI CHÍNH`` → ``Bộ Tài chính``.
Known body phrases come from the gazetteer; a place name after an administrative-unit word is capitalised.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from pipeline.parse import gazetteer as gz
from pipeline.parse.lines import make_key
from pipeline.restore.model import known_syllables, lexicon_pairs
from pipeline.restore.slips import misspelt
from pipeline.restore.syllables import normalize_word
from pipeline.text import is_syllable_shape, strip_marks

_VOWELS = set("aeiouy")


def _is_acronym(word: str) -> bool:
    core = word.strip(",.;:()")
    if not core:
        return False
    if core.upper() in gz.ACRONYMS:
        return True
    if any(ch.isdigit() for ch in core) or "&" in core:
        return True
    key = make_key(core)
    letters = [c for c in key if c.isalpha()]
    # no vowel at all (UBND, HĐND, TP) or a consonant cluster Vietnamese words never have
    return bool(letters) and (not any(c in _VOWELS for c in letters) or len(letters) >= 2 and core.isupper()
                              and not re.fullmatch(r"[a-z]*[aeiouy][a-z]*", key))


@lru_cache(maxsize=1)
def _phrases() -> list[tuple[list[str], list[str]]]:
    out = []
    for phrase in gz.BODY_PHRASES:
        words = phrase.split()
        out.append(([make_key(w) for w in words], words))
    out.sort(key=lambda p: -len(p[0]))
    return out


@lru_cache(maxsize=1)
def _merged_runs() -> dict[str, tuple[str, ...]]:
    """Two to four neighbouring words of a body phrase run together, as OCR joins them (``CÔNGNGHỆ``,
    ``BANNHÂNDÂN``) → those words; a district's name likewise (``GIOLINH`` → ``Gio Linh``)."""
    out: dict[str, tuple[str, ...]] = {}
    for keys, words in _phrases():
        for width in (2, 3, 4):
            for k in range(len(words) - width + 1):
                out.setdefault("".join(keys[k:k + width]), tuple(words[k:k + width]))
    for key, name in gz.district_by_key().items():
        if " " in key:
            out.setdefault(key.replace(" ", ""), tuple(name.split()))
    return out


def split_run_together(text: str) -> str:
    """A capitals line with the words of a known body phrase run together split again (``ỦY BANNHÂNDÂN`` →
    ``ỦY BAN NHÂN DÂN``); a token that is a syllable, or no phrase's run, is kept."""
    merged = _merged_runs()
    out: list[str] = []
    for w in text.split():
        run = merged.get(make_key(w)) if w.upper() == w else None
        out += [x.upper() for x in run] if run and not is_syllable_shape(w) else [w]
    return " ".join(out)


_ADMIN = [make_key(a).split() for a in gz.ADMIN_LEVELS]


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:] if word else word


def normal_case(text: str | None) -> str | None:
    """A capitals body name in normal capitalisation; text already in mixed case is returned as is."""
    if not text:
        return text
    words = text.split()
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.islower() for c in letters) / len(letters) > 0.3:
        return text
    keys = [make_key(w.strip(",.;:()")) for w in words]
    out = [w.lower() for w in words]
    # (TƯ is Trung ương's abbreviation, but not after ĐẦU: đầu tư, investment)
    acr = [_is_acronym(w) and not (k and keys[k] == "tu" and keys[k - 1] == "dau") for k, w in enumerate(words)]
    done = [False] * len(words)
    i = 0
    while i < len(words):
        if acr[i]:
            out[i], done[i] = words[i], True
            i += 1
            continue
        for pkeys, pwords in _phrases():
            n = len(pkeys)
            if keys[i:i + n] == pkeys:
                for k in range(n):
                    w = words[i + k].lower()
                    out[i + k] = _cap(w) if pwords[k][:1].isupper() else w
                    done[i + k] = True
                i += n
                break
        else:
            i += 1
    # place names: every word after an administrative-unit word
    i = 0
    while i < len(words):
        for admin in _ADMIN:
            n = len(admin)
            if keys[i:i + n] == admin and i + n < len(words):
                for k in range(i + n, len(words)):
                    if keys[k] in ("va", "cua"):
                        break
                    if not acr[k]:
                        out[k] = _cap(words[k].lower())
                i = len(words)
                break
        i += 1
    # head words: Bộ/Sở/Cục/Ban + next word capitalised when not already handled
    heads = {make_key(h) for h in gz.BODY_HEADS}
    for i in range(len(words) - 1):
        if keys[i] in heads and not done[i + 1] and not acr[i + 1]:
            out[i + 1] = _cap(out[i + 1])
    out[0] = _cap(out[0]) if not acr[0] else out[0]
    return " ".join(out)


@lru_cache(maxsize=1)
def _admin_forms() -> dict[str, str]:
    return {make_key(a): a for a in gz.ADMIN_LEVELS}


_KEY_EDGES = ".,;:"


@lru_cache(maxsize=1)
def _bare_phrases() -> list[tuple[list[str], list[str]]]:
    """``_phrases`` with their keys bare (``_bare``)."""
    return [([_bare(k) for k in pkeys], pwords) for pkeys, pwords in _phrases()]


@lru_cache(maxsize=1)
def _head_by_key() -> dict[str, str]:
    """The one-word body heads (``gazetteer.BODY_HEADS``: Bộ, Sở, Ban, ...) in capitals, by their unmarked keys."""
    return {make_key(h): h.upper() for h in gz.BODY_HEADS if " " not in h}


def _one_word_cut(read: list[str], phrase: list[str]) -> bool:
    """A phrase of four words or more read with one word cut short, the others whole (``ỦY B NHÂN DÂN``)."""
    if len(phrase) < 4 or len(read) != len(phrase):
        return False
    differ = [(a, b) for a, b in zip(read, phrase) if a != b]
    return len(differ) == 1 and 0 < len(differ[0][0]) < len(differ[0][1]) and differ[0][1].startswith(differ[0][0])


def _bare(key: str) -> str:
    """A word's key without punctuation at its edges, a vowel OCR doubled read once (``quáản`` → ``quan``: the
    ghost of a marked capital beside it)."""
    return re.sub(r"([aeiouy])\1+", r"\1", key.strip(_KEY_EDGES))


@lru_cache(maxsize=1)
def _phrase_pairs() -> frozenset[tuple[str, str]]:
    """Neighbouring words of the body phrases, as keys (``("nhan", "dan")``)."""
    return frozenset(pair for pkeys, _ in _phrases() for pair in zip(pkeys, pkeys[1:]))


def _rejoin_split_words(words: list[str]) -> list[str]:
    """A word of a body phrase that OCR split after its first letter joined again (``NHÂN D ÂN`` → ``NHÂN DÂN``):
    a lone capital and the next word, when together they follow the word before in a phrase of the gazetteer."""
    out: list[str] = []
    k = 0
    while k < len(words):
        w = words[k]
        if len(w) == 1 and w.isupper() and out and k + 1 < len(words) \
                and (make_key(out[-1]), make_key(w + words[k + 1])) in _phrase_pairs():
            out.append(w + words[k + 1])
            k += 2
            continue
        out.append(w)
        k += 1
    return out


RESPACE_MIN_LETTERS = 10  # a phrase this long may take one stray letter inside its mis-spaced words


def _respace_phrases(words: list[str]) -> list[str]:
    """Words of a body phrase that OCR spaced wrongly, joined and split again as the phrase spells them (``ỦYB AN
    NHÂN DÂN`` → ``ỦY BAN NHÂN DÂN``); the same with one stray letter among them in a long phrase (``Ủ JY BAN
    NHÂN DÂN``: a speck read as J)."""
    def spells(read: str, joined: str) -> bool:  # the phrase's letters, or them and one stray in a long phrase
        return read == joined or len(joined) >= RESPACE_MIN_LETTERS and len(read) == len(joined) + 1 \
            and Levenshtein.distance(read, joined) == 1

    keys = [re.sub(r"[^a-z]", "", make_key(w)) for w in words]
    out: list[str] = []
    k = 0
    while k < len(words):
        for pkeys, pwords in _phrases():
            n, joined = len(pkeys), "".join(pkeys)
            if n < 2 or keys[k:k + n] == pkeys:
                continue
            found = next((m for m in (n, n + 1, n - 1) if m >= 2 and k + m <= len(words)
                          and spells("".join(keys[k:k + m]), joined)), None)
            if found and all(w.isalpha() for w in words[k:k + found]):
                out += [w.upper() for w in pwords]
                k += found
                break
        else:
            out.append(words[k])
            k += 1
    return out


_MOST_PIECES = 3


def _ghost_vowel(word: str) -> bool:
    """Two neighbouring letters of one vowel, one of them marked (``ảá`` of ``quảáng``): a marked capital read
    twice, not two syllables run together (``yy`` of ``HUYỆNYYÊN`` is Ý YÊN)."""
    return any(strip_marks(a) == strip_marks(b) in "aeiouy" and (a != strip_marks(a) or b != strip_marks(b))
               for a, b in zip(word, word[1:]))


def split_glued_syllables(word: str) -> list[str]:
    """A capitals word that is no syllable split into the syllables OCR ran together (``TƯXÂY`` → ``TƯ XÂY``,
    ``LÝDỰÁN`` → ``LÝ DỰ ÁN``): the fewest pieces (two or three), each a syllable the corpus uses (the restore
    model's vocabulary); of several such splits, the one whose pairs the word lexicon knows, else none. A word
    that is a syllable, or spelt like one (``THUÂN``, a mark misread), holds no vowel (``UBND``) or any sign, or has
    no such split is kept whole."""
    if len(word) < 4 or not word.isalpha() or not word.isupper():
        return [word]
    known = known_syllables()
    low = normalize_word(word.lower())
    if low in known or is_syllable_shape(word) and not misspelt(word) or _ghost_vowel(low) \
            or make_key(word) in gz.place_name_words():  # (QUAO of GÒ QUAO, a place's own word)
        # (a syllable with a letter or mark misread, ``THUÂN``, or a vowel doubled by a marked capital's ghost,
        # ``QUẢÁNG``, is no two run together)
        return [word]

    def splits(rest: str, pieces: int) -> list[list[str]]:
        if pieces == 1:
            return [[rest]] if rest in known else []
        return [[rest[:k], *more] for k in range(1, len(rest)) if rest[:k] in known
                for more in splits(rest[k:], pieces - 1)]

    for pieces in range(2, _MOST_PIECES + 1):
        found = splits(low, pieces)
        if len(found) > 1:
            pairs = lexicon_pairs()
            found = [f for f in found if all(f"{a} {b}" in pairs for a, b in zip(f, f[1:]))]
        if len(found) == 1:
            return [piece.upper() for piece in found[0]]
        if found:
            break
    return [word]


def snap_caps(text: str) -> str:
    """Correct an OCR-damaged capitals body name against the gazetteer: body phrases whose unmarked form
    matches (``BAN CHÍ ĐẠO`` → ``BAN CHỈ ĐẠO``) and a province after an administrative-unit word
    (``TĨNH QUANG NGAI`` → ``TỈNH QUẢNG NGÃI``). Text in mixed case is returned unchanged."""
    from rapidfuzz import fuzz, process  # noqa: PLC0415 - only needed here

    words = text.split()
    if not words or any(ch.islower() and not _foreign_letter(ch) for ch in text):  # (``VIšN``: a slip, no case)
        return text
    words = _rejoin_split_words(split_run_together(text).split())  # BỘ KHOA HỌC VÀ CÔNGNGHỆ, ỦY BANNHÂNDÂN
    words = [piece for w in words for piece in split_glued_syllables(w)]  # ĐẦU TƯXÂY DỰNG
    words = _respace_phrases(words)  # ỦYB AN NHÂN DÂN
    # a speck read as a stop after a word inside the line (``TỈNH. NAM ĐỊNH``; ``TP.``, ``TX.`` keep theirs)
    words = [w[:-1] if w.endswith(".") and k < len(words) - 1 and len(w) > 3 and w[:-1].isalpha() else w
             for k, w in enumerate(words)]
    _respell_garbled_level(words)
    _respell_by_neighbour(words)
    _remark_by_lexicon(words)
    head = _head_by_key().get(make_key(words[0])) if len(words) > 1 else None
    if head and words[0].isalpha():
        words[0] = head  # a body's head word with its mark misread (``BẠN THI ĐUA``, ``SƠ GIAO THÔNG``)
    keys = [make_key(w) for w in words]
    bare = [_bare(k) for k in keys]  # (a speck read as a comma inside a phrase: ``ỦY, BAN NHÂN DÂN``)
    out = list(words)
    i = 0
    while i < len(words):
        for pkeys, pwords in _bare_phrases():
            n = len(pkeys)
            if n > 1 and (bare[i:i + n] == pkeys or _one_word_cut(bare[i:i + n], pkeys)):
                for k in range(n):
                    out[i + k] = pwords[k].upper()
                i += n - 1
                break
        i += 1
    _snap_department(keys, out)
    provinces = gz.province_by_key()
    admins = _admin_forms()
    for i in range(len(words)):
        for width in (2, 1):
            admin_key = " ".join(keys[i:i + width])
            if admin_key not in admins or i + width >= len(words):
                continue
            rest = " ".join(keys[i + width:])
            if rest in gz.district_by_key() and rest not in provinces:
                _snap_district(keys, out, i + width)  # a district's own name, not a province a letter off
                break  # (``THỊ XÃ BÌNH LONG``, not Vĩnh Long)
            for span in (5, 4, 3, 2, 1):  # (Bà Rịa - Vũng Tàu: four words and its dash)
                if i + width + span > len(words):
                    continue
                cand = " ".join(keys[i + width:i + width + span])
                match = process.extractOne(cand, list(provinces), scorer=fuzz.ratio, score_cutoff=85)
                capital_l = re.sub(r"(?<!\S)i", "l", cand)  # a bold capital L read as I (``SƠN IA``: Sơn La)
                if match is None and capital_l in provinces and cand not in gz.district_by_key():
                    match = (capital_l,)
                if match:
                    name = provinces[match[0]].upper().split()
                    if len(name) == span + 1 and "-" in name and "-" not in keys[i + width:i + width + span]:
                        # the name's dash lost (at the line's end: ``TỈNH BÀ RỊA -`` / ``VŨNG TÀU``): as many words
                        at = name.index("-")
                        name = [*name[:at - 1], f"{name[at - 1]} -", *name[at + 1:]]
                    if len(name) == span:
                        out[i:i + width] = admins[admin_key].upper().split()
                        out[i + width:i + width + span] = name
                    break
            else:
                rest = " ".join(keys[i + width + 1:])
                if i + width + 1 < len(words) and rest in provinces and keys[i + width] not in admins:
                    # a speck read as a word between the level and the province's name (``TỈNH QUÁ QUẢNG BÌNH``)
                    out[i + width:] = [""] + provinces[rest].upper().split()
                else:
                    _snap_district(keys, out, i + width)
            break
    _mark_level_at_end(out)
    return " ".join(w for w in out if w)


def _mark_level_at_end(words: list[str]) -> None:
    """A body name that ends on its level word (``THANH TRA TỈNH``: the province's inspectorate, ``CÔNG AN
    HUYỆN``) spells it with its own marks when OCR misread them (``THANH TRA TÍNH``): no body name ends on tính
    (reckon) or huyền (the tone), unless the word ends a place's name (``HÀ TĨNH``, ``SƠN TỊNH``)."""
    kept = [k for k, w in enumerate(words) if w]
    if len(kept) < 2:
        return
    last, before = kept[-1], kept[-2]
    level = _LEVEL_WORDS.get(make_key(words[last]))
    if level is None or words[last] == level or gz.is_place_key(make_key(f"{words[before]} {words[last]}")):
        return
    words[last] = level


_LEVEL_WORDS = {"tinh": "TỈNH", "huyen": "HUYỆN"}


def garbled_level_word(word: str, rest: list[str]) -> str | None:
    """The level word (``TỈNH``, ``HUYỆN``) that ``word`` is with one letter misread, when the words after it are
    a province's or district's name (``LINH HẬU GIANG``, ``LÏNH LẠNG SƠN``: the T read as L; ``NH NINH THUẬN``:
    its first letters lost); else None."""
    key = make_key(word).strip("_.,:;'\"`|-")
    if not key.isalpha() or key in _LEVEL_WORDS or len(key) < 2:
        return None
    # one letter misread, or its first letters lost to a speck (``NH NINH THUẬN``)
    level = next((lv for k, lv in _LEVEL_WORDS.items()
                  if len(k) == len(key) and Levenshtein.distance(k, key) == 1
                  or k.endswith(key) and word.lower().strip("_.,:;'\"`|-") not in known_syllables()),
                 None)  # (not YÊN of YÊN BÁI)
    place = make_key(" ".join(rest)).strip(" _.,:;'\"`|-")
    return level if level and gz.is_place_key(" ".join(place.split())) else None


_CAPITALS = "ABCDĐEGHIKLMNOPQRSTUVXY"  # the unmarked capital letters Vietnamese spells with


def _respell_by_neighbour(words: list[str]) -> None:
    """A capitals word that is no syllable of the corpus, one unmarked letter off exactly one syllable that makes a
    word of the lexicon with a neighbour, is that syllable (``LRỒNG TRỌT`` → ``TRỒNG TRỌT``, Trồng trọt, crop
    farming: LUỒNG is a syllable too, but no word with TRỌT). The words of place names (``KRÔNG``) are left."""
    known, pairs = known_syllables(), lexicon_pairs()
    if not known or not pairs:
        return
    keys = [normalize_word(w.lower()) for w in words]
    for k, word in enumerate(words):
        if len(word) < 3 or not word.isalpha() or not word.isupper() or keys[k] in known \
                or strip_marks(keys[k]) in gz.place_name_words():
            continue
        found = set()
        for i, letter in enumerate(word):
            for other in _CAPITALS if letter in _CAPITALS else ():
                spelt = word[:i] + other + word[i + 1:]
                key = normalize_word(spelt.lower())
                before = k > 0 and f"{keys[k - 1]} {key}" in pairs
                after = k + 1 < len(words) and f"{key} {keys[k + 1]}" in pairs
                if other != letter and key in known and (before or after):
                    found.add(spelt)
        if len(found) == 1:
            words[k] = found.pop()
            keys[k] = normalize_word(words[k].lower())


@lru_cache(maxsize=1)
def _lexicon_pairs_unmarked() -> dict[str, frozenset[str]]:
    """The lexicon's syllable pairs by their unmarked form (``dieu phoi`` → {``điều phối``})."""
    index: dict[str, set[str]] = {}
    for pair in lexicon_pairs():
        index.setdefault(strip_marks(pair), set()).add(pair)
    return {k: frozenset(v) for k, v in index.items()}


def _remark_by_lexicon(words: list[str]) -> None:
    """Two capitals words that make no word of the lexicon with their marks as read but one, and only one, with
    one word's marks changed take them (``ĐIỀU PHOI`` → ``ĐIỀU PHỐI``, Điều phối, coordination; ``TĨNH HÌNH`` →
    ``TÌNH HÌNH``), where that word has three letters or more, makes no lexicon word with its other neighbour
    either and is no level word (``TỈNH``). The words that spell a province's or district's name, and all words
    after a level word, are left."""
    pairs = lexicon_pairs()
    if not pairs:
        return
    keys = [normalize_word(w.lower()) for w in words]
    places = gz.place_name_indices([strip_marks(make_key(w)) for w in words])
    level = next((k for k, key in enumerate(keys) if key in gz.LEVEL_FIRST_WORDS), None)
    if level is not None:  # a place's name after its level word, known to the gazetteer or not (``LONG ĐIỀN``)
        places.update(range(level + 1, len(words)))

    def linked(k: int, other: int) -> bool:
        if other < 0 or other >= len(words):
            return False
        return (f"{keys[k]} {keys[other]}" if k < other else f"{keys[other]} {keys[k]}") in pairs

    for k in range(len(words) - 1):
        a, b = words[k], words[k + 1]
        if not (a.isalpha() and b.isalpha() and a.isupper() and b.isupper()) or f"{keys[k]} {keys[k + 1]}" in pairs \
                or k in places or k + 1 in places:
            continue
        found = _lexicon_pairs_unmarked().get(strip_marks(f"{keys[k]} {keys[k + 1]}"), frozenset())
        if len(found) != 1:
            continue
        spelt = next(iter(found)).split()
        changes = [(i, new) for i, new in ((k, spelt[0]), (k + 1, spelt[1])) if new != keys[i]]
        if len(changes) != 1:
            continue  # (both words respelt: ``THÁM ĐỐC`` is GIÁM ĐỐC misread, not thâm độc)
        i, new = changes[0]
        if len(words[i]) >= 3 and not linked(i, i - 1 if i == k else i + 1) \
                and keys[i] not in gz.LEVEL_FIRST_WORDS:
            words[i], keys[i] = new.upper(), new


def _respell_garbled_level(words: list[str]) -> None:
    """A level word OCR read with a digit or a sign in it before a province's or district's name
    (``HUYI1‡N LẠC SƠN`` → ``HUYỆN LẠC SƠN``): the one-word level it is nearest, when near enough."""
    from rapidfuzz import fuzz  # noqa: PLC0415

    for k, word in enumerate(words[:-1]):
        level = garbled_level_word(word, words[k + 1:])
        if level:
            words[k] = level
            continue
        if word.isalpha() or not any(ch.isalpha() for ch in word):
            continue
        rest = make_key(" ".join(words[k + 1:]))
        if not gz.is_place_key(rest):
            continue
        level = max(("HUYỆN", "TỈNH"), key=lambda lv: fuzz.ratio(make_key(lv), make_key(word)))
        if fuzz.ratio(make_key(level), make_key(word)) >= 60:
            words[k] = level


_DEPARTMENT_HEADS = {"so": "SỞ", "bo": "BỘ", "ban": "BAN"}  # Sở (provincial department), Bộ (ministry), Ban (board)


@lru_cache(maxsize=1)
def department_by_key() -> dict[str, str]:
    """The departments' names (``gazetteer.DEPARTMENTS``) by their unmarked keys (``y te`` → ``Y tế``)."""
    return {" ".join(make_key(d).split()): d for d in gz.DEPARTMENTS}


def _snap_department(keys: list[str], out: list[str]) -> None:
    """A body line that is ``SỞ``, ``BỘ`` or ``BAN`` and a department's name (``gazetteer.DEPARTMENTS``), its marks or
    one letter of it misread (``SƠ Y TẾ``, ``SỞ Y LẾ`` → ``SỞ Y TẾ``; ``BAN THI ĐUA - KHEN THƯỜNG`` → ``THƯỞNG``), in
    the gazetteer's spelling: the whole line,
    and one letter only where one department alone is that near and its name has three letters or more."""
    if len(keys) < 2 or keys[0] not in _DEPARTMENT_HEADS:
        return
    rest = " ".join(keys[1:])
    name = department_by_key().get(rest)
    if name is None:
        near = [d for k, d in department_by_key().items()
                if len(k.replace(" ", "")) >= 3 and Levenshtein.distance(k, rest) == 1]
        name = near[0] if len(set(near)) == 1 else None
    if name is not None:
        out[:] = [_DEPARTMENT_HEADS[keys[0]], *name.upper().split()]


def _foreign_letter(word: str) -> bool:
    """Whether ``word`` holds a letter that Vietnamese writing has none of (``š``, ``ï``, ``ø``): an OCR slip."""
    for ch in word.lower():
        if not ch.isalpha():
            continue
        nfd = unicodedata.normalize("NFD", ch)
        if nfd[0] not in _VIETNAMESE_LETTERS or any(mark not in _VIETNAMESE_MARKS for mark in nfd[1:]):
            return True
    return False


_VIETNAMESE_LETTERS = set("abcdefghijklmnopqrstuvwxyzđ")  # (f, j, w, z of loanwords and names)
# grave, acute, tilde, hook above, dot below (the tones); circumflex, breve, horn (the vowels' own marks)
_VIETNAMESE_MARKS = set("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")


def _snap_district(keys: list[str], out: list[str], at: int) -> None:
    """The district name after a level word at ``at`` in its gazetteer spelling, when its letters are the same
    (``HÁI LẶNG`` → ``HẢI LĂNG``; words run together were split before); only the words to the end of the line,
    so that no name is cut."""
    rest = keys[at:]
    if not rest:
        return
    name = gz.district_by_key().get(" ".join(rest))
    if name is None and any(_foreign_letter(w) for w in out[at:]):
        # a letter no Vietnamese word has (``GIA VIšN``): the one district a letter from the rest, if only one is
        near = {d for k, d in gz.district_by_key().items()
                if len(k) >= 6 and Levenshtein.distance(k, " ".join(rest)) == 1}
        name = near.pop() if len(near) == 1 else None
    if name:
        out[at:] = name.upper().split()
