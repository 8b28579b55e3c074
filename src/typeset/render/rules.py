"""Typesetting rules WeasyPrint 70 lacks, added to its line and page breaking.

  - A footnote stays on the page of its call. To avoid an orphan or a widow at the
    foot of a page, WeasyPrint may instead move the page's last footnotes to the next
    page while their calls stay behind (Kozea/WeasyPrint#2432, PR #2437), and reorder
    them when it moves several. That heuristic is turned off, and the lines break as
    usual; only the continuation of a note too long for one page
    (``footnote-policy: auto``) moves on.
  - At most two consecutive lines end in a hyphen: after two, the next line of the
    paragraph is set without automatic hyphenation.
  - No page ends in a hyphen: a page break that would follow a hyphenated line comes
    one line earlier (as TeX's \\brokenpenalty would have it), or, where the orphans
    rule forbids that, before the paragraph.

Each is a small wrapper around one function of WeasyPrint's layout; pyproject pins
WeasyPrint to major version 70, and the typography tests catch a change.
"""

from __future__ import annotations

import sys

from weasyprint.layout import LayoutContext
from weasyprint.layout import block as block_layout
from weasyprint.layout import inline as inline_layout

MAX_HYPHENATED_RUN = 2
_LINE_LAYOUT = block_layout._linebox_layout.__code__
ORIGINAL = {"iter_line_boxes": block_layout.iter_line_boxes,
            "split_first_line": inline_layout.split_first_line,
            "break_line": block_layout._break_line}


def _in_column(context) -> bool:
    if sys._getframe(1).f_code is _LINE_LAYOUT:
        return True  # "in a column" is what stops the line layout reporting footnotes
    return context.__dict__.get("_in_column", False)


def _set_in_column(context, value: bool) -> None:
    context.__dict__["_in_column"] = value


def ends_hyphenated(line) -> bool:
    """Whether a laid-out line box ends with its hyphenation character."""
    last = None
    for box in line.descendants():
        if type(box).__name__ == "TextBox" and box.text:
            last = box
    return last is not None and last.text.endswith(last.style["hyphenate_character"])


def _limited_line_boxes(context, *args, **kwargs):
    """Lines of a paragraph, no third consecutive one hyphenated automatically."""
    run = 0
    try:
        for line, resume_at in ORIGINAL["iter_line_boxes"](context, *args, **kwargs):
            run = run + 1 if ends_hyphenated(line) else 0
            context.__dict__["no_hyphenation"] = run >= MAX_HYPHENATED_RUN
            yield line, resume_at
    finally:
        context.__dict__["no_hyphenation"] = False


def _split_first_line_limited(text, style, context, *args, **kwargs):
    if (context is not None and context.__dict__.get("no_hyphenation")
            and style["hyphens"] == "auto"):
        style = style.copy()
        style["hyphens"] = "manual"
    return ORIGINAL["split_first_line"](text, style, context, *args, **kwargs)


def _break_line_after_whole_word(context, box, line, new_children, needed, page_is_empty,
                                 *args):
    """Break the page where WeasyPrint would, but never after a hyphenated line."""
    over_orphans = len(new_children) - box.style["orphans"]
    while needed < len(new_children) and ends_hyphenated(new_children[-1 - needed]):
        if needed + 1 > over_orphans and not page_is_empty:
            needed = over_orphans + 1  # too few lines would stay: move the paragraph on
            break
        needed += 1
    return ORIGINAL["break_line"](context, box, line, new_children, needed, page_is_empty,
                                  *args)


def install() -> None:
    LayoutContext.in_column = property(_in_column, _set_in_column)
    block_layout.iter_line_boxes = _limited_line_boxes
    inline_layout.split_first_line = _split_first_line_limited
    block_layout._break_line = _break_line_after_whole_word
