"""parse() and parse_text(): the entry points that tie readers and recognizers together."""
from __future__ import annotations

import io
import os
from pathlib import Path
from typing import BinaryIO

from .errors import CulturegovError
from .models import PolicyDocument

Source = str | os.PathLike | bytes | BinaryIO


def parse(source: Source, *, name: str | None = None) -> PolicyDocument:
    """Parse a file path, bytes or a binary file object; the format is sniffed from content."""
    data, path = _read_source(source, name)
    _check_size(data, path)
    from .pipeline import build_document
    from .readers import read

    fmt, extracted = read(data, path)
    return build_document(extracted.text, extracted.blocks, source=path, fmt=fmt,
                          findings=extracted.findings,
                          encoding=extracted.encoding)


def parse_text(text: str, *, name: str | None = None) -> PolicyDocument:
    """Parse text that is already a str."""
    from .pipeline import build_document
    from .readers.text import text_to_blocks

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return build_document(text, text_to_blocks(text), source=name, fmt="text", encoding=None)


def _check_size(data: bytes, path: str | None) -> None:
    """One input-size limit for every format, checked before any reader runs."""
    from .errors import InputTooLargeError
    from .limits import get_limits

    limit = get_limits().max_input_bytes
    if len(data) > limit:
        raise InputTooLargeError(
            f"is {len(data):,} bytes, over the limit of {limit:,}; raise it with "
            "culturegov.limits.set_limits(max_input_bytes=...) if the file is genuine", path=path)


def _read_source(source: Source, name: str | None) -> tuple[bytes, str | None]:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), name
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            return path.read_bytes(), name or str(path)
        except FileNotFoundError:
            raise CulturegovError("no such file; check the path", path=str(path)) from None
        except IsADirectoryError:
            raise CulturegovError("is a directory; use `culturegov convert DIR` for a folder",
                                  path=str(path)) from None
        except OSError as exc:
            raise CulturegovError(f"cannot be read ({exc.strerror})", path=str(path)) from None
    if isinstance(source, io.IOBase) or hasattr(source, "read"):
        data = source.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        return data, name or getattr(source, "name", None)
    raise TypeError(f"parse() takes a path, bytes or a binary file object, not {type(source).__name__}")
