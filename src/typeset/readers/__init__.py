"""Readers turn source files into the document model.

``read_sources`` picks the reader by the file's content, not its name: TEI is XML,
anything else is the web-copy text form.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Collection, PageNumber, Volume
from .text import read_text


def is_xml(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError as error:
        raise InputError(str(path), f"cannot read the file: {error.strerror}") from None
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def read_source(path: Path, start_page: PageNumber | None = None) -> Collection:
    if not path.is_file():
        raise InputError(str(path), "no such file")
    return read_text(path, start_page)


def merge(collections: list[Collection]) -> Collection:
    """Several sources as one collection: the first known volume, all documents in order."""
    volume = next((c.volume for c in collections if c.volume.title), None) or next(
        (c.volume for c in collections if c.volume.id), Volume())
    return Collection(volume, [doc for c in collections for doc in c.documents])


def read_sources(paths: list[Path], start_page: PageNumber | None = None) -> Collection:
    return merge([read_source(path, start_page) for path in paths])
