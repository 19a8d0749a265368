"""Resolution of a whole document: every agency reference resolved in place, the distinct
bodies listed in `doc.agencies`, a finding for each name left unresolved."""
from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from ..models import AgencyRef, Finding, PolicyDocument
from ..settings import cached_per_generation
from .resolver import resolve_cached

_Model = TypeVar("_Model", bound=BaseModel)
_MATCH_FIELDS = ("canonical_id", "canonical_name", "category", "level", "jurisdiction",
                 "jurisdiction_code", "second_name", "scope_note", "score", "method")
# A set merges into a set without hashing its members again.
_MATCH_FIELD_SET = frozenset(_MATCH_FIELDS)
_NO_SPAN = 1 << 62  # refs without a span sort after all others


@cached_per_generation(maxsize=8192)
def _match_fields(name: str, region: str | None, city: str | None) -> dict[str, Any]:
    """The _MATCH_FIELDS of the (cached) resolution of `name`, as one dict to update an
    AgencyRef with; shared, so read only. The same names recur in document after document."""
    match = resolve_cached(name, region, city)
    return {field: getattr(match, field) for field in _MATCH_FIELDS}


def plain_copy(model: _Model, update: dict[str, Any] | None = None) -> _Model:
    """`model.model_copy(update=update)` for the plain models here (AgencyRef, Span: no
    extra fields, no private attributes) at a fraction of the cost: pydantic's copy goes
    through copy.copy for each of its parts, and every distinct agency of a document is
    copied with its span, and every duty gets a copy of its header's reference."""
    copied = model.__class__.__new__(model.__class__)
    values = model.__dict__.copy()
    fields_set = model.__pydantic_fields_set__.copy()
    if update:
        values.update(update)
        fields_set.update(update)
    object.__setattr__(copied, "__dict__", values)
    object.__setattr__(copied, "__pydantic_extra__", None)
    object.__setattr__(copied, "__pydantic_fields_set__", fields_set)
    object.__setattr__(copied, "__pydantic_private__", None)
    return copied


def resolve_document_agencies(doc: PolicyDocument) -> None:
    """Resolve every agency reference in `doc` in place, list the distinct bodies as
    written in `doc.agencies`, and record a finding for each name left unresolved."""
    region, city = doc.metadata.region, doc.metadata.city
    refs: list[AgencyRef] = [d.agency for d in doc.duties]
    for task in doc.tasks:
        refs += task.lead + task.cooperating
    refs += [m.agency for m in doc.member_units]
    refs += doc.agencies  # bodies a recognizer found with nothing to carry (区X局: and no duty)

    for ref in refs:
        # Written straight into the model: the values were validated when the match was
        # built, and pydantic's __setattr__ (~2 µs a field) was a tenth of parsing a duty list.
        ref.__dict__.update(_match_fields(ref.name, region, city))
        ref.__pydantic_fields_set__.update(_MATCH_FIELD_SET)

    # In document order; refs without a span last, in the order collected (a stable sort).
    starts = [ref.span.start if ref.span else _NO_SPAN for ref in refs]
    distinct: dict[str, AgencyRef] = {}
    for i in sorted(range(len(refs)), key=starts.__getitem__):
        ref = refs[i]
        key = "".join(ref.name.split())
        if key and key not in distinct:
            distinct[key] = plain_copy(ref, {"span": plain_copy(ref.span) if ref.span else None})
    doc.agencies = list(distinct.values())

    reported = {f.message for f in doc.findings if f.code == "unresolved_agency"}
    for ref in doc.agencies:
        if ref.method != "unresolved":
            continue
        message = f"agency {ref.name!r} matches no registry entry; kept as written"
        if message not in reported:
            doc.findings.append(Finding(code="unresolved_agency", message=message,
                                        span=ref.span))
            reported.add(message)
