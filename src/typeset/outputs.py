"""Writing output files atomically: a reader sees the old file or the new, never half.

Names that come from document numbers or ids are made safe, so no output escapes its
folder whatever the source says.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
            *(f"lpt{i}" for i in range(1, 10))}


def safe_name(text: str, fallback: str = "document") -> str:
    """A file name of letters, digits, '.', '_' and '-', never '..', '/' or a device."""
    name = re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9._-]|\.{2,}", "-", text))
    name = name.strip(".-_")[:120] or fallback
    return f"_{name}" if name.split(".")[0].lower() in RESERVED else name


def write_atomically(path: Path, data: bytes | str, durable: bool = True) -> None:
    """Write to a temporary file beside ``path``, then rename it into place; ``durable``
    flushes it to disk first, so that even a power cut leaves the old file or the new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part",
                                         dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(payload)
            if durable:
                file.flush()
                os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
