"""What a file is: its kind told by its first bytes (not its name), its hash, and whether it can be read."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.errors import InputError

PDF_MAGIC = b"%PDF-"


IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
    b"P5": "pnm",  # raw PGM/PPM, what scanner tools and pdftoppm write
    b"P6": "pnm",
}


IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pgm", ".ppm", ".pnm"}


TEXT_EXTENSIONS = {".txt", ".text"}


OCR_FILE_EXTENSIONS = {".tsv", ".hocr"}  # Tesseract's TSV and hOCR output (pipeline.ocr_files); told by content


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SUPPORTED_EXTENSIONS = IMAGE_EXTENSIONS | TEXT_EXTENSIONS | OCR_FILE_EXTENSIONS | {".pdf"}


def sniff(path: Path) -> str:
    """'pdf', 'png', 'jpeg', 'tiff' or 'text' from the first bytes; raises InputError for anything else."""
    with path.open("rb") as handle:
        head = handle.read(2048)
    if not head:
        raise InputError("file is empty (0 bytes)", path=str(path))
    if PDF_MAGIC in head[:1024]:
        return "pdf"
    for magic, kind in IMAGE_MAGIC.items():
        if head.startswith(magic):
            return kind
    if b"\x00" not in head or head.startswith(UTF16_BOMS):  # UTF-16 (Notepad's "Unicode") has NULs in ASCII
        return "text"
    raise InputError("unsupported file type: not a PDF, PNG, JPEG, TIFF or text file", path=str(path))


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_file(path: Path) -> None:
    if not path.exists():
        raise InputError("no such file", path=str(path))
    if path.is_dir():
        raise InputError("is a directory, not a file (give a file, or use a batch run over the folder)", path=str(path))
    if not path.is_file():
        raise InputError("not a regular file", path=str(path))
    try:
        with path.open("rb"):
            pass
    except PermissionError:
        raise InputError("permission denied: cannot read the file", path=str(path)) from None
