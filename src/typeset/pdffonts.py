"""Reading fonts in a PDF: where a font descriptor embeds its file, and the glyph widths
of a CID font (ISO 32000-1, 9.7.4.3)."""

from __future__ import annotations

import pikepdf

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")  # Type 1, TrueType, CFF/OpenType


def cid_widths(array) -> dict[int, float]:
    """A CID font's /W array as glyph id → width (1/1000 em). The array mixes two forms:
    ``first [w1 w2 …]`` and ``first last w``."""
    widths: dict[int, float] = {}
    items = list(array)
    index = 0
    while index < len(items):
        first = int(items[index])
        if isinstance(items[index + 1], pikepdf.Array):
            for offset, width in enumerate(items[index + 1]):
                widths[first + offset] = float(width)
            index += 2
        else:
            for code in range(first, int(items[index + 1]) + 1):
                widths[code] = float(items[index + 2])
            index += 3
    return widths
