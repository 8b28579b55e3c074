"""The document model: what every reader produces and every renderer consumes.

It knows nothing of HTML or PDF. Its JSON form (``to_json``/``from_json``) is the
contract printed by ``typeset parse --json``; the round trip is lossless.

Inlines in JSON are one of:
    {"text": "…"}                      text as printed
    {"page": 143} / {"page": "xii"}    an original page begins here
    {"note": "2"}                      a call of note "2", by its own number
    {"type": "line-break"}             a forced line break
    {"type": "italic", "content": […]} a styled or semantic span (see SPAN_TYPES)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

PageNumber = Union[int, str]

SPAN_TYPES = (
    "italic", "bold", "smallcaps", "underline", "superscript",  # typographic
    "ref", "person", "gloss", "place", "date",  # semantic, printed as text
)


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class PageBreak:
    """An original page begins here."""
    page: PageNumber


@dataclass(frozen=True)
class NoteCall:
    """A call of the note whose own number is ``n``."""
    n: str


@dataclass(frozen=True)
class LineBreak:
    pass


@dataclass
class Span:
    """Styled or semantic run; ``target`` keeps a ref's target or a name's corresp."""
    type: str
    content: list[Inline]
    target: str | None = None


Inline = Union[Text, PageBreak, NoteCall, LineBreak, Span]


@dataclass
class TextBlock:
    """A block of inlines: heading, dateline, paragraph, closing, signature, …"""
    type: str
    content: list[Inline]


@dataclass
class ListItem:
    label: str | None
    blocks: list[Block]


@dataclass
class ListBlock:
    items: list[ListItem]
    type: str = "list"


@dataclass
class Container:
    """Blocks grouped as one: quote, attachment, postscript."""
    type: str
    blocks: list[Block]


@dataclass
class Cell:
    content: list[Inline]
    header: bool = False


@dataclass
class Table:
    rows: list[list[Cell]]
    type: str = "table"


@dataclass
class Figure:
    """An image; ``src`` may be absent or missing, then a captioned placeholder prints."""
    src: str | None
    caption: list[Inline]
    type: str = "figure"


Block = Union[TextBlock, ListBlock, Container, Table, Figure]

TEXT_BLOCK_TYPES = (
    "heading",      # the document's number and title: one per document, first
    "subheading",   # the head of an attachment or section inside a document
    "source-note",  # a source note printed under the heading (older volumes)
    "dateline", "salutation", "paragraph", "closing", "signature",
)
CONTAINER_TYPES = ("quote", "attachment", "postscript")


@dataclass
class Note:
    """A note with its number as printed (``n``) and its kind (source, editorial)."""
    n: str
    kind: str
    content: list[Inline]
    # "call": called in the text; "closer": printed after the signature.
    where: str = "call"

    @property
    def text(self) -> str:
        return plain_text(self.content)


@dataclass(frozen=True)
class Repair:
    """A change made to the source text, always reported."""
    kind: str
    where: str
    before: str
    after: str
    line: int | None = None


@dataclass(frozen=True)
class Warning:
    code: str
    message: str
    line: int | None = None


@dataclass
class Document:
    number: str
    title: str
    blocks: list[Block]
    notes: list[Note] = field(default_factory=list)
    start_page: PageNumber | None = None
    end_page: PageNumber | None = None
    dateline: str | None = None
    id: str | None = None
    date: str | None = None
    sender: str | None = None
    source: str | None = None
    repairs: list[Repair] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)


@dataclass
class Volume:
    """Volume metadata, where known (the TEI header gives it; a text file rarely)."""
    id: str | None = None
    title: str | None = None
    series: str | None = None
    sub_series: str | None = None
    volume_number: str | None = None
    volume_title: str | None = None
    editors: list[str] = field(default_factory=list)
    publisher: str | None = None
    place: str | None = None
    date: str | None = None
    isbn: str | None = None


@dataclass
class Collection:
    """What a parse yields: the volume's metadata and its documents in order."""
    volume: Volume
    documents: list[Document]


# ---------------------------------------------------------------- helpers

def plain_text(inlines: list[Inline]) -> str:
    """The printed characters of inlines, without calls or page breaks."""
    parts: list[str] = []
    for inline in inlines:
        if isinstance(inline, Text):
            parts.append(inline.text)
        elif isinstance(inline, Span):
            parts.append(plain_text(inline.content))
        elif isinstance(inline, LineBreak):
            parts.append(" ")
    return "".join(parts)


def walk_blocks(blocks: list[Block]):
    """Every block, those inside lists and containers too, in reading order."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from walk_blocks(item.blocks)
        elif isinstance(block, Container):
            yield from walk_blocks(block.blocks)


def walk_inlines(blocks: list[Block]):
    """Every block's inlines in reading order, one list per text run; a list item's
    label is a run of its own."""
    for block in blocks:
        if isinstance(block, TextBlock):
            yield block.content
        elif isinstance(block, ListBlock):
            for item in block.items:
                if item.label:
                    yield [Text(item.label)]
                yield from walk_inlines(item.blocks)
        elif isinstance(block, Container):
            yield from walk_inlines(block.blocks)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    yield cell.content
        elif isinstance(block, Figure):
            yield block.caption


# ---------------------------------------------------------------- JSON

def inline_to_json(inline: Inline) -> dict[str, Any]:
    if isinstance(inline, Text):
        return {"text": inline.text}
    if isinstance(inline, PageBreak):
        return {"page": inline.page}
    if isinstance(inline, NoteCall):
        return {"note": inline.n}
    if isinstance(inline, LineBreak):
        return {"type": "line-break"}
    data: dict[str, Any] = {"type": inline.type, "content": inlines_to_json(inline.content)}
    if inline.target is not None:
        data["target"] = inline.target
    return data


def inlines_to_json(inlines: list[Inline]) -> list[dict[str, Any]]:
    return [inline_to_json(inline) for inline in inlines]


def inline_from_json(data: dict[str, Any]) -> Inline:
    if "text" in data:
        return Text(data["text"])
    if "page" in data:
        return PageBreak(data["page"])
    if "note" in data:
        return NoteCall(str(data["note"]))
    if data.get("type") == "line-break":
        return LineBreak()
    if data.get("type") in SPAN_TYPES:
        return Span(data["type"], inlines_from_json(data["content"]), data.get("target"))
    raise ValueError(f"not an inline: {data!r}")


def inlines_from_json(items: list[dict[str, Any]]) -> list[Inline]:
    return [inline_from_json(item) for item in items]


def block_to_json(block: Block) -> dict[str, Any]:
    if isinstance(block, TextBlock):
        return {"type": block.type, "content": inlines_to_json(block.content)}
    if isinstance(block, ListBlock):
        return {"type": "list", "items": [
            {"label": item.label, "blocks": blocks_to_json(item.blocks)} for item in block.items]}
    if isinstance(block, Container):
        return {"type": block.type, "blocks": blocks_to_json(block.blocks)}
    if isinstance(block, Table):
        return {"type": "table", "rows": [
            [{"content": inlines_to_json(cell.content), "header": cell.header} for cell in row]
            for row in block.rows]}
    return {"type": "figure", "src": block.src, "caption": inlines_to_json(block.caption)}


def blocks_to_json(blocks: list[Block]) -> list[dict[str, Any]]:
    return [block_to_json(block) for block in blocks]


def block_from_json(data: dict[str, Any]) -> Block:
    kind = data.get("type")
    if kind in TEXT_BLOCK_TYPES:
        return TextBlock(kind, inlines_from_json(data["content"]))
    if kind == "list":
        return ListBlock([ListItem(item.get("label"), blocks_from_json(item["blocks"]))
                          for item in data["items"]])
    if kind in CONTAINER_TYPES:
        return Container(kind, blocks_from_json(data["blocks"]))
    if kind == "table":
        return Table([[Cell(inlines_from_json(cell["content"]), bool(cell.get("header")))
                       for cell in row] for row in data["rows"]])
    if kind == "figure":
        return Figure(data.get("src"), inlines_from_json(data.get("caption", [])))
    raise ValueError(f"not a block: {data!r}")


def blocks_from_json(items: list[dict[str, Any]]) -> list[Block]:
    return [block_from_json(item) for item in items]


def note_to_json(note: Note) -> dict[str, Any]:
    return {"n": note.n, "kind": note.kind, "text": note.text,
            "content": inlines_to_json(note.content), "where": note.where}


def note_from_json(data: dict[str, Any]) -> Note:
    content = (inlines_from_json(data["content"]) if "content" in data
               else [Text(data.get("text", ""))])
    return Note(str(data["n"]), data.get("kind", "editorial"), content, data.get("where", "call"))


def document_to_json(doc: Document) -> dict[str, Any]:
    return {
        "number": doc.number,
        "title": doc.title,
        "id": doc.id,
        "start_page": doc.start_page,
        "end_page": doc.end_page,
        "dateline": doc.dateline,
        "date": doc.date,
        "sender": doc.sender,
        "source": doc.source,
        "blocks": blocks_to_json(doc.blocks),
        "notes": [note_to_json(note) for note in doc.notes],
        "repairs": [vars(repair).copy() for repair in doc.repairs],
        "warnings": [vars(warning).copy() for warning in doc.warnings],
    }


def document_from_json(data: dict[str, Any]) -> Document:
    return Document(
        number=str(data["number"]),
        title=data["title"],
        blocks=blocks_from_json(data["blocks"]),
        notes=[note_from_json(note) for note in data.get("notes", [])],
        start_page=data.get("start_page"),
        end_page=data.get("end_page"),
        dateline=data.get("dateline"),
        id=data.get("id"),
        date=data.get("date"),
        sender=data.get("sender"),
        source=data.get("source"),
        repairs=[Repair(**repair) for repair in data.get("repairs", [])],
        warnings=[Warning(**warning) for warning in data.get("warnings", [])],
    )


def collection_to_json(collection: Collection) -> dict[str, Any]:
    return {"volume": vars(collection.volume).copy(),
            "documents": [document_to_json(doc) for doc in collection.documents]}


def collection_from_json(data: dict[str, Any]) -> Collection:
    return Collection(Volume(**data.get("volume") or {}),
                      [document_from_json(doc) for doc in data["documents"]])
