import json
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def sample_names() -> list[str]:
    return sorted(p.stem for p in (SAMPLES / "expected").glob("*.json"))


def expected(name: str) -> dict:
    return json.loads((SAMPLES / "expected" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def parsed():
    """Parsed sample documents, parsed once per test session."""
    import culturegov

    cache: dict[str, object] = {}

    def get(name: str):
        if name not in cache:
            cache[name] = culturegov.parse(SAMPLES / f"{name}.txt")
        return cache[name]

    return get
