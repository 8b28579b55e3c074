"""Fixtures shared by the tests; plain helpers live in support.py."""

from __future__ import annotations

import os

import pytest

from support import run_typeset


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """The tests' builds share a cache of their own, never the user's."""
    os.environ["TYPESET_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture
def typeset():
    return run_typeset
