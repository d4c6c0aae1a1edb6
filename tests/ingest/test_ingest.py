"""Ingest: inputs are chosen by content; each bad-input class fails with a clear InputError."""

from __future__ import annotations

import pytest
from conftest import SEED, write_png_header_only_bomb
from PIL import Image
from pypdf import PdfWriter

from pipeline.errors import EncryptedPdf, ImageTooLarge, InputError
from pipeline.ingest import ingest
from pipeline.ingest.files import sniff
from pipeline.options import Options, parse_page_ranges

OPTIONS = Options(jobs=1)


def blank_pdf(path, pages=1, password=None):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(user_password=password, owner_password=password + "-owner")
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        ingest(tmp_path / "nope.pdf", OPTIONS)


def test_directory_given_as_file(tmp_path):
    with pytest.raises(InputError, match="directory"):
        ingest(tmp_path, OPTIONS)


def test_zero_byte_file(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        ingest(empty, OPTIONS)


def test_text_named_pdf(tmp_path):
    fake = tmp_path / "plan.pdf"
    fake.write_text("Kế hoạch số 58/KH-LHH", encoding="utf-8")
    with pytest.raises(InputError, match="named .pdf but holds text"):
        ingest(fake, OPTIONS)


def test_encrypted_pdf(tmp_path):
    with pytest.raises(EncryptedPdf, match="encrypted"):
        ingest(blank_pdf(tmp_path / "locked.pdf", password="secret"), OPTIONS)


def test_pdf_with_owner_password_only_is_read(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="", owner_password="owner")
    path = tmp_path / "restricted.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    assert ingest(path, OPTIONS).page_count == 1


def test_pdf_with_no_pages(tmp_path):
    with pytest.raises(InputError, match="no pages"):
        ingest(blank_pdf(tmp_path / "none.pdf", pages=0), OPTIONS)


def test_damaged_pdf(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage garbage\n")
    with pytest.raises(InputError, match="damaged PDF|no pages"):
        ingest(path, OPTIONS)


def test_huge_image_is_refused_before_decoding(tmp_path):
    bomb = tmp_path / "bomb.png"
    write_png_header_only_bomb(bomb, 30000, 30000)
    assert bomb.stat().st_size < 2_000_000
    with pytest.raises(ImageTooLarge, match="30000×30000"):
        ingest(bomb, OPTIONS)


def test_tiny_image(tmp_path):
    path = tmp_path / "dot.png"
    Image.new("L", (1, 1), 255).save(path)
    with pytest.raises(InputError, match="nothing to read"):
        ingest(path, OPTIONS)


def test_binary_garbage(tmp_path):
    path = tmp_path / "blob.bin"
    path.write_bytes(b"\x00\x01\x02garbage" * 50)
    with pytest.raises(InputError, match="unsupported file type"):
        ingest(path, OPTIONS)


def test_image_with_wrong_extension_is_read_by_content(tmp_path):
    path = tmp_path / "scan.jpg"
    Image.new("L", (100, 100), 255).save(path, format="PNG")
    assert sniff(path) == "png"
    assert ingest(path, OPTIONS).input_kind == "image"


def test_multipage_tiff_lists_frames(tmp_path):
    path = tmp_path / "pages.tiff"
    frames = [Image.new("L", (200, 300), 255) for _ in range(3)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    ingested = ingest(path, OPTIONS)
    assert [p.frame for p in ingested.pages] == [0, 1, 2]


def test_scanned_pdf_pages_and_selection(tmp_path):
    path = blank_pdf(tmp_path / "three.pdf", pages=3)
    ingested = ingest(path, Options(jobs=1, pages=(2, 3)))
    assert ingested.input_kind == "pdf-scan"
    assert ingested.page_count == 3
    assert [p.number for p in ingested.pages] == [2, 3]
    assert all(p.kind == "pdf-image" and p.dpi == 300 for p in ingested.pages)
    with pytest.raises(InputError, match="--pages"):
        ingest(path, Options(jobs=1, pages=(7,)))


def test_seed_text_is_read_as_text():
    ingested = ingest(SEED, OPTIONS)
    assert ingested.input_kind == "text"
    assert ingested.encoding == "utf-8"
    assert "KE HOACH" in ingested.pages[0].text


def test_page_ranges():
    assert parse_page_ranges("1-3,5") == (1, 2, 3, 5)
    assert parse_page_ranges("2") == (2,)
    for bad in ("0", "3-1", "a", ","):
        with pytest.raises(InputError.__mro__[1]):
            parse_page_ranges(bad)


def test_born_digital_pdf_uses_its_text_layer(shared):
    pdf = sorted((shared / "dev" / "born-digital").glob("*.pdf"))[0]
    ingested = ingest(pdf, OPTIONS)
    assert "text-layer" in {p.kind for p in ingested.pages}
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in ingested.pages[0].text


def test_scan_with_a_signature_stamp_layer_is_ocred(shared):
    """Real signed scans carry a text layer holding only the e-signature stamp: the page must still be OCR'd."""
    for pdf in sorted((shared / "dev" / "scans").glob("*.pdf")):
        ingested = ingest(pdf, OPTIONS)
        assert ingested.input_kind == "pdf-scan", pdf.name


def test_raw_pnm_image_is_read(tmp_path):
    path = tmp_path / "page.pgm"
    Image.new("L", (100, 120), 255).save(path)
    ingested = ingest(path, OPTIONS)
    assert ingested.input_kind == "image" and ingested.page_count == 1


def test_image_resolution_from_the_file_or_the_page_shape():
    from pipeline.ingest.image import image_resolution

    assert image_resolution(1654, 2339, (200, 200)) == 200  # as the TIFF states
    assert abs(image_resolution(2480, 3508, (72, 72)) - 300) < 1  # 72: a default, not a 34-inch sheet; A4 shape
    assert abs(image_resolution(2480, 3508, (200, 200)) - 300) < 1  # a wrong tag: a 12-inch-wide sheet
    assert abs(image_resolution(1240, 1754, None) - 150) < 1  # no statement: A4 proportions
    assert image_resolution(3000, 4000, None) is None  # a photo's 3:4, not paper


def test_a_low_resolution_image_is_upscaled_when_asked(tmp_path):
    from PIL import Image

    from pipeline.ingest import ingest
    from pipeline.ocr.raster import page_image
    from pipeline.options import Options

    path = tmp_path / "scan.png"
    Image.new("L", (1654, 2339), 255).save(path, dpi=(200, 200))
    plain = ingest(str(path), Options())
    assert plain.pages[0].scale == 1.0 and plain.pages[0].dpi is None and not plain.warnings  # off by default
    asked = ingest(str(path), Options(min_dpi=300))
    page = asked.pages[0]
    assert abs(page.scale - 1.5) < 1e-3 and page.dpi == 300  # PNG stores 199.9994 dpi
    assert any("upscaled to 300 dpi" in w for w in asked.warnings)
    image = page_image(page).image
    assert abs(image.size[0] - 2481) <= 1 and abs(image.size[1] - 3508) <= 1
    # never past the pixel limit
    capped = ingest(str(path), Options(min_dpi=600, max_pixels=2 * 1654 * 2339))
    assert capped.pages[0].scale <= 2 ** 0.5 + 1e-6


PLAN_LINES = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 58/KH-LHH\n"
              "Bắc Giang, ngày 30 tháng 01 năm 2024\nKẾ HOẠCH\nThực hiện phong trào thi đua năm 2024 của Liên hiệp hội\n")


def _windows_1258(text: str) -> bytes:
    """What Vietnamese Windows saves: base letters (ă â ê ô ơ ư đ) as one byte, tone marks as combining bytes."""
    import unicodedata

    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", parts[0] + "".join(m for m in parts[1:] if m not in tones))
        out += base.encode("cp1258") + "".join(m for m in parts[1:] if m in tones).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize("encoding", ["utf-16", "windows-1258"])
def test_text_in_windows_encodings_reads_like_utf8(tmp_path, encoding):
    """Notepad's "Unicode" (UTF-16 with a BOM) and Vietnamese Windows' code page give the same pages as UTF-8."""
    data = PLAN_LINES.encode("utf-16") if encoding == "utf-16" else _windows_1258(PLAN_LINES)
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    ingested = ingest(path, Options())
    assert ingested.encoding == encoding
    assert ingested.pages[0].text.strip() == PLAN_LINES.strip()
    utf8 = tmp_path / "plan-utf8.txt"
    utf8.write_text(PLAN_LINES, encoding="utf-8")
    assert [p.text for p in ingest(utf8, Options()).pages] == [p.text for p in ingested.pages]


def test_utf16_without_text_is_not_taken_for_text(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x00\x01\x02garbage\x00")
    with pytest.raises(InputError):
        ingest(path, Options())
