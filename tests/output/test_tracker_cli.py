"""The tracker outputs from the command line: a .sqlite/.db -o path or --format sqlite, --format ics (text inputs:
no OCR)."""

from __future__ import annotations

import shutil
import sqlite3

from conftest import SAMPLES, run_cli
from icalendar import Calendar


def copy_samples(folder):
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(SAMPLES.glob("*.gt.txt")):
        shutil.copy(path, folder / path.name)
    return folder


def test_single_file_into_a_sqlite_path_twice(tmp_path):
    source = copy_samples(tmp_path / "in") / "plan-kh-lhh.gt.txt"
    db = tmp_path / "x.sqlite"
    for _ in range(2):
        done = run_cli(source, "-o", db)
        assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*), code FROM documents").fetchone() == (1, "27/KH-LHH")
    assert conn.execute("SELECT count(*) FROM tasks").fetchone()[0] == 5
    conn.close()


def test_single_file_sqlite_needs_an_output(tmp_path):
    source = copy_samples(tmp_path / "in") / "plan-kh-lhh.gt.txt"
    done = run_cli(source, "--format", "sqlite")
    assert done.returncode == 2 and "-o" in done.stderr


def test_batch_format_sqlite_and_a_db_path(tmp_path):
    folder = copy_samples(tmp_path / "in")
    out = tmp_path / "out"
    done = run_cli(folder, "-o", out, "--format", "sqlite")
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(out / "records.sqlite")
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
    written = conn.execute("SELECT written_at FROM documents ORDER BY id").fetchall()
    conn.close()
    # a rerun (everything up to date) keeps the rows as they were
    done = run_cli(folder, "-o", out, "--format", "sqlite")
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(out / "records.sqlite")
    assert conn.execute("SELECT written_at FROM documents ORDER BY id").fetchall() == written
    conn.close()
    # -o tracker.db: the database there, the JSON records in tracker/
    done = run_cli(folder, "-o", tmp_path / "tracker.db")
    assert done.returncode == 0, done.stderr
    assert sqlite3.connect(tmp_path / "tracker.db").execute("SELECT count(*) FROM documents").fetchone()[0] == 3
    assert len(list((tmp_path / "tracker").glob("*.json"))) == 3


def test_ics_single_to_stdout_and_file_and_batch(tmp_path):
    folder = copy_samples(tmp_path / "in")
    done = run_cli(folder / "cv-ubnd.gt.txt", "--format", "ics")
    assert done.returncode == 0, done.stderr
    assert len(list(Calendar.from_ical(done.stdout).walk("VEVENT"))) == 2  # 20/4 and May; "hằng tuần" has no date
    done = run_cli(folder / "cv-ubnd.gt.txt", "-o", tmp_path / "cv.ics")
    assert done.returncode == 0, done.stderr
    assert len(list(Calendar.from_ical((tmp_path / "cv.ics").read_bytes()).walk("VEVENT"))) == 2
    done = run_cli(folder, "-o", tmp_path / "out", "--format", "ics")
    assert done.returncode == 0, done.stderr
    calendar = Calendar.from_ical((tmp_path / "out" / "calendar.ics").read_bytes())
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids)) > 2
