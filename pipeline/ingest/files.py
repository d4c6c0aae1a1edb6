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


TEXT_EXTENSIONS = {".txt", ".text", ".md", ".markdown"}  # a Markdown conversion is text with emphasis marks


HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}  # a saved portal page (ingest.markup)


WORD_EXTENSIONS = {".docx", ".doc"}  # a Word file; the old binary .doc is refused with a one-line reason


ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc, .xls, .ppt


OCR_FILE_EXTENSIONS = {".tsv", ".hocr"}  # Tesseract's TSV and hOCR output (pipeline.ocr_files); told by content


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# what a batch finds in a folder: every kind ingest reads (an old binary .doc becomes a failed document whose reason
# says to save it as .docx or PDF)
SUPPORTED_EXTENSIONS = (IMAGE_EXTENSIONS | TEXT_EXTENSIONS | OCR_FILE_EXTENSIONS | HTML_EXTENSIONS | WORD_EXTENSIONS
                        | {".pdf"})


def sniff(path: Path) -> str:
    """'pdf', 'png', 'jpeg', 'tiff', 'docx' or 'text' from the first bytes; raises InputError for anything else
    (an old binary Word .doc with the advice to save it as .docx or PDF)."""
    with path.open("rb") as handle:
        head = handle.read(2048)
    if not head:
        raise InputError("file is empty (0 bytes)", path=str(path))
    if PDF_MAGIC in head[:1024]:
        return "pdf"
    for magic, kind in IMAGE_MAGIC.items():
        if head.startswith(magic):
            return kind
    if head.startswith(OLE_MAGIC):
        raise InputError("an old binary Word document (.doc, Word 97-2003) cannot be read: open it in Word or "
                         "LibreOffice and save it as .docx or PDF", path=str(path))
    if head.startswith(ZIP_MAGIC):
        if _is_docx(path):
            return "docx"
        raise InputError("a ZIP archive, not a Word .docx document; unpack it or give the documents inside",
                         path=str(path))
    if b"\x00" not in head or head.startswith(UTF16_BOMS):  # UTF-16 (Notepad's "Unicode") has NULs in ASCII
        return "text"
    raise InputError("unsupported file type: not a PDF, PNG, JPEG, TIFF, Word (.docx), HTML or text file", path=str(path))


def _is_docx(path: Path) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


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
