"""What happened to one document, and a failure as (stage, one-line reason)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from pipeline.batch.discovery import Job
from pipeline.errors import ExtractError
from pipeline.record import Record


@dataclass
class Outcome:
    """What happened to one document: its record, or the stage and reason it failed."""

    job: Job
    record: Optional[Record] = None
    stage: Optional[str] = None
    reason: Optional[str] = None
    pages: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.record is not None


def one_line(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def error_payload(exc: BaseException, default_stage: str) -> tuple[str, str]:
    if isinstance(exc, ExtractError):
        return exc.stage, one_line(str(exc))
    return default_stage, one_line(f"internal error: {type(exc).__name__}: {exc}")
