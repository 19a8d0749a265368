"""The document text written piece by piece, with the offset every piece lands at: what a
reader that builds its own text (Word, web pages) uses so that its Blocks point into it."""
from __future__ import annotations

from . import Block


class TextWriter:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.blocks: list[Block] = []

    def result(self) -> tuple[str, list[Block]]:
        return "".join(self.parts), self.blocks

    def _write(self, text: str) -> tuple[int, int]:
        """Append `text`; its (start, end) in the document text."""
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        return start, self.pos

    def _new_line(self) -> None:
        if self.parts:
            self._write("\n")
