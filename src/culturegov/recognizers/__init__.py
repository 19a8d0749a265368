"""Recognizers: document structure from the draft, whatever format it came from.

One contract: `recognize(draft) -> Found`. A recognizer reads the draft (text, blocks,
pieces, what earlier recognizers found) and returns its items under the PolicyDocument field
they belong to, the text it claims, and its findings. RECOGNIZERS gives the order; a
recognizer that `reserves` takes the pieces it claimed away from those after it (the title
is not a duty; a member list is not a duty list). Adding a recognizer: a module with
`recognize` and a line here.
"""
from __future__ import annotations

from .contract import Found, Recognizer

__all__ = ["RECOGNIZERS", "Found", "Recognizer"]


def _table() -> tuple[Recognizer, ...]:
    from . import citations, duties, duty_tables, leftovers, members, metadata, outline, tasks

    return (
        Recognizer("metadata", metadata.recognize, reserves=True),
        Recognizer("outline", outline.recognize),
        Recognizer("members", members.recognize, reserves=True),
        Recognizer("duties", duties.recognize, reserves=True),
        Recognizer("duty_tables", duty_tables.recognize),
        Recognizer("tasks", tasks.recognize),
        Recognizer("citations", citations.recognize),
        Recognizer("leftovers", leftovers.recognize),  # last: what the others left unread
    )


RECOGNIZERS = _table()
