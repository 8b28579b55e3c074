"""Post-processing of the drawn PDF: page labels, crop marks, line numbers, imposition.

These steps edit the PDF WeasyPrint wrote, with pikepdf (built on qpdf) where the
document must stay whole (tags, XMP, attachments), and with pypdf for imposition,
which makes a new document out of the pages.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from ..editions import Edition
from .labels import set_page_labels
from .marks import add_crop_marks
from .overlay import add_overlay


@dataclass
class Provenance:
    """Where a PDF comes from: its source files, and the model read from them (JSON).
    An archival PDF carries both inside."""
    sources: list[Path]
    model_json: str


def finish(pdf: bytes, edition: Edition, labels: list[str], overlay: bytes | None,
           provenance: Provenance) -> bytes:
    """The PDF with its page labels, an overlay (line numbers) and crop marks."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        set_page_labels(document, labels)
        if overlay:
            add_overlay(document, overlay)
        if edition.marks:
            add_crop_marks(document)
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
        return out.getvalue()
