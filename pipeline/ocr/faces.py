"""The typefaces a Vietnamese administrative page is printed in, for fitting typeset text to a scan.

Decree 30 sets the page in Times New Roman: its metric twin (Debian's fonts-liberation2) comes first, then DejaVu
Serif (fonts-dejavu-core); a face not installed is passed over. The number line is upright, the place-and-date line
italic, the signer's name bold.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

PRINT_FACES = {
    "upright": ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
                "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"),
    "italic": ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf",
               "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf"),
    "bold": ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
             "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"),
}


def installed_faces(style: str = "upright") -> tuple[str, ...]:
    """The installed files of ``style``'s faces, in ``PRINT_FACES``'s order."""
    return tuple(path for path in PRINT_FACES[style] if Path(path).is_file())


@lru_cache(maxsize=64)
def font(face: str, size: int):
    """The face's file loaded at ``size`` pixels (a file that cannot be read raises ``OSError``)."""
    from PIL import ImageFont

    return ImageFont.truetype(face, size)


@lru_cache(maxsize=4096)
def typeset_levels(text: str, face: str, size: int) -> tuple[np.ndarray, int, int]:
    """``text`` in ``face`` at ``size`` pixels, white on black (0 to 255) with 2 pixels of margin, and where its
    left-baseline origin lies in that array (x, y)."""
    from PIL import Image, ImageDraw

    loaded = font(face, size)
    left, top, right, bottom = loaded.getbbox(text, anchor="ls")
    image = Image.new("L", (right - left + 4, bottom - top + 4), 0)
    ImageDraw.Draw(image).text((2 - left, 2 - top), text, font=loaded, fill=255, anchor="ls")
    return np.asarray(image), 2 - left, 2 - top
