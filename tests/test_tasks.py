"""Task tables beyond the row-by-row acceptance checks: deadlines and targets in sample 003."""
SAMPLE = "003_5a35171835c4a9ae"


def test_every_deadline_of_003_has_start_and_end(parsed):
    doc = parsed(SAMPLE)
    assert all(t.deadline.start and t.deadline.end for t in doc.tasks)
    first = doc.tasks[0].deadline
    assert (str(first.start), str(first.end)) == ("2018-01-01", "2019-12-31")


def test_targets_of_003(parsed):
    doc = parsed(SAMPLE)
    found = {(t.value, t.unit) for task in doc.tasks for t in task.targets}
    for value, unit in [(0.03, "册"), (1.5, "册"), (200, "平方米"), (100, "%"), (3, "‰"),
                        (15, "小时"), (5, "天"), (50, "课时"), (5, "名"), (1, "名"), (5, "场")]:
        assert (value, unit) in found, (value, unit)
    assert any(abs(t.value - 1 / 3) < 1e-6 for task in doc.tasks for t in task.targets)
    row9 = next(t for t in doc.tasks if t.number == "9")
    book = next(t for t in row9.targets if t.value == 1.5)
    assert book.comparator == ">=" and "人均藏书" in book.indicator
    assert sum(1 for task in doc.tasks for t in task.targets if t.unit == "%") >= 2


def test_merged_and_repeated_rows_are_marked(parsed):
    doc = parsed(SAMPLE)
    rows_of_6 = [t for t in doc.tasks if t.number == "6"]
    assert len(rows_of_6) == 2 and rows_of_6[1].continues_row
    assert doc.tasks[1].continues_row and doc.tasks[1].title == doc.tasks[0].title


def test_duty_targets(parsed):
    doc = parsed("002_f08aa27de3bb326a")
    values = {(t.value, t.unit, t.comparator) for d in doc.duties for t in d.targets}
    assert (75, "%", ">=") in values and (0.8, "册", ">=") in values


def test_concatenated_units_are_split(parsed):
    doc = parsed(SAMPLE)
    names = [[u.name for u in t.lead] for t in doc.tasks]
    assert ["社会事务局", "文化站", "教指中心"] in names
