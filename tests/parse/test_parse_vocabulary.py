"""The one table of document types (vocabulary.py): names, codes and their variants map one to one."""

from __future__ import annotations

import re

import pytest

from pipeline.parse import vocabulary as vocab


def test_names_are_unique_and_every_type_has_an_english_meaning():
    names = [t.name for t in vocab.DOC_TYPES]
    assert len(names) == len(set(names))
    assert len({vocab.type_key(n) for n in names}) == len(names)
    assert all(t.english for t in vocab.DOC_TYPES)


@pytest.mark.parametrize("doc_type", [t for t in vocab.DOC_TYPES if t.code], ids=lambda t: t.code)
def test_every_code_maps_to_one_name_and_back(doc_type):
    assert vocab.code_for_type(doc_type.name) == doc_type.code
    assert [t.name for t in vocab.DOC_TYPES if t.code == doc_type.code] == [doc_type.name]
    if doc_type.code not in ("HD", "ĐA"):  # unmarked keys shared with HĐ and DA: see type_by_code
        assert vocab.type_by_code()[vocab.code_key(doc_type.code)] == doc_type.name


def test_unmarked_code_collisions_are_the_known_two():
    keys: dict[str, list[str]] = {}
    for t in vocab.DOC_TYPES:
        if t.code:
            keys.setdefault(vocab.code_key(t.code), []).append(t.name)
    assert {k: v for k, v in keys.items() if len(v) > 1} == {"HD": ["Hướng dẫn", "Hợp đồng"],
                                                            "DA": ["Đề án", "Dự án"]}
    assert vocab.type_by_code()["HD"] == "Hợp đồng" and vocab.type_by_code()["DA"] == "Dự án"


def test_code_variants_name_their_type():
    assert vocab.type_by_code()["CV"] == vocab.CONG_VAN
    assert vocab.type_by_code()["QD"] == "Quyết định" and vocab.type_by_code()["ND"] == "Nghị định"
    for t in vocab.DOC_TYPES:
        for variant in t.code_variants:
            assert variant == variant.upper() and vocab.type_by_code()[variant] == t.name


@pytest.mark.parametrize("printed,name", [("KẾ HOẠCH", "Kế hoạch"), ("ke hoach", "Kế hoạch"),
                                          ("THÔNG  TƯ LIÊN TỊCH", "Thông tư liên tịch"), ("quyết định", "Quyết định")])
def test_type_names_match_in_any_case_and_without_marks(printed, name):
    assert vocab.type_by_key()[vocab.type_key(printed)] == name


def test_longest_keys_first():
    keys = vocab.type_keys_longest_first()
    assert keys.index("thong tu lien tich") < keys.index("thong tu")
    assert sorted(keys) == sorted(vocab.type_by_key())


def test_normative_types():
    assert vocab.NORMATIVE == {"Hiến pháp", "Luật", "Bộ luật", "Pháp lệnh", "Nghị định", "Thông tư",
                               "Thông tư liên tịch", "Lệnh"}
    assert vocab.CONG_VAN not in vocab.NORMATIVE and vocab.CONG_VAN in vocab.TYPE_CODES


def test_citation_heads_start_their_own_type_name():
    for t in vocab.DOC_TYPES:
        if t.cited_after_tai:
            assert re.match(t.cited_after_tai, t.name), t.name
    rx = re.compile(rf"tại (?:{vocab.cited_after_tai()})")
    assert rx.match("tại Nghị Quyết số 5") and rx.match("tại công văn số 3") and not rx.match("tại Chỉ thị")


def test_authority_prefixes_and_verbs():
    assert list(vocab.AUTHORITY_PREFIXES) == ["TM", "KT", "TL", "TUQ", "Q"]
    assert set(vocab.AUTHORITY_PREFIX_OCR.values()) <= set(vocab.AUTHORITY_PREFIXES)
    assert len(vocab.VERBS) == len(set(vocab.VERBS)) and "chủ trì" in vocab.VERBS
