"""Runs every rule module over a document and assembles the ``Parsed`` record."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from pipeline.parse import entities as entities_module
from pipeline.parse import gazetteer
from pipeline.parse.citations import find_citations
from pipeline.parse.deadlines import (
    ISSUER_OWNS,
    PLAN_TYPES,
    find_deadlines,
    plan_period,
)
from pipeline.parse.header import parse_header
from pipeline.parse.lines import Line, split_pages
from pipeline.parse.names import settle_signer
from pipeline.parse.normal import normal_case
from pipeline.parse.outline import build_outline, to_sections
from pipeline.parse.review import ESIGN_BODY_SAME, PageWords, body_doubt, body_name_key, review_record
from pipeline.parse.signature import esign_bodies, parse_signature
from pipeline.parse.spans import Joined
from pipeline.parse.tasks import find_targets, find_tasks
from pipeline.parse.vocabulary import NORMATIVE
from pipeline.record import Deadline, Parsed

# Kinds of period that are kept in the document-wide list even without a cue word (trước, đến, ...).
_STRONG_KINDS = {"month", "quarter", "term", "recurrence", "relative"}


def parse_document(pages: list[str], use_ruler: bool | None = None, ocr_text: bool = False,
                   words: list[PageWords] | None = None) -> Parsed:
    """Parse one document given as one text per page.

    ``ocr_text``: the text was read by OCR (or changed by restoration), so a title word that differs from its echo
    in the preamble is OCR's slip and takes the echo's spelling; a clean text's title is kept as printed.

    ``use_ruler``: None takes ``entities.DEFAULT_USE_RULER`` (on); True checks and completes the task units with
    the spaCy patterns of ``entities.py``; False is rules only (the ablation the benchmark reports).

    ``words``: the pages' OCR word confidences (``review.page_words``) for the review of the header and signer
    fields; without them the text is taken as read exactly.
    """
    use_ruler = entities_module.DEFAULT_USE_RULER if use_ruler is None else use_ruler
    lines = split_pages(list(pages or []))
    parsed = Parsed()
    if not any(not ln.blank for ln in lines):
        parsed.warnings.append("empty document")
        return parsed
    warnings: list[str] = []
    head = parse_header(lines, warnings, ocr_text=ocr_text)
    parsed.document = head.info
    parsed.evidence.update(head.evidence)
    sig = parse_signature(lines, head.body_start, warnings)
    parsed.signer = sig.signer
    parsed.recipients = sig.recipients
    parsed.filing = sig.filing
    parsed.evidence.update(sig.evidence)
    if words is not None:  # an unsure tone of the signer's name takes the common name's (parse/names.py)
        note = settle_signer(parsed, words, ocr_text)
        if note:
            warnings.append(note)

    note = issuer_from_esign(parsed, pages)
    if note:
        warnings.append(note)
    _derived_evidence(parsed)
    body_end = sig.start if sig.start is not None and sig.start > head.body_start else len(lines)
    _body(parsed, lines, head.body_start, body_end, use_ruler)
    parsed.warnings = warnings
    review_record(parsed, words if words is not None else [PageWords(p) for p in pages])
    return parsed


def issuer_from_esign(parsed: Parsed, pages: list[str]) -> str | None:
    """The issuing body as the e-signature names its signer (``Ký bởi: Chi cục Chăn nuôi và Thú y``), where the
    header's capitals read nearly the same and look misread (``CHI CỤC CHĂN NUÔI VÀ THÚ VY``: ``review.body_doubt``)
    while the e-signature's words do not: the same name printed twice, the clean reading kept, in capitals as the
    header prints it. Returns the warning, or None when nothing changed."""
    body = parsed.document.issuing_body
    if not body or body_doubt(body) is None:
        return None
    for signed in esign_bodies(pages):
        same = fuzz.ratio(body_name_key(body), body_name_key(signed)) >= ESIGN_BODY_SAME
        if same and body_doubt(signed.upper()) is None:
            parsed.document.issuing_body = signed.upper()
            parsed.document.issuing_body_normal = normal_case(signed)  # (mixed case: as the e-signature writes it)
            ev = parsed.evidence.get("document.issuing_body")
            if ev is not None:
                parsed.evidence["document.issuing_body"] = ev.model_copy(update={"text": signed.upper()})
            return f"issuing body {body!r} as the header reads it taken as the e-signature names it: {signed!r}"
    return None


# Fields computed from another field share its evidence.
_DERIVED = {"document.type_code": "document.type", "document.issuing_body_normal": "document.issuing_body",
            "document.parent_body_normal": "document.parent_body", "signer.authority_prefix": "signer.authority",
            "signer.authority_body": "signer.authority"}


def _derived_evidence(parsed: Parsed) -> None:
    values = {"document.type_code": parsed.document.type_code,
              "document.issuing_body_normal": parsed.document.issuing_body_normal,
              "document.parent_body_normal": parsed.document.parent_body_normal,
              "signer.authority_prefix": parsed.signer.authority_prefix,
              "signer.authority_body": parsed.signer.authority_body}
    for name, source in _DERIVED.items():
        if values[name] and source in parsed.evidence and name not in parsed.evidence:
            parsed.evidence[name] = parsed.evidence[source]


def _body(parsed: Parsed, lines: list[Line], start: int, end: int, use_ruler: bool) -> None:
    """Outline, citations, targets, tasks and deadlines of the body text lines[start:end]."""
    roots = build_outline(lines, start, end)
    parsed.outline = to_sections(roots)
    joined = Joined.of(lines[start:end])
    cites = find_citations(joined, parsed.document.code)
    parsed.citations = [c for c, _, _ in cites]
    doc = parsed.document
    period = plan_period(doc.subject) if doc.type in PLAN_TYPES else None
    if period is not None:
        parsed.period = period.deadline
        parsed.period.scope = "plan"
        parsed.period.evidence = parsed.evidence.get("document.subject")
    year = period.deadline.end.year if period and period.deadline.kind == "year" else \
        doc.issue_date.year if doc.issue_date else None
    found = _body_deadlines(joined, [(s, e) for _, s, e in cites], year)
    annex = _annex_start(lines, end)
    if annex is not None:  # an annex after the signature (Phụ lục: the task table): its deadlines too
        found += _body_deadlines(Joined.of(lines[annex:]), [], year)
    by_line: dict[tuple[int, int], list[Deadline]] = {}
    for d, _ in found:
        if period is not None and (d.kind, d.start, d.end) == (period.deadline.kind, period.deadline.start,
                                                                period.deadline.end) and not d.rule:
            d.scope = "plan"  # the plan's own period, repeated in its text
        by_line.setdefault((d.evidence.page, d.evidence.line), []).append(d)

    def lookup(item_lines: list[Line]) -> list[Deadline]:
        """Deadlines found once over the body, handed to the target or task whose lines hold them."""
        out: list[Deadline] = []
        for ln in item_lines:
            for d in by_line.get((ln.page, ln.number), ()):
                if d.evidence.start >= ln.start and d.evidence.end <= ln.start + max(len(ln.text), 1) \
                        and d not in out:
                    out.append(d)
        return out

    covered: set[int] = set()
    parsed.targets = find_targets(lines, roots, deadlines=lookup, covered=covered)
    # a normative text's (law, decree, circular) clauses are rules, not assignments: only its "Trách nhiệm ..." /
    # "Tổ chức thực hiện" articles are read as tasks
    issuer = doc.issuing_body_normal or doc.issuing_body if doc.type in ISSUER_OWNS else None
    parsed.tasks = find_tasks(lines, roots, deadlines=lookup, covered=covered,
                              assigned_items=doc.type not in NORMATIVE, ruler=use_ruler,
                              issuer=gazetteer.normal_unit(issuer) if issuer else None)
    for task in parsed.tasks:
        for d in task.deadlines:
            d.scope = d.scope or "task"
    # document-wide list: the deadlines with a cue word (trước, đến, trong, ...) or a period kind
    parsed.deadlines = [d for d, cued in found if cued]


_ANNEX = re.compile(r"^\W*(?:PHỤ LỤC|Phụ lục)\b")


def _annex_start(lines: list[Line], end: int) -> int | None:
    """The first line of an annex (``PHỤ LỤC``) printed after the signature, if any."""
    return next((i for i in range(end, len(lines)) if _ANNEX.match(lines[i].text)), None)


def _body_deadlines(joined: Joined, cited: list[tuple[int, int]], year: int | None = None
                    ) -> list[tuple[Deadline, bool]]:
    """Every deadline of the body once, with its evidence, minus the dates of cited documents; the flag says
    whether it stands on its own (a cue word or a period kind) in the document-wide list."""
    out: list[tuple[Deadline, bool]] = []
    for f in find_deadlines(joined.text, joined.key, keep_plain_years=True, year=year):
        if any(not (f.end <= s or f.start >= e) for s, e in cited):
            continue
        d = f.deadline
        d.evidence = joined.evidence(f.start, f.end, 0.75)
        out.append((d, d.kind in _STRONG_KINDS or bool(d.rule)))
    return out
