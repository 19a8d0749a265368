"""The scripts that draw docs/figures run, and the examples the name-resolution picture shows
still illustrate every way the resolver ends (if the resolver changes, the picture must be
redrawn with examples that do)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

import culturegov as cg

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"


def _script(name: str):
    pytest.importorskip("matplotlib")
    pytest.importorskip("networkx")
    pytest.importorskip("pandas")
    sys.path.insert(0, str(SCRIPTS))
    try:
        spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(SCRIPTS))
    return module


def _need_cjk_font(figure) -> None:
    if not any(Path(font).exists() for font in figure.CJK_FONTS):
        pytest.skip("no CJK font (apt-get install fonts-noto-cjk)")


def test_the_name_resolution_examples_show_every_ending_of_the_resolver():
    diagrams = _script("make_diagrams")
    methods = [cg.resolve_agency(name, region=region).method
               for name, region in diagrams.EXAMPLES]
    assert set(methods) == {"exact", "alias", "rule", "fuzzy", "unresolved"}
    steps = {diagrams._trace(name, method)[0]
             for (name, _), method in zip(diagrams.EXAMPLES, methods)}
    # known as written, readings of the front, rules, fuzzy, unresolved
    assert steps == {1, 3, 4, 5, 6}
    assert diagrams._trace("区教育局", "exact") == (3, "read as 区 + 教育局")


def test_the_pipeline_picture_counts_what_the_parse_holds():
    diagrams = _script("make_diagrams")
    stages = {room: made for room, _, made in diagrams._stage_counts()}
    doc = cg.parse(diagrams.SAMPLE)
    assert f"{len(doc.tasks)} tasks" in stages["recognizers/"]
    assert "Table from" in stages["layouts/"]  # the flattened table was rebuilt
    units = sum(len(t.lead) + len(t.cooperating) for t in doc.tasks)
    assert stages["agencies/"].startswith(f"{units} unit names")


def test_the_figure_scripts_write_every_picture(tmp_path):
    figure = _script("make_figure")
    diagrams = _script("make_diagrams")
    _need_cjk_font(figure)
    assert figure.main(["--out", str(tmp_path)]) == 0
    assert diagrams.main(["--out", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.glob("*.png"))
    assert written == sorted(p.name for p in (ROOT / "docs" / "figures").glob("*.png"))
    assert all(p.stat().st_size > 20_000 for p in tmp_path.glob("*.png"))
