"""One exception hierarchy. Each class carries its exit code and the stage it failed in; messages are one line
and say how to fix the problem. The library raises; only the CLI turns these into exit codes."""

from __future__ import annotations


class ExtractError(Exception):
    """A document could not be converted. Exit code 1."""

    exit_code = 1
    stage = "extract"

    def __init__(self, message: str, *, path: str | None = None, stage: str | None = None):
        super().__init__(" ".join(str(message).split()))
        self.path = path
        if stage:
            self.stage = stage

    def one_line(self) -> str:
        prefix = f"{self.path}: " if self.path else ""
        return f"{prefix}{self}"


class UsageError(ExtractError):
    """Bad options or arguments. Exit code 2."""

    exit_code = 2
    stage = "usage"


class InputError(ExtractError):
    """The file itself is missing, unreadable, of the wrong kind, or damaged."""

    stage = "ingest"


class EncryptedPdf(InputError):
    pass


class ImageTooLarge(InputError):
    pass


class EmptyDocument(ExtractError):
    """No page of the document holds any text."""

    stage = "ocr"


class NotVietnamese(ExtractError):
    stage = "parse"


class OcrError(ExtractError):
    """Tesseract failed, timed out or is missing."""

    stage = "ocr"


class ModelMissing(ExtractError):
    stage = "restore"
