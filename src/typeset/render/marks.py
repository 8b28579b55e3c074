"""Marks stamped on finished pages: line numbers, and a split book's folios and contents.

WeasyPrint has no line numbering, so after layout the lines of the running text are
read off each page (not the footnotes, heads or margin notes) and every fifth is
numbered in the inner margin. A book rendered in parts (units.py) cannot count its
folios, or the pages its contents list, while laying out a part, so they are placed
after the merge, where the CSS would have put them. post/stamp.py writes the marks,
with glyphs from the sheet ``glyph_sheet_html`` sets.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..editions import PT_PER_PX, Edition
from .margins import outer_side_is_right

EVERY = 5
GAP_PT = 10.0
BASELINE_EM = 0.82  # Libertine's baseline sits this far below the top of a 1-em line
FOLIO_SCALE = 0.8  # the margin boxes' type, of the body's (page.css.j2 sets it too)
FOLIO_DROP_EM = 1.2  # the folio sits this far into the bottom margin (page.css.j2 too)


@dataclass(frozen=True)
class Mark:
    text: str
    x: float  # points: the left edge (align left), right edge (right) or centre
    baseline: float  # points from the top of the page
    size: float  # points
    align: str  # left | right | center


def _has_text(line) -> bool:
    stack = list(line.children)
    while stack:
        box = stack.pop()
        if type(box).__name__ == "TextBox" and box.text.strip():
            return True
        if getattr(box, "style", None) is not None and box.style["position"] == "absolute":
            continue
        stack.extend(getattr(box, "children", None) or [])
    return False


def _body_lines(box):
    """Line boxes of the running text, in order, skipping out-of-flow boxes."""
    for child in getattr(box, "children", None) or []:
        kind = type(child).__name__
        if kind in ("FootnoteAreaBox", "MarginBox"):
            continue
        style = getattr(child, "style", None)
        if style is not None and (style["position"] == "absolute" or style["float"] != "none"):
            continue
        if kind == "LineBox":
            if _has_text(child):
                yield child
        else:
            yield from _body_lines(child)


def line_number_marks(document, facing: bool) -> list[list[Mark]]:
    """Every fifth line of each page, numbered in the inner margin (the outer one holds
    page numbers and sidenotes); the count starts again on each page."""
    pages = []
    for index, page in enumerate(document.pages):
        box = page._page_box
        left = box.content_box_x() * PT_PER_PX
        right = left + box.width * PT_PER_PX
        inner_left = outer_side_is_right(index, facing)
        x, align = (left - GAP_PT, "right") if inner_left else (right + GAP_PT, "left")
        pages.append([Mark(str(number), x, (line.position_y + line.baseline) * PT_PER_PX, 8.0,
                           align)
                      for number, line in enumerate(_body_lines(box), start=1)
                      if number % EVERY == 0])
    return pages


def folio_marks(labels: list[str], edition: Edition) -> list[list[Mark]]:
    """Folios at the foot of each page, as page.css.j2 sets them."""
    size = edition.font_size.pt * FOLIO_SCALE
    baseline = edition.page_height.pt - edition.margin_bottom.pt + size * (
        FOLIO_DROP_EM + BASELINE_EM)
    pages = []
    for index, label in enumerate(labels):
        facing_left = not outer_side_is_right(index, edition.facing)
        inside, outside = edition.margin_inside.pt, edition.margin_outside.pt
        left = outside if facing_left else inside
        right = inside if facing_left else outside
        centre = left + (edition.page_width.pt - left - right) / 2
        pages.append([Mark(label, centre, baseline, size, "center")])
    return pages


SHEET_CHARACTERS = "0123456789abcdefghijklmnopqrstuvwxyz[]."


def glyph_sheet_html(edition: Edition) -> str:
    """Every character a mark may use, each after a space, in the edition's font."""
    text = "".join(f" {char}" for char in SHEET_CHARACTERS)
    return (f"<style>@page {{ size: 4in 1in; margin: 0 }} body {{ margin: 0; "
            f"font-family: '{edition.font_family}', serif; font-size: 10pt; "
            "font-kerning: none; font-variant-ligatures: none; font-feature-settings: "
            f"'lnum'; white-space: pre }}</style><p>{text}</p>")


def contents_marks(slots: dict[str, tuple[int, float, float]], pages: dict[str, str],
                   size: float, count: int) -> list[list[Mark]]:
    """The page of each contents entry, set right in its slot (id → page, right, base)."""
    marks: list[list[Mark]] = [[] for _ in range(count)]
    for anchor, label in pages.items():
        if anchor in slots:
            page, right, baseline = slots[anchor]
            marks[page].append(Mark(label, right, baseline, size, "right"))
    return marks
