"""Parse stage: page texts → ``Parsed`` (header, signature, recipients, citations, outline, targets, tasks...).

``parse_document(pages)`` takes one string per page (lines separated by ``'\\n'``) and returns a
``pipeline.record.Parsed``. Each field's evidence (page, line, span, confidence) is stored under its field path.
``use_ruler`` switches the spaCy patterns over task items (``entities.py``) on or off (the ablation the benchmark
reports).
"""

from __future__ import annotations

from pipeline.parse.document import parse_document

__all__ = ["parse_document"]
