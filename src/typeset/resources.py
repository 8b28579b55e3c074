"""Where the package's data lives: styles, fonts and templates.

In a wheel, styles/ and fonts/ are copied into the package; in a source checkout
(an editable install, or tests run from the tree) they sit at the repository's top.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    for candidate in (PACKAGE / name, PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise RuntimeError(f"typeset is installed without its {name}/ folder")


STYLES = _data_dir("styles")
FONTS = _data_dir("fonts")
TEMPLATES = PACKAGE / "templates"
