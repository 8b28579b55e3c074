"""A PDF as parts: which parts it is made of, which must be rendered, and how they are
put together again.

An output (a source, or a book) in an edition is one of:
  - whole: one part, rendered as one unit;
  - original pages (facsimile): parts that are units of original pages;
  - documents (handouts, large print): one part per document, rendered in units of
    several documents and then cut apart, so that the cache keeps each document
    and an edited document re-renders alone.
A book adds a front part (half-title, title page, contents), which renders with the
body: the pages of its contents are left as slots and stamped once the body's pages
are known, so its cache key holds the documents' titles but not their text. Units
are cut into their documents by the workers that render them (executors.py).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from pathlib import Path

from .cache import UnitCache, unit_key
from .editions import Edition
from .executors import Job, Outcome, Part
from .figures import figure_images
from .model import Collection, Document
from .units import page_runs, plan_units, splittable


@dataclass
class Plan:
    """How one output is made in one edition."""
    collection: Collection
    edition: Edition
    sources: list[Path]
    book: bool
    mode: str  # whole | original-pages | documents
    front: str | None = None  # the front part's key
    body: list[str] = field(default_factory=list)  # the body parts' keys, in order
    jobs: list[Job] = field(default_factory=list)  # the units the cache lacks
    parts: dict[str, Part] = field(default_factory=dict)

    @property
    def keys(self) -> list[str]:
        return ([self.front] if self.front else []) + self.body


def _options(**values):
    from .render.html import RenderOptions
    return RenderOptions(**values)


def _job(collection: Collection, plan: Plan, options,
         pieces: tuple[tuple[str, str], ...] = ()) -> Job:
    images = figure_images(collection, plan.sources[0].parent)
    return Job(unit_key(collection, plan.edition, options, images), collection, plan.edition,
               options, images=tuple(images.items()), pieces=pieces)


def _wanted(plan: Plan, key: str, cache: UnitCache | None) -> bool:
    """Whether a part must be rendered; a cached one is taken as it is."""
    found = cache.get(key) if cache else None
    if found:
        plan.parts[key] = Part.cached(key, *found)
    return not found


def _titles_only(collection: Collection) -> Collection:
    """What the front matter prints of the documents: numbers, titles, start pages."""
    return Collection(collection.volume, [replace(doc, blocks=[], notes=[], repairs=[],
                                                  warnings=[]) for doc in collection.documents])


def _runs(doc: Document, edition: Edition, workers: int) -> list[tuple[int, int] | None]:
    """A facsimile document's runs of original pages (units.py); [None]: all of it."""
    from .render.facsimile import page_shares
    from .render.html import document_view

    view = document_view(doc, edition)
    if view.long_notes:  # the pieces of a long note may run onto the next original page
        return [None]
    runs = page_runs(len(page_shares(view.blocks, doc.start_page)), workers)
    return runs if len(runs) > 1 else [None]


def _mode(collection: Collection, edition: Edition, workers: int) -> str:
    mode = splittable(edition) or "whole"
    if len(collection.documents) > 1 or mode == "original-pages" and _runs(
            collection.documents[0], edition, workers) != [None]:
        return mode
    return "whole"


def plan_output(collection: Collection, edition: Edition, sources: list[Path], book: bool,
                workers: int, cache: UnitCache | None) -> Plan:
    from .render.html import anchor_of

    mode = _mode(collection, edition, workers)
    plan = Plan(collection, edition, sources, book, mode)
    if mode == "whole":
        job = _job(collection, plan, _options(book=book))
        plan.body = [job.key]
        plan.jobs = [job] if _wanted(plan, job.key, cache) else []
        return plan
    if book:
        options = _options(book=True, part="front", contents_slots=True)
        front = _job(_titles_only(collection), plan, options)
        plan.front = front.key
        if _wanted(plan, front.key, cache):
            plan.jobs.append(front)
    documents, volume = collection.documents, collection.volume
    anchors = [anchor_of(doc) for doc in documents]
    body_options = dict(book=book, part="body", folios=mode != "documents")
    if mode == "documents":
        keys = [_job(Collection(volume, [doc]), plan, _options(**body_options)).key
                for doc in documents]
        plan.body = keys
        missing = [index for index, key in enumerate(keys) if _wanted(plan, key, cache)]
        chosen = Collection(volume, [documents[index] for index in missing])
        for group in plan_units(chosen, edition, workers).groups if missing else ():
            indices = [missing[i] for i in group]
            elsewhere = tuple(sorted(set(anchors) - {anchors[i] for i in indices}))
            options = _options(**body_options, elsewhere=elsewhere)
            plan.jobs.append(_job(Collection(volume, [documents[i] for i in indices]), plan,
                                  options, tuple((keys[i], anchors[i]) for i in indices)))
        return plan
    for group in plan_units(collection, edition, workers).groups:
        runs = _runs(documents[group[0]], edition, workers) if len(group) == 1 else [None]
        for run in runs:
            opened = {anchors[i] for i in group} if run is None or run[0] == 0 else set()
            elsewhere = tuple(sorted(set(anchors) - opened))
            job = _job(Collection(volume, [documents[i] for i in group]), plan,
                       _options(**body_options, elsewhere=elsewhere, shares=run))
            plan.body.append(job.key)
            if _wanted(plan, job.key, cache):
                plan.jobs.append(job)
    return plan


# ---------------------------------------------------------------- taking outcomes

def take(plan: Plan, outcomes: dict[str, Outcome]) -> None:
    """The plan's parts from its rendered units."""
    for job in plan.jobs:
        for part in outcomes[job.key].parts:
            plan.parts[part.key] = part


# ---------------------------------------------------------------- putting it together

def _contents_pages(plan: Plan, body_labels: list[str]) -> dict[str, str]:
    """Each document's page in the merged body, by its anchor."""
    pages, offset = {}, 0
    for key in plan.body:
        part = plan.parts[key]
        for anchor, index in part.starts.items():
            pages[anchor] = body_labels[offset + index]
        offset += len(part.labels)
    return pages


def _first_side(plan: Plan) -> str | None:
    """The side a split facsimile's body begins on: its first original page's."""
    if plan.mode != "original-pages" or not plan.edition.facing:
        return None
    from .render.html import side_of_page
    return side_of_page(plan.collection.documents[0].start_page)


def assemble(plan: Plan, glyph_sheet: bytes | None):
    """The parts merged into one PDF (open, to be finished and saved), its folios and
    contents pages stamped where the parts could not count them (with the glyphs of
    ``glyph_sheet``); and the label of each page."""
    import pikepdf

    from .pages import int_to_roman
    from .post.merge import merge_parts
    from .post.stamp import stamp
    from .render.html import metadata
    from .render.marks import contents_marks, folio_marks

    parts = [plan.parts[key] for key in plan.keys]
    if len(parts) == 1:
        return pikepdf.open(io.BytesIO(parts[0].pdf)), parts[0].labels
    body = [plan.parts[key] for key in plan.body]
    body_labels = [label for part in body for label in part.labels]
    marks: list[list] = [[] for _ in body_labels]
    if plan.mode == "documents":
        body_labels = [str(number) for number in range(1, len(body_labels) + 1)]
        marks = folio_marks(body_labels, plan.edition)
    blank_after: set[int] = set()
    front_labels: list[str] = []
    if plan.front:
        front = plan.parts[plan.front]
        front_marks = contents_marks(front.slots, _contents_pages(plan, body_labels),
                                     plan.edition.font_size.pt, len(front.labels))
        side = _first_side(plan)
        if side and (len(front.labels) % 2 == 0) == (side == "left"):
            blank_after.add(0)  # the body must begin on its side
            front_marks.append([])
        front_labels = [int_to_roman(index + 1) for index in range(len(front_marks))]
        marks = front_marks + marks
    meta = metadata(plan.collection)
    document = merge_parts([part.pdf for part in parts],
                           {"/Title": meta.title, "/Author": meta.author,
                            "/Subject": meta.subject, "/Keywords": meta.keywords}, blank_after)
    if any(marks):
        stamp(document, marks, glyph_sheet)
    return document, front_labels + body_labels


def needs_glyphs(plan: Plan) -> bool:
    """Whether putting the plan together stamps marks (folios, contents pages)."""
    return plan.front is not None or plan.mode == "documents" and len(plan.body) > 1
