"""Agency resolver: speed, and the measurement behind the fuzzy threshold.

    python benchmarks/bench_resolve.py            # both
    python benchmarks/bench_resolve.py speed
    python benchmarks/bench_resolve.py threshold
    python benchmarks/bench_resolve.py table      # the sample-name table in docs/agencies.md

speed      resolutions per second cold (a fresh interpreter: the first call loads the
           registry and the gazetteer) and warm (every name of the samples, repeated, cache
           cleared between rounds so each resolution is computed, and once more with the cache).
threshold  precision and recall of the fuzzy step on labelled names that no exact, alias or
           rule look-up catches: variants of registered bodies (should resolve to the given
           id) and bodies outside the registry, many close in spelling to one inside it
           (should stay unresolved).
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples" / "expected"

# (name, canonical_id it must resolve to, or None: must stay unresolved)
LABELLED: list[tuple[str, str | None]] = [
    # variants of bodies in the registry
    ("区文化和旅游发展局", "culture-tourism"),
    ("区文化广播电视体育局", "culture-tourism"),
    ("区文化广电新闻出版和旅游局", "culture-tourism"),
    ("区文化执法队", "culture-market-enforcement"),
    ("区文化和旅游执法大队", "culture-market-enforcement"),
    ("区市场监督局", "market-regulation"),
    ("区市场监管理局", "market-regulation"),
    ("区住房和城乡建设管理局", "housing-construction"),
    ("区住房城乡建设管理局", "housing-construction"),
    ("区农业农村发展局", "agriculture-rural"),
    ("区生态环境保护局", "ecology-environment"),
    ("区城市管理执法局", "urban-management"),
    ("区文学艺术家联合会", "literary-art-federation"),
    ("区归侨联合会", "overseas-chinese-federation"),
    ("区新闻传播中心", "media-center"),
    ("区融媒中心", "media-center"),
    ("广播电视网络有限责任公司", "cable-network"),
    ("有线电视网络有限公司", "cable-network"),
    ("区非遗保护传承中心", "intangible-heritage-center"),
    ("综合文化服务站", "culture-station"),
    ("宣传文化体育办公室", "township-publicity-office"),
    ("党政综合服务办公室", "township-party-government-office"),
    ("组织人事工作办公室", "township-org-personnel-office"),
    ("社会事务管理服务局", "township-social-affairs"),
    ("区经济发展和信息化局", "industry-it"),
    ("区机关事务服务局", "government-affairs-admin"),
    ("区大数据发展局", "big-data"),
    ("区数据资源局", "big-data"),
    ("区行政审批服务管理局", "government-services"),
    ("区文物保护局", "cultural-heritage"),
    ("区林业和园林局", "forestry"),
    ("区医疗保险局", "medical-security"),
    ("区投资促进服务局", "investment-promotion"),
    ("区新闻出版广电总局", "radio-tv"),
    ("区精神文明建设指导委员会办公室", "civilization-office"),
    ("区卫生和健康局", "health"),
    ("区残疾人联合委员会", "disabled-persons-federation"),
    ("区科学技术协会委员会", "science-association"),
    ("区民族宗教事务管理局", "ethnic-religious-affairs"),
    ("区人民政府办公厅室", "government-office"),
    # bodies outside the registry: must not be forced onto one inside it
    ("区财政所", None),
    ("区供电公司", None),
    ("区自来水公司", None),
    ("区公交公司", None),
    ("区职业技术学校", None),
    ("区人民医院", None),
    ("区疾病预防控制中心", None),
    ("区妇幼保健院", None),
    ("区科技馆", None),
    ("区老年大学", None),
    ("区体育馆", None),
    ("区文化公园", None),
    ("区书画院", None),
    ("区演艺中心", None),
    ("区电影公司", None),
    ("区旅游集团", None),
    ("区住房保障中心", None),
    ("区文化产业办公室", None),
    ("区统计调查队", None),
    ("区审计中心", None),
    ("区文化艺术中心", None),
    ("区政务公开办公室", None),
    ("区法律援助中心", None),
    ("区新时代文明实践中心", None),
    ("区体育总会", None),
    ("区妇女儿童工作委员会", None),
    ("区摄影家协会", None),
    ("区美术家协会", None),
    ("区音乐家协会", None),
    ("区侨商会", None),
    ("区综合行政执法大队", None),
    ("区文化发展中心", None),
    ("区科学技术普及中心", None),
    ("区档案服务中心", None),
]


def sample_names(pattern: str = "*.json") -> list[tuple[str, str | None, str | None]]:
    names: list[tuple[str, str | None, str | None]] = []
    for path in sorted(SAMPLES.glob(pattern)):
        data = json.loads(path.read_text(encoding="utf-8"))
        found = [a["name"] for a in data.get("agencies", [])] + data.get("member_units", [])
        for task in data.get("tasks", []):
            found += task.get("lead", []) + task.get("cooperating", [])
        for name in dict.fromkeys(found):
            names.append((name, data.get("region"), data.get("city")))
    return names


COLD = """
import time, sys, json
names = json.loads(sys.argv[1])
t_start = time.perf_counter()
import culturegov.models  # pydantic and the models: paid by any use of the library
t0 = time.perf_counter()
imports = t0 - t_start
from culturegov.agencies import resolve_agency
resolve_agency(names[0][0], names[0][1], city=names[0][2])
first = time.perf_counter() - t0
for n, r, c in names[1:]:
    resolve_agency(n, r, city=c)
total = time.perf_counter() - t0
print(json.dumps({"imports_s": imports, "first_call_s": first, "all_s": total, "n": len(names)}))
"""


def speed() -> None:
    names = sample_names()
    runs = [json.loads(subprocess.run([sys.executable, "-c", COLD, json.dumps(names)],
                                      capture_output=True, text=True, check=True).stdout)
            for _ in range(5)]
    imports = min(r["imports_s"] for r in runs)
    first = min(r["first_call_s"] for r in runs)
    total = min(r["all_s"] for r in runs)
    print(f"cold: import of culturegov.models {imports * 1000:.0f} ms, then the first call "
          f"{first * 1000:.1f} ms (resolver module, registry and gazetteer load); "
          f"{len(names)} sample names in {total * 1000:.1f} ms = {len(names) / total:.0f}/s "
          f"(best of {len(runs)} fresh interpreters)")

    from culturegov.agencies import resolver as agencies

    rounds = 50
    t0 = time.perf_counter()
    for _ in range(rounds):
        agencies.resolve_cached.cache_clear()
        for n, r, c in names:
            agencies.resolve_agency(n, r, city=c)
    uncached = rounds * len(names) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for _ in range(rounds):
        for n, r, c in names:
            agencies.resolve_agency(n, r, city=c)
    cached = rounds * len(names) / (time.perf_counter() - t0)
    print(f"warm: {uncached:,.0f}/s computed each time, {cached:,.0f}/s from the cache "
          f"({len(names)} names x {rounds} rounds)")


def threshold() -> None:
    from culturegov.agencies import resolver as agencies
    from culturegov.settings import get_settings, set_settings

    print("margin  threshold  fuzzy answers  right  wrong  precision  recall(variants)")
    variants = sum(1 for _, want in LABELLED if want)
    shipped = (get_settings().fuzzy_threshold, get_settings().fuzzy_margin)
    for margin, cut in [(0, 80), *((shipped[1], c) for c in (60, 65, 70, 75, 80, 85, 90, 95))]:
        set_settings(fuzzy_threshold=float(cut), fuzzy_margin=float(margin))
        right = wrong = 0
        for name, want in LABELLED:
            m = agencies.resolve_agency(name, "武清区")
            if m.method != "fuzzy":
                continue
            if m.canonical_id == want:
                right += 1
            else:
                wrong += 1
        answered = right + wrong
        precision = right / answered if answered else 1.0
        print(f"{margin:>6}  {cut:>9}  {answered:>13}  {right:>5}  {wrong:>5}  {precision:>9.2f}  "
              f"{right / variants:>6.2f}")
    set_settings(fuzzy_threshold=shipped[0], fuzzy_margin=shipped[1])
    caught = [n for n, _ in LABELLED
              if agencies.resolve_agency(n, "武清区").method not in ("fuzzy", "unresolved")]
    if caught:
        print("not fuzzy (caught earlier; labels do not measure the threshold):", caught)


def table() -> None:
    """Markdown rows: every agency name of the five original samples and its resolution."""
    from culturegov.agencies.resolver import resolve_agency

    print("| sample region | name as written | canonical_id | standard name | category "
          "| level | jurisdiction (code) | method | note |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, region, city in sample_names("00[0-4]_*.json"):
        m = resolve_agency(name, region, city=city)
        place = f"{m.jurisdiction or '-'}" + (f" ({m.jurisdiction_code})" if m.jurisdiction_code else "")
        note = (f"second name {m.second_name}" if m.second_name
                else f"scope: {m.scope_note}" if m.scope_note else "")
        print(f"| {region or '-'} | {name} | {m.canonical_id or '-'} | {m.canonical_name or '-'} "
              f"| {m.category or '-'} | {m.level or '-'} | {place} | {m.method} {m.score:.2f} "
              f"| {note} |")


if __name__ == "__main__":
    what = sys.argv[1:] or ["speed", "threshold"]
    if "speed" in what:
        speed()
    if "threshold" in what:
        threshold()
    if "table" in what:
        table()
