"""Laying one PDF's pages over another's, page by page: the line numbers."""

from __future__ import annotations

import io

import pikepdf


def add_overlay(document: pikepdf.Pdf, overlay: bytes) -> None:
    with pikepdf.open(io.BytesIO(overlay)) as layer:
        for page, over in zip(document.pages, layer.pages):
            page.add_overlay(document.copy_foreign(over.as_form_xobject()))
