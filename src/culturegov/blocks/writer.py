"""The document text written piece by piece, with the offset every piece lands at: what a
reader that builds its own text (Word, web pages) uses so that its Blocks point into it.

The character limit is held while the text grows, not once it is whole: a Word file may
inflate to 200 MB of XML, and the blocks of such a text would need gigabytes before a
check at the end could refuse it."""
from __future__ import annotations

from ..errors import InputTooLargeError
from ..limits import get_limits
from . import Block


def check_text_chars(length: int, path: str | None = None) -> None:
    """InputTooLargeError when a text of `length` characters is over `max_text_chars`."""
    limit = get_limits().max_text_chars
    if length > limit:
        raise InputTooLargeError(f"the text has {length:,} characters or more, over the limit "
                                 f"of {limit:,}; split the file or raise max_text_chars",
                                 path=path)


class TextWriter:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.blocks: list[Block] = []
        self._limit = get_limits().max_text_chars

    def result(self) -> tuple[str, list[Block]]:
        return "".join(self.parts), self.blocks

    def _write(self, text: str) -> tuple[int, int]:
        """Append `text`; its (start, end) in the document text."""
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        if self.pos > self._limit:
            check_text_chars(self.pos)
        return start, self.pos

    def _new_line(self) -> None:
        if self.parts:
            self._write("\n")
