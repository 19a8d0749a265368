"""Safe defaults for what one input may cost; each breach raises InputTooLargeError.

Change them for a run with `culturegov.limits.set_limits(max_input_bytes=...)` or the
environment (CULTUREGOV_MAX_INPUT_BYTES, …) before parsing.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Limits:
    max_input_bytes: int = 50 * 1024 * 1024  # a notice is rarely over 5 MB
    max_docx_inflated_bytes: int = 200 * 1024 * 1024  # sum of the zip members' declared sizes
    max_docx_ratio: int = 200  # a zip bomb inflates thousands of times; real .docx ~10x
    max_pdf_pages: int = 500
    max_text_chars: int = 20 * 1024 * 1024
    office_timeout_seconds: int = 120  # LibreOffice converting one .doc/.wps/.rtf
    # Bounds on what an OOXML attribute may ask the reader to allocate: Word's own tables
    # stop at 63 columns, so a row thousands of grid columns wide is crafted, not written.
    max_table_columns: int = 1000
    # Drawings one PDF page may expand to through nested form XObjects (a real page: a few
    # hundred; 10 forms each drawing the next 10 times: 10**10).
    max_pdf_draws: int = 100_000
    # A batch worker's budget per file (culturegov convert --timeout / --max-memory): wall
    # seconds, and bytes of address space the worker may add while reading one file.
    max_seconds_per_file: int = 120
    max_memory_per_file: int = 2 * 1024 * 1024 * 1024


def _from_env() -> Limits:
    values = {}
    for field in Limits.__dataclass_fields__:
        raw = os.environ.get(f"CULTUREGOV_{field.upper()}")
        if raw and raw.isdigit():
            values[field] = int(raw)
    return Limits(**values)


_current = _from_env()


def get_limits() -> Limits:
    return _current


def set_limits(**changes: int) -> Limits:
    """Replace some limits for this process; returns the new set."""
    global _current
    _current = replace(_current, **changes)
    return _current
