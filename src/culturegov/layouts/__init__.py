"""Layout repair: rebuild tables that a web page or a copy-paste flattened into lines.

Each flattened form is one module with one rebuilder, `rebuild(text, blocks, i)`, which
returns (Table, index after it) or (None, the first index where a table of its form could
still start). The Table's cells keep their offsets, so the one task-table recognizer reads
every form alike. Adding a form: a module here and a line in LAYOUTS.
"""
from __future__ import annotations

from ..blocks import Block, Paragraph
from .cell_lines import cell_lines_table
from .labelled_lines import labelled_lines_table
from .pipe_cell_lines import pipe_cell_lines_table
from .pipe_rows import pipe_rows_table
from .box_grid import box_grid_table
from .space_rows import space_rows_table
from .prose_tasks import prose_task_table
from .tab_cells import tab_cells_table
from .tab_rows import tab_rows_table

# In this order: the first form that fits a line wins.
LAYOUTS = (tab_cells_table, tab_rows_table, pipe_rows_table, pipe_cell_lines_table, box_grid_table,
           cell_lines_table, space_rows_table, labelled_lines_table, prose_task_table)


def repair_layout(text: str, blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    # A failed attempt that read far ahead is not repeated line by line (that was quadratic
    # in a long run of tab-indented or labelled lines): each rebuilder says where to retry.
    retry_at = dict.fromkeys(LAYOUTS, 0)
    i = 0
    while i < len(blocks):
        block = blocks[i]
        table = None
        if isinstance(block, Paragraph):
            for rebuild in LAYOUTS:
                if i >= retry_at[rebuild]:
                    table, after = rebuild(text, blocks, i)
                    if table:
                        break
                    retry_at[rebuild] = after
        if table:
            out.append(table)
            i = after
            continue
        if not isinstance(block, Paragraph) or block.text.strip():
            out.append(block)
        i += 1
    for n, block in enumerate(out):
        block.index = n
    return out
