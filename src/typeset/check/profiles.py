"""The checks of the PDF/UA-1, PDF/A-3 and print profiles.

Each check is a function of the inspected PDF that says whether it passes and why,
in a line a person can act on. They test what the standards require and our own
renderer could get wrong; they are not veraPDF (--verapdf runs it where installed).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Callable, Iterator

import pikepdf

from ..pdffonts import FONT_FILES
from ..xmp import INFO_XMP, PDFA_PREDEFINED
from .document import Inspected
from .report import Result, result

Outcome = tuple[bool, str]
Check = Callable[[Inspected], Outcome]
HEADING = re.compile(r"^H([1-6])$")


def _count(number: int, thing: str) -> str:
    """"1 Note", "2 Notes", "no Notes"."""
    return f"{number or 'no'} {thing}{'' if number == 1 else 's'}"


def _listed(items: list[str], limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


# ---------------------------------------------------------------- PDF/UA-1

def marked(doc: Inspected) -> Outcome:
    info = doc.pdf.Root.get("/MarkInfo")
    ok = isinstance(info, pikepdf.Dictionary) and bool(info.get("/Marked", False))
    return ok, "MarkInfo /Marked true" if ok else "the catalog has no MarkInfo /Marked true"


def structure_tree(doc: Inspected) -> Outcome:
    """A structure tree whose ParentTree names, for each marked-content id, the element
    that holds it (assistive technology goes from content to structure by it)."""
    root = doc.pdf.Root.get("/StructTreeRoot")
    if root is None or doc.tree is None:
        return False, "no StructTreeRoot"
    if "/ParentTree" not in root:
        return False, "the StructTreeRoot has no ParentTree"
    parents = pikepdf.NumberTree(root.ParentTree)
    wrong = []
    for (page, mcid), owner in doc.tree.owners.items():
        key = doc.pdf.pages[page].obj.get("/StructParents")
        entry = parents[int(key)] if key is not None and int(key) in parents else None
        found = entry[mcid] if isinstance(entry, pikepdf.Array) and mcid < len(entry) else None
        if owner is None or found is None or found.objgen != owner.objgen:
            wrong.append(f"page {page + 1} MCID {mcid}")
    if wrong:
        return False, f"the ParentTree disagrees with the tree for {_listed(wrong)}"
    return True, (f"{len(doc.tree.elements)} structure elements; the ParentTree agrees for "
                  f"{len(doc.tree.owners)} marked-content ids")


def language(doc: Inspected) -> Outcome:
    lang = str(doc.pdf.Root.get("/Lang", "")).strip()
    return bool(lang), f"/Lang {lang}" if lang else "the catalog has no /Lang"


def title(doc: Inspected) -> Outcome:
    text = doc.xmp.value("dc:title")
    preferences = doc.pdf.Root.get("/ViewerPreferences", pikepdf.Dictionary())
    shown = bool(preferences.get("/DisplayDocTitle", False))
    if not text:
        return False, "no dc:title in the XMP metadata"
    if not shown:
        return False, "ViewerPreferences /DisplayDocTitle is not true"
    return True, f"dc:title “{text}”, shown as the window title"


def ua_identifier(doc: Inspected) -> Outcome:
    part = doc.xmp.value("pdfuaid:part")
    return part == "1", (f"pdfuaid:part {part}" if part else "no pdfuaid:part in the XMP")


def _fonts(doc: Inspected) -> Iterator[tuple[str, pikepdf.Object]]:
    """Every font of the pages and of the forms they draw, once."""
    seen: set = set()
    pending = [page.obj.get("/Resources", pikepdf.Dictionary()) for page in doc.pdf.pages]
    while pending:
        resources = pending.pop()
        for name, font in resources.get("/Font", pikepdf.Dictionary()).items():
            if font.objgen not in seen:
                seen.add(font.objgen)
                yield str(font.get("/BaseFont", name)), font
        for xobject in resources.get("/XObject", pikepdf.Dictionary()).values():
            if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                pending.append(xobject.get("/Resources", pikepdf.Dictionary()))


def _embedded(font: pikepdf.Object) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # its glyphs are drawn by the PDF itself
    holder = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
    descriptor = holder.get("/FontDescriptor")
    return descriptor is not None and any(key in descriptor for key in FONT_FILES)


def fonts(doc: Inspected) -> Outcome:
    found = list(_fonts(doc))
    unembedded = [name for name, font in found if not _embedded(font)]
    unmapped = [name for name, font in found if "/ToUnicode" not in font]
    problems = ([f"not embedded: {_listed(unembedded)}"] if unembedded else []) + (
        [f"no ToUnicode: {_listed(unmapped)}"] if unmapped else [])
    if problems:
        return False, "; ".join(problems)
    return True, f"{_count(len(found), 'font')}, all embedded, all with ToUnicode"


def content_tagged(doc: Inspected) -> Outcome:
    """Every marked-content id reachable from the structure tree, everything else an
    artifact, and nothing painted outside marked content."""
    reached = set(doc.tree.owners) if doc.tree else set()
    orphans = [f"page {index + 1} MCID {mcid}" for index, page in enumerate(doc.pages)
               for mcid in sorted(page.mcids) if (index, mcid) not in reached]
    unmarked = [f"page {index + 1} ({page.unmarked})" for index, page in enumerate(doc.pages)
                if page.unmarked]
    if orphans:
        return False, f"marked content no structure element reaches: {_listed(orphans)}"
    if unmarked:
        return False, f"drawn outside marked content: {_listed(unmarked)}"
    total = sum(len(page.mcids) for page in doc.pages)
    return True, f"all {total} marked-content ids are in the structure tree"


def _elements(doc: Inspected, role: str) -> list[pikepdf.Object]:
    return [element.obj for element in (doc.tree.elements if doc.tree else [])
            if element.role == role]


def figures(doc: Inspected) -> Outcome:
    found = _elements(doc, "Figure")
    bare = [f"#{index + 1}" for index, figure in enumerate(found)
            if not str(figure.get("/Alt", figure.get("/ActualText", ""))).strip()]
    if bare:
        return False, f"Figure without /Alt: {_listed(bare)} of {len(found)}"
    return True, _count(len(found), "figure") + (", each with /Alt" if found else "")


def note_ids(doc: Inspected) -> Outcome:
    notes = _elements(doc, "Note")
    ids = [str(note.ID) for note in notes if "/ID" in note]
    repeated = [name for name, count in Counter(ids).items() if count > 1]
    if len(ids) < len(notes):
        return False, f"{len(notes) - len(ids)} of {len(notes)} Notes have no /ID"
    if repeated:
        return False, f"Note /IDs used twice: {_listed(repeated)}"
    return True, _count(len(notes), "Note") + (", each with its own /ID" if notes else "")


def headings(doc: Inspected) -> Outcome:
    levels = [int(match.group(1)) for element in (doc.tree.elements if doc.tree else [])
              if (match := HEADING.match(element.role))]
    if levels and levels[0] != 1:
        return False, f"the first heading is H{levels[0]}, not H1"
    for before, after in zip(levels, levels[1:]):
        if after > before + 1:
            return False, f"an H{after} follows an H{before}"
    return True, (f"{_count(len(levels), 'heading')}, H1 to H{max(levels)}, none skipped"
                  if levels else "no headings")


def links(doc: Inspected) -> Outcome:
    tagged = doc.tree.annotations if doc.tree else {}
    problems, count = [], 0
    for index, page in enumerate(doc.pdf.pages):
        for annotation in page.obj.get("/Annots", pikepdf.Array()):
            if annotation.get("/Subtype") != "/Link":
                continue
            count += 1
            owner = tagged.get(annotation.objgen)
            if owner is None or owner.role != "Link" or "/StructParent" not in annotation:
                problems.append(f"page {index + 1}: a link outside a Link element")
            elif not str(annotation.get("/Contents", "")).strip():
                problems.append(f"page {index + 1}: a link without /Contents")
    if problems:
        return False, _listed(problems, 3)
    return True, _count(count, "link") + (
        ", each in a Link element, with /Contents" if count else "")


def tab_order(doc: Inspected) -> Outcome:
    pages = [index for index, page in enumerate(doc.pdf.pages) if page.obj.get("/Annots")]
    wrong = [str(index + 1) for index in pages if doc.pdf.pages[index].obj.get("/Tabs") != "/S"]
    if wrong:
        return False, f"pages with annotations but no /Tabs /S: {_listed(wrong)}"
    return True, (f"{_count(len(pages), 'page')} with annotations"
                  + (", each with /Tabs /S" if pages else ""))


UA: list[tuple[str, Check]] = [
    ("Tagged", marked), ("Structure tree and ParentTree", structure_tree),
    ("Language", language), ("Title", title), ("PDF/UA identifier", ua_identifier),
    ("Fonts", fonts), ("Content tagged or artifact", content_tagged),
    ("Figures", figures), ("Notes", note_ids), ("Headings", headings),
    ("Links", links), ("Tab order", tab_order),
]


# ---------------------------------------------------------------- PDF/A-3

def pdfa_identifier(doc: Inspected) -> Outcome:
    part, conformance = doc.xmp.value("pdfaid:part"), doc.xmp.value("pdfaid:conformance")
    if part is None:
        return False, "no pdfaid:part in the XMP"
    ok = part == "3" and conformance in ("A", "B", "U")
    return ok, f"pdfaid:part {part}, conformance {conformance}"


def _output_intents(doc: Inspected, subtype: str) -> list[pikepdf.Object]:
    return [intent for intent in doc.pdf.Root.get("/OutputIntents", pikepdf.Array())
            if intent.get("/S") == subtype]


def pdfa_intent(doc: Inspected) -> Outcome:
    intents = [i for i in _output_intents(doc, "/GTS_PDFA1") if "/DestOutputProfile" in i]
    if not intents:
        return False, "no GTS_PDFA1 output intent with an ICC profile"
    return True, str(intents[0].get("/OutputConditionIdentifier", "GTS_PDFA1"))


def not_encrypted(doc: Inspected) -> Outcome:
    return not doc.pdf.is_encrypted, "encrypted" if doc.pdf.is_encrypted else "not encrypted"


def no_javascript(doc: Inspected) -> Outcome:
    names = doc.pdf.Root.get("/Names", pikepdf.Dictionary())
    found = "/JavaScript" in names or any(
        "/JS" in obj or obj.get("/S") == "/JavaScript" for obj in doc.dictionaries)
    return not found, "JavaScript found" if found else "no JavaScript"


def _file_specs(doc: Inspected) -> tuple[list[pikepdf.Object], set]:
    """Embedded file specifications, and what the /AF arrays point to."""
    specs, associated = [], set()
    for obj in doc.dictionaries:
        if obj.get("/Type") == "/Filespec" and "/EF" in obj:
            specs.append(obj)
        if isinstance(obj.get("/AF"), pikepdf.Array):
            associated.update(spec.objgen for spec in obj.AF)
    return specs, associated


def associated_files(doc: Inspected) -> Outcome:
    specs, associated = _file_specs(doc)
    problems, described = [], []
    for spec in specs:
        name = str(spec.get("/UF", spec.get("/F", "?")))
        stream = spec.EF.get("/F")
        mime = str(stream.get("/Subtype", "")).lstrip("/") if stream is not None else ""
        relation = str(spec.get("/AFRelationship", "")).lstrip("/")
        missing = [what for what, ok in (("/F and /UF", "/F" in spec and "/UF" in spec),
                                         ("/AFRelationship", relation), ("a MIME type", mime),
                                         ("an /AF entry", spec.objgen in associated)) if not ok]
        if missing:
            problems.append(f"{name} lacks {', '.join(missing)}")
        described.append(f"{name} ({mime}, {relation})")
    if problems:
        return False, "; ".join(problems)
    return True, f"{len(specs)}: {', '.join(described)}" if specs else "no embedded files"


def xmp_extensions(doc: Inspected) -> Outcome:
    if not doc.xmp.readable:
        return False, "no readable XMP metadata"
    declared = doc.xmp.declared_namespaces()
    undeclared = sorted(doc.xmp.namespaces_used() - PDFA_PREDEFINED - declared)
    if undeclared:
        return False, f"namespaces without an extension schema: {_listed(undeclared)}"
    return True, (f"extension schemas for {_listed(sorted(declared))}" if declared
                  else "only predefined schemas")


def info_matches_xmp(doc: Inspected) -> Outcome:
    differ = []
    for key, prop in INFO_XMP.items():
        if key in doc.pdf.docinfo:
            values = doc.xmp.values(prop)
            if values != [str(doc.pdf.docinfo[key])]:
                differ.append(f"{key[1:]} ≠ {prop}")
    if differ:
        return False, f"the document information and the XMP differ: {_listed(differ)}"
    return True, "the document information says what the XMP says"


PDFA: list[tuple[str, Check]] = [
    ("PDF/A identifier", pdfa_identifier), ("Output intent", pdfa_intent),
    ("No encryption", not_encrypted), ("No JavaScript", no_javascript),
    ("Associated files", associated_files), ("XMP extension schemas", xmp_extensions),
    ("Information and XMP", info_matches_xmp),
]


# ---------------------------------------------------------------- print

def _box(page: pikepdf.Object, name: str) -> list[float] | None:
    box = page.get(name)
    return [float(value) for value in box] if box is not None else None


def _inside(inner: list[float], outer: list[float]) -> bool:
    return (all(o <= i + 0.01 for o, i in zip(outer[:2], inner[:2]))
            and all(o >= i - 0.01 for o, i in zip(outer[2:], inner[2:])))


def trim_and_bleed(bleed: float | None) -> Check:
    """TrimBox and BleedBox on every page, the BleedBox the bleed beyond the TrimBox on
    every side (``bleed`` in points; any one width when not given), and the MediaBox
    around it, where the crop marks go."""
    def check(doc: Inspected) -> Outcome:
        widths, problems = set(), []
        for index, page in enumerate(doc.pdf.pages):
            trim, bleeds = _box(page.obj, "/TrimBox"), _box(page.obj, "/BleedBox")
            if trim is None or bleeds is None:
                problems.append(f"page {index + 1} lacks a TrimBox or a BleedBox")
                continue
            widths.update(round(width, 2) for width in (
                trim[0] - bleeds[0], trim[1] - bleeds[1], bleeds[2] - trim[2],
                bleeds[3] - trim[3]))
            if not _inside(bleeds, _box(page.obj, "/MediaBox")):
                problems.append(f"page {index + 1}: the BleedBox is outside the MediaBox")
        found = _listed([f"{width:g}" for width in sorted(widths)])
        if problems:
            return False, _listed(problems, 3)
        if bleed is not None and widths != {round(bleed, 2)}:
            return False, f"bleed {found} pt, not the edition's {bleed:g} pt on every side"
        if len(widths) != 1 or min(widths) <= 0:
            return False, f"bleed {found} pt: not one width on every side"
        width = widths.pop()
        return True, (f"{len(doc.pdf.pages)} pages: BleedBox {width:g} pt ({width / 72:g} in) "
                      "beyond the TrimBox, inside the MediaBox")
    return check


def pdfx_version(doc: Inspected) -> Outcome:
    version = doc.xmp.value("pdfxid:GTS_PDFXVersion") or str(
        doc.pdf.docinfo.get("/GTS_PDFXVersion", "")) or None
    ok = bool(version) and version.startswith("PDF/X")
    return ok, version or "no GTS_PDFXVersion in the XMP or the document information"


def pdfx_intent(doc: Inspected) -> Outcome:
    intents = [intent for intent in _output_intents(doc, "/GTS_PDFX")
               if "/DestOutputProfile" in intent or "/OutputConditionIdentifier" in intent]
    if not intents:
        return False, "no GTS_PDFX output intent"
    return True, str(intents[0].get("/OutputConditionIdentifier", "GTS_PDFX"))


def no_device_rgb(doc: Inspected) -> Outcome:
    uses = [use for page in doc.pages for use in page.device_rgb]
    if uses:
        return False, f"DeviceRGB in {len(uses)} places: {_listed(uses, 3)}"
    return True, "no DeviceRGB"


def print_checks(bleed: float | None) -> list[tuple[str, Check]]:
    return [("Trim and bleed", trim_and_bleed(bleed)), ("PDF/X version", pdfx_version),
            ("PDF/X output intent", pdfx_intent), ("No DeviceRGB", no_device_rgb)]


def run(group: str, checks: list[tuple[str, Check]], doc: Inspected) -> list[Result]:
    return [result(group, name, *check(doc)) for name, check in checks]
