"""Fast restoration check, the text rows the restorer moves, in seconds: ``python -m bench.restore_check``.

Rows (syllable accuracy, raw → restored, as ``bench.quality.text_row`` scores them):

* ``seed``: ``samples/seed`` (a real plan read by ``tesseract -l eng``);
* ``eng`` / ``vie``: the cached dev renders (``.cache/bench/devrender``, built by ``bench.run``), one per dev
  text, read by ``tesseract -l eng`` / ``-l vie``;
* ``stripped``: the first four dev vbpl texts, first >=1500 syllables each, marks stripped (as the bench row);
* ``oos``: out-of-sample English-OCR pages (``--build-oos`` writes them under ``out/restore_oos/``, git-ignored):
  plan-like text written for this check (``OOS_TEXTS``, two fonts) and the *next* body page of eight dev vbpl
  texts, rendered by ``bench.render`` (seeds other than the bench's) and read by ``tesseract -l eng``. Never
  tuned on: it tells whether a change made for the seed and the dev renders carries over to English-OCR text;
* ``--speed``: the seed with its marks stripped, syllables per second on one core (best of three).

``--diff seed`` (or ``oos``, ``eng``, ...) lists the wrong restored syllables. Only dev data and the project's
own samples are read: nothing under ``../shared/heldout``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import argparse  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from rapidfuzz.distance import Levenshtein  # noqa: E402

from pipeline.restore import Params, Restorer, load_restorer  # noqa: E402
from pipeline.restore.metrics import syllable_accuracy, syllables  # noqa: E402
from pipeline.text import strip_marks  # noqa: E402

from .datasets import CACHE, REPO, SEED_GT, SEED_RAW, Shared, read_text  # noqa: E402
from .quality import _truncate  # noqa: E402

OOS = REPO / "out" / "restore_oos"
OOS_DOCS = 8  # dev vbpl texts whose next page is rendered (every seventh text, from the first)

# Plan-like paragraphs written for the out-of-sample check (an emulation-movement plan and a digital-transformation
# plan of a provincial association; none of them copied from the corpus, the dev set or the seed).
OOS_TEXTS = [
    (
        "Tổ chức phong trào thi đua yêu nước năm 2025",
        [
            "I. MỤC ĐÍCH, YÊU CẦU",
            "1. Mục đích",
            "Đẩy mạnh phong trào thi đua yêu nước trong cán bộ, hội viên và người lao động của các hội thành viên, "
            "góp phần hoàn thành thắng lợi các chỉ tiêu, nhiệm vụ của Hội đồng Trung ương và của tỉnh năm 2025.",
            "Phát hiện, bồi dưỡng và nhân rộng các điển hình tiên tiến, gương người tốt, việc tốt; kịp thời khen "
            "thưởng những tập thể, cá nhân có thành tích xuất sắc trong công tác tư vấn, phản biện và giám định xã hội.",
            "2. Yêu cầu",
            "Việc tổ chức phong trào thi đua phải thiết thực, hiệu quả, tránh hình thức; nội dung thi đua gắn với "
            "nhiệm vụ chính trị của từng đơn vị. Công tác bình xét khen thưởng bảo đảm công khai, dân chủ, đúng "
            "người, đúng việc, đúng quy định của Luật Thi đua, khen thưởng.",
            "II. NỘI DUNG THI ĐUA",
            "1. Thi đua thực hiện tốt công tác tuyên truyền, phổ biến kiến thức khoa học và công nghệ đến hội viên "
            "và nhân dân; phối hợp với Báo Hà Nam điện tử, Đài Phát thanh và Truyền hình tỉnh đưa tin về các "
            "hoạt động của Hội.",
            "2. Phấn đấu 100% cán bộ, công chức của cơ quan hoàn thành tốt nhiệm vụ được giao; có ít nhất 02 "
            "sáng kiến được Hội đồng sáng kiến cấp tỉnh công nhận; tổ chức thành công Hội thi Sáng tạo kỹ thuật "
            "tỉnh lần thứ mười một.",
            "3. Đẩy mạnh hoạt động tư vấn, phản biện các đề án, dự án phát triển kinh tế - xã hội của tỉnh; "
            "thực hiện ít nhất 03 nhiệm vụ phản biện theo đề nghị của Ủy ban nhân dân tỉnh và các sở, ngành.",
            "4. Các hội cơ sở tích cực vận động hội viên tham gia các cuộc thi, giải thưởng khoa học, đăng ký "
            "danh hiệu thi đua và hình thức khen thưởng với HĐTĐKT tỉnh đúng thời gian quy định.",
            "III. TỔ CHỨC THỰC HIỆN",
            "Văn phòng chủ trì, phối hợp với các ban chuyên môn hướng dẫn, đôn đốc các hội cơ sở triển khai kế "
            "hoạch; tổng hợp kết quả, báo cáo Thường trực Hội đồng Thi đua - Khen thưởng trước ngày 15 tháng 11 "
            "năm 2025. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị phản ánh về Văn phòng để "
            "được hướng dẫn giải quyết.",
        ],
    ),
    (
        "Triển khai công tác chuyển đổi số năm 2025",
        [
            "Căn cứ Nghị quyết của Ban Chấp hành Đảng bộ tỉnh về chuyển đổi số đến năm 2025, định hướng đến năm "
            "2030; căn cứ chương trình công tác năm của Ban Thường vụ, Hội xây dựng kế hoạch như sau:",
            "1. Nâng cao nhận thức của cán bộ, hội viên về vai trò của chuyển đổi số; phấn đấu 90% hồ sơ công việc "
            "được xử lý trên môi trường mạng, trừ hồ sơ mật theo quy định.",
            "2. Duy trì và cập nhật thường xuyên trang thông tin điện tử của Hội; mỗi quý đăng tải ít nhất 20 tin, "
            "bài về hoạt động của các hội cơ sở và gương điển hình tiên tiến.",
            "3. Phối hợp với Sở Khoa học và Công nghệ tổ chức tập huấn kỹ năng số cho cán bộ chủ chốt; hỗ trợ hội "
            "viên ứng dụng công nghệ thông tin trong sản xuất, kinh doanh và quản lý.",
            "4. Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước giao hằng năm và các nguồn hợp pháp "
            "khác. Kế toán cơ quan có trách nhiệm hướng dẫn thanh toán, quyết toán theo quy định hiện hành.",
            "Yêu cầu các ban, đơn vị nghiêm túc triển khai thực hiện; định kỳ sáu tháng, một năm báo cáo kết quả "
            "về Văn phòng để tổng hợp, báo cáo Ban Thường vụ và UBND tỉnh.",
        ],
    ),
]


def dev_pages(lang: str) -> list[tuple[str, str]]:
    """(OCR text, truth) of every cached dev render, one per dev text (the newest folder of each)."""
    root = CACHE / "devrender"
    by_doc: dict[str, Path] = {}
    for folder in sorted(root.glob("*-*"), key=lambda f: (f / "gt.txt").stat().st_mtime if (f / "gt.txt").exists()
                         else 0):
        if all((folder / f).is_file() for f in ("gt.txt", "vie.txt", "eng.txt")):
            by_doc[folder.name.rsplit("-", 1)[0]] = folder
    return [(read_text(f / f"{lang}.txt"), read_text(f / "gt.txt")) for _, f in sorted(by_doc.items())]


def stripped_pairs() -> list[tuple[str, str]]:
    docs = Shared(REPO.parent / "shared").dev_vbpl()[:4]
    golds = [_truncate(d.text, 1500) for d in docs]
    return [(strip_marks(g), g) for g in golds]


def oos_pairs() -> list[tuple[str, str]]:
    if not OOS.is_dir():
        return []
    return [(read_text(f / "eng.txt"), read_text(f / "gt.txt")) for f in sorted(OOS.iterdir())
            if (f / "eng.txt").is_file() and (f / "gt.txt").is_file()]


def build_oos(log=print) -> None:
    """Render and read (``tesseract -l eng``) the out-of-sample pages that are not built yet."""
    import dataclasses
    import tempfile

    from bench.render import (
        DocumentSpec,
        degrade,
        ground_truth_text,
        render_pages,
        spec_from_text,
    )

    from .devrender import DPI, FONTS, one_page_spec, tesseract_text

    jobs = []  # (name, page spec, seed, font)
    for i, (subject, body) in enumerate(OOS_TEXTS):
        spec = DocumentSpec(issuing_body=["HỘI NÔNG DÂN TỈNH HÀ NAM", "BAN THƯỜNG VỤ"],
                            number_line=f"Số: {14 + i}/KH-HND", place_date="Hà Nam, ngày 06 tháng 01 năm 2025",
                            type_name="KẾ HOẠCH", subject=[subject], body=body)
        for s, font in enumerate(FONTS):
            rest, k = list(body), 0
            while rest:
                page = one_page_spec(dataclasses.replace(spec, body=rest))
                if not page.body:
                    break
                jobs.append((f"plan{i}-{font}-p{k}", page, 31000 + 100 * i + 10 * s + k, font))
                rest, k = rest[len(page.body):], k + 1
    docs = Shared(REPO.parent / "shared").dev_vbpl()
    for index in range(0, min(len(docs), OOS_DOCS * 7), 7):
        spec = spec_from_text(docs[index].text)
        first = one_page_spec(spec)
        body = [p for p in spec.body if p.strip()]
        if len(body) <= len(first.body):
            continue
        nxt = one_page_spec(dataclasses.replace(spec, body=body[len(first.body):]))
        if nxt.body:
            jobs.append((f"next-{docs[index].name}", nxt, 33000 + index, FONTS[index % 2]))
    OOS.mkdir(parents=True, exist_ok=True)
    for name, spec, seed, font in jobs:
        folder = OOS / name
        if (folder / "eng.txt").is_file():
            continue
        folder.mkdir(exist_ok=True)
        page = degrade(render_pages(spec, dpi=DPI, font=font, seed=seed)[0], seed=seed, strength=1.0)
        with tempfile.TemporaryDirectory() as tmp:
            png = Path(tmp) / "page.png"
            page.save(png)
            text = tesseract_text(png, "eng")
        (folder / "gt.txt").write_text(ground_truth_text(spec), encoding="utf-8")
        (folder / "eng.txt").write_text(text, encoding="utf-8")
        log(f"built {name}")


def diff(pairs: list[tuple[str, str]], restorer: Restorer, limit: int = 400) -> None:
    """The restored syllables that differ from the truth, with their left and right neighbours."""
    shown = 0
    for raw, gold in pairs:
        text = restorer.restore(raw).text
        g, h = syllables(gold), syllables(text)
        for op in Levenshtein.opcodes(g, h):
            if op.tag == "equal":
                continue
            left = " ".join(g[max(0, op.src_start - 3):op.src_start])
            right = " ".join(g[op.src_end:op.src_end + 2])
            print(f"  {left} [{' '.join(g[op.src_start:op.src_end])} → {' '.join(h[op.dest_start:op.dest_end])}]"
                  f" {right}")
            shown += 1
            if shown >= limit:
                return


def speed(restorer: Restorer, text: str, reps: int = 5) -> float:
    """Syllables per CPU second restoring ``text`` (warm candidate cache, median of ``reps``; CPU time, as the
    machine is shared), as bench.speed.restore_row counts them."""
    count = len(syllables(text))
    restorer.restore(text)
    times = []
    for _ in range(reps):
        t0 = time.process_time()
        restorer.restore(text)
        times.append(time.process_time() - t0)
    return count / sorted(times)[len(times) // 2]


def _override(items: list[str]) -> Params:
    p = Params()
    for item in items:
        name, value = item.split("=", 1)
        cur = getattr(p, name)
        setattr(p, name, value == "True" if isinstance(cur, bool) else float(value) if cur is None else type(cur)(value))
    return p


ROWS = {
    "seed": lambda: [(read_text(SEED_RAW), read_text(SEED_GT))],
    "eng": lambda: dev_pages("eng"),
    "vie": lambda: dev_pages("vie"),
    "stripped": stripped_pairs,
    "oos": oos_pairs,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.restore_check", description=__doc__.splitlines()[0])
    ap.add_argument("--build-oos", action="store_true", help="render and read the out-of-sample pages first")
    ap.add_argument("--diff", choices=tuple(ROWS), help="list the wrong syllables of one row")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="override a Params field")
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--speed", action="store_true")
    ap.add_argument("--only", default="", help="comma-separated rows: " + ",".join(ROWS))
    args = ap.parse_args(argv)
    if args.build_oos:
        build_oos()
    base = load_restorer(args.model)
    restorer = Restorer(base.model, _override(args.set)) if args.set else base
    if args.diff:
        diff(ROWS[args.diff](), restorer)
        return 0
    for name in [x for x in args.only.split(",") if x] or list(ROWS):
        pairs = ROWS[name]()
        if not pairs:
            print(f"{name:<9} (no pages)")
            continue
        a = b = n = 0
        for raw, gold in pairs:
            m_raw, total = syllable_accuracy(raw, gold)
            m_fix, _ = syllable_accuracy(restorer.restore(raw).text, gold)
            a, b, n = a + m_raw, b + m_fix, n + total
        print(f"{name:<9} {len(pairs):3d} docs {n:7,d} syl  raw {100 * a / n:6.2f}% → restored {100 * b / n:6.2f}%"
              f"  ({b:,d} right)", flush=True)
    if args.speed:
        print(f"speed     {speed(restorer, strip_marks(read_text(SEED_GT))):,.0f} syllables/s (seed gold, marks "
              f"stripped); {speed(restorer, read_text(SEED_RAW)):,.0f} syllables/s (seed, English OCR)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
