"""Plain text: bytes → str in the right encoding, then str → Paragraph blocks (one per line)."""
from __future__ import annotations

import codecs

from ..errors import DecodingError, EmptyDocumentError
from ..normalize.text import fold_width
from ..blocks import Paragraph
from ..models import Finding

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]


def decode_text(data: bytes, path: str | None = None) -> tuple[str, str]:
    """Decode `data`; returns (text with LF line ends, encoding name)."""
    text, encoding, _ = decode_text_guessing(data, path)
    return text, encoding


def decode_text_guessing(data: bytes, path: str | None = None) -> tuple[str, str, bool]:
    """(text with LF line ends, encoding name, whether the encoding was a low-confidence guess).

    Order: a BOM, strict UTF-8, then GB18030 (a superset of GBK and GB2312, the usual legacy
    encodings of Chinese government sites) or Big5-HKSCS, whichever reads as common
    characters (chinese_encodings), then charset-normalizer for the rest.
    """
    text, encoding, guessed = _decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.strip():
        raise EmptyDocumentError("the file holds no text; check that it is the right file",
                                 path=path)
    return text, encoding, guessed


def _decode(data: bytes, path: str | None) -> tuple[str, str, bool]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", ""), False
            except UnicodeDecodeError as exc:
                raise DecodingError(f"the file starts with a {encoding} byte-order mark but "
                                    f"is not valid {encoding} ({exc.reason})", path=path) from None
    if _looks_utf16(data):
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        try:
            return data.decode(encoding), encoding, False
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    from .chinese_encodings import decode_chinese

    chinese = decode_chinese(data)  # GB18030 or Big5, by which reads as common characters
    if chinese is not None:
        return chinese
    from charset_normalizer import from_bytes  # only for the rare encodings

    best = from_bytes(data).best()
    if best is None:
        raise DecodingError("the bytes are not text in any known encoding; if this is a "
                            "document, save it as UTF-8 text, .docx or PDF", path=path)
    return str(best), best.encoding, True  # a statistical detector's answer is a guess


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: about half the bytes of a short sample are NUL, on one side."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) > 0.3 * (len(sample) / 2) and min(even, odd) < 0.05 * (len(sample) / 2)


def text_to_blocks(text: str) -> list[Paragraph]:
    """One Paragraph per non-blank line; the working text is width-folded, offsets kept."""
    blocks: list[Paragraph] = []
    pos = 0
    for line in fold_width(text).split("\n"):  # folding keeps lengths: offsets hold
        end = pos + len(line)
        # A tab-only line is an empty cell of a flattened table: keep it for layout repair.
        if line.strip() or "\t" in line:
            blocks.append(Paragraph(index=len(blocks), text=line, start=pos, end=end))
        pos = end + 1
    return blocks


def read_text(data: bytes, path: str | None = None
              ) -> tuple[str, list[Paragraph], str, list[Finding]]:
    text, encoding, guessed = decode_text_guessing(data, path)
    findings = [Finding(code="guessed_encoding",
                        message=f"the encoding was guessed as {encoding} with low confidence; "
                                "if the text reads wrong, save the file as UTF-8")] if guessed else []
    return text, text_to_blocks(text), encoding, findings
