"""The TEI reader (issue: [tei]), as a specification.

The excerpt's own ground truth is built here by a small extractor independent of the
reader; synthetic snippets pin each rule; the safety cases are each a test.
"""

from __future__ import annotations

import difflib
import json
import time
from pathlib import Path

import pytest
from lxml import etree

from typeset.errors import InputError
from typeset.model import (
    Cell, Container, Figure, LineBreak, ListBlock, ListItem, NoteCall, PageBreak, Span, Table,
    Text, TextBlock, collection_from_json, collection_to_json,
)
from typeset.readers.tei import MAX_DEPTH, read_tei
from typeset.readers.text import read_text
from typeset.stream import WORD, document_stream, words

from support import TEI_EXCERPT, TEXTS, run_typeset

TEI_NS = "http://www.tei-c.org/ns/1.0"
OPEN_TEI = ('<TEI xmlns="http://www.tei-c.org/ns/1.0" '
            'xmlns:frus="http://history.state.gov/frus/ns/1.0" '
            'xmlns:xi="http://www.w3.org/2001/XInclude" xml:id="frus-test">')


@pytest.fixture(scope="module")
def excerpt():
    return read_tei(TEI_EXCERPT)


def by_number(collection, number: int):
    return next(doc for doc in collection.documents if doc.number == str(number))


def write(tmp_path: Path, text: str, name: str = "test.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def tei(body: str, header: str = "") -> str:
    return f"{OPEN_TEI}{header}<text><body>{body}</body></text></TEI>"


def document(tmp_path: Path, content: str, head: str = "1. A Letter"):
    """The one document of a synthetic TEI file holding ``content`` after its head."""
    path = write(tmp_path, tei(f'<div type="document" n="1" xml:id="d1"><head>{head}</head>'
                               f"{content}</div>"))
    return read_tei(path).documents[0]


def body(doc) -> list:
    """The blocks after the heading."""
    return doc.blocks[1:]


# ---------------------------------------------------------------- the excerpt's own truth

def tei_truth(div: etree._Element) -> list[dict]:
    """Words (lowercase runs of letters and digits) of all text but note bodies, with
    each pb and note where it stands: what the reader's stream must be."""
    items: list[dict] = []
    pending: list[str] = []

    def flush() -> None:
        items.extend({"w": word} for word in WORD.findall("".join(pending).lower()))
        pending.clear()

    def visit(element: etree._Element) -> None:
        name = etree.QName(element).localname
        if name in ("note", "pb"):
            flush()
            n = element.get("n")
            items.append({"note": n} if name == "note" else
                         {"page": int(n) if n.isdigit() else n})
        else:
            pending.append(element.text or "")
            for child in element:
                visit(child)
                pending.append(child.tail or "")

    visit(div)
    flush()
    return items


def excerpt_divs() -> dict[str, etree._Element]:
    root = etree.parse(str(TEI_EXCERPT)).getroot()
    return {div.get("n"): div for div in root.iter(f"{{{TEI_NS}}}div")
            if div.get("type") == "document"}


@pytest.mark.parametrize("number", [51, 52, 53])
def test_every_word_page_break_and_call_stands_where_the_tei_has_it(excerpt, number):
    doc = by_number(excerpt, number)
    assert document_stream(doc) == tei_truth(excerpt_divs()[str(number)])


@pytest.mark.parametrize("number", [51, 52, 53])
def test_every_notes_number_and_text_is_the_teis(excerpt, number):
    div = excerpt_divs()[str(number)]
    expected = [(note.get("n"), words("".join(note.itertext())))
                for note in div.iter(f"{{{TEI_NS}}}note")]
    assert [(note.n, words(note.text)) for note in by_number(excerpt, number).notes] == expected


def test_documents_come_in_order_with_their_pages(excerpt):
    assert [(d.number, d.start_page, d.end_page) for d in excerpt.documents] == [
        ("51", 142, 147), ("52", 148, 148), ("53", 148, 150)]


def test_document_metadata(excerpt):
    doc = by_number(excerpt, 51)
    assert doc.title == "Letter From President Kennedy to Chairman Khrushchev"
    assert doc.id == "d51"
    assert doc.dateline == "Washington, July 17, 1962."
    assert doc.date == "1962-07-17"
    assert doc.sender == "Kennedy"
    assert doc.source == str(TEI_EXCERPT)
    assert doc.warnings == []
    assert by_number(excerpt, 52).title == (
        "Memorandum From the President’s Special Assistant for National Security Affairs "
        "(Bundy) to the Executive Secretary of the Department of State (Brubeck)")
    assert by_number(excerpt, 52).sender == "Bundy"


def test_the_heading_keeps_its_number_markup_and_source_call(excerpt):
    heading = by_number(excerpt, 51).blocks[0]
    assert heading == TextBlock("heading", [
        Text("51. Letter From President "), Span("person", [Text("Kennedy")], "#p_KJF2"),
        Text(" to Chairman "), Span("person", [Text("Khrushchev")], "#p_KNS2"), NoteCall("0")])
    source = by_number(excerpt, 51).notes[0]
    assert (source.n, source.kind, source.where) == ("0", "source", "call")
    assert Span("gloss", [Text("USSR")], "#t_USSR1") in source.content


def test_spaces_around_page_breaks_and_calls_read_as_printed(excerpt):
    first = by_number(excerpt, 51).blocks[2].content
    at = first.index(PageBreak(143))
    assert first[at - 1].text.endswith(" on this communication during ")
    assert first[at + 1].text.startswith("his meeting")
    call = first.index(NoteCall("2"))
    assert first[call - 1] == Text(" on July 9th [12th],")
    assert first[call + 1].text.startswith(" since its contents")


def test_dateline_salutation_closing_list_and_signature_of_51(excerpt):
    blocks = by_number(excerpt, 51).blocks
    assert blocks[1].type == "dateline"
    assert blocks[2].content[0] == Span("smallcaps", [Text("Dear Mr. Chairman")])
    assert blocks[-1] == TextBlock("signature", [
        Span("person", [Span("bold", [Text("John F. Kennedy")])], "#p_KJF2"), NoteCall("4")])
    assert by_number(excerpt, 51).notes[-1].where == "closer"
    assert blocks[-2] == TextBlock("paragraph", [Text("Sincerely,")])
    listed = next(b for b in blocks if isinstance(b, ListBlock))
    assert [item.label for item in listed.items] == ["1.", "2.", "3."]
    before = blocks[blocks.index(listed) - 1]
    assert before.content[0] == PageBreak(147)
    assert before.content[-1].text.endswith("the German and Berlin question:")


# ---------------------------------------------------------------- parity with the text

def stream_tokens(doc) -> list[tuple]:
    return [tuple(item.items())[0] for item in document_stream(doc)]


def test_document_51_reads_as_its_text_but_for_dateline_closing_and_labels(excerpt):
    from_text = read_text(TEXTS[51]).documents[0]
    from_tei = by_number(excerpt, 51)
    a, b = stream_tokens(from_text), stream_tokens(from_tei)
    changes = [(tag, a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2
               in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
               if tag != "equal"]
    dateline = [("w", w) for w in words("Washington, July 17, 1962.")]
    assert changes == [("insert", [], dateline), ("insert", [], [("w", "1")]),
                       ("insert", [], [("w", "2")]), ("insert", [], [("w", "3")]),
                       ("insert", [], [("w", "sincerely")])]
    assert [(n.n, words(n.text), n.where) for n in from_tei.notes] == [
        (n.n, words(n.text), n.where) for n in from_text.notes]
    assert "215–222" in from_tei.notes[2].text and "215–222" in from_text.notes[2].text
    assert (from_tei.start_page, from_tei.end_page) == (from_text.start_page,
                                                        from_text.end_page)


# ---------------------------------------------------------------- the header

def test_the_volume_from_the_header(excerpt):
    volume = excerpt.volume
    assert volume.title == ("Foreign Relations of the United States, 1961–1963, Volume VI, "
                            "Kennedy-Khrushchev Exchanges")
    assert volume.series == "Foreign Relations of the United States"
    assert volume.sub_series == "1961–1963"
    assert volume.volume_number == "Volume VI"
    assert volume.volume_title == "Kennedy-Khrushchev Exchanges"
    assert volume.editors == ["Charles S. Sampson", "Glenn W. LaFantasie"]
    assert volume.publisher == "United States Government Printing Office"
    assert volume.place == "Washington"
    assert volume.date == "1996"
    assert volume.isbn == "9780160420184"
    assert volume.id == "frus1961-63v06"


def test_missing_header_pieces_stay_none_and_the_id_falls_back_to_the_root(tmp_path):
    header = ("<teiHeader><fileDesc><publicationStmt><idno type='isbn-10'>0160420180</idno>"
              "</publicationStmt></fileDesc></teiHeader>")
    path = write(tmp_path, tei('<div type="document" n="1"><head>1. T</head></div>', header))
    volume = read_tei(path).volume
    assert (volume.id, volume.isbn, volume.title, volume.editors) == (
        "frus-test", "0160420180", None, [])


# ---------------------------------------------------------------- rules, one by one

def test_documents_at_any_depth_and_the_page_before_each(tmp_path):
    path = write(tmp_path, tei(
        '<pb n="xii"/><div type="compilation"><div type="chapter">'
        '<div type="document" n="7"><head>7. A</head><p>a</p></div></div>'
        '<pb n="3"/></div><div type="document" n="8"><head>8. B</head><p>b</p></div>'))
    docs = read_tei(path).documents
    assert [(d.number, d.start_page, d.end_page) for d in docs] == [
        ("7", "xii", "xii"), ("8", 3, 3)]


def test_volume_wide_note_numbers_are_kept(tmp_path):
    doc = document(tmp_path, '<p>One.<note n="44">First.</note> Two.<note n="45">Second.'
                             '</note></p>')
    assert [(n.n, n.text, n.kind, n.where) for n in doc.notes] == [
        ("44", "First.", "editorial", "call"), ("45", "Second.", "editorial", "call")]
    assert body(doc)[0].content == [Text("One."), NoteCall("44"), Text(" Two."),
                                    NoteCall("45")]


def test_a_note_without_n_is_numbered_by_order_with_a_warning(tmp_path):
    doc = document(tmp_path, '<p>a<note n="3">x</note> b<note>y</note></p>')
    assert [n.n for n in doc.notes] == ["3", "4"]
    assert [w.code for w in doc.warnings] == ["note-number"]


def test_an_inline_source_note_before_the_head_prints_under_the_heading(tmp_path):
    path = write(tmp_path, tei(
        '<div type="document" n="44"><note rend="inline" type="source">Source: Files.</note>'
        '<head>44. Telegram</head><p>Text.</p></div>'))
    doc = read_tei(path).documents[0]
    assert [b.type for b in doc.blocks] == ["heading", "source-note", "paragraph"]
    assert doc.blocks[1].content == [Text("Source: Files.")]
    assert doc.notes == [] and doc.title == "Telegram"


def test_a_roman_page_break_is_kept_as_a_string(tmp_path):
    doc = document(tmp_path, '<p>one <pb n="xii"/>two</p>')
    assert body(doc)[0].content == [Text("one "), PageBreak("xii"), Text("two")]
    assert doc.end_page == "xii"


def test_a_page_break_between_blocks_begins_the_next_and_at_the_end_stays_last(tmp_path):
    doc = document(tmp_path, '<p>one</p><pb n="5"/><p>two</p><pb n="6"/>')
    assert body(doc) == [TextBlock("paragraph", [Text("one")]),
                         TextBlock("paragraph", [PageBreak(5), Text("two"), PageBreak(6)])]


def test_list_items_hold_several_paragraphs_or_bare_text(tmp_path):
    doc = document(tmp_path, '<list><label>(a)</label><item><p>First.</p><p>Second.</p>'
                             '</item><label>(b)</label><item>Bare text.</item></list>')
    assert body(doc) == [ListBlock([
        ListItem("(a)", [TextBlock("paragraph", [Text("First.")]),
                         TextBlock("paragraph", [Text("Second.")])]),
        ListItem("(b)", [TextBlock("paragraph", [Text("Bare text.")])])])]


@pytest.mark.parametrize("inner, expected", [
    ("<list><item>Item.</item></list>",
     ListBlock([ListItem(None, [TextBlock("paragraph", [Text("Item.")])])])),
    ("<quote>Quoted.</quote>", Container("quote", [TextBlock("paragraph", [Text("Quoted.")])])),
    ("<table><row><cell>Cell.</cell></row></table>", Table([[Cell([Text("Cell.")])]])),
])
def test_a_block_inside_a_paragraph_splits_it(tmp_path, inner, expected):
    doc = document(tmp_path, f"<p>Before: {inner} after.</p><p>Next.</p>")
    assert body(doc) == [TextBlock("paragraph", [Text("Before:")]), expected,
                         TextBlock("paragraph", [Text("after.")]),
                         TextBlock("paragraph", [Text("Next.")])]


def test_a_split_inside_a_span_goes_on_in_the_same_span(tmp_path):
    doc = document(tmp_path, '<p><hi rend="italic">a <list><item>b</item></list> c</hi></p>')
    assert body(doc)[0] == TextBlock("paragraph", [Span("italic", [Text("a")])])
    assert body(doc)[2] == TextBlock("paragraph", [Span("italic", [Text("c")])])


def test_a_quote_of_paragraphs(tmp_path):
    doc = document(tmp_path, "<quote><p>One.</p><p>Two.</p></quote>")
    assert body(doc) == [Container("quote", [TextBlock("paragraph", [Text("One.")]),
                                             TextBlock("paragraph", [Text("Two.")])])]


def test_a_line_break(tmp_path):
    doc = document(tmp_path, "<p>Line one, <lb/>\n   line two.</p>")
    assert body(doc)[0].content == [Text("Line one,"), LineBreak(), Text("line two.")]


@pytest.mark.parametrize("rend, span", [
    ("italic", "italic"), ("smallcaps", "smallcaps"), ("strong", "bold"), ("bold", "bold"),
    ("underline", "underline"), ("superscript", "superscript"), ("sup", "superscript")])
def test_each_hi_rend(tmp_path, rend, span):
    doc = document(tmp_path, f'<p>a <hi rend="{rend}">b</hi> c</p>')
    assert body(doc)[0].content == [Text("a "), Span(span, [Text("b")]), Text(" c")]
    assert doc.warnings == []


def test_an_unknown_rend_keeps_the_text_and_warns_once(tmp_path):
    doc = document(tmp_path, '<p><hi rend="glow">a</hi> <hi rend="glow">b</hi></p>')
    assert body(doc)[0].content == [Text("a b")]
    assert [w.code for w in doc.warnings] == ["unknown-rend"]


def test_semantic_spans_keep_their_targets(tmp_path):
    doc = document(tmp_path, '<p><ref target="#d49">Document 49</ref>, <persName '
                             'corresp="#p_R">Rusk</persName>, <gloss target="#t_U">USSR</gloss>'
                             ', <placeName>Moscow</placeName>, <date when="1962-09-04">'
                             'September 4</date></p>')
    assert body(doc)[0].content == [
        Span("ref", [Text("Document 49")], "#d49"), Text(", "),
        Span("person", [Text("Rusk")], "#p_R"), Text(", "),
        Span("gloss", [Text("USSR")], "#t_U"), Text(", "),
        Span("place", [Text("Moscow")]), Text(", "),
        Span("date", [Text("September 4")], "1962-09-04")]


def test_opener_closer_and_postscript(tmp_path):
    doc = document(tmp_path, '<opener><seg>Moscow, May 1</seg><salute>Dear Sir:</salute>'
                             '</opener><p>Text.</p><closer><salute>Sincerely,</salute><signed>'
                             '<hi rend="strong">N. K.</hi></signed><note n="2">Signed.</note>'
                             '</closer><postscript><p>P.S. More.</p></postscript>')
    assert body(doc) == [
        TextBlock("dateline", [Text("Moscow, May 1")]),
        TextBlock("salutation", [Text("Dear Sir:")]),
        TextBlock("paragraph", [Text("Text.")]),
        TextBlock("closing", [Text("Sincerely,")]),
        TextBlock("signature", [Span("bold", [Text("N. K.")]), NoteCall("2")]),
        Container("postscript", [TextBlock("paragraph", [Text("P.S. More.")])])]
    assert doc.notes[0].where == "closer"
    assert doc.dateline is None and doc.date is None


def test_an_attachment_and_a_nested_div_give_subheadings(tmp_path):
    doc = document(tmp_path, '<p>Letter.</p><frus:attachment><head>Enclosure</head>'
                             '<p>Enclosed.</p></frus:attachment><div type="section">'
                             '<head>Part 2</head><p>More.</p></div>')
    assert body(doc) == [
        TextBlock("paragraph", [Text("Letter.")]),
        Container("attachment", [TextBlock("subheading", [Text("Enclosure")]),
                                 TextBlock("paragraph", [Text("Enclosed.")])]),
        TextBlock("subheading", [Text("Part 2")]),
        TextBlock("paragraph", [Text("More.")])]


def test_a_table_with_header_cells(tmp_path):
    doc = document(tmp_path, '<table><row role="label"><cell>Year</cell><cell>Aid</cell>'
                             '</row><row><cell role="label">1962</cell><cell>$5 <hi '
                             'rend="italic">m</hi></cell></row></table>')
    assert body(doc) == [Table([
        [Cell([Text("Year")], True), Cell([Text("Aid")], True)],
        [Cell([Text("1962")], True), Cell([Text("$5 "), Span("italic", [Text("m")])])]])]


def test_figures_with_and_without_a_graphic(tmp_path):
    doc = document(tmp_path, '<figure><graphic url="map.png"/><head>Map</head>'
                             '<figDesc>Berlin sectors</figDesc></figure>'
                             '<figure><head>Lost chart</head></figure>')
    assert body(doc) == [
        Figure("map.png", [Text("Map"), LineBreak(), Text("Berlin sectors")]),
        Figure(None, [Text("Lost chart")])]


def test_an_unknown_element_keeps_its_text_with_one_warning(tmp_path):
    doc = document(tmp_path, "<p>a <frob>b</frob> c <frob>d</frob></p>")
    assert body(doc)[0].content == [Text("a b c d")]
    assert [(w.code, w.line) for w in doc.warnings] == [("unknown-element", 1)]
    assert "<frob>" in doc.warnings[0].message


def test_xinclude_is_ignored_and_its_neighbours_kept(tmp_path):
    doc = document(tmp_path, '<p>a <xi:include href="../shared/frus-dates.xml"/>b</p>')
    assert body(doc)[0].content == [Text("a b")]
    assert doc.warnings == []


def test_comments_and_processing_instructions_are_dropped(tmp_path):
    doc = document(tmp_path, "<p>a<!-- hidden -->b <?pi hidden?>c</p>")
    assert body(doc)[0].content == [Text("ab c")]


def test_a_note_of_paragraphs_keeps_each_on_its_own_line(tmp_path):
    doc = document(tmp_path, '<p>a<note n="1"><p>One.</p>\n<p>Two.</p></note></p>')
    assert doc.notes[0].content == [Text("One."), LineBreak(), Text("Two.")]


# ---------------------------------------------------------------- safety

SECRET = "TOP-SECRET-4f9c2d"


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def refused(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        read_tei(path)
    assert str(path) in str(caught.value)
    assert SECRET not in str(caught.value)
    return caught.value


def with_doctype(doctype: str, text: str = "&x;") -> str:
    return ('<?xml version="1.0"?>\n<!-- a comment -->\n' + doctype + "\n" +
            tei(f'<div type="document" n="1"><head>1. T</head><p>{text}</p></div>'))


def test_billion_laughs_is_refused(tmp_path):
    levels = ['<!ENTITY x0 "lol">'] + [
        f'<!ENTITY x{k} "{f"&x{k - 1};" * 10}">' for k in range(1, 10)]
    error = refused(write(tmp_path, with_doctype(f"<!DOCTYPE TEI [{''.join(levels)}]>",
                                                  "&x9;")))
    assert "DOCTYPE" in error.message and error.line == 3


def test_quadratic_blowup_is_refused(tmp_path):
    doctype = f'<!DOCTYPE TEI [<!ENTITY x "{"a" * 50_000}">]>'
    refused(write(tmp_path, with_doctype(doctype, "&x;" * 50_000)))


def test_an_external_file_entity_is_refused_and_never_read(tmp_path, secret_file):
    refused(write(tmp_path, with_doctype(
        f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "file://{secret_file}">]>')))


def test_an_http_entity_is_refused(tmp_path):
    refused(write(tmp_path, with_doctype(
        '<!DOCTYPE TEI [<!ENTITY x SYSTEM "http://example.invalid/x.txt">]>')))


def test_an_external_dtd_is_refused(tmp_path, secret_file):
    error = refused(write(tmp_path, with_doctype(
        f'<!DOCTYPE TEI SYSTEM "file://{secret_file}">', "text")))
    assert "external DTD" in error.message


def test_a_doctype_without_subset_or_external_dtd_is_read(tmp_path):
    path = write(tmp_path, with_doctype("<!DOCTYPE TEI>", "Plain text."))
    assert body(read_tei(path).documents[0])[0].content == [Text("Plain text.")]


def test_a_utf16_file_is_refused_with_a_hint(tmp_path):
    path = tmp_path / "utf16.xml"
    path.write_bytes(tei('<div type="document" n="1"><head>1. T</head></div>')
                     .encode("utf-16"))
    assert refused(path).hint == "save it as UTF-8"


def test_xinclude_of_a_local_file_is_never_followed(tmp_path, secret_file):
    doc_text = (f'<xi:include href="{secret_file}" parse="text"/>'
                f'<xi:include href="file://{secret_file}" parse="text"/>')
    path = write(tmp_path, tei(f'<div type="document" n="1"><head>1. T</head>'
                               f"<p>Text {doc_text}</p></div>"))
    assert SECRET not in json.dumps(collection_to_json(read_tei(path)))


def test_ten_thousand_levels_of_nesting_are_refused_fast(tmp_path):
    deep = "<hi>" * 10_000 + "x" + "</hi>" * 10_000
    path = write(tmp_path, tei(f'<div type="document" n="1"><head>1. T</head><p>{deep}</p>'
                               "</div>"))
    started = time.perf_counter()
    error = refused(path)
    assert time.perf_counter() - started < 2
    assert "nest" in error.message and error.line == 1


def quotes(depth: int) -> str:
    """A document whose deepest element is ``depth`` levels down (TEI, text, body and
    div are the first four), quotes being the walk's deepest recursion."""
    return "<quote>" * (depth - 4) + "x" + "</quote>" * (depth - 4)


def test_nesting_beyond_the_readers_limit_is_refused(tmp_path):
    path = write(tmp_path, tei(f'<div type="document" n="1"><head>1. T</head>'
                               f"{quotes(MAX_DEPTH + 1)}</div>"))
    error = refused(path)
    assert f"more than {MAX_DEPTH} levels" in error.message and error.line == 1


def test_nesting_up_to_the_limit_is_read_without_recursion_errors(tmp_path):
    doc = document(tmp_path, quotes(MAX_DEPTH))
    assert [item["w"] for item in document_stream(doc)][-1] == "x"


def test_a_100_mb_attribute_is_refused_fast(tmp_path):
    path = tmp_path / "huge.xml"
    with path.open("wb") as handle:
        handle.write(f'{OPEN_TEI}<text><body><div type="document" n="1" rend="'.encode())
        chunk = b"x" * 2**20
        for _ in range(100):
            handle.write(chunk)
        handle.write(b'"><head>1. T</head></div></body></text></TEI>')
    started = time.perf_counter()
    error = refused(path)
    assert time.perf_counter() - started < 5
    assert "10 MB" in error.message


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    from typeset.readers import tei as reader

    monkeypatch.setattr(reader, "MAX_BYTES", 1000)
    path = write(tmp_path, tei("<p>" + "x" * 2000 + "</p>"))
    assert "limited to" in refused(path).message


def test_malformed_xml_names_the_line_and_column(tmp_path):
    path = write(tmp_path, tei('<div type="document" n="1">\n<head>1. T</head>\n<p>a</div>'))
    error = refused(path)
    assert (error.line, error.column) == (3, 11)  # lxml's place: just after </div>
    assert "not well-formed XML" in error.message and f"{path}:3:11" in str(error)


def test_a_file_without_documents_is_refused(tmp_path):
    error = refused(write(tmp_path, tei("<div><p>No documents.</p></div>")))
    assert error.message == 'no FRUS documents (div type="document") in the file'


# ---------------------------------------------------------------- command line and JSON

def parsed(*args) -> dict:
    result = run_typeset("parse", *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_cli_parse_lists_the_excerpts_documents_and_selects():
    assert [d["number"] for d in parsed(TEI_EXCERPT)["documents"]] == ["51", "52", "53"]
    assert [d["number"] for d in parsed(TEI_EXCERPT, "--doc", "52")["documents"]] == ["52"]
    assert [d["number"] for d in parsed(TEI_EXCERPT, "--docs", "51-52")["documents"]] == [
        "51", "52"]


def test_cli_reads_a_tei_file_and_a_text_file_together():
    data = parsed(TEI_EXCERPT, TEXTS[52])
    assert [d["number"] for d in data["documents"]] == ["51", "52", "53", "52"]
    assert data["volume"]["title"].startswith("Foreign Relations of the United States")


def test_cli_refuses_an_unsafe_file_with_exit_code_2(tmp_path):
    path = write(tmp_path, with_doctype('<!DOCTYPE TEI [<!ENTITY x "y">]>'))
    result = run_typeset("parse", path)
    assert result.returncode == 2 and "DOCTYPE" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_json_round_trip_is_lossless(excerpt):
    data = collection_to_json(excerpt)
    assert collection_from_json(data) == excerpt
    assert collection_to_json(collection_from_json(json.loads(json.dumps(data)))) == data
