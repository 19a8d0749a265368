"""Word tokens of a duty's text (jieba), with jieba's dictionary cache kept in culturegov's
own cache directory (see `cache_dir()`), not in the shared temporary directory where another
user could plant a poisoned cache file. jieba is imported on first use."""
from __future__ import annotations

import os
import re
import sys
from functools import lru_cache
from pathlib import Path

from ..lexicon.markers import ITEM_NUMBER
from ..normalize.text import fold_width

# ---------------------------------------------------------------- cache directory


def cache_dir() -> Path:
    """culturegov's cache directory, created on demand.

    $CULTUREGOV_CACHE_DIR, else the platform's user cache (what platformdirs would say,
    without the dependency): ~/.cache/culturegov (or $XDG_CACHE_HOME/culturegov) on Linux,
    ~/Library/Caches/culturegov on macOS, %LOCALAPPDATA%\\culturegov\\Cache on Windows.
    """
    override = os.environ.get("CULTUREGOV_CACHE_DIR")
    if override:
        path = Path(override)
    elif sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        path = Path(base) / "culturegov" / "Cache"
    elif sys.platform == "darwin":
        path = Path.home() / "Library" / "Caches" / "culturegov"
    else:
        path = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "culturegov"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


@lru_cache(maxsize=1)
def _tokenizer():
    try:
        import jieba
    except ImportError:
        from ..errors import MissingDependencyError

        raise MissingDependencyError("duty alignment needs jieba; pip install jieba") from None
    import logging

    # jieba logs "Building prefix dict…" at DEBUG through its own handler; keep it quiet
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(cache_dir())
    tokenizer.cache_file = "jieba.cache"
    return tokenizer


_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
_LEADING_NUMBER = ITEM_NUMBER


def tokens(text: str) -> list[str]:
    """The words of a duty, without its number, punctuation and spaces."""
    text = _LEADING_NUMBER.sub("", fold_width(text))
    return [t for t in _tokenizer().lcut(text) if not _PUNCT.fullmatch(t)]


# ---------------------------------------------------------------- alignment
