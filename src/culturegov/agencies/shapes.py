"""Does a string have the shape of an agency name? Layout recognizers ask this to tell an
agency header from a duty sentence. It judges shape only (how the string ends, what it
contains), not membership in the registry, so it also accepts bodies nobody listed."""
from __future__ import annotations

from functools import lru_cache

import regex

# How the names of bodies end: 局, 委, 办, 部, 中心, 公司, 联合会 … (longest first so that
# a trailing parenthetical or a collective like 各村 is handled by the patterns below).
_SUFFIXES = (
    "办事处|委员会|联合会|人民政府|政府|办公室|分局|支局|局|厅|署|委|办|部|处|科|股|室|站|所|中心|"
    "院|馆|会|联|协|公司|集团|银行|大队|支队|队|团|社|台|行|学校|学院|大学|法院|检察院|"
    "领导小组|工作小组|小组|协调组|工作组|机关|单位|部门|街道|社区|村|镇|乡|园区|管委会"
)
_NAME = regex.compile(
    rf"""^(?:中共)?[\p{{Han}}A-Za-z]{{1,24}}?(?:{_SUFFIXES})
         (?:\([^()]{{1,30}}\))?$""",
    regex.X,
)
# Collectives: 各成员单位, 各村, 各镇(街), 各乡镇人民政府 …
_COLLECTIVE = regex.compile(r"^各[\p{Han}()]{1,14}$")
# Words that open a sentence, never a name (推进…工作小组 is a duty, not a body).
_VERB_START = regex.compile(
    r"^(?:负责|推进|推动|协调|指导|参与|加强|建立|健全|完善|制定|落实|组织|开展|实施|做好|"
    r"支持|鼓励|引导|促进|统筹|成立|设立|配合|协助|承担|贯彻|深化|加快|提升|提高|打造|"
    r"会同|联合|牵头|依托|围绕|结合|按照|根据|坚持|保障|确保|研究|探索|培育|扶持|督查|"
    r"督促|检查|考核|监督|宣传|发挥|实现|形成|把|将|对|由|在|为|与|和|及|以|我|本|该|其|"
    r"全面|进一步|积极|大力|认真|切实|主要|重点|其他|有关|相关|以下|如下)"
)
_FORBIDDEN = regex.compile(r"[,;:。!?“”\"《》<>\d的]|\s")


def is_agency_name(text: str) -> bool:
    """True when `text` (width-folded) is shaped like the name of one body or a collective.

    Two names joined by 、 (各镇人民政府、街道办事处) count as one collective name.
    """
    text = text.strip()
    # At most three names of at most 40 characters: a longer text is a sentence, and is
    # kept out of the cache below.
    return len(text) <= 3 * 41 and _is_agency_name(text)


@lru_cache(maxsize=16384)  # asked again for every header candidate, in every document
def _is_agency_name(text: str) -> bool:
    if "、" in text and not _inside_parens(text, text.index("、")):
        parts = split_top_level(text, "、")
        return len(parts) <= 3 and all(_is_single_name(p) for p in parts)
    return _is_single_name(text)


_PARENTHETICAL = regex.compile(r"\([^()]*\)")


def _is_single_name(text: str) -> bool:
    if not 2 <= len(text) <= 40:
        return False
    # Parentheticals are a second name or a scope note (区科委(包括知识产权方面)), or part of
    # the name (各县(市、区)文化和旅游局): judge the shape without them.
    core = _PARENTHETICAL.sub("", text) if "(" in text else text
    if not core or _FORBIDDEN.search(core) or _VERB_START.match(core):
        return False
    if _COLLECTIVE.match(core):
        return True
    return bool(_NAME.match(core)) and len(core) <= 20


def _inside_parens(text: str, index: int) -> bool:
    return text[:index].count("(") > text[:index].count(")")


def split_top_level(text: str, sep: str) -> list[str]:
    """Split at `sep` outside parentheses (区政府办公室(区外事办、区大数据局) stays whole)."""
    parts, depth, current = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]

