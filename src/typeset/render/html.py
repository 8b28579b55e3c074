"""Renderer, stage one: the document model becomes HTML through Jinja templates.

Python decides everything a template should not: anchors, running heads, where each
note prints (foot, margin or end), how a long note is cut, how a facsimile is cut
into original pages, what the front matter of a book says. The templates
(src/typeset/templates) only spell the result out, with autoescaping on.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import jinja2
from markupsafe import Markup

from .. import __version__, pages
from ..editions import Edition
from ..model import (
    Block, Collection, Document, Inline, LineBreak, Note, NoteCall, PageBreak, PageNumber,
    Span, Text, Volume, plain_text, walk_inlines,
)
from ..resources import STYLES, TEMPLATES
from .facsimile import CutText, page_shares
from .longnotes import SENTENCE_END, Slot, SlotPlan, estimate_plan, insert_slots
from .marks import FOLIO_DROP_EM, FOLIO_SCALE

SERIES = "Foreign Relations of the United States"
# Rough type metrics for sizing notes: average character width, and the note's size
# and leading relative to the body (base.css: --note-size, .fn line-height).
CHAR_WIDTH_EM, NOTE_SIZE, NOTE_LEADING = 0.46, 0.82, 1.22
# A footnote taller than this share of the text block is cut into pieces of this share.
NOTE_PIECE_SHARE = 0.4
# A sidenote taller than this share of the page's height prints as a footnote instead.
SIDENOTE_SHARE = 0.45


@dataclass(frozen=True)
class RenderOptions:
    """What a build asks of the renderer beyond the edition's own settings.

    A book split into units (units.py) renders its body in parts, and its front matter
    last, when the pages of the contents are known.
    """
    book: bool = False  # a volume book, with front matter
    part: str = "whole"  # whole | front | body: which part of a split book this is
    folios: bool = True  # False: the folios count pages before this part; drawn later
    contents_pages: tuple[tuple[str, str], ...] = ()  # (anchor, page label) for "front"
    contents_slots: bool = False  # front: leave the pages empty, to be stamped later
    elsewhere: tuple[str, ...] = ()  # anchors that live in other parts (sorted: a key)
    # A facsimile of one long document renders in runs of its original pages: which.
    shares: tuple[int, int] | None = None


@dataclass
class NoteView:
    note: Note
    anchor: str
    placement: str  # foot | margin | end
    pieces: list[list[Inline]]

    @property
    def call_anchor(self) -> str:
        return f"{self.anchor}-call"

    def piece_anchor(self, index: int) -> str:
        """The id of piece ``index`` (from 1) of a long note (render/longnotes.py)."""
        return f"{self.anchor}-piece-{index}"


@dataclass
class DocumentView:
    doc: Document
    anchor: str
    running_head: str
    bookmark: str
    start_label: str | None
    notes: dict[str, NoteView]
    blocks: list[Block]
    slots: SlotPlan = field(default_factory=SlotPlan)

    @property
    def long_notes(self) -> dict[str, int]:
        """Note number → pieces, for the footnotes cut into several."""
        return {n: len(view.pieces) for n, view in self.notes.items() if len(view.pieces) > 1}

    @property
    def endnotes(self) -> list[NoteView]:
        return [view for view in self.notes.values() if view.placement == "end"]

    def pieces_at(self, slot: str) -> list[tuple[NoteView, int]]:
        return [(self.notes[piece.n], piece.index) for piece in self.slots.at.get(slot, [])]


@dataclass
class Fragment:
    """The part of a document one section prints: all of it, or one page's share."""
    doc: DocumentView
    blocks: list[Block]
    opens: bool
    closes: bool


@dataclass
class Section:
    """A run of pages: one document, or (facsimile) one original page."""
    id: str
    kind: str  # document | original-page
    page: str | None
    fragments: list[Fragment]
    opens_on: str | None = None  # left | right: the side the body of a book begins on


@dataclass
class ContentsEntry:
    number: str
    title: str
    anchor: str
    page: str | None  # printed as is (a facsimile's original page)
    counted: bool  # the PDF counts the page itself (target-counter)


@dataclass
class FrontMatter:
    half_title: str
    title_lines: list[str]
    editors: list[str]
    imprint: list[str]
    contents: list[ContentsEntry]


@dataclass
class BookView:
    volume_title: str
    documents: list[DocumentView]
    sections: list[Section]
    front: FrontMatter | None
    options: RenderOptions

    @property
    def first_side(self) -> str | None:
        """The side the first page must be, where the first section asks for one."""
        return None if self.front or not self.sections else self.sections[0].opens_on


@dataclass
class Metadata:
    title: str
    author: str
    subject: str
    keywords: str
    creator: str


# ---------------------------------------------------------------- what prints

def page_label(page: PageNumber) -> str:
    return f"[{page}]"


def volume_title(volume: Volume) -> str:
    """The verso running head: 'Foreign Relations, 1961–1963, Volume VI', or the series."""
    if volume.sub_series and volume.volume_number:
        return f"Foreign Relations, {volume.sub_series}, {volume.volume_number}"
    return volume.title or SERIES


def short_title(doc: Document) -> str:
    """'Letter From President Kennedy to Chairman Khrushchev' → 'Kennedy to Khrushchev'."""
    match = re.search(r"\bFrom (.+?) to (.+)$", doc.title)
    if match:
        ends = [_last_name(part) for part in match.groups()]
        if all(ends):
            return f"{ends[0]} to {ends[1]}"
    words = doc.title.split()
    return " ".join(words[:6]) + ("…" if len(words) > 6 else "")


def _last_name(phrase: str) -> str:
    named = re.findall(r"\(([^()]+)\)", phrase)
    if named:
        return named[-1]
    words = re.findall(r"[A-Z][\w’'-]+", phrase)
    return words[-1] if words else ""


def anchor_of(doc: Document) -> str:
    """An HTML id safe for any document number."""
    return doc.id or "d" + re.sub(r"[^A-Za-z0-9_-]", "-", doc.number)


def _text_block(edition: Edition) -> tuple[float, float]:
    """Width and height of the text block, in points."""
    return (edition.page_width.pt - edition.margin_inside.pt - edition.margin_outside.pt,
            edition.page_height.pt - edition.margin_top.pt - edition.margin_bottom.pt)


def note_capacity(edition: Edition) -> int:
    """Characters of note text that fill NOTE_PIECE_SHARE of the text block."""
    note_pt = edition.font_size.pt * NOTE_SIZE
    width, height = _text_block(edition)
    return int(NOTE_PIECE_SHARE * height / (note_pt * NOTE_LEADING) * width / (note_pt * CHAR_WIDTH_EM))


def sidenote_width(edition: Edition) -> float:
    """Points: the outer margin less half an inch of gutter, and never under 18 pt."""
    return max(edition.margin_outside.pt - 36, 18)


def sidenote_capacity(edition: Edition) -> int:
    """Characters a sidenote may hold and still fit its share of the outer margin."""
    note_pt = edition.font_size.pt * NOTE_SIZE
    width = sidenote_width(edition)
    lines = SIDENOTE_SHARE * edition.page_height.pt / (note_pt * NOTE_LEADING)
    return int(lines * width / (note_pt * CHAR_WIDTH_EM))


def body_capacity(edition: Edition) -> int:
    """Characters of running text on a full page."""
    size = edition.font_size.pt
    width, height = _text_block(edition)
    return int(width / (size * CHAR_WIDTH_EM) * height / (size * edition.leading))


def split_note(content: list[Inline], capacity: int) -> list[list[Inline]]:
    """Cut a long note at sentence ends into pieces of about ``capacity`` characters."""
    if len(plain_text(content)) <= capacity:
        return [content]
    pieces: list[list[Inline]] = [[]]
    size = 0
    for inline in content:
        if isinstance(inline, Text) and size + len(inline.text) > capacity:
            for part in _cut_text(inline.text, capacity - size, capacity):
                if size >= capacity and pieces[-1]:
                    pieces.append([])
                    size = 0
                pieces[-1].append(Text(part))
                size += len(part)
        else:
            pieces[-1].append(inline)
            size += len(plain_text([inline]))
    return [piece for piece in pieces if piece]


def _cut_text(text: str, first: int, capacity: int) -> list[str]:
    """Text in parts that end at sentence ends (else spaces) near the given sizes."""
    parts, budget = [], max(first, 1)
    while len(text) > budget:
        cut = _last_break(text, budget)
        if cut is None:
            break
        parts.append(text[:cut])
        text, budget = text[cut:], capacity
    parts.append(text)
    return [part for part in parts if part]


def _last_break(text: str, limit: int) -> int | None:
    ends = [m.end() for m in SENTENCE_END.finditer(text) if limit // 2 <= m.end() <= limit]
    if ends:
        return ends[-1]
    space = text.rfind(" ", 0, limit)
    return space + 1 if space > 0 else None


# ---------------------------------------------------------------- views

def note_view(note: Note, anchor: str, edition: Edition) -> NoteView:
    """Where a note prints: the edition's place, but a sidenote too long for the margin
    prints at the foot (its pieces are cut in ``slot_long_notes``)."""
    placement = edition.notes
    if placement == "margin" and len(plain_text(note.content)) > sidenote_capacity(edition):
        placement = "foot"
    return NoteView(note, f"{anchor}-note-{note.n}", placement, [note.content])


def document_view(doc: Document, edition: Edition) -> DocumentView:
    """How ``doc`` prints."""
    anchor = anchor_of(doc)
    notes = {note.n: note_view(note, anchor, edition) for note in doc.notes}
    start = (page_label(doc.start_page) if doc.start_page is not None
             and edition.page_refs == "margin" else None)
    view = DocumentView(doc, anchor, f"{doc.number}. {short_title(doc)}",
                        f"{doc.number}. {doc.title}", start, notes, doc.blocks)
    slot_long_notes(view, edition)
    return view


def slot_long_notes(view: DocumentView, edition: Edition) -> None:
    """Cut each footnote of ``view`` to size; long ones get slots and a first plan."""
    for note in view.notes.values():
        note.pieces = (split_note(note.note.content, note_capacity(edition))
                       if note.placement == "foot" else [note.note.content])
    view.blocks, view.slots = view.doc.blocks, SlotPlan()
    if view.long_notes:
        slotted = insert_slots(view.doc.blocks, view.anchor, set(view.long_notes))
        view.blocks = slotted.blocks
        view.slots = estimate_plan(slotted, view.long_notes, body_capacity(edition), view.anchor)


def document_sections(views: list[DocumentView]) -> list[Section]:
    return [Section(f"s-{view.anchor}", "document", None,
                    [Fragment(view, view.blocks, True, True)]) for view in views]


def original_page_sections(views: list[DocumentView], facing: bool) -> list[Section]:
    """Facsimile: one section per original page, holding each document's share of it.

    Documents that share a page (one ends and the next begins on page 148) share its
    section, as they share the printed page. With facing pages each original page
    begins on its own side, an even page on a verso, as it was printed.
    """
    sections: list[Section] = []
    for view in views:
        shares = page_shares(view.blocks, view.doc.start_page)
        for index, share in enumerate(shares):
            fragment = Fragment(view, share.blocks, index == 0, index == len(shares) - 1)
            label = str(share.page) if share.page is not None else None
            # A document that begins on the page the last one ends on shares its
            # section; so does one whose start the text cannot tell.
            if sections and index == 0 and label in (sections[-1].page, None):
                sections[-1].fragments.append(fragment)
            else:
                ident = f"p-{len(sections) + 1}-{label or 'unnumbered'}"
                side = side_of_page(share.page) if facing else None
                sections.append(Section(ident, "original-page", label, [fragment], side))
    return sections


def side_of_page(page: PageNumber | None) -> str | None:
    """The side an original page was printed on: even pages are versos."""
    ordinal = pages.ordinal(page) if page is not None else None
    return None if ordinal is None else ("left" if ordinal % 2 == 0 else "right")


def front_matter(volume: Volume, views: list[DocumentView], edition: Edition,
                 printed: dict[str, str], slots: bool = False) -> FrontMatter:
    """Half-title, title page and contents. The contents give each document's page:
    the original page in a facsimile, the page ``printed`` where a split book knows it,
    else the PDF counts it."""
    title = volume.title or volume_title(volume)
    lines = [line for line in (volume.series or SERIES, volume.sub_series,
                               volume.volume_number, volume.volume_title) if line]
    imprint = [line for line in (volume.publisher, volume.place, volume.date) if line]
    facsimile = edition.facsimile
    contents = []
    for view in views:
        page = printed.get(view.anchor)
        if facsimile and view.doc.start_page is not None:
            page = str(view.doc.start_page)
        counted = not facsimile and view.anchor not in printed and not slots
        contents.append(ContentsEntry(view.doc.number, view.doc.title, view.anchor, page,
                                      counted))
    return FrontMatter(title, lines, list(volume.editors), imprint, contents)


def book_view(collection: Collection, edition: Edition, options: RenderOptions) -> BookView:
    views = [document_view(doc, edition) for doc in collection.documents]
    sections = [] if options.part == "front" else (
        original_page_sections(views, edition.facing) if edition.facsimile
        else document_sections(views))
    if options.shares:
        sections = sections[slice(*options.shares)]
    front = None
    if options.book and options.part != "body":
        front = front_matter(collection.volume, views, edition, dict(options.contents_pages),
                             options.contents_slots)
        if sections and sections[0].opens_on is None and edition.facing:
            sections[0].opens_on = "right"  # a book's body begins on a recto
    return BookView(volume_title(collection.volume), views, sections,
                    front, options)


def metadata(collection: Collection) -> Metadata:
    docs, volume = collection.documents, collection.volume
    if len(docs) == 1:
        title = f"{docs[0].number}. {docs[0].title}"
        author = docs[0].sender or SERIES
    else:
        title = volume.title or f"{SERIES}: documents {docs[0].number}–{docs[-1].number}"
        author = ", ".join(volume.editors) or SERIES
    subject = ", ".join(part for part in (
        volume.title or volume_title(volume),
        "Document" + ("s " if len(docs) > 1 else " ") + ", ".join(d.number for d in docs),
    ) if part)
    keywords = ", ".join(dict.fromkeys(
        filter(None, [SERIES, volume.id, *(f"document {d.number}" for d in docs)])))
    return Metadata(title, author, subject, keywords, f"typeset {__version__}")


ELSEWHERE = "typeset-dest:"  # a link to another part of a split book, made whole on merge
CONTENTS_SLOT = "contents-page-"  # where a split book stamps a contents entry's page


def internal_links(collection: Collection, elsewhere: tuple[str, ...]) -> dict[str, str]:
    """References to documents of this build (target '#d49') become links; those that
    live in another part of a split book are marked so the merge can join them."""
    anchors = {f"#{anchor_of(doc)}" for doc in collection.documents}
    targets = {span.target for doc in collection.documents
               for inlines in [*walk_inlines(doc.blocks), *(n.content for n in doc.notes)]
               for span in _spans(inlines)}
    links = {target: target for target in targets if target in anchors}
    links.update({f"#{anchor}": f"{ELSEWHERE}{anchor}" for anchor in elsewhere
                  if f"#{anchor}" in targets})
    return links


def _spans(inlines: list[Inline]):
    for inline in inlines:
        if isinstance(inline, Span):
            yield inline
            yield from _spans(inline.content)


# ---------------------------------------------------------------- templates

@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    # Compiled templates are kept on disk (beside fontconfig's cache, engine.py):
    # compiling them costs each start 0.07 s.
    compiled = Path(tempfile.gettempdir()) / f"typeset-templates-{os.getuid()}"
    compiled.mkdir(exist_ok=True)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "html.j2"], default=False),
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)))
    env.tests.update({
        "text_inline": lambda node: isinstance(node, Text),
        "page_break": lambda node: isinstance(node, PageBreak),
        "note_call": lambda node: isinstance(node, NoteCall),
        "line_break": lambda node: isinstance(node, LineBreak),
        "slot": lambda node: isinstance(node, Slot),
        "cut_text": lambda node: isinstance(node, CutText),
    })
    env.filters["plain"] = plain_text
    env.globals["page_label"] = page_label
    return env


def stylesheet_urls(edition: Edition) -> list[str]:
    names = ["fonts.css", "base.css"] + ([edition.stylesheet] if edition.stylesheet else [])
    return [(STYLES / name).as_uri() for name in names]


def page_css(edition: Edition, book: BookView, extra: str = "") -> str:
    css = environment().get_template("page.css.j2").render(
        edition=edition, book=book, sidenote_width=sidenote_width(edition),
        folio_scale=FOLIO_SCALE, folio_drop_em=FOLIO_DROP_EM)
    return f"{css}\n{extra}" if extra else css


def render_html(book: BookView, collection: Collection, edition: Edition,
                extra_css: str = "", images: Mapping[str, Path] = MappingProxyType({})) -> str:
    """The whole HTML of one PDF: every document of ``book`` in ``edition``."""
    elsewhere = set(book.options.elsewhere) if book.sections else {
        view.anchor for view in book.documents}  # the front part of a split book
    return environment().get_template("book.html.j2").render(
        book=book,
        link_to=lambda anchor: (f"{ELSEWHERE}{anchor}" if anchor in elsewhere
                                else f"#{anchor}"),
        contents_slot=CONTENTS_SLOT,
        edition=edition,
        meta=metadata(collection),
        stylesheets=stylesheet_urls(edition),
        page_css=Markup(page_css(edition, book, extra_css)),  # from the validated table
        links=internal_links(collection, book.options.elsewhere),
        images={src: path.as_uri() for src, path in images.items()},
    )
