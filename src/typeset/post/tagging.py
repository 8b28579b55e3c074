"""The structure tree of a tagged PDF (PDF/UA-1, PDF/A level a), rebuilt from a record.

WeasyPrint 70 marks every text box it draws with a marked-content id (MCID) and builds
a structure tree from each page's boxes. That tree has these defects, and no later
step can mend them from the tree alone, as it says nothing of the HTML:
  1. Running heads and folios (page-margin boxes) are marked content that no
     structure element reaches: neither tagged nor artifacts.
  2. Footnotes are Spans in a NonStruct area at the end of the page: no Note, no /ID,
     and the call is no Reference; they are read at the end of the page, and in the
     middle of a paragraph that runs onto the next page.
  3. Elements it does not know (aside, nav, i, sup, …) become NonStruct.
  4. A link that wraps becomes two Link elements.
  5. One Span per line box; and a paragraph split by a page break becomes two P.
So while WeasyPrint tags, render/tagmap.py records what each MCID stands for, decided
from our HTML, and leaves the record in the PDF. This step builds the tree from it:
  - one element per element of the HTML, whole across pages, with the text of its
    lines straight inside it (1 Span per line and split paragraphs are gone);
  - roles from the HTML's meaning (P, H1…, L/LI/Lbl/LBody, Note, Reference, Link,
    TOC/TOCI, …), never NonStruct;
  - each note a Note with its /ID, read right after its call (after the heading when
    a heading calls it); the call a Reference, or a Link where it is a link;
  - each original page number in the margin read once, where the page breaks, as
    "page 143" (/ActualText), never as the bracketed numeral;
  - each link one Link element holding all its annotations, which get /Contents;
  - running heads, folios and leaders become artifacts in the content streams;
  - the ParentTree, the IDTree and each annotation's /StructParent to match.

Why pikepdf: it edits the PDF in place through qpdf and keeps every object it does
not touch (fonts, XMP, attachments, page labels) as it was; this step replaces only
the structure tree and rewrites the content streams' marked-content operators.

The record, JSON in a stream under the catalog key /TypesetTagMap (removed here):
  {"nodes": {key: {"S": role, and optionally "ID", "ActualText", "Alt", "Contents",
                   "A": {attribute: name}}},
   "order": [entries in reading order]}
where each entry is one of
  ["node", path]                        the element path[-1] begins here (a note)
  ["mark", page, mcid, path]            marked content of the element path[-1]
  ["annot", page, object number, path]  a link annotation of the element path[-1]
  ["artifact", page, mcid, kind]        marked content that is an artifact
A path lists the keys of an element and its ancestors, outermost first; the empty
path is the Document. Artifact kinds: Header, Footer, Pagination (other margins), Layout.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name

from ..errors import BuildError

TAG_MAP = Name("/TypesetTagMap")


@dataclass(frozen=True)
class Content:
    page: int
    mcid: int


@dataclass(frozen=True)
class Annotation:
    page: int
    number: int


@dataclass
class Element:
    attributes: dict
    kids: list[Element | Content | Annotation] = field(default_factory=list)

    @property
    def role(self) -> str:
        return self.attributes["S"]

    def holds_anything(self) -> bool:
        return any(not isinstance(kid, Element) or kid.holds_anything() for kid in self.kids)


def read_record(pdf: pikepdf.Pdf) -> dict:
    """The record rendering left, taken out of the PDF."""
    stream = pdf.Root.get(TAG_MAP)
    if stream is None:
        raise BuildError("the rendered PDF carries no tag record (a unit cached by an "
                         "older typeset? `typeset cache clear` empties the cache)")
    del pdf.Root[TAG_MAP]
    return json.loads(stream.read_bytes())


def logical_tree(record: dict) -> Element:
    """The Document element, its descendants made from the record's paths in order."""
    document = Element({"S": "Document"})
    elements: dict[str, Element] = {}

    def element_at(path: list[str]) -> Element:
        parent = document
        for key in path:
            if key not in elements:
                elements[key] = Element(record["nodes"][key])
                parent.kids.append(elements[key])
            parent = elements[key]
        return parent

    for entry in record["order"]:
        kind = entry[0]
        if kind == "node":
            element_at(entry[1])
        elif kind == "mark":
            element_at(entry[3]).kids.append(Content(entry[1], entry[2]))
        elif kind == "annot":
            element_at(entry[3]).kids.append(Annotation(entry[1], entry[2]))
    return document


def artifacts(record: dict) -> dict[int, dict[int, str]]:
    """Page → MCID → artifact kind."""
    found: dict[int, dict[int, str]] = {}
    for entry in record["order"]:
        if entry[0] == "artifact":
            found.setdefault(entry[1], {})[entry[2]] = entry[3]
    return found


def _artifact_properties(kind: str) -> Dictionary:
    """Header and Footer are subtypes of pagination; Pagination and Layout are types."""
    if kind in ("Header", "Footer"):
        return Dictionary(Type=Name.Pagination, Subtype=Name("/" + kind))
    return Dictionary(Type=Name("/" + kind))


def mark_artifacts(pdf: pikepdf.Pdf, page: pikepdf.Page, kinds: dict[int, str]) -> None:
    """Turn the page's marked content of ``kinds`` (MCID → kind) into artifacts."""
    if not kinds:
        return
    rewritten = []
    for instruction in pikepdf.parse_content_stream(page):
        if str(instruction.operator) == "BDC":
            properties = instruction.operands[1]
            if isinstance(properties, Dictionary) and int(properties.get("/MCID", -1)) in kinds:
                instruction = pikepdf.ContentStreamInstruction(
                    [Name.Artifact, _artifact_properties(kinds[int(properties.MCID)])],
                    pikepdf.Operator("BDC"))
        rewritten.append(instruction)
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(rewritten))


class _Writer:
    """Writes the logical tree as structure elements, with the ParentTree beside it."""

    def __init__(self, pdf: pikepdf.Pdf):
        self.pdf = pdf
        self.pages = [page.obj for page in pdf.pages]
        self.marked: dict[int, dict[int, pikepdf.Object]] = {}
        self.annotations: list[pikepdf.Object] = []
        self.ids = pikepdf.NameTree.new(pdf)

    def write(self, element: Element, parent: pikepdf.Object) -> pikepdf.Object:
        attributes = element.attributes
        obj = self.pdf.make_indirect(Dictionary(Type=Name.StructElem,
                                                S=Name("/" + element.role), P=parent))
        for key in ("ID", "ActualText", "Alt"):
            if key in attributes:
                obj[Name("/" + key)] = pikepdf.String(attributes[key])
        if "A" in attributes:
            obj.A = Dictionary({"/" + k: Name("/" + v) for k, v in attributes["A"].items()})
        if "ID" in attributes:
            self.ids[attributes["ID"]] = obj
        direct = [kid for kid in element.kids if isinstance(kid, Content)]
        page = direct[0].page if direct else None
        if page is not None:
            obj.Pg = self.pages[page]
        kids = []
        for kid in element.kids:
            if isinstance(kid, Element):
                if kid.holds_anything():
                    kids.append(self.write(kid, obj))
            elif isinstance(kid, Content):
                kids.append(self._content(kid, page, obj))
            else:
                kids.append(self._annotation(kid, attributes, obj))
        obj.K = Array(kids)
        return obj

    def _content(self, content: Content, page: int | None, owner: pikepdf.Object):
        self.marked.setdefault(content.page, {})[content.mcid] = owner
        if content.page == page:
            return content.mcid
        return Dictionary(Type=Name.MCR, Pg=self.pages[content.page], MCID=content.mcid)

    def _annotation(self, annotation: Annotation, attributes: dict,
                    owner: pikepdf.Object) -> Dictionary:
        obj = self.pdf.get_object(annotation.number, 0)
        obj.StructParent = len(self.pages) + len(self.annotations)
        if "Contents" in attributes:
            obj.Contents = pikepdf.String(attributes["Contents"])
        self.annotations.append(owner)
        return Dictionary(Type=Name.OBJR, Obj=obj, Pg=self.pages[annotation.page])

    def parent_tree(self) -> Dictionary:
        numbers: list = []
        for index, page in enumerate(self.pages):
            page.StructParents = index
            owners = self.marked.get(index, {})
            size = max(owners, default=-1) + 1
            numbers.extend([index, self.pdf.make_indirect(
                Array([owners.get(mcid, None) for mcid in range(size)]))])
        for offset, owner in enumerate(self.annotations):
            numbers.extend([len(self.pages) + offset, owner])
        return Dictionary(Nums=Array(numbers))


def restructure(pdf: pikepdf.Pdf) -> None:
    """Replace WeasyPrint's structure tree with the one the record describes."""
    record = read_record(pdf)
    kinds = artifacts(record)
    for index, page in enumerate(pdf.pages):
        mark_artifacts(pdf, page, kinds.get(index, {}))
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    writer = _Writer(pdf)
    root.K = writer.write(logical_tree(record), root)
    root.ParentTree = writer.parent_tree()
    root.ParentTreeNextKey = len(writer.pages) + len(writer.annotations)
    if len(writer.ids):
        root.IDTree = writer.ids.obj
    pdf.Root.StructTreeRoot = root
