"""The prior over personal-name syllables (pipeline/parse/names.py, the shipped pipeline/models/names/names.json):
a signer's name read unsure takes the common marks, a confident reading is kept, and a name printed two ways is
listed for review."""

from __future__ import annotations

import json

from fakes import DECISION_PAGE

from pipeline.parse import parse_document
from pipeline.parse.lines import make_key
from pipeline.parse.names import (
    NAMES_FILE,
    Syllable,
    load_prior,
    settle_name,
)
from pipeline.parse.review import page_words
from pipeline.parse.signature import other_readings, read_name

PAGE = DECISION_PAGE.replace("Nguyễn Văn An\n", "Nguyễn Văn Tuân\n")


def _words(text: str, low: dict[str, float], default: float = 0.95) -> list[float]:
    """One OCR confidence per word of ``text``: ``default``, or ``low[word]`` for the words named there."""
    return [low.get(w, default) for w in text.split()]


def _parse(text: str, confidences: list[float], raw: str | None = None):
    return parse_document([text], ocr_text=True, words=[page_words(text, raw or text, confidences)])


def test_the_shipped_prior_is_small_and_counts_by_place():
    assert NAMES_FILE.is_file() and NAMES_FILE.stat().st_size < 100_000
    data = json.loads(NAMES_FILE.read_text(encoding="utf-8"))
    assert data["names"] > 50  # distinct names the corpus gave
    prior = load_prior()
    assert prior.count("given", "Tuấn") > prior.count("given", "Tuân")
    assert prior.count("middle", "Văn") > prior.count("given", "Văn")
    assert prior.count("family", "Nguyễn") >= 1 and prior.count("family", "Nguyen") == 0


def test_a_lost_tone_on_a_common_given_name_is_restored_when_unsure():
    name = [Syllable("Nguyễn", 0.96), Syllable("Văn", 0.93), Syllable("Tuân", 0.41)]
    assert settle_name(name) == "Nguyễn Văn Tuấn"
    # every mark lost, every word unsure: each syllable takes its place's common form
    assert settle_name([Syllable("Nguyen", 0.3), Syllable("Van", 0.3), Syllable("Tuan", 0.3)]) == "Nguyễn Văn Tuấn"


def test_a_confident_rarer_reading_is_kept():
    assert settle_name([Syllable("Nguyễn", 0.96), Syllable("Văn", 0.93), Syllable("Tuân", 0.95)]) == "Nguyễn Văn Tuân"
    # two common forms of one key (Hùng, Hưng): an unsure reading of either is kept
    assert settle_name([Syllable("Nguyễn", 0.96), Syllable("Văn", 0.93), Syllable("Hưng", 0.3)]) == "Nguyễn Văn Hưng"
    # a text that was not OCR'd is printed as it is
    assert settle_name([Syllable("Nguyễn"), Syllable("Văn"), Syllable("Tuân")], ocr=False) == "Nguyễn Văn Tuân"


def test_a_middling_reading_changes_only_when_it_is_no_name_syllable():
    # Tuân is no name syllable of the prior, Tuấn a common one: a middling confidence does not protect it
    assert settle_name([Syllable("Lê", 0.95), Syllable("Anh", 0.9), Syllable("Tuân", 0.75)]) == "Lê Anh Tuấn"
    # Hưng is a name syllable: kept
    assert settle_name([Syllable("Lê", 0.95), Syllable("Văn", 0.9), Syllable("Hưng", 0.75)]) == "Lê Văn Hưng"


def test_a_sure_family_or_middle_name_no_name_has_takes_the_priors_form():
    # Khác (other, a common word) is no middle name, Khắc is; Đoăn no family name, Đoàn is: OCR sure of the wrong tone
    assert settle_name([Syllable("Hoàng", 0.95), Syllable("Khác", 0.96), Syllable("Hải", 0.95)]) == "Hoàng Khắc Hải"
    assert settle_name([Syllable("Đoăn", 0.93), Syllable("Đình", 0.95), Syllable("Thưởng", 0.95)]) \
        == "Đoàn Đình Thưởng"
    # a given name read sure is kept, though the prior lacks it (Toản beside Toàn)
    assert settle_name([Syllable("Trương", 0.95), Syllable("Khắc", 0.96), Syllable("Toản", 0.95)]) \
        == "Trương Khắc Toản"
    # Thi is a given name, but no middle name, where Thị is a common one
    assert settle_name([Syllable("Hồ", 0.95), Syllable("Thi", 0.96), Syllable("Mỹ", 0.95)]) == "Hồ Thị Mỹ"
    assert settle_name([Syllable("Hồ", 0.95), Syllable("Văn", 0.96), Syllable("Thi", 0.95)]) == "Hồ Văn Thi"


def test_a_capital_read_as_its_look_alike_leaving_no_syllable_is_mended():
    # Ihanh is no syllable: its I is the bold T of Thanh (the one name its look-alikes make at that place)
    assert settle_name([Syllable("Trần", 0.95), Syllable("Ihanh", 0.95), Syllable("Ẩm", 0.9)]) == "Trần Thanh Ẩm"
    # an L for the T (``Lhủy``), in a middle name of two syllables: Thủy, a given name the prior has elsewhere
    assert settle_name([Syllable("Lê", 0.95), Syllable("Ngọc", 0.95), Syllable("Lhủy", 0.6), Syllable("Hùng", 0.9)]) \
        == "Lê Ngọc Thủy Hùng"
    # a family name no name has whose T is a look-alike of the L of one (Tê: Lê); a family name is kept (Tạ)
    assert settle_name([Syllable("Tê", 0.95), Syllable("Duy", 0.95), Syllable("Kỳ", 0.95)]) == "Lê Duy Kỳ"
    assert settle_name([Syllable("Tạ", 0.95), Syllable("Công", 0.95), Syllable("Vân", 0.95)]) == "Tạ Công Vân"
    # a syllable it spells is kept (Iê is one: no look-alike is tried)
    assert settle_name([Syllable("Iê", 0.95), Syllable("Văn", 0.95), Syllable("Hùng", 0.95)]).startswith("Iê ")


def test_restoration_or_a_second_reading_makes_a_syllable_unsure():
    assert settle_name([Syllable("Trần", 0.95), Syllable("Văn", 0.95), Syllable("Tuân", 0.85, changed=True)]) \
        == "Trần Văn Tuấn"
    assert settle_name([Syllable("Trần", 0.95), Syllable("Văn", 0.95), Syllable("Hưng", 0.85, other="Hùng")]) \
        == "Trần Văn Hưng"  # the readings disagree, but neither form dominates the other
    assert settle_name([Syllable("Trần", 0.95), Syllable("Văn", 0.95), Syllable("Tuân", 0.85, other="Tuấn")]) \
        == "Trần Văn Tuấn"


def test_no_letter_is_ever_changed():
    for word in ("Tuần", "Tuan", "Tuân", "Toan", "Xyz", "Hung"):
        name = [Syllable("Nguyễn", 0.2), Syllable("Văn", 0.2), Syllable(word, 0.2)]
        assert make_key(settle_name(name)) == make_key(f"Nguyễn Văn {word}")


def test_the_parsed_signer_name_takes_the_common_tone_when_ocr_was_unsure():
    parsed = _parse(PAGE, _words(PAGE, {"Tuân": 0.45}))
    assert parsed.signer.name == "Nguyễn Văn Tuấn"
    assert parsed.evidence["signer.name"].text == "Nguyễn Văn Tuấn"
    assert any("kept as 'Nguyễn Văn Tuấn'" in w for w in parsed.warnings)


def test_a_tone_taken_on_the_word_of_a_few_names_is_listed():
    # Vần is no name syllable; as a given name the prior has Văn from two names and Vân from one: Văn is taken,
    # but on so little it is a guess, and the name is listed
    prior = load_prior()
    assert 0 < prior.count("given", "Văn") < 3
    page = DECISION_PAGE.replace("Nguyễn Văn An\n", "Châu Công Vần\n")
    parsed = _parse(page, _words(page, {"Vần": 0.45}))
    assert parsed.signer.name == "Châu Công Văn"
    assert "signer.name" in parsed.review
    assert any("few names to go by" in w for w in parsed.warnings)
    # a common form (Tuấn) is no guess
    assert not any("few names to go by" in w for w in _parse(PAGE, _words(PAGE, {"Tuân": 0.45})).warnings)


def test_the_parsed_signer_name_read_confidently_is_kept():
    parsed = _parse(PAGE, _words(PAGE, {}, default=0.96))
    assert parsed.signer.name == "Nguyễn Văn Tuân"
    # clean text (no OCR words): kept as printed
    assert parse_document([PAGE]).signer.name == "Nguyễn Văn Tuân"


def test_a_name_printed_in_capitals_reads_in_title_case():
    assert read_name("NGUYỄN VĂN AN") == ("Nguyễn Văn An", 0.7)
    assert read_name("PHÓ CHỦ TỊCH") is None and read_name("ỦY BAN NHÂN DÂN") is None
    parsed = parse_document([DECISION_PAGE.replace("Nguyễn Văn An\n", "NGUYỄN VĂN AN\n")])
    assert parsed.signer.name == "Nguyễn Văn An"


ANNEX = """PHỤ LỤC
Danh mục nhiệm vụ cải cách hành chính năm 2025
(Kèm theo Quyết định số 12/QĐ-UBND ngày 20 tháng 3 năm 2025 của Ủy ban nhân dân tỉnh)
1. Rà soát thủ tục hành chính.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
{name}
"""


def test_a_name_read_two_ways_in_one_document_is_listed():
    pages = [DECISION_PAGE, ANNEX.format(name="Nguyễn Văn Ân")]
    parsed = parse_document(pages)
    assert parsed.signer.name == "Nguyễn Văn An"
    assert "signer.name" in parsed.review
    warning = next(w for w in parsed.warnings if w.startswith("signer.name:"))
    assert "Nguyễn Văn Ân" in warning and "page 2" in warning


def test_a_name_printed_alike_in_two_places_is_not_listed():
    parsed = parse_document([DECISION_PAGE, ANNEX.format(name="Nguyễn Văn An")])
    assert parsed.review == []


def test_an_e_signature_that_names_the_signer_otherwise_is_listed():
    esigned = "Ký bởi: Nguyễn Văn Ấn\nThời gian ký: 20.03.2025 10:12:00 +07:00\n" + DECISION_PAGE
    parsed = parse_document([esigned])
    assert "signer.name" in parsed.review
    assert "Nguyễn Văn Ấn" in next(w for w in parsed.warnings if w.startswith("signer.name:"))
    agreeing = "Ký bởi: Nguyễn Văn An\nThời gian ký: 20.03.2025 10:12:00 +07:00\n" + DECISION_PAGE
    assert "signer.name" not in parse_document([agreeing]).review
    # an organisation's e-signature names no person
    org = "Ký bởi: Ủy ban Nhân dân tỉnh Quảng Ngãi\n" + DECISION_PAGE
    assert "signer.name" not in parse_document([org]).review


def test_other_readings_pass_over_the_name_itself():
    page = DECISION_PAGE
    line = page.split("\n").index("Nguyễn Văn An") + 1
    assert other_readings([page], "Nguyễn Văn An", (1, line), ["CHỦ TỊCH"]) == []
    assert other_readings([page], "Nguyễn Văn Ân", (1, line + 5), ["CHỦ TỊCH"]) == \
        [("Nguyễn Văn An", "the signature block on page 1")]


def test_a_rank_before_the_name_does_not_shift_its_words_confidences():
    page = PAGE.replace("Nguyễn Văn Tuân\n", "Thiếu tướng Nguyễn Văn Tuân\n")
    # the rank's words are unsure, the name's are sure: nothing changes
    parsed = _parse(page, _words(page, {"Thiếu": 0.3, "tướng": 0.3}))
    assert parsed.signer.name == "Nguyễn Văn Tuân"
    parsed = _parse(page, _words(page, {"Tuân": 0.3}))
    assert parsed.signer.name == "Nguyễn Văn Tuấn"


def test_a_body_named_by_the_e_signature_is_no_other_reading_of_the_signer():
    for body in ("Thanh Tra Chính Phủ", "Bộ Tài Chính", "Ủy bạn nhân dân nh Quả ng Ngãi"):
        page = f"Ký bởi: {body}\nThời gian ký: 20.03.2025 10:12:00 +07:00\n" + DECISION_PAGE
        assert "signer.name" not in parse_document([page]).review, body


def test_end_to_end_a_name_word_the_engine_reads_unsure_takes_the_common_marks(tmp_path):
    from fakes import ReplayEngine
    from PIL import Image

    from pipeline import Options, extract

    class UnsureName(ReplayEngine):
        def recognise(self, page, number, box=None, psm=None):
            out = super().recognise(page, number, box, psm)
            for line in out.lines:
                for word in line.words:
                    if word.text == "Tuân":
                        word.confidence = 0.4
            return out

    path = tmp_path / "page.png"
    Image.new("L", (2480, 3508), 255).save(path, dpi=(300, 300))
    record = extract(path, Options(jobs=1), engine=UnsureName({1: PAGE}, confidence=0.96))
    assert record.signer.name == "Nguyễn Văn Tuấn"
    assert "signer.name" in record.review  # the OCR was unsure: the prior's choice is still for a person to check
    sure = extract(path, Options(jobs=1), engine=ReplayEngine({1: PAGE}, confidence=0.96))
    assert sure.signer.name == "Nguyễn Văn Tuân"


def test_a_confident_reading_no_name_has_is_kept_but_listed():
    """OCR sure of ``Vần`` (no name syllable) as a given name, where ``Văn`` and ``Vân`` are names: the reading is
    kept (given names are many: a rare one the prior lacks is no slip) and the name is listed for review; a sure
    ``Đúc`` as a middle name, a small closed set, takes Đức; a common name is not listed."""
    from pipeline.parse.names import unknown_syllables

    assert unknown_syllables("Lê Đúc Hiền") == [("Đúc", "Đức")]
    assert unknown_syllables("Lê Đức Hiền") == []
    # a form any name of the prior has at its place, however few, makes a slip of an unknown one (Vần: Vân, Văn)
    assert unknown_syllables("Dương Thanh Vần") == [("Vần", "Văn")]
    assert unknown_syllables("Mai Khác Tường") == [("Khác", "Khắc")]
    # a form no name has at its place, where a same-key one is common there (Thi as a middle name: Thị)
    assert unknown_syllables("Hồ Thi Mỹ Mỹ") == [("Thi", "Thị")]
    assert unknown_syllables("Hồ Thị Mỹ Mỹ") == [] and unknown_syllables("Lê Văn Thi") == []
    page = PAGE.replace("Nguyễn Văn Tuân", "Dương Thanh Vần")
    parsed = _parse(page, _words(page, {}, default=0.96))
    assert parsed.signer.name == "Dương Thanh Vần"
    assert "signer.name" in parsed.review
    assert any("Vần (commonly Văn)" in w for w in parsed.warnings)
    page = PAGE.replace("Nguyễn Văn Tuân", "Lê Đúc Hiền")
    parsed = _parse(page, _words(page, {}, default=0.96))
    assert parsed.signer.name == "Lê Đức Hiền" and "signer.name" not in parsed.review
    common = PAGE.replace("Nguyễn Văn Tuân", "Lê Đức Hiền")
    assert "signer.name" not in _parse(common, _words(common, {}, default=0.96)).review


def test_a_sure_reading_no_syllable_is_spelt_like_takes_the_common_form():
    """OCR sure of ``Đơàn`` (ơ and à: no Vietnamese syllable): its marks are wrong however sure the reading, and
    the family name Đoàn is common; a name word that stays misspelt is listed."""
    from pipeline.parse.names import misspelt

    assert misspelt("Đơàn") and misspelt("Khăäc") and not misspelt("Đoàn") and not misspelt("Tuân")
    # name syllables the corpus's legal text never uses are still spelt right
    assert not any(misspelt(w) for w in ("Toản", "Khải", "Oanh", "Doãn", "Lũy", "Quỳnh"))
    assert settle_name([Syllable("Trương", 0.95), Syllable("Khắc", 0.95), Syllable("Toản", 0.95)]) \
        == "Trương Khắc Toản"
    assert settle_name([Syllable("Đơàn", 0.96), Syllable("Trọng", 0.95), Syllable("Tường", 0.95)]) \
        == "Đoàn Trọng Tường"
    page = PAGE.replace("Nguyễn Văn Tuân", "Lưu Hưòng Vân")  # (no name has a form of its key either)
    parsed = _parse(page, _words(page, {}, default=0.96))
    assert "signer.name" in parsed.review
    assert any("spelt Hưòng" in w for w in parsed.warnings)
