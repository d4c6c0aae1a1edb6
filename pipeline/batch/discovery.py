"""Discovery: inputs (files, folders, globs) → jobs, each with its output path under OUTDIR."""

from __future__ import annotations

import glob
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from pipeline.ingest.files import (
    OCR_FILE_EXTENSIONS,
    SUPPORTED_EXTENSIONS,
    TEXT_EXTENSIONS,
)
from pipeline.ingest.ocr_files import ocr_file_format

GLOB_CHARS = "*?["


@dataclass(frozen=True)
class Job:
    """One input document and where its record goes."""

    path: str  # the input as found (this string becomes record.source.file)
    output: Path  # OUTDIR/<sub-folders>/<stem>.json


@dataclass
class Failure:
    file: str
    stage: str
    reason: str

    def as_json(self) -> str:
        return json.dumps({"file": self.file, "stage": self.stage, "reason": self.reason}, ensure_ascii=False)


@dataclass
class Discovery:
    jobs: list[Job]
    problems: list[Failure] = field(default_factory=list)  # inputs that name nothing


def _is_glob(text: str) -> bool:
    return any(ch in text for ch in GLOB_CHARS)


def _glob_root(pattern: str) -> Path:
    """The folder part of a glob before its first wildcard: ``scans/2024/**/*.pdf`` → ``scans/2024``."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if _is_glob(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def _supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_EXTENSIONS and not path.name.startswith(".")


def _wanted(path: Path) -> bool:
    """A supported file a folder or pattern should yield: a .tsv/.hocr only when it is Tesseract output (a folder
    may hold other TSV tables), told from its first 64 KB."""
    if path.suffix.lower() not in OCR_FILE_EXTENSIONS:
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 16).decode("utf-8", errors="replace")
    except OSError:
        return True  # unreadable: let ingest say why
    return ocr_file_format(head) is not None


def _drop_ocr_files_beside_scans(found: list[tuple[Path, Path]], named: set[Path]) -> list[tuple[Path, Path]]:
    """Tesseract writes ``page.hocr`` beside ``page.png``: where a folder holds both, the scan is read (our OCR
    cleans the page and re-reads handwritten numbers) and its OCR file is left out. Named on its own, it is read."""
    scans = {path.with_suffix("") for path, _ in found if path.suffix.lower() not in OCR_FILE_EXTENSIONS | TEXT_EXTENSIONS}
    return [(path, root) for path, root in found
            if path.suffix.lower() not in OCR_FILE_EXTENSIONS or path.with_suffix("") not in scans or path in named]


def _walk(folder: Path, skip: Optional[Path]) -> Iterator[Path]:
    """Supported regular files under ``folder``, recursively, in sorted order; hidden entries and ``skip`` left out."""
    for current, dirs, files in os.walk(folder):
        here = Path(current)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (skip is None or (here / d).resolve() != skip))
        for name in sorted(files):
            path = here / name
            if _supported(path) and path.is_file() and _wanted(path):
                yield path


def discover(inputs: Iterable[str], outdir: Path) -> Discovery:
    """Expand folders and globs into jobs; output paths mirror each input's place under its folder."""
    found: list[tuple[Path, Path]] = []  # (file, the folder its output path is relative to)
    problems: list[Failure] = []
    named: set[Path] = set()  # files given by name, taken as they are
    skip = Path(outdir).resolve()
    for text in inputs:
        if _is_glob(text):
            root = _glob_root(text)
            matches = sorted(glob.glob(text, recursive=True))
            count = len(found)
            for match in map(Path, matches):
                if match.is_dir():
                    found.extend((p, root) for p in _walk(match, skip))
                elif _supported(match) and match.is_file() and _wanted(match):
                    found.append((match, root))
            if len(found) == count:
                problems.append(Failure(text, "discover", "no supported file matches this pattern"))
        else:
            path = Path(text)
            if path.is_dir():
                count = len(found)
                found.extend((p, path) for p in _walk(path, skip))
                if len(found) == count:
                    problems.append(Failure(text, "discover", "folder holds no supported file (PDF, PNG, JPEG, TIFF, TXT, Tesseract TSV/hOCR)"))
            elif path.exists() or path.is_symlink():
                found.append((path, path.parent))
                named.add(path)
            else:
                problems.append(Failure(text, "discover", "no such file or folder"))
    return Discovery(_assign_outputs(_drop_ocr_files_beside_scans(found, named), Path(outdir)), problems)


def _assign_outputs(found: list[tuple[Path, Path]], outdir: Path) -> list[Job]:
    """Output path per file: its path under its root folder; with several roots, under their common folder."""
    seen: set[Path] = set()
    unique: list[tuple[Path, Path]] = []
    for path, root in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append((path, root))
    roots = sorted({str(root.resolve()) for _, root in unique})
    base = os.path.commonpath(roots) if len(roots) > 1 else None
    relative: list[tuple[Path, Path]] = []
    for path, root in unique:
        rel = Path(os.path.relpath(path, root))
        if rel.parts and rel.parts[0] == "..":
            rel = Path(path.name)
        if base is not None:
            rel = Path(os.path.relpath(root.resolve(), base)) / rel
        relative.append((path, Path(os.path.normpath(rel))))
    stems: dict[Path, int] = {}
    for _, rel in relative:
        stems[rel.with_suffix("")] = stems.get(rel.with_suffix(""), 0) + 1
    jobs = []
    for path, rel in relative:
        name = rel.name + ".json" if stems[rel.with_suffix("")] > 1 else rel.stem + ".json"
        jobs.append(Job(str(path), outdir / rel.parent / name))
    jobs.sort(key=lambda job: str(job.output))
    return jobs
