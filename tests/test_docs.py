"""The README and docs/ say what is true: the quick start runs and prints what it shows,
every picture and link they reference is in the repository, and every install line works
from the checkout (culturegov is not on PyPI)."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)|<img [^>]*src=\"([^\"]+)\"")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


def _extras() -> dict[str, list[str]]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return pyproject["project"]["optional-dependencies"]


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start:end if end > 0 else None]


def test_readme_quick_start_goes_from_install_to_the_dataframe_it_shows(monkeypatch):
    pytest.importorskip("pandas")
    quick = _section((ROOT / "README.md").read_text(encoding="utf-8"), "## Quick start")
    (lang_install, install), (lang_code, code), (lang_out, shown) = BLOCK.findall(quick)[:3]
    assert (lang_install, lang_code, lang_out) == ("sh", "python", "")

    # install: from the checkout, with an extra that exists and brings pandas
    found = re.fullmatch(r'pip install -e "\.\[([\w,]+)\]"\s*(#.*)?', install.strip())
    assert found, install
    wanted = found.group(1).split(",")
    assert set(wanted) <= set(_extras())
    assert any(dep.startswith("pandas") for extra in wanted for dep in _extras()[extra])

    # the code, run from the checkout as a reader would: its last line is the frame shown
    monkeypatch.chdir(ROOT)
    *body, last = [line for line in code.splitlines() if line.strip()]
    assert len(body) <= 3  # import, parse, to a frame
    namespace: dict = {}
    exec("\n".join(body), namespace)  # noqa: S102 - the README's own code
    frame = eval(last, namespace)  # noqa: S307
    assert type(frame).__name__ == "DataFrame" and len(frame) > 0
    assert [line.rstrip() for line in str(frame).splitlines()] == \
        [line.rstrip() for line in shown.strip("\n").splitlines()]


def _targets(pattern: re.Pattern, page: Path) -> list[str]:
    text = BLOCK.sub("", page.read_text(encoding="utf-8"))  # not inside code blocks
    return [next(g for g in m.groups() if g) for m in pattern.finditer(text)]


def test_every_picture_the_docs_show_is_in_the_repository():
    shown = [(page, target) for page in PAGES for target in _targets(IMAGE, page)]
    assert len(shown) >= 6  # the analytics figures, the pipeline, name resolution, a task
    for page, target in shown:
        assert "://" not in target, f"{page.name}: {target} is not in the repository"
        path = (page.parent / target).resolve()
        assert path.is_relative_to(ROOT), f"{page.name}: {target} is outside the repository"
        assert path.is_file() and path.stat().st_size > 1000, f"{page.name}: {target} missing"


def test_every_link_to_a_file_stays_in_the_repository_and_exists():
    links = [(page, target.split("#")[0]) for page in PAGES for target in _targets(LINK, page)
             if "://" not in target and not target.startswith(("#", "mailto:"))]
    assert len(links) >= 3
    for page, target in links:
        path = (page.parent / target).resolve()
        assert path.is_relative_to(ROOT), f"{page.name} links {target}, outside the repository"
        assert path.exists(), f"{page.name} links {target}, which does not exist"


def test_install_lines_install_from_the_checkout():
    extras = _extras()
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"pip install\s+\"?culturegov\b", text), \
            f"{page.name}: culturegov is not on PyPI; install from the checkout (pip install -e .)"
        for named in re.findall(r'pip install -e "?\.\[([\w,]+)\]', text):
            assert set(named.split(",")) <= set(extras), f"{page.name}: unknown extra {named}"
