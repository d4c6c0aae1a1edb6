"""Shared fixtures: paths to the repo's samples and to ../shared (tests that need it skip when it is absent)."""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "samples"
SEED = SAMPLES / "seed" / "kh58-lhh-bacgiang-ocr-eng.txt"
EXTRACT = Path(sys.executable).parent / "extract"


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    return SHARED


@pytest.fixture
def real_engine():
    """The real Tesseract engine of this machine (the in-process one, or the command line's without tesserocr), made
    afresh for the test."""
    from pipeline.ocr import engine as engines

    try:
        import tesserocr  # noqa: F401

        return engines.InProcessEngine("vie")
    except ImportError:
        return engines.CommandLineEngine("vie")


@pytest.fixture(scope="session")
def sample_records() -> list:
    """The records of the bundled samples' exact texts (``samples/*.gt.txt``), extracted once per test session."""
    from pipeline.extract import extract

    return [extract(path) for path in sorted(SAMPLES.glob("*.gt.txt"))]


def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the installed `extract` command; returns the completed process (text mode)."""
    return subprocess.run([str(EXTRACT), *map(str, args)], capture_output=True, text=True, timeout=timeout)


def write_png_header_only_bomb(path: Path, width: int, height: int) -> None:
    """A valid 1-bit PNG of width×height, all black, written by streaming compressed zero rows (tiny on disk)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    body = bytearray()
    for _ in range(height):
        body += compressor.compress(row)
    body += compressor.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", bytes(body)) + chunk(b"IEND", b""))
