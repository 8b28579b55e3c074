"""Progress of a build on stderr: a bar on a terminal (rich), plain lines elsewhere.

The bar counts the units rendered and their pages and estimates the time left; logs
go to stderr, so stdout stays clean for output such as ``parse --json``.
"""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from typing import Callable, Iterator

UNIT = re.compile(r"rendered unit (\d+)/(\d+): (\d+) pages")


@contextmanager
def build_progress(quiet: bool) -> Iterator[Callable[[str], None]]:
    """A function that takes the build's progress messages, for the length of a build."""
    if quiet:
        yield lambda message: None
        return
    if not sys.stderr.isatty():
        yield lambda message: print(message, file=sys.stderr)
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

        def report(message: str) -> None:
            unit = UNIT.match(message)
            if unit:
                done, total, pages = map(int, unit.groups())
                fields = bar.tasks[0].fields
                bar.update(task, completed=done, total=total, pages=fields["pages"] + pages)
            else:
                bar.console.print(message)
        yield report
