"""The review page: one self-contained HTML file per document that shows every field where it was read.

A tracker checks what a machine read before trusting it. The page embeds the document's page images (JPEG at
screen resolution, as data URIs: nothing is fetched from elsewhere) with a box over the words each field came from,
coloured by the field's confidence; beside them the header and signer fields, the ones the record lists in
``review`` first and marked, then targets, tasks (owner, deadline) and deadlines. Choosing a field scrolls to its
box and highlights it (a few lines of plain JavaScript). Every box carries ``data-field="<dotted path>"`` so tests
and other tools can find it. A document read from text (no image) shows its text with the same highlights.

Boxes come from the record's evidence (``Evidence.box``, in the pixels of the page image that was OCR'd, whose
size is ``PageText.image_width`` × ``image_height``), drawn in percent of the page so any image size fits.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

from pipeline.record import Evidence, Record

SCREEN_WIDTH = 1100  # pixels of an embedded page image
JPEG_QUALITY = 70
FLAG_ATTR = 'data-flagged="true" '
HEADER_FIELDS = ["document.type", "document.code", "document.issue_date", "document.place", "document.issuing_body",
                 "document.parent_body", "document.subject", "document.urgency", "signer.authority",
                 "signer.position", "signer.name"]


def confidence_class(confidence: Optional[float], flagged: bool) -> str:
    """The colour of a field: flagged (check it), sure (≥ 0.9), fair (≥ 0.7) or weak."""
    if flagged:
        return "flagged"
    if confidence is None:
        return "fair"
    return "sure" if confidence >= 0.9 else "fair" if confidence >= 0.7 else "weak"


def _get(record: Record, path: str) -> Any:
    value: Any = record
    for part in path.split("."):
        value = getattr(value, part, None) if not isinstance(value, dict) else value.get(part)
        if value is None:
            return None
    return value


def field_entries(record: Record) -> list[dict[str, Any]]:
    """Every field the page lists: (path, label, value, evidence, flagged, reason), flagged ones first."""
    review = list(getattr(record, "review", None) or [])
    reasons = {path: w[len(path) + 1:].strip(" :") for w in record.warnings for path in review
               if w.startswith(path + ":")}
    entries = []
    for path in HEADER_FIELDS:
        value = _get(record, path)
        evidence = record.evidence.get(path)
        if value is None and path not in review:
            continue
        entries.append({"path": path, "label": path.split(".")[-1].replace("_", " "), "value": value,
                        "evidence": evidence, "flagged": path in review, "reason": reasons.get(path)})
    for i, task in enumerate(record.tasks):
        # the owners as a tracker files them (normalised; "(mục trên)" from the lead, "(cơ quan ban hành)" the
        # issuer's by default), then the deadlines as printed
        names = "; ".join(dict.fromkeys(o.name for o in task.owners)) if task.owners else "; ".join(task.responsible)
        mark = {"lead": " (mục trên)", "issuer": " (cơ quan ban hành)"}.get(task.inherited_from or "", "")
        owner = names + mark if names else None
        deadline = "; ".join(d.text for d in task.deadlines) or None
        value = " · ".join(x for x in (owner, deadline, task.text[:140]) if x)
        path = f"tasks[{i}]"
        entries.append({"path": path, "label": f"task {(task.label or str(i + 1)).rstrip('.')}", "value": value,
                        "evidence": task.evidence, "flagged": path in review, "reason": reasons.get(path)})
    for i, target in enumerate(record.targets):
        path = f"targets[{i}]"
        entries.append({"path": path, "label": f"target {i + 1}", "value": target.text[:160],
                        "evidence": target.evidence, "flagged": path in review, "reason": reasons.get(path)})
    for i, deadline in enumerate(record.deadlines):
        path = f"deadlines[{i}]"
        entries.append({"path": path, "label": f"deadline {i + 1}", "value": deadline.text,
                        "evidence": deadline.evidence, "flagged": path in review, "reason": reasons.get(path)})
    entries.sort(key=lambda e: (not e["flagged"], HEADER_FIELDS.index(e["path"]) if e["path"] in HEADER_FIELDS
                                else len(HEADER_FIELDS)))
    return entries


def page_images(path: str | Path, numbers: list[int], width: int = SCREEN_WIDTH) -> dict[int, bytes]:
    """JPEG bytes of the given pages of a scan (PDF or image), ``width`` pixels wide."""
    from PIL import Image

    path = Path(path)
    out: dict[int, bytes] = {}
    with path.open("rb") as handle:
        is_pdf = handle.read(5) == b"%PDF-"
    for number in numbers:
        if is_pdf:
            from pdf2image import convert_from_path

            image = convert_from_path(str(path), dpi=100, first_page=number, last_page=number, fmt="ppm")[0]
        else:
            with Image.open(path) as opened:
                opened.seek(number - 1)
                image = opened.convert("RGB")
        image = image.convert("RGB")
        image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
        out[number] = buffer.getvalue()
    return out


def _boxes(entries: list[dict[str, Any]], page: Any) -> Iterator[str]:
    for entry in entries:
        evidence: Optional[Evidence] = entry["evidence"]
        if evidence is None or evidence.page != page.number or not evidence.box or not page.image_width:
            continue
        x0, y0, x1, y1 = evidence.box
        w, h = page.image_width, page.image_height
        style = (f"left:{100 * x0 / w:.3f}%;top:{100 * y0 / h:.3f}%;"
                 f"width:{100 * (x1 - x0) / w:.3f}%;height:{100 * (y1 - y0) / h:.3f}%")
        cls = confidence_class(evidence.confidence, entry["flagged"])
        yield (f'<div class="box {cls}" data-field="{html.escape(entry["path"])}" '
               f'data-confidence="{evidence.confidence if evidence.confidence is not None else ""}" '
               f'{FLAG_ATTR if entry["flagged"] else ""}style="{style}" '
               f'title="{html.escape(entry["path"])}"></div>')


def _text_page(entries: list[dict[str, Any]], page: Any) -> str:
    """A text page with each field's span marked (``<mark data-field=...>``)."""
    lines = page.text.split("\n")
    spans: dict[int, list[tuple[int, int, dict[str, Any]]]] = {}
    for entry in entries:
        evidence = entry["evidence"]
        if evidence is None or evidence.page != page.number or not evidence.line:
            continue
        spans.setdefault(evidence.line, []).append((evidence.start or 0, evidence.end or 0, entry))
    out = []
    for number, line in enumerate(lines, start=1):
        marks = sorted(spans.get(number, []), key=lambda s: s[0])
        pieces, at = [], 0
        for start, end, entry in marks:
            end = end or len(line)
            if start < at or start >= end:
                continue
            cls = confidence_class(entry["evidence"].confidence, entry["flagged"])
            pieces.append(html.escape(line[at:start]))
            pieces.append(f'<mark class="box {cls}" data-field="{html.escape(entry["path"])}"'
                          f'{" " + FLAG_ATTR.strip() if entry["flagged"] else ""}>{html.escape(line[start:end])}</mark>')
            at = end
        pieces.append(html.escape(line[at:]))
        out.append("".join(pieces))
    return f'<pre class="text-page" id="page-{page.number}">' + "\n".join(out) + "</pre>"


def _value_text(value: Any) -> str:
    return "—" if value is None else str(value)


STYLE = """
body{margin:0;font-family:"DejaVu Sans","Liberation Sans",Arial,sans-serif;display:flex;height:100vh;color:#222}
aside{width:380px;overflow:auto;border-right:1px solid #ccc;padding:12px;box-sizing:border-box;font-size:14px}
main{flex:1;overflow:auto;background:#eee;padding:16px}
h1{font-size:16px;margin:0 0 8px}
.summary{margin-bottom:10px;color:#555}
button.field{display:block;width:100%;text-align:left;border:1px solid #ddd;border-left:6px solid #999;background:#fff;
 margin:4px 0;padding:6px;cursor:pointer;font:inherit}
button.field.flagged{border-left-color:#c62828;background:#fff3f3}
button.field.sure{border-left-color:#2e7d32}button.field.fair{border-left-color:#f9a825}button.field.weak{border-left-color:#ef6c00}
button.field .path{font-size:11px;color:#666}button.field .reason{font-size:12px;color:#c62828}
.flag{color:#c62828;font-weight:bold}
figure.page{position:relative;margin:0 auto 16px;background:#fff;box-shadow:0 1px 4px #999;max-width:1100px}
figure.page img{display:block;width:100%;height:auto}
figcaption{position:absolute;top:-14px;left:0;font-size:11px;color:#666}
.box{position:absolute;border:2px solid;box-sizing:border-box;pointer-events:none}
.box.sure{border-color:#2e7d32;background:rgba(46,125,50,.08)}.box.fair{border-color:#f9a825;background:rgba(249,168,37,.1)}
.box.weak{border-color:#ef6c00;background:rgba(239,108,0,.12)}.box.flagged{border-color:#c62828;background:rgba(198,40,40,.15)}
.box.active{outline:4px solid #1565c0;background:rgba(21,101,192,.25)}
pre.text-page{white-space:pre-wrap;background:#fff;padding:16px;font-family:"DejaVu Sans Mono",monospace;font-size:13px}
mark.box{position:static;border-width:0 0 2px 0;padding:0 1px;color:inherit}
"""

SCRIPT = """
document.querySelectorAll('button.field').forEach(function (button) {
  button.addEventListener('click', function () {
    document.querySelectorAll('.box.active').forEach(function (b) { b.classList.remove('active'); });
    var boxes = document.querySelectorAll('.box[data-field="' + button.dataset.target + '"]');
    boxes.forEach(function (b) { b.classList.add('active'); });
    if (boxes.length) { boxes[0].scrollIntoView({block: 'center'}); }
  });
});
"""


def review_html(record: Record, images: Optional[dict[int, bytes]] = None) -> str:
    """The review page of ``record``; ``images``: JPEG bytes by page number for the pages read from images."""
    images = images or {}
    entries = field_entries(record)
    flagged = sum(e["flagged"] for e in entries)
    title = record.document.code or Path(record.source.file).name
    side = [f"<h1>{html.escape(record.document.type or 'Document')} {html.escape(record.document.code or '')}</h1>",
            f'<div class="summary">{html.escape(Path(record.source.file).name)} · {record.source.pages} page(s) · '
            f'<span class="{"flag" if flagged else ""}">{flagged} field(s) to check</span></div>']
    for entry in entries:
        evidence = entry["evidence"]
        confidence = evidence.confidence if evidence is not None else None
        cls = confidence_class(confidence, entry["flagged"])
        reason = f'<div class="reason">{html.escape(entry["reason"])}</div>' if entry["reason"] else ""
        mark = '<span class="flag">⚑ check</span> ' if entry["flagged"] else ""
        side.append(f'<button class="field {cls}" data-target="{html.escape(entry["path"])}"'
                    f'{" " + FLAG_ATTR.strip() if entry["flagged"] else ""}>{mark}<b>{html.escape(entry["label"])}</b>: '
                    f'{html.escape(_value_text(entry["value"]))}<div class="path">{html.escape(entry["path"])}'
                    f'{f" · {confidence:.2f}" if confidence is not None else ""}</div>{reason}</button>')
    pages = []
    for page in record.pages:
        picture = images.get(page.number)
        if picture is not None and page.image_width:
            data = base64.b64encode(picture).decode("ascii")
            pages.append(f'<figure class="page" id="page-{page.number}"><figcaption>page {page.number}</figcaption>'
                         f'<img alt="page {page.number}" src="data:image/jpeg;base64,{data}">'
                         + "".join(_boxes(entries, page)) + "</figure>")
        else:
            pages.append(_text_page(entries, page))
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Review: {html.escape(title)}</title>'
            f"<style>{STYLE}</style></head><body><aside>{''.join(side)}</aside><main>{''.join(pages)}</main>"
            f"<script>{SCRIPT}</script></body></html>")


def write_review_page(record: Record, path: str | Path,
                      images_of: Callable[[str, list[int]], dict[int, bytes]] = page_images) -> None:
    """Write the review page of ``record`` to ``path`` (atomically), with the scan's pages re-read at screen size."""
    from pipeline.output import write_atomic

    numbers = [p.number for p in record.pages if p.image_width]
    images = images_of(record.source.file, numbers) if numbers else {}
    write_atomic(path, review_html(record, images))


def review_index_html(documents: list[dict[str, Any]]) -> str:
    """The index of a batch's review pages: documents with fields to check first (most first), then the others,
    then the failed documents with their reason; counts on top. Each item: ``name``, and either ``page`` (the review
    page's file name), ``code``, ``type``, ``review`` (paths to check), or ``failed`` (stage: reason)."""
    done = [d for d in documents if not d.get("failed")]
    failed = [d for d in documents if d.get("failed")]
    to_check = sorted((d for d in done if d.get("review")), key=lambda d: (-len(d["review"]), d["name"]))
    clean = sorted((d for d in done if not d.get("review")), key=lambda d: d["name"])

    def item(d: dict[str, Any]) -> str:
        paths = ", ".join(d.get("review") or [])
        flag = f' <span class="flag">⚑ {len(d["review"])} to check: {html.escape(paths)}</span>' if paths else ""
        return (f'<li data-review="{len(d.get("review") or [])}"><a href="{html.escape(d["page"])}">'
                f'{html.escape(d["name"])}</a> {html.escape(d.get("type") or "")} {html.escape(d.get("code") or "")}'
                f"{flag}</li>")

    rows = [f"<h1>Review: {len(documents)} documents</h1>",
            f'<p>{len(to_check)} with fields to check · {len(clean)} with none · {len(failed)} failed</p>']
    if to_check:
        rows.append("<h2>To check</h2><ol>" + "".join(item(d) for d in to_check) + "</ol>")
    if clean:
        rows.append("<h2>Nothing flagged</h2><ul>" + "".join(item(d) for d in clean) + "</ul>")
    if failed:
        rows.append("<h2>Failed</h2><ul>" + "".join(
            f'<li class="failed">{html.escape(d["name"])}: {html.escape(d["failed"])}</li>' for d in failed) + "</ul>")
    style = ("body{font-family:'DejaVu Sans','Liberation Sans',Arial,sans-serif;margin:24px;color:#222}"
             ".flag{color:#c62828}li{margin:4px 0}li.failed{color:#555}")
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Review index</title>'
            f"<style>{style}</style></head><body>{''.join(rows)}</body></html>")
