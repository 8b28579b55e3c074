"""Hostile and broken input (issue: [harden]). Archives and publishers feed typeset
files they did not write: it must never crash, leak, hang, fetch or lose text, and
each failure must say what is wrong and where.

The TEI reader's defences (entities, DTDs, XInclude, nesting, huge attributes) are in
test_tei_reader.py; the text reader's fuzzing in test_fuzz.py.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from PIL import Image

from typeset.editions import load_editions
from typeset.errors import InputError
from typeset.readers.text import MAX_BYTES, read_text
from typeset.render.engine import DATA_URL_LIMIT, RefusedURL, SafeURLFetcher
from typeset.resources import FONTS, STYLES

from pdftext import PdfText
from support import SEED, alnum, long_letter, run_typeset, web_copy_alnum
from typography import glyphs_in_place

TABLE = load_editions()
TITLE = "12. Letter From Ambassador Thompson to Secretary Rusk0"
ALL_EDITIONS = sorted(TABLE)


def letter(body: str, notes: list[str]) -> str:
    listed = "".join(f"  {k}. {text}\n" for k, text in enumerate(notes, start=1))
    return f"{TITLE}\n\n{body}\n\nLlewellyn E. Thompson\n{listed}"


def write(folder: Path, text: str, name: str = "frus1961-63v06-d12.txt") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def built(out: Path) -> list[Path]:
    """Every file a build left in ``out``, hidden temporary files too."""
    return sorted(path for path in out.rglob("*") if path.is_file()) if out.exists() else []


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "".join(page.extract_text() or "" for page in pdf.pages)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def clean_failure(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("typeset: error: ") and result.stderr.count("\n") == 1


# ---------------------------------------------------------------- empty or malformed files

MALFORMED = {
    "empty": (b"", "the file is empty", "1:1"),
    "binary": (bytes(range(256)) * 40, "NUL bytes", "1:1"),
    "utf-16": ("12. Title0\n\nText.\n".encode("utf-16"), "UTF-16", "1:1"),
    "nul": (b"12. Title0\n\nSome text\x00 here.\n", "NUL bytes", "3:10"),
    "latin-1": ("12. Title0\n\nCaf\u00e9.\n".encode("latin-1"), "not UTF-8", "3:4"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_file_is_a_clear_error_naming_file_line_and_column(tmp_path, case):
    data, message, where = MALFORMED[case]
    source = tmp_path / f"{case}.txt"
    source.write_bytes(data)
    result = run_typeset("build", source, "-o", tmp_path / "out", "-e", "letter", timeout=60)
    assert result.returncode == 2
    clean_failure(result)
    assert f"{source}:{where}: " in result.stderr and message in result.stderr
    assert built(tmp_path / "out") == []


def test_a_50_mb_text_is_refused_fast_reading_no_more_than_the_limit(tmp_path):
    source = tmp_path / "huge.txt"
    with source.open("wb") as handle:
        handle.write(f"{TITLE}\n\n".encode())
        handle.write(b"All work and no play. " * (50 * 2**20 // 22))
    result = run_typeset("build", source, "-o", tmp_path / "out", timeout=60)
    assert result.returncode == 2 and "over 10 MB" in result.stderr
    clean_failure(result)
    assert built(tmp_path / "out") == []
    tracemalloc.start()
    with pytest.raises(InputError, match="over 10 MB"):
        read_text(source)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2 * MAX_BYTES


# ---------------------------------------------------------------- markup in the text

MARKUP = ['<script>alert("x")</script>', '<img src="file:///etc/passwd">',
          '<link rel=stylesheet href=http://example.com/evil.css>',
          '@import url(http://example.com/x.css);', 'background: url(file:///etc/passwd)',
          '{{ 7*7 }}', '&amp;', '</p></body>']


@pytest.fixture(scope="module")
def markup_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("markup")
    body = "\n\n".join(f"The cable quoted {piece} verbatim." for piece in MARKUP)
    source = write(folder, letter(body, ["Source: a note quoting <b>bold</b> and "
                                         "<iframe src=http://example.com>."]))
    result = run_typeset("build", source, "-o", folder / "out", "-e", "letter", "--html")
    assert result.returncode == 0, result.stderr
    pdf = folder / "out" / "letter" / f"{source.stem}.pdf"
    return pdf, pdf.with_suffix(".html")


def test_markup_in_the_text_is_printed_as_the_characters_it_is(markup_build):
    text = squeezed(pdf_text(markup_build[0]))
    for piece in MARKUP + ["<b>bold</b>", "<iframe src=http://example.com>"]:
        assert squeezed(piece) in text


def test_markup_in_the_text_is_escaped_in_the_html(markup_build):
    html = markup_build[1].read_text(encoding="utf-8")
    assert "<script" not in html and "<iframe" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and "49" not in html


def test_markup_in_the_text_leaves_no_image_script_or_link_in_the_pdf(markup_build):
    with pikepdf.open(markup_build[0]) as pdf:
        assert all(not page.get_images() for page in pdf.pages)
        assert "/JavaScript" not in pdf.Root.get("/Names", {})
        assert "/OpenAction" not in pdf.Root and "/AA" not in pdf.Root
        for page in pdf.pages:
            for annotation in page.obj.get("/Annots", []):
                assert annotation.get("/A", {}).get("/S") != "/URI"


def test_markup_in_the_text_makes_weasyprint_fetch_nothing_but_typesets_own_files(
        tmp_path, monkeypatch):
    from typeset.readers import read_source
    from typeset.render.pipeline import render

    fetched = []
    original = SafeURLFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(SafeURLFetcher, "fetch", spy)
    body = " ".join(MARKUP)
    render(read_source(write(tmp_path, letter(body, ["Source: x."]))), TABLE["letter"])
    own = (STYLES.as_uri() + "/", FONTS.as_uri() + "/")
    assert fetched and all(url.startswith(own) for url in fetched), fetched


# ---------------------------------------------------------------- what WeasyPrint may fetch

@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "secret.png"
    Image.new("RGB", (4, 4), "black").save(path)
    return path


def test_the_fetcher_reads_typesets_own_files_and_the_images_it_is_given(tmp_path, secret):
    image = tmp_path / "inside" / "map.png"
    image.parent.mkdir()
    Image.new("RGB", (4, 4), "white").save(image)
    fetcher = SafeURLFetcher((image,))
    for url, expected in [((STYLES / "base.css").as_uri(), (STYLES / "base.css").read_bytes()),
                          (image.as_uri(), image.read_bytes()),
                          ("data:text/plain,hello", b"hello")]:
        response = fetcher.fetch(url)
        assert response.read() == expected
        response.close()


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "http://example.com/evil.css", "https://example.com/x.png",
    "ftp://example.com/x", "file:///STYLES/../../etc/passwd",
    "data:text/plain;base64," + "A" * DATA_URL_LIMIT,
])
def test_the_fetcher_refuses_everything_else(tmp_path, secret, url):
    url = url.replace("/STYLES", str(STYLES))
    with pytest.raises(RefusedURL):
        SafeURLFetcher().fetch(url)


def test_the_fetcher_refuses_a_link_out_of_an_allowed_folder(tmp_path, secret):
    inside = tmp_path / "inside"
    inside.mkdir()
    (inside / "map.png").symlink_to(secret)
    with pytest.raises(RefusedURL):
        SafeURLFetcher((inside / "other.png",)).fetch((inside / "map.png").as_uri())


FIGURES = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body>
<div type="document" n="1" xml:id="d1"><head>1. Memorandum With Maps</head><p>See below.</p>
<figure><graphic url="map"/><head>The map beside the file</head></figure>
<figure><graphic url="../secret.png"/><head>Up a folder</head></figure>
<figure><graphic url="SECRET"/><head>An absolute path</head></figure>
<figure><graphic url="file://SECRET"/><head>A file URL</head></figure>
<figure><graphic url="http://example.com/map.png"/><head>A web URL</head></figure>
</div></body></text></TEI>"""


def test_figures_show_images_inside_the_sources_folder_and_nothing_else(tmp_path, secret):
    folder = tmp_path / "volume"
    folder.mkdir()
    Image.new("RGB", (300, 200), "white").save(folder / "map.png")
    source = folder / "figures.xml"
    source.write_text(FIGURES.replace("SECRET", str(secret)), encoding="utf-8")
    result = run_typeset("build", source, "-o", tmp_path / "out", "-e", "letter", "--html")
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "out" / "letter" / "figures.pdf"
    with pikepdf.open(pdf) as document:
        sizes = [image.Width for page in document.pages
                 for image in page.get_images().values()]
    assert sizes == [300]
    html = pdf.with_suffix(".html").read_text(encoding="utf-8")
    assert html.count("<img ") == 1 and (folder / "map.png").as_uri() in html
    assert html.count("Image not available") == 4


# ---------------------------------------------------------------- broken markers and notes

BROKEN = letter(
    "Out of order [Page 145] here, back [Page 144] again, repeated [Page 144] twice, "
    "empty [Page ] and roman [Page xii] too.\n\n"
    "A call beyond the list.7 A call that is fine.1 The end of the letter.",
    ["Source: a SYNTHETIC letter.", "Called once.", "Never called.", "Never called either.",
     "A long note. " + "\n".join(f"Line {k} of a note five hundred lines long."
                                 for k in range(500))])


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("broken")
    source = write(folder, BROKEN)
    result = run_typeset("build", source, "-o", folder / "out", "-e", "letter", "-e", "trade",
                         "-e", "facsimile")
    return source, folder / "out", result


def test_broken_markers_and_notes_give_warnings_and_a_pdf(broken_build):
    source, out, result = broken_build
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    for expected in ("145", "144", "[Page ]", "7", "never called"):
        assert any(expected in line for line in warnings), (expected, warnings)
    assert all(f" {source}" in line for line in warnings)
    assert len(built(out)) == 3


def test_broken_markers_and_notes_lose_nothing_in_the_model(broken_build):
    source = broken_build[0]
    result = run_typeset("parse", source, "--json")
    assert result.returncode == 0
    from typeset.model import collection_from_json
    doc = collection_from_json(json.loads(result.stdout)).documents[0]
    assert web_copy_alnum(doc) == alnum(BROKEN)


@pytest.mark.parametrize("edition", ["letter", "trade", "facsimile"])
def test_broken_markers_and_notes_lose_nothing_in_the_pdf(broken_build, edition):
    source, out, _ = broken_build
    result = run_typeset("check", out / edition / f"{source.stem}.pdf", "--source", source)
    assert result.returncode == 0, result.stdout


# ---------------------------------------------------------------- unbreakable text

URL = "https://history.state.gov/historicaldocuments/" + "/".join(
    f"frus1961-63v{k:02d}-d{k * 7}" for k in range(1, 16))
WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 7


@pytest.mark.parametrize("edition", ["letter", "trade", "facsimile", "large-print"])
def test_a_300_character_url_or_word_never_runs_off_the_page(tmp_path, edition):
    assert len(URL) >= 300 and len(WORD) >= 300
    source = write(tmp_path, letter(f"See {URL} for the record.1\n\nThe word {WORD} is long.",
                                    ["Source: x.", f"Also at {URL} and {WORD}."]))
    result = run_typeset("build", source, "-o", tmp_path, "-e", edition)
    assert result.returncode == 0, result.stderr
    pdf = PdfText(tmp_path / edition / f"{source.stem}.pdf", TABLE[edition])
    assert glyphs_in_place(pdf) == []
    assert squeezed(URL) in squeezed(pdf_text(pdf.path).replace("\u2010", ""))


# ---------------------------------------------------------------- size

def test_a_2000_page_document_completes_in_bounded_memory(tmp_path):
    """A facsimile renders a long document in runs of its original pages, so each
    worker holds about sixty pages at a time, however long the document."""
    source = write(tmp_path, long_letter(2000), "frus1961-63v06-d51.txt")
    result = run_typeset("build", source, "-o", tmp_path, "-e", "facsimile", "-j", "2",
                         "--no-cache", timeout=900)
    assert result.returncode == 0, result.stderr
    summary = re.search(r"built 1 PDF\(s\), (\d+) pages.*\((\d+) units.*peak (\d+) MiB",
                        result.stderr)
    pages, units, peak = map(int, summary.groups())
    assert pages >= 2000 and units >= 30
    assert peak < 400  # rendered whole, it takes over 900 MiB
    with pikepdf.open(tmp_path / "facsimile" / f"{source.stem}.pdf") as pdf:
        assert len(pdf.pages) == pages


# ---------------------------------------------------------------- output and the cache

def test_ctrl_c_leaves_no_partial_output_and_the_next_run_gives_the_same(tmp_path):
    source = write(tmp_path, long_letter(260), "frus1961-63v06-d51.txt")
    env = {**os.environ, "TYPESET_CACHE": str(tmp_path / "cache")}
    options = ["-e", "facsimile", "-j", "2"]
    build = subprocess.Popen([sys.executable, "-m", "typeset", "build", source, "-o",
                              tmp_path / "out", *options], env=env, stderr=subprocess.PIPE,
                             text=True, start_new_session=True)
    for line in build.stderr:  # the first of four units is done, the others under way
        if line.startswith("rendered unit 1/4"):
            break
    os.killpg(build.pid, signal.SIGINT)  # as a terminal's Ctrl-C does, to the whole group
    stderr = build.stderr.read()
    assert build.wait(timeout=120) == 130
    assert "Traceback" not in stderr and "typeset: error: interrupted" in stderr
    assert built(tmp_path / "out") == []
    assert [path for path in built(tmp_path) if path.name.endswith(".part")] == []
    again = run_typeset("build", source, "-o", tmp_path / "again", *options, env=env)
    assert again.returncode == 0  # the units done before Ctrl-C were kept
    assert re.search(r"\(4 units, [123] from the cache\)", again.stderr), again.stderr
    assert run_typeset("build", source, "-o", tmp_path / "clean", *options,
                       "--no-cache").returncode == 0
    name = f"facsimile/{source.stem}.pdf"
    assert (tmp_path / "again" / name).read_bytes() == (tmp_path / "clean" / name).read_bytes()


@pytest.mark.parametrize("name, expected", [
    ("../../x", "x.pdf"), ("/etc", "etc.pdf"), ("con", "_con.pdf"), ("..", "document.pdf"),
    ("a/../../b", "a-b.pdf"),
])
def test_output_names_never_escape_the_output_folder(tmp_path, name, expected):
    out = tmp_path / "deep" / "out"
    result = run_typeset("build", SEED, "--book", "--name", name, "-o", out, "-e", "letter")
    assert result.returncode == 0, result.stderr
    assert [path.relative_to(out).as_posix() for path in built(tmp_path)] == [
        f"letter/{expected}"]


def test_a_volume_id_from_the_tei_never_escapes_the_output_folder(tmp_path):
    source = tmp_path / "v.xml"
    source.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><publicationStmt>'
        '<idno type="frus">../../../tmp/evil</idno></publicationStmt></fileDesc></teiHeader>'
        '<text><body><div type="document" n="1" xml:id="d1"><head>1. Note</head><p>Text.</p>'
        "</div></body></text></TEI>", encoding="utf-8")
    result = run_typeset("build", source, "--book", "-o", tmp_path / "out", "-e", "letter")
    assert result.returncode == 0, result.stderr
    assert [path.relative_to(tmp_path).as_posix() for path in built(tmp_path)
            if path.suffix == ".pdf"] == ["out/letter/tmp-evil.pdf"]


def test_two_builds_into_one_folder_at_once_both_finish_with_correct_files(tmp_path):
    env = {**os.environ, "TYPESET_CACHE": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "typeset", "build", SEED, "-o", tmp_path / "out",
               "-e", "letter", "-e", "trade", "-q"]
    builds = [subprocess.Popen(command, env=env, stderr=subprocess.PIPE) for _ in range(2)]
    assert [build.wait(timeout=300) for build in builds] == [0, 0]
    alone = tmp_path / "alone"
    assert run_typeset("build", SEED, "-o", alone, "-e", "letter", "-e", "trade",
                       "--no-cache").returncode == 0
    assert [path.relative_to(tmp_path / "out") for path in built(tmp_path / "out")] == [
        path.relative_to(alone) for path in built(alone)]
    for path in built(alone):
        assert (tmp_path / "out" / path.relative_to(alone)).read_bytes() == path.read_bytes()


# ---------------------------------------------------------------- deterministic output

@pytest.fixture(scope="module")
def every_edition_twice(tmp_path_factory):
    """The seed in every edition: rendered, rendered again, and taken from the cache."""
    folder = tmp_path_factory.mktemp("twice")
    env = {**os.environ, "TYPESET_CACHE": str(folder / "cache")}
    editions = [option for name in ALL_EDITIONS for option in ("-e", name)]
    for run, options in (("first", ["--no-cache"]), ("second", []), ("cached", [])):
        result = run_typeset("build", SEED, "-o", folder / run, *editions, *options, env=env)
        assert result.returncode == 0, result.stderr
    return folder


@pytest.mark.parametrize("edition", ALL_EDITIONS)
def test_the_same_input_and_edition_give_byte_identical_pdfs(every_edition_twice, edition):
    files = {run: sorted((every_edition_twice / run / edition).iterdir())
             for run in ("first", "second", "cached")}
    assert files["first"]
    for first, second, cached in zip(files["first"], files["second"], files["cached"]):
        assert first.read_bytes() == second.read_bytes() == cached.read_bytes(), first.name


def _dates(path: Path) -> tuple:
    with pikepdf.open(path) as pdf:
        with pdf.open_metadata() as xmp:
            return (pdf.docinfo.get("/CreationDate"), pdf.docinfo.get("/ModDate"),
                    xmp.get("xmp:CreateDate"))


def test_pdfs_carry_no_date_but_pdf_x_the_epoch_unless_source_date_epoch_says(tmp_path):
    plain = run_typeset("build", SEED, "-o", tmp_path / "plain", "-e", "letter", "-e", "press")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    dated = run_typeset("build", SEED, "-o", tmp_path / "dated", "-e", "letter", "-e", "press",
                        "-e", "archival", env=env)
    assert plain.returncode == dated.returncode == 0
    name = f"{SEED.stem}.pdf"
    assert _dates(tmp_path / "plain" / "letter" / name) == (None, None, None)
    assert _dates(tmp_path / "plain" / "press" / name) == (
        "D:19700101000000+00'00'", "D:19700101000000+00'00'", "1970-01-01T00:00:00+00:00")
    stamp = ("D:20231114221320+00'00'", "D:20231114221320+00'00'")
    assert _dates(tmp_path / "dated" / "letter" / name)[:2] == stamp
    for edition in ("press", "archival"):
        assert _dates(tmp_path / "dated" / edition / name) == (
            *stamp, "2023-11-14T22:13:20+00:00")
        check = run_typeset("check", tmp_path / "dated" / edition / name)
        assert check.returncode == 0, check.stdout


def test_a_malformed_source_date_epoch_is_a_usage_error(tmp_path):
    env = {**os.environ, "SOURCE_DATE_EPOCH": "yesterday"}
    result = run_typeset("build", SEED, "-o", tmp_path, "-e", "letter", env=env)
    assert result.returncode == 2 and "SOURCE_DATE_EPOCH" in result.stderr
    clean_failure(result)
    assert built(tmp_path) == []
