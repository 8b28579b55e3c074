"""The ``typeset`` command line. It only orchestrates: readers, build, check.

Exit codes: 0 ok, 1 build or check failed, 2 bad input or usage.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .build import BuildRequest, build as run_build, default_inputs, source_date
from .cache import UnitCache, default_cache_dir
from .editions import Edition, load_editions
from .errors import Interrupted, TypesetError, UsageError
from .model import Document, PageNumber, collection_to_json
from .pages import parse_page
from .readers import Selection, parse_selection, read_sources

EXIT_CODES = ("Exit codes: 0 ok, 1 build or check failed, 2 bad input or usage, "
              "130 interrupted.")

app = typer.Typer(
    help=f"Typeset FRUS documents (web-copy text or TEI) as print-ready PDFs. {EXIT_CODES}",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class State:
    debug = False


def _version(value: bool) -> None:
    if value:
        typer.echo(f"typeset {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[Optional[bool], typer.Option(
        "--version", callback=_version, is_eager=True, help="Show the version.")] = None,
) -> None:
    State.debug = debug


def _start_page(value: Optional[str]) -> PageNumber | None:
    if value is None:
        return None
    page = parse_page(value)
    if page is None:
        raise UsageError(f"--start-page {value!r} is not a page number (143 or xii)")
    return page


InputsArgument = Annotated[list[Path], typer.Argument(
    help="Source files: web-copy text (.txt) or TEI XML.", show_default=False)]
OptionalInputsArgument = Annotated[Optional[list[Path]], typer.Argument(
    help="Source files: web-copy text (.txt) or TEI XML. Default: every file in seeds/.",
    show_default=False)]
EditionsFileOption = Annotated[Optional[Path], typer.Option(
    "--editions", help="A TOML file of editions to add to, or override, the built-in ones.")]
StartPageOption = Annotated[Optional[str], typer.Option(
    "--start-page", help="The original page the document begins on, when the text "
    "cannot tell it (143 or xii).")]
DocOption = Annotated[Optional[list[str]], typer.Option(
    "--doc", help="Only this document number (repeatable).")]
DocsOption = Annotated[Optional[list[str]], typer.Option(
    "--docs", help="Only these documents: a range such as 41-60, or a list 51,53.")]


def _selection(doc: Optional[list[str]], docs: Optional[list[str]]) -> Selection:
    return parse_selection([*(doc or []), *(docs or [])])


@app.command()
def parse(
    inputs: InputsArgument,
    as_json: Annotated[bool, typer.Option("--json", help="Print the document model as JSON.")]
    = False,
    start_page: StartPageOption = None,
    doc: DocOption = None,
    docs: DocsOption = None,
) -> None:
    """Read sources into the document model and report what was found."""
    collection = read_sources(inputs, _start_page(start_page), _selection(doc, docs))
    if as_json:
        json.dump(collection_to_json(collection), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    for doc in collection.documents:
        typer.echo(f"{doc.number}. {doc.title}")
        typer.echo(f"  pages {doc.start_page}–{doc.end_page}, {len(doc.blocks)} blocks, "
                   f"{len(doc.notes)} notes ({', '.join(n.n for n in doc.notes)})")
        for line in _repairs(doc):
            typer.echo(f"  {line}")
        for line in _warnings(doc):
            typer.echo(f"  {line}", err=True)


def _repairs(doc: Document) -> list[str]:
    return [f"repaired {repair.where}: {repair.before} → {repair.after}"
            for repair in doc.repairs]


def _warnings(doc: Document) -> list[str]:
    return [f"warning ({warning.code}) "
            f"{f'{doc.source}:{warning.line}' if warning.line else doc.source}: "
            f"{warning.message}" for warning in doc.warnings]


def _choose_editions(names: list[str] | None, table: dict[str, Edition]) -> list[Edition]:
    if not names:
        return [edition for edition in table.values() if edition.default]
    unknown = [name for name in names if name not in table]
    if unknown:
        raise UsageError(f"no edition {unknown[0]!r}; known: {', '.join(table)}")
    return [table[name] for name in dict.fromkeys(names)]


@app.command()
def build(
    inputs: OptionalInputsArgument = None,
    edition: Annotated[Optional[list[str]], typer.Option(
        "-e", "--edition", help="An edition to build (repeatable). Default: the default "
        "editions (see `typeset editions`).")] = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="The output folder.")] = Path("out"),
    html: Annotated[bool, typer.Option(
        "--html", help="Also write the HTML each PDF is made from, beside it.")] = False,
    editions_file: EditionsFileOption = None,
    start_page: StartPageOption = None,
    doc: DocOption = None,
    docs: DocsOption = None,
    book: Annotated[bool, typer.Option(
        "--book", help="One PDF of all inputs, as a volume: half-title, title page, "
        "contents, bookmarks.")] = False,
    name: Annotated[Optional[str], typer.Option(
        "--name", help="The file name of a --book (default: the volume's id).")] = None,
    notes: Annotated[Optional[str], typer.Option(
        "--notes", help="Where notes print: foot, margin (sidenotes) or end.")] = None,
    line_numbers: Annotated[bool, typer.Option(
        "--line-numbers", help="Number every fifth line in the margin.")] = False,
    jobs: Annotated[Optional[int], typer.Option(
        "-j", "--jobs", min=1, help="Worker processes (default: one per core).")] = None,
    executor: Annotated[str, typer.Option(
        "--executor", help="Where units render: processes, or dask (pip install .[dask]).")]
    = "processes",
    scheduler: Annotated[Optional[str], typer.Option(
        "--scheduler", help="A Dask scheduler, tcp://HOST:PORT (default: a local cluster).")]
    = None,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Render every unit afresh, and store nothing.")] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Print nothing but errors.")]
    = False,
) -> None:
    """Build PDFs: out/<edition>/<input-stem>.pdf for each input and edition."""
    if notes not in (None, "foot", "margin", "end"):
        raise UsageError(f"--notes {notes!r}: use foot, margin or end")
    chosen = _choose_editions(edition, load_editions(editions_file))
    request = BuildRequest(inputs or default_inputs(Path("seeds")), chosen, out,
                           write_html=html, start_page=_start_page(start_page),
                           selection=_selection(doc, docs), book=book, name=name,
                           notes=notes, line_numbers=line_numbers, executor=executor,
                           scheduler=scheduler, date=source_date(os.environ),
                           cache=None if no_cache else UnitCache(default_cache_dir()))
    if jobs:
        request.workers = jobs
    from .progress import build_progress  # rich loads only for builds
    try:
        with build_progress(quiet) as progress:
            result = run_build(request, progress)
    except KeyboardInterrupt:
        raise Interrupted() from None
    if not quiet:
        for doc in result.documents:
            for line in _repairs(doc) + _warnings(doc):
                typer.echo(f"document {doc.number}: {line}", err=True)
        memory = (f"; peak {result.peak_rss_mib:.0f} MiB per worker" if result.peak_rss_mib
                  else "")
        typer.echo(f"built {len(result.outputs)} PDF(s), {result.pages} pages, in {out}/ "
                   f"({result.units} units, {result.cached} from the cache){memory}", err=True)


cache_app = typer.Typer(help="The cache of rendered units.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("clear")
def cache_clear() -> None:
    """Empty the cache of rendered units."""
    removed = UnitCache(default_cache_dir()).clear()
    typer.echo(f"removed {removed} cached unit(s) from {default_cache_dir()}")


@app.command()
def editions(editions_file: EditionsFileOption = None) -> None:
    """List every edition with its page size in inches and millimetres."""
    for item in load_editions(editions_file).values():
        width_in, height_in = item.size_in_inches
        width_mm, height_mm = item.size_in_mm
        mark = "*" if item.default else " "
        typer.echo(f"{mark} {item.name:<14} {width_in:5.2f} × {height_in:5.2f} in  "
                   f"{width_mm:6.1f} × {height_mm:6.1f} mm  {item.description}")
    typer.echo("(* built by default)")


def main() -> None:
    """Entry point: errors print one line and exit 1 or 2, never a traceback (but --debug).

    Typer itself reports usage errors (exit code 2) and Ctrl-C (130).
    """
    try:
        app()
    except TypesetError as error:
        if State.debug:
            raise
        typer.echo(f"typeset: error: {error}", err=True)
        sys.exit(error.exit_code)
    except Exception as error:  # a bug of ours: say so plainly
        if State.debug:
            raise
        typer.echo(f"typeset: internal error: {type(error).__name__}: {error} "
                   "(run with --debug for the traceback, and please report it)", err=True)
        sys.exit(1)


@app.command()
def check(
    pdf: Annotated[Path, typer.Argument(help="The PDF to check.", show_default=False)],
    profile: Annotated[Optional[list[str]], typer.Option(
        "--profile", help="ua (PDF/UA-1), pdfa (PDF/A-3) or print (PDF/X and bleed); "
        "repeatable. Default: the profiles the PDF claims.")] = None,
    source: Annotated[Optional[list[Path]], typer.Option(
        "--source", help="A source the PDF was built from (repeatable): check that every "
        "word is printed, and heard in order.")] = None,
    edition: Annotated[Optional[str], typer.Option(
        "-e", "--edition", help="The edition the PDF was built in: print checks its bleed.")]
    = None,
    editions_file: EditionsFileOption = None,
    verapdf: Annotated[bool, typer.Option(
        "--verapdf", help="Also validate with veraPDF, where it is installed.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Check a PDF: PDF/UA-1, PDF/A-3, print production, and with --source that nothing
    of the source is lost. Exit code 1 when a check fails."""
    from .check import check_pdf  # pikepdf loads only for checks
    bleed = (_choose_editions([edition], load_editions(editions_file))[0].bleed.pt
             if edition else None)
    report = check_pdf(pdf, profile or [], read_sources(source) if source else None, bleed,
                       verapdf)
    typer.echo(report.as_json() if as_json else report.human())
    if not report.passed:
        raise typer.Exit(1)
