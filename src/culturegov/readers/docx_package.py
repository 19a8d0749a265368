"""The parts of a .docx the Word reader reads, found by the rules python-docx follows, without
python-docx's unmarshalling of the whole package.

python-docx opens a package by reading every part the relationships reach and parsing each
XML part it has a class for; on a template-made file its styles part alone (350 kB of
latent styles) cost more than the body. The reader needs the main document, its numbering
and, only when a list takes its number from a style, its styles. They are found as python-docx
finds them, so that a package it refuses is refused here too:

- [Content_Types].xml and every relationships part are parsed as XML, their root must be
  Types / Relationships;
- the relationships are walked from _rels/.rels, depth first, each part once: every part
  they reach must be in the zip and have a content type;
- the package has exactly one officeDocument relationship; its target must have Word's
  document type (else it is a template or a macro document);
- numbering and styles are the targets of the main part's first internal relationship
  whose type ends so (relationships keyed by Id: a repeated Id keeps its first place and
  its last value); a target is XML only where python-docx would parse it (by its content
  type, and not first reached as an image).

Parts are read through zipfile (headers and CRC checked) and parsed with python-docx's parser
settings: blank text removed, entities never resolved, libxml2's default depth and size
limits. A part the reader never reads (headers, settings, images) is not inflated or parsed
here, so damage confined to it no longer stops the body from being read.
"""
from __future__ import annotations

import posixpath
import zipfile
import zlib
from dataclasses import dataclass

from ..errors import CorruptFileError, UnsupportedFormatError

_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
OFFICE_DOCUMENT = _RELS + "officeDocument"
IMAGE = _RELS + "image"
_PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
WORD_DOCUMENT = _WML + "document.main+xml"
# The content types python-docx gives a part class that parses the part as XML.
XML_PART_TYPES = frozenset({
    "application/vnd.openxmlformats-package.core-properties+xml", WORD_DOCUMENT,
    _WML + "comments+xml", _WML + "footer+xml", _WML + "header+xml",
    _WML + "numbering+xml", _WML + "settings+xml", _WML + "styles+xml"})
_AGAIN = "download it again or re-save it from Word"
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError)

_parser = None


def xml_parser():
    """One parser with python-docx's settings, made on first use (lxml is a heavy import)."""
    global _parser
    if _parser is None:
        from lxml import etree

        _parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    return _parser


@dataclass(slots=True)
class Relationship:
    id: str | None
    type: str | None
    target: str | None
    external: bool
    base: str  # the folder of the part that holds it: targets are relative to it

    def partname(self, path: str | None) -> str:
        if self.target is None:
            raise CorruptFileError(f"is a damaged Word file (a relationship has no target); "
                                   f"{_AGAIN}", path=path)
        return posixpath.abspath(posixpath.join(self.base, self.target))


class WordPackage:
    """The package's parts as python-docx sees them; elements parsed on demand, once each."""

    def __init__(self, archive: zipfile.ZipFile, path: str | None):
        self.archive = archive
        self.path = path
        self._overrides, self._defaults = self._content_types()
        self._xml: dict[str, bool] = {}  # partname → would python-docx parse it as XML
        self._types: dict[str, str | None] = {}
        self._part_rels: dict[str, list[Relationship]] = {}
        self._elements: dict[str, object] = {}
        self._package_rels = self._relationships("/")
        self._walk()
        self.main = self._main_part()
        self._main_rels = self._part_rels[self.main]

    # -- the parts -------------------------------------------------------------------
    def main_element(self):
        """The root element of the main document part."""
        if not self._xml[self.main]:  # first reached as an image: python-docx has no XML
            raise CorruptFileError(f"is a damaged Word file (its main part is not XML); {_AGAIN}",
                                   path=self.path)
        return self._element(self.main)

    def related_element(self, type_suffix: str):
        """The root element of the main part's related part (numbering, styles), or None."""
        by_id = {rel.id: rel for rel in self._main_rels}
        for rel in by_id.values():
            if (rel.type or "").endswith(type_suffix) and not rel.external:
                partname = rel.partname(self.path)
                return self._element(partname) if self._xml[partname] else None
        return None

    def _element(self, partname: str):
        if partname not in self._elements:
            root = self._parse(partname)
            if root.getroottree().docinfo.doctype:
                # _check_package reads only the head of each part, but a comment of any
                # length may precede a DOCTYPE; the parser leaves its entities unexpanded,
                # so the text after each reference would be lost silently.
                raise CorruptFileError(
                    f"declares XML entities in {partname[1:]}, which Word never writes; "
                    "refusing to read it. Re-save it from Word if you trust the source",
                    path=self.path)
            self._elements[partname] = root
        return self._elements[partname]

    # -- python-docx's rules ---------------------------------------------------------
    def _content_types(self) -> tuple[dict, dict]:
        root = self._parse("/[Content_Types].xml", root_tag=_CT + "Types")
        overrides, defaults = {}, {}
        for element, key, table in ((_CT + "Override", "PartName", overrides),
                                    (_CT + "Default", "Extension", defaults)):
            for entry in root.findall(element):
                name = entry.get(key)
                if name is None:
                    raise CorruptFileError(f"is a damaged Word file ([Content_Types].xml has "
                                           f"an entry without {key}); {_AGAIN}", path=self.path)
                table[name.lower()] = entry.get("ContentType")
        return overrides, defaults

    def _content_type(self, partname: str) -> str | None:
        if partname.lower() in self._overrides:
            return self._overrides[partname.lower()]
        extension = posixpath.splitext(partname)[1]
        extension = extension[1:] if extension.startswith(".") else extension
        if extension.lower() in self._defaults:
            return self._defaults[extension.lower()]
        raise CorruptFileError(f"is a damaged Word file ([Content_Types].xml gives no type for "
                               f"{partname[1:]}); {_AGAIN}", path=self.path)

    def _relationships(self, source: str) -> list[Relationship]:
        """The relationships of a part ('/' for the package), in document order."""
        folder, name = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        if rels[1:] not in self.archive.NameToInfo:
            return []
        root = self._parse(rels, root_tag=_PR + "Relationships")
        return [Relationship(rel.get("Id"), rel.get("Type"), rel.get("Target"),
                             rel.get("TargetMode", "Internal") == "External", folder)
                for rel in root.findall(_PR + "Relationship")]

    def _walk(self) -> None:
        """Every part the relationships reach, depth first in document order, each once:
        each must be in the zip and have a content type."""
        visited: set[str] = set()
        stack = [iter(self._package_rels)]
        while stack:
            rel = next(stack[-1], None)
            if rel is None:
                stack.pop()
                continue
            if rel.external:
                continue
            partname = rel.partname(self.path)
            if partname in visited:
                continue
            visited.add(partname)
            rels = self._relationships(partname)
            if partname[1:] not in self.archive.NameToInfo:
                raise CorruptFileError(f"is a damaged Word file (its relationships name "
                                       f"{partname[1:]!r}, which is not in the package); {_AGAIN}",
                                       path=self.path)
            content_type = self._content_type(partname)
            # python-docx makes a part reached first through an image relationship an image.
            self._xml[partname] = content_type in XML_PART_TYPES and rel.type != IMAGE
            self._types[partname] = content_type
            if rels:
                stack.append(iter(rels))
            self._part_rels[partname] = rels

    def _main_part(self) -> str:
        by_id = {rel.id: rel for rel in self._package_rels}
        mains = [rel for rel in by_id.values() if rel.type == OFFICE_DOCUMENT]
        if len(mains) != 1 or mains[0].external:
            what = "no" if not mains else "an external" if len(mains) == 1 else "several"
            raise CorruptFileError(f"is a damaged Word file ({what} main document relationship "
                                   f"in _rels/.rels); {_AGAIN}", path=self.path)
        main = mains[0].partname(self.path)
        if self._types[main] != WORD_DOCUMENT:
            raise UnsupportedFormatError(
                "is a Word template or macro document; open it in Word and save it as .docx",
                path=self.path)
        return main

    def _parse(self, partname: str, root_tag: str | None = None):
        """The root element of a part read from the zip; CorruptFileError when the part is
        damaged or (for the package's own parts) its root is not `root_tag`."""
        from lxml import etree

        try:
            root = etree.fromstring(self.archive.read(partname[1:]), xml_parser())
        except (etree.XMLSyntaxError, *_READ_ERRORS) as exc:
            raise CorruptFileError(f"is a damaged Word file ({type(exc).__name__}: {exc}); "
                                   f"{_AGAIN}", path=self.path) from None
        except KeyError:
            raise CorruptFileError(f"is a damaged Word file ({partname[1:]} is missing); "
                                   f"{_AGAIN}", path=self.path) from None
        if root_tag is not None and root.tag != root_tag:
            raise CorruptFileError(f"is a damaged Word file ({partname[1:]} is not a "
                                   f"{root_tag.split('}')[1]} part); {_AGAIN}", path=self.path)
        return root
