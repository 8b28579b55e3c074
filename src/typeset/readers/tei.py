"""Reader for FRUS TEI P5 master files (to be written: see issue [tei])."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Collection


def read_tei(path: Path) -> Collection:
    raise InputError(str(path), "TEI input is not supported yet")
