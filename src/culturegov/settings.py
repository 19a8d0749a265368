"""The heuristic thresholds recognition and resolution use, in one place, as pdfplumber keeps
its table settings: read them with get_settings(), tune them for a run with set_settings().

Limits on what an input may cost live in `limits`; these change what is recognised, and
`pdf_characters` where the PDF reader takes characters from (the same records either way).
Anything cached on the strength of a setting (or of the agency registry) is cached through
`cached_per_generation`, which forgets its entries when either changes.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache


@dataclass(frozen=True)
class Settings:
    # Agency resolver, chosen from the labelled names in benchmarks/bench_resolve.py (table
    # in docs/agencies.md): at 80 with the margin 32 of 33 fuzzy answers are right and 80 %
    # of the variants resolve; below 80 wrong bodies come in fast, above it recall falls.
    fuzzy_threshold: float = 80.0
    fuzzy_margin: float = 10.0  # the best body must beat the next-best by this many points
    fuzzy_min_chars: int = 3
    # A task-table header: at least this share of its non-empty cells have a known role.
    header_known_ratio: float = 0.6
    # A table column takes the role its cells show when at least this share of its filled
    # cells are of one kind (agencies, dates, person names, numbers, sentences).
    column_evidence_ratio: float = 0.6
    # A cell of at least this many characters is a sentence (content), not a short name.
    sentence_min_chars: int = 16
    # A person's name in a cell: 2 to this many Han characters (张某, 王明华).
    person_name_max_chars: int = 3
    # A member list: at least this share of its items are agency-shaped names.
    member_name_ratio: float = 0.8
    # A later member list repeating this share of the names seen is a restatement.
    member_restated_ratio: float = 0.7
    # Two member names this similar (rapidfuzz ratio, 0-100) are one body written a little
    # differently (区精神文明建设指导中心 / 区精神文明指导中心) when counting a restated list.
    member_variant_ratio: float = 85.0
    # Where the PDF reader takes a page's characters and drawings from: "pdfium" (fast; a
    # page PDFium cannot read as pdfminer would goes to pdfminer) or "pdfminer" for every
    # page. Both give the same records (tests/test_pdf_backends.py).
    pdf_characters: str = "pdfium"


_current = Settings()
_generation = 0


def get_settings() -> Settings:
    return _current


def set_settings(**changes) -> Settings:
    """Replace some settings for this process; returns the new set."""
    global _current
    _current = replace(_current, **changes)
    new_generation()
    return _current


def new_generation() -> None:
    """Settings or the agency registry changed: every cached answer is stale."""
    global _generation
    _generation += 1
    for clear in _cache_clears:
        clear()


def generation() -> int:
    return _generation


# The cache_clear of every cache made by cached_per_generation. A new generation empties
# them all at once, so a call is a plain lru_cache look-up: checking the generation on each
# call cost a Python frame per look-up, and the look-ups run by the hundred thousand.
_cache_clears: list = []


def cached_per_generation(maxsize: int):
    """functools.lru_cache whose entries last one generation of settings and registry."""

    def decorate(function):
        cached = lru_cache(maxsize=maxsize)(function)
        _cache_clears.append(cached.cache_clear)
        return cached

    return decorate
