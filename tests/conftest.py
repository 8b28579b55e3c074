"""Fixtures shared by the tests; plain helpers live in support.py."""

from __future__ import annotations

import pytest

from support import run_typeset


@pytest.fixture
def typeset():
    return run_typeset
