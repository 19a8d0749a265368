"""Task-table column roles, recognised from header words (synonyms, never position)."""
from __future__ import annotations

from functools import lru_cache

import regex

from ..normalize.text import clean_name
from ..settings import get_settings

# Order matters: the more specific words are tried first (工作任务 before 任务, 牵头单位
# before 单位), and a header cell takes the first role whose pattern matches it fully.
COLUMN_ROLES: list[tuple[str, regex.Pattern]] = [
    ("number", regex.compile(r"序号|编号|序|号")),
    ("leaders", regex.compile(r"(?:责任|牵头|分管|联系)?(?:领导|责任人|负责人)")),
    ("lead", regex.compile(r"(?:牵头|责任|主责|主办|负责|实施)(?:单位|部门|科室)|牵头(?:单位|部门)?")),
    ("cooperating", regex.compile(r"(?:配合|协办|参与|协同|协助|协作|参加)(?:单位|部门|科室)?")),
    ("deadline", regex.compile(
        r"完成(?:时间|时限|期限|日期)|时间(?:节点|安排|要求|进度)?|时限(?:要求)?|进度(?:安排|要求)|期限")),
    # The levels of an indicator system (一级指标 … 三级指标) and the standard an indicator
    # sets: what a task belongs to, kept in task.extra (the deepest level is the title when
    # the table has no task column).
    ("category", regex.compile(
        r"[一二三四五六1-6]级(?:指标|任务|目标)?|类别|分类|领域|"
        r"指标(?:内容|要求)|(?:创建|建设|评价|考核)标准|标准要求")),
    ("content", regex.compile(
        r"具体(?:工作)?(?:内容|措施|任务|工作)|工作(?:内容|措施|要求|目标)|主要(?:内容|措施)|目标(?:任务|要求)?|"
        r"实施(?:内容|措施)|任务(?:内容|要求|分解|措施)|分解任务|(?:工作|主要|具体|推进)?举措|"
        r"建设内容|内容|措施")),
    ("title", regex.compile(r"(?:工作|重点|主要|具体)?任务(?:名称)?|指标(?:名称)?|项目(?:名称)?|事项|工作")),
    ("note", regex.compile(r"备注|说明")),
    # Duty tables (成员单位 | 工作职责): a body and what it is responsible for.
    ("agency", regex.compile(r"(?:成员|相关|有关|职能)?(?:单位|部门)(?:名称)?")),
    ("duties", regex.compile(r"(?:工作|主要|具体|部门|岗位)?职责(?:分工|任务|内容|范围)?|职能职责|"
                             r"(?:工作|任务)?分工")),
]
UNIT_ROLES = ("lead", "cooperating")
# Header words also written as labels before a colon, in a line (牵头单位：… 完成时限：…) or
# inside a unit cell (牵头单位：A；配合单位：B).
LABEL_WORDS = ("牵头单位", "牵头部门", "责任单位", "责任部门", "主责单位", "配合单位", "协办单位",
               "参与单位", "配合部门", "协同单位", "完成时限", "完成时间", "时间节点", "时限要求",
               "进度安排", "责任领导", "责任人")
_QUALIFIED = regex.compile(r"(.+?)\(([^()]+)\)")
_UNIT_QUALIFIERS = {"牵头": "lead", "主责": "lead", "配合": "cooperating", "协办": "cooperating",
                    "参与": "cooperating", "协同": "cooperating"}
_LEVEL = regex.compile(r"[一二三四五六1-6]级(?:指标|任务|目标)?")


# No header word is longer; a longer cell is text, whatever it contains.
_MAX_HEADER_LEN = 12


@lru_cache(maxsize=4096)
def column_role(header: str) -> str | None:
    if len(header) > 3 * _MAX_HEADER_LEN:
        return None
    word = clean_name(header)
    if len(word) > _MAX_HEADER_LEN:
        return None
    role = _role_of(word)
    if role:
        return role
    qualified = _QUALIFIED.fullmatch(word)
    if qualified:  # 责任单位(牵头), 责任单位(配合), 完成时间(年月)
        outer, inner = qualified.groups()
        if _role_of(outer) in ("lead", "cooperating", "agency") and inner in _UNIT_QUALIFIERS:
            return _UNIT_QUALIFIERS[inner]
        return _role_of(outer)
    for joiner in ("及", "和", "与"):  # 责任部门及责任人, 工作任务及目标: the first word
        if joiner in word:
            return _role_of(word.split(joiner)[0])
    return None


def _role_of(word: str) -> str | None:
    for role, pattern in COLUMN_ROLES:
        if pattern.fullmatch(word):
            return role
    return None


def header_roles(cells: list[str]) -> list[str | None] | None:
    """Roles for a header row, or None when the row is not a task-table header.

    A header names a unit column (lead) and at least one of task/content, and most of its
    cells are known header words. When both 牵头单位 and 责任单位 exist, 责任单位 is the
    cooperating role (the lead is the 牵头 one).
    """
    words = [clean_name(c) for c in cells]
    roles = [column_role(w) for w in words]
    known = [r for r in roles if r]
    if len([w for w in words if w]) < 3 or len(known) < get_settings().header_known_ratio * len([w for w in words if w]):
        return None
    if "title" not in roles:
        levels = [i for i, w in enumerate(words) if roles[i] == "category" and _LEVEL.fullmatch(w)]
        if levels:  # the deepest level of an indicator system names the task
            roles[levels[-1]] = "title"
    if "lead" not in roles or not ({"title", "content"} & set(roles)):
        return None
    leads = [i for i, r in enumerate(roles) if r == "lead"]
    if len(leads) > 1:
        has_qiantou = any("牵头" in words[i] for i in leads)
        for i in leads:
            if has_qiantou and "牵头" not in words[i]:
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
