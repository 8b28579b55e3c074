"""Line numbers for classroom reference: every fifth line of the text, page by page.

WeasyPrint has no line numbering, so after layout the lines of the running text are
read off each page (not the footnotes, heads or margin notes) and their baselines
drawn on a transparent overlay of the same pages, which post/overlay.py lays over them.
"""

from __future__ import annotations

from dataclasses import dataclass

EVERY = 5
PT_PER_PX = 0.75


@dataclass(frozen=True)
class LineMark:
    number: int
    baseline: float  # points from the top of the page
    text_left: float  # points: the left edge of the text block
    text_right: float


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


def numbered_lines(document) -> list[list[LineMark]]:
    """For each page, the marks of its every fifth line (numbering restarts on each page)."""
    pages = []
    for page in document.pages:
        box = page._page_box
        left = box.content_box_x() * PT_PER_PX
        right = left + box.width * PT_PER_PX
        marks = [LineMark(number, (line.position_y + line.baseline) * PT_PER_PX, left, right)
                 for number, line in enumerate(_body_lines(box), start=1)
                 if number % EVERY == 0]
        pages.append(marks)
    return pages


GAP_PT = 10.0
WIDTH_PT = 24.0


def overlay_html(pages: list[list[LineMark]], width_pt: float, height_pt: float,
                 facing: bool) -> str:
    """One page per page of the document, with the line numbers at their baselines,
    in the inner margin (the outer one holds the page numbers and sidenotes)."""
    parts = [f"<style>@page {{ size: {width_pt:.2f}pt {height_pt:.2f}pt; margin: 0 }}"
             "body { margin: 0; font-family: Libertine, serif; }"
             ".page { position: relative; height: %.2fpt; break-after: page; }"
             ".n { position: absolute; width: %.1fpt; font-size: 8pt; line-height: 1; }"
             "</style>" % (height_pt, WIDTH_PT)]
    for index, marks in enumerate(pages):
        inner_left = not facing or index % 2 == 0
        numbers = []
        for mark in marks:
            x = mark.text_left - GAP_PT - WIDTH_PT if inner_left else mark.text_right + GAP_PT
            align = "right" if inner_left else "left"
            top = mark.baseline - 0.82 * 8  # Libertine's baseline sits 0.82 em down
            numbers.append(f'<div class="n" style="left:{x:.2f}pt;top:{top:.2f}pt;'
                           f'text-align:{align}">{mark.number}</div>')
        parts.append(f'<div class="page">{"".join(numbers)}</div>')
    return "".join(parts)
