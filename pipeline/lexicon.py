"""Vietnamese word lists that more than one stage reads (data, no logic)."""

from __future__ import annotations

from dataclasses import dataclass

# Family names (họ): a person's name opens with one of them. The parser finds signers' names with it; the
# restorer keeps the known syllables of a name as read.
SURNAMES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Đào", "Đoàn", "Vương", "Trịnh", "Trương", "Lâm", "Phùng", "Mai", "Tô", "Hà", "Tạ", "Lương",
    "Cao", "Đinh", "Thái", "Lưu", "Quách", "Châu", "Kiều", "Triệu", "La", "Hứa", "Từ", "Tăng", "Chu", "Khúc",
    "Lục", "Thân", "Nông", "Giang", "Hầu", "Lạc", "Lò", "Diệp", "Đàm", "Doãn", "Nghiêm", "Quan", "Tôn", "Âu",
    "Mạc", "Kim", "Bế", "Y", "Văn", "Trịnh", "Lã", "Mạnh", "Phó", "Ninh", "Đồng", "Viên", "Khổng", "Hàn",
    "Bạch", "Tống", "Lại",
]

# The letters that label the points (điểm) of a clause, in order: a, b, c, d, đ, e, … (no f, j, w, z). The outline
# parser checks that a point follows the one before it; the restorer keeps a lone a–k in read Vietnamese as a label.
POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"

# Position titles (chức vụ) printed above the signer's name, read by the header/signature parser and by the
# portal-text layout (a capitals line that is one of them is the position line); longer first when matching.
POSITION_TITLES = [
    "CHỦ TỊCH QUỐC HỘI", "PHÓ CHỦ TỊCH QUỐC HỘI", "CHỦ TỊCH NƯỚC", "PHÓ CHỦ TỊCH NƯỚC", "THỦ TƯỚNG",
    "PHÓ THỦ TƯỚNG", "BỘ TRƯỞNG", "THỨ TRƯỞNG", "THỐNG ĐỐC", "PHÓ THỐNG ĐỐC", "TỔNG KIỂM TOÁN",
    "PHÓ TỔNG KIỂM TOÁN", "CHÁNH ÁN", "PHÓ CHÁNH ÁN", "VIỆN TRƯỞNG", "PHÓ VIỆN TRƯỞNG", "CHỦ TỊCH",
    "PHÓ CHỦ TỊCH", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "TỔNG GIÁM ĐỐC",
    "PHÓ TỔNG GIÁM ĐỐC", "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "VỤ TRƯỞNG", "PHÓ VỤ TRƯỞNG", "CHÁNH VĂN PHÒNG",
    "PHÓ CHÁNH VĂN PHÒNG", "CHÁNH THANH TRA", "PHÓ CHÁNH THANH TRA", "TỔNG CỤC TRƯỞNG", "PHÓ TỔNG CỤC TRƯỞNG",
    "TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG", "HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "BÍ THƯ", "PHÓ BÍ THƯ",
    "CHỦ NHIỆM", "PHÓ CHỦ NHIỆM", "TỔNG THƯ KÝ", "TỔNG BÍ THƯ", "THƯ KÝ", "ỦY VIÊN", "TRƯỞNG ĐOÀN",
    "PHÓ TRƯỞNG ĐOÀN", "CHI CỤC TRƯỞNG", "PHÓ CHI CỤC TRƯỞNG", "TỔNG THANH TRA", "PHÓ TỔNG THANH TRA",
    "TỔNG BIÊN TẬP", "PHÓ TỔNG BIÊN TẬP", "TRƯỞNG KHOA", "CHỦ TỊCH HỘI ĐỒNG", "KIỂM TOÁN TRƯỞNG",
    "CHỦ TỊCH UBND TỈNH", "CHỦ TỊCH ỦY BAN NHÂN DÂN", "GIÁM ĐỐC SỞ", "TRƯỞNG BAN CHỈ ĐẠO",
]


# Document types (loại văn bản): the one table, described in ``parse/vocabulary.py``, which derives its look-ups from
# it. The restorer reads the names too: the lines under a type line are a title.
@dataclass(frozen=True)
class DocType:
    name: str  # as a title prints it, in normal capitalisation (Kế hoạch)
    code: str | None  # Decree-30 abbreviation (KH); None where the type has none (Công văn, Luật)
    english: str
    normative: bool = False  # a normative document: its clauses are rules, not assignments
    code_variants: tuple[str, ...] = ()  # other spellings of the code in real symbols (upper-case, unmarked)
    # The start of the name by which a unit's qualifier ``tại <document>`` (set out in) is recognised as a
    # citation (``tasks.py``), as a regular expression; the first word alone where it covers more than one type
    # and ``Nghị Quyết`` as some offices capitalise it. None: not recognised there.
    cited_after_tai: str | None = None
    # Cited by its name and a bare number (``Quyết định 15``, ``Nghị định 30``): a number after the name is the
    # document's, not a quantity (``quantities.py``).
    numbered_by_name: bool = False


# In the order the rules try them (fuzzy title matching takes the first of equal scores).
DOC_TYPES: tuple[DocType, ...] = (
    DocType("Nghị quyết", "NQ", "resolution", cited_after_tai="Nghị"),
    DocType("Quyết định", "QĐ", "decision", code_variants=("QD",), cited_after_tai="Quyết",
            numbered_by_name=True),
    DocType("Chỉ thị", "CT", "directive"),
    DocType("Quy chế", "QC", "regulation (statute)"),
    DocType("Quy định", "QyĐ", "rules"),
    DocType("Thông cáo", "TC", "communiqué"),
    DocType("Thông báo", "TB", "notice"),
    DocType("Hướng dẫn", "HD", "guidance"),
    DocType("Chương trình", "CTr", "programme"),
    DocType("Kế hoạch", "KH", "plan", cited_after_tai="Kế hoạch"),
    DocType("Phương án", "PA", "scheme"),
    DocType("Đề án", "ĐA", "project proposal"),
    DocType("Dự án", "DA", "project"),
    DocType("Báo cáo", "BC", "report"),
    DocType("Biên bản", "BB", "minutes"),
    DocType("Tờ trình", "TTr", "submission"),
    DocType("Hợp đồng", "HĐ", "contract"),
    DocType("Công điện", "CĐ", "dispatch (telegram)", code_variants=("CD",)),
    DocType("Bản ghi nhớ", "BGN", "memorandum"),
    DocType("Bản thỏa thuận", "BTT", "agreement"),
    DocType("Giấy ủy quyền", "GUQ", "power of attorney"),
    DocType("Giấy mời", "GM", "invitation"),
    DocType("Giấy giới thiệu", "GGT", "letter of introduction"),
    DocType("Giấy nghỉ phép", "GNP", "leave permit"),
    DocType("Phiếu gửi", "PG", "sending slip"),
    DocType("Phiếu chuyển", "PC", "transfer slip"),
    DocType("Phiếu báo", "PB", "notification slip"),
    DocType("Bản sao y", "SY", "true copy"),
    DocType("Bản trích sao", "TrS", "extract copy"),
    DocType("Bản sao lục", "SL", "transcript copy"),
    # normative documents (văn bản quy phạm pháp luật)
    DocType("Hiến pháp", None, "constitution", normative=True),
    DocType("Luật", None, "law", normative=True, cited_after_tai="Luật"),
    DocType("Bộ luật", None, "code of law", normative=True),
    DocType("Pháp lệnh", None, "ordinance", normative=True),
    DocType("Nghị định", "NĐ", "decree", normative=True, code_variants=("ND",), cited_after_tai="Nghị",
            numbered_by_name=True),
    DocType("Thông tư", "TT", "circular", normative=True, cited_after_tai="Thông tư"),
    DocType("Thông tư liên tịch", "TTLT", "joint circular", normative=True, cited_after_tai="Thông tư"),
    DocType("Lệnh", None, "order (of the President)", normative=True),
    # official letter: no Decree-30 abbreviation; CV is not in Decree 30 but real symbols use it
    DocType("Công văn", None, "official letter", code_variants=("CV",), cited_after_tai="[Cc]ông văn"),
)
