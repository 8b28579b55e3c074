"""Post-layout placement of margin notes: original page numbers (and sidenotes).

CSS cannot say "the outer margin of whichever page this lands on", and it cannot keep
two absolutely positioned notes apart. So the HTML sets each margin note as an
absolutely positioned box at its static position, level with the line it belongs to,
and after layout, before drawing, this module moves each one:
  - sideways into the outer margin of its page (the right margin of a recto, the left
    of a verso; always the right, wide one for one-sided editions);
  - down, by the least amount, to clear the note above it;
  - onto the baseline of its line.
It reads and moves WeasyPrint's laid-out boxes (``Page._page_box``), which is why
pyproject pins WeasyPrint to one major version. Moving out-of-flow boxes changes no
line of the text, so one layout pass is enough.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

MARGIN_NOTE = "margin-note"
GAP_PT = 9.0  # between the text block and a margin note
CLEARANCE_PT = 1.5  # between two margin notes, one above the other
PX_PER_PT = 4 / 3  # WeasyPrint lays out in CSS pixels


@dataclass
class Placed:
    box: object
    line: object | None


def _classes(box) -> set[str]:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) is None:
        return set()
    return set((element.get("class") or "").split())


def margin_notes(page_box) -> Iterator[Placed]:
    """Each absolutely positioned margin note of a page, with the line it sits in."""
    stack: list[tuple[object, object | None]] = [(page_box, None)]
    while stack:
        box, line = stack.pop()
        if type(box).__name__ == "LineBox":
            line = box
        if (getattr(box, "style", None) is not None and box.style["position"] == "absolute"
                and MARGIN_NOTE in _classes(box)):
            yield Placed(box, line)
            continue
        children = getattr(box, "children", None) or []
        stack.extend((child, line) for child in reversed(children))


def _first_line(box):
    for child in getattr(box, "children", None) or []:
        if type(child).__name__ == "LineBox":
            return child
        found = _first_line(child)
        if found is not None:
            return found
    return None


def outer_side_is_right(page_index: int, facing: bool) -> bool:
    """Recto pages (the first, third, …) have their outer margin on the right."""
    return not facing or page_index % 2 == 0


def place_on_page(page_box, outer_right: bool) -> None:
    gap, clearance = GAP_PT * PX_PER_PT, CLEARANCE_PT * PX_PER_PT
    text_left = page_box.content_box_x()
    text_right = text_left + page_box.width
    placed = sorted(margin_notes(page_box), key=lambda p: p.box.position_y)
    bottom = float("-inf")
    for item in placed:
        box = item.box
        width = box.margin_width()
        x = text_right + gap if outer_right else text_left - gap - width
        dy = _baseline_shift(box, item.line)
        top = box.position_y + dy
        if top < bottom + clearance:
            dy += bottom + clearance - top
        box.translate(x - box.position_x, dy)
        bottom = box.position_y + box.margin_height()


def _baseline_shift(box, line) -> float:
    own = _first_line(box)
    if line is None or own is None:
        return 0.0
    return (line.position_y + line.baseline) - (own.position_y + own.baseline)


def place_margin_notes(document, facing: bool) -> None:
    """Move every margin note of a rendered WeasyPrint document into place."""
    for index, page in enumerate(document.pages):
        place_on_page(page._page_box, outer_side_is_right(index, facing))
