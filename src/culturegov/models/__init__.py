"""Pydantic models only: no parsing logic, no I/O."""
from .agency import AgencyMatch, FormerName, RegistryEntry
from .document import (
    AgencyRef,
    Article,
    Attachment,
    Citation,
    Deadline,
    DocNumber,
    DocumentKind,
    Duty,
    Finding,
    MemberUnit,
    Metadata,
    Person,
    PolicyDocument,
    Section,
    Span,
    Target,
    Task,
    UnparsedText,
)

__all__ = [
    "AgencyMatch", "AgencyRef", "Article", "Attachment", "Citation", "Deadline", "DocNumber",
    "DocumentKind", "Duty", "Finding", "FormerName", "MemberUnit", "Metadata",
    "Person", "PolicyDocument", "RegistryEntry", "Section", "Span", "Target", "Task", "UnparsedText",
]
