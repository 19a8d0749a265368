"""The main part of an Office (OPC) zip package, found as Word and python-docx find it.

Word writes its body to word/document.xml, but the name is not part of the format: the
package's _rels/.rels names the main part (the officeDocument relationship) and
[Content_Types].xml gives its type. Other writers (converters, generators, documents
repackaged by a content system) use other names, and such a file is still a valid .docx.

This runs in the sniffer, before the docx reader's guards: the two small parts are read
through a bounded inflater (never more than READ_LIMIT bytes, whatever the zip declares)
and scanned with regular expressions, not an XML parser, so no entity is ever expanded.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
import zlib

READ_LIMIT = 256 * 1024  # both parts are a few hundred bytes in any real package
OFFICE_DOCUMENT = "/officeDocument"  # the end of the main relationship's type URI
WORD_MAIN = "wordprocessingml.document.main+xml"
# The other Word main types (template, macro-enabled): the docx reader names them.
WORD_MAINS = (WORD_MAIN, "wordprocessingml.template.main+xml",
              "ms-word.document.macroEnabled.main+xml", "ms-word.template.macroEnabledTemplate.main+xml")

_TAG = re.compile(rb"<(?:[\w.-]+:)?(Relationship|Override|Default)\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def main_part_type(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """The content type of the package's main part, when it is in the package; else None."""
    rels = _read(archive, "_rels/.rels", names)
    types = _read(archive, "[Content_Types].xml", names)
    if rels is None or types is None:
        return None
    target = None
    for kind, attributes in _tags(rels):
        if kind == "Relationship" and attributes.get("Type", "").endswith(OFFICE_DOCUMENT) \
                and attributes.get("TargetMode", "Internal") == "Internal":
            target = attributes.get("Target")
            break
    if not target:
        return None
    part = posixpath.normpath("/" + target.lstrip("/"))  # targets are relative to the root
    if part.lstrip("/") not in names:
        return None
    by_extension = None
    for kind, attributes in _tags(types):
        if kind == "Override" and attributes.get("PartName", "").lower() == part.lower():
            return attributes.get("ContentType")
        if kind == "Default" and part.lower().endswith("." + attributes.get("Extension", "").lower()):
            by_extension = attributes.get("ContentType")
    return by_extension


def is_word_main(content_type: str | None) -> bool:
    return content_type is not None and content_type.endswith(WORD_MAINS)


def _read(archive: zipfile.ZipFile, name: str, names: set[str]) -> bytes | None:
    if name not in names:
        return None
    try:
        with archive.open(name) as member:
            return member.read(READ_LIMIT)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError):
        return None  # encrypted, damaged or an unknown compression: not recognised here


def _tags(xml: bytes):
    for match in _TAG.finditer(xml):
        attributes = {}
        for attribute in _ATTRIBUTE.finditer(match.group(2)):
            value = attribute.group(2) if attribute.group(2) is not None else attribute.group(3)
            attributes[attribute.group(1).decode("utf-8", "replace")] = \
                value.decode("utf-8", "replace")
        yield match.group(1).decode(), attributes
