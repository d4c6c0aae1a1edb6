"""Tests for bench.render: determinism, page breaks, text → spec, ground-truth order, and an OCR smoke test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bench import render
from bench.render import (
    MOTTO,
    NATIONAL_NAME,
    DocumentSpec,
    degrade,
    ground_truth_text,
    render_pages,
    save_pdf,
    save_tiff,
    spec_from_text,
)


def _spec(paragraphs: int = 4) -> DocumentSpec:
    body = ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"]
    body += [
        f"- Nội dung thứ {k}: tổ chức 03 hội nghị, bảo đảm 100% cán bộ được quán triệt, hoàn thành trước ngày "
        f"15/3/2025; phối hợp với các sở, ngành liên quan triển khai thực hiện nghiêm túc, hiệu quả."
        for k in range(paragraphs)
    ]
    return DocumentSpec(
        parent_body="UBND TỈNH NGHỆ AN",
        issuing_body=["SỞ KHOA HỌC VÀ CÔNG NGHỆ"],
        number_line="Số: 05/KH-SKHCN",
        place_date="Nghệ An, ngày 03 tháng 02 năm 2025",
        type_name="KẾ HOẠCH",
        subject=["Triển khai nhiệm vụ năm 2025"],
        body=body,
        recipients=["UBND tỉnh (b/c);", "Lưu: VT, VP."],
        signer_authority=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
        signer_name="Lê Văn Bình",
    )


def test_render_is_deterministic_and_a4():
    spec = _spec()
    first = render_pages(spec, dpi=100, seed=3)
    second = render_pages(spec, dpi=100, seed=3)
    assert [p.tobytes() for p in first] == [p.tobytes() for p in second]
    page = first[0]
    assert page.mode == "L"
    assert page.size == (round(210 / 25.4 * 100), round(297 / 25.4 * 100))
    assert np.asarray(page).min() == 0  # something was drawn


def _ink_rows(page) -> int:
    """Text lines on a page: runs of rows with ink."""
    inked = (np.asarray(page) < 128).any(axis=1)
    return int(np.count_nonzero(inked[1:] & ~inked[:-1]))


def test_narrow_title_rewraps_the_subject():
    import dataclasses

    spec = dataclasses.replace(_spec(), subject=["Quy định chi tiết một số điều và biện pháp thi hành Luật Thi đua, "
                                                 "khen thưởng đối với ngành Khoa học và Công nghệ"])
    wide = render_pages(spec, dpi=100, seed=3)[0]
    narrow = render_pages(spec, dpi=100, seed=3, title_width=0.5)[0]
    assert _ink_rows(narrow) > _ink_rows(wide)


def test_degrade_is_deterministic_and_seeded():
    page = render_pages(_spec(), dpi=100, seed=0)[0]
    a, b, c = degrade(page, seed=7), degrade(page, seed=7), degrade(page, seed=8)
    assert a.tobytes() == b.tobytes()
    assert a.tobytes() != c.tobytes()
    assert a.size == page.size and a.mode == "L"


def test_long_spec_breaks_pages(tmp_path: Path):
    pages = render_pages(_spec(paragraphs=40), dpi=100, seed=1)
    assert len(pages) >= 2
    save_pdf(pages, tmp_path / "doc.pdf", dpi=100)
    save_tiff(pages, tmp_path / "doc.tiff", dpi=100)
    from PIL import Image
    from pypdf import PdfReader

    with Image.open(tmp_path / "doc.tiff") as tiff:
        assert tiff.n_frames == len(pages)
    assert len(PdfReader(tmp_path / "doc.pdf").pages) == len(pages)


def test_ground_truth_order_header_blocks():
    spec = _spec()
    lines = ground_truth_text(spec).splitlines()
    expected_head = ["UBND TỈNH NGHỆ AN", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Số: 05/KH-SKHCN", NATIONAL_NAME, MOTTO,
                     "Nghệ An, ngày 03 tháng 02 năm 2025", "KẾ HOẠCH", "Triển khai nhiệm vụ năm 2025"]
    assert lines[: len(expected_head)] == expected_head
    assert lines.index("Nơi nhận:") < lines.index("KT. GIÁM ĐỐC") < lines.index("Lê Văn Bình")
    assert "- Lưu: VT, VP." in lines


def test_ground_truth_letter_puts_subject_and_urgency_left():
    spec = DocumentSpec(
        issuing_body=["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"], number_line="Số: 12/UBND-VX",
        place_date="Quảng Ngãi, ngày 05 tháng 3 năm 2025", urgency="KHẨN", type_name=None,
        subject=["V/v tăng cường công tác", "phòng, chống dịch bệnh"], addressees=["Sở Y tế"],
        body=["Ủy ban nhân dân tỉnh đề nghị Sở Y tế triển khai ngay./."], recipients=["Như trên;", "Lưu: VT."],
        signer_authority=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], signer_name="Trần Văn An",
    )
    lines = ground_truth_text(spec).splitlines()
    assert lines[:6] == ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: 12/UBND-VX",
                         "V/v tăng cường công tác phòng, chống dịch bệnh", "KHẨN", NATIONAL_NAME]
    assert "Kính gửi: Sở Y tế" in lines
    assert len(render_pages(spec, dpi=100)) == 1


SAMPLE_TEXT = """BỘ TÀI CHÍNH
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 12/2025/TT-BTC
Hà Nội, ngày 05 tháng 3 năm 2025

THÔNG TƯ
Hướng dẫn quản lý kinh phí
cho hoạt động thống kê

Căn cứ Luật Ngân sách nhà nước số 83/2015/QH13;
Điều 1. Phạm vi điều chỉnh
Thông tư này hướng dẫn quản lý kinh phí.
Điều 2. Hiệu lực thi hành
Thông tư này có hiệu lực từ ngày 01 tháng 5 năm 2025./.
Nơi nhận:
- Văn phòng Chính phủ;
- Lưu: VT, HCSN.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
(Đã ký)
Nguyễn Văn Minh
"""


def test_spec_from_text():
    spec = spec_from_text(SAMPLE_TEXT)
    assert spec.parent_body is None
    assert spec.issuing_body == ["BỘ TÀI CHÍNH"]
    assert spec.number_line == "Số: 12/2025/TT-BTC"
    assert spec.place_date == "Hà Nội, ngày 05 tháng 3 năm 2025"
    assert spec.type_name == "THÔNG TƯ"
    assert spec.subject == ["Hướng dẫn quản lý kinh phí", "cho hoạt động thống kê"]
    assert spec.body[0].startswith("Căn cứ") and spec.body[-1].endswith("./.")
    assert spec.recipients == ["Văn phòng Chính phủ;", "Lưu: VT, HCSN."]
    assert spec.signer_authority == ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"]
    assert spec.signer_name == "Nguyễn Văn Minh"
    assert render_pages(spec, dpi=72)


def test_spec_from_text_parent_body():
    text = "UBND TỈNH BẮC GIANG\nLIÊN HIỆP CÁC HỘI KH&KT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n" \
           "Độc lập - Tự do - Hạnh phúc\nSố: 58/KH-LHH\nBắc Giang, ngày 30 tháng 01 năm 2024\nKẾ HOẠCH\n" \
           "Thực hiện phong trào thi đua năm 2024\nThực hiện Kế hoạch số 15/KH-UBND, Liên hiệp hội xây dựng " \
           "Kế hoạch như sau:\n"
    spec = spec_from_text(text)
    assert spec.parent_body == "UBND TỈNH BẮC GIANG"
    assert spec.issuing_body == ["LIÊN HIỆP CÁC HỘI KH&KT"]
    assert spec.subject == ["Thực hiện phong trào thi đua năm 2024"]


def test_missing_font_error_names_package(monkeypatch):
    with pytest.raises(ValueError):
        render.font_paths("comic")
    folder, files, package = render._FONT_FILES["liberation"]
    monkeypatch.setitem(render._FONT_FILES, "liberation", ("/nonexistent/fonts", files, package))
    with pytest.raises(render.FontMissingError, match="fonts-liberation2"):
        render.font_paths("liberation")


def _has_tesseract_vie() -> bool:
    if shutil.which("tesseract") is None:
        return False
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    return "vie" in langs


@pytest.mark.skipif(not _has_tesseract_vie(), reason="tesseract with the vie model is not installed")
def test_ocr_reads_national_name(tmp_path: Path):
    page = degrade(render_pages(_spec(), dpi=300, seed=0)[0], seed=0, strength=0.7)
    width = page.size[0]
    crop = page.crop((int(width * 0.45), 0, width, int(page.size[1] * 0.12)))  # right header block
    path = tmp_path / "header.png"
    crop.save(path)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    out = subprocess.run(["tesseract", str(path), "-", "-l", "vie", "--psm", "6"], capture_output=True, text=True,
                         env=env, timeout=60).stdout
    assert NATIONAL_NAME in " ".join(out.split())


def _load_make_samples():
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "samples" / "make_samples.py"
    spec = importlib.util.spec_from_file_location("make_samples", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules["make_samples"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_bundled_samples_match_their_specs():
    """The committed gt.txt / expected.json are what make_samples.py writes today (no rendering needed)."""
    import json

    make_samples = _load_make_samples()
    for sample in make_samples.SAMPLES:
        gt_path = make_samples.OUT / f"{sample.name}.gt.txt"
        exp_path = make_samples.OUT / f"{sample.name}.expected.json"
        if not gt_path.exists() or not exp_path.exists():
            pytest.skip("samples not generated; run samples/make_samples.py")
        assert gt_path.read_text(encoding="utf-8") == ground_truth_text(sample.spec)
        written = json.loads(exp_path.read_text(encoding="utf-8"))
        fresh = json.loads(json.dumps(make_samples.expected_record(sample, written["pages"]), ensure_ascii=False))
        assert written == fresh
        assert (make_samples.OUT / f"{sample.name}.{sample.ext}").stat().st_size < 1.5 * 1024 * 1024


WRAPPED_TEXT = """UBND TỈNH BẮC GIANG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM

SỞ TÀI CHÍNH Độc lập - Tự do - Hạnh phúc
Số: 07 /KH-STC Bắc Giang, ngày 12 tháng 02 năm 2025
KẾ HOẠCH

Kiểm tra công tác tài chính năm 2025

Thực hiện Kế hoạch số 10/KH-UBND ngày 20/01/2025 của UBND tỉnh về
kiểm tra công tác tài chính, Sở Tài chính xây dựng Kế hoạch kiểm tra năm
2025 như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích

- Kiểm tra việc chấp hành chế độ tài chính, kế toán tại các đơn vị dự toán
thuộc tỉnh, phát hiện và chấn chỉnh kịp thời các sai sót trong quản lý.

- Bảo đảm 100% đơn vị được kiểm tra có báo cáo khắc phục sau kiểm tra
trong thời hạn quy định của pháp luật hiện hành về tài chính công.

2. Yêu cầu

Kiểm tra đúng kế hoạch, không gây phiền hà cho đơn vị; kết luận kiểm tra
rõ ràng, có căn cứ./.
"""


def test_spec_from_wrapped_ocr_style_text():
    """A page-wrapped text with the two header columns merged on one line (the seed .gt.txt form)."""
    spec = spec_from_text(WRAPPED_TEXT)
    assert spec.parent_body == "UBND TỈNH BẮC GIANG"
    assert spec.issuing_body == ["SỞ TÀI CHÍNH"]
    assert spec.number_line == "Số: 07 /KH-STC"
    assert spec.place_date == "Bắc Giang, ngày 12 tháng 02 năm 2025"
    assert spec.subject == ["Kiểm tra công tác tài chính năm 2025"]
    assert spec.body[0].startswith("Thực hiện Kế hoạch số 10/KH-UBND") and spec.body[0].endswith("năm 2025 như sau:")
    assert spec.body[1:4] == ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích",
                              "- Kiểm tra việc chấp hành chế độ tài chính, kế toán tại các đơn vị dự toán thuộc "
                              "tỉnh, phát hiện và chấn chỉnh kịp thời các sai sót trong quản lý."]
    assert spec.body[-1] == ("Kiểm tra đúng kế hoạch, không gây phiền hà cho đơn vị; kết luận kiểm tra rõ ràng, "
                             "có căn cứ./.")


def test_spec_from_ground_truth_round_trip():
    """spec_from_text reads back what ground_truth_text writes, for the bundled sample specs."""
    make_samples = _load_make_samples()
    for sample in make_samples.SAMPLES:
        spec = sample.spec
        back = spec_from_text(ground_truth_text(spec))
        assert back.parent_body == spec.parent_body
        assert back.issuing_body == spec.issuing_body
        assert (back.number_line, back.place_date, back.urgency) == (spec.number_line, spec.place_date, spec.urgency)
        assert back.type_name == spec.type_name
        assert " ".join(back.subject) == " ".join(spec.subject)
        assert [a.rstrip(";.") for a in back.addressees] == [a.rstrip(";.") for a in spec.addressees]
        assert back.body == spec.body
        assert back.recipients == spec.recipients
        assert (back.signer_authority, back.signer_name) == (spec.signer_authority, spec.signer_name)
