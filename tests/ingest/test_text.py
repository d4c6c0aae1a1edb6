import pytest

from pipeline.ingest.text import decode_text_bytes
from pipeline.text import (
    is_syllable_shape,
    looks_vietnamese,
    normalize,
    plausible_text_layer,
    strip_marks,
)


def test_normalize_tone_placement_and_eth():
    assert normalize("hoà thuỷ khoẻ Ðảng") == "hòa thủy khỏe Đảng"
    assert normalize("HOÀ Thuỷ") == "HÒA Thủy"
    # closed syllables and qu- are left alone
    assert normalize("hoàng quý toàn") == "hoàng quý toàn"
    # a vowel mark after the tone (NFD order: dot below, then breve) means another vowel: leave it
    assert normalize("hoặc thuyền khoẻ mạnh") == "hoặc thuyền khỏe mạnh"


def test_normalize_composes_nfc():
    decomposed = "Vie\u0302\u0323t Nam"
    assert normalize(decomposed) == "Việt Nam"


def test_strip_marks():
    assert strip_marks("Cộng hòa xã hội chủ nghĩa Việt Nam, Đà Nẵng") == "Cong hoa xa hoi chu nghia Viet Nam, Da Nang"


def test_syllable_shape():
    for word in ("nghiêng", "Khuya", "quốc", "thành", "trường"):
        assert is_syllable_shape(word), word
    for word in ("strength", "and", "with", "xyz"):
        assert not is_syllable_shape(word), word


def test_looks_vietnamese_with_and_without_marks():
    marked = "Ủy ban nhân dân tỉnh ban hành kế hoạch thực hiện phong trào thi đua năm 2024 trong toàn tỉnh nhằm"
    assert looks_vietnamese(marked) is True
    assert looks_vietnamese(strip_marks(marked)) is True
    english = "The committee adopted the following plan to strengthen the emulation movement across all offices this year"
    assert looks_vietnamese(english) is False
    assert looks_vietnamese("too short") is None


def test_tcvn3_text_is_decoded():
    legacy = "ñy ban nh©n d©n tØnh Qu¶ng Ng·i ®· ban hµnh kÕ ho¹ch".encode("cp1252")
    text, encoding = decode_text_bytes(legacy)
    assert encoding == "tcvn3"
    assert text == "ủy ban nhân dân tỉnh Quảng Ngãi đã ban hành kế hoạch"


def test_vni_text_fails_clearly():
    vni = "UÛy ban nhaân daân tænh Quaûng Ngaõi ñaõ ban haønh keá hoaïch".encode("cp1252")
    with pytest.raises(ValueError, match="VNI"):
        decode_text_bytes(vni)


def test_utf8_and_bom():
    assert decode_text_bytes("\ufeffSố: 58/KH-LHH".encode("utf-8")) == ("Số: 58/KH-LHH", "utf-8")


def test_text_layer_plausibility():
    good = "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc " * 3
    assert plausible_text_layer(good)
    broken = "7ӌ1+ 4Ӣ$1* 1*¤, 9,ӊ7 1$0 ĈӝF OұS 7ӵ GR +ҥQK SK~F " * 5  # a broken ToUnicode map
    assert not plausible_text_layer(broken)
    stamp = "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC ttcbth@quangngai.gov.vn 05.02.2025 15:35:18 +07:00"
    assert not plausible_text_layer(stamp)  # an e-signature stamp over a scan is not the page's text
