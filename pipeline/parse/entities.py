"""Organisation mentions in task items, by spaCy token patterns built from the gazetteer.

One spaCy pipeline per process, built on first use (``spacy`` is imported only then): a blank Vietnamese
pipeline (no model, no download; ``use_pyvi`` off) with

* a tokenizer that splits syllables and punctuation and tags each token for the patterns: ``V`` where one of
  the task verbs starts (``chủ trì``, ``theo dõi``, lower case as printed), ``F`` on a function word (``theo``,
  ``của``, ``các``), ``C`` on a connector inside a name (``và Đào tạo``, ``- Thương binh``);
* an ``EntityRuler`` whose patterns come from ``gazetteer.py``. ``ORG``: a capitalised body-name head (``Sở``,
  ``Bộ``, ``Ban``, ``Ủy ban nhân dân``, ``UBND``, ``Văn phòng``, ``Công an``, ``Hội``, ``Liên hiệp``, ``Cục``,
  ``Vụ``, ``Trung tâm``, ``Phòng``, ``Đoàn``, ...) followed by a name: a capitalised word, then words that are no
  verb and no function word, joined by connectors (``Sở Kế hoạch và Đầu tư rà soát`` stops before ``rà soát``);
  the known names (``Sở``/``Bộ`` + ``DEPARTMENTS``, ``BODY_PHRASES``) as phrase patterns; ``các`` + kinds of
  bodies (``các cơ quan, đơn vị liên quan``); ``các Sở: Tài chính, Nội vụ``. ``TITLE``: position titles
  (``Giám đốc``, ``Chủ tịch``, ``Thủ trưởng``). ``LOC``: provinces, ``tỉnh``/``huyện``/... + a name. ``TAIL``:
  place words that follow a body (``tỉnh``, ``cấp tỉnh``, ``các cấp``, ``trực thuộc trung ương``, ``có liên
  quan``);
* a ``Matcher`` over those entities (``UNIT``): titles, organisations, place words, ``thuộc``/``của`` +
  organisations: ``Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương``, ``Ban Dân tộc tỉnh``,
  ``Thủ trưởng các đơn vị trực thuộc Bộ Y tế``. ``Read.units_at`` reads a list of units (``,`` / ``và``).

``tasks.py`` asks it (``use_ruler``) about the first sentences of task items only, never whole documents: to
cut a rule unit that runs on into its clause (``Sở Tài chính theo chức năng, nhiệm vụ tích cực`` → ``Sở Tài
chính``), to name the unit of an item the rules left without one (``Bộ Y tế quy định ...``, ``Sau khi ..., Bộ
Công Thương xây dựng ...``, a heading ``Giao Sở ..., Ban Dân tộc tỉnh theo chức năng, nhiệm vụ chịu trách
nhiệm:``) and to read the collaborators after ``phối hợp với`` as a list of units. Units are strings of the
item's text, so a task's evidence (page, line, span of its item) stays as it was.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipeline.parse.vocabulary import VERBS

DEFAULT_USE_RULER = True

_TOKEN = re.compile(r"\w+(?:&\w+)*|[^\w\s]")

_LOCK = threading.Lock()
_PIPELINE: Any = None

# Lower-case function words and qualifiers (tag F): no part of a name.
_FUNCTION = {"theo", "tại", "trong", "để", "về", "của", "với", "và", "hoặc", "các", "những", "có", "được", "là",
             "thì", "khi", "nếu", "đã", "sẽ", "đang", "cho", "từ", "đến", "trên", "dưới", "hằng", "hàng", "tích",
             "khẩn", "trực", "liên", "cấp", "không", "cùng", "do", "nhằm", "quy", "năm", "ngày", "tháng", "này",
             "đó", "mình", "cụ", "rõ", "nêu", "thuộc", "vào", "ra", "kịp", "nghiêm", "sớm", "ngay", "chậm", "trước",
             "sau", "giữa", "mọi", "toàn", "lưu", "chủ", "ngành"}
# Lower-case words after which a rule unit is cut (besides the verbs): the clause goes on (Sở Tài chính theo chức
# năng, nhiệm vụ ...; Bộ trưởng Bộ Tài chính trong phạm vi ...; Ngân hàng Chính sách xã hội hằng năm ...).
_ENDS = {"theo", "trong", "tại", "để", "hằng", "hàng", "tích", "khẩn", "kịp", "nghiêm", "sớm", "ngay", "chậm",
         "trước", "cùng", "nhằm", "đã", "sẽ", "đang", "được", "là", "thì", "không"}
# One-syllable verbs inside compounds: no verb there (bầu cử, dự án, tự chủ).
_COMPOUNDS = {("bầu", "cử"), ("ứng", "cử"), ("đề", "cử"), ("dự", "án"), ("dự", "toán"), ("dự", "thảo"),
              ("dự", "báo"), ("tự", "chủ"), ("tự", "nhiên"), ("lập", "pháp"), ("thành", "lập")}
# Heads followed by a lower-case kind of body (Hội đồng quản trị, Ban kiểm soát, Cơ quan đại diện chủ sở hữu).
_KIND_HEADS = {"Hội đồng", "Ban", "Tổ", "Cơ quan", "Ủy ban", "Uỷ ban"}
# First words of body heads that, capitalised after "và" or ",", open another body (Sở Tài chính và Sở Nội vụ).
_NEW_BODY = {"Sở", "Bộ", "Ban", "Ủy", "Uỷ", "UBND", "Văn", "Công", "Hội", "Liên", "Cục", "Tổng", "Chi", "Vụ",
             "Trung", "Phòng", "Đoàn", "Tỉnh", "Viện", "Trường", "Thanh", "Kho", "Ngân", "Đài", "Báo", "Quỹ", "Mặt",
             "Huyện", "Thành", "Đảng", "HĐND", "MTTQ", "BCH", "Khối", "Cơ", "Thủ", "Giám", "Chủ"}
_NOT_TRINH = {"công", "chương", "quy", "tờ", "lộ"}  # công trình, chương trình, ...: nouns, not the verb trình
_ADMIN = ["tỉnh", "huyện", "xã", "phường", "quận", "thị xã", "thị trấn", "thành phố", "đặc khu"]
_CONNECT = {",", "và"}
_CONNECTORS = {"và", "-", "–", "&", ","}


@dataclass(frozen=True)
class Mention:
    label: str  # ORG, TITLE, LOC, TAIL (ruler) or UNIT (matcher)
    start: int  # character offsets in the text given
    end: int
    text: str


def _words(phrase: str) -> list[str]:
    return _TOKEN.findall(phrase)


# Verbs that end a name besides the rules' task verbs (vocabulary.VERBS).
_MORE_VERBS = ["tiếp thu", "nâng cao", "đẩy mạnh", "đẩy nhanh", "phát huy", "hoàn chỉnh", "kiện toàn", "quy định",
               "thông qua", "khắc phục", "tháo gỡ", "nghiêm túc", "kịp thời", "làm rõ", "rà soát", "trả lời"]


def _verbs() -> list[str]:
    return VERBS + _MORE_VERBS


def _grouped(phrases: list[str], capital: bool = True) -> list[list[dict]]:
    """Token patterns for several phrases at once: one per phrase length, each position an ``IN`` set (the
    Matcher's cost grows with the number of patterns, not with the size of a set)."""
    by_len: dict[int, list[list[str]]] = {}
    for phrase in phrases:
        by_len.setdefault(len(_words(phrase)), []).append([w.lower() for w in _words(phrase)])
    out = []
    for n, words in sorted(by_len.items()):
        tokens = [{"LOWER": {"IN": sorted({w[i] for w in words})}} for i in range(n)]
        if capital:
            tokens[0]["IS_LOWER"] = False
        out.append(tokens)
    return out


def patterns() -> list[dict]:
    """The ``EntityRuler`` patterns, from the gazetteer: phrase patterns for the known names (ORG, TITLE, LOC),
    token patterns for the shapes of names (ORG, LOC) and for the place words after a body (TAIL)."""
    from pipeline.parse import gazetteer as gz  # noqa: PLC0415

    head_first = {_words(h)[0].lower() for h in gz.ORG_HEADS}
    out: list[dict] = []
    org = lambda p, id_="name": out.append({"label": "ORG", "pattern": p, "id": id_})  # noqa: E731
    cap_tok = {"IS_ALPHA": True, "IS_LOWER": False}
    # a name: a capitalised word, then words that are no verb or function word, joined by connectors that
    # go on with a capitalised word (tags of _Syllables): TNHH MTV Đầu tư, Xây dựng và Kinh doanh dịch vụ
    name = [cap_tok, {"TAG": {"IN": ["X", "C"]}, "OP": "*"}, {"TAG": "X"}]
    kind = {"TAG": "X", "IS_LOWER": True, "LOWER": {"NOT_IN": ["chức", "trưởng", "phó"]}, "OP": "{1,3}"}
    for h in _grouped(gz.ORG_HEADS):
        if len(h) > 1:  # a one-syllable head (Sở, Bộ, Trường, Báo) names no body alone
            org(h, "head")
        org(h + [cap_tok], "head-name")
        org(h + name, "head-name")
    org([{"ORTH": {"IN": [h for h in gz.ORG_HEADS if h.isupper()]}}], "head")
    for h in _grouped(sorted(_KIND_HEADS)):
        org(h + [kind], "head-kind")  # Hội đồng quản trị, Ban kiểm soát, Tổ công tác
    known = [f"{head} {dept}" for head in ("Sở", "Bộ", "Ban", "Vụ", "Cục", "Phòng", "Ủy ban", "Uỷ ban")
             for dept in gz.DEPARTMENTS]
    known += [b for b in gz.BODY_PHRASES if b not in gz.DEPARTMENTS and _words(b)[0].lower() in head_first]
    known += ["Kiểm toán nhà nước", "Tòa án nhân dân tối cao", "Viện kiểm sát nhân dân tối cao",
              "Mặt trận Tổ quốc Việt Nam", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"]
    out += [{"label": "ORG", "pattern": n, "id": "known"} for n in known]
    # các Sở: Tài chính, Nội vụ (one unit: the members of a list)
    for plural in _grouped(["sở", "bộ", "ban", "ngành", "sở, ngành", "sở, ban, ngành"], capital=False):
        org([{"LOWER": "các"}] + plural + [{"ORTH": ":"}] + name, "list")
        org([{"LOWER": "các"}] + plural + [{"ORTH": ":"}, cap_tok], "list")
    # các cơ quan, đơn vị (có) liên quan: kinds of bodies after "các"
    kinds = sorted({w for k in gz.GENERIC_BODIES for w in _words(k)} | {",", "và"})
    kind_tok = {"LOWER": {"IN": kinds}, "TAG": {"NOT_IN": ["V"]}}
    generic = [{"LOWER": "các"}, {**kind_tok, "OP": "*"}, {**kind_tok, "IS_ALPHA": True}]
    org(generic, "generic")
    org(generic + [{"LOWER": "có", "OP": "?"}, {"LOWER": "liên"}, {"LOWER": "quan"}], "generic")
    titles = sorted(set(gz.HEAD_TITLES) | {t.capitalize() for t in gz.POSITION_TITLES})
    out += [{"label": "TITLE", "pattern": t, "id": "title"} for t in titles]
    out += [{"label": "LOC", "pattern": p, "id": "province"} for p in gz.PROVINCES]
    for level in _grouped(gz.ADMIN_LEVELS, capital=False):
        out.append({"label": "LOC", "pattern": level + [{**cap_tok, "OP": "{1,3}"}], "id": "place"})
    # place words after a body: tỉnh; cấp tỉnh; các cấp; tỉnh, thành phố; trực thuộc trung ương; có liên quan
    admin = sorted({w for a in _ADMIN for w in _words(a)})
    tail = lambda p: out.append({"label": "TAIL", "pattern": p, "id": "tail"})  # noqa: E731
    tail([{"LOWER": {"IN": admin}}, {"LOWER": {"IN": admin + [",", "và"]}, "OP": "*"}, {"LOWER": {"IN": admin}}])
    tail([{"LOWER": {"IN": admin}}])
    tail([{"LOWER": "cấp"}, {"LOWER": {"IN": ["tỉnh", "huyện", "xã", "bộ", "trung"]}}, {"LOWER": "ương", "OP": "?"}])
    tail([{"LOWER": {"IN": ["các", "cùng"]}}, {"LOWER": "cấp"}])
    tail([{"LOWER": "trực"}, {"LOWER": "thuộc"}, {"LOWER": "trung"}, {"LOWER": "ương"}])
    tail([{"LOWER": "có", "OP": "?"}, {"LOWER": "liên"}, {"LOWER": "quan"}])
    return out


def _unit_patterns() -> list[list[dict]]:
    """``Matcher`` patterns over the ruler's entities: [titles] organisations [place words] [thuộc/của +
    organisations]: ``Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương``, ``Thủ trưởng các đơn vị
    trực thuộc Bộ Y tế``."""
    titles, orgs = {"ENT_TYPE": "TITLE", "OP": "*"}, {"ENT_TYPE": "ORG", "OP": "+"}
    places = {"ENT_TYPE": {"IN": ["LOC", "TAIL"]}, "OP": "*"}
    of = [{"LOWER": {"IN": ["thuộc", "của", "trực"]}}, {"LOWER": {"IN": [",", "trực", "thuộc"]}, "OP": "*"}]
    return [[titles, orgs, places], [{"ENT_TYPE": "TITLE", "OP": "+"}, places], [titles, orgs, places] + of + [orgs]]


class _Syllables:
    """Tokenizer: syllables (``Sở``, ``Tài``, ``chính``), acronyms with ``&`` (``KH&KT``) and punctuation. Each
    token gets a TAG the patterns use: ``V`` where a task verb starts (lower case, as printed: ``chủ trì``,
    ``theo dõi``), ``F`` on a lower-case function word (``theo``, ``của``, ``các``), ``C`` on a connector that
    goes on with a capitalised word of the same name (``và Đào tạo``, ``- Thương binh``), ``X`` on other words,
    ``P`` on other punctuation and numbers."""

    def __init__(self, vocab: Any, verbs: list[str]) -> None:
        self.vocab = vocab
        self.verbs: dict[str, list[tuple[str, ...]]] = {}
        for v in verbs:
            words = tuple(w.lower() for w in _words(v))
            self.verbs.setdefault(words[0], []).append(words)

    def tags(self, words: list[str]) -> list[str]:
        lower = [w.lower() for w in words]
        tags = []
        for i, w in enumerate(words):
            tag = "X" if w.isalpha() else "P"
            if w in _CONNECTORS and i + 1 < len(words):
                after = words[i + 1]
                if after.isalpha() and not after.islower() and after not in _NEW_BODY:
                    tag = "C"  # Lao động - Thương binh và Xã hội; Đầu tư, Xây dựng
                elif w == "và":
                    tag = "F"
            elif w.islower():
                for verb in self.verbs.get(lower[i], ()):
                    if tuple(lower[i:i + len(verb)]) == verb and self._is_verb(lower, i, len(verb)):
                        tag = "V"
                        break
                else:
                    if lower[i] in _FUNCTION:
                        tag = "F"
            tags.append(tag)
        return tags

    @staticmethod
    def _is_verb(lower: list[str], i: int, n: int) -> bool:
        if lower[i] == "trình" and i and lower[i - 1] in _NOT_TRINH:
            return False  # công trình, chương trình: nouns
        if lower[i] == "tổ" and i and lower[i - 1] in {"các", ","}:
            return False  # các tổ chức, cá nhân: the noun (organisations)
        if n == 1 and ((i and (lower[i - 1], lower[i]) in _COMPOUNDS)
                       or (i + 1 < len(lower) and (lower[i], lower[i + 1]) in _COMPOUNDS)):
            return False  # bầu cử, dự án
        return True

    def __call__(self, text: str) -> Any:
        from spacy.tokens import Doc  # noqa: PLC0415

        words, spaces = [], []
        for m in _TOKEN.finditer(text):
            words.append(m.group())
            spaces.append(m.end() < len(text) and text[m.end()] == " ")
        return Doc(self.vocab, words=words, spaces=spaces, tags=self.tags(words))


class Pipeline:
    def __init__(self) -> None:
        import spacy  # noqa: PLC0415 - heavy import, only when the ruler is used
        from spacy.matcher import Matcher  # noqa: PLC0415

        self.nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
        self.nlp.tokenizer = _Syllables(self.nlp.vocab, _verbs())
        self.ruler = self.nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
        self.ruler.add_patterns(patterns())
        self.matcher = Matcher(self.nlp.vocab)
        self.matcher.add("UNIT", _unit_patterns(), greedy="LONGEST")
        self.cache: dict[str, Read] = {}

    def doc(self, text: str) -> Any:
        """The text (white space collapsed) tokenised and tagged, its entities found."""
        return self.nlp(" ".join(text.split()))

    def units(self, doc: Any) -> list[Any]:
        """UNIT spans, longest first where they overlap, in text order."""
        from spacy.util import filter_spans  # noqa: PLC0415

        return sorted(filter_spans([doc[s:e] for _, s, e in self.matcher(doc)]), key=lambda s: s.start)

    def read(self, text: str) -> "Read":
        """The doc and units of a text, kept for the next question about the same text."""
        r = self.cache.get(text)
        if r is None:
            doc = self.doc(text)
            r = Read(doc, {s.start: s for s in self.units(doc)})
            if len(self.cache) > 256:
                self.cache.clear()
            self.cache[text] = r
        return r


def pipeline() -> Pipeline | None:
    """The process's pipeline, built on first use; None when spaCy is unavailable."""
    global _PIPELINE
    if _PIPELINE is None:
        with _LOCK:
            if _PIPELINE is None:
                try:
                    _PIPELINE = Pipeline()
                except ImportError:  # pragma: no cover - spaCy is a declared dependency
                    _PIPELINE = False
    return _PIPELINE or None


def mentions(text: str) -> list[Mention]:
    """The ruler's entities and the matcher's units of a (short) text, in text order. The text is read with
    its white space collapsed to single spaces; offsets refer to that form."""
    r = read(text) if text.strip() else None
    if r is None:
        return []
    out = [Mention(e.label_, e.start_char, e.end_char, e.text) for e in r.doc.ents]
    out += [Mention("UNIT", s.start_char, s.end_char, s.text) for s in r.by_start.values()]
    return sorted(out, key=lambda m: (m.start, -m.end))


# ----------------------------------------------------------------------------------------------------------------
# What tasks.py asks


@dataclass
class Read:
    """One text read once: its doc, its units by first token."""

    doc: Any
    by_start: dict[int, Any]

    def units_at(self, i: int) -> tuple[list[Any], int]:
        """The units listed from token ``i`` (``A, B và C``) and the token after the list."""
        found: list[Any] = []
        while i in self.by_start:
            span = self.by_start[i]
            found.append(span)
            i = span.end
            if i + 1 < len(self.doc) and self.doc[i].text in _CONNECT and (i + 1) in self.by_start:
                i += 1
            else:
                break
        return found, i

    def ends_name(self, i: int) -> bool:
        """Token ``i`` cannot go on with a name: a lower-case verb or function word (or the text's end)."""
        if i >= len(self.doc):
            return True
        t = self.doc[i]
        return t.is_lower and (t.tag_ == "V" or t.lower_ in _ENDS) or t.text in {";", ".", ":", "("}

    def named(self, span: Any) -> bool:
        """The unit names a body (Sở Tài chính, Giám đốc Sở ...), not only its kind (Cơ quan, Hội đồng ...)."""
        return any(e.ent_id_ in _NAMED for e in span.ents) or any(e.label_ == "TITLE" for e in span.ents)

    def verb_after(self, i: int) -> bool:
        """A clause goes on at token ``i`` with its verb: a lower-case word, not a connector."""
        if i >= len(self.doc):
            return False
        t = self.doc[i]
        return t.is_alpha and t.is_lower and t.lower_ not in {"và", "của", "thuộc", "hoặc", "với", "các", "là"}


def read(text: str) -> Read | None:
    p = pipeline()
    return None if p is None else p.read(text)


_NAMED = {"head-name", "known", "list"}
_GIAO = re.compile(r"(?:^|(?<=[,.;:] ))(?:[Gg]iao(?: cho)?|[Đđ]ề nghị|[Yy]êu cầu) ")
_INTRO = re.compile(r"^(?:Sau khi|Trên cơ sở|Trong quá trình|Trong thời gian|Trước ngày|Đối với|Căn cứ|Khi|Trường hợp|"
                    r"Định kỳ|Hằng năm|Hàng năm|Trong trường hợp)\b")
_COMMA = re.compile(r", ")
_STOP = re.compile(r"[.;]")
_SENTENCE = re.compile(r"(?<=[.;]) (?=[A-ZĐÀ-Ỹ])")


@lru_cache(maxsize=1)
def _cheap_tests() -> tuple[frozenset[str], re.Pattern]:
    """Plain-string tests that tell, without spaCy, when the patterns cannot find anything: the first words a
    unit can start with, and the words after which a unit is cut (a verb, a qualifier, ``;.:(``)."""
    from pipeline.parse import gazetteer as gz  # noqa: PLC0415

    names = gz.ORG_HEADS + gz.HEAD_TITLES + gz.POSITION_TITLES + gz.BODY_PHRASES + ["các", "Kiểm toán", "Tòa án"]
    starters = frozenset(_words(n)[0].lower() for n in names)
    ends = sorted(set(_verbs()) | _ENDS, key=len, reverse=True)
    cut = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in ends) + r")(?!\w)|[;.:(]")
    return starters, cut


def _may_name_a_unit(text: str, sentences: int) -> bool:
    """A sentence of the first ``sentences`` starts with a word a unit can start with or with an opening phrase
    (``Sau khi ...,``), or ``Giao`` / ``Đề nghị`` / ``Yêu cầu`` stands in them."""
    starters, _ = _cheap_tests()
    starts = [0] + [m.end() for m in _SENTENCE.finditer(text)][: sentences - 1]
    for a in starts:
        first = text[a:a + 40].split(" ", 1)[0].lower()
        if first in starters or _INTRO.match(text, a):
            return True
    end = starts[-1] + 400
    return _GIAO.search(text, 0, end) is not None


def _token_at(r: Read, char: int) -> int | None:
    span = r.doc.char_span(char, min(char + 1, len(r.doc.text)), alignment_mode="expand")
    return None if span is None else span.start


def subject_units(text: str, sentences: int = 1) -> list[str]:
    """The units a clause assigns work to, by the token patterns: at its start before a verb (``Bộ Y tế quy
    định``), after ``Giao`` / ``Đề nghị`` / ``Yêu cầu`` (``Trên cơ sở ..., giao Sở Tài chính chủ trì``) or after
    an opening phrase (``Sau khi ..., Bộ Công Thương xây dựng``); in the first ``sentences`` sentences."""
    if not _may_name_a_unit(" ".join(text.split()), sentences):
        return []
    r = read(text)
    if r is None or not r.by_start:
        return []
    plain = r.doc.text
    starts = [0] + [m.end() for m in _SENTENCE.finditer(plain)][: sentences - 1]
    for a, b in zip(starts, starts[1:] + [len(plain)]):
        i = _token_at(r, a)
        units, after = r.units_at(i) if i is not None else ([], 0)
        if units and r.verb_after(after):
            return [u.text for u in units]
        for m in _GIAO.finditer(plain, a, b):
            i = _token_at(r, m.end())
            units, after = r.units_at(i) if i is not None else ([], 0)
            if units:
                return [u.text for u in units]
        if _INTRO.match(plain, a):
            end = _STOP.search(plain, a, b)
            for m in _COMMA.finditer(plain, a, end.start() if end else b):
                i = _token_at(r, m.end())
                units, after = r.units_at(i) if i is not None else ([], 0)
                if units and r.verb_after(after):
                    return [u.text for u in units]
    return []


def trim_units(text: str, units: list[str]) -> list[str]:
    """Rule units cut where their name ends: a unit that starts with a pattern unit and goes on with a verb or a
    qualifier (``Sở Tài chính theo chức năng, nhiệm vụ tích cực`` → ``Sở Tài chính``)."""
    _, cut = _cheap_tests()
    if not any(cut.search(u) for u in units):
        return units  # nothing after which a name would end
    r = read(text)
    if r is None:
        return units
    doc = r.doc
    out = []
    for unit in units:
        key = " ".join(unit.split())
        at = doc.text.find(key)
        span = doc.char_span(at, at + len(key), alignment_mode="expand") if at >= 0 else None
        if span is not None and span.start in r.by_start:
            found = r.by_start[span.start]
            if found.end < span.end and r.ends_name(found.end) and r.named(found):
                out.append(found.text)
                continue
        out.append(unit)
    return out


_PHOI_HOP = re.compile(r"(?<![\w])phối hợp(?: chặt chẽ)? (?:với|cùng) ", re.I)


def collaborator_units(text: str) -> list[list[str]]:
    """The units listed after each ``phối hợp với`` / ``phối hợp cùng``."""
    if not _PHOI_HOP.search(text):
        return []
    r = read(text)
    if r is None:
        return []
    out = []
    for m in _PHOI_HOP.finditer(r.doc.text):
        span = r.doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
        if span is None:
            continue
        units, _ = r.units_at(span.start)
        out.append([u.text for u in units])
    return out
