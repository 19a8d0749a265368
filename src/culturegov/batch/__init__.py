"""Batch conversion of an archive: scan DIR, parse every file in worker processes, write
JSON / JSON Lines / Parquet, remember what was done in a manifest, report failures.

`convert_directory()` is the library entry point and never prints; the `convert` command in
culturegov.cli owns the terminal (progress bar, summary).
"""
from .convert import (
    ERRORS,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    BatchOutputError,
    BatchSummary,
    BatchUsageError,
    convert_directory,
)
from .scan import INPUT_SUFFIXES, UnsafeOutputError

__all__ = ["ERRORS", "EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "INPUT_SUFFIXES", "BatchOutputError",
           "BatchSummary",
           "BatchUsageError", "UnsafeOutputError", "convert_directory"]
