"""Where the benchmark's inputs and gold live, and how a record maps onto each gold file's field names.

Sets (``../shared`` is optional; without it only the bundled samples and the seed are scored):
- seed: ``samples/seed/kh58-lhh-bacgiang-ocr-eng.txt`` (raw ``tesseract -l eng``) against ``.gt.txt``;
- samples: ``samples/*.pdf|png|tif|tiff`` with ``<stem>.gt.txt`` (text) and ``<stem>.expected.json`` (fields);
- dev/heldout vbpl: clean text + ``vbpl_gold.jsonl``; heldout render: page PDF + ``.gt.txt`` + Tesseract baselines;
- dev scans: real scans + ``scans_gold.jsonl``.
Subsets (``--quick``) are the first documents in name order, never chosen by their scores.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
SEED_RAW = SAMPLES / "seed" / "kh58-lhh-bacgiang-ocr-eng.txt"
SEED_GT = SAMPLES / "seed" / "kh58-lhh-bacgiang.gt.txt"
SEED_EXPECTED = SAMPLES / "seed" / "kh58-lhh-bacgiang.expected.json"
CACHE = REPO / ".cache" / "bench"
IMAGE_SUFFIXES = (".pdf", ".png", ".tif", ".tiff", ".jpg", ".jpeg")

# gold fields of vbpl_gold.jsonl; type, code and title come from the database page's title line
VBPL_FIELDS = ("document_type", "code", "title", "issuer", "place", "issued_date", "signer_name", "signer_position",
               "signature_authority")
VBPL_TITLE_FIELDS = ("document_type", "code", "title")  # left out where html_body_consistent is false
RENDER_FIELDS = ("document_type", "code", "title", "issuer", "place", "issued_date")  # the page holds the header only
SCAN_FIELDS = ("document_type", "number", "symbol", "code", "issuer", "parent_issuer", "place", "issued_date", "title",
               "urgency", "signer_authority", "signer_position", "signer_name", "recipients")


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in read_text(path).splitlines() if line.strip()]


@dataclass
class TextDoc:
    """A clean text with its gold record (vbpl)."""

    name: str
    path: Path
    gold: dict[str, Any]

    @property
    def text(self) -> str:
        return read_text(self.path)


@dataclass
class RenderPage:
    """One heldout render page: the PDF, its exact text and the two Tesseract baselines beside it."""

    name: str
    pdf: Path
    gt: Path
    eng: Path
    vie: Path


@dataclass
class Scan:
    name: str
    path: Path
    gold: dict[str, Any]


@dataclass
class Sample:
    """A bundled sample file with its gold text (may be absent) and expected record (may be absent)."""

    name: str
    path: Path
    gt: Optional[Path]
    expected: Optional[Path]


class Shared:
    """The ``../shared`` tree, or nothing when it is absent."""

    def __init__(self, root: Optional[Path]) -> None:
        self.root = root if root and root.is_dir() else None

    @property
    def present(self) -> bool:
        return self.root is not None

    def _vbpl(self, split: str) -> list[TextDoc]:
        if not self.root:
            return []
        folder = self.root / split
        gold_file = folder / "vbpl_gold.jsonl"
        if not gold_file.is_file():
            return []
        docs = []
        for gold in read_jsonl(gold_file):
            path = folder / "vbpl" / gold["doc"]
            if path.is_file():
                docs.append(TextDoc(Path(gold["doc"]).stem, path, gold))
        return sorted(docs, key=lambda d: d.name)

    def dev_vbpl(self) -> list[TextDoc]:
        return self._vbpl("dev")

    def heldout_vbpl(self) -> list[TextDoc]:
        return self._vbpl("heldout")

    def heldout_render(self) -> list[RenderPage]:
        if not self.root:
            return []
        folder = self.root / "heldout" / "render"
        pages = []
        for pdf in sorted(folder.glob("*.pdf")):
            stem = pdf.with_suffix("")
            parts = [Path(f"{stem}.{kind}.txt") for kind in ("gt", "eng", "vie")]
            if all(p.is_file() for p in parts):
                pages.append(RenderPage(pdf.stem, pdf, *parts))
        return pages

    def dev_scans(self) -> list[Scan]:
        if not self.root:
            return []
        folder = self.root / "dev" / "scans"
        gold_file = folder / "scans_gold.jsonl"
        if not gold_file.is_file():
            return []
        scans = [Scan(Path(g["file"]).stem, folder / g["file"], g) for g in read_jsonl(gold_file)]
        return sorted([s for s in scans if s.path.is_file()], key=lambda s: s.name)


def bundled_samples() -> list[Sample]:
    """Sample scans in ``samples/`` (top level) with whatever gold sits beside them."""
    out = []
    for path in sorted(SAMPLES.iterdir() if SAMPLES.is_dir() else []):
        if path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES:
            gt = path.with_suffix(".gt.txt")
            expected = path.with_suffix(".expected.json")
            out.append(Sample(path.stem, path, gt if gt.is_file() else None, expected if expected.is_file() else None))
    return out


# ----------------------------------------------------------------------------------------------------------------
# Record → gold field names


def _get(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if obj is None:
            return None
        obj = obj.get(part) if isinstance(obj, dict) else getattr(obj, part, None)
    return obj


def recipients_with_filing(parsed: Any) -> list[str]:
    """The Nơi nhận list with the ``Lưu:`` line last, as the scans gold writes it: without the full stop that
    Decree 30 puts at the end of the list (``filing`` keeps it, as printed)."""
    items = list(_get(parsed, "recipients") or [])
    filing = _get(parsed, "filing")
    filing = filing.rstrip(" .") if filing else filing
    if filing and not (items and items[-1].lower().startswith("lưu")):
        items.append(filing if filing.lower().startswith("lưu") else f"Lưu: {filing}")
    return items


def record_fields(parsed: Any) -> dict[str, Any]:
    """A ``Parsed``/``Record`` (or its JSON dict) under the gold files' field names."""
    doc = lambda name: _get(parsed, f"document.{name}")  # noqa: E731
    return {
        "document_type": doc("type"),
        "number": doc("number"),
        "symbol": doc("symbol"),
        "code": doc("code"),
        "issuer": doc("issuing_body"),
        "parent_issuer": doc("parent_body"),
        "place": doc("place"),
        "issued_date": doc("issue_date"),
        "title": doc("subject"),
        "urgency": doc("urgency"),
        "signer_authority": _get(parsed, "signer.authority"),
        "signature_authority": _get(parsed, "signer.authority"),
        "signer_position": _get(parsed, "signer.position"),
        "signer_name": _get(parsed, "signer.name"),
        "recipients": recipients_with_filing(parsed),
    }


def vbpl_gold_fields(gold: dict[str, Any], fields: tuple[str, ...] = VBPL_FIELDS) -> dict[str, Any]:
    """The scored gold fields of one vbpl record; type/code/title dropped when the page title is another document's."""
    out = {name: gold.get(name) for name in fields}
    if gold.get("html_body_consistent") is False:
        for name in VBPL_TITLE_FIELDS:
            out.pop(name, None)
    return out


def scan_gold_fields(gold: dict[str, Any]) -> dict[str, Any]:
    return {name: gold.get(name) for name in SCAN_FIELDS}


EXPECTED_PATHS = {
    "document_type": "document.type", "number": "document.number", "symbol": "document.symbol",
    "code": "document.code", "issuer": "document.issuing_body", "parent_issuer": "document.parent_body",
    "place": "document.place", "issued_date": "document.issue_date", "title": "document.subject",
    "urgency": "document.urgency", "signer_authority": "signer.authority", "signer_position": "signer.position",
    "signer_name": "signer.name",
}


def expected_gold_fields(expected: dict[str, Any]) -> dict[str, Any]:
    """The scored fields of a sample's ``.expected.json`` (a record-shaped dict), under the gold field names."""
    out = {name: _get(expected, path) for name, path in EXPECTED_PATHS.items()}
    if expected.get("recipients") or expected.get("filing"):
        out["recipients"] = recipients_with_filing(expected)
    return out
