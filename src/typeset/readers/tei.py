"""Reader for FRUS TEI P5 master files (the Office of the Historian's volumes).

Every ``div type="document"``, at any depth of the body, becomes a Document, in document
order; the teiHeader gives the Volume. The mapping (see tests/test_tei_reader.py):
  - ``head`` → the heading; ``note`` → a call where it stands and a Note (an inline
    source note before the head prints under the heading instead);
  - ``p``, ``dateline``, ``salute``, ``signed`` → text blocks; ``list``, ``quote``,
    ``table``, ``figure``, ``frus:attachment``, ``postscript`` → their blocks; a block
    inside a ``p`` splits the paragraph around it;
  - ``hi``, ``ref``, ``persName``, ``gloss``, ``placeName``, ``date`` → spans; ``pb`` →
    a page break (between blocks, at the start of the next one); ``lb`` → a line break;
  - unknown elements keep their text, with one warning per name; ``xi:include`` is
    never followed.

Safety: files over 200 MB, and files whose DOCTYPE has an internal subset or an external
DTD, are refused before lxml sees them (FRUS TEI has neither; they are how an XML file
makes a parser expand or fetch what it should not). lxml then parses without entities,
DTDs, network or XInclude, within libxml2's limits on depth and text size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Union

from lxml import etree

from ..errors import InputError
from ..model import (
    Block, Cell, Collection, Container, Document, Figure, Inline, LineBreak, ListBlock,
    ListItem, Note, NoteCall, PageBreak, PageNumber, Span, Table, Text, TextBlock, Volume,
    Warning,
)
from .files import read_bytes

TEI_NS = "http://www.tei-c.org/ns/1.0"
FRUS_NS = "http://history.state.gov/frus/ns/1.0"
XI_NS = "http://www.w3.org/2001/XInclude"
NS = {"t": TEI_NS}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
DIV, PB, HEAD = (f"{{{TEI_NS}}}{name}" for name in ("div", "pb", "head"))
PERSNAME, DATELINE, DATE = (f"{{{TEI_NS}}}{name}" for name in ("persName", "dateline", "date"))

MAX_BYTES = 200 * 2**20
# Far beyond FRUS (about fifteen levels), and within Python's recursion limit for the walk
# below, which takes up to four frames a level (libxml2 itself stops at 256).
MAX_DEPTH = 150

HI_RENDS = {"italic": "italic", "smallcaps": "smallcaps", "strong": "bold", "bold": "bold",
            "underline": "underline", "superscript": "superscript", "sup": "superscript"}
# element → (span type, the attribute kept as its target)
SPANS = {"ref": ("ref", "target"), "persName": ("person", "corresp"),
         "gloss": ("gloss", "target"), "placeName": ("place", "corresp"),
         "date": ("date", "when")}
TEXT_BLOCKS = {"p": "paragraph", "head": "subheading", "dateline": "dateline",
               "signed": "signature", "figDesc": "paragraph"}
CONTAINERS = {"quote": "quote", "postscript": "postscript", "frus:attachment": "attachment"}
SECTIONS = ("div", "opener", "closer")  # their blocks join the blocks around them
HEADINGS = ("heading", "subheading")
# Blocks inside a note, cell or caption run on as inline text, each on a new line.
FLATTENED = {*TEXT_BLOCKS, *CONTAINERS, *SECTIONS, "salute", "list", "label", "item",
             "table", "row", "cell", "figure"}

SPACES = re.compile(r"[ \t\r\n]+")  # XML's whitespace: a no-break space is text
NUMBER_PREFIX = re.compile(r"^\d+[A-Za-z]?\.\s*")
ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")
PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.S)
DOCTYPE = re.compile(rb"<!DOCTYPE\s+[^\s\[>]+\s*(\[|SYSTEM\b|PUBLIC\b)?")
LXML_WHERE = re.compile(r",\s*line \d+, column \d+\s*$")


# ---------------------------------------------------------------- parsing, safely

def _parse(path: Path) -> etree._Element:
    name = str(path)
    size = path.stat().st_size  # read_source has found it a file
    if size > MAX_BYTES:
        raise InputError(name, f"the file is {size / 2**20:,.0f} MB; TEI input is limited "
                         f"to {MAX_BYTES // 2**20} MB")
    data = read_bytes(path)
    _refuse_dtd(data, name)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False, remove_comments=True,
                             remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise _syntax_error(error, name) from None
    _check_depth(root, name)
    return root


def _refuse_dtd(data: bytes, name: str) -> None:
    """Refuse a DOCTYPE with an internal subset (where entities are declared) or an
    external DTD, reading the prolog as the XML grammar does: declaration, comments and
    processing instructions may come before it, nothing else."""
    if data.startswith((b"\xfe\xff", b"\xff\xfe")) or b"\x00" in data[:4]:
        raise InputError(name, "the file is UTF-16 or UTF-32", 1, 1, "save it as UTF-8")
    position = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while item := PROLOG_ITEM.match(data, position):
        position = item.end()
    doctype = DOCTYPE.match(data, position)
    if doctype and doctype.group(1):
        what = ("declares a DTD subset, where entities are declared"
                if doctype.group(1) == b"[" else "refers to an external DTD")
        raise InputError(name, f"the DOCTYPE {what}; refused for safety",
                         data.count(b"\n", 0, position) + 1, None,
                         "FRUS TEI files have no DTD and no entities")


def _syntax_error(error: etree.XMLSyntaxError, name: str) -> InputError:
    message = LXML_WHERE.sub("", error.msg or "")
    line, column = error.position
    if "depth" in message.lower():
        limit = re.search(r"\d+", message)
        return InputError(name, f"elements nest more than {limit.group() if limit else 256} "
                          "levels deep; refused", line, column)
    if error.code == etree.ErrorTypes.ERR_RESOURCE_LIMIT:
        return InputError(name, "a text or attribute value is longer than the parser's "
                          "10 MB limit; refused", line, column)
    return InputError(name, f"not well-formed XML: {message}", line, column)


def _check_depth(root: etree._Element, name: str) -> None:
    depth = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > MAX_DEPTH:
            raise InputError(name, f"elements nest more than {MAX_DEPTH} levels deep; "
                             "refused", element.sourceline)


@lru_cache(maxsize=None)
def _local(tag: str) -> str:
    """'p' for TEI's (or no namespace's) p, 'frus:attachment', 'xi:include'; others as
    {namespace}name, which no rule knows."""
    qname = etree.QName(tag)
    prefix = {None: "", TEI_NS: "", FRUS_NS: "frus:", XI_NS: "xi:"}.get(qname.namespace)
    return tag if prefix is None else prefix + qname.localname


def _name(element: etree._Element) -> str:
    return _local(element.tag)


def _printed(element: etree._Element) -> str:
    """An element's text as printed, notes left out, whitespace normalised."""
    parts = [element.text or ""]
    for child in element:
        if _name(child) != "note":
            parts.append(_printed(child))
        parts.append(child.tail or "")
    return SPACES.sub(" ", "".join(parts)).strip()


def _page(element: etree._Element) -> PageNumber | None:
    n = (element.get("n") or "").strip()
    if not n:
        return None
    return int(n) if n.isascii() and n.isdigit() else n


# ---------------------------------------------------------------- inline runs

CLOSE = object()  # the span opened last ends here
SEP = object()    # a flattened block begins: a line break, if text came before
Token = Union[str, Inline, object]  # an open Span stands for its start tag


def _tidy(run: list[Token]) -> tuple[list[Token], bool]:
    """Layout whitespace made printed spacing: runs of spaces become one, none at the
    start or end of a line, and a space before a note call moves after it (a call stands
    against the word before it, as printed). Also: is there any text at all?"""
    out: list[Token] = []
    last = -1             # index in out of the latest text
    line_start = True     # leading spaces of a line go
    space_owed = False    # a space moved from before a call
    break_at: int | None = None  # where a flattened block's line break goes
    for token in run:
        if isinstance(token, str):
            text = SPACES.sub(" ", token)
            if space_owed:
                text, space_owed = " " + text.lstrip(" "), False
            if line_start or (last >= 0 and out[last].endswith(" ")):
                text = text.lstrip(" ")
            if break_at is not None:
                if not text.strip():
                    continue
                out[last] = out[last].rstrip(" ")
                out.insert(break_at, LineBreak())
                text, break_at = text.lstrip(" "), None
            if not text:
                continue
            if out and isinstance(out[-1], str):
                out[-1] += text
            else:
                out.append(text)
            last, line_start = len(out) - 1, False
        elif token is SEP:
            if last >= 0 and break_at is None:
                break_at = len(out)
        elif isinstance(token, LineBreak):
            if last >= 0 and not line_start:
                out[last] = out[last].rstrip(" ")
                out.append(token)
                line_start, space_owed = True, False
        else:
            if isinstance(token, NoteCall) and last >= 0 and out[last].endswith(" "):
                out[last], space_owed = out[last][:-1], True
            out.append(token)
    if last >= 0:
        out[last] = out[last].rstrip(" ")
        # A line break with no text after it ends nothing.
        out[last:] = [t for t in out[last:] if not isinstance(t, LineBreak)]
    printed = any(isinstance(t, str) and t.strip() for t in out)
    return [t for t in out if t != ""], printed


def _nest(tokens: list[Token]) -> list[Inline]:
    root: list[Inline] = []
    stack = [root]
    for token in tokens:
        if isinstance(token, str):
            stack[-1].append(Text(token))
        elif token is CLOSE:
            stack.pop()
        elif isinstance(token, Span):
            stack[-1].append(token)
            stack.append(token.content)
        else:
            stack[-1].append(token)
    return root


# ---------------------------------------------------------------- flows of blocks

@dataclass
class _State:
    """One document's conversion: what it gathers besides its blocks."""
    notes: list[Note] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    warned: set[str] = field(default_factory=set)
    carried: list[Inline] = field(default_factory=list)  # for the next block's start
    last: list[Inline] | None = None  # the latest block's inlines, for a call after it
    in_opener: bool = False
    in_closer: bool = False

    def warn_once(self, key: str, code: str, message: str, line: int | None) -> None:
        if key not in self.warned:
            self.warned.add(key)
            self.warnings.append(Warning(code, message, line))

    def place_loose(self, atoms: list[Inline]) -> None:
        """Page breaks and calls between blocks: a break begins the next block, a call
        ends the block before it."""
        for atom in atoms:
            if isinstance(atom, NoteCall) and self.last is not None:
                self.last.append(atom)
            else:
                self.carried.append(atom)


class _Flow:
    """Mixed content turned into blocks: text and inline elements gather into a run, which
    a block element (or the end) closes into a TextBlock of the current kind.

    ``inline_only`` flows (cells, captions, notes) flatten blocks into their one run;
    ``detached`` ones (notes) stand outside the text: they neither take page breaks
    waiting for the next block nor receive calls."""

    def __init__(self, state: _State, inline_only: bool = False, detached: bool = False):
        self.state = state
        self.inline_only = inline_only
        self.detached = detached
        self.kind = "paragraph"
        self.blocks: list[Block] = []
        self.run: list[Token] = []
        self.open_spans: list[Span] = []

    def text(self, text: str | None) -> None:
        if text:
            self.run.append(text)

    def atom(self, inline: Inline) -> None:
        self.run.append(inline)

    def open(self, span: Span) -> None:
        self.run.append(span)
        self.open_spans.append(span)

    def close(self) -> None:
        self.run.append(CLOSE)
        self.open_spans.pop()

    def separate(self) -> None:
        self.run.append(SEP)

    def end_block(self) -> None:
        """Close the run into a block; spans still open go on in the next run."""
        reopened = [Span(span.type, [], span.target) for span in self.open_spans]
        self.run.extend(CLOSE for _ in self.open_spans)
        inlines = self._take()
        if inlines is not None:
            self.blocks.append(TextBlock(self.kind, inlines))
        self.open_spans, self.run = reopened, list(reopened)

    def finish_blocks(self) -> list[Block]:
        self.end_block()
        return self.blocks

    def finish_inlines(self) -> list[Inline]:
        return self._take() or []

    def _take(self) -> list[Inline] | None:
        tokens, printed = _tidy(self.run)
        self.run = []
        if self.detached:
            return _nest(tokens)
        if not printed:
            self.state.place_loose([t for t in tokens if isinstance(t, (PageBreak, NoteCall))])
            return None
        inlines = self.state.carried + _nest(tokens)
        self.state.carried = []
        self.state.last = inlines
        return inlines


# ---------------------------------------------------------------- elements

def _children(element: etree._Element, flow: _Flow) -> None:
    flow.text(element.text)
    for child in element:
        _walk(child, flow)
        flow.text(child.tail)


def _walk(element: etree._Element, flow: _Flow) -> None:
    name = _name(element)
    state = flow.state
    if name in SPANS:
        kind, attribute = SPANS[name]
        flow.open(Span(kind, [], element.get(attribute)))
        _children(element, flow)
        flow.close()
    elif name == "hi":
        _hi(element, flow)
    elif name == "pb":
        page = _pb(element, state)
        if page is not None:
            flow.atom(page)
    elif name == "lb":
        flow.atom(LineBreak())
    elif name == "note":
        _note(element, flow)
    elif name == "xi:include":
        pass  # never followed: FRUS volumes include shared files, not their own text
    elif flow.inline_only and name in FLATTENED:
        _flattened(element, name, flow)
    elif name in TEXT_BLOCKS:
        _text_block(element, TEXT_BLOCKS[name], flow)
    elif name == "salute":
        _text_block(element, "closing" if state.in_closer else "salutation", flow)
    elif name == "seg" and state.in_opener:
        _text_block(element, "dateline", flow)
    elif name in CONTAINERS:
        _container(element, CONTAINERS[name], flow)
    elif name in SECTIONS:
        _section(element, name, flow)
    elif name == "list":
        _list(element, flow)
    elif name == "table":
        _table(element, flow)
    elif name == "figure":
        _figure(element, flow)
    else:
        state.warn_once(f"element {name}", "unknown-element",
                        f"unknown element <{name}>: its text is kept", element.sourceline)
        _children(element, flow)


def _hi(element: etree._Element, flow: _Flow) -> None:
    rend = element.get("rend", "")
    kind = HI_RENDS.get(rend)
    if kind is None:
        flow.state.warn_once(f"rend {rend}", "unknown-rend",
                             f'<hi rend="{rend}">: unknown style; its text is kept plain',
                             element.sourceline)
        _children(element, flow)
        return
    flow.open(Span(kind, []))
    _children(element, flow)
    flow.close()


def _pb(element: etree._Element, state: _State) -> PageBreak | None:
    page = _page(element)
    if page is None:
        state.warnings.append(Warning("page-break", "a <pb> without n is left out",
                                      element.sourceline))
        return None
    return PageBreak(page)


def _note(element: etree._Element, flow: _Flow) -> None:
    state = flow.state
    if (element.get("rend") == "inline" and element.get("type") == "source"
            and not flow.inline_only and flow.kind not in HEADINGS):
        _text_block(element, "source-note", flow)  # older volumes print it under the head
        return
    n = element.get("n")
    if not n:
        previous = state.notes[-1].n if state.notes else ""
        n = (str(int(previous) + 1) if previous.isascii() and previous.isdigit()
             else str(len(state.notes) + 1))
        state.warnings.append(Warning("note-number", f"a note without n is numbered {n} by "
                                      "its order", element.sourceline))
    note = Note(n, "source" if element.get("type") == "source" else "editorial", [],
                "closer" if state.in_closer else "call")
    state.notes.append(note)  # before its content, so that notes stay in document order
    content = _Flow(state, inline_only=True, detached=True)
    _children(element, content)
    note.content = content.finish_inlines()
    flow.atom(NoteCall(n))


def _flattened(element: etree._Element, name: str, flow: _Flow) -> None:
    """A block inside a note, cell or caption: on a line of its own (an item on its
    label's line), a cell after a space."""
    previous = element.getprevious()
    if name == "cell":
        flow.text(" ")
    elif not (name == "item" and previous is not None and _name(previous) == "label"):
        flow.separate()
    _children(element, flow)


def _text_block(element: etree._Element, kind: str, flow: _Flow) -> None:
    flow.end_block()
    outer, flow.kind = flow.kind, kind
    _children(element, flow)
    flow.end_block()
    flow.kind = outer


def _container(element: etree._Element, kind: str, flow: _Flow) -> None:
    flow.end_block()
    blocks = _blocks_of(element, flow.state)
    if blocks:
        flow.blocks.append(Container(kind, blocks))


def _blocks_of(element: etree._Element, state: _State) -> list[Block]:
    """The blocks of an element's content."""
    flow = _Flow(state)
    _children(element, flow)
    return flow.finish_blocks()


def _loose_blocks(part: etree._Element | str, state: _State) -> list[Block]:
    """The blocks of text, or an element, standing where only items are expected."""
    flow = _Flow(state)
    if isinstance(part, str):
        flow.text(part)
    else:
        _walk(part, flow)
    return flow.finish_blocks()


def _section(element: etree._Element, name: str, flow: _Flow) -> None:
    state = flow.state
    outer = state.in_opener, state.in_closer
    state.in_opener = state.in_opener or name == "opener"
    state.in_closer = state.in_closer or name == "closer"
    flow.end_block()
    _children(element, flow)
    flow.end_block()
    state.in_opener, state.in_closer = outer


def _parts(element: etree._Element) -> Iterator[etree._Element | str]:
    """An element's children, and the text between them that is not layout."""
    if element.text and element.text.strip():
        yield element.text
    for child in element:
        yield child
        if child.tail and child.tail.strip():
            yield child.tail


def _carry_page(element: etree._Element, state: _State) -> None:
    page = _pb(element, state)
    if page is not None:
        state.carried.append(page)


def _list(element: etree._Element, flow: _Flow) -> None:
    flow.end_block()
    state = flow.state
    items: list[ListItem] = []
    label: str | None = None
    for part in _parts(element):
        name = None if isinstance(part, str) else _name(part)
        if name == "label":
            if label is not None:
                items.append(ListItem(label, []))
            label = _printed(part)
        elif name == "item":
            items.append(ListItem(label, _blocks_of(part, state)))
            label = None
        elif name == "head":
            _text_block(part, "subheading", flow)
        elif name == "pb":
            _carry_page(part, state)
        else:  # anything else is kept, as an item of its own
            items.append(ListItem(None, _loose_blocks(part, state)))
    if label is not None:
        items.append(ListItem(label, []))
    if items:
        flow.blocks.append(ListBlock(items))


def _table(element: etree._Element, flow: _Flow) -> None:
    flow.end_block()
    state = flow.state
    rows: list[list[Cell]] = []
    for part in _parts(element):
        name = None if isinstance(part, str) else _name(part)
        if name == "head":
            _text_block(part, "subheading", flow)
        elif name == "pb":
            _carry_page(part, state)
        elif name == "row":
            rows.append(_row(part, state))
        else:  # anything else is kept, as a row of one cell
            rows.append([_cell(part, state, False)])
    if rows:
        flow.blocks.append(Table(rows))


def _row(row: etree._Element, state: _State) -> list[Cell]:
    cells = []
    for part in _parts(row):
        if not isinstance(part, str) and _name(part) == "pb":
            _carry_page(part, state)
        else:
            header = row.get("role") == "label" or (
                not isinstance(part, str) and part.get("role") == "label")
            cells.append(_cell(part, state, header))
    return cells


def _cell(part: etree._Element | str, state: _State, header: bool) -> Cell:
    flow = _Flow(state, inline_only=True)
    if isinstance(part, str):
        flow.text(part)
    elif _name(part) == "cell":
        _children(part, flow)
    else:
        _walk(part, flow)
    return Cell(flow.finish_inlines(), header)


def _figure(element: etree._Element, flow: _Flow) -> None:
    flow.end_block()
    caption = _Flow(flow.state, inline_only=True)
    src = None
    caption.text(element.text)
    for child in element:
        if _name(child) == "graphic":
            src = src or child.get("url")
        else:
            _walk(child, caption)
        caption.text(child.tail)
    flow.blocks.append(Figure(src, caption.finish_inlines()))


# ---------------------------------------------------------------- documents

def _document(div: etree._Element, start_page: PageNumber | None, source: str) -> Document:
    state = _State()
    flow = _Flow(state)
    head = div.find(HEAD)
    if head is None:
        state.warnings.append(Warning("no-head", "the document has no <head>: no heading",
                                      div.sourceline))
    else:
        _text_block(head, "heading", flow)
    flow.text(div.text)
    for child in div:
        if child is not head:
            _walk(child, flow)
        flow.text(child.tail)
    blocks = flow.finish_blocks()
    if state.carried:  # page breaks at the very end stay after the last word
        if state.last is not None:
            state.last.extend(state.carried)
        else:
            blocks.append(TextBlock("paragraph", state.carried))

    number = div.get("n")
    if not number:
        number = div.get(XML_ID) or ""
        state.warnings.append(Warning("document-number", "the document has no n",
                                      div.sourceline))
    pages = [page for page in map(_page, div.iter(PB)) if page is not None]
    dateline = next(div.iter(DATELINE), None)
    return Document(
        number=number,
        title=NUMBER_PREFIX.sub("", _printed(head)) if head is not None else "",
        blocks=blocks,
        notes=state.notes,
        start_page=start_page,
        end_page=pages[-1] if pages else start_page,
        dateline=_printed(dateline) if dateline is not None else None,
        id=div.get(XML_ID),
        date=_date(div, dateline),
        sender=_sender(head),
        source=source,
        warnings=state.warnings,
    )


def _date(div: etree._Element, dateline: etree._Element | None) -> str | None:
    whens = [date.get("when") for date in dateline.iter(DATE)] if dateline is not None else []
    for value in [*whens, div.get(f"{{{FRUS_NS}}}doc-dateTime-min")]:
        match = ISO_DATE.match(value or "")
        if match:
            return match.group()
    return None


def _sender(head: etree._Element | None) -> str | None:
    names = [_printed(name) for name in head.iter(PERSNAME)
             if name.get("type") == "from"] if head is not None else []
    return " and ".join(names) or None


def _documents(root: etree._Element) -> Iterator[tuple[etree._Element, PageNumber | None]]:
    """Each document div with the page of the last pb before it, in document order."""
    page = None
    for element in root.iter(PB, DIV):
        if element.tag == PB:
            found = _page(element)
            page = page if found is None else found
        elif element.get("type") == "document" and not any(
                outer.get("type") == "document" for outer in element.iterancestors(DIV)):
            yield element, page


def _volume(root: etree._Element) -> Volume:
    header = root.find("t:teiHeader", NS)
    if header is None:
        return Volume(id=root.get(XML_ID))

    def text(path: str) -> str | None:
        found = header.find(path, NS)
        return (_printed(found) or None) if found is not None else None

    titles = "t:fileDesc/t:titleStmt/t:title[@type='{}']"
    publication = "t:fileDesc/t:publicationStmt/t:"
    return Volume(
        id=text(publication + "idno[@type='frus']") or root.get(XML_ID),
        title=text(titles.format("complete")),
        series=text(titles.format("series")),
        sub_series=text(titles.format("sub-series")),
        volume_number=text(titles.format("volume-number")),
        volume_title=text(titles.format("volume")),
        editors=[_printed(editor) for editor in header.iterfind(".//t:editor", NS)],
        publisher=text(publication + "publisher"),
        place=text(publication + "pubPlace"),
        date=text(publication + "date"),
        isbn=text(publication + "idno[@type='isbn-13']")
        or text(publication + "idno[@type='isbn-10']"),
    )


def read_tei(path: Path) -> Collection:
    """Every FRUS document of a TEI file, in order, with the volume's metadata."""
    root = _parse(path)
    source = str(path)
    documents = [_document(div, start, source) for div, start in _documents(root)]
    if not documents:
        hint = None if root.tag == f"{{{TEI_NS}}}TEI" else (
            f"the root element is {root.tag}, not TEI's {{{TEI_NS}}}TEI")
        raise InputError(source, 'no FRUS documents (div type="document") in the file',
                         hint=hint)
    return Collection(_volume(root), documents)
