"""Reading an input file: one that cannot be read is an InputError naming it."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError


def read_bytes(path: Path, limit: int = -1) -> bytes:
    """The file's bytes, no more than ``limit`` of them where one is given."""
    try:
        with path.open("rb") as handle:
            return handle.read(limit)
    except OSError as error:
        raise InputError(str(path), f"cannot read the file: {error.strerror}") from None
