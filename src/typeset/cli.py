"""The ``typeset`` command line. It only orchestrates: readers, build, check.

Exit codes: 0 ok, 1 build or check failed, 2 bad input or usage.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .errors import TypesetError, UsageError
from .model import PageNumber, collection_to_json
from .pages import parse_page
from .readers import read_sources

EXIT_CODES = "Exit codes: 0 ok, 1 build or check failed, 2 bad input or usage."

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
StartPageOption = Annotated[Optional[str], typer.Option(
    "--start-page", help="The original page the document begins on, when the text "
    "cannot tell it (143 or xii).")]


@app.command()
def parse(
    inputs: InputsArgument,
    as_json: Annotated[bool, typer.Option("--json", help="Print the document model as JSON.")]
    = False,
    start_page: StartPageOption = None,
) -> None:
    """Read sources into the document model and report what was found."""
    collection = read_sources(inputs, _start_page(start_page))
    if as_json:
        json.dump(collection_to_json(collection), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    for doc in collection.documents:
        typer.echo(f"{doc.number}. {doc.title}")
        typer.echo(f"  pages {doc.start_page}–{doc.end_page}, {len(doc.blocks)} blocks, "
                   f"{len(doc.notes)} notes ({', '.join(n.n for n in doc.notes)})")
        for repair in doc.repairs:
            typer.echo(f"  repaired {repair.where}: {repair.before} → {repair.after}")
        for warning in doc.warnings:
            where = f"{doc.source}:{warning.line}" if warning.line else doc.source
            typer.echo(f"  warning ({warning.code}) {where}: {warning.message}", err=True)


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
