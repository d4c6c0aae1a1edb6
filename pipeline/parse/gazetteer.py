"""Gazetteer: the fixed vocabulary of Decree-30 documents, as data.

The right-column phrases of the header, urgency and secrecy marks, position titles, name prefixes, body-name
heads used for normal capitalisation, and the provinces (place names). Matching keys are ``strip_marks(...).lower()``
forms so that text without marks (unrestored OCR) still matches. Document types and their abbreviations, the
signature's authority prefixes and the task verbs are in ``vocabulary.py``.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from pipeline.lexicon import SURNAMES  # noqa: F401  (re-exported: gz.SURNAMES)
from pipeline.text import strip_marks

# Right column of the header: Quốc hiệu (national name) and Tiêu ngữ (motto), unmarked lower-case.
QUOC_HIEU = "cong hoa xa hoi chu nghia viet nam"
TIEU_NGU = "doc lap - tu do - hanh phuc"
# Party documents carry this instead.
PARTY_MOTTO = "dang cong san viet nam"

# Urgency (độ khẩn) and secrecy (độ mật) marks, most specific first.
URGENCY = ["HỎA TỐC", "THƯỢNG KHẨN", "KHẨN"]  # flash, top urgent, urgent
SECRECY = ["TUYỆT MẬT", "TỐI MẬT", "MẬT", "LƯU HÀNH NỘI BỘ"]  # top secret, secret, confidential, internal

from pipeline.lexicon import POSITION_TITLES  # noqa: E402,F401  (re-exported: gz.POSITION_TITLES)

# Ranks and honorifics printed before a signer's name; dropped from the name.
NAME_PREFIXES = [
    "Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng", "Đại tá", "Thượng tá", "Trung tá", "Thiếu tá",
    "Đô đốc", "Phó Đô đốc", "Chuẩn Đô đốc", "GS.TSKH.", "GS.TS.", "PGS.TS.", "PGS. TS.", "GS. TS.", "GS.",
    "PGS.", "TSKH.", "TS.", "ThS.", "BS.", "KS.", "Ông", "Bà",
]

# Family names (họ): SURNAMES, from pipeline.lexicon (the restorer reads them too).

# Administrative-unit words (cấp hành chính): a place name follows them.
ADMIN_LEVELS = ["thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "xã", "phường", "đặc khu"]
LEVEL_FIRST_WORDS = frozenset(level.split()[0] for level in ADMIN_LEVELS)  # tỉnh, huyện, thị (xã), thành (phố), ...

# Centrally-run cities (thành phố trực thuộc trung ương): their people's committee is a city's (THÀNH PHỐ), not a
# province's (TỈNH).
CENTRAL_CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")
# Provinces and centrally-run cities (before and after the 2025 merger) for place validation.
PROVINCES = [
    *CENTRAL_CITIES, "An Giang", "Bà Rịa - Vũng Tàu",
    "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre", "Bình Định", "Bình Dương", "Bình Phước",
    "Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp",
    "Gia Lai", "Hà Giang", "Hà Nam", "Hà Tĩnh", "Hải Dương", "Hậu Giang", "Hòa Bình", "Hưng Yên",
    "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An",
    "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam",
    "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên",
    "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc",
    "Yên Bái", "TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh",
]


@lru_cache(maxsize=1)
def province_by_key() -> dict[str, str]:
    return {strip_marks(p).lower(): p for p in PROVINCES}


# Districts (huyện), urban districts (quận), towns (thị xã) and provincial cities (thành phố) by province: too many
# to write here, built from the data the vietnam-provinces package ships (models/build_places.py, make places).
DISTRICTS_PATH = Path(__file__).resolve().parents[1] / "models" / "places" / "districts.json"


@lru_cache(maxsize=1)
def districts() -> tuple[tuple[str, str, str], ...]:
    """(province, level, name) of every district; none when the built file is missing."""
    try:
        rows = json.loads(DISTRICTS_PATH.read_text(encoding="utf-8"))["rows"]
    except (OSError, ValueError, KeyError):
        return ()
    return tuple((province, level, name) for province, level, name in rows)


@lru_cache(maxsize=1)
def district_by_key() -> dict[str, str]:
    """Unmarked key → the district's name, for keys only one district name has (``hai lang`` → ``Hải Lăng``);
    a key two spellings share (or a province's) is left out: it cannot say which is meant."""
    names: dict[str, set[str]] = {}
    for _, _, name in districts():
        names.setdefault(strip_marks(name).lower(), set()).add(name)
    provinces = province_by_key()
    return {key: next(iter(found)) for key, found in names.items() if len(found) == 1 and key not in provinces}


@lru_cache(maxsize=1)
def place_by_glued_key() -> dict[str, str]:
    """The provinces' and districts' names by their keys without spaces (``tayninh`` → ``Tây Ninh``): a name whose
    space OCR lost."""
    out = {k.replace(" ", ""): name for k, name in district_by_key().items()}
    out.update((k.replace(" ", ""), name) for k, name in province_by_key().items())
    return out


def is_place_key(key: str) -> bool:
    """Whether an unmarked key is a province's or a district's name."""
    return key in province_by_key() or key in district_by_key()


PLACE_NAME_MOST_WORDS = 4  # the longest province or district name, in words (Bà Rịa - Vũng Tàu)


@lru_cache(maxsize=1)
def place_name_words() -> frozenset[str]:
    """The unmarked words of the province and district names (``quao`` of Gò Quao, ``pleiku``)."""
    return frozenset(w for key in (*province_by_key(), *district_by_key()) for w in key.split())


@lru_cache(maxsize=1)
def place_name_beginnings() -> frozenset[str]:
    """The first words of the place names of two words or more (``hoa`` of Hòa An, ``ba ria`` of Bà Rịa - Vũng
    Tàu), as unmarked keys."""
    out = set()
    for key in (*province_by_key(), *district_by_key()):
        words = key.split()
        out.update(" ".join(words[:k]) for k in range(1, len(words)))
    return frozenset(out)


def place_name_indices(keys: list[str], starts: list[bool] | None = None) -> set[int]:
    """The indices of the words (unmarked ``keys``) that spell a province's or district's name (``ea kar``,
    ``dak lak``, ``pleiku``: minority-language names are no Vietnamese syllables), the longest name from each word
    on; ``starts``: which words may begin one (all when None)."""
    out: set[int] = set()
    for i in range(len(keys)):
        if starts is not None and not starts[i]:
            continue
        for n in range(min(PLACE_NAME_MOST_WORDS, len(keys) - i), 0, -1):
            if is_place_key(" ".join(keys[i:i + n])):
                out.update(range(i, i + n))
                break
    return out


def provinces_named(bodies_key: str) -> list[str]:
    """The keys of the provinces that body names place themselves in (``tỉnh``/``thành phố``/``TP.`` + the name:
    ``uy ban nhan dan tinh quang ngai`` → ``["quang ngai"]``); ``bodies_key``: the names' unmarked keys, joined."""
    return [k for k in province_by_key() if re.search(rf"\b(?:tinh|thanh pho|tp\.?)\s+{re.escape(k)}\b", bodies_key)]


def places_named(bodies: list[str]) -> list[str]:
    """The places body names are of, as printed after their level word, in normal capitals (``ỦY BAN NHÂN DÂN
    HUYỆN SA THẦY`` → ``Sa Thầy``; ``Sở Y tế tỉnh Kon Tum`` → ``Kon Tum``)."""
    levels = "|".join(re.escape(level) for level in ADMIN_LEVELS if " " in level or level not in ("xã",))
    out = []
    for body in bodies:
        match = re.search(rf"(?i)\b(?:{levels}|tp\.)\s+([^\W\d_][\w\s-]*?)\s*$", body)
        if match:
            name = " ".join(word[:1].upper() + word[1:].lower() for word in match.group(1).split())
            glued = place_by_glued_key().get(strip_marks(name).lower().replace(" ", ""))
            # (a name whose space OCR lost, ``TỈNH ĐẮKNÔNG``, as the gazetteer spells it)
            out.append(glued if glued and " " not in name and " " in glued else name)
    return out


# Acronyms kept in capitals when a body name is put in normal capitalisation.
ACRONYMS = {
    "UBND", "HĐND", "MTTQ", "KH&KT", "KHKT", "TTĐT", "VP", "VPUB", "VPCP", "BCĐ", "BCH", "TW", "TƯ", "QH",
    "CP", "KT-XH", "KTXH", "HTX", "LĐLĐ", "TNCS", "CNTT", "PCTT", "TKCN", "BQL", "KCN", "KKT", "CA", "VN",
    "LHPN", "ĐBQH", "TTHC", "BHXH", "THADS", "DN", "NN", "PTNT", "KHCN", "GD&ĐT", "GDĐT", "VH-TT-DL",
}

# Body names in their conventional normal capitalisation (applied after lower-casing), unmarked keys.
BODY_PHRASES = [
    "Ủy ban Thường vụ Quốc hội", "Ủy ban nhân dân", "Hội đồng nhân dân", "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Thủ tướng Chính phủ", "Văn phòng Chính phủ", "Chính phủ", "Quốc hội", "Chủ tịch nước",
    "Ngân hàng Nhà nước Việt Nam", "Ngân hàng Nhà nước", "Kiểm toán nhà nước", "Tòa án nhân dân tối cao",
    "Viện kiểm sát nhân dân tối cao", "Ban Chỉ đạo", "Ban Thường vụ", "Ban Chấp hành", "Ban Quản lý",
    "Ban Tuyên giáo", "Ban Tổ chức", "Ban Dân vận", "Ban Nội chính", "Ban Dân tộc",
    "Liên hiệp các hội", "Hội đồng Thi đua - Khen thưởng", "Hội đồng Thi đua khen thưởng",
    "Trung tâm Công báo và Tin học", "Trung tâm", "Văn phòng", "Thanh tra", "Công an", "Bộ Chỉ huy Quân sự",
    "Khoa học và Kỹ thuật", "Khoa học và Công nghệ", "Tài chính", "Nội vụ", "Tư pháp", "Y tế", "Xây dựng",
    "Công Thương", "Giáo dục và Đào tạo", "Nông nghiệp và Môi trường", "Nông nghiệp và Phát triển nông thôn",
    "Tài nguyên và Môi trường", "Kế hoạch và Đầu tư", "Văn hóa, Thể thao và Du lịch", "Giao thông vận tải",
    "Thông tin và Truyền thông", "Lao động - Thương binh và Xã hội", "Ngoại giao", "Quốc phòng", "Dân tộc",
    "Tỉnh ủy", "Thành ủy", "Huyện ủy", "Đảng ủy", "Tỉnh đoàn", "Bộ Chính trị", "Ban Bí thư",
]

# Heads of body names after which the next word is capitalised (Bộ Tài chính, Sở Nội vụ, Cục Thuế).
BODY_HEADS = ["bộ", "sở", "cục", "tổng cục", "vụ", "viện", "trường", "học viện", "ban", "chi cục", "phòng"]

# Names of the specialised bodies (ngành) that follow Bộ/Sở/Ban in body names (Sở Tài chính, Bộ Nội vụ), as
# printed, longest first when matching. Used for the organisation patterns of ``entities.py``.
DEPARTMENTS = [
    "Tài chính", "Nội vụ", "Tư pháp", "Y tế", "Xây dựng", "Công Thương", "Giáo dục và Đào tạo",
    "Nông nghiệp và Môi trường", "Nông nghiệp và Phát triển nông thôn", "Tài nguyên và Môi trường",
    "Kế hoạch và Đầu tư", "Kế hoạch - Đầu tư", "Văn hóa, Thể thao và Du lịch", "Văn hóa - Thể thao và Du lịch",
    "Giao thông vận tải", "Thông tin và Truyền thông", "Lao động - Thương binh và Xã hội",
    "Lao động, Thương binh và Xã hội", "Ngoại giao", "Ngoại vụ", "Quốc phòng", "Công an", "Dân tộc",
    "Dân tộc và Tôn giáo", "Khoa học và Công nghệ", "Tôn giáo", "Thi đua - Khen thưởng", "Tuyên giáo",
    "Tuyên giáo và Dân vận", "Dân vận", "Tổ chức", "Nội chính", "Quản lý", "Chỉ đạo", "Thường vụ",
    "Du lịch", "Văn hóa và Thể thao", "Tài nguyên, Nông nghiệp và Môi trường",  # (names since the 2025 mergers)
]

# Heads that open an organisation name when capitalised (Sở ..., Ủy ban nhân dân ..., Công ty ...).
ORG_HEADS = [
    "Sở", "Bộ", "Ban", "Ủy ban nhân dân", "Uỷ ban nhân dân", "Ủy ban", "Uỷ ban", "UBND", "Văn phòng", "Công an",
    "Hội", "Liên hiệp", "Cục", "Tổng cục", "Chi cục", "Vụ", "Trung tâm", "Phòng", "Đoàn", "Tỉnh đoàn", "Viện",
    "Học viện", "Trường", "Thanh tra", "Kho bạc", "Ngân hàng", "Công ty", "Tổng công ty", "Hội đồng", "Đài", "Báo",
    "Quỹ", "Bảo hiểm", "Mặt trận", "Tỉnh ủy", "Huyện ủy", "Thành ủy", "Đảng ủy", "HĐND", "MTTQ", "BCH", "Tổ",
    "Khối", "Liên đoàn", "Tổng Liên đoàn", "Cơ quan", "Chính phủ", "Quốc hội",
]

# Lower-case nouns for kinds of bodies, listed after các (các sở, ngành, địa phương; các cơ quan, đơn vị liên quan).
GENERIC_BODIES = ["bộ", "ngành", "sở", "ban", "cơ quan", "đơn vị", "địa phương", "tổ chức", "cá nhân", "hội",
                  "hội thành viên", "doanh nghiệp", "huyện", "xã", "phường", "tỉnh", "thành phố", "thị xã",
                  "ban chuyên môn", "phòng", "cơ quan ngang bộ"]

# Titles of the heads of bodies, printed before a body name (Giám đốc Sở Tài chính, Thủ trưởng các cơ quan).
HEAD_TITLES = ["Thủ trưởng", "Người đứng đầu", "Lãnh đạo", "Chánh Văn phòng", "Thường trực", "Tổng giám đốc",
               "Giám đốc", "Trưởng", "Chủ tịch", "Bộ trưởng", "Cục trưởng"]


# Abbreviations of body names as plans print them, with the name spelt out (``Sở GD&ĐT`` = ``Sở Giáo dục và Đào
# tạo``). Matched as whole tokens, case-sensitively (they are capitals), longest first.
UNIT_ABBREVIATIONS = {
    "GD&ĐT": "Giáo dục và Đào tạo", "GDĐT": "Giáo dục và Đào tạo", "KH&ĐT": "Kế hoạch và Đầu tư",
    "KHĐT": "Kế hoạch và Đầu tư", "TN&MT": "Tài nguyên và Môi trường", "TNMT": "Tài nguyên và Môi trường",
    "NN&MT": "Nông nghiệp và Môi trường", "NN&PTNT": "Nông nghiệp và Phát triển nông thôn",
    "NNPTNT": "Nông nghiệp và Phát triển nông thôn", "KH&CN": "Khoa học và Công nghệ",
    "KHCN": "Khoa học và Công nghệ", "TT&TT": "Thông tin và Truyền thông", "TTTT": "Thông tin và Truyền thông",
    "VHTTDL": "Văn hóa, Thể thao và Du lịch", "VH,TT&DL": "Văn hóa, Thể thao và Du lịch",
    "VHTT&DL": "Văn hóa, Thể thao và Du lịch", "VH-TT-DL": "Văn hóa, Thể thao và Du lịch",
    "LĐTB&XH": "Lao động - Thương binh và Xã hội", "LĐ-TB&XH": "Lao động - Thương binh và Xã hội",
    "LĐTBXH": "Lao động - Thương binh và Xã hội", "GTVT": "Giao thông vận tải", "KH&KT": "Khoa học và Kỹ thuật",
    "KHKT": "Khoa học và Kỹ thuật", "UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân",
    "MTTQVN": "Mặt trận Tổ quốc Việt Nam", "MTTQ": "Mặt trận Tổ quốc", "BHXH": "Bảo hiểm xã hội",
    "BCHQS": "Bộ Chỉ huy Quân sự", "LĐLĐ": "Liên đoàn Lao động", "VPUB": "Văn phòng Ủy ban nhân dân",
    "BQL": "Ban Quản lý", "BCĐ": "Ban Chỉ đạo", "HTX": "Hợp tác xã", "CNTT": "công nghệ thông tin",
}

# Words that open a person's title before the role (Đồng chí Phó Chủ tịch ...): dropped from the owner.
PERSON_PREFIXES = ["Đồng chí", "đồng chí", "Đ/c", "đ/c", "Ông", "Bà"]

# Roles of persons that own a task (lower case): Chủ tịch, Phó Chủ tịch Thường trực, Giám đốc, ... (from the
# position titles of the signature).
PERSON_ROLES = sorted({t.lower() for t in POSITION_TITLES if len(t.split()) <= 4}, key=len, reverse=True)


# Names printed several ways, one canonical form (regular expression → form).
_CANONICAL_NAMES = [(r"\bThi đua,? [Kk]hen thưởng\b", "Thi đua - Khen thưởng"),
                    (r"\bLao động,? Thương binh và Xã hội\b", "Lao động - Thương binh và Xã hội"),
                    (r"\bVăn hóa - Thể thao và Du lịch\b", "Văn hóa, Thể thao và Du lịch"),
                    (r"\bKế hoạch - Đầu tư\b", "Kế hoạch và Đầu tư")]


@lru_cache(maxsize=4096)
def normal_unit(printed: str) -> str:
    """A unit's name as a tracker files it: abbreviations spelt out, ``Uỷ`` written ``Ủy``, a person's ``Đồng
    chí`` dropped, spaces and the trailing punctuation tidied. ``Sở GD&ĐT`` → ``Sở Giáo dục và Đào tạo``."""
    import re  # noqa: PLC0415 - local: the module is data otherwise

    name = " ".join(printed.replace("Uỷ", "Ủy").replace("uỷ", "ủy").split()).strip(" ,;.:")
    for prefix in PERSON_PREFIXES:
        if name.startswith(prefix + " "):
            name = name[len(prefix) + 1:]
            break
    for variant, canonical in _CANONICAL_NAMES:
        name = re.sub(variant, canonical, name)
    for abbr in sorted(UNIT_ABBREVIATIONS, key=len, reverse=True):
        if abbr in name:
            name = re.sub(r"(?<![\w&])" + re.escape(abbr) + r"(?![\w&])", UNIT_ABBREVIATIONS[abbr], name)
    return name[:1].upper() + name[1:] if name else name
