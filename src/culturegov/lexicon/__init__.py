"""The recognition vocabulary: word lists kept as data (data/vocabulary/*.toml), each list
written once, compiled here into what the code asks for.

A user can read the files to see which words mark a metadata key, a document type, a column
role or a post, and extend them. Loaded on first use and cached.
"""
from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

import regex


@lru_cache(maxsize=None)
def vocabulary(name: str) -> dict[str, Any]:
    """The parsed data/vocabulary/<name>.toml."""
    path = resources.files("culturegov") / "data" / "vocabulary" / f"{name}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def alternation(words) -> str:
    """A regex alternation of `words`, longest first, so 发文字号 is tried before 文号."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))
