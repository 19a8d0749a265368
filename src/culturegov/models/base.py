"""The base of every model: a repr short enough to read in a terminal or a notebook.

Pydantic's own repr prints every field, so a document shows its whole text and every span
(80 kB). Here None and empty fields are left out, long strings are cut and lists of models
are counted, not spelled out.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel

_MAX_CHARS = 60
_MAX_ITEMS = 3


class _Shown:
    """A stand-in whose repr is the given text (pydantic reprs each field's value)."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


def short_value(value: Any) -> Any:
    if isinstance(value, str) and len(value) > _MAX_CHARS:
        return value[:_MAX_CHARS] + "…"
    if isinstance(value, list) and (len(value) > _MAX_ITEMS
                                     or any(isinstance(v, BaseModel) for v in value)):
        kind = type(value[0]).__name__ if isinstance(value[0], BaseModel) else "items"
        return _Shown(f"[{len(value)} {kind}]")
    if isinstance(value, dict) and len(value) > _MAX_ITEMS:
        return _Shown(f"{{{len(value)} keys}}")
    return value


class Model(BaseModel):
    def __repr_args__(self):
        for name, value in super().__repr_args__():
            if value is None or (isinstance(value, list | dict) and not value):
                continue
            yield name, short_value(value)
