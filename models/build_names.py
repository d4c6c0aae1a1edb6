"""Build the prior over Vietnamese personal names (``make names``): corpus → ``pipeline/models/names/names.json``.

Only ``../shared/corpus`` is read (never dev/ or heldout/). Person names are found by general patterns of the
text, each a title-case run of two to four Vietnamese syllables (họ tên, a full name):

- ``signature``: under a signature block's position line (``CHỦ TỊCH``, ``KT. BỘ TRƯỞNG``, ``THỨ TRƯỞNG``, …),
  past ``(Đã ký)`` (signed) and blank lines;
- ``honorific``: after ``Ông`` (Mr), ``Bà`` (Ms), ``đồng chí`` (comrade), ``Đ/c``, opening with a known family
  name (``lexicon.SURNAMES``);
- ``form``: after ``Họ và tên:`` (full name:), opening with a known family name;
- ``run``: any run of three or four title-case syllables that opens with an unambiguous family name (one that is
  no common place or word: not ``Hà``, ``Cao``, ``Văn``, …) and holds no province's name.

Each distinct full name counts once (a minister who signs a hundred decrees is one person), then every syllable is
counted by its place in the name: family name (first), middle names, given name (last), under its unmarked key
(``tuan``) with the marked forms seen (``Tuấn``, ``Tuân``). The JSON holds only these syllable counts, no full
names. Deterministic.

    .venv/bin/python models/build_names.py [--corpus ../shared/corpus] [--out pipeline/models/names] [--show 12]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.lexicon import POSITION_TITLES, SURNAMES  # noqa: E402
from pipeline.parse.gazetteer import PROVINCES  # noqa: E402
from pipeline.text import SYLLABLE_SHAPE, normalize, strip_marks  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

_UPPER = "A-ZĐÀ-ỸẠ-Ỹ"
_LOWER = "a-zđà-ỹạ-ỹ"
_SYL = rf"[{_UPPER}][{_LOWER}]*"
_RUN = re.compile(rf"(?<![{_UPPER}{_LOWER}])({_SYL}(?:[ \t]+{_SYL}){{1,3}})(?![ \t]*[{_UPPER}])(?![{_LOWER}])")
_AUTHORITY = re.compile(r"^(?:TM|KT|TL|TUQ|Q|PKT)\s*\.\s*\S")
_SIGNED = re.compile(r"^\(?\s*(?:đã ký|ký|chữ ký|đã ký và đóng dấu)\b.*\)?$", re.IGNORECASE)
_HONORIFIC = re.compile(rf"(?:\b(?:[Ôô]ng|[Bb]à|[Đđ]ồng chí|Đ/c|đ/c)[ \t]+)({_SYL}(?:[ \t]+{_SYL}){{1,3}})")
_FORM = re.compile(rf"Họ và tên\s*:?[ \t]*({_SYL}(?:[ \t]+{_SYL}){{1,3}})")

# family names that are also common words or place names (Hà Nội, Cao Bằng, Văn phòng, Thái Bình, …): a run
# opening with one of them is no evidence of a person
AMBIGUOUS_FAMILY = {"ha", "cao", "van", "mai", "giang", "kim", "thai", "quan", "ninh", "dong", "lac", "la", "lo",
                    "chu", "to", "tu", "y", "tang", "than", "lam", "vien", "hau", "au", "ton", "nong", "luc", "an",
                    "bach", "han", "pho", "manh", "luu", "chau", "lai", "dao", "hoang", "long", "ho", "tong"}


# Common given names (tên) and middle names (tên đệm) as printed, each counted as one name besides the corpus's: the
# corpus's legal texts name few people (about a hundred signers), so a given name no minister bears would otherwise
# have no prior at all. Only the marked form matters: it says which of the same-key readings is a name.
SEED_GIVEN = """
An Anh Ánh Bảo Bắc Bích Bình Cảnh Chi Chiến Chính Chung Công Cúc Cường Dân Diệp Dung Dũng Duy Dương Đạt Điệp
Định Đông Đức Giang Hà Hải Hạnh Hào Hằng Hân Hậu Hiền Hiển Hiếu Hiệp Hoa Hòa Hoài Hoan Hoàn Hoàng Hồng Hợp Huệ
Hùng Hưng Hương Hường Huy Huyền Khải Khang Khánh Khiêm Khoa Khôi Khuê Khương Kiên Kiệt Lan Lâm Lệ Liên Linh Loan
Long Lộc Lợi Luân Lực Lương Mai Mạnh Minh My Mỹ Nam Nga Ngân Nghĩa Ngọc Nguyên Nhàn Nhân Nhật Nhung Ninh Oanh Phát
Phong Phú Phúc Phụng Phương Phượng Quân Quang Quế Quý Quyên Quyết Quỳnh Sang Sáng Sơn Sĩ Sỹ Tài Tâm Tân Thạch Thái
Thắm Thắng Thăng Thanh Thành Thảo Thi Thiện Thịnh Thoa Thọ Thông Thu Thuận Thủy Thúy Thùy Thư Thương Thường Tiến
Tiệp Tín Tình Tịnh Toàn Trà Trang Trâm Trí Trinh Triều Trọng Trúc Trung Trường Tú Tuấn Tùng Tuyên Tuyết Tư Tường
Uyên Vân Văn Việt Vinh Vĩnh Vũ Vương Vy Xuân Yến
""".split()
SEED_MIDDLE = """
Anh Bá Bảo Bích Cao Chí Công Danh Diệu Duy Đăng Đình Đức Gia Hà Hải Hoài Hoàng Hồng Hùng Huy Hữu Khắc Kim Lệ
Mạnh Minh Mỹ Ngọc Nguyên Như Nhật Phương Quang Quốc Quý Sỹ Tấn Thanh Thành Thế Thị Thu Thùy Thúy Tiến Trọng Trung
Trường Tuấn Tường Văn Viết Việt Vĩnh Xuân
""".split()


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("vbpl/*.txt")) + sorted(corpus.glob("laws/*.txt"))


def _key(word: str) -> str:
    return strip_marks(word).lower()


_SURNAME_FORMS = {normalize(s) for s in SURNAMES}
_TITLE_KEYS = {" ".join(_key(t).split()) for t in POSITION_TITLES}
_PROVINCE_WORDS = {w for p in PROVINCES for w in _key(p).replace("-", " ").split() if w not in ("tp.", "thanh", "pho")}
_PROVINCE_PAIRS = set()
for _p in PROVINCES:
    _ws = _key(_p).replace("-", " ").split()
    _PROVINCE_PAIRS.update(zip(_ws, _ws[1:]))


def is_name_run(words: list[str]) -> bool:
    """Two to four title-case Vietnamese syllables (a name's shape, not yet a name)."""
    if not 2 <= len(words) <= 4:
        return False
    for w in words:
        if len(w) < 2:  # a template's letter (Nguyễn Văn A) or an initial
            return False
        if not (w[0].isupper() and (len(w) == 1 or w[1:].islower())):
            return False
        if not SYLLABLE_SHAPE.match(_key(w)):
            return False
    return True


def _position_line(line: str) -> bool:
    s = line.strip()
    if not s or not s.isupper() and not _AUTHORITY.match(s):
        return False
    if _AUTHORITY.match(s):
        return True
    key = " ".join(_key(s).split())
    return key in _TITLE_KEYS or any(key.startswith(t + " ") for t in _TITLE_KEYS)


def signature_names(lines: list[str]) -> list[str]:
    """Names under a position line: the first non-blank line past ``(Đã ký)`` that is a whole name."""
    out = []
    for i, line in enumerate(lines):
        if not _position_line(line):
            continue
        for k in range(i + 1, min(len(lines), i + 8)):
            s = lines[k].strip()
            if not s or _SIGNED.match(s) or _position_line(s):
                continue
            words = s.split()
            if is_name_run(words) and words[0] in _SURNAME_FORMS and not _title_words(words):
                out.append(" ".join(words))
            break
    return out


def _title_words(words: list[str]) -> bool:
    """A title-case position (``Phó Thống Đốc``) or a misplaced mark (``Qúy``), not a name."""
    keys = " ".join(_key(w) for w in words)
    return keys in _TITLE_KEYS or " ".join(keys.split()[1:]) in _TITLE_KEYS or \
        any(re.match(r"[Qq][úùủũụ]", w) for w in words)


def _pairs_place(words: list[str]) -> bool:
    keys = [_key(w) for w in words]
    return any(pair in _PROVINCE_PAIRS for pair in zip(keys, keys[1:]))


def text_names(text: str) -> dict[str, list[str]]:
    """The names of one text by pattern (see the module's text)."""
    lines = text.splitlines()
    found: dict[str, list[str]] = {"signature": signature_names(lines), "honorific": [], "form": [], "run": []}
    for pattern, kind in ((_HONORIFIC, "honorific"), (_FORM, "form")):
        for m in pattern.finditer(text):
            words = m.group(1).split()
            if is_name_run(words) and words[0] in _SURNAME_FORMS and not _pairs_place(words) \
                    and not _title_words(words):
                found[kind].append(" ".join(words))
    for line in lines:
        for m in _RUN.finditer(line):
            words = m.group(1).split()
            if len(words) < 3 or not is_name_run(words):
                continue
            first = _key(words[0])
            if words[0] not in _SURNAME_FORMS or first in AMBIGUOUS_FAMILY:
                continue
            if _pairs_place(words) or _title_words(words) or any(_key(w) in _PROVINCE_WORDS for w in words[1:2]):
                continue
            found["run"].append(" ".join(words))
    return found


def count_parts(names: set[str]) -> dict[str, dict[str, dict[str, int]]]:
    """Per place (family, middle, given), per unmarked key, the marked forms and the number of names they are in;
    the family names of ``lexicon.SURNAMES`` and the seed lists count once each besides."""
    parts: dict[str, dict[str, Counter]] = {"family": {}, "middle": {}, "given": {}}
    for place, seed in (("family", SURNAMES), ("middle", SEED_MIDDLE), ("given", SEED_GIVEN)):
        for word in dict.fromkeys(normalize(w) for w in seed):
            parts[place].setdefault(_key(word), Counter())[word] += 1
    for name in sorted(names):
        words = name.split()
        places = ["family"] + ["middle"] * (len(words) - 2) + ["given"]
        for word, place in zip(words, places):
            parts[place].setdefault(_key(word), Counter())[word] += 1
    return {place: {k: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for k, c in sorted(by.items())}
            for place, by in parts.items()}


def build(corpus: Path) -> tuple[dict, dict[str, Counter]]:
    files = corpus_files(corpus)
    if not files:
        raise SystemExit(f"no corpus under {corpus}")
    by_kind: dict[str, Counter] = {}
    for path in files:
        text = normalize(path.read_text(encoding="utf-8"))
        for kind, names in text_names(text).items():
            by_kind.setdefault(kind, Counter()).update(names)
    names = {n for c in by_kind.values() for n in c}
    data = {
        "about": "Vietnamese personal-name syllables by place (family, middle, given): unmarked key → marked form → "
                 "number of distinct names of the corpus holding it. Built by models/build_names.py (make names) "
                 "from ../shared/corpus only.",
        "names": len(names),
        "by_pattern": {k: len(c) for k, c in sorted(by_kind.items())},
        **count_parts(names),
    }
    return data, by_kind


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--out", type=Path, default=ROOT / "pipeline" / "models" / "names")
    ap.add_argument("--show", type=int, default=0, help="print this many names of each pattern")
    args = ap.parse_args(argv)
    data, by_kind = build(args.corpus)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "names.json"
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n",
                    encoding="utf-8")
    print(f"{data['names']} distinct names ({', '.join(f'{k}: {v}' for k, v in data['by_pattern'].items())}); "
          f"keys: family {len(data['family'])}, middle {len(data['middle'])}, given {len(data['given'])}; "
          f"{path} {path.stat().st_size // 1024} kB")
    for kind, c in sorted(by_kind.items()):
        if args.show:
            print(f"  {kind}: " + "; ".join(n for n, _ in c.most_common(args.show)))


if __name__ == "__main__":
    main()
