"""Which duties two documents share: each duty of one aligned with its closest in the other."""
from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from ..models import Duty, PolicyDocument
from .tokens import tokens


class AlignedDuty(BaseModel):
    index: int = Field(description="position in the document's duty list")
    duty: Duty


class DutyPair(BaseModel):
    a: AlignedDuty
    b: AlignedDuty
    score: float = Field(description="0–100, rapidfuzz ratio over jieba tokens")


class DutyAlignment(BaseModel):
    pairs: list[DutyPair] = Field(default_factory=list, description="best score first")
    only_a: list[AlignedDuty] = Field(default_factory=list)
    only_b: list[AlignedDuty] = Field(default_factory=list)


def duty_similarity(a: str, b: str) -> float:
    """0–100: the indel similarity of the two token sequences.

    Over words rather than characters so that 文化馆 vs 图书馆 counts as one word changed,
    not one character; and a ratio rather than a token-set score so that a short duty is
    not a perfect match for every long duty that happens to contain its words."""
    from rapidfuzz import fuzz

    return fuzz.ratio(tokens(a), tokens(b))


def align_duties(doc_a: PolicyDocument | Sequence[Duty], doc_b: PolicyDocument | Sequence[Duty],
                 *, threshold: float = 70.0) -> DutyAlignment:
    """Pair each duty of `doc_a` with at most one duty of `doc_b` by text similarity.

    Pairs are chosen greedily, best score first, down to `threshold`; the rest are the
    duties only one side has. Agencies are not compared: the point is to find the same duty
    whichever body carries it (the 2018 reform moved many).
    """
    from rapidfuzz import fuzz

    duties_a = list(doc_a.duties if isinstance(doc_a, PolicyDocument) else doc_a)
    duties_b = list(doc_b.duties if isinstance(doc_b, PolicyDocument) else doc_b)
    tokens_a = [tokens(d.text) for d in duties_a]
    tokens_b = [tokens(d.text) for d in duties_b]
    candidates = []
    for i, ta in enumerate(tokens_a):
        for j, tb in enumerate(tokens_b):
            score = fuzz.ratio(ta, tb, score_cutoff=threshold)
            if score:
                candidates.append((score, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))

    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for score, i, j in candidates:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append(DutyPair(a=AlignedDuty(index=i, duty=duties_a[i]),
                              b=AlignedDuty(index=j, duty=duties_b[j]), score=round(score, 1)))
    return DutyAlignment(
        pairs=pairs,
        only_a=[AlignedDuty(index=i, duty=d) for i, d in enumerate(duties_a) if i not in used_a],
        only_b=[AlignedDuty(index=j, duty=d) for j, d in enumerate(duties_b) if j not in used_b],
    )


# ---------------------------------------------------------------- coverage
