"""Checks across what the recognizers found, once the agencies are resolved."""
from __future__ import annotations

from ..models import Finding, PolicyDocument


def membership_findings(doc: PolicyDocument) -> list[Finding]:
    """A member unit with no duties, and a body with duties that is not a member."""
    if not doc.member_units or not doc.duties:
        return []
    members = {m.agency.name.replace(" ", "") for m in doc.member_units}
    with_duties = {d.agency.name.replace(" ", "") for d in doc.duties}
    out = []
    for m in doc.member_units:
        if m.agency.name.replace(" ", "") not in with_duties:
            out.append(Finding(code="member_without_duties", span=m.span,
                               message=f"member unit {m.agency.name} has no duties"))
    for name in sorted(with_duties - members):
        out.append(Finding(code="agency_not_member",
                           message=f"{name} has duties but is not among the member units"))
    return out
