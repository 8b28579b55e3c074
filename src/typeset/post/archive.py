"""What makes a PDF/A archival copy: its XMP metadata, and its sources inside.

  - XMP: Dublin Core (title, creator, description, date, publisher, identifier,
    source, rights, language), the PDF/A and PDF/UA identification, and the FRUS
    volume, document numbers and original pages in typeset's own namespace. PDF/A
    knows only some namespaces; pdfuaid and ours are declared in extension schemas.
    The document information dictionary and the XMP must agree (PDF/A), so the XMP
    repeats WeasyPrint's title, author, subject, keywords, creator and producer.
  - PDF/A-3 associated files (/AF): each source file (/AFRelationship /Source, as
    text/plain or application/tei+xml) and the document model as JSON (/Data,
    application/json), as `typeset parse --json` prints it.
WeasyPrint already gives a PDF/A the sRGB output intent (GTS_PDFA1); the checks
(typeset check --profile pdfa) make sure it is still there at the end.

pikepdf writes these into the document in place, so the structure tree, page labels
and everything else stay as they are. Nothing here depends on the time or a random
number: the same sources give the same bytes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pikepdf
from lxml import etree
from pikepdf import Array, Name

from ..editions import Edition
from ..model import Collection, Document
from ..readers import is_xml
from ..xmp import INFO_XMP, NS

if TYPE_CHECKING:
    from . import Provenance

RIGHTS = "Public domain: a work of the United States Government"
SERIES_PUBLISHER = "United States Department of State, Office of the Historian"
WEB_EDITION = "https://history.state.gov/historicaldocuments"
MODEL_NAME = "typeset-model.json"
XMP_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# Extension schemas: (name, prefix, [(property, value type, description)])
EXTENSIONS = {
    "pdfuaid": ("PDF/UA Universal Accessibility Schema", [
        ("part", "Integer", "Indicates, which part of ISO 14289 standard is followed")]),
    "frus": ("Foreign Relations of the United States (typeset)", [
        ("volume", "Text", "The FRUS volume id, as frus1961-63v06"),
        ("documents", "Seq Text", "The numbers of the documents, in order"),
        ("pages", "Seq Text", "The original pages of each document, in order")]),
}
LANG_ALT, SEQ, BAG = "Alt", "Seq", "Bag"
ARRAYS = {"dc:title": LANG_ALT, "dc:description": LANG_ALT, "dc:rights": LANG_ALT,
          "dc:creator": SEQ, "dc:date": SEQ, "frus:documents": SEQ, "frus:pages": SEQ,
          "dc:publisher": BAG, "dc:language": BAG}


def _qname(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _property(parent: etree._Element, name: str, value: str | list[str]) -> None:
    element = etree.SubElement(parent, _qname(name))
    kind = ARRAYS.get(name)
    if kind is None:
        element.text = str(value)
        return
    container = etree.SubElement(element, _qname(f"rdf:{kind}"))
    for item in [value] if isinstance(value, str) else value:
        li = etree.SubElement(container, _qname("rdf:li"))
        li.text = item
        if kind == LANG_ALT:
            li.set("{http://www.w3.org/XML/1998/namespace}lang", "x-default")


def _resource(parent: etree._Element) -> etree._Element:
    return etree.SubElement(parent, _qname("rdf:li"), {_qname("rdf:parseType"): "Resource"})


def _extension_schemas(parent: etree._Element, prefixes: list[str]) -> None:
    bag = etree.SubElement(etree.SubElement(parent, _qname("pdfaExtension:schemas")),
                           _qname("rdf:Bag"))
    for prefix in prefixes:
        name, properties = EXTENSIONS[prefix]
        schema = _resource(bag)
        for key, value in (("schema", name), ("namespaceURI", NS[prefix]), ("prefix", prefix)):
            etree.SubElement(schema, _qname(f"pdfaSchema:{key}")).text = value
        sequence = etree.SubElement(etree.SubElement(schema, _qname("pdfaSchema:property")),
                                    _qname("rdf:Seq"))
        for key, value_type, description in properties:
            item = _resource(sequence)
            for field, value in (("name", key), ("valueType", value_type),
                                 ("category", "internal"), ("description", description)):
                etree.SubElement(item, _qname(f"pdfaProperty:{field}")).text = value


def _page_range(doc: Document) -> str:
    if doc.start_page is None:
        return ""
    if doc.end_page in (None, doc.start_page):
        return str(doc.start_page)
    return f"{doc.start_page}–{doc.end_page}"


def descriptive_metadata(collection: Collection, sources: list[str]) -> dict[str, object]:
    """Dublin Core and FRUS properties of a PDF made of ``collection``."""
    volume, docs = collection.volume, collection.documents
    single = docs[0] if len(docs) == 1 else None
    address = None
    if volume.id:
        address = f"{WEB_EDITION}/{volume.id}" + (
            f"/{single.id or 'd' + single.number}" if single else "")
    dates = [doc.date for doc in docs if doc.date] or [volume.date or ""]
    properties: dict[str, object] = {
        "dc:date": [date for date in dates if XMP_DATE.match(date)],  # else invalid XMP
        "dc:publisher": volume.publisher or SERIES_PUBLISHER,
        "dc:identifier": address or ", ".join(sources),
        "dc:source": ", ".join(sources),
        "dc:rights": RIGHTS,
        "xmpRights:Marked": "False",  # not rights-managed: in the public domain
        "frus:volume": volume.id or "",
        "frus:documents": [doc.number for doc in docs],
        "frus:pages": [_page_range(doc) for doc in docs],
    }
    return {name: value for name, value in properties.items() if value}


def xmp_packet(properties: dict[str, object], extensions: list[str]) -> bytes:
    root = etree.Element(_qname("x:xmpmeta"), nsmap={"x": NS["x"]})
    rdf = etree.SubElement(root, _qname("rdf:RDF"),
                           nsmap={prefix: uri for prefix, uri in NS.items() if prefix != "x"})
    description = etree.SubElement(rdf, _qname("rdf:Description"), {_qname("rdf:about"): ""})
    for name, value in properties.items():
        _property(description, name, value)
    _extension_schemas(etree.SubElement(rdf, _qname("rdf:Description"),
                                        {_qname("rdf:about"): ""}), extensions)
    body = etree.tostring(root, encoding="utf-8", pretty_print=True)
    return (b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' + body
            + b'<?xpacket end="w"?>')


def write_xmp(pdf: pikepdf.Pdf, edition: Edition, collection: Collection,
              sources: list[str]) -> None:
    """The PDF's XMP: what the information dictionary says, and who and what it is."""
    properties: dict[str, object] = {
        INFO_XMP[key]: str(value) for key, value in pdf.docinfo.items() if key in INFO_XMP}
    if "/Lang" in pdf.Root:
        properties["dc:language"] = str(pdf.Root.Lang)
    properties.update(descriptive_metadata(collection, sources))
    variant = edition.pdf_variant
    properties["pdfaid:part"] = variant[len("pdf/a-")]
    properties["pdfaid:conformance"] = variant[len("pdf/a-") + 1:].upper()
    extensions = ["frus"]
    if edition.tagged:  # post/tagging.py made it PDF/UA-1
        properties["pdfuaid:part"] = "1"
        extensions.insert(0, "pdfuaid")
    pdf.Root.Metadata = pdf.make_stream(xmp_packet(properties, extensions),
                                        Type=Name.Metadata, Subtype=Name.XML)


def _attachment_names(paths: list[Path]) -> list[str]:
    """File names, numbered where two sources share one."""
    names = [path.name for path in paths]
    return [name if names.count(name) == 1 else f"{index}-{name}"
            for index, name in enumerate(names, start=1)]


def _attach(pdf: pikepdf.Pdf, name: str, data: bytes, mime_type: str, relationship: str,
            description: str) -> pikepdf.Object:
    spec = pikepdf.AttachedFileSpec(pdf, data, filename=name, mime_type=mime_type,
                                    description=description,
                                    relationship=Name("/" + relationship))
    pdf.attachments[name] = spec
    return spec.obj


def attach_sources(pdf: pikepdf.Pdf, provenance: Provenance, names: list[str]) -> None:
    """The sources and the model as PDF/A-3 associated files of the document."""
    specs = [_attach(pdf, name, path.read_bytes(),
                     "application/tei+xml" if is_xml(path) else "text/plain", "Source",
                     "The source this PDF was typeset from")
             for name, path in zip(names, provenance.sources)]
    specs.append(_attach(pdf, MODEL_NAME, provenance.model_json.encode("utf-8"),
                         "application/json", "Data",
                         "The document model read from the sources (typeset parse --json)"))
    pdf.Root.AF = Array(specs)


def make_archival(pdf: pikepdf.Pdf, edition: Edition, provenance: Provenance) -> None:
    collection = provenance.collection
    names = _attachment_names(provenance.sources)
    write_xmp(pdf, edition, collection, names)
    if edition.pdf_variant.startswith("pdf/a-3"):
        attach_sources(pdf, provenance, names)
