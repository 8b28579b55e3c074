"""Renderer, stage two: HTML becomes PDF through WeasyPrint (configured in engine.py)."""

from __future__ import annotations

from pathlib import Path

from ..editions import PT_PER_PX, Edition
from ..resources import STYLES
from .engine import SafeURLFetcher, font_config, weasyprint
from .tagmap import tag_record_kept


def lay_out(html: str, images: tuple[Path, ...] = ()):
    """WeasyPrint's laid-out document: pages of boxes, not yet drawn. It may read
    typeset's own files and ``images``, nothing else."""
    fetcher = SafeURLFetcher(images)
    return weasyprint.HTML(string=html, base_url=str(STYLES) + "/",
                           url_fetcher=fetcher).render(font_config=font_config())


def write_pdf(document, edition: Edition) -> bytes:
    variant = edition.pdf_variant or None
    if not edition.tagged:
        return document.write_pdf(pdf_variant=variant)
    with tag_record_kept():  # post/tagging.py builds the structure tree from the record
        return document.write_pdf(pdf_variant=variant, pdf_tags=True)


def anchor_pages(document) -> dict[str, tuple[int, float]]:
    """Each element id of the laid-out document: its page index and its top."""
    found: dict[str, tuple[int, float]] = {}
    for index, page in enumerate(document.pages):
        for name, position in page.anchors.items():
            found.setdefault(name, (index, position[1]))
    return found


def slot_positions(document, prefix: str) -> dict[str, tuple[int, float, float]]:
    """Empty inline-blocks with ids ``prefix…``: page index, right edge and baseline in
    points (an empty inline-block sits on the baseline)."""
    found = {}
    for index, page in enumerate(document.pages):
        for name, (_, _, right, bottom) in page.anchors.items():
            if name.startswith(prefix):
                found.setdefault(name[len(prefix):], (index, right * PT_PER_PX,
                                                      bottom * PT_PER_PX))
    return found
