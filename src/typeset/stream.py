"""A document as one stream of words, page breaks and note calls, in reading order.

This is the form of the corpus truth files, and what "nothing lost" is checked against:
words are lowercase runs of letters and digits.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from .model import Block, Document, Inline, LineBreak, PageBreak, Span, Text, walk_inlines

WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def inline_stream(inlines: list[Inline]) -> Iterator[dict[str, Any]]:
    # Words may run across inlines ("Mr." + span "Macmillan"), so text is gathered first.
    pending: list[str] = []

    def flush() -> Iterator[dict[str, Any]]:
        for word in words("".join(pending)):
            yield {"w": word}
        pending.clear()

    for inline in _flatten(inlines):
        if isinstance(inline, Text):
            pending.append(inline.text)
        elif isinstance(inline, LineBreak):
            pending.append(" ")
        else:
            yield from flush()
            yield ({"page": inline.page} if isinstance(inline, PageBreak)
                   else {"note": inline.n})
    yield from flush()


def _flatten(inlines: list[Inline]) -> Iterator[Inline]:
    for inline in inlines:
        if isinstance(inline, Span):
            yield from _flatten(inline.content)
        else:
            yield inline


def block_stream(blocks: list[Block]) -> Iterator[dict[str, Any]]:
    for inlines in walk_inlines(blocks):
        yield from inline_stream(inlines)


def document_stream(document: Document) -> list[dict[str, Any]]:
    return list(block_stream(document.blocks))
