"""Paragraphs → Pieces: the short stretches of text recognizers reason about.

Scraped web pages often put a whole notice on one line, with spaces where the paragraphs
were; Word and PDF give one paragraph per block. Splitting every paragraph at whitespace and
at inline numbering turns both into the same stream of short pieces, each knowing whether it
opens a paragraph and which outline marker (一、 （一） 1. 第X条 附件N) it starts with.
Recognizers then join consecutive pieces back by offsets, so nothing is re-typed or lost.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import regex

from ..normalize.numerals import cn_to_int
from ..lexicon.markers import CN_DIGITS, MARKERS, SENTENCE_END
from . import Paragraph

# All of them as one alternation (one match call per piece instead of seven): the first
# alternative that matches wins, as when they are tried one by one.
_MARKER = regex.compile("|".join(f"(?P<{style}>{pattern})" for style, pattern in MARKERS))
_NUMBER_GROUP = {style: _MARKER.groupindex[style] + 1 for style, _ in MARKERS}
# Inline, a marker only starts a new piece after sentence-final punctuation (…任务:1.促进…;
# 2.及时…) — elsewhere "第三条" or "1." is part of the sentence. The cut falls after the
# punctuation (the pattern matches it, not a lookbehind at every position: 2× faster).
_INLINE_SPLIT = regex.compile(
    rf"[。;:!?](?=\d{{1,3}}[.、)](?!\d)|\(\d{{1,3}}\)|\([{CN_DIGITS}]{{1,3}}\)|[①-⑳⑴-⒇]"
    rf"|[{CN_DIGITS}]{{1,3}}、|第[{CN_DIGITS}]{{1,4}}条|附件\d)"
)
# 第X条 glued to the title before it, with a space after it: 议事规则第一条 坚持…; the cut
# falls before 第.
_GLUED_ARTICLE = regex.compile(rf"(?<=\p{{Han}})第[{CN_DIGITS}]{{1,4}}条\s")
_WHITESPACE = regex.compile(r"\s+")
_COLON = regex.compile(r"[:：]")
_SENTENCE_END = regex.compile(r"[。;；]")
_SENTENCE_ENDS = SENTENCE_END + "；:：！？"  # and a colon, in either width
_GLUED_ITEM = regex.compile(r"(?<=\p{Han})(?:\d{1,2}[.、](?!\d)|\(\d{1,2}\))")
# Any place where _cuts might cut: most lines have none and are one piece.
_MAY_CUT = regex.compile("|".join((_WHITESPACE.pattern, _INLINE_SPLIT.pattern,
                                   _GLUED_ARTICLE.pattern)))
# The longest marker that can stand alone as a word: 第一百二十条, （十二）.
_MAX_MARKER_WORD = 6


@dataclass(slots=True)
class Marker:
    style: str
    number: str  # as written, e.g. "（三）", "1.", "第十条", "附件2"
    ordinal: int | None
    end: int  # offset in the piece text where the body after the marker starts


@dataclass(slots=True)
class Piece:
    text: str  # working (width-folded) text
    start: int  # offsets into PolicyDocument.text
    end: int
    block: int
    page: int | None
    opens_paragraph: bool
    closes_paragraph: bool
    marker: Marker | None = None

    @property
    def body(self) -> str:
        """The text after the marker (all of it when there is none)."""
        return self.text[self.marker.end:].lstrip() if self.marker else self.text


def find_marker(text: str) -> Marker | None:
    m = _MARKER.match(text)
    if not m:
        return None
    style = m.lastgroup
    raw = m.group(_NUMBER_GROUP[style])
    if style == "circled":
        ordinal = ord(raw) - ord("①") + 1
    elif style == "paren_digit":
        ordinal = ord(raw) - ord("⑴") + 1
    elif raw is None:
        ordinal = None
    else:
        ordinal = int(raw) if raw.isdigit() else cn_to_int(raw)
    return Marker(style, m.group(0).strip(), ordinal, m.end())


def split_pieces(paragraphs: list[Paragraph],
                 is_name: Callable[[str], bool] | None = None) -> list[Piece]:
    """The paragraphs' pieces; with `is_name` (whether a string has an agency name's shape,
    which the agencies room knows), a name glued to the sentence before it is cut off."""
    pieces: list[Piece] = []
    for para in paragraphs:
        wraps = tuple(at - para.start for at in para.wraps) if is_name else ()
        cuts = list(_cuts(para.text, is_name, wraps))
        for i, (a, b) in enumerate(cuts):
            text = para.text[a:b]
            pieces.append(Piece(text, para.start + a, para.start + b, para.index, para.page,
                                i == 0, i == len(cuts) - 1, find_marker(text)))
    return pieces


def _cuts(text: str, is_name: Callable[[str], bool] | None = None, wraps: tuple[int, ...] = ()):
    if not _MAY_CUT.search(text):
        if text:  # no whitespace, so not blank
            yield 0, len(text)
        return
    cuts = {0, len(text)}
    word_start = 0  # where the whitespace-delimited word before each gap begins
    for m in [*_WHITESPACE.finditer(text), None]:
        end = m.start() if m else len(text)
        word = text[word_start:end]
        # "1. 协调…" and "第一条 坚持…": a number stays with the text it numbers.
        if m and not _only_marker(word):
            cuts.update((m.start(), m.end()))
        # A word with neither a sentence end nor an item number in it hides no glued name.
        if is_name and (_SENTENCE_END.search(word) or _GLUED_ITEM.search(word, 2, 32)):
            cuts.update(word_start + at for at in _glued_names(word, is_name))
        if is_name:
            cuts.update(_name_before_wrap(text, word_start, end, wraps, is_name))
        if m:
            word_start = m.end()
    cuts.update(m.end() for m in _INLINE_SPLIT.finditer(text))
    cuts.update(m.start() for m in _GLUED_ARTICLE.finditer(text))
    edges = sorted(cuts)
    for a, b in zip(edges, edges[1:]):
        if text[a:b].strip():
            yield a, b


def _glued_names(word: str, is_name: Callable[[str], bool]):
    """Where agency names glued to their neighbours start and end (…评价。县财政局 落实…,
    …政策。市规划局:做好…, 区发改局1.将…): a PDF's justified line may end right after the 。
    or the name and not draw the space that followed, so such a name stands between a
    sentence end (or the word's start) and a space, a colon or the number of its first item."""
    for start in [0, *(m.end() for m in _SENTENCE_END.finditer(word))]:
        rest = word[start:]
        if start:
            name = _COLON.split(rest, 1)[0]
            if len(name) >= 2 and is_name(name):
                yield start
        item = _GLUED_ITEM.search(rest, 2, 32)
        if item and is_name(rest[:item.start()]):
            if start:
                yield start
            yield start + item.start()


def _name_before_wrap(text: str, start: int, end: int, wraps: tuple[int, ...],
                      is_name: Callable[[str], bool]):
    """`…措施。 区委编办|指导…`: a name set off by a space after a sentence end, whose line
    wrapped right after it. A justified line end draws no space, so the one the author
    typed after the name is gone; the wrap is where it was. (A name that merely happens to
    end a line, inside a sentence, has no space and sentence end before it; one that goes
    on in the next line, 区农业农村局|(区扶贫办) or 市科|协:, is not cut.)"""
    if not wraps or start == 0:
        return
    before = start - 1
    while before > 0 and text[before].isspace():
        before -= 1
    if text[before] not in _SENTENCE_ENDS:
        return
    colon = _COLON.search(text, start, end)
    if colon and is_name(text[start:colon.start()]):
        return  # …。 市科|协:开展…: the name runs to its colon, which cuts it
    for at in wraps:
        if start + 2 <= at < end and text[at] not in "([（【" and is_name(text[start:at]):
            yield at
            return


def _only_marker(word: str) -> bool:
    if len(word) > _MAX_MARKER_WORD:
        return False
    marker = find_marker(word)
    return bool(marker and marker.style != "attachment" and marker.end == len(word))


def split_piece(piece: Piece, at: int) -> tuple[Piece, Piece]:
    """Cut a piece `at` characters from its start (a title glued to what follows it)."""
    left_text, right_text = piece.text[:at], piece.text[at:]
    left = Piece(left_text, piece.start, piece.start + at, piece.block, piece.page,
                piece.opens_paragraph, False, piece.marker)
    right = Piece(right_text, piece.start + at, piece.end, piece.block, piece.page,
                 False, piece.closes_paragraph, find_marker(right_text))
    return left, right
