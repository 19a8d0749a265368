"""The same document as text, Word and PDF parses to the same agencies, duties and tasks.

Readers produce one Block stream for every format, so the recognizers must not be able to
tell the formats apart. The .docx/.pdf versions of the samples are made by
scripts/make_samples.py (the .lo.pdf ones by LibreOffice from the .docx).
"""
from __future__ import annotations

import pytest

import culturegov

from _reader_fixtures import SAMPLES

VERSIONS = sorted(
    (text.stem, other.name)
    for text in SAMPLES.glob("*.txt")
    for other in SAMPLES.glob(f"{text.stem}.*")
    if other.suffix in (".docx", ".pdf")
)


def summary(doc) -> tuple[list[tuple[str, int]], list[tuple]]:
    """[(agency name, duty count)] in order, and (number, leads, cooperating, deadline) per task."""
    agencies: list[list] = []
    for duty in doc.duties:
        if agencies and agencies[-1][0] == duty.agency.name:
            agencies[-1][1] += 1
        else:
            agencies.append([duty.agency.name, 1])
    tasks = [(task.number, [unit.name for unit in task.lead],
              [unit.name for unit in task.cooperating],
              task.deadline.raw if task.deadline else None) for task in doc.tasks]
    return [tuple(a) for a in agencies], tasks


_cache: dict[str, tuple] = {}


def text_summary(stem: str):
    if stem not in _cache:
        _cache[stem] = summary(culturegov.parse(SAMPLES / f"{stem}.txt"))
    return _cache[stem]


def test_versions_exist():
    kinds = {name.split(".", 1)[1] for _, name in VERSIONS}
    assert kinds == {"docx", "pdf", "lo.pdf"}
    assert len({stem for stem, _ in VERSIONS}) >= 3


@pytest.mark.parametrize("stem, name", VERSIONS)
def test_same_result_as_text(stem, name):
    agencies, tasks = text_summary(stem)
    assert agencies or tasks  # the comparison means something only if the text parses
    doc = culturegov.parse(SAMPLES / name)
    got_agencies, got_tasks = summary(doc)
    assert got_agencies == agencies
    assert got_tasks == tasks
