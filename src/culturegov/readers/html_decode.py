"""The encoding of a saved web page: a BOM, the declaration (<meta charset>, http-equiv,
an MHTML part header), else the text reader's detection.

Declarations name a narrower charset than pages use: a page declaring gb2312 holds GBK
characters (镕, 堃), one declaring big5 holds HKSCS ones, so each is read as its superset.
A declaration the bytes contradict (a UTF-8 page saved as GBK) gives way to detection.
"""
from __future__ import annotations

import codecs
import logging
import re

log = logging.getLogger(__name__)

_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
             "cp936": "gb18030", "big5": "big5hkscs", "x-x-big5": "big5hkscs",
             "cp950": "big5hkscs", "iso-8859-1": "cp1252", "us-ascii": "utf-8",
             "ascii": "utf-8", "unicode": "utf-16"}


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB, by its Python codec name."""
    match = _DECLARED.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = SUPERSETS.get(name.lower(), name.lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, path: str | None, transport: str | None = None) -> tuple[str, str]:
    """(markup, encoding name)."""
    from .text import decode_text

    if data.startswith(codecs.BOM_UTF8) or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data, path)
    for name in (transport, declared_charset(data)):
        codec = _codec(name)
        if codec is None:
            continue
        if codec == "utf-16":  # Word's "charset=unicode" page saved as UTF-8 or ANSI
            continue
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            log.info("%s: declared charset %s does not fit the bytes; detecting", path, name)
    return decode_text(data, path)
