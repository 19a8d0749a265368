"""Policy themes a text touches, from the keyword lists in data/themes.toml."""
from __future__ import annotations

import tomllib
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from pydantic import BaseModel

from ..normalize.text import fold_width


class Theme(BaseModel):
    id: str
    label: str
    keywords: list[str]


@lru_cache(maxsize=1)
def load_themes() -> tuple[Theme, ...]:
    """The shipped lexicon, culturegov/data/themes.toml, in file order."""
    raw = resources.files("culturegov").joinpath("data/themes.toml").read_bytes()
    data = tomllib.loads(raw.decode("utf-8"))
    return tuple(Theme(id=theme_id, **entry) for theme_id, entry in data.items())


def tag_themes(text: str, themes: Sequence[Theme] | None = None) -> list[str]:
    """The labels of the themes whose keywords occur in `text` (标准化, 志愿服务 …), in
    lexicon order. Substring matching on the width-folded text: the lexicon lists words
    specific enough not to need segmentation."""
    folded = fold_width(text).replace(" ", "")
    return [t.label for t in (themes or load_themes()) if any(k in folded for k in t.keywords)]
