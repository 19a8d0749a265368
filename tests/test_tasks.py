"""Task tables beyond the row-by-row acceptance checks: deadlines and targets in sample 003."""
import culturegov
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


def test_two_row_header_in_word(tmp_path, parsed):
    """Sample 201's table in Word with a two-row header, 责任单位 spanning 牵头单位 | 配合单位
    and the other header cells merged down: the second row names the unit columns, and no
    header word is taken for a task or a unit."""
    import docx

    from conftest import SAMPLES

    lines = (SAMPLES / "201_pipe_rows_table.txt").read_text(encoding="utf-8").splitlines()
    rows = [[c.strip() for c in line.strip().rstrip("|").split("|")] for line in lines[3:]]
    document = docx.Document()
    document.add_paragraph(lines[1])
    table = document.add_table(rows=2 + len(rows), cols=7)
    for c, word in enumerate(["编号", "重点任务", "工作措施", "责任单位", "", "时间节点", "责任领导"]):
        table.cell(0, c).text = word
    table.cell(0, 3).merge(table.cell(0, 4)).text = "责任单位"
    for c in (0, 1, 2, 5, 6):
        table.cell(0, c).merge(table.cell(1, c))
    table.cell(1, 3).text, table.cell(1, 4).text = "牵头单位", "配合单位"
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values):
            table.cell(r, c).text = value.replace("、", "\n")
    path = tmp_path / "two_row_header.docx"
    document.save(path)

    text_tasks = parsed("201_pipe_rows_table").tasks
    word_tasks = culturegov.parse(path).tasks
    assert [[u.name for u in t.lead] for t in word_tasks] == \
        [[u.name for u in t.lead] for t in text_tasks]
    assert [[u.name for u in t.cooperating] for t in word_tasks] == \
        [[u.name for u in t.cooperating] for t in text_tasks] == \
        [["县财政局", "各乡镇人民政府"], [], ["各村"], ["县文化和旅游局"]]
    assert [t.deadline.raw for t in word_tasks] == ["2020年底前", "一季度", "长期", "2020年12月底前"]


def test_cell_per_line_table_ends_at_its_last_row(parsed):
    """Nothing marks the end of a table flattened to one cell per line (sample 202): the
    text after it must not be taken into its last row."""
    from conftest import SAMPLES

    table = (SAMPLES / "202_cell_lines_table.txt").read_text(encoding="utf-8")
    after = (SAMPLES / "000_7f7948de658d7fdd.txt").read_text(encoding="utf-8")
    doc = culturegov.parse_text(table.rstrip("\n") + "\n" + after)
    alone = parsed("202_cell_lines_table")
    assert [(t.number, t.content) for t in doc.tasks] == [(t.number, t.content) for t in alone.tasks]
    duties = {(d.agency.name, d.text) for d in doc.duties}
    assert {(d.agency.name, d.text) for d in parsed("000_7f7948de658d7fdd").duties} <= duties


def test_layout_repair_reads_each_line_a_bounded_number_of_times(monkeypatch):
    """A failed table attempt is not restarted at every line it read: on tab-indented prose
    (no blank lines) and on numbered tasks whose labels name no lead unit, trying again line by
    line re-read the whole run each time (quadratic: 50 kB of such text took seconds)."""
    import sys

    from culturegov import layouts as layout
    from culturegov.layouts.lines import paragraphs_from
    from culturegov.readers.text import text_to_blocks

    reads = 0

    def counted(blocks, i):
        nonlocal reads
        for item in paragraphs_from(blocks, i):
            reads += 1
            yield item

    for rebuild in layout.LAYOUTS:  # every layout walks the lines through this helper
        module = sys.modules[rebuild.__module__]
        if hasattr(module, "paragraphs_from"):
            monkeypatch.setattr(module, "paragraphs_from", counted)
    n = 400
    indented = "\n".join(f"\t第{k}段，推进公共文化服务。" for k in range(n))
    labelled = "\n".join(f"{k}.加强公共文化服务体系建设\n完成时限:2022年底" for k in range(1, n + 1))
    for text in (indented, labelled):
        reads = 0
        blocks = layout.repair_layout(text, text_to_blocks(text))
        assert not any(b.kind == "table" for b in blocks)
        assert reads < 10 * text.count("\n")


def test_prose_task_closing_clause_must_be_a_deadline():
    """由A牵头，B配合，<third clause>: the third clause makes the item a task only when it is
    a deadline; a closing exhortation (加强宣传引导) keeps the items out of the task table."""
    items = ("（一）推进总分馆制建设。建立县级图书馆总分馆体系。由县文化和旅游局牵头，县财政局配合，{0}。\n"
             "（二）培育文化志愿队伍。组建志愿服务队。由团县委牵头，县民政局配合，{1}。\n")
    dated = culturegov.parse_text(items.format("2021年底前完成", "2022年6月底前完成"))
    assert [(t.number, t.deadline.raw) for t in dated.tasks] == \
        [("(一)", "2021年底前完成"), ("(二)", "2022年6月底前完成")]
    undated = culturegov.parse_text(items.format("加强宣传引导", "形成工作合力"))
    assert undated.tasks == []
