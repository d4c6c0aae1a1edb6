"""Render plain text to degraded page images and OCR them with Tesseract.

Used only to *learn an OCR confusion model* (and to make our own dev measurements): pages of corpus text are
typeset at 300 dpi in a serif font (DejaVu Serif or Liberation Serif, ~13 pt), degraded like a scan (small
rotation, blur, noise, levels, JPEG) and read by ``tesseract -l eng`` and ``-l vie``. Results are cached under
``.cache/restore/`` keyed by a hash of the text and settings, so ``make model`` is quick the second time.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = {
    "dejavu": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "liberation": "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
}
DPI = 300
PAGE_W, PAGE_H = 2480, 3508  # A4 at 300 dpi


@dataclass
class RenderSettings:
    font: str
    pt: float
    rotation_deg: float
    blur_radius: float
    noise_sigma: float
    jpeg_quality: int
    black_level: int
    white_level: int
    scale: float = 1.0   # < 1: scanned at lower resolution, then resampled back to 300 dpi
    stroke: int = 0      # -1 thinner strokes (light toner), +1 bolder (dark toner), 0 as typeset

    @classmethod
    def sample_heavy(cls, rng: random.Random) -> "RenderSettings":
        """A harsher scan (like real archive copies): low resolution, strong blur/noise/JPEG, toner changes."""
        return cls(
            font=rng.choice(["dejavu", "liberation", "liberation"]),
            pt=rng.choice([12.0, 12.5, 13.0, 13.5, 14.0]),
            rotation_deg=rng.uniform(-1.5, 1.5),
            blur_radius=rng.uniform(0.5, 1.2),
            noise_sigma=rng.uniform(5.0, 14.0),
            jpeg_quality=rng.randint(25, 60),
            black_level=rng.randint(30, 80),
            white_level=rng.randint(190, 235),
            scale=rng.uniform(0.45, 0.75),
            stroke=rng.choice([-1, 0, 0, 1]),
        )

    @classmethod
    def sample(cls, rng: random.Random) -> "RenderSettings":
        return cls(
            font=rng.choice(["dejavu", "dejavu", "liberation"]),
            pt=rng.choice([12.5, 13.0, 13.0, 13.5, 14.0]),
            rotation_deg=rng.uniform(-1.2, 1.2),
            blur_radius=rng.uniform(0.3, 0.9),
            noise_sigma=rng.uniform(2.0, 9.0),
            jpeg_quality=rng.randint(40, 80),
            black_level=rng.randint(20, 60),
            white_level=rng.randint(205, 240),
        )


def wrap_lines(paragraphs: list[str], font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap of each paragraph to ``width`` pixels."""
    out: list[str] = []
    for para in paragraphs:
        words = para.split()
        line = ""
        for w in words:
            cand = f"{line} {w}" if line else w
            if font.getlength(cand) <= width or not line:
                line = cand
            else:
                out.append(line)
                line = w
        if line:
            out.append(line)
    return out


def render_page(paragraphs: list[str], s: RenderSettings, seed: int) -> tuple[Image.Image, list[str]]:
    """Typeset paragraphs on one page; return the degraded greyscale image and the lines actually drawn."""
    rng = np.random.default_rng(seed)
    font = ImageFont.truetype(FONTS[s.font], int(round(s.pt * DPI / 72)))
    left, right, top, bottom = 400, 230, 270, 290
    lines = wrap_lines(paragraphs, font, PAGE_W - left - right)
    step = int(round(s.pt * DPI / 72 * 1.16))
    max_lines = (PAGE_H - top - bottom) // step
    lines = lines[:max_lines]
    img = Image.new("L", (PAGE_W, PAGE_H), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((left, top + i * step), line, font=font, fill=0)
    if s.stroke:
        img = img.filter(ImageFilter.MinFilter(3) if s.stroke > 0 else ImageFilter.MaxFilter(3))
    img = img.rotate(s.rotation_deg, resample=Image.BICUBIC, fillcolor=255)
    if s.scale < 1.0:
        small = (int(PAGE_W * s.scale), int(PAGE_H * s.scale))
        img = img.resize(small, Image.BILINEAR).resize((PAGE_W, PAGE_H), Image.BICUBIC)
    img = img.filter(ImageFilter.GaussianBlur(s.blur_radius))
    arr = np.asarray(img, dtype=np.float32)
    arr = s.black_level + arr * (s.white_level - s.black_level) / 255.0
    arr = arr + rng.normal(0.0, s.noise_sigma, arr.shape)
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=s.jpeg_quality)
    buf.seek(0)
    return Image.open(buf).convert("L"), lines


def tesseract(img: Image.Image, lang: str) -> str:
    """Run ``tesseract -l lang`` (default page segmentation) on an image; return its text."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.png"
        img.save(path)
        res = subprocess.run(
            ["tesseract", str(path), "stdout", "-l", lang, "--dpi", str(DPI)],
            capture_output=True, check=True, env=env,
        )
    return res.stdout.decode("utf-8", errors="replace")


def cache_path(paragraphs: list[str], settings: RenderSettings, seed: int, langs: tuple[str, ...],
               cache_dir: Path) -> Path:
    d = asdict(settings)
    if d["scale"] == 1.0 and d["stroke"] == 0:  # keys of pages made before these two settings existed
        del d["scale"], d["stroke"]
    key_src = json.dumps([paragraphs, d, seed, sorted(langs), 1], ensure_ascii=False)
    return cache_dir / f"{hashlib.sha1(key_src.encode('utf-8')).hexdigest()[:20]}.json"


def render_and_ocr(paragraphs: list[str], settings: RenderSettings, seed: int, langs: tuple[str, ...],
                   cache_dir: Path) -> dict:
    """Render + OCR with caching. Returns {"gt": text, "<lang>": text, "settings": {...}}."""
    path = cache_path(paragraphs, settings, seed, langs, cache_dir)
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    img, lines = render_page(paragraphs, settings, seed)
    rec = {"gt": "\n".join(lines), "settings": asdict(settings), "seed": seed}
    for lang in langs:
        rec[lang] = tesseract(img, lang)
    cache_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    return rec
