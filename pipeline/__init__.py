"""Scanned Vietnamese administrative documents → structured records.

Stages: ingest (file → pages) → ocr (page image → words in reading order) → restore (diacritics and OCR
errors) → parse (text → fields) → output (record → JSON/JSONL/CSV). ``extract`` runs them for one document.
"""

from pipeline.extract import extract
from pipeline.options import Options
from pipeline.record import Record


def __getattr__(name: str):
    if name == "extract_many":  # imported on first use: the batch machinery is not needed by ``extract``
        from pipeline.api import extract_many

        return extract_many
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")


__all__ = ["extract", "extract_many", "Options", "Record"]
__version__ = "0.1.0"
