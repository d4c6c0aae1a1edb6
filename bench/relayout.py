"""Dev texts re-laid as users copy them from the legal portals, and the parser scored on them beside the clean text.

Shapes (``SHAPES``), each made from a clean vbpl text by ``relay``:
- ``portal-30`` / ``portal-45`` / ``portal-60``: the Decree-30 header and the signature block as a table flattened
  to lines, each cell closed by a ``|`` line, its rules kept; every line wrapped wherever a space falls (the header
  and signature cells at about half the width, give or take a few characters), body paragraphs re-wrapped at the
  width and no blank line between them;
- ``escapes``: the header as one long line with literal ``\\r\\n`` escapes and ``|`` bars inside it, the body
  wrapped at 60;
- ``blank-lines``: ``portal-45`` with a blank line between every two lines, non-breaking spaces and HTML entities
  (``&nbsp;``, ``&amp;``, ``&quot;``) and the cell bars inside the lines (``-------|``);
- ``markdown``: a Markdown conversion: the flattened header table, ``**bold**`` capitals lines, titles and article
  headings, ``*italic*`` date and motto pieces, wrapped at 60.
And the same documents as files: ``.html`` (a saved portal page: the header and signature as two-column tables,
entities and ``&nbsp;``) and ``.docx`` (a Word export: the header and signature as table rows), read through
``pipeline.ingest``.

``python -m bench.relayout [--shared ../shared] [--show SHAPE]`` prints the header and signer field accuracy per
shape (dev texts; heldout totals only when its texts are there), the .docx/.html equality with the clean text, and
the parser's speed on re-laid text against clean text. ``relayout_rows`` gives the same as benchmark rows.
"""

from __future__ import annotations

import argparse
import html as html_lib
import random
import re
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any, Callable, Optional

from pipeline.text import strip_marks

SHAPES = ("portal-30", "portal-45", "portal-60", "escapes", "blank-lines", "markdown")


def _key(text: str) -> str:
    return strip_marks(text).lower().replace("đ", "d")


# --- the clean text's parts --------------------------------------------------------------------------------------


class Parts:
    """A clean vbpl text cut into the header table's cells, the body and the signature table's cells."""

    def __init__(self, text: str) -> None:
        lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
        self.left: list[str] = []
        self.right: list[str] = []
        self.so: list[str] = []
        self.date: list[str] = []
        self.body: list[str] = lines
        self.recipients: list[str] = []
        self.signer: list[str] = []
        self._header(lines)
        self._signature()

    def _header(self, lines: list[str]) -> None:
        qh = next((i for i, ln in enumerate(lines[:12]) if re.search(r"cong hoa xa hoi|dang cong san", _key(ln))), None)
        if qh is None:
            return
        right_end = qh + 1
        while right_end < len(lines) and right_end <= qh + 3 and (
                "doc lap" in _key(lines[right_end]) or not any(ch.isalnum() for ch in lines[right_end])):
            right_end += 1
        left = lines[:qh]
        rest = lines[right_end:]
        so = next((i for i, ln in enumerate(rest[:4]) if re.match(r"^(?:[a-z ]{2,20} )?so\s*:", _key(ln))), None)
        date = next((i for i, ln in enumerate(rest[:5]) if re.search(r"ngay .*thang .*nam", _key(ln))), None)
        taken = {i for i in (so, date) if i is not None}
        # lines between the QH block and the Số line that belong to the left column (a rule under the body)
        self.left, self.right = left, lines[qh:right_end]
        self.so = [rest[so]] if so is not None else []
        self.date = [rest[date]] if date is not None else []
        after = max(taken) + 1 if taken else 0
        self.body = [ln for i, ln in enumerate(rest[:after]) if i not in taken] + rest[after:]

    def _signature(self) -> None:
        body = self.body
        # the signer block: the last run of capitals/authority lines with a name under it, near the end
        end = len(body)
        start = None
        for i in range(len(body) - 1, max(len(body) - 40, -1), -1):
            k = _key(body[i])
            if re.match(r"^(tm|kt|q|tl|tuq)\s*\.", k):
                start = i
                while start > 0 and re.match(r"^(tm|kt|q|tl|tuq)\s*\.", _key(body[start - 1])):
                    start -= 1
                break
        if start is None:
            # no authority prefix: the position line (capitals) right above the name at the end
            for i in range(len(body) - 1, max(len(body) - 12, 0), -1):
                ln = body[i]
                if _caps(ln) and len(ln) < 60 and i + 1 < len(body) and not _caps(body[i + 1]):
                    start = i
                    break
        if start is None:
            return
        stop = start
        while stop < end and not _key(body[stop]).startswith("noi nhan") and \
                (stop - start < 8) and not (stop > start + 1 and len(body[stop]) > 70):
            stop += 1
        recip_at = next((i for i in range(max(0, start - 30), end) if _key(body[i]).startswith("noi nhan")), None)
        self.signer = body[start:stop]
        if recip_at is not None and recip_at < start:
            recip_end = recip_at + 1
            while recip_end < start and body[recip_end].startswith(("-", "+", "–")):
                recip_end += 1
            if recip_end == start:
                self.recipients = body[recip_at:start]
                self.body = body[:recip_at] + body[stop:]
                return
        if recip_at is not None and recip_at >= stop:
            recip_end = recip_at + 1
            while recip_end < end and body[recip_end].startswith(("-", "+", "–")):
                recip_end += 1
            self.recipients = body[recip_at:recip_end]
            self.body = body[:start] + body[stop:recip_at] + body[recip_end:]
            return
        self.body = body[:start] + body[stop:]

    @property
    def has_header(self) -> bool:
        return bool(self.right)


def _caps(text: str) -> bool:
    up = sum(map(str.isupper, text))
    low = sum(map(str.islower, text))
    return up + low >= 2 and up / (up + low) >= 0.85


# --- the shapes --------------------------------------------------------------------------------------------------


def _wrap(line: str, width: int) -> list[str]:
    return textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [line]


def _cells(parts: Parts, width: int, rng: random.Random) -> tuple[list[list[str]], list[list[str]]]:
    """The header's and the signature's cells, each line wrapped at about half the width."""
    def cell(lines: list[str]) -> list[str]:
        cell_width = max(10, width // 2 + rng.randint(-4, 6))  # one width per cell, as a table column has
        return [w for ln in lines for w in _wrap(ln, cell_width)]

    header = [cell(c) for c in (parts.left, parts.right, parts.so, parts.date) if c] if parts.has_header else []
    signature = [cell(c) for c in (parts.recipients, parts.signer) if c]
    return header, signature


def _body(lines: list[str], width: int) -> list[str]:
    return [w for ln in lines for w in _wrap(ln, width)]


def relay(text: str, shape: str, seed: str = "") -> str:
    """The clean text ``text`` laid out in ``shape`` (one of ``SHAPES``)."""
    rng = random.Random(f"{seed}:{shape}")
    parts = Parts(text)
    width = {"portal-30": 30, "portal-45": 45, "portal-60": 60}.get(shape, 45 if shape == "blank-lines" else 60)
    header, signature = _cells(parts, width, rng)
    body = _body(parts.body, width)
    sig_body = parts.body  # the signature cells go at the end
    del sig_body
    if shape == "escapes":
        head = "| " + " | ".join("\\r\\n".join(parts_) for parts_ in
                                  ([*(parts.left or [])], parts.right, parts.so, parts.date) if parts_) + " |"
        lines = ([head] if parts.has_header else []) + body + [x for c in signature for x in c + ["|"]]
        return "\n".join(lines) + "\n"
    if shape == "markdown":
        def em(cell: list[str], mark: str) -> list[str]:
            return [f"{mark}{ln}{mark}" if any(ch.isalnum() for ch in ln) else ln for ln in cell]

        md_header: list[str] = []
        for k, c in enumerate(header):
            if k == 0:
                c = em(c, "**")
            elif k == 1:
                c = em(c[:1], "**") + em(c[1:], "*")
            elif k == len(header) - 1 and parts.date:
                c = em(c, "*")
            md_header += c + ["|"]
        md_body = []
        for ln in body[:6]:
            md_body.append(f"**{ln}**" if _caps(ln) and len(ln) < 40 else ln)
        for ln in body[6:]:
            m = re.match(r"^(Điều \d+\.)(.*)$", ln)
            md_body.append(f"**{m.group(1)}**{m.group(2)}" if m else ln)
        sig = [x for c in signature for x in em(c, "**") + ["|"]]
        return "\n".join(md_header + md_body + sig) + "\n"
    flat_header = [x for c in header for x in c + ["|"]]
    flat_sig = [x for c in signature for x in c + ["|"]]
    lines = flat_header + body + flat_sig
    if shape == "blank-lines":
        out = []
        for ln in lines:
            if ln == "|" and out and not any(ch.isalnum() for ch in out[-1]):
                out[-1] += "|"  # the bar inside the rule's line
                continue
            ln = html_lib.escape(ln, quote=True).replace("&#x27;", "'")
            ln = re.sub(r"^(Số:) ", "\\1&nbsp;", ln)
            ln = ln.replace(" ngày ", " ngày\u00a0")
            out += [ln, ""]
        return "\n".join(out)
    return "\n".join(lines) + "\n"


# --- as files: .html and .docx -----------------------------------------------------------------------------------


def to_html(text: str) -> str:
    """A saved portal page: the header and the signature as two-column tables, the body as paragraphs."""
    parts = Parts(text)
    esc = lambda s: html_lib.escape(s).replace(" ngày ", " ngày&nbsp;")  # noqa: E731

    def cell(lines: list[str]) -> str:
        return "".join(f"<p><b>{esc(ln)}</b></p>" if _caps(ln) else f"<p><i>{esc(ln)}</i></p>" for ln in lines)

    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>vbpl</title>",
           "<script>var x = '<p>not text</p>';</script><style>p{margin:0}</style></head><body>",
           "<div class='menu'><a href='/'>Trang chủ</a></div><div class='content'>"]
    if parts.has_header:
        out.append("<table><tr><td>" + cell(parts.left) + "</td><td>" + cell(parts.right) + "</td></tr>")
        out.append("<tr><td>" + cell(parts.so) + "</td><td>" + cell(parts.date) + "</td></tr></table>")
    out += [f"<p>{esc(ln)}</p>" for ln in parts.body]
    if parts.signer:
        out.append("<table><tr><td>" + cell(parts.recipients) + "</td><td>" + cell(parts.signer) + "</td></tr></table>")
    out.append("</div></body></html>")
    return "\n".join(out)


def to_docx(text: str, path: Path) -> None:
    """A Word export: the header and the signature as table rows, the body as paragraphs."""
    import docx  # python-docx

    parts = Parts(text)
    document = docx.Document()

    def fill(cell: Any, lines: list[str]) -> None:
        cell.text = ""
        first = True
        for ln in lines:
            para = cell.paragraphs[0] if first else cell.add_paragraph()
            run = para.add_run(ln)
            run.bold = _caps(ln)
            first = False

    if parts.has_header:
        table = document.add_table(rows=2, cols=2)
        fill(table.cell(0, 0), parts.left)
        fill(table.cell(0, 1), parts.right)
        fill(table.cell(1, 0), parts.so)
        fill(table.cell(1, 1), parts.date)
    for ln in parts.body:
        document.add_paragraph(ln)
    if parts.signer:
        table = document.add_table(rows=1, cols=2)
        fill(table.cell(0, 0), parts.recipients)
        fill(table.cell(0, 1), parts.signer)
    document.save(str(path))


# --- scoring -----------------------------------------------------------------------------------------------------


def _ingested_text(path: Path) -> list[str]:
    from pipeline.ingest import ingest
    from pipeline.options import Options

    return [p.text or "" for p in ingest(path, Options()).pages]


def shape_pages(text: str, shape: str, seed: str, folder: Optional[Path] = None) -> list[str]:
    """The pages the pipeline reads from the document in ``shape``: the re-laid text written to a ``.txt`` (or
    ``.md``) file, or the ``.html``/``.docx`` file, read by ``pipeline.ingest`` (``clean``: the text itself)."""
    if shape == "clean":
        return [text]
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        if shape == "html":
            path = Path(tmp) / f"{seed}.html"
            path.write_text(to_html(text), encoding="utf-8")
        elif shape == "docx":
            path = Path(tmp) / f"{seed}.docx"
            to_docx(text, path)
        else:
            path = Path(tmp) / f"{seed}.{'md' if shape == 'markdown' else 'txt'}"
            path.write_text(relay(text, shape, seed), encoding="utf-8")
        return _ingested_text(path)


def score_shape(docs: list, shape: str, parse: Callable[[list[str]], Any]) -> tuple[Any, list[tuple]]:
    """Field scores (bench.metrics.FieldScore) of the header and signer fields over ``docs`` in ``shape``, and the
    items for ``bench.quality.field_row``."""
    from .datasets import record_fields, vbpl_gold_fields
    from .metrics import FieldScore

    score = FieldScore()
    items = []
    for doc in docs:
        text = doc.text
        pages = shape_pages(text, shape, doc.name)
        pred = record_fields(parse(pages))
        gold = vbpl_gold_fields(doc.gold)
        score.add(doc.name, doc.gold.get("document_type"), pred, gold)
        items.append((doc.name, doc.gold.get("document_type"), pred, gold))
    return score, items


def same_fields(docs: list, shape: str, parse: Callable[[list[str]], Any]) -> tuple[int, int, list[str]]:
    """How many documents give exactly the clean text's header and signer fields in ``shape``: (same, all, names
    of the others)."""
    from .datasets import VBPL_FIELDS, record_fields

    same, other = 0, []
    for doc in docs:
        clean = record_fields(parse([doc.text]))
        got = record_fields(parse(shape_pages(doc.text, shape, doc.name)))
        if all(clean[f] == got[f] for f in VBPL_FIELDS):
            same += 1
        else:
            other.append(doc.name)
    return same, len(docs), other


def parse_speed(docs: list, parse: Callable[[list[str]], Any], shape: str = "portal-45",
                repeats: int = 3) -> tuple[float, float]:
    """Seconds to parse all ``docs`` clean, and re-laid in ``shape`` (the lay-out step included: what ingest does
    to the text), best of ``repeats``."""
    from pipeline.ingest.layout import relayout

    clean = [d.text for d in docs]
    laid = [relay(d.text, shape, d.name) for d in docs]

    def best(fn: Callable[[], None]) -> float:
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return min(times)

    t_clean = best(lambda: [parse([t]) for t in clean])
    t_laid = best(lambda: [parse([relayout(t)]) for t in laid])
    return t_clean, t_laid


def relayout_rows(settings: Any) -> list:
    """Benchmark rows (``bench.quality.field_rows``): header and signer fields of the dev texts in each portal shape
    (baseline column: the same documents as clean text), .html/.docx equality with the clean text, the parser's
    speed on re-laid text; heldout texts in the portal shapes as totals only (never per document)."""
    from . import pipeline_runs as runs
    from .quality import _guard, field_row
    from .report import Row, pct

    rows: list = []
    guard = _guard(rows, "fields")
    docs = settings.take(settings.shared.dev_vbpl(), 15)
    if not docs:
        return rows
    note = "" if len(docs) == len(settings.shared.dev_vbpl()) else f"first {len(docs)} dev texts"
    with guard("dev vbpl · clean text · relayout"):
        clean, _ = score_shape(docs, "clean", runs.parse)
    for shape in SHAPES:
        name = f"dev vbpl · {shape} · parse"
        with guard(name):
            _, items = score_shape(docs, shape, runs.parse)
            row = field_row(name, items, notes="; ".join(x for x in (
                note, f"re-laid as a portal copy (bench/relayout.py), read through ingest; baseline: the clean text"
                      ) if x))
            row.baseline = f"{pct(clean.accuracy)} ({clean.correct}/{clean.total}) clean"
            rows.append(row)
    for shape in ("html", "docx"):
        name = f"dev vbpl · .{shape} · same fields as clean"
        with guard(name):
            same, total, other = same_fields(docs, shape, runs.parse)
            rows.append(Row("fields", name, n=f"{total} docs", pipeline=f"{same}/{total}",
                            notes="; ".join(x for x in (note, f"not: {', '.join(other)}" if other else "") if x),
                            data={"same": same, "total": total, "other": other}))
    with guard("dev vbpl · portal-45 · parse speed"):
        t_clean, t_laid = parse_speed(docs, runs.parse, repeats=1 if settings.quick else 3)
        rows.append(Row("speed", "dev vbpl · portal-45 · parse speed", n=f"{len(docs)} docs",
                        baseline=f"{t_clean:.2f} s clean", pipeline=f"{t_laid:.2f} s (x{t_laid / t_clean:.2f})",
                        notes="relayout + parse of the re-laid text against parse of the clean text",
                        data={"clean_s": t_clean, "relaid_s": t_laid}))
    held = settings.shared.heldout_vbpl()
    if held and not settings.quick:
        with guard("heldout vbpl · portal shapes · parse"):
            total_c = total_t = 0
            per_shape = {}
            for shape in SHAPES:
                score, _ = score_shape(held, shape, runs.parse)
                per_shape[shape] = score.accuracy
                total_c += score.correct
                total_t += score.total
            rows.append(Row("fields", "heldout vbpl · portal shapes · parse", n=f"{len(held)} docs × {len(SHAPES)}",
                            pipeline=f"{pct(total_c / total_t if total_t else None)} ({total_c}/{total_t})",
                            notes="totals only: " + " ".join(f"{k} {pct(v)}" for k, v in per_shape.items()),
                            data={"correct": total_c, "total": total_t, "per_shape": per_shape}))
    return rows


def main(argv: Optional[list[str]] = None) -> int:
    from pipeline.parse.document import parse_document

    from .datasets import Shared

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--show", help="print the mismatches of this shape (dev only)")
    ap.add_argument("--shapes", default=",".join(("clean",) + SHAPES))
    ap.add_argument("--dump", help="print this dev document in --show's shape")
    ap.add_argument("--no-files", action="store_true", help="skip the .html/.docx equality")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--heldout", action="store_true", help="also the heldout totals (never per document)")
    args = ap.parse_args(argv)
    shared = Shared(Path(args.shared))
    docs = shared.dev_vbpl()
    parse = lambda pages: parse_document(pages)  # noqa: E731
    if args.dump:
        doc = next(d for d in docs if d.name == args.dump)
        print("\n".join(shape_pages(doc.text, args.show or "portal-30", doc.name)))
        return 0
    for shape in args.shapes.split(","):
        score, _ = score_shape(docs, shape, parse)
        per = " ".join(f"{k} {c}/{t}" for k, (c, t) in sorted(score.counts.items()) if c < t)
        print(f"dev {shape:12} {score.correct}/{score.total} {100 * score.accuracy:.1f}%  {per}")
        if args.show == shape:
            from .datasets import record_fields, vbpl_gold_fields
            from .metrics import field_equal

            for doc in docs:
                pred = record_fields(parse(shape_pages(doc.text, shape, doc.name)))
                for name, gold in vbpl_gold_fields(doc.gold).items():
                    if gold is not None and not field_equal(pred.get(name), gold, name):
                        print(f"    {doc.name} {name}: {pred.get(name)!r} (gold {gold!r})")
    held = shared.heldout_vbpl() if args.heldout else []
    if held:
        for shape in args.shapes.split(","):
            score, _ = score_shape(held, shape, parse)
            print(f"heldout {shape:12} {100 * score.accuracy:.1f}% (totals only)")
    if not args.no_files:
        for shape in ("html", "docx"):
            same, total, other = same_fields(docs, shape, parse)
            print(f"dev .{shape}: {same}/{total} documents with the clean text's fields" +
                  (f" (not: {', '.join(other)})" if other else ""))
    if not args.no_speed:
        t_clean, t_laid = parse_speed(docs, parse)
        print(f"parse speed: clean {t_clean:.2f} s, portal-45 {t_laid:.2f} s (x{t_laid / t_clean:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
