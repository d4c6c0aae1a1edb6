"""Joined text over several lines, with a map back to (page, line, column) for evidence.

Items of a plan wrap over lines and cited codes or dates may be cut by a line end; rules run on the joined
text (lines joined with one space) and report where each match came from.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from pipeline.parse.lines import Line, make_key
from pipeline.record import Evidence


@dataclass
class Joined:
    lines: list[Line]
    text: str = ""
    key: str = ""
    starts: list[int] = field(default_factory=list)  # offset in ``text`` where each line begins

    @classmethod
    def of(cls, lines: list[Line], skip_blank: bool = True) -> "Joined":
        kept = [ln for ln in lines if not (skip_blank and ln.blank)]
        parts: list[str] = []
        starts: list[int] = []
        pos = 0
        for ln in kept:
            starts.append(pos)
            parts.append(ln.text)
            pos += len(ln.text) + 1
        text = " ".join(parts)
        if all(ln._key is not None for ln in kept):
            key = " ".join(ln.key for ln in kept)  # line keys already made
        else:
            key = make_key(text)
        return cls(kept, text, key, starts)

    def locate(self, offset: int) -> tuple[Line, int]:
        """The line holding ``offset`` and the column inside it."""
        i = max(0, bisect_right(self.starts, offset) - 1)
        return self.lines[i], offset - self.starts[i]

    def evidence(self, start: int, end: int, confidence: float = 0.8) -> Evidence | None:
        if not self.lines:
            return None
        line, col = self.locate(start)
        end_line, end_col = self.locate(max(start, end - 1))
        stop = end_col + 1 if end_line is line else len(line.text)
        return line.evidence(col, stop, confidence, text=self.text[start:end].strip())
