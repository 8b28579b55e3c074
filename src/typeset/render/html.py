"""Renderer, stage one: the document model becomes HTML through Jinja templates.

Python decides everything a template should not: anchors, running heads, which
references become links, how a note too long for one page is cut into pieces. The
templates (src/typeset/templates) only spell the result out, with autoescaping on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import jinja2
from markupsafe import Markup

from .. import __version__
from ..editions import Edition
from ..model import (
    Block, Collection, Document, Inline, LineBreak, Note, NoteCall, PageBreak, PageNumber,
    Span, Text, Volume, plain_text, walk_inlines,
)
from ..resources import STYLES, TEMPLATES
from .longnotes import Slot, SlotPlan, estimate_plan, insert_slots

SERIES = "Foreign Relations of the United States"
# Rough type metrics for sizing note pieces: average character width and the note's
# size and leading relative to the body (base.css: --note-size, .fn line-height).
CHAR_WIDTH_EM, NOTE_SIZE, NOTE_LEADING = 0.46, 0.82, 1.22
# A note taller than this share of the text block is cut into pieces of this share.
NOTE_PIECE_SHARE = 0.4
SENTENCE_END = re.compile(r"(?<=[.;:?!”\"])\s+")


@dataclass
class NoteView:
    note: Note
    anchor: str
    pieces: list[list[Inline]]


@dataclass
class DocumentView:
    doc: Document
    anchor: str
    running_head: str
    start_label: str | None
    notes: dict[str, NoteView]
    blocks: list[Block]
    slots: SlotPlan = field(default_factory=SlotPlan)

    @property
    def long_notes(self) -> dict[str, int]:
        """Note number → pieces, for the notes cut into several."""
        return {n: len(view.pieces) for n, view in self.notes.items() if len(view.pieces) > 1}

    def pieces_at(self, slot: str) -> list[tuple[NoteView, int]]:
        return [(self.notes[piece.n], piece.index) for piece in self.slots.at.get(slot, [])]


@dataclass
class BookView:
    volume: Volume
    volume_title: str
    documents: list[DocumentView]


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


def running_head(doc: Document) -> str:
    return f"{doc.number}. {short_title(doc)}"


def anchor_of(doc: Document) -> str:
    """An HTML id safe for any document number."""
    return doc.id or "d" + re.sub(r"[^A-Za-z0-9_-]", "-", doc.number)


def note_capacity(edition: Edition) -> int:
    """Characters of note text that fill NOTE_PIECE_SHARE of the text block."""
    note_pt = edition.font_size.pt * NOTE_SIZE
    measure = edition.page_width.pt - edition.margin_inside.pt - edition.margin_outside.pt
    height = edition.page_height.pt - edition.margin_top.pt - edition.margin_bottom.pt
    per_line = measure / (note_pt * CHAR_WIDTH_EM)
    lines = height / (note_pt * NOTE_LEADING)
    return int(NOTE_PIECE_SHARE * lines * per_line)


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

def body_capacity(edition: Edition) -> int:
    """Characters of running text on a full page."""
    size = edition.font_size.pt
    measure = edition.page_width.pt - edition.margin_inside.pt - edition.margin_outside.pt
    height = edition.page_height.pt - edition.margin_top.pt - edition.margin_bottom.pt
    return int(measure / (size * CHAR_WIDTH_EM) * height / (size * edition.leading))


def document_view(doc: Document, edition: Edition) -> DocumentView:
    """How ``doc`` prints; a document with long notes gets slots and a first plan."""
    anchor = anchor_of(doc)
    capacity = note_capacity(edition)
    notes = {note.n: NoteView(note, f"{anchor}-note-{note.n}", split_note(note.content, capacity))
             for note in doc.notes}
    start = page_label(doc.start_page) if doc.start_page is not None else None
    view = DocumentView(doc, anchor, running_head(doc), start, notes, doc.blocks)
    if view.long_notes:
        slotted = insert_slots(doc.blocks, anchor, set(view.long_notes))
        view.blocks = slotted.blocks
        view.slots = estimate_plan(slotted, view.long_notes, body_capacity(edition), anchor)
    return view


def book_view(collection: Collection, edition: Edition) -> BookView:
    return BookView(collection.volume, volume_title(collection.volume),
                    [document_view(doc, edition) for doc in collection.documents])


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


def internal_links(collection: Collection) -> dict[str, str]:
    """References to documents of this build (target '#d49') become links."""
    anchors = {f"#{anchor_of(doc)}": f"#{anchor_of(doc)}" for doc in collection.documents}
    targets = {span.target for doc in collection.documents
               for inlines in walk_inlines(doc.blocks) for span in _spans(inlines)}
    targets |= {span.target for doc in collection.documents for note in doc.notes
                for span in _spans(note.content)}
    return {target: anchors[target] for target in targets if target in anchors}


def _spans(inlines: list[Inline]):
    for inline in inlines:
        if isinstance(inline, Span):
            yield inline
            yield from _spans(inline.content)


# ---------------------------------------------------------------- templates

@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "html.j2"], default=False),
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.tests.update({
        "text_inline": lambda node: isinstance(node, Text),
        "page_break": lambda node: isinstance(node, PageBreak),
        "note_call": lambda node: isinstance(node, NoteCall),
        "line_break": lambda node: isinstance(node, LineBreak),
        "slot": lambda node: isinstance(node, Slot),
    })
    env.filters["plain"] = plain_text
    env.globals["page_label"] = page_label
    return env


def stylesheet_urls(edition: Edition) -> list[str]:
    names = ["fonts.css", "base.css"] + ([edition.stylesheet] if edition.stylesheet else [])
    return [(STYLES / name).as_uri() for name in names]


def page_css(edition: Edition) -> str:
    return environment().get_template("page.css.j2").render(edition=edition,
                                                            folio="counter(page)")


def render_html(book: BookView, collection: Collection, edition: Edition) -> str:
    """The whole HTML of one PDF: every document of ``book`` in ``edition``."""
    return environment().get_template("book.html.j2").render(
        book=book,
        edition=edition,
        meta=metadata(collection),
        stylesheets=stylesheet_urls(edition),
        page_css=Markup(page_css(edition)),  # generated from the validated edition table
        links=internal_links(collection),
        images={},
    )

