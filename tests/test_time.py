"""parse_deadline on real phrasings from task tables and work plans."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import regex

from culturegov.normalize.time import parse_deadline

D = dt.date
SAMPLE_003 = Path(__file__).resolve().parents[1] / "data/samples/003_5a35171835c4a9ae.txt"

# (raw, reference_year, start, end)
RANGES = [
    ("2018年至2019年", None, D(2018, 1, 1), D(2019, 12, 31)),
    ("2019年至2020年", None, D(2019, 1, 1), D(2020, 12, 31)),
    ("2018年至2020年", None, D(2018, 1, 1), D(2020, 12, 31)),
    ("2018—2020年", None, D(2018, 1, 1), D(2020, 12, 31)),
    ("2018-2020年", None, D(2018, 1, 1), D(2020, 12, 31)),
    ("2018年—2020年", None, D(2018, 1, 1), D(2020, 12, 31)),
    ("2018年-2020年", None, D(2018, 1, 1), D(2020, 12, 31)),
    ("2015～2020年", None, D(2015, 1, 1), D(2020, 12, 31)),
    ("２０１８年至２０１９年", None, D(2018, 1, 1), D(2019, 12, 31)),
    ("2018年至2019年底", None, D(2018, 1, 1), D(2019, 12, 31)),
    ("2019年3月至6月", None, D(2019, 3, 1), D(2019, 6, 30)),
    ("2019年3月—2020年6月", None, D(2019, 3, 1), D(2020, 6, 30)),
    (" 2019年至2020年 ", None, D(2019, 1, 1), D(2020, 12, 31)),
    ("2019年", None, D(2019, 1, 1), D(2019, 12, 31)),
    ("2020年", 2018, D(2020, 1, 1), D(2020, 12, 31)),
    ("2019年度", None, D(2019, 1, 1), D(2019, 12, 31)),
    ("二〇一九年", None, D(2019, 1, 1), D(2019, 12, 31)),
    ("2019年6月", None, D(2019, 6, 1), D(2019, 6, 30)),
    ("2020年2月", None, D(2020, 2, 1), D(2020, 2, 29)),
    ("二〇一九年十二月", None, D(2019, 12, 1), D(2019, 12, 31)),
    ("2019.6", None, D(2019, 6, 1), D(2019, 6, 30)),
    ("2019.06.30", None, D(2019, 6, 30), D(2019, 6, 30)),
    ("2019-06-30", None, D(2019, 6, 30), D(2019, 6, 30)),
    ("2019/6/30", None, D(2019, 6, 30), D(2019, 6, 30)),
    ("6月", 2019, D(2019, 6, 1), D(2019, 6, 30)),
    ("十二月", 2019, D(2019, 12, 1), D(2019, 12, 31)),
    ("一季度", 2019, D(2019, 1, 1), D(2019, 3, 31)),
    ("第二季度", 2019, D(2019, 4, 1), D(2019, 6, 30)),
    ("2019年三季度", None, D(2019, 7, 1), D(2019, 9, 30)),
    ("2019年第四季度", None, D(2019, 10, 1), D(2019, 12, 31)),
    ("上半年", 2019, D(2019, 1, 1), D(2019, 6, 30)),
    ("下半年", 2019, D(2019, 7, 1), D(2019, 12, 31)),
    ("2019年下半年", None, D(2019, 7, 1), D(2019, 12, 31)),
    ("年内", 2019, D(2019, 1, 1), D(2019, 12, 31)),
    ("明年6月", 2019, D(2020, 6, 1), D(2020, 6, 30)),
    ("今年三季度", 2019, D(2019, 7, 1), D(2019, 9, 30)),
    ("6月中旬", 2019, D(2019, 6, 11), D(2019, 6, 20)),
]

# "by" deadlines: an end and no start. (raw, reference_year, end)
BY = [
    ("2019年底", None, D(2019, 12, 31)),
    ("2019年底前", None, D(2019, 12, 31)),
    ("2019年年底前完成", None, D(2019, 12, 31)),
    ("2019年末", None, D(2019, 12, 31)),
    ("年底前", 2019, D(2019, 12, 31)),
    ("年底", 2020, D(2020, 12, 31)),
    ("2019年6月底前", None, D(2019, 6, 30)),
    ("2019年6月底", None, D(2019, 6, 30)),
    ("12月底前", 2019, D(2019, 12, 31)),
    ("十二月底前", 2019, D(2019, 12, 31)),
    ("6月底前完成", 2019, D(2019, 6, 30)),
    ("2019年6月30日前", None, D(2019, 6, 30)),
    ("2019年6月30号之前", None, D(2019, 6, 30)),
    ("6月30日前", 2019, D(2019, 6, 30)),
    ("三季度末", 2019, D(2019, 9, 30)),
    ("2020年前", None, D(2020, 12, 31)),
    ("2020年以前", None, D(2020, 12, 31)),
    ("到2020年", None, D(2020, 12, 31)),
    ("截至2019年底", None, D(2019, 12, 31)),
    ("2019年6月底前完成试点，2020年底前全面推开", None, D(2020, 12, 31)),
]


@pytest.mark.parametrize("raw,ref,start,end", RANGES)
def test_period_and_range(raw, ref, start, end):
    deadline, reason = parse_deadline(raw, ref)
    assert reason is None
    assert (deadline.start, deadline.end) == (start, end)
    assert deadline.raw == raw
    assert not deadline.open_ended


@pytest.mark.parametrize("raw,ref,end", BY)
def test_by_deadline(raw, ref, end):
    deadline, reason = parse_deadline(raw, ref)
    assert reason is None
    assert deadline.start is None
    assert deadline.end == end


@pytest.mark.parametrize("raw", ["长期", "持续推进", "常态化", "长期坚持", "持续开展", "常态化开展",
                                 "即日起", "长效机制"])
def test_open_ended(raw):
    deadline, reason = parse_deadline(raw, 2019)
    assert reason is None
    assert deadline.open_ended
    assert deadline.end is None


def test_from_year_is_open_ended_with_start():
    deadline, reason = parse_deadline("2019年起长期坚持")
    assert reason is None
    assert deadline.open_ended
    assert deadline.start == D(2019, 1, 1)
    assert deadline.end is None


@pytest.mark.parametrize("raw,recurrence", [
    ("每月10日前", "monthly"),
    ("每月", "monthly"),
    ("每年3月5日前", "yearly"),
    ("每年3月5日、6月5日、9月5日、12月5日前", "yearly"),
    ("每季度", "quarterly"),
    ("每季度末", "quarterly"),
    ("每半年", "semiannual"),
    ("每周", "weekly"),
])
def test_recurrence(raw, recurrence):
    deadline, reason = parse_deadline(raw, 2019)
    assert reason is None
    assert deadline.recurrence == recurrence
    # the day named repeats: it does not bound the deadline
    assert deadline.start is None and deadline.end is None


def test_recurrence_inside_a_range_keeps_the_range():
    deadline, reason = parse_deadline("2018年-2020年，每年")
    assert reason is None
    assert deadline.recurrence == "yearly"
    assert (deadline.start, deadline.end) == (D(2018, 1, 1), D(2020, 12, 31))


@pytest.mark.parametrize("raw,ref", [
    ("", None),
    ("   ", None),
    ("按要求", 2019),
    ("两年内", 2019),      # a duration, not a year
    ("3年内完成", 2019),
    ("立即", 2019),
    ("即时", 2019),
    ("年底前", None),      # no year to place it in
    ("6月底前", None),
    ("一季度", None),
    ("2019年2月30日", None),
])
def test_unparsed_keeps_raw_and_gives_reason(raw, ref):
    deadline, reason = parse_deadline(raw, ref)
    assert reason
    assert deadline.raw == raw
    assert deadline.start is None and deadline.end is None


def test_every_deadline_cell_of_sample_003_parses():
    cell = regex.compile(r"^\s*\d{4}年?(?:[至—\-]\d{4}年)?\s*$")
    cells = [line for line in SAMPLE_003.read_text(encoding="utf-8").splitlines()
             if cell.match(line)]
    assert len(cells) >= 60
    for raw in cells:
        deadline, reason = parse_deadline(raw)
        assert reason is None, raw
        assert deadline.start is not None and deadline.end is not None, raw
        assert deadline.start <= deadline.end
        assert deadline.start.year == int(regex.search(r"\d{4}", raw).group())
