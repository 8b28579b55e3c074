"""Merging the separately rendered units of a book into one PDF.

pikepdf's ``add_pages_from`` copies each unit's pages with their bookmarks, and every
named destination of a unit is carried over. Links to another unit (marked by the renderer with
``typeset-dest:``, as WeasyPrint drops links to anchors it cannot see) then become
links to that unit's destination. Parts cut from one unit share one copy of each font
program; separate units keep their own subsets, and are sized (units.py) so that the
copies cost little.
"""

from __future__ import annotations

import hashlib
import io

import pikepdf

from ..render.html import ELSEWHERE


def _join_links(page: pikepdf.Page) -> None:
    for annotation in page.get("/Annots", []):
        action = annotation.get("/A")
        uri = str(action.get("/URI", "")) if action is not None else ""
        if uri.startswith(ELSEWHERE):
            annotation.A = pikepdf.Dictionary(S=pikepdf.Name.GoTo,
                                              D=pikepdf.String(uri[len(ELSEWHERE):]))


def _copy(merged: pikepdf.Pdf, item: pikepdf.Object) -> pikepdf.Object:
    return merged.copy_foreign(item) if item.is_indirect else item


def _add_destinations(merged: pikepdf.Pdf, part: pikepdf.Pdf, offset: int) -> None:
    """Every named destination of ``part``, pointed at its page in ``merged``; pikepdf
    carries only those the part's own links use, and other units link here too."""
    names = part.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return
    pages = {page.obj.objgen: index for index, page in enumerate(part.pages)}
    if "/Names" not in merged.Root:
        merged.Root.Names = pikepdf.Dictionary()
    if "/Dests" not in merged.Root.Names:
        merged.Root.Names.Dests = pikepdf.NameTree.new(merged).obj
    tree = pikepdf.NameTree(merged.Root.Names.Dests)
    for name, destination in pikepdf.NameTree(names.Dests).items():
        if isinstance(destination, pikepdf.Dictionary):
            destination = destination.get("/D", pikepdf.Array())
        index = pages.get(destination[0].objgen) if len(destination) else None
        if index is not None and name not in tree:
            tree[name] = pikepdf.Array([merged.pages[offset + index].obj,
                                        *list(destination)[1:]])


FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def _share_font_files(merged: pikepdf.Pdf) -> None:
    """One copy of each font program: documents cut from one rendered unit each carry
    a copy of the unit's font subsets, byte for byte the same."""
    canonical: dict[bytes, pikepdf.Object] = {}
    for page in merged.pages:
        for font in page.obj.get("/Resources", {}).get("/Font", {}).values():
            fonts = font.get("/DescendantFonts", [font])
            for descendant in fonts:
                descriptor = descendant.get("/FontDescriptor")
                for key in FONT_FILES if descriptor is not None else ():
                    if key not in descriptor:
                        continue
                    stream = descriptor[key]
                    digest = hashlib.sha256(stream.read_raw_bytes() +
                                            repr(sorted(stream.stream_dict.items())).encode()
                                            ).digest()
                    descriptor[key] = canonical.setdefault(digest, stream)


def merge_parts(parts: list[bytes], info: dict[str, str],
                blank_after: set[int] = frozenset()) -> bytes:
    """One PDF of ``parts`` in order, with a blank page after each part in
    ``blank_after`` (so that the next one begins on its side). Language, viewer
    preferences and XMP come from the first part; ``info`` ("/Title", …) describes
    the whole."""
    merged = pikepdf.new()
    for number, data in enumerate(parts):
        with pikepdf.open(io.BytesIO(data)) as part:
            offset = len(merged.pages)
            merged.add_pages_from(part)
            _add_destinations(merged, part, offset)
            if number == 0:
                for key in ("/Lang", "/ViewerPreferences", "/OutputIntents", "/Metadata"):
                    if key in part.Root:
                        merged.Root[key] = _copy(merged, part.Root[key])
            if number in blank_after:
                box = part.pages[-1].mediabox
                merged.add_blank_page(page_size=(float(box[2]) - float(box[0]),
                                                 float(box[3]) - float(box[1])))
    for page in merged.pages:
        _join_links(page)
    _share_font_files(merged)
    for key, value in info.items():
        merged.docinfo[key] = value
    out = io.BytesIO()
    merged.save(out, deterministic_id=True)
    return out.getvalue()
