"""Stamping short texts onto finished pages: folios, line numbers, contents page numbers.

Laying out a whole overlay document with WeasyPrint costs milliseconds a page; these
marks are a few digits each. So WeasyPrint sets, once, a *glyph sheet*: every character
a mark may use, in the edition's font (render/marks.py). From it this module takes
the embedded font and each character's glyph id and width, and writes each mark
straight into its page's content, in the same font, embedded as every other one is.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

import pikepdf

from ..pdffonts import cid_widths
from ..render.marks import SHEET_CHARACTERS, Mark

FONT_NAME = pikepdf.Name("/TypesetMarks")


@dataclass(frozen=True)
class Glyphs:
    """The sheet's font: each character's glyph id (two bytes) and width (1/1000 em)."""
    ids: dict[str, bytes]
    widths: dict[str, float]

    def width(self, text: str, size: float) -> float:
        return sum(self.widths.get(char, 500) for char in text) * size / 1000

    def encode(self, text: str) -> bytes:
        return b"".join(self.ids[char] for char in text if char in self.ids)


def _read_sheet(sheet: pikepdf.Pdf) -> tuple[pikepdf.Object, Glyphs]:
    page = sheet.pages[0]
    font_name, codes = None, b""
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "Tf":
            font_name = operands[0]
        elif str(operator) in ("Tj", "TJ"):
            parts = operands[0] if str(operator) == "TJ" else operands
            codes += b"".join(bytes(part) for part in parts if isinstance(part, pikepdf.String))
    font = page.Resources.Font[font_name]
    cids = [codes[i:i + 2] for i in range(0, len(codes), 2)]
    # The sheet sets its characters one by one, each after a space.
    ids = dict(zip(SHEET_CHARACTERS, cids[1::2]))
    descendant = font.DescendantFonts[0]
    widths = cid_widths(descendant.get("/W", []))
    default = float(descendant.get("/DW", 1000))
    return font, Glyphs(ids, {char: widths.get(int.from_bytes(cid, "big"), default)
                              for char, cid in ids.items()})


@lru_cache(maxsize=4)
def _sheet(sheet_pdf: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(sheet_pdf))


def draw_over(document: pikepdf.Pdf, page: pikepdf.Page, drawing: str) -> None:
    """Add ``drawing`` on top of the page, its graphics state untouched by the page's."""
    page.contents_coalesce()
    page.contents_add(pikepdf.Stream(document, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(document, b"Q\n" + drawing.encode()), prepend=False)


def stamp(document: pikepdf.Pdf, pages: list[list[Mark]], sheet_pdf: bytes) -> None:
    """Write ``pages``' marks onto the document's pages."""
    if not any(pages):
        return
    font, glyphs = _read_sheet(_sheet(sheet_pdf))
    font = document.copy_foreign(font)
    for page, marks in zip(document.pages, pages):
        if not marks:
            continue
        height = float(page.mediabox[3])
        text = []
        for mark in marks:
            width = glyphs.width(mark.text, mark.size)
            x = {"left": mark.x, "right": mark.x - width,
                 "center": mark.x - width / 2}[mark.align]
            text.append(f"BT /TypesetMarks {mark.size:.2f} Tf 1 0 0 1 {x:.2f} "
                        f"{height - mark.baseline:.2f} Tm <{glyphs.encode(mark.text).hex()}> "
                        "Tj ET")
        if "/Resources" not in page.obj:
            page.obj.Resources = pikepdf.Dictionary()
        if "/Font" not in page.obj.Resources:
            page.obj.Resources.Font = pikepdf.Dictionary()
        page.obj.Resources.Font[FONT_NAME] = font
        draw_over(document, page, "/Artifact BMC q 0 g\n" + "\n".join(text) + "\nQ EMC\n")


def stamped(pdf: bytes, pages: list[list[Mark]], sheet_pdf: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        stamp(document, pages, sheet_pdf)
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
        return out.getvalue()
