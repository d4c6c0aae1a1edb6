"""The benchmark's one table: rows collected by every section, printed as text, saved as JSON and markdown."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Optional

COLUMNS = ("section", "set", "n", "baseline", "pipeline", "notes")


@dataclass
class Row:
    section: str  # text, fields, speed
    name: str
    n: str = ""
    baseline: str = ""  # raw OCR / raw tesseract / rules-only
    pipeline: str = ""  # restored text / the pipeline / rules+NER
    notes: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    error: Optional[str] = None

    def cells(self) -> list[str]:
        notes = self.notes if not self.error else f"{self.notes + '; ' if self.notes else ''}{self.error}"
        return [self.section, self.name, self.n, self.baseline, self.pipeline, notes]


def pct(value: Optional[float], digits: int = 1) -> str:
    return "—" if value is None else f"{100 * value:.{digits}f}%"


def rate(value: Optional[float], unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:.3g}" if value < 100 else f"{value:,.0f}"
    return f"{text}{(' ' + unit) if unit else ''}"


def machine() -> dict[str, Any]:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {"cpu": model, "cores": affinity, "load_at_start": load, "python": platform.python_version(),
            "system": platform.platform()}


def _widths(rows: list[list[str]], limits: dict[int, int]) -> list[int]:
    widths = [len(c) for c in COLUMNS]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], min(len(cell), limits.get(i, 10_000)))
    return widths


def text_table(rows: list[Row]) -> str:
    """A fixed-width table; long notes wrap under their own column."""
    import textwrap

    cells = [r.cells() for r in rows]
    widths = _widths(cells, {5: 70})
    line = lambda parts: "  ".join(p.ljust(w) for p, w in zip(parts, widths)).rstrip()  # noqa: E731
    out = [line(list(COLUMNS)), line(["-" * w for w in widths])]
    previous = None
    for row, cell in zip(rows, cells):
        if previous and row.section != previous:
            out.append("")
        previous = row.section
        wrapped = textwrap.wrap(cell[5], widths[5]) or [""]
        out.append(line(cell[:5] + [wrapped[0]]))
        out += [line([""] * 5 + [more]) for more in wrapped[1:]]
    return "\n".join(out)


def markdown_table(rows: list[Row], meta: dict[str, Any]) -> str:
    esc = lambda s: s.replace("|", "\\|")  # noqa: E731
    load = meta["machine"].get("load_at_start")
    shared_note = f"; 1-min load {load:.1f} at start: other work slows every timing" if load else ""
    head = (f"Measured {meta['date']} on {meta['machine']['cpu']} ({meta['machine']['cores']} cores{shared_note}), "
            f"`{meta['command']}` ({meta['mode']}, {meta['seconds']:.0f} s).\n\n")
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(esc(c) for c in r.cells()) + " |" for r in rows]
    legend = ("\n\nText rows: syllable accuracy / CER, raw OCR (baseline) beside the restored text (pipeline). "
              "Field rows: exact match after NFC, tone placement, whitespace and case normalisation. "
              "Speed rows: medians; ratios measured in the same run.\n")
    return head + "\n".join(lines) + legend


def save(rows: list[Row], meta: dict[str, Any], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    payload = {"meta": meta, "rows": [asdict(r) for r in rows]}
    (out / "bench.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    (out / "bench.md").write_text(markdown_table(rows, meta), encoding="utf-8")


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
