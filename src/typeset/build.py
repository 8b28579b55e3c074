"""The build: sources → model → HTML → PDF → files, for each edition asked for."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .editions import Edition
from .errors import BuildError, UsageError
from .model import Collection, PageNumber
from .outputs import safe_name, write_atomically
from .readers import Selection, read_source, select

Progress = Callable[[str], None]


@dataclass
class BuildRequest:
    inputs: list[Path]
    editions: list[Edition]
    out: Path
    write_html: bool = False
    start_page: PageNumber | None = None
    selection: Selection = field(default_factory=Selection)


@dataclass
class BuildResult:
    outputs: list[Path] = field(default_factory=list)


def default_inputs(seeds: Path) -> list[Path]:
    if not seeds.is_dir():
        raise UsageError(f"no inputs given, and no {seeds}/ folder here to build")
    inputs = sorted(p for p in seeds.iterdir() if p.is_file() and not p.name.startswith("."))
    if not inputs:
        raise UsageError(f"no inputs given, and {seeds}/ is empty")
    return inputs


def output_path(out: Path, edition: Edition, stem: str, suffix: str) -> Path:
    return out / safe_name(edition.name) / f"{safe_name(stem)}{suffix}"


def render_edition(collection: Collection, edition: Edition, images_dir: Path | None):
    from .render import render  # WeasyPrint loads only when rendering
    try:
        return render(collection, edition, images_dir)
    except BuildError:
        raise
    except Exception as error:  # WeasyPrint failing on our HTML is a build failure
        raise BuildError(f"{edition.name}: rendering failed: {type(error).__name__}: "
                         f"{error}") from error


def build(request: BuildRequest, progress: Progress = lambda message: None) -> BuildResult:
    result = BuildResult()
    sources = [(path, select(read_source(path, request.start_page), request.selection))
               for path in request.inputs]
    sources = [(path, collection) for path, collection in sources if collection.documents]
    if not sources:
        raise UsageError("no document of the inputs is selected")
    total, done = len(sources) * len(request.editions), 0
    for path, collection in sources:
        for edition in request.editions:
            rendering = render_edition(collection, edition, path.parent)
            target = output_path(request.out, edition, path.stem, ".pdf")
            write_atomically(target, rendering.pdf)
            if request.write_html:
                write_atomically(target.with_suffix(".html"), rendering.html)
            result.outputs.append(target)
            done += 1
            progress(f"[{done}/{total}] {edition.name}: {target} ({rendering.page_count} pages)")
    return result
