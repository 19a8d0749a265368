"""Models of the agency registry and of a resolution result."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Model

Category = Literal[
    "party",  # 党委部门
    "government",  # 政府部门
    "people_org",  # 群团组织
    "institution",  # 事业单位
    "enterprise",
    "township_office",  # 乡镇（街道）内设机构
    "collective",  # 各成员单位, 各村 …
    "other",
]
Method = Literal["exact", "alias", "rule", "fuzzy", "unresolved"]


class FormerName(Model):
    name: str
    reform: str | None = Field(default=None, description="the reform that renamed it, e.g. 2018机构改革")


class RegistryEntry(Model):
    canonical_id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(description="today's standard name, without a level prefix")
    category: Category
    portfolios: list[str] = Field(default_factory=list)
    full_names: list[str] = Field(default_factory=list)
    abbreviations: list[str] = Field(default_factory=list)
    former_names: list[FormerName] = Field(default_factory=list)


class AgencyMatch(Model):
    name: str = Field(description="the name as given")
    canonical_id: str | None = None
    canonical_name: str | None = None
    category: Category | None = None
    level: str | None = Field(default=None, description="province / city / district / county / town …")
    jurisdiction: str | None = None
    jurisdiction_code: str | None = Field(default=None, description="GB/T 2260 code, if known")
    second_name: str | None = None
    scope_note: str | None = None
    score: float = 0.0
    method: Method = "unresolved"
