"""The build: sources → model → parts → PDF → post-processing → files, per edition.

Each output (a source file, or with --book all of them) is planned in each edition as
parts (book.py); the units every plan lacks render together, on a pool of processes
or a Dask cluster (executors.py), and each output is then put together, finished
(post/) and written atomically.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from .book import Plan, assemble, needs_glyphs, plan_output, take
from .cache import UnitCache, glyph_sheet_key
from .editions import Edition
from .errors import UsageError
from .executors import Outcome, Runner, set_glyph_sheet
from .figures import figure_images
from .model import Collection, Document, PageNumber
from .outputs import safe_name, write_atomically
from .readers import Selection, merge, read_selected

from .progress import Progress, UnitRendered

if TYPE_CHECKING:
    from .post import Provenance


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
    workers: int = field(default_factory=lambda: len(os.sched_getaffinity(0)))
    executor: str = "processes"  # processes | dask
    scheduler: str | None = None
    cache: UnitCache | None = None
    date: datetime | None = None  # the PDFs' date (post/dates.py)

    def __post_init__(self) -> None:
        if self.executor not in ("processes", "dask"):  # before any source is read
            raise UsageError(f"--executor {self.executor!r}: use processes or dask")


@dataclass
class BuildResult:
    outputs: list[Path] = field(default_factory=list)
    pages: int = 0
    units: int = 0
    cached: int = 0
    peak_rss_mib: float = 0.0
    documents: list[Document] = field(default_factory=list)  # as read: their warnings


@dataclass
class Output:
    """What becomes one PDF per edition: a source file, or (--book) all of them."""
    name: str
    collection: Collection
    sources: list[Path]


def default_inputs(seeds: Path) -> list[Path]:
    if not seeds.is_dir():
        raise UsageError(f"no inputs given, and no {seeds}/ folder here to build")
    inputs = sorted(p for p in seeds.iterdir() if p.is_file() and not p.name.startswith("."))
    if not inputs:
        raise UsageError(f"no inputs given, and {seeds}/ is empty")
    return inputs


def source_date(environ: Mapping[str, str]) -> datetime | None:
    """The date ``SOURCE_DATE_EPOCH`` asks for (reproducible-builds.org), if any."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise UsageError(f"SOURCE_DATE_EPOCH={value!r}: give whole seconds since 1970")
    try:
        return datetime.fromtimestamp(int(value), timezone.utc)
    except (OverflowError, ValueError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH={value!r} is out of range") from None


def output_path(out: Path, edition: Edition, stem: str, suffix: str) -> Path:
    return out / safe_name(edition.name) / f"{safe_name(stem)}{suffix}"


def effective_edition(edition: Edition, request: BuildRequest) -> Edition:
    """The edition with the build's own choices laid over it."""
    return replace(edition, notes=request.notes or edition.notes,
                   line_numbers=edition.line_numbers or request.line_numbers)


def outputs(request: BuildRequest) -> list[Output]:
    sources = read_selected(request.inputs, request.start_page, request.selection)
    if not request.book:
        return [Output(path.stem, collection, [path]) for path, collection in sources]
    collection = merge([collection for _, collection in sources])
    name = request.name or collection.volume.id or f"{sources[0][0].stem}-book"
    return [Output(name, collection, [path for path, _ in sources])]


def _render(plans: list[Plan], runner: Runner, request: BuildRequest, result: BuildResult,
            progress: Progress) -> None:
    """Render every unit the plans lack, at once, and hand each plan its parts."""
    jobs = list({job.key: job for plan in plans for job in plan.jobs}.values())
    parts = sum(len(plan.keys) for plan in plans)
    result.units += parts
    result.cached += parts - sum(len(job.part_keys) for plan in plans for job in plan.jobs)
    rendered: list[Outcome] = []

    def done(outcome: Outcome) -> None:
        result.peak_rss_mib = max(result.peak_rss_mib, outcome.peak_rss_mib)
        rendered.append(outcome)
        for part in outcome.parts if request.cache else ():  # kept even if the build stops
            request.cache.put(part.key, part.pdf, part.info())
        progress(UnitRendered(len(rendered), len(jobs), outcome.pages))

    outcomes = {outcome.key: outcome for outcome in runner.run(jobs, done)}
    for plan in plans:
        take(plan, outcomes)


def _glyph_sheet(edition: Edition, runner: Runner, cache: UnitCache | None) -> bytes:
    """The glyphs stamps are made of (post/stamp.py): from the cache, or set by a worker,
    so that this process need not load WeasyPrint."""
    key = glyph_sheet_key(edition)
    found = cache.get(key) if cache else None
    if found:
        return found[0]
    sheet = runner.call(set_glyph_sheet, edition)
    if cache:
        cache.put(key, sheet, {})
    return sheet


def _write(name: str, plan: Plan, provenance: Provenance, glyphs: bytes | None, request: BuildRequest,
           result: BuildResult, progress: Progress) -> None:
    from .post import finish

    document, labels = assemble(plan, glyphs)
    pdf = finish(document, plan.edition, labels, provenance, request.date)
    target = output_path(request.out, plan.edition, name, ".pdf")
    write_atomically(target, pdf)
    result.outputs.append(target)
    result.pages += len(labels)
    if request.write_html:
        write_atomically(target.with_suffix(".html"), _html(plan))
    if plan.edition.imposition == "booklet-a4":
        from .post.impose import impose_booklet
        booklet = target.with_name(f"{target.stem}-booklet-a4.pdf")
        write_atomically(booklet, impose_booklet(pdf))
        result.outputs.append(booklet)
    progress(f"{plan.edition.name}: {target} ({len(labels)} pages)")


def _html(plan: Plan) -> str:
    """The HTML of the whole output: what its parts are laid out from, together."""
    from .render.html import RenderOptions, book_view, render_html
    book = book_view(plan.collection, plan.edition, RenderOptions(book=plan.book))
    return render_html(book, plan.collection, plan.edition,
                       images=figure_images(plan.collection, plan.sources[0].parent))


def build(request: BuildRequest, progress: Progress = lambda message: None) -> BuildResult:
    result = BuildResult()
    editions = [effective_edition(edition, request) for edition in request.editions]
    wanted = outputs(request)
    result.documents = [doc for output in wanted for doc in output.collection.documents]
    made = [(output, [plan_output(output.collection, edition, output.sources, request.book,
                                  request.workers, request.cache) for edition in editions])
            for output in wanted]
    plans = [plan for _, output_plans in made for plan in output_plans]
    jobs = sum(len(plan.jobs) for plan in plans)
    # One unit renders fastest here: a worker would first have to start and load all.
    workers = request.workers if jobs > 1 else 1
    with Runner(request.executor, workers, request.scheduler) as runner:
        _render(plans, runner, request, result, progress)
        glyphs: dict[str, bytes] = {}
        for plan in plans:  # one sheet per font, however many editions set it
            if needs_glyphs(plan) and plan.edition.font_family not in glyphs:
                glyphs[plan.edition.font_family] = _glyph_sheet(plan.edition, runner,
                                                                request.cache)
    from .post import Provenance  # pikepdf loads only to write

    for output, output_plans in made:
        provenance = Provenance(output.sources, output.collection)  # one per output: shared
        for plan in output_plans:
            _write(output.name, plan, provenance, glyphs.get(plan.edition.font_family),
                   request, result, progress)
    return result
