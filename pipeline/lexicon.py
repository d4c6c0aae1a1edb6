"""Vietnamese word lists that more than one stage reads (data, no logic)."""

from __future__ import annotations

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
