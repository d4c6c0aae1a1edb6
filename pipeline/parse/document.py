"""Runs every rule module over a document and assembles the ``Parsed`` record."""

from __future__ import annotations

from pipeline.parse.header import parse_header
from pipeline.parse.lines import split_pages
from pipeline.parse.signature import parse_signature
from pipeline.record import Parsed


def parse_document(pages: list[str], use_ner: bool | None = None) -> Parsed:
    """Parse one document given as one text per page. ``use_ner=None`` uses the default (see ``ner``)."""
    lines = split_pages(list(pages or []))
    parsed = Parsed()
    if not any(not ln.blank for ln in lines):
        parsed.warnings.append("empty document")
        return parsed
    warnings: list[str] = []
    head = parse_header(lines, warnings)
    parsed.document = head.info
    parsed.evidence.update(head.evidence)
    sig = parse_signature(lines, head.body_start, warnings)
    parsed.signer = sig.signer
    parsed.recipients = sig.recipients
    parsed.filing = sig.filing
    parsed.evidence.update(sig.evidence)
    parsed.warnings = warnings
    return parsed
