"""Fuzzing the readers: mutated real files of every format, each parsed in a bounded child
(tests/fuzz_harness.py: 30 s, 1 GiB of address space). The property: `cg.parse` returns a
PolicyDocument or raises a CulturegovError whose message names the file — never another
exception, never a hang past the budget, never a dead child.

The default run tries a few cases per format, derandomized (the same cases on every run,
no example database); `pytest -m slow` tries many more. Every violation found was fixed
and its input kept in tests/data/fuzz_corpus/, which test_fuzz_corpus parses on every run.

A fuzz campaign (docs/security.md): FUZZ_EXAMPLES=2000 FUZZ_SEED=7 FUZZ_FINDINGS=DIR
pytest -m slow -p no:xdist tests/test_fuzz_readers.py — cases from that seed, and each
violation saved in DIR (input and outcome) instead of failing the run at the first one.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings

from fuzz_harness import BoundedParser
from fuzz_ooxml import docx_cases
from fuzz_pdf import pdf_cases
from fuzz_web import html_cases, mhtml_cases, ofd_cases, text_cases

CORPUS = Path(__file__).resolve().parent / "data" / "fuzz_corpus"
FINDINGS = os.environ.get("FUZZ_FINDINGS")  # campaign: save violations here, do not stop
SLOW_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))



class Case:
    """A case's bytes, shown by size and hash (a falsifying example of 100 kB is no help)."""

    def __init__(self, data: bytes):
        self.data = data

    def __repr__(self) -> str:
        return f"Case({len(self.data)} bytes, sha256 {hashlib.sha256(self.data).hexdigest()[:16]})"


STRATEGIES = {fmt: strategy.map(Case) for fmt, strategy in {
    "docx": docx_cases(), "pdf": pdf_cases(), "html": html_cases(), "mhtml": mhtml_cases(),
    "ofd": ofd_cases(), "text": text_cases()}.items()}
SUFFIX = {"docx": ".docx", "pdf": ".pdf", "html": ".html", "mhtml": ".mhtml", "ofd": ".ofd",
          "text": ".txt"}

_COMMON = dict(deadline=None, database=None, print_blob=False,
               suppress_health_check=list(HealthCheck))


def _settings(examples: int):
    if FINDINGS:  # a campaign: new cases from FUZZ_SEED, and no shrinking to one failure
        return settings(max_examples=examples, **_COMMON)
    return settings(max_examples=examples, derandomize=True, **_COMMON)


@pytest.fixture(scope="module")
def bounded():
    parser = BoundedParser()
    yield parser
    parser.close()


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def check(bounded: BoundedParser, directory: Path, fmt: str, data: bytes) -> None:
    digest = hashlib.sha256(data).hexdigest()[:16]
    path = directory / f"{fmt}_{digest}{SUFFIX[fmt]}"
    path.write_bytes(data)
    outcome = bounded.parse(path)
    path.unlink()
    if FINDINGS:  # a campaign keeps a line per case: how many ran, how each ended
        found = Path(FINDINGS)
        found.mkdir(parents=True, exist_ok=True)
        with open(found / "outcomes.log", "a", encoding="utf-8") as log:
            log.write(f"{fmt}\t{outcome.kind}\t{outcome.error or ''}\t{outcome.seconds}\n")
    if outcome.good:
        return
    if FINDINGS:
        (found / path.name).write_bytes(data)
        (found / f"{path.name}.json").write_text(json.dumps(outcome.__dict__, indent=1))
        return
    pytest.fail(outcome.describe(path.name))


# A few cases per format on every run, many more under -m slow.
QUICK = {"docx": 12, "pdf": 12, "html": 6, "mhtml": 6, "ofd": 6, "text": 6}


@pytest.mark.parametrize("fmt", sorted(QUICK))
def test_fuzz_quick(bounded, case_dir, fmt):
    @_settings(QUICK[fmt])
    @given(data=STRATEGIES[fmt])
    def run(data):
        check(bounded, case_dir, fmt, data.data)

    run()


@pytest.mark.slow
@pytest.mark.parametrize("fmt", sorted(QUICK))
def test_fuzz_deep(bounded, case_dir, fmt):
    @_settings(SLOW_EXAMPLES)
    @given(data=STRATEGIES[fmt])
    def run(data):
        check(bounded, case_dir, fmt, data.data)

    if FINDINGS and os.environ.get("FUZZ_SEED"):
        run = seed(int(os.environ["FUZZ_SEED"]))(run)
    run()


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix != ".md") if CORPUS.is_dir() else []


# How some corpus files must end, beyond the property: (outcome, error or text it holds).
CORPUS_ENDS = {
    "docx_main_part_root_is_a_paragraph.docx": ("refused", "no document body"),
    "docx_package_rels_root_renamed.docx": ("refused", "damaged Word file"),
    "ofd_text_code_x_not_a_number.ofd": ("refused", "X is 'true'"),
    "ofd_text_code_x_infinite.ofd": ("refused", "X is '1e999'"),
    # the repeat count is capped at the glyphs it spaces: the text reads as written
    "pdf_font_object_refers_to_itself.pdf": ("refused", "cycle of references"),
    "pdf_font_reference_ring.pdf": ("refused", "cycle of references"),
    # PDFium reads the page's content as it is (the filter that is no name filters nothing);
    # pdfminer, the fallback, refuses it as damaged. Either ends the parse cleanly.
    "pdf_filter_nested_2000_deep.pdf": ("ok", "\u9f13\u52b1\u793e\u4f1a\u529b\u91cf"),
    "ofd_deltax_repeat_count_huge.ofd": ("ok", "\u4e00\u3001\u6587\u5316\u9986\u8d1f\u8d23"),
}


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_fuzz_corpus(bounded, path):
    """Every input that once broke the property (a crash, a hang, a stray exception)."""
    outcome = bounded.parse(path)
    assert outcome.good, outcome.describe(path.name)
    if path.name in CORPUS_ENDS:
        kind, holds = CORPUS_ENDS[path.name]
        assert outcome.kind == kind, outcome.describe(path.name)
        assert holds in (outcome.text if kind == "ok" else outcome.message), outcome


def test_corpus_ends_name_real_files():
    assert set(CORPUS_ENDS) <= {p.name for p in corpus_files()}
