"""The build: sources → model → HTML → PDF → post-processing → files, per edition."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from .editions import Edition
from .errors import BuildError, UsageError
from .model import Collection, PageNumber, collection_to_json
from .outputs import safe_name, write_atomically
from .readers import Selection, merge, read_source, select

Progress = Callable[[str], None]


@dataclass
class BuildRequest:
    inputs: list[Path]
    editions: list[Edition]
    out: Path
    write_html: bool = False
    start_page: PageNumber | None = None
    selection: Selection = field(default_factory=Selection)
    book: bool = False
    name: str | None = None
    notes: str | None = None  # overrides each edition's note placement
    line_numbers: bool = False


@dataclass
class BuildResult:
    outputs: list[Path] = field(default_factory=list)


@dataclass
class Unit:
    """What becomes one PDF per edition: a source file, or (--book) all of them."""
    name: str
    collection: Collection
    sources: list[Path]

    @property
    def folder(self) -> Path:
        """Where images the source names are looked for."""
        return self.sources[0].parent


def default_inputs(seeds: Path) -> list[Path]:
    if not seeds.is_dir():
        raise UsageError(f"no inputs given, and no {seeds}/ folder here to build")
    inputs = sorted(p for p in seeds.iterdir() if p.is_file() and not p.name.startswith("."))
    if not inputs:
        raise UsageError(f"no inputs given, and {seeds}/ is empty")
    return inputs


def output_path(out: Path, edition: Edition, stem: str, suffix: str) -> Path:
    return out / safe_name(edition.name) / f"{safe_name(stem)}{suffix}"


def effective_edition(edition: Edition, request: BuildRequest) -> Edition:
    """The edition with the build's own choices laid over it."""
    return replace(edition, notes=request.notes or edition.notes,
                   line_numbers=edition.line_numbers or request.line_numbers)


def units(request: BuildRequest) -> list[Unit]:
    sources = [(path, select(read_source(path, request.start_page), request.selection))
               for path in request.inputs]
    sources = [(path, collection) for path, collection in sources if collection.documents]
    if not sources:
        raise UsageError("no document of the inputs is selected")
    if not request.book:
        return [Unit(path.stem, collection, [path]) for path, collection in sources]
    collection = merge([collection for _, collection in sources])
    name = request.name or collection.volume.id or f"{sources[0][0].stem}-book"
    return [Unit(name, collection, [path for path, _ in sources])]


def render_unit(unit: Unit, edition: Edition, book: bool):
    from .post import Provenance, finish  # WeasyPrint and pikepdf load only when rendering
    from .render import render
    from .render.html import RenderOptions
    try:
        rendering = render(unit.collection, edition, RenderOptions(book=book), unit.folder)
        provenance = Provenance(unit.sources,
                                json.dumps(collection_to_json(unit.collection), ensure_ascii=False))
        return rendering, finish(rendering.pdf, edition, rendering.labels, rendering.overlay,
                                 provenance)
    except BuildError:
        raise
    except Exception as error:  # WeasyPrint failing on our HTML is a build failure
        raise BuildError(f"{unit.name} in {edition.name}: rendering failed: "
                         f"{type(error).__name__}: {error}") from error


def build(request: BuildRequest, progress: Progress = lambda message: None) -> BuildResult:
    result = BuildResult()
    todo = units(request)
    editions = [effective_edition(edition, request) for edition in request.editions]
    total, done = len(todo) * len(editions), 0
    for unit in todo:
        for edition in editions:
            rendering, pdf = render_unit(unit, edition, request.book)
            target = output_path(request.out, edition, unit.name, ".pdf")
            write_atomically(target, pdf)
            result.outputs.append(target)
            if request.write_html:
                write_atomically(target.with_suffix(".html"), rendering.html)
            if edition.imposition == "booklet-a4":
                from .post.impose import impose_booklet
                booklet = target.with_name(f"{target.stem}-booklet-a4.pdf")
                write_atomically(booklet, impose_booklet(pdf))
                result.outputs.append(booklet)
            done += 1
            progress(f"[{done}/{total}] {edition.name}: {target} ({rendering.page_count} pages)")
    return result
