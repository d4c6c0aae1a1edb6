"""Tesseract TSV and hOCR files as input: parsed into OCR pages (words, boxes, confidences, reading order), then
restored with their confidences and parsed like our own OCR's pages."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import SAMPLES, run_cli

from pipeline import Options
from pipeline.errors import InputError
from pipeline.extract import extract
from pipeline.ingest import ingest
from pipeline.ingest.ocr_files import ocr_file_format, pages_from_hocr, pages_from_tsv

HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def tsv(rows: list[tuple]) -> str:
    """rows: (page, block, par, line, word, left, top, width, height, conf, text) word rows, after a page row."""
    pages = sorted({r[0] for r in rows})
    out = [HEADER] + [f"1\t{p}\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t" for p in pages]
    out += ["5\t" + "\t".join(map(str, r)) for r in rows]
    return "\n".join(out) + "\n"


# A two-column header row (left: the body, right: the motto) and a body line under it, on one page.
TWO_COLUMNS = [
    (1, 1, 1, 1, 1, 300, 200, 200, 50, 91.5, "UBND"), (1, 1, 1, 1, 2, 520, 200, 200, 50, 90, "TỈNH"),
    (1, 2, 1, 1, 1, 1300, 200, 300, 50, 96, "CỘNG"), (1, 2, 1, 1, 2, 1620, 200, 200, 50, 62, "HÒA"),
    (1, 3, 1, 1, 1, 300, 600, 300, 50, 97, "Thực"), (1, 3, 1, 1, 2, 620, 600, 300, 50, 97, "hiện"),
]


def test_tsv_words_lines_and_confidences():
    page, = pages_from_tsv(tsv(TWO_COLUMNS))
    assert (page.width, page.height) == (2480, 3508)
    assert [line.text for line in page.lines] == ["UBND TỈNH", "CỘNG HÒA", "Thực hiện"]
    assert [w.confidence for w in page.words] == [0.915, 0.9, 0.96, 0.62, 0.97, 0.97]
    assert page.words[3].box == (1620, 200, 1820, 250)


def test_tsv_pages_in_page_order():
    rows = [(2, 1, 1, 1, 1, 300, 200, 200, 50, 90, "hai"), (1, 1, 1, 1, 1, 300, 200, 200, 50, 90, "một")]
    assert [(p.number, p.text) for p in pages_from_tsv(tsv(rows))] == [(1, "một"), (2, "hai")]


HOCR = """<?xml version="1.0" encoding="UTF-8"?>
<html><head><meta name='ocr-system' content='tesseract 5.3.0' /></head><body>
<div class='ocr_page' id='page_1' title='image "p.png"; bbox 0 0 2480 3508; ppageno 0'>
 <div class='ocr_carea' id='block_1_1' title="bbox 300 200 720 250">
  <p class='ocr_par' id='par_1_1' lang='vie'>
   <span class='ocr_line' id='line_1_1' title="bbox 300 200 720 250; baseline 0 -8">
    <span class='ocrx_word' id='word_1_1' title='bbox 300 200 500 250; x_wconf 91'>UBND</span>
    <span class='ocrx_word' id='word_1_2' title='bbox 520 200 720 250; x_wconf 90'><strong>TỈNH</strong></span>
   </span>
  </p>
 </div>
 <div class='ocr_carea' id='block_1_2' title="bbox 300 600 920 650">
  <p class='ocr_par' id='par_1_2' lang='vie'>
   <span class='ocr_line' id='line_1_2' title="bbox 300 600 920 650">
    <span class='ocrx_word' id='word_1_3' title='bbox 300 600 600 650; x_wconf 97'>Thực</span>
    <span class='ocrx_word' id='word_1_4' title='bbox 620 600 920 650'>hiện&nbsp;</span>
   </span>
  </p>
 </div>
</div></body></html>
"""


def test_hocr_words_lines_and_confidences():
    assert ocr_file_format(HOCR) == "hocr"
    (page,), known = pages_from_hocr(HOCR)
    assert known
    assert (page.width, page.height) == (2480, 3508)
    assert [line.text for line in page.lines] == ["UBND TỈNH", "Thực hiện"]
    assert page.lines[1].starts_paragraph  # another block: a blank line before it in the page text
    assert [w.confidence for w in page.words] == [0.91, 0.90, 0.97, 0.95]  # no x_wconf: read at 0.95


def test_hocr_without_confidences_is_restored_as_text_without_them(tmp_path):
    path = tmp_path / "page.hocr"
    path.write_text(HOCR.replace("; x_wconf 91", "").replace("; x_wconf 90", "").replace("; x_wconf 97", ""),
                    encoding="utf-8")
    page, = ingest(path, Options()).pages
    assert page.kind == "ocr-file" and page.text == "UBND TỈNH\n\nThực hiện" and page.confidences is None


def test_format_is_told_by_content():
    assert ocr_file_format(tsv(TWO_COLUMNS)) == "tsv"
    assert ocr_file_format("level page_num\nKẾ HOẠCH") is None
    assert ocr_file_format("<html><body><p>Kế hoạch</p></body></html>") is None


def test_ocr_file_pages_carry_confidences(tmp_path):
    path = tmp_path / "page.tsv"
    path.write_text(tsv(TWO_COLUMNS), encoding="utf-8")
    ingested = ingest(path, Options())
    assert ingested.input_kind == "ocr-file"
    page, = ingested.pages
    assert page.kind == "ocr-file" and page.text.startswith("UBND TỈNH\n")
    assert page.confidences == (0.915, 0.9, 0.96, 0.62, 0.97, 0.97)


def test_tsv_with_a_broken_row_is_an_input_error(tmp_path):
    path = tmp_path / "page.tsv"
    path.write_text(tsv(TWO_COLUMNS).replace("\t91.5\t", "\tninety\t"), encoding="utf-8")
    with pytest.raises(InputError, match="non-number"):
        ingest(path, Options())


def test_tsv_name_without_tsv_content(tmp_path):
    path = tmp_path / "page.tsv"
    path.write_text("Kế hoạch tổ chức các hoạt động\n", encoding="utf-8")
    done = run_cli(path)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [f"error: {path}: named .tsv but holds no Tesseract TSV or hOCR"]


def test_hocr_without_words_is_an_empty_document(tmp_path):
    path = tmp_path / "page.hocr"
    path.write_text("<html><div class='ocr_page' title='bbox 0 0 2480 3508'><span class='ocrx_word' "
                    "title='bbox 1 1 2 2; x_wconf 90'> </span></div></html>", encoding="utf-8")
    done = run_cli(path)
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert "no text found" in done.stderr


@pytest.fixture(scope="module")
def sample_page_ocr(tmp_path_factory):
    """Page 1 of the bundled plan, rasterised at 300 dpi and read by ``tesseract -l vie`` into TSV and hOCR."""
    folder = tmp_path_factory.mktemp("ocr_files")
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(SAMPLES / "plan-kh-lhh.pdf"), str(folder / "page")], check=True)
    subprocess.run(["tesseract", str(folder / "page.png"), str(folder / "page"), "-l", "vie", "tsv", "hocr"],
                   check=True, capture_output=True, env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"})
    return folder


@pytest.mark.parametrize("name", ["page.tsv", "page.hocr"])
def test_tesseract_output_files_give_the_record(sample_page_ocr, name):
    expected = json.loads((SAMPLES / "plan-kh-lhh.expected.json").read_text(encoding="utf-8"))
    record = extract(sample_page_ocr / name, Options(jobs=1))
    assert record.source.input_kind == "ocr-file" and record.source.page_kinds == ["ocr-file"]
    assert record.source.ocr.engine == "file" and 0.8 < record.source.mean_confidence <= 1
    doc = record.document
    for field in ("code", "issue_date", "subject", "parent_body", "issuing_body", "place"):
        want = expected["document"][field] if "document" in expected else expected[field]
        assert str(getattr(doc, field)) == str(want), field


def test_restore_command_reads_an_ocr_file_page_by_page(tmp_path):
    rows = TWO_COLUMNS + [(2, 1, 1, 1, 1, 300, 200, 300, 50, 55, "Kê"), (2, 1, 1, 1, 2, 620, 200, 300, 50, 96, "hoạch")]
    path = tmp_path / "pages.tsv"
    path.write_text(tsv(rows), encoding="utf-8")
    done = run_cli("restore", "--json", path)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [p["number"] for p in data["pages"]] == [1, 2]
    assert data["text"] == data["pages"][0]["text"] + "\f" + data["pages"][1]["text"]
    assert data["pages"][1]["text"] == "Kế hoạch"  # an unsure 'Kê' (0.55) gets its mark back


def test_batch_reads_ocr_files_but_not_other_tables_nor_a_scans_own(tmp_path):
    from pipeline.batch import discover

    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "alone.tsv").write_text(tsv(TWO_COLUMNS), encoding="utf-8")
    (folder / "budget.tsv").write_text("năm\tsố tiền\n2025\t100\n", encoding="utf-8")  # a table, not OCR
    (folder / "page.hocr").write_text(HOCR, encoding="utf-8")
    (folder / "page.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # its scan: read instead of the hOCR
    jobs = discover([str(folder)], tmp_path / "out").jobs
    assert sorted(Path(j.path).name for j in jobs) == ["alone.tsv", "page.png"]
    named = discover([str(folder / "page.hocr"), str(folder / "page.png")], tmp_path / "out").jobs
    assert sorted(Path(j.path).name for j in named) == ["page.hocr", "page.png"]
