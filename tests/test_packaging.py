"""What a built culturegov holds: the marker that tells type checkers the package is typed
(PEP 561) and the data files, in the wheel's contents and in the sdist."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# what a wheel gets is what build_py copies; bdist_wheel itself may not be installed
BUILD_PY = ("import sys; sys.argv = ['setup.py', '-q', 'build_py', '--build-lib', 'lib'];"
            "from setuptools import setup; setup()")
SDIST = "from setuptools import build_meta; print(build_meta.build_sdist('dist'))"


def _checkout_copy(tmp_path: Path) -> Path:
    """The files a build reads, outside the checkout (a build writes egg-info next to src)."""
    copy = tmp_path / "checkout"
    copy.mkdir()
    shutil.copy(ROOT / "pyproject.toml", copy)
    shutil.copy(ROOT / "README.md", copy)
    shutil.copytree(ROOT / "src", copy / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return copy


def _run(code: str, cwd: Path) -> str:
    done = subprocess.run([sys.executable, "-c", code], check=False, cwd=cwd,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_the_built_package_is_marked_typed_and_carries_its_data(tmp_path):
    copy = _checkout_copy(tmp_path)
    _run(BUILD_PY, copy)
    built = copy / "lib" / "culturegov"
    assert (built / "py.typed").is_file()
    assert (built / "models" / "__init__.py").is_file()
    assert (built / "data" / "registry.toml").is_file()
    assert list((built / "data" / "vocabulary").glob("*.toml"))

    name = _run(SDIST, copy).strip().splitlines()[-1]
    with tarfile.open(copy / "dist" / name) as sdist:
        members = {m.name.split("/", 1)[1] for m in sdist.getmembers() if "/" in m.name}
    assert "src/culturegov/py.typed" in members
    assert "src/culturegov/data/registry.toml" in members
