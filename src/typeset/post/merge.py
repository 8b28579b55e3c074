"""Merging the separately rendered units of a book into one PDF.

Each part's pages are copied with its bookmarks and every named destination. Links to another unit (marked by the renderer with
``typeset-dest:``, as WeasyPrint drops links to anchors it cannot see) then become
links to that unit's destination. Parts cut from one unit share one copy of each font
program; separate units keep their own subsets, and are sized (units.py) so that the
copies cost little.
"""

from __future__ import annotations

import io
import warnings
import zlib

import pikepdf

from ..pdffonts import FONT_FILES
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


def _destinations(merged: pikepdf.Pdf, part: pikepdf.Pdf, offset: int,
                  copied: range | None = None) -> dict[str, pikepdf.Array]:
    """Every named destination of ``part`` (on its ``copied`` pages), pointed at its page
    in ``merged``; pikepdf's page copies leave them behind, and other parts link here."""
    names = part.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    copied = copied or range(len(part.pages))
    pages = {part.pages[index].obj.objgen: index - copied.start for index in copied}
    found = {}
    for name, destination in pikepdf.NameTree(names.Dests).items():
        if isinstance(destination, pikepdf.Dictionary):
            destination = destination.get("/D", pikepdf.Array())
        index = pages.get(destination[0].objgen) if len(destination) else None
        if index is not None:
            found[name] = pikepdf.Array([merged.pages[offset + index].obj,
                                         *list(destination)[1:]])
    return found


def _set_destinations(document: pikepdf.Pdf, destinations: dict[str, pikepdf.Array]) -> None:
    """The named destinations as one leaf of a name tree, in name order."""
    if destinations:
        flat = [item for name in sorted(destinations)
                for item in (pikepdf.String(name), destinations[name])]
        document.Root.Names = pikepdf.Dictionary(
            Dests=document.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(flat))))


def _share_font_files(merged: pikepdf.Pdf) -> None:
    """One copy of each font program: documents cut from one rendered unit each carry
    a copy of the unit's font subsets, byte for byte the same."""
    canonical: dict[tuple[int, int, str], list[tuple[bytes, pikepdf.Object]]] = {}
    for page in merged.pages:
        for font in page.obj.get("/Resources", {}).get("/Font", {}).values():
            fonts = font.get("/DescendantFonts", [font])
            for descendant in fonts:
                descriptor = descendant.get("/FontDescriptor")
                for key in FONT_FILES if descriptor is not None else ():
                    if key not in descriptor:
                        continue
                    stream = descriptor[key]
                    data = stream.read_raw_bytes()
                    # A cheap key, then the bytes compared: equal streams are one stream.
                    twins = canonical.setdefault(
                        (len(data), zlib.crc32(data), repr(sorted(stream.stream_dict.items()))),
                        [])
                    same = next((kept for raw, kept in twins if raw == data), None)
                    if same is None:
                        twins.append((data, stream))
                    else:
                        descriptor[key] = same


def _bookmarks(part: pikepdf.Pdf, offset: int) -> list[tuple[str, int, list]]:
    """A part's top-level bookmarks: title, page in the merged document, position."""
    pages = {page.obj.objgen: index for index, page in enumerate(part.pages)}
    found = []
    with part.open_outline() as outline:
        for item in outline.root:
            destination = item.destination
            if isinstance(destination, pikepdf.Array) and len(destination):
                index = pages.get(destination[0].objgen)
                if index is not None:
                    found.append((item.title, offset + index, list(destination)[1:]))
    return found


def cut_pages(pdf: bytes, first: int, end: int) -> bytes:
    """Pages [first, end) of a PDF, with their bookmarks and destinations."""
    with pikepdf.open(io.BytesIO(pdf)) as whole:
        piece = pikepdf.new()
        piece.add_pages_from(whole, range(first, end))
        _set_destinations(piece, _destinations(piece, whole, 0, range(first, end)))
        for key in ("/Lang", "/ViewerPreferences"):
            if key in whole.Root:
                piece.Root[key] = whole.Root[key]
        out = io.BytesIO()
        piece.save(out, deterministic_id=True)
        return out.getvalue()


def merge_parts(parts: list[bytes], info: dict[str, str],
                blank_after: set[int] = frozenset()) -> pikepdf.Pdf:
    """One PDF of ``parts`` in order, with a blank page after each part in
    ``blank_after`` (so that the next one begins on its side). Language, viewer
    preferences and XMP come from the first part; ``info`` ("/Title", …) describes
    the whole. The caller saves it."""
    merged = pikepdf.new()
    bookmarks: list[tuple[str, int, list]] = []
    destinations: dict[str, pikepdf.Array] = {}
    for number, data in enumerate(parts):
        with pikepdf.open(io.BytesIO(data)) as part, warnings.catch_warnings():
            # pages.extend is pikepdf's fast copy; it warns that it leaves named
            # destinations and bookmarks behind, which are carried over here.
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            offset = len(merged.pages)
            merged.pages.extend(part.pages)
            for name, destination in _destinations(merged, part, offset).items():
                destinations.setdefault(name, destination)
            bookmarks.extend(_bookmarks(part, offset))
            if number == 0:
                for key in ("/Lang", "/ViewerPreferences", "/OutputIntents", "/Metadata"):
                    if key in part.Root:
                        merged.Root[key] = _copy(merged, part.Root[key])
            if number in blank_after:
                box = part.pages[-1].mediabox
                merged.add_blank_page(page_size=(float(box[2]) - float(box[0]),
                                                 float(box[3]) - float(box[1])))
    with merged.open_outline() as outline:
        for title, index, position in bookmarks:
            destination = pikepdf.Array([merged.pages[index].obj, *position])
            outline.root.append(pikepdf.OutlineItem(title, destination))
    _set_destinations(merged, destinations)
    for page in merged.pages:
        _join_links(page)
    _share_font_files(merged)
    for key, value in info.items():
        merged.docinfo[key] = value
    return merged
