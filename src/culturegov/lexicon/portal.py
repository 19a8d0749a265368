"""Portal furniture words (data/vocabulary/portal.toml): lines a web portal prints around a
notice (打印本页, 浏览次数, 网站标识码 …)."""
from __future__ import annotations

from . import vocabulary


def is_portal_furniture(line: str) -> bool:
    """A short line holding a furniture word."""
    words = vocabulary("portal")
    return len(line) <= words["max_chars"] and any(
        word in line for word in (*words["tools"], *words["fields"]))
