"""A page's pixels as a file Tesseract reads without re-encoding: a PDF page rasterised by pdftoppm to raw PNM,
an image file as it is, a TIFF frame or an upscaled page saved as raw PNM."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pipeline.errors import OcrError
from pipeline.types import PageSource


def page_image_file(source: PageSource, workdir: Path) -> str:
    if source.kind == "pdf-image":
        stem = workdir / "page"
        cmd = [
            "pdftoppm", "-r", str(source.dpi or 300),
            "-f", str(source.number), "-l", str(source.number), "-singlefile", source.path, str(stem),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=120, check=False)
        except FileNotFoundError:
            raise OcrError("pdftoppm not found: install poppler-utils (make setup does)") from None
        except subprocess.TimeoutExpired:
            raise OcrError(f"page {source.number}: rasterising took longer than 120 s") from None
        out = stem.with_suffix(".ppm")
        if done.returncode != 0 or not out.exists():
            reason = " ".join(done.stderr.decode("utf-8", "replace").split())[:200]
            raise OcrError(f"page {source.number}: cannot rasterise the PDF page ({reason or 'pdftoppm failed'})")
        return str(out)
    if source.kind == "image":
        suffix = Path(source.path).suffix.lower()
        from PIL import Image

        scaled = source.scale > 1.0
        if not scaled and source.frame == 0 and suffix in {".png", ".jpg", ".jpeg"}:
            return source.path  # Tesseract reads these itself: no decode/encode round trip
        if not scaled and suffix in {".pgm", ".ppm", ".pnm"}:
            with Image.open(source.path) as image:  # reads the header only
                if image.mode in ("L", "RGB"):
                    return source.path  # 8-bit raw PNM: as is

        with Image.open(source.path) as image:
            image.seek(source.frame)
            frame = image.convert("L" if image.mode in ("1", "L", "I;16", "I", "F") else "RGB")
        if scaled:
            # a low-resolution scan (ingest.image_resolution), resampled to Options.min_dpi: Tesseract's glyphs
            # are too small below about 300 dpi
            frame = frame.resize((round(frame.width * source.scale), round(frame.height * source.scale)), Image.LANCZOS)
        out = workdir / ("page.pgm" if frame.mode == "L" else "page.ppm")
        frame.save(out)  # PNM is raw pixels: no compression cost
        return str(out)
    raise ValueError(f"page kind {source.kind} has no image")
