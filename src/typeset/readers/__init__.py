"""Readers turn source files into the document model.

``read_sources`` picks the reader by the file's content, not its name: TEI is XML,
anything else is the web-copy text form. A selection (``--doc 51``, ``--docs 41-60``)
keeps chosen documents of every source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, UsageError
from ..model import Collection, Document, PageNumber, Volume
from .files import read_bytes
from .text import read_text


@dataclass(frozen=True)
class Selection:
    """Document numbers to keep: single numbers and inclusive ranges."""
    numbers: frozenset[str] = frozenset()
    ranges: tuple[tuple[int, int], ...] = ()

    @property
    def everything(self) -> bool:
        return not self.numbers and not self.ranges

    def keeps(self, doc: Document) -> bool:
        if self.everything or doc.number in self.numbers:
            return True
        digits = re.match(r"\d+", doc.number)
        return bool(digits) and any(low <= int(digits.group()) <= high
                                    for low, high in self.ranges)


def parse_selection(docs: list[str]) -> Selection:
    """'51', '41-60' and '51,53' → a Selection; anything else is a usage error."""
    numbers, ranges = set(), []
    for part in (piece.strip() for item in docs for piece in item.split(",")):
        span = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", part)
        if span:
            low, high = int(span.group(1)), int(span.group(2))
            if low > high:
                raise UsageError(f"document range {part!r} runs backwards")
            ranges.append((low, high))
        elif re.fullmatch(r"\d+[A-Za-z]?", part):
            numbers.add(part)
        else:
            raise UsageError(f"{part!r} is not a document number or range (51, or 41-60)")
    return Selection(frozenset(numbers), tuple(ranges))


def is_xml(path: Path) -> bool:
    return read_bytes(path, 512).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def read_source(path: Path, start_page: PageNumber | None = None) -> Collection:
    if not path.is_file():
        raise InputError(str(path), "no such file")
    if is_xml(path):
        from .tei import read_tei
        return read_tei(path)
    return read_text(path, start_page)


def select(collection: Collection, selection: Selection) -> Collection:
    return Collection(collection.volume,
                      [doc for doc in collection.documents if selection.keeps(doc)])


def merge(collections: list[Collection]) -> Collection:
    """Several sources as one collection: the first known volume, all documents in order."""
    volume = next((c.volume for c in collections if c.volume.title), None) or next(
        (c.volume for c in collections if c.volume.id), Volume())
    return Collection(volume, [doc for c in collections for doc in c.documents])


def read_selected(paths: list[Path], start_page: PageNumber | None = None,
                  selection: Selection = Selection()) -> list[tuple[Path, Collection]]:
    """Each source with the documents of it the selection keeps; sources left with none
    are dropped, and if none is left that is a usage error."""
    sources = [(path, select(read_source(path, start_page), selection)) for path in paths]
    kept = [(path, collection) for path, collection in sources if collection.documents]
    if not kept:
        raise UsageError("no document of the inputs is selected")
    return kept


def read_sources(paths: list[Path], start_page: PageNumber | None = None,
                 selection: Selection = Selection()) -> Collection:
    return merge([collection for _, collection in read_selected(paths, start_page, selection)])
