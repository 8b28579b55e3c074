"""Post-processing of the drawn PDF: page labels, crop marks, stamped marks, imposition,
and for tagged and archival editions the structure tree, XMP and associated files.

These steps edit the PDF WeasyPrint wrote, with pikepdf (built on qpdf) where the
document must stay whole (tags, XMP, attachments), and with pypdf for imposition,
which makes a new document out of the pages.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from functools import cached_property
from datetime import datetime
from pathlib import Path

import pikepdf

from ..editions import Edition
from ..model import Collection, collection_to_json
from .dates import fix_dates_and_ids
from .labels import set_page_labels
from .marks import add_crop_marks
from .tagging import restructure


@dataclass
class Provenance:
    """Where a PDF comes from: its source files, and the model read from them. An
    archival PDF carries both inside."""
    sources: list[Path]
    collection: Collection

    @cached_property  # the ids of every PDF hash it; an archival PDF attaches it too
    def model_json(self) -> str:
        return json.dumps(collection_to_json(self.collection), ensure_ascii=False)


def finish(document: pikepdf.Pdf, edition: Edition, labels: list[str],
           provenance: Provenance, when: datetime | None = None) -> bytes:
    """The PDF with its page labels and crop marks; tagged, its structure tree;
    archival (PDF/A), its XMP and the sources inside; dated ``when`` (post/dates.py).
    Saved and closed."""
    with document:
        set_page_labels(document, labels)
        if edition.marks:
            add_crop_marks(document)
        if edition.tagged:  # after every step that draws, so that all it drew is tagged
            restructure(document)
        if edition.pdf_variant.startswith("pdf/a"):
            from .archive import make_archival
            make_archival(document, edition, provenance)
        identity = hashlib.sha256(f"{edition.name}\n{provenance.model_json}".encode())
        fix_dates_and_ids(document, when, identity.hexdigest(),
                          dated=edition.pdf_variant.startswith("pdf/x"))
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
        return out.getvalue()
