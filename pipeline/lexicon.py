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
