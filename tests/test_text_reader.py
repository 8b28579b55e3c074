"""The web-copy text reader, rule by rule (issue: [reader])."""

from __future__ import annotations

import pytest

from typeset.errors import InputError
from typeset.model import ListBlock, NoteCall, PageBreak, Span, Text, TextBlock, plain_text
from typeset.readers.text import decode, parse_text
from typeset.stream import document_stream, words

from support import TEXTS, alnum, web_copy_alnum


def letter(body: str, notes: list[str], title: str = "12. Letter From A to B0") -> str:
    listed = "".join(f"  {k}. {text}\n" for k, text in enumerate(notes, start=1))
    return f"{title}\n\n{body}\n{listed}"


def parse(text: str, **options):
    return parse_text(text, "test.txt", **options)


def stream(text: str, **options) -> list:
    return document_stream(parse(text, **options))


def marks(text: str, **options) -> list:
    """Page breaks and calls, each with the word before it."""
    items = stream(text, **options)
    return [(items[i - 1].get("w"), item) for i, item in enumerate(items) if "w" not in item]


SOURCE = "Source: Department of State, Central Files."


# ---------------------------------------------------------------- the title line

def test_title_line_gives_number_title_and_the_source_notes_call():
    doc = parse(letter("Text.", [SOURCE], "51. Letter From President Kennedy to Chairman "
                                          "Khrushchev0"))
    assert doc.number == "51"
    assert doc.title == "Letter From President Kennedy to Chairman Khrushchev"
    assert doc.blocks[0] == TextBlock("heading", [
        Text("51. Letter From President Kennedy to Chairman Khrushchev"), NoteCall("0")])
    assert doc.notes[0].n == "0" and doc.notes[0].kind == "source"


def test_a_title_ending_in_a_number_keeps_it():
    doc = parse(letter("Text.", [SOURCE], "7. National Security Action Memorandum No. 1810"))
    assert doc.title == "National Security Action Memorandum No. 181"
    assert doc.blocks[0].content[-1] == NoteCall("0")


def test_a_file_without_a_title_line_is_an_error_naming_the_line():
    with pytest.raises(InputError) as error:
        parse("Just some words.\n")
    assert "test.txt:1" in str(error.value)


# ---------------------------------------------------------------- page markers

def test_an_inline_marker_stands_at_its_word_and_the_start_page_is_one_before():
    doc = parse(letter("made comments during [Page 143] his meeting.", [SOURCE]))
    assert doc.start_page == 142 and doc.end_page == 143
    assert doc.blocks[1].content == [Text("made comments during "), PageBreak(143),
                                     Text("his meeting.")]


def test_a_marker_paragraph_begins_the_next_paragraph():
    doc = parse(letter("First paragraph.\n\n[Page 145]\n\nSecond paragraph.", [SOURCE]))
    assert doc.blocks[2].content[0] == PageBreak(145)
    assert doc.start_page == 144


def test_a_leading_marker_gives_the_start_page_and_is_not_a_break():
    doc = parse("[Page 148]\n\n" + letter("One [Page 149] two.", [SOURCE]))
    assert doc.start_page == 148
    assert [item for item in document_stream(doc) if "page" in item] == [{"page": 149}]


def test_without_markers_the_start_page_is_unknown_unless_given():
    assert parse(letter("Text.", [SOURCE])).start_page is None
    assert parse(letter("Text.", [SOURCE]), start_page=148).start_page == 148


def test_roman_page_numbers_are_kept_as_strings():
    doc = parse(letter("One [Page xii] two.", [SOURCE]))
    assert PageBreak("xii") in doc.blocks[1].content
    assert doc.start_page == "xi"


def test_gaps_and_repeats_are_kept_with_a_warning():
    doc = parse(letter("One [Page 143] two [Page 145] three [Page 145] four.", [SOURCE]))
    pages = [item["page"] for item in document_stream(doc) if "page" in item]
    assert pages == [143, 145, 145]
    codes = [warning.code for warning in doc.warnings]
    assert codes == ["page-gap", "page-order"]


def test_an_empty_marker_stays_as_text_with_a_warning():
    doc = parse(letter("One [Page ] two.", [SOURCE]))
    assert "[Page ]" in plain_text(doc.blocks[1].content)
    assert doc.warnings[0].code == "page-marker"


# ---------------------------------------------------------------- note calls

@pytest.mark.parametrize("body, expected", [
    ("received on July 5, 1962.1 Secretary Rusk", [("1962", {"note": "1"})]),
    ("on July 9th [12th],1 since its contents", [("12th", {"note": "1"})]),
    ("matters of foreign affairs1 are", [("affairs", {"note": "1"})]),
])
def test_calls_glued_to_words_and_punctuation(body, expected):
    assert marks(letter(body, [SOURCE, "A note."]))[1:] == expected


def test_a_call_after_a_marker_and_a_period():
    body = "Your letter of March [Page 119] 6.1 I regret"
    assert marks(letter(body, [SOURCE, "A note."]))[1:] == [
        ("march", {"page": 119}), ("6", {"note": "1"})]


@pytest.mark.parametrize("phrase", [
    "within 3-5 years", "the 18 nation committee", "points (1) and (2)", "in 1962 we",
    "Lot 66 D 204", "see pp. 403-404", "about 3.5 percent", "some 3,500 troops",
])
def test_numbers_of_the_text_are_not_calls(phrase):
    doc = parse(letter(f"We spoke of {phrase} today.", [SOURCE, "Never called."]))
    assert phrase in plain_text(doc.blocks[1].content)
    assert [n.n for n in doc.notes if n.where == "call"] == ["0"]


def test_numbering_through_the_volume_is_kept():
    body = "First point.44 Second point.45 End."
    doc = parse(letter(body, ["Source: Files.", "Note a.", "Note b."],
                       "12. Letter From A to B43"))
    assert [note.n for note in doc.notes] == ["43", "44", "45"]
    assert [item for item in document_stream(doc) if "note" in item] == [
        {"note": "43"}, {"note": "44"}, {"note": "45"}]


def test_the_signatures_note_has_no_call_and_prints_after_the_signature():
    text = letter("The letter.1 Ends here.\n\n\nJohn F. Kennedy",
                  [SOURCE, "First.", "Printed from a copy that indicates the President "
                                     "signed the original."])
    doc = parse(text)
    assert doc.blocks[-1] == TextBlock("signature", [Text("John F. Kennedy"), NoteCall("2")])
    assert doc.notes[2].where == "closer"
    assert doc.warnings == []


def test_a_note_never_called_is_printed_at_the_end_with_a_warning():
    doc = parse(letter("No calls here at all.", [SOURCE, "Orphan note."],
                       "12. Letter From A to B"))
    assert [note.n for note in doc.notes] == ["0", "1"]
    assert doc.blocks[-1].content[-2:] == [NoteCall("0"), NoteCall("1")]
    assert {w.code for w in doc.warnings} == {"note-without-call"}


def test_a_call_beyond_the_notes_list_stays_text_with_a_warning():
    doc = parse(letter("Called here.1 And here affairs7 too.", [SOURCE, "One."]))
    assert "affairs7" in plain_text(doc.blocks[1].content)
    assert any(w.code == "call-like-digits" and "7" in w.message for w in doc.warnings)


def test_notes_keep_their_own_numbers_not_list_positions():
    doc = parse(letter("One.1 Two.2", [SOURCE, "First.", "Second."]))
    assert [(note.n, note.text) for note in doc.notes] == [
        ("0", SOURCE), ("1", "First."), ("2", "Second.")]


# ---------------------------------------------------------------- en-dash repair

@pytest.mark.parametrize("before, after", [
    ("pp. 215222", "pp. 215–222"),
    ("pp. 6971", "pp. 69–71"),
    ("pp. 531532, and 542543", "pp. 531–532, and 542–543"),
    ("pp. 99100", "pp. 99–100"),
])
def test_lost_en_dashes_in_page_ranges_are_repaired_and_reported(before, after):
    doc = parse(letter("Text.1", [SOURCE, f"See vol. XV, {before}."]))
    assert doc.notes[1].text == f"See vol. XV, {after}."
    assert [(r.kind, r.where) for r in doc.repairs] == [("en-dash", "note 1")] * after.count("–")
    assert doc.repairs[0].before == before.split()[1].rstrip(",")


@pytest.mark.parametrize("text", ["pp. 215", "p. 215222", "Lot 66 D 204", "pp. 403-404",
                                  "in 215222 cases", "pp. 2215"])
def test_other_digit_runs_are_left_alone(text):
    doc = parse(letter("Text.1", [SOURCE, f"See {text}."]))
    assert doc.notes[1].text == f"See {text}." and doc.repairs == []


# ---------------------------------------------------------------- structure

def test_dateline_salutation_closing_and_signature():
    body = ("Washington, August 15, 1962.\n\nDear Mr. Chairman: I write.1\n\n"
            "Sincerely,\n\nJohn F. Kennedy")
    doc = parse(letter(body, [SOURCE, "A note."]))
    types = [block.type for block in doc.blocks]
    assert types == ["heading", "dateline", "paragraph", "closing", "signature"]
    assert doc.dateline == "Washington, August 15, 1962." and doc.date == "1962-08-15"
    assert doc.blocks[2].content[0] == Span("smallcaps", [Text("Dear Mr. Chairman")])


def test_consecutive_lines_are_list_items_with_their_labels():
    body = "Points:\n\nFirst point.\nSecond point.\n\n(a) labelled\n(b) also"
    doc = parse(letter(body, [SOURCE]))
    unlabelled, labelled = [b for b in doc.blocks if isinstance(b, ListBlock)]
    assert [item.label for item in unlabelled.items] == [None, None]
    assert [item.label for item in labelled.items] == ["(a)", "(b)"]
    assert plain_text(labelled.items[1].blocks[0].content) == "also"


def test_hard_wrapped_prose_is_one_paragraph():
    doc = parse(letter("This sentence runs\non to the next line.", [SOURCE]))
    assert plain_text(doc.blocks[1].content) == "This sentence runs on to the next line."


def test_a_quoted_message_is_a_block_quote_with_its_quote_marks():
    body = 'Send this:\n\n"Dear Mr. Chairman:\n\nI send greetings.\n\nJohn F. Kennedy"\n\nMcGeorge Bundy'
    doc = parse(letter(body, [SOURCE]))
    assert [block.type for block in doc.blocks] == ["heading", "paragraph", "quote", "signature"]
    quote = doc.blocks[2]
    assert plain_text(quote.blocks[0].content) == '"Dear Mr. Chairman:'
    assert plain_text(quote.blocks[-1].content) == 'John F. Kennedy"'


def test_editorial_brackets_are_kept_verbatim():
    doc = parse(letter("on July 9th [12th],1 and that [in] accepting", [SOURCE, "N."]))
    assert "[12th]," in plain_text(doc.blocks[1].content)
    assert "[in] accepting" in plain_text(doc.blocks[1].content)


# ---------------------------------------------------------------- input hygiene

def test_bom_crlf_and_odd_spaces_are_accepted():
    text = letter("Some\u00a0text\u2009here.1", [SOURCE, "N."]).replace("\n", "\r\n")
    doc = parse_text(decode(b"\xef\xbb\xbf" + text.encode(), "t.txt"), "t.txt")
    assert words(plain_text(doc.blocks[1].content)) == ["some", "text", "here"]
    assert doc.notes[1].where == "call"


@pytest.mark.parametrize("data, message, line", [
    (b"\xff\xfe1\x002\x00", "UTF-16", 1),
    (b"12. Title0\n\nok\n\x00\x01\x02", "NUL", 4),
    (b"12. Title0\n\nbad \xe9 byte\n", "not UTF-8", 3),
    (b"12. Title0\n\nbell \x07\n", "control character", 3),
    (b"", "empty", 1),
])
def test_anything_else_is_an_error_naming_file_and_line(data, message, line):
    with pytest.raises(InputError) as error:
        decode(data, "bad.txt")
    assert message in str(error.value) and error.value.line == line
    assert str(error.value).startswith("bad.txt")


# ---------------------------------------------------------------- nothing lost

@pytest.mark.parametrize("number", [51, 52, 53])
def test_every_input_word_but_markers_and_list_numbers_is_in_the_model(number):
    source = TEXTS[number].read_text(encoding="utf-8")
    assert web_copy_alnum(parse_text(source, "t.txt")) == alnum(source)


def test_nothing_is_lost_around_odd_markers_calls_and_notes():
    source = letter("A [Page 3] b [Page ] c.1 d affairs9 e (1) f.\n\n[Page 4]\n\nG h.",
                    [SOURCE, "One.", "Two."])
    doc = parse_text(source, "t.txt")
    assert web_copy_alnum(doc) == alnum(source)
