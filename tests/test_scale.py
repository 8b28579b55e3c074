"""Books built in parts, in parallel, from a cache, or on Dask (issue: [scale])."""

from __future__ import annotations

import os
from pathlib import Path

import pikepdf
import pytest

from typeset.cache import UnitCache
from typeset.editions import load_editions
from typeset.model import Collection, Span, Text, TextBlock
from typeset.post.labels import read_page_labels
from typeset.post.merge import merge_parts
from typeset.readers import read_source
from typeset.render.pipeline import render
from typeset.render.html import RenderOptions
from typeset.units import plan_units

from pdftext import PdfText, joined_text
from support import TEI_EXCERPT, alnum, long_letter, run_typeset

TABLE = load_editions()


def build(*args, cache: Path, cwd: Path | None = None):
    env = {**os.environ, "TYPESET_CACHE": str(cache)}
    result = run_typeset("build", *args, env=env, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result


def pages_text(path: Path, edition: str) -> list[str]:
    pdf = PdfText(path, TABLE[edition])
    return [alnum(joined_text(page.body_lines)) for page in pdf.pages]


def assert_reads_as(parted: Path, whole, edition: str, folder: Path) -> None:
    """A PDF built in parts has the text, page labels and bookmarks of the whole."""
    (folder / "whole.pdf").write_bytes(whole.pdf)
    assert pages_text(parted, edition) == pages_text(folder / "whole.pdf", edition)
    with pikepdf.open(parted) as document:
        assert read_page_labels(document) == whole.labels
        with document.open_outline() as outline:
            assert [str(item.title) for item in outline.root] == whole.bookmarks


def edited_excerpt(folder: Path) -> Path:
    """The excerpt with one word of document 52 changed, under the same name."""
    target = folder / TEI_EXCERPT.name
    text = TEI_EXCERPT.read_text(encoding="utf-8")
    target.write_text(text.replace("Will you please have", "Will you kindly have"),
                      encoding="utf-8")
    return target


def test_a_book_in_parts_reads_as_the_whole_book(tmp_path):
    collection = read_source(TEI_EXCERPT)
    edition = TABLE["letter"]
    whole = render(collection, edition, RenderOptions(book=True))
    build(TEI_EXCERPT, "--book", "-e", "letter", "-o", tmp_path, "-j", "2",
          cache=tmp_path / "cache")
    assert_reads_as(tmp_path / "letter" / "frus1961-63v06.pdf", whole, "letter", tmp_path)


def test_a_long_facsimile_document_in_runs_of_pages_reads_as_the_whole(tmp_path):
    source = tmp_path / "frus1961-63v06-d51.txt"
    source.write_text(long_letter(130), encoding="utf-8")
    edition = TABLE["facsimile"]
    whole = render(read_source(source), edition)
    result = build(source, "-e", "facsimile", "-o", tmp_path, "-j", "2", cache=tmp_path / "c")
    assert "(2 units, 0 from the cache)" in result.stderr
    assert_reads_as(tmp_path / "facsimile" / f"{source.stem}.pdf", whole, "facsimile",
                    tmp_path)


def test_documents_are_cached_and_an_edit_re_renders_only_its_document(tmp_path):
    cache = tmp_path / "cache"
    source = tmp_path / "src" / TEI_EXCERPT.name
    source.parent.mkdir()
    source.write_bytes(TEI_EXCERPT.read_bytes())
    args = (source, "--book", "-e", "letter", "-o", tmp_path / "out")
    first = build(*args, cache=cache)
    assert "(4 units, 0 from the cache)" in first.stderr
    again = build(*args, cache=cache)
    assert "(4 units, 4 from the cache)" in again.stderr
    edited_excerpt(source.parent)
    warm = build(*args, cache=cache)
    assert "(4 units, 3 from the cache)" in warm.stderr
    text = alnum(" ".join(pages_text(tmp_path / "out" / "letter" / "frus1961-63v06.pdf",
                                     "letter")))
    assert alnum("Will you kindly have") in text


def test_no_cache_renders_all_and_stores_nothing(tmp_path):
    cache = tmp_path / "cache"
    result = build(TEI_EXCERPT, "-e", "letter", "-o", tmp_path, "--no-cache", cache=cache)
    assert "0 from the cache" in result.stderr
    assert not cache.exists()


def test_cache_clear_empties_the_cache(tmp_path):
    cache = tmp_path / "cache"
    build(TEI_EXCERPT, "-e", "trade", "-o", tmp_path, cache=cache)
    assert list(cache.rglob("*.pdf"))
    result = run_typeset("cache", "clear", env={**os.environ, "TYPESET_CACHE": str(cache)})
    assert result.returncode == 0 and "removed 1 cached unit" in result.stdout
    assert not cache.exists()


def test_a_damaged_cache_entry_is_rendered_again(tmp_path):
    cache = tmp_path / "cache"
    build(TEI_EXCERPT, "-e", "trade", "-o", tmp_path, cache=cache)
    entry = next(cache.rglob("*.pdf"))
    entry.write_bytes(entry.read_bytes()[:100])  # as a crash mid-write would leave it
    result = build(TEI_EXCERPT, "-e", "trade", "-o", tmp_path, cache=cache)
    assert "0 from the cache" in result.stderr
    assert UnitCache(cache).get(entry.stem) is not None


def test_units_begin_where_the_book_breaks_the_page_anyway():
    collection = read_source(TEI_EXCERPT)
    many = Collection(collection.volume, collection.documents * 40)
    assert len(plan_units(many, TABLE["trade"], 2).groups) == 1  # documents run on
    assert len(plan_units(many, TABLE["archival"], 2).groups) == 1  # one structure tree
    groups = plan_units(many, TABLE["letter"], 2).groups
    assert len(groups) % 2 == 0 and sum(map(len, groups)) == len(many.documents)
    facsimile = plan_units(many, TABLE["facsimile"], 2).groups
    for group in facsimile[1:]:
        first = many.documents[group[0]]
        previous = many.documents[group[0] - 1]
        assert first.start_page != previous.end_page  # never inside an original page


def test_links_between_units_still_lead_to_their_documents(tmp_path):
    collection = read_source(TEI_EXCERPT)
    first, second = collection.documents[0], collection.documents[1]
    edition = TABLE["letter"]
    first.blocks.append(TextBlock("paragraph", [Span("ref", [Text("Document 52")], "#d52")]))
    parts = [render(Collection(collection.volume, [doc]), edition,
                    RenderOptions(part="body", elsewhere=(other.id,)))
             for doc, other in ((first, second), (second, first))]
    with merge_parts([part.pdf for part in parts], {"/Title": "Test"}) as document:
        goto = [annotation.A.D for page in document.pages
                for annotation in page.get("/Annots", []) if "/A" in annotation]
        assert "d52" in [str(name) for name in goto]
        assert "d52" in pikepdf.NameTree(document.Root.Names.Dests)


def test_dask_builds_the_same_book_as_the_process_pool(tmp_path):
    pytest.importorskip("distributed")
    pool = build(TEI_EXCERPT, "--book", "-e", "letter", "-e", "facsimile", "-o",
                 tmp_path / "pool", "-j", "2", "--no-cache", cache=tmp_path / "c1")
    dask = build(TEI_EXCERPT, "--book", "-e", "letter", "-e", "facsimile", "-o",
                 tmp_path / "dask", "-j", "2", "--no-cache", "--executor", "dask",
                 cache=tmp_path / "c2")
    for edition in ("letter", "facsimile"):
        name = Path(edition) / "frus1961-63v06.pdf"
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "pool" / name).read_bytes()
    assert pool.returncode == dask.returncode == 0
