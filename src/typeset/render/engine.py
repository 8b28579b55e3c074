"""WeasyPrint as typeset runs it.

  - Fonts: fontconfig is pointed at fonts/ alone before Pango starts, so no system font
    is ever used: a missing glyph shows as tofu (and fails the checks) instead of
    silently falling back to whatever the machine has.
  - Fetching: only typeset's own styles and fonts, and images beside the input.
  - Typesetting rules WeasyPrint lacks (footnotes stay with their calls, hyphens at
    line ends and page ends) are added to its layout: see rules.py.
"""

from __future__ import annotations

import ctypes.util
import os
import re
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlsplit

from ..resources import FONTS, STYLES


def _private_fontconfig() -> None:
    cache = Path(tempfile.gettempdir()) / f"typeset-fontconfig-{os.getuid()}"
    cache.mkdir(exist_ok=True)
    config = cache / "fonts.conf"
    text = (f'<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
            f"  <dir>{FONTS}</dir>\n  <cachedir>{cache}</cachedir>\n</fontconfig>\n")
    if not config.exists() or config.read_text() != text:
        temporary = config.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(text)
        temporary.replace(config)
    os.environ["FONTCONFIG_FILE"] = str(config)


@contextmanager
def _quick_library_lookup() -> Iterator[None]:
    """WeasyPrint loads each of its libraries by trying several names, and for each name
    Python's find_library runs ldconfig again: some 20 runs, 0.15 s of every start.
    While it loads, names are looked up in one ldconfig listing instead."""
    original = ctypes.util.find_library
    if sys.platform != "linux":
        yield
        return
    try:
        listing = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True,
                                 check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        yield
        return

    def find_library(name: str) -> str | None:
        # A name not listed is one WeasyPrint tries in vain before the plain sonames,
        # which load directly (from LD_LIBRARY_PATH too).
        found = re.search(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\(", listing)
        return found.group(1) if found else None

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original


_private_fontconfig()

with _quick_library_lookup():
    import weasyprint  # noqa: E402  (after fontconfig is pointed at our fonts)
    from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from . import rules  # noqa: E402

rules.install()


DATA_URL_LIMIT = 2 * 1024 * 1024


class RefusedURL(ValueError):
    pass


class SafeURLFetcher(weasyprint.URLFetcher):
    """Fetch only files under the allowed folders, and small data: URLs; nothing else."""

    def __init__(self, allowed: tuple[Path, ...] = ()):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.allowed = tuple(path.resolve() for path in (STYLES, FONTS, *allowed))

    def fetch(self, url: str, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "data":
            if len(url) > DATA_URL_LIMIT:
                raise RefusedURL(f"data: URL over {DATA_URL_LIMIT} bytes refused")
            return super().fetch(url, headers)
        if parts.scheme != "file":
            raise RefusedURL(f"refused to fetch {url}: only typeset's own files are read")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.allowed):
            raise RefusedURL(f"refused to read {path}: outside typeset's styles and fonts")
        return super().fetch(url, headers)


@lru_cache(maxsize=1)
def font_config() -> FontConfiguration:
    """One font configuration per process: @font-face files are loaded once."""
    return FontConfiguration()
