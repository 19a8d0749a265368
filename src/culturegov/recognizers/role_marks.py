"""The role each unit of a unit cell gives itself: 区文旅局（牵头）、区财政局、区住建局 and
区文旅局牵头，区财政局配合 name the leading unit and those that cooperate in one cell, a
convention of task lists whose one column is 责任单位.

A marked unit takes its mark's role, and its name is the name without the mark. A mark
written straight after a name ends a group: 区财政局、区住建局配合 says both cooperate; a
bracketed one is its unit's alone. When some unit of the cell is marked as leading and none
as cooperating, the unmarked ones cooperate: that is what writing 牵头 after one of several
units says. Otherwise an unmarked unit keeps the role of its column (or label).
"""
from __future__ import annotations

from ..agencies import is_agency_name
from ..lexicon.columns import role_mark
from ..models import AgencyRef
from ..normalize.text import fold_width
from ..settings import cached_per_generation


def roles_of_units(refs: list[AgencyRef], column_role: str) -> list[tuple[str, AgencyRef]]:
    """(role, reference) for each unit of one cell, its mark (if any) cut off its name."""
    marked: list[tuple[str | None, AgencyRef]] = []
    group: list[int] = []  # the unmarked units since the last mark
    for ref in refs:
        found = unit_mark(ref.name)
        if found is None:
            group.append(len(marked))
            marked.append((None, ref))
            continue
        name, role, bracketed = found
        if not bracketed:  # 区财政局、区住建局配合: the group before shares it
            for k in group:
                marked[k] = (role, marked[k][1])
        group = []
        span = ref.span.model_copy(update={"end": ref.span.start + len(name)}) \
            if ref.span else None
        marked.append((role, ref.model_copy(update={"name": name, "span": span})))
    roles = {role for role, _ in marked if role}
    rest = "cooperating" if roles == {"lead"} and len(marked) > 1 else column_role
    return [(role or rest, ref) for role, ref in marked]


@cached_per_generation(maxsize=8192)
def unit_mark(written: str) -> tuple[str, str, bool] | None:
    """(the name without its mark, the mark's role, whether the mark is bracketed) for a
    unit written with a role mark after a name; None for an unmarked unit. Unit names repeat
    row after row: one answer per text and generation (the name test reads the registry)."""
    mark = role_mark(fold_width(written))
    if mark is None:
        return None
    end, role, bracketed = mark
    name = written[:end].rstrip()
    return (name, role, bracketed) if is_agency_name(fold_width(name)) else None
