"""A PDF's structure tree read as a screen reader reads it.

The walk goes through /K in order: marked-content ids (on the element's page, or an
/MCR's), annotations (/OBJR) and child elements. An element with /ActualText is read
as that text, a Figure (or Formula) with /Alt as its alternative, instead of its
content. Roles are resolved through the /RoleMap to standard types.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf

from .content import PageContent, Piece

REPLACED_BY_ALT = {"Figure", "Formula"}


@dataclass
class Element:
    obj: pikepdf.Object
    role: str


@dataclass
class StructTree:
    """Everything the checks need of the structure tree, from one walk."""
    elements: list[Element] = field(default_factory=list)
    owners: dict[tuple[int, int], pikepdf.Object] = field(default_factory=dict)
    annotations: dict[tuple[int, int], Element] = field(default_factory=dict)
    reading: list[tuple[int, int] | str] = field(default_factory=list)

    def heard(self, pages: list[PageContent]) -> list[Piece | str]:
        """The text, piece by piece, in the order the tree reads it."""
        pieces: dict[tuple[int, int], list[Piece]] = {}
        for page in pages:
            for piece in page.pieces:
                if piece.mcid is not None:
                    pieces.setdefault((piece.page, piece.mcid), []).append(piece)
        return [piece for item in self.reading
                for piece in ([item] if isinstance(item, str) else pieces.get(item, []))]


def _role(element: pikepdf.Object, role_map: pikepdf.Object) -> str:
    role, seen = str(element.get("/S", "/NonStruct")), set()
    while role in role_map and role not in seen:
        seen.add(role)
        role = str(role_map[role])
    return role.lstrip("/")


def read_tree(pdf: pikepdf.Pdf) -> StructTree | None:
    """The structure tree, or None where the PDF has none."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return None
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    role_map = root.get("/RoleMap", pikepdf.Dictionary())
    tree, seen = StructTree(), set()

    def visit(kid, element: pikepdf.Object | None, page: int | None, read: bool) -> None:
        if isinstance(kid, pikepdf.Array):
            for item in kid:
                visit(item, element, page, read)
        elif isinstance(kid, int):
            if page is not None:
                tree.owners[(page, kid)] = element
                if read:
                    tree.reading.append((page, kid))
        elif isinstance(kid, pikepdf.Dictionary):
            kind = kid.get("/Type")
            if kind == "/MCR":
                visit(int(kid.MCID), element, pages.get(kid.Pg.objgen) if "/Pg" in kid
                      else page, read)
            elif kind == "/OBJR" and element is not None:
                tree.annotations[kid.Obj.objgen] = Element(element, _role(element, role_map))
            elif "/S" in kid and kid.objgen not in seen:
                seen.add(kid.objgen)
                enter(kid, page, read)

    def enter(obj: pikepdf.Object, page: int | None, read: bool) -> None:
        role = _role(obj, role_map)
        tree.elements.append(Element(obj, role))
        if "/Pg" in obj:
            page = pages.get(obj.Pg.objgen)
        replacement = obj.get("/ActualText")
        if replacement is None and role in REPLACED_BY_ALT:
            replacement = obj.get("/Alt")
        if read and replacement is not None:
            tree.reading.append(str(replacement))
        visit(obj.get("/K", pikepdf.Array()), obj, page, read and replacement is None)

    visit(root.get("/K", pikepdf.Array()), None, None, True)
    return tree
