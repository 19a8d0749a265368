"""Task- and duty-table column roles from header words, by their grammar: a HEAD NOUN (the
word a header ends with: 单位, 内容, 时限 …) gives the family of the column, a QUALIFIER
before it (牵头, 配合, 具体 …) the role within the family. The words are data
(data/vocabulary/columns.toml); an unknown qualifier before a known head still gives a role
(督导组牵头部门, 办结时限), which a closed list of whole header words never did.

This is a first reading only: recognizers/table_columns.py confirms each column by what
its cells hold, so a header word never seen is placed by its cells, and a known word over
the wrong cells is not trusted.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..normalize.text import clean_name
from ..settings import get_settings
from . import vocabulary

UNIT_ROLES = ("lead", "cooperating")
# Roles a label before a colon may take (牵头单位：A；配合单位：B；完成时限：…；责任人：…);
# a bare unit word (各有关单位：) is a salutation, not a label.
LABEL_ROLES = ("lead", "cooperating", "deadline", "leaders")
# Header words also written as labels before a colon: kept for the callers that list them.
LABEL_WORDS = ("牵头单位", "牵头部门", "责任单位", "责任部门", "主责单位", "配合单位", "协办单位",
               "参与单位", "配合部门", "协同单位", "完成时限", "完成时间", "时间节点", "时限要求",
               "进度安排", "责任领导", "责任人")

_QUALIFIED = regex.compile(r"(.+?)\(([^()]+)\)")
_LEVEL = regex.compile(r"[一二三四五六1-6]级(?:指标|任务|目标)?")
# No header word is longer; a longer cell is text, whatever it contains.
_MAX_HEADER_LEN = 12
# A qualifier longer than this before a head noun is a phrase, not a header word.
_MAX_QUALIFIER_LEN = 7
_HAN = regex.compile(r"\p{Han}")


@lru_cache(maxsize=1)
def _grammar():
    data = vocabulary("columns")
    heads = sorted(((w, family) for family, words in data["heads"].items() for w in words),
                   key=lambda pair: len(pair[0]), reverse=True)
    words = {w: role for role, listed in data["words"].items() for w in listed}
    return heads, data["tails"], data["qualifiers"], words


def column_role(header: str) -> str | None:
    """The role a header word gives its column: number, title, content, category, lead,
    cooperating, agency, oversight, deadline, leaders, note, duties; None for no role."""
    if len(header) > 3 * _MAX_HEADER_LEN:
        return None
    return _column_role(clean_name(header))


@lru_cache(maxsize=8192)
def _column_role(word: str) -> str | None:
    if not word or len(word) > _MAX_HEADER_LEN:
        return None
    role = _role_of(word)
    if role:
        return role
    qualified = _QUALIFIED.fullmatch(word)
    if qualified:  # 责任单位(牵头), 责任单位(配合), 完成时间(年月)
        outer, inner = qualified.groups()
        outer_role = _role_of(outer)
        if outer_role in ("lead", "cooperating", "agency"):
            return _unit_role(inner) if _unit_role(inner) != "agency" else outer_role
        return outer_role
    for joiner in ("及", "和", "与", "/"):  # 责任部门及责任人, 工作任务及目标: the first word
        if joiner in word:
            return _role_of(word.split(joiner)[0])
    return None


def _role_of(word: str) -> str | None:
    heads, tails, qualifiers, words = _grammar()
    if word in words:
        return words[word]
    if _LEVEL.fullmatch(word):
        return "category"
    if word in qualifiers["lead"] or word in qualifiers["responsible"]:
        return "lead"  # a qualifier alone names the unit column: 牵头, 责任
    if word in qualifiers["cooperating"]:
        return "cooperating"
    stem, tail = word, ""
    for t in tails["all"]:
        if word.endswith(t) and len(word) > len(t):
            stem, tail = word[:-len(t)], t
            break
    for w, t in ([(stem, tail)] if tail else []) + [(word, "")]:
        for head, family in heads:
            if not w.endswith(head):
                continue
            qualifier = w[:-len(head)]
            if len(qualifier) > _MAX_QUALIFIER_LEN:
                return None
            return _role_in_family(family, qualifier, t)
    return None


def _role_in_family(family: str, qualifier: str, tail: str) -> str:
    if family == "units":
        return _unit_role(qualifier)
    if family in ("title", "content"):
        _, tails, qualifiers, _ = _grammar()
        if tail in tails["content"] or any(q in qualifier for q in qualifiers["content"]):
            return "content"
        return family
    return family


def _unit_role(qualifier: str) -> str:
    """lead, cooperating, oversight, or agency (a unit column the qualifier does not place)."""
    q = _grammar()[2]
    for role, key in (("lead", "lead"), ("cooperating", "cooperating"), ("lead", "responsible"),
                      ("oversight", "oversight")):
        if any(w in qualifier for w in q[key]):
            return role
    return "agency"


# A role written after a unit's name in a unit cell: 区文旅局（牵头）, 区财政局(配合单位).
_BRACKETED_MARK = regex.compile(r"\(([^()]{1,6})\)\s*$")


def role_mark(text: str) -> tuple[int, str, bool] | None:
    """(where the unit's name ends, lead or cooperating, whether the mark is bracketed) when
    a unit cell's entry (width-folded) ends with the role of that unit: bracketed,
    区文旅局（牵头） or 区财政局(配合单位), or written straight after the name, 区文旅局牵头 (the
    caller checks that what is left is a name). None when it ends with anything else,
    区政府办公室(区大数据局) among them."""
    text = text.rstrip()
    bracketed = _BRACKETED_MARK.search(text)
    if bracketed:
        role = _column_role(bracketed.group(1).strip())
        return (bracketed.start(), role, True) if role in UNIT_ROLES else None
    # Unbracketed, only the words that say lead or cooperate: a responsible word (责任, 落实)
    # ends many a phrase that is no unit's role.
    qualifiers = _grammar()[2]
    for role in UNIT_ROLES:
        for word in qualifiers[role]:
            if len(word) >= 2 and text.endswith(word):
                return len(text) - len(word), role, False
    return None


def label_at(text: str, colon: int) -> tuple[int, str] | None:
    """The label that ends just before text[colon] (a colon), as (start, role), or None.

    A label is the Han run before the colon, or its longest tail, that a header word could
    be: 牵头单位, 具体责任人, 办结时限 (roles in LABEL_ROLES)."""
    # Only the run's last 8 characters can hold a label: walk back over at most those (a
    # search for the whole run ending at the colon is quadratic in a long run of Han).
    start = colon
    while start > 0 and colon - start < 8 and _HAN.match(text, start - 1):
        start -= 1
    word = text[start:colon]
    for k in range(len(word) - 1):
        role = _column_role(word[k:])
        if role in LABEL_ROLES:
            return start + k, role
    return None


def joins_header(first: str, second: str) -> bool:
    """Whether two header cells are the halves of one header word split over two lines
    (完成 / 时限, 责任单 / 位, 牵头 / 单位): the whole is a header word and the second half
    is none, or is a bare head noun after a first half that is none or a bare qualifier.
    (承担方 / 配合股室 are two columns: the second is a header word of its own.)"""
    a, b = clean_name(first), clean_name(second)
    if not a or not b or not _column_role(a + b):
        return False
    if _column_role(b) is None:
        return True
    heads, tails, qualifiers, _ = _grammar()
    bare_head = b in {h for h, _ in heads} or b in tails["all"]
    bare_qualifier = any(a in q for q in qualifiers.values())
    return bare_head and (_column_role(a) is None or bare_qualifier)


def looks_like_header(cells: list[str]) -> bool:
    """Whether a row reads as a table header by its words alone: at least two short cells,
    most of them header words. Which columns it has is for the cells below to confirm."""
    words = [clean_name(c) for c in cells]
    filled = [w for w in words if w]
    known = [w for w in filled if _column_role(w)]
    return len(filled) >= 2 and all(len(w) <= _MAX_HEADER_LEN for w in filled) and \
        len(known) >= get_settings().header_known_ratio * len(filled)


def header_roles(cells: list[str]) -> list[str | None] | None:
    """Roles for a header row from its words alone, or None when the row is not a task-table
    header: it names a unit column and a task or content column, and most of its cells are
    header words. 责任单位 beside a 牵头单位 is the cooperating role."""
    words = [clean_name(c) for c in cells]
    roles = [column_role(w) for w in words]
    filled = [w for w in words if w]
    if len(filled) < 2 or len([r for r in roles if r]) < get_settings().header_known_ratio * len(filled):
        return None
    roles = settle_roles(words, roles)
    if not ({"lead", "leaders"} & set(roles)) or not ({"title", "content"} & set(roles)):
        return None
    return roles


def settle_roles(words: list[str], roles: list[str | None]) -> list[str | None]:
    """Roles that depend on the other columns: the deepest indicator level names the task
    when no column does; a unit column no qualifier placed leads when no column leads, and
    cooperates otherwise; of two lead columns, the one without 牵头 cooperates."""
    roles = list(roles)
    if "title" not in roles:
        levels = [i for i, w in enumerate(words) if roles[i] == "category" and _LEVEL.fullmatch(w)]
        if levels:
            roles[levels[-1]] = "title"
    for i, role in enumerate(roles):
        if role == "agency":
            roles[i] = "cooperating" if "lead" in roles else "lead"
    leads = [i for i, r in enumerate(roles) if r == "lead"]
    if len(leads) > 1:
        strong = _grammar()[2]["lead"]
        marked = [i for i in leads if any(q in words[i] for q in strong)]
        if marked:
            for i in leads:
                if i not in marked:
                    roles[i] = "cooperating"
    return roles


def duty_header_roles(cells: list[str]) -> list[str | None] | None:
    """Roles for the header row of a duty table (单位 | 职责), or None.

    One column names the body (单位, 成员单位, 责任单位) and one its duties (职责, 工作职责);
    any other column must be a number or a note. A task column or a deadline makes it a
    task table instead.
    """
    roles = [column_role(c) for c in cells]
    bodies = [i for i, r in enumerate(roles) if r in ("agency", "lead")]
    duties = [i for i, r in enumerate(roles) if r == "duties"]
    others = {r for r in roles if r not in ("agency", "lead", "duties")}
    if len(bodies) != 1 or len(duties) != 1 or not others <= {"number", "note"}:
        return None
    roles[bodies[0]] = "agency"
    return roles
