"""The review page: boxes on the words each field came from, flagged fields first and marked, checked in a real
browser (headless Chromium from Debian's packages) whose rendering the test reads back from the DOM."""

from __future__ import annotations

import base64
import html
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO
from PIL import Image

from pipeline import Options, extract
from pipeline.evidence import span_box
from pipeline.output.review_page import field_entries, review_html, write_review_page
from pipeline.text import fold

SAMPLE = REPO / "samples" / "qd-ubnd.tiff"
ARTEFACTS = REPO / "tests" / "artefacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def test_a_span_maps_to_its_words_boxes():
    text = "Số: 214/QĐ-UBND\n\nVề việc thành lập\nTổ công tác"
    boxes = [[(10, 10, 50, 30), (60, 10, 200, 30)], None, [(10, 50, 40, 70), (45, 50, 80, 70), (85, 50, 150, 70),
                                                          (155, 50, 190, 70)], [(10, 80, 30, 100), (35, 80, 70, 100),
                                                                                (75, 80, 100, 100)]]
    assert span_box(text, boxes, 1, 4, 15) == (60, 10, 200, 30)  # the code, not "Số:"
    # a subject running on to the next line takes that line's words too
    assert span_box(text, boxes, 3, 0, 17, length=len("Về việc thành lập Tổ công tác")) == (10, 50, 190, 100)
    assert span_box(text, boxes, 9, 0, 3) is None  # no such line


@pytest.fixture(scope="module")
def sample_record():
    return extract(SAMPLE, Options(jobs=2))


def test_every_ocr_field_has_a_box_on_its_page(sample_record):
    for path in ("document.code", "document.issue_date", "document.subject", "signer.name"):
        evidence = sample_record.evidence[path]
        page = sample_record.pages[evidence.page - 1]
        x0, y0, x1, y1 = evidence.box
        assert 0 <= x0 < x1 <= page.image_width and 0 <= y0 < y1 <= page.image_height, path


def test_flagged_fields_come_first_and_text_input_is_marked(sample_record):
    record = sample_record.model_copy(deep=True)
    record.review = ["signer.name"]
    record.warnings.append("signer.name: read under a seal")
    entries = field_entries(record)
    assert entries[0]["path"] == "signer.name" and entries[0]["flagged"] and entries[0]["reason"] == "read under a seal"
    text_record = extract(REPO / "samples" / "plan-kh-lhh.gt.txt", Options(jobs=1))
    page = review_html(text_record)
    assert "<img" not in page and 'data-field="document.code"' in page
    code = re.search(r'<mark class="box [a-z]+" data-field="document.code"[^>]*>([^<]*)</mark>', page)
    assert code and html.unescape(code.group(1)) == text_record.document.code


def _rendered(page_html: Path, tmp_path: Path) -> str:
    """The page's DOM after Chromium laid it out, each box's place on its page image written into it."""
    probe = page_html.read_text(encoding="utf-8").replace("</body>", """<script>
document.querySelectorAll('figure .box').forEach(function (b) {
  var r = b.getBoundingClientRect(), p = b.parentElement.querySelector('img').getBoundingClientRect();
  b.setAttribute('data-rendered', [(r.left - p.left) / p.width, (r.top - p.top) / p.height,
                                   (r.right - p.left) / p.width, (r.bottom - p.top) / p.height].join(','));
});
document.body.setAttribute('data-font', getComputedStyle(document.body).fontFamily);
// choosing a field highlights its box (and scrolls to it)
document.querySelector('button.field[data-target="signer.name"]').click();
document.body.setAttribute('data-active', Array.from(document.querySelectorAll('.box.active'))
  .map(function (b) { return b.dataset.field; }).join(','));
</script></body>""")
    probed = tmp_path / "probed.html"
    probed.write_text(probe, encoding="utf-8")
    done = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                           "--virtual-time-budget=3000", "--dump-dom", probed.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    return done.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (make test installs it)")
def test_the_review_page_in_a_browser(sample_record, tmp_path):
    """Each field's box lies over the words of its evidence: the part of the embedded page image under the box,
    as Chromium laid it out, reads as the field's value; a flagged field is marked; a screenshot is kept."""
    from pipeline.ocr.engine import InProcessEngine
    from pipeline.types import PageImage

    record = sample_record.model_copy(deep=True)
    record.review = ["document.issue_date"]
    record.warnings.append("document.issue_date: the e-signature timestamp is earlier")
    page_path = tmp_path / "review.html"
    write_review_page(record, page_path)
    assert page_path.stat().st_size < 2 * 1024 * 1024 * record.source.pages
    dom = _rendered(page_path, tmp_path)
    assert "DejaVu Sans" in re.search(r'data-font="([^"]*)"', dom).group(1)
    assert re.search(r'data-active="([^"]*)"', dom).group(1) == "signer.name"
    figures = {int(m.group(1)): m.group(0) for m in re.finditer(r'<figure class="page" id="page-(\d+)">.*?</figure>', dom)}
    assert sorted(figures) == [p.number for p in record.pages]
    engine = InProcessEngine()
    checked = 0
    for path in ("document.code", "document.issue_date", "signer.name"):
        figure = figures[record.evidence[path].page]
        image = Image.open(io.BytesIO(base64.b64decode(re.search(r'src="data:image/jpeg;base64,([^"]+)"', figure).group(1))))
        box = re.search(rf'<div class="box ([a-z]+)(?: active)?" data-field="{re.escape(path)}"[^>]*data-rendered="([^"]+)"', figure)
        assert box, path
        x0, y0, x1, y1 = (float(v) for v in box.group(2).split(","))
        pad = 0.004
        crop = image.crop((round((x0 - pad) * image.width), round((y0 - pad) * image.height),
                           round((x1 + pad) * image.width), round((y1 + pad) * image.height)))
        crop = crop.resize((crop.width * 3, crop.height * 3), Image.LANCZOS)
        words = " ".join(w.text for w in engine.recognise(PageImage(crop.convert("L")), 1, psm=7).words)
        expected = {"document.code": record.document.code, "signer.name": record.signer.name,
                    "document.issue_date": record.evidence["document.issue_date"].text}[path]
        assert fold(expected).replace(" ", "") in fold(words).replace(" ", ""), (path, words)
        checked += 1
        assert (box.group(1) == "flagged") == (path == "document.issue_date")
    assert checked == 3
    flagged = re.search(r'<button class="field flagged" data-target="document.issue_date" data-flagged="true">', dom)
    assert flagged and dom.index(flagged.group(0)) < dom.index('data-target="document.code"')  # listed first
    ARTEFACTS.mkdir(exist_ok=True)
    subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile2'}",
                    f"--screenshot={ARTEFACTS / 'review-qd-ubnd.png'}", "--window-size=1500,1000", page_path.as_uri()],
                   capture_output=True, timeout=120, check=True)
    assert (ARTEFACTS / "review-qd-ubnd.png").stat().st_size > 10_000


def test_the_cli_writes_a_review_page_and_a_batch_index(tmp_path):
    """`extract FILE --review PAGE.html`; a batch with `--review DIR` writes a page per document and an index:
    documents to check first, failed ones with their reason."""
    from click.testing import CliRunner

    from pipeline.cli import main

    one = tmp_path / "one.html"
    done = CliRunner().invoke(main, [str(REPO / "samples" / "plan-kh-lhh.gt.txt"), "-o", str(tmp_path / "one.json"),
                                     "--review", str(one)])
    assert done.exit_code == 0, done.output
    assert 'data-field="document.code"' in one.read_text(encoding="utf-8")
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("plan-kh-lhh.gt.txt", "qd-ubnd.gt.txt"):
        shutil.copy(REPO / "samples" / name, inputs / name)
    (inputs / "broken.pdf").write_text("not a pdf", encoding="utf-8")
    done = CliRunner().invoke(main, [str(inputs), "-o", str(tmp_path / "out"), "--review", str(tmp_path / "review")])
    assert done.exit_code == 3, done.output
    index = (tmp_path / "review" / "index.html").read_text(encoding="utf-8")
    assert "2 with none · 1 failed" in index and "broken.pdf: ingest: named .pdf but holds text data" in index
    assert (tmp_path / "review" / "plan-kh-lhh.gt.html").is_file() and (tmp_path / "review" / "qd-ubnd.gt.html").is_file()
    # a folder given for one input is a usage error, not a traceback
    done = CliRunner().invoke(main, [str(REPO / "samples" / "plan-kh-lhh.gt.txt"), "--review", str(tmp_path)])
    assert done.exit_code == 2 and "is a folder" in done.output
