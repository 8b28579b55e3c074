"""Notes too long for one page: cut into pieces that continue on the following pages.

WeasyPrint cannot break a footnote across pages, and when it moves footnotes to the
next page it places them all there, however many, without checking that they fit.
So a long note is cut into pieces (html.split_note), the first printed at its call,
and each later piece anchored at a *slot*: an empty marker after a sentence of the
running text, on the page where that piece should print. Which slot is on which page
only layout can tell, so:
  1. an estimate from type metrics picks the slots;
  2. after layout, the pages of the slots and pieces are read back (WeasyPrint's
     anchors), and each piece moves to the first slot of the page it belongs on;
  3. until every piece prints on its page or the one after the previous piece.
Where the text runs out before the note does, the pieces get pages of their own at
the end of the document. Documents without long notes take a single pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import Block, Container, Inline, ListBlock, ListItem, NoteCall, Span, Text, TextBlock

SENTENCE_END = re.compile(r"(?<=[.;:?!”\"])\s+")
BODY_SHARE = 0.6  # of a page's text left beside a piece of a long note


@dataclass(frozen=True)
class Slot:
    """An empty marker in the running text where a piece of a long note may hang."""
    id: str


@dataclass(frozen=True)
class Piece:
    """Piece ``index`` (from 1; 0 prints at the call) of note ``n``."""
    n: str
    index: int


@dataclass
class SlotPlan:
    """Which pieces print at which slot; end slots are pages of their own."""
    at: dict[str, list[Piece]] = field(default_factory=dict)
    end_slots: list[str] = field(default_factory=list)

    def add(self, slot: str, piece: Piece) -> None:
        self.at.setdefault(slot, []).append(piece)


@dataclass
class SlottedText:
    """A document's blocks with slots, and each slot's offset in characters."""
    blocks: list[Block]
    offsets: dict[str, int]
    call_offsets: dict[str, int]


def insert_slots(blocks: list[Block], anchor: str, after_calls: set[str]) -> SlottedText:
    """Blocks with a slot after every sentence that follows the first long note's call."""
    state = {"offset": 0, "active": False, "count": 0}
    offsets: dict[str, int] = {}
    call_offsets: dict[str, int] = {}

    def inlines(items: list[Inline]) -> list[Inline]:
        result: list[Inline] = []
        for inline in items:
            if isinstance(inline, NoteCall):
                call_offsets[inline.n] = state["offset"]
                state["active"] |= inline.n in after_calls
                result.append(inline)
            elif isinstance(inline, Text):
                result.extend(text(inline.text))
            elif isinstance(inline, Span):
                result.append(replace(inline, content=inlines(inline.content)))
            else:
                result.append(inline)
        return result

    def text(value: str) -> list[Inline]:
        if not state["active"]:
            state["offset"] += len(value)
            return [Text(value)]
        parts: list[Inline] = []
        start = 0
        for end in SENTENCE_END.finditer(value):
            parts.append(Text(value[start:end.end()]))
            state["count"] += 1
            slot = Slot(f"{anchor}-slot-{state['count']}")
            offsets[slot.id] = state["offset"] + end.end()
            parts.append(slot)
            start = end.end()
        if start < len(value):
            parts.append(Text(value[start:]))
        state["offset"] += len(value)
        return parts

    def block(item: Block) -> Block:
        if isinstance(item, TextBlock):
            return TextBlock(item.type, inlines(item.content))
        if isinstance(item, ListBlock):
            return ListBlock([ListItem(i.label, [block(b) for b in i.blocks]) for i in item.items])
        if isinstance(item, Container):
            return Container(item.type, [block(b) for b in item.blocks])
        return item

    return SlottedText([block(item) for item in blocks], offsets, call_offsets)


def estimate_plan(slotted: SlottedText, pieces: dict[str, int], chars_per_page: int,
                  anchor: str) -> SlotPlan:
    """A first guess: piece k about k × (a page of text beside notes) after its call."""
    plan = SlotPlan()
    ordered = sorted(slotted.offsets.items(), key=lambda item: item[1])
    for n, count in pieces.items():
        call = slotted.call_offsets.get(n, 0)
        for index in range(1, count):
            target = call + index * BODY_SHARE * chars_per_page
            slot = next((slot for slot, offset in ordered if offset >= target), None)
            plan.add(slot or _end_slot(plan, anchor), Piece(n, index))
    return plan


def _end_slot(plan: SlotPlan, anchor: str) -> str:
    slot = f"{anchor}-end-{len(plan.end_slots) + 1}"
    plan.end_slots.append(slot)
    return slot


def plan_from_layout(slot_pages: dict[str, int], call_pages: dict[str, int],
                     pieces: dict[str, int], anchor: str) -> SlotPlan:
    """Each piece at the first slot of the page after its call's page plus its index − 1."""
    plan = SlotPlan()
    ordered = sorted(slot_pages.items(), key=lambda item: (item[1], _slot_number(item[0])))
    for n, count in pieces.items():
        call_page = call_pages[n]
        for index in range(1, count):
            page = call_page + index
            slot = next((slot for slot, on in ordered if on == page), None)
            if slot is None:
                # No sentence ends on that page: hang the piece on the page before,
                # from where it moves on to the next page if it does not fit.
                slot = next((slot for slot, on in reversed(ordered) if on == page - 1), None)
            plan.add(slot or _end_slot(plan, anchor), Piece(n, index))
    return plan


def _slot_number(slot: str) -> int:
    return int(slot.rsplit("-", 1)[1])


def pieces_in_order(piece_pages: dict[str, list[int]]) -> bool:
    """Each piece prints on the page of the piece before it, or the next."""
    return all(0 <= later - earlier <= 1
               for pages in piece_pages.values() for earlier, later in zip(pages, pages[1:]))
