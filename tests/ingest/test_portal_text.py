"""Text as users have it (#22): portal copies, Markdown conversions, saved pages (.html), Word files (.docx) and
old binary .doc files, read through ingest and parsed."""

from __future__ import annotations

import pytest

from pipeline.errors import InputError
from pipeline.ingest import ingest
from pipeline.ingest.layout import portal_layout, relayout
from pipeline.options import Options
from pipeline.parse.document import parse_document
from pipeline.parse.lines import split_pages
from pipeline.parse.outline import build_outline

ISSUE = """UBND TỈNH BẮC
GIANG
-------
|
CỘNG
HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
|
Số: 58/KH-LHH
|
Bắc Giang, ngày 30
tháng 01 năm 2024
|
KẾ HOẠCH
Thực hiện phong trào thi đua năm
2024
Căn cứ Kế hoạch số 12/KH-UBND ngày 05
tháng 01 năm 2024 của Ủy ban nhân dân
tỉnh;
I. MỤC ĐÍCH, YÊU CẦU
1. Đẩy mạnh phong trào thi đua trong toàn
hệ thống, gắn với khoản
2. Điều 5 của Quy chế.
2. Các cơ quan, đơn vị chủ động xây dựng
kế hoạch thực hiện.
II. NHIỆM VỤ
1. Văn phòng chủ trì tổng hợp kết quả.
Nơi nhận:
- UBND tỉnh;
- Lưu: VT.
|
TM. BAN THƯỜNG
VỤ
CHỦ TỊCH
Nguyễn Văn
An
|
"""

CLEAN = """UBND TỈNH BẮC GIANG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 58/KH-LHH
Bắc Giang, ngày 30 tháng 01 năm 2024
KẾ HOẠCH
Thực hiện phong trào thi đua năm 2024
Căn cứ Kế hoạch số 12/KH-UBND ngày 05 tháng 01 năm 2024 của Ủy ban nhân dân tỉnh;
I. MỤC ĐÍCH, YÊU CẦU
1. Đẩy mạnh phong trào thi đua trong toàn hệ thống.
2. Các cơ quan, đơn vị chủ động xây dựng kế hoạch thực hiện.
Nơi nhận:
- UBND tỉnh;
- Lưu: VT.
TM. BAN THƯỜNG VỤ
CHỦ TỊCH
Nguyễn Văn An
"""


def _fields(parsed):
    d, s = parsed.document, parsed.signer
    return (d.issuing_body, d.code, d.place, d.issue_date and d.issue_date.isoformat(), d.type, d.subject,
            s.authority, s.position, s.name)


def test_the_issues_portal_copy_is_laid_back_out():
    lines = [ln for ln in relayout(ISSUE).split("\n") if ln]
    assert lines[:7] == ["UBND TỈNH BẮC GIANG", "-------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc", "---------------", "Số: 58/KH-LHH",
                         "Bắc Giang, ngày 30 tháng 01 năm 2024"]
    assert "Thực hiện phong trào thi đua năm 2024" in lines
    assert "TM. BAN THƯỜNG VỤ" in lines and "Nguyễn Văn An" in lines
    # a wrapped line that starts like a label (``2. Điều 5``) goes on from the line above
    assert "1. Đẩy mạnh phong trào thi đua trong toàn hệ thống, gắn với khoản 2. Điều 5 của Quy chế." in lines


def test_the_portal_copy_gives_the_clean_texts_header_and_signer(tmp_path):
    path = tmp_path / "kh58.txt"
    path.write_text(ISSUE, encoding="utf-8")
    pages = [p.text for p in ingest(path, Options()).pages]
    got = _fields(parse_document(pages))
    assert got == _fields(parse_document([CLEAN]))
    assert got[:5] == ("UBND TỈNH BẮC GIANG", "58/KH-LHH", "Bắc Giang", "2024-01-30", "Kế hoạch")


def test_items_start_at_their_labels_in_unwrapped_paragraphs():
    lines = split_pages([relayout(ISSUE)])
    roots = build_outline(lines, 0, len(lines))
    labels = [(n.label, [c.label for c in n.children]) for n in roots]
    assert labels == [("I.", ["1.", "2."]), ("II.", ["1."])]


@pytest.mark.parametrize("text", [
    # escapes and bars inside one long header line
    "| UBND TỈNH BẮC GIANG\\r\\n------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\\r\\nĐộc lập - Tự do - Hạnh phúc | "
    "Số: 58/KH-LHH | Bắc Giang, ngày 30 tháng 01 năm 2024 |\nKẾ HOẠCH\nThực hiện phong trào thi đua năm\n2024\n",
    # blank lines between everything, entities and non-breaking spaces, bars inside the rule lines
    "UBND TỈNH BẮC\n\nGIANG\n\n-------|\n\nCỘNG HÒA XÃ HỘI\n\nCHỦ NGHĨA VIỆT NAM\n\nĐộc lập - Tự do - Hạnh phúc\n\n"
    "---------------|\n\nSố:&nbsp;58/KH-LHH\n\n|\n\nBắc Giang, ngày\u00a030\n\ntháng 01 năm 2024\n\n|\n\n"
    "KẾ HOẠCH\n\nThực hiện phong trào thi đua năm\n\n2024\n\n",
    # a Markdown conversion
    "**UBND TỈNH BẮC**\n**GIANG**\n|\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n*Độc lập - Tự do - Hạnh phúc*\n|\n"
    "Số: 58/KH-LHH\n|\n*Bắc Giang, ngày 30*\n*tháng 01 năm 2024*\n|\n**KẾ HOẠCH**\n"
    "Thực hiện phong trào thi đua năm\n2024\n",
])
def test_other_portal_shapes(text):
    assert portal_layout(text)
    doc = parse_document([relayout(text)]).document
    assert (doc.issuing_body, doc.code, doc.place, doc.issue_date.isoformat(), doc.type, doc.subject) == (
        "UBND TỈNH BẮC GIANG", "58/KH-LHH", "Bắc Giang", "2024-01-30", "Kế hoạch",
        "Thực hiện phong trào thi đua năm 2024")


def test_clean_and_ocr_text_are_left_as_they_are():
    assert not portal_layout(CLEAN)
    assert relayout(CLEAN) == CLEAN
    ocr = ("UBND TỈNH QUẢNG NGÃI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
           "Số: 12/BC-UBND | Quảng Ngãi, ngày 3 tháng 5 năm 2024\nBÁO CÁO\nv/v tình hình\n| |\n"
           "______ (rule) ______\nnội dung chính của báo cáo được in trên\nnhiều dòng của trang giấy\n")
    assert not portal_layout(ocr)
    assert relayout(ocr) == ocr


HTML = """<!DOCTYPE html><html><head><title>Kế hoạch 58</title><script>var a = "<p>CỘNG HÒA</p>";</script>
</head><body><nav><a href="/">Trang chủ</a></nav><div id="menu">Văn bản mới</div>
<div class="toanvancontent">
<table><tr><td><p><b>UBND TỈNH BẮC GIANG</b></p><p>-------</p><p>Số: 58/KH-LHH</p></td>
<td><p><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh&nbsp;phúc</b></p>
<p>---------------</p><p><i>Bắc Giang, ngày&nbsp;30 tháng 01 năm 2024</i></p></td></tr></table>
<p align="center"><b>KẾ HOẠCH</b></p><p>Thực hiện phong trào thi đua năm 2024</p>
<p>Căn cứ Kế hoạch số 12/KH-UBND ngày 05 tháng 01 năm 2024 của Ủy ban nhân dân tỉnh;</p>
<p>I. MỤC ĐÍCH, YÊU CẦU</p><p>1. Đẩy mạnh phong trào thi đua trong toàn hệ thống.</p>
<p>2. Các cơ quan, đơn vị chủ động xây dựng kế hoạch thực hiện.</p>
<table><tr><td><p><b><i>Nơi nhận:</i></b><br>- UBND tỉnh;<br>- Lưu: VT.</p></td>
<td><p><b>TM. BAN THƯỜNG VỤ<br>CHỦ TỊCH</b></p><p><b>Nguyễn Văn An</b></p></td></tr></table>
</div><div class="footer">Bản quyền &copy; Cổng thông tin</div></body></html>"""


def test_a_saved_portal_page(tmp_path):
    path = tmp_path / "kh58.html"
    path.write_text(HTML, encoding="utf-8")
    ingested = ingest(path, Options())
    text = ingested.pages[0].text
    assert ingested.input_kind == "text" and len(ingested.pages) == 1
    assert "Trang chủ" not in text and "Bản quyền" not in text and "<p>" not in text
    assert text.split("\n")[:4] == ["UBND TỈNH BẮC GIANG", "-------", "Số: 58/KH-LHH",
                                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert _fields(parse_document([text])) == _fields(parse_document([CLEAN]))


def test_a_word_file(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    left, right = table.cell(0, 0), table.cell(0, 1)
    left.text = "UBND TỈNH BẮC GIANG"
    left.add_paragraph("-------")
    left.add_paragraph("Số: 58/KH-LHH")
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    right.add_paragraph("Bắc Giang, ngày 30 tháng 01 năm 2024")
    for line in CLEAN.split("\n")[5:11]:
        document.add_paragraph(line)
    sig = document.add_table(rows=1, cols=2)
    sig.cell(0, 0).text = "Nơi nhận:"
    sig.cell(0, 0).add_paragraph("- UBND tỉnh;")
    sig.cell(0, 0).add_paragraph("- Lưu: VT.")
    sig.cell(0, 1).text = "TM. BAN THƯỜNG VỤ"
    sig.cell(0, 1).add_paragraph("CHỦ TỊCH")
    sig.cell(0, 1).add_paragraph("Nguyễn Văn An")
    path = tmp_path / "kh58.docx"
    document.save(str(path))
    ingested = ingest(path, Options())
    text = ingested.pages[0].text
    assert text.split("\n")[:3] == ["UBND TỈNH BẮC GIANG", "-------", "Số: 58/KH-LHH"]
    assert _fields(parse_document([text])) == _fields(parse_document([CLEAN]))


def test_an_old_binary_doc_is_refused_in_one_line(tmp_path):
    path = tmp_path / "kh58.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(InputError) as caught:
        ingest(path, Options())
    message = caught.value.one_line()
    assert "\n" not in message and ".docx" in message and "PDF" in message


def test_a_zip_that_is_no_word_file_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "kh58.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "x")
    with pytest.raises(InputError, match="not a Word"):
        ingest(path, Options())
