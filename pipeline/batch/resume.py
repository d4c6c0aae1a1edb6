"""Resume: an output that records the same input hash and options is up to date; stale temporaries are removed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

from pipeline.batch.discovery import Job
from pipeline.ingest.files import (
    sha256_file,
)
from pipeline.options import Options


def recorded_sha256(output: Path) -> Optional[str]:
    """The input hash an existing output records, or None when it is missing or not a complete record."""
    return _recorded(output)[0]


def _recorded(output: Path) -> tuple[Optional[str], Optional[str]]:
    """(input sha256, options key) an existing output records; (None, None) when it is not a complete record."""
    try:
        data = json.loads(output.read_text(encoding="utf-8"))
        return data["source"]["sha256"], data["source"].get("options_key")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None, None


def is_up_to_date(job: Job, options: Optional[Options] = None) -> bool:
    """The output exists, records this input's hash and (when ``options`` is given) was made with options that
    shape a record the same way."""
    recorded, key = _recorded(job.output)
    if recorded is None or (options is not None and key != options.output_key()):
        return False
    try:
        return sha256_file(job.path) == recorded
    except OSError:
        return False


def remove_stale_temporaries(outdir: Path) -> int:
    """Delete the temporary files (``.<name>.<random>.tmp``) a killed run may have left in ``outdir``."""
    removed = 0
    if outdir.is_dir():
        for tmp in outdir.rglob(".*.tmp"):
            try:
                tmp.unlink()
                removed += 1
            except OSError:
                pass
    return removed
