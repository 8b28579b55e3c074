"""Facsimile pagination: each original page of the source begins a page of the PDF.

The documents are cut at their page breaks into one section per original page; a
paragraph broken by a page break becomes two pieces, the first set as if it ran on
(its last line justified) and the second without a first-line indent. Pages keep the
original numbers as folios and PDF page labels; an original page whose text does not
fit continues on pages labelled "143a", "143b", … Which pages overflow only layout can
tell, so those folios are set in a second pass by page index.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field

from ..model import (
    Block, Container, Inline, ListBlock, ListItem, PageBreak, PageNumber, TextBlock,
)


@dataclass
class CutText(TextBlock):
    """A text block cut at an original page break."""
    starts: bool = True  # holds the block's beginning
    ends: bool = True  # holds the block's end


@dataclass
class PageShare:
    """What one original page holds of one document: blocks, or pieces of them."""
    page: PageNumber | None
    blocks: list[Block] = field(default_factory=list)


def _split_inlines(inlines: list[Inline]) -> list[tuple[PageNumber | None, list[Inline]]]:
    """Top-level inlines cut at page breaks: [(page begun, inlines)…]."""
    runs: list[tuple[PageNumber | None, list[Inline]]] = [(None, [])]
    for inline in inlines:
        if isinstance(inline, PageBreak):
            runs.append((inline.page, []))
        else:
            runs[-1][1].append(inline)
    return runs


def _split_block(block: Block) -> list[tuple[PageNumber | None, Block | None]]:
    """A block cut at its page breaks: [(page begun or None, the part, if any)…]."""
    if isinstance(block, TextBlock):
        runs = _split_inlines(block.content)
        if len(runs) == 1:
            return [(None, block)]
        last = len(runs) - 1
        return [(page, CutText(block.type, content, index == 0, index == last) if content
                 else None) for index, (page, content) in enumerate(runs)]
    if isinstance(block, ListBlock):
        parts: list[tuple[PageNumber | None, list[ListItem]]] = [(None, [])]
        for item in block.items:
            for index, (page, blocks) in enumerate(_split_blocks(item.blocks)):
                if page is not None:
                    parts.append((page, []))
                if blocks:
                    parts[-1][1].append(ListItem(item.label if index == 0 else None, blocks))
        return [(page, ListBlock(items) if items else None) for page, items in parts]
    if isinstance(block, Container):
        return [(page, Container(block.type, blocks) if blocks else None)
                for page, blocks in _split_blocks(block.blocks)]
    return [(None, block)]


def _split_blocks(blocks: list[Block]) -> list[tuple[PageNumber | None, list[Block]]]:
    """Blocks cut at page breaks: [(page begun or None for the first run, blocks)…]."""
    runs: list[tuple[PageNumber | None, list[Block]]] = [(None, [])]
    for block in blocks:
        for page, part in _split_block(block):
            if page is not None:
                runs.append((page, []))
            if part is not None:
                runs[-1][1].append(part)
    return runs


def page_shares(blocks: list[Block], start: PageNumber | None) -> list[PageShare]:
    """A document's blocks, cut into the share of each original page it spans."""
    shares = [PageShare(page if page is not None else start, part)
              for page, part in _split_blocks(blocks)]
    return [share for index, share in enumerate(shares) if share.blocks or index == 0]


def suffix(index: int) -> str:
    """0 → '', 1 → 'a', 2 → 'b', … 26 → 'z', 27 → 'aa'."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = string.ascii_lowercase[rest] + letters
    return letters


def folio_overrides(labels: dict[int, str]) -> str:
    """@page rules printing ``labels`` (page index → folio) on the pages that overflowed."""
    return "\n".join(f'@page :nth({index + 1}) {{ @bottom-center {{ content: "{label}"; }} }}'
                     for index, label in sorted(labels.items()))
