"""The benchmark archive: copies of the samples, or (--distinct) text documents all different,
so that no cache of one document's answers serves the next."""
import hashlib
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from make_archive import make_archive  # noqa: E402

import culturegov  # noqa: E402


def _digests(root: Path, suffix: str) -> Counter:
    return Counter(hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*")
                   if p.is_file() and p.suffix == suffix)


def test_copies_repeat_the_samples(tmp_path):
    made = make_archive(tmp_path, 60, {"txt": 1.0})
    assert made == {"txt": 60}
    assert len(_digests(tmp_path, ".txt")) <= 5  # a handful of samples, copied


def test_distinct_text_documents_are_all_different_and_parse(tmp_path):
    made = make_archive(tmp_path, 60, {"txt": 1.0}, distinct=True)
    digests = _digests(tmp_path, ".txt")
    assert sum(digests.values()) == 59  # the 50th has no extension
    assert made == {"txt": 60} and len(digests) == 59
    one = next(p for p in sorted(tmp_path.rglob("*.txt")))
    assert 10 <= len([line for line in one.read_text(encoding="utf-8").splitlines() if line]) <= 60
    assert culturegov.parse(one).text
