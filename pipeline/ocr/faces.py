"""The typefaces a Vietnamese administrative page is printed in, for fitting typeset text to a scan.

Decree 30 sets the page in Times New Roman: its metric twin (Debian's fonts-liberation2) comes first, then DejaVu
Serif (fonts-dejavu-core); a face not installed is passed over. The number line is upright, the place-and-date line
italic, the signer's name bold.
"""

from __future__ import annotations

from pathlib import Path

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
