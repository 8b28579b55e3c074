"""Reader for the plain text people copy from the FRUS web edition.

The form (see tests/corpus and the seed):
  - a title line "51. Letter From … Khrushchev0", the source note's call glued on;
  - paragraphs separated by blank lines; consecutive lines are list items;
  - page markers " [Page 143] " inline, or "[Page 145]" as a paragraph of its own;
  - note calls glued to the word or punctuation before them ("1962.1", "[12th],2");
  - the notes listed at the end as "  1. Source: …", numbered 1… in list order,
    whatever their own numbers are (the seed's calls run 0–4, its list 1–5).
Every word of the input except the markers and the list's own numbering reaches the
model, in order; anything inferred or repaired is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import pages
from ..errors import InputError
from ..model import (
    Block, Collection, Container, Document, Inline, ListBlock, ListItem, Note, NoteCall,
    PageBreak, PageNumber, Repair, Span, Text, TextBlock, Volume, Warning, plain_text,
)
from . import notecalls, repairs
from .files import read_bytes

TITLE = re.compile(r"^\s*(\d+[A-Za-z]?)\.\s+(\S.*?)\s*$")
NOTE_ITEM = re.compile(r"^(\s*)(\d+)\.\s+(\S.*?)\s*$")
PAGE_MARKER = re.compile(r"\[Page\s*([^\]\n]{0,20}?)\s*\]")
MONTHS = ("January|February|March|April|May|June|July|August|September|October|"
          "November|December")
DATELINE = re.compile(
    rf"^[A-Z][^,]{{0,60}},\s+(?:(?:undated|Undated)|(?:{MONTHS})\s+\d{{1,2}}(?:[-–]\d{{1,2}})?,"
    rf"\s+\d{{4}}|(?:{MONTHS}),?\s+\d{{4}}|\d{{4}})\b.{{0,60}}$")
DATE = re.compile(rf"\b({MONTHS})\s+(\d{{1,2}}),\s+(\d{{4}})")
CLOSING = re.compile(
    r"^(?:Sincerely|Respectfully|Faithfully|Cordially|Very (?:truly|sincerely|respectfully)"
    r"|Yours|With (?:best|warm|kind)|Best)\b[^.:;]{0,40},$")
SIGNATURE = re.compile(r"^[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*){0,6}$")
SALUTATION = re.compile(r"^(Dear [^:\n]{1,80}|Mr\. (?:President|Chairman)|Excellency):")
LIST_LABEL = re.compile(r"^((?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})[.)]|\(\w{1,5}\)|[•·*–—-])\s+(\S.*)$")
SENDER = re.compile(r"\bFrom (?:the )?(?:[^()]*\((?P<named>[^()]+)\)|(?P<whole>.+?))\s+to\b")
VOLUME_STEM = re.compile(r"^(frus[\w-]+?)-d\d+[a-z]?$")
VOLUME_ID = re.compile(r"^frus(\d{4})(?:-(\d{2,4}))?v(\d+)(p\d+)?$")
OPENING_QUOTES, CLOSING_QUOTES = "\"“", "\"”"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
MONTH_NUMBER = {name: index for index, name in enumerate(MONTHS.split("|"), start=1)}


@dataclass
class Line:
    number: int
    text: str


@dataclass
class RawBlock:
    """A block before inline parsing: its type and its source text."""
    type: str
    text: str
    line: int
    label: str | None = None
    list_id: int | None = None  # items of one list share it
    quote_id: int | None = None  # blocks of one block quote share it


@dataclass
class Run:
    """A stretch of text between page markers, where calls are looked for."""
    block: int
    text: str
    line: int


@dataclass
class Parse:
    """Working state of one parse, gathered into a Document at the end."""
    warnings: list[Warning] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)

    def warn(self, code: str, message: str, line: int | None) -> None:
        self.warnings.append(Warning(code, message, line))


# ---------------------------------------------------------------- decoding

MAX_BYTES = 10 * 2**20  # a FRUS document is well under 1 MB; a whole volume, 4 MB


def decode(data: bytes, name: str) -> str:
    """UTF-8 (a BOM allowed), any line ends; anything else is a clear error."""
    if len(data) > MAX_BYTES:
        raise InputError(name, f"the file is over {MAX_BYTES // 2**20} MB, more than a "
                         "web-copied document can be", 1, 1,
                         "is it the right file? A whole volume is best read from its TEI")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(name, "the file is UTF-16", 1, 1, "save it as UTF-8")
    if b"\x00" in data:
        at = data.index(b"\x00")
        raise InputError(name, "the file holds NUL bytes: is it a binary file?",
                         *_line_and_column(data, at))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(name, "the file is not UTF-8 text", *_line_and_column(data, error.start),
                         "save it as UTF-8") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = CONTROL.search(text)
    if control:
        raise InputError(name, f"control character U+{ord(control.group()):04X} in the text",
                         *_line_and_column(text, control.start()))
    if not text.strip():
        raise InputError(name, "the file is empty", 1, 1)
    return text


def _line_and_column(data: bytes | str, at: int) -> tuple[int, int]:
    newline = b"\n" if isinstance(data, bytes) else "\n"
    line_start = data.rfind(newline, 0, at) + 1
    return data.count(newline, 0, at) + 1, at - line_start + 1


# ---------------------------------------------------------------- lines and blocks

def _notes_list_start(lines: list[Line]) -> int:
    """Index of the line where the trailing notes list begins, or len(lines)."""
    for index, line in enumerate(lines):
        item = NOTE_ITEM.match(line.text)
        if not item or item.group(2) != "1" or index == 0:
            continue
        if not item.group(1) and not item.group(3).startswith("Source"):
            continue  # an unindented "1." is the text's own list
        if _is_notes_list(lines[index:]):
            return index
    return len(lines)


def _is_notes_list(lines: list[Line]) -> bool:
    expected = 1
    for line in lines:
        item = NOTE_ITEM.match(line.text)
        if item and int(item.group(2)) == expected:
            expected += 1
        elif expected == 1:
            return False
    return True


def _note_items(lines: list[Line]) -> list[tuple[int, str]]:
    """(line number, text) of each listed note; lines that continue a note join it."""
    items: list[tuple[int, list[str]]] = []
    for line in lines:
        item = NOTE_ITEM.match(line.text)
        if item and int(item.group(2)) == len(items) + 1:
            items.append((line.number, [item.group(3)]))
        elif line.text.strip():
            items[-1][1].append(line.text.strip())
    return [(number, " ".join(parts)) for number, parts in items]


def _groups(lines: list[Line]) -> list[list[Line]]:
    groups: list[list[Line]] = [[]]
    for line in lines:
        if line.text.strip():
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    return [group for group in groups if group]


def _is_marker_only(text: str) -> bool:
    return bool(PAGE_MARKER.search(text)) and not PAGE_MARKER.sub("", text).strip()


def _is_wrapped(group: list[Line]) -> bool:
    """Hard-wrapped prose, not a list: a line runs on in lower case."""
    return any(not first.text.rstrip().endswith((".", "?", "!", ":", ";", "\"", "”", ")"))
               and second.text.lstrip()[:1].islower()
               for first, second in zip(group, group[1:]))


def _looks_like_signature(text: str) -> bool:
    return len(text) <= 60 and bool(SIGNATURE.match(text.strip()))


def _body_blocks(groups: list[list[Line]]) -> list[RawBlock]:
    """Classify the groups after the title into raw blocks."""
    blocks: list[RawBlock] = []
    for index, group in enumerate(groups):
        text = group[0].text.strip()
        if len(group) > 1 and _is_wrapped(group):
            text = " ".join(line.text.strip() for line in group)
            group = [Line(group[0].number, text)]
        if len(group) > 1:
            blocks.extend(_list_items(group, index))
        elif _is_marker_only(text):
            blocks.append(RawBlock("markers", text, group[0].number))
        elif not any(b.type != "markers" for b in blocks) and DATELINE.match(text):
            blocks.append(RawBlock("dateline", text, group[0].number))
        else:
            blocks.append(RawBlock("paragraph", text, group[0].number))
    _mark_ending(blocks)
    _mark_quotes(blocks)
    return blocks


def _list_items(group: list[Line], index: int) -> list[RawBlock]:
    items = []
    for line in group:
        text = line.text.strip()
        if _is_marker_only(text):
            items.append(RawBlock("markers", text, line.number))
            continue
        labelled = LIST_LABEL.match(text)
        label, text = (labelled.group(1), labelled.group(2)) if labelled else (None, text)
        items.append(RawBlock("item", text, line.number, label, list_id=index))
    return items


def _mark_ending(blocks: list[RawBlock]) -> None:
    """The last short lines are the signature, and a closing before it."""
    content = [b for b in blocks if b.type != "markers"]
    if not content or content[-1].type != "paragraph":
        return
    if _looks_like_signature(content[-1].text) and len(content) > 1:
        content[-1].type = "signature"
        content = content[:-1]
    if content and content[-1].type == "paragraph" and CLOSING.match(content[-1].text):
        content[-1].type = "closing"


def _mark_quotes(blocks: list[RawBlock]) -> None:
    """A paragraph opening a quotation that closes paragraphs later: a block quote."""
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.type == "paragraph" and _opens_quote(block.text):
            end = next((j for j in range(index + 1, len(blocks))
                        if blocks[j].type in ("paragraph", "item", "markers")
                        and _closes_quote(blocks[j].text)), None)
            if end is not None and all(b.type in ("paragraph", "item", "markers")
                                       for b in blocks[index:end + 1]):
                for member in blocks[index:end + 1]:
                    member.quote_id = index
                index = end
        index += 1


def _quote_balance(text: str) -> int:
    straight = text.count('"')
    return text.count("“") - text.count("”") + straight % 2


def _opens_quote(text: str) -> bool:
    return text[:1] in OPENING_QUOTES and _quote_balance(text) > 0


def _closes_quote(text: str) -> bool:
    stripped = text.rstrip().rstrip("0123456789")
    return stripped[-1:] in CLOSING_QUOTES and (
        _quote_balance(text) < 0 or stripped[-1:] == '"' and text.count('"') % 2 == 1)


# ---------------------------------------------------------------- inlines

def _split_markers(text: str, line: int, parse: Parse) -> list[str | PageBreak]:
    """Text and page breaks; a marker's own surrounding space is dropped once."""
    pieces: list[str | PageBreak] = []
    position = 0
    for marker in PAGE_MARKER.finditer(text):
        page = pages.parse_page(marker.group(1))
        if page is None:
            parse.warn("page-marker", f"unreadable page marker {marker.group()!r} kept as text",
                       line)
            continue
        before = text[position:marker.start()]
        after_start = marker.end()
        if (before[-1:].isspace() or not before) and text[after_start:after_start + 1] == " ":
            after_start += 1
        if before:
            pieces.append(before)
        pieces.append(PageBreak(page))
        position = after_start
    if position < len(text):
        pieces.append(text[position:])
    return pieces


def _to_inlines(pieces: list[str | PageBreak], calls: dict[int, list[notecalls.Candidate]],
                runs: dict[int, int]) -> list[Inline]:
    """Pieces with the chosen calls cut out of their text."""
    inlines: list[Inline] = []
    for index, piece in enumerate(pieces):
        if isinstance(piece, PageBreak):
            inlines.append(piece)
            continue
        position = 0
        for call in calls.get(runs[index], []):
            if call.start > position:
                inlines.append(Text(piece[position:call.start]))
            inlines.append(NoteCall(str(call.value)))
            position = call.end
        if position < len(piece):
            inlines.append(Text(piece[position:]))
    return inlines


def _with_salutation(inlines: list[Inline]) -> list[Inline]:
    """'Dear Mr. Chairman: I am…' → small caps 'Dear Mr. Chairman', then ': I am…'."""
    index = next((i for i, inline in enumerate(inlines) if isinstance(inline, Text)), None)
    match = SALUTATION.match(inlines[index].text) if index is not None else None
    if not match:
        return inlines
    rest = inlines[index].text[match.end(1):]
    return [*inlines[:index], Span("smallcaps", [Text(match.group(1))]), Text(rest),
            *inlines[index + 1:]]


# ---------------------------------------------------------------- the parse

def parse_text(text: str, name: str, start_page: PageNumber | None = None) -> Document:
    """Parse one web-copied FRUS document."""
    parse = Parse()
    lines = [Line(number, line.rstrip()) for number, line in
             enumerate(text.split("\n"), start=1)]
    notes_at = _notes_list_start(lines)
    note_items = _note_items(lines[notes_at:])
    groups = _groups(lines[:notes_at])

    leading_pages: list[PageBreak] = []
    while groups and all(_is_marker_only(line.text) for line in groups[0]):
        for line in groups.pop(0):
            leading_pages.extend(p for p in _split_markers(line.text, line.number, parse)
                                 if isinstance(p, PageBreak))
    if not groups:
        raise InputError(name, "no title line: the text holds only page markers", 1, 1)
    title_group = groups.pop(0)
    title_line = title_group[0]
    title_match = TITLE.match(title_line.text)
    if not title_match:
        raise InputError(name, "the first line is not a FRUS document title", title_line.number,
                         1, "it should read like '51. Letter From President Kennedy to …'")
    if len(title_group) > 1:
        groups.insert(0, title_group[1:])

    raw = [RawBlock("heading", title_line.text.strip(), title_line.number)] + _body_blocks(groups)
    for block in raw:
        block.text = _repair(block.text, f"line {block.line}", block.line, parse)

    # Split every block at its page markers, then look for calls run by run.
    block_pieces = [_split_markers(block.text, block.line, parse) for block in raw]
    runs: list[Run] = []
    run_of_piece: list[dict[int, int]] = []
    candidates: list[notecalls.Candidate] = []
    title_values: list[int] = []
    for block_index, pieces in enumerate(block_pieces):
        mapping: dict[int, int] = {}
        previous = ""
        for piece_index, piece in enumerate(pieces):
            if isinstance(piece, PageBreak):
                continue
            mapping[piece_index] = len(runs)
            title_end = block_index == 0 and piece_index == len(pieces) - 1
            found = notecalls.find_candidates(piece, len(runs), previous, title_end=title_end)
            if title_end:
                title_values = [c.value for c in found if c.end == len(piece.rstrip())]
            candidates.extend(found)
            runs.append(Run(block_index, piece, raw[block_index].line))
            previous = piece[-1:]
        run_of_piece.append(mapping)

    source_first = bool(note_items) and note_items[0][1].startswith("Source")
    candidates = notecalls.in_text_order(candidates)
    chain = notecalls.choose_calls(candidates, len(note_items), title_values, source_first)
    _warn_unchosen(candidates, chain, len(note_items), runs, parse)

    calls_by_run: dict[int, list[notecalls.Candidate]] = {}
    for call in chain.calls:
        calls_by_run.setdefault(call.run, []).append(call)

    blocks_inlines = [_to_inlines(pieces, calls_by_run, run_of_piece[index])
                      for index, pieces in enumerate(block_pieces)]
    notes = _notes(note_items, chain, parse)
    all_pages = [p.page for pieces in block_pieces for p in pieces if isinstance(p, PageBreak)]
    doc_start = _start_page(leading_pages, all_pages, start_page, parse, title_line.number)
    blocks = _assemble(raw, blocks_inlines, parse)
    _attach_uncalled(blocks, notes, chain, parse)

    heading_text = plain_text(blocks[0].content) if isinstance(blocks[0], TextBlock) else ""
    title = heading_text[len(title_match.group(1)) + 1:].strip()
    dateline = next((plain_text(b.content) for b in blocks
                     if isinstance(b, TextBlock) and b.type == "dateline"), None)
    _check_page_sequence(doc_start, all_pages, parse)
    sender = SENDER.search(title)
    return Document(
        number=title_match.group(1),
        title=title,
        blocks=blocks,
        notes=notes,
        start_page=doc_start,
        end_page=all_pages[-1] if all_pages else doc_start,
        dateline=dateline,
        date=_iso_date(dateline),
        sender=(sender.group("named") or sender.group("whole")) if sender else None,
        source=name,
        repairs=parse.repairs,
        warnings=parse.warnings,
    )


def _repair(text: str, where: str, line: int, parse: Parse) -> str:
    fixed, found = repairs.repair_dashes(text)
    parse.repairs.extend(Repair("en-dash", where, r.before, r.after, line) for r in found)
    return fixed


def _notes(items: list[tuple[int, str]], chain: notecalls.Chain, parse: Parse) -> list[Note]:
    """Each listed note keeps the number of its call: list item k is note s + k − 1."""
    notes = []
    for index, (line, text) in enumerate(items):
        number = str(chain.start_value + index)
        text = _repair(text, f"note {number}", line, parse)
        kind = "source" if text.startswith("Source") else "editorial"
        content = [p if isinstance(p, PageBreak) else Text(p)
                   for p in _split_markers(text, line, parse)]
        notes.append(Note(number, kind, content))
    return notes


def _assemble(raw: list[RawBlock], inlines: list[list[Inline]], parse: Parse) -> list[Block]:
    """Raw blocks with their inlines into model blocks; markers join the next block."""
    blocks: list[Block] = []
    carried: list[Inline] = []
    quotes: dict[int, Container] = {}
    lists: dict[int, ListBlock] = {}
    first_paragraph = True
    for block, content in zip(raw, inlines):
        if block.type == "markers":
            carried.extend(content)
            continue
        content, carried = carried + content, []
        if block.type == "paragraph" and first_paragraph:
            content, first_paragraph = _with_salutation(content), False
        target = blocks
        if block.quote_id is not None:
            if block.quote_id not in quotes:
                quotes[block.quote_id] = Container("quote", [])
                blocks.append(quotes[block.quote_id])
            target = quotes[block.quote_id].blocks
        if block.type == "item":
            if block.list_id not in lists:
                lists[block.list_id] = ListBlock([])
                target.append(lists[block.list_id])
            lists[block.list_id].items.append(
                ListItem(block.label, [TextBlock("paragraph", content)]))
        else:
            target.append(TextBlock(block.type, content))
    if carried:
        _last_text_block(blocks).content.extend(carried)
        parse.warn("page-marker", "a page marker ends the document; kept after the last word",
                   raw[-1].line)
    return blocks


def _last_text_block(blocks: list[Block]) -> TextBlock:
    block = blocks[-1]
    while not isinstance(block, TextBlock):
        block = (block.items[-1].blocks[-1] if isinstance(block, ListBlock)
                 else block.blocks[-1])
    return block


def _attach_uncalled(blocks: list[Block], notes: list[Note], chain: notecalls.Chain,
                     parse: Parse) -> None:
    """Notes without a call print after the signature, where FRUS prints its note."""
    called = {str(call.value) for call in chain.calls}
    uncalled = [note for note in notes if note.n not in called]
    if not uncalled:
        return
    signature = next((b for b in reversed(blocks)
                      if isinstance(b, TextBlock) and b.type == "signature"), None)
    target = signature or _last_text_block(blocks)
    last_called = max((int(n) for n in called), default=chain.start_value - 1)
    for note in uncalled:
        note.where = "closer"
        target.content.append(NoteCall(note.n))
        is_signature_note = (signature is not None and note is notes[-1]
                             and int(note.n) > last_called)
        if not is_signature_note:
            place = "after the signature" if signature else "at the end of the text"
            parse.warn("note-without-call",
                       f"note {note.n} is listed but never called; it is printed {place}", None)


def _warn_unchosen(candidates: list[notecalls.Candidate], chain: notecalls.Chain,
                   note_count: int, runs: list[Run], parse: Parse) -> None:
    """Digits that read like a call but are kept as text: say so."""
    chosen = set(chain.calls)
    groups = {(c.run, c.group) for c in chosen}
    for candidate in candidates:
        if (candidate in chosen or (candidate.run, candidate.group) in groups
                or candidate.strength < 0.9 or candidate.value < chain.start_value):
            continue
        run = runs[candidate.run]
        digits = run.text[candidate.start:candidate.end]
        context = run.text[max(0, candidate.start - 12):candidate.end]
        if candidate.value >= chain.start_value + note_count:
            reason = f"no listed note is numbered {digits}"
        else:
            reason = f"note {digits} is called elsewhere"
        parse.warn("call-like-digits",
                   f"{context!r}: the digits {digits!r} look like a note call, but {reason}; "
                   f"kept as text", run.line)


def _start_page(leading: list[PageBreak], found: list[PageNumber], given: PageNumber | None,
                parse: Parse, line: int) -> PageNumber | None:
    """The page the document begins on: given, a leading marker, or the first minus one."""
    if given is not None:
        if leading and leading[0].page != given:
            parse.warn("start-page", f"--start-page {given} overrides the leading marker "
                       f"[Page {leading[0].page}]", line)
        return given
    if leading:
        return leading[0].page
    return pages.offset(found[0], -1) if found else None


def _check_page_sequence(start: PageNumber | None, found: list[PageNumber],
                         parse: Parse) -> None:
    previous = start
    for page in found:
        if previous is not None:
            before, now = pages.ordinal(previous), pages.ordinal(page)
            if before is not None and now is not None and now != before + 1:
                code = "page-gap" if now > before + 1 else "page-order"
                parse.warn(code, f"page {page} follows page {previous}; kept as it stands", None)
        previous = page


def _iso_date(dateline: str | None) -> str | None:
    match = DATE.search(dateline or "")
    if not match:
        return None
    month, day, year = match.groups()
    return f"{int(year):04d}-{MONTH_NUMBER[month]:02d}-{int(day):02d}"


def volume_from_name(stem: str) -> Volume:
    """A web-copy file named like 'frus1961-63v06-d51' tells its volume's id, and the id
    its years and number: 1961–1963, Volume VI."""
    match = VOLUME_STEM.match(stem)
    if not match:
        return Volume()
    volume = Volume(id=match.group(1))
    parts = VOLUME_ID.match(volume.id)
    if parts:
        first, last, number, part = parts.groups()
        last = first[:4 - len(last)] + last if last else None
        volume.series = "Foreign Relations of the United States"
        volume.sub_series = f"{first}–{last}" if last else first
        volume.volume_number = f"Volume {pages.int_to_roman(int(number), upper=True)}"
        if part:
            volume.volume_number += f", Part {part.lstrip('p')}"
    return volume


def read_text(path: Path, start_page: PageNumber | None = None) -> Collection:
    name = str(path)
    data = read_bytes(path, MAX_BYTES + 1)  # no more than the limit is ever read
    document = parse_text(decode(data, name), name, start_page)
    return Collection(volume_from_name(path.stem), [document])
