"""The image files a source's figures show: only files in the source's own folder.

A TEI ``<graphic url="…"/>`` names its image relative to the master file, often
without an extension. A name that leaves the folder (``../``, an absolute path, a URL)
or a file that is not an image of a known kind, or too large, shows the figure's
placeholder instead; WeasyPrint may then read exactly the files found (render/engine.py).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from .model import Collection, Figure, walk_blocks

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
MAX_IMAGE_BYTES = 50 * 2**20


def _candidates(src: str, folder: Path) -> list[Path]:
    if not src or ":" in src or src.startswith(("/", "\\")):
        return []  # a URL, a drive or an absolute path: never the source's folder
    named = folder / src
    return [named] if Path(src).suffix else [named.with_name(named.name + suffix)
                                             for suffix in IMAGE_SUFFIXES]


def find_image(src: str, folder: Path) -> Path | None:
    """The image file ``src`` names inside ``folder``, or None."""
    root = folder.resolve()
    for candidate in _candidates(src, root):
        path = candidate.resolve()
        if (path.is_relative_to(root) and path.suffix.lower() in IMAGE_SUFFIXES
                and path.is_file() and path.stat().st_size <= MAX_IMAGE_BYTES):
            return path
    return None


def figure_images(collection: Collection, folder: Path | None) -> dict[str, Path]:
    """Each figure source of ``collection`` that names an image in ``folder``: its file."""
    sources = {block.src for doc in collection.documents for block in walk_blocks(doc.blocks)
               if isinstance(block, Figure) and block.src}
    found = {src: find_image(src, folder) for src in sorted(sources)} if folder else {}
    return {src: path for src, path in found.items() if path}


def images_digest(images: dict[str, Path]) -> str:
    """A hash of the images' names and bytes, for cache keys."""
    digest = hashlib.sha256()
    for src, path in sorted(images.items()):
        stat = path.stat()
        digest.update(f"{src}\n{_file_digest(path, stat.st_size, stat.st_mtime_ns)}\n".encode())
    return digest.hexdigest()


@lru_cache(maxsize=256)
def _file_digest(path: Path, size: int, modified_ns: int) -> str:
    """An image's hash, read once while its size and time stay the same: every unit of
    every edition showing it needs it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
