"""A PDF opened for checking, with what the checks read of it, each read once:
its pages' content, its structure tree and its XMP metadata."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import pikepdf
from lxml import etree

from ..errors import InputError
from ..readers.files import read_bytes
from ..xmp import NS
from .content import PageContent, read_page
from .structure import StructTree, read_tree

RDF, PDFA_SCHEMA = NS["rdf"], NS["pdfaSchema"]
XML = "http://www.w3.org/XML/1998/namespace"


class Xmp:
    """The properties of an XMP packet, whether written as attributes or elements."""

    def __init__(self, data: bytes | None):
        self.root = None
        if data:
            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            try:
                self.root = etree.fromstring(data, parser)
            except etree.XMLSyntaxError:
                self.root = None

    @property
    def readable(self) -> bool:
        return self.root is not None

    def descriptions(self) -> list:
        return [] if self.root is None else self.root.iter(f"{{{RDF}}}Description")

    def values(self, name: str) -> list[str]:
        """The values of a property such as "dc:title": one, or the items of an array."""
        prefix, local = name.split(":")
        qualified = f"{{{NS[prefix]}}}{local}"
        found: list[str] = []
        for description in self.descriptions():
            if qualified in description.attrib:
                found.append(description.attrib[qualified])
            for element in description.findall(qualified):
                items = element.findall(f"{{{RDF}}}*/{{{RDF}}}li")
                if items:
                    found.extend(item.text or "" for item in items)
                else:
                    found.append(element.text or "")
        return found

    def value(self, name: str) -> str | None:
        values = self.values(name)
        return values[0].strip() if values else None

    def namespaces_used(self) -> set[str]:
        """The namespaces of the top-level properties."""
        used = set()
        for description in self.descriptions():
            names = [*description.attrib, *(child.tag for child in description
                                             if isinstance(child.tag, str))]
            used.update(etree.QName(name).namespace for name in names)
        return used - {RDF, XML, None}

    def declared_namespaces(self) -> set[str]:
        """The namespaces PDF/A extension schemas declare."""
        if self.root is None:
            return set()
        return {(element.text or "").strip()
                for element in self.root.iter(f"{{{PDFA_SCHEMA}}}namespaceURI")}


class Inspected:
    """An opened PDF. Bad input is an InputError naming the file (exit code 2)."""

    def __init__(self, path: Path):
        self.path = path
        if not path.is_file():
            raise InputError(str(path), "no such file")
        if b"%PDF-" not in read_bytes(path, 1024):
            raise InputError(str(path), "not a PDF file")
        try:
            self.pdf = pikepdf.open(path)
        except pikepdf.PasswordError:
            raise InputError(str(path), "the PDF is encrypted with a password") from None
        except pikepdf.PdfError as error:
            raise InputError(str(path), f"not a readable PDF: {error}") from None

    def close(self) -> None:
        self.pdf.close()

    @cached_property
    def pages(self) -> list[PageContent]:
        fonts: dict = {}
        return [read_page(page, index, fonts) for index, page in enumerate(self.pdf.pages)]

    @cached_property
    def dictionaries(self) -> list[pikepdf.Object]:
        """Every dictionary of the file (and stream dictionary), direct or indirect:
        gathered once for the checks that search them all."""
        found = []
        for obj in self.pdf.objects:
            pending = [obj]
            while pending:
                item = pending.pop()
                if isinstance(item, (pikepdf.Dictionary, pikepdf.Stream)):
                    found.append(item)
                    values = item.values()
                elif isinstance(item, pikepdf.Array):
                    values = item
                else:
                    continue
                pending.extend(value for value in values
                               if isinstance(value, (pikepdf.Dictionary, pikepdf.Array))
                               and not value.is_indirect)
        return found

    @cached_property
    def tree(self) -> StructTree | None:
        return read_tree(self.pdf)

    @cached_property
    def xmp(self) -> Xmp:
        metadata = self.pdf.Root.get("/Metadata")
        return Xmp(metadata.read_bytes() if isinstance(metadata, pikepdf.Stream) else None)
