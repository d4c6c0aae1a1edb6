import numpy as np

from pipeline.ocr.cleanup import long_runs, remove_rules


def test_long_runs_keep_only_runs_of_the_length():
    dark = np.zeros((5, 12), bool)
    dark[1, 2:9] = True  # 7 long: a rule at length 5
    dark[3, 0:3] = True  # 3 long: a letter stroke
    dark[4, 7:12] = True  # exactly 5, touching the edge
    runs = long_runs(dark, 5)
    assert runs[1].tolist() == dark[1].tolist()
    assert not runs[3].any()
    assert runs[4].tolist() == dark[4].tolist()


def test_box_border_is_removed_and_text_strokes_stay():
    page = np.full((600, 800), 255, np.uint8)
    page[100:104, 100:700] = 0  # top of a box, 2 inches wide at 300 dpi
    page[100:300, 100:104] = 0  # left side, 200 px tall
    page[200:240, 300:306] = 0  # a letter stem, 40 px tall
    page[250:254, 300:340] = 0  # a short bar, 40 px wide
    clean = remove_rules(page, dpi=300)
    assert (clean[100:104, 100:700] == 255).all()
    assert (clean[100:300, 100:104] == 255).all()
    assert (clean[200:240, 300:306] == 0).all()
    assert (clean[250:254, 300:340] == 0).all()


def test_blank_page_is_returned_as_is():
    page = np.full((50, 50), 255, np.uint8)
    assert remove_rules(page) is page
