"""Build the gazetteer of districts (``make places``): ``vietnam-provinces`` → ``pipeline/models/places/districts.json``.

Decree-30 documents of district bodies (Ủy ban nhân dân huyện ..., district people's committee) print the
district's name in the header and as the place of the date line, and a scan slips their marks as it slips any word
(``HÁI LẶNG`` for ``HẢI LĂNG``). The province list is short enough to live in ``parse/gazetteer.py``; the ~700
districts, towns and provincial cities come from the data the ``vietnam-provinces`` package ships (the General
Statistics Office's list; its 0.x releases still hold the districts that the 2025 reform dissolved and that
archived documents name). Only names are written: ``[province, level, name]`` rows, level one of
``huyện`` (district), ``quận`` (urban district), ``thị xã`` (town), ``thành phố`` (city). Deterministic.

    .venv/bin/python models/build_places.py [--out pipeline/models/places]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEVELS = ("thành phố", "thị xã", "huyện", "quận", "tỉnh")  # the level words names open with, longest first


def split_level(name: str) -> tuple[str, str]:
    """(level, bare name) of an official name: ``Huyện Hải Lăng`` → (``huyện``, ``Hải Lăng``)."""
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    for level in LEVELS:
        if name.lower().startswith(level + " "):
            return level, name[len(level) + 1:]
    return "", name


def district_rows(divisions: list[dict]) -> list[list[str]]:
    rows = []
    for province in divisions:
        _, province_name = split_level(province["name"])
        for district in province.get("districts", []):
            level, name = split_level(district["name"])
            if level and re.fullmatch(r"[^\W\d_]+(?:[ -][^\W\d_]+)*", name):  # names, not numbered urban districts
                rows.append([province_name, level, name])
    return sorted(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "pipeline" / "models" / "places")
    args = ap.parse_args(argv)
    try:
        from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH
    except ImportError:
        print("build_places: the vietnam-provinces package (0.x, with districts) is not installed: make places",
              file=sys.stderr)
        return 2
    divisions = json.loads(Path(NESTED_DIVISIONS_JSON_PATH).read_text(encoding="utf-8"))
    rows = district_rows(divisions)
    if not rows:
        print("build_places: this vietnam-provinces release lists no districts (use a 0.x release)", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "districts.json"
    body = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)  # a row a line: diffs stay readable
    path.write_text(f'{{"source": "vietnam-provinces (General Statistics Office list)",\n"rows": [\n{body}\n]}}\n',
                    encoding="utf-8")
    print(f"build_places: {len(rows)} districts of {len({r[0] for r in rows})} provinces → {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
