"""Draw docs/figures/review-page.png: the review page of sample 001 in a headless Chromium,
with the mouse on one duty so that its span is lit in the source.

    python scripts/review_screenshot.py [--sample 001_89d3c2afdc5c18c8] [--duty 3] [--out docs/figures]

Needs Chromium (apt-get install chromium) and a CJK font (fonts-noto-cjk); drives it with the
DevTools pipe client of the browser tests (tests/browser.py), so no driver package.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import culturegov as cg  # noqa: E402
from culturegov.export.review import review_page  # noqa: E402

from browser import Browser, find_chromium  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", default="001_89d3c2afdc5c18c8")
    parser.add_argument("--duty", type=int, default=3, help="the duty under the mouse")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "figures")
    args = parser.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        print("no Chromium found: apt-get install chromium", file=sys.stderr)
        return 1
    doc = cg.parse(ROOT / "data" / "samples" / f"{args.sample}.txt")
    doc.source = f"data/samples/{args.sample}.txt"  # not this machine's path
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(review_page(doc), encoding="utf-8")
        browser = Browser(chromium, width=1400, height=860)
        try:
            browser.open(page.as_uri())
            spot = browser.evaluate(f"""(() => {{
                const row = document.querySelector('.cg-struct li[data-for="d{args.duty}"]');
                row.scrollIntoView({{block: 'center'}});
                const r = row.getBoundingClientRect();
                return [r.x + 40, r.y + Math.min(r.height / 2, 8)];
            }})()""")
            browser.hover(*spot)
            png = browser.screenshot()
        finally:
            browser.close()
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / "review-page.png"
    target.write_bytes(png)
    print(f"wrote {target} ({len(png):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
