"""Batch conversion: discovery and mirroring, resume and --force, atomic outputs under a kill, fault isolation,
exit codes, progress lines, the worker pool's guards, the Python API, and Dask giving the local run's outputs."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import EXTRACT, SEED, run_cli, write_png_header_only_bomb
from PIL import Image, ImageDraw, ImageFont

from pipeline.batch import pool as pool_module, progress
from pipeline.batch import WorkerPool, discover, run_batch
from pipeline.options import Options

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
LINES = [
    "UBND TỈNH BẮC GIANG",
    "Số: {n}/KH-UBND",
    "KẾ HOẠCH",
    "Thực hiện phong trào thi đua năm 2024",
    "1. Phát huy tinh thần đoàn kết, sáng tạo của cán bộ, công chức.",
    "2. Hoàn thành xuất sắc nhiệm vụ được giao trong năm.",
]
FAST = Options(restore=False, jobs=2, page_timeout=60)

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None or not FONT.exists(),
                                     reason="tesseract or DejaVuSerif missing")


def render_page(path: Path, number: int = 1, dpi: int = 150) -> Path:
    """A small page of printed Vietnamese (a third of A4 at 150 dpi), quick to OCR."""
    image = Image.new("L", (int(8.27 * dpi), int(3.2 * dpi)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), int(12 / 72 * dpi))
    for i, line in enumerate(LINES):
        draw.text((60, 30 + i * int(22 / 72 * dpi)), line.format(n=number), font=font, fill=0)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, dpi=(dpi, dpi))
    return path


def outputs(folder: Path) -> dict[str, dict]:
    return {str(p.relative_to(folder)): json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.rglob("*.json"))}


def errors(folder: Path) -> list[dict]:
    text = (folder / "errors.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# --- discovery --------------------------------------------------------------------------------------------------


def test_discover_mirrors_folders_globs_and_separates_same_stems(tmp_path):
    src = tmp_path / "in"
    for name in ["a.txt", "sub/b.TXT", "sub/deep/c.png", "sub/x.pdf", "sub/x.png", "notes.docx", "notes.odt", ".hidden.txt",
                 ".git/d.txt"]:
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text("x", encoding="utf-8")
    out = tmp_path / "out"
    found = discover([str(src)], out)
    assert [str(j.output.relative_to(out)) for j in found.jobs] == [  # a Word file is a document; .odt is not read
        "a.json", "notes.json", "sub/b.json", "sub/deep/c.json", "sub/x.pdf.json", "sub/x.png.json"]
    by_glob = discover([str(src / "sub" / "**" / "*.png"), str(tmp_path / "missing")], out)
    assert [str(j.output.relative_to(out)) for j in by_glob.jobs] == ["deep/c.json", "x.json"]
    assert [(p.stage, p.reason) for p in by_glob.problems] == [("discover", "no such file or folder")]
    inside = discover([str(src)], src / "sub")  # an output folder inside the input folder is not searched
    assert [str(j.output.relative_to(src / "sub")) for j in inside.jobs] == ["a.json", "notes.json"]
    several = discover([str(src / "a.txt"), str(src / "sub" / "deep")], out)
    assert sorted(str(j.output.relative_to(out)) for j in several.jobs) == ["a.json", "sub/deep/c.json"]


# --- local runs -------------------------------------------------------------------------------------------------


@needs_tesseract
def test_batch_mirrors_folders_writes_records_and_csv_then_resumes(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "sub").mkdir(parents=True)
    shutil.copy(SEED, src / "plan.txt")
    shutil.copy(SEED, src / "sub" / "copy.txt")
    render_page(src / "sub" / "scan.png", 7)
    assert run_batch([str(src)], out, FAST) == 0
    assert set(outputs(out)) == {"plan.json", "sub/copy.json", "sub/scan.json"}
    scan = outputs(out)["sub/scan.json"]
    assert scan["source"]["page_kinds"] == ["ocr"] and scan["document"]["code"] == "7/KH-UBND"
    records = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(records) == 3 and all(json.loads(r)["source"]["sha256"] for r in records)
    documents = (out / "documents.csv").read_bytes()
    assert documents.startswith(b"\xef\xbb\xbffile,sha256,") and "Kế hoạch".encode() in documents
    assert (out / "targets.csv").exists() and (out / "tasks.csv").exists()
    assert errors(out) == []
    assert "3 done, 0 skipped, 0 failed, 3 pages" in capsys.readouterr().err

    stamp = (out / "sub" / "scan.json").stat().st_mtime_ns
    (src / "plan.txt").write_text(SEED.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a changed input
    assert run_batch([str(src)], out, FAST) == 0
    assert "1 done, 2 skipped, 0 failed" in capsys.readouterr().err
    assert (out / "sub" / "scan.json").stat().st_mtime_ns == stamp
    assert run_batch([str(src)], out, FAST, force=True, fmt="edxml") == 0
    assert "3 done, 0 skipped" in capsys.readouterr().err
    # other options that shape a record (here: no handwriting re-read) redo the outputs; speed options do not
    assert run_batch([str(src)], out, FAST.model_copy(update={"jobs": 1, "page_timeout": 90})) == 0
    assert "0 done, 3 skipped" in capsys.readouterr().err
    assert run_batch([str(src)], out, FAST.model_copy(update={"handwriting": False})) == 0
    assert "3 done, 0 skipped" in capsys.readouterr().err
    assert (out / "sub" / "scan.edxml").read_text(encoding="utf-8").count("<edXML:CodeNumber>7<") == 1


@needs_tesseract
def test_pages_of_one_document_spread_over_workers(tmp_path):
    """A 3-page TIFF becomes three page tasks (spread over the workers) and one record in page order."""
    pages = [Image.open(render_page(tmp_path / f"p{i}.png", i)) for i in (1, 2, 3)]
    (tmp_path / "in").mkdir()
    pages[0].save(tmp_path / "in" / "multi.tif", save_all=True, append_images=pages[1:], dpi=(150, 150))
    out = tmp_path / "out"
    assert run_batch([str(tmp_path / "in")], out, FAST) == 0
    record = outputs(out)["multi.json"]
    assert [p["number"] for p in record["pages"]] == [1, 2, 3]
    assert ["Số: 1/", "Số: 2/", "Số: 3/"] == [next(l for l in p["text"].splitlines() if "KH-UBND" in l)[:6]
                                             for p in record["pages"]]


@needs_tesseract
def test_killed_batch_leaves_no_partial_json_and_rerun_completes(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    for i in range(6):
        render_page(src / f"d{i}.png", i + 1)
    process = subprocess.Popen([str(EXTRACT), str(src), "-o", str(out), "--no-restore", "-j", "1"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and process.poll() is None and not list(out.glob("d*.json")):
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=10) == -signal.SIGKILL, "the batch ended before it could be killed"
    first = outputs(out)  # every JSON present parses: no partial file under a final name
    assert 1 <= len(first) < 6
    result = run_cli(src, "-o", out, "--no-restore", "-j", "1")
    assert result.returncode == 0, result.stderr
    assert f"{6 - len(first)} done, {len(first)} skipped, 0 failed" in result.stderr
    assert sorted(outputs(out)) == [f"d{i}.json" for i in range(6)]
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert len((out / "records.jsonl").read_text(encoding="utf-8").splitlines()) == 6


def _fault_inputs(src: Path) -> dict[str, str]:
    """Bad inputs → a word their errors.jsonl reason must contain."""
    from pypdf import PdfWriter

    src.mkdir(parents=True, exist_ok=True)
    expected = {}
    good_pdf = src / "good-scan.pdf"
    Image.open(render_page(src / "tmp-page.png")).convert("RGB").save(good_pdf, resolution=150)
    (src / "tmp-page.png").unlink()
    data = good_pdf.read_bytes()
    good_pdf.unlink()
    (src / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(2000))
    expected["corrupt.pdf"] = "damaged PDF"
    (src / "truncated.pdf").write_bytes(data[: len(data) // 3])
    expected["truncated.pdf"] = "damaged PDF"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("secret")
    with open(src / "encrypted.pdf", "wb") as handle:
        writer.write(handle)
    expected["encrypted.pdf"] = "encrypted"
    with open(src / "zero-pages.pdf", "wb") as handle:
        PdfWriter().write(handle)
    expected["zero-pages.pdf"] = "no pages"
    (src / "not-a-pdf.pdf").write_text("Công văn số 12/UBND-VX\n", encoding="utf-8")
    expected["not-a-pdf.pdf"] = "not a PDF"
    (src / "damaged.tif").write_bytes(b"II*\x00garbage")  # PIL warns "Corrupt EXIF data" on the way
    expected["damaged.tif"] = "cannot read the TIFF"
    (src / "empty.png").write_bytes(b"")
    expected["empty.png"] = "empty"
    Image.new("L", (1, 1), 255).save(src / "one-pixel.png")
    expected["one-pixel.png"] = "1×1"
    write_png_header_only_bomb(src / "huge.png", 30000, 30000)
    expected["huge.png"] = "MP"
    if os.geteuid() != 0:  # root reads anything: the permission case only exists for other users
        locked = src / "locked.txt"
        shutil.copy(SEED, locked)
        locked.chmod(0)
        expected["locked.txt"] = "permission denied"
    (src / "deleted.txt").write_text("Kế hoạch số 1/KH-UBND", encoding="utf-8")
    expected["deleted.txt"] = "no such file"
    return expected


@needs_tesseract
def test_fault_injection_records_every_bad_file_and_converts_the_rest(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    expected = _fault_inputs(src)
    assert (src / "huge.png").stat().st_size < 200_000
    shutil.copy(SEED, src / "good.txt")
    render_page(src / "good-scan.png", 5)
    jobs = discover([str(src)], out).jobs
    (src / "deleted.txt").unlink()  # found, then gone before its turn
    code = run_batch([str(src)], out, FAST, jobs=jobs)
    try:
        assert code == 3
        assert sorted(outputs(out)) == ["good-scan.json", "good.json"]
        reasons = {Path(e["file"]).name: e for e in errors(out)}
        assert set(reasons) == set(expected)
        for name, word in expected.items():
            assert word.lower() in reasons[name]["reason"].lower(), (name, reasons[name])
            assert reasons[name]["stage"] and "\n" not in reasons[name]["reason"]
        err = capsys.readouterr().err
        assert f"2 done, 0 skipped, {len(expected)} failed" in err
        assert "Warning" not in err  # one summary, no library warnings
    finally:
        for path in src.iterdir():
            path.chmod(0o644)


def test_none_succeeded_exits_1_and_missing_inputs_are_reported(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")
    assert run_batch([str(src), str(tmp_path / "nothing-here")], tmp_path / "out", FAST) == 1
    assert {(Path(e["file"]).name, e["stage"]) for e in errors(tmp_path / "out")} == {
        ("empty.txt", "ingest"), ("nothing-here", "discover")}


def test_an_input_that_turned_bad_loses_its_stale_output(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    shutil.copy(SEED, src / "a.txt")
    assert run_batch([str(src)], out, Options(restore=False, jobs=1)) == 0
    (src / "a.txt").write_bytes(b"")
    assert run_batch([str(src)], out, Options(restore=False, jobs=1)) == 1
    assert not (out / "a.json").exists() and (out / "records.jsonl").read_text(encoding="utf-8") == ""


@needs_tesseract
def test_page_timeout_fails_the_slow_document_only(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    render_page(src / "slow.png")
    shutil.copy(SEED, src / "quick.txt")
    assert run_batch([str(src)], out, Options(restore=False, jobs=1, page_timeout=0.01)) == 3
    assert sorted(outputs(out)) == ["quick.json"]
    (failure,) = errors(out)
    assert failure["stage"] == "ocr" and "longer than" in failure["reason"]


def test_log_lines_when_not_a_terminal(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(progress, "LOG_EVERY_S", 0.0)
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(SEED, src / name)
    assert run_batch([str(src)], tmp_path / "out", Options(restore=False, jobs=1), progress=False) == 0
    err = capsys.readouterr().err
    assert "batch: 2/2 files (0 failed), 2 pages" in err and "2 done, 0 skipped, 0 failed, 2 pages" in err


# --- the worker pool ----------------------------------------------------------------------------------------


def test_pool_stops_a_hung_task_and_replaces_a_dead_worker():
    pool = WorkerPool(2)
    try:
        hung, crash = object(), object()
        pool.submit(pool.idle_worker(), hung, time.sleep, (60,), timeout=1.0)
        pool.submit(pool.idle_worker(), crash, os._exit, (7,), timeout=30.0)
        events, started = [], time.monotonic()
        while len(events) < 2 and time.monotonic() - started < 45:  # well before the 60 s sleep ends
            events += pool.wait(0.2)
        by_task = {id(e.task): e for e in events}
        assert by_task[id(hung)].lost and "time limit" in by_task[id(hung)].value[1]
        assert by_task[id(crash)].lost and "exit code 7" in by_task[id(crash)].value[1]
        task = object()
        pool.submit(pool.idle_worker(), task, sum, ([1, 2, 3],), timeout=30.0)
        events = []
        while not events:
            events = pool.wait(0.2)
        assert events[0].ok and events[0].value == 6
    finally:
        pool.close()
    assert not pool.workers


def test_assembly_prefers_a_warm_worker():
    """The worker that already loaded the restore model and the parser gets the next assembly."""
    pool = WorkerPool(2)
    cold, warm = pool_module._Worker(None, None), pool_module._Worker(None, None, warm=True)
    pool.workers += [cold, warm]
    assert pool.idle_worker(warm=True) is warm and pool.has_warm
    assert pool.idle_worker() is cold  # any other task takes the first idle worker
    warm.task = object()
    assert pool.idle_worker(warm=True) is cold  # a busy warm worker: the cold one is offered (the runner decides)


# --- Python API ----------------------------------------------------------------------------------------------


def test_extract_many_yields_records_as_they_finish(tmp_path):
    from pipeline import extract_many

    paths = []
    for name in ("a.txt", "b.txt"):
        shutil.copy(SEED, tmp_path / name)
        paths.append(tmp_path / name)
    (tmp_path / "bad.txt").write_bytes(b"")
    options = Options(restore=False)
    records = list(extract_many(paths + [tmp_path / "bad.txt"], jobs=2, options=options, on_error="skip"))
    assert sorted(Path(r.source.file).name for r in records) == ["a.txt", "b.txt"]
    assert all(r.document.code == "58/KH-LHH" for r in records)
    with pytest.raises(Exception, match="empty"):
        list(extract_many([tmp_path / "bad.txt"], jobs=1, options=options))


# --- Dask ------------------------------------------------------------------------------------------------------


@needs_tesseract
def test_dask_local_cluster_gives_the_local_outputs(tmp_path):
    pytest.importorskip("dask.distributed")
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(SEED, src / "plan.txt")
    render_page(src / "sub" / "scan.png", 3)
    (src / "empty.txt").write_bytes(b"")
    assert run_batch([str(src)], tmp_path / "local", FAST) == 3
    try:
        from dask.distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    except Exception as exc:  # noqa: BLE001 - no sockets or processes allowed here
        pytest.skip(f"dask.distributed cannot start: {exc}")
    try:
        code = run_batch([str(src)], tmp_path / "dask", FAST, scheduler=cluster.scheduler_address)
    finally:
        client.close()
        cluster.close()
    assert code == 3
    for name in ("plan.json", "sub/scan.json", "records.jsonl", "documents.csv", "errors.jsonl"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
