"""Score the handwritten-digit reader on writers it never trained on: ``python models/eval_digits.py``.

Each held-out writer (``build_digits.HELD_OUT_WRITERS``, never in training) writes numbers (1–4 digits) and days
(1–31, sometimes with a leading 0) into a scan-like crop: per-digit size, rotation and baseline jitter, digits
touching or far apart (a leading digit written apart), slant, stroke width, broken strokes (pen pressure), blue
ink turned gray, blur and paper noise. The distortion here is written separately from the build's augmentation
(``build_digits.distort``) so the score is not the training recipe graded by itself.

Reported per writer:

* ``string``: whole-string accuracy of ``read_digits`` (what the pipeline does with a blank);
* ``seg``: share of crops cut into exactly as many glyphs as digits; ``glyph``: digit accuracy of those glyphs;
* ``apart``: whole-string accuracy on the numbers whose leading digit is written apart (a fifth of them);
* ``mean``: over the writers, the accuracy of accepted reads pooled; ``mean w/o Femke`` leaves out Femkeklaver,
  whose outlined (hollow) digits no training hand resembles;
* calibration: the reads the pipeline accepts, their share and accuracy. A read goes back into the page text as
  an OCR word (``fields.word_confidence``: halved below ``fields.HANDWRITTEN_SURE``); the number is accepted when
  that word reaches ``ACCEPT + HANDWRITTEN_MARGIN`` of ``pipeline.parse.review``, the day when it reaches the
  OCR-cap threshold ``(ACCEPT − OCR_CAP_BASE) / OCR_CAP_SLOPE``: both from a read of 0.95 up.

``--lowo``: leave-one-writer-out over the training writers (one font family at a time): renders the build's
training set once, trains a reduced model without writer W's glyphs, scores W here. A fair estimate of how a new
writer is read, since the five held-out writers are few.

``--model PATH`` scores another model file (default: the shipped one). Fixed seeds: the same numbers every run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_digits  # noqa: E402

from pipeline.ocr.handwriting import digits, fields  # noqa: E402
from pipeline.parse import review  # noqa: E402

EVAL_SEED = 4242
NUMBER_THRESHOLD = review.ACCEPT + review.HANDWRITTEN_MARGIN
DAY_THRESHOLD = (review.ACCEPT - review.OCR_CAP_BASE) / review.OCR_CAP_SLOPE


def sample_number(rng: np.random.Generator) -> str:
    length = int(rng.integers(1, 5))
    text = "".join(str(int(d)) for d in rng.integers(0, 10, size=length))
    if text[0] == "0" and (length > 2 or rng.random() < 0.7):
        text = str(int(rng.integers(1, 10))) + text[1:]
    return text if int(text) > 0 else "1" + text[1:]


def sample_day(rng: np.random.Generator) -> str:
    day = int(rng.integers(1, 32))
    return f"{day:02d}" if day < 10 and rng.random() < 0.5 else str(day)


def scan_crop(text: str, font_path: str, rng: np.random.Generator) -> tuple[np.ndarray, float, bool]:
    """A grayscale crop of ``text`` handwritten with ``font_path`` as a 300 dpi scan shows it, the height of
    the printed text around it (the pipeline's scale) and whether its leading digit was written apart."""
    digit_height = float(rng.uniform(34, 72))
    font = ImageFont.truetype(font_path, int(digit_height * 1.35))
    pieces = []
    for ch in text:
        image = build_digits.draw_char(ch, font, 3)[0]
        image = image.rotate(float(rng.normal(0, 3)), resample=Image.BILINEAR, expand=True)
        scale = rng.uniform(0.92, 1.08)
        image = image.resize((max(1, int(image.width * scale)), max(1, int(image.height * scale))), Image.BILINEAR)
        pieces.append(np.asarray(image, dtype=np.float32) / 255.0)
    size = int(digit_height)
    height = max(p.shape[0] for p in pieces) + 2 * size
    width = sum(p.shape[1] for p in pieces) + 3 * size * len(pieces) + 2 * size
    canvas = np.zeros((height, width), dtype=np.float32)
    apart = len(text) > 1 and rng.random() < 0.2  # the leading digit written apart from the rest
    x = size
    for i, piece in enumerate(pieces):
        y = size + int(rng.normal(0, 0.05 * size))
        y = min(max(0, y), height - piece.shape[0])
        canvas[y:y + piece.shape[0], x:x + piece.shape[1]] = np.maximum(
            canvas[y:y + piece.shape[0], x:x + piece.shape[1]], piece)
        gap = rng.uniform(0.7, 1.3) if (apart and i == 0) else rng.uniform(-0.12, 0.3)
        x = max(0, int(x + piece.shape[1] + gap * size))
    canvas = canvas[:, :x + size]
    image = Image.fromarray((canvas * 255).astype(np.uint8))
    slant = float(rng.uniform(-0.1, 0.35))
    image = image.transform(image.size, Image.AFFINE, (1, slant, -slant * image.height / 2, 0, 1, 0),
                            resample=Image.BILINEAR)
    stroke = rng.random()
    if stroke < 0.2:
        image = image.filter(ImageFilter.MaxFilter(3))  # a broad pen
    elif stroke < 0.35:
        image = image.filter(ImageFilter.MinFilter(3))  # a fine one
    ink = np.asarray(image, dtype=np.float32) / 255.0
    if rng.random() < 0.3:  # pen pressure: the ink fades in places, strokes break
        field = rng.random((max(2, ink.shape[0] // 12), max(2, ink.shape[1] // 12))).astype(np.float32)
        field = np.asarray(Image.fromarray(field).resize((ink.shape[1], ink.shape[0]), Image.BICUBIC))
        ink = ink * np.clip(0.3 + 1.2 * field, 0, 1)
    image = Image.fromarray((np.clip(ink, 0, 1) * 255).astype(np.uint8))
    if rng.random() < 0.6:
        image = image.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.4, 1.1))))
    ink = np.asarray(image, dtype=np.float32) / 255.0
    paper = float(rng.uniform(225, 252))
    ink_gray = float(rng.uniform(20, 130))  # black to blue ink scanned in gray
    gray = paper - ink * (paper - ink_gray) + rng.normal(0, rng.uniform(2, 8), ink.shape)
    text_height = digit_height / float(rng.uniform(0.8, 1.3))
    return np.clip(gray, 0, 255).astype(np.uint8), text_height, apart


def score_writer(fonts: list[str], model: digits.DigitModel, count: int, seed: int,
                 glyph_probs: list | None = None, reads: list | None = None) -> dict:
    """Reads of ``count`` numbers and ``count`` days written with ``fonts`` (one picked per crop);
    ``glyph_probs``: collects (probabilities, digit) of the glyphs of crops cut right; ``reads``: (kind,
    confidence, right) of every read."""
    rng = np.random.default_rng(seed)
    out = {}
    for kind, sample, threshold in (("number", sample_number, NUMBER_THRESHOLD), ("day", sample_day, DAY_THRESHOLD)):
        right = segmented = glyphs_right = glyphs = accepted = accepted_right = apart_count = apart_right = 0
        for _ in range(count):
            text = sample(rng)
            gray, text_height, apart = scan_crop(text, fonts[int(rng.integers(len(fonts)))], rng)
            mask = digits.ink_mask(gray)
            read = digits.read_digits(mask, text_height, kind=kind, model=model)
            expected = text if kind == "number" else str(int(text))
            value = read.value if kind == "number" or read.value is None else str(int(read.value))
            ok = value == expected
            right += ok
            if reads is not None:
                reads.append((kind, read.confidence if read.value is not None else 0.0, ok))
            apart_count += apart
            apart_right += apart and ok
            # the read goes back into the page text as an OCR word (fields.word_confidence: halved below the bar)
            if read.value is not None and fields.word_confidence(read.confidence) >= threshold:
                accepted += 1
                accepted_right += ok
            cut = digits.segment_glyphs(mask, text_height)
            if len(cut) == len(text):
                segmented += 1
                probs = model.probabilities(np.stack([digits.glyph_features(g) for g in cut]))
                glyphs += len(text)
                glyphs_right += int(sum(int(p[:digits.NOT_A_DIGIT].argmax()) == int(ch) for p, ch in zip(probs, text)))
                if glyph_probs is not None:
                    glyph_probs.extend(zip(probs, (int(ch) for ch in text)))
        out[kind] = {"string": right / count, "seg": segmented / count, "glyph": glyphs_right / max(1, glyphs),
                     "accepted": accepted / count, "accepted_accuracy": accepted_right / max(1, accepted),
                     "accepted_n": accepted, "accepted_right_n": accepted_right,
                     "apart": apart_right / max(1, apart_count)}
    return out


def _row(name: str, result: dict) -> str:
    n, d = result["number"], result["day"]
    return (f"{name:16} {n['string']:6.1%} {n['seg']:6.1%} {n['glyph']:6.1%} {n['accepted']:6.1%} "
            f"{n['accepted_accuracy']:6.1%} {n['apart']:6.1%} | {d['string']:6.1%} {d['glyph']:6.1%} {d['accepted']:6.1%} "
            f"{d['accepted_accuracy']:6.1%}")


HEADER = (f"{'writer':16} {'num':>6} {'seg':>6} {'glyph':>6} {'acc%':>6} {'acc ok':>6} {'apart':>6} | "
          f"{'day':>6} {'glyph':>6} {'acc%':>6} {'acc ok':>6}")


def _mean(results: dict[str, dict]) -> dict:
    """Means over the writers; the accuracy of accepted reads pooled (a writer with one accepted read would
    otherwise weigh as much as one with a hundred)."""
    out = {}
    for kind in ("number", "day"):
        rows = [r[kind] for r in results.values()]
        out[kind] = {k: float(np.mean([r[k] for r in rows])) for k in rows[0]}
        out[kind]["accepted_accuracy"] = (sum(r["accepted_right_n"] for r in rows)
                                          / max(1, sum(r["accepted_n"] for r in rows)))
    return out


def held_out(model: digits.DigitModel, count: int) -> dict[str, dict]:
    print(f"held-out writers, {count} numbers and {count} days each (accepted: number written back at >= "
          f"{NUMBER_THRESHOLD:.2f}, day at >= {DAY_THRESHOLD:.2f}; below {fields.HANDWRITTEN_SURE} a read is "
          "written back halved)")
    print(HEADER)
    results = {}
    reads: dict[str, list] = {}
    for i, (name, fonts) in enumerate(build_digits.HELD_OUT_WRITERS.items()):
        present = [f for f in fonts if Path(f).is_file()]
        if not present:
            print(f"{name:16} (font missing)")
            continue
        reads[name] = []
        results[name] = score_writer(present, model, count, EVAL_SEED + i, reads=reads[name])
        print(_row(name, results[name]), flush=True)
    if results:
        print(_row("mean", _mean(results)))
        others = {k: v for k, v in results.items() if k != "Femkeklaver"}
        print(_row("mean w/o Femke", _mean(others)))
        print("calibration: share right (reads) per confidence band, all held-out writers")
        for kind in ("number", "day"):
            pooled = np.array([(c, ok) for rows in reads.values() for k, c, ok in rows if k == kind])
            cells = []
            for lo, hi in ((0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 0.95), (0.95, 1.01)):
                band = (pooled[:, 0] >= lo) & (pooled[:, 0] < hi)
                share = f"{pooled[band, 1].mean():.0%}" if band.any() else "-"
                cells.append(f"[{lo:.2f}, {min(hi, 1):.2f}) {share} ({int(band.sum())})")
            print(f"  {kind:6} " + "  ".join(cells))
    return results


def leave_one_writer_out(renders: int, epochs: int, count: int) -> dict[str, dict]:
    """Train without each training writer in turn (a reduced build) and score that writer."""
    fonts = build_digits.available_fonts(build_digits.TRAIN_FONTS)
    started = time.time()
    x, y, source = build_digits.make_dataset(renders, fonts, build_digits.SEED, with_source=True)
    print(f"leave-one-writer-out: {len(y)} glyphs from {renders} renders in {time.time() - started:.0f} s")
    print(HEADER)
    families: dict[str, list[int]] = {}
    for index, (path, _) in enumerate(fonts):
        family = build_digits.writer_of(path)
        if family is not None:
            families.setdefault(family, []).append(index)
    results = {}
    glyph_probs: list = []
    for i, (family, indices) in enumerate(families.items()):
        keep = ~np.isin(source, indices)
        params = build_digits.train_model(x[keep], y[keep], epochs, build_digits.SEED, quiet=True)
        model = digits.DigitModel.from_arrays(params)
        results[family] = score_writer([fonts[j][0] for j in indices], model, count, EVAL_SEED + 100 + i,
                                       glyph_probs)
        print(_row(family, results[family]), flush=True)
    print(_row("mean", _mean(results)))
    probs = np.stack([p for p, _ in glyph_probs]).astype(np.float64)
    labels = np.array([d for _, d in glyph_probs])
    # whether the probabilities want tempering on hands never seen (T > 1: they are surer than right); the fit
    # on the build of this change was T = 1, so the reader uses them as they are
    print("temperature of the glyph probabilities on writers left out (negative log-likelihood of the digit):")
    for t in (1.0, 1.5, 2.0, 2.5, 3.0, 4.0):
        tempered = probs ** (1.0 / t)
        tempered /= tempered.sum(axis=1, keepdims=True)
        top = tempered[:, :digits.NOT_A_DIGIT].max(axis=1)
        nll = -np.log(tempered[np.arange(len(labels)), labels] + 1e-9).mean()
        print(f"  T={t:.1f}: NLL {nll:.3f}, mean top probability {top.mean():.3f}, "
              f"accuracy {(tempered[:, :digits.NOT_A_DIGIT].argmax(1) == labels).mean():.3f}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(digits.MODEL_PATH))
    parser.add_argument("--count", type=int, default=200, help="numbers and days per writer")
    parser.add_argument("--lowo", action="store_true", help="also leave-one-writer-out over the training writers")
    parser.add_argument("--lowo-renders", type=int, default=16000)
    parser.add_argument("--lowo-epochs", type=int, default=6)
    parser.add_argument("--lowo-count", type=int, default=80)
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    model = digits.load_model(args.model)
    results = {"held_out": held_out(model, args.count)}
    if args.lowo:
        results["leave_one_writer_out"] = leave_one_writer_out(args.lowo_renders, args.lowo_epochs, args.lowo_count)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
