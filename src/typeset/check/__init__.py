"""`typeset check`: is a built PDF what it claims to be, and is nothing of its source lost?

Profiles (--profile, repeatable; by default those the PDF claims in its XMP):
  ua     PDF/UA-1: tagged, structure and ParentTree, language, title, identifier,
         fonts, all content tagged or artifact, figures, notes, headings, links, tabs
  pdfa   PDF/A-3: identifier, output intent, no encryption or JavaScript, associated
         files, XMP extension schemas, document information matching the XMP
  print  TrimBox and BleedBox with the bleed, PDF/X version and output intent, no
         DeviceRGB
With --source, the nothing-lost checks compare the PDF's text with the source(s).
With --verapdf, veraPDF validates as well, where it is installed.

The checks read the PDF with pikepdf and our own content reader (content.py): they
see what a viewer and a screen reader would, not what the renderer meant.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from ..model import Collection
from .document import Inspected
from .profiles import PDFA, UA, print_checks, run
from .report import Report, Result
from .source import nothing_lost
from .verapdf import flavour, run_verapdf

PROFILES = {"ua": "PDF/UA-1", "pdfa": "PDF/A-3", "print": "Print"}


def claimed_profiles(doc: Inspected) -> list[str]:
    """The profiles the PDF's XMP claims."""
    claims = {"ua": doc.xmp.value("pdfuaid:part"), "pdfa": doc.xmp.value("pdfaid:part"),
              "print": doc.xmp.value("pdfxid:GTS_PDFXVersion")}
    return [profile for profile, claim in claims.items() if claim]


def check_pdf(path: Path, profiles: list[str], source: Collection | None = None,
              bleed: float | None = None, verapdf: bool = False) -> Report:
    """Check ``path`` against ``profiles`` (none: those it claims), and against
    ``source`` where given; ``bleed`` in points is the edition's."""
    unknown = [name for name in profiles if name not in PROFILES]
    if unknown:
        raise UsageError(f"no profile {unknown[0]!r}; known: {', '.join(PROFILES)}")
    doc = Inspected(path)
    try:
        chosen = list(dict.fromkeys(profiles)) or claimed_profiles(doc)
        if not chosen and source is None:
            raise UsageError(f"{path}: nothing to check: the PDF claims no PDF/UA, PDF/A or "
                             "PDF/X conformance; give --profile or --source")
        groups = {"ua": UA, "pdfa": PDFA, "print": print_checks(bleed)}
        results: list[Result] = [item for name in chosen
                                 for item in run(PROFILES[name], groups[name], doc)]
        if source is not None:
            results += nothing_lost(doc, source)
        if verapdf:
            part, level = doc.xmp.value("pdfaid:part"), doc.xmp.value("pdfaid:conformance")
            results += run_verapdf(path, [name for name in (
                flavour(profile, part, level) for profile in chosen) if name])
        return Report(path, results)
    finally:
        doc.close()
