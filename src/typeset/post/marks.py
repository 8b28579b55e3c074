"""Crop marks for the printer, outside the bleed.

WeasyPrint draws its own crop marks inside the bleed area, where the printer's trim
would leave them on the page if the trim drifts. Here the MediaBox grows a slug around
the BleedBox and the marks are drawn in it, aligned with the TrimBox, in registration
colour (all four inks), marked as artifacts.
"""

from __future__ import annotations

import pikepdf

from .stamp import draw_over

SLUG = 27.0  # points of slug around the bleed box
OFFSET = 4.0  # marks begin this far outside the bleed box
LENGTH = 18.0
WEIGHT = 0.25


def _mark_lines(trim: list[float], bleed: list[float]) -> list[tuple[float, float, float, float]]:
    left, bottom, right, top = trim
    b_left, b_bottom, b_right, b_top = bleed
    lines = []
    for x in (left, right):
        lines.append((x, b_top + OFFSET, x, b_top + OFFSET + LENGTH))
        lines.append((x, b_bottom - OFFSET, x, b_bottom - OFFSET - LENGTH))
    for y in (bottom, top):
        lines.append((b_left - OFFSET, y, b_left - OFFSET - LENGTH, y))
        lines.append((b_right + OFFSET, y, b_right + OFFSET + LENGTH, y))
    return lines


def add_crop_marks(document: pikepdf.Pdf) -> None:
    for page in document.pages:
        trim = [float(v) for v in page.obj.get("/TrimBox", page.mediabox)]
        bleed = [float(v) for v in page.obj.get("/BleedBox", page.mediabox)]
        page.obj.MediaBox = pikepdf.Array([bleed[0] - SLUG, bleed[1] - SLUG,
                                           bleed[2] + SLUG, bleed[3] + SLUG])
        page.obj.TrimBox = pikepdf.Array(trim)
        page.obj.BleedBox = pikepdf.Array(bleed)
        strokes = "".join(f"{x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l S\n"
                          for x1, y1, x2, y2 in _mark_lines(trim, bleed))
        draw_over(document, page, f"/Artifact BMC q {WEIGHT} w 1 1 1 1 K\n{strokes}Q EMC\n")
