"""English-OCR text (the 'plain' regime): abbreviations in capitals, the document cache, digits and marks read
inside words. Texts here are written for the tests (plan-like sentences as `tesseract -l eng` mangles them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.restore import Params, Restorer, load_restorer
from pipeline.restore.restorer import _ABBREVIATION

MODEL_DIR = Path(__file__).resolve().parents[2] / "pipeline" / "models" / "restore"
pytestmark = pytest.mark.skipif(not (MODEL_DIR / "lm.npz").exists(), reason="restore model not built (make model)")


@pytest.fixture(scope="module")
def restorer():
    return load_restorer()


@pytest.fixture(scope="module")
def no_cache(restorer):
    return Restorer(restorer.model, Params(cache_weight=0.0))


def test_vowelless_capitals_are_abbreviations():
    assert _ABBREVIATION.match("HDTDKT") and _ABBREVIATION.match("CCVCLD") and _ABBREVIATION.match("HĐND")
    # a syllable always has a vowel: garbled capitals of a word are no abbreviation
    assert not _ABBREVIATION.match("HQI") and not _ABBREVIATION.match("TINH") and not _ABBREVIATION.match("KT")


def test_letters_before_d_with_stroke_come_from_the_corpus_abbreviations(restorer):
    # HĐND, HĐLĐ, BLĐTBXH: Đ after H and L; UBND and HĐND write N-D, and TĐKT but VHTTDL: D after N or T stays
    assert {"H", "L"} <= restorer._d_before
    assert "N" not in restorer._d_before and "T" not in restorer._d_before


@pytest.mark.parametrize("read, want", [
    ("HDTDKT", "HĐTĐKT"),   # Hội đồng Thi đua - Khen thưởng: not in the corpus as a whole
    ("CCVCLD", "CCVCLĐ"),   # công chức, viên chức, lao động
    ("HDTD", "HĐTD"),       # T-D: Đ in TĐKT, D in VHTTDL; left as read
    ("VHTTDL", "VHTTDL"),   # spelt so in the corpus
    ("HDND", "HĐND"),       # as the corpus spells it (code_segments)
    ("UBND", "UBND"),
    ("DBQH", "DBQH"),       # a leading D is left as read: ĐT and DN both open abbreviations
])
def test_abbreviation_in_capitals_gets_its_d_with_stroke(restorer, read, want):
    assert restorer.fix_code(read) == want


def test_abbreviation_d_is_not_guessed_in_read_vietnamese(restorer):
    assert restorer.fix_code("HDTDKT", "vie") == "HDTDKT"  # Vietnamese OCR reads Đ: a D there is a D
    assert "CCVCLD" in restorer.restore("Công đoàn CCVCLD cơ quan và Ban Thường vụ").text


def test_abbreviation_restored_in_english_ocr_text(restorer):
    out = restorer.restore("Noi nhan: - HDTDKT tinh; - Cong doan CCVCLD co quan; - Luu: VT, HDTD.").text
    assert "HĐTĐKT" in out and "CCVCLĐ" in out and "HĐTD." in out
    assert out.startswith("Nơi nhận")


# Plan-like text as English OCR reads it: 'cán bộ' four times in clear context, once ('can bé,') where the trigram
# LM alone prefers 'cần bỏ'; the document's own counts settle it.
CADRES = ("Thi dua yéu nudc trong can bé, hoi vién va ngudi lao dong. Nang cao chat lugng doi ngii can b6, cong "
          "chuc. Quan tam dao tao, boi dudng can bo tré. Moi can bo, dang vién phai guong miu. Can bo chu chot "
          "chiu trach nhiém.")


def test_document_cache_fixes_a_confusion_in_context(restorer, no_cache):
    assert restorer.regime(CADRES.split()) == "plain"
    assert "trong cần bỏ," in no_cache.restore(CADRES).text  # what the LM alone picks
    out = restorer.restore(CADRES).text
    assert out.startswith("Thi đua yêu nước trong cán bộ, hội viên")
    assert out.count("cán bộ") + out.count("Cán bộ") == 5


def test_document_cache_leaves_its_own_token_out(restorer):
    # a word seen once is not backed by itself: the cache of a one-sentence text holds no candidate of 'can'
    text = "Trong can bé, hoi vién."
    parts = text.split()
    from pipeline.restore.restorer import _lows, _split

    cands = [restorer.candidates(low, "plain") for low in _lows([_split(t) for t in parts])]
    choice = [0] * len(cands)
    cache = restorer._doc_cache(cands, choice)
    own = cands[1][0][0]
    assert cache[1] is None or own not in cache[1]


def test_cache_only_in_english_ocr_regime(restorer, no_cache):
    stripped = "Nang cao chat luong doi ngu can bo, cong chuc va nguoi lao dong"
    assert restorer.regime(stripped.split()) == "stripped"
    assert restorer.restore(stripped).text == no_cache.restore(stripped).text


def test_digits_inside_a_word_are_read_as_letters_then_edited(restorer):
    # '16m': 1 → l and 6 → o are learned rewrites, m → n one more edit: 'lớn' is weighed
    assert "lớn" in [t for _, _, t in restorer.candidates("16m", "plain")]
    assert "ngày lễ lớn" in restorer.restore("Gan vdi cac ngay 1é 16m cua dat nudc.").text


def test_a_mark_on_the_reading_means_the_truth_has_marks(restorer):
    cl = {t: s for _, s, t in restorer.candidates("bán", "plain")}
    assert "ban" in cl and cl["ban"] < cl["bán"] - 5  # English OCR almost never puts a mark on a mark-free word
    plain = {t: s for _, s, t in restorer.candidates("ban", "plain")}
    assert plain["ban"] > -1  # a reading without marks: no such cost (English OCR drops most marks)


def test_words_joined_by_a_hyphen_slash_or_ellipsis_are_restored_one_by_one(restorer):
    out = restorer.restore("Gop phan phat trién kinh té-xa hoi cua tinh; hop tac xa...trén dia ban; ket nap 01 hoi "
                           "thanh vién/hoi vién tap thé.").text
    assert "kinh tế-xã hội" in out and "hợp tác xã...trên địa bàn" in out and "hội thành viên/hội viên" in out
    # codes keep their letters (only a lost Đ comes back); positions in the text are kept
    res = restorer.restore("Thyc hién Ké hoach s6 15/KH-UBND va Chi thi 26-CT/TU cua tinh")
    assert "15/KH-UBND" in res.text and "26-CT/TU" in res.text
    split = restorer.restore("kinh té-xa hoi, vién/hoi")
    assert [t.original for t in split.tokens][:3] == ["kinh", "té-", "xa"]


def test_pair_context_backs_a_pair_chosen_elsewhere_not_at_the_token_itself(restorer):
    from pipeline.restore.restorer import _split

    m = restorer.model
    a, b, c = m.index["thắng"], m.index["thang"], m.index["lợi"]
    parts = [_split(t) for t in "thang loi , thang loi".split()]
    cands = [[(a, 0.0, "thắng"), (b, 0.0, "thang")], [(c, 0.0, "lợi")], [(m.UNK, 0.0, ",")],
             [(a, 0.0, "thắng"), (b, 0.0, "thang")], [(c, 0.0, "lợi")]]
    bonus = restorer.params.pair_bonus
    # first pass: 'thắng lợi' at token 0, 'thang lợi' at token 3
    out = restorer._pair_context(parts, cands, [0, 0, 0, 1, 0])
    assert out[3][0][1] == bonus and out[3][1][1] == 0.0  # token 3: 'thắng lợi' was chosen at token 0
    assert out[0][0][1] == 0.0 and out[0][1][1] == bonus  # token 0: its own pair is left out; 'thang lợi' at 3
