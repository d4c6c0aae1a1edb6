"""Check the handwritten number and day re-read on scans: ``python -m bench.handwriting_check [--gold scans_gold.jsonl] scan.pdf ...``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from pipeline.ocr.handwriting.fields import apply_field_reads, reread_fields


def _measure(paths: list[str], gold_path: Optional[str]) -> None:
    """OCR page 1 of each file, re-read its fields, print before/after lines; with a gold JSONL (``file``,
    ``number``, ``issued_date``) also count how many numbers and days are right before and after."""
    import copy
    import json
    import subprocess
    import tempfile
    import time

    from PIL import Image

    from pipeline.ocr.engine import InProcessEngine
    from pipeline.types import PageImage

    gold = {}
    if gold_path:
        for line in Path(gold_path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                gold[record["file"]] = record
    number_re = re.compile(r"S[ốoô6][:.]?\s*(\d{1,4})\s*/")
    day_re = re.compile(r"ngày\s*(\d{1,2})\s*tháng")
    counts = {"number_before": 0, "number_after": 0, "day_before": 0, "day_after": 0}
    engine = InProcessEngine()
    for path in paths:
        with tempfile.TemporaryDirectory() as workdir:
            image = str(Path(workdir) / "page.pgm")
            if path.lower().endswith(".pdf"):
                subprocess.run(["pdftoppm", "-r", "300", "-gray", "-f", "1", "-l", "1", "-singlefile", path,
                                image[:-4]], check=True, capture_output=True)
            else:
                with Image.open(path) as source:
                    source.convert("L").save(image)
            page = engine.recognise(PageImage(Image.open(image)), 1)
            before = copy.deepcopy(page)
            started = time.perf_counter()
            reads = reread_fields(image, page)
            elapsed = time.perf_counter() - started
        apply_field_reads(page, reads)
        name = Path(path).name
        print(f"{name}  ({elapsed * 1000:.0f} ms)")
        for label, read in (("number", reads.number), ("day", reads.day), ("month", reads.month)):
            if read is not None:
                print(f"  {label:6} {read.value!s:>5} conf {read.confidence:.2f} via {read.source}")
        for line in page.lines:
            if number_re.search(line.text) or "ngày" in line.text:
                print(f"  | {line.text}")
                break
        record = gold.get(name)
        if record:
            day = int(record["issued_date"].split("-")[2])
            for stage, text in (("before", before.text), ("after", page.text)):
                number = number_re.search(text)
                found_day = day_re.search(text)
                counts[f"number_{stage}"] += bool(number and number.group(1) == record["number"])
                counts[f"day_{stage}"] += bool(found_day and int(found_day.group(1)) == day)
    if gold:
        n = len(paths)
        print(f"number right: before {counts['number_before']}/{n}, after {counts['number_after']}/{n}; "
              f"day right: before {counts['day_before']}/{n}, after {counts['day_after']}/{n}")


if __name__ == "__main__":  # python -m bench.handwriting_check [--gold scans_gold.jsonl] scan.pdf ...
    import argparse

    parser = argparse.ArgumentParser(description="Re-read the handwritten number and day of scans (page 1).")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--gold", help="JSONL with file, number, issued_date: count right before/after")
    arguments = parser.parse_args()
    _measure(arguments.paths, arguments.gold)
