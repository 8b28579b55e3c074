"""Nothing lost: the PDF's text against its source, as typeset's readers read it.

Words are lowercase runs of letters and digits (stream.words), so punctuation, dashes
and case do not count, and a word broken at a line's end counts whole.
  - The page text (everything drawn, in any order) holds every word of the source,
    as many times as the source has it.
  - The structure tree's text, what a screen reader hears, holds every word in the
    order a reader of the source meets it: the text in order, each note right after
    its call (after the heading when a heading calls it). Other words may come
    between: note numbers, page announcements ("page 143"), a book's front matter.
"""

from __future__ import annotations

from collections import Counter

from ..model import Block, Collection, Container, Document, TextBlock
from ..stream import block_stream, inline_stream, words
from .content import joined
from .document import Inspected
from .report import SKIP, Result, result

GROUP = "Nothing lost"
HEADINGS = ("heading", "subheading")


def _note_words(doc: Document, n: str) -> list[str]:
    note = next(note for note in doc.notes if note.n == n)
    return [item["w"] for item in inline_stream(note.content) if "w" in item]


def _blocks_read(doc: Document, blocks: list[Block], read: set[str]) -> list[str]:
    found: list[str] = []
    for block in blocks:
        if isinstance(block, Container):
            found += _blocks_read(doc, block.blocks, read)
            continue
        after = isinstance(block, TextBlock) and block.type in HEADINGS
        deferred: list[str] = []
        for item in block_stream([block]):
            if "w" in item:
                found.append(item["w"])
            elif "note" in item and item["note"] not in read:
                read.add(item["note"])
                (deferred if after else found).extend(_note_words(doc, item["note"]))
        found += deferred
    return found


def reading_order(collection: Collection) -> list[str]:
    """The words of the documents in the order a reader meets them."""
    found: list[str] = []
    for doc in collection.documents:
        read: set[str] = set()
        found += _blocks_read(doc, doc.blocks, read)
        for note in doc.notes:  # a note nothing calls comes at the document's end
            if note.n not in read:
                found += _note_words(doc, note.n)
    return found


def _in_order(expected: list[str], heard: list[str]) -> int | None:
    """The index of the first expected word not found after those before it."""
    position = 0
    for index, word in enumerate(expected):
        try:
            position = heard.index(word, position) + 1
        except ValueError:
            return index
    return None


def every_word_on_the_pages(doc: Inspected, expected: list[str]) -> Result:
    printed = Counter(words(" ".join(joined(page.pieces) for page in doc.pages)))
    missing = Counter(expected) - printed
    name = "Every word of the source on the pages"
    if missing:
        lost = ", ".join(f"“{word}”" + (f" ×{count}" if count > 1 else "")
                         for word, count in missing.most_common(8))
        return result(GROUP, name, False,
                      f"{sum(missing.values())} of {len(expected)} words missing: {lost}")
    return result(GROUP, name, True, f"all {len(expected)} words")


def heard_in_order(doc: Inspected, expected: list[str]) -> Result:
    name = "The structure tree reads every word in order"
    if doc.tree is None:
        return Result(GROUP, name, SKIP, "the PDF is not tagged: a screen reader reads the "
                                         "page text as drawn")
    heard = words(joined(doc.tree.heard(doc.pages)))
    index = _in_order(expected, heard)
    if index is not None:
        before = " ".join(expected[max(0, index - 6):index])
        return result(GROUP, name, False,
                      f"after “{before}”, “{expected[index]}” is not heard in order "
                      f"(word {index + 1} of {len(expected)})")
    return result(GROUP, name, True, f"all {len(expected)} words, notes after their calls")


def nothing_lost(doc: Inspected, collection: Collection) -> list[Result]:
    expected = reading_order(collection)
    return [every_word_on_the_pages(doc, expected), heard_in_order(doc, expected)]
