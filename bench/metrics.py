"""Scores used by the benchmark: text accuracy sums and field exact match after normalisation.

The per-text metrics (``syllable_accuracy``, ``cer``) live in ``pipeline.restore.metrics``; this module adds
what a benchmark needs on top: sums over many documents (``TextScore``), the mark-stripped variant, and the
field normaliser (NFC, one tone placement, whitespace, case) with its per-field rules.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from pipeline.restore.metrics import cer, syllable_accuracy, syllables
from pipeline.text import fold, strip_marks

__all__ = ["TextScore", "FieldScore", "cer", "syllable_accuracy", "syllables", "score_text", "norm_field",
           "norm_list", "field_equal"]


def _cer_length(gold: str) -> int:
    """The denominator ``cer`` uses: NFC gold with whitespace runs collapsed."""
    return len(" ".join(unicodedata.normalize("NFC", gold).split()))


@dataclass
class TextScore:
    """Summed text accuracy over documents: matched/total gold syllables and character edits/gold characters."""

    matched: int = 0
    total: int = 0
    char_edits: float = 0.0
    gold_chars: int = 0
    docs: int = 0
    stripped_matched: int = 0  # syllables matched with marks stripped from both sides

    def add(self, hyp: str, gold: str) -> "TextScore":
        matched, total = syllable_accuracy(hyp, gold)
        s_matched, _ = syllable_accuracy(strip_marks(hyp), strip_marks(gold))
        length = _cer_length(gold)
        self.matched += matched
        self.total += total
        self.stripped_matched += s_matched
        self.char_edits += cer(hyp, gold) * length
        self.gold_chars += length
        self.docs += 1
        return self

    @property
    def accuracy(self) -> Optional[float]:
        return self.matched / self.total if self.total else None

    @property
    def stripped_accuracy(self) -> Optional[float]:
        return self.stripped_matched / self.total if self.total else None

    @property
    def cer(self) -> Optional[float]:
        return self.char_edits / self.gold_chars if self.gold_chars else None

    def as_dict(self) -> dict[str, Any]:
        return {"docs": self.docs, "syllables": self.total, "matched": self.matched,
                "syllable_accuracy": self.accuracy, "cer": self.cer, "stripped_accuracy": self.stripped_accuracy}


def score_text(pairs: Iterable[tuple[str, str]]) -> TextScore:
    """Sum ``(hyp, gold)`` pairs into one score."""
    total = TextScore()
    for hyp, gold in pairs:
        total.add(hyp, gold)
    return total


# ----------------------------------------------------------------------------------------------------------------
# Field accuracy

_EDGE_PUNCT = " \t\n.,;:"
_SLASH_JOIN = re.compile(r"\s*/\s*(?=[A-ZĐ]{1,4}\.)")  # "TL. CHỦ TỊCH / KT. CHÁNH ..." → space-joined lines
_PREFIX_DOT = re.compile(r"\b(TM|KT|TL|TUQ|Q)\.\s*")  # "KT.THỦ TƯỚNG" → "KT. THỦ TƯỚNG"
_LUU = re.compile(r"^lưu\s*:?\s*", re.IGNORECASE)


def norm_field(value: Any, name: str = "") -> Optional[str]:
    """Comparison key of one field value: NFC, tone placement, whitespace collapsed, case folded.

    Dates become ISO strings; trailing sentence punctuation is dropped; a signature authority's lines are joined
    with one space whether the source joined them with ``" / "`` or a space, one space after its prefixes (TM.,
    KT., TL., TUQ., Q.); codes lose their spaces.
    """
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    text = str(value)
    if name in {"signer_authority", "signature_authority"}:
        text = _PREFIX_DOT.sub(r"\1. ", _SLASH_JOIN.sub(" ", text))
    text = fold(text).strip(_EDGE_PUNCT)
    if name == "code":
        text = re.sub(r"\s+", "", text)
    return text or None


def norm_list(values: Iterable[Any]) -> list[str]:
    """Normalised items of a list field (recipients), the ``Lưu:`` prefix kept uniform."""
    out = []
    for value in values:
        key = norm_field(value)
        if key:
            out.append(_LUU.sub("lưu: ", key) if _LUU.match(key) else key)
    return out


def field_equal(pred: Any, gold: Any, name: str = "") -> bool:
    if isinstance(gold, list):
        return norm_list(pred or []) == norm_list(gold)
    return norm_field(pred, name) == norm_field(gold, name)


# Fields whose gold comes from outside the document body (the database page's title line): the gold value may
# not be printed in the text at all (a header without its number, a retitled page, a typo in the title line).
PRINTED_CHECK = ("code", "title")


def printed_in(value: Any, text: str, name: str = "") -> bool:
    """Whether ``value``, normalised as ``norm_field`` does, occurs in ``text`` (codes ignoring spaces)."""
    key = norm_field(value, name)
    if not key:
        return False
    if name == "code":
        return key in re.sub(r"\s+", "", fold(text))
    return key in " ".join(fold(text).split())


@dataclass
class FieldScore:
    """Exact-match counts per field and per document type; ``misses`` keeps a few examples per field.

    When the source text is given, ``printed`` also counts the ``PRINTED_CHECK`` fields over only the documents
    whose gold value is printed in that text: what a parser reading the body can reach."""

    counts: dict[str, list[int]] = field(default_factory=dict)  # field -> [correct, total]
    by_type: dict[str, list[int]] = field(default_factory=dict)  # doc type -> [correct, total]
    printed: dict[str, list[int]] = field(default_factory=dict)  # field -> [correct, total] where printed
    docs: int = 0
    misses: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, doc: str, doc_type: Optional[str], pred: dict[str, Any], gold: dict[str, Any],
            text: Optional[str] = None) -> None:
        """Score the fields whose gold is present (not None)."""
        self.docs += 1
        type_key = doc_type or "?"
        for name, gold_value in gold.items():
            if gold_value is None or gold_value == []:
                continue
            ok = field_equal(pred.get(name), gold_value, name)
            if text is not None and name in PRINTED_CHECK and printed_in(gold_value, text, name):
                cell = self.printed.setdefault(name, [0, 0])
                cell[0] += int(ok)
                cell[1] += 1
            for table, key in ((self.counts, name), (self.by_type, type_key)):
                cell = table.setdefault(key, [0, 0])
                cell[0] += int(ok)
                cell[1] += 1
            if not ok and len(self.misses.setdefault(name, [])) < 3:
                self.misses[name].append({"doc": doc, "pred": _jsonable(pred.get(name)), "gold": _jsonable(gold_value)})

    @property
    def correct(self) -> int:
        return sum(c for c, _ in self.counts.values())

    @property
    def total(self) -> int:
        return sum(t for _, t in self.counts.values())

    @property
    def accuracy(self) -> Optional[float]:
        return self.correct / self.total if self.total else None

    def as_dict(self) -> dict[str, Any]:
        def rate(cell: list[int]) -> dict[str, Any]:
            return {"correct": cell[0], "total": cell[1], "accuracy": cell[0] / cell[1] if cell[1] else None}

        return {"docs": self.docs, "correct": self.correct, "total": self.total, "accuracy": self.accuracy,
                "per_field": {k: rate(v) for k, v in sorted(self.counts.items())},
                "per_type": {k: rate(v) for k, v in sorted(self.by_type.items())},
                "printed": {k: rate(v) for k, v in sorted(self.printed.items())},
                "misses": self.misses}


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value
