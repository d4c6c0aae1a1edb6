"""`python -m bench.run --quick` without ../shared: bundled samples and the seed only, speed rows still printed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_quick_bench_without_shared(tmp_path: Path) -> None:
    out = tmp_path / "results"
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    command = [sys.executable, "-m", "bench.run", "--shared", "/nonexistent", "--quick", "--speed-pages", "1",
               "--out", str(out)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "scoring the bundled samples only" in done.stderr
    payload = json.loads((out / "bench.json").read_text(encoding="utf-8"))
    names = [row["name"] for row in payload["rows"]]
    assert payload["meta"]["shared"] is None and payload["meta"]["mode"] == "quick"
    assert not any(n.startswith(("heldout", "dev ")) for n in names), names
    assert any(n.startswith("seed") for n in names)
    sections = {row["section"] for row in payload["rows"]}
    assert sections == {"text", "fields", "speed"}
    speed = [row for row in payload["rows"] if row["name"].startswith("pages/s")]
    # 1 worker, 2 workers (PDF input), 2 workers on the very images raw tesseract reads
    assert len(speed) == 3 and all(row["data"]["pages_per_s"].get("tesseract 1-way") for row in speed)
    markdown = (out / "bench.md").read_text(encoding="utf-8")
    assert markdown.startswith("Measured ") and "| section |" in markdown
    assert "seed · tesseract eng" in done.stdout
