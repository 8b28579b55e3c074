"""Rendering a collection: model → HTML (Jinja) → laid-out pages (WeasyPrint) → PDF.

``render`` runs the layout passes a collection needs. Most take one. More are needed
only while something that layout alone reveals is settled:
  - the pieces of a long footnote find their pages (longnotes.py);
  - a sidenote that does not fit beside its call becomes a footnote (margins.py);
  - facsimile pages that overflow get their folios, "143a" (facsimile.py).
Then margin notes move into place and the pages are drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from ..editions import Edition
from ..errors import BuildError
from ..model import Collection
from ..pages import int_to_roman
from .facsimile import folio_overrides, suffix
from .html import (
    CONTENTS_SLOT, BookView, DocumentView, RenderOptions, book_view, render_html,
    slot_long_notes,
)
from .marks import Mark, glyph_sheet_html, line_number_marks
from .longnotes import pieces_in_order, plan_from_layout
from .margins import plan_margin_notes
from .pdf import anchor_pages, lay_out, slot_positions, write_pdf

MAX_PASSES = 8


@dataclass
class Rendering:
    html: str
    pdf: bytes
    labels: list[str]  # each page's label: its folio, or original page in a facsimile
    bookmarks: list[str] = field(default_factory=list)
    marks: list[list[Mark]] = field(default_factory=list)  # line numbers, to stamp
    starts: dict[str, int] = field(default_factory=dict)  # document anchor → page index
    slots: dict[str, tuple[int, float, float]] = field(default_factory=dict)  # contents


def _replan_long_notes(view: DocumentView, anchors: dict[str, tuple[int, float]]) -> bool:
    """Move the pieces of ``view``'s long notes to the slots of their pages.

    True when the plan changed and another pass is needed.
    """
    long_notes = view.long_notes
    if not long_notes:
        return False
    piece_pages = {}
    for n, count in long_notes.items():
        first = view.notes[n].anchor
        ids = [first] + [view.notes[n].piece_anchor(index) for index in range(1, count)]
        piece_pages[n] = [anchors[i][0] if i in anchors else -1 for i in ids]
    placed = all(page >= 0 for pages in piece_pages.values() for page in pages)
    if placed and pieces_in_order(piece_pages):
        return False
    slot_pages = {name: page for name, (page, _) in anchors.items()
                  if name.startswith(f"{view.anchor}-slot-")}
    call_pages = {n: pages[0] for n, pages in piece_pages.items()}
    plan = plan_from_layout(slot_pages, call_pages, long_notes, view.anchor)
    if plan == view.slots:
        raise BuildError(f"document {view.doc.number}: a long note could not be laid out "
                         "across pages without loss")
    view.slots = plan
    return True


def _demote_sidenotes(book: BookView, unplaced: list[str], edition: Edition) -> bool:
    """Sidenotes that do not fit their page print as footnotes in the next pass."""
    changed = False
    for view in book.documents:
        demoted = [note for note in view.notes.values()
                   if note.anchor in unplaced and note.placement == "margin"]
        for note in demoted:
            note.placement = "foot"
        if demoted:  # only this document's long notes need new slots
            slot_long_notes(view, edition)
            changed = True
    return changed


def _fill_contents(book: BookView, anchors: dict[str, tuple[int, float]],
                   labels: list[str]) -> bool:
    """Contents entries the PDF cannot count (a facsimile's document whose start the
    source does not tell) print the label of the page their heading landed on."""
    if book.front is None or book.options.part == "front":
        return False
    changed = False
    for entry in book.front.contents:
        if entry.counted or entry.anchor not in anchors:
            continue
        label = labels[anchors[entry.anchor][0]]
        if entry.page != label:
            entry.page, changed = label, True
    return changed


def page_labels(book: BookView, anchors: dict[str, tuple[int, float]], count: int,
                edition: Edition) -> tuple[list[str], dict[int, str]]:
    """Each page's label: roman in the front matter, then the folios of the body, or
    in a facsimile the original page with a letter for each page it overflows onto.

    Also the pages of a facsimile that overflow, whose folios must be set by index.
    """
    starts = sorted(((anchors[s.id][0], index, s) for index, s in enumerate(book.sections)
                     if s.id in anchors), key=lambda item: item[:2])
    body_start = starts[0][0] if starts else 0
    labels = [int_to_roman(index + 1) for index in range(body_start)]
    if not edition.facsimile:
        return labels + [str(number) for number in range(1, count - body_start + 1)], {}
    overflow: dict[int, str] = {}
    current, first = "", body_start
    for index in range(body_start, count):
        while starts and starts[0][0] <= index:
            start, _, section = starts.pop(0)
            if section.page is not None:
                current, first = section.page, start
        label = current + suffix(index - first) if current else str(index + 1)
        if current and index > first:
            overflow[index] = label
        labels.append(label)
    return labels, overflow


@lru_cache(maxsize=4)
def _glyph_sheet(html: str) -> bytes:
    return lay_out(html).write_pdf()


def glyph_sheet(edition: Edition) -> bytes:
    """The characters marks use, set once per font by WeasyPrint (post/stamp.py)."""
    return _glyph_sheet(glyph_sheet_html(edition))


def render(collection: Collection, edition: Edition, options: RenderOptions = RenderOptions(),
           images: Mapping[str, Path] = MappingProxyType({})) -> Rendering:
    """``images``: the file of each figure source that has one (figures.py)."""
    book = book_view(collection, edition, options)
    folio_css = ""
    for _ in range(MAX_PASSES):
        html = render_html(book, collection, edition, folio_css, images)
        document = lay_out(html, tuple(images.values()))
        anchors = anchor_pages(document)
        margins = plan_margin_notes(document, edition.facing)
        changed = [_replan_long_notes(view, anchors) for view in book.documents]
        if any(changed) or _demote_sidenotes(book, margins.unplaced, edition):
            continue
        labels, overflow = page_labels(book, anchors, len(document.pages), edition)
        wanted = folio_overrides(overflow)
        if _fill_contents(book, anchors, labels) or wanted != folio_css:
            folio_css = wanted
            continue
        break
    else:
        raise BuildError("the layout did not settle; nothing was written")
    margins.apply()
    bookmarks = [label for page in document.pages for _, label, _, _ in page.bookmarks]
    marks = line_number_marks(document, edition.facing) if edition.line_numbers else []
    starts = {view.anchor: anchors[view.anchor][0] for view in book.documents
              if view.anchor in anchors}
    return Rendering(html, write_pdf(document, edition), labels, bookmarks, marks, starts,
                     slot_positions(document, CONTENTS_SLOT))
