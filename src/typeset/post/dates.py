"""Dates and ids fixed, so that the same input and edition give the same bytes.

WeasyPrint stamps a PDF/X file with the time of the build and a random XMP DocumentID.
typeset dates a PDF from ``SOURCE_DATE_EPOCH`` where the build is given one (the
reproducible-builds convention); without it a PDF carries no date, except a PDF/X,
which must, and gets the epoch's first second. The DocumentID is a hash of what the
PDF was made from; the trailer's /ID a hash of its content (``deterministic_id``,
which keeps an /ID already there: so that one goes).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pikepdf

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
NAMESPACE = uuid.UUID("5b0f7a3e-6f1d-4c59-9a51-0d7e3c0f1f2a")  # typeset's own


def pdf_date(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'")


def xmp_date(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def document_id(identity: str) -> str:
    return f"uuid:{uuid.uuid5(NAMESPACE, identity)}"


def fix_dates_and_ids(pdf: pikepdf.Pdf, when: datetime | None, identity: str,
                      dated: bool) -> None:
    """Date ``pdf`` ``when`` (``dated``: the epoch if None), or strip its dates; give its
    XMP, where it has one, the dates and an id derived from ``identity``."""
    when = when or (EPOCH if dated else None)
    if "/ID" in pdf.trailer:
        del pdf.trailer.ID  # WeasyPrint's may be random; saved deterministic, qpdf's is not
    for key in ("/CreationDate", "/ModDate"):
        if when:
            pdf.docinfo[key] = pdf_date(when)
        elif key in pdf.docinfo:
            del pdf.docinfo[key]
    if "/Metadata" not in pdf.Root:
        return
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
            if when:
                xmp[key] = xmp_date(when)
            elif key in xmp:
                del xmp[key]
        if "xmpMM:DocumentID" in xmp:
            xmp["xmpMM:DocumentID"] = document_id(identity)
