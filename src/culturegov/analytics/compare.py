"""Comparing documents: which bodies appear where, which duties two documents share, and
which policy themes a text touches.

jieba (word segmentation) and pandas are imported on first use. jieba keeps its
dictionary cache in culturegov's own cache directory (see `cache_dir()`), not in the shared
temporary directory where another user could plant a poisoned cache file.
"""
from __future__ import annotations

import os
import re
import sys
import tomllib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from ..models import Duty, PolicyDocument
from ..normalize.text import fold_width
from ..export.keys import DocumentIds, all_agency_refs, body_key

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
_LEADING_NUMBER = re.compile(r"^\s*(?:\d+|[一二三四五六七八九十]+)\s*[.、)]\s*|^\s*\(\s*\w{1,3}\s*\)\s*")


def tokens(text: str) -> list[str]:
    """The words of a duty, without its number, punctuation and spaces."""
    text = _LEADING_NUMBER.sub("", fold_width(text))
    return [t for t in _tokenizer().lcut(text) if not _PUNCT.fullmatch(t)]


# ---------------------------------------------------------------- alignment


class AlignedDuty(BaseModel):
    index: int = Field(description="position in the document's duty list")
    duty: Duty


class DutyPair(BaseModel):
    a: AlignedDuty
    b: AlignedDuty
    score: float = Field(description="0–100, rapidfuzz ratio over jieba tokens")


class DutyAlignment(BaseModel):
    pairs: list[DutyPair] = Field(default_factory=list, description="best score first")
    only_a: list[AlignedDuty] = Field(default_factory=list)
    only_b: list[AlignedDuty] = Field(default_factory=list)


def duty_similarity(a: str, b: str) -> float:
    """0–100: the indel similarity of the two token sequences.

    Over words rather than characters so that 文化馆 vs 图书馆 counts as one word changed,
    not one character; and a ratio rather than a token-set score so that a short duty is
    not a perfect match for every long duty that happens to contain its words."""
    from rapidfuzz import fuzz

    return fuzz.ratio(tokens(a), tokens(b))


def align_duties(doc_a: PolicyDocument | Sequence[Duty], doc_b: PolicyDocument | Sequence[Duty],
                 *, threshold: float = 70.0) -> DutyAlignment:
    """Pair each duty of `doc_a` with at most one duty of `doc_b` by text similarity.

    Pairs are chosen greedily, best score first, down to `threshold`; the rest are the
    duties only one side has. Agencies are not compared: the point is to find the same duty
    whichever body carries it (the 2018 reform moved many).
    """
    from rapidfuzz import fuzz

    duties_a = list(doc_a.duties if isinstance(doc_a, PolicyDocument) else doc_a)
    duties_b = list(doc_b.duties if isinstance(doc_b, PolicyDocument) else doc_b)
    tokens_a = [tokens(d.text) for d in duties_a]
    tokens_b = [tokens(d.text) for d in duties_b]
    candidates = []
    for i, ta in enumerate(tokens_a):
        for j, tb in enumerate(tokens_b):
            score = fuzz.ratio(ta, tb, score_cutoff=threshold)
            if score:
                candidates.append((score, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))

    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for score, i, j in candidates:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append(DutyPair(a=AlignedDuty(index=i, duty=duties_a[i]),
                              b=AlignedDuty(index=j, duty=duties_b[j]), score=round(score, 1)))
    return DutyAlignment(
        pairs=pairs,
        only_a=[AlignedDuty(index=i, duty=d) for i, d in enumerate(duties_a) if i not in used_a],
        only_b=[AlignedDuty(index=j, duty=d) for j, d in enumerate(duties_b) if j not in used_b],
    )


# ---------------------------------------------------------------- coverage


def coverage_matrix(docs: Iterable[PolicyDocument], *,
                    key: Literal["canonical", "body"] = "canonical") -> Any:
    """Bodies × documents: how many duties and task roles each body holds in each document.

    A body that a document names without giving it work (only listed, or only a member
    unit) has 0; a body the document does not name at all has <NA>, so
    `matrix.notna()` is the plain who-appears-where table.

    key="canonical" puts one body per canonical name across jurisdictions (区教育局 of every
    district on one row: for comparing how districts divide duties); key="body" keeps the
    jurisdiction (`body_key`, as in the tables and the graph). Unresolved bodies are their
    name as written. Columns are document ids, rows sorted by how many documents name them.
    """
    from ..export.frames import _pandas

    pd = _pandas()
    counts: dict[str, dict[str, int]] = {}
    columns: list[str] = []
    ids = DocumentIds()
    for doc in docs:
        doc_id = ids(doc)
        columns.append(doc_id)
        for role, ref in all_agency_refs(doc):
            row = (ref.canonical_name or ref.canonical_id or ref.name) if key == "canonical" \
                else body_key(ref, doc)
            cell = counts.setdefault(row, {})
            cell[doc_id] = cell.get(doc_id, 0) + (role in ("duty", "lead", "cooperating"))
    matrix = pd.DataFrame.from_dict(counts, orient="index", columns=columns).astype("Int64")
    matrix.index.name = "body"
    matrix.columns.name = "document_id"
    order = matrix.notna().sum(axis=1).sort_values(ascending=False, kind="stable").index
    return matrix.loc[order]


# ---------------------------------------------------------------- themes


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
