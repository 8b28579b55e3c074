"""A content-addressed cache of rendered units.

A unit's key is a hash of everything its pages depend on: the documents and volume
metadata it renders, the images its figures show, the edition's settings, the render
options, every file of the styles, fonts, templates and of typeset's code, and
WeasyPrint's version. Change any of it
and the key changes, so an entry is never stale; unchanged units are reused, and an
edited document re-renders only its own unit.

Entries are written atomically (a temporary file renamed into place), so a crash or
Ctrl-C never leaves half an entry, and two builds sharing the cache never see one.
The cache lives in $TYPESET_CACHE, else $XDG_CACHE_HOME/typeset, else ~/.cache/typeset.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from . import __version__
from .editions import Edition
from .figures import images_digest
from .model import Collection, collection_to_json
from .outputs import write_atomically
from .resources import FONTS, PACKAGE, STYLES, TEMPLATES


def default_cache_dir() -> Path:
    if os.environ.get("TYPESET_CACHE"):
        return Path(os.environ["TYPESET_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "typeset"


@lru_cache(maxsize=1)
def _assets_digest() -> str:
    """One hash of every style, font and template file, of typeset's own code (so that
    a change to it is never hidden by the cache) and of the software versions."""
    digest = hashlib.sha256(f"typeset {__version__}".encode())
    # WeasyPrint's version, from the file that states it: importing it costs a start.
    digest.update(Path(find_spec("weasyprint").origin).read_bytes())
    files = [(folder, path) for folder in (STYLES, FONTS, TEMPLATES)
             for path in folder.rglob("*") if path.is_file()]
    files += [(PACKAGE, path) for path in PACKAGE.rglob("*.py")]
    for folder, path in sorted(files, key=lambda item: str(item[1])):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def unit_key(collection: Collection, edition: Edition, options: object,
             images: dict[str, Path] | None = None) -> str:
    """The key of a unit: a hash of all its output depends on."""
    payload = json.dumps({
        "assets": _assets_digest(),
        "images": images_digest(images) if images else "",
        "collection": collection_to_json(collection),
        "edition": asdict(edition),
        "options": repr(options),
    }, default=str, ensure_ascii=False)  # dicts in a fixed order: no need to sort
    return hashlib.sha256(payload.encode()).hexdigest()


def glyph_sheet_key(edition: Edition) -> str:
    """The key of the glyph sheet stamps are made of (post/stamp.py), for a font."""
    return hashlib.sha256(f"glyph sheet {edition.font_family} {_assets_digest()}"
                          .encode()).hexdigest()


class UnitCache:
    """Rendered units on disk: ``<key>.pdf`` and ``<key>.json`` (what was learnt in
    layout: page labels, anchors, bookmarks)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _paths(self, key: str) -> tuple[Path, Path]:
        shard = self.folder / key[:2]
        return shard / f"{key}.pdf", shard / f"{key}.json"

    def get(self, key: str) -> tuple[bytes, dict] | None:
        pdf_path, info_path = self._paths(key)
        try:
            info = json.loads(info_path.read_text(encoding="utf-8"))
            pdf = pdf_path.read_bytes()
        except (OSError, ValueError):
            return None
        if info.get("pdf_sha256") != hashlib.sha256(pdf).hexdigest():
            return None  # torn or tampered: render again
        return pdf, info

    def put(self, key: str, pdf: bytes, info: dict) -> None:
        pdf_path, info_path = self._paths(key)
        # Not flushed to disk: after a crash the checksum finds a torn entry, and the
        # unit renders again.
        write_atomically(pdf_path, pdf, durable=False)
        record = {**info, "pdf_sha256": hashlib.sha256(pdf).hexdigest()}
        write_atomically(info_path, json.dumps(record, ensure_ascii=False), durable=False)

    def clear(self) -> int:
        """Empty the cache; the number of entries removed."""
        if not self.folder.exists():
            return 0
        count = sum(1 for _ in self.folder.rglob("*.pdf"))
        shutil.rmtree(self.folder)
        return count
