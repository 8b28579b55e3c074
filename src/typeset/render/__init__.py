"""The renderer: model → HTML (Jinja) → laid-out pages (WeasyPrint) → PDF bytes.

``render`` runs the passes a collection needs: one, or a few more while the pieces of
a long note find their pages (longnotes.py); then margin notes are placed and the
pages drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..editions import Edition
from ..errors import BuildError
from ..model import Collection
from .html import BookView, DocumentView, book_view, render_html
from .longnotes import pieces_in_order, plan_from_layout
from .margins import place_margin_notes
from .pdf import anchor_pages, lay_out, write_pdf

MAX_PASSES = 6


@dataclass
class Rendering:
    html: str
    pdf: bytes
    page_count: int


def _replan(view: DocumentView, anchors: dict[str, tuple[int, float]]) -> bool:
    """Move the pieces of ``view``'s long notes to the slots of their pages.

    True when the plan changed and another pass is needed.
    """
    long_notes = view.long_notes
    if not long_notes:
        return False
    piece_pages = {}
    for n, count in long_notes.items():
        first = view.notes[n].anchor
        ids = [first] + [f"{first}-piece-{index}" for index in range(1, count)]
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


def render(collection: Collection, edition: Edition, images_dir: Path | None = None
           ) -> Rendering:
    book: BookView = book_view(collection, edition)
    for _ in range(MAX_PASSES):
        html = render_html(book, collection, edition)
        document = lay_out(html, images_dir)
        anchors = anchor_pages(document)
        if not any([_replan(view, anchors) for view in book.documents]):
            break
    else:
        raise BuildError("long notes did not settle on their pages; nothing was written")
    place_margin_notes(document, edition.facing)
    return Rendering(html, write_pdf(document, edition), len(document.pages))
