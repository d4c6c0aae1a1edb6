"""The `extract` command: one-line errors and exit codes for every bad-input class, never a traceback."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli, write_png_header_only_bomb
from PIL import Image
from pypdf import PdfWriter


def assert_one_line_error(done, code, pattern):
    assert done.returncode == code, (done.returncode, done.stderr)
    err = done.stderr.strip()
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    assert err.startswith("error: ")
    assert pattern in err, err
    assert done.stdout == ""


def test_schema_prints_json_schema():
    done = run_cli("schema")
    assert done.returncode == 0
    schema = json.loads(done.stdout)
    assert {"schema_version", "source", "document", "signer", "recipients", "pages"} <= set(schema["properties"])


def test_missing_file():
    assert_one_line_error(run_cli("/nonexistent/plan.pdf"), 1, "no such file")


def test_directory_as_file_needs_output_folder(tmp_path):
    assert_one_line_error(run_cli(tmp_path), 2, "-o OUTDIR")


def test_zero_byte(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"")
    assert_one_line_error(run_cli(tmp_path / "a.pdf"), 1, "empty")


def test_text_named_pdf(tmp_path):
    (tmp_path / "a.pdf").write_text("xin chào", encoding="utf-8")
    assert_one_line_error(run_cli(tmp_path / "a.pdf"), 1, "not a PDF")


def test_encrypted_pdf(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="pw", owner_password="owner")
    with open(tmp_path / "locked.pdf", "wb") as handle:
        writer.write(handle)
    assert_one_line_error(run_cli(tmp_path / "locked.pdf"), 1, "encrypted")


def test_pdf_without_pages(tmp_path):
    with open(tmp_path / "empty.pdf", "wb") as handle:
        PdfWriter().write(handle)
    assert_one_line_error(run_cli(tmp_path / "empty.pdf"), 1, "no pages")


def test_blank_page(tmp_path):
    Image.new("L", (1240, 1754), 255).save(tmp_path / "blank.pdf", resolution=150)
    assert_one_line_error(run_cli(tmp_path / "blank.pdf", "--dpi", "150"), 1, "no text found")


def test_huge_image(tmp_path):
    write_png_header_only_bomb(tmp_path / "huge.png", 30000, 30000)
    assert_one_line_error(run_cli(tmp_path / "huge.png"), 1, "MP limit")


def test_damaged_tiff(tmp_path):
    """PIL warns about the broken header ("Corrupt EXIF data"): that warning is no second line beside the error."""
    (tmp_path / "scan.tif").write_bytes(b"II*\x00garbage")
    assert_one_line_error(run_cli(tmp_path / "scan.tif"), 1, "cannot read the TIFF image")


def test_not_vietnamese(tmp_path):
    text = "The committee adopted the following plan to strengthen the emulation movement in all offices. " * 5
    (tmp_path / "english.txt").write_text(text, encoding="utf-8")
    assert_one_line_error(run_cli(tmp_path / "english.txt"), 1, "not Vietnamese")


def test_bad_option_is_usage_error(tmp_path):
    done = run_cli("x.pdf", "--pages", "3-1")
    assert_one_line_error(done, 2, "bad page range")
    done = run_cli("x.pdf", "--lang", "vie;rm")
    assert done.returncode == 2 and "Traceback" not in done.stderr


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help(flag):
    done = run_cli("run", flag)
    assert done.returncode == 0 and "--no-restore" in done.stdout
