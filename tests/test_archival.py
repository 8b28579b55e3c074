"""Archival PDFs (issue: [archive]): PDF/UA-1 and PDF/A-3a with the source inside, read
by a screen reader as the letter is written; and every edition passing `typeset check`."""

from __future__ import annotations

import json

import pikepdf
import pytest

from typeset.check.content import joined
from typeset.check.document import Inspected
from typeset.editions import load_editions
from typeset.model import TextBlock, collection_to_json
from typeset.readers import read_source
from typeset.stream import block_stream, inline_stream, words

from support import SEED, TEI_EXCERPT, TEXTS, run_typeset

EDITIONS = tuple(load_editions())  # every built-in edition
PROFILES = {"archival": ("ua", "pdfa"), "press": ("print",)}


def build(out, *args) -> None:
    result = run_typeset("build", *args, "-o", out, "-q")
    assert result.returncode == 0, result.stderr


def check(pdf, source, profiles=(), *options):
    """`typeset check` run as a user would."""
    chosen = [arg for profile in profiles for arg in ("--profile", profile)]
    return run_typeset("check", pdf, "--source", source, *chosen, *options)


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """The seed letter in every built-in edition."""
    out = tmp_path_factory.mktemp("editions")
    build(out, SEED, *[arg for name in EDITIONS for arg in ("-e", name)])
    return {name: out / name / f"{SEED.stem}.pdf" for name in EDITIONS}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Each corpus text, and the three-document TEI excerpt as a volume book, archival."""
    out = tmp_path_factory.mktemp("archival")
    build(out, *TEXTS.values(), "-e", "archival")
    build(out, TEI_EXCERPT, "--book", "-e", "archival")
    pdfs = {n: (out / "archival" / f"{path.stem}.pdf", path) for n, path in TEXTS.items()}
    return {**pdfs, "book": (out / "archival" / "frus1961-63v06.pdf", TEI_EXCERPT)}


@pytest.fixture(scope="module")
def seed(editions):
    document = Inspected(editions["archival"])
    yield document
    document.close()


@pytest.fixture(scope="module")
def book(corpus):
    document = Inspected(corpus["book"][0])
    yield document
    document.close()


def heard(document: Inspected) -> list[str]:
    """The words a screen reader hears: the structure tree's text, in its order."""
    return words(joined(document.tree.heard(document.pages)))


def roles(document: Inspected, role: str) -> list[pikepdf.Object]:
    """The structure elements of a role, in the order of the tree."""
    return [element.obj for element in document.tree.elements if element.role == role]


def text_of(document: Inspected, element: pikepdf.Object) -> str:
    """The text of an element's own marked content."""
    def page_of(obj) -> int:
        return document.pdf.pages.index(pikepdf.Page(obj.Pg))
    pieces = []
    for kid in element.K:
        if isinstance(kid, int):
            pieces += document.pages[page_of(element)].text_of(kid)
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            pieces += document.pages[page_of(kid)].text_of(kid.MCID)
    return joined(pieces)


def previous_sibling(element: pikepdf.Object) -> pikepdf.Object:
    kids = list(element.P.K)
    position = next(index for index, kid in enumerate(kids)
                    if isinstance(kid, pikepdf.Dictionary) and kid.objgen == element.objgen)
    return kids[position - 1]


def xmp(document: Inspected, name: str) -> list[str]:
    return document.xmp.values(name)


# ---------------------------------------------------------------- every edition, checked

@pytest.mark.parametrize("edition", EDITIONS)
def test_every_built_in_edition_passes_typeset_check_for_its_profile(editions, edition):
    result = check(editions[edition], SEED, PROFILES.get(edition, ()), "-e", edition)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all checks pass" in result.stdout


@pytest.mark.parametrize("name", [51, 52, 53, "book"])
def test_the_archival_pdf_of_each_corpus_document_and_the_book_passes_ua_pdfa_and_source(
        corpus, name):
    pdf, source = corpus[name]
    result = check(pdf, source, ("ua", "pdfa"), "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert [item["status"] for item in report["results"]] == ["pass"] * (12 + 7 + 2)


# ---------------------------------------------------------------- what a screen reader hears

def the_letter_as_read(path) -> list[str]:
    """The seed as it should be heard: the page it begins on, then its text in order;
    each call "note N" and right after it the note (its label and its text), after the
    heading where a heading calls it; each original page break "page N", once."""
    doc = read_source(path).documents[0]
    notes = {note.n: note for note in doc.notes}
    heard_words = ["page", str(doc.start_page)]
    for block in doc.blocks:
        later = []
        for item in block_stream([block]):
            if "w" in item:
                heard_words.append(item["w"])
            elif "page" in item:
                heard_words += ["page", str(item["page"])]
            else:
                n = item["note"]
                note = ["note", n, n] + [i["w"] for i in inline_stream(notes[n].content)
                                         if "w" in i]
                heading = isinstance(block, TextBlock) and block.type == "heading"
                (later if heading else heard_words).extend(note)
        heard_words += later
    return heard_words


def test_the_seed_is_heard_as_the_letter_with_each_note_right_after_its_call(seed):
    assert heard(seed) == the_letter_as_read(SEED)


def test_each_original_page_break_is_announced_once_and_the_margin_numeral_never(seed):
    text = joined(seed.tree.heard(seed.pages))
    assert [text.count(f"page {page}") for page in range(142, 148)] == [1] * 6
    assert "[14" not in text
    first_page = roles(seed, "P")[0]  # before the heading: where the letter begins
    breaks = roles(seed, "Span")  # in the paragraph, where the page breaks
    assert [str(e.ActualText).strip() for e in [first_page, *breaks]] == [
        f"page {page}" for page in range(142, 148)]


def test_running_heads_and_folios_are_artifacts_never_heard(seed):
    for index, page in enumerate(seed.pages):
        artifacts = {piece.text for piece in page.pieces if piece.artifact}
        assert {"Foreign Relations, 1961–1963, Volume VI", str(index + 1)} <= artifacts
    assert "volume vi" not in " ".join(heard(seed))


# ---------------------------------------------------------------- the structure

def test_one_h1_per_document_and_a_book_nests_its_documents_under_the_volume_title(
        seed, book):
    assert [text_of(seed, h) for h in roles(seed, "H1")] == [
        "51. Letter From President Kennedy to Chairman Khrushchev"]
    assert [text_of(book, h) for h in roles(book, "H1")] == [
        "Foreign Relations of the United States, 1961–1963, Volume VI, "
        "Kennedy-Khrushchev Exchanges"]
    assert [text_of(book, h)[:12] for h in roles(book, "H2")] == [
        "Contents", "51. Letter F", "52. Memorand", "53. Informal"]


def test_each_footnote_is_a_note_with_its_own_id_right_after_its_call_a_reference(seed):
    notes = roles(seed, "Note")
    assert [str(note.ID) for note in notes] == [f"d51-note-{n}" for n in range(5)]
    for n, note in enumerate(notes):
        call = previous_sibling(note)
        assert call.S == "/Reference" and str(call.ActualText) == f" note {n} "


def test_a_paragraph_broken_by_a_page_is_one_element(seed):
    def pages_of(element):
        return {element.Pg.objgen} | {kid.Pg.objgen for kid in element.K
                                      if isinstance(kid, pikepdf.Dictionary) and "/Pg" in kid}
    assert any(len(pages_of(p)) == 2 for p in roles(seed, "P"))


def test_lists_are_l_li_lbl_and_lbody(book):
    items = [kid for element in roles(book, "L") for kid in element.K]
    assert len(items) == 3 and all(item.S == "/LI" for item in items)
    assert all([str(kid.S) for kid in item.K] == ["/Lbl", "/LBody"] for item in items)
    assert [text_of(book, item.K[0]) for item in items] == ["1.", "2.", "3."]


def test_no_element_is_empty_or_a_span_of_one_line(seed, book):
    for document in (seed, book):
        assert all(len(element.obj.K) for element in document.tree.elements)
        assert all("/ActualText" in span for span in roles(document, "Span"))
        assert not roles(document, "NonStruct")


def test_a_link_that_wraps_is_one_link_element_with_all_its_annotations(book):
    links = [[kid.Obj for kid in link.K if isinstance(kid, pikepdf.Dictionary)
              and kid.get("/Type") == "/OBJR"] for link in roles(book, "Link")]
    assert [[str(e.P.S), str(e.P.P.S)] for e in roles(book, "Link")] == [
        ["/Reference", "/TOCI"]] * 3  # the entries of the contents
    lines = [len({round(float(annotation.Rect[1])) for annotation in link}) for link in links]
    assert lines == [1, 3, 1]  # the title of document 52 runs over three lines


RICH_BLOCKS = """
<table><row role="label"><cell>Country</cell><cell>Troops</cell></row>
<row><cell>France</cell><cell>12,000</cell></row></table>
<quote><p>A quoted paragraph with a <ref target="#d51">link to document 51</ref>.</p></quote>
<frus:attachment><head>Attachment</head><p>Attached text.</p></frus:attachment>
"""


def test_tables_quotes_links_and_attachments_are_tagged_by_their_meaning(tmp_path):
    tei = TEI_EXCERPT.read_text(encoding="utf-8")
    dateline = tei.index("</dateline>", tei.index('xml:id="d52"')) + len("</dateline>")
    source = tmp_path / "rich.xml"
    source.write_text(tei[:dateline] + RICH_BLOCKS + tei[dateline:], encoding="utf-8")
    build(tmp_path, source, "-e", "archival")
    pdf = tmp_path / "archival" / "rich.pdf"
    assert check(pdf, source, ("ua", "pdfa")).returncode == 0
    document = Inspected(pdf)
    headers = roles(document, "TH")
    assert [text_of(document, th) for th in headers] == ["Country", "Troops"]
    assert all(th.A.O == "/Table" and th.A.Scope == "/Column" for th in headers)
    assert len(roles(document, "TD")) == 2 and len(roles(document, "TR")) == 2
    quote = roles(document, "BlockQuote")[0]
    link = roles(document, "Link")[0]
    assert link.P.P == quote and str(link.K[0].Obj.Contents) == "link to document 51"
    assert [text_of(document, h) for h in roles(document, "H2")] == ["Attachment"]
    assert roles(document, "H2")[0].P.S == "/Sect"
    document.close()


# ---------------------------------------------------------------- metadata and the source inside

def test_the_xmp_says_what_the_pdf_is_and_where_it_comes_from(seed):
    assert xmp(seed, "pdfaid:part") == ["3"] and xmp(seed, "pdfaid:conformance") == ["A"]
    assert xmp(seed, "pdfuaid:part") == ["1"]
    assert xmp(seed, "dc:title") == ["51. Letter From President Kennedy to Chairman Khrushchev"]
    assert xmp(seed, "dc:creator") == ["President Kennedy"]
    assert xmp(seed, "dc:identifier") == [
        "https://history.state.gov/historicaldocuments/frus1961-63v06/d51"]
    assert xmp(seed, "dc:source") == [SEED.name]
    assert xmp(seed, "dc:rights") == ["Public domain: a work of the United States Government"]
    assert xmp(seed, "dc:publisher") == [
        "United States Department of State, Office of the Historian"]
    assert xmp(seed, "frus:volume") == ["frus1961-63v06"]
    assert xmp(seed, "frus:documents") == ["51"] and xmp(seed, "frus:pages") == ["142–147"]


def test_the_book_names_its_volume_documents_dates_and_publisher(book):
    assert xmp(book, "frus:documents") == ["51", "52", "53"]
    assert xmp(book, "frus:pages") == ["142–147", "148", "148–150"]
    assert xmp(book, "dc:date") == ["1962-07-17", "1962-08-15", "1962-09-04"]
    assert xmp(book, "dc:publisher") == ["United States Government Printing Office"]
    assert xmp(book, "dc:identifier") == [
        "https://history.state.gov/historicaldocuments/frus1961-63v06"]


def attachments(document: Inspected) -> dict[str, pikepdf.Object]:
    return {str(spec.UF): spec for spec in document.pdf.Root.AF}


def test_the_source_is_inside_byte_for_byte_and_the_model_as_json(seed, book):
    found = attachments(seed)
    source, model = found[SEED.name], found["typeset-model.json"]
    assert source.AFRelationship == "/Source" and model.AFRelationship == "/Data"
    assert source.EF.F.Subtype == "/text/plain" and model.EF.F.Subtype == "/application/json"
    assert source.EF.F.read_bytes() == SEED.read_bytes()
    assert json.loads(model.EF.F.read_bytes()) == json.loads(json.dumps(
        collection_to_json(read_source(SEED)), ensure_ascii=False))
    tei = attachments(book)[TEI_EXCERPT.name]
    assert tei.EF.F.Subtype == "/application/tei+xml"
    assert tei.EF.F.read_bytes() == TEI_EXCERPT.read_bytes()


def test_an_archival_build_is_the_same_bytes_every_time(editions, tmp_path):
    build(tmp_path, SEED, "-e", "archival", "--no-cache")
    assert (tmp_path / "archival" / f"{SEED.stem}.pdf").read_bytes() == \
        editions["archival"].read_bytes()
