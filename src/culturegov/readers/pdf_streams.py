"""A cap on what a PDF's streams decompress to, measured before pdfminer decodes them.

pdfminer inflates a stream in one `zlib.decompress` call (PDFStream.decode): a 1 MB file
whose streams inflate to 1 GB makes it allocate the gigabyte. These checks inflate through a
streaming counter instead, 64 kB at a time, never holding more than one chunk, and refuse
the file with InputTooLargeError once the total passes max_pdf_stream_bytes.

Two passes, because pdfminer decodes some streams while it opens the file:
- check_raw_streams (before pdfplumber.open): the cross-reference and object streams
  (/Type /XRef, /ObjStm), which PDFDocument inflates to find the objects at all. Read off
  the raw bytes: their dictionaries are located by a regular expression.
- check_streams (after opening, before anything else resolves an object): every other
  stream of the file, through pdfminer's own parser (so encryption, filter chains and
  indirect lengths are what pdfminer will see). Images are not counted: pdfminer never
  decodes them, and a scan's images may well inflate to hundreds of megabytes.
Both run before PDFium reads a page too: PDFium decodes streams in C, with no cap of ours.
The cost is one extra inflate of the file's content and font streams: linear, and small
beside pdfminer's interpretation of the same content.
"""
from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Iterable, Iterator

from ..errors import InputTooLargeError
from ..limits import get_limits

_CHUNK = 64 * 1024


class _TooLarge(Exception):
    """Raised inside the counter once the budget is spent."""


def _refuse(limit: int, path: str | None) -> InputTooLargeError:
    return InputTooLargeError(
        f"has streams that decompress to more than {limit:,} bytes (max_pdf_stream_bytes): "
        "a compression bomb, or a PDF far larger than a notice; if the file is genuine raise "
        "the limit with culturegov.limits.set_limits(max_pdf_stream_bytes=...)", path=path)


def _inflate(chunks: Iterable[bytes], room: list[int]) -> Iterator[bytes]:
    """Inflate a zlib stream given in pieces, yielding at most _CHUNK bytes at a time and
    charging each to room[0]. A damaged stream ends quietly: pdfminer has its own answer."""
    inflater = zlib.decompressobj()
    try:
        for piece in chunks:
            pending = piece
            while pending and not inflater.eof:
                out = inflater.decompress(pending, _CHUNK)
                room[0] -= len(out)
                if room[0] < 0:
                    raise _TooLarge
                yield out
                pending = inflater.unconsumed_tail
            if inflater.eof:
                return
    except zlib.error:
        return


def _pieces(data) -> Iterator[bytes]:
    view = memoryview(data)
    for offset in range(0, len(view), _CHUNK):
        yield view[offset:offset + _CHUNK]


def _count(chunks: Iterable[bytes]) -> None:
    for _ in chunks:
        pass


# ---------------------------------------------------------------- before pdfminer opens

_INDEX_STREAM = re.compile(rb"/Type\s*/(?:XRef|ObjStm)(?![A-Za-z])")
_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)(?![A-Za-z])")
_DICT_WINDOW = 4096  # an index stream's dictionary is a few hundred bytes


def check_raw_streams(data: bytes, path: str | None) -> None:
    """Inflate the cross-reference and object streams off the raw bytes (each as many
    times as its dictionary names FlateDecode), against max_pdf_stream_bytes. A stream's
    dictionary is looked for up to the next index-stream marker only, so a file of
    markers alone costs one pass over its bytes."""
    limit = get_limits().max_pdf_stream_bytes
    room = [limit]
    view = memoryview(data)
    starts = [(m.start(), m.end()) for m in _INDEX_STREAM.finditer(data)]
    for i, (start, end) in enumerate(starts):
        stop = min(end + _DICT_WINDOW, starts[i + 1][0] if i + 1 < len(starts) else len(data))
        keyword = _STREAM.search(data, end, stop)
        if keyword is None:
            continue
        layers = len(_FLATE.findall(data, start, keyword.start())) or 1
        chunks: Iterable[bytes] = _pieces(view[keyword.end():])
        for _ in range(layers):
            chunks = _inflate(chunks, room)
        try:
            _count(chunks)
        except _TooLarge:
            raise _refuse(limit, path) from None


# ---------------------------------------------------------------- after pdfminer opens

def check_streams(doc, path: str | None) -> None:
    """Decode every stream object of a pdfminer PDFDocument through a bounded counter.
    Objects inside object streams are not visited: they cannot be streams."""
    from pdfminer.pdftypes import PDFStream

    limit = get_limits().max_pdf_stream_bytes
    room = [limit - _index_bytes(doc)]
    seen: set[int] = set()
    for xref in doc.xrefs:
        try:
            objids = list(xref.get_objids())
        except Exception:  # noqa: BLE001, S112 - a damaged table: pdfminer's to report
            continue
        for objid in objids:
            if objid in seen:
                continue
            seen.add(objid)
            try:
                if xref.get_pos(objid)[0] is not None:
                    continue  # in an object stream: not a stream
                obj = doc.getobj(objid)
            except Exception:  # noqa: BLE001, S112 - a dangling or damaged object
                continue
            if not isinstance(obj, PDFStream) or obj.rawdata is None:
                continue
            try:
                _count(_decoded(obj, room))
            except _TooLarge:
                raise _refuse(limit, path) from None


def _index_bytes(doc) -> int:
    """What opening the file has already decoded (the cross-reference streams)."""
    return sum(len(getattr(xref, "data", None) or b"") for xref in doc.xrefs
               if type(xref).__name__ == "PDFXRefStream")


def _decoded(stream, room: list[int]) -> Iterator[bytes]:
    """A stream's decoded bytes in chunks, through its filter chain: Flate streamed, the
    text filters (ASCIIHex, ASCII85, RunLength, LZW) by pdfminer on input already bounded."""
    from pdfminer import pdftypes as t
    from pdfminer.psparser import PSLiteral, literal_name

    subtype = stream.get("Subtype")
    if isinstance(subtype, PSLiteral) and literal_name(subtype) == "Image":
        return iter(())
    data = stream.rawdata
    if stream.decipher and stream.objid is not None:
        try:
            data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
        except Exception:  # noqa: BLE001
            return iter(())
    try:
        filters = [f for f, _ in stream.get_filters()]
    except Exception:  # noqa: BLE001
        return iter(())
    chunks: Iterable[bytes] = _pieces(data)
    decoders = _text_decoders()
    for name in filters:
        if not isinstance(name, PSLiteral):
            break  # a filter that is no name (a nested array): pdfminer refuses the stream
        if name in t.LITERALS_FLATE_DECODE:
            chunks = _inflate(chunks, room)
        elif name in decoders:
            chunks = _whole(decoders[name], chunks, room)
        else:
            break  # image codecs and unknown filters: pdfminer passes them through
    return iter(chunks)


@functools.cache
def _text_decoders() -> dict:
    """pdfminer's decoder of each name of the text filters, built once, not per stream."""
    from pdfminer import pdftypes as t

    return {**{n: t.ascii85decode for n in t.LITERALS_ASCII85_DECODE},
            **{n: t.asciihexdecode for n in t.LITERALS_ASCIIHEX_DECODE},
            **{n: t.rldecode for n in t.LITERALS_RUNLENGTH_DECODE},
            **{n: t.lzwdecode for n in t.LITERALS_LZW_DECODE}}


def _whole(decode, chunks: Iterable[bytes], room: list[int]) -> Iterator[bytes]:
    """A filter that needs its whole input, which the stages before have already bounded."""
    try:
        out = decode(b"".join(bytes(c) for c in chunks))
    except Exception:  # noqa: BLE001
        return
    room[0] -= len(out)
    if room[0] < 0:
        raise _TooLarge
    yield out
