"""Typeset a Vietnamese administrative document in the Decree-30 layout with PIL, and degrade it like a scan.

Used to make synthetic test scans (``samples/make_samples.py``) and to render dev texts for the benchmark.

- ``DocumentSpec``: the printed parts of a document (header, type, subject, body, Nơi nhận, signature).
- ``spec_from_text``: best-effort conversion of a plain-text document (header lines first) into a spec.
- ``render_pages``: A4 grayscale pages, two-column header, justified body, page breaks, signature block
  beside the Nơi nhận (recipients) list.
- ``degrade``: seeded rotation, blur, levels, noise and JPEG round-trip.
- ``ground_truth_text``: the page text in reading order (left header block, right header block, type, subject,
  Kính gửi, body, Nơi nhận block, then the signature block).
- ``save_pdf`` / ``save_tiff``: image-only multi-page files.

Vietnamese terms: Quốc hiệu (national name), Tiêu ngữ (motto), Số (number), trích yếu (subject),
Kính gửi (to), Nơi nhận (recipients), Lưu (filed at), Công văn (official letter, no type name).
"""

from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

A4_MM = (210.0, 297.0)
MM_PER_INCH = 25.4

_FONT_FILES = {
    "dejavu": (
        "/usr/share/fonts/truetype/dejavu",
        {"r": "DejaVuSerif.ttf", "b": "DejaVuSerif-Bold.ttf", "i": "DejaVuSerif-Italic.ttf",
         "bi": "DejaVuSerif-BoldItalic.ttf"},
        "fonts-dejavu-core",
    ),
    "liberation": (
        "/usr/share/fonts/truetype/liberation2",
        {"r": "LiberationSerif-Regular.ttf", "b": "LiberationSerif-Bold.ttf", "i": "LiberationSerif-Italic.ttf",
         "bi": "LiberationSerif-BoldItalic.ttf"},
        "fonts-liberation2",
    ),
}


class FontMissingError(RuntimeError):
    """A serif font file the renderer needs is not installed."""


@dataclass
class DocumentSpec:
    """The printed parts of one document, in Decree-30 order."""

    issuing_body: list[str]
    number_line: str
    place_date: str
    parent_body: Optional[str] = None
    urgency: Optional[str] = None
    type_name: Optional[str] = None  # None for a Công văn (official letter)
    subject: list[str] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)  # items without the leading "- "; last is "Lưu: ..."
    signer_authority: list[str] = field(default_factory=list)
    signer_name: str = ""

    @property
    def is_letter(self) -> bool:
        """A Công văn: no type name, its V/v subject sits under the Số line on the left."""
        return not self.type_name


# ----------------------------------------------------------------------------------------------------------------
# Fonts and units


def font_paths(font: str = "dejavu") -> dict[str, Path]:
    """The four style files of ``font`` ('dejavu' or 'liberation'); raise a clear error when one is missing."""
    if font not in _FONT_FILES:
        raise ValueError(f"unknown font {font!r}; use one of {sorted(_FONT_FILES)}")
    folder, files, package = _FONT_FILES[font]
    paths = {style: Path(folder) / name for style, name in files.items()}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise FontMissingError(
            f"font files missing: {', '.join(missing)}; install the Debian package {package} "
            f"(apt-get install {package})"
        )
    return paths


_FONT_CACHE = threading.local()  # FreeType faces are not shared between threads


def _font(font: str, style: str, size_px: int) -> ImageFont.FreeTypeFont:
    cache = getattr(_FONT_CACHE, "fonts", None)
    if cache is None:
        cache = _FONT_CACHE.fonts = {}
    key = (font, style, size_px)
    if key not in cache:
        cache[key] = ImageFont.truetype(str(font_paths(font)[style]), size_px)
    return cache[key]


def _px(pt: float, dpi: int) -> int:
    return max(1, round(pt * dpi / 72.0))


def _mm(mm: float, dpi: int) -> int:
    return round(mm * dpi / MM_PER_INCH)


# ----------------------------------------------------------------------------------------------------------------
# Body paragraphs: labels and styles

_ROMAN = r"[IVXL]+"
_LABEL = re.compile(
    rf"^(?P<label>(?:Điều\s+\d+[a-z]?\.)|(?:Chương\s+{_ROMAN}\b)|(?:Mục\s+\d+\b)|(?:{_ROMAN}\.)"
    rf"|(?:\d+(?:\.\d+)*\.(?!\d))|(?:[a-zđ]\))|(?:\(\d+\))|(?:[-–+•]))\s*"
)


def _is_caps_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and len(text) <= 90 and all(not c.islower() for c in letters)


def _has_end_punct(text: str) -> bool:
    return text.rstrip().endswith((".", ";", ":", ",", "./."))


@dataclass
class _Para:
    """A body paragraph laid out as styled words."""

    words: list[tuple[str, str]]
    align: str = "justify"  # justify, center
    indent: bool = True
    space_before: float = 0.0  # pt


def _style_paragraph(text: str, in_preamble: bool) -> _Para:
    text = text.strip()
    roman = re.match(rf"^{_ROMAN}\.\s", text)
    chapter = re.match(rf"^(Chương\s+{_ROMAN}|Mục\s+\d+)\b", text)
    if (_is_caps_heading(text) and not roman) or chapter:
        return _Para([(w, "b") for w in text.split()], align="center", indent=False, space_before=3)
    match = _LABEL.match(text)
    if match:
        label = match.group("label")
        rest = text[match.end():]
        short_title = len(text) <= 110 and not _has_end_punct(text)
        if label.startswith("Điều"):
            words = [(w, "b") for w in label.split()]
            words += [(w, "b" if short_title else "r") for w in rest.split()]
            return _Para(words, space_before=3)
        if re.fullmatch(rf"{_ROMAN}\.", label) or (re.fullmatch(r"\d+(\.\d+)*\.", label) and short_title):
            return _Para([(w, "b") for w in text.split()], space_before=2)
        if re.fullmatch(r"[a-zđ]\)", label) and short_title:
            return _Para([(w, "i") for w in text.split()])
        return _Para([(w, "r") for w in text.split()])
    if in_preamble and re.match(r"^(Căn cứ|Theo đề nghị|Xét đề nghị)", text):
        return _Para([(w, "i") for w in text.split()])
    return _Para([(w, "r") for w in text.split()])


def _body_paragraphs(spec: DocumentSpec) -> list[_Para]:
    paras: list[_Para] = []
    in_preamble = True
    for text in spec.body:
        if not text.strip():
            continue
        para = _style_paragraph(text, in_preamble)
        if not re.match(r"^(Căn cứ|Theo đề nghị|Xét đề nghị)", text.strip()) and not _is_caps_heading(text.strip()):
            in_preamble = False
        paras.append(para)
    return paras


# ----------------------------------------------------------------------------------------------------------------
# Page canvas with a cursor


@dataclass
class _Geometry:
    dpi: int
    width: int
    height: int
    left: int
    right: int  # x of the right text edge
    top: int
    bottom: int  # y of the bottom text edge
    body_pt: float
    line_spacing: float
    indent: int

    @property
    def text_width(self) -> int:
        return self.right - self.left

    def line_height(self, pt: float) -> int:
        return round(_px(pt, self.dpi) * self.line_spacing)


def _geometry(dpi: int, seed: int) -> _Geometry:
    rng = np.random.default_rng(seed)
    width, height = _mm(A4_MM[0], dpi), _mm(A4_MM[1], dpi)
    top, bottom = rng.uniform(20, 25), rng.uniform(20, 25)
    left, right = rng.uniform(30, 35), rng.uniform(15, 20)
    body_pt = float(rng.choice([13.0, 13.5, 14.0]))
    spacing = float(rng.uniform(1.12, 1.22))
    return _Geometry(
        dpi=dpi, width=width, height=height, left=_mm(left, dpi), right=width - _mm(right, dpi),
        top=_mm(top, dpi), bottom=height - _mm(bottom, dpi), body_pt=body_pt, line_spacing=spacing,
        indent=_mm(rng.uniform(10, 12.7), dpi),
    )


class _Canvas:
    """Pages being drawn, with a vertical cursor and automatic page breaks."""

    def __init__(self, geo: _Geometry, font: str) -> None:
        self.geo = geo
        self.font_name = font
        self.pages: list[Image.Image] = []
        self.draw: ImageDraw.ImageDraw
        self.y = 0
        self.marks: dict[str, dict] = {}  # where named lines were drawn (``render_pages(layout=...)``); no effect
        self.new_page()

    def new_page(self) -> None:
        page = Image.new("L", (self.geo.width, self.geo.height), 255)
        self.pages.append(page)
        self.draw = ImageDraw.Draw(page)
        self.y = self.geo.top

    def font(self, style: str, pt: float) -> ImageFont.FreeTypeFont:
        return _font(self.font_name, style, _px(pt, self.geo.dpi))

    def width(self, text: str, style: str, pt: float) -> float:
        return self.font(style, pt).getlength(text)

    def fit_pt(self, text: str, style: str, pt: float, max_width: float, min_pt: float = 9.0) -> float:
        """The largest size from ``pt`` down (half-point steps) at which ``text`` fits ``max_width``."""
        while pt > min_pt and self.width(text, style, pt) > max_width:
            pt -= 0.5
        return pt

    def text(self, x: float, baseline: float, text: str, style: str, pt: float) -> None:
        self.draw.text((x, baseline), text, font=self.font(style, pt), fill=0, anchor="ls")

    def centered(self, cx: float, baseline: float, text: str, style: str, pt: float) -> float:
        w = self.width(text, style, pt)
        self.text(cx - w / 2, baseline, text, style, pt)
        return w

    def rule(self, cx: float, y: float, length: float) -> None:
        thick = max(2, round(self.geo.dpi / 150))
        self.draw.rectangle([cx - length / 2, y, cx + length / 2, y + thick - 1], fill=0)

    def ensure(self, height: float) -> None:
        if self.y + height > self.geo.bottom:
            self.new_page()


def _wrap_words(canvas: _Canvas, words: list[tuple[str, str]], pt: float, first_width: float,
                width: float) -> list[list[tuple[str, str]]]:
    lines: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    used = 0.0
    space = canvas.width(" ", "r", pt)
    for word, style in words:
        w = canvas.width(word, style, pt)
        limit = first_width if not lines else width
        if current and used + space + w > limit:
            lines.append(current)
            current, used = [], 0.0
        used = w if not current else used + space + w
        current.append((word, style))
    if current:
        lines.append(current)
    return lines


def _draw_word_line(canvas: _Canvas, x0: float, x1: float, baseline: float, words: list[tuple[str, str]],
                    pt: float, justify: bool) -> None:
    widths = [canvas.width(w, s, pt) for w, s in words]
    space = canvas.width(" ", "r", pt)
    if justify and len(words) > 1:
        gap = (x1 - x0 - sum(widths)) / (len(words) - 1)
        gap = min(gap, space * 3)
    else:
        gap = space
    x = x0
    for (word, style), w in zip(words, widths):
        canvas.text(x, baseline, word, style, pt)
        x += w + gap


def _draw_paragraph(canvas: _Canvas, para: _Para, pt: float) -> None:
    geo = canvas.geo
    lh = geo.line_height(pt)
    para_gap = _px(para.space_before + 4, geo.dpi)
    if para.align == "center":
        lines = _wrap_words(canvas, para.words, pt, geo.text_width, geo.text_width)
    else:
        indent = geo.indent if para.indent else 0
        lines = _wrap_words(canvas, para.words, pt, geo.text_width - indent, geo.text_width)
    canvas.y += para_gap if canvas.y > geo.top else 0
    if len(lines) == 1 and all(style == "b" for _, style in para.words):
        canvas.ensure(3 * lh)  # keep a heading with the first lines of what follows
    for i, line in enumerate(lines):
        canvas.ensure(lh)
        baseline = canvas.y + _px(pt, geo.dpi) * 0.95
        if para.align == "center":
            cx = (geo.left + geo.right) / 2
            total = sum(canvas.width(w, s, pt) for w, s in line) + canvas.width(" ", "r", pt) * (len(line) - 1)
            _draw_word_line(canvas, cx - total / 2, cx + total / 2, baseline, line, pt, justify=False)
        else:
            x0 = geo.left + (geo.indent if (i == 0 and para.indent) else 0)
            _draw_word_line(canvas, x0, geo.right, baseline, line, pt, justify=i < len(lines) - 1)
        canvas.y += lh


# ----------------------------------------------------------------------------------------------------------------
# Header, title, closing blocks


def _header_columns(geo: _Geometry) -> tuple[float, float, float, float]:
    """(left centre x, left width, right centre x, right width) of the two header columns."""
    left_w = geo.text_width * 0.42
    right_w = geo.text_width - left_w
    gutter = _mm(2.5, geo.dpi)  # keep the two blocks apart
    return geo.left + left_w / 2 - gutter / 2, left_w - 2 * gutter, geo.left + left_w + right_w / 2, right_w - gutter


def _draw_header(canvas: _Canvas, spec: DocumentSpec) -> None:
    geo = canvas.geo
    lcx, lw, rcx, rw = _header_columns(geo)
    hpt = 12.5
    lh = geo.line_height(hpt)
    top = geo.top

    # left block: parent body, issuing body (bold caps), short rule
    y = top
    if spec.parent_body:
        pt = canvas.fit_pt(spec.parent_body, "r", hpt, lw)
        canvas.centered(lcx, y + _px(pt, geo.dpi), spec.parent_body, "r", pt)
        y += lh
    issuer_width = 0.0
    for line in spec.issuing_body:
        pt = canvas.fit_pt(line, "b", hpt, lw)
        issuer_width = max(issuer_width, canvas.centered(lcx, y + _px(pt, geo.dpi), line, "b", pt))
        y += lh
    y += _px(4.5, geo.dpi)
    canvas.rule(lcx, y, max(issuer_width / 3, _mm(15, geo.dpi)))
    left_bottom = y

    # right block: Quốc hiệu, Tiêu ngữ with a rule as long as the motto
    y = top
    npt = canvas.fit_pt(NATIONAL_NAME, "b", 12.5, rw)
    canvas.centered(rcx, y + _px(npt, geo.dpi), NATIONAL_NAME, "b", npt)
    y += geo.line_height(npt)
    mpt = canvas.fit_pt(MOTTO, "b", 13.5, rw)
    motto_w = canvas.centered(rcx, y + _px(mpt, geo.dpi), MOTTO, "b", mpt)
    y += geo.line_height(mpt) + _px(2, geo.dpi)
    canvas.rule(rcx, y, motto_w)
    right_bottom = y

    # Số (left) and place/date (right, italic) on one baseline
    baseline = max(left_bottom, right_bottom) + _px(13, geo.dpi) * 1.45
    spt = canvas.fit_pt(spec.number_line, "r", 13, lw)
    w = canvas.centered(lcx, baseline, spec.number_line, "r", spt)
    canvas.marks["number_line"] = _mark(canvas, lcx - w / 2, baseline, spec.number_line, "r", spt)
    dpt = canvas.fit_pt(spec.place_date, "i", 13.5, rw)
    w = canvas.centered(rcx, baseline, spec.place_date, "i", dpt)
    canvas.marks["place_date"] = _mark(canvas, rcx - w / 2, baseline, spec.place_date, "i", dpt)
    canvas.marks["header"] = {"page": 0, "left_cx": lcx, "left_w": lw, "right_cx": rcx, "right_w": rw, "top": top}
    y = baseline + _px(4, geo.dpi)

    # a Công văn's V/v subject under Số, 12 pt
    if spec.is_letter:
        for line in _wrapped(canvas, spec.subject, "r", 12, lw):
            y += geo.line_height(12)
            canvas.centered(lcx, y, line, "r", 12)
    if spec.urgency:
        pt = 13
        y += geo.line_height(pt) + _px(6, geo.dpi)
        w = canvas.centered(lcx, y, spec.urgency, "b", pt)
        pad = _px(4, geo.dpi)
        box = [lcx - w / 2 - pad, y - _px(pt, geo.dpi) * 0.8 - pad, lcx + w / 2 + pad, y + pad * 0.8]
        canvas.draw.rectangle(box, outline=0, width=max(1, round(geo.dpi / 150)))
        y += pad
    canvas.y = y + _px(10, geo.dpi)


def _draw_title(canvas: _Canvas, spec: DocumentSpec, title_width: float = 0.92) -> None:
    geo = canvas.geo
    cx = (geo.left + geo.right) / 2
    if spec.type_name:
        tpt = 13.5
        canvas.y += _px(4, geo.dpi)
        canvas.centered(cx, canvas.y + _px(tpt, geo.dpi), spec.type_name, "b", tpt)
        canvas.y += geo.line_height(tpt)
        widest = 0.0
        width = geo.text_width * min(title_width, 0.92)
        lines = spec.subject if title_width >= 0.92 else [" ".join(spec.subject)]  # re-wrapped to the width
        for line in _wrapped(canvas, lines, "b", tpt, width):
            widest = max(widest, canvas.centered(cx, canvas.y + _px(tpt, geo.dpi), line, "b", tpt))
            canvas.y += geo.line_height(tpt)
        if spec.subject:
            canvas.y += _px(5, geo.dpi)
            canvas.rule(cx, canvas.y, max(widest / 3, _mm(20, geo.dpi)))
            canvas.y += _px(8, geo.dpi)
    if spec.addressees:
        _draw_addressees(canvas, spec.addressees)


def _draw_addressees(canvas: _Canvas, addressees: list[str]) -> None:
    geo = canvas.geo
    pt = geo.body_pt + 0.5 if geo.body_pt < 14 else 14
    lh = geo.line_height(pt)
    canvas.y += _px(8, geo.dpi)
    label = "Kính gửi:"
    label_w = canvas.width(label + " ", "r", pt)
    single = len(addressees) == 1
    total = label_w + canvas.width(addressees[0], "r", pt) if single else 0.0
    if single and total <= geo.text_width * 0.9:  # one short addressee: one centred line
        x = (geo.left + geo.right) / 2 - total / 2
        canvas.text(x, canvas.y + _px(pt, geo.dpi), label, "r", pt)
        canvas.text(x + label_w, canvas.y + _px(pt, geo.dpi), addressees[0], "r", pt)
        canvas.y += lh
    else:  # a dash list (or one long addressee) after the label, wrapped with a hanging indent
        x = geo.left + geo.text_width * (0.05 if single else 0.16)
        canvas.text(x, canvas.y + _px(pt, geo.dpi), label, "r", pt)
        item_x = x + label_w
        hang = 0.0 if single else canvas.width("- ", "r", pt)
        width = geo.right - item_x
        for item in addressees:
            text = item if (single or item.startswith("-")) else f"- {item}"
            parts = _wrap_words(canvas, [(w, "r") for w in text.split()], pt, width, width - hang)
            for k, part in enumerate(parts):
                canvas.ensure(lh)
                canvas.text(item_x + (hang if k else 0), canvas.y + _px(pt, geo.dpi),
                            " ".join(w for w, _ in part), "r", pt)
                canvas.y += lh
    canvas.y += _px(6, geo.dpi)


def _wrapped(canvas: _Canvas, lines: list[str], style: str, pt: float, width: float) -> list[str]:
    """``lines`` as given when each fits ``width``; otherwise all joined and re-wrapped at word boundaries."""
    if all(canvas.width(line, style, pt) <= width for line in lines):
        return list(lines)
    words = [(w, style) for w in " ".join(lines).split()]
    return [" ".join(w for w, _ in part) for part in _wrap_words(canvas, words, pt, width, width)]


def _recipient_lines(canvas: _Canvas, items: list[str], width: float, pt: float) -> list[str]:
    lines: list[str] = []
    for item in items:
        words = f"- {item.lstrip('- ')}".split()
        wrapped = _wrap_words(canvas, [(w, "r") for w in words], pt, width, width - canvas.width("- ", "r", pt))
        for i, line in enumerate(wrapped):
            lines.append(("  " if i else "") + " ".join(w for w, _ in line))
    return lines


def _draw_closing(canvas: _Canvas, spec: DocumentSpec) -> None:
    """Nơi nhận (bottom left) beside the signature block (bottom right), on one page."""
    geo = canvas.geo
    left_w = geo.text_width * 0.47
    sig_cx = geo.left + left_w + (geo.text_width - left_w) / 2
    rpt, npt, spt = 11.0, 12.0, 13.5
    rec_lines = _recipient_lines(canvas, spec.recipients, left_w, rpt) if spec.recipients else []
    rec_h = (geo.line_height(npt) + len(rec_lines) * round(_px(rpt, geo.dpi) * 1.2)) if rec_lines else 0
    sig_h = len(spec.signer_authority) * geo.line_height(spt) + _mm(24, geo.dpi) + geo.line_height(spt)
    canvas.y += _px(10, geo.dpi)
    canvas.ensure(max(rec_h + _px(12, geo.dpi), sig_h))
    top = canvas.y

    y = top
    for line in spec.signer_authority:
        pt = canvas.fit_pt(line, "b", spt - 0.5, geo.text_width - left_w)
        canvas.centered(sig_cx, y + _px(pt, geo.dpi), line, "b", pt)
        y += geo.line_height(spt)
    canvas.marks["signature"] = {"page": len(canvas.pages) - 1, "cx": sig_cx, "top": top, "space_top": y,
                                 "space_bottom": y + _mm(24, geo.dpi), "width": geo.text_width - left_w}
    y += _mm(24, geo.dpi)
    if spec.signer_name:
        w = canvas.centered(sig_cx, y + _px(spt, geo.dpi), spec.signer_name, "b", spt)
        canvas.marks["signer_name"] = _mark(canvas, sig_cx - w / 2, y + _px(spt, geo.dpi), spec.signer_name, "b", spt)
        y += geo.line_height(spt)
    sig_bottom = y

    y = top + _px(12, geo.dpi)
    if rec_lines:
        canvas.text(geo.left, y + _px(npt, geo.dpi), "Nơi nhận:", "bi", npt)
        y += geo.line_height(npt)
        step = round(_px(rpt, geo.dpi) * 1.2)
        for line in rec_lines:
            canvas.text(geo.left, y + _px(rpt, geo.dpi), line, "r", rpt)
            y += step
    canvas.y = max(sig_bottom, y)


def _mark(canvas: _Canvas, x: float, baseline: float, text: str, style: str, pt: float) -> dict:
    """Where one line was drawn: page, left x, baseline, text, style, size (pt and px), font."""
    return {"page": len(canvas.pages) - 1, "x": x, "baseline": baseline, "text": text, "style": style, "pt": pt,
            "px": _px(pt, canvas.geo.dpi), "font": canvas.font_name}


def text_width(font: str, style: str, px: int, text: str) -> float:
    """Advance width in pixels of ``text`` in the renderer's ``font``/``style`` at ``px`` pixels."""
    return _font(font, style, px).getlength(text)


# ----------------------------------------------------------------------------------------------------------------
# Public API


def render_pages(spec: DocumentSpec, dpi: int = 300, font: str = "dejavu", seed: int = 0,
                 title_width: float = 0.92, layout: Optional[dict] = None) -> list[Image.Image]:
    """Typeset ``spec`` on A4 pages (grayscale 'L', white background) at ``dpi``; ``seed`` varies margins/size.

    ``title_width``: the share of the text width the subject lines under the type name may take; below 0.92 the
    subject is re-wrapped to it (a narrow centred title of many short lines, as some offices set them).
    ``layout``: a dict filled with where the Số line, the place/date line, the header columns, the signature space
    and the signer's name were drawn (pixels; what ``bench.provincial`` writes and stamps over); the pages are
    the same with or without it."""
    font_paths(font)
    geo = _geometry(dpi, seed)
    canvas = _Canvas(geo, font)
    _draw_header(canvas, spec)
    _draw_title(canvas, spec, title_width)
    for para in _body_paragraphs(spec):
        _draw_paragraph(canvas, para, geo.body_pt)
    _draw_closing(canvas, spec)
    if layout is not None:
        layout.update(canvas.marks)
        layout["pages"] = len(canvas.pages)
        layout["size"] = (geo.width, geo.height)
    return canvas.pages


@dataclass(frozen=True)
class Degradation:
    """The scan defects ``degrade`` applies; drawn by ``degradation_params`` from a seed."""

    rotation_deg: float
    blur_radius: float
    black_level: float
    white_level: float
    gamma: float
    noise_sigma: float
    white_point: float  # the scanner's automatic white point: this tone and lighter become 255
    jpeg_quality: int


def degradation_params(seed: int, strength: float = 1.0) -> Degradation:
    """The defects for ``seed``: every value from ``numpy.random.default_rng(seed)``, scaled by ``strength``."""
    rng = np.random.default_rng(seed)
    s = max(0.0, float(strength))
    angle = max(-1.0, min(1.0, float(rng.uniform(-0.6, 0.6)) * s))
    blur = float(rng.uniform(0.35, 0.85)) * s
    black = float(rng.uniform(15, 50)) * s
    white = 255 - float(rng.uniform(10, 40)) * s
    gamma = float(rng.uniform(0.9, 1.15))
    sigma = float(rng.uniform(3, 9)) * s
    quality = int(rng.integers(40, 81)) if s > 0 else 90
    paper = white - float(rng.uniform(1.0, 2.0)) * sigma
    return Degradation(round(angle, 4), round(blur, 3), round(black, 2), round(white, 2), round(gamma, 3),
                       round(sigma, 3), round(paper, 2), quality)


def degrade(img: Image.Image, seed: int, strength: float = 1.0) -> Image.Image:
    """Make a clean page look scanned: rotation (≤ 1°), blur, levels/gamma, gaussian noise, the scanner's
    automatic white point (paper tone stretched to white, so most of the background clips to 255), JPEG round-trip.

    Deterministic: the parameters (``degradation_params``) and the noise come from ``default_rng(seed)``.
    ``strength`` scales rotation, blur, noise and contrast loss (0 = nearly clean).
    """
    p = degradation_params(seed, strength)
    rng = np.random.default_rng([seed, 1])
    gray = img.convert("L")
    if abs(p.rotation_deg) > 1e-3:
        gray = gray.rotate(p.rotation_deg, resample=Image.BILINEAR, expand=False, fillcolor=255)
    if p.blur_radius > 0.05:
        gray = gray.filter(ImageFilter.GaussianBlur(p.blur_radius))
    # levels and gamma, then the white-point stretch, as one lookup table (the stretch is linear, so the noise
    # added between them is scaled by the same factor)
    stretch = 255.0 / max(p.white_point, 1.0)
    tones = np.arange(256, dtype=np.float32) / 255.0
    lut = (p.black_level + np.power(tones, p.gamma) * (p.white_level - p.black_level)) * stretch
    arr = lut.astype(np.float32)[np.asarray(gray)]
    if p.noise_sigma > 0:
        arr += rng.standard_normal(arr.shape, dtype=np.float32) * np.float32(p.noise_sigma * stretch)
    np.clip(arr, 0, 255, out=arr)
    out = Image.fromarray(arr.astype(np.uint8))
    buffer = io.BytesIO()
    out.save(buffer, format="JPEG", quality=p.jpeg_quality)
    buffer.seek(0)
    return Image.open(buffer).convert("L")


def header_left_lines(spec: DocumentSpec) -> list[str]:
    """The left header block, top to bottom: parent, issuing body lines, Số, a Công văn's V/v subject (joined into
    one line), urgency."""
    lines = [spec.parent_body] if spec.parent_body else []
    lines += list(spec.issuing_body) + [spec.number_line]
    if spec.is_letter and spec.subject:
        lines.append(" ".join(s.strip() for s in spec.subject))
    if spec.urgency:
        lines.append(spec.urgency)
    return lines


def header_right_lines(spec: DocumentSpec) -> list[str]:
    """The right header block: Quốc hiệu, Tiêu ngữ, place and date."""
    return [NATIONAL_NAME, MOTTO, spec.place_date]


def ground_truth_text(spec: DocumentSpec) -> str:
    """The text on the pages in reading order, one logical line per line (wrapped lines joined).

    Order: left header block, right header block, type name, subject (joined into one line), Kính gửi block
    (``Kính gửi: X`` for one addressee; ``Kính gửi:`` then ``- X`` lines for several), body paragraphs, the
    Nơi nhận block (``Nơi nhận:`` then ``- item`` lines), then the signature block (authority lines, name).
    """
    lines = header_left_lines(spec) + header_right_lines(spec)
    if spec.type_name:
        lines.append(spec.type_name)
        if spec.subject:
            lines.append(" ".join(s.strip() for s in spec.subject))
    if len(spec.addressees) == 1:
        lines.append(f"Kính gửi: {spec.addressees[0]}")
    elif spec.addressees:
        lines.append("Kính gửi:")
        lines += [a if a.startswith("-") else f"- {a}" for a in spec.addressees]
    lines += [" ".join(p.split()) for p in spec.body if p.strip()]
    if spec.recipients:
        lines.append("Nơi nhận:")
        lines += [f"- {r.lstrip('- ')}" for r in spec.recipients]
    lines += list(spec.signer_authority)
    if spec.signer_name:
        lines.append(spec.signer_name)
    return "\n".join(lines) + "\n"


def save_pdf(images: list[Image.Image], path: str | Path, dpi: int = 300, quality: int = 60) -> None:
    """Write an image-only PDF, one JPEG-compressed grayscale page per image (no dates: byte-reproducible)."""
    pages = [im.convert("L") for im in images]
    pages[0].save(str(path), format="PDF", save_all=True, append_images=pages[1:], resolution=float(dpi),
                  quality=quality, creationDate=None, modDate=None)


def save_tiff(images: list[Image.Image], path: str | Path, dpi: int = 300) -> None:
    """Write a multi-page grayscale TIFF (deflate-compressed)."""
    pages = [im.convert("L") for im in images]
    pages[0].save(str(path), format="TIFF", save_all=True, append_images=pages[1:], compression="tiff_adobe_deflate",
                  dpi=(dpi, dpi))


# ----------------------------------------------------------------------------------------------------------------
# Plain text → spec

_RULE_LINE = re.compile(r"^[\s\-_—–=*.]{3,}$")
_NATIONAL = re.compile(r"^CỘNG\s+H[OÒ][AÀ]\s+XÃ\s+HỘI", re.IGNORECASE)
_MOTTO = re.compile(r"^Độc\s+lập\s*[-–—]", re.IGNORECASE)
_NUMBER = re.compile(r"^(?:[\wÀ-ỹ ]{0,20}\s)?[Ss]ố\s*:?\s*[\w.]+\s*/\s*\S+|^Số\s*:", re.UNICODE)
_PLACE_DATE = re.compile(r"^[^,]{2,40},\s*ngày\s+\S+\s+tháng\s+\S+\s+năm\s+\d{4}")
_PARENT = re.compile(r"^(UBND|Ủ?Y BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|BỘ\s|TỈNH ỦY|TỈNH UỶ|HUYỆN ỦY|THÀNH ỦY|ĐẢNG ỦY|"
                     r"TỔNG CỤC|HĐND|HỘI ĐỒNG NHÂN DÂN|SỞ\s|ĐẢNG BỘ)", re.IGNORECASE)
_URGENCY = re.compile(r"^(HỎA TỐC|HOẢ TỐC|THƯỢNG KHẨN|KHẨN)$")
_AUTHORITY_PREFIX = re.compile(r"^(TM|KT|TL|TUQ|Q)\.\s")
_PREAMBLE = re.compile(r"^(Căn cứ|Theo đề nghị|Xét đề nghị|Kính gửi)")
_BODY_START = re.compile(r"^(Căn cứ|Theo đề nghị|Xét đề nghị|Kính gửi|Thực hiện|Để |Nhằm )")


def _clean_lines(text: str) -> list[str]:
    """Non-empty lines, whitespace collapsed, ruled lines dropped; visually wrapped paragraphs are re-joined."""
    raw = [" ".join(line.replace("\u00ad", "").split()) for line in text.splitlines()]
    raw = ["" if _RULE_LINE.match(line) else line for line in raw]
    if _is_wrapped(raw):
        return _unwrap(raw)
    return [line for line in raw if line]


def _typical_width(lines: list[str]) -> float:
    lengths = sorted(len(line) for line in lines if line)
    return float(lengths[int(0.9 * (len(lengths) - 1))]) if lengths else 0.0


def _is_wrapped(lines: list[str]) -> bool:
    """True for text wrapped at a page width (OCR output, a .gt.txt of a page) rather than a line per paragraph:
    most blank-separated blocks hold several lines and the long lines have about the same length."""
    blocks, current = [], 0
    for line in lines + [""]:
        if line:
            current += 1
        elif current:
            blocks.append(current)
            current = 0
    if len(blocks) < 4:
        return False
    width = _typical_width(lines)
    return sum(1 for b in blocks if b > 1) >= 0.3 * len(blocks) and 45 <= width <= 120


def _starts_paragraph(line: str) -> bool:
    return bool(_LABEL.match(line) or _PREAMBLE.match(line) or re.match(r"^(Nơi nhận|Lưu\s*:)", line)
                or _is_caps_heading(line))


def _unwrap(lines: list[str]) -> list[str]:
    """Join the visual lines of each paragraph: a paragraph ends at a short line, a heading, or a line ending a
    sentence before a blank; a new one starts at a label (``1.``, ``a)``, ``-``), ``Căn cứ``, ``Nơi nhận``."""
    width = _typical_width(lines)
    out: list[str] = []
    open_para = False  # whether the last line of out may continue
    for k, line in enumerate(lines):
        if not line:
            if open_para and out and out[-1].endswith((".", ";", ":", "!", "?")):
                open_para = False
            continue
        if open_para and not _starts_paragraph(line) and not _is_caps_heading(out[-1]):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        open_para = len(line) >= 0.7 * width and not _is_caps_heading(line)
    return out


_MERGED_NUMBER_DATE = re.compile(r"^(?P<so>(?:[\wÀ-ỹ ]{0,20}\s)?[Ss]ố\s*:?\s*[\w.]*\s*/\s*\S+)\s+"
                                 r"(?P<date>[^\s,][^,]{1,40},\s*ngày\b.*)$")


def _split_merged_header(lines: list[str]) -> list[str]:
    """Split header lines where OCR merged the two columns: ``UBND TỈNH X CỘNG HÒA XÃ HỘI ...``,
    ``LIÊN HIỆP ... Độc lập - Tự do - Hạnh phúc``, ``Số: 58 /KH-LHH Bắc Giang, ngày ...``."""
    out: list[str] = []
    for k, line in enumerate(lines):
        if k >= 12:
            out.extend(lines[k:])
            break
        national = re.search(r"CỘNG\s+H[OÒ][AÀ]\s+XÃ\s+HỘI", line)
        motto = re.search(r"Độc\s+lập\s*[-–—]", line)
        merged = _MERGED_NUMBER_DATE.match(line)
        cut = national or motto
        if cut and cut.start() > 0 and _is_caps_heading(line[: cut.start()]):
            out += [line[: cut.start()].strip(), line[cut.start():].strip()]
        elif merged:
            out += [merged.group("so").strip(), merged.group("date").strip()]
        else:
            out.append(line)
    return out


def _looks_like_name(line: str) -> bool:
    """A personal name, possibly after a rank or title (``Đại tướng Lương Tam Quang``)."""
    words = line.split()
    return (2 <= len(words) <= 8 and not _has_end_punct(line) and not _is_caps_heading(line)
            and all(w[:1].isupper() for w in words[-2:]) and not re.search(r"\d", line))


def _split_signature(lines: list[str]) -> tuple[list[str], list[str], str]:
    """Split trailing signature lines off the body: (body, authority lines, name)."""
    end = len(lines)
    tail: list[str] = []
    while end > 0:
        line = lines[end - 1]
        caps = _is_caps_heading(line) and len(line) <= 60 and not _has_end_punct(line)
        if re.fullmatch(r"\(\s*(Đã|đã) ký[^)]*\)", line) or caps or (not tail and _looks_like_name(line)) \
                or (tail and _looks_like_name(line) and not any(_looks_like_name(t) for t in tail)):
            tail.insert(0, line)
            end -= 1
            continue
        break
    authority = [t for t in tail if _is_caps_heading(t) and not t.startswith("(")]
    names = [t for t in tail if not _is_caps_heading(t) and not t.startswith("(")]
    return lines[:end], authority, names[-1] if names else ""


def spec_from_text(text: str) -> DocumentSpec:
    """Best-effort spec from a plain text with the header as lines at the top (the dev/vbpl form).

    Header lines before the type name (or before the first body line) that are not the Quốc hiệu, Tiêu ngữ, Số or
    place/date line are the issuing body; the first is the parent body when it looks like one (UBND ..., BỘ ...,
    TỈNH ỦY ...) and more lines follow. The Nơi nhận list and the signature lines at the end are split off.
    """
    lines = _split_merged_header(_clean_lines(text))
    issuer: list[str] = []
    number_line = place_date = ""
    urgency: Optional[str] = None
    subject: list[str] = []
    in_letter_subject = False  # inside a Công văn's V/v lines (under Số, before the right header block)
    i = 0
    while i < len(lines) and i < 16:
        line = lines[i]
        if number_line and not subject and re.match(r"^(V/v|Về việc)\b", line):
            subject.append(line)
            in_letter_subject = True
            i += 1
            continue
        if in_letter_subject and len(line) < 80 and not _is_caps_heading(line) and not _PLACE_DATE.match(line) \
                and not _MOTTO.match(line) and not _PREAMBLE.match(line) and not _LABEL.match(line):
            subject.append(line)
            i += 1
            continue
        in_letter_subject = False
        if _NATIONAL.match(line) or _MOTTO.match(line):
            i += 1
        elif not number_line and _NUMBER.match(line) and len(line) < 60:
            number_line = line
            i += 1
        elif not place_date and _PLACE_DATE.match(line):
            place_date = line
            i += 1
        elif _URGENCY.match(line):
            urgency = line
            i += 1
        elif _is_caps_heading(line) and not number_line and not place_date and len(line) < 60 \
                and not _looks_like_type(line):
            issuer.append(line)
            i += 1
        else:
            break
    parent = None
    # the first line is a parent body unless the second line continues it (ỦY BAN NHÂN DÂN / TỈNH QUẢNG NGÃI)
    continued = len(issuer) >= 2 and (re.search(r"(\bVÀ|[,\-–])$", issuer[0]) or re.match(
        r"^(VÀ|TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|VIỆT NAM)\b", issuer[1]))
    if len(issuer) >= 2 and _PARENT.match(issuer[0]) and not continued:
        parent, issuer = issuer[0], issuer[1:]

    type_name: Optional[str] = None
    if subject:
        pass  # a Công văn's V/v subject was read in the header
    elif i < len(lines) and _is_caps_heading(lines[i]) and _looks_like_type(lines[i]):
        type_name = lines[i]
        i += 1
        while i < len(lines) and len(subject) < 4 and not _LABEL.match(lines[i]) \
                and not (_BODY_START.match(lines[i]) if subject else _PREAMBLE.match(lines[i])) \
                and (not subject or (len(lines[i]) <= 300 and not lines[i].endswith((";", ".", ":")))) \
                and (not subject or _is_caps_heading(lines[i]) == _is_caps_heading(subject[0])):
            subject.append(lines[i])
            i += 1
    elif i < len(lines) and re.match(r"^(V/v|Về việc)\b", lines[i]):
        subject.append(lines[i])
        i += 1
        while i < len(lines) and len(subject) < 3 and len(lines[i]) < 80 and not _BODY_START.match(lines[i]) \
                and not _LABEL.match(lines[i]) and not _URGENCY.match(lines[i]):
            subject.append(lines[i])
            i += 1
    if i < len(lines) and _URGENCY.match(lines[i]):
        urgency = lines[i]
        i += 1
    addressees: list[str] = []
    if i < len(lines) and lines[i].startswith("Kính gửi"):
        first = lines[i].split(":", 1)[1].strip() if ":" in lines[i] else ""
        i += 1
        if first:
            addressees.append(first)
        while i < len(lines) and lines[i].startswith(("-", "+")) and len(lines[i]) < 100:
            addressees.append(lines[i].lstrip("-+ ").strip())
            i += 1

    rest = lines[i:]
    recipients: list[str] = []
    nn = next((k for k, line in enumerate(rest) if re.match(r"^Nơi nhận\s*:?", line)), None)
    after: list[str] = []
    if nn is not None:
        k = nn + 1
        while k < len(rest) and (rest[k].startswith(("-", "+")) or re.match(r"^Lưu\s*:", rest[k])):
            recipients.append(re.sub(r"^[-+]\s*", "", rest[k]).replace("L\u00adưu", "Lưu"))
            k += 1
        after = rest[k:]
        rest = rest[:nn]
    body, authority, name = _split_signature(rest + after)
    return DocumentSpec(
        parent_body=parent, issuing_body=issuer, number_line=number_line, place_date=place_date,
        urgency=urgency, type_name=type_name, subject=subject, addressees=addressees, body=body,
        recipients=recipients, signer_authority=authority, signer_name=name,
    )


_TYPE_WORDS = (
    "NGHỊ QUYẾT", "QUYẾT ĐỊNH", "CHỈ THỊ", "QUY CHẾ", "QUY ĐỊNH", "THÔNG CÁO", "THÔNG BÁO", "HƯỚNG DẪN",
    "CHƯƠNG TRÌNH", "KẾ HOẠCH", "PHƯƠNG ÁN", "ĐỀ ÁN", "DỰ ÁN", "BÁO CÁO", "BIÊN BẢN", "TỜ TRÌNH", "HỢP ĐỒNG",
    "CÔNG ĐIỆN", "GIẤY MỜI", "GIẤY GIỚI THIỆU", "LUẬT", "PHÁP LỆNH", "NGHỊ ĐỊNH", "THÔNG TƯ", "THÔNG TƯ LIÊN TỊCH",
    "LỆNH", "NGHỊ QUYẾT LIÊN TỊCH",
)


def _looks_like_type(line: str) -> bool:
    return line.strip().rstrip(":") in _TYPE_WORDS


def iter_pages(spec: DocumentSpec, dpi: int = 300, font: str = "dejavu", seed: int = 0,
               strength: Optional[float] = None) -> Iterable[Image.Image]:
    """Rendered pages, degraded with seeds ``seed*100 + page`` when ``strength`` is given."""
    for n, page in enumerate(render_pages(spec, dpi=dpi, font=font, seed=seed)):
        yield page if strength is None else degrade(page, seed * 100 + n, strength)
