"""Portal furniture words (data/portal.toml): lines a web portal prints around a notice."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[tuple[str, ...], int]:
    raw = tomllib.loads(resources.files("culturegov").joinpath("data/portal.toml")
                        .read_text(encoding="utf-8"))
    return tuple(raw["tools"]) + tuple(raw["fields"]), int(raw["max_chars"])


def is_portal_furniture(line: str) -> bool:
    """A short line holding a furniture word (打印本页, 浏览次数, 网站标识码 …)."""
    words, max_chars = _vocabulary()
    return len(line) <= max_chars and any(word in line for word in words)
