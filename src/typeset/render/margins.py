"""Post-layout placement of margin notes: original page numbers and sidenotes.

CSS cannot say "the outer margin of whichever page this lands on", and it cannot keep
absolutely positioned notes apart. So the HTML sets each margin note as an absolutely
positioned box at its static position, level with the line it belongs to, and after
layout, before drawing, this module moves each one:
  - sideways into the outer margin of its page (the right margin of a recto, the left
    of a verso; always the right, wide one for one-sided editions);
  - onto the baseline of its line;
  - down, by the least amount, to clear the note above it (page numbers stay level
    with their lines, and sidenotes give way to them); and where the notes of a page
    run past its foot, up again, as little as needed.
A sidenote that still cannot fit is reported, and the renderer prints it as a
footnote instead. This reads and moves WeasyPrint's laid-out boxes
(``Page._page_box``), which is why pyproject pins WeasyPrint to one major version.
Moving out-of-flow boxes changes no line of the text, so one layout pass is enough.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..editions import PT_PER_PX

MARGIN_NOTE = "margin-note"
GAP_PT = 9.0  # between the text block and a margin note
CLEARANCE_PT = 2.0  # between two margin notes, one above the other


@dataclass
class Placed:
    box: object
    line: object | None


@dataclass
class Move:
    box: object
    dx: float
    dy: float


@dataclass
class MarginPlan:
    moves: list[Move]
    unplaced: list[str]  # ids of sidenotes that do not fit their page

    def apply(self) -> None:
        for move in self.moves:
            move.box.translate(move.dx, move.dy)


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


def _baseline_shift(box, line) -> float:
    own = _first_line(box)
    if line is None or own is None:
        return 0.0
    return (line.position_y + line.baseline) - (own.position_y + own.baseline)


def _stack(ideals: list[float], heights: list[float], floor: float, clearance: float
           ) -> list[float]:
    """Tops for boxes in order: each as near its ideal as it can be, clear of the one
    above; where they run past the floor, moved up again as little as needed."""
    tops, bottom = [], float("-inf")
    for ideal, height in zip(ideals, heights):
        tops.append(max(ideal, bottom + clearance))
        bottom = tops[-1] + height
    ceiling = floor
    for index in reversed(range(len(tops))):
        tops[index] = min(tops[index], ceiling - heights[index])
        ceiling = tops[index] - clearance
    return tops


def _around(ideal: float, height: float, after: float, blocked: list[tuple[float, float]],
            clearance: float) -> float:
    """The first top at or below ``ideal`` and ``after`` clear of the blocked spans."""
    top = max(ideal, after)
    moved = True
    while moved:
        moved = False
        for start, end in blocked:
            if top < end + clearance and top + height > start - clearance:
                top, moved = end + clearance, True
    return top


def plan_page(page_box, outer_right: bool) -> tuple[list[Move], list[str]]:
    """Where each margin note of one page goes, and which sidenotes cannot fit.

    Page numbers keep level with their lines; sidenotes give way to them. Only when
    the sidenotes then run past the foot are all of them stacked together.
    """
    gap, clearance = GAP_PT / PT_PER_PX, CLEARANCE_PT / PT_PER_PX
    text_left = page_box.content_box_x()
    text_right = text_left + page_box.width
    ceiling = page_box.content_box_y()
    floor = ceiling + page_box.height
    items = sorted(margin_notes(page_box), key=lambda p: p.box.position_y)
    ideals = [item.box.position_y + _baseline_shift(item.box, item.line) for item in items]
    heights = [item.box.margin_height() for item in items]
    is_note = ["sidenote" in _classes(item.box) for item in items]

    refs = [index for index, note in enumerate(is_note) if not note]
    tops = dict(zip(refs, _stack([ideals[i] for i in refs], [heights[i] for i in refs],
                                 floor, clearance)))
    blocked = [(tops[i], tops[i] + heights[i]) for i in refs]
    bottom = float("-inf")
    for index in (i for i, note in enumerate(is_note) if note):
        tops[index] = _around(ideals[index], heights[index], bottom + clearance, blocked,
                              clearance)
        bottom = tops[index] + heights[index]
    if bottom > floor:
        tops = dict(enumerate(_stack(ideals, heights, floor, clearance)))

    unplaced = [item.box.element.get("id") for index, item in enumerate(items)
                if is_note[index] and tops[index] < ceiling]
    moves = []
    for index, item in enumerate(items):
        box = item.box
        x = text_right + gap if outer_right else text_left - gap - box.margin_width()
        moves.append(Move(box, x - box.position_x, tops[index] - box.position_y))
    return moves, unplaced


def plan_margin_notes(document, facing: bool) -> MarginPlan:
    """The moves of every margin note of a rendered WeasyPrint document."""
    plan = MarginPlan([], [])
    for index, page in enumerate(document.pages):
        moves, unplaced = plan_page(page._page_box, outer_side_is_right(index, facing))
        plan.moves.extend(moves)
        plan.unplaced.extend(unplaced)
    return plan
