"""Progress of a build on stderr: a bar on a terminal (rich), plain lines elsewhere.

The bar counts the units rendered and their pages and estimates the time left; logs
go to stderr, so stdout stays clean for output such as ``parse --json``.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator, Union


@dataclass(frozen=True)
class UnitRendered:
    """A unit is done: the bar counts it; elsewhere it is a line like any message."""
    done: int
    total: int
    pages: int

    def __str__(self) -> str:
        return f"rendered unit {self.done}/{self.total}: {self.pages} pages"


Progress = Callable[[Union[str, UnitRendered]], None]


@contextmanager
def build_progress(quiet: bool) -> Iterator[Progress]:
    """A function that takes the build's progress messages, for the length of a build."""
    if quiet:
        yield lambda message: None
        return
    if not sys.stderr.isatty():
        yield lambda message: print(message, file=sys.stderr)  # a UnitRendered as its text
        return
    from rich.console import Console  # loaded only for a terminal
    from rich.progress import (
        BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn,
    )
    console = Console(stderr=True)
    columns = (TextColumn("[bold]building"), BarColumn(), MofNCompleteColumn(),
               TextColumn("units, {task.fields[pages]} pages"), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("units", total=None, pages=0)

        def report(message: str | UnitRendered) -> None:
            if isinstance(message, UnitRendered):
                fields = bar.tasks[0].fields
                bar.update(task, completed=message.done, total=message.total,
                           pages=fields["pages"] + message.pages)
            else:
                bar.console.print(message)
        yield report
