"""The word-lexicon prior of the restorer: the builder's pairs from a word list (no model needed) and their effect
on decoding (skips when the restore model has not been built, ``make model``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from models import build_restore
from pipeline.restore import Params, Restorer, load_restorer

MODEL_DIR = Path(__file__).resolve().parents[2] / "pipeline" / "models" / "restore"
needs_model = pytest.mark.skipif(not (MODEL_DIR / "lm.npz").exists(), reason="restore model not built (make model)")


def test_lexicon_pairs_are_adjacent_known_syllables_normalised(tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("a\nchi bộ\nĐiện Biên Phủ\ntỉnh uỷ\nxyz bộ\na-ba-giua\nphấn đấu\n", encoding="utf-8")
    syllables = {"chi", "bộ", "điện", "biên", "phủ", "tỉnh", "ủy"}
    # every adjacent pair of a longer word; case and tone placement normalised (uỷ → ủy); a pair with a syllable
    # outside the vocabulary (xyz, phấn đấu here) is left out, and so are one-syllable entries
    assert build_restore.lexicon_pairs(words, syllables) == sorted(["biên phủ", "chi bộ", "điện biên", "tỉnh ủy"])


def test_builder_says_clearly_when_the_word_list_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(build_restore, "WORD_LIST", ("no_such_package_for_restore_lexicon", "words.txt"))
    assert build_restore.word_list_path() is None
    with pytest.raises(SystemExit, match="--no-lexicon"):
        build_restore.main(["--corpus", str(tmp_path), "--out", str(tmp_path / "out")])


@pytest.fixture(scope="module")
def restorer():
    return load_restorer()


@needs_model
def test_model_ships_the_lexicon(restorer):
    m = restorer.model
    i = m.index
    lexicon = set(m.lexicon)
    assert len(lexicon) > 10_000
    assert (i["chi"], i["bộ"]) in lexicon and (i["phấn"], i["đấu"]) in lexicon
    assert (i["chỉ"], i["bộ"]) not in lexicon
    assert m.settings["lexicon"]["pairs"] == len(m.lexicon)


@needs_model
def test_prior_only_where_the_corpus_bigram_is_weak(restorer):
    m = restorer.model
    i, V = m.index, m.V
    bonus = restorer._lexicon_bonuses()
    assert bonus[i["chi"] * V + i["bộ"]] == restorer.params.lexicon_bonus
    # xây dựng is a lexicon word the legal corpus knows well: left to the LM
    assert (i["xây"], i["dựng"]) in set(m.lexicon) and i["xây"] * V + i["dựng"] not in bonus
    # folding the bonus into the tables copies them: the shared model is unchanged
    key = i["chi"] * V + i["bộ"]
    assert restorer._bi[key] == pytest.approx(m.bi[key] + restorer.params.lexicon_bonus)
    off = Restorer(m, Params(lexicon_bonus=0.0))
    assert off._bi is m.bi and off._tri is m.tri


@needs_model
def test_prior_restores_a_word_the_legal_corpus_rarely_has(restorer):
    text = "Xay dung chi bo trong sach vung manh"
    assert restorer.restore(text).text == "Xây dựng chi bộ trong sạch vững mạnh"
    # the prior is what does it: the corpus's LM alone reads 'chỉ' (as in chỉ đạo, chỉ tiêu)
    assert "chi bộ" not in Restorer(restorer.model, Params(lexicon_bonus=0.0)).restore(text).text
