"""Options, defined once. The CLI builds an ``Options`` and hands it to the library; nothing else parses flags."""

from __future__ import annotations

import os
from typing import ClassVar, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipeline.errors import UsageError

DEFAULT_MAX_PIXELS = 120_000_000  # A0 at 300 dpi is ~140 MP; A4 at 600 dpi is ~35 MP


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # Each field is one command-line option too: ``cli`` gives its flag (a flag of a default-on option turns it
    # off, ``cli_help`` then says so), ``parse`` how its value is read; the CLI is built from these (cli._option_decorators).
    lang: str = Field(default="vie", description="Tesseract language(s), e.g. vie or vie+eng",
                      json_schema_extra={"cli": "--lang"})
    dpi: int = Field(default=300, ge=50, le=1200,
                     description="rasterisation resolution for PDF pages (best: the scan's own resolution)",
                     json_schema_extra={"cli": "--dpi"})
    pages: Optional[tuple[int, ...]] = Field(default=None, description="pages to read, e.g. 1-3 or 1,4; all if not given",
                                             json_schema_extra={"cli": "--pages", "parse": "page_ranges"})
    restore: bool = Field(default=True, description="run diacritic restoration / OCR post-correction",
                          json_schema_extra={"cli": "--no-restore", "cli_help": "skip diacritic restoration / OCR post-correction"})
    text_layer: Literal["auto", "never"] = Field(
        default="auto", description="use a PDF's text layer when it decodes to plausible Vietnamese",
        json_schema_extra={"cli": "--no-text-layer", "off_value": "never",
                           "cli_help": "always OCR PDF pages, even with a usable text layer"})
    jobs: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1,
                      description="worker processes (default: number of cores)", json_schema_extra={"cli": "-j/--jobs"})
    page_timeout: float = Field(default=120.0, gt=0, description="seconds per page before giving up",
                                json_schema_extra={"cli": "--page-timeout"})
    max_pixels: int = Field(default=DEFAULT_MAX_PIXELS, gt=0, description="refuse images with more pixels than this",
                            json_schema_extra={"cli": "--max-pixels"})
    min_dpi: int = Field(default=0, ge=0, le=1200,
                         description="upscale an image scanned at a lower resolution to this before OCR, e.g. 300 (0: never)",
                         json_schema_extra={"cli": "--min-dpi"})
    clean_rules: bool = Field(default=True,
                              description="drop red stamps, remove ruled lines and box borders before OCR",
                              json_schema_extra={"cli": "--keep-rules", "cli_help": "OCR the page as rasterised: keep "
                                                 "red stamps, ruled lines and box borders"})
    handwriting: bool = Field(default=True, description="re-read handwritten number and day fields with the digit reader",
                              json_schema_extra={"cli": "--no-handwriting", "cli_help": "do not re-read handwritten number/day fields"})
    engine: Literal["tesserocr", "tesseract"] = Field(
        default="tesserocr", description="OCR engine: tesserocr (Tesseract's API in the worker process, the model "
        "loaded once) or tesseract (the command-line program, a process per page)", json_schema_extra={"cli": "--engine"})
    psm: int = Field(default=3, ge=0, le=13, description="Tesseract page segmentation mode",
                     json_schema_extra={"cli": "--psm"})
    require_vietnamese: bool = Field(default=True, description="fail documents that are not Vietnamese",
                                     json_schema_extra={"cli": "--allow-other-languages", "cli_help": "do not fail documents that are not Vietnamese"})

    # the options that change what a record says (the others only change how fast, or whether, it is made)
    SHAPING: ClassVar[tuple[str, ...]] = ("lang", "engine", "dpi", "pages", "restore", "text_layer", "clean_rules", "handwriting", "psm",
                                         "min_dpi")

    def output_key(self) -> str:
        """A short hash of the options that shape a record: a batch rerun with other options redoes outputs."""
        import hashlib
        import json

        shaping = {name: getattr(self, name) for name in self.SHAPING}
        return hashlib.sha256(json.dumps(shaping, sort_keys=True, default=list).encode()).hexdigest()[:16]

    @field_validator("lang")
    @classmethod
    def _lang_ok(cls, value: str) -> str:
        if not value or not all(part.replace("_", "").isalnum() for part in value.split("+")):
            raise ValueError(f"bad language {value!r}: use Tesseract codes joined by '+', e.g. vie or vie+eng")
        return value


def parse_page_ranges(spec: str) -> tuple[int, ...]:
    """``"1-3,5"`` → ``(1, 2, 3, 5)``. Raises UsageError on anything else."""
    pages: list[int] = []
    for part in spec.replace(" ", "").split(","):
        if not part:
            continue
        try:
            if "-" in part:
                first, last = (int(x) for x in part.split("-", 1))
            else:
                first = last = int(part)
        except ValueError:
            raise UsageError(f"bad page range {spec!r}: use e.g. 1-3 or 1,4,6-8") from None
        if first < 1 or last < first:
            raise UsageError(f"bad page range {spec!r}: pages start at 1 and ranges go upwards")
        pages.extend(range(first, last + 1))
    if not pages:
        raise UsageError(f"bad page range {spec!r}: no pages named")
    return tuple(sorted(set(pages)))
