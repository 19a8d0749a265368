"""Cost grows linearly with the input, for every shape that once made a step quadratic
(issue 17: `"1.\\n" * 500000` took more than 300 s, a 700 KB file of Chinese headings 182 s).

Each shape is parsed at 1x, 10x and 100x its base size. No wall time is asserted: the
growth from 10x to 100x is compared with the growth of plain prose over the same sizes
(a ratio of ratios), in CPU time, best of two. Linear steps give a ratio near 1; a
quadratic step that matters at 100x gives 2 or more. The fast variant runs by default;
the slow one, at five times the sizes, is where a quadratic step with a small constant (a
list sliced per heading) shows.
"""
from __future__ import annotations

import time

import pytest

import culturegov as cg

SHAPES = {
    "heading lines": lambda n: "1.\n" * n,
    "Chinese heading lines": lambda n: "".join(f"{'一二三四五六七八九'[i % 9]}、文化局\n"
                                               for i in range(n)),
    "numbered lines": lambda n: "".join(f"{i}. 负责公共文化服务体系建设\n" for i in range(1, n + 1)),
    "one long line": lambda n: "区文化局负责公共文化服务，" * n,
    "many tables": lambda n: "序号\t任务\t牵头单位\t完成时限\n1\t建设图书馆\t区文化局\t2020年底\n\n" * n,
    "bracketed heads": lambda n: "【区文化局】\n1.负责统筹。\n" * n,
    # a long run of Han with a colon after it (the fuzzer's 200 000 一 took minutes: the
    # label before each colon was searched for over the whole run, from every start)
    "Han run before a colon": lambda n: "1.建设图书馆\n" + "一" * (2 * n) + "|牵头单位：区文化局\n",
    # a run of white space with no colon (or `|`) after it: a label's colon and a table
    # cell's separator were searched for from every position of the run
    "white space run": lambda n: "关于调整职责的通知\n发" + "\u3000" * (2 * n) + "文\n牵头单位：区文化局\n",
    # Each member name looked up its paragraph by a scan over all paragraphs.
    "member lists": lambda n: "领导小组由区文化局、区财政局、区教育局组成。\n" * n,
    # One member list over many lines and page markers, with no clause end before its
    # trailer: each name's text was looked up over every segment of the clause.
    "member list over pages": lambda n: "领导小组由\n" + "".join(
        "区文化局、区财政局、区教育局、\n" + (f"— {i // 30 + 2} —\n" if i % 30 == 29 else "")
        for i in range(n)) + "区司法局组成。\n",
    # Names and then a colon (a label, no list): the run was walked again from each name,
    # and the lead-in before each name read from the clause's start.
    "names before a colon": lambda n: "、".join(["区文化局", "区财政局", "区教育局"] * n)
    + ":负责统筹。\n",
    # A collective heading dropped from the list of runs by equality, from the front.
    "collective headings": lambda n: "（一）县直部门职责\n1.县文化局负责统筹。\n" * n,
}
PROSE = "区文化局负责公共文化服务体系建设工作，加强统筹协调。\n"  # the linear reference
LIMIT = 2.0  # growth of a shape over growth of prose, from 10x to 100x


def _cpu_seconds(text: str) -> float:
    data = text.encode("utf-8")
    best = float("inf")
    for _ in range(2):
        started = time.process_time()
        cg.parse(data)
        best = min(best, time.process_time() - started)
    return best


def _growth(make, base: int) -> tuple[float, list[float]]:
    times = [_cpu_seconds(make(base * scale)) for scale in (1, 10, 100)]
    return times[2] / max(times[1], 1e-6), times


@pytest.fixture(scope="module")
def prose_growth() -> dict[int, float]:
    cg.parse(PROSE.encode("utf-8"))  # imports and caches out of the measurement
    return {}


def _check(shape: str, base: int, prose_growth: dict[int, float]) -> None:
    if base not in prose_growth:
        prose_growth[base] = _growth(lambda n: PROSE * n, base)[0]
    growth, times = _growth(SHAPES[shape], base)
    ratio = growth / prose_growth[base]
    assert ratio < LIMIT, (f"{shape}: 10x more input costs {growth:.1f}x more time (prose: "
                           f"{prose_growth[base]:.1f}x); CPU s at 1x/10x/100x: {times}")


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_cost_grows_linearly(shape, prose_growth):
    _check(shape, 100, prose_growth)


@pytest.mark.slow
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_cost_grows_linearly_at_scale(shape, prose_growth):
    _check(shape, 500, prose_growth)


def test_deadline_cost_grows_linearly_in_a_run_of_numerals():
    """A deadline cell holding a long run of Chinese numerals before 2019年 (the fuzzer's
    200 000 一 took minutes: the numeral before 月/日 was looked for from every position of
    the run). Measured on parse_deadline itself, each text parsed once (a parse of the whole
    document twice would be answered by the deadline cache the second time), against a run
    of another character of the same length."""
    from culturegov.normalize.time import parse_deadline

    def growth(char: str) -> float:
        times = []
        for n in (2_000, 20_000):
            best = float("inf")
            for year in (2001, 2002, 2003):  # another reference year: not in the cache
                started = time.process_time()
                parse_deadline(char * n + "2019年", year)
                best = min(best, time.process_time() - started)
            times.append(max(best, 1e-6))
        return times[1] / times[0]

    numerals, plain = growth("一"), growth("文")
    assert numerals / plain < LIMIT * 2, (numerals, plain)
