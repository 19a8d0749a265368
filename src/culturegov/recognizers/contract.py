"""The one contract every recognizer keeps: `recognize(draft) -> Found`."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..blocks.draft import Draft
from ..models import Finding


@dataclass
class Found:
    items: dict[str, list[Any]] = field(default_factory=dict)  # PolicyDocument field → items
    spans: list[Any] = field(default_factory=list)  # the text claimed
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Recognizer:
    name: str
    recognize: Callable[[Draft], Found]
    reserves: bool = False
