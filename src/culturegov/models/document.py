"""The PolicyDocument model and its parts. Pydantic only: no parsing, no I/O."""
from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from .base import Model, short_value

DocumentKind = Literal["duty_division", "task_table", "work_plan", "narrative", "mixed"]


class Span(Model):
    """Where an element came from: offsets into `PolicyDocument.text`."""

    start: int
    end: int
    block: int | None = None
    page: int | None = None


class Finding(Model):
    """Something a user should know about the parse: a gap, a repeat, a guess refused."""

    code: str
    message: str
    span: Span | None = None


class DocNumber(Model):
    """发文字号 such as 温鹿政办〔2019〕61号, with its parts."""

    raw: str
    issuer_code: str | None = None
    year: int | None = None
    serial: int | None = None


class Attachment(Model):
    label: str = Field(description="附件, 附件1, 附件2 …")
    number: int | None = None
    title: str | None = None


class Metadata(Model):
    title: str | None = None
    doc_number: DocNumber | None = None
    issuer: str | None = None
    addressees: str | None = Field(default=None, description="主送机关, e.g. 各有关单位")
    issue_date: dt.date | None = None
    publish_date: dt.date | None = None
    index_number: str | None = None
    topic: str | None = Field(default=None, description="主题分类 of a portal's metadata table")
    validity: str | None = Field(default=None, description="有效性 of a portal's metadata table")
    region: str | None = None
    city: str | None = None
    attachment_label: str | None = Field(
        default=None, description="when the text is itself an attachment: its label (附件5)"
    )
    attachments: list[Attachment] = Field(default_factory=list)
    spans: list[Span] = Field(default_factory=list,
                              description="the text the metadata was read from, in text order")


class Section(Model):
    """One heading of the outline (一、 （一） 1. 第X条 附件N)."""

    number: str = Field(description="the number as written")
    style: str = Field(description="numbering style, e.g. cn_dun (一、), cn_paren ((一)), article")
    level: int
    ordinal: int | None = None
    heading: str = ""
    span: Span = Field(description="the heading")
    body: Span | None = Field(default=None, description="heading and text up to the next section")


class AgencyRef(Model):
    """An agency as written, plus what the agency resolver made of it."""

    name: str = Field(description="exactly as written")
    canonical_id: str | None = None
    canonical_name: str | None = None
    category: str | None = None
    level: str | None = None
    jurisdiction: str | None = None
    jurisdiction_code: str | None = None
    second_name: str | None = None
    scope_note: str | None = None
    score: float | None = None
    method: str | None = None
    span: Span | None = None


class Target(Model):
    """A numeric requirement: 人均藏书达到1.5册以上 → (人均藏书, >=, 1.5, 册)."""

    indicator: str | None = None
    comparator: Literal["==", ">=", "<=", ">", "<"] = "=="
    value: float
    unit: str | None = None
    by_year: int | None = None
    raw: str


class Deadline(Model):
    raw: str
    start: dt.date | None = None
    end: dt.date | None = None
    open_ended: bool = False
    recurrence: str | None = Field(default=None, description="monthly / yearly / quarterly")


class Duty(Model):
    agency: AgencyRef
    number: str | None = Field(default=None, description="the number as written, or None")
    text: str
    span: Span
    targets: list[Target] = Field(default_factory=list)


class Task(Model):
    """One row of a task-decomposition table."""

    number: str | None = None
    title: str | None = None
    content: str | None = None
    lead: list[AgencyRef] = Field(default_factory=list)
    cooperating: list[AgencyRef] = Field(default_factory=list)
    leaders: list[str] = Field(default_factory=list, description="people (责任领导), not agencies")
    deadline: Deadline | None = None
    targets: list[Target] = Field(default_factory=list)
    continues_row: bool = Field(
        default=False, description="row inherited its number/title from the row above"
    )
    extra: dict[str, str] = Field(default_factory=dict, description="columns with no known role")
    span: Span


class MemberUnit(Model):
    agency: AgencyRef
    span: Span
    persons: list[str] = Field(default_factory=list,
                               description="the people a roster names for this unit")
    post: str | None = Field(default=None, description="their post as a roster gives it (副局长)")
    role: str | None = Field(default=None, description="the roster's role label (副组长, 成员)")


class Person(Model):
    """One person of a roster (组长：张某 区政府副区长), member or convener."""

    name: str = Field(description="the name without padding (张  敏 → 张敏)")
    role: str | None = Field(default=None, description="the role label, without padding")
    unit: str | None = Field(default=None, description="the unit as written, if any")
    post: str | None = Field(default=None, description="the post(s), joined by 、 as written")
    convener: bool = Field(default=False, description="convenes the body: their unit is no member")
    span: Span


class Citation(Model):
    title: str
    doc_number: str | None = None
    short: str | None = Field(default=None, description="short name defined by 以下简称")
    span: Span | None = None


class Article(Model):
    """第X条 of a rule set (议事规则, 办法)."""

    number: str
    ordinal: int | None = None
    text: str
    span: Span


class UnparsedText(Model):
    text: str
    span: Span


SCHEMA_VERSION = "1.1"


class PolicyDocument(Model):
    schema_version: str = Field(default=SCHEMA_VERSION,
                                description="changes when the JSON's shape changes")
    source: str | None = Field(default=None, description="file path or name, if known")
    format: Literal["text", "docx", "pdf", "html", "ofd", "doc", "rtf"] = "text"
    encoding: str | None = None
    kind: DocumentKind = "narrative"
    metadata: Metadata = Field(default_factory=Metadata)
    outline: list[Section] = Field(default_factory=list)
    agencies: list[AgencyRef] = Field(default_factory=list, description="distinct bodies, in order")
    duties: list[Duty] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    member_units: list[MemberUnit] = Field(default_factory=list)
    persons: list[Person] = Field(default_factory=list, description="the people of a roster")
    articles: list[Article] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    headers: list[Span] = Field(default_factory=list,
                                description="header rows of the task and duty tables read")
    unparsed: list[UnparsedText] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    text: str = Field(default="", description="the decoded source text; spans point into it")
    extra: dict[str, Any] = Field(default_factory=dict)

    @property
    def unparsed_share(self) -> float:
        """The share of the text's characters no recognizer claimed (0.0 – 1.0)."""
        if not self.text:
            return 0.0
        return sum(len(u.text) for u in self.unparsed) / len(self.text)

    def __repr__(self) -> str:
        title = short_value(self.metadata.title or self.source or "")
        return (f"PolicyDocument(kind={self.kind!r}, title={title!r}, "
                f"agencies={len(self.agencies)}, duties={len(self.duties)}, "
                f"tasks={len(self.tasks)}, member_units={len(self.member_units)}, "
                f"findings={len(self.findings)}, unparsed={self.unparsed_share:.1%})")

    def _repr_html_(self) -> str:
        """What a notebook shows: metadata, agencies, tasks, findings (export/html.py)."""
        from ..export.html import document_html

        return document_html(self)
