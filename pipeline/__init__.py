"""Scanned Vietnamese administrative documents → structured records.

Stages: ingest (file → pages) → ocr (page image → words in reading order) → restore (diacritics and OCR
errors) → parse (text → fields) → output (record → JSON/JSONL/CSV). ``extract`` runs them for one document.
"""

from .extract import extract
from .options import Options
from .record import Record

__all__ = ["extract", "Options", "Record"]
__version__ = "0.1.0"
