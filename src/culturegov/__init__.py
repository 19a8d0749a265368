"""culturegov: Chinese public-cultural-service policy documents into typed data.

The public API is re-exported here and loaded on first use, so `import culturegov`
stays fast and pulls in none of jieba, pdfplumber or pandas.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

from ._version import __version__

_EXPORTS = {
    "parse": "culturegov.api",
    "parse_text": "culturegov.api",
    "resolve_agency": "culturegov.agencies",
    "load_registry": "culturegov.agencies",
    "build_graph": "culturegov.export.graph",
    "to_frames": "culturegov.export.frames",
    "to_parquet": "culturegov.export.frames",
    "load_archive": "culturegov.export.archive",
    "load_frames": "culturegov.export.archive",
    "PolicyDocument": "culturegov.models",
    "AgencyMatch": "culturegov.models",
    "AgencyRef": "culturegov.models",
    "Duty": "culturegov.models",
    "Task": "culturegov.models",
    "CulturegovError": "culturegov.errors",
}

__all__ = [*_EXPORTS, "__version__"]


# submodules reached as attributes (cg.dask.read_archive), imported on first use
_SUBMODULES = {"dask"}


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return import_module(f"culturegov.{name}")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'culturegov' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*__all__, *_SUBMODULES])
