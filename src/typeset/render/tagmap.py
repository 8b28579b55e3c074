"""What each marked-content id of a tagged PDF stands for, recorded while WeasyPrint tags.

WeasyPrint 70 marks each text box it draws with a marked-content id (MCID), and knows
at that moment which box, and so which HTML element, each id belongs to. Its own
structure tree loses that (see post/tagging.py for its defects), so while it tags we
record, for each MCID in reading order, the path of structure elements it belongs to,
and leave the record in the PDF for post/tagging.py, which builds the tree from it.

The structure follows the meaning of our HTML (templates/*.j2), not its tag names:
  - paragraphs P, headings H1–H6 (in a volume book the documents' headings go one
    level down, under the volume's title, the half-title, which is the H1);
  - lists L, LI, Lbl (the item's label) and LBody (the rest of the item);
  - a note is a Note with its anchor as /ID, placed right after its call; the call
    is a Reference (a Link where it is a link: endnotes), read " note 2 " (its raised
    number alone may run into the word before). A long note's pieces, printed on
    later pages, join its Note;
  - a heading holds only its own text: its note calls and notes follow it, and the
    original page it begins on ("page 142") precedes it;
  - an original page number in the margin is read, once and where the page breaks,
    as " page 143 " (/ActualText): the bracketed numeral itself is not read;
  - the contents of a book is a TOC of TOCI, each holding its link in a Reference;
  - layout elements (section, div, span, i, b, …) add no element: their text goes
    into the nearest element that means something;
  - page-margin boxes (running heads, folios) and leaders are artifacts.
Reaching into WeasyPrint this way is why pyproject pins it to one major version.
"""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from typing import Iterator

import pydyf

from ..post.tagging import TAG_MAP
from . import engine  # noqa: F401  (configures fontconfig before WeasyPrint loads)

import weasyprint.pdf as weasyprint_pdf  # noqa: E402
from weasyprint.formatting_structure import boxes  # noqa: E402
from weasyprint.layout.absolute import AbsolutePlaceholder  # noqa: E402

HEADING = re.compile(r"^h([1-6])$")
HEADING_ROLES = {f"H{level}" for level in range(1, 7)}
# What a list item and a contents entry may hold (ISO 32000-1, 14.8.4), and the inner
# element that holds anything else
INNER = {"LI": ("LBody", {"Lbl"}), "TOCI": ("Reference", {"Lbl", "Reference", "P", "TOC"})}
TABLE_TAGS = {"table": "Table", "tr": "TR", "th": "TH", "td": "TD"}
PLAIN_TAGS = {"p": "P", "article": "Art", "blockquote": "BlockQuote", "ul": "L", "ol": "L",
              "li": "LI", "figure": "Div", "figcaption": "Caption", "img": "Figure",
              "a": "Link", **TABLE_TAGS}


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


class Recorder:
    """The record of one document's tagging (see post/tagging.py for its form)."""

    def __init__(self, document, marked: list[dict]):
        self.pages, self.marked = document.pages, marked
        root = next(box.element for box in document.pages[0]._page_box.children
                    if box.element_tag == "html")
        self.keys = {element: f"e{index}" for index, element in enumerate(root.iter())}
        self.parents = {child: parent for parent in root.iter() for child in parent}
        self.ids = {element.get("id"): element for element in root.iter() if element.get("id")}
        self.book = any("half-title" in _classes(element) for element in root.iter())
        self.nodes: dict[str, dict] = {}
        self.note_paths: dict[str, list[str]] = {}
        self.order: list[list] = []

    # ------------------------------------------------------------ roles

    def _inside(self, element, test) -> bool:
        parent = self.parents.get(element)
        while parent is not None:
            if test(parent):
                return True
            parent = self.parents.get(parent)
        return False

    def _role(self, element) -> dict | None:
        """The structure element an HTML element makes, or None if it makes none."""
        tag, classes = element.tag, _classes(element)
        heading = HEADING.match(tag)
        if "fn" in classes or "sidenote" in classes or (
                tag == "li" and self._inside(element, lambda e: "endnotes" in _classes(e))):
            return {"S": "Note", "ID": element.get("id")}
        if "page-ref" in classes:
            announced = f"page {_text(element).strip('[]')}"
            # the page a document begins on precedes its heading, as a paragraph
            return ({"S": "P", "ActualText": announced} if "start-page" in classes
                    else {"S": "Span", "ActualText": f" {announced} "})
        if "call" in classes:
            return _call(_text(element), "Link" if tag == "a" else "Reference")
        if heading:
            nested = self.book and self._inside(element, lambda e: e.tag == "article")
            return {"S": f"H{int(heading.group(1)) + (1 if nested else 0)}"}
        if tag == "p" and self._inside(element, lambda e: "half-title" in _classes(e)):
            return {"S": "H1"}  # a volume book's title
        in_contents = self._inside(element, lambda e: e.tag == "nav")
        if in_contents and tag in ("ol", "li"):
            return {"S": "TOC" if tag == "ol" else "TOCI"}
        if classes & {"label", "note-label"}:
            return {"S": "Lbl"}
        if classes & {"attachment", "postscript"}:
            return {"S": "Sect"}
        if "placeholder" in classes:
            return {"S": "P"}
        return self._plain_role(element, tag, classes)

    def _plain_role(self, element, tag: str, classes: set[str]) -> dict | None:
        role = PLAIN_TAGS.get(tag)
        if role is None:
            return None
        if role == "Figure":
            return {"S": role, "Alt": element.get("alt") or ""}
        if role == "TH":
            row = self.parents[element]
            scope = "Column" if all(cell.tag == "th" for cell in row) else "Row"
            return {"S": role, "A": {"O": "Table", "Scope": scope}}
        if role == "Link":
            text = _text(element)
            contents = f"Back to the call of note {text}" if "back" in classes else text
            return {"S": role, "Contents": contents or element.get("href", "")}
        return {"S": role}

    # ------------------------------------------------------------ paths

    def key(self, element) -> str:
        """A long note's pieces (id "…-note-2-piece-1") are the note's own element."""
        if "fn-continued" in _classes(element):
            return self.key(self.ids[element.get("id").rsplit("-piece-", 1)[0]])
        return self.keys[element]

    def _node(self, key: str, role: dict) -> str:
        self.nodes.setdefault(key, role)
        return key

    def node_path(self, element) -> list[str]:
        """The path of the structure element ``element`` makes, or of the nearest
        ancestor that makes one."""
        key = self.key(element)
        if key in self.note_paths:
            return self.note_paths[key]
        role = self._role(element)
        parent = self.parents.get(element)
        path = self.child_path(parent, role) if parent is not None else []
        if role is None:
            return path
        if role["S"] == "Note" or "ActualText" in role:  # notes, calls, page numbers
            path = self.out_of_headings(path)
        return path + [self._node(key, role)]

    def out_of_headings(self, path: list[str]) -> list[str]:
        """A heading holds only its own text: notes, note calls and page announcements
        follow it, or precede it (a document's first page) by their place in the text."""
        return [step for step in path if self.nodes[step]["S"] not in HEADING_ROLES]

    def child_path(self, element, role: dict | None) -> list[str]:
        """Where a child of ``element`` goes: into the element's own, or into the inner
        element that holds what it may not hold itself (a list item's LBody)."""
        path = self.node_path(element)
        inner = INNER.get(self.nodes[path[-1]]["S"]) if path else None
        if inner and (role or {}).get("S") not in inner[1]:
            path = path + [self._node(f"{path[-1]}:{inner[0]}", {"S": inner[0]})]
        return path

    def leaf_path(self, box) -> list[str]:
        """The path of the element a drawn box's content belongs to."""
        element, pseudo = box.element, (box.element_tag or "").partition("::")[2]
        if element is None:
            return []
        if pseudo == "footnote-call":
            call = _call(element.get("data-n", ""), "Reference")
            path = self.out_of_headings(self.child_path(self.parents[element], call))
            return path + [self._node(f"{self.key(element)}:call", call)]
        if pseudo in ("footnote-marker", "marker"):
            return self.node_path(element) + [
                self._node(f"{self.key(element)}:label", {"S": "Lbl"})]
        return self.child_path(element, None)

    def open_note(self, box) -> None:
        """After a call: its note begins here, in the call's block (after a heading)."""
        call = box.element
        if (box.element_tag or "").endswith("::footnote-call"):
            note = call
        elif call is not None and "call" in _classes(call):
            note = self.ids.get((call.get("id") or "").removesuffix("-call"))
        else:
            return
        if note is None or self.key(note) in self.note_paths:
            return
        path = self.out_of_headings(self.child_path(self.parents[call], {"S": "Note"}))
        self.note_paths[self.key(note)] = path + [self._node(self.key(note), self._role(note))]
        self.order.append(["node", self.note_paths[self.key(note)]])

    # ------------------------------------------------------------ the pages

    def record(self) -> dict:
        for index, page in enumerate(self.pages):
            self._visit(page._page_box, index, None)
        return {"nodes": self.nodes, "order": self.order}

    def _visit(self, box, page: int, artifact: str | None) -> None:
        """A page's boxes in the order of the text: a footnote's box comes at the foot
        of the page, but its Note was placed at its call (open_note)."""
        if isinstance(box, AbsolutePlaceholder):
            box = box._box
        artifact = artifact or _artifact_kind(box)
        tag = self.marked[page].get(box)
        if tag is not None:
            self.order.append(["artifact", page, tag["mcid"], artifact] if artifact
                              else ["mark", page, tag["mcid"], self.leaf_path(box)])
        if box.link_annotation is not None:  # even a leader's: the link is content
            self.order.append(["annot", page, box.link_annotation.number,
                               self.leaf_path(box)])
        for child in getattr(box, "children", ()):
            self._visit(child, page, artifact)
        if not artifact:
            self.open_note(box)


def _call(number: str, role: str) -> dict:
    """A note's call, read " note 2 ": a bare raised "2" may run into the word before."""
    call = {"S": role, "ActualText": f" note {number} "}
    return {**call, "Contents": f"Note {number}"} if role == "Link" else call


def _artifact_kind(box) -> str | None:
    """Running heads and folios are pagination artifacts; leaders are layout."""
    if isinstance(box, boxes.MarginBox):
        return {"@top": "Header", "@bot": "Footer"}.get(box.at_keyword[:4], "Pagination")
    return "Layout" if box.is_leader else None


@contextmanager
def tag_record_kept() -> Iterator[None]:
    """While active, WeasyPrint's tagging leaves our record in each PDF it tags."""
    original = weasyprint_pdf.add_tags

    def add_tags(pdf, document, pdf_version, page_streams):
        marked = [dict(stream._tags) for stream in page_streams]  # it empties them
        original(pdf, document, pdf_version, page_streams)
        data = json.dumps(Recorder(document, marked).record(), ensure_ascii=False,
                          separators=(",", ":"))
        stream = pydyf.Stream([data.encode()], compress=True)
        pdf.add_object(stream)
        pdf.catalog[str(TAG_MAP)[1:]] = stream.reference

    weasyprint_pdf.add_tags = add_tags
    try:
        yield
    finally:
        weasyprint_pdf.add_tags = original
