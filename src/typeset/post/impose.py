"""Booklet imposition: A5 pages two-up on A4 landscape, in saddle-stitch order.

Printed double-sided and folded in the middle, the sheets read in order. Blank pages
pad the count to a multiple of four, as a folded sheet carries four pages.
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter, Transformation

A4_LANDSCAPE = (841.89, 595.28)


def padded(count: int) -> int:
    return -(-count // 4) * 4


def booklet_order(count: int) -> list[tuple[int | None, int | None]]:
    """(left, right) page indices of each sheet side; None where a blank page goes."""
    total = padded(count)
    sides = []
    for side in range(total // 2):
        low, high = side, total - 1 - side
        left, right = (high, low) if side % 2 == 0 else (low, high)
        sides.append(tuple(index if index < count else None for index in (left, right)))
    return sides


def impose_booklet(pdf: bytes) -> bytes:
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    sheet_width, sheet_height = A4_LANDSCAPE
    half = sheet_width / 2
    for left, right in booklet_order(len(reader.pages)):
        sheet = writer.add_blank_page(width=sheet_width, height=sheet_height)
        for slot, index in enumerate((left, right)):
            if index is None:
                continue
            page = reader.pages[index]
            box = page.mediabox
            dx = slot * half + (half - float(box.width)) / 2 - float(box.left)
            dy = (sheet_height - float(box.height)) / 2 - float(box.bottom)
            sheet.merge_transformed_page(page, Transformation().translate(tx=dx, ty=dy))
    writer.add_metadata({key: value for key, value in (reader.metadata or {}).items()})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
