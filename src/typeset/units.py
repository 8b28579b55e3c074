"""Splitting a book into units that lay out independently, for parallel and cached builds.

A unit is rendered on its own and its pages are merged into the book, so it must lay
out exactly as it would inside the whole book. That holds where the book breaks the
page at the unit's boundary anyway, and where nothing on a unit's pages depends on
the pages before it:
  - facsimile editions break the page at each original page, and each original page
    begins on its own side (an even page on a verso), so a unit is a run of documents
    that begins on a new original page;
  - editions that begin each document on a new page, and print on one side (the
    handouts, large print), split between documents; their folios, which count the
    pages before, are drawn after the merge;
  - everything else (documents that run on, facing pages that count their sides,
    tagged PDFs whose structure trees would have to be merged) is one whole unit.
Units are grouped to about TARGET_PAGES each, so that WeasyPrint's set-up cost is
shared and the merged file does not carry many copies of each font subset.
"""

from __future__ import annotations

from dataclasses import dataclass

from .editions import Edition
from .model import Collection, Document, plain_text, walk_inlines

CHARS_PER_PAGE_GUESS = 2200  # a 6×9 page of FRUS text; only for sizing units
TARGET_PAGES = 60


@dataclass(frozen=True)
class UnitPlan:
    """Which documents each unit holds: indices into the collection."""
    groups: tuple[tuple[int, ...], ...]


def splittable(edition: Edition) -> str | None:
    """How an edition's books may be split: 'original-pages', 'documents' or None."""
    if edition.tagged:
        return None  # one structure tree
    if edition.facsimile:
        return "original-pages"
    if edition.documents == "new-page" and not edition.facing:
        return "documents"
    return None


def _size(doc: Document) -> int:
    return sum(len(plain_text(inlines)) for inlines in walk_inlines(doc.blocks)) + sum(
        len(note.text) for note in doc.notes)


def _boundaries(collection: Collection, mode: str) -> list[bool]:
    """Where a unit may begin: before document i (True), by the splitting mode."""
    starts = [True]
    for previous, doc in zip(collection.documents, collection.documents[1:]):
        if mode == "documents":
            starts.append(True)
        else:  # a new original page: not the page the previous document ends on
            starts.append(doc.start_page is not None and doc.start_page != previous.end_page)
    return starts


def plan_units(collection: Collection, edition: Edition, jobs: int) -> UnitPlan:
    """Group the documents into units of about TARGET_PAGES pages, as many as a
    multiple of the workers so that they finish together, cut where the book allows."""
    mode = splittable(edition)
    everything = (tuple(range(len(collection.documents))),)
    if mode is None or len(collection.documents) < 2:
        return UnitPlan(everything)
    sizes = [_size(doc) for doc in collection.documents]
    pages = sum(sizes) / CHARS_PER_PAGE_GUESS
    rounds = max(1, round(pages / (TARGET_PAGES * max(jobs, 1))))
    count = min(rounds * max(jobs, 1), len(sizes))
    cuts = _balanced_cuts(sizes, _boundaries(collection, mode), count)
    groups = [tuple(range(start, end)) for start, end in zip([0, *cuts], [*cuts, len(sizes)])]
    return UnitPlan(tuple(groups))


def page_runs(shares: int, jobs: int) -> list[tuple[int, int]]:
    """A long document of a facsimile, cut into runs of its ``shares`` original pages
    (each begins a page, so each run lays out as it would in the whole): about
    TARGET_PAGES each, as many as a multiple of the workers."""
    if shares < 2 * TARGET_PAGES:
        return [(0, shares)]
    count = min(shares, -(-round(shares / TARGET_PAGES) // max(jobs, 1)) * max(jobs, 1))
    bounds = [shares * k // count for k in range(count + 1)]
    return list(zip(bounds, bounds[1:]))


def _balanced_cuts(sizes: list[int], allowed: list[bool], count: int) -> list[int]:
    """Where to cut (document indices) so ``count`` groups come out about equal: at the
    allowed boundary nearest each k/count of the whole."""
    total = sum(sizes)
    before = [sum(sizes[:index]) for index in range(len(sizes))]
    cuts: list[int] = []
    for k in range(1, count):
        goal = total * k / count
        candidates = [i for i in range(1, len(sizes))
                      if allowed[i] and (not cuts or i > cuts[-1])]
        if not candidates:
            break
        cuts.append(min(candidates, key=lambda i: abs(before[i] - goal)))
    return sorted(set(cuts))
