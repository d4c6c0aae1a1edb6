"""The one table of document types, and the other abbreviation vocabularies the rules share.

``DOC_TYPES`` (data in ``pipeline.lexicon``, as the restorer reads the type names too) lists each document type (loại văn bản) once: its Vietnamese name as a title prints it, its Decree-30
abbreviation (chữ viết tắt, Phụ lục III of Nghị định 30/2020/NĐ-CP), its English meaning, whether it is a normative
document (văn bản quy phạm pháp luật), and the other spellings of its code seen in real symbols (``CV`` for Công
văn, ``QD`` for QĐ). Every reader of type names or type codes derives what it needs from this table: the title
and ``Số`` line of the header, the type named by a symbol, the type before a cited code, the rule that ends a
responsible unit before ``tại <document>``. Matching keys are ``strip_marks(...).lower()`` forms so that text
without marks (unrestored OCR) still matches.

Also here: the signature's authority prefixes (TM., KT. ...) and the task verbs (``VERBS``), which the task rules
(``tasks.py``) and the name patterns (``entities.py``) both read.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.lexicon import DOC_TYPES, DocType  # noqa: F401  (the table: re-exported as vocab.DOC_TYPES)
from pipeline.text import strip_marks


CONG_VAN = "Công văn"  # official letter: the type of a document with a symbol or a V/v subject and no title

# Type name → Decree-30 abbreviation (None where it has none).
TYPE_CODES: dict[str, str | None] = {t.name: t.code for t in DOC_TYPES}

# Normative documents (laws, decrees, circulars): their clauses are rules, not assignments.
NORMATIVE: frozenset[str] = frozenset(t.name for t in DOC_TYPES if t.normative)


def type_key(name: str) -> str:
    """The matching key of a type name: unmarked, lower-case, single spaces (``KẾ  HOẠCH`` → ``ke hoach``)."""
    return " ".join(strip_marks(name).lower().split())


def code_key(code: str) -> str:
    """The matching key of a type code: unmarked, upper-case (``QĐ`` → ``QD``, ``CTr`` → ``CTR``)."""
    return strip_marks(code).upper()


@lru_cache(maxsize=1)
def type_by_key() -> dict[str, str]:
    """Unmarked lower-case type name → canonical type name."""
    return {type_key(t.name): t.name for t in DOC_TYPES}


@lru_cache(maxsize=1)
def type_by_code() -> dict[str, str]:
    """Abbreviation key (``code_key``) → type name, the code variants included.

    Unmarked keys collide for two pairs of Decree-30 codes: HD (Hướng dẫn) and HĐ (Hợp đồng), DA (Dự án) and ĐA
    (Đề án). The later type in ``DOC_TYPES`` takes the key (HD → Hợp đồng, DA → Dự án), as it always has.
    """
    out = {code_key(t.code): t.name for t in DOC_TYPES if t.code}
    out.update({variant: t.name for t in DOC_TYPES for variant in t.code_variants})
    return out


@lru_cache(maxsize=1)
def type_keys_longest_first() -> list[str]:
    """The type-name keys, longest first (for matching the longest name: ``thong tu lien tich`` before ``thong tu``)."""
    return sorted(type_by_key(), key=len, reverse=True)


def code_for_type(name: str | None) -> str | None:
    """The Decree-30 abbreviation of a type name (None for an unknown type or one without)."""
    return TYPE_CODES.get(name) if name else None


def cited_after_tai() -> str:
    """Alternation of the type-name starts that make ``tại <document>`` a citation (``cited_after_tai``)."""
    return "|".join(dict.fromkeys(t.cited_after_tai for t in DOC_TYPES if t.cited_after_tai))


# Words a title's phrase cannot stop on (of, and, number, about, at, under, for, with, in, towards, on), with their
# marks ("sơ" is not "số"): a subject line ending on one goes on in the next, and a subject ending on one lost its end.
OPEN_WORDS: frozenset[str] = frozenset("của và số về tại theo cho với trong đối trên".split())

# Signature authority prefixes (printed with a dot before the authority line), in the order they are tried.
AUTHORITY_PREFIXES: dict[str, str] = {
    "TM": "on behalf of (a collective body)",  # thay mặt
    "KT": "deputy for",  # ký thay
    "TL": "by order of",  # thừa lệnh
    "TUQ": "by delegation of",  # thừa ủy quyền
    "Q": "acting",  # quyền
}
# How OCR misreads an authority prefix → the prefix (the T of a bold TM read as 1 or I).
AUTHORITY_PREFIX_OCR: dict[str, str] = {"1M": "TM", "IM": "TM"}

# Verbs that follow the responsible unit in a task (lower-case as printed); longer first when matching. The
# task rules (``tasks.py``) read them, and the name patterns (``entities.py``) end a unit's name at them.
VERBS = [
    "chủ trì", "phối hợp", "theo dõi", "đôn đốc", "tổ chức", "triển khai", "thực hiện", "xây dựng", "hướng dẫn",
    "kiểm tra", "tham mưu", "báo cáo", "tổng hợp", "chỉ đạo", "quán triệt", "có trách nhiệm", "chịu trách nhiệm",
    "rà soát", "đề xuất", "trình", "ban hành", "bố trí", "đảm bảo", "bảo đảm", "tuyên truyền", "phổ biến",
    "cung cấp", "thẩm định", "tiếp nhận", "giám sát", "nghiên cứu", "khẩn trương", "tăng cường", "chủ động",
    "tiếp tục", "phát động", "cập nhật", "công bố", "thông báo", "quản lý", "hỗ trợ", "vận động", "căn cứ",
    "là cơ quan", "lập", "sơ kết", "tổng kết", "đánh giá", "gửi", "hoàn thành", "tập trung", "thường xuyên",
    "định kỳ", "phải", "cần", "thi hành", "giúp", "làm đầu mối", "xem xét", "chấp hành", "nắm", "quyết định",
    "phân công", "cử", "dự", "tham gia", "lãnh đạo", "quan tâm", "bổ sung", "sửa đổi", "ưu tiên", "xác định",
    "giải quyết", "niêm yết", "bàn giao", "thẩm tra", "lấy ý kiến", "góp ý", "thống nhất", "xử lý", "tiến hành",
    "giải thể", "tự", "tiếp thu", "chuẩn bị", "hoàn thiện", "thảo luận", "điều hành", "kết luận", "biểu quyết", "được",
]
