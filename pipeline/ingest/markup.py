"""Documents as users keep them besides PDFs and scans: saved portal pages (``.html``) and Word files (``.docx``),
read as one text page each, a line per paragraph, a table read row by row and cell by cell (a Decree-30 header
table's left column, issuing body and Số line, then its right column, Quốc hiệu, Tiêu ngữ and date, as the two
columns they are; the signature table's Nơi nhận, then the signer).

HTML is parsed with BeautifulSoup over lxml (html.parser where lxml is missing); scripts, styles and the page's
head are left out, and where one element holds the document (the Quốc hiệu and most of the page's text), only it
is read, not the portal's menus around it. Word files are read with python-docx: body paragraphs and tables in
document order, merged cells once, nested tables in their cell. An old binary Word file (``.doc``) is refused by
``files.sniff`` with a one-line reason.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from pipeline.errors import InputError

_SKIP = {"script", "style", "head", "noscript", "template", "iframe", "svg", "button", "select", "option", "input",
         "nav", "form"}
_BLOCK = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header",
          "footer", "main", "blockquote", "pre", "dd", "dt", "dl", "center", "address", "figure", "figcaption",
          "aside", "hr", "caption", "body", "html"}
_QH = re.compile(r"C\s*Ộ\s*N\s*G\s+H\s*(?:Ò\s*A|O\s*À)\s+X\s*Ã\s+H\s*Ộ\s*I", re.I)
_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u200b": "", "\ufeff": "", "\t": " "})


def _squash(text: str) -> str:
    return " ".join(text.translate(_SPACES).split())


# --- HTML ---------------------------------------------------------------------------------------------------------


def html_text(markup: str, path: str = "") -> str:
    """The text of a saved web page, a line per block element or table cell line."""
    try:
        from bs4 import BeautifulSoup, FeatureNotFound
    except ImportError:  # pragma: no cover - a declared dependency
        raise InputError("reading .html needs beautifulsoup4 (pip install beautifulsoup4 lxml)", path=path) from None
    try:
        soup = BeautifulSoup(markup, "lxml")
    except FeatureNotFound:  # pragma: no cover - lxml is declared too
        soup = BeautifulSoup(markup, "html.parser")
    root = _document_element(soup)
    lines: list[str] = []
    current: list[str] = []
    _walk_html(root, lines, current)
    _flush(lines, current)
    return "\n".join(lines)


def _document_element(soup: Any) -> Any:
    """The smallest element holding the Quốc hiệu and at least half the page's text (the document, without the
    portal's menus and footers); the body otherwise."""
    body = soup.body or soup
    total = len(body.get_text(" ", strip=True))
    found = body.find(string=_QH)
    best = body
    node = found.parent if found is not None else None
    while node is not None and node is not body:
        if node.name not in ("p", "span", "b", "strong", "i", "em", "td", "tr", "tbody", "table", "font") and \
                len(node.get_text(" ", strip=True)) >= 0.5 * total:
            best = node
            break
        node = node.parent
    return best


def _flush(lines: list[str], current: list[str]) -> None:
    text = _squash("".join(current))
    if text:
        lines.append(text)
    current.clear()


def _walk_html(node: Any, lines: list[str], current: list[str]) -> None:
    from bs4 import Comment, NavigableString, Tag

    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            current.append(str(child))
            continue
        if not isinstance(child, Tag) or child.name in _SKIP:
            continue
        name = child.name
        if name == "br":
            _flush(lines, current)
        elif name == "table":
            _flush(lines, current)
            for cell in _html_cells(child):
                _walk_html(cell, lines, current)
                _flush(lines, current)
        elif name in _BLOCK or name in ("tr", "td", "th"):
            _flush(lines, current)
            _walk_html(child, lines, current)
            _flush(lines, current)
        else:
            _walk_html(child, lines, current)


def _html_cells(table: Any) -> Iterator[Any]:
    """The cells of a table, row by row (its own rows, not those of tables nested in it)."""
    for row in table.find_all("tr"):
        if row.find_parent("table") is not table:
            continue
        for cell in row.find_all(["td", "th"], recursive=False):
            yield cell


# --- Word ---------------------------------------------------------------------------------------------------------


def docx_text(path: Path) -> str:
    """The text of a Word (.docx) file: body paragraphs and tables in document order."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - a declared dependency
        raise InputError("reading .docx needs python-docx (pip install python-docx)", path=str(path)) from None
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise InputError(f"cannot read the Word file ({type(exc).__name__}); save it again as .docx or PDF",
                         path=str(path)) from None
    except Exception as exc:  # a damaged zip or XML: python-docx raises many kinds
        raise InputError(f"cannot read the Word file ({type(exc).__name__}: {exc})", path=str(path)) from None
    lines: list[str] = []
    _docx_blocks(document.element.body, document, lines)
    return "\n".join(lines)


def _docx_blocks(element: Any, parent: Any, lines: list[str]) -> None:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in element.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            for part in Paragraph(child, parent).text.split("\n"):
                text = _squash(part)
                if text:
                    lines.append(text)
        elif tag == "tbl":
            table = Table(child, parent)
            for row in table.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue  # a merged cell is listed once per grid column it spans
                    seen.add(id(cell._tc))
                    _docx_blocks(cell._tc, cell, lines)
        elif tag == "sdt":  # a content control: its content holds paragraphs and tables
            content = next((c for c in child.iterchildren() if c.tag.endswith("}sdtContent")), None)
            if content is not None:
                _docx_blocks(content, parent, lines)
